"""Due dates: revision/evaluation, drills, filing and review obligations."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from app.checks.workdays import Calendar, default_calendar
from app.i18n import T
from app.model.kinds import (
    HALF_YEAR_DRILL_INDUSTRIES,
    REVIEW_INDUSTRIES,
    PlanSystem,
    UnitScale,
    rules_for,
)
from app.model.plan import Plan, ReviewForm
from app.model.problems import Problem, Severity

SOON_DAYS = 60


def add_months(day: dt.date, months: int) -> dt.date | None:
    """``months`` after ``day``; None past the last date there is (9999-12-31): a due
    date that far away is none."""
    month0 = day.month - 1 + months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Dues:
    """The dates that drive reminders, for the checks and for the library dashboard."""

    last_revised: dt.date | None
    revision_due: dt.date | None
    last_drill: dt.date | None
    drill_months: int | None
    drill_due: dt.date | None
    filing_due: dt.date | None
    filed: bool


def last_revised(plan: Plan) -> dt.date | None:
    dates = [plan.meta.issued, plan.meta.last_evaluated]
    dates += [r.date for r in plan.meta.revision_history]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def drill_period(plan: Plan) -> int | None:
    rules = rules_for(plan.meta.kind)
    months = rules.drill_months
    if (
        months is not None
        and rules.system is PlanSystem.ENTERPRISE
        and plan.meta.unit.industry in HALF_YEAR_DRILL_INDUSTRIES
    ):
        months = min(months, 6)  # 办法第三十三条: key sectors drill every half year
    return months


def compute_dues(
    plan: Plan, cal: Calendar | None = None, extra_drills: tuple[dt.date, ...] = ()
) -> Dues:
    """Due dates of a plan; ``extra_drills`` are drills known from elsewhere (drill files)."""
    rules = rules_for(plan.meta.kind)
    revised = last_revised(plan)
    revision_due = (
        add_months(revised, rules.evaluation_months)
        if revised is not None and rules.evaluation_months
        else None
    )
    drills = [d.date for d in plan.meta.drill_history] + list(extra_drills)
    last_drill = max(drills) if drills else None
    months = drill_period(plan)
    base = last_drill or plan.meta.issued
    drill_due = add_months(base, months) if base is not None and months else None
    filed = plan.meta.filing is not None and plan.meta.filing.submitted is not None
    filing_due = None
    if plan.meta.issued is not None and rules.filing_days:
        filing_due = (cal or default_calendar()).add_workdays(plan.meta.issued, rules.filing_days)
    return Dues(revised, revision_due, last_drill, months, drill_due, filing_due, filed)


def needs_formal_review(plan: Plan) -> bool:
    """办法第二十一条: these units need 评审; all other units may use 论证."""
    unit = plan.meta.unit
    return unit.industry in REVIEW_INDUSTRIES or unit.scale in (UnitScale.LARGE, UnitScale.MEDIUM)


def check_dues(plan: Plan, today: dt.date, cal: Calendar | None = None) -> list[Problem]:
    cal = cal or default_calendar()
    dues = compute_dues(plan, cal)
    out: list[Problem] = []
    if dues.revision_due is not None:
        if today > dues.revision_due:
            out.append(
                Problem(
                    Severity.WARNING,
                    "due.revision",
                    T(
                        f"距上次修订或评估（{dues.last_revised}）已超过规定期限，应于 {dues.revision_due} 前完成评估",
                        f"last revised or evaluated on {dues.last_revised}; evaluation was due by {dues.revision_due}",
                    ),
                    ("meta", "revision_history"),
                    hint=T(
                        "请开展预案评估，必要时修订", "Evaluate the plan and revise it if needed"
                    ),
                )
            )
        elif (dues.revision_due - today).days <= SOON_DAYS:
            out.append(
                Problem(
                    Severity.INFO,
                    "due.revision_soon",
                    T(
                        f"预案评估将于 {dues.revision_due} 到期",
                        f"plan evaluation falls due on {dues.revision_due}",
                    ),
                    ("meta", "revision_history"),
                )
            )
    if dues.drill_due is not None and today > dues.drill_due:
        period = T(f"每 {dues.drill_months} 个月", f"every {dues.drill_months} months")
        if dues.last_drill is None:
            message = T(
                f"尚无演练记录（应{period.zh}至少演练一次，{dues.drill_due} 前应完成）",
                f"no drill recorded (due {period.en}; first one was due by {dues.drill_due})",
            )
        else:
            message = T(
                f"上次演练为 {dues.last_drill}，已超过{period.zh}的演练要求",
                f"last drill on {dues.last_drill}; drills are due {period.en}",
            )
        out.append(
            Problem(
                Severity.WARNING,
                "due.drill",
                message,
                ("meta", "drill_history"),
                hint=T(rules_for(plan.meta.kind).drill_source or "请安排演练", "Schedule a drill"),
            )
        )
    if dues.filing_due is not None and not dues.filed:
        if today > dues.filing_due:
            out.append(
                Problem(
                    Severity.ERROR,
                    "due.filing",
                    T(
                        f"已超过备案期限（颁布后 20 个工作日，截止 {dues.filing_due}），尚无备案记录",
                        f"filing deadline passed ({dues.filing_due}, 20 working days after issue) with no filing recorded",
                    ),
                    ("meta", "filing"),
                    hint=T(
                        "请尽快报送备案，并在“备案”中记录报送日期",
                        "File it now and record the date under Filing",
                    ),
                )
            )
        else:
            out.append(
                Problem(
                    Severity.INFO,
                    "due.filing_soon",
                    T(
                        f"应于 {dues.filing_due} 前报送备案（颁布后 20 个工作日）",
                        f"file with the authority by {dues.filing_due} (20 working days after issue)",
                    ),
                    ("meta", "filing"),
                )
            )
    if dues.filing_due is not None and not dues.filed:
        out += _check_calendar(plan, dues.filing_due, cal)
    out += _check_review(plan)
    return out


def _check_calendar(plan: Plan, due: dt.date, cal: Calendar) -> list[Problem]:
    """Say when the filing deadline rests on an incomplete holiday list."""
    out = [
        Problem(Severity.WARNING, "due.calendar_file", message, ("meta", "filing"))
        for message in cal.warnings
    ]
    issued = plan.meta.issued or due
    years = cal.missing_years(issued, due)
    if years:
        listed = "、".join(str(y) for y in years)
        out.append(
            Problem(
                Severity.INFO,
                "due.calendar_years",
                T(
                    f"节假日表未收录 {listed} 年的放假安排，备案期限 {due} 只扣除了周末，请核对",
                    f"the holiday list has no schedule for {', '.join(map(str, years))}; "
                    f"the filing deadline {due} counts weekends only, so check it",
                ),
                ("meta", "filing"),
                hint=T(
                    "可在用户数据文件夹的 holidays.yaml 中补充（见 README“备案材料”一节）",
                    "Add the year to holidays.yaml in the user data folder (README, Filing package)",
                ),
            )
        )
    return out


def _check_review(plan: Plan) -> list[Problem]:
    rules = rules_for(plan.meta.kind)
    if rules.system is not PlanSystem.ENTERPRISE or plan.meta.issued is None:
        return []
    review = plan.meta.review
    formal = needs_formal_review(plan)
    if review is None:
        what = (
            T("评审", "an expert review (评审)")
            if formal
            else T("评审或论证", "a review or demonstration (评审/论证)")
        )
        return [
            Problem(
                Severity.ERROR,
                "review.missing",
                T(
                    f"已颁布的预案缺少{what.zh}记录（办法第二十一条）",
                    f"issued plan has no record of {what.en} (Art. 21)",
                ),
                ("meta", "review"),
            )
        ]
    if formal and review.form is ReviewForm.DEMONSTRATION:
        return [
            Problem(
                Severity.ERROR,
                "review.form",
                T(
                    "该单位（矿山、金属冶炼、危险化学品、烟花爆竹或中型以上）应组织评审，仅论证不符合办法第二十一条",
                    "this unit must hold a formal review (评审), a demonstration (论证) is not enough (Art. 21)",
                ),
                ("meta", "review", "form"),
            )
        ]
    return []
