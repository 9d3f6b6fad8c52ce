"""Starter drills: drill templates render like plan templates, validate against the plan
they exercise, play through the engine, and draw reproducibly within their preconditions."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest

from app.checks import check_file
from app.checks.drills import check_drill
from app.drill import DrillSession, FakeTime, InjectStatus
from app.drill.library import precondition_met
from app.drill.state import ExpectedStatus
from app.model.drill import (
    CardSeverity,
    Drill,
    DrillMode,
    EvalMethod,
    MarkLevel,
    Role,
    plan_steps,
)
from app.model.kinds import PlanKind
from app.model.plan import Plan
from app.model.problems import Severity
from app.storage.documents import to_data
from app.storage.drills import load_drill, loads_drill, save_drill
from app.storage.templates import (
    DRILL_TEMPLATE_SUFFIX,
    TemplateDoc,
    TemplateError,
    find_template,
    list_templates,
    render_drill,
    render_drill_text,
    render_template,
    render_template_text,
    scan_templates,
)
from tests.helpers import HOSTILE_VALUES, data_shape, text_values

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = ROOT / "resources" / "sample"
LEAK = "hazchem-leak-tabletop"
SCRIPTLESS = "hazchem-scriptless"
DRILLS = [LEAK, SCRIPTLESS]
MIN = 60.0


def _pair(template_id: str, use_examples: bool = False) -> tuple[Drill, Plan]:
    """A drill from its template and, freshly rendered, the plan it exercises."""
    info = find_template(template_id, doc=TemplateDoc.DRILL)
    assert info.plan_template is not None
    drill = render_drill(template_id, {}, use_examples=use_examples)
    plan = render_template(info.plan_template, {}, use_examples=use_examples)
    return drill, plan


def _side_by_side(folder: Path, template_id: str, use_examples: bool = False) -> Path:
    """Write the drill and its plan into ``folder`` as two ``new`` commands would."""
    drill, _ = _pair(template_id, use_examples)
    info = find_template(template_id, doc=TemplateDoc.DRILL)
    assert drill.meta.plan and info.plan_template
    plan_text = render_template_text(info.plan_template, {}, use_examples=use_examples)
    (folder / drill.meta.plan).write_text(plan_text, encoding="utf-8")
    path = folder / f"{template_id}.drill.yaml"
    save_drill(drill, path, backup=False)
    return path


# --- the bundled drill templates ----------------------------------------------------------


def test_drill_templates_are_listed_apart_from_plans() -> None:
    plans = list_templates()
    drills = list_templates(doc=TemplateDoc.DRILL)
    both = list_templates(doc=None)
    assert [i.id for i in drills] == [SCRIPTLESS, LEAK]  # by the kind of plan they drill
    assert all(i.doc is TemplateDoc.PLAN for i in plans)
    assert [i.id for i in both] == [i.id for i in plans] + [i.id for i in drills]
    for info in drills:
        assert info.builtin and info.path.name == f"{info.id}{DRILL_TEMPLATE_SUFFIX}"
        assert info.output_suffix == ".drill.yaml"
        assert info.title.zh and info.description.zh and info.title.en
        assert not [v.name for v in info.variables if v.required]  # new works with no --set
        plan_info = find_template(info.plan_template or "")
        assert plan_info.doc is TemplateDoc.PLAN and plan_info.kind is info.kind
        assert info.plan_variable == "plan_file"
        assert "演练" in info.kind_text("zh") and "drill" in info.kind_text("en")
    assert find_template(LEAK, doc=None).mode is DrillMode.SCRIPTED
    assert find_template(SCRIPTLESS, doc=None).mode is DrillMode.SCRIPTLESS
    assert find_template(LEAK, doc=None).kind is PlanKind.ENTERPRISE_SPECIAL


def test_the_plan_path_defaults_to_the_plan_templates_title() -> None:
    for template_id in DRILLS:
        drill, plan = _pair(template_id)
        assert drill.meta.plan == f"{plan.meta.title}.plan.yaml"
    example, _ = _pair(SCRIPTLESS, use_examples=True)
    assert example.meta.plan == "化工企业综合应急预案.plan.yaml"  # the bundled sample plan


@pytest.mark.parametrize("use_examples", [False, True], ids=["defaults", "examples"])
@pytest.mark.parametrize("template_id", DRILLS)
def test_drill_renders_and_validates_next_to_a_fresh_plan(
    tmp_path: Path, template_id: str, use_examples: bool
) -> None:
    drill, plan = _pair(template_id, use_examples)
    problems = check_drill(drill, plan=plan)
    # a fresh drill still has its 【待填写…】 names to fill in, and validate says where;
    # nothing else may be wrong with it
    other = [p for p in problems if p.code != "content.placeholder"]
    assert not other, [(p.code, p.text("zh"), p.path) for p in other]
    assert all(p.severity is Severity.WARNING for p in problems)
    text = render_drill_text(template_id, {}, use_examples=use_examples)
    assert "{{" not in text and "{%" not in text
    again = loads_drill(text)
    assert not again.problems and again.model == drill
    # and as validate sees the two files side by side: the plan path resolves
    path = _side_by_side(tmp_path, template_id, use_examples)
    report = check_file(path)
    assert report.kind == "drill"
    assert not [p for p in report.problems if p.severity is Severity.ERROR], report.problems
    assert (tmp_path / (drill.meta.plan or "")).is_file()


@pytest.mark.parametrize("template_id", DRILLS)
def test_without_the_plan_next_to_it_validate_names_the_missing_plan(
    tmp_path: Path, template_id: str
) -> None:
    path = tmp_path / "x.drill.yaml"
    save_drill(render_drill(template_id, {}), path, backup=False)
    errors = [p for p in check_file(path).problems if p.severity is Severity.ERROR]
    assert [p.code for p in errors] == ["plan.unreadable"]


def test_values_reach_the_drill() -> None:
    values = {
        "unit.name": "甲化工公司",
        "unit.principal": "张三",
        "park": "丙园区",
        "region": "乙区",
        "date": "2026-07-08",
        "place": "三楼会议室",
        "plan_file": "../预案/泄漏专项.plan.yaml",
    }
    drill = render_drill(LEAK, values)
    assert drill.meta.organiser == "甲化工公司安全环保部"
    assert str(drill.meta.date) == "2026-07-08" and drill.meta.place == "三楼会议室"
    assert drill.meta.plan == "../预案/泄漏专项.plan.yaml"
    assert next(p for p in drill.participants if p.plays == "hq").name == "张三"
    texts = text_values(to_data(drill))
    assert any("丙园区管委会" in t for t in texts)
    assert any("乙区人民政府" in t for t in texts)
    assert not any("【待填写：所在园区】" in t for t in texts)
    assert render_drill(LEAK, {}).meta.date is None  # an optional date left out


@pytest.mark.parametrize(
    ("value", "blind"), [("是", True), ("否", False), ("no", False), (" TRUE ", True)]
)
def test_blind_is_a_yes_no_option(value: str, blind: bool) -> None:
    assert render_drill(SCRIPTLESS, {"blind": value}).meta.blind is blind
    assert render_drill(SCRIPTLESS, {}).meta.blind is True


def test_a_yes_no_option_refuses_other_answers() -> None:
    with pytest.raises(TemplateError) as caught:
        render_drill(SCRIPTLESS, {"blind": "也许"})
    message = caught.value.text("zh")
    assert "blind" in message and "是" in message and "否" in message


PAYLOADS = [*HOSTILE_VALUES, "{{ unit.name }}{{ park }}"]


@pytest.mark.parametrize("template_id", DRILLS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_values_stay_literal_text(template_id: str, payload: str) -> None:
    benign = render_drill(template_id, {"unit.name": "甲", "park": "乙", "place": "丙"})
    values = {"unit.name": payload, "park": payload, "place": payload}
    drill = render_drill(template_id, values)
    assert drill.meta.place == payload.strip()
    assert data_shape(to_data(drill)) == data_shape(to_data(benign))
    assert any(f"{payload}管委会" in s for s in text_values(to_data(drill)))
    again = loads_drill(render_drill_text(template_id, values))
    assert not again.problems and again.model == drill
    assert again.model.schema_ == "plandrill/drill@1"


def test_plan_and_drill_ids_are_kept_apart() -> None:
    with pytest.raises(TemplateError) as caught:
        render_template(LEAK, {})
    assert "演练模板" in caught.value.text("zh") and "预案模板" in caught.value.text("zh")
    with pytest.raises(TemplateError) as caught:
        render_drill("hazchem-comprehensive", {})
    assert "预案模板" in caught.value.text("zh")
    with pytest.raises(TemplateError) as caught:
        render_drill("no-such-drill", {})
    assert LEAK in caught.value.text("zh") and "hazchem-comprehensive" not in caught.value.text()


# --- the scripted drill on the leak plan ---------------------------------------------------


def test_scripted_drill_is_a_full_tabletop_script() -> None:
    drill, plan = _pair(LEAK)
    meta = drill.meta
    assert meta.mode is DrillMode.SCRIPTED and not meta.blind
    assert meta.title and meta.scenario and len(meta.objectives) >= 3
    script = drill.script
    assert len(script) >= 10
    timed = [i for i in script if i.at_min is not None]
    triggered = [i for i in script if i.trigger is not None]
    branched = [i for i in script if i.decisions and i.follow_ups]
    targets = {fu.inject for i in script for fu in i.follow_ups}
    assert len(timed) >= 8 and triggered and len(branched) >= 2
    assert all(i.at_min is None for i in script if i.id in targets)
    units = {u.id for u in plan.organization.units()}
    steps = plan_steps(plan)
    channels = Counter(i.channel.value for i in script)
    assert len(channels) >= 4
    for inject in script:
        assert inject.title and inject.text and inject.from_
        assert inject.to and set(inject.to) <= units | {"all"}
        assert inject.criteria
    expected = drill.expected_actions()
    assert len(expected) >= 20
    for _, ea in expected:
        assert ea.steps and set(ea.steps) <= set(steps), ea.id
        assert ea.by in units and ea.within_min and ea.within_min > 0
        assert ea.by in {steps[s].actor for s in ea.steps}, ea.id  # who the plan names
    linked = {s for _, ea in expected for s in ea.steps}
    for proc in ("leak-iii", "leak-ii", "leak-i"):  # every level it escalates through
        assert any(s.startswith(f"{proc}-") for s in linked)
    assert {s for s in steps if s.startswith("leak-ii-")} <= linked
    assert {s for s in steps if s.startswith("leak-i-")} <= linked
    texts = " ".join(i.title + i.text for i in script)
    for topic in ("中控室", "侦检", "中毒", "Ⅱ级响应", "支援", "疏散", "生态环境", "记者"):
        assert topic in texts, topic


def test_scripted_drill_has_roles_and_choice_evaluation() -> None:
    drill, plan = _pair(LEAK)
    roles = {p.role for p in drill.participants}
    assert roles == set(Role)
    played = {p.plays for p in drill.participants if p.plays}
    assert played == {u.id for u in plan.organization.units()}
    assert all(not p.role.is_staff for p in drill.participants if p.plays)
    assert any("【待填写" in p.name for p in drill.participants)  # names to fill in
    ev = drill.evaluation
    assert ev.method is EvalMethod.CHOICE
    assert all(c.weight > 0 and c.objective for c in ev.criteria)
    assert any(c.key for c in ev.criteria)
    assert [g.passed for g in ev.grades][-1] is False and ev.grades[-1].min_score == 0
    passing = min(g.min_score for g in ev.grades if g.passed)
    assert ev.level_scores.partly < passing <= ev.level_scores.achieved
    assert all(i.evaluation_points for i in drill.script)


def _play(drill: Drill, plan: Plan, folder: Path, choices: dict[str, str]) -> DrillSession:
    """Run a scripted drill to its end on a fake clock, answering every inject in time."""
    t = FakeTime()
    session = DrillSession.create(drill, folder / "x.drill.yaml", plan=plan, time_source=t)
    players = {p.plays: p.id for p in drill.participants if p.plays}
    answered: set[str] = set()
    session.start()
    for _ in range((drill.meta.duration_min or 0) + 10):
        session.poll()
        for run in session.state.delivered():
            if run.id in answered:
                continue
            answered.add(run.id)
            item = run.item
            decision = choices.get(item.id)
            if not item.expected and decision is None:
                continue
            session.record_action(
                "按预案处置",
                who=players.get(item.expected[0].by if item.expected else item.to[0]),
                inject=item.id,
                fulfils=[ea.id for ea in item.expected],
                decision=decision,
            )
        t.advance(MIN)
    session.end("推演结束")
    return session


def test_scripted_drill_plays_end_to_end_on_the_main_branch(tmp_path: Path) -> None:
    drill, plan = _pair(LEAK)
    session = _play(drill, plan, tmp_path, {"i03": "d-up", "i08": "d-level-i"})
    delivered = [r.id for r in session.state.delivered()]
    assert set(delivered) == {i.id for i in drill.script} - {"i03b", "i08b"}
    times = {r.id: r.delivered_s for r in session.state.delivered()}
    assert times["i04"] == 7 * MIN  # one minute after the decision at T+6
    assert times["i09"] == times["i08"] + 7 * MIN  # triggered after i08
    statuses = {ea.id: st for _, ea, st in session.expected_actions()}
    skipped_branch = {ea.id for i in drill.script if i.id in ("i03b", "i08b") for ea in i.expected}
    for ident, status in statuses.items():
        want = ExpectedStatus.NOT_DELIVERED if ident in skipped_branch else ExpectedStatus.DONE
        assert status is want, ident
    metrics = session.metrics()
    assert metrics.counts.get("missed", 0) == 0 and metrics.counts.get("late", 0) == 0
    exercised = {s.id for s in metrics.steps if s.status == "exercised"}
    linked = {s for _, ea in drill.expected_actions() for s in ea.steps}
    assert exercised == linked - {"leak-iii-07"}  # only the untaken branch asks for it
    for criterion in drill.evaluation.criteria:
        session.mark(criterion.id, level=MarkLevel.ACHIEVED)
    result = session.evaluation()
    assert result.complete and result.passed and result.score == 100
    session.mark("c-judge", level=MarkLevel.NOT_ACHIEVED)  # a key item vetoes
    assert session.evaluation().passed is False
    session.close()


def test_scripted_drill_plays_the_other_branches(tmp_path: Path) -> None:
    drill, plan = _pair(LEAK)
    choices = {"i03": "d-self", "i03b": "d-up-late", "i08": "d-hold-ii"}
    session = _play(drill, plan, tmp_path, choices)
    delivered = {r.id: r.delivered_s for r in session.state.delivered()}
    assert set(delivered) == {i.id for i in drill.script}
    assert delivered["i03b"] == 9 * MIN and delivered["i04"] == 10 * MIN
    assert delivered["i08b"] == delivered["i08"] + 4 * MIN
    assert session.metrics().counts.get("missed", 0) == 0
    session.close()


# --- the scriptless drill on the comprehensive plan -----------------------------------------

SECONDARY = ("停电", "通信中断", "人员失联", "次生火灾", "舆情")
MORE = ("风向突变", "救援人员受伤", "二次泄漏", "暴雨", "周边群众聚集", "上级督查")


def test_scriptless_drill_has_a_varied_card_library() -> None:
    drill, plan = _pair(SCRIPTLESS)
    meta = drill.meta
    assert meta.mode is DrillMode.SCRIPTLESS and meta.blind and meta.seed is not None
    cards = drill.library
    assert len(cards) >= 15
    titles = " ".join(c.title for c in cards)
    for word in (*SECONDARY, *MORE):
        assert word in titles, word
    assert {c.severity for c in cards} == set(CardSeverity)
    assert len({c.category for c in cards}) >= 8
    units = {u.id for u in plan.organization.units()}
    steps = plan_steps(plan)
    for card in cards:
        assert card.text and card.to and set(card.to) <= units and card.expected
        for ea in card.expected:
            assert ea.by in units and ea.within_min and set(ea.steps) <= set(steps)
            assert not ea.steps or ea.by in {steps[s].actor for s in ea.steps}, ea.id
    fire = next(c for c in cards if c.title == "次生火灾")
    assert fire.category == "火灾"
    assert [(p.category, p.inject) for p in fire.preconditions] == [("泄漏", None)]
    # secondary events wait for something to be secondary to
    for card in cards:
        if card.category not in ("泄漏", "停电", "气象", "人员", "督查") or card.title in (
            "二次泄漏",
            "风向突变",
            "人员失联",
            "救援人员受伤",
        ):
            assert card.preconditions, card.title


def test_task_cards_brief_every_team_that_plays() -> None:
    drill, plan = _pair(SCRIPTLESS)
    cards = [i for i in drill.script if i.id.startswith("tc-")]
    assert cards == drill.script and len(cards) >= 5
    assert all(c.at_min == 0 and c.channel.value == "written" for c in cards)
    assert all(c.title.startswith("任务卡：") and "你们的任务" in c.text for c in cards)
    briefed = Counter(unit for c in cards for unit in c.to)
    played = {p.plays for p in drill.participants if p.role is Role.PLAYER}
    assert set(briefed) == played and set(briefed.values()) == {1}
    assert played == {u.id for u in plan.organization.units()}
    seats = {c.title.removeprefix("任务卡：") for c in cards}
    assert {p.group for p in drill.participants if p.role is Role.PLAYER} == seats


def _draw_all(
    drill: Drill, plan: Plan, folder: Path, seed: int, name: str
) -> tuple[list[str], DrillSession]:
    """Open, deliver the task cards, then draw and deliver cards until none is left."""
    session = DrillSession.create(
        drill, folder / f"{name}.drill.yaml", plan=plan, seed=seed, time_source=FakeTime()
    )
    session.start()
    while session.next() is not None:  # the task cards
        pass
    drawn: list[str] = []
    while True:
        before = session.state
        card = session.draw()
        if card is None:
            break
        # the rule the draw promises: every precondition held when it was drawn
        assert all(precondition_met(p, before) for p in card.preconditions), card.id
        drawn.append(card.id)
        session.deliver(card.id)
    return drawn, session


def test_scriptless_draws_are_reproducible_and_respect_preconditions(tmp_path: Path) -> None:
    drill, plan = _pair(SCRIPTLESS)
    seed = drill.meta.seed or 0
    first, s1 = _draw_all(drill, plan, tmp_path, seed, "a")
    second, s2 = _draw_all(drill, plan, tmp_path, seed, "b")
    assert first == second  # same seed, same requests: same cards
    assert s1.seed == seed
    by_id = {c.id: c for c in drill.library}
    # every card comes out in the end, and never before what it depends on
    assert sorted(first) == sorted(by_id)
    leaks = [i for i, ident in enumerate(first) if by_id[ident].category == "泄漏"]
    fires = [i for i, ident in enumerate(first) if by_id[ident].category == "火灾"]
    assert fires and min(fires) > min(leaks)
    assert first.index("k-fire-spread") > first.index("k-fire")
    orders = {tuple(_draw_all(drill, plan, tmp_path, s, f"s{s}")[0]) for s in range(1, 6)}
    assert len(orders) > 1  # the seed matters
    for session in (s1, s2):
        session.close()


@pytest.mark.parametrize("seed", range(12))
def test_no_secondary_fire_before_a_leak(tmp_path: Path, seed: int) -> None:
    drill, plan = _pair(SCRIPTLESS)
    session = DrillSession.create(
        drill, tmp_path / "x.drill.yaml", plan=plan, seed=seed, time_source=FakeTime()
    )
    session.start()
    locked = {run.id for run, _ in session.locked_cards()}
    assert {"k-fire", "k-missing", "k-media", "k-comm"} <= locked
    assert not [c for c in session.candidates() if c.preconditions]
    assert session.draw(category="火灾") is None  # nothing to burn yet
    leak_seen = False
    while (card := session.draw()) is not None:
        if card.category == "火灾":
            assert leak_seen, card.id
        leak_seen |= card.category == "泄漏"
        session.deliver(card.id)
    session.close()


def test_a_decision_on_a_card_queues_its_follow_up(tmp_path: Path) -> None:
    drill, plan = _pair(SCRIPTLESS)
    t = FakeTime()
    session = DrillSession.create(drill, tmp_path / "x.drill.yaml", plan=plan, time_source=t)
    session.start()
    for _ in drill.script:  # the task cards
        session.next()
    for card in ("k-leak-tank", "k-fire", "k-fire-spread"):
        session.deliver(card)
    session.record_action("继续自行扑救", who="p-hq", inject="k-fire-spread", decision="dk-keep")
    status = dict((run.id, st) for run, st in session.injects())
    assert status["k-park-call"] is InjectStatus.SCHEDULED
    t.advance(3 * MIN)
    entry = session.next()
    assert entry is not None and entry.get("inject") == "k-park-call"
    session.close()


# --- the bundled samples ---------------------------------------------------------------------


def test_scriptless_sample_is_a_fresh_rendering() -> None:
    sample = SAMPLE_DIR / "无脚本综合演练.drill.yaml"
    expected = render_drill_text(SCRIPTLESS, {}, use_examples=True)
    assert sample.read_text(encoding="utf-8") == expected, (
        "regenerate it: python -m app new --template hazchem-scriptless --example "
        "--force --no-backup -o resources/sample/无脚本综合演练.drill.yaml"
    )


@pytest.mark.parametrize("name", ["无脚本综合演练.drill.yaml", "液氯泄漏桌面推演.drill.yaml"])
def test_sample_drills_validate_against_the_sample_plan(name: str) -> None:
    report = check_file(SAMPLE_DIR / name)
    assert report.kind == "drill"
    assert not [p for p in report.problems if p.severity is Severity.ERROR], report.problems
    assert load_drill(SAMPLE_DIR / name).model.meta.plan == "化工企业综合应急预案.plan.yaml"


# --- drill templates written by users --------------------------------------------------------


def _write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


MINIMAL = """
    schema: plandrill/drill-template@1
    template:
      id: mine
      kind: enterprise_onsite
      title: 我的演练
      variables:
        - {name: unit.name, label: 单位名称, default: 【待填写】}
        - {name: plan_file, label: 预案文件, default: 现场处置方案.plan.yaml}
    drill:
      meta:
        title: "{{ unit.name }}有限空间桌面推演"
        plan: "{{ plan_file }}"
      script:
        - {id: i1, at_min: 0, to: [all], text: "{{ unit.name }}污水池有人晕倒"}
