"""Compare two versions of a plan structurally (修订对照表). Qt-free; the GUI and the CLI call it.

``diff_plans(old, new) -> PlanDiff``; ``PlanDiff.lines(lang)`` is the terminal summary and
``write_comparison_docx(diff, path)`` writes the side-by-side 修订对照表.
"""

from __future__ import annotations

from app.compare.diff import Change, ChangeKind, FieldChange, PlanDiff, diff_plans

__all__ = ["Change", "ChangeKind", "FieldChange", "PlanDiff", "diff_plans"]
