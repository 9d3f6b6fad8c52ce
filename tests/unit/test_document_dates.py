"""Documents are dated from the data, never from the day they were built (issue 17, item 9).

Every builder here is given a "today" far from any date in the data: if that day shows
up in a document, the document took its date from the clock.
"""

from __future__ import annotations

import datetime as dt
import io

import docx

from app.drilldocs import DrillDoc, drill_doc_bytes
from app.drilldocs.source import DrillSource
from app.export.layer.placeholders import count_docx, placeholder
from app.filing import PackageOptions, build_documents, drafting_notes, resource_report, risk_report
from app.storage.drills import load_drill
from app.storage.plans import load_plan
from app.storage.templates import render_template
from tests.docscan import text_of
from tests.drill_samples import SAMPLE_DRILL, SAMPLE_PLAN

BUILD_DAY = dt.date(2031, 5, 17)  # the package is built long after the data's dates
BUILD_TEXT = "2031年5月17日"


def _text(data: bytes) -> str:
    return "\n".join(text_of(data))


def test_risk_and_resource_reports_carry_the_assessment_and_survey_dates() -> None:
    plan = load_plan(SAMPLE_PLAN).model
    plan.meta.risks_assessed = dt.date(2026, 2, 10)
    plan.meta.resources_surveyed = dt.date(2026, 2, 12)
    risk = _text(risk_report(plan, BUILD_DAY).to_bytes())
    res = _text(resource_report(plan, BUILD_DAY).to_bytes())
    assert BUILD_TEXT not in risk and BUILD_TEXT not in res
    assert "2026年2月10日" in risk
    assert "2026年2月12日" in res


def test_missing_dates_are_marked_and_counted() -> None:
    plan = load_plan(SAMPLE_PLAN).model
    plan.meta.risks_assessed = plan.meta.resources_surveyed = None
    risk = risk_report(plan, BUILD_DAY).to_bytes()
    res = resource_report(plan, BUILD_DAY).to_bytes()
    assert BUILD_TEXT not in _text(risk) and BUILD_TEXT not in _text(res)
    assert placeholder("风险评估日期") in _text(risk)
    assert placeholder("资源调查日期") in _text(res)
    # the marker is counted like every other gap: one more than with the date filled in
    plan.meta.risks_assessed = dt.date(2026, 2, 10)
    assert count_docx(risk) == count_docx(risk_report(plan, BUILD_DAY).to_bytes()) + 2


def test_drafting_notes_are_dated_with_the_version_drafted() -> None:
    plan = render_template("county-overall", {}, use_examples=True)
    plan.meta.revision_history = []
    plan.meta.issued = dt.date(2026, 4, 1)
    text = _text(drafting_notes(plan, BUILD_DAY).to_bytes())
    assert BUILD_TEXT not in text and "2026年4月1日" in text
    plan.meta.issued = None
    text = _text(drafting_notes(plan, BUILD_DAY).to_bytes())
    assert BUILD_TEXT not in text and placeholder("编制日期") in text


def test_no_package_document_but_the_checklist_shows_the_build_day() -> None:
    for plan in (load_plan(SAMPLE_PLAN).model, render_template("county-overall", {})):
        files, _ = build_documents(plan, options=PackageOptions(today=BUILD_DAY))
        for f in files:
            if f.data and f.item.key != "checklist":  # the 清单 states when it was made
                assert BUILD_TEXT not in _text(f.data), f.item.title


def test_a_drill_without_a_date_keeps_a_marked_date_beside_its_start_time() -> None:
    drill = load_drill(SAMPLE_DRILL).model
    drill.meta.date = None
    drill.meta.start = "09:00"
    source = DrillSource(drill, None, load_plan(SAMPLE_PLAN).model)
    for kind in (DrillDoc.SCHEME, DrillDoc.SCRIPT, DrillDoc.SCRIPT_PARTICIPANT):
        data, _ = drill_doc_bytes(kind, source)
        d = docx.Document(io.BytesIO(data))
        rows = [[c.text for c in r.cells] for t in d.tables for r in t.rows]
        times = [r[1] for r in rows if len(r) > 1 and r[0] == "时间" and "09:00" in r[1]]
        times += [p.text for p in d.paragraphs if p.text.startswith("时间：")]
        assert times, kind
        assert all(placeholder("演练日期") in t for t in times), (kind, times)
