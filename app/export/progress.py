"""Progress reporting and cancellation for long exports, without Qt.

The exporter calls ``report`` between units of work. The GUI wraps ``Progress`` (or
passes a callback) to move a progress bar from a worker thread, and calls ``cancel``
from the GUI thread; the next ``report`` then raises ``Cancelled``. Nothing is written
before the last step, so a cancelled export leaves no file behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.i18n import T

Callback = Callable[[int, int, T], None]


class Cancelled(Exception):
    """The user cancelled; the export stopped and wrote nothing."""

    def __init__(self) -> None:
        super().__init__("cancelled")
        self.message = T("已取消导出，未写入任何文件", "Export cancelled; nothing was written")


class Progress:
    """Where a long job is, and whether the user wants it to stop. Thread-safe."""

    def __init__(self, callback: Callback | None = None) -> None:
        self._callback = callback
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0
        self.label: T = T("", "")

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next report (safe from any thread)."""
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def report(self, done: int, total: int, label: T) -> None:
        """Record progress; raise ``Cancelled`` when cancellation was requested."""
        self.check()
        self.done, self.total, self.label = done, total, label
        if self._callback is not None:
            self._callback(done, total, label)
        self.check()


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
