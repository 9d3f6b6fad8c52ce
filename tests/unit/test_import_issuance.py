"""An exported government plan imports back with its 印发通知 and 版记 read into
``meta.issuance`` (not the notice's title as the plan's, not the 版记 as a table)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.export.plan_docx import plan_docx_bytes
from app.importer import import_docx
from app.model.plan import Issuance, Plan, walk_sections
from app.storage.templates import render_template


def _issued_plan() -> Plan:
    plan = render_template("county-overall", {})
    meta = plan.meta
    meta.unit.name = "东城区人民政府"
    meta.issued = dt.date(2026, 3, 1)
    meta.issuance = Issuance(
        number="东政发〔2026〕3号",
        to="各乡镇人民政府、街道办事处，区政府各部门",
        cc="市人民政府办公室，市应急管理局",
        printer="东城区人民政府办公室",
        printed=dt.date(2026, 3, 5),
    )
    return plan


def test_notice_and_imprint_are_read_into_issuance(tmp_path: Path) -> None:
    plan = _issued_plan()
    path = tmp_path / "gov.docx"
    path.write_bytes(plan_docx_bytes(plan)[0])
    result = import_docx(path)
    meta = result.plan.meta
    assert result.report.warnings == []
    assert meta.title == plan.meta.title
    assert "关于印发" not in meta.title
    assert meta.unit.name == "东城区人民政府"
    assert meta.issued == dt.date(2026, 3, 1)
    assert meta.issuance is not None
    assert meta.issuance.number == "东政发〔2026〕3号"
    assert meta.issuance.to == "各乡镇人民政府、街道办事处，区政府各部门"
    assert meta.issuance.cc == "市人民政府办公室，市应急管理局"
    assert meta.issuance.printer == "东城区人民政府办公室"
    assert meta.issuance.printed == dt.date(2026, 3, 5)
    bodies = [s.body for _, s, _ in walk_sections(result.plan.appendices, ("appendices",))]
    bodies += [s.body for _, s, _ in walk_sections(result.plan.sections)]
    text = "\n".join(bodies)
    assert "抄送：市人民政府办公室" not in text and "印发给你们" not in text
    assert "东城区人民政府办公室" not in text
    assert "图1" not in text  # the flow chart's caption: the export draws it again


def test_a_word_notice_and_an_imprint_in_lines_are_read(tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    doc = Document()
    for text in ("南山县人民政府文件", "南政发〔2025〕12号"):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        "南山县人民政府关于印发南山县突发事件总体应急预案的通知"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("各乡镇人民政府，县政府各部门：")
    doc.add_paragraph("现将《南山县突发事件总体应急预案》印发给你们，请认真贯彻执行。")
    doc.add_paragraph("南山县人民政府")
    doc.add_paragraph("2025年6月18日").add_run().add_break(WD_BREAK.PAGE)
    title = doc.add_paragraph("南山县突发事件总体应急预案")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("一、总则")
    doc.add_paragraph("为有效应对本县突发事件，制定本预案。")
    doc.add_paragraph("二、组织指挥体系")
    doc.add_paragraph("县人民政府是本县突发事件应急管理工作的行政领导机关。")
    doc.add_paragraph("抄送：市人民政府办公室，市应急管理局。")
    doc.add_paragraph("南山县人民政府办公室\t\t2025年6月20日印发")
    path = tmp_path / "word.docx"
    doc.save(str(path))
    meta = import_docx(path, kind="gov_overall").plan
    assert meta.meta.title == "南山县突发事件总体应急预案"
    assert meta.meta.unit.name == "南山县人民政府"
    assert meta.meta.issued == dt.date(2025, 6, 18)
    iss = meta.meta.issuance
    assert iss is not None
    assert (iss.number, iss.to, iss.cc, iss.printer, iss.printed) == (
        "南政发〔2025〕12号",
        "各乡镇人民政府，县政府各部门",
        "市人民政府办公室，市应急管理局",
        "南山县人民政府办公室",
        dt.date(2025, 6, 20),
    )
    assert [s.title for s in meta.sections] == ["总则", "组织指挥体系"]
    assert "印发" not in meta.sections[-1].body
