"""Long jobs off the GUI thread: progress, cancel, errors; the GUI keeps running."""

from __future__ import annotations

import threading
import time
from typing import Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from app.i18n import T
from app.storage.errors import SaveError
from app.ui.base import tasks
from app.ui.base.tasks import Progress


def _long_job(steps: int = 40, delay: float = 0.01) -> Any:
    def job(progress: Progress) -> str:
        for n in range(steps):
            progress.check()
            time.sleep(delay)
            progress.report(n + 1, steps, T(f"第 {n + 1} 步", f"step {n + 1}"))
        return "done"

    return job


def test_job_runs_off_the_gui_thread_with_progress(window: Any, qtbot: Any) -> None:
    gui_thread = threading.get_ident()
    seen: list[int] = []
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    results: list[Any] = []

    def job(progress: Progress) -> str:
        seen.append(threading.get_ident())
        return _long_job()(progress)

    task = window.run_job("测试", job, results.append)
    assert not task.done  # returned at once: the GUI thread did not wait
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    timer.stop()
    assert results == ["done"]
    assert seen and seen[0] != gui_thread
    assert len(ticks) >= 10  # the event loop kept turning while the job ran
    qtbot.waitUntil(lambda: not shiboken6.isValid(task.dialog), timeout=5000)  # closed


def test_progress_reaches_the_dialog(window: Any, qtbot: Any) -> None:
    gate = threading.Event()

    def job(progress: Progress) -> None:
        progress.report(1, 2, T("一半了", "half way"))
        gate.wait(5)

    task = window.run_job("测试", job)
    qtbot.waitUntil(lambda: task.dialog.value() == 500, timeout=5000)
    assert task.dialog.labelText() == "一半了"
    gate.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)


def test_cancel_stops_the_job(window: Any, qtbot: Any) -> None:
    results: list[Any] = []
    task = window.run_job("测试", _long_job(steps=500, delay=0.01), results.append)
    qtbot.wait(50)
    cancel = task.dialog.findChild(QPushButton)
    assert cancel.text() == "取消"
    cancel.click()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert task.was_cancelled
    assert results == []
    assert window.statusBar().currentMessage() == "已取消"


def test_a_job_may_also_return_early_when_cancelled(window: Any, qtbot: Any) -> None:
    def polite(progress: Progress) -> str:
        while not progress.cancelled:
            time.sleep(0.005)
        return "partial"

    results: list[Any] = []
    task = window.run_job("测试", polite, results.append)
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert task.was_cancelled and results == []


def test_errors_are_shown_clearly(window: Any, qtbot: Any, fake_dialogs: Any) -> None:
    def failing(progress: Progress) -> None:
        raise SaveError("out.docx", T("磁盘空间不足", "The disk is full"))

    fake_dialogs.allow("show_error")
    task = window.run_job("导出", failing)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    [(title, text, details)] = fake_dialogs.called("show_error")
    assert (title, text, details) == ("导出", "磁盘空间不足", "位置：out.docx")


def test_unexpected_errors_do_not_escape(window: Any, qtbot: Any, fake_dialogs: Any) -> None:
    def broken(progress: Progress) -> None:
        raise ZeroDivisionError("boom")

    fake_dialogs.allow("show_error")
    task = window.run_job("导出", broken)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    [(title, text, details)] = fake_dialogs.called("show_error")
    assert title == "导出"
    assert text == "boom" and "ZeroDivisionError" in details


def test_run_in_thread_delivers_on_the_gui_thread(qtbot: Any) -> None:
    gui = threading.get_ident()
    got: list[Any] = []
    tasks.run_in_thread(lambda: 41 + 1, lambda r: got.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == [(42, gui)]


def test_cyclic_garbage_is_collected_on_the_gui_thread(qtbot: Any) -> None:
    import gc

    from PySide6.QtCore import QObject

    tasks.run_in_thread(lambda: None)
    assert not gc.isenabled()  # no collection on whatever thread happens to allocate
    gui = threading.get_ident()
    seen: list[int] = []

    def cycle() -> None:
        holder = QObject()
        holder.setObjectName("cyclic")
        holder.itself = holder  # type: ignore[attr-defined]
        holder.destroyed.connect(lambda *_: seen.append(threading.get_ident()))

    cycle()
    # a worker allocates a lot (the collector would run on it, were it enabled)
    tasks.run_in_thread(lambda: [[n] for n in range(50_000)])
    churn = [[n] for n in range(gc.get_threshold()[0] * 3)]  # live containers count up
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    del churn
    assert seen == [gui]


def test_results_for_a_deleted_owner_are_dropped(qtbot: Any) -> None:
    from PySide6.QtCore import QObject

    owner = QObject()
    got: list[Any] = []
    gate = threading.Event()
    tasks.run_in_thread(lambda: gate.wait(5), got.append, owner=owner)
    shiboken6.delete(owner)  # e.g. the document was closed while it was being checked
    gate.set()
    assert tasks.wait_for_tasks()
    qtbot.wait(50)
    assert got == []
    live = QObject()
    tasks.run_in_thread(lambda: 7, got.append, owner=live)
    qtbot.waitUntil(lambda: got == [7], timeout=2000)
