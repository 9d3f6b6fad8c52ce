"""A scripted drill from a plan: a story that grows through the response levels.

``script_from_plan(plan, level, seed=...)`` tells an incident drawn from the plan's
risks register (``story.draw_story``: medium, place, weather, picked with the seed) and
walks the plan's response levels from the least severe up to ``level`` (Ⅳ→Ⅲ→Ⅱ→Ⅰ, or
一般→较大→重大…; issue 18 item 8: Ⅰ级 skipped Ⅱ级). Each level opens with a *situation*
inject (readings, calls, site reports worse than the last) whose expected action is to
declare that level, linked to the plan step that declares levels and owned by the
level's commander; then the level's procedures follow, one inject per step. The texts
say what is seen and heard, never what to do: the expected actions hold the answer.
Senders are the people a controller plays (中控室, 现场巡检员, 园区管委会…), never ids.

Times. A plan's ``within_min`` is read the way plans write it ("15 分钟内…"): the time
allowed from the start of the procedure, steps running in parallel. The step
prompts follow every ``STEP_GAP_MIN`` minutes, but never later than half of their
step's time limit; the expected action keeps the rest, so prompt time plus
``within_min`` is the plan's deadline. The next procedure starts when the longest
time limit of the previous one has run out; a level with no procedure of its own
gives ``ESCALATION_GAP_MIN`` before the next. A step that reports the accident to the
authorities (``is_accident_report``) is the exception: its limit counts from the
scenario's T0 (``clock_from: t0``), as the accident regulation's clocks do, and it
lists the six items a first report must contain.

Participants: one player per org unit the chosen procedures or the levels involve
(named after the unit's lead), plus the 总指挥, the 导调 and an evaluator. Criteria:
one per procedure (weighted by its number of steps), plus 信息报告 and 指挥协调.
"""

from __future__ import annotations

import math
import random

from app.drill.clock import ACCIDENT_REPORT_LOCAL_MIN, FIRST_REPORT_ITEMS
from app.drill.errors import GenerateError
from app.drill.story import (
    TIERS,
    Story,
    cue,
    draw_story,
    escalation_order,
    scenario_text,
    situation,
    story_seed,
)
from app.i18n import T
from app.model.drill import (
    Channel,
    ClockFrom,
    Criterion,
    Decision,
    Drill,
    DrillMeta,
    DrillMode,
    DrillScope,
    Evaluation,
    ExpectedAction,
    Inject,
    Objective,
    Participant,
    Role,
)
from app.model.plan import OrgUnit, Plan, Procedure, ResponseLevel, Step

STEP_GAP_MIN = 2.0

# A step reports the accident to the authorities when it says 报告 and names one of them.
_AUTHORITIES = ("应急管理", "政府", "上级", "主管部门", "安监", "管委会")


def is_accident_report(action: str) -> bool:
    """True when a plan step is the accident report the regulation's clocks apply to."""
    return "报告" in action and any(a in action for a in _AUTHORITIES)


DIRECTOR_ID = "director"


def plan_levels(plan: Plan) -> list[str]:
    """Level ids a drill can be generated for: the plan's levels, then any a
    procedure names."""
    ids = [lv.id for lv in plan.levels]
    for proc in plan.procedures:
        if proc.level is not None and proc.level not in ids:
            ids.append(proc.level)
    return ids


def procedures_for(plan: Plan, level: str | None) -> list[Procedure]:
    """Procedures with steps for ``level`` (with the unlevelled ones); all for None."""
    if level is None:
        return [p for p in plan.procedures if p.steps]
    return [p for p in plan.procedures if p.steps and p.level in (level, None)]


