"""Working-day arithmetic for filing deadlines (weekends, public holidays, 调休).

The public holidays and the weekend days that are worked (调休上班) come from the bundled
``holidays.yaml``. A user can extend it without touching the installation: a file of the
same shape named ``holidays.yaml`` in the user data folder (``$PLANDRILL_HOME`` when that
is set, otherwise the per-user folder the GUI uses, see ``user_calendar_path``) is read
as well, and its dates are added to the bundled ones. A broken user file never stops a
check: the bundled list is used and the calendar carries a warning that says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from app.i18n import T
from app.paths import user_data_dir
from app.storage.errors import LoadError
from app.storage.yamlio import LineMap, load_text, read_file

USER_CALENDAR_NAME = "holidays.yaml"
MAX_RANGE_DAYS = 366  # one entry spanning more than a year is a typo, not a holiday


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()  # weekend days that are worked (调休)
    # years whose official schedule the lists hold; other years count weekends only
    years: frozenset[int] = frozenset()
    warnings: tuple[T, ...] = field(default=(), compare=False)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_workdays(self, start: dt.date, count: int) -> dt.date | None:
        """The date ``count`` working days after ``start`` (start itself not counted);
        None when that is past the last date there is (9999-12-31)."""
        day = start
        left = count
        while left > 0:
            if day >= dt.date.max:
                return None
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        n = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n += 1
        return n

    def missing_years(self, start: dt.date, end: dt.date) -> list[int]:
        """Years between the two dates whose holidays the calendar does not know."""
        first, last = sorted((start.year, end.year))
        return [y for y in range(first, last + 1) if y not in self.years]

    def merged(self, other: Calendar) -> Calendar:
        """Both calendars' dates; a day either one says is worked is worked."""
        return Calendar(
            holidays=self.holidays | other.holidays,
            workdays=self.workdays | other.workdays,
            years=self.years | other.years,
            warnings=self.warnings + other.warnings,
        )


class CalendarError(LoadError):
    """A holiday list has an entry that is not a date or a [first, last] range."""


def _day(value: Any, filename: str, line: int | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise CalendarError(
        filename,
        T(
            f"“{value}”不是日期，应写作 2026-10-01 或 [2026-10-01, 2026-10-07]",
            f"'{value}' is not a date; write 2026-10-01 or [2026-10-01, 2026-10-07]",
        ),
        line=line,
    )


def _expand(items: Any, key: str, filename: str, lines: LineMap | None) -> set[dt.date]:
    def line_of(*path: str | int) -> int | None:
        return lines.line_for((key, *path)) if lines is not None else None

    if items is None:
        return set()
    if not isinstance(items, list):
        raise CalendarError(
            filename,
            T(f"“{key}”应为日期列表", f"'{key}' must be a list of dates"),
            line=line_of(),
        )
    out: set[dt.date] = set()
    for i, item in enumerate(items):
        if isinstance(item, list):
            if len(item) != 2:
                raise CalendarError(
                    filename,
                    T(
                        "日期区间应写作 [第一天, 最后一天]",
                        "a range is written [first day, last day]",
                    ),
                    line=line_of(i),
                )
            first = _day(item[0], filename, line_of(i, 0))
            last = _day(item[1], filename, line_of(i, 1))
            if last < first or (last - first).days > MAX_RANGE_DAYS:
                raise CalendarError(
                    filename,
                    T(
                        f"日期区间 {first} 至 {last} 不合理",
                        f"the range {first} to {last} is not plausible",
                    ),
                    line=line_of(i),
                )
            day = first
            while day <= last:
                out.add(day)
                day += dt.timedelta(days=1)
        else:
            out.add(_day(item, filename, line_of(i)))
    return out


def _calendar(data: Any, filename: str, lines: LineMap | None) -> Calendar:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CalendarError(
            filename,
            T(
                "节假日表应包含 holidays 和 workdays 两个列表",
                "a holiday list holds two lists, holidays and workdays",
            ),
            line=1,
        )
    unknown = [k for k in data if k not in ("holidays", "workdays", "years")]
    if unknown:
        raise CalendarError(
            filename,
            T(
                f"未知的键“{unknown[0]}”（只能是 holidays、workdays、years）",
                f"unknown key '{unknown[0]}' (use holidays, workdays, years)",
            ),
            line=lines.line_for((unknown[0],)) if lines is not None else None,
        )
    holidays = _expand(data.get("holidays"), "holidays", filename, lines)
    workdays = _expand(data.get("workdays"), "workdays", filename, lines)
    years = {d.year for d in holidays}
    extra_years = data.get("years") or []
    if not isinstance(extra_years, list) or not all(
        isinstance(y, int) and not isinstance(y, bool) for y in extra_years
    ):
        raise CalendarError(
            filename,
            T(
                "“years”应为年份列表，如 [2027]",
                "'years' must be a list of years such as [2027]",
            ),
            line=lines.line_for(("years",)) if lines is not None else None,
        )
    return Calendar(
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        years=frozenset(years | set(extra_years)),
    )


def parse_calendar(text: str, filename: str = "<text>") -> Calendar:
    """A calendar from the text of a holiday list; raises ``LoadError`` when it is bad."""
    doc = load_text(text, filename)
    return _calendar(doc.data, filename, doc.lines)


def load_calendar(path: str | Path) -> Calendar:
    """A calendar from a holiday-list file; raises ``LoadError`` when it is bad."""
    doc = read_file(path)
    return _calendar(doc.data, str(path), doc.lines)


@cache
def builtin_calendar() -> Calendar:
    text = resources.files("app.checks").joinpath("holidays.yaml").read_text(encoding="utf-8")
    return parse_calendar(text, "app/checks/holidays.yaml")


def user_calendar_path() -> Path:
    """Where a user's own additions to the holiday list are read from."""
    return user_data_dir() / USER_CALENDAR_NAME  # the same folder the GUI uses


@cache
def _user_calendar(path: str, stamp: tuple[int, int]) -> Calendar:
    try:
        return load_calendar(path)
    except LoadError as exc:
        return Calendar(
            warnings=(
                T(
                    f"{exc.location()}: 自定义节假日表无法使用（{exc.text('zh')}），只按内置节假日表计算",
                    f"{exc.location()}: the user holiday list cannot be used ({exc.text('en')}); "
                    "only the bundled list counts",
                ),
            )
        )


def default_calendar() -> Calendar:
    """The bundled holidays plus the user's own list, re-read when that file changes."""
    builtin = builtin_calendar()
    path = user_calendar_path()
    try:
        st = path.stat()
    except OSError:
        return builtin
    return builtin.merged(_user_calendar(str(path), (st.st_mtime_ns, st.st_size)))
