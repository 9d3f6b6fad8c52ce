"""Heading numbers computed from the outline: planners never type them.

``1 / 1.1 / 1.1.1`` or the 公文 sequence ``一、/（一）/1./（1）``, as the plan's numbering
style says; appendices are ``附件1``, ``附件2``… Qt-free.
"""

from __future__ import annotations

from app.model.plan import Numbering, Plan, Section

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        tail = chinese_number(rest)
        return head + ("一" + tail if rest < 20 else tail)
    return str(n)


def heading_number(style: Numbering, counters: list[int]) -> str:
    """The number shown before a heading at ``len(counters)`` depth."""
    if style is Numbering.GONGWEN:
        depth, n = len(counters), counters[-1]
        if depth == 1:
            return f"{chinese_number(n)}、"
        if depth == 2:
            return f"（{chinese_number(n)}）"
        if depth == 3:
            return f"{n}."
        return f"（{n}）"
    return ".".join(str(c) for c in counters)


def section_numbers(plan: Plan) -> dict[int, str]:
    """``id(section) → number`` for every section and appendix of the plan."""
    out: dict[int, str] = {}
    style = plan.numbering()

    def visit(items: list[Section], counters: list[int]) -> None:
        for i, section in enumerate(items, start=1):
            here = [*counters, i]
            out[id(section)] = heading_number(style, here)
            visit(section.children, here)

    visit(plan.sections, [])
    for i, appendix in enumerate(plan.appendices, start=1):
        out[id(appendix)] = f"附件{i}"
        visit(appendix.children, [])
    return out
