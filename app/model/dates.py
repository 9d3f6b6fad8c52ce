"""Dates as planners type them: 2026-03-15, 2026/3/15, 2026.3.15, 2026年3月15日,
full-width digits, 二〇二六年三月十五日 (as printed on a 公文), 20260315. Qt-free."""

from __future__ import annotations

import datetime as dt
import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／．－", "0123456789/.-")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})

_NUMERIC = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CHINESE = re.compile(
    r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)


def _cn_number(text: str) -> int:
    """一 … 三十一."""
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else -1
    tens, _, ones = text.partition("十")
    value = (_CN_DIGITS[tens] if tens else 1) * 10
    return value + (_CN_DIGITS[ones] if ones else 0)


def parse_date(text: str) -> dt.date:
    """The date in ``text``; raises ValueError when it is none (or no real day)."""
    value = text.strip().translate(_FULL_WIDTH).replace(" ", "")
    found = _NUMERIC.match(value) or _COMPACT.match(value)
    if found:
        year, month, day = (int(g) for g in found.groups())
        return dt.date(year, month, day)
    chinese = _CHINESE.match(value)
    if chinese:
        year = int("".join(str(_CN_DIGITS[c]) for c in chinese.group(1)))
        try:
            return dt.date(year, _cn_number(chinese.group(2)), _cn_number(chinese.group(3)))
        except KeyError:
            raise ValueError(text) from None
    raise ValueError(text)


def try_parse_date(text: str) -> dt.date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


EXAMPLES = "2026-03-15、2026/3/15、2026.3.15、2026年3月15日"
