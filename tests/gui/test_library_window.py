"""The plan library window: the table model, sorting, filtering, highlighting, refresh on
disk changes, opening files in the editor, the plan system tab and the Word exports."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from app.library import ScanCache, scan_library
from app.ui import library_dialogs
from app.ui.library_model import (
    COL_CHECK,
    COL_DRILL_DUE,
    COL_FINDINGS,
    COL_ISSUED,
    COL_KIND,
    COL_REVISION_DUE,
    COL_TITLE,
    DRILLS,
    OVERDUE_BACKGROUND,
    UNREADABLE,
    EntryRole,
    LibraryFilter,
    LibraryModel,
)
from app.ui.library_window import LibraryWindow, show_library
from tests.unit.test_library import TODAY, build, build_enterprise

OVERDUE = {"地震预案", "有限空间处置方案", "地震桌面推演"}


def wait_loaded(qtbot: Any, win: LibraryWindow, timeout: int = 20_000) -> None:
    qtbot.waitUntil(
        lambda: win.library is not None and win.library.complete and win._running is None,
        timeout=timeout,
    )


def titles(win: LibraryWindow) -> list[str]:
    proxy = win.proxy
    return [proxy.index(r, COL_TITLE).data() for r in range(proxy.rowCount())]


def row_of(win: LibraryWindow, title: str) -> int:
    return titles(win).index(title)


@pytest.fixture
def library_window(window: Any, tmp_path: Path, qtbot: Any) -> LibraryWindow:
    win = LibraryWindow(window, cache=ScanCache(), today=TODAY)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_folder(build(tmp_path))
    wait_loaded(qtbot, win)
    return win


# --- the model --------------------------------------------------------------------------------


def test_model_passes_the_model_tester(qtmodeltester: Any, tmp_path: Path) -> None:
    model = LibraryModel()
    qtmodeltester.check(model)
    library = scan_library(build(tmp_path), today=TODAY)
    model.set_library(library)
    qtmodeltester.check(model)
    assert model.rowCount() == 10 and model.columnCount() == 12
    model.set_library(scan_library(library.root, today=TODAY))  # same files: data changed
    qtmodeltester.check(model)
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    proxy.sort(COL_REVISION_DUE)
    qtmodeltester.check(proxy)


def test_unreadable_files_are_rows_with_their_reason(library_window: LibraryWindow) -> None:
    win = library_window
    row = row_of(win, "坏文件.plan.yaml")
    assert win.proxy.index(row, COL_KIND).data() == "无法读取"
    assert win.proxy.index(row, COL_CHECK).data().startswith("第 1 行")
    tip = win.proxy.index(row, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "坏文件.plan.yaml" in tip and "第 1 行" in tip
    assert len(titles(win)) == 10  # the bad files stopped nothing


# --- sorting, filtering, highlighting ----------------------------------------------------


def test_dates_sort_as_dates_and_blanks_last(library_window: LibraryWindow) -> None:
    win = library_window
    win.table.sortByColumn(COL_REVISION_DUE, Qt.SortOrder.AscendingOrder)
    library = win.library
    assert library is not None
    dated = sorted(
        (e for e in library.entries if e.revision_due), key=lambda e: (e.revision_due, e.title)
    )
    shown = titles(win)
    assert shown[: len(dated)] == [e.title for e in dated]
    assert all(
        not win.proxy.index(r, COL_REVISION_DUE).data() for r in range(len(dated), len(shown))
    )
    win.table.sortByColumn(COL_ISSUED, Qt.SortOrder.DescendingOrder)
    issued = [win.proxy.index(r, COL_ISSUED).data() for r in range(win.proxy.rowCount())]
    real = [d for d in issued if d]
    assert real == sorted(real, reverse=True) and real[0] == "2026-03-01"
    win.table.sortByColumn(COL_FINDINGS, Qt.SortOrder.DescendingOrder)
    assert set(titles(win)[:2]) == {"地震预案", "地震桌面推演"}


def test_filters_by_text_kind_and_overdue(library_window: LibraryWindow, qtbot: Any) -> None:
    win = library_window
    win.filter_edit.setText("地震")
    assert set(titles(win)) == {"地震预案", "地震桌面推演"}
    assert "显示 2 个" in win.summary.text()
    win.filter_edit.clear()
    win.kind_combo.setCurrentIndex(win.kind_combo.findData(DRILLS))
    assert win.kind_combo.currentText() == "全部演练"
    assert set(titles(win)) == {"地震桌面推演", "孤立演练"}
    win.kind_combo.setCurrentIndex(win.kind_combo.findData("gov_special"))
    assert set(titles(win)) == {"地震预案", "防汛预案"}
    win.kind_combo.setCurrentIndex(win.kind_combo.findData(UNREADABLE))
    assert set(titles(win)) == {"坏文件.plan.yaml", "二进制.plan.yaml"}
    win.kind_combo.setCurrentIndex(0)
    win.overdue_check.setChecked(True)
    assert set(titles(win)) == OVERDUE
    win.filter_edit.setText("甲公司 处置")  # every word must match
    assert titles(win) == ["有限空间处置方案"]


def test_overdue_rows_are_coloured_and_marked(library_window: LibraryWindow) -> None:
    win = library_window
    proxy = win.proxy
    for row, title in enumerate(titles(win)):
        background = proxy.index(row, COL_TITLE).data(Qt.ItemDataRole.BackgroundRole)
        icon = proxy.index(row, COL_TITLE).data(Qt.ItemDataRole.DecorationRole)
        if title in OVERDUE:
            assert isinstance(background, QBrush) and background.color() == OVERDUE_BACKGROUND
            assert icon is not None and not icon.isNull(), title
        elif not title.endswith(".plan.yaml"):  # unreadable rows are grey
            assert background is None and icon is None, title
    quake = row_of(win, "地震预案")
    late = proxy.index(quake, COL_REVISION_DUE)
    assert late.data() == "⚠ 2025-05-01"  # a marker, not colour alone
    assert late.data(Qt.ItemDataRole.FontRole).bold()
    assert "已逾期" in late.data(Qt.ItemDataRole.ToolTipRole)
    assert proxy.index(quake, COL_FINDINGS).data().startswith("⚠ 2")
    onsite = row_of(win, "有限空间处置方案")
    assert proxy.index(onsite, COL_DRILL_DUE).data() == "⚠ 2026-09-01"
    assert not proxy.index(onsite, COL_REVISION_DUE).data().startswith("⚠")


def test_check_column_shows_counts(library_window: LibraryWindow) -> None:
    win = library_window
    onsite = win.library.find(win.root / "有限空间处置方案.plan.yaml")  # type: ignore[union-attr,operator]
    cell = win.proxy.index(row_of(win, "有限空间处置方案"), COL_CHECK).data()
    assert cell == f"错误 {onsite.errors} · 警告 {onsite.warnings}" and onsite.errors > 0
    quake = win.proxy.index(row_of(win, "防汛预案"), COL_CHECK)
    flood = win.library.find(win.root / "专项" / "防汛预案.plan.yaml")  # type: ignore[union-attr,operator]
    assert flood.errors == 0 and quake.data() == f"警告 {flood.warnings}"


# --- refresh on disk changes --------------------------------------------------------------


def _touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_refreshes_after_a_file_changes_on_disk(library_window: LibraryWindow, qtbot: Any) -> None:
    win = library_window
    quake = win.root / "专项" / "地震预案.plan.yaml"  # type: ignore[operator]
    misses = win.cache.misses
    text = quake.read_text(encoding="utf-8").replace("issued: 2022-05-01", "issued: 2026-05-01")
    assert text != quake.read_text(encoding="utf-8")
    _touch(quake, text)
    qtbot.waitUntil(
        lambda: win.proxy.index(row_of(win, "地震预案"), COL_ISSUED).data() == "2026-05-01",
        timeout=10_000,
    )
    wait_loaded(qtbot, win)
    assert win.library.find(quake).revision_due == dt.date(2029, 5, 1)  # type: ignore[union-attr]
    assert win.proxy.index(row_of(win, "地震预案"), COL_REVISION_DUE).data() == "2029-05-01"
    # only the changed plan (and the drill checked against it) were read again
    assert win.cache.misses - misses <= 4
    # a new file appears, a deleted one goes
    new = win.root / "新增专项.plan.yaml"  # type: ignore[operator]
    _touch(new, "schema: plandrill/plan@1\nmeta:\n  title: 新增专项\n  kind: gov_special\n")
    qtbot.waitUntil(lambda: "新增专项" in titles(win), timeout=10_000)
    (win.root / "演练" / "孤立演练.drill.yaml").unlink()  # type: ignore[operator]
    qtbot.waitUntil(lambda: "孤立演练" not in titles(win), timeout=10_000)
    wait_loaded(qtbot, win)


def test_selection_survives_a_refresh(library_window: LibraryWindow, qtbot: Any) -> None:
    win = library_window
    assert win.select_path(win.root / "专项" / "防汛预案.plan.yaml")  # type: ignore[operator]
    scans = win.scans
    win.refresh_action.trigger()
    qtbot.waitUntil(lambda: win.scans > scans, timeout=10_000)
    assert win.selected_entry().title == "防汛预案"  # type: ignore[union-attr]


# --- opening files ---------------------------------------------------------------------------


def test_double_click_opens_the_plan_in_the_editor(
    window: Any, library_window: LibraryWindow, qtbot: Any
) -> None:
    win = library_window
    index = win.proxy.index(row_of(win, "防汛预案"), COL_KIND)
    win.table.scrollTo(index)
    rect = win.table.visualRect(index)
    qtbot.mouseClick(win.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(win.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.doc is not None, timeout=10_000)
    assert window.doc.path.name == "防汛预案.plan.yaml"
    assert window.doc.model.meta.title == "防汛预案"


def test_enter_on_a_drill_without_a_drill_editor_explains(
    window: Any, library_window: LibraryWindow, fake_dialogs: Any, monkeypatch: Any
) -> None:
    import app.ui.library_window as module

    monkeypatch.setattr(module, "_editor_opens_drills", lambda: False)
    fake_dialogs.allow("show_info")
    win = library_window
    win.table.setCurrentIndex(win.proxy.index(row_of(win, "孤立演练"), COL_TITLE))
    win.open_file_action.trigger()
    assert fake_dialogs.called("show_info") and window.doc is None


def test_file_menu_opens_a_library(
    window: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    root = build_enterprise(tmp_path)
    assert window.library_action in window.file_menu.actions()
    fake_dialogs.answer("choose_folder", str(root))
    window.library_action.trigger()
    win = window.library_window
    wait_loaded(qtbot, win)
    assert win.isVisible() and win.root == root
    assert set(titles(win)) >= {"综合预案", "火灾专项", "火灾桌面推演"}
    assert "乙公司预案库" in win.windowTitle()
    # the welcome page offers it too; a cancelled choice changes nothing
    assert window.welcome.library_button.text() == "打开预案库…"
    fake_dialogs.answer("choose_folder", None)
    window.welcome.library_button.click()
    assert win.root == root
    window.close()
    assert not win.isVisible()  # the library window closes with its editor
    assert win.watcher.files() == [] and win.watcher.directories() == []


# --- the plan system ---------------------------------------------------------------------------


def test_system_tab_shows_the_tree_and_the_issues(library_window: LibraryWindow) -> None:
    win = library_window
    model = win.tree_model
    roots = [model.item(r, 0).text() for r in range(model.rowCount())]
    assert roots[0] == "总体预案" and "未关联到预案的演练" in roots
    top = model.item(0, 0)
    children = [top.child(r, 0).text() for r in range(top.rowCount())]
    assert children == ["地震预案", "防汛预案"]
    quake = top.child(0, 0)
    assert quake.child(0, 0).text() == "演练：地震桌面推演"
    orphan_row = roots.index("交通局部门预案")
    assert "未注明上级预案" in model.item(orphan_row, 3).text()
    assert win.issues.count() == 4
    assert win.issues_label.text() == "需要处理的问题（4）"


# --- exports -----------------------------------------------------------------------------------


def test_work_plan_export_from_the_window(
    library_window: LibraryWindow, fake_dialogs: Any, monkeypatch: Any, qtbot: Any, tmp_path: Path
) -> None:
    win = library_window
    asked: list[tuple[int, str, int]] = []

    def answer(parent: Any, year: int, unit: str, plans: int) -> tuple[int, str]:
        asked.append((year, unit, plans))
        return 2027, "甲公司"

    monkeypatch.setattr(library_dialogs, "ask_work_plan", answer)
    out = tmp_path / "计划.docx"
    fake_dialogs.answer("save_file_name", str(tmp_path / "计划"))
    task = win.export_work_plan()
    assert task is not None and asked == [(2027, "甲公司", 6)]  # November: next year's plan
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert task.error is None and out.exists()
    document = docx.Document(str(out))
    assert (
        document.paragraphs[0].text.replace("\n", "") == "甲公司2027年度应急演练和预案修订工作计划"
    )
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert {"有限空间处置方案", "实战演练", "预案评估", "3月"} <= cells
    assert "计划.docx" in win.statusBar().currentMessage()


def test_system_export_from_the_window(
    library_window: LibraryWindow, fake_dialogs: Any, qtbot: Any, tmp_path: Path
) -> None:
    win = library_window
    out = tmp_path / "体系.docx"
    fake_dialogs.answer("save_file_name", str(out))
    fake_dialogs.allow("show_warning")  # on a machine without a CJK font
    task = win.export_system()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert task.error is None
    with zipfile.ZipFile(out) as z:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())


def test_cancelled_export_dialog_writes_nothing(
    library_window: LibraryWindow, fake_dialogs: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(library_dialogs, "ask_work_plan", lambda *a: None)
    assert library_window.export_work_plan() is None
    fake_dialogs.answer("save_file_name", None)
    assert library_window.export_system() is None


# --- language, cancel, errors ------------------------------------------------------------------


def test_switching_to_english(library_window: LibraryWindow, window: Any, qtbot: Any) -> None:
    win = library_window
    window.en_action.trigger()
    assert win.model.headerData(COL_REVISION_DUE, Qt.Orientation.Horizontal) == "Evaluation due"
    qtbot.waitUntil(lambda: win.tabs.tabText(1) == "Plan system")  # LanguageChange is posted
    assert win.proxy.index(row_of(win, "坏文件.plan.yaml"), COL_KIND).data() == "Unreadable"
    assert win.library_menu.title() == "&Library"
    assert win.tree_model.item(0, 1).text() == "Overall plan (government)"
    window.zh_action.trigger()
    qtbot.waitUntil(lambda: win.tabs.tabText(1) == "预案体系")


def test_a_cancelled_scan_leaves_the_window_empty(
    window: Any, tmp_path: Path, qtbot: Any, monkeypatch: Any
) -> None:
    import time

    import app.ui.library_window as module

    def slow_scan(root: Path, today: dt.date, cache: ScanCache, quick: bool, progress: Any) -> Any:
        for n in range(500):  # a big library: reports until the user cancels
            progress.report(n, 500, "…")
            time.sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(module, "scan_job", slow_scan)
    win = LibraryWindow(window, cache=ScanCache(), today=TODAY)
    win.show()
    win.open_folder(build(tmp_path))
    task = win.scan_task
    assert task is not None
    qtbot.wait(100)
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert task.was_cancelled and win.library is None
    assert "已取消" in win.statusBar().currentMessage()
    assert not win.work_plan_action.isEnabled()


def test_a_missing_folder_is_an_error_not_a_crash(
    window: Any, tmp_path: Path, fake_dialogs: Any
) -> None:
    fake_dialogs.allow("show_error")
    assert show_library(window, tmp_path / "nope") is None
    [(_title, text, *_)] = fake_dialogs.called("show_error")
    assert "不是一个文件夹" in text


def test_entries_reach_the_view_as_objects(library_window: LibraryWindow) -> None:
    entry = library_window.proxy.index(0, COL_TITLE).data(EntryRole)
    assert entry.path.exists() and entry.title


def test_a_plan_in_the_system_tree_opens_in_the_editor(
    window: Any, library_window: LibraryWindow, qtbot: Any
) -> None:
    win = library_window
    win.tabs.setCurrentIndex(1)
    flood = win.tree_model.item(0, 0).child(1, 0)
    assert flood.text() == "防汛预案"
    win.tree.setCurrentIndex(flood.index())
    assert win.open_file_action.isEnabled()
    win.open_file_action.trigger()
    qtbot.waitUntil(lambda: window.doc is not None, timeout=10_000)
    assert window.doc.path.name == "防汛预案.plan.yaml"
