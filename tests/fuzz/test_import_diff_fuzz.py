"""The importer reads back any exported plan without failing; a plan differs from nothing
but itself."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.checks import check_plan
from app.compare import diff_plans
from app.export import ExportOptions, export_plan
from app.importer import import_docx
from app.model.plan import Plan
from app.storage.plans import dumps_plan, loads_plan
from tests.strategies import fuzz_settings, plans


@fuzz_settings(12)
@given(plans(), st.booleans())
def test_the_importer_reads_any_exported_plan(plan: Plan, decimal: bool) -> None:
    options = ExportOptions(numbering="decimal" if decimal else "gongwen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "导出.docx"
        export_plan(plan, path, options=options)
        result = import_docx(path)  # any LoadError here fails the test: the file is ours
    imported = result.plan
    check_plan(imported)
    loads_plan(dumps_plan(imported))  # and the import can be saved and read again
    diff_plans(plan, imported)  # comparing the two must work as well
    assert result.report.lines("zh")


@fuzz_settings(40)
@given(plans())
def test_a_plan_compared_with_itself_has_no_changes(plan: Plan) -> None:
    assert diff_plans(plan, plan).is_empty
    reread = loads_plan(dumps_plan(plan)).model
    same = diff_plans(plan, reread)
    assert same.is_empty, same.lines("zh")[:5]
