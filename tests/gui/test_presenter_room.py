"""Issue 18 item 7: the room must not see the console, and the presenter shows names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.drill import FakeTime
from app.ui.drill import presenter as presenter_module
from app.ui.drill.screens import MIRRORED, SINGLE, shared_screen
from tests.gui.drill_support import SCRIPTED, copy_samples, key, open_console


def test_shared_screen_from_rectangles() -> None:
    assert shared_screen([]) == SINGLE
    assert shared_screen([(0, 0, 1366, 768)]) == SINGLE
    # a projector in 复制 mode: both screens show the same desktop area
    assert shared_screen([(0, 0, 1024, 768), (0, 0, 1024, 768)]) == MIRRORED
    assert shared_screen([(0, 0, 1366, 768), (1366, 0, 1024, 768)]) is None
    assert shared_screen([(0, 0, 1920, 1080), (0, 0, 1024, 768)]) is None  # overlapping, not equal


@pytest.mark.parametrize(
    ("rects", "kind"),
    [([(0, 0, 1366, 768)], SINGLE), ([(0, 0, 1024, 768), (0, 0, 1024, 768)], MIRRORED)],
)
@pytest.mark.parametrize("answer", [False, True])
def test_the_presenter_asks_before_opening_on_a_shared_screen(
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rects: list[tuple[int, int, int, int]],
    kind: str,
    answer: bool,
) -> None:
    monkeypatch.setattr(presenter_module, "screen_rects", lambda: rects)
    asked: list[str] = []

    def ask(parent: Any, seen: str) -> bool:
        asked.append(seen)
        return answer

    monkeypatch.setattr(presenter_module, "ask_shared_screen", ask)
    console = open_console(qtbot, copy_samples(tmp_path) / SCRIPTED, FakeTime())
    assert asked == [kind]  # asked once, before the presenter opened
    if answer:  # 仍然打开
        assert console.presenter is not None and console.presenter.isVisible()
    else:  # 取消: nothing opened; Ctrl+P asks again
        assert console.presenter is None
        console.toggle_presenter()
        assert asked == [kind, kind] and console.presenter is None


def test_two_separate_screens_open_without_a_question(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        presenter_module, "ask_shared_screen", lambda *a: pytest.fail("asked needlessly")
    )
    console = open_console(qtbot, copy_samples(tmp_path) / SCRIPTED, FakeTime())
    assert console.presenter is not None


def test_the_presenter_names_senders_and_recipients(qtbot: Any, tmp_path: Path) -> None:
    """ "→ all" and raw ids showed on the wall."""
    from app.drill.views import PublicInject, PublicState
    from app.ui.drill.presenter import PresenterWindow

    wall = PresenterWindow({"director": "导调组", "g-rescue": "抢险救援组"})
    qtbot.addWidget(wall)
    inject = PublicInject(
        number=1,
        title="现场报告",
        at_s=0.0,
        at_text="T+00:00",
        source="director",
        to=("all", "g-rescue"),
        channel="phone",
        channel_zh="电话",
        channel_en="Phone",
        text="罐区有异味",
        attachments=(),
    )
    wall.show_state(PublicState("演练", "running", 0.0, "T+00:00", 1.0, False, (inject,)))
    meta = wall.meta.text()
    assert "导调组 → 全体参演人员、抢险救援组" in meta
    assert "all" not in meta and "director" not in meta and "g-rescue" not in meta
    # the console gives the presenter every participant's and unit's name
    console = open_console(qtbot, copy_samples(tmp_path) / SCRIPTED, FakeTime())
    for person in console.snapshot.drill.participants:
        assert console.presenter.name(person.id) != person.id


def test_the_console_fits_a_1024_by_768_projector(qtbot: Any, tmp_path: Path) -> None:
    """It needed 1309×727 (×784 with decisions): neither a 1366×768 laptop nor a 1024×768
    projector could show it whole."""
    time = FakeTime()
    console = open_console(qtbot, copy_samples(tmp_path) / SCRIPTED, time, presenter=False)
    first = console.snapshot.drill.script[0]
    assert first.decisions  # the decision buttons are on show
    key(qtbot, console, "F5")  # start: the first inject (T+0) is delivered at once
    qtbot.waitUntil(lambda: console.snapshot.inject(first.id).delivered)
    console.select_inject(first.id)
    assert console.panel.decision_buttons
    hint = console.minimumSizeHint()
    # 768 less a title bar and a task bar
    assert hint.width() <= 1024 and hint.height() <= 700, hint
    console.resize(1024, 768)
    qtbot.wait(10)
    assert console.width() == 1024 and console.height() == 768
