"""Text helpers for Word output: XML-safe strings, Chinese numerals, dates, widths."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum

# Characters XML 1.0 forbids: C0 controls other than tab/newline/return, surrogates
# (a lone one cannot be encoded), and the two non-characters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Word does not break inside a run of Latin letters, digits and punctuation; a very long
# one (a URL, a pasted hash) would push a table column off the page.
LONG_RUN = 40
_LONG_WORD = re.compile(rf"[!-~\u00a0-\u024f]{{{LONG_RUN + 1},}}")
ZWSP = "\u200b"


def clean(text: object) -> str:
    """A string that is valid in WordprocessingML: forbidden characters removed.

    Line breaks become ``\\n``; a lone ``\\r`` counts as a break too.
    """
    if text is None:
        return ""
    s = text if isinstance(text, str) else str(text)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if _FORBIDDEN.search(s):
        s = _FORBIDDEN.sub("", s)
    if _LONG_WORD.search(s):
        s = _LONG_WORD.sub(_with_breaks, s)
    return s


def _with_breaks(match: re.Match[str]) -> str:
    word = match.group(0)
    return ZWSP.join(word[i : i + LONG_RUN] for i in range(0, len(word), LONG_RUN))


def lines(text: str) -> list[str]:
    """The non-empty lines of a body text, stripped: each becomes one paragraph."""
    return [ln.strip() for ln in clean(text).split("\n") if ln.strip()]


def width(text: str) -> float:
    """How many full-width character cells ``text`` takes.

    Latin letters and digits count a little over a half: fonts substituted for
    Times New Roman, and CJK fonts' own digits, run wider than half an em.
    """
    total = 0.0
    previous: bool | None = None
    for ch in text:
        if ch == ZWSP:
            continue
        wide = unicodedata.east_asian_width(ch) in ("W", "F", "A")
        total += 1.0 if wide else 0.55
        if previous is not None and wide != previous and ch.isalnum() and not ch.isspace():
            total += 0.25  # Word and WPS put a quarter space between 中文 and 123
        previous = wide
    return total


def wrapped_lines(text: str, chars_per_line: float) -> int:
    """Lines ``text`` takes when wrapped, a little pessimistic: line-breaking rules push
    punctuation to the next line, so count one character less per line."""
    w = width(text)
    if w <= chars_per_line:
        return 1
    return max(1, math.ceil(w / max(math.floor(chars_per_line) - 1, 1)))


_DIGITS = "零一二三四五六七八九"
_UNITS = ("", "十", "百", "千")


def chinese_number(n: int, *, leading: bool = True) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五, 10010 → 一万零一十."""
    if n <= 0:
        return _DIGITS[0] if n == 0 else "负" + chinese_number(-n)
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + chinese_number(low, leading=False)
        return chinese_number(high) + "万" + rest
    out = ""
    digits = [int(d) for d in str(n)]
    size = len(digits)
    zero = False
    for i, d in enumerate(digits):
        unit = _UNITS[size - i - 1]
        if d == 0:
            zero = True
            continue
        if zero and out:
            out += "零"
        zero = False
        out += _DIGITS[d] + unit
    if leading and out.startswith("一十"):  # 十一, not 一十一 (but 一百一十)
        out = out[1:]
    return out


_CIRCLED = [chr(c) for c in range(0x2460, 0x2474)]  # ①..⑳


def circled_number(n: int) -> str:
    return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else f"（{n}）"


def cn_date(value: object, blank: str = "") -> str:
    """2026-03-01 → 2026年3月1日 (GB/T 9704 7.3.5.4: no leading zeros)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if value is None or value == "":
        return blank
    return clean(value)


# Numbers a user typed in front of a title ("1 总则", "一、总则", "（二）", "3.1.2 ").
_TYPED_NUMBER = re.compile(
    r"^\s*(?:"
    r"第[一二三四五六七八九十百零〇\d]+(?:章|节|条|部分)\s*"
    r"|\d+(?:[.．]\d+){2,}[.．]?\s*(?=\D)"  # 3.1.2信息接报
    r"|\d+[.．]\d+[.．]?[ \u3000\t]+"  # 1.1 适用范围, but not 3.5米
    r"|\d+[.．、](?!\d)\s*"
    r"|\d+[ \u3000\t]+"
    r"|[一二三四五六七八九十百零〇]+[、.．]\s*"
    r"|[（(][一二三四五六七八九十百零〇\d]+[）)]\s*"
    r"|[①-⑳]\s*"
    r")"
)


def strip_typed_number(title: str) -> str:
    """A title without the outline number a user may have typed into it.

    Numbers are computed from the outline at export; a typed one would print twice.
    """
    stripped = _TYPED_NUMBER.sub("", title, count=1)
    return stripped if stripped.strip() else title


def ensure_period(text: str) -> str:
    """End a sentence with a full stop unless it ends with punctuation already."""
    t = text.rstrip()
    core = t.rstrip("）)”」』】")
    if not t or (core and core[-1] in "。！？；：.!?;:…"):
        return t
    return t + "。"


# --- heading numbers (here, not in gongwen, so the editor can number its outline
# without loading python-docx) ------------------------------------------------------------


class Scheme(StrEnum):
    DECIMAL = "decimal"  # 1 / 1.1 / 1.1.1 (GB/T 1.1 style, enterprise plans)
    GONGWEN = "gongwen"  # 一、/（一）/1./（1） (GB/T 9704 §7.3.3)


def heading_number(scheme: Scheme | str, counters: Sequence[int]) -> str:
    """The literal number of a heading whose position in the outline is ``counters``.

    ``counters`` holds one 1-based count per level, e.g. (3, 2) for the second
    subsection of the third chapter.
    """
    level = len(counters)
    n = counters[-1]
    if Scheme(scheme) is Scheme.DECIMAL:
        return ".".join(str(c) for c in counters)
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    return circled_number(n)


def numbered_title(scheme: Scheme | str, counters: Sequence[int], title: str) -> str:
    number = heading_number(scheme, counters)
    if Scheme(scheme) is Scheme.DECIMAL:
        return f"{number}\u3000{title}"  # an ideographic space, as typeset standards do
    return f"{number}{title}"
