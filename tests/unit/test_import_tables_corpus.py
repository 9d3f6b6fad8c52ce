"""Table layouts of the import corpus that a reader takes as registers (issue 19, item 3)."""

from __future__ import annotations

from pathlib import Path

from app.model.plan import Plan
from tests.import_corpus import score


def _plan_with(tmp_path: Path, rows: list[list[str]], heading: str = "2.1　风险辨识") -> Plan:
    from docx import Document

    from app.importer import import_docx
    from tests.wordfixtures import add_table

    doc = Document()
    doc.add_heading("2　风险分析", 1)
    doc.add_heading(heading, 2)
    add_table(doc, rows)
    path = tmp_path / "t.docx"
    doc.save(str(path))
    return import_docx(path).plan


def test_risk_table_with_l_s_r_keeps_every_column(tmp_path: Path) -> None:
    plan = _plan_with(
        tmp_path,
        [
            ["事故类型", "风险类别", "L", "S", "R", "风险等级"],
            ["储罐泄漏", "危险化学品", "3", "5", "15", "重大风险"],
            ["火灾爆炸", "火灾", "2", "5", "10", "较大风险"],
        ],
    )
    assert [(r.accident_types, r.level) for r in plan.risks] == [
        (["储罐泄漏"], "major"),
        (["火灾爆炸"], "significant"),
    ]
    first = plan.risks[0].model_dump_json()
    for kept in ("危险化学品", "L：3", "S：5", "R：15"):
        assert kept in first


def test_risk_table_without_a_hazard_column(tmp_path: Path) -> None:
    plan = _plan_with(
        tmp_path,
        [
            ["事故类型", "风险等级", "影响范围", "后果"],
            ["储罐泄漏", "重大", "罐区及下风向500米", "中毒、环境污染"],
            ["火灾爆炸", "较大", "罐区", "人员伤亡、财产损失"],
        ],
        "2.2　后果分析",
    )
    assert [(r.hazard, r.level) for r in plan.risks] == [
        ("储罐泄漏", "major"),
        ("火灾爆炸", "significant"),
    ]
    assert "罐区及下风向500米" in (plan.risks[0].consequence or "")
    assert "中毒、环境污染" in (plan.risks[0].consequence or "")
    assert not plan.sections[0].children[0].body  # not kept as text a second time


def test_stage_action_table_is_a_procedure(tmp_path: Path) -> None:
    plan = _plan_with(
        tmp_path,
        [
            ["阶段", "行动内容"],
            ["报警", "发现人员立即报告中控室"],
            ["隔离", "设置警戒区，疏散无关人员"],
            ["堵漏", "抢险组佩戴防护用品实施堵漏"],
        ],
        "2.3　响应程序",
    )
    assert len(plan.procedures) == 1
    procedure = plan.procedures[0]
    assert procedure.title == "响应程序"
    assert [s.action for s in procedure.steps] == [
        "报警：发现人员立即报告中控室",
        "隔离：设置警戒区，疏散无关人员",
        "堵漏：抢险组佩戴防护用品实施堵漏",
    ]


def test_duty_table_keeps_the_makeup_column(tmp_path: Path) -> None:
    plan = _plan_with(
        tmp_path,
        [
            ["职务", "人员构成", "职责"],
            ["总指挥", "总经理", "全面指挥"],
            ["抢险救援组", "生产部、设备部", "现场抢险"],
        ],
        "2.4　应急组织",
    )
    group = next(g for g in plan.organization.groups if g.name == "抢险救援组")
    assert group.members == ["生产部", "设备部"]
    assert plan.organization.command is not None and plan.organization.command.lead == "总经理"


def test_corpus_register_tables_with_every_row(tmp_path: Path) -> None:
    _, totals = score(tmp_path)
    assert totals["tables"] >= 95.0


