"""A live drill session: clock + runner + journal. The drill console drives this.

Lifecycle::

    session = DrillSession.create(drill, drill_path, plan=plan)   # new journal
    session = DrillSession.reopen(journal_path)                   # after a crash, or later
    info = find_unfinished(drill_path)                            # app.storage.drills

Every method that changes something writes one journal entry (more for ``poll`` and
the jumps), and returns only after the entry is on disk (flushed and fsynced). So the
console must show an entry as recorded only after the call returned. It raises:

* ``DrillError`` (``app.drill.errors``; ``ClockError`` is one): the request makes no
  sense (unknown id, inject already delivered, drill ended…). ``.message`` is a
  ``T`` for the status bar. Nothing was written.
* ``app.storage.errors.SaveError``: the disk refused the write. Nothing was recorded
  and the state is unchanged; show ``.text()`` and let the user retry.

Clock: ``start``, ``pause``, ``resume``, ``set_speed`` (×N, also while running),
``jump_to_time`` / ``jump_to(inject_id)`` (forward only), ``end``. Read
``scenario_s()`` and ``session_s()`` as often as you like; they are derived from the
monotonic clock and never drift. ``clock_state`` says idle/running/paused/stopped.

Runner: call ``poll()`` from a timer (a few times a second). While the clock runs it
delivers injects whose time has come (when ``auto`` is on: default for scripted
drills) and writes a ``checkpoint`` every ``CHECKPOINT_INTERVAL_S`` seconds, so
a crash costs at most that much clock position. ``next()`` delivers the next inject
now; ``deliver(id)`` a given one; ``skip(id)``; ``add_inject(...)`` an unplanned one.
``injects()`` lists every inject with its status for the coordinator; ``due()`` those
waiting for a manual delivery.

Scriptless: ``draw(category, severity)`` picks a card (seeded, reproducible; see
``app.drill.library``) and shows it to the coordinator only; ``deliver(card.id)``
gives it to the players, ``return_card(id)`` puts it back. ``candidates(...)`` and
``locked_cards()`` tell what could be drawn and what waits for a precondition.

Records: ``record_action`` (who, what, the inject answered, the expected actions it
fulfils, the decision taken: a decision arms its follow-ups), ``note``, ``mark``
(evaluation), ``skip_criterion`` (a criterion left out, with the reason), ``analyse``
(the evaluators' written analysis of a topic), ``add_finding`` and ``correct`` (a new
entry that amends or retracts an earlier action or note, with a reason and an optional
backdated time: the journal stays append-only). Notes, marks, analysis, corrections and
findings are still accepted after ``end`` (the evaluation follows the drill);
deliveries and actions are not.

Views: ``public_state()`` is the only thing a participant-facing window may show
(see ``app.drill.views``). For the coordinator and the reports: ``injects()``,
``expected_actions()`` / ``expected_status(id)``, ``evaluation()``, ``metrics()``,
and ``state`` (the folded ``SessionState``: actions, notes, marks, findings).

``subscribe(callback)`` calls ``callback(entry)`` after each entry is recorded (the GUI
turns it into a Qt signal). Single-threaded: call everything from one thread.
"""

from __future__ import annotations

import copy
import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from app import __version__
from app.drill import library
from app.drill.clock import ClockState, DrillClock, TimeSource, check_speed
from app.drill.errors import DrillError
from app.drill.evaluation import EvaluationResult, evaluate
from app.drill.state import (
    ACTION,
    ADDED,
    ANALYSIS,
    CHECKPOINT,
    CORRECT,
    DELIVER,
    DRAW,
    END,
    FINDING,
    JUMP,
    MARK,
    NOTE,
    PAUSE,
    REOPEN,
    RESUME,
    RETURN,
    SKIP,
    SPEED,
    START,
    ExpectedStatus,
    InjectRun,
    InjectStatus,
    SessionState,
)
from app.drill.views import PublicState, public_state
from app.i18n import T
from app.model.drill import (
    Card,
    CardSeverity,
    Channel,
    Drill,
    DrillMode,
    ExpectedAction,
    Finding,
    FindingSeverity,
    Inject,
    MarkLevel,
    Precondition,
    element_digest,
    plan_steps,
    resolve_plan_ref,
)
from app.model.plan import Plan
from app.model.problems import Problem
from app.storage.drills import journal_path, load_drill, new_session_id
from app.storage.errors import LoadError
from app.storage.journal import Entry, JournalRead, JournalWriter, read_journal

