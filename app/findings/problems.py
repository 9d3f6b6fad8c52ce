"""Problems for the plan's problems dock: findings of its drills that are overdue or
point to an element the plan no longer has.

Each problem carries the schema path of the element the finding points to (so the dock
jumps to it) and, with ``lines``, its line in the plan file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from app.findings.links import LinkedDrills, LinkedFinding, ref_path
from app.i18n import T
from app.model.plan import Plan
from app.model.problems import Problem, Severity
from app.storage.yamlio import LineMap

HINT_CLOSE = T(
    "整改完成后在演练文件中关闭该问题（python -m app findings close 演练文件 编号）",
    "Close it in the drill file once fixed (python -m app findings close DRILL ID)",
)


def _who(lf: LinkedFinding) -> T:
    f = lf.finding
    owner = f.owner or ""
    return T(
        f"，责任人 {owner}" if owner else "，未指定责任人",
        f", owner {owner}" if owner else ", no owner",
    )


def finding_problems(
    plan: Plan,
    linked: LinkedDrills | Iterable[LinkedFinding],
    today: dt.date | None = None,
    *,
    lines: LineMap | None = None,
    filename: str | None = None,
) -> list[Problem]:
    """Overdue open findings (warning) and open findings whose element is gone (warning)."""
    today = today or dt.date.today()
    items = linked.findings if isinstance(linked, LinkedDrills) else list(linked)
    out: list[Problem] = list(linked.problems) if isinstance(linked, LinkedDrills) else []
    for lf in items:
        if not lf.is_open:
            continue
        f = lf.finding
        path = ref_path(plan, f.ref) if f.ref else None
        where = lf.drill_path.name
        sev = f.severity
        if f.ref and path is None:
            out.append(
                Problem(
                    Severity.WARNING,
                    "finding.dangling",
                    T(
                        f"演练“{lf.drill_title}”发现的问题 {f.id} 指向的预案内容“{f.ref}”已不存在：{f.text}",
                        f"finding {f.id} of drill '{lf.drill_title}' points to '{f.ref}', "
                        f"which the plan no longer has: {f.text}",
                    ),
                    ("meta",),
                    None,
                    filename,
                    T(
                        f"请在 {where} 中把该问题的 ref 改为现在的预案内容",
                        f"Point the finding's ref in {where} at the element as it is now",
                    ),
                )
            )
        if lf.overdue(today):
            days = (today - f.due).days if f.due else 0
            who = _who(lf)
            target = path or ("meta",)
            out.append(
                Problem(
                    Severity.WARNING,
                    "finding.overdue",
                    T(
                        f"演练“{lf.drill_title}”发现的{sev.zh} {f.id} 已逾期 {days} 天"  # type: ignore[attr-defined]
                        f"（整改期限 {f.due}{who.zh}）：{f.text}",
                        f"{sev.en.lower()} finding {f.id} of drill '{lf.drill_title}' is "  # type: ignore[attr-defined]
                        f"{days} day(s) overdue (due {f.due}{who.en}): {f.text}",
                    ),
                    target,
                    lines.line_for(target) if lines is not None else None,
                    filename,
                    HINT_CLOSE,
                )
            )
    return out


__all__ = ["finding_problems"]
