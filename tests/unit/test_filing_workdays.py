"""The working-day calendar behind the 20-working-day filing deadline: weekends, public
holidays, 调休 workdays, the user's own additions, and what the checks say about them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from app.checks import check_plan
from app.checks.workdays import (
    Calendar,
    builtin_calendar,
    default_calendar,
    parse_calendar,
    user_calendar_path,
)
from app.filing import filing_deadline
from app.model.plan import Plan
from app.storage.errors import LoadError

D = dt.date


def plan_issued(issued: str, kind: str = "enterprise_special", **meta: object) -> Plan:
    return Plan.model_validate(
        {"meta": {"title": "预案", "kind": kind, "unit": {"name": "甲"}, "issued": issued, **meta}}
    )


# --- plain arithmetic ---------------------------------------------------------------------


def test_weekends_are_skipped_and_the_start_day_is_not_counted() -> None:
    cal = Calendar()
    # Friday + 1 working day is Monday; + 5 is the next Friday
    assert cal.add_workdays(D(2027, 3, 5), 1) == D(2027, 3, 8)
    assert cal.add_workdays(D(2027, 3, 5), 5) == D(2027, 3, 12)
    # from a Saturday, the first working day is Monday
    assert cal.add_workdays(D(2027, 3, 6), 1) == D(2027, 3, 8)
    assert cal.add_workdays(D(2027, 3, 5), 20) == D(2027, 4, 2)
    assert cal.workdays_between(D(2027, 3, 5), D(2027, 4, 2)) == 20


def test_holidays_are_skipped_and_adjusted_weekend_days_are_worked() -> None:
    cal = parse_calendar(
        "holidays:\n  - 2027-03-10\n  - [2027-03-15, 2027-03-16]\nworkdays:\n  - 2027-03-13\n"
    )
    assert not cal.is_workday(D(2027, 3, 10))  # a Wednesday holiday
    assert cal.is_workday(D(2027, 3, 13))  # a Saturday worked in lieu (调休上班)
    assert not cal.is_workday(D(2027, 3, 14))  # the Sunday stays a weekend
    # Tue 9 → Thu 11 (Wed 10 is off), Fri 12, Sat 13 worked, Mon/Tue 15–16 off, Wed 17
    assert cal.add_workdays(D(2027, 3, 9), 1) == D(2027, 3, 11)
    assert cal.add_workdays(D(2027, 3, 9), 3) == D(2027, 3, 13)
    assert cal.add_workdays(D(2027, 3, 9), 4) == D(2027, 3, 17)
    assert cal.years == {2027}


def test_deadline_across_the_2026_spring_festival() -> None:
    # Issued Tue 2026-02-10. Counting: 11, 12, 13 (3); Sat 14 worked (4); 15–23 春节;
    # 24–27 (8); Sat 28 worked (9); Mar 2–6 (14); Mar 9–13 (19); Mon Mar 16 (20).
    cal = builtin_calendar()
    assert cal.add_workdays(D(2026, 2, 10), 20) == D(2026, 3, 16)
    deadline = filing_deadline(plan_issued("2026-02-10"), D(2026, 3, 1), cal)
    assert deadline.due == D(2026, 3, 16)
    assert deadline.workdays_left == 11  # Mar 2–6, 9–13, 16


def test_deadline_across_the_2026_national_day() -> None:
    # Issued Fri 2026-09-18. Sun 20 worked (1); 21–24 (5); 25–27 中秋; 28–30 (8);
    # Oct 1–7 国庆; 8, 9 (10); Sat 10 worked (11); 12–16 (16); 19–22 (20).
    cal = builtin_calendar()
    assert cal.add_workdays(D(2026, 9, 18), 20) == D(2026, 10, 22)
    assert cal.is_workday(D(2026, 10, 8))  # a normal Thursday after the holiday


def test_deadline_across_the_2025_spring_festival() -> None:
    # Issued Fri 2025-01-17: 20–24 (5); Sun 26 worked (6); 27 (7); 28 Jan–4 Feb 春节;
    # 5–7 (10); Sat 8 worked (11); 10–14 (16); 17–20 (20).
    assert builtin_calendar().add_workdays(D(2025, 1, 17), 20) == D(2025, 2, 20)


@pytest.mark.parametrize(
    ("day", "worked"),
    [
        (D(2024, 2, 4), True),  # Sunday worked before 春节 2024
        (D(2024, 2, 12), False),
        (D(2025, 1, 1), False),
        (D(2025, 10, 8), False),  # 国庆 and 中秋 together, eight days
        (D(2025, 10, 11), True),
        (D(2026, 1, 4), True),
        (D(2026, 2, 23), False),  # the last day of the nine-day 春节 2026
        (D(2026, 5, 9), True),
        (D(2026, 6, 19), False),
        (D(2026, 9, 25), False),
    ],
)
def test_bundled_calendar_follows_the_state_council_notices(day: dt.date, worked: bool) -> None:
    assert builtin_calendar().is_workday(day) is worked


def test_bundled_calendar_knows_2024_to_2026_only() -> None:
    assert {2024, 2025, 2026} <= builtin_calendar().years
    assert 2027 not in builtin_calendar().years


# --- bad holiday lists -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "holidays: 2026-01-01\n",
        "holidays:\n  - tomorrow\n",
        "holidays:\n  - [2026-01-03, 2026-01-01]\n",
        "holidays:\n  - [2026-01-01]\n",
        "holiday:\n  - 2026-01-01\n",
        "years: [next]\n",
        "- 2026-01-01\n",
    ],
)
def test_a_bad_holiday_list_is_refused_with_its_line(text: str) -> None:
    with pytest.raises(LoadError) as err:
        parse_calendar(text, "h.yaml")
    assert err.value.filename == "h.yaml"
    assert err.value.line is not None


# --- the user's own list ---------------------------------------------------------------------


def test_user_list_lives_in_plandrill_home() -> None:
    assert user_calendar_path() == Path(os.environ["PLANDRILL_HOME"]) / "holidays.yaml"


def test_user_list_extends_the_bundled_one() -> None:
    # Without a 2027 schedule, Fri 2027-01-29 + 1 is Monday Feb 1.
    assert default_calendar().add_workdays(D(2027, 1, 29), 1) == D(2027, 2, 1)
    user_calendar_path().write_text(
        "# 2027 (example)\nholidays:\n  - [2027-02-01, 2027-02-05]\nworkdays:\n  - 2027-02-06\n",
        encoding="utf-8",
    )
    cal = default_calendar()
    assert cal.add_workdays(D(2027, 1, 29), 1) == D(2027, 2, 6)
    assert 2027 in cal.years and 2026 in cal.years
    assert not cal.is_workday(D(2026, 2, 16))  # the bundled holidays still count


def test_changes_to_the_user_list_are_picked_up() -> None:
    path = user_calendar_path()
    path.write_text("holidays:\n  - 2027-03-01\n", encoding="utf-8")
    assert not default_calendar().is_workday(D(2027, 3, 1))
    path.write_text("holidays:\n  - 2027-03-02\n# changed\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    cal = default_calendar()
    assert cal.is_workday(D(2027, 3, 1))
    assert not cal.is_workday(D(2027, 3, 2))


def test_a_broken_user_list_warns_and_the_bundled_list_still_counts() -> None:
    user_calendar_path().write_text("holidays:\n  - [2027-01-01\n", encoding="utf-8")
    cal = default_calendar()
    assert cal.warnings and "holidays.yaml" in cal.warnings[0].zh
    assert not cal.is_workday(D(2026, 10, 1))
    plan = plan_issued("2026-11-20")
    found = {p.code for p in check_plan(plan, today=D(2026, 11, 23))}
    assert "due.calendar_file" in found
    assert "due.filing_soon" in found


def test_checks_say_when_the_deadline_counts_weekends_only() -> None:
    plan = plan_issued("2027-06-01")
    problems = [p for p in check_plan(plan, today=D(2027, 6, 2)) if p.code == "due.calendar_years"]
    assert len(problems) == 1
    assert "2027" in problems[0].message.zh
    # a year the list knows: no such note
    assert not [
        p
        for p in check_plan(plan_issued("2026-06-01"), today=D(2026, 6, 2))
        if p.code == "due.calendar_years"
    ]
    # nor once the plan is filed
    filed = plan_issued("2027-06-01", filing={"submitted": "2027-06-10"})
    assert not [p for p in check_plan(filed, today=D(2027, 6, 12)) if p.code.startswith("due.cal")]
