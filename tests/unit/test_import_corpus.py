"""The import corpus scorer runs on every plan of the corpus and never crashes (issue 19).

Floors are today's figures; they may only rise as the importer learns the corpus' patterns.
"""

from __future__ import annotations

from pathlib import Path

from tests.import_corpus import CASES, score


def test_corpus_covers_every_kind() -> None:
    assert len(CASES) >= 7


def test_corpus_scores(tmp_path: Path) -> None:
    scores, totals = score(tmp_path)
    assert not [s.error for s in scores if s.error]
    assert totals["texts"] >= 99.0
    assert totals["headings"] >= 95.0
    assert totals["tables"] >= 95.0
    assert totals["levels_groups"] >= 90.0
    assert totals["meta"] == 100.0


def _plan_of(tmp_path: Path, lines: list[str], table: list[list[str]] | None = None):  # type: ignore[no-untyped-def]
    from docx import Document

    from app.importer import import_docx
    from tests.wordfixtures import add_table

    doc = Document()
    doc.add_heading("1　应急响应", 1)
    for line in lines:
        doc.add_paragraph(line)
    if table:
        add_table(doc, table)
    path = tmp_path / "p.docx"
    doc.save(str(path))
    return import_docx(path).plan


def test_levels_written_as_text(tmp_path: Path) -> None:
    plan = _plan_of(
        tmp_path,
        [
            "一级响应：发生人员死亡时启动。",
            "二级响应：发生重伤时启动。",
            "三级响应：事故限于单个车间时启动。",
        ],
    )
    assert [(lv.id, lv.triggers) for lv in plan.levels] == [
        ("I", ["发生人员死亡时启动。"]),
        ("II", ["发生重伤时启动。"]),
        ("III", ["事故限于单个车间时启动。"]),
    ]
    assert "一级响应：发生人员死亡时启动。" in (plan.sections[0].body or "")  # text kept


def test_severity_levels_written_as_text(tmp_path: Path) -> None:
    plan = _plan_of(
        tmp_path,
        ["特别重大突发事件：造成30人以上死亡。", "重大突发事件：造成10人以上死亡。"],
    )
    assert [lv.id for lv in plan.levels] == ["I", "II"]


def test_groups_written_as_text_are_groups_not_headings(tmp_path: Path) -> None:
    plan = _plan_of(
        tmp_path,
        [
            "（一）抢险救援组 组长：应急管理局局长 职责：组织抢险。",
            "（二）转移安置组 组长：民政局局长 职责：组织转移安置。",
        ],
    )
    groups = plan.organization.groups
    assert [(g.name, g.lead, g.duties) for g in groups] == [
        ("抢险救援组", "应急管理局局长", ["组织抢险。"]),
        ("转移安置组", "民政局局长", ["组织转移安置。"]),
    ]
    assert [s.title for s in plan.sections] == ["应急响应"]
    assert not plan.sections[0].children


def test_posts_in_a_duty_table_are_not_groups(tmp_path: Path) -> None:
    plan = _plan_of(
        tmp_path,
        [],
        [
            ["职务", "人员构成", "职责"],
            ["总指挥", "总经理", "全面指挥"],
            ["副总指挥", "安全副总经理", "协助总指挥"],
            ["抢险救援组", "生产部", "现场抢险"],
        ],
    )
    names = [g.name for g in plan.organization.groups]
    assert "总指挥" not in names and "副总指挥" not in names
    assert "抢险救援组" in names


def test_gbt29639_cover_labels(tmp_path: Path) -> None:
    from docx import Document

    from app.importer import import_docx
    from tests.wordfixtures import page_break

    doc = Document()
    doc.add_paragraph("示范有限公司生产安全事故综合应急预案")
    doc.add_paragraph("应急预案编号：SF-YA-01")
    doc.add_paragraph("应急预案版本号：V2.1")
    page_break(doc)
    doc.add_heading("1　总则", 1)
    doc.add_paragraph("正文。")
    path = tmp_path / "c.docx"
    doc.save(str(path))
    meta = import_docx(path).plan.meta
    assert (meta.code, meta.version) == ("SF-YA-01", "2.1")


def test_numbered_subheading_line_break_body_is_split(tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_BREAK

    from app.importer import import_docx

    doc = Document()
    doc.add_paragraph("一、应急处置")
    for head, body in (("（一）事故报告", "立即报告。"), ("（二）现场处置", "切断电源。")):
        p = doc.add_paragraph()
        p.add_run(head).add_break(WD_BREAK.LINE)
        p.add_run(body)
    path = tmp_path / "s.docx"
    doc.save(str(path))
    plan = import_docx(path).plan
    chapter = plan.sections[0]
    assert [(c.title, c.body) for c in chapter.children] == [
        ("事故报告", "立即报告。"),
        ("现场处置", "切断电源。"),
    ]


def test_one_headline_in_a_heading_style_keeps_typed_chapters(tmp_path: Path) -> None:
    from docx import Document

    from app.importer import import_docx

    doc = Document()
    doc.add_heading("市政府召开应急管理工作会议", 1)
    doc.add_paragraph("会议要求做好预案修订工作。")
    for line in (
        "1　总则",
        "1.1　编制目的",
        "正文一。",
        "2　应急响应",
        "2.1　响应分级",
        "正文二。",
    ):
        doc.add_paragraph(line)
    path = tmp_path / "h.docx"
    doc.save(str(path))
    plan = import_docx(path).plan
    titles = {s.title: [c.title for c in s.children] for s in plan.sections}
    assert titles.get("总则") == ["编制目的"]
    assert titles.get("应急响应") == ["响应分级"]
