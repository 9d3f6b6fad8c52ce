"""A scripted drill skeleton from a plan's procedures, for one response level.

``script_from_plan(plan, level)`` takes the procedures of that level (and those with
no level, which apply at every level), in plan order, and writes for each:

* a *situation* inject at the procedure's start, sent by the 导调 to the level's
  commander: the level's first trigger for a procedure of that level, else the
  procedure's own trigger. The first one asks whether to start the response and
  offers the decision "启动<level>" for follow-ups to branch on;
* one inject per step, asking the step's actor what it does now, with one expected
  action linked to the step (``steps: [<step id>]``, ``by: <actor>``).

Times. A plan's ``within_min`` is read the way plans write it ("15 分钟内…"): the time
allowed from the start of the procedure, steps running in parallel. The step
prompts follow the situation every ``STEP_GAP_MIN`` minutes, but never later than
half of their step's time limit; the expected action keeps the rest, so prompt time
plus ``within_min`` is the plan's deadline. The next procedure starts when the longest
time limit of the previous one has run out. A step that reports the accident to the
authorities (``is_accident_report``) is the exception: its limit counts from the scenario's T0
(``clock_from: t0``), as the accident regulation's clocks do, and it lists the six items a
first report must contain.

Participants: one player per org unit the chosen procedures or the level involve
(named after the unit's lead), plus the 总指挥, the 导调 and an evaluator. Criteria:
one per procedure (weighted by its number of steps), plus 信息报告 and 指挥协调.
The result is a valid drill for the designer to edit: texts ask what to do, they
never give the answer (the expected actions hold it).
"""

from __future__ import annotations

import math

from app.drill.clock import ACCIDENT_REPORT_LOCAL_MIN, FIRST_REPORT_ITEMS
from app.drill.errors import GenerateError
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
from app.model.plan import OrgUnit, Plan, Procedure, ResponseLevel

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


def script_from_plan(plan: Plan, level: str | None, *, plan_path: str | None = None) -> Drill:
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
    level_name = (lv.name if lv and lv.name else f"{level}级响应") if level else "应急响应"
    commander = (lv.commander if lv else None) or (
        plan.organization.command.id if plan.organization.command else None
    )

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

    t = 0.0
    for n, proc in enumerate(procedures, start=1):
        title = proc.title or proc.id
        own_level = proc.level == level and lv is not None and lv.triggers
        situation = (lv.triggers[0] if own_level and lv else proc.trigger) or (
            f"发生需要启动“{title}”的事件"
        )
        ask = (
            f"{situation}。请研判事态并决定是否启动{level_name}。"
            if n == 1
            else f"事态发展：{situation}。请按预案组织处置。"
        )
        script.append(
            Inject(
                id=fresh(f"i-{proc.id}"),
                title=f"情况通报：{title}",
                at_min=round(t, 2),
                from_=DIRECTOR_ID,
                to=[commander] if commander else [],
                channel=Channel.PHONE,
                text=ask,
                decisions=[Decision(id=fresh(f"d-{proc.id}-start"), text=f"启动{level_name}")]
                if n == 1
                else [],
                evaluation_points=["信息接报与研判是否及时、准确"],
                criteria=["c-report", "c-command"],
            )
        )
        end = STEP_GAP_MIN
        for j, step in enumerate(proc.steps, start=1):
            actor = units.get(step.actor or "")
            actor_name = _unit_name(actor, step.actor)
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
            script.append(
                Inject(
                    id=fresh(f"i-{step.id}"),
                    title=f"{title}：{actor_name}处置",
                    at_min=round(t + offset, 2),
                    from_=DIRECTOR_ID,
                    to=[step.actor] if step.actor else [],
                    channel=Channel.ORAL,
                    text=f"事态发展，需要{actor_name}采取行动。请{actor_name}说明此时按预案应做什么、由谁来做、多长时间内完成。",
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
        t += end
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
            title=f"{plan.meta.title or '应急预案'}{'' if level is None else level_name}桌面推演",
            scope=DrillScope.COMPREHENSIVE if len(used_units) > 2 else DrillScope.SINGLE,
            mode=DrillMode.SCRIPTED,
            plan=plan_path,
            level=level,
            organiser=plan.meta.unit.name or None,
            duration_min=round(t),
            scenario=_scenario(procedures, lv),
            objectives=[
                Objective(
                    id="o1",
                    text=f"检验预案{'' if level is None else level_name}处置程序的针对性和可操作性",
                ),
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


def _unit_name(unit: OrgUnit | None, fallback: str | None) -> str:
    if unit is not None and unit.name:
        return unit.name
    return fallback or "相关人员"


def _half(minutes: float) -> float:
    """Half a time limit, rounded down to half a minute."""
    return math.floor(minutes) / 2 if minutes >= 1 else 0.0


def _scenario(procedures: list[Procedure], lv: ResponseLevel | None) -> str:
    if lv is not None and lv.triggers:
        return "；".join(lv.triggers)
    return "；".join(p.trigger for p in procedures if p.trigger)


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
