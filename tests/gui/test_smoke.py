"""The main window opens the sample plan offscreen."""

from __future__ import annotations

from typing import Any


def test_opens_sample(window: Any, sample_plan_path: Any) -> None:
    assert window.open_path(str(sample_plan_path))
    assert window.editor.outline_model.rowCount() > 0
    assert window.doc is not None and window.doc.model.meta.title in window.windowTitle()
    assert sample_plan_path.name in window.windowTitle()
    assert not window.windowIcon().isNull()


def test_run_gui_opens_files_and_offers_recovery(
    qapp: Any, sample_plan_path: Any, monkeypatch: Any, fake_dialogs: Any, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui import main
    from app.ui.mainwindow import MainWindow

    offered: list[bool] = []
    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    monkeypatch.setattr(MainWindow, "offer_recovery", lambda self: offered.append(True) or 0)
    assert main.run_gui([str(sample_plan_path)]) == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    window = next(w for w in windows if w.doc is not None and w.doc.path == sample_plan_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(offered), timeout=2000)
    assert window.isVisible()