def script_from_plan(
    plan: Plan, level: str | None, *, plan_path: str | None = None, seed: int | None = None
) -> Drill:
    """A scripted drill exercising ``level`` of ``plan``; ``plan_path`` goes to meta.plan.

    ``level`` None takes every procedure: for plans without response levels, such as
    a 现场处置方案. Raises GenerateError when the level is unknown or has no procedure
    with steps.
    """
    levels = plan_levels(plan)
    if level is not None and level not in levels:
        known = "、".join(levels) or "（无）"
        raise GenerateError(
            T(
                f"预案中没有响应级别“{level}”；可选：{known}",
                f"The plan has no response level '{level}'; choose from: {', '.join(levels) or '(none)'}",
            )
        )
    procedures = procedures_for(plan, level)
    if not procedures:
        usable = [x for x in levels if procedures_for(plan, x)]
        if level is None:
            raise GenerateError(
                T("预案中没有含处置步骤的处置程序", "The plan has no procedure with steps")
            )
        raise GenerateError(
            T(
                f"预案中没有适用于“{level}”级响应且含处置步骤的处置程序"
                f"（有处置程序的级别：{'、'.join(usable) or '无'}）",
                f"The plan has no procedure with steps for response level '{level}' "
                f"(levels with procedures: {', '.join(usable) or 'none'})",
            )
        )
    lv = next((x for x in plan.levels if x.id == level), None)
    units = {u.id: u for u in plan.organization.units()}
    level_name = _level_name(lv, level) if level else "应急响应"
    command_id = plan.organization.command.id if plan.organization.command else None
    commander = (lv.commander if lv else None) or command_id
    if seed is None:
        seed = story_seed(plan, level)
    story = draw_story(plan, seed)
    rng = random.Random(f"plandrill-inject:{seed}")
    used_cues: dict[int, int] = {}
    path = _escalation_path(plan, level)
    on_path = {x for x, _ in path}
    if path:  # the procedures of every level the incident passes through, in plan order
        procedures = [p for p in plan.procedures if p.steps and p.level in (None, *on_path)]

    script: list[Inject] = []
    criteria: list[Criterion] = []
    used_units: list[str] = [commander] if commander else []
    taken: set[str] = set()

    def fresh(ident: str) -> str:
        out, n = ident, 1
        while out in taken:
            n += 1
            out = f"{ident}-{n}"
        taken.add(out)
        return out

    def _procedure(proc: Procedure, t: float, tier: int) -> float:
        """Append one inject per step of ``proc`` starting at ``t``; its length in minutes."""
        end = STEP_GAP_MIN
        for j, step in enumerate(proc.steps, start=1):
            if step.actor and step.actor not in used_units:
                used_units.append(step.actor)
            offset = j * STEP_GAP_MIN
            within: float | None = None
            clock_from = ClockFrom.INJECT
            report_items: list[str] = []
            if (
                step.within_min is not None
                and is_accident_report(step.action)
                and min(float(step.within_min), ACCIDENT_REPORT_LOCAL_MIN) > t
            ):
                # The accident regulation's clock counts from the accident (T0), whatever
                # procedure the step sits in (domain-cn.md "Report clocks", Art. 9/11/12):
                # the plan's limit, never more than the regulation's 1 hour, from T0. A limit
                # already past when its procedure starts is the plan's own, from the inject.
                clock_from = ClockFrom.T0
                within = min(float(step.within_min), ACCIDENT_REPORT_LOCAL_MIN)
                offset = min(offset, max(within - t, 0.0) / 2)
                report_items = [name for name, _ in FIRST_REPORT_ITEMS]
                end = max(end, offset + STEP_GAP_MIN, within - t)
            elif step.within_min is not None:
                offset = min(offset, _half(step.within_min))
                within = round(step.within_min - offset, 2)
                end = max(end, float(step.within_min))
            else:
                end = max(end, offset + STEP_GAP_MIN)
            sender, headline, text = cue(story, step.action, tier, rng, used_cues)
            script.append(
                Inject(
                    id=fresh(f"i-{step.id}"),
                    title=headline,
                    at_min=round(t + offset, 2),
                    from_=sender,
                    to=[step.actor] if step.actor else [],
                    channel=_channel(sender),
                    text=text,
                    expected=[
                        ExpectedAction(
                            id=fresh(f"e-{step.id}"),
                            text=step.action,
                            by=step.actor,
                            steps=[step.id],
                            within_min=within,
                            clock_from=clock_from,
                            report_items=report_items,
                        )
                    ],
                    criteria=[f"cp-{proc.id}"],
                    note=step.note or "",
                )
            )
        return end

    unlevelled = [p for p in procedures if p.level is None]
    t = 0.0
    stages: list[tuple[str | None, ResponseLevel | None]] = list(path) or [(None, None)]
    for k, (stage_id, stage_lv) in enumerate(stages):
        if stage_id is None:
            procs = procedures
        else:
            procs = (unlevelled if k == 0 else []) + [p for p in procedures if p.level == stage_id]
        tier = _tier(plan, stage_id)
        sender, headline, text = situation(story, tier, rng)
        stage_commander = (stage_lv.commander if stage_lv else None) or commander
        if k == 0 and stage_id is None and procedures[0].trigger:
            text = f"{procedures[0].trigger}。{text}"
        expected: list[ExpectedAction] = []
        decisions: list[Decision] = []
        note = ""
        points = ["信息接报与研判是否及时、准确"]
        if stage_id is not None:
            name = _level_name(stage_lv, stage_id)
            trigger = _matching_trigger(stage_lv)
            declare = _declaring_step([p for p in procedures if p.level == stage_id] + unlevelled)
            measures = "；".join(stage_lv.actions) if stage_lv and stage_lv.actions else ""
            expected.append(
                ExpectedAction(
                    id=fresh(f"e-declare-{stage_id}"),
                    text=f"研判事态已达到{name}启动条件"
                    + (f"（{trigger}）" if trigger else "")
                    + f"，宣布启动{name}"
                    + (f"：{measures}" if measures else ""),
                    by=stage_commander,
                    steps=[declare.id] if declare else [],
                    within_min=float(declare.within_min)
                    if declare and declare.within_min
                    else None,
                )
            )
            if stage_commander and stage_commander not in used_units:
                used_units.append(stage_commander)
            # Every level is offered, so the buttons do not give the answer away.
            decisions = [
                Decision(id=fresh(f"d-{stage_id}-{x.id}"), text=f"启动{_level_name(x, x.id)}")
                for x in plan.levels
            ]
            points.append(f"是否按启动条件确定为{name}，未越级、未滞后")
            note = f"本阶段情况对应{name}" + (f"启动条件“{trigger}”" if trigger else "") + "。"
        first_actor = next((s.actor for p in procs for s in p.steps if s.actor), None)
        to = stage_commander if k else (first_actor or stage_commander)
        script.append(
            Inject(
                id=fresh("i-t0" if k == 0 else f"i-escalate-{stage_id}"),
                title=headline,
                at_min=round(t, 2),
                from_=sender,
                to=[to] if to else [],
                channel=_channel(sender),
                text=text,
                expected=expected,
                decisions=decisions,
                evaluation_points=points,
                criteria=["c-report", "c-command"],
                note=note,
            )
        )
        if not procs:
            t += ESCALATION_GAP_MIN
        for proc in procs:
            t += _procedure(proc, t, tier)
            title = proc.title or proc.id
            criteria.append(
                Criterion(
                    id=f"cp-{proc.id}",
                    text=f"“{title}”各处置步骤是否按预案及时、规范完成",
                    category="处置措施",
                    weight=float(len(proc.steps)),
                    steps=[s.id for s in proc.steps],
                )
            )
    criteria[:0] = [
        Criterion(
            id="c-report",
            text="信息接报、研判和报告是否及时、准确",
            category="信息报告",
            weight=2.0,
        ),
        Criterion(
            id="c-command",
            text="指挥部是否按预案启动响应、统一指挥、协调各组",
            category="指挥与协调",
            weight=2.0,
        ),
    ]
    participants = _participants(plan, units, used_units)
    drill = Drill(
        meta=DrillMeta(
            # the title is on the wall: it names the incident, not the level to reach
            title=f"{plan.meta.title or '应急预案'}桌面推演"
            + ("" if level is None else f"（{_incident(story)}）"),
            scope=DrillScope.COMPREHENSIVE if len(used_units) > 2 else DrillScope.SINGLE,
            mode=DrillMode.SCRIPTED,
            plan=plan_path,
            level=level,
            organiser=plan.meta.unit.name or None,
            duration_min=round(t),
            scenario=scenario_text(story, plan),
            seed=seed,
            objectives=[
                Objective(id="o1", text=_first_objective(path, level_name, level)),
                Objective(id="o2", text="检验各工作组的职责分工和协同配合"),
                Objective(id="o3", text="锻炼指挥人员的研判决策和信息报告能力"),
            ],
        ),
        participants=participants,
        script=script,
        evaluation=Evaluation(criteria=criteria),
    )
    for criterion in drill.evaluation.criteria:
        if criterion.id in ("c-report", "c-command"):
            criterion.objective = "o3" if criterion.id == "c-report" else "o2"
        else:
            criterion.objective = "o1"
    return drill


