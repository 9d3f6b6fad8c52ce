"""The shared progress/cancel object that exports, imports and scans report through."""

from __future__ import annotations

import threading

import pytest

from app.i18n import T
from app.progress import Cancelled, Progress, Steps


def test_report_snapshot_and_callback() -> None:
    seen: list[tuple[int, int, object]] = []
    progress = Progress(lambda done, total, label: seen.append((done, total, label)))
    assert progress.snapshot() == (None, T("", ""))  # total unknown yet
    progress.report(1, 4, "a")
    assert progress.snapshot() == (0.25, "a")
    progress.report(3, 4)  # the label stays until a new one comes
    assert progress.snapshot() == (0.75, "a")
    progress.report(7, 4)
    assert progress.snapshot()[0] == 1.0
    assert seen == [(1, 4, "a"), (3, 4, "a"), (7, 4, "a")]


def test_cancel_from_another_thread_stops_the_next_report() -> None:
    progress = Progress()
    thread = threading.Thread(target=progress.cancel)
    thread.start()
    thread.join()
    assert progress.cancelled
    with pytest.raises(Cancelled) as info:
        progress.report(1, 2, "x")
    assert "未写入" in info.value.message.zh
    with pytest.raises(Cancelled):
        progress.check()


def test_cancel_inside_the_callback_raises_at_once() -> None:
    def cancel_now(done: int, total: int, label: object) -> None:
        progress.cancel()

    progress = Progress(cancel_now)
    with pytest.raises(Cancelled):
        progress.report(1, 2, "x")


def test_steps_count_units_and_finish() -> None:
    seen: list[tuple[int, int]] = []
    steps = Steps(Progress(lambda d, t, label: seen.append((d, t))), 3)
    for name in "abc":
        steps.step(T(name, name))
    steps.finish(T("完成", "done"))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    Steps(None, 2).step(T("无", "none"))  # no progress object: nothing to report