"""


def test_a_user_drill_template_renders(tmp_path: Path) -> None:
    _write(tmp_path, "mine.drill-template.yaml", MINIMAL)
    info = find_template("mine", [tmp_path], doc=None)
    assert info.doc is TemplateDoc.DRILL and not info.builtin
    assert info.mode is DrillMode.SCRIPTED and info.plan_template is None
    drill = render_drill("mine", {"unit.name": "甲"}, [tmp_path])
    assert drill.meta.title == "甲有限空间桌面推演"
    assert drill.script[0].text == "甲污水池有人晕倒"
    assert [i.id for i in list_templates([tmp_path], doc=TemplateDoc.DRILL)][-1] == "mine"
    assert "mine" not in [i.id for i in list_templates([tmp_path])]


@pytest.mark.parametrize(
    ("case", "body", "words", "line"),
    [
        (
            "a",
            MINIMAL.replace("drill-template@1", "plan-template@1"),
            ["不是演练模板", "plan-template.yaml"],
            1,
        ),
        (
            "b",
            MINIMAL.replace("    drill:\n", "    plan:\n"),
            ["未知字段“plan”", "drill"],
            None,
        ),
        (
            "c",
            MINIMAL.replace('text: "{{ unit.name }}污水池', 'text: "{{ unit.name|upper }}污水池'),
            ["过滤器", "{{ 变量名 }}"],
            14,
        ),
        (
            "d",
            MINIMAL.replace(
                'plan: "{{ plan_file }}"', 'plan: "{{ plan_file }}"\n        mode: live'
            ),
            ["组织方式", "live"],
            13,
        ),
        (
            "e",
            MINIMAL.replace("at_min: 0", "at_min: -5"),
            ["不是有效的演练"],
            14,
        ),
    ],
)
def test_broken_user_drill_templates_fail_with_file_and_line(
    tmp_path: Path, case: str, body: str, words: list[str], line: int | None
) -> None:
    # named after its id, so that new --template mine says what is wrong with it
    path = _write(tmp_path, "mine.drill-template.yaml", body)
    with pytest.raises(TemplateError) as caught:
        render_drill("mine", {}, [tmp_path])
    err = caught.value
    assert err.filename == str(path)
    assert all(w in err.text("zh") for w in words), err.text("zh")
    if line is not None:
        assert err.line == line


def test_broken_drill_templates_do_not_trouble_the_plan_listing(tmp_path: Path) -> None:
    _write(tmp_path, "bad.drill-template.yaml", "schema: plandrill/drill-template@1\ntemplate: [\n")
    infos, errors = scan_templates([tmp_path])
    assert not errors and infos == list_templates()
    _, all_errors = scan_templates([tmp_path], doc=None)
    assert [Path(e.filename).name for e in all_errors] == ["bad.drill-template.yaml"]


def test_ids_are_one_namespace_across_plans_and_drills(tmp_path: Path) -> None:
    _write(tmp_path, "x.drill-template.yaml", MINIMAL.replace("id: mine", "id: township"))
    infos, errors = scan_templates([tmp_path], doc=None)
    assert [i.id for i in infos].count("township") == 1
    assert find_template("township", [tmp_path], doc=None).doc is TemplateDoc.PLAN
    assert len(errors) == 1 and "township" in errors[0].text("zh") and "重复" in errors[0].text()
