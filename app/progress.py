"""Progress and cancellation for long jobs (export, import, library scans), without Qt.

A job calls ``report(done, total, label)`` between units of work. The caller either
passes a callback (the CLI prints, a test records) or polls ``snapshot()`` (the GUI's
progress dialog, from its own thread), and may call ``cancel()`` from any thread; the
job's next ``report`` or ``check`` then raises ``Cancelled``. Jobs write nothing before
their last step, so a cancelled job leaves no file behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.i18n import T

Label = T | str
Callback = Callable[[int, int, Label], None]


class Cancelled(Exception):
    """The user cancelled; the job stopped and wrote nothing."""

    def __init__(self, message: T | None = None) -> None:
        super().__init__("cancelled")
        self.message = message or T("已取消，未写入任何文件", "Cancelled; nothing was written")


class Progress:
    """Where a long job is, and whether the user wants it to stop. Thread-safe."""

    def __init__(self, callback: Callback | None = None) -> None:
        self._callback = callback
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self.done = 0
        self.total = 0
        self.label: Label = T("", "")

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next report (safe from any thread)."""
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def report(self, done: int, total: int, label: Label | None = None) -> None:
        """Record progress; raise ``Cancelled`` when cancellation was requested."""
        self.check()
        with self._lock:
            self.done, self.total = done, total
            if label is not None:
                self.label = label
            current = self.label
        if self._callback is not None:
            self._callback(done, total, current)
        self.check()

    def snapshot(self) -> tuple[float | None, Label]:
        """The fraction done (None while the total is unknown) and the current label."""
        with self._lock:
            fraction = min(1.0, self.done / self.total) if self.total > 0 else None
            return fraction, self.label


class Steps:
    """Counts the units of one job so callers only say what they are doing now."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self.total = max(total, 1)
        self.done = 0

    def step(self, label: T) -> None:
        if self._progress is not None:
            self._progress.report(min(self.done, self.total), self.total, label)
        self.done += 1

    def finish(self, label: T) -> None:
        self.done = self.total
        if self._progress is not None:
            self._progress.report(self.total, self.total, label)
