"""Word export: plans in official-document format (GB/T 9704-2012) and response cards.

Qt-free; the GUI calls these from a worker thread with a ``Progress`` it can cancel,
the CLI (``python -m app export``) calls the same functions.

    export_plan(plan, path, options=ExportOptions(...), progress=Progress(cb)) -> ExportReport
    export_cards(plan, path, options=..., progress=...) -> ExportReport

``app.export.gongwen`` holds the reusable layout machinery (page setup, styles, heading
numbers, footers, TOC, tables) for other documents.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Loaded on first use, so that importing a light module of the package (the editor
# numbers its outline with ``app.export.text``) does not load python-docx and jinja2.
_WHERE = {
    "cards_docx_bytes": "app.export.cards_docx",
    "export_cards": "app.export.cards_docx",
    "ExportError": "app.export.errors",
    "ExportReport": "app.export.errors",
    "ExportOptions": "app.export.plan_docx",
    "export_plan": "app.export.plan_docx",
    "plan_docx_bytes": "app.export.plan_docx",
    "write_default_templates": "app.export.plan_docx",
    "write_reference_doc": "app.export.plan_docx",
    "workbook_docx_bytes": "app.export.workbook",
    "Cancelled": "app.progress",
    "Progress": "app.progress",
}

if TYPE_CHECKING:
    from app.export.cards_docx import cards_docx_bytes, export_cards
    from app.export.errors import ExportError, ExportReport
    from app.export.plan_docx import (
        ExportOptions,
        export_plan,
        plan_docx_bytes,
        write_default_templates,
        write_reference_doc,
    )
    from app.export.workbook import workbook_docx_bytes
    from app.progress import Cancelled, Progress


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'app.export' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Cancelled",
    "ExportError",
    "ExportOptions",
    "ExportReport",
    "Progress",
    "cards_docx_bytes",
    "export_cards",
    "export_plan",
    "plan_docx_bytes",
    "workbook_docx_bytes",
    "write_default_templates",
    "write_reference_doc",
]
