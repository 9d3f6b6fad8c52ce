"""Import Word plans (.docx) into PlanDrill plans. Qt-free; the GUI and the CLI call it.

``import_docx(path, kind=None, progress=None) -> ImportResult(plan, report)``; bad
files raise ``app.storage.errors.LoadError`` with a message for the user; cancelling
through ``progress`` raises ``Cancelled``.
"""

from __future__ import annotations

from app.importer.kinds import guess_kind, parse_kind
from app.importer.package import MAX_FILE_BYTES, open_docx
from app.importer.progress import Cancelled, Progress, ProgressHook
from app.importer.report import ImportReport
from app.importer.word import ImportResult, import_docx

__all__ = [
    "MAX_FILE_BYTES",
    "Cancelled",
    "ImportReport",
    "ImportResult",
    "Progress",
    "ProgressHook",
    "guess_kind",
    "import_docx",
    "open_docx",
    "parse_kind",
]
