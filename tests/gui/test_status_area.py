"""Every confirmation can be read: the path in the status bar leaves room for it, and an
export offers to open the document or its folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.ui.base import dialogs
from app.ui.base.status import message_visible
from tests.gui.gui_helpers import flush


def _deep_path(tmp_path: Path) -> Path:
    """A path as long as the ones on a Windows desktop, so the label wants the whole bar."""
    folder = tmp_path.joinpath(*(["应急管理资料备份目录"] * 12))
    folder.mkdir(parents=True)
    return folder / "示范化工有限公司生产安全事故综合应急预案（2026年修订版）.plan.yaml"


def test_save_message_is_visible_beside_a_long_path(
    opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    window = opened
    window.resize(1280, 720)
    target = _deep_path(tmp_path)
    fake_dialogs.answer("save_file_name", str(target))
    window.doc.set_value(("meta", "title"), "新标题")
    window.save_as()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("已保存"))
    flush()
    bar = window.statusBar()
    assert window.file_label.full_text() == str(target)  # the path is still there, elided
    assert window.file_label.width() <= bar.width() * 0.5
    assert message_visible(bar), (bar.currentMessage(), window.file_label.width(), bar.width())


def test_export_message_is_visible_and_offers_to_open(
    opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any, monkeypatch: Any
) -> None:
    window = opened
    window.resize(1280, 720)
    long_doc = _deep_path(tmp_path)
    fake_dialogs.answer("save_file_name", str(long_doc))
    window.save_as()
    out = long_doc.with_name("预案.docx")
    fake_dialogs.answer("save_file_name", str(out))
    fake_dialogs.allow("show_warning")
    task = window.export_word()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    flush()
    bar = window.statusBar()
    assert bar.currentMessage() == "已导出 预案.docx"
    assert message_visible(bar)
    buttons = window.open_buttons
    assert buttons.isVisible()
    assert buttons.open_file.text() == "打开文件"

    opened_paths: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "open_file", lambda p: opened_paths.append(("file", p)))
    monkeypatch.setattr(dialogs, "open_folder", lambda p: opened_paths.append(("folder", p)))
    buttons.open_file.click()
    buttons.open_folder.click()
    assert opened_paths == [("file", str(out)), ("folder", str(out.parent))]


def test_library_window_message_is_visible(window: Any, tmp_path: Path, qtbot: Any) -> None:
    from app.library.cache import ScanCache
    from app.ui.library_window import LibraryWindow

    root = _deep_path(tmp_path).parent
    win = LibraryWindow(window, cache=ScanCache())
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_folder(root)
    win.statusBar().showMessage("已导出 工作计划.docx（3 项工作）")
    flush()
    assert win.folder_label.full_text() == str(root)
    assert message_visible(win.statusBar())
