"""Versions and sharing in the GUI: a save in the editor records a version for the name
in the settings; the library window's history panel shows who, when and what; a
release, a restore and a sync with a conflict resolved side by side in the conflict
view (pytest-qt, offscreen). Every repository made passes ``git fsck``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.library import ScanCache, history
from app.library.sync import fetch_library, sync
from app.storage.plans import load_plan
from app.ui import history_panel, merge_view
from app.ui.library_window import LibraryWindow
from app.ui.merge_view import MergeView
from app.ui.versioning import set_author
from tests.git_helpers import LI, PLAN_NAME, ZHANG, edit, fsck_all, git, make_library, needs_git
from tests.gui.gui_helpers import wait_checked

pytestmark = needs_git
TODAY = dt.date(2026, 12, 7)


def _mobile(number: str):  # type: ignore[no-untyped-def]
    def change(plan):  # type: ignore[no-untyped-def]
        plan.contacts[1].mobile = number

    return change


@pytest.fixture
def library_window(window: Any, qtbot: Any) -> LibraryWindow:
    win = LibraryWindow(window, cache=ScanCache(), today=TODAY)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    return win


def _open(qtbot: Any, win: LibraryWindow, folder: Path, plan: Path) -> None:
    assert win.open_folder(folder)
    qtbot.waitUntil(lambda: win.library is not None and win._running is None, timeout=20_000)
    assert win.select_path(plan)
    qtbot.waitUntil(lambda: win.history.file == plan and bool(win.history.versions), timeout=10_000)


def _wait_task(qtbot: Any, panel: Any) -> None:
    qtbot.waitUntil(
        lambda: panel.task is not None and panel.task.done and not panel.busy, timeout=20_000
    )


def test_a_save_in_the_editor_records_a_version_for_the_name_in_the_settings(
    window: Any, tmp_path: Path, qtbot: Any
) -> None:
    plan = make_library(tmp_path / "预案库")
    history.start(plan.parent, ZHANG).close()
    set_author(window.prefs, "王五", "wangwu@example.cn")
    assert window.open_path(plan)
    wait_checked(qtbot, window)
    window.doc.set_value(("contacts", 1, "mobile"), "13912345678")
    assert window.save()
    newest = history.plan_history(plan)[0]
    assert (newest.author, newest.email) == ("王五", "wangwu@example.cn")
    assert newest.details == ["修改 通讯录 王建国：手机 【待填写】 → 13912345678"]
    assert git(plan.parent, "status", "--porcelain") == ""
    fsck_all(tmp_path)


def test_the_history_panel_shows_who_when_and_what(
    library_window: LibraryWindow, tmp_path: Path, qtbot: Any
) -> None:
    plan = make_library(tmp_path / "预案库")
    history.start(plan.parent, ZHANG).close()
    edit(plan, _mobile("13912345678"))
    history.record_version(plan, LI)
    history.release(plan, ZHANG, today=TODAY)
    _open(qtbot, library_window, plan.parent, plan)
    panel = library_window.history
    assert panel.heading.text() == "版本记录：《生产安全事故综合应急预案》"
    rows = [
        [panel.tree.topLevelItem(i).text(c) for c in range(4)]
        for i in range(panel.tree.topLevelItemCount())
    ]
    assert [r[1] for r in rows] == ["张三", "李四", "张三"]
    assert rows[0][2] == "1.1" and rows[0][3].startswith("发布版本 1.1")
    assert rows[1][3] == "修改 通讯录 王建国：手机 【待填写】 → 13912345678"
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1))
    assert "· 修改 通讯录 王建国：手机 【待填写】 → 13912345678" in panel.detail.toPlainText()
    assert "李四" in panel.detail.toPlainText()
    # nothing selected in the table: the library's latest versions
    library_window.history.show_file(None)
    qtbot.waitUntil(lambda: panel.heading.text() == "预案库最近的版本" and bool(panel.versions))
    fsck_all(tmp_path)


def test_release_and_restore_from_the_panel(
    library_window: LibraryWindow, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_library(tmp_path / "预案库")
    history.start(plan.parent, ZHANG).close()
    edit(plan, _mobile("13912345678"))
    history.record_version(plan, ZHANG)
    set_author(library_window.prefs, "赵六", "zhaoliu@example.cn")
    _open(qtbot, library_window, plan.parent, plan)
    panel = library_window.history
    asked: list[str] = []
    monkeypatch.setattr(
        history_panel,
        "ask_release",
        lambda parent, title, proposed: asked.append(proposed) or "2.0",
    )
    library_window.release_action.trigger()
    _wait_task(qtbot, panel)
    assert asked == ["1.1"]
    saved = load_plan(plan).model
    assert saved.meta.version == "2.0" and saved.meta.revision_history[-1].author == "赵六"
    qtbot.waitUntil(lambda: bool(panel.versions) and panel.versions[0].releases == ["2.0"])

    monkeypatch.setattr(history_panel, "ask_restore", lambda parent, name, version: True)
    last = panel.tree.topLevelItem(panel.tree.topLevelItemCount() - 1)
    panel.tree.clearSelection()
    panel.tree.setCurrentItem(last)
    assert panel.restore_button.isEnabled()
    panel.restore_button.click()
    _wait_task(qtbot, panel)
    assert load_plan(plan).model.contacts[1].mobile == "【待填写】"
    qtbot.waitUntil(lambda: bool(panel.versions) and panel.versions[0].subject.startswith("恢复到"))
    assert panel.versions[0].author == "赵六"
    fsck_all(tmp_path)


def test_the_same_field_edited_twice_is_resolved_in_the_conflict_view(
    library_window: LibraryWindow, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_a = make_library(tmp_path / "甲" / "预案库")
    history.start(plan_a.parent, ZHANG).close()
    shared = tmp_path / "共享盘" / "预案库.git"
    sync(plan_a.parent, ZHANG, remote=str(shared))
    folder_b = tmp_path / "乙" / "预案库"
    fetch_library(str(shared), folder_b, LI)
    plan_b = folder_b / PLAN_NAME
    edit(plan_a, _mobile("13900000001"))
    sync(plan_a.parent, ZHANG)
    edit(plan_b, _mobile("13900000002"))
    edit(plan_b, lambda p: setattr(p.contacts[0], "phone", "0571-88880000"))

    shown: list[MergeView] = []

    def resolve(parent: Any, conflicts: Any) -> dict[str, str] | None:
        view = MergeView(conflicts, parent)
        qtbot.addWidget(view)
        view.show()
        shown.append(view)
        assert view.list.count() == 1
        assert "通讯录 › 王建国 › 手机" in view.list.item(0).text()
        assert view.mine.text.toPlainText() == "13900000002"
        assert view.theirs.text.toPlainText() == "13900000001"
        assert not view.finish.isEnabled()  # every conflict needs a choice first
        qtbot.mouseClick(view.theirs.button, Qt.MouseButton.LeftButton)
        assert view.finish.isEnabled()
        qtbot.mouseClick(view.finish, Qt.MouseButton.LeftButton)
        return view.choices()

    monkeypatch.setattr(merge_view, "ask_merge", resolve)
    _open(qtbot, library_window, folder_b, plan_b)
    panel = library_window.history
    library_window.sync_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    qtbot.waitUntil(
        lambda: load_plan(plan_b).model.contacts[1].mobile == "13900000001", timeout=20_000
    )
    _wait_task(qtbot, panel)
    sync(plan_a.parent, ZHANG)
    for path in (plan_a, plan_b):
        plan = load_plan(path).model
        assert plan.contacts[1].mobile == "13900000001"
        assert plan.contacts[0].phone == "0571-88880000"
    assert (
        library_window.statusBar().currentMessage()
        == "合并 1 个双方都修改过的文件；已发送本机的修改"
    )
    assert fsck_all(tmp_path) == 3


def test_the_conflict_view_keeps_one_side_for_all(qtbot: Any) -> None:
    from app.i18n import T
    from app.library.merge import Conflict

    conflicts = [
        Conflict(
            f"contacts[c{i}].mobile",
            (),
            T(f"通讯录 › 人{i} › 手机", "x"),
            "changed",
            "",
            "1",
            "2",
            "a.plan.yaml",
        )
        for i in range(3)
    ]
    view = MergeView(conflicts)
    qtbot.addWidget(view)
    view.show()
    view.choose("mine")  # the first; the view moves on to the next undecided one
    assert view.list.currentRow() == 1 and not view.finish.isEnabled()
    view.choose_all("theirs")
    assert view.choices() == {
        "a.plan.yaml::contacts[c0].mobile": "mine",
        "a.plan.yaml::contacts[c1].mobile": "theirs",
        "a.plan.yaml::contacts[c2].mobile": "theirs",
    }
    assert view.finish.isEnabled() and view.progress.text() == "已选择 3 / 3 处"


def test_a_library_without_versions_offers_to_start_them(
    library_window: LibraryWindow, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_library(tmp_path / "预案库")
    assert library_window.open_folder(plan.parent)
    panel = library_window.history
    qtbot.waitUntil(lambda: panel.loads >= 1)
    assert panel.start_button.isVisible() and not panel.release_button.isEnabled()
    assert "尚未开启版本记录" in panel.state.text()
    monkeypatch.setattr(history_panel, "ask_start", lambda parent, folder: True)
    panel.start_button.click()
    _wait_task(qtbot, panel)
    qtbot.waitUntil(lambda: panel.versioned and not panel.start_button.isVisible())
    assert git(plan.parent, "log", "--format=%s").strip() == "开启版本记录：1 个文件"
    fsck_all(tmp_path)
