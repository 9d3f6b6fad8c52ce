"""Heading numbers as the printed plan shows them (1 / 1.1 or 一、/（一）/1./（1）), so
the comparison names sections the way readers cite them. The numbers themselves come
from the export's numbering, so the 对照表 and the exported plan agree."""

from __future__ import annotations

from app.export.text import heading_number
from app.model.plan import Plan, Section


def section_numbers(plan: Plan) -> dict[tuple[str | int, ...], str]:
    """Schema path of every section and appendix → its printed number."""
    scheme = plan.numbering().value
    out: dict[tuple[str | int, ...], str] = {}

    def visit(
        items: list[Section], base: tuple[str | int, ...], trail: tuple[int, ...], prefix: str
    ) -> None:
        for i, section in enumerate(items, 1):
            here = (*base, i - 1)
            numbers = (*trail, i)
            # "（一）" alone locates nothing: 公文 numbers carry their parents' (三、（一）)
            parents = (
                "".join(heading_number(scheme, numbers[:k]) for k in range(1, len(numbers)))
                if scheme == "gongwen"
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
