"""Work off the GUI thread: a thread-pool runner and a progress/cancel object.

``run_in_thread(fn, on_done, on_error)`` runs ``fn()`` on a worker thread and calls back
on the GUI thread. ``run_with_progress`` adds a progress dialog with a cancel button for
long jobs (export, import): the job receives a ``Progress``, a plain thread-safe object
(no Qt), reports through it and checks it for cancellation.
"""

from __future__ import annotations

import concurrent.futures
import gc
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.i18n import T
from app.progress import Cancelled, Progress
from app.ui.base import dialogs

__all__ = ["Cancelled", "Progress", "ProgressTask", "run_in_thread", "run_with_progress"]


class _Dispatcher(QObject):
    """One long-lived object on the GUI thread that worker threads post results to.

    Workers never own a Qt object: no per-task QObject or QRunnable can be freed by
    Python on the wrong thread, or while Qt still uses it (a crash seen with a
    QRunnable subclass under load).
    """

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._deliver)

    @Slot(object)
    def _deliver(self, item: object) -> None:
        callback, args, owner = item  # type: ignore[misc]
        owner = owner if owner is not None else getattr(callback, "__self__", None)
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            return  # its window or document is gone: nobody to tell
        callback(*args)


class _GuiThreadCollector(QObject):
    """Run Python's cycle collector on the GUI thread only.

    The collector runs in whichever thread happens to allocate; on a worker thread it
    may destroy a Qt object that lives on the GUI thread (say a document's timer in a
    reference cycle), and Qt later crashes on the dangling timer. So automatic
    collection is off and this timer does the same work on the GUI thread.
    """

    def __init__(self) -> None:
        super().__init__()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(500)

    def collect(self) -> None:
        t0, t1, t2 = gc.get_threshold()
        c0, c1, c2 = gc.get_count()
        if c0 <= t0:
            return
        generation = 2 if c2 > t2 else 1 if c1 > t1 else 0
        gc.collect(generation)


_collector: _GuiThreadCollector | None = None
_dispatcher: _Dispatcher | None = None
_executor: ThreadPoolExecutor | None = None
_pending: set[Future[Any]] = set()
_pending_lock = threading.Lock()


def _setup() -> _Dispatcher:
    """Called on the GUI thread before the first worker starts."""
    global _collector, _dispatcher, _executor
    if _dispatcher is None:
        _collector = _GuiThreadCollector()
        _dispatcher = _Dispatcher()
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="plandrill")
    return _dispatcher


def run_in_thread(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    *,
    owner: QObject | None = None,
) -> None:
    """Run ``fn()`` on a worker thread; call ``on_done(result)`` or ``on_error`` later.

    The callbacks run on the GUI thread, and not at all if ``owner`` (or the object of
    a bound-method callback) has been deleted meanwhile. ``fn`` must not touch widgets
    or the live document; give it a snapshot.
    """
    dispatcher = _setup()
    assert _executor is not None

    def work() -> None:
        try:
            result = fn()
        except BaseException as exc:
            if on_error is not None:
                dispatcher.deliver.emit((on_error, (exc, traceback.format_exc()), owner))
        else:
            if on_done is not None:
                dispatcher.deliver.emit((on_done, (result,), owner))

    future = _executor.submit(work)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future[Any]) -> None:
    with _pending_lock:
        _pending.discard(future)


def wait_for_tasks(timeout_ms: int = 10_000) -> bool:
    """Wait until no job runs (closing, tests). Their callbacks come with the event loop."""
    with _pending_lock:
        futures = list(_pending)
    _, not_done = concurrent.futures.wait(futures, timeout=timeout_ms / 1000)
    return not not_done


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
        if message and not self.progress.cancelled:
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
        # Any exception after the user pressed cancel is the job stopping (jobs may use
        # their own Cancelled class, e.g. app.export's).
        if isinstance(exc, Cancelled) or self.progress.cancelled:
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
