"""Work off the GUI thread: a thread-pool runner and a progress/cancel object.

``run_in_thread(fn, on_done, on_error)`` runs ``fn()`` on a QThreadPool and calls back on
the GUI thread. ``run_with_progress`` adds a progress dialog with a cancel button for
long jobs (export, import): the job receives a ``Progress``, a plain thread-safe object
(no Qt), reports through it and checks it for cancellation.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.i18n import T


class Cancelled(Exception):
    """Raised inside a job when the user pressed cancel."""


class Progress:
    """Thread-safe progress and cancel state shared by a job and the GUI.

    A job calls ``report(fraction, message)`` or ``step(done, total, message)`` and
    checks ``cancelled`` (or calls ``check()``, which raises ``Cancelled``). The GUI polls
    ``snapshot()`` and calls ``cancel()``. Nothing here touches Qt, so domain code may
    accept it as a plain object.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._fraction: float | None = None
        self._message: str | T | None = None

    def report(self, fraction: float | None = None, message: str | T | None = None) -> None:
        with self._lock:
            if fraction is not None:
                self._fraction = min(1.0, max(0.0, float(fraction)))
            if message is not None:
                self._message = message

    def step(self, done: float, total: float, message: str | T | None = None) -> None:
        self.report(done / total if total else None, message)

    __call__ = report

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancel.set()

    def snapshot(self) -> tuple[float | None, str | T | None]:
        with self._lock:
            return self._fraction, self._message


class _Relay(QObject):
    """Lives on the GUI thread; worker threads post results to it."""

    succeeded = Signal(object)
    failed = Signal(object, str)

    def __init__(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException, str], None] | None,
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.succeeded.connect(self._done)
        self.failed.connect(self._error)

    @Slot(object)
    def _done(self, result: object) -> None:
        _RUNNING.discard(self)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object, str)
    def _error(self, exc: object, trace: str) -> None:
        _RUNNING.discard(self)
        if self._on_error is not None:
            assert isinstance(exc, BaseException)
            self._on_error(exc, trace)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:
            self._relay.failed.emit(exc, traceback.format_exc())
        else:
            self._relay.succeeded.emit(result)


# Relays of tasks in flight: kept alive until their result arrives.
_RUNNING: set[_Relay] = set()


def run_in_thread(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    *,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``fn()`` on a worker thread; call ``on_done(result)`` or ``on_error`` later.

    The callbacks run on the GUI thread. ``fn`` must not touch widgets or the live
    document; give it a snapshot.
    """
    relay = _Relay(on_done, on_error)
    _RUNNING.add(relay)
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, relay))


def wait_for_tasks(timeout_ms: int = 10_000) -> bool:
    """Wait until the global pool is idle (used when closing and in tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


class ProgressTask(QObject):
    """A job on a worker thread with a progress dialog; see ``run_with_progress``."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        job: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException, str], None] | None,
        on_cancelled: Callable[[], None] | None,
    ) -> None:
        super().__init__(parent)
        from app.ui import dialogs

        self.progress = Progress()
        self.result: Any = None
        self.error: BaseException | None = None
        self.was_cancelled = False
        self.done = False
        self._on_done = on_done
        self._on_error = on_error
        self._on_cancelled = on_cancelled
        self.dialog = dialogs.progress_dialog(parent, title)
        self.dialog.canceled.connect(self.cancel)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        progress = self.progress
        run_in_thread(lambda: job(progress), self._succeeded, self._failed)

    def cancel(self) -> None:
        self.progress.cancel()
        self.dialog.setLabelText(QCoreApplication.translate("tasks", "正在取消…"))

    def _poll(self) -> None:
        fraction, message = self.progress.snapshot()
        if fraction is not None:
            self.dialog.setValue(int(fraction * 1000))
        if message is not None and not self.progress.cancelled:
            self.dialog.setLabelText(message.text() if isinstance(message, T) else message)

    def _finish(self) -> None:
        self.done = True
        self._timer.stop()
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        self.finished.emit()

    def _succeeded(self, result: Any) -> None:
        self.result = result
        cancelled = self.progress.cancelled
        self._finish()
        if cancelled:
            self.was_cancelled = True
            if self._on_cancelled is not None:
                self._on_cancelled()
        elif self._on_done is not None:
            self._on_done(result)

    def _failed(self, exc: BaseException, trace: str) -> None:
        self._finish()
        if isinstance(exc, Cancelled):
            self.was_cancelled = True
            if self._on_cancelled is not None:
                self._on_cancelled()
            return
        self.error = exc
        if self._on_error is not None:
            self._on_error(exc, trace)


def run_with_progress(
    parent: QWidget | None,
    title: str,
    job: Callable[[Progress], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> ProgressTask:
    """Run ``job(progress)`` off the GUI thread behind a progress dialog with cancel.

    A job that sees ``progress.cancelled`` may return early or raise ``Cancelled``;
    either way ``on_cancelled`` runs instead of ``on_done``.
    """
    return ProgressTask(parent, title, job, on_done, on_error, on_cancelled)
