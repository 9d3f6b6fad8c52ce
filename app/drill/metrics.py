"""Metrics of a drill session, from its journal: plain data for documents and the GUI.

``compute_metrics(state, plan)`` (or ``metrics_from_journal(path)``) gives a
``DrillMetrics``:

* per inject: when it was delivered, the first action answering it, and the response
  time in scenario minutes and in real seconds;
* per expected action: done (within its time limit), late, missed, or still open /
  overdue in a session that has not ended; never-delivered injects do not count;
* per plan step: exercised (an action fulfilled an expected action linked to it, or
  named it), missed (expected but not done), not delivered, not in the drill, or out
  of scope (a procedure of another response level than ``meta.level``);
* activity per participant, per team (the org unit or group played) and per role;
* the evaluation (score, grade, veto) from the evaluators' marks.

Times are scenario time unless named ``_real_s``. ``to_dict()`` is JSON-ready and
``summary(lang)`` a readable text.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.drill.evaluation import EvaluationResult, evaluate
from app.drill.state import ExpectedStatus, InjectRun, Origin, SessionState
from app.i18n import T
from app.model.drill import Participant
from app.model.plan import Plan
from app.model.problems import Problem

EXERCISED = "exercised"
MISSED = "missed"
NOT_DELIVERED = "not_delivered"
NOT_IN_DRILL = "not_in_drill"
OUT_OF_SCOPE = "out_of_scope"

STEP_LABELS = {
    EXERCISED: T("已检验", "exercised"),
    MISSED: T("未完成", "missed"),
    NOT_DELIVERED: T("相关注入未下达", "inject not delivered"),
    NOT_IN_DRILL: T("未纳入演练", "not in the drill"),
    OUT_OF_SCOPE: T("不属于本级响应", "other response level"),
}


@dataclass(frozen=True)
class InjectMetric:
    id: str
    title: str
    origin: str
    delivered: bool
    skipped: bool
    delivered_min: float | None
    first_action_min: float | None
    response_min: float | None
    response_real_s: float | None
    actions: int


@dataclass(frozen=True)
class ExpectedMetric:
    id: str
    inject: str
    text: str
    by: str | None
    steps: tuple[str, ...]
    within_min: float | None
    status: str
    after_min: float | None  # minutes from delivery to the fulfilling action
    fulfilled_by: str | None


@dataclass(frozen=True)
class StepMetric:
    id: str
    procedure: str | None
    procedure_title: str | None
    actor: str | None
    action: str | None
    status: str
    expected: tuple[str, ...]  # expected actions linked to the step


@dataclass(frozen=True)
class Activity:
    key: str
    name: str
    role: str | None = None
    actions: int = 0
    decisions: int = 0
    notes: int = 0
    fulfilled: int = 0  # expected actions fulfilled by this one
    expected_done: int = 0  # expected actions assigned to this team: done / late / missed
    expected_late: int = 0
    expected_missed: int = 0
    first_min: float | None = None
    last_min: float | None = None


@dataclass
class DrillMetrics:
    session: str
    drill_title: str
    plan_title: str | None
    started: str | None
    ended: str | None
    finished: bool
    scenario_min: float
    session_real_s: float
    injects: list[InjectMetric] = field(default_factory=list)
    expected: list[ExpectedMetric] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    steps: list[StepMetric] = field(default_factory=list)
    steps_exercised: int = 0
    steps_in_scope: int = 0
    by_participant: list[Activity] = field(default_factory=list)
    by_team: list[Activity] = field(default_factory=list)
    by_role: list[Activity] = field(default_factory=list)
    evaluation: EvaluationResult | None = None
    findings: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def coverage(self) -> float | None:
        """Share of in-scope plan steps exercised (0–1); None without a plan."""
        return self.steps_exercised / self.steps_in_scope if self.steps_in_scope else None

    @property
    def untested(self) -> list[StepMetric]:
        """In-scope plan steps the drill did not exercise (missed, not delivered, not in
        the drill): the one list every "未检验" count is taken from."""
        if self.coverage is None:
            return []
        return [s for s in self.steps if s.status not in (EXERCISED, OUT_OF_SCOPE)]

    def untested_by_status(self) -> dict[str, int]:
        out = {MISSED: 0, NOT_DELIVERED: 0, NOT_IN_DRILL: 0}
        for s in self.untested:
            out[s.status] = out.get(s.status, 0) + 1
        return out

    @property
    def mean_response_min(self) -> float | None:
        values = [i.response_min for i in self.injects if i.response_min is not None]
        return round(sum(values) / len(values), 2) if values else None

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        data = asdict(self)
        data["coverage"] = self.coverage
        data["mean_response_min"] = self.mean_response_min
        data["evaluation"] = self.evaluation.to_dict() if self.evaluation else None
        data["problems"] = [p.to_dict(lang) for p in self.problems]
        return data

    def to_json(self, lang: str | None = None) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2)

    def summary(self, lang: str | None = None) -> str:
        return "\n".join(line.text(lang) for line in _summary_lines(self))


def _min(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60.0, 2)


def _inject_metric(run: InjectRun, state: SessionState) -> InjectMetric:
    responses = state.responses(run.id)
    first = min((a.scn for a in responses), default=None)
    first_real = min((a.ses for a in responses), default=None)
    response = None
    response_real = None
    if run.delivered_s is not None and first is not None:
        response = max(0.0, first - run.delivered_s)
        if run.delivered_ses is not None and first_real is not None:
            response_real = round(max(0.0, first_real - run.delivered_ses), 3)
    return InjectMetric(
        id=run.id,
        title=run.item.title,
        origin=run.origin.value,
        delivered=run.delivered,
        skipped=run.skipped,
        delivered_min=_min(run.delivered_s),
        first_action_min=_min(first),
        response_min=_min(response),
        response_real_s=response_real,
        actions=len(responses),
    )


def _in_scope(procedure_level: str | None, drill_level: str | None) -> bool:
    return drill_level is None or procedure_level is None or procedure_level == drill_level


def compute_metrics(
    state: SessionState, plan: Plan | None = None, *, now_s: float | None = None
) -> DrillMetrics:
    """Metrics of a session; ``now_s`` judges open/overdue in an unfinished one."""
    drill = state.drill
    now = state.scn if now_s is None else now_s
    by_seq = {a.seq: a for a in state.actions}

    injects = [
        _inject_metric(run, state)
        for run in state.runs.values()
        if run.delivered or run.skipped or run.origin is not Origin.LIBRARY
    ]

    expected: list[ExpectedMetric] = []
    counts = {s.value: 0 for s in ExpectedStatus}
    for ea_id, (inject_id, ea) in state.expected.items():
        run = state.runs[inject_id]
        if run.origin is Origin.LIBRARY and not run.delivered and ea_id not in state.fulfilled:
            continue  # a card never played is an option not taken, not a gap
        status = state.expected_status(ea_id, now)
        counts[status.value] += 1
        seq = state.fulfilled.get(ea_id)
        action = by_seq.get(seq) if seq is not None else None
        delivered_s = state.runs[inject_id].delivered_s
        after = None
        if action is not None and delivered_s is not None:
            after = _min(action.scn - delivered_s)
        expected.append(
            ExpectedMetric(
                ea_id,
                inject_id,
                ea.text,
                ea.by,
                tuple(ea.steps),
                ea.within_min,
                status.value,
                after,
                action.who if action else None,
            )
        )

    steps, exercised, in_scope = _steps(state, plan, expected)
    people, teams, roles = _activity(state, plan, expected)
    return DrillMetrics(
        session=state.session_id,
        drill_title=drill.meta.title,
        plan_title=plan.meta.title if plan is not None else None,
        started=state.started_wall,
        ended=state.ended_wall,
        finished=state.ended,
        scenario_min=round(state.scn / 60.0, 2),
        session_real_s=round(state.ses, 3),
        injects=injects,
        expected=expected,
        counts=counts,
        steps=steps,
        steps_exercised=exercised,
        steps_in_scope=in_scope,
        by_participant=people,
        by_team=teams,
        by_role=roles,
        evaluation=evaluate(drill.evaluation, state.marks),
        findings=len(state.findings),
        problems=list(state.problems),
    )


def _steps(
    state: SessionState, plan: Plan | None, expected: list[ExpectedMetric]
) -> tuple[list[StepMetric], int, int]:
    done_steps = {s for a in state.actions for s in a.steps}
    linked: dict[str, list[ExpectedMetric]] = {}
    for em in expected:
        for step in em.steps:
            linked.setdefault(step, []).append(em)
            if em.status in (ExpectedStatus.DONE.value, ExpectedStatus.LATE.value):
                done_steps.add(step)

    def status_of(step_id: str) -> str:
        if step_id in done_steps:
            return EXERCISED
        ems = linked.get(step_id, [])
        if not ems:
            return NOT_IN_DRILL
        if all(em.status == ExpectedStatus.NOT_DELIVERED.value for em in ems):
            return NOT_DELIVERED
        return MISSED

    out: list[StepMetric] = []
    level = state.drill.meta.level
    if plan is not None:
        for proc in plan.procedures:
            scope = _in_scope(proc.level, level)
            for plan_step in proc.steps:
                status = (
                    status_of(plan_step.id) if scope or plan_step.id in done_steps else OUT_OF_SCOPE
                )
                out.append(
                    StepMetric(
                        plan_step.id,
                        proc.id,
                        proc.title,
                        plan_step.actor,
                        plan_step.action,
                        status,
                        tuple(em.id for em in linked.get(plan_step.id, [])),
                    )
                )
    known = {s.id for s in out}
    for step_id in [*linked, *sorted(done_steps)]:  # steps named but absent from the plan
        if step_id not in known:
            known.add(step_id)
            out.append(
                StepMetric(
                    step_id,
                    None,
                    None,
                    None,
                    None,
                    status_of(step_id),
                    tuple(em.id for em in linked.get(step_id, [])),
                )
            )
    in_scope = [s for s in out if s.status != OUT_OF_SCOPE] if plan is not None else []
    exercised = sum(s.status == EXERCISED for s in in_scope)
    return out, exercised, len(in_scope)


def _team_names(plan: Plan | None) -> dict[str, str]:
    if plan is None:
        return {}
    return {u.id: u.name or u.id for u in plan.organization.units()}


def _who(state: SessionState, who: str | None) -> tuple[str, Participant | None]:
    if who is None:
        return "", None
    person = state.drill.participant(who) or next(
        (p for p in state.drill.participants if p.name == who), None
    )
    return who, person


@dataclass
class _Tally:
    name: str
    role: str | None = None
    actions: int = 0
    decisions: int = 0
    notes: int = 0
    fulfilled: int = 0
    expected_done: int = 0
    expected_late: int = 0
    expected_missed: int = 0
    first: float | None = None
    last: float | None = None

    def seen(self, at: float) -> None:
        self.first = at if self.first is None else min(self.first, at)
        self.last = at if self.last is None else max(self.last, at)

    def freeze(self, key: str) -> Activity:
        return Activity(
            key,
            self.name,
            self.role,
            self.actions,
            self.decisions,
            self.notes,
            self.fulfilled,
            self.expected_done,
            self.expected_late,
            self.expected_missed,
            _min(self.first),
            _min(self.last),
        )


def _activity(
    state: SessionState, plan: Plan | None, expected: list[ExpectedMetric]
) -> tuple[list[Activity], list[Activity], list[Activity]]:
    units = _team_names(plan)
    people: dict[str, _Tally] = {}
    teams: dict[str, _Tally] = {}
    roles: dict[str, _Tally] = {}

    def buckets(who: str | None) -> list[_Tally]:
        key, person = _who(state, who)
        if not key:
            return []
        out = []
        role = person.role.value if person else None
        people.setdefault(key, _Tally(person.name if person else key, role))
        out.append(people[key])
        team = (person.plays or person.group) if person else (key if key in units else None)
        if team:
            teams.setdefault(team, _Tally(units.get(team, team)))
            out.append(teams[team])
        if role:
            roles.setdefault(role, _Tally(person.role.zh if person else role, role))  # type: ignore[attr-defined]
            out.append(roles[role])
        return out

    for action in state.actions:
        for tally in buckets(action.who):
            tally.actions += 1
            tally.decisions += action.decision is not None
            tally.fulfilled += len(action.fulfils)
            tally.seen(action.scn)
    for note in state.notes:
        for tally in buckets(note.who):
            tally.notes += 1
            tally.seen(note.scn)
    for em in expected:
        if not em.by:
            continue
        tally = teams.setdefault(em.by, _Tally(units.get(em.by, em.by)))
        if em.status == ExpectedStatus.DONE.value:
            tally.expected_done += 1
        elif em.status == ExpectedStatus.LATE.value:
            tally.expected_late += 1
        elif em.status == ExpectedStatus.MISSED.value:
            tally.expected_missed += 1
    return (
        [t.freeze(k) for k, t in people.items()],
        [t.freeze(k) for k, t in teams.items()],
        [t.freeze(k) for k, t in roles.items()],
    )


def metrics_from_journal(path: str | Path) -> DrillMetrics:
    """Read a session journal and compute its metrics (LoadError if unreadable)."""
    from app.drill.session import replay

    result = replay(path)
    metrics = compute_metrics(result.state, result.plan)
    metrics.problems = list(result.problems)
    return metrics


def _clock(minutes: float | None) -> str:
    from app.drill.clock import format_clock

    return "—" if minutes is None else format_clock(minutes * 60.0)


def _summary_lines(m: DrillMetrics) -> list[T]:
    lines: list[T] = []
    state = T("已结束", "ended") if m.finished else T("未结束", "not ended")
    lines.append(
        T(
            f"演练：{m.drill_title}（记录 {m.session}，{state.zh}）",
            f"Drill: {m.drill_title} (session {m.session}, {state.en})",
        )
    )
    real = _clock(m.session_real_s / 60.0).removeprefix("T+")
    lines.append(
        T(
            f"情景时间 {_clock(m.scenario_min)}，实际用时 {real}",
            f"Scenario time {_clock(m.scenario_min)}, real time {real}",
        )
    )
    delivered = [i for i in m.injects if i.delivered]
    mean = m.mean_response_min
    mean_t = (
        T(f"，平均响应 {mean:g} 分钟", f", mean response {mean:g} min")
        if mean is not None
        else T("", "")
    )
    lines.append(
        T(
            f"注入：已下达 {len(delivered)}/{len(m.injects)}{mean_t.zh}",
            f"Injects: {len(delivered)}/{len(m.injects)} delivered{mean_t.en}",
        )
    )
    for i in delivered:
        resp = (
            T(f"首次响应 +{i.response_min:g} 分钟", f"first action +{i.response_min:g} min")
            if i.response_min is not None
            else T("无响应记录", "no action recorded")
        )
        lines.append(
            T(
                f"  {i.id} {i.title} {_clock(i.delivered_min)}：{resp.zh}",
                f"  {i.id} {i.title} {_clock(i.delivered_min)}: {resp.en}",
            )
        )
    c = m.counts
    lines.append(
        T(
            f"期望行动：按时完成 {c.get('done', 0)}，超时完成 {c.get('late', 0)}，"
            f"未完成 {c.get('missed', 0)}，进行中 {c.get('open', 0) + c.get('overdue', 0)}，"
            f"未下达 {c.get('not_delivered', 0)}",
            f"Expected actions: {c.get('done', 0)} done, {c.get('late', 0)} late, "
            f"{c.get('missed', 0)} missed, {c.get('open', 0) + c.get('overdue', 0)} open, "
            f"{c.get('not_delivered', 0)} not delivered",
        )
    )
    if m.coverage is not None:
        missing = [s.id for s in m.untested]
        rest = T(f"；未检验：{'、'.join(missing)}", f"; not exercised: {', '.join(missing)}")
        lines.append(
            T(
                f"预案步骤：已检验 {m.steps_exercised}/{m.steps_in_scope}"
                f"（{m.coverage:.0%}）{rest.zh if missing else ''}",
                f"Plan steps: {m.steps_exercised}/{m.steps_in_scope} exercised "
                f"({m.coverage:.0%}){rest.en if missing else ''}",
            )
        )
    for team in m.by_team:
        lines.append(
            T(
                f"  {team.name}：行动 {team.actions}，决策 {team.decisions}，"
                f"期望行动 按时 {team.expected_done}/超时 {team.expected_late}/未完成 {team.expected_missed}",
                f"  {team.name}: {team.actions} actions, {team.decisions} decisions, expected "
                f"{team.expected_done} done/{team.expected_late} late/{team.expected_missed} missed",
            )
        )
    if m.evaluation is not None:
        lines.append(
            T(
                f"评估：{m.evaluation.conclusion().zh}",
                f"Evaluation: {m.evaluation.conclusion().en}",
            )
        )
    if m.findings:
        lines.append(T(f"发现问题 {m.findings} 项", f"{m.findings} finding(s)"))
    return lines


__all__ = [
    "EXERCISED",
    "MISSED",
    "NOT_DELIVERED",
    "NOT_IN_DRILL",
    "OUT_OF_SCOPE",
    "STEP_LABELS",
    "Activity",
    "DrillMetrics",
    "ExpectedMetric",
    "InjectMetric",
    "StepMetric",
    "compute_metrics",
    "metrics_from_journal",
]