def test_approval_page_text_is_kept(tmp_path: Path) -> None:
    from docx import Document

    from app.importer import import_docx
    from tests.wordfixtures import page_break

    doc = Document()
    doc.add_paragraph("示范有限公司生产安全事故综合应急预案")
    page_break(doc)
    doc.add_paragraph("批 准 页")
    doc.add_paragraph("本预案经公司安全生产委员会审议通过，现予批准发布。")
    doc.add_paragraph("批准人：张建国")
    page_break(doc)
    doc.add_heading("1　总则", 1)
    doc.add_paragraph("正文。")
    path = tmp_path / "a.docx"
    doc.save(str(path))
    plan = import_docx(path).plan
    assert plan.meta.approved_by == "张建国"
    first = plan.sections[0]
    assert first.title == "批准页"
    assert first.body == "本预案经公司安全生产委员会审议通过，现予批准发布。\n批准人：张建国"
    assert [s.title for s in plan.sections[1:]] == ["总则"]


def test_corpus_text_kept(tmp_path: Path) -> None:
    _, totals = score(tmp_path)
    assert totals["texts"] >= 99.0


def _auto_numbered(tmp_path: Path, levels: list[tuple[str, str]], items: list[tuple[str, int]]):  # type: ignore[no-untyped-def]
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from app.importer import import_docx
    from tests.import_corpus import _listed, _numbering

    doc = Document()
    nid = _numbering(doc, 93, levels)
    if levels[0][1].startswith("第"):
        lvl = doc.part.numbering_part.element.xpath("//w:abstractNum/w:lvl")[1]
        lvl.append(parse_xml(f"<w:isLgl {nsdecls('w')}/>"))
    for text, ilvl in items:
        _listed(doc, text, nid, ilvl, f"Heading {ilvl + 1}")
        doc.add_paragraph("正文。")
    path = tmp_path / "n.docx"
    doc.save(str(path))
    plan = import_docx(path).plan
    return plan, [(s.title, [c.title for c in s.children]) for s in plan.sections]


def test_word_numbers_without_a_mark_are_not_kept_in_titles(tmp_path: Path) -> None:
    levels = [("decimal", "%1"), ("decimal", "%1.%2")]
    _, outline = _auto_numbered(tmp_path, levels, [("总则", 0), ("编制目的", 1), ("应急响应", 0)])
    assert outline == [("总则", ["编制目的"]), ("应急响应", [])]


def test_a_typed_number_after_the_word_number_is_read_once(tmp_path: Path) -> None:
    levels = [("decimal", "%1"), ("decimal", "%1.%2")]
    plan, outline = _auto_numbered(
        tmp_path, levels, [("1总则", 0), ("1.1编制目的", 1), ("2应急响应", 0)]
    )
    assert outline == [("总则", ["编制目的"]), ("应急响应", [])]
    from app.export import plan_docx_bytes
    from tests.integration.test_cli_import import document_content

    data, _ = plan_docx_bytes(plan)
    texts = [t for _, t in document_content(data)]
    assert "1 1总则" not in texts and "1总则" not in " ".join(texts)


def test_legal_numbering_under_chinese_chapters(tmp_path: Path) -> None:
    levels = [("chineseCounting", "第%1章"), ("decimal", "%1.%2")]
    _, outline = _auto_numbered(tmp_path, levels, [("总则", 0), ("编制目的", 1), ("应急响应", 0)])
    assert outline == [("总则", ["编制目的"]), ("应急响应", [])]


def test_the_report_says_what_stayed_text_and_where(tmp_path: Path) -> None:
    from docx import Document

    from app.importer import import_docx
    from tests.wordfixtures import add_table

    doc = Document()
    doc.add_heading("1　应急响应", 1)
    doc.add_paragraph("一级响应：发生人员死亡时启动。")
    doc.add_paragraph("二级响应：发生重伤时启动。")
    doc.add_heading("2　其他资料", 1)
    add_table(doc, [["甲", "乙"], ["1", "2"]])
    path = tmp_path / "r.docx"
    doc.save(str(path))
    report = import_docx(path).report
    lines = report.lines("zh")
    assert (
        "保留为正文：4 段（其中识别出 响应级别 2 项，原文仍保留）；请核对按文本保留的表格，位于 “其他资料”。"
        in lines
    )
    counts = report.counts()
    assert (counts["text_tables"], counts["paragraphs"], counts["text.levels"]) == (1, 4, 2)
