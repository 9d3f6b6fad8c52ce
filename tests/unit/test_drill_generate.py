"""A scripted drill skeleton from a plan: injects per trigger/step, steps linked, roles filled."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checks.drills import check_drill
from app.drill import DrillSession, FakeTime, script_from_plan
from app.drill.generate import GenerateError, plan_levels, procedures_for
from app.drill.metrics import EXERCISED
from app.model.drill import Role, plan_steps
from app.model.plan import Plan
from app.model.problems import Severity
from app.storage.drills import load_drill, save_drill
from app.storage.plans import load_plan
from tests.drill_samples import ROOT, SAMPLE_PLAN


@pytest.fixture
def plan() -> Plan:
    return load_plan(SAMPLE_PLAN).model


def test_sample_plan_level_ii(plan: Plan) -> None:
    drill = script_from_plan(plan, "II", plan_path="化工企业综合应急预案.plan.yaml")
    assert drill.meta.level == "II" and drill.meta.plan == "化工企业综合应急预案.plan.yaml"
    assert "Ⅱ级响应" in drill.meta.title
    ids = [i.id for i in drill.script]
    assert ids == ["p-leak-0", "p-leak-st1", "p-leak-st2", "p-leak-st3"]
    # the situation carries the level's trigger and a decision to branch on
    opening = drill.script[0]
    assert "发生泄漏或火灾" in opening.text and opening.to == ["hq"] and opening.decisions
    # each step: one expected action linked to it, by its actor, with its time limit
    for inject, step in zip(drill.script[1:], plan.procedures[0].steps, strict=True):
        [ea] = inject.expected
        assert ea.steps == [step.id] and ea.by == step.actor and ea.within_min == step.within_min
        assert ea.text == step.action
        assert step.action not in inject.text and step.action not in inject.title  # no answers
    # offsets follow the previous step's limit: 0, +2, +10, +15
    assert [i.at_min for i in drill.script] == [0, 2, 12, 27]
    assert drill.meta.duration_min == 47
    roles = {p.role for p in drill.participants}
    assert {Role.COMMANDER, Role.DIRECTOR, Role.EVALUATOR, Role.PLAYER} <= roles
    assert {p.plays for p in drill.participants if p.plays} == {"hq", "g-rescue", "g-medical"}
    assert next(p for p in drill.participants if p.role is Role.COMMANDER).name == "王建国"
    assert {c.id for c in drill.evaluation.criteria} == {"c-report", "c-command", "cp-p-leak"}


def test_generated_drill_checks_clean_and_runs(plan: Plan, tmp_path: Path) -> None:
    drill = script_from_plan(plan, "II", plan_path="plan.plan.yaml")
    problems = check_drill(drill, plan=plan)
    assert [p for p in problems if p.severity is not Severity.INFO] == []
    path = tmp_path / "gen.drill.yaml"
    save_drill(drill, path)
    assert load_drill(path).model == drill
    t = FakeTime()
    s = DrillSession.create(drill, path, plan=plan, time_source=t)
    s.start()
    for inject in drill.script:
        t.advance(max(0.0, (inject.at_min or 0) * 60 - s.scenario_s()))
        s.poll()
        for ea in inject.expected:
            s.record_action(ea.text, who=f"p-{ea.by}", fulfils=[ea.id])
    s.end()
    m = s.metrics()
    assert m.steps_exercised == m.steps_in_scope == 3
    assert all(step.status == EXERCISED for step in m.steps)
    assert m.counts["done"] == 3


def test_unknown_level_lists_the_choices(plan: Plan) -> None:
    with pytest.raises(GenerateError) as err:
        script_from_plan(plan, "IV")
    assert "可选：I、II" in err.value.message.zh
    with pytest.raises(GenerateError) as err:
        script_from_plan(plan, "I")  # a level with no procedure of its own
    assert "有处置程序的级别：II" in err.value.message.zh


def test_unlevelled_procedures_apply_to_every_level(plan: Plan) -> None:
    data = plan.model_dump(by_alias=True)
    data["procedures"].append(
        {"id": "p-any", "title": "通用", "steps": [{"id": "gx1", "actor": "hq", "action": "通报"}]}
    )
    data["procedures"].append(
        {
            "id": "p-one",
            "title": "一级",
            "level": "I",
            "trigger": "发生死亡事故",
            "steps": [{"id": "gx2", "actor": "ghost-unit", "action": "请求支援"}],
        }
    )
    bigger = Plan.model_validate(data)
    level_i = script_from_plan(bigger, "I")
    assert [i.id for i in level_i.script] == ["p-any-0", "p-any-gx1", "p-one-0", "p-one-gx2"]
    assert "发生死亡事故" in level_i.script[2].text
    # an actor the organisation does not know still gets a participant (as a group)
    assert any(p.group == "ghost-unit" for p in level_i.participants)
    level_ii = script_from_plan(bigger, "II")
    assert "p-one-0" not in [i.id for i in level_ii.script]


def _template_plans() -> list[Path]:
    folder = ROOT / "plan_templates"
    return sorted(folder.rglob("*.plan.yaml")) if folder.is_dir() else []


@pytest.mark.parametrize("path", _template_plans() or [None], ids=lambda p: p.name if p else "none")
def test_every_starter_plan_generates_valid_drills(path: Path | None, tmp_path: Path) -> None:
    if path is None:
        pytest.skip("no starter plans in plan_templates/ yet")
    loaded = load_plan(path)
    plan = loaded.model
    levels = [lv for lv in plan_levels(plan) if procedures_for(plan, lv)]
    if not levels:
        pytest.skip(f"{path.name} has no procedures with steps")
    steps = plan_steps(plan)
    for level in levels:
        drill = script_from_plan(plan, level, plan_path=str(path))
        assert drill.script, level
        linked = {s for item in drill.script for ea in item.expected for s in ea.steps}
        assert linked and linked <= set(steps)
        errors = [p for p in check_drill(drill, plan=plan) if p.severity is Severity.ERROR]
        assert errors == [], (path.name, level, [e.message.zh for e in errors])
