"""Dates typed the ways planners write them."""

from __future__ import annotations

import datetime as dt

import pytest

from app.model.dates import parse_date, try_parse_date

MARCH_15 = dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-15",
        "2026-3-15",
        " 2026/3/15 ",
        "2026.3.15",
        "2026年3月15日",
        "2026年03月15日",
        "2026 年 3 月 15 日",
        "２０２６年３月１５日",
        "二〇二六年三月十五日",
        "20260315",
    ],
)
def test_the_forms_users_write(text: str) -> None:
    assert parse_date(text) == MARCH_15


def test_chinese_numerals_for_every_day() -> None:
    assert parse_date("二〇二六年十二月三十一日") == dt.date(2026, 12, 31)
    assert parse_date("二〇二六年一月二十日") == dt.date(2026, 1, 20)
    assert parse_date("2026-04-01") == dt.date(2026, 4, 1)


@pytest.mark.parametrize("text", ["", "2026-02-30", "2026年13月1日", "明天", "15/3/2026", "2026-3"])
def test_no_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)
    assert try_parse_date(text) is None
