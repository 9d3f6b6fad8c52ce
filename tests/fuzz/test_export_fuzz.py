"""Any valid plan exports to a .docx that python-docx reopens; any text survives export."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.export import ExportError, ExportOptions, cards_docx_bytes, plan_docx_bytes
from app.export.text import lines
from app.model.plan import Plan, walk_sections
from app.model.prose import paragraphs
from tests.integration.export_support import rich_plan
from tests.strategies import fuzz_settings, plans


def _reopen(data: bytes) -> docx.document.Document:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
    return docx.Document(io.BytesIO(data))


def _text(document: docx.document.Document) -> str:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            out.extend(cell.text for cell in row.cells)
    return "\n".join(out)


@fuzz_settings(15)
@given(plans(), st.booleans())
def test_any_valid_plan_exports_to_a_docx_word_can_open(plan: Plan, single_sided: bool) -> None:
    data, report = plan_docx_bytes(plan, options=ExportOptions(duplex=not single_sided))
    text = _text(_reopen(data))
    # every paragraph of every section body (a Markdown subset since issue 20: read as
    # the exporter reads it; table rows cell by cell) is there, control characters removed
    for _, section, _ in walk_sections(plan.sections) + walk_sections(plan.appendices):
        for paragraph in paragraphs(section.body):
            for piece in paragraph.split("\t"):
                for line in lines(piece):
                    assert line in text, line[:80]
    assert report.count >= 0


@fuzz_settings(15)
@given(plans())
def test_any_valid_plan_exports_its_cards(plan: Plan) -> None:
    if plan.organization.is_empty():  # nobody to give a card to: said so, nothing written
        with pytest.raises(ExportError, match="工作组"):
            cards_docx_bytes(plan)
        return
    data, report = cards_docx_bytes(plan)
    text = _text(_reopen(data))
    assert report.count == len(plan.organization.units())
    for unit in plan.organization.units():
        for line in lines(unit.name):
            assert line in text


@pytest.mark.parametrize("length", [10_001, 250_000])
def test_a_very_long_title_and_unit_export_whole(length: int) -> None:
    """The template limits bound what a template builds, not what the plan hands it."""
    plan = rich_plan()
    title = ("应急" * length)[:length]
    unit = ("单位" * length)[:length]
    plan.meta.title = title
    plan.meta.unit.name = unit
    plan.organization.groups[0].name = title
    data, _ = plan_docx_bytes(plan, options=ExportOptions(toc_levels=0))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert title in text and unit in text
    cards, _ = cards_docx_bytes(plan)
    docx.Document(io.BytesIO(cards))