ESCALATION_GAP_MIN = 10.0


def _level_name(lv: ResponseLevel | None, level: str) -> str:
    return lv.name if lv and lv.name else f"{level}级响应"


def _escalation_path(plan: Plan, level: str | None) -> list[tuple[str, ResponseLevel | None]]:
    """The levels a drill for ``level`` walks, least severe first, ending at ``level``.

    A drill of Ⅰ级 passes Ⅳ, Ⅲ and Ⅱ on its way (issue 18 item 8: it skipped Ⅱ级): the
    incident grows and each level is declared when its conditions are met.
    """
    if level is None:
        return []
    order = escalation_order(plan)
    ids = [lv.id for lv in order]
    if level not in ids:  # a level only a procedure names
        return [(level, None)]
    return [(lv.id, lv) for lv in order[: ids.index(level) + 1]]


def _tier(plan: Plan, level: str | None) -> int:
    """How bad the site looks at ``level``: 0 (minor) to TIERS-1, by the level's place."""
    order = [lv.id for lv in escalation_order(plan)]
    if level is None or level not in order:
        return 1
    if len(order) == 1:
        return 1
    return round(order.index(level) * (TIERS - 1) / (len(order) - 1))


def _matching_trigger(lv: ResponseLevel | None) -> str:
    """The trigger the stage's situation is written to meet (the level's first)."""
    if lv is None or not lv.triggers:
        return ""
    return lv.triggers[0]