if TYPE_CHECKING:
    from app.drill.metrics import DrillMetrics

WallSource = Callable[[], dt.datetime]


def _wall_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def json_data(obj: BaseModel) -> dict[str, Any]:
    """A model as JSON-ready data (dates as ISO text), for journal entries."""
    return obj.model_dump(mode="json", by_alias=True, exclude_none=True)


def plan_digest(plan: Plan) -> dict[str, Any]:
    """The parts of a plan a session needs, kept in the journal header.

    Metrics then need no plan file, and stay right if the plan changes later.
    """
    digest = Plan(
        meta=plan.meta.model_copy(update={"revision_history": [], "drill_history": []}),
        organization=plan.organization,
        levels=plan.levels,
        procedures=plan.procedures,
    )
    return json_data(digest)


@dataclass
class Replay:
    """A journal read back: the drill it ran, the plan digest, and the folded state."""

    state: SessionState
    drill: Drill
    plan: Plan | None
    read: JournalRead
    problems: list[Problem] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.read.path


def _drill_from_header(read: JournalRead) -> Drill:
    header = read.header
    data = header.get("drill")
    if isinstance(data, dict):
        try:
            return Drill.model_validate(data)
        except ValidationError:
            pass  # fall back to the drill file itself
    name = header.get("drill_file")
    if not isinstance(name, str) or not name:
        raise LoadError(
            str(read.path),
            T("演练记录中缺少演练内容", "The drill record does not contain its drill"),
            line=1,
        )
    loaded = load_drill(read.path.parent / Path(name).name)
    if loaded.has_errors:
        raise LoadError(
            str(loaded.path),
            T(
                "演练记录缺少演练内容，而演练文件有错误",
                "The drill record lacks its drill and the drill file has errors",
            ),
        )
    return loaded.model


def _plan_from_header(read: JournalRead) -> Plan | None:
    data = read.header.get("plan")
    if not isinstance(data, dict):
        return None
    try:
        return Plan.model_validate(data)
    except ValidationError:
        return None


def replay(path: str | Path) -> Replay:
    """Read a journal and fold it; never raises for content (LoadError if unreadable)."""
    read = read_journal(path)
    drill = _drill_from_header(read)
    seed = read.header.get("seed")
    state = SessionState(
        drill,
        str(read.header.get("session") or ""),
        seed if isinstance(seed, int) else 0,
    )
    state.apply_all(read.entries, str(read.path))
    return Replay(state, drill, _plan_from_header(read), read, [*read.problems, *state.problems])


