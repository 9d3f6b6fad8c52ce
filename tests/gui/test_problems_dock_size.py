"""The problems dock at 1280×720: a small default that leaves room to edit; the user's
own size is kept for the next session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.ui.mainwindow import MainWindow
from tests.gui.gui_helpers import flush, wait_checked


def _window(qtbot: Any) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    flush()
    return window


def test_default_leaves_room_for_the_editor(qtbot: Any, plan_copy: Path) -> None:
    window = _window(qtbot)
    assert window.open_path(plan_copy)
    wait_checked(qtbot, window)
    flush()
    dock = window.problems_dock
    assert dock.isVisible()
    row = window.problems_view.verticalHeader().defaultSectionSize()
    # at least three rows of problems, no more than a sixth of the window
    assert 3 * row <= window.problems_view.viewport().height()
    assert dock.height() <= 720 // 6
    assert window.centralWidget().height() >= 490


def test_the_users_size_is_remembered(qtbot: Any, plan_copy: Path) -> None:
    window = _window(qtbot)
    assert window.open_path(plan_copy)
    window.resizeDocks([window.problems_dock], [260], Qt.Orientation.Vertical)
    flush()
    chosen = window.problems_dock.height()
    assert chosen > 200
    window.save_window_state()
    window.doc.undo_stack.setClean()
    window.close_document()
    again = _window(qtbot)
    assert again.open_path(plan_copy)
    flush()
    assert abs(again.problems_dock.height() - chosen) <= 4
