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
