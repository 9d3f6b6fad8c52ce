"""Heading numbers as the printed plan shows them: 1 / 1.1 or 一、/（一）/1./（1）.

Used to name sections in the comparison (修订对照表) the way readers cite them.
"""

from __future__ import annotations

from app.model.plan import Numbering, Plan, Section

_CN = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _cn(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def gongwen_number(level: int, n: int) -> str:
    if level == 1:
        return f"{_cn(n)}、"
    if level == 2:
        return f"（{_cn(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else f"{n})"


def section_numbers(plan: Plan) -> dict[tuple[str | int, ...], str]:
    """Schema path of every section and appendix → its printed number."""
    style = plan.numbering()
    out: dict[tuple[str | int, ...], str] = {}

    def visit(
        items: list[Section], base: tuple[str | int, ...], trail: tuple[int, ...], prefix: str
    ) -> None:
        for i, section in enumerate(items, 1):
            here = (*base, i - 1)
            numbers = (*trail, i)
            if style is Numbering.GONGWEN:
                label = gongwen_number(len(numbers), i)
            else:
                label = ".".join(map(str, numbers))
            out[here] = f"{prefix}{label}"
            visit(section.children, (*here, "children"), numbers, prefix)

    visit(plan.sections, ("sections",), (), "")
    for i, appendix in enumerate(plan.appendices, 1):
        here: tuple[str | int, ...] = ("appendices", i - 1)
        out[here] = f"附件{i}"
        visit(appendix.children, (*here, "children"), (), f"附件{i} ")
    return out
