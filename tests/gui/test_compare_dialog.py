"""文件 › 比较版本/生成修订对照表…: choose two versions, see the rows, write the 对照表."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx import Document as WordDocument

from app.library import ScanCache, history
from app.model.plan import Contact, Plan, Section
from app.storage.plans import load_plan, save_plan
from app.ui.library_window import LibraryWindow
from tests.git_helpers import LI, ZHANG, edit, make_library, needs_git

BASE_PLAN = Path(__file__).resolve().parents[1] / "data" / "compare-base.plan.yaml"
NEW_BODY = "本预案适用于本公司厂区和码头发生的生产安全事故的应急处置。"


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old = load_plan(BASE_PLAN).model
    new: Plan = old.model_copy(deep=True)
    new.meta.version = "2.0"
    new.sections[0].children[0].body = NEW_BODY
    new.sections[4].children.append(
        Section(id="s-media", title="信息公开", body="由办公室统一发布。")
    )
    new.contacts.append(Contact(id="c-120", name="急救中心", phone="120"))
    a, b = tmp_path / "v1.plan.yaml", tmp_path / "v2.plan.yaml"
    save_plan(old, a)
    save_plan(new, b)
    return a, b


def _table_text(path: Path) -> str:
    doc = WordDocument(str(path))
    return "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)


def _compare(qtbot: Any, dialog: Any) -> None:
    dialog.compare()
    qtbot.waitUntil(lambda: dialog.diff is not None, timeout=10_000)


def _export(qtbot: Any, dialog: Any, fake_dialogs: Any, target: Path) -> None:
    fake_dialogs.answer("save_file_name", str(target))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15_000)


def test_two_files_rows_and_export(
    window: Any, qtbot: Any, fake_dialogs: Any, versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    texts = [a.text() for a in window.file_menu.actions()]
    assert "比较版本/生成修订对照表(&V)…" in texts
    dialog = window.compare_action.open()  # no plan open: both sides are files
    qtbot.addWidget(dialog)
    fake_dialogs.answer("open_file_name", str(old), str(new))
    dialog.old_side.browse.click()
    dialog.new_side.browse.click()
    _compare(qtbot, dialog)
    rows = dialog.rows()
    assert dialog.summary.text() == "共 4 处变化：新增 2，删除 0，移动 0，修改 2。"
    changed = [r for r in rows if "适用范围" in r[1]]
    assert changed and changed[0][0] == "修改" and NEW_BODY in changed[0][3]
    assert any(r[0] == "新增" and "信息公开" in r[1] for r in rows)
    assert not any("c-120" in cell or "s-media" in cell for r in rows for cell in r)  # names
    dialog.table.setCurrentCell(rows.index(changed[0]), 1)  # the change in full below
    assert dialog.new_text.toPlainText().endswith(NEW_BODY)
    assert "火灾" in dialog.old_text.toPlainText()
    target = tmp_path / "out" / "对照表.docx"
    target.parent.mkdir()
    _export(qtbot, dialog, fake_dialogs, target)
    assert target.is_file()
    table = _table_text(target)
    assert "适用范围" in table and NEW_BODY in table and "信息公开" in table
    assert dialog.status.text() == "已导出修订对照表 对照表.docx"
    assert dialog.open_buttons.path == target
    dialog.resize(1100, 620)
    dialog.grab().save("/tmp/gui-polish/compare_dialog.png")


def test_open_plan_against_a_file_sees_unsaved_edits(
    window: Any, qtbot: Any, fake_dialogs: Any, versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, _new = versions
    assert window.open_path(old, ask=False)
    window.doc.model.meta.version = "9.9"  # an edit the file does not hold yet
    dialog = window.compare_action.open()
    qtbot.addWidget(dialog)
    assert dialog.new_side.choice() == ("current", "")
    qtbot.waitUntil(
        lambda: dialog.versions_loaded is not None, timeout=30_000
    )  # not a library: none
    fake_dialogs.answer("open_file_name", str(old))
    dialog.old_side.browse.click()
    window.doc.model.meta.version = "9.9.1"  # edited with the dialog open: compared too
    _compare(qtbot, dialog)
    assert [r[:2] for r in dialog.rows()] == [["修改", "基本信息 版本号"]]
    assert "9.9.1" in dialog.rows()[0][3]


@needs_git
def test_library_versions_compared_from_the_library_window(
    window: Any, qtbot: Any, fake_dialogs: Any, tmp_path: Path
) -> None:
    plan = make_library(tmp_path / "预案库")
    history.start(plan.parent, ZHANG).close()

    def change(p: Plan) -> None:
        p.contacts[1].mobile = "13912345678"

    edit(plan, change)
    history.record_version(plan, LI)
    win = LibraryWindow(window, cache=ScanCache(), today=dt.date(2026, 12, 7))
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_folder(plan.parent)
    qtbot.waitUntil(lambda: win.library is not None and win._running is None, timeout=40_000)
    assert win.select_path(plan)
    assert "比较版本/生成修订对照表(&V)…" in [a.text() for a in win.library_menu.actions()]
    dialog = win.compare_action.open()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.versions_loaded == 2, timeout=30_000)
    assert dialog.new_side.choice() == ("file", str(plan))
    dialog.old_side.combo.setCurrentIndex(1)  # the first version (newest first)
    assert "张三" in dialog.old_side.combo.currentText()
    _compare(qtbot, dialog)
    assert [r[0] for r in dialog.rows()] == ["修改"]
    assert "王建国" in dialog.rows()[0][1] and "13912345678" in dialog.rows()[0][3]
    target = tmp_path / "库对照表.docx"
    _export(qtbot, dialog, fake_dialogs, target)
    assert "13912345678" in _table_text(target)
