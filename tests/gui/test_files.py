"""Opening, saving, prompts and errors: clear messages, nothing lost, no tracebacks."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from app.model.kinds import PlanKind
from app.storage.plans import load_plan
from tests.gui.gui_helpers import wait_checked

# --- the unsaved-changes prompt -------------------------------------------------------------


def _dirty(window: Any) -> None:
    window.doc.set_value(("meta", "title"), "改过的标题")


def _open_dirty(make_window: Any, path: Path) -> tuple[Any, bytes]:
    window = make_window()
    window.open_path(path)
    before = path.read_bytes()
    _dirty(window)
    return window, before


def test_close_with_unsaved_changes_save(
    make_window: Any, plan_copy: Path, fake_dialogs: Any
) -> None:
    window, _ = _open_dirty(make_window, plan_copy)
    fake_dialogs.answer("ask_unsaved_changes", "save")
    assert window.close()
    assert fake_dialogs.called("ask_unsaved_changes") == [("示例.plan.yaml",)]
    assert load_plan(plan_copy).model.meta.title == "改过的标题"


def test_close_with_unsaved_changes_discard(
    make_window: Any, plan_copy: Path, fake_dialogs: Any
) -> None:
    window, before = _open_dirty(make_window, plan_copy)
    fake_dialogs.answer("ask_unsaved_changes", "discard")
    assert window.close()
    assert plan_copy.read_bytes() == before


def test_close_with_unsaved_changes_cancel(
    make_window: Any, plan_copy: Path, fake_dialogs: Any
) -> None:
    window, before = _open_dirty(make_window, plan_copy)
    fake_dialogs.answer("ask_unsaved_changes", "cancel")
    assert not window.close()
    assert window.isVisible()
    assert window.doc.model.meta.title == "改过的标题"
    assert plan_copy.read_bytes() == before


def test_save_of_a_new_plan_asks_for_a_name(window: Any, tmp_path: Path, fake_dialogs: Any) -> None:
    fake_dialogs.answer("choose_plan_kind", PlanKind.ENTERPRISE_ONSITE)
    assert window.new_plan()
    assert window.doc.model.meta.kind is PlanKind.ENTERPRISE_ONSITE
    assert [s.title for s in window.doc.model.sections] == [
        "事故风险描述",
        "应急工作职责",
        "应急处置",
        "注意事项",
    ]
    assert not window.isWindowModified()
    _dirty(window)
    fake_dialogs.answer("ask_unsaved_changes", "save")
    fake_dialogs.answer("save_file_name", str(tmp_path / "新预案"))
    assert window.close()
    saved = tmp_path / "新预案.plan.yaml"
    assert load_plan(saved).model.meta.title == "改过的标题"


def test_opening_another_file_asks_first(
    opened: Any, editor_plan_path: Path, fake_dialogs: Any
) -> None:
    _dirty(opened)
    fake_dialogs.answer("ask_unsaved_changes", "cancel")
    assert not opened.open_path(editor_plan_path)
    assert opened.doc.model.meta.title == "改过的标题"


# --- bad files -------------------------------------------------------------------------------


BAD_FILES = {
    "binary.plan.yaml": b"\x00\x01\x02binary",
    "broken.plan.yaml": b"schema: plandrill/plan@1\nmeta: [unclosed\n",
    "list.plan.yaml": b"- just\n- a list\n",
    "other.plan.yaml": b"schema: plandrill/other@9\nmeta: {}\n",  # drills open now
    "empty.plan.yaml": b"",
    "notes.txt": "随便写的笔记\n".encode(),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_shows_a_clear_error(
    window: Any, tmp_path: Path, fake_dialogs: Any, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    fake_dialogs.allow("show_error")
    assert not window.open_path(path)
    [(title, text, details)] = fake_dialogs.called("show_error")
    assert title == "无法打开文件"
    assert name in text
    assert "Traceback" not in text + details
    assert str(path) in details
    assert window.doc is None


def test_missing_file_and_folder(window: Any, tmp_path: Path, fake_dialogs: Any) -> None:
    fake_dialogs.allow("show_error")
    assert not window.open_path(tmp_path / "nope.plan.yaml")
    assert not window.open_path(tmp_path)
    assert len(fake_dialogs.called("show_error")) == 2


def _drop(window: Any, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    QApplication.processEvents()


def test_drag_and_drop_opens_a_plan(window: Any, plan_copy: Path, qtbot: Any) -> None:
    _drop(window, [plan_copy])
    assert window.doc is not None and window.doc.path == plan_copy
    wait_checked(qtbot, window)


def test_drag_and_drop_of_a_broken_file(window: Any, tmp_path: Path, fake_dialogs: Any) -> None:
    path = tmp_path / "坏文件.plan.yaml"
    path.write_bytes(b"meta:\n  title: [\n")
    fake_dialogs.allow("show_error")
    _drop(window, [path])
    [(title, text, details)] = fake_dialogs.called("show_error")
    assert title == "无法打开文件"
    assert "坏文件.plan.yaml" in text
    assert details == f"位置：{path}:2"  # the line of the bad YAML
    assert window.doc is None


def test_schema_errors_still_open_and_warn_before_overwriting(
    window: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    path = tmp_path / "有错.plan.yaml"
    path.write_text(
        "schema: plandrill/plan@1\n"
        "meta:\n  title: 有错的预案\n"
        "contacts:\n- id: c1\n  name: 甲\n  phone: 123\n  bogus: 1\n"
        "resources:\n- id: m1\n  name: 沙袋\n  quantity: 很多\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    assert window.open_path(path)
    wait_checked(qtbot, window)
    codes = [p.code for p in window.doc.problems]
    assert "schema.extra_forbidden" in codes
    assert window.doc.dropped
    assert "无法读取" in window.statusBar().currentMessage()

    fake_dialogs.answer("ask_save_dropped", "cancel")
    window.save_action.trigger()
    assert path.read_bytes() == before
    [(name, dropped)] = fake_dialogs.called("ask_save_dropped")
    assert name == "有错.plan.yaml" and len(dropped) == len(window.doc.dropped)

    fake_dialogs.answer("ask_save_dropped", "save_as")
    fake_dialogs.answer("save_file_name", str(tmp_path / "修正.plan.yaml"))
    window.save_action.trigger()
    assert path.read_bytes() == before
    assert load_plan(tmp_path / "修正.plan.yaml").problems == []
    window.save_action.trigger()  # now saved cleanly: no more warning
    assert len(fake_dialogs.called("ask_save_dropped")) == 2


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_save_error_is_shown_and_nothing_is_lost(
    opened: Any, plan_copy: Path, fake_dialogs: Any
) -> None:
    _dirty(opened)
    plan_copy.chmod(stat.S_IRUSR)
    try:
        fake_dialogs.allow("show_error")
        assert not opened.save()
    finally:
        plan_copy.chmod(stat.S_IRUSR | stat.S_IWUSR)
    [(title, text, details)] = fake_dialogs.called("show_error")
    assert title == "保存失败"
    assert "只读" in text
    assert "没有丢失" in details
    assert opened.isWindowModified()
    assert opened.doc.model.meta.title == "改过的标题"
    assert opened.save()


def test_recent_files(make_window: Any, plan_copy: Path, tmp_path: Path, fake_dialogs: Any) -> None:
    window = make_window()
    window.open_path(plan_copy)
    assert window.prefs.recent_files[0] == str(plan_copy.resolve())
    window._fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts[0] == "&1 示例.plan.yaml"
    window.close_document()
    assert window.welcome.recent.count() == 1
    plan_copy.unlink()
    fake_dialogs.allow("show_warning")
    assert not window.open_recent(str(plan_copy.resolve()))
    assert window.prefs.recent_files == []


def test_settings_file_lives_in_plandrill_home(window: Any) -> None:
    home = Path(os.environ["PLANDRILL_HOME"])
    window.prefs.language = "en"
    window.prefs.sync()
    assert Path(window.prefs.qsettings.fileName()) == home / "settings.ini"
    assert "language=en" in (home / "settings.ini").read_text(encoding="utf-8")


def test_geometry_and_dock_state_persist(qtbot: Any, fake_dialogs: Any, plan_copy: Path) -> None:
    from app.ui.mainwindow import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    assert first.open_path(plan_copy)  # the welcome page has no problems dock
    first.problems_dock.hide()
    assert first.close_document()
    first.resize(760, 560)  # within the offscreen screen (800×600)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (760, 560)
    assert second.open_path(plan_copy)
    assert not second.problems_dock.isVisible()


def test_shortcut_list_covers_the_menus(opened: Any, fake_dialogs: Any) -> None:
    fake_dialogs.allow("show_info")
    opened.shortcuts_action.trigger()
    [(title, text)] = fake_dialogs.called("show_info")
    assert title == "快捷键"
    for expected in (
        "Ctrl+S\t保存",
        "Ctrl+E\t导出为 Word",
        "Ctrl+Shift+N\t添加章节",
        "F5\t重新检查",
    ):
        assert expected in text
