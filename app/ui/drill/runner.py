"""A live drill session for the GUI: the engine's calls, one at a time, off the GUI thread.

Every engine call that records something returns only after its journal entry is on
disk (flushed and fsynced, ``app.storage.journal``); on a slow or failing disk that can
take longer than the GUI may stall. So the widgets never call the session. They
``submit`` an operation; the runner runs operations strictly one after another on a
worker thread (``tasks.run_in_thread``; the next starts only after the previous one has
come back), and after each one builds an immutable ``Snapshot`` of all the console and
the presenter show. The engine is therefore used by one caller at a time, and nothing
is shown as recorded before the journal has it: an entry is "pending" from ``submit``
until its operation is back.

While the clock runs a ``QTimer`` submits ``poll()`` (due injects, checkpoints). The
clock on screen is read from a copy of the engine's clock taken with each snapshot
(``Snapshot.scenario_s()``): derived from the monotonic time source, never counted
from timer ticks.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from app.drill import DrillSession
from app.drill.errors import DrillError
from app.drill.snapshot import ExpectedView, InjectView, Snapshot, build_snapshot
from app.i18n import current_language
from app.storage.errors import StorageError
from app.storage.journal import Entry, read_journal
from app.ui.base import tasks


@dataclass
class Outcome:
    """What one operation did: its result or error, the entries it recorded, the state after."""

    ticket: int
    label: str
    result: Any = None
    error: BaseException | None = None
    trace: str = ""
    entries: list[Entry] = field(default_factory=list)
    snapshot: Snapshot | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def expected_error(self) -> bool:
        """A refusal (DrillError) or a disk failure, not a bug."""
        return isinstance(self.error, DrillError | StorageError)

    def message(self) -> str:
        """The error in the user's language."""
        error = self.error
        lang = current_language()
        if error is None:
            return ""
        if isinstance(error, DrillError):
            return error.message.text(lang)
        if isinstance(error, StorageError):
            return error.text(lang)
        return str(error) or type(error).__name__


Operation = Callable[[DrillSession], Any]


