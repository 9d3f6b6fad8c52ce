"""Working-day arithmetic for filing deadlines (weekends, public holidays, 调休)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()  # weekend days that are worked (调休)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The date ``count`` working days after ``start`` (start itself not counted)."""
        day = start
        left = count
        while left > 0:
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


def _expand(items: list) -> set[dt.date]:
    out: set[dt.date] = set()
    for item in items or ():
        if isinstance(item, list):
            first, last = item
            day = first
            while day <= last:
                out.add(day)
                day += dt.timedelta(days=1)
        else:
            out.add(item)
    return out


def parse_calendar(text: str) -> Calendar:
    data = yaml.safe_load(text) or {}
    return Calendar(
        holidays=frozenset(_expand(data.get("holidays", []))),
        workdays=frozenset(_expand(data.get("workdays", []))),
    )


@cache
def default_calendar() -> Calendar:
    text = resources.files("app.checks").joinpath("holidays.yaml").read_text(encoding="utf-8")
    return parse_calendar(text)
