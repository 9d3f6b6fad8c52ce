"""The annual drill and revision work plan (演练和预案修订工作计划).

From each plan's due rules it proposes what must happen in a year:

* drills: enterprise 综合/专项 yearly, 现场处置方案 and key industries half-yearly,
  government 专项/部门 at least every 3 years (only in the years they fall due);
* evaluations: every 3 years from the last revision or evaluation.

A row is anchored to the month it falls due; overdue work goes into the first quarter;
work with no anchor (a plan never drilled) is spread over the months with the least
load, after every anchored row is placed, in title order so the result never depends on
the order files were read: a half-yearly pair takes the two months six apart (1 and 7 …
6 and 12) whose load together is least, a yearly drill the month with the least load;
ties go to the earlier month. Each row says why
it is there: how the date came about and the rule, cited by article ("办法" is the
《生产安全事故应急预案管理办法》, "国办发〔2024〕5号" the 《突发事件应急预案管理办法》).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.export.text import cn_date
from app.i18n import T
from app.library import LIVE, TABLETOP, Entry, Library
from app.library.facts import plan_of
from app.model.kinds import PlanKind, PlanSystem, rules_for


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


def drill_rule(kind: PlanKind, months: int) -> T:
    """The rule that sets a plan's drill period, cited by article."""
    if rules_for(kind).system is PlanSystem.ENTERPRISE:
        if months > 6:
            return T(
                "办法第三十三条：综合、专项应急预案每年至少演练一次",
                "Art. 33 of the Measures: comprehensive and special plans are drilled yearly",
            )
        if kind is PlanKind.ENTERPRISE_ONSITE:
            return T(
                "办法第三十三条：现场处置方案每半年至少演练一次",
                "Art. 33 of the Measures: on-site plans are drilled every half year",
            )
        return T(
            "办法第三十三条：重点行业单位每半年至少演练一次",
            "Art. 33 of the Measures: units of key sectors drill every half year",
        )
    years = max(1, months // 12)
    if kind is PlanKind.GOV_OVERALL:
        return T(
            f"参照国办发〔2024〕5号第三十二条：每{years}年至少演练一次",
            f"by analogy with Guobanfa [2024] No. 5, Art. 32: at least every {years} years",
        )
    return T(
        f"国办发〔2024〕5号第三十二条：专项、部门应急预案每{years}年至少演练一次",
        f"Guobanfa [2024] No. 5, Art. 32: special and department plans at least every {years} years",
    )


def evaluation_rule(kind: PlanKind) -> T:
    if rules_for(kind).system is PlanSystem.ENTERPRISE:
        return T(
            "办法第三十五条：每3年至少评估一次",
            "Art. 35 of the Measures: evaluated at least every three years",
        )
    return T(
        "国办发〔2024〕5号第三十四条：原则上每3年评估一次",
        "Guobanfa [2024] No. 5, Art. 34: evaluated every three years as a rule",
    )


def _why(what: T, due: dt.date, today: dt.date, rule: T) -> T:
    day = cn_date(due)  # a document writes 2026年3月15日
    if due < today:
        return T(f"{what.zh}已于{day}逾期；{rule.zh}", f"{what.en} overdue since {due}; {rule.en}")
    return T(f"{what.zh}应于{day}前完成；{rule.zh}", f"{what.en} due by {due}; {rule.en}")


def _never(rule: T) -> T:
    return T(f"尚无演练记录；{rule.zh}", f"no drill on record; {rule.en}")


def _second(rule: T) -> T:
    return T(f"下半年第二次演练；{rule.zh}", f"second drill of the year; {rule.en}")


DRILL = T("演练", "drill")
EVALUATION = T("评估", "evaluation")


def propose(library: Library, year: int) -> list[Row]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    today = library.today
    load = dict.fromkeys(range(1, 13), 0)
    rows: list[Row] = []
    floating: list[tuple[Entry, str | None, T]] = []  # yearly drills without an anchor
    pairs: list[tuple[Entry, str, str, T]] = []  # half-yearly pairs without an anchor: rule

    def place(entry: Entry, activity: str, month: int, form: str | None, reason: T) -> None:
        load[month] += 1
        rows.append(Row(entry, activity, month, form, entry.unit, reason))

    for entry in library.plans():
        if entry.kind is None:
            continue
        # drills
        months = _drill_months(entry)
        if months:
            rule = drill_rule(entry.kind, months)
            previous = entry.last_drill_form
            due = entry.drill_due
            if months <= 6:
                # two drills, half a year apart, the first no later than June
                form = _form(entry, previous)
                if due is None:  # never drilled: balanced with the rest, below
                    pairs.append((entry, form, _form(entry, form), rule))
                else:
                    first = 1 if due < start or due > end else min(due.month, 6)
                    why = rule if due > end else _why(DRILL, due, today, rule)
                    place(entry, "drill", first, form, why)
                    place(entry, "drill", min(12, first + 6), _form(entry, form), _second(rule))
            elif due is None:
                floating.append((entry, _form(entry, previous), _never(rule)))
            elif due <= end:
                month = 1 if due < start else due.month
                place(entry, "drill", month, _form(entry, previous), _why(DRILL, due, today, rule))
        # evaluations
        if entry.revision_due is not None and entry.revision_due <= end:
            due = entry.revision_due
            month = 1 if due < start else due.month
            rule = evaluation_rule(entry.kind)
            place(entry, "evaluation", month, None, _why(EVALUATION, due, today, rule))
    # never-drilled plans last, by title: each goes where the year has least work
    for entry, form, again, rule in sorted(pairs, key=lambda p: (p[0].title, str(p[0].path))):
        first = min(range(1, 7), key=lambda m: (load[m] + load[m + 6], m))
        place(entry, "drill", first, form, _never(rule))
        place(entry, "drill", first + 6, again, _second(rule))
    for entry, form, reason in sorted(floating, key=lambda f: (f[0].title, str(f[0].path))):
        month = min(load, key=lambda m: (load[m], m))
        place(entry, "drill", month, form, reason)
    rows.sort(key=lambda r: (r.month, r.activity, r.entry.title))
    return rows


def _drill_months(entry: Entry) -> int | None:
    from app.checks.dues import drill_period

    return drill_period(plan_of(entry.meta)) if entry.meta is not None else None
