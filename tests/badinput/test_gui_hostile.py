"""The editor's Open on the hostile corpus of issue 23 (pytest-qt, offscreen).

A FIFO or a link to /dev/zero must not freeze the window, a file past the limits is
refused with one message naming it (and its line), a plan with impossible dates or
numbers opens and lists them as located problems, and opening writes nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.badinput import hostile
from tests.badinput.corpus import BASE_PLAN
from tests.badinput.guard import snapshot
from tests.badinput.test_gui_open import Shown

pytest.importorskip("PySide6.QtWidgets")

SECONDS = 20.0
GOOD = "good.plan.yaml"
CASES = {
    c.name: c
    for c in hostile.special_cases(".plan.yaml")
    + hostile.special_cases(".drill.yaml")
    + hostile.date_cases()
    + hostile.number_cases()
    + hostile.count_cases()
    + [hostile.big_but_fine()]
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("guihostile")
    for case in CASES.values():
        if case.posix and os.name != "posix":
            continue
        case.make(where)
    hostile.sample_files(where)
    (where / GOOD).write_text(BASE_PLAN, encoding="utf-8")
    return where


@pytest.fixture(scope="module")
def _window(qapp: Any) -> Iterator[Any]:
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


@pytest.mark.parametrize("name", sorted(CASES))
def test_open(window: Any, folder: Path, qtbot: Any, name: str) -> None:
    case = CASES[name]
    if case.posix and os.name != "posix":
        pytest.skip("needs FIFOs, devices and symlinks")
    before = snapshot(folder, 1 << 20)
    started = time.monotonic()
    opened = window.open_path(folder / name, ask=False)
    assert time.monotonic() - started < SECONDS
    errors = [m for m in window.shown.messages if m[0] == "show_error"]
    if case.refused:
        assert not opened and window.doc is None
        assert len(errors) == 1, window.shown.messages
        _, text, details = errors[0]
        assert name in text
        for fragment in case.says:
            assert fragment in text, text
        if case.line is not None:
            assert f"{name}:{case.line}" in details, details
    else:
        assert opened and not errors, window.shown.messages
        if case.problem is not None:
            qtbot.waitUntil(lambda: not window.doc.is_checking(), timeout=int(SECONDS * 1000))
            found = [p for p in window.doc.problems if p.code.startswith(case.problem)]
            assert found and any(p.line == case.line for p in found), [
                (p.code, p.line) for p in window.doc.problems
            ]
            for fragment in case.says:
                assert any(fragment in p.message.zh for p in found)
    assert snapshot(folder, 1 << 20) == before, "opening wrote to the folder"
    # the window still works
    assert window.open_path(folder / GOOD, ask=False) and window.doc is not None
