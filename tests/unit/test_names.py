"""The one resolver of references to display names (app.export.names, issue 17)."""

from __future__ import annotations

import datetime as dt

from app.drilldocs.layout import date_text
from app.export.layer.placeholders import placeholder
from app.export.names import EVERYONE, Names
from app.storage.drills import load_drill
from app.storage.plans import load_plan
from tests.drill_samples import SAMPLE_DRILL, SAMPLE_PLAN


def test_plan_references_read_as_names() -> None:
    plan = load_plan(SAMPLE_PLAN).model
    names = Names(plan=plan)
    unit = plan.organization.groups[0]
    assert names.display_name(unit.id) == unit.name
    contact = plan.contacts[0]
    assert names.contact(contact.id) == contact.name
    level = plan.levels[0]
    assert names.level(level.id) == level.name
    proc = plan.procedures[0]
    assert names.procedure(proc.id) == proc.title
    assert names.step_short(proc.steps[1].id) == f"{proc.title}第2步"
    assert names.step(proc.steps[1].id) == f"{proc.title}第2步：{proc.steps[1].action}"
    section = next(s for s in plan.sections if s.element)
    assert names.element(section.element) and names.element(section.element) != section.element


def test_drill_references_read_as_numbers_and_names() -> None:
    drill = load_drill(SAMPLE_DRILL).model
    names = Names(plan=load_plan(SAMPLE_PLAN).model, drill=drill)
    first, second = drill.script[0], drill.script[1]
    assert names.inject(first.id) == "注入1"
    assert names.inject_title(second.id) == f"注入2 {second.title}"
    ea = first.expected[0]
    assert names.expected(ea.id) == "注入1期望行动1"
    c = drill.evaluation.criteria[2]
    assert names.criterion(c.id) == "评估项3"
    assert names.objective(drill.meta.objectives[0].id) == "目标1"
    person = drill.participants[0]
    assert names.person(person.id) == person.name
    decision = next(d for i in drill.script for d in i.decisions)
    assert names.decision(decision.id) == decision.text
    for ref in ("all", "全体"):
        assert names.display_name(ref) == EVERYONE
    assert names.units(["all"]) == EVERYONE


def test_unknown_references_stay_as_written_and_unnamed_ones_are_marked() -> None:
    names = Names()
    assert names.display_name("现场情况（导调组）") == "现场情况（导调组）"
    assert names.display_name(None) == "" and names.level("II") == "Ⅱ级"
    plan = load_plan(SAMPLE_PLAN).model
    plan.organization.groups[0].name = ""
    gid = plan.organization.groups[0].id
    assert Names(plan=plan).unit(gid) == placeholder("工作组名称")  # never the id


def test_a_start_time_without_a_date_keeps_a_marked_date() -> None:
    # "时间：09:00" read as complete; the missing date is a gap like a missing place
    assert date_text(None, "09:00") == f"{placeholder('演练日期')} 09:00"
    assert date_text(None, None) == ""
    assert date_text(dt.date(2026, 6, 16), "09:00") == "2026年6月16日 09:00"


def test_a_link_reads_as_the_plan_it_names() -> None:
    from app.export.names import link_name

    assert link_name("../专项/防汛预案.plan.yaml") == "防汛预案"
    assert link_name("演练\\火灾推演.drill.yaml") == "火灾推演"
    assert link_name("东江区总体应急预案") == "东江区总体应急预案"
