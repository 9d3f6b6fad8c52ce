"""Word outline → plan sections: heading styles, Chinese numbering, cover, TOC, appendices."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from app.importer import import_docx
from app.model.kinds import PlanKind
from app.model.plan import Plan, Section, walk_sections
from app.model.prose import paragraphs
from tests.wordfixtures import (
    add_picture,
    chinese_numbering,
    numbered,
    outline_style,
    page_break,
    save,
    toc_field,
)


def outline(plan: Plan, root: str = "sections") -> list[tuple[int, str]]:
    return [(depth, s.title) for _, s, depth in walk_sections(getattr(plan, root), (root,))]


def find(plan: Plan, title: str) -> Section:
    nodes = walk_sections(plan.sections) + walk_sections(plan.appendices, ("appendices",))
    return next(s for _, s, _ in nodes if s.title == title)


def cover(doc, title: str = "示范化工有限公司生产安全事故综合应急预案") -> None:  # type: ignore[no-untyped-def]
    doc.add_paragraph("示范化工有限公司").alignment = WD_ALIGN_PARAGRAPH.CENTER
    big = doc.add_paragraph()
    big.alignment = WD_ALIGN_PARAGRAPH.CENTER
    big.add_run(title).font.size = Pt(26)
    doc.add_paragraph("预案编号：SFHG-YA-2026-01")
    doc.add_paragraph("版本号：V2.1")
    doc.add_paragraph("颁布日期：2026年3月1日")
    doc.add_paragraph("实施日期：二〇二六年三月十日")
    page_break(doc)


def test_styled_headings_with_cover_and_toc_field(tmp_path: Path) -> None:
    doc = Document()
    cover(doc)
    doc.add_paragraph("目  录").alignment = WD_ALIGN_PARAGRAPH.CENTER
    toc_field(doc, [("1 总则", 1), ("1.1 适用范围", 1), ("2 应急响应", 3)])
    page_break(doc)
    doc.add_heading("1 总则", 1)
    doc.add_heading("1.1 适用范围", 2)
    doc.add_paragraph("本预案适用于本公司。")
    doc.add_paragraph("包括厂区和罐区。")
    doc.add_heading("1.1.1 适用对象", 3)
    doc.add_paragraph("全体员工。")
    doc.add_heading("2 应急响应", 1)
    doc.add_paragraph("1. 立即报告值班室；")  # a list item, not a heading
    doc.add_paragraph("- 5 -")
    result = import_docx(save(doc, tmp_path / "a.docx"))
    plan = result.plan
    assert outline(plan) == [(1, "总则"), (2, "适用范围"), (3, "适用对象"), (1, "应急响应")]
    assert find(plan, "适用范围").body == "本预案适用于本公司。\n包括厂区和罐区。"
    # the body is Markdown (issue 20): a typed "1. " is escaped, so it stays this text
    assert find(plan, "应急响应").body == "1\\. 立即报告值班室；"
    assert paragraphs(find(plan, "应急响应").body) == ["1. 立即报告值班室；"]
    meta = plan.meta
    assert meta.title == "示范化工有限公司生产安全事故综合应急预案"
    assert meta.unit.name == "示范化工有限公司"
    assert (meta.code, meta.version) == ("SFHG-YA-2026-01", "2.1")
    assert str(meta.issued) == "2026-03-01" and str(meta.effective) == "2026-03-10"
    assert meta.kind is PlanKind.ENTERPRISE_COMPREHENSIVE
    report = result.report
    assert report.sections == 4
    assert report.skipped_toc == 4  # the 目录 title and three entries
    assert report.skipped_cover >= 6
    assert report.skipped_page_numbers == 1
    text = "\n".join(report.lines("zh"))
    assert "识别到 4 个章节" in text and "已跳过" in text
    ids = [s.id for _, s, _ in walk_sections(plan.sections)]
    assert ids == ["s1", "s1.1", "s1.1.1", "s2"]


def test_every_gongwen_numbering_style_in_plain_paragraphs(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("某市突发事件总体应急预案").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in [
        "一、总则",
        "（一）编制目的",
        "为了提高应对能力，制定本预案。",
        "（二）工作原则。坚持人民至上、生命至上。",
        "1. 统一领导",
        "（1）属地为主",
        "① 分级负责",
        "具体内容。",
        "2. 快速反应",
        "二、组织指挥体系",
        "（一）市应急委员会",
        "十一、附则",
    ]:
        doc.add_paragraph(text)
    result = import_docx(save(doc, tmp_path / "gw.docx"))
    plan = result.plan
    assert outline(plan) == [
        (1, "总则"),
        (2, "编制目的"),
        (2, "工作原则"),
        (3, "统一领导"),
        (4, "属地为主"),
        (5, "分级负责"),
        (3, "快速反应"),
        (1, "组织指挥体系"),
        (2, "市应急委员会"),
        (1, "附则"),
    ]
    assert find(plan, "编制目的").body == "为了提高应对能力，制定本预案。"
    assert find(plan, "工作原则").body == "坚持人民至上、生命至上。"  # a run-in heading
    assert find(plan, "分级负责").body == "具体内容。"
    assert plan.meta.kind is PlanKind.GOV_OVERALL
    assert plan.meta.numbering is None  # gongwen is already the default for this kind


def test_chapters_articles_and_decimal_numbers(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("甲公司危险化学品泄漏专项应急预案")
    for text in [
        "第一章 总则",
        "第一条 为规范本公司危险化学品泄漏事故的应急处置工作，制定本预案。",
        "第二条 适用范围",
        "本预案适用于储罐区。",
        "第二章 处置措施",
        "1 泄漏控制",
        "1.1 关阀断料",
        "1.1.1 远程切断",
        "操作员在控制室切断进料。",
        "1.2 围堵收容",
        "2 人员防护",
    ]:
        doc.add_paragraph(text)
    plan = import_docx(save(doc, tmp_path / "zx.docx")).plan
    assert outline(plan) == [
        (1, "总则"),
        (2, "适用范围"),
        (1, "处置措施"),
        (2, "泄漏控制"),
        (3, "关阀断料"),
        (4, "远程切断"),
        (3, "围堵收容"),
        (2, "人员防护"),
    ]
    # a long article is text of its chapter, number included
    assert find(plan, "总则").body.startswith("第一条 为规范本公司")
    assert find(plan, "远程切断").body == "操作员在控制室切断进料。"
    assert plan.meta.kind is PlanKind.ENTERPRISE_SPECIAL
    # 公文 numbering is every kind's default: the document's decimal numbers are remembered
    assert plan.meta.numbering is not None and plan.meta.numbering.value == "decimal"


def test_custom_outline_styles_and_chinese_style_names(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("某街道办事处突发事件应急预案")
    level1 = outline_style(doc, "公文一级", 1)
    level2 = doc.styles.add_style("标题 2", 1)  # WPS names its heading styles in Chinese
    doc.add_paragraph("总则", style=level1)
    doc.add_paragraph("目的", style=level2)
    doc.add_paragraph("保障群众安全。")
    doc.add_paragraph("（一）分工", style=level2)
    doc.add_paragraph("一、组织体系")  # Chinese heading numbers count even beside heading styles
    doc.add_paragraph("1. 不是标题的列表项")  # list numbers do not, when styles carry the headings
    plan = import_docx(save(doc, tmp_path / "st.docx")).plan
    assert outline(plan) == [(1, "总则"), (2, "目的"), (2, "分工"), (3, "组织体系")]
    assert find(plan, "组织体系").body == "1\\. 不是标题的列表项"  # escaped Markdown
    assert paragraphs(find(plan, "组织体系").body) == ["1. 不是标题的列表项"]
    assert plan.meta.kind is PlanKind.TOWNSHIP


def test_word_auto_numbering_is_read_as_printed(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("某村防汛应急预案")
    num_id, _ = chinese_numbering(doc)
    numbered(doc, "组织体系", num_id, 0)  # Word prints 一、
    numbered(doc, "村应急工作组", num_id, 1)  # （一）
    doc.add_paragraph("由村委会主任任组长。")
    numbered(doc, "预警和应急响应", num_id, 0)  # 二、
    numbered(doc, "预警发布", num_id, 1)  # （一） again: the level restarts
    plan = import_docx(save(doc, tmp_path / "num.docx")).plan
    assert outline(plan) == [
        (1, "组织体系"),
        (2, "村应急工作组"),
        (1, "预警和应急响应"),
        (2, "预警发布"),
    ]
    assert find(plan, "村应急工作组").body == "由村委会主任任组长。"
    assert plan.meta.numbering is None  # gongwen, the default for village plans


def test_toc_as_a_list_of_titles_with_page_numbers(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("乙公司生产安全事故综合应急预案")
    doc.add_paragraph("目 次")
    doc.add_paragraph("1 总则……………………………………1")
    doc.add_paragraph("2 应急组织机构及职责………………3")
    doc.add_paragraph("附件1 通讯录 ..........12")
    doc.add_heading("1 总则", 1)
    doc.add_paragraph("正文。")
    doc.add_heading("2 应急组织机构及职责", 1)
    result = import_docx(save(doc, tmp_path / "toc.docx"))
    assert outline(result.plan) == [(1, "总则"), (1, "应急组织机构及职责")]
    assert result.report.skipped_toc == 4
    assert not result.plan.appendices


def test_appendices_numbered_titled_and_under_a_chapter(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("丙公司生产安全事故综合应急预案")
    doc.add_heading("1 总则", 1)
    doc.add_paragraph("附件：1．通讯录")  # the list of attachments in the body stays text
    page_break(doc)
    doc.add_paragraph("附件1")
    title = doc.add_paragraph("应急物资装备清单")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("物资由安全部管理。")
    doc.add_paragraph("（一）日常管理")
    doc.add_paragraph("定期检查。")
    doc.add_paragraph("附件 2：信息报告表")
    doc.add_paragraph("报告时间、地点。")
    plan = import_docx(save(doc, tmp_path / "ap.docx")).plan
    assert outline(plan) == [(1, "总则")]
    assert find(plan, "总则").body == "附件：1．通讯录"
    assert outline(plan, "appendices") == [
        (1, "应急物资装备清单"),
        (2, "日常管理"),
        (1, "信息报告表"),
    ]
    assert find(plan, "应急物资装备清单").body == "物资由安全部管理。"
    assert [a.id for a in plan.appendices] == ["a1", "a2"]

    doc = Document()
    doc.add_paragraph("丁公司生产安全事故综合应急预案")
    doc.add_heading("1 总则", 1)
    doc.add_heading("2 附件", 1)
    doc.add_heading("2.1 生产经营单位概况", 2)
    doc.add_paragraph("本公司位于……")
    doc.add_heading("2.2 风险评估的结果", 2)
    doc.add_heading("2.2.1 储罐区", 3)
    plan = import_docx(save(doc, tmp_path / "ch.docx")).plan
    assert outline(plan) == [(1, "总则")]
    assert outline(plan, "appendices") == [
        (1, "生产经营单位概况"),
        (1, "风险评估的结果"),
        (2, "储罐区"),
    ]


def test_pictures_are_counted_and_reported(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("戊公司生产安全事故现场处置方案")
    doc.add_heading("1 事故风险描述", 1)
    add_picture(doc)
    doc.add_paragraph("见上图。")
    result = import_docx(save(doc, tmp_path / "pic.docx"))
    assert result.report.images == 1
    assert find(result.plan, "事故风险描述").body == "见上图。"
    assert any("1 张图片未导入" in line for line in result.report.lines("zh"))
    assert result.plan.meta.kind is PlanKind.ENTERPRISE_ONSITE


def test_no_headings_keeps_all_text_and_says_so(tmp_path: Path) -> None:
    doc = Document()
    for text in [
        "第一段说明文字，内容较长，超过四十个字，用来检验没有标题时的处理方式是否正确。",
        "第二段。",
    ]:
        doc.add_paragraph(text)
    result = import_docx(save(doc, tmp_path / "flat.docx"))
    assert len(result.plan.sections) == 1
    assert "第二段。" in result.plan.sections[0].body
    assert any("没有识别出章节标题" in line for line in result.report.lines("zh"))


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("某化工有限公司生产安全事故综合应急预案", PlanKind.ENTERPRISE_COMPREHENSIVE),
        ("某化工有限公司火灾事故专项应急预案", PlanKind.ENTERPRISE_SPECIAL),
        ("储罐区泄漏事故现场处置方案", PlanKind.ENTERPRISE_ONSITE),
        ("某市突发事件总体应急预案", PlanKind.GOV_OVERALL),
        ("某市森林火灾应急预案", PlanKind.GOV_SPECIAL),
        ("某市应急管理局部门应急预案", PlanKind.GOV_DEPARTMENT),
        ("某镇突发事件应急预案", PlanKind.TOWNSHIP),
        ("某社区突发事件应急预案", PlanKind.COMMUNITY),
        ("某村防汛应急预案", PlanKind.COMMUNITY),
    ],
)
def test_kind_is_guessed_from_the_title(tmp_path: Path, title: str, kind: PlanKind) -> None:
    doc = Document()
    doc.add_paragraph(title)
    doc.add_heading("1 总则", 1)
    doc.add_paragraph("内容。")
    assert import_docx(save(doc, tmp_path / "k.docx")).plan.meta.kind is kind


def test_kind_override(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("某化工有限公司生产安全事故综合应急预案")
    doc.add_heading("1 总则", 1)
    path = save(doc, tmp_path / "k.docx")
    assert import_docx(path, kind="专项").plan.meta.kind is PlanKind.ENTERPRISE_SPECIAL
    assert import_docx(path, kind="community").plan.meta.kind is PlanKind.COMMUNITY
    assert import_docx(path, kind=PlanKind.TOWNSHIP).plan.meta.kind is PlanKind.TOWNSHIP


def test_list_items_in_the_text_do_not_become_headings(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("某化工有限公司生产安全事故综合应急预案")
    for text in [
        "1 总则",
        "1.1 适用范围",
        "本预案适用于：",
        "1、生产装置区",  # a list written 1、 under the chapter numbered 1
        "2、储罐区",
        "2 应急响应",
        "2.1 响应程序",
        "1 报警",  # the same kind of number as the chapters, but going back: a list item
        "2 警戒",
        "3 应急保障",
    ]:
        doc.add_paragraph(text)
    plan = import_docx(save(doc, tmp_path / "list.docx")).plan
    assert [(d, t) for d, t in outline(plan) if d == 1] == [
        (1, "总则"),
        (1, "应急响应"),
        (1, "应急保障"),
    ]
    assert find(plan, "响应程序").body == "1 报警\n2 警戒"


def test_a_notice_of_issue_before_the_plan_is_front_matter(tmp_path: Path) -> None:
    doc = Document()
    big = doc.add_paragraph()
    big.alignment = WD_ALIGN_PARAGRAPH.CENTER
    big.add_run("某市人民政府办公室关于印发某市突发事件总体应急预案的通知").font.size = Pt(22)
    doc.add_paragraph("各区人民政府，市政府各部门：")
    doc.add_paragraph(
        "经市人民政府同意，现将《某市突发事件总体应急预案》印发给你们，请认真贯彻执行。"
    )
    doc.add_paragraph("附件：某市突发事件总体应急预案")
    doc.add_paragraph("2024年4月7日")
    page_break(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("某市突发事件总体应急预案").font.size = Pt(22)
    for text in ["1 总则", "1.1 编制目的", "为了……，制定本预案。", "2 组织指挥体系"]:
        doc.add_paragraph(text)
    result = import_docx(save(doc, tmp_path / "gov.docx"))
    plan = result.plan
    assert plan.meta.title == "某市突发事件总体应急预案"
    assert outline(plan) == [(1, "总则"), (2, "编制目的"), (1, "组织指挥体系")]
    assert not plan.appendices
    assert plan.meta.kind is PlanKind.GOV_OVERALL
    assert str(plan.meta.issued) == "2024-04-07"


def test_front_matter_of_an_official_export(tmp_path: Path) -> None:
    """Cover with a placeholder unit, 发布令, 修订记录 table, appendix headings kept out of
    the navigation pane (outline level 9) — as PlanDrill's own export writes them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from tests.wordfixtures import add_table

    doc = Document()
    doc.add_paragraph("编号：")
    unit = doc.add_paragraph("【待填写：单位全称】")
    unit.alignment = WD_ALIGN_PARAGRAPH.CENTER
    big = doc.add_paragraph()
    big.alignment = WD_ALIGN_PARAGRAPH.CENTER
    big.add_run("火灾事故专项应急预案").font.size = Pt(26)
    page_break(doc)
    doc.add_paragraph("发　布　令")
    doc.add_paragraph(
        "为贯彻落实《生产安全事故应急预案管理办法》，规范本单位应急管理工作，现予批准发布。"
    )
    doc.add_paragraph("主要负责人（签发）：李卫东")
    page_break(doc)
    doc.add_paragraph("修订记录")
    add_table(
        doc,
        [
            ["序号", "版本号", "修订日期", "修订内容", "修订人"],
            ["1", "1.0", "2025年3月1日", "首次编制", "张三"],
            ["2", "1.1", "2026年4月2日", "调整通讯录", ""],
            ["", "", "", "", ""],
        ],
    )
    doc.add_heading("1 适用范围", 1)
    doc.add_paragraph("本预案适用于火灾。")
    label = doc.add_paragraph("附件1")
    label.paragraph_format.page_break_before = True
    doc.add_paragraph("现场处置要点").alignment = WD_ALIGN_PARAGRAPH.CENTER
    hidden = doc.add_heading("1 初期火灾", 1)
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "9")  # kept out of the TOC, still a heading
    hidden._element.get_or_add_pPr().append(level)
    doc.add_paragraph("使用灭火器扑救。")
    plan = import_docx(save(doc, tmp_path / "export.docx")).plan
    meta = plan.meta
    assert (meta.title, meta.unit.name, meta.approved_by) == (
        "火灾事故专项应急预案", "【待填写：单位全称】", "李卫东",
    )  # fmt: skip
    assert meta.kind is PlanKind.ENTERPRISE_SPECIAL  # the 发布令 says it is an enterprise plan
    assert [(r.version, str(r.date), r.summary, r.author) for r in meta.revision_history] == [
        ("1.0", "2025-03-01", "首次编制", "张三"),
        ("1.1", "2026-04-02", "调整通讯录", None),
    ]
    assert outline(plan) == [(1, "适用范围")]
    assert outline(plan, "appendices") == [(1, "现场处置要点"), (2, "初期火灾")]
    assert find(plan, "初期火灾").body == "使用灭火器扑救。"


def test_imported_text_with_markdown_characters_stays_text(tmp_path: Path) -> None:
    """Bodies are Markdown (issue 20); what Word held as plain text must not turn into
    lists or emphasis on the way in."""
    doc = Document()
    doc.add_paragraph("一、总则")
    lines = ["- 不是列表", "2) 也不是", "a*b*c 与 x_y_z", "C:\\预案\\*"]
    for line in lines:
        doc.add_paragraph(line)
    plan = import_docx(save(doc, tmp_path / "md.docx")).plan
    assert paragraphs(find(plan, "总则").body) == lines
