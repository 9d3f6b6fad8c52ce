"""GUI fixtures: a main window whose modal dialogs are scripted, never shown."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from app.ui import about, preferences, template_wizard
from app.ui.base import dialogs, tasks
from app.ui.base.translation import set_ui_language
from tests.gui.gui_helpers import wait_checked

MODAL_FUNCTIONS = (
    "show_error",
    "show_warning",
    "show_info",
    "ask_unsaved_changes",
    "ask_reload",
    "ask_restore",
    "ask_save_dropped",
    "ask_replace_package",
    "ask_delete_in_use",
    "ask_update_drills",
    "ask_save_conflict",
    "show_comparison",
    "open_file_name",
    "save_file_name",
    "choose_folder",
    "choose_plan_kind",
    "open_folder",
    "open_file",
)
# The windows opened modally have their replaceable opener in their own module.
WINDOW_OPENERS = (
    (template_wizard, "new_from_template"),
    (preferences, "edit_preferences"),
    (about, "show_about"),
)


MESSAGES = ("show_error", "show_warning", "show_info")


class FakeDialogs:
    """Records every modal call; answers from a script, fails on unexpected ones."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.answers: dict[str, list[Any]] = {}
        self.unexpected: list[str] = []
        for name in MODAL_FUNCTIONS:
            monkeypatch.setattr(dialogs, name, self._make(name))
        for module, name in WINDOW_OPENERS:
            monkeypatch.setattr(module, name, self._make(name))

    def _make(self, name: str) -> Callable[..., Any]:
        def fake(*args: Any) -> Any:
            self.calls.append((name, args[1:]))
            queue = self.answers.get(name)
            if queue:
                return queue.pop(0)
            if name in (*MESSAGES, "show_comparison") and name in self.answers:
                return None
            self.unexpected.append(name)
            raise AssertionError(f"unexpected dialog: {name}{args[1:]}")

        return fake

    def answer(self, name: str, *values: Any) -> None:
        self.answers.setdefault(name, []).extend(values)

    def allow(self, name: str) -> None:
        """Let message boxes (which return nothing) appear any number of times."""
        self.answers.setdefault(name, [])

    def called(self, name: str) -> list[tuple[Any, ...]]:
        return [args for n, args in self.calls if n == name]


@pytest.fixture
def fake_dialogs(monkeypatch: pytest.MonkeyPatch) -> FakeDialogs:
    return FakeDialogs(monkeypatch)


@pytest.fixture(autouse=True)
def _chinese_ui(qapp: Any) -> Iterator[None]:
    set_ui_language("zh")
    yield
    tasks.wait_for_tasks()
    set_ui_language("zh")


@pytest.fixture(autouse=True)
def _two_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The offscreen platform has one screen: a room with a projector of its own unless a
    test says otherwise (tests/gui/test_presenter_room.py), so the presenter opens without
    the shared-screen question."""
    from app.ui.drill import presenter

    rooms = [(0, 0, 1366, 768), (1366, 0, 1024, 768)]
    monkeypatch.setattr(presenter, "screen_rects", lambda: list(rooms))


@pytest.fixture
def make_window(qtbot: Any, fake_dialogs: FakeDialogs) -> Iterator[Callable[..., Any]]:
    from app.ui.mainwindow import MainWindow

    windows: list[MainWindow] = []

    def settle(window: MainWindow) -> None:
        # qtbot closes the window after the test: nothing left to ask about then
        tasks.wait_for_tasks()
        if shiboken6.isValid(window) and window.doc is not None:
            window.doc.undo_stack.setClean()

    def make(**kwargs: Any) -> MainWindow:
        window = MainWindow(**kwargs)
        qtbot.addWidget(window, before_close_func=settle)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        windows.append(window)
        return window

    yield make
    tasks.wait_for_tasks()


@pytest.fixture
def window(make_window: Callable[..., Any]) -> Any:
    return make_window()


# A small plan whose content the GUI tests rely on (ids, phones, section order). The
# bundled sample evolves with the templates; only the round-trip test uses it.
EDITOR_PLAN = Path(__file__).parent / "data" / "editor-test.plan.yaml"


@pytest.fixture
def editor_plan_path() -> Path:
    return EDITOR_PLAN


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    target = tmp_path / "示例.plan.yaml"
    shutil.copyfile(EDITOR_PLAN, target)
    return target


@pytest.fixture
def sample_copy(tmp_path: Path, sample_plan_path: Path) -> Path:
    target = tmp_path / sample_plan_path.name
    shutil.copyfile(sample_plan_path, target)
    return target


@pytest.fixture
def opened(window: Any, plan_copy: Path, qtbot: Any) -> Any:
    """A window with a copy of the sample plan open and checked."""
    assert window.open_path(plan_copy)
    wait_checked(qtbot, window)
    return window
