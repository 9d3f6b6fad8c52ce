"""Heading numbers computed from the outline: planners never type them.

The numbers are those of the printed plan (``app.compare.numbers``, which uses the
export's numbering), keyed here by section object so the outline can find them.
"""

from __future__ import annotations

from app.compare.numbers import section_numbers as numbers_by_path
from app.model.plan import Plan, walk_sections


def section_numbers(plan: Plan) -> dict[int, str]:
    """``id(section) → number`` for every section and appendix of the plan."""
    by_path = numbers_by_path(plan)
    nodes = walk_sections(plan.sections) + walk_sections(plan.appendices, ("appendices",))
    return {id(section): by_path.get(path, "") for path, section, _ in nodes}
