"""Progress and cancel for long imports: the shared ``app.progress`` objects.

The importer reports through a ``Progress`` (the GUI's dialog polls it; the CLI passes
one with a printing callback) or through a plain ``callable(done, total)``. It checks
for cancellation between blocks and raises ``Cancelled``, so nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from app.i18n import T
from app.progress import Cancelled, Progress

ProgressHook = Progress | Callable[[int, int], None] | None

_READING = T("正在读取 Word 文件…", "Reading the Word file…")


class Ticker:
    """Calls the hook at most ~200 times per job and raises ``Cancelled`` when asked."""

    def __init__(self, hook: ProgressHook, total: int = 0, label: T = _READING) -> None:
        self.hook = hook
        self.total = total
        self.label = label
        self._last = -1

    def __call__(self, done: int, *, force: bool = False) -> None:
        hook = self.hook
        if hook is None:
            return
        if isinstance(hook, Progress):
            hook.check()
        step = max(1, self.total // 200)
        if not force and done != self.total and done - self._last < step:
            return
        self._last = done
        if isinstance(hook, Progress):
            hook.report(done, self.total, self.label)
        else:
            hook(done, self.total)


__all__ = ["Cancelled", "Progress", "ProgressHook", "Ticker"]