class DrillSession:
    """One run of a drill, recorded entry by entry. Create with ``create`` or ``reopen``."""

    CHECKPOINT_INTERVAL_S = 30.0

    def __init__(
        self,
        *,
        state: SessionState,
        writer: JournalWriter,
        clock: DrillClock,
        drill_path: Path | None,
        plan: Plan | None,
        auto: bool | None,
        wall: WallSource,
    ) -> None:
        self._state = state
        self._writer = writer
        self.clock = clock
        self.drill_path = drill_path
        self.plan = plan
        self.auto = state.drill.meta.mode is DrillMode.SCRIPTED if auto is None else auto
        self._wall = wall
        self._listeners: list[Callable[[Entry], None]] = []
        self.last_entry: Entry | None = None
        self.problems: list[Problem] = []

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        drill: Drill,
        drill_path: str | Path,
        *,
        plan: Plan | None = None,
        seed: int | None = None,
        session_id: str | None = None,
        time_source: TimeSource | None = None,
        wall: WallSource | None = None,
        auto: bool | None = None,
    ) -> DrillSession:
        """Start a new session journal next to ``drill_path`` (the clock is not started)."""
        wall = wall or _wall_now
        path = Path(drill_path)
        ident = session_id or new_session_id(path, wall().replace(tzinfo=None))
        if seed is None:
            seed = drill.meta.seed if drill.meta.seed is not None else secrets.randbelow(2**31)
        header = {
            "session": ident,
            "wall": wall().isoformat(timespec="seconds"),
            "scn": 0.0,
            "ses": 0.0,
            "app": __version__,
            "drill_file": path.name,
            "drill": json_data(drill),
            "plan_file": drill.meta.plan,
            "plan": plan_digest(plan) if plan is not None else None,
            "seed": seed,
        }
        writer = JournalWriter.create(journal_path(path, ident), header)
        state = SessionState(drill, ident, seed)
        state.apply(Entry(0, "session", {"seq": 0, "type": "session", **header}))
        clock = DrillClock(time_source, speed=drill.meta.speed)
        session = cls(
            state=state,
            writer=writer,
            clock=clock,
            drill_path=path,
            plan=plan,
            auto=auto,
            wall=wall,
        )
        return session

    @classmethod
    def reopen(
        cls,
        path: str | Path,
        *,
        time_source: TimeSource | None = None,
        wall: WallSource | None = None,
        auto: bool | None = None,
    ) -> DrillSession:
        """Reopen a session journal (after a crash or to add the evaluation).

        The state is rebuilt from the journal; the clock is put back where the last
        entry left it, paused if it was running (press resume to go on). A torn last
        line is cut off and reported in ``problems``.
        """
        writer, read = JournalWriter.reopen(path)
        try:
            drill = _drill_from_header(read)
            seed = read.header.get("seed")
            state = SessionState(
                drill, str(read.header.get("session") or ""), seed if isinstance(seed, int) else 0
            )
            state.apply_all(read.entries, str(read.path))
            was = state.clock_state
            clock = DrillClock(time_source, speed=state.speed)
            restored = ClockState.PAUSED if was is ClockState.RUNNING else was
            clock.restore(restored, state.scn, state.ses, state.speed)
            name = read.header.get("drill_file")
            drill_path = read.path.parent / Path(name).name if isinstance(name, str) else None
            session = cls(
                state=state,
                writer=writer,
                clock=clock,
                drill_path=drill_path,
                plan=_plan_from_header(read),
                auto=auto,
                wall=wall or _wall_now,
            )
            session.problems = [*read.problems, *state.problems]
            session._record(REOPEN, {"was": was.value})
        except BaseException:
            writer.close()
            raise
        return session

    def close(self) -> None:
        """Release the journal (the session can be reopened later)."""
        self._writer.close()

    def __enter__(self) -> DrillSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- basic facts --------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self._state.session_id

    @property
    def path(self) -> Path:
        """The journal file."""
        return self._writer.path

    @property
    def drill(self) -> Drill:
        return self._state.drill

    @property
    def state(self) -> SessionState:
        """The folded state (read it; change it only through this class)."""
        return self._state

    @property
    def seed(self) -> int:
        return self._state.seed

    @property
    def clock_state(self) -> ClockState:
        return self.clock.state

    @property
    def ended(self) -> bool:
        return self._state.ended

    def scenario_s(self) -> float:
        return self.clock.scenario_s()

    def session_s(self) -> float:
        return self.clock.session_s()

    def subscribe(self, callback: Callable[[Entry], None]) -> Callable[[], None]:
        """Call ``callback(entry)`` after every recorded entry; returns an unsubscribe."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    # --- recording ----------------------------------------------------------------------------

    def _record(
        self,
        type_: str,
        fields: dict[str, Any],
        at: float | None = None,
        keep: tuple[str, ...] = (),
    ) -> Entry:
        at = self.clock.now() if at is None else at
        data = {
            "wall": self._wall().isoformat(timespec="seconds"),
            "scn": round(self.clock.scenario_s(at), 3),
            "ses": round(self.clock.session_s(at), 3),
            **{
                k: v
                for k, v in fields.items()
                if k in keep or (v is not None and v != () and v != [])
            },
        }
        entry = self._writer.append(type_, data)
        self._state.apply(entry)  # validated before writing, so this fits
        self.last_entry = entry
        for listener in list(self._listeners):
            listener(entry)
        return entry

    def _live(self) -> None:
        if self._state.ended:
            raise DrillError(T("演练已结束", "The drill has ended"))

    def _clock_op(
        self,
        type_: str,
        name: str,
        args: tuple[Any, ...] = (),
        fields: dict[str, Any] | None = None,
    ) -> Entry:
        """Try the clock change on a copy, journal it, then make it: all at one instant."""
        self._live()
        at = self.clock.now()
        getattr(copy.copy(self.clock), name)(*args, at=at)  # raises ClockError, a DrillError
        entry = self._record(type_, fields or {}, at)
        getattr(self.clock, name)(*args, at=at)
        return entry

    # --- clock --------------------------------------------------------------------------------

    def start(self) -> Entry:
        return self._clock_op(START, "start")

    def pause(self) -> Entry:
        return self._clock_op(PAUSE, "pause")

    def resume(self) -> Entry:
        return self._clock_op(RESUME, "resume")

    def set_speed(self, speed: float) -> Entry:
        """Change the time compression (scenario time ×speed), also while running."""
        speed = check_speed(speed)
        return self._clock_op(SPEED, "set_speed", (speed,), {"speed": speed})

    def jump_to_time(self, minutes: float) -> list[Entry]:
        """Set scenario time to ``minutes`` (forward only); due injects then follow."""
        to = float(minutes) * 60.0
        entries = [self._clock_op(JUMP, "jump", (to,), {"to": round(to, 3)})]
        entries += self.poll()
        return entries

    def jump_to(self, inject_id: str) -> list[Entry]:
        """Jump to an inject's planned time and deliver it (earlier due ones go first
        when ``auto`` is on)."""
        run = self._undelivered(inject_id)
        entries: list[Entry] = []
        due = run.due_s
        if due is not None and due > self.clock.scenario_s():
            entries.append(
                self._clock_op(JUMP, "jump", (due,), {"to": round(due, 3), "inject": run.id})
            )
            entries += self.poll()
        if not run.delivered:
            entries.append(self.deliver(run.id, via="jump"))
        return entries

    def end(self, reason: str = "") -> Entry:
        """End the drill. Notes, marks and findings may still be added afterwards."""
        self._live()
        at = self.clock.now()
        entry = self._record(END, {"reason": reason or None}, at)
        self.clock.stop(at)
        return entry

    # --- runner ---------------------------------------------------------------------------------

    def injects(self) -> list[tuple[InjectRun, InjectStatus]]:
        """Every inject, card and added inject with its status now (coordinator view)."""
        now = self.clock.scenario_s()
        return [(run, run.status(now)) for run in self._state.runs.values()]

    def due(self) -> list[InjectRun]:
        return self._state.due(self.clock.scenario_s())

    def upcoming(self) -> list[InjectRun]:
        """Timed injects not yet due, soonest first."""
        now = self.clock.scenario_s()
        return [r for r in self._state.pending() if (r.due_s or 0.0) > now + 1e-9]

    def poll(self) -> list[Entry]:
        """Deliver what is due (when auto) and write a checkpoint now and then."""
        entries: list[Entry] = []
        if self._state.ended or not self.clock.running:
            return entries
        at = self.clock.now()
        now = self.clock.scenario_s(at)
        if self.auto:
            for _ in range(len(self._state.runs) + 1):  # deliveries can arm zero-delay ones
                due = self._state.due(now)
                if not due:
                    break
                for run in due:
                    entries.append(self._deliver(run, "auto", at))
        last_ses = self.last_entry.get("ses", 0.0) if self.last_entry else self._state.ses
        if not entries and self.clock.session_s(at) - last_ses >= self.CHECKPOINT_INTERVAL_S:
            entries.append(self._record(CHECKPOINT, {"speed": self.clock.speed}, at))
        return entries

    def _undelivered(self, inject_id: str) -> InjectRun:
        self._live()
        run = self._state.runs.get(inject_id)
        if run is None:
            raise DrillError(
                T(f"没有编号为“{inject_id}”的注入", f"There is no inject '{inject_id}'")
            )
        if run.delivered:
            raise DrillError(T(f"注入“{inject_id}”已下达", f"Inject '{inject_id}' was delivered"))
        if run.skipped:
            raise DrillError(T(f"注入“{inject_id}”已跳过", f"Inject '{inject_id}' was skipped"))
        return run

    def _started(self) -> None:
        if not self._state.started:
            raise DrillError(
                T("演练尚未开始，请先开始演练", "The drill has not started; start it first")
            )

    def _deliver(self, run: InjectRun, via: str, at: float | None = None) -> Entry:
        return self._record(
            DELIVER,
            {
                "inject": run.id,
                "via": via,
                "due": None if run.due_s is None else round(run.due_s, 3),
            },
            at,
        )

    def deliver(self, inject_id: str, via: str = "manual") -> Entry:
        """Deliver an inject or a card now, whatever its planned time (and a card
        whatever its preconditions: the coordinator decides)."""
        run = self._undelivered(inject_id)
        self._started()
        return self._deliver(run, via)

    def next(self) -> Entry | None:
        """Deliver the next inject now: a drawn card, the soonest timed one, or the
        first manual one. None when nothing is left."""
        self._live()
        self._started()
        run = self._state.next_candidate(self.clock.scenario_s())
        return None if run is None else self._deliver(run, "next")

    def skip(self, inject_id: str, reason: str = "") -> Entry:
        run = self._undelivered(inject_id)
        return self._record(SKIP, {"inject": run.id, "reason": reason or None})

    def add_inject(
        self,
        text: str,
        *,
        title: str = "",
        to: Iterable[str] = (),
        channel: Channel | str = Channel.ORAL,
        source: str | None = None,
        expected: Iterable[ExpectedAction] = (),
        note: str = "",
        deliver: bool = True,
    ) -> str:
        """Insert an unplanned inject (and deliver it now by default); returns its id."""
        self._live()
        if deliver:
            self._started()
        n = 1
        while f"X{n}" in self._state.runs:
            n += 1
        expected = list(expected)
        for ea in expected:
            if ea.id in self._state.expected:
                raise DrillError(
                    T(f"期望行动编号“{ea.id}”已存在", f"Expected action id '{ea.id}' exists")
                )
        try:
            item = Inject.model_validate(
                {
                    "id": f"X{n}",
                    "title": title,
                    "to": list(to),
                    "channel": Channel(channel),
                    "from": source,
                    "text": text,
                    "expected": expected,
                    "note": note,
                }
            )
        except (ValidationError, ValueError):
            raise DrillError(T("临时注入的内容无效", "The inject is not valid")) from None
        self._record(ADDED, {"inject": json_data(item)})
        if deliver:
            self.deliver(item.id)
        return item.id

    # --- scriptless -----------------------------------------------------------------------------

    def candidates(
        self, category: str | None = None, severity: CardSeverity | str | None = None
    ) -> list[Card]:
        return library.candidates(self._state, category, _severity(severity))

    def locked_cards(self) -> list[tuple[InjectRun, list[Precondition]]]:
        return library.locked(self._state)

    def categories(self) -> list[str]:
        return sorted({c.category for c in self.drill.library if c.category})

    def draw(
        self, category: str | None = None, severity: CardSeverity | str | None = None
    ) -> Card | None:
        """Draw a card (seeded); None when no card fits. Shown to the coordinator only."""
        self._live()
        sev = _severity(severity)
        k = self._state.draws
        card = library.pick(library.candidates(self._state, category, sev), self.seed, k)
        if card is None:
            return None
        self._record(
            DRAW,
            {"card": card.id, "k": k, "category": category, "severity": sev.value if sev else None},
        )
        return card

    def return_card(self, card_id: str) -> Entry:
        self._live()
        run = self._state.runs.get(card_id)
        if run is None or run.drawn_seq is None:
            raise DrillError(T(f"情景卡“{card_id}”未被抽取", f"Card '{card_id}' was not drawn"))
        return self._record(RETURN, {"card": card_id})

    # --- records ----------------------------------------------------------------------------------

    def _known_decisions(self) -> set[str]:
        return {d.id for run in self._state.runs.values() for d in run.item.decisions}

    def record_action(
        self,
        text: str,
        *,
        who: str | None = None,
        inject: str | None = None,
        fulfils: Iterable[str] = (),
        decision: str | None = None,
        steps: Iterable[str] = (),
        rid: str | None = None,
    ) -> Entry:
        """Record what a player did or decided. ``fulfils``: expected-action ids;
        ``decision``: a decision option id (arms its follow-ups); ``rid``: the id a
        device gave the request (``state.requests`` finds it again after a replay)."""
        self._live()
        self._started()
        fulfils = list(dict.fromkeys(fulfils))
        steps = list(dict.fromkeys(steps))
        if inject is not None:
            run = self._state.runs.get(inject)
            if run is None:
                raise DrillError(T(f"没有编号为“{inject}”的注入", f"There is no inject '{inject}'"))
            if not run.delivered:
                raise DrillError(
                    T(f"注入“{inject}”尚未下达", f"Inject '{inject}' is not delivered")
                )
        unknown = [f for f in fulfils if f not in self._state.expected]
        if unknown:
            raise DrillError(
                T(
                    f"没有编号为“{unknown[0]}”的期望行动",
                    f"There is no expected action '{unknown[0]}'",
                )
            )
        if decision is not None and decision not in self._known_decisions():
            raise DrillError(
                T(f"没有编号为“{decision}”的决策", f"There is no decision '{decision}'")
            )
        if steps and self.plan is not None:
            known = plan_steps(self.plan)
            bad = [s for s in steps if s not in known]
            if bad:
                raise DrillError(
                    T(f"预案中没有处置步骤“{bad[0]}”", f"The plan has no procedure step '{bad[0]}'")
                )
        if not text.strip() and not fulfils and decision is None:
            raise DrillError(T("请填写行动内容", "Describe the action"))
        return self._record(
            ACTION,
            {
                "who": who,
                "text": text.strip(),
                "inject": inject,
                "fulfils": fulfils,
                "decision": decision,
                "steps": steps,
                "rid": rid,
            },
        )

    def note(
        self,
        text: str,
        *,
        who: str | None = None,
        inject: str | None = None,
        rid: str | None = None,
    ) -> Entry:
        if not text.strip():
            raise DrillError(T("记录内容为空", "The note is empty"))
        if inject is not None and inject not in self._state.runs:
            raise DrillError(T(f"没有编号为“{inject}”的注入", f"There is no inject '{inject}'"))
        return self._record(NOTE, {"who": who, "text": text.strip(), "inject": inject, "rid": rid})

    def mark(
        self,
        criterion: str,
        *,
        score: float | None = None,
        level: MarkLevel | str | None = None,
        by: str | None = None,
        note: str | None = None,
        rid: str | None = None,
    ) -> Entry:
        """An evaluator's mark: a 0–100 score or a level (achieved/partly/not_achieved)."""
        if self.drill.criterion(criterion) is None:
            raise DrillError(T(f"没有评估项“{criterion}”", f"There is no criterion '{criterion}'"))
        if (score is None) == (level is None):
            raise DrillError(T("请给出评分或等级（二选一）", "Give either a score or a level"))
        if score is not None and not 0 <= float(score) <= 100:
            raise DrillError(T("评分应在 0 到 100 之间", "A score must be between 0 and 100"))
        try:
            lv = MarkLevel(level) if level is not None else None
        except ValueError:
            raise DrillError(T(f"评估等级“{level}”无效", f"Invalid level '{level}'")) from None
        return self._record(
            MARK,
            {
                "criterion": criterion,
                "score": float(score) if score is not None else None,
                "level": lv.value if lv else None,
                "by": by,
                "note": note,
                "rid": rid,
            },
        )

    def correct(
        self,
        target: int,
        *,
        reason: str,
        text: str | None = None,
        who: str | None = None,
        inject: str | None = None,
        fulfils: Iterable[str] | None = None,
        at_min: float | None = None,
        retract: bool = False,
        by: str | None = None,
    ) -> Entry:
        """Amend or retract an earlier action or note with a new journal entry.

        Nothing already written changes: the correction says which entry (``target``
        seq), why (``reason``, required), and what it should have said (``text``,
        ``who``, ``inject``, ``fulfils``; None keeps the value) and when it really
        happened (``at_min``, scenario minutes, not later than now). ``retract``
        withdraws the entry. Metrics and reports then use the corrected view; the
        corrections themselves stay listed (``state.corrections``)."""
        state = self._state
        if not reason.strip():
            raise DrillError(T("请说明更正的理由", "Give the reason for the correction"))
        if target not in state._recorded_seqs():
            raise DrillError(
                T("只能更正行动和观察记录", "Only actions and observation notes can be corrected")
            )
        if state.record(target) is None:
            raise DrillError(T("该记录已撤回", "That entry was retracted"))
        fields: dict[str, Any] = {"target": target, "reason": reason.strip(), "by": by}
        if retract:
            fields["retract"] = True
            return self._record(CORRECT, fields)
        if text is not None:
            if not text.strip():
                raise DrillError(T("更正后的内容为空", "The corrected text is empty"))
            fields["text"] = text.strip()
        if who is not None:
            fields["who"] = who
        if inject is not None:
            run = state.runs.get(inject)
            if run is None or not run.delivered:
                raise DrillError(
                    T(f"注入“{inject}”尚未下达", f"Inject '{inject}' is not delivered")
                )
            fields["inject"] = inject
        if fulfils is not None:
            wanted = list(dict.fromkeys(fulfils))
            unknown = [f for f in wanted if f not in state.expected]
            if unknown:
                raise DrillError(
                    T(
                        f"没有编号为“{unknown[0]}”的期望行动",
                        f"There is no expected action '{unknown[0]}'",
                    )
                )
            fields["fulfils"] = wanted
        if at_min is not None:
            at = float(at_min) * 60.0
            if not 0 <= at <= self.clock.scenario_s() + 1e-6:
                raise DrillError(
                    T(
                        "更正的时间应在演练开始之后、当前情景时间之前",
                        "The corrected time must lie between the start and now",
                    )
                )
            fields["at"] = round(at, 3)
        if len(fields) == 3:
            raise DrillError(T("没有要更正的内容", "Nothing to correct"))
        entry = {k: v for k, v in fields.items() if v is not None}
        return self._record(CORRECT, entry, keep=("fulfils",) if "fulfils" in entry else ())

    def analyse(self, topic: str, text: str, *, by: str | None = None) -> Entry:
        """The evaluators' written analysis of one topic (an empty text clears it); also
        after the end. Topics: ``app.drill.evaluation.analysis_topics(drill)``."""
        from app.drill.evaluation import analysis_topics

        if topic not in analysis_topics(self.drill):
            raise DrillError(T(f"未知的评估分析项“{topic}”", f"Unknown analysis topic '{topic}'"))
        return self._record(
            ANALYSIS, {"topic": topic, "text": text.strip(), "by": by}, keep=("text",)
        )

    def skip_criterion(self, criterion: str, reason: str, *, by: str | None = None) -> Entry:
        """Leave a criterion out of the evaluation explicitly (不评估), with a reason.

        The verdict waits until every criterion is marked or skipped so; a later mark
        of the same criterion takes its place again."""
        if self.drill.criterion(criterion) is None:
            raise DrillError(T(f"没有评估项“{criterion}”", f"There is no criterion '{criterion}'"))
        if not reason.strip():
            raise DrillError(T("请说明不评估的理由", "Give the reason for leaving it out"))
        return self._record(MARK, {"criterion": criterion, "skip": reason.strip(), "by": by})

    def add_finding(
        self,
        text: str,
        *,
        severity: FindingSeverity | str = FindingSeverity.GENERAL,
        owner: str | None = None,
        due: dt.date | None = None,
        ref: str | None = None,
        inject: str | None = None,
        criterion: str | None = None,
    ) -> Finding:
        """Record a problem found (for the improvement loop); returns it with its id."""
        if not text.strip():
            raise DrillError(T("问题描述为空", "The finding is empty"))
        if ref is not None and self.plan is not None and resolve_plan_ref(self.plan, ref) is None:
            raise DrillError(T(f"预案中找不到“{ref}”", f"The plan has no element '{ref}'"))
        taken = {f.id for f in self._state.findings} | {f.id for f in self.drill.findings}
        n = len(taken) + 1
        while f"F{n}" in taken:
            n += 1
        try:
            finding = Finding(
                id=f"F{n}",
                text=text.strip(),
                severity=FindingSeverity(severity),
                owner=owner,
                due=due,
                ref=ref,
                inject=inject,
                criterion=criterion,
                session=self.id,
            )
        except (ValidationError, ValueError):
            raise DrillError(T("问题记录的内容无效", "The finding is not valid")) from None
        if ref is not None and self.plan is not None:
            finding.baseline = element_digest(self.plan, ref)  # the plan as it read when found
        self._record(FINDING, {"finding": json_data(finding)})
        return finding

    # --- views ------------------------------------------------------------------------------------

    def public_state(self) -> PublicState:
        """The participant-safe view (presenter window, projector)."""
        at = self.clock.now()
        return public_state(
            self._state, self.clock.state, self.clock.scenario_s(at), self.clock.speed
        )

    def expected_actions(self) -> list[tuple[str, ExpectedAction, ExpectedStatus]]:
        """Every expected action with its inject id and its status now."""
        now = self.clock.scenario_s()
        return [
            (inject_id, ea, self._state.expected_status(ea_id, now))
            for ea_id, (inject_id, ea) in self._state.expected.items()
        ]

    def expected_status(self, expected_id: str) -> ExpectedStatus:
        if expected_id not in self._state.expected:
            raise DrillError(
                T(
                    f"没有编号为“{expected_id}”的期望行动",
                    f"There is no expected action '{expected_id}'",
                )
            )
        return self._state.expected_status(expected_id, self.clock.scenario_s())

    def evaluation(self) -> EvaluationResult:
        return evaluate(self.drill.evaluation, self._state.marks)

    def metrics(self) -> DrillMetrics:
        """Metrics of the session so far."""
        from app.drill.metrics import compute_metrics

        return compute_metrics(self._state, self.plan, now_s=self.clock.scenario_s())


def _severity(value: CardSeverity | str | None) -> CardSeverity | None:
    if value is None or isinstance(value, CardSeverity):
        return value
    try:
        return CardSeverity(value)
    except ValueError:
        raise DrillError(T(f"严重程度“{value}”无效", f"Invalid severity '{value}'")) from None


__all__ = ["DrillError", "DrillSession", "Replay", "plan_digest", "replay"]
