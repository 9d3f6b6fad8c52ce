"""The state of a drill session, folded from its journal entries.

``SessionState`` is pure data plus ``apply(entry)``. The live session applies each
entry right after it was written, and reopening a session replays the same entries
through the same ``apply``; so the state after a crash is exactly the state the
journal promised, and metrics can be computed from any journal file.

Event types and their fields (besides ``seq``, ``type``, ``wall`` ISO time, ``scn``
scenario seconds and ``ses`` session seconds, which every entry carries):

=============  ===================================================================
``session``    header: ``session`` id, ``drill_file``, ``drill`` (snapshot),
               ``plan_file``, ``plan`` (digest: organisation, levels, procedures),
               ``seed``
``start``      the clock starts (scenario time 0)
``pause``      the clock pauses
``resume``     the clock runs again
``speed``      ``speed``: new time compression
``jump``       ``to``: scenario seconds set (forward only); ``inject`` when jumping to one
``deliver``    ``inject`` delivered; ``via`` auto/manual/next/jump; ``due`` planned time
``skip``       ``inject`` will not be delivered; ``reason``
``added``      ``inject``: an unplanned inject (full inject data), not yet delivered
``draw``       ``card`` drawn from the library (``k``-th draw; filters ``category``,
               ``severity``); the coordinator sees it, players do not
``return``     ``card`` put back into the library undelivered
``action``     ``who``, ``text``, ``inject``, ``fulfils`` (expected-action ids),
               ``decision`` (decision id), ``steps`` (plan step ids)
``note``       ``who``, ``text``, ``inject``
``mark``       ``criterion``, ``score`` or ``level`` (or ``skip``: the reason it is
               not evaluated), ``by``, ``note``
``finding``    ``finding``: finding data (id, text, severity, owner, due, ref, …)
``correct``    a correction of an earlier ``action`` or ``note`` (the journal stays
               append-only): ``target`` its seq, ``reason``, ``by``; ``retract`` true,
               or the corrected ``text`` / ``who`` / ``inject`` / ``fulfils`` and ``at``
               (the scenario second it really happened: a backdated time). The latest
               correction of an entry wins; the folded state is the corrected view
``analysis``   the evaluators' written analysis of one ``topic`` (see
               ``app.drill.evaluation.analysis_topics``): ``text``, ``by``; the latest
               text of a topic counts (an empty one clears it)
``checkpoint`` clock position while running (so a crash loses little clock time)
``reopen``     the session was reopened; ``was``: clock state before; clock paused
``end``        ``reason``; the session is over
=============  ===================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from app.drill.clock import ClockState, clock_base_s
from app.drill.errors import ReplayError
from app.drill.evaluation import Mark
from app.i18n import T
from app.model.drill import Card, Drill, ExpectedAction, Finding, Inject, InjectBase, MarkLevel
from app.model.problems import Problem, Severity
from app.storage.journal import Entry

# event types
SESSION = "session"
START = "start"
PAUSE = "pause"
RESUME = "resume"
SPEED = "speed"
JUMP = "jump"
DELIVER = "deliver"
SKIP = "skip"
ADDED = "added"
DRAW = "draw"
RETURN = "return"
ACTION = "action"
NOTE = "note"
MARK = "mark"
FINDING = "finding"
CORRECT = "correct"
ANALYSIS = "analysis"
CHECKPOINT = "checkpoint"
REOPEN = "reopen"
END = "end"

EVENT_TYPES = (
    SESSION,
    START,
    PAUSE,
    RESUME,
    SPEED,
    JUMP,
    DELIVER,
    SKIP,
    ADDED,
    DRAW,
    RETURN,
    ACTION,
    NOTE,
    MARK,
    FINDING,
    CORRECT,
    ANALYSIS,
    CHECKPOINT,
    REOPEN,
    END,
)


class Origin(StrEnum):
    SCRIPT = "script"
    LIBRARY = "library"
    ADDED = "added"


class InjectStatus(StrEnum):
    """Where an inject stands, as the coordinator sees it."""

    WAITING = "waiting"  # conditional: its trigger or decision has not happened
    SCHEDULED = "scheduled"  # has a due time still ahead
    DUE = "due"  # due time reached, not delivered (manual mode, or paused)
    MANUAL = "manual"  # no time of its own: delivered by "next" or by hand
    IN_LIBRARY = "in_library"  # a card not drawn
    DRAWN = "drawn"  # a card drawn, shown to the coordinator only
    DELIVERED = "delivered"
    ANSWERED = "answered"  # delivered and answered by at least one action
    SKIPPED = "skipped"

    @property
    def label(self) -> T:
        return _INJECT_LABELS[self]

    @property
    def delivered(self) -> bool:
        return self in (InjectStatus.DELIVERED, InjectStatus.ANSWERED)


_INJECT_LABELS = {
    InjectStatus.WAITING: T("待触发", "waiting for trigger"),
    InjectStatus.SCHEDULED: T("待下达", "scheduled"),
    InjectStatus.DUE: T("已到时", "due"),
    InjectStatus.MANUAL: T("手动下达", "manual"),
    InjectStatus.IN_LIBRARY: T("卡库中", "in library"),
    InjectStatus.DRAWN: T("已抽取", "drawn"),
    InjectStatus.DELIVERED: T("已下达", "delivered"),
    InjectStatus.ANSWERED: T("已响应", "answered"),
    InjectStatus.SKIPPED: T("已跳过", "skipped"),
}


class ExpectedStatus(StrEnum):
    NOT_DELIVERED = "not_delivered"  # its inject was never delivered: not counted
    OPEN = "open"  # delivered, time limit not passed yet
    OVERDUE = "overdue"  # delivered, time limit passed, drill still running
    DONE = "done"
    LATE = "late"
    MISSED = "missed"

    @property
    def label(self) -> T:
        return _EXPECTED_LABELS[self]


_EXPECTED_LABELS = {
    ExpectedStatus.NOT_DELIVERED: T("未下达", "not delivered"),
    ExpectedStatus.OPEN: T("待完成", "open"),
    ExpectedStatus.OVERDUE: T("已超时", "overdue"),
    ExpectedStatus.DONE: T("按时完成", "done"),
    ExpectedStatus.LATE: T("超时完成", "late"),
    ExpectedStatus.MISSED: T("未完成", "missed"),
}


@dataclass(frozen=True)
class ActionRecord:
    seq: int
    scn: float
    ses: float
    wall: str | None
    text: str
    who: str | None = None
    inject: str | None = None
    fulfils: tuple[str, ...] = ()
    decision: str | None = None
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoteRecord:
    seq: int
    scn: float
    wall: str | None
    text: str
    who: str | None = None
    inject: str | None = None


@dataclass(frozen=True)
class CorrectionRecord:
    """One correction: what it targets, why, and the record before and after."""

    seq: int
    scn: float  # when the correction was made
    wall: str | None
    target: int
    reason: str
    retract: bool
    by: str | None
    before: ActionRecord | NoteRecord
    after: ActionRecord | NoteRecord | None  # None: retracted

    @property
    def kind(self) -> str:
        return "action" if isinstance(self.before, ActionRecord) else "note"

    def changed(self) -> list[str]:
        """Names of the fields the correction changed (text, who, inject, fulfils, scn)."""
        if self.after is None:
            return []
        return [
            name
            for name in ("text", "who", "inject", "fulfils", "scn")
            if getattr(self.before, name, None) != getattr(self.after, name, None)
        ]


@dataclass(frozen=True)
class AnalysisRecord:
    seq: int
    topic: str
    text: str
    by: str | None
    wall: str | None


@dataclass
class InjectRun:
    """An inject (script, library card or added) and what happened to it."""

    item: InjectBase
    origin: Origin
    order: int
    conditional: bool = False
    armed_s: float | None = None  # when a trigger or follow-up made it due
    drawn_seq: int | None = None
    delivered_seq: int | None = None
    delivered_s: float | None = None
    delivered_ses: float | None = None
    delivered_wall: str | None = None
    skipped: bool = False
    answered_by: list[int] = field(default_factory=list)  # action seqs

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def delivered(self) -> bool:
        return self.delivered_seq is not None

    @property
    def due_s(self) -> float | None:
        """Planned scenario time, once known; None for manual, waiting or done ones."""
        if self.delivered or self.skipped:
            return None
        if self.armed_s is not None:
            return self.armed_s
        if self.conditional or not isinstance(self.item, Inject) or self.item.at_min is None:
            return None
        return self.item.at_min * 60.0

    def status(self, now_s: float) -> InjectStatus:
        if self.skipped:
            return InjectStatus.SKIPPED
        if self.delivered:
            return InjectStatus.ANSWERED if self.answered_by else InjectStatus.DELIVERED
        if self.drawn_seq is not None:
            return InjectStatus.DRAWN
        due = self.due_s
        if due is not None:
            return InjectStatus.DUE if due <= now_s + 1e-9 else InjectStatus.SCHEDULED
        if self.conditional:
            return InjectStatus.WAITING
        if self.origin is Origin.LIBRARY:
            return InjectStatus.IN_LIBRARY
        return InjectStatus.MANUAL


def _f(entry: Entry, key: str) -> float:
    value = entry.get(key, 0.0)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ReplayError(T(f"“{key}”应为数字", f"'{key}' should be a number"))
    return float(value)


def _s(entry: Entry, key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ReplayError(T(f"“{key}”应为文本", f"'{key}' should be text"))
    return value


def _ids(entry: Entry, key: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ReplayError(T(f"“{key}”应为编号列表", f"'{key}' should be a list of ids"))
    return tuple(value)


class SessionState:
    """Everything a session has recorded, folded from journal entries."""

    def __init__(self, drill: Drill, session_id: str = "", seed: int = 0) -> None:
        self.drill = drill
        self.session_id = session_id
        self.seed = seed
        self.runs: dict[str, InjectRun] = {}
        self.expected: dict[str, tuple[str, ExpectedAction]] = {}  # id -> (inject id, action)
        self.fulfilled: dict[str, int] = {}  # expected-action id -> first action seq
        self.actions: list[ActionRecord] = []  # the corrected view
        self.notes: list[NoteRecord] = []  # the corrected view
        self.recorded_actions: list[ActionRecord] = []  # as first recorded
        self.recorded_notes: list[NoteRecord] = []
        self.corrections: list[CorrectionRecord] = []
        self.analysis: dict[str, AnalysisRecord] = {}  # topic → latest text
        self._corrected: dict[int, ActionRecord | NoteRecord | None] = {}  # seq → latest
        self.marks: dict[str, Mark] = {}  # criterion id -> latest mark
        self.mark_log: list[tuple[int, Mark]] = []
        self.findings: list[Finding] = []
        # (who, request id) -> seq: a device's retry after a crash is not recorded twice
        self.requests: dict[tuple[str, str], int] = {}
        self.clock_state = ClockState.IDLE
        self.speed = drill.meta.speed
        self.scn = 0.0  # scenario seconds at the last entry
        self.ses = 0.0  # session seconds at the last entry
        self.started_wall: str | None = None
        self.ended_wall: str | None = None
        self.end_reason: str | None = None
        self.created_wall: str | None = None
        self.last_seq = -1
        self.draws = 0
        self.reopened = 0
        self.problems: list[Problem] = []
        self._follow_targets: set[str] = set()
        for item in drill.script:
            self._add_run(item, Origin.SCRIPT)
        for card in drill.library:
            self._add_run(card, Origin.LIBRARY)
        self._refresh_conditional()

    # --- set-up ----------------------------------------------------------------------------

    def _add_run(self, item: InjectBase, origin: Origin) -> InjectRun:
        run = InjectRun(item, origin, len(self.runs))
        self.runs[item.id] = run
        for ea in item.expected:
            self.expected.setdefault(ea.id, (item.id, ea))
        for fu in item.follow_ups:
            self._follow_targets.add(fu.inject)
        return run

    def _refresh_conditional(self) -> None:
        for run in self.runs.values():
            trigger = isinstance(run.item, Inject) and run.item.trigger is not None
            run.conditional = trigger or run.id in self._follow_targets

    # --- queries ------------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self.clock_state is not ClockState.IDLE

    @property
    def ended(self) -> bool:
        return self.clock_state is ClockState.STOPPED

    def run(self, inject_id: str) -> InjectRun:
        try:
            return self.runs[inject_id]
        except KeyError:
            raise ReplayError(
                T(f"没有编号为“{inject_id}”的注入", f"there is no inject '{inject_id}'")
            ) from None

    def delivered(self) -> list[InjectRun]:
        """Delivered injects in the order they were delivered."""
        done = [r for r in self.runs.values() if r.delivered]
        return sorted(done, key=lambda r: r.delivered_seq or 0)

    def delivered_categories(self) -> set[str]:
        return {
            r.item.category for r in self.runs.values() if r.delivered and isinstance(r.item, Card)
        }

    def pending(self) -> list[InjectRun]:
        """Undelivered injects with a due time, soonest first, then by script order."""
        timed = [r for r in self.runs.values() if r.due_s is not None]
        return sorted(timed, key=lambda r: (r.due_s or 0.0, r.order))

    def due(self, now_s: float) -> list[InjectRun]:
        return [r for r in self.pending() if (r.due_s or 0.0) <= now_s + 1e-9]

    def next_candidate(self, now_s: float) -> InjectRun | None:
        """What "next" delivers: a drawn card, else the soonest timed one, else the
        first manual script inject."""
        drawn = [r for r in self.runs.values() if r.drawn_seq is not None and not r.delivered]
        if drawn:
            return min(drawn, key=lambda r: r.drawn_seq or 0)
        timed = self.pending()
        if timed:
            return timed[0]
        manual = [
            r
            for r in self.runs.values()
            if r.status(now_s) is InjectStatus.MANUAL and r.origin is not Origin.LIBRARY
        ]
        return manual[0] if manual else None

    def responses(self, inject_id: str) -> list[ActionRecord]:
        run = self.runs.get(inject_id)
        if run is None:
            return []
        wanted = set(run.answered_by)
        return [a for a in self.actions if a.seq in wanted]

    def done_at_s(self) -> dict[str, float]:
        """Scenario second each fulfilled expected action was done at (for clocks from actions)."""
        at = {a.seq: a.scn for a in self.actions}
        return {ea: at[seq] for ea, seq in self.fulfilled.items() if seq in at}

    def expected_status(self, ea_id: str, now_s: float) -> ExpectedStatus:
        """Status of one expected action; ``now_s`` is the scenario time to judge at."""
        inject_id, ea = self.expected[ea_id]
        run = self.runs[inject_id]
        seq = self.fulfilled.get(ea_id)
        base = clock_base_s(ea, run.delivered_s, self.done_at_s())
        if seq is not None:
            action = next(a for a in self.actions if a.seq == seq)
            if ea.within_min is None or base is None:
                return ExpectedStatus.DONE
            late = action.scn - base > ea.within_min * 60.0 + 1e-6
            return ExpectedStatus.LATE if late else ExpectedStatus.DONE
        if run.delivered_s is None:
            return ExpectedStatus.NOT_DELIVERED
        if base is None:  # counts from an action not done yet: the clock has not started
            return ExpectedStatus.OPEN
        if self.ended:
            return ExpectedStatus.MISSED
        if ea.within_min is not None and now_s - base > ea.within_min * 60.0 + 1e-6:
            return ExpectedStatus.OVERDUE
        return ExpectedStatus.OPEN

    # --- folding ---------------------------------------------------------------------------------

    def apply(self, entry: Entry) -> None:
        """Fold one entry in. Raises ReplayError when it does not fit this drill."""
        handler = _HANDLERS.get(entry.type)
        if handler is None:
            raise ReplayError(
                T(f"未知的记录类型“{entry.type}”", f"unknown entry type '{entry.type}'")
            )
        if entry.type != SESSION:
            self.scn = max(self.scn, _f(entry, "scn"))
            self.ses = max(self.ses, _f(entry, "ses"))
        handler(self, entry)
        rid = entry.get("rid")
        if isinstance(rid, str) and rid:
            self.requests[(str(entry.get("who") or entry.get("by") or ""), rid)] = entry.seq
        self.last_seq = entry.seq

    def apply_all(self, entries: list[Entry], filename: str | None = None) -> None:
        """Replay entries; a bad one becomes a problem (with its line) and is skipped."""
        for entry in entries:
            try:
                self.apply(entry)
            except ReplayError as exc:
                self.problems.append(
                    Problem(
                        Severity.ERROR,
                        "journal.bad_entry",
                        T(
                            f"演练记录第 {entry.line} 行无法使用（{exc.message.zh}），已跳过",
                            f"line {entry.line} of the drill record cannot be used "
                            f"({exc.message.en}); skipped",
                        ),
                        line=entry.line or None,
                        file=filename,
                    )
                )

    def _on_session(self, entry: Entry) -> None:
        self.created_wall = _s(entry, "wall")

    def _on_start(self, entry: Entry) -> None:
        self.clock_state = ClockState.RUNNING
        self.started_wall = _s(entry, "wall")

    def _on_pause(self, entry: Entry) -> None:
        self.clock_state = ClockState.PAUSED

    def _on_resume(self, entry: Entry) -> None:
        self.clock_state = ClockState.RUNNING

    def _on_speed(self, entry: Entry) -> None:
        speed = _f(entry, "speed")
        if speed <= 0:
            raise ReplayError(T("时间压缩倍数无效", "invalid speed"))
        self.speed = speed

    def _on_jump(self, entry: Entry) -> None:
        self.scn = max(self.scn, _f(entry, "to"))

    def _on_deliver(self, entry: Entry) -> None:
        run = self.run(_s(entry, "inject") or "")
        if run.delivered:
            raise ReplayError(T(f"注入“{run.id}”重复下达", f"inject '{run.id}' delivered twice"))
        run.delivered_seq = entry.seq
        run.delivered_s = _f(entry, "scn")
        run.delivered_ses = _f(entry, "ses")
        run.delivered_wall = _s(entry, "wall")
        run.drawn_seq = None
        for other in self.runs.values():
            item = other.item
            if (
                isinstance(item, Inject)
                and item.trigger is not None
                and item.trigger.after == run.id
                and other.armed_s is None
            ):
                other.armed_s = run.delivered_s + item.trigger.delay_min * 60.0

    def _on_skip(self, entry: Entry) -> None:
        run = self.run(_s(entry, "inject") or "")
        run.skipped = True
        run.drawn_seq = None

    def _on_added(self, entry: Entry) -> None:
        data = entry.get("inject")
        try:
            item = Inject.model_validate(data)
        except ValidationError:
            raise ReplayError(T("临时注入的内容无效", "the added inject is invalid")) from None
        if item.id in self.runs:
            raise ReplayError(T(f"注入编号“{item.id}”已存在", f"inject id '{item.id}' exists"))
        self._add_run(item, Origin.ADDED)
        self._refresh_conditional()

    def _on_draw(self, entry: Entry) -> None:
        run = self.run(_s(entry, "card") or "")
        if run.origin is not Origin.LIBRARY:
            raise ReplayError(T(f"“{run.id}”不是情景卡", f"'{run.id}' is not a library card"))
        run.drawn_seq = entry.seq
        k = entry.get("k")
        self.draws = max(self.draws, (k if isinstance(k, int) else self.draws) + 1)

    def _on_return(self, entry: Entry) -> None:
        self.run(_s(entry, "card") or "").drawn_seq = None

    def _on_action(self, entry: Entry) -> None:
        record = ActionRecord(
            seq=entry.seq,
            scn=_f(entry, "scn"),
            ses=_f(entry, "ses"),
            wall=_s(entry, "wall"),
            text=_s(entry, "text") or "",
            who=_s(entry, "who"),
            inject=_s(entry, "inject"),
            fulfils=_ids(entry, "fulfils"),
            decision=_s(entry, "decision"),
            steps=_ids(entry, "steps"),
        )
        answered: set[str] = set()
        if record.inject is not None:
            answered.add(self.run(record.inject).id)
        for ea_id in record.fulfils:
            if ea_id not in self.expected:
                raise ReplayError(
                    T(f"没有编号为“{ea_id}”的期望行动", f"there is no expected action '{ea_id}'")
                )
            answered.add(self.expected[ea_id][0])
        # checked first, changed after: a bad entry leaves the state untouched
        self.recorded_actions.append(record)
        self.actions.append(record)
        for ea_id in record.fulfils:
            self.fulfilled.setdefault(ea_id, record.seq)
        for inject_id in sorted(answered):
            self.runs[inject_id].answered_by.append(record.seq)
        if record.decision is not None:
            self._arm_decision(record.decision, record.scn)

    def _arm_decision(self, decision: str, at_s: float) -> None:
        for run in list(self.runs.values()):
            for fu in run.item.follow_ups:
                target = self.runs.get(fu.inject)
                if fu.decision == decision and target is not None and target.armed_s is None:
                    target.armed_s = at_s + fu.delay_min * 60.0
            item = run.item
            if (
                isinstance(item, Inject)
                and item.trigger is not None
                and item.trigger.decision == decision
                and run.armed_s is None
            ):
                run.armed_s = at_s + item.trigger.delay_min * 60.0

    def _on_note(self, entry: Entry) -> None:
        note = NoteRecord(
            entry.seq,
            _f(entry, "scn"),
            _s(entry, "wall"),
            _s(entry, "text") or "",
            _s(entry, "who"),
            _s(entry, "inject"),
        )
        self.recorded_notes.append(note)
        self.notes.append(note)

    def record(self, seq: int) -> ActionRecord | NoteRecord | None:
        """An action or note as it stands now (corrected), None if retracted or unknown."""
        if seq in self._corrected:
            return self._corrected[seq]
        found: list[ActionRecord | NoteRecord] = [
            *(a for a in self.recorded_actions if a.seq == seq),
            *(n for n in self.recorded_notes if n.seq == seq),
        ]
        return found[0] if found else None

    def _recorded_seqs(self) -> set[int]:
        return {a.seq for a in self.recorded_actions} | {n.seq for n in self.recorded_notes}

    def corrections_of(self, seq: int) -> list[CorrectionRecord]:
        return [c for c in self.corrections if c.target == seq]

    def _on_correct(self, entry: Entry) -> None:
        target = entry.get("target")
        if not isinstance(target, int) or isinstance(target, bool):
            raise ReplayError(T("更正记录缺少被更正的条目", "a correction without its target"))
        if target not in self._recorded_seqs():
            raise ReplayError(
                T(f"更正的第 {target} 条不是行动或观察记录", f"entry {target} is not an action")
            )
        reason = (_s(entry, "reason") or "").strip()
        if not reason:
            raise ReplayError(T("更正须说明理由", "a correction needs a reason"))
        before = self.record(target)
        if before is None:
            raise ReplayError(T(f"第 {target} 条已撤回", f"entry {target} was retracted"))
        retract = entry.get("retract") is True
        after: ActionRecord | NoteRecord | None = None
        if not retract:
            after = self._amended(before, entry)
        record = CorrectionRecord(
            entry.seq,
            _f(entry, "scn"),
            _s(entry, "wall"),
            target,
            reason,
            retract,
            _s(entry, "by"),
            before,
            after,
        )
        self.corrections.append(record)
        self._corrected[target] = after
        self._rebuild_records()

    def _amended(
        self, before: ActionRecord | NoteRecord, entry: Entry
    ) -> ActionRecord | NoteRecord:
        from dataclasses import replace

        changes: dict[str, Any] = {}
        for name in ("text", "who", "inject"):
            if name in entry.data:
                changes[name] = _s(entry, name)
        if changes.get("text") is not None:
            changes["text"] = str(changes["text"]).strip()
        inject = changes.get("inject")
        if inject is not None:
            run = self.run(inject)
            if not run.delivered:
                raise ReplayError(T(f"注入“{inject}”尚未下达", f"inject '{inject}' not delivered"))
        if "at" in entry.data:
            at = _f(entry, "at")
            if at < 0:
                raise ReplayError(T("更正的时间无效", "invalid corrected time"))
            changes["scn"] = at
            if isinstance(before, ActionRecord):  # real time moves with it, at today's speed
                changes["ses"] = max(0.0, before.ses - (before.scn - at) / self.speed)
        if isinstance(before, ActionRecord) and "fulfils" in entry.data:
            fulfils = _ids(entry, "fulfils")
            unknown = [f for f in fulfils if f not in self.expected]
            if unknown:
                raise ReplayError(
                    T(f"没有编号为“{unknown[0]}”的期望行动", f"no expected action '{unknown[0]}'")
                )
            changes["fulfils"] = fulfils
        return replace(before, **changes)

    def _rebuild_records(self) -> None:
        """The corrected view: actions and notes, who answered what, what was fulfilled.

        A retracted decision keeps the branch it armed (injects may already be out)."""

        def current(records: list[Any]) -> list[Any]:
            out = []
            for r in records:
                now = self._corrected.get(r.seq, r) if r.seq in self._corrected else r
                if now is not None:
                    out.append(now)
            return out

        self.actions = current(self.recorded_actions)
        self.notes = current(self.recorded_notes)
        self.fulfilled = {}
        for run in self.runs.values():
            run.answered_by = []
        for action in sorted(self.actions, key=lambda a: (a.scn, a.seq)):
            for ea_id in action.fulfils:
                self.fulfilled.setdefault(ea_id, action.seq)
            answered = {action.inject} if action.inject else set()
            answered |= {self.expected[ea][0] for ea in action.fulfils if ea in self.expected}
            for inject_id in sorted(i for i in answered if i in self.runs):
                self.runs[inject_id].answered_by.append(action.seq)

    def _on_mark(self, entry: Entry) -> None:
        criterion = _s(entry, "criterion") or ""
        if self.drill.criterion(criterion) is None:
            raise ReplayError(T(f"没有评估项“{criterion}”", f"there is no criterion '{criterion}'"))
        score = entry.get("score")
        if score is not None and (
            not isinstance(score, (int, float)) or isinstance(score, bool) or not 0 <= score <= 100
        ):
            raise ReplayError(T("评分应在 0 到 100 之间", "a score must be 0–100"))
        level_raw = _s(entry, "level")
        try:
            level = MarkLevel(level_raw) if level_raw is not None else None
        except ValueError:
            raise ReplayError(
                T(f"评估等级“{level_raw}”无效", f"invalid level '{level_raw}'")
            ) from None
        skipped = _s(entry, "skip")
        if skipped is not None and not skipped.strip():
            raise ReplayError(T("不评估须说明理由", "leaving a criterion out needs a reason"))
        if skipped is None and score is None and level is None:
            raise ReplayError(T("评分记录没有分数或等级", "a mark without a score or level"))
        mark = Mark(
            criterion,
            float(score) if score is not None and skipped is None else None,
            level if skipped is None else None,
            _s(entry, "by"),
            _s(entry, "note"),
            skipped,
        )
        self.marks[criterion] = mark
        self.mark_log.append((entry.seq, mark))

    def _on_finding(self, entry: Entry) -> None:
        try:
            self.findings.append(Finding.model_validate(entry.get("finding")))
        except ValidationError:
            raise ReplayError(T("问题记录的内容无效", "the finding is invalid")) from None

    def _on_analysis(self, entry: Entry) -> None:
        from app.drill.evaluation import analysis_topics

        topic = _s(entry, "topic") or ""
        if topic not in analysis_topics(self.drill):
            raise ReplayError(T(f"未知的评估分析项“{topic}”", f"unknown analysis topic '{topic}'"))
        text = (_s(entry, "text") or "").strip()
        if text:
            self.analysis[topic] = AnalysisRecord(
                entry.seq, topic, text, _s(entry, "by"), _s(entry, "wall")
            )
        else:
            self.analysis.pop(topic, None)

    def _on_checkpoint(self, entry: Entry) -> None:
        pass

    def _on_reopen(self, entry: Entry) -> None:
        self.reopened += 1
        if self.clock_state is ClockState.RUNNING:
            self.clock_state = ClockState.PAUSED

    def _on_end(self, entry: Entry) -> None:
        self.clock_state = ClockState.STOPPED
        self.ended_wall = _s(entry, "wall")
        self.end_reason = _s(entry, "reason")


_HANDLERS: dict[str, Any] = {
    SESSION: SessionState._on_session,
    START: SessionState._on_start,
    PAUSE: SessionState._on_pause,
    RESUME: SessionState._on_resume,
    SPEED: SessionState._on_speed,
    JUMP: SessionState._on_jump,
    DELIVER: SessionState._on_deliver,
    SKIP: SessionState._on_skip,
    ADDED: SessionState._on_added,
    DRAW: SessionState._on_draw,
    RETURN: SessionState._on_return,
    ACTION: SessionState._on_action,
    NOTE: SessionState._on_note,
    MARK: SessionState._on_mark,
    FINDING: SessionState._on_finding,
    CORRECT: SessionState._on_correct,
    ANALYSIS: SessionState._on_analysis,
    CHECKPOINT: SessionState._on_checkpoint,
    REOPEN: SessionState._on_reopen,
    END: SessionState._on_end,
}


__all__ = [
    "EVENT_TYPES",
    "ActionRecord",
    "AnalysisRecord",
    "CorrectionRecord",
    "ExpectedStatus",
    "InjectRun",
    "InjectStatus",
    "NoteRecord",
    "Origin",
    "ReplayError",
    "SessionState",
]
