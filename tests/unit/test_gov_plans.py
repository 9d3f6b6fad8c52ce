"""Government plans: structure per GB/T 46793 / 国办发〔2024〕5号, issued-document form,
the drawn response flow chart, and the 应急工作手册 in the filing package."""

from __future__ import annotations

import datetime as dt

import pytest

from app.checks import check_plan
from app.model.plan import Section, walk_sections
from app.storage.templates import render_template

TODAY = dt.date(2026, 11, 23)
GOVERNMENT = ["county-overall", "township", "community", "flood-drought-special"]
RESPONSE = {"应急响应", "分级响应", "响应分级", "预警和应急响应"}


def _chain(sections: list[Section], path: tuple) -> list[Section]:
    """The sections from the top chapter down to ``path``."""
    out = []
    items = sections
    for i in range(1, len(path), 2):
        section = items[path[i]]
        out.append(section)
        items = section.children
    return out


@pytest.mark.parametrize("template_id", GOVERNMENT)
def test_levels_and_level_procedures_sit_under_the_response_chapter(template_id: str) -> None:
    plan = render_template(template_id, {})
    leveled = any(p.level for p in plan.procedures)
    for path, section, _ in walk_sections(plan.sections):
        parts = {"levels"} | ({"procedures"} if leveled else set())
        if not parts & set(section.insert):
            continue
        titles = [s.title for s in _chain(plan.sections, path)]
        assert RESPONSE & set(titles), titles
        assert not {"信息报告", "先期处置"} & set(titles), titles


def test_township_grading_is_not_part_of_first_response() -> None:
    plan = render_template("township", {})
    titles = [s.title for s in plan.sections]
    assert titles.index("先期处置") < titles.index("应急响应")
    first = plan.sections[titles.index("先期处置")]
    assert not [c for c in first.children if "分级" in c.title]


def _codes(plan) -> list[str]:
    return [p.code for p in check_plan(plan, today=TODAY)]


def test_levels_filed_under_first_response_are_reported() -> None:
    plan = render_template("township", {})
    titles = [s.title for s in plan.sections]
    first = plan.sections[titles.index("先期处置")]
    grading = plan.sections[titles.index("应急响应")]
    plan.sections.remove(grading)
    first.children.append(grading.model_copy(update={"title": "响应分级", "element": None}))
    codes = _codes(plan)
    assert "complete.placement" in codes


def test_level_procedures_under_information_report_are_reported() -> None:
    plan = render_template("county-overall", {})
    response = next(s for s in plan.sections if s.element == "G.5")
    report = next(c for c in response.children if c.element == "G.5.1")
    grading = next(c for c in response.children if c.element == "G.5.3")
    grading.insert.remove("procedures")
    report.insert.append("procedures")
    problems = [p for p in check_plan(plan, today=TODAY) if p.code == "complete.placement"]
    assert problems and "信息报告" in problems[0].message.zh


def test_chapters_out_of_the_standards_order_are_reported() -> None:
    plan = render_template("county-overall", {})
    plan.sections.reverse()
    assert "complete.order" in _codes(plan)


def test_grading_outside_the_response_chapter_is_reported() -> None:
    plan = render_template("county-overall", {})
    response = next(s for s in plan.sections if s.element == "G.5")
    grading = next(c for c in response.children if c.element == "G.5.3")
    response.children.remove(grading)
    plan.sections.insert(plan.sections.index(response) + 1, grading)
    assert "complete.within" in _codes(plan)
