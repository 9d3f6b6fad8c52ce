"""What the drill console and the presenter show, taken from a session in one go (Qt-free).

``build_snapshot(session)`` reads everything the widgets need after each operation, on
the session's own thread; the resulting ``Snapshot`` is immutable, so the GUI thread
(and a room server) can read it while the next operation runs. ``app.drill.control``
says from a snapshot what the coordinator may do now.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from app.drill.clock import ClockState, DrillClock
from app.drill.evaluation import EvaluationResult, Mark
from app.drill.session import DrillSession
from app.drill.state import (
    ActionRecord,
    AnalysisRecord,
    CorrectionRecord,
    ExpectedStatus,
    InjectStatus,
    NoteRecord,
    Origin,
)
from app.drill.views import PublicState
from app.model.drill import (
    Card,
    CardSeverity,
    Channel,
    Decision,
    Drill,
    DrillMode,
    Finding,
    Inject,
)
from app.model.plan import Plan


@dataclass(frozen=True)
class ExpectedView:
    id: str
    inject: str
    text: str
    by: str | None
    steps: tuple[str, ...]
    within_min: float | None
    status: ExpectedStatus


@dataclass(frozen=True)
class InjectView:
    """One inject, card or added inject as the coordinator sees it now."""

    id: str
    title: str
    origin: Origin
    status: InjectStatus
    order: int
    planned_min: float | None  # at_min of a timed script inject
    due_s: float | None
    delivered_s: float | None
    delivered_seq: int | None
    trigger_after: str | None
    trigger_decision: str | None
    trigger_delay_min: float | None
    source: str | None
    to: tuple[str, ...]
    channel: Channel
    text: str
    attachments: tuple[str, ...]
    note: str
    category: str | None
    severity: CardSeverity | None
    available: bool  # a card a draw could pick now
    locked: bool  # a card waiting for a precondition
    expected: tuple[ExpectedView, ...]
    decisions: tuple[Decision, ...]
    decision_taken: str | None
    evaluation_points: tuple[str, ...]
    criteria: tuple[str, ...]
    responses: int

    @property
    def delivered(self) -> bool:
        return self.status.delivered

    @property
    def time_s(self) -> float | None:
        """Where it sits on the time line: delivered time, else due time."""
        return self.delivered_s if self.delivered_s is not None else self.due_s


@dataclass(frozen=True)
class Snapshot:
    """Everything the widgets show, taken after an operation on the worker thread."""

    drill: Drill
    plan: Plan | None
    drill_path: str | None
    session_id: str
    journal: str
    seed: int
    clock: DrillClock  # a private copy: read it, never drive it
    clock_state: ClockState
    speed: float
    auto: bool
    injects: tuple[InjectView, ...]
    public: PublicState
    actions: tuple[ActionRecord, ...]
    notes: tuple[NoteRecord, ...]
    marks: dict[str, Mark]
    evaluation: EvaluationResult
    findings: tuple[Finding, ...]
    categories: tuple[str, ...]
    last_seq: int
    corrections: tuple[CorrectionRecord, ...] = ()
    analysis: dict[str, AnalysisRecord] = field(default_factory=dict)

    @property
    def started(self) -> bool:
        return self.clock_state is not ClockState.IDLE

    @property
    def ended(self) -> bool:
        return self.clock_state is ClockState.STOPPED

    @property
    def running(self) -> bool:
        return self.clock_state is ClockState.RUNNING

    @property
    def scripted(self) -> bool:
        return self.drill.meta.mode is DrillMode.SCRIPTED

    def scenario_s(self) -> float:
        """Scenario time now, from the engine's clock (as of this snapshot's controls)."""
        return self.clock.scenario_s()

    def inject(self, ident: str | None) -> InjectView | None:
        return next((i for i in self.injects if i.id == ident), None) if ident else None

    def delivered(self) -> list[InjectView]:
        """Delivered injects in delivery order."""
        done = [i for i in self.injects if i.delivered_seq is not None]
        return sorted(done, key=lambda i: i.delivered_seq or 0)

    def latest(self) -> InjectView | None:
        """The inject delivered last (the one in play)."""
        done = self.delivered()
        return done[-1] if done else None

    def drawn(self) -> list[InjectView]:
        return [i for i in self.injects if i.status is InjectStatus.DRAWN]


def _inject_view(
    session: DrillSession, run: Any, status: InjectStatus, ctx: dict[str, Any]
) -> InjectView:
    item = run.item
    trigger = item.trigger if isinstance(item, Inject) else None
    decisions = {d.id for d in item.decisions}
    taken = next((a.decision for a in reversed(ctx["actions"]) if a.decision in decisions), None)
    return InjectView(
        id=item.id,
        title=item.title,
        origin=run.origin,
        status=status,
        order=run.order,
        planned_min=item.at_min if isinstance(item, Inject) else None,
        due_s=run.due_s,
        delivered_s=run.delivered_s,
        delivered_seq=run.delivered_seq,
        trigger_after=trigger.after if trigger else None,
        trigger_decision=trigger.decision if trigger else None,
        trigger_delay_min=trigger.delay_min if trigger else None,
        source=item.from_,
        to=tuple(item.to),
        channel=item.channel,
        text=item.text,
        attachments=tuple(item.attachments),
        note=item.note,
        category=item.category if isinstance(item, Card) else None,
        severity=item.severity if isinstance(item, Card) else None,
        available=item.id in ctx["available"],
        locked=item.id in ctx["locked"],
        expected=tuple(ctx["expected"].get(item.id, ())),
        decisions=tuple(item.decisions),
        decision_taken=taken,
        evaluation_points=tuple(item.evaluation_points),
        criteria=tuple(item.criteria),
        responses=len(run.answered_by),
    )


def build_snapshot(session: DrillSession) -> Snapshot:
    """Read everything the widgets need from the session (call on the session's thread)."""
    state = session.state
    expected: dict[str, list[ExpectedView]] = {}
    for inject_id, ea, status in session.expected_actions():
        expected.setdefault(inject_id, []).append(
            ExpectedView(ea.id, inject_id, ea.text, ea.by, tuple(ea.steps), ea.within_min, status)
        )
    ctx = {
        "expected": expected,
        "available": {c.id for c in session.candidates()},
        "locked": {run.id for run, _ in session.locked_cards()},
        "actions": state.actions,
    }
    injects = tuple(_inject_view(session, run, status, ctx) for run, status in session.injects())
    return Snapshot(
        drill=session.drill,
        plan=session.plan,
        drill_path=str(session.drill_path) if session.drill_path else None,
        session_id=session.id,
        journal=str(session.path),
        seed=session.seed,
        clock=copy.copy(session.clock),
        clock_state=session.clock_state,
        speed=session.clock.speed,
        auto=session.auto,
        injects=injects,
        public=session.public_state(),
        actions=tuple(state.actions),
        notes=tuple(state.notes),
        marks=dict(state.marks),
        evaluation=session.evaluation(),
        findings=tuple(state.findings),
        categories=tuple(session.categories()),
        last_seq=state.last_seq,
        corrections=tuple(state.corrections),
        analysis=dict(state.analysis),
    )


__all__ = ["ExpectedView", "InjectView", "Snapshot", "build_snapshot"]
