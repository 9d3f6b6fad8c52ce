"""File → 备案材料: the filing package is built off the GUI thread, with progress, cancel,
a question before replacing an existing package, and a summary at the end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx

from app.filing import package_name


def _folder(window: Any, out: Path) -> Path:
    # the opened plan has unfilled values: its package is a 草稿 (issue 17)
    return out / package_name(window.doc.model, dt.date.today(), draft=True)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_menu_builds_the_package(
    opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    window = opened
    assert window.package_action in window.file_menu.actions()
    assert window.package_action.shortcut().toString() == "Ctrl+Shift+B"
    assert window.package_action.isEnabled()
    fake_dialogs.answer("choose_folder", str(tmp_path))
    fake_dialogs.allow("show_info")
    window.doc.set_value(("meta", "unit", "name"), "屏幕上的单位")  # builds what is on screen
    window.package_action.trigger()
    qtbot.waitUntil(lambda: bool(fake_dialogs.called("show_info")), timeout=60_000)
    folder = _folder(window, tmp_path)
    files = _files(folder)
    assert files[0] == "00_应急预案备案材料清单_草稿.docx" and len(files) >= 7
    assert folder.with_name(folder.name + ".zip").exists()
    application = next(f for f in files if "申报表" in f)
    cells = [
        c.text
        for t in docx.Document(str(folder / application)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert "屏幕上的单位" in cells
    [(title, text)] = fake_dialogs.called("show_info")
    assert title == "生成备案材料"
    assert str(folder) in text and "00_应急预案备案材料清单_草稿.docx" in text
    assert "处待填写内容，已标为草稿" in text and "_草稿.docx：待填写" in text  # how many, where
    assert window.statusBar().currentMessage() == f"已生成备案材料 {folder.name}"


def test_job_runs_off_the_gui_thread(
    opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    fake_dialogs.answer("choose_folder", str(tmp_path))
    fake_dialogs.allow("show_info")
    task = opened.build_filing_package()
    assert task is not None and not task.done  # the GUI thread did not wait
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert task.error is None and task.result.folder.is_dir()


def test_cancel_leaves_nothing(opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any) -> None:
    out = tmp_path / "备案"
    out.mkdir()
    fake_dialogs.answer("choose_folder", str(out))
    task = opened.build_filing_package()
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert task.was_cancelled
    assert list(out.iterdir()) == []
    assert opened.statusBar().currentMessage() == "已取消"


def test_existing_package_asks_before_replacing(
    opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    folder = _folder(opened, tmp_path)
    folder.mkdir()
    (folder / "旧文件.txt").write_text("old", encoding="utf-8")
    fake_dialogs.answer("choose_folder", str(tmp_path), str(tmp_path))
    fake_dialogs.answer("ask_replace_package", False, True)
    fake_dialogs.allow("show_info")
    assert opened.build_filing_package() is None  # said no: nothing touched
    assert _files(folder) == ["旧文件.txt"]
    task = opened.build_filing_package()  # said yes: replaced once complete
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert "旧文件.txt" not in _files(folder)
    assert [args[0] for args in fake_dialogs.called("ask_replace_package")] == [folder.name] * 2


def test_no_folder_chosen_builds_nothing(opened: Any, fake_dialogs: Any) -> None:
    fake_dialogs.answer("choose_folder", None)
    assert opened.build_filing_package() is None


def test_errors_are_shown_clearly(
    opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    blocker = tmp_path / "是文件"
    blocker.write_text("x")
    fake_dialogs.answer("choose_folder", str(blocker))
    fake_dialogs.allow("show_error")
    task = opened.build_filing_package()
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    [(title, text, details)] = fake_dialogs.called("show_error")
    assert title == "生成备案材料"
    assert "不是文件夹" in text and str(blocker) in details
    assert "Traceback" not in text + details


def test_action_needs_an_open_plan(window: Any) -> None:
    assert not window.package_action.isEnabled()
    assert window.build_filing_package() is None
