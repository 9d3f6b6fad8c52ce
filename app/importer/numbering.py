"""Heading numbers as Chinese documents write them, by hand or by Word's auto-numbering.

``split_number`` recognises 第一章 / 第一节 / 第一条 / 一、 / （一） / 1. / （1） / ① and
decimal 1 / 1.1 / 1.1.1, and says which *kind* of number it is. The outline builder
turns the order in which kinds appear into heading levels; the number itself is
dropped, since PlanDrill numbers headings itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "零一二三四五六七八九"
_CN_VALUE = {c: i for i, c in enumerate(_CN)} | {"〇": 0, "两": 2}
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．（）：、　", "0123456789.():、 "
)  # same length, so indexes into the original text stay valid


def to_halfwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; plain digits as well."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_VALUE:
            current = _CN_VALUE[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def int_to_cn(n: int) -> str:
    if n <= 0:
        return "零"
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _CN[hundreds] + "百"
    middle = "零" if rest < 10 else ""
    tail = int_to_cn(rest) if rest >= 20 or rest < 10 else "一" + int_to_cn(rest)
    return _CN[hundreds] + "百" + middle + tail


def int_to_roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


def int_to_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def format_counter(n: int, fmt: str) -> str:
    """A Word ``w:numFmt`` applied to a counter value."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "japaneseCounting", "chineseLegalSimplified", "taiwaneseCounting"):  # fmt: skip
        return int_to_cn(n)
    if fmt == "upperRoman":
        return int_to_roman(n)
    if fmt == "lowerRoman":
        return int_to_roman(n).lower()
    if fmt == "upperLetter":
        return int_to_letters(n)
    if fmt == "lowerLetter":
        return int_to_letters(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return CIRCLED[n - 1]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


@dataclass(frozen=True)
class Numbered:
    """A number at the start of a paragraph."""

    key: str  # chapter, jie, part, article, cn, cnp, arabic(_sp/_dun), arp, circ, decN
    value: int | None
    rest: str  # the text after the number, from the original paragraph


_NUM = r"[一二三四五六七八九十百零〇两\d]{1,5}"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第\s*({_NUM})\s*章\s*")),
    ("jie", re.compile(rf"^第\s*({_NUM})\s*节\s*")),
    ("part", re.compile(rf"^第\s*({_NUM})\s*(?:部分|篇)\s*")),
    ("article", re.compile(rf"^第\s*({_NUM})\s*条\s*")),
    ("cnp", re.compile(r"^[(]\s*([一二三四五六七八九十百]{1,4})\s*[)]\s*")),
    ("arp", re.compile(r"^[(]\s*(\d{1,3})\s*[)]\s*")),
    ("cn", re.compile(r"^([一二三四五六七八九十百]{1,4})\s*[、.]\s*")),
    ("dec", re.compile(r"^(\d{1,2}(?:\.\d{1,3}){1,6})(?:[.、](?!\d))?\s*(?=\S)")),
    ("arabic", re.compile(r"^(\d{1,2})\s*(?:([.、])(?!\d)\s*|\s+(?=[^\s\d.]))")),
    ("circ", re.compile(rf"^([{CIRCLED}])\s*")),
)


def split_number(text: str) -> Numbered | None:
    """The heading number at the start of ``text``, if any."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    probe = to_halfwidth(stripped)
    for key, pattern in _PATTERNS:
        match = pattern.match(probe)
        if match is None:
            continue
        raw = match.group(1)
        rest = text[offset + match.end() :].strip()
        if key == "dec":
            parts = raw.split(".")
            return Numbered(f"dec{len(parts)}", int(parts[-1]), rest)
        if key == "circ":
            return Numbered(key, CIRCLED.index(raw) + 1, rest)
        if key == "arabic":
            # "1 总则" (a GB/T 1.1 chapter), "1." and "1、" are three kinds: a body list
            # written 1、 must not close the chapter headed 1
            mark = match.group(2)
            key = {".": "arabic", "、": "arabic_dun"}.get(mark or "", "arabic_sp")
        return Numbered(key, cn_to_int(raw), rest)
    return None


# "附件1" / "附件 2：通讯录" / "附录A" / "附表3" start an appendix; "附件：1.××" is a list of them.
_APPENDIX = re.compile(
    r"^附\s*(件|录|表)\s*([0-9A-Za-z一二三四五六七八九十]{0,4})\s*(?:[:、.\-—]\s*|\s+|$)(.*)$"
)


@dataclass(frozen=True)
class AppendixMark:
    label: str  # 附件1
    title: str  # what follows on the same line, may be empty
    numbered: bool


def appendix_mark(text: str) -> AppendixMark | None:
    probe = to_halfwidth(text.strip())
    match = _APPENDIX.match(probe)
    if match is None:
        return None
    word, number, rest = match.group(1), match.group(2), match.group(3).strip()
    if not number and rest[:1].isdigit():
        return None  # 附件：1．×× — the 附件说明 list at the end of the body
    if len(rest) > 40 or "。" in rest:
        return None
    return AppendixMark(f"附{word}{number}", rest, bool(number))


_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")


def clean_title(text: str) -> str:
    """总　　则 → 总则; trailing colons and full stops go."""
    text = _SPACE_BETWEEN_CJK.sub("", text.strip())
    text = re.sub(r"\s+", " ", text)
    return text.rstrip("：:。.;； ").strip()


_END_OF_SENTENCE = tuple("。；;，,：:！!？?")


def is_title_like(text: str, limit: int = 40) -> bool:
    """Short, no sentence inside, no list punctuation at the end."""
    text = text.strip()
    if not text or len(text) > limit:
        return False
    if text.endswith(_END_OF_SENTENCE):
        return False
    return not any(mark in text for mark in ("。", "，", "：", ":", "；", ";"))


_RUN_IN = re.compile(r"^([^，,。：:；;\s][^，,。：:；;]{0,19})[。：:]\s*(\S.*)$", re.S)


def split_run_in(text: str) -> tuple[str, str] | None:
    """（一）编制目的。为了…… → ("编制目的", "为了……")."""
    match = _RUN_IN.match(text.strip())
    if match is None:
        return None
    return match.group(1).strip(), match.group(2).strip()
