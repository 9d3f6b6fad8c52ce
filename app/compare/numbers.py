"""Heading numbers as the printed plan shows them (1 / 1.1 or 一、/（一）/1./（1）), so
the comparison names sections the way readers cite them. The numbers themselves come
from the export's numbering, so the 对照表 and the exported plan agree."""

from __future__ import annotations

from app.export.text import heading_number
from app.model.plan import Plan, Section


def section_numbers(plan: Plan, *, cite: bool = False) -> dict[tuple[str | int, ...], str]:
    """Schema path of every section and appendix → its printed number.

    ``cite``: the number as a table of changes cites it. A 公文 sub-number alone ("（一）")
    locates nothing outside the plan, so it leads with its chapters' (三、（一）)."""
    scheme = plan.numbering().value
    out: dict[tuple[str | int, ...], str] = {}

    def visit(
        items: list[Section], base: tuple[str | int, ...], trail: tuple[int, ...], prefix: str
    ) -> None:
        for i, section in enumerate(items, 1):
            here = (*base, i - 1)
            numbers = (*trail, i)
            parents = (
                "".join(heading_number(scheme, numbers[:k]) for k in range(1, len(numbers)))
                if cite and scheme == "gongwen"
                else ""
            )
            out[here] = f"{prefix}{parents}{heading_number(scheme, numbers)}"
            visit(section.children, (*here, "children"), numbers, prefix)

    visit(plan.sections, ("sections",), (), "")
    for i, appendix in enumerate(plan.appendices, 1):
        here: tuple[str | int, ...] = ("appendices", i - 1)
        out[here] = f"附件{i}"
        visit(appendix.children, (*here, "children"), (), f"附件{i} ")
    return out