_DECLARES = ("响应级别", "宣布启动", "启动响应")


def _declaring_step(procs: list[Procedure]) -> Step | None:
    """The plan step that declares a response level, if the plan has one."""
    for proc in procs:
        for step in proc.steps:
            if any(w in step.action for w in _DECLARES):
                return step
    return None


_OUTSIDE = (
    "管委会",
    "应急管理",
    "政府",
    "消防救援站",
    "周边企业",
    "当班班长",
    "医疗",
    "值班室",
    "救援队伍",
)


def _channel(sender: str) -> Channel:
    if sender == "中控室":
        return Channel.SYSTEM
    if sender in ("现场巡检员", "门卫", "现场人员"):
        return Channel.RADIO
    if any(w in sender for w in _OUTSIDE) or sender.endswith("部门"):
        return Channel.PHONE
    return Channel.ORAL


def _unit_name(unit: OrgUnit | None, fallback: str | None) -> str:
    if unit is not None and unit.name:
        return unit.name
    return fallback or "相关人员"


def _half(minutes: float) -> float:
    """Half a time limit, rounded down to half a minute."""
    return math.floor(minutes) / 2 if minutes >= 1 else 0.0


def _incident(story: Story) -> str:
    return f"{story.place}{story.medium if story.leak else ''}{story.accident}"


def _first_objective(
    path: list[tuple[str, ResponseLevel | None]], level_name: str, level: str | None
) -> str:
    if len(path) > 1:
        first = _level_name(path[0][1], path[0][0])
        return f"检验预案从{first}逐级提升至{level_name}的研判启动和处置程序的针对性和可操作性"
    return f"检验预案{'' if level is None else level_name}处置程序的针对性和可操作性"


def _participants(plan: Plan, units: dict[str, OrgUnit], used: list[str]) -> list[Participant]:
    principal = plan.meta.unit.principal
    out = [
        Participant(
            id="commander",
            name=principal or "总指挥",
            org=plan.meta.unit.name or None,
            role=Role.COMMANDER,
        ),
        Participant(id=DIRECTOR_ID, name="导调组", role=Role.DIRECTOR),
        Participant(id="evaluator", name="评估组", role=Role.EVALUATOR),
    ]
    for unit_id in used:
        unit = units.get(unit_id)
        out.append(
            Participant(
                id=f"p-{unit_id}",
                name=(unit.lead if unit and unit.lead else _unit_name(unit, unit_id)),
                org=unit.name if unit and unit.name else None,
                role=Role.PLAYER,
                plays=unit_id if unit is not None else None,
                group=None if unit is not None else unit_id,
            )
        )
    return out


__all__ = ["GenerateError", "plan_levels", "procedures_for", "script_from_plan"]
