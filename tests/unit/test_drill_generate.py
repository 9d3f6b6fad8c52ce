"""A scripted drill skeleton from a plan: injects per trigger/step, steps linked, roles filled."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checks.drills import check_drill
from app.drill import DrillSession, FakeTime, script_from_plan
from app.drill.clock import FIRST_REPORT_ITEMS
from app.drill.generate import GenerateError, is_accident_report, plan_levels, procedures_for
from app.drill.metrics import EXERCISED, OUT_OF_SCOPE
from app.model.drill import ClockFrom, Drill, Role, plan_steps
from app.model.plan import Plan
from app.model.problems import Severity
from app.storage.drills import load_drill, save_drill
from app.storage.plans import load_plan
from tests.drill_samples import SAMPLE_PLAN


@pytest.fixture
def plan() -> Plan:
    return load_plan(SAMPLE_PLAN).model


def test_sample_plan_level_ii(plan: Plan) -> None:
    drill = script_from_plan(plan, "II", plan_path="化工企业综合应急预案.plan.yaml")
    assert drill.meta.level == "II" and drill.meta.plan == "化工企业综合应急预案.plan.yaml"
    # the title shows on the presenter: the incident, never the level to reach
    assert drill.meta.title.startswith("生产安全事故综合应急预案桌面推演（")
    assert not any(w in drill.meta.title for w in _LEVEL_WORDS)
    # the incident grows through Ⅳ and Ⅲ to Ⅱ: the unlevelled 接警与先期处置 after the first
    # report, then one situation per level, then the Ⅱ级 procedure
    report, level_ii = plan.procedures[0], plan.procedures[1]
    ids = [i.id for i in drill.script]
    assert ids == [
        "i-t0",
        *(f"i-{s.id}" for s in report.steps),
        "i-escalate-III",
        "i-escalate-II",
        *(f"i-{s.id}" for s in level_ii.steps),
    ]
    # the opening tells what is seen, not what to declare; every level is offered
    opening = drill.script[0]
    assert "启动" not in opening.text and "级" not in opening.text
    assert opening.to == ["g-workshop"]  # the first report reaches the shift on site
    assert [d.text for d in opening.decisions] == [f"启动{lv.name}" for lv in plan.levels]
    # each step: one expected action linked to it, by its actor, with no answer in the prompt
    steps = [*report.steps, *level_ii.steps]
    prompts = [i for i in drill.script if i.expected and i.expected[0].steps[0] in ids_of(steps)]
    prompts = [i for i in prompts if not i.id.startswith(("i-t0", "i-escalate"))]
    for inject, step in zip(prompts, steps, strict=True):
        [ea] = inject.expected
        assert ea.steps == [step.id] and ea.by == step.actor and ea.text == step.action
        assert step.action not in inject.text and step.action not in inject.title


def ids_of(steps: list) -> set[str]:
    return {s.id for s in steps}


def test_times_follow_the_plans_time_limits(plan: Plan) -> None:
    """Prompt time + the expected action's limit = the plan's limit from the procedure start."""
    drill = script_from_plan(plan, "II")
    by_step = {
        i.expected[0].steps[0]: i
        for i in drill.script
        if i.expected and not i.id.startswith(("i-t0", "i-escalate"))
    }
    # Ⅳ at T0 with 接警 (longest limit 20 minutes), Ⅲ at 20 (no procedure of its own: 10
    # minutes to judge), Ⅱ at 30 with its procedure
    starts = {"gen-report": 0.0, "gen-ii": 30.0}
    situations = [i for i in drill.script if i.id.startswith(("i-t0", "i-escalate"))]
    assert [i.at_min for i in situations] == [0.0, 20.0, 30.0]
    for proc in plan.procedures[:2]:
        for j, step in enumerate(proc.steps, start=1):
            inject = by_step[step.id]
            offset = (inject.at_min or 0) - starts[proc.id]
            assert 0 < offset <= 2 * j  # prompts every 2 minutes ...
            ea = inject.expected[0]
            if ea.clock_from is ClockFrom.T0:
                assert is_accident_report(step.action)
                # the report to the 应急管理局 counts from the accident (T0), not the inject
                assert ea.clock_from is ClockFrom.T0 and ea.within_min == step.within_min
            elif step.within_min is not None:
                assert offset <= step.within_min / 2  # ... never after half the time is gone
                assert offset + ea.within_min == pytest.approx(step.within_min)
            else:
                assert ea.within_min is None
    # the report within 60 minutes of T0 sets the end
    assert drill.meta.duration_min == 60


def test_the_plans_60_minute_report_is_due_60_minutes_after_t0(plan: Plan) -> None:
    """Issue 18 item 6: the generator made gen-ii-06 (report within 60 min) due at T+80."""
    drill = script_from_plan(plan, "II")
    [inject] = [i for i in drill.script if i.expected and i.expected[0].steps == ["gen-ii-06"]]
    [ea] = inject.expected
    assert ea.clock_from is ClockFrom.T0 and ea.within_min == 60
    assert ea.report_items == [name for name, _ in FIRST_REPORT_ITEMS]


def test_a_report_answered_at_t70_is_late_under_the_regulations_clock(
    plan: Plan, tmp_path: Path
) -> None:
    """The state judges the report against T0 + 60, not against its inject + 60."""
    drill = script_from_plan(plan, "II")
    [inject] = [i for i in drill.script if i.expected and i.expected[0].steps == ["gen-ii-06"]]
    [ea] = inject.expected
    path = tmp_path / "gen.drill.yaml"
    save_drill(drill, path)
    t = FakeTime()
    s = DrillSession.create(drill, path, plan=plan, time_source=t)
    s.start()
    t.advance((inject.at_min or 0) * 60)
    s.poll()
    assert s.state.runs[inject.id].delivered
    t.advance(70 * 60 - s.scenario_s())
    s.poll()
    assert s.state.expected_status(ea.id, s.scenario_s()).value == "overdue"
    s.record_action("已向应急管理局报告", who=f"p-{ea.by}", fulfils=[ea.id])
    assert s.state.expected_status(ea.id, s.scenario_s()).value == "late"
    s.close()


def test_clock_bases_and_first_report_items() -> None:
    from app.drill.clock import accident_report_limit_min, clock_base_s, missing_report_items
    from app.model.drill import ExpectedAction

    t0 = ExpectedAction(id="e1", within_min=60, clock_from=ClockFrom.T0)
    assert clock_base_s(t0, 1200.0, {}) == 0.0 and clock_base_s(t0, None, {}) is None
    after = ExpectedAction(id="e2", within_min=5, clock_from=ClockFrom.ACTION, clock_after="e1")
    assert clock_base_s(after, 60.0, {}) is None  # e1 not done: not started
    assert clock_base_s(after, 60.0, {"e1": 900.0}) == 900.0
    assert clock_base_s(ExpectedAction(id="e3"), 60.0, {}) == 60.0
    assert accident_report_limit_min() == 60 and accident_report_limit_min(2) == 300
    full = (
        "某化工有限公司罐区于10时05分发生甲苯泄漏，现场有异味。经过：装车时软管破裂。"
        "1人轻伤，直接经济损失约5万元。已启动Ⅱ级响应并疏散。其他：请求消防支援。"
    )
    assert missing_report_items(full) == []
    assert missing_report_items("1人轻伤") == [
        "事故发生单位概况",
        "事故发生的时间、地点以及事故现场情况",
        "事故的简要经过",
        "已经采取的措施",
        "其他应当报告的情况",
    ]


def test_roles_come_from_the_organisation(plan: Plan) -> None:
    drill = script_from_plan(plan, "II")
    roles = {p.role for p in drill.participants}
    assert {Role.COMMANDER, Role.DIRECTOR, Role.EVALUATOR, Role.PLAYER} <= roles
    actors = {s.actor for proc in plan.procedures[:2] for s in proc.steps}
    assert {p.plays for p in drill.participants if p.plays} == actors
    assert next(p for p in drill.participants if p.role is Role.COMMANDER).name == "王建国"
    rescue = next(p for p in drill.participants if p.plays == "g-rescue")
    assert rescue.org == "抢险救援组"
    assert {c.id for c in drill.evaluation.criteria} == {
        "c-report",
        "c-command",
        "cp-gen-report",
        "cp-gen-ii",
    }


def test_generated_drill_checks_clean_and_runs(plan: Plan, tmp_path: Path) -> None:
    drill = script_from_plan(plan, "II", plan_path="plan.plan.yaml")
    problems = check_drill(drill, plan=plan)
    assert [p for p in problems if p.severity is not Severity.INFO] == []
    path = tmp_path / "gen.drill.yaml"
    save_drill(drill, path)
    assert load_drill(path).model == drill
    _play(drill, path, plan)


def _play(drill: Drill, path: Path, plan: Plan) -> None:
    """Run the drill on a fake clock, answering every prompt in time."""
    t = FakeTime()
    s = DrillSession.create(drill, path, plan=plan, time_source=t)
    s.start()
    for inject in sorted(drill.script, key=lambda i: i.at_min or 0):
        t.advance(max(0.0, (inject.at_min or 0) * 60 - s.scenario_s()))
        s.poll()
        assert s.state.runs[inject.id].delivered
        for ea in inject.expected:
            s.record_action(ea.text, who=f"p-{ea.by}", fulfils=[ea.id])
    s.end()
    m = s.metrics()
    linked = {st for i in drill.script for ea in i.expected for st in ea.steps}
    assert m.steps_exercised == len(linked) == m.steps_in_scope
    assert all(step.status in (EXERCISED, OUT_OF_SCOPE) for step in m.steps)
    expected = [ea for i in drill.script for ea in i.expected]
    assert m.counts["done"] == len(expected) and m.counts["late"] == m.counts["missed"] == 0
    s.close()


def test_unknown_level_lists_the_choices(plan: Plan) -> None:
    with pytest.raises(GenerateError) as err:
        script_from_plan(plan, "V")
    assert "可选：I、II、III、IV" in err.value.message.zh
    bare = Plan.model_validate({"levels": [{"id": "I"}]})
    with pytest.raises(GenerateError) as err:
        script_from_plan(bare, "I")
    assert "有处置程序的级别：无" in err.value.message.zh


def test_unlevelled_procedures_apply_to_every_level(plan: Plan) -> None:
    data = plan.model_dump(by_alias=True)
    data["procedures"].append(
        {
            "id": "p-one",
            "title": "专项",
            "level": "I",
            "steps": [{"id": "gx2", "actor": "ghost-unit", "action": "请求支援"}],
        }
    )
    bigger = Plan.model_validate(data)
    level_i = script_from_plan(bigger, "I")
    ids = [i.id for i in level_i.script]
    assert ids[:2] == ["i-t0", "i-gen-report-01"] and "i-gen-i-01" in ids and ids[-1] == "i-gx2"
    # Ⅰ级 passes Ⅱ级 on the way (issue 18 item 8: it skipped it)
    assert "i-gen-ii-01" in ids and ids.index("i-escalate-II") < ids.index("i-escalate-I")
    # an actor the organisation does not know still gets a participant (as a group)
    assert any(p.group == "ghost-unit" for p in level_i.participants)
    level_iv = script_from_plan(bigger, "IV")
    assert [i.id for i in level_iv.script if i.id.startswith(("i-t0", "i-esc"))] == ["i-t0"]


def test_ids_never_collide() -> None:
    odd = Plan.model_validate(
        {
            "organization": {"command": {"id": "hq"}},
            "levels": [{"id": "I"}],
            "procedures": [
                {"id": "a", "level": "I", "steps": [{"id": "b", "actor": "hq"}]},
                {"id": "b", "level": "I", "steps": [{"id": "t0", "actor": "hq"}]},
            ],
        }
    )
    drill = script_from_plan(odd, "I")
    ids = [i.id for i in drill.script]
    assert len(ids) == len(set(ids)) == 3  # the opening and a step named t0 both fit
    assert not [p for p in check_drill(drill, plan=odd) if p.severity is Severity.ERROR]


def _templates() -> list[str]:
    from app.storage.templates import list_templates

    return [info.id for info in list_templates()]


@pytest.mark.parametrize("template_id", _templates() or ["none"])
def test_every_starter_plan_generates_valid_drills(template_id: str, tmp_path: Path) -> None:
    if template_id == "none":
        pytest.skip("no starter plans in plan_templates/ yet")
    from app.storage.templates import render_template

    plan = render_template(template_id, {}, use_examples=True)
    # a plan without response levels (a 现场处置方案) is drilled as a whole
    levels: list[str | None] = [lv for lv in plan_levels(plan) if procedures_for(plan, lv)]
    if not plan_levels(plan):
        levels = [None]
    assert levels, f"{template_id}: no procedure to drill"
    steps = plan_steps(plan)
    for level in levels:
        drill = script_from_plan(plan, level, plan_path="plan.plan.yaml")
        linked = {s for item in drill.script for ea in item.expected for s in ea.steps}
        assert linked and linked <= set(steps)
        errors = [p for p in check_drill(drill, plan=plan) if p.severity is Severity.ERROR]
        assert errors == [], (template_id, level, [e.message.zh for e in errors])
        path = tmp_path / f"{template_id}-{level or 'all'}.drill.yaml"
        save_drill(drill, path)
        assert load_drill(path).problems == []
        _play(drill, path, plan)


def test_a_plan_without_levels_is_drilled_whole() -> None:
    onsite = Plan.model_validate(
        {
            "meta": {"title": "有限空间现场处置方案", "kind": "enterprise_onsite"},
            "organization": {"groups": [{"id": "crew", "name": "作业班组"}]},
            "procedures": [
                {
                    "id": "a",
                    "trigger": "气体报警",
                    "steps": [{"id": "a1", "actor": "crew", "within_min": 3}],
                },
                {"id": "b", "steps": [{"id": "b1", "actor": "crew"}]},
            ],
        }
    )
    drill = script_from_plan(onsite, None)
    assert drill.meta.level is None and drill.meta.title == "有限空间现场处置方案桌面推演"
    assert [i.id for i in drill.script] == ["i-t0", "i-a1", "i-b1"]
    assert drill.script[0].text.startswith("气体报警。")
    with pytest.raises(GenerateError):
        script_from_plan(Plan(), None)


# --- issue 18 item 8: a scenario, not a quiz -------------------------------------------------

_LEVEL_WORDS = ("级", "启动", "响应")


@pytest.mark.parametrize("level", ["IV", "III", "II", "I"])
def test_no_inject_names_the_level_to_declare(plan: Plan, level: str) -> None:
    """The first inject told the commander "请…决定是否启动Ⅱ级响应"; the answer belongs to
    the expected actions."""
    drill = script_from_plan(plan, level)
    for inject in drill.script:
        for text in (inject.text, inject.title):
            assert not any(w in text for w in _LEVEL_WORDS), (inject.id, text)
            assert not any(lv.name in text for lv in plan.levels)
    # the expected actions hold it
    declared = [ea for i in drill.script for ea in i.expected if ea.id.startswith("e-declare")]
    assert declared and all("宣布启动" in ea.text for ea in declared)


def test_senders_are_display_names_not_ids(plan: Plan) -> None:
    drill = script_from_plan(plan, "I")
    ids = {p.id for p in drill.participants} | {u.id for u in plan.organization.units()}
    senders = {i.from_ for i in drill.script}
    assert None not in senders and not senders & ids
    assert all(not s.isascii() for s in senders if s)  # 中控室, 现场巡检员, 园区管委会…
    assert {"中控室", "现场巡检员"} <= senders and len(senders) >= 5


def test_each_level_is_walked_in_order(plan: Plan) -> None:
    """Ⅰ级 skipped Ⅱ级; now the incident passes Ⅳ→Ⅲ→Ⅱ→Ⅰ, each declared in turn."""
    drill = script_from_plan(plan, "I")
    stages = [i for i in drill.script if i.id.startswith(("i-t0", "i-escalate"))]
    declared = [ea.id.removeprefix("e-declare-") for i in stages for ea in i.expected]
    assert declared == ["IV", "III", "II", "I"]
    times = [i.at_min or 0 for i in stages]
    assert times == sorted(times) and len(set(times)) == len(times)
    commanders = {lv.id: lv.commander for lv in plan.levels}
    for inject in stages:
        [ea] = inject.expected
        level = ea.id.removeprefix("e-declare-")
        assert ea.by == commanders[level] and ea.steps  # an owner and a plan step
    # every step of every level passed appears once, with its actor as owner
    linked = [s for i in drill.script for ea in i.expected for s in ea.steps]
    for proc in plan.procedures:
        for step in proc.steps:
            assert step.id in linked
    # the Ⅰ级 story is worse than the Ⅳ级 one: people hurt, outside the fence
    assert "无人员受伤" in stages[0].text or "无人受伤" in stages[0].text
    assert "重伤" in stages[-1].text or "倒地" in stages[-1].text


def test_levels_order_from_their_names() -> None:
    from app.drill.story import escalation_order

    shuffled = Plan.model_validate(
        {
            "levels": [
                {"id": "b", "name": "较大事故响应"},
                {"id": "d", "name": "特别重大事故响应"},
                {"id": "a", "name": "一般事故响应"},
                {"id": "c", "name": "重大事故响应"},
            ]
        }
    )
    assert [lv.id for lv in escalation_order(shuffled)] == ["a", "b", "c", "d"]
    plain = Plan.model_validate({"levels": [{"id": "x"}, {"id": "y"}]})
    assert [lv.id for lv in escalation_order(plain)] == ["y", "x"]  # plans list the top first


@pytest.mark.parametrize("level", ["IV", "II", "I"])
def test_injects_are_not_all_alike(plan: Plan, level: str) -> None:
    """12 of 14 injects were "事态发展，需要X采取行动…"."""
    drill = script_from_plan(plan, level)
    starts = [i.text[:8] for i in drill.script]
    assert len(set(starts)) >= 0.8 * len(starts), starts
    assert len({i.text for i in drill.script}) == len(drill.script)
    assert not any(i.text.startswith("事态发展") for i in drill.script)


def test_the_story_comes_from_the_risks_register_and_the_seed(plan: Plan) -> None:
    drill = script_from_plan(plan, "II", seed=7)
    again = script_from_plan(plan, "II", seed=7)
    assert drill == again and drill.meta.seed == 7
    scenario = drill.meta.scenario
    # GB/T 46791-2025 情景简表 / the drill checklists: 概要, 背景, 环境, 后果
    for element in ("情景概要", "背景信息", "环境条件", "可能后果"):
        assert element in scenario
    risks = [r for r in plan.risks if r.hazard.split("、")[0][:2] in scenario]
    assert risks, scenario
    assert any(w in scenario for w in ("风", "气温"))
    # the scenario is the starting point, not the level's trigger list or the escalation
    assert not any(t in scenario for lv in plan.levels for t in lv.triggers)
    stories = {script_from_plan(plan, "II", seed=n).meta.scenario for n in range(12)}
    assert len(stories) >= 4  # the seed picks medium, place and weather
    # a weather risk is no incident place
    assert all("极端天气" not in s.split("\n")[0] for s in stories)


def test_an_incident_that_is_no_release_is_told_without_valves_and_readings() -> None:
    """A village's slope collapse or a town's fire has no DCS, valves or %LEL."""
    village = Plan.model_validate(
        {
            "meta": {"title": "村应急预案", "unit": {"name": "柳湾村村民委员会"}},
            "organization": {"command": {"id": "hq", "name": "村应急工作站"}},
            "levels": [{"id": "II", "name": "Ⅱ级响应"}, {"id": "I", "name": "Ⅰ级响应"}],
            "risks": [
                {
                    "id": "r1",
                    "hazard": "房前屋后高陡边坡",
                    "place": "三组后山",
                    "accident_types": ["崩塌"],
                    "level": "major",
                }
            ],
            "procedures": [
                {
                    "id": "p",
                    "steps": [
                        {"id": "s1", "actor": "hq", "action": "组织受威胁群众撤离"},
                        {"id": "s2", "actor": "hq", "action": "向镇政府报告"},
                    ],
                }
            ],
        }
    )
    drill = script_from_plan(village, "I", seed=3)
    texts = [i.text for i in drill.script]
    assert drill.meta.title == "村应急预案桌面推演（三组后山崩塌）"
    for text in texts:
        for word in ("阀门", "LEL", "ppm", "泄漏", "DCS", "中控室"):
            assert word not in text, (word, text)
    assert any("三组后山" in t for t in texts)
    assert "中控室" not in drill.meta.scenario
