"""The presenter window shows the players only what was delivered, big and on a second
screen when there is one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.drill import FakeTime
from app.model.drill import Drill
from app.ui.drill.presenter import PresenterWindow
from tests.gui.drill_support import (
    SCRIPTED,
    SCRIPTLESS,
    activate,
    copy_samples,
    elapse,
    key,
    open_console,
    type_text,
    widget_texts,
)


def _hidden_now(console: Any) -> list[str]:
    """Every text a participant must not see at this moment."""
    snap = console.snapshot
    drill: Drill = snap.drill
    hidden: list[str] = []
    for inject in snap.injects:
        hidden += [ea.text for ea in inject.expected]
        hidden += [d.text for d in inject.decisions]
        hidden += list(inject.evaluation_points)
        if inject.note:
            hidden.append(inject.note)
        if not inject.delivered:
            hidden += [t for t in (inject.title, inject.text) if t]
    hidden += [c.text for c in drill.evaluation.criteria]
    hidden += [a.text for a in snap.actions]  # the log is the coordinator's
    hidden += [n.text for n in snap.notes]
    hidden += [f.text for f in snap.findings]
    if drill.meta.blind and drill.meta.scenario:
        hidden.append(drill.meta.scenario.strip())
    return [h for h in hidden if len(h) >= 2]


def _assert_nothing_hidden_shown(console: Any) -> list[str]:
    presenter = console.presenter
    assert presenter is not None and presenter.isVisible()
    shown = widget_texts(presenter)
    joined = "\n".join(shown)
    leaks = [h for h in _hidden_now(console) if h in joined]
    assert leaks == [], leaks
    return shown


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    return copy_samples(tmp_path)


def test_presenter_never_shows_what_players_must_not_see(
    qtbot: Any, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.drill import dialogs as drill_dialogs

    monkeypatch.setattr(drill_dialogs, "confirm_end", lambda *_: True)
    time = FakeTime()
    console = open_console(qtbot, samples / SCRIPTED, time)
    shown = _assert_nothing_hidden_shown(console)  # before the start
    assert "液氯储罐泄漏事故桌面推演" in shown
    key(qtbot, console, "F5")
    elapse(qtbot, console, time, 30)
    shown = _assert_nothing_hidden_shown(console)
    joined = "\n".join(shown)
    assert "中控室报告" in joined and "应急救援指挥部" in joined  # i1 and its recipient by name
    # the coordinator looks at an upcoming inject: the projector does not follow
    console.select_inject("i4")
    key(qtbot, console, "Ctrl+1")  # nothing happens for an undelivered one
    _assert_nothing_hidden_shown(console)
    key(qtbot, console, "Ctrl+0")  # back to the inject in play
    key(qtbot, console, "Ctrl+J, 2")  # decides to verify first: i1b follows in 3 minutes
    console.entry.setFocus()
    type_text(qtbot, console, "现场核实中")
    key(qtbot, console, "Ctrl+Return")
    _assert_nothing_hidden_shown(console)
    elapse(qtbot, console, time, 3 * 60)
    joined = "\n".join(_assert_nothing_hidden_shown(console))
    assert "氯气浓度持续上升" in joined  # i1b, delivered
    elapse(qtbot, console, time, 6 * 60)
    _assert_nothing_hidden_shown(console)
    key(qtbot, console, "F6")
    assert "已暂停" in "\n".join(_assert_nothing_hidden_shown(console))
    key(qtbot, console, "F6")
    key(qtbot, console, "Ctrl+Shift+E")
    assert "演练结束" in "\n".join(_assert_nothing_hidden_shown(console))


def test_presenter_hides_drawn_cards_and_a_blind_drills_scenario(qtbot: Any, samples: Path) -> None:
    time = FakeTime()
    console = open_console(qtbot, samples / SCRIPTLESS, time)
    assert console.snapshot.drill.meta.blind
    key(qtbot, console, "F5")
    # the seats' T+0 task cards go out on the console's first poll after the start
    opening = [i.id for i in console.snapshot.drill.script if i.at_min == 0]
    qtbot.waitUntil(
        lambda: all(console.snapshot.inject(i).delivered for i in opening), timeout=10_000
    )
    _assert_nothing_hidden_shown(console)
    for _ in range(3):
        key(qtbot, console, "F8")  # drawn: the coordinator sees it, the players do not
        drawn = console.snapshot.drawn()[0]
        assert drawn.text not in "\n".join(_assert_nothing_hidden_shown(console))
        key(qtbot, console, "F9")
        assert drawn.text in "\n".join(_assert_nothing_hidden_shown(console))
    key(qtbot, console, "F7")  # a task card (script inject) by hand
    _assert_nothing_hidden_shown(console)


def test_presenter_text_is_large_and_fits(qtbot: Any) -> None:
    from app.drill.views import PublicInject, PublicState

    window = PresenterWindow({"hq": "应急救援指挥部"})
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    long_text = "现场报告：" + "泄漏点位于2号储罐出料阀法兰，泄漏量约每分钟5千克。" * 12
    inject = PublicInject(
        1, "现场情况", 60.0, "T+01:00", "中控室", ("hq",), "phone", "电话", "Phone", long_text, ()
    )
    window.show_state(PublicState("演练", "running", 60.0, "T+01:00", 1.0, False, (inject,)))
    qtbot.waitUntil(lambda: window.text.font().pixelSize() > 0)
    clock_px = window.clock.font().pixelSize()
    assert clock_px >= 768 * 0.1  # the clock is about a tenth of the screen height
    text_px = window.text.font().pixelSize()
    assert 768 * 0.03 <= text_px <= 768 * 0.07
    assert window.text.fits(text_px)  # shrunk only as far as needed, never cut off
    assert not window.text.fits(text_px + 1) or text_px == window.text.max_px
    assert "中控室 → 应急救援指挥部" in window.meta.text()  # recipients by name, not id
    short = PublicInject(
        1, "现场情况", 60.0, "T+01:00", None, (), "phone", "电话", "Phone", "起火。", ()
    )
    window.show_state(PublicState("演练", "running", 60.0, "T+01:00", 1.0, False, (short,)))
    assert window.text.font().pixelSize() == window.text.max_px
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.clock.font().pixelSize() >= 1080 * 0.1)


def test_presenter_goes_full_screen_on_f11_and_on_a_second_screen(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = PresenterWindow()
    qtbot.addWidget(window)
    assert not window.place(None)  # one screen: an ordinary window
    assert window.isVisible() and not window.isFullScreen()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.isFullScreen()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isFullScreen()

    class Screen:
        def availableGeometry(self) -> Any:
            from PySide6.QtCore import QRect

            return QRect(1920, 0, 1280, 720)

    primary = window.screen()
    second = Screen()
    monkeypatch.setattr(
        "app.ui.drill.presenter.QGuiApplication.screens", staticmethod(lambda: [primary, second])
    )
    chosen: list[Any] = []
    monkeypatch.setattr(window, "setScreen", lambda screen: chosen.append(screen))
    other = PresenterWindow()
    qtbot.addWidget(other)
    monkeypatch.setattr(other, "setScreen", lambda screen: chosen.append(screen))
    assert other.place(primary)
    assert chosen == [second]
    assert other.isFullScreen()


def test_presenter_shows_image_attachments(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    from app.drill.views import PublicInject, PublicState

    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(tmp_path / "map.png"))
    window = PresenterWindow(base_dir=tmp_path)
    qtbot.addWidget(window)
    window.show()
    inject = PublicInject(
        1,
        "现场图",
        0.0,
        "T+00:00",
        None,
        (),
        "written",
        "书面",
        "Written",
        "见附图。",
        ("map.png", "说明.pdf"),
    )
    window.show_state(PublicState("演练", "running", 0.0, "T+00:00", 1.0, False, (inject,)))
    labels = window.image_labels
    assert len(labels) == 2
    assert labels[0].pixmap() is not None and not labels[0].pixmap().isNull()
    assert "说明.pdf" in labels[1].text()
    assert all(isinstance(label, QLabel) for label in labels)
