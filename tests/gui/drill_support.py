"""Helpers for the drill GUI tests: sample copies, consoles on a fake clock, key presses."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.drill import FakeTime
from app.storage.drills import load_drill, load_linked_plan
from tests.helpers import ROOT

SAMPLES = ROOT / "resources" / "sample"
SCRIPTED = "液氯泄漏桌面推演.drill.yaml"
SCRIPTLESS = "无脚本综合演练.drill.yaml"


def copy_samples(folder: Path) -> Path:
    for path in SAMPLES.iterdir():
        shutil.copyfile(path, folder / path.name)
    return folder


def open_console(qtbot: Any, drill_path: Path, time: FakeTime, *, presenter: bool = True) -> Any:
    """A console on a new session of ``drill_path``, opened and idle, window active."""
    from app.ui.drill import resume

    loaded = load_drill(drill_path)
    linked = load_linked_plan(drill_path, loaded.model)
    console = resume.start_session(
        loaded.model,
        drill_path,
        linked.model if linked else None,
        time_source=time,
        show_presenter=presenter,
    )
    return settle_console(qtbot, console)


def settle_console(qtbot: Any, console: Any) -> Any:
    qtbot.addWidget(console, before_close_func=lambda w: close_quietly(w))
    qtbot.waitUntil(lambda: console.snapshot is not None and not console.runner.is_busy())
    activate(qtbot, console)
    return console


def close_quietly(console: Any) -> None:
    from app.ui.drill import dialogs as drill_dialogs

    console._closing = True  # no "close while running?" question at teardown
    original = drill_dialogs.confirm_close_running
    drill_dialogs.confirm_close_running = lambda *_: True  # type: ignore[assignment]
    try:
        if console.isVisible():
            console.close()
    finally:
        drill_dialogs.confirm_close_running = original  # type: ignore[assignment]


def activate(qtbot: Any, window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def idle(qtbot: Any, console: Any, timeout: int = 5000) -> None:
    """Wait until every submitted engine call has come back."""
    qtbot.waitUntil(lambda: not console.runner.is_busy(), timeout=timeout)


def elapse(qtbot: Any, console: Any, time: FakeTime, seconds: float) -> None:
    """Let (fake) time pass, then let the console's timer poll the engine."""
    idle(qtbot, console)
    time.advance(seconds)
    console.runner.poll()  # what the timer does every 250 ms; no need to wait for it
    idle(qtbot, console)


def key(qtbot: Any, console: Any, keys: str) -> None:
    """Press a key sequence like the user, into whatever has focus, then wait."""
    from PySide6.QtGui import QKeySequence

    target = QApplication.focusWidget() or console
    for combo in QKeySequence(keys).toString().split(", "):
        sequence = QKeySequence(combo)[0]
        QTest.keyClick(target, sequence.key(), sequence.keyboardModifiers())
        target = QApplication.focusWidget() or console
    idle(qtbot, console)


def type_text(qtbot: Any, console: Any, text: str) -> None:
    """Type into the focused widget: ASCII as key presses, Chinese as an input method
    commits it (QTest types ASCII only; a Pinyin IME sends the chosen characters so)."""
    target = QApplication.focusWidget() or console
    if text.isascii():
        qtbot.keyClicks(target, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def enter(
    qtbot: Any, console: Any, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = QApplication.focusWidget() or console
    QTest.keyClick(target, Qt.Key.Key_Return, modifier)
    idle(qtbot, console)


def widget_texts(root: QWidget) -> list[str]:
    """Every piece of text a window shows or carries (labels, titles, tips, names)."""
    texts = [root.windowTitle(), root.toolTip(), root.accessibleName()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.whatsThis()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        for attr in ("text", "toPlainText", "windowTitle", "placeholderText"):
            getter = getattr(widget, attr, None)
            if callable(getter):
                try:
                    value = getter()
                except TypeError:
                    continue
                if isinstance(value, str):
                    texts.append(value)
    return [t for t in texts if t]
