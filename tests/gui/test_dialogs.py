"""The real modal functions map the button clicked to the answer (driven by a timer)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.base import dialogs


def _click_later(text: str) -> list[str]:
    """Click the button labelled ``text`` on the message box that is about to open."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(20, click)
    return seen


@pytest.mark.parametrize(
    ("button", "answer"), [("保存", "save"), ("不保存", "discard"), ("取消", "cancel")]
)
def test_unsaved_changes(qapp: Any, button: str, answer: str) -> None:
    seen = _click_later(button)
    assert dialogs.ask_unsaved_changes(None, "甲.plan.yaml") == answer
    assert sorted(seen) == sorted(["保存", "不保存", "取消"])  # order follows the platform


@pytest.mark.parametrize(("button", "answer"), [("重新载入", "reload"), ("保留我的版本", "keep")])
def test_reload(qapp: Any, button: str, answer: str) -> None:
    _click_later(button)
    assert dialogs.ask_reload(None, "甲.plan.yaml", True) == answer


@pytest.mark.parametrize(
    ("button", "answer"), [("恢复", "restore"), ("丢弃", "discard"), ("稍后再说", "later")]
)
def test_restore(qapp: Any, tmp_path: Any, button: str, answer: str) -> None:
    from app.storage.recovery import RecoveryStore

    store = RecoveryStore(tmp_path)
    store.write("k", "text", session="s", schema="plandrill/plan@1", title="甲预案")
    _click_later(button)
    assert dialogs.ask_restore(None, store.scan().entries) == answer


@pytest.mark.parametrize(
    ("button", "answer"), [("另存为…", "save_as"), ("仍然覆盖", "save"), ("取消", "cancel")]
)
def test_save_dropped(qapp: Any, button: str, answer: str) -> None:
    _click_later(button)
    assert dialogs.ask_save_dropped(None, "甲.plan.yaml", ["通讯录 1 › 手机"]) == answer
