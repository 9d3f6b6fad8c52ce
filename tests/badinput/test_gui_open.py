"""The editor opening every file of the bad-input corpus (pytest-qt, offscreen).

A file that cannot be opened gives one error message naming it (through the mockable
``dialogs.show_error``), the window stays empty and usable, and no exception escapes
into the event loop. A file that opens with problems shows them. Opening never writes
to the file or next to it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.badinput.corpus import (
    BASE_PLAN,
    DRILL_NAMED_PLAN,
    SAMPLE_PLAN,
    Bad,
    drill_cases,
    encoding_cases,
    hostile_yaml_cases,
    schema_cases,
)
from tests.badinput.guard import snapshot

pytest.importorskip("PySide6.QtWidgets")

# the encodings are the 47 KB sample each: three of them show the GUI reads them too
ENCODINGS = [b for b in encoding_cases() if b.name.startswith(("gbk", "utf16-le", "crlf."))]
CASES = {b.name: b for b in hostile_yaml_cases() + schema_cases() + ENCODINGS}
DRILLS = {b.name: b for b in drill_cases()}
GOOD = "good.plan.yaml"
SECONDS = 30.0  # generous; the worker thread reads while the window keeps painting


class Shown:
    """Stands in for the modal message boxes: records what the user would have seen."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from app.ui.base import dialogs

        self.messages: list[tuple[str, str, str]] = []
        for name in ("show_error", "show_warning", "show_info"):
            monkeypatch.setattr(dialogs, name, self._record(name))

        def unexpected(*args: Any) -> Any:
            raise AssertionError(f"unexpected question while opening: {args[1:]}")

        for name in ("ask_unsaved_changes", "ask_reload", "ask_restore", "ask_save_dropped"):
            monkeypatch.setattr(dialogs, name, unexpected)

    def _record(self, kind: str):  # type: ignore[no-untyped-def]
        def show(parent: Any, title: str, text: str, details: str = "") -> None:
            self.messages.append((kind, text, details))

        return show


@pytest.fixture(scope="module")
def _window(qapp: Any) -> Iterator[Any]:
    """One main window for the module: opening a file is what is tested, not startup."""
    from app.ui.base import tasks
    from app.ui.base.translation import set_ui_language
    from app.ui.mainwindow import MainWindow

    set_ui_language("zh")
    with pytest.MonkeyPatch.context() as patch:
        shown = Shown(patch)
        win = MainWindow()
        win.resize(1200, 800)
        win.show()
        win.shown = shown
        yield win
        tasks.wait_for_tasks()
        if win.doc is not None:
            win.doc.undo_stack.setClean()
        win.close()
        win.deleteLater()


@pytest.fixture
def window(_window: Any, qtbot: Any) -> Iterator[Any]:
    qtbot.waitExposed(_window)
    _window.shown.messages.clear()
    yield _window
    from app.ui.base import tasks

    tasks.wait_for_tasks()
    if _window.doc is not None:
        _window.doc.undo_stack.setClean()
        assert _window.close_document()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("guicorpus")
    for bad in (*CASES.values(), *DRILLS.values()):
        (where / bad.name).write_bytes(bad.data)
    (where / SAMPLE_PLAN.name).write_bytes(SAMPLE_PLAN.read_bytes())
    (where / GOOD).write_text(BASE_PLAN, encoding="utf-8")
    return where


def _open(window: Any, path: Path) -> tuple[bool, float]:
    before = snapshot(path.parent, 1 << 20)
    started = time.monotonic()
    opened = window.open_path(path, ask=False)
    elapsed = time.monotonic() - started
    assert snapshot(path.parent, 1 << 20) == before, "opening wrote to the folder"
    return opened, elapsed


@pytest.mark.parametrize("name", sorted(CASES))
def test_open_a_hostile_plan(window: Any, folder: Path, qtbot: Any, name: str) -> None:
    bad: Bad = CASES[name]
    opened, elapsed = _open(window, folder / name)
    assert elapsed < SECONDS
    errors = [m for m in window.shown.messages if m[0] == "show_error"]
    if bad.refused and name != DRILL_NAMED_PLAN:  # the editor opens drills as well
        assert not opened and window.doc is None
        assert len(errors) == 1, window.shown.messages
        _, text, details = errors[0]
        assert name in text  # names the file
        for fragment in bad.says:
            assert fragment in text, text
        if bad.line is not None:
            assert f"{name}:{bad.line}" in details, details
    else:
        assert opened and window.doc is not None, window.shown.messages
        assert not errors, errors
        if bad.problem is not None:  # the problems panel lists it, with its line
            qtbot.waitUntil(lambda: not window.doc.is_checking(), timeout=int(SECONDS * 1000))
            found = [p for p in window.doc.problems if p.code.startswith(bad.problem)]
            assert found, [p.code for p in window.doc.problems]
            assert any(p.line in (bad.line, (bad.line or 0) + 1) for p in found)
    # the window still works: a good plan opens after whatever came before
    assert window.open_path(folder / GOOD, ask=False) and window.doc is not None


@pytest.mark.parametrize("name", sorted(DRILLS))
def test_open_a_hostile_drill(window: Any, folder: Path, qtbot: Any, name: str) -> None:
    bad: Bad = DRILLS[name]
    opened, elapsed = _open(window, folder / name)
    assert elapsed < SECONDS
    errors = [m for m in window.shown.messages if m[0] == "show_error"]
    if bad.refused:
        assert not opened and len(errors) == 1, window.shown.messages
        assert name in errors[0][1] and f"{name}:{bad.line}" in errors[0][2]
        return
    # it opens; the missing or broken plan it exercises is a located problem
    assert opened and not errors, window.shown.messages
    qtbot.waitUntil(lambda: not window.doc.is_checking(), timeout=int(SECONDS * 1000))
    found = [p for p in window.doc.problems if p.code == bad.problem]
    assert [p.line for p in found] == [bad.line], [(p.code, p.line) for p in window.doc.problems]
