"""The annual drill and revision work plan (演练和预案修订工作计划).

From each plan's due rules it proposes what must happen in a year:

* drills: enterprise 综合/专项 yearly, 现场处置方案 and key industries half-yearly,
  government 专项/部门 at least every 3 years (only in the years they fall due);
* evaluations: every 3 years from the last revision or evaluation.

A row is anchored to the month it falls due; overdue work goes into the first quarter;
work with no anchor is spread over the months with the least load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.i18n import T
from app.library import Entry, Library
from app.model.kinds import PlanKind, rules_for

TABLETOP = "桌面"
LIVE = "实战"


@dataclass(frozen=True)
class Row:
    entry: Entry
    activity: str  # "drill" or "evaluation"
    month: int
    form: str | None  # 桌面 / 实战 for drills
    responsible: str
    reason: T

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1


def _form(entry: Entry, previous: str | None) -> str:
    if entry.kind is PlanKind.ENTERPRISE_ONSITE:
        return LIVE  # on-site plans are drilled where the work is done
    if previous == TABLETOP:
        return LIVE  # alternate so both forms are exercised over the cycle
    return TABLETOP


def _last_form(entry: Entry) -> str | None:
    plan = entry.plan
    if plan is None or not plan.meta.drill_history:
        return None
    last = max(plan.meta.drill_history, key=lambda d: d.date)
    if last.form and LIVE in last.form:
        return LIVE
    if last.form and TABLETOP in last.form:
        return TABLETOP
    return None


def propose(library: Library, year: int) -> list[Row]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    load = dict.fromkeys(range(1, 13), 0)
    rows: list[Row] = []
    floating: list[tuple[Entry, str, str | None, T]] = []

    def place(entry: Entry, activity: str, month: int, form: str | None, reason: T) -> None:
        load[month] += 1
        rows.append(Row(entry, activity, month, form, entry.unit, reason))

    for entry in library.plans():
        if entry.kind is None:
            continue
        rules = rules_for(entry.kind)
        # drills
        months = _drill_months(entry)
        if months:
            previous = _last_form(entry)
            due = entry.drill_due
            if months <= 6:
                # two drills, half a year apart, the first no later than June
                first = 1 if due is None or due < start or due > end else min(due.month, 6)
                second = min(12, first + 6)
                form = _form(entry, previous)
                source = T(rules.drill_source or "每半年至少一次", "at least every half year")
                place(entry, "drill", first, form, source)
                place(entry, "drill", second, _form(entry, form), source)
            elif due is None:
                floating.append(
                    (
                        entry,
                        "drill",
                        _form(entry, previous),
                        T(rules.drill_source or "尚无演练记录", "no drill on record"),
                    )
                )
            elif due <= end:
                month = 1 if due < start else due.month
                why = (
                    T(f"演练已于 {due} 逾期", f"drill overdue since {due}")
                    if due < start
                    else T(f"演练应于 {due} 前完成（{rules.drill_source}）", f"drill due by {due}")
                )
                place(entry, "drill", month, _form(entry, previous), why)
        # evaluations
        if entry.revision_due is not None and entry.revision_due <= end:
            due = entry.revision_due
            month = 1 if due < start else due.month
            why = (
                T(f"预案评估已于 {due} 逾期", f"evaluation overdue since {due}")
                if due < start
                else T(
                    f"距上次修订满 3 年，应于 {due} 前评估",
                    f"three years since the last revision; due {due}",
                )
            )
            place(entry, "evaluation", month, None, why)
    for entry, activity, form, reason in floating:
        month = min(load, key=lambda m: (load[m], m))
        place(entry, activity, month, form, reason)
    rows.sort(key=lambda r: (r.month, r.activity, r.entry.title))
    return rows


def _drill_months(entry: Entry) -> int | None:
    from app.checks.dues import drill_period

    return drill_period(entry.plan) if entry.plan is not None else None
