"""A crash mid-drill loses nothing: the next start offers the session, with its clock and
log; Drill › Run offers to continue or to start afresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.drill import FakeTime, format_clock, replay
from app.drill.clock import ClockState
from app.drill.state import ExpectedStatus
from app.storage.drills import find_unfinished, list_sessions
from app.storage.journal import read_journal
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill import menu as drill_menu
from app.ui.drill import resume
from app.ui.drill.models import LogState
from tests.gui.drill_support import (
    SCRIPTED,
    copy_samples,
    elapse,
    enter,
    key,
    settle_console,
    type_text,
)


@pytest.fixture
def drill_path(tmp_path: Path) -> Path:
    return copy_samples(tmp_path) / SCRIPTED


@pytest.fixture
def time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(drill_menu, "TIME_SOURCE", fake)
    return fake


def _run_from_window(qtbot: Any, window: Any, drill_path: Path) -> Any:
    assert window.open_path(drill_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: bool(resume.CONSOLES))
    return settle_console(qtbot, resume.CONSOLES[-1])


def test_after_a_crash_the_next_start_resumes_clock_and_log(
    qtbot: Any, make_window: Any, drill_path: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    console = _run_from_window(qtbot, window, drill_path)
    key(qtbot, console, "F5")
    elapse(qtbot, console, time, 60)
    key(qtbot, console, "Ctrl+1")  # e1 done
    type_text(qtbot, console, "指挥部通知各组集合")
    enter(qtbot, console)
    elapse(qtbot, console, time, 9 * 60)  # i2 delivered at T+8 (by the poll at T+10)
    elapse(qtbot, console, time, 45)  # and a checkpoint of the running clock
    journal = Path(console.snapshot.journal)
    last = read_journal(journal).entries[-1]
    assert last.type == "checkpoint"

    # the power goes: no pause, no end, windows gone
    console.abandon()
    window.close()

    offered: list[tuple[str, Any]] = []

    def answer(parent: Any, title: str, info: Any) -> str:
        offered.append((title, info))
        return "resume"

    monkeypatch.setattr(drill_dialogs, "ask_resume", answer)
    again = make_window()
    [reopened] = drill_menu.offer_resume_at_start(again)  # what start-up does
    [(title, info)] = offered
    assert title == "液氯储罐泄漏事故桌面推演"
    assert info.path == journal
    reopened = settle_console(qtbot, reopened)
    snap = reopened.snapshot
    # the clock is back where the journal left it, paused
    assert snap.clock_state is ClockState.PAUSED
    assert snap.scenario_s() == pytest.approx(last.get("scn"))
    reopened._tick()
    assert reopened.clock.text() == format_clock(last.get("scn"))
    assert "已暂停" in reopened.clock_state.text()
    # and the log holds everything recorded before the crash
    texts = [r.text for r in reopened.log_model.rows]
    assert any(t.endswith("指挥部通知各组集合") for t in texts)
    assert any("i2 现场情况" in t for t in texts)
    assert all(r.state is LogState.RECORDED for r in reopened.log_model.rows)
    assert [i.id for i in snap.delivered()] == ["i1", "i2"]
    assert next(e for i in snap.injects for e in i.expected if e.id == "e1").status is (
        ExpectedStatus.DONE
    )
    # going on from there
    key(qtbot, reopened, "F6")
    assert reopened.snapshot.running
    elapse(qtbot, reopened, time, 10)
    assert reopened.snapshot.scenario_s() == pytest.approx(last.get("scn") + 10)
    state = replay(journal).state
    assert state.reopened == 1 and not state.ended


def test_choosing_to_end_an_abandoned_session_closes_it(
    qtbot: Any, make_window: Any, drill_path: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    console = _run_from_window(qtbot, window, drill_path)
    key(qtbot, console, "F5")
    console.abandon()
    assert find_unfinished(drill_path) is not None
    monkeypatch.setattr(drill_dialogs, "ask_resume", lambda *_: "end")
    assert drill_menu.offer_resume_at_start(make_window()) == []
    assert find_unfinished(drill_path) is None  # nothing to offer next time
    monkeypatch.setattr(drill_dialogs, "ask_resume", lambda *_: pytest.fail("asked again"))
    assert drill_menu.offer_resume_at_start(make_window()) == []


def test_run_offers_to_continue_or_start_afresh(
    qtbot: Any, make_window: Any, drill_path: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    console = _run_from_window(qtbot, window, drill_path)
    key(qtbot, console, "F5")
    first = console.snapshot.journal
    console.abandon()
    monkeypatch.setattr(drill_dialogs, "ask_run", lambda *_: "new")
    activate_main = window.activateWindow
    activate_main()
    qtbot.waitUntil(window.isActiveWindow)
    fresh = settle_console(qtbot, window.drill_menu.run())
    assert fresh.snapshot.journal != first
    assert not fresh.snapshot.started
    sessions = {s.path.name: s.finished for s in list_sessions(drill_path)}
    assert sessions[Path(first).name] is True  # the abandoned one was ended
    fresh.abandon()
    monkeypatch.setattr(drill_dialogs, "ask_run", lambda *_: "resume")
    resumed = settle_console(qtbot, window.drill_menu.run())
    assert resumed.snapshot.journal == fresh.snapshot.journal


def test_run_needs_a_drill_and_saves_a_new_one_first(
    qtbot: Any, make_window: Any, fake_dialogs: Any, tmp_path: Path, time: FakeTime
) -> None:
    window = make_window()
    fake_dialogs.allow("show_info")
    assert window.drill_menu.run() is None  # no document: says what to do
    assert "演练文件" in fake_dialogs.called("show_info")[0][1]
    window.drill_menu.new_scripted_action.trigger()
    assert window.doc is not None and window.doc.doc_type.suffix == ".drill.yaml"
    window.doc.set_value(("meta", "title"), "新演练")
    target = tmp_path / "新演练.drill.yaml"
    fake_dialogs.answer("save_file_name", str(target))
    console = settle_console(qtbot, window.drill_menu.run())
    assert target.exists()
    assert console.snapshot.drill.meta.title == "新演练"
    assert Path(console.snapshot.journal).parent == tmp_path


def test_run_again_brings_the_open_console_forward(
    qtbot: Any, make_window: Any, drill_path: Path, time: FakeTime, fake_dialogs: Any
) -> None:
    window = make_window()
    console = _run_from_window(qtbot, window, drill_path)
    key(qtbot, console, "F5")
    assert window.drill_menu.run() is console  # no second session, no question
    assert len(list_sessions(drill_path)) == 1
    assert not fake_dialogs.calls  # and no dialog on the way
    assert resume.unfinished_sessions(window.prefs) == []  # live here: nothing to resume
