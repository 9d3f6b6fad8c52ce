"""Autosave writes a recovery file; after a crash the next start offers to restore it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6

from app.storage.plans import load_plan
from app.storage.recovery import RecoveryStore
from app.ui import mainwindow
from app.ui.base.settings import recovery_dir


def _edit(window: Any) -> None:
    window.doc.set_value(("contacts", 0, "phone"), "0731-1234567")


def _autosave(window: Any, qtbot: Any) -> RecoveryStore:
    window.autosave_now()
    store = window.recovery
    qtbot.waitUntil(lambda: not window._autosaving, timeout=5000)
    return store


def test_recovery_files_live_under_plandrill_home(tmp_path: Path) -> None:
    import os

    assert recovery_dir() == Path(os.environ["PLANDRILL_HOME"]) / "recovery"


def test_autosave_writes_only_unsaved_changes(opened: Any, qtbot: Any) -> None:
    window = opened
    store = _autosave(window, qtbot)
    assert store.scan().entries == []  # nothing unsaved, nothing written
    _edit(window)
    _autosave(window, qtbot)
    [entry] = store.scan().entries
    assert entry.session == window.session
    assert "0731-1234567" in entry.text
    assert entry.original_path == window.doc.path
    window.save_action.trigger()
    assert store.scan().entries == []  # saved: the recovery file goes


def test_crash_then_restore_on_next_start(
    make_window: Any, plan_copy: Path, qtbot: Any, fake_dialogs: Any
) -> None:
    crashed = mainwindow.MainWindow()  # not handed to qtbot: it will not be closed
    crashed.show()
    crashed.open_path(plan_copy)
    _edit(crashed)
    store = _autosave(crashed, qtbot)
    assert len(store.scan().entries) == 1
    # Simulated crash: the window vanishes without closeEvent, so nothing cleans up.
    session = crashed.session
    shiboken6.delete(crashed)
    assert session not in mainwindow.LIVE_SESSIONS
    assert len(store.scan().entries) == 1

    fake_dialogs.answer("ask_restore", "restore")
    fresh = make_window()
    assert fresh.offer_recovery() == 1
    [(entries,)] = fake_dialogs.called("ask_restore")
    assert entries[0].original_path == plan_copy
    assert fresh.doc.model.contacts[0].phone == "0731-1234567"
    assert fresh.doc.path == plan_copy
    assert fresh.isWindowModified()  # restored, not saved yet
    assert load_plan(plan_copy).model.contacts[0].phone == "0000-0000000"
    # the old file is gone; the restored document is protected under the new session
    [entry] = store.scan().entries
    assert entry.session == fresh.session
    fresh.save_action.trigger()
    assert load_plan(plan_copy).model.contacts[0].phone == "0731-1234567"
    assert store.scan().entries == []


def test_discard_and_later(
    make_window: Any, plan_copy: Path, qtbot: Any, fake_dialogs: Any
) -> None:
    store = RecoveryStore(recovery_dir())
    text = plan_copy.read_text(encoding="utf-8")
    store.write("dead-1", text, session="dead", schema="plandrill/plan@1", original=plan_copy)

    fake_dialogs.answer("ask_restore", "later")
    window = make_window()
    assert window.offer_recovery() == 0
    assert len(store.scan().entries) == 1
    assert window.doc is None

    fake_dialogs.answer("ask_restore", "discard")
    assert window.offer_recovery() == 0
    assert store.scan().entries == []
    assert window.offer_recovery() == 0  # nothing left: no question asked
    assert len(fake_dialogs.called("ask_restore")) == 2


def test_live_windows_are_not_offered(opened: Any, make_window: Any, qtbot: Any) -> None:
    _edit(opened)
    _autosave(opened, qtbot)
    other = make_window()
    assert other.offer_recovery() == 0  # the first window is alive: its file is not an orphan


def test_clean_close_removes_the_recovery_file(
    make_window: Any, plan_copy: Path, qtbot: Any, fake_dialogs: Any
) -> None:
    window = make_window()
    window.open_path(plan_copy)
    _edit(window)
    store = _autosave(window, qtbot)
    assert store.scan().entries
    fake_dialogs.answer("ask_unsaved_changes", "discard")
    assert window.close()
    assert store.scan().entries == []


def test_autosave_interval_comes_from_preferences(make_window: Any) -> None:
    from app.ui.base.settings import Preferences

    prefs = Preferences()
    prefs.autosave_seconds = 7
    window = make_window(prefs=prefs)
    assert window.autosave_timer.isActive()
    assert window.autosave_timer.interval() == 7000
    prefs.autosave_seconds = 0
    window._apply_autosave_interval()
    assert not window.autosave_timer.isActive()
