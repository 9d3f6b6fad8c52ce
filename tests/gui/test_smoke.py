"""The main window opens the sample plan offscreen."""

from __future__ import annotations

from app.ui.mainwindow import MainWindow


def test_opens_sample(qtbot, sample_plan_path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(str(sample_plan_path))
    assert window.outline.topLevelItemCount() > 0
    assert window.plan is not None and window.plan.meta.title in window.windowTitle()
