"""Word export: plans in official-document format (GB/T 9704-2012) and response cards.

Qt-free; the GUI calls these from a worker thread with a ``Progress`` it can cancel,
the CLI (``python -m app export``) calls the same functions.

    export_plan(plan, path, options=ExportOptions(...), progress=Progress(cb)) -> ExportReport
    export_cards(plan, path, options=..., progress=...) -> ExportReport

``app.export.gongwen`` holds the reusable layout machinery (page setup, styles, heading
numbers, footers, TOC, tables) for other documents.
"""

from app.export.cards_docx import cards_docx_bytes, export_cards
from app.export.errors import ExportError, ExportReport
from app.export.plan_docx import (
    ExportOptions,
    export_plan,
    plan_docx_bytes,
    write_default_templates,
    write_reference_doc,
)
from app.progress import Cancelled, Progress

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
    "write_default_templates",
    "write_reference_doc",
]
