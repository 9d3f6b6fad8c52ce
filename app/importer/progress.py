"""Progress and cancel for long imports, without Qt.

The GUI passes an object whose ``report(done, total)`` forwards to a progress dialog
and whose ``cancelled`` flag the dialog's Cancel button sets; the CLI passes a small
printer or nothing. The importer checks the flag between blocks and raises
``Cancelled``, so nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from app.i18n import T


class Cancelled(Exception):
    """The user cancelled a long job; nothing was written."""

    message = T("已取消", "Cancelled")

    def __init__(self) -> None:
        super().__init__("cancelled")


@runtime_checkable
class ProgressReporter(Protocol):
    cancelled: bool

    def report(self, done: int, total: int) -> None: ...


class Progress:
    """A ready-made reporter: call ``cancel()`` from anywhere to stop the job."""

    def __init__(self, callback: Callable[[int, int], None] | None = None) -> None:
        self.cancelled = False
        self.done = 0
        self.total = 0
        self._callback = callback

    def report(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self._callback is not None:
            self._callback(done, total)

    def cancel(self) -> None:
        self.cancelled = True


ProgressHook = ProgressReporter | Callable[[int, int], None] | None


class Ticker:
    """Calls the hook at most ~200 times per job and raises ``Cancelled`` when asked."""

    def __init__(self, hook: ProgressHook, total: int = 0) -> None:
        self.hook = hook
        self.total = total
        self._last = -1

    def __call__(self, done: int, *, force: bool = False) -> None:
        hook = self.hook
        if hook is None:
            return
        if getattr(hook, "cancelled", False):
            raise Cancelled
        step = max(1, self.total // 200)
        if not force and done != self.total and done - self._last < step:
            return
        self._last = done
        report = getattr(hook, "report", None)
        if report is not None:
            report(done, self.total)
        elif callable(hook):
            hook(done, self.total)
        if getattr(hook, "cancelled", False):
            raise Cancelled