class SessionRunner(QObject):
    """Runs a drill session's operations in order, off the GUI thread.

    Signals:
        opened(Outcome): the session was created or reopened (or could not be: ``error``);
            ``result`` is the journal's earlier entries (for the log).
        snapshot_changed(Snapshot): after every operation.
        finished(Outcome): after every operation, with what it recorded.
        busy_changed(bool): whether operations are queued or running.
    """

    opened = Signal(object)
    snapshot_changed = Signal(object)
    finished = Signal(object)
    busy_changed = Signal(bool)

    POLL_MS = 250
    QUIET_REFRESH_S = 1.0

    def __init__(self, opener: Callable[[], DrillSession], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: DrillSession | None = None
        self._queue: list[tuple[int, str, Operation, bool]] = []
        self._silent: set[int] = set()  # polls and reads: not "writing" for the status bar
        self._running: int | None = None
        self._tickets = 0
        self._callbacks: dict[int, tuple[Callable[[Outcome], None] | None, bool]] = {}
        self.snapshot: Snapshot | None = None
        self._published = 0.0
        self.closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

        def open_session(_: Any) -> list[Entry]:
            self._session = opener()
            history = read_journal(self._session.path).entries
            return [e for e in history if e.type != "session"]

        self.open_ticket = self._submit(self.tr("打开演练记录"), open_session, self._opened, True)

    # --- queue ---------------------------------------------------------------------------

    @property
    def session(self) -> DrillSession | None:
        """For tests and tools: read it only while ``is_busy()`` is False."""
        return self._session

    def is_busy(self) -> bool:
        return self._running is not None or bool(self._queue)

    def is_writing(self) -> bool:
        """Whether an operation the user asked for is queued or running."""
        tickets = [t for t, *_ in self._queue]
        if self._running is not None:
            tickets.append(self._running)
        return any(t not in self._silent for t in tickets)

    def submit(
        self,
        label: str,
        fn: Operation,
        on_done: Callable[[Outcome], None] | None = None,
        *,
        silent: bool = False,
    ) -> int:
        """Queue ``fn(session)``; ``on_done(outcome)`` runs on the GUI thread afterwards.

        ``silent``: a background call (poll, metrics) that ``busy_changed`` ignores.
        """
        return self._submit(label, fn, on_done, False, silent)

    def _submit(
        self,
        label: str,
        fn: Operation,
        on_done: Callable[[Outcome], None] | None,
        opening: bool,
        silent: bool = False,
    ) -> int:
        self._tickets += 1
        ticket = self._tickets
        was_writing = self.is_writing()
        self._queue.append((ticket, label, fn, opening))
        self._callbacks[ticket] = (on_done, opening)
        if silent:
            self._silent.add(ticket)
        if not was_writing and self.is_writing():
            self.busy_changed.emit(True)
        self._next()
        return ticket

    def _next(self) -> None:
        if self._running is not None or not self._queue:
            return
        ticket, label, fn, opening = self._queue.pop(0)
        self._running = ticket
        session = self._session

        def work() -> Outcome:
            outcome = Outcome(ticket, label)
            current = session if not opening else None
            unsubscribe = current.subscribe(outcome.entries.append) if current else None
            try:
                outcome.result = fn(current)  # type: ignore[arg-type]
            except Exception as exc:  # reported to the user, never raised into Qt
                outcome.error = exc
                outcome.trace = traceback.format_exc()
            finally:
                if unsubscribe is not None:
                    unsubscribe()
            live = self._session if opening else session
            if live is not None:
                outcome.snapshot = build_snapshot(live)
            return outcome

        tasks.run_in_thread(work, self._done, self._crashed, owner=self)

    def _crashed(self, exc: BaseException, trace: str) -> None:
        # Only building the snapshot can get here: a bug. Report it like a failed call.
        ticket = self._running or 0
        self._done(Outcome(ticket, "", error=exc, trace=trace))

    def _done(self, outcome: Outcome) -> None:
        was_writing = self.is_writing()
        self._running = None
        quiet = outcome.ticket in self._silent and not outcome.entries and outcome.ok
        self._silent.discard(outcome.ticket)
        callback, _ = self._callbacks.pop(outcome.ticket, (None, False))
        if outcome.snapshot is not None:
            self.snapshot = outcome.snapshot
            # A poll that recorded nothing changes only what time changes (due, overdue):
            # the views hear of it once a second, not four times.
            now = time.monotonic()
            if not quiet or now - self._published >= self.QUIET_REFRESH_S:
                self._published = now
                self.snapshot_changed.emit(outcome.snapshot)
        self.finished.emit(outcome)
        if callback is not None:
            callback(outcome)
        self._next()
        if was_writing and not self.is_writing():
            self.busy_changed.emit(False)

    def _opened(self, outcome: Outcome) -> None:
        self.opened.emit(outcome)

    # --- polling -------------------------------------------------------------------------

    def poll(self) -> None:
        """Deliver what is due and checkpoint, when the clock runs and nothing is queued."""
        snap = self.snapshot
        if self.closed or self.is_busy() or snap is None or not snap.running:
            return
        self.submit("poll", lambda s: s.poll(), silent=True)

    def stop_polling(self) -> None:
        self._timer.stop()

    # --- closing -------------------------------------------------------------------------

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Let queued operations finish (the event loop keeps running meanwhile)."""
        if not self.is_busy():
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)

        def changed(_: object) -> None:
            if not self.is_busy():
                loop.quit()

        self.finished.connect(changed)
        timer.start(timeout_ms)
        try:
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            self.finished.disconnect(changed)
        return not self.is_busy()

    def close(self) -> bool:
        """Release the journal after the queue has run (the session stays resumable)."""
        self._timer.stop()
        if not self.wait_idle():
            return False
        self.closed = True
        if self._session is not None:
            self._session.close()
        return True


__all__ = [
    "ExpectedView",
    "InjectView",
    "Outcome",
    "SessionRunner",
    "Snapshot",
    "build_snapshot",
]
