"""The import corpus: plans of every kind written here with python-docx, each with what a reader sees.

Every ``Case`` builds one .docx the way units write them (typed numbers, Word list numbering,
第一章/第一条, bold-text headings, a headline in a heading style, sub-heading + line break + body
in one paragraph, cover labels of GB/T 29639-2020 附录 (封面 应急预案编号/版本号) and a 批准页)
and records the expected outline (title, parent title), the body sentences, the register
tables with their row counts, the response levels and the working groups.

``score(cases)`` imports each one and returns the four figures of issue 19:
headings under the right parent, text kept, registry tables with every row, levels and groups.
Run ``python -m tests.benchmarks.import_corpus_score`` for the table per case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from tests.wordfixtures import add_table, page_break


@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]
    # (title, parent title or "" for a chapter); title as a reader reads it, without the number
    outline: list[tuple[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # body sentences that must survive
    tables: dict[str, int] = field(default_factory=dict)  # part -> rows
    levels: int = 0
    groups: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # meta key -> value (code, version)


# --- writing helpers --------------------------------------------------------------------


def _cover(doc: Any, unit: str, title: str, code: str = "", version: str = "") -> None:
    doc.add_paragraph(unit).alignment = WD_ALIGN_PARAGRAPH.CENTER
    big = doc.add_paragraph()
    big.alignment = WD_ALIGN_PARAGRAPH.CENTER
    big.add_run(title).font.size = Pt(26)
    if code:
        doc.add_paragraph(f"应急预案编号：{code}")
    if version:
        doc.add_paragraph(f"应急预案版本号：{version}")
    doc.add_paragraph("2026年3月1日发布").alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_break(doc)


def _approval(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("批准页").bold = True
    doc.add_paragraph(text)
    doc.add_paragraph("批准人：张建国")
    page_break(doc)


def _bold(doc: Any, text: str) -> Any:
    p = doc.add_paragraph()
    p.add_run(text).bold = True
    return p


def _heading_then_break(doc: Any, head: str, body: str) -> Any:
    p = doc.add_paragraph()
    run = p.add_run(head)
    run.add_break(WD_BREAK.LINE)
    p.add_run(body)
    return p


def _numbering(doc: Any, aid: int, levels: list[tuple[str, str]]) -> int:
    """A Word list (abstractNum ``aid``) with (numFmt, lvlText) per level; returns its numId."""
    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
        f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )
    numbering.insert(0, abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{aid}"><w:abstractNumId w:val="{aid}"/></w:num>')
    )
    return aid


def _listed(doc: Any, text: str, num_id: int, ilvl: int, style: str | None = None) -> Any:
    p = doc.add_paragraph(text, style=style) if style else doc.add_paragraph(text)
    p._element.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return p


def _save(doc: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


# --- the cases ----------------------------------------------------------------------------


def _enterprise_general(path: Path) -> Path:
    """企业综合预案: typed 1/1.1 numbers, Heading styles, GB/T 29639 cover labels, 批准页."""
    doc = Document()
    _cover(
        doc,
        "华东精细化工有限公司",
        "华东精细化工有限公司生产安全事故综合应急预案",
        "HDJX-YA-2026-01",
        "V3.0",
    )
    _approval(doc, "本预案经公司安全生产委员会审议通过，现予批准发布，自发布之日起施行。")
    doc.add_heading("1　总则", 1)
    doc.add_heading("1.1　编制目的", 2)
    doc.add_paragraph("为规范公司生产安全事故应急管理工作，迅速有效处置事故，制定本预案。")
    doc.add_heading("1.2　适用范围", 2)
    doc.add_paragraph("本预案适用于公司厂区内发生的各类生产安全事故。")
    doc.add_heading("2　应急组织机构及职责", 1)
    doc.add_paragraph("公司成立应急指挥部，总指挥由总经理担任。")
    add_table(
        doc,
        [
            ["职务", "人员构成", "职责"],
            ["总指挥", "总经理", "全面指挥事故应急处置"],
            ["副总指挥", "安全副总经理", "协助总指挥工作"],
            ["抢险救援组", "生产部、设备部", "负责现场抢险和人员搜救"],
            ["医疗救护组", "行政部", "负责受伤人员救护和转运"],
            ["后勤保障组", "采购部", "负责应急物资供应"],
        ],
    )
    doc.add_heading("3　应急响应", 1)
    doc.add_heading("3.1　响应分级", 2)
    doc.add_paragraph("按照事故的严重程度，应急响应分为一级、二级、三级。")
    doc.add_paragraph("一级响应：发生人员死亡或3人以上重伤，事故超出公司处置能力时启动。")
    doc.add_paragraph("二级响应：发生1至2人重伤或事故影响到两个以上车间时启动。")
    doc.add_paragraph("三级响应：事故影响限于单个车间，车间能够自行处置时启动。")
    doc.add_heading("3.2　处置措施", 2)
    doc.add_paragraph("事故发生后，现场人员立即报告值班室并组织初期处置。")
    doc.add_heading("4　应急保障", 1)
    add_table(
        doc,
        [
            ["物资名称", "规格型号", "数量", "存放地点", "负责人"],
            ["正压式空气呼吸器", "RHZK-6", "6", "消防站", "王强"],
            ["灭火器", "MFZ/ABC8", "120", "各车间", "李明"],
            ["急救箱", "标准型", "8", "医务室", "赵丽"],
        ],
    )
    doc.add_paragraph("附件1　应急联系电话")
    add_table(
        doc,
        [
            ["姓名", "职务", "电话"],
            ["张建国", "总经理", "13800000001"],
            ["刘洋", "安全副总经理", "13800000002"],
            ["杨伟", "工程副经理", "13800000003"],
        ],
    )
    return _save(doc, path)


def _enterprise_special(path: Path) -> Path:
    """企业专项预案: Word list numbering (%1. / %1.%2), risk tables L|S|R and 风险类别."""
    doc = Document()
    _cover(doc, "北方储运有限公司", "北方储运有限公司危险化学品泄漏专项应急预案")
    nid = _numbering(doc, 91, [("decimal", "%1."), ("decimal", "%1.%2")])
    _listed(doc, "适用范围", nid, 0, "Heading 1")
    doc.add_paragraph("本预案适用于罐区和装卸区危险化学品泄漏事故。")
    _listed(doc, "风险分析", nid, 0, "Heading 1")
    _listed(doc, "风险辨识", nid, 1, "Heading 2")
    add_table(
        doc,
        [
            ["事故类型", "风险类别", "L", "S", "R", "风险等级"],
            ["储罐泄漏", "危险化学品", "3", "5", "15", "重大风险"],
            ["装卸管线破裂", "危险化学品", "2", "4", "8", "较大风险"],
            ["火灾爆炸", "火灾", "2", "5", "10", "较大风险"],
        ],
    )
    _listed(doc, "后果分析", nid, 1, "Heading 2")
    add_table(
        doc,
        [
            ["事故类型", "风险等级", "影响范围", "后果"],
            ["储罐泄漏", "重大", "罐区及下风向500米", "中毒、环境污染"],
            ["火灾爆炸", "较大", "罐区", "人员伤亡、财产损失"],
        ],
    )
    _listed(doc, "应急处置", nid, 0, "Heading 1")
    _listed(doc, "响应程序", nid, 1, "Heading 2")
    add_table(
        doc,
        [
            ["阶段", "行动内容"],
            ["报警", "发现人员立即报告中控室"],
            ["隔离", "设置警戒区，疏散无关人员"],
            ["堵漏", "抢险组佩戴防护用品实施堵漏"],
            ["洗消", "对泄漏区域进行洗消"],
        ],
    )
    _listed(doc, "注意事项", nid, 1, "Heading 2")
    doc.add_paragraph("抢险人员必须佩戴正压式空气呼吸器。")
    return _save(doc, path)


def _onsite(path: Path) -> Path:
    """现场处置方案: headings as bold text, sub-heading + line break + body in one paragraph."""
    doc = Document()
    _cover(doc, "南山机械制造厂", "南山机械制造厂机械伤害现场处置方案")
    _bold(doc, "一、事故风险描述")
    doc.add_paragraph("冲压车间在设备运行和检修过程中存在机械伤害风险。")
    _bold(doc, "二、应急工作职责")
    doc.add_paragraph("（一）现场处置组 组长：车间主任 职责：组织现场人员开展初期处置。")
    doc.add_paragraph("（二）医疗救护组 组长：安全员 职责：对受伤人员进行急救。")
    _bold(doc, "三、应急处置")
    _heading_then_break(doc, "（一）事故报告", "发现人员立即停机并报告车间主任。")
    _heading_then_break(doc, "（二）现场处置", "切断设备电源，救出受伤人员。")
    _heading_then_break(doc, "（三）注意事项", "严禁在未断电情况下进入设备危险区域。")
    _bold(doc, "四、应急联系方式")
    add_table(
        doc,
        [
            ["姓名", "职务", "电话"],
            ["陈刚", "车间主任", "13900000001"],
            ["周敏", "安全员", "13900000002"],
        ],
    )
    return _save(doc, path)


def _government_general(path: Path) -> Path:
    """政府总体预案: 一、（一）1. typed, a headline in a heading style, levels 特别重大…一般."""
    doc = Document()
    doc.add_heading("市政府召开应急管理工作会议", 1)  # a news headline pasted in
    doc.add_paragraph("会议要求各部门认真做好预案修订工作。")
    page_break(doc)
    big = doc.add_paragraph()
    big.alignment = WD_ALIGN_PARAGRAPH.CENTER
    big.add_run("滨江市突发事件总体应急预案").font.size = Pt(22)
    doc.add_paragraph("1　总则")
    doc.add_paragraph("1.1　编制目的")
    doc.add_paragraph("为提高政府应对突发事件的能力，保障公众生命财产安全，制定本预案。")
    doc.add_paragraph("1.2　事件分级")
    doc.add_paragraph("突发事件一般分为特别重大、重大、较大和一般四级。")
    doc.add_paragraph("2　组织指挥体系")
    doc.add_paragraph("2.1　领导机构")
    doc.add_paragraph("市政府是本市突发事件应急管理工作的行政领导机关。")
    doc.add_paragraph("2.2　工作机构")
    doc.add_paragraph("市应急管理局承担市应急委日常工作。")
    doc.add_paragraph("3　应急响应")
    doc.add_paragraph("3.1　响应分级")
    doc.add_paragraph("特别重大突发事件：造成30人以上死亡，由市政府报请省政府启动响应。")
    doc.add_paragraph("重大突发事件：造成10人以上30人以下死亡，启动Ⅰ级响应。")
    doc.add_paragraph("较大突发事件：造成3人以上10人以下死亡，启动Ⅱ级响应。")
    doc.add_paragraph("一般突发事件：造成3人以下死亡，启动Ⅲ级响应。")
    doc.add_paragraph("3.2　响应结束")
    doc.add_paragraph("突发事件处置工作已基本完成，由启动响应的机构宣布响应结束。")
    doc.add_paragraph("4　恢复与重建")
    doc.add_paragraph("受影响地区人民政府组织开展恢复重建工作。")
    return _save(doc, path)


def _government_special(path: Path) -> Path:
    """政府专项预案: Word chinese counting numbering 一、 / （一）, groups in text with posts."""
    doc = Document()
    _cover(doc, "滨江市人民政府", "滨江市防汛抗旱应急预案")
    nid = _numbering(doc, 92, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    _listed(doc, "总则", nid, 0, "Heading 1")
    _listed(doc, "编制依据", nid, 1, "Heading 2")
    doc.add_paragraph("依据《中华人民共和国防洪法》等法律法规制定本预案。")
    _listed(doc, "组织体系", nid, 0, "Heading 1")
    _listed(doc, "指挥机构", nid, 1, "Heading 2")
    doc.add_paragraph("市防汛抗旱指挥部总指挥由市长担任，副总指挥由分管副市长担任。")
    _listed(doc, "工作组", nid, 1, "Heading 2")
    doc.add_paragraph("（一）抢险救援组 组长：市应急管理局局长 职责：组织抢险队伍开展堤防抢险。")
    doc.add_paragraph("（二）转移安置组 组长：市民政局局长 职责：组织受威胁群众转移安置。")
    doc.add_paragraph("（三）宣传报道组 组长：市委宣传部副部长 职责：统一发布汛情信息。")
    _listed(doc, "应急响应", nid, 0, "Heading 1")
    _listed(doc, "响应分级", nid, 1, "Heading 2")
    doc.add_paragraph("Ⅰ级响应：主要河道发生流域性大洪水时启动。")
    doc.add_paragraph("Ⅱ级响应：主要河道发生较大洪水时启动。")
    doc.add_paragraph("Ⅲ级响应：局部地区发生山洪灾害时启动。")
    doc.add_paragraph("Ⅳ级响应：气象部门发布暴雨蓝色预警时启动。")
    _listed(doc, "保障措施", nid, 0, "Heading 1")
    add_table(
        doc,
        [
            ["物资名称", "数量", "单位", "存放地点"],
            ["编织袋", "50000", "条", "市防汛物资仓库"],
            ["救生衣", "2000", "件", "市防汛物资仓库"],
            ["冲锋舟", "20", "艘", "市消防救援支队"],
        ],
    )
    return _save(doc, path)


def _township(path: Path) -> Path:
    """乡镇预案: 第一章/第一条 numbering, contacts table."""
    doc = Document()
    _cover(doc, "青石镇人民政府", "青石镇突发事件综合应急预案")
    doc.add_paragraph("第一章　总则")
    doc.add_paragraph("第一条　为有效应对本镇突发事件，保障人民群众生命财产安全，制定本预案。")
    doc.add_paragraph("第二条　本预案适用于本镇行政区域内突发事件的应对工作。")
    doc.add_paragraph("第二章　组织机构")
    doc.add_paragraph("第三条　镇成立突发事件应急领导小组，由镇长任组长。")
    doc.add_paragraph("第三章　应急处置")
    doc.add_paragraph("第四条　事发村（社区）应立即组织群众开展自救互救。")
    doc.add_paragraph("第五条　镇应急领导小组接报后立即赶赴现场。")
    doc.add_paragraph("第四章　附则")
    doc.add_paragraph("第六条　本预案自印发之日起施行。")
    doc.add_paragraph("附件　镇应急联系人")
    add_table(
        doc,
        [
            ["姓名", "单位及职务", "联系电话"],
            ["孙海", "镇长", "13700000001"],
            ["吴静", "副镇长", "13700000002"],
            ["郑勇", "应急办主任", "13700000003"],
            ["钱芳", "党政办主任", "13700000004"],
        ],
    )
    return _save(doc, path)


def _village(path: Path) -> Path:
    """村社预案: one-level 一、 typed chapters, groups as text, a shelter list."""
    doc = Document()
    _cover(doc, "柳河村村民委员会", "柳河村地质灾害应急预案")
    doc.add_paragraph("一、基本情况")
    doc.add_paragraph("柳河村位于山区，共有村民320户，存在滑坡隐患点2处。")
    doc.add_paragraph("二、组织机构")
    doc.add_paragraph("（一）巡查预警组 组长：村支书 职责：汛期每日巡查隐患点。")
    doc.add_paragraph("（二）转移疏散组 组长：村主任 职责：组织群众按路线转移。")
    doc.add_paragraph("三、避险安置")
    add_table(
        doc,
        [
            ["场所名称", "地址", "容纳人数", "负责人"],
            ["柳河村小学", "村委会东侧", "300", "李校长"],
            ["村文化广场", "村中心", "500", "王会计"],
        ],
    )
    doc.add_paragraph("四、预警与转移")
    doc.add_paragraph("发现险情时，巡查人员立即鸣锣示警，组织群众转移。")
    return _save(doc, path)


CASES: list[Case] = [
    Case(
        "企业综合（标题样式、手写编号、封面标签、批准页）",
        _enterprise_general,
        outline=[
            ("总则", ""),
            ("编制目的", "总则"),
            ("适用范围", "总则"),
            ("应急组织机构及职责", ""),
            ("应急响应", ""),
            ("响应分级", "应急响应"),
            ("处置措施", "应急响应"),
            ("应急保障", ""),
        ],
        texts=[
            "为规范公司生产安全事故应急管理工作",
            "本预案适用于公司厂区内",
            "公司成立应急指挥部",
            "事故发生后，现场人员立即报告值班室",
            "本预案经公司安全生产委员会审议通过",
        ],
        tables={"resources": 3, "contacts": 3},
        levels=3,
        groups=["抢险救援组", "医疗救护组", "后勤保障组"],
        meta={"code": "HDJX-YA-2026-01", "version": "3.0"},  # the V is dropped,
    ),
    Case(
        "企业专项（Word 列表编号 %1. / %1.%2、风险表、步骤表）",
        _enterprise_special,
        outline=[
            ("适用范围", ""),
            ("风险分析", ""),
            ("风险辨识", "风险分析"),
            ("后果分析", "风险分析"),
            ("应急处置", ""),
            ("响应程序", "应急处置"),
            ("注意事项", "应急处置"),
        ],
        texts=["本预案适用于罐区和装卸区", "抢险人员必须佩戴正压式空气呼吸器"],
        tables={"risks": 5, "procedures": 1},
    ),
    Case(
        "现场处置方案（加粗标题、小标题换行正文、文字工作组）",
        _onsite,
        outline=[
            ("事故风险描述", ""),
            ("应急工作职责", ""),
            ("应急处置", ""),
            ("事故报告", "应急处置"),
            ("现场处置", "应急处置"),
            ("注意事项", "应急处置"),
            ("应急联系方式", ""),
        ],
        texts=[
            "冲压车间在设备运行和检修过程中",
            "发现人员立即停机并报告车间主任",
            "切断设备电源",
            "严禁在未断电情况下",
        ],
        tables={"contacts": 2},
        groups=["现场处置组", "医疗救护组"],
    ),
    Case(
        "政府总体（1　总则 手写编号、标题样式的新闻标题、特别重大…一般）",
        _government_general,
        outline=[
            ("总则", ""),
            ("编制目的", "总则"),
            ("事件分级", "总则"),
            ("组织指挥体系", ""),
            ("领导机构", "组织指挥体系"),
            ("工作机构", "组织指挥体系"),
            ("应急响应", ""),
            ("响应分级", "应急响应"),
            ("响应结束", "应急响应"),
            ("恢复与重建", ""),
        ],
        texts=[
            "为提高政府应对突发事件的能力",
            "市政府是本市突发事件应急管理工作",
            "市应急管理局承担市应急委日常工作",
            "受影响地区人民政府组织开展恢复重建工作",
            "突发事件处置工作已基本完成",
        ],
        levels=4,
    ),
    Case(
        "政府专项（Word 中文编号 一、/（一）、文字工作组、Ⅰ级…Ⅳ级）",
        _government_special,
        outline=[
            ("总则", ""),
            ("编制依据", "总则"),
            ("组织体系", ""),
            ("指挥机构", "组织体系"),
            ("工作组", "组织体系"),
            ("应急响应", ""),
            ("响应分级", "应急响应"),
            ("保障措施", ""),
        ],
        texts=["依据《中华人民共和国防洪法》", "市防汛抗旱指挥部总指挥由市长担任"],
        tables={"resources": 3},
        levels=4,
        groups=["抢险救援组", "转移安置组", "宣传报道组"],
    ),
    Case(
        "乡镇（第一章/第一条、通讯录）",
        _township,
        outline=[("总则", ""), ("组织机构", ""), ("应急处置", ""), ("附则", "")],
        texts=[
            "为有效应对本镇突发事件",
            "本预案适用于本镇行政区域内",
            "镇成立突发事件应急领导小组",
            "事发村（社区）应立即组织群众",
            "本预案自印发之日起施行",
        ],
        tables={"contacts": 4},
    ),
    Case(
        "村社（一、手写编号、文字工作组、避难场所）",
        _village,
        outline=[("基本情况", ""), ("组织机构", ""), ("避险安置", ""), ("预警与转移", "")],
        texts=["柳河村位于山区", "发现险情时，巡查人员立即鸣锣示警"],
        tables={"shelters": 2},
        groups=["巡查预警组", "转移疏散组"],
    ),
]


# --- the scorer ------------------------------------------------------------------------------


@dataclass
class Score:
    name: str
    headings: tuple[int, int] = (0, 0)
    texts: tuple[int, int] = (0, 0)
    tables: tuple[int, int] = (0, 0)
    levels_groups: tuple[int, int] = (0, 0)
    meta: tuple[int, int] = (0, 0)
    error: str = ""


def _all_text(plan: Any) -> str:
    return plan.model_dump_json()


def _strip_number(title: str) -> str:
    import re

    return re.sub(
        r"^\s*(第[一二三四五六七八九十百]+[章节条]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|"
        r"\d+(?:\.\d+)*\.?)\s*",
        "",
        title,
    ).strip()


def score_case(case: Case, folder: Path) -> Score:
    from app.importer import import_docx
    from app.model.plan import walk_sections

    result = Score(case.name)
    path = case.build(folder / f"{CASES.index(case)}.docx")
    try:
        plan = import_docx(path).plan
    except Exception as exc:  # the scorer records, it does not stop
        result.error = f"{type(exc).__name__}: {exc}"
        result.headings = (0, len(case.outline))
        return result
    parents: dict[str, set[str]] = {}

    def visit(sections: list[Any], parent: str) -> None:
        for s in sections:
            parents.setdefault(s.title, set()).add(parent)
            visit(s.children, s.title)

    visit(plan.sections, "")
    del walk_sections
    got = sum(1 for title, parent in case.outline if parent in parents.get(title, set()))
    result.headings = (got, len(case.outline))
    text = _all_text(plan)
    result.texts = (sum(1 for t in case.texts if t in text), len(case.texts))
    ok = 0
    for part, rows in case.tables.items():
        have = getattr(plan, part)
        if part == "procedures":
            ok += bool(have) and sum(len(p.steps) for p in have) >= 4
        else:
            ok += len(have) >= rows
    result.tables = (ok, len(case.tables))
    names = {g.name for g in plan.organization.groups}
    lg = min(len(plan.levels), case.levels) + sum(1 for g in case.groups if g in names)
    extra = len([n for n in names if n in ("总指挥", "副总指挥")])
    result.levels_groups = (max(0, lg - extra), case.levels + len(case.groups))
    m = sum(1 for k, v in case.meta.items() if getattr(plan.meta, k, None) == v)
    result.meta = (m, len(case.meta))
    return result


def score(folder: Path, cases: list[Case] | None = None) -> tuple[list[Score], dict[str, float]]:
    scores = [score_case(c, folder) for c in (cases or CASES)]
    totals: dict[str, float] = {}
    for key in ("headings", "texts", "tables", "levels_groups", "meta"):
        got = sum(getattr(s, key)[0] for s in scores)
        out_of = sum(getattr(s, key)[1] for s in scores)
        totals[key] = 100.0 * got / out_of if out_of else 100.0
    return scores, totals
