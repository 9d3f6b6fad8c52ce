"""Compare two versions of a plan structurally (修订对照表). Qt-free; the GUI and the CLI call it.

``diff_plans(old, new) -> PlanDiff``; ``PlanDiff.lines(lang)`` is the terminal summary,
``PlanDiff.changes`` the elements that differ, and ``write_comparison_docx(diff, path)``
writes the side-by-side 修订对照表 (``build_comparison_docx`` returns its bytes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.compare.diff import Change, ChangeKind, FieldChange, PlanDiff, diff_plans

if TYPE_CHECKING:
    from app.compare.docx_report import build_comparison_docx, write_comparison_docx


def __getattr__(name: str) -> Any:
    # the Word report loads python-docx: only when asked for (the editor imports
    # app.compare.numbers at start-up)
    if name in ("build_comparison_docx", "write_comparison_docx"):
        from app.compare import docx_report

        return getattr(docx_report, name)
    raise AttributeError(f"module 'app.compare' has no attribute {name!r}")


__all__ = [
    "Change",
    "ChangeKind",
    "FieldChange",
    "PlanDiff",
    "build_comparison_docx",
    "diff_plans",
    "write_comparison_docx",
]
