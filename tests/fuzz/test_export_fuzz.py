"""Any valid plan exports to a .docx that python-docx reopens; any text survives export."""

from __future__ import annotations

import io

import docx
import pytest

from app.export import ExportOptions, cards_docx_bytes, plan_docx_bytes
from tests.integration.export_support import rich_plan


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
