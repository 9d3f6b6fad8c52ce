"""The welcome page: recent files, new, the samples, and the language, switched live."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from app.paths import sample_drills, sample_plan
from app.ui import welcome
from app.ui.base.settings import Preferences
from tests.gui.gui_helpers import wait_checked


def _menu_titles(window: Any) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def _click_item(qtbot: Any, view: Any, row: int) -> None:
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_shown_without_a_document_and_lists_the_recent_files(
    make_window: Any, plan_copy: Path, tmp_path: Path, qtbot: Any
) -> None:
    other = tmp_path / "应急 预案 库" / "另一个 预案.plan.yaml"
    other.parent.mkdir()
    shutil.copyfile(plan_copy, other)
    prefs = Preferences()
    prefs.add_recent(plan_copy)
    prefs.add_recent(other)
    window = make_window(prefs=prefs)
    page = window.welcome
    assert window.central.currentWidget() is page and page.isVisible()
    assert page.recent_paths() == [str(other.resolve()), str(plan_copy.resolve())]
    assert page.recent.isVisible() and not page.recent_empty.isVisible()
    # name first, folder under it
    shown = page.recent.itemWidget(page.recent.item(0)).findChildren(type(page.title))
    assert [label.text() for label in shown] == [other.name, str(other.resolve().parent)]

    _click_item(qtbot, page.recent, 0)
    assert window.doc is not None and window.doc.path == other.resolve()
    assert window.central.currentWidget() is window.editor_host
    wait_checked(qtbot, window)
    # closing the document brings the page back, the file now first
    assert window.close_document()
    assert window.central.currentWidget() is page
    assert page.recent_paths()[0] == str(other.resolve())


def test_a_recent_file_that_is_gone_is_removed(
    make_window: Any, plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    prefs = Preferences()
    prefs.add_recent(plan_copy)
    window = make_window(prefs=prefs)
    plan_copy.unlink()
    fake_dialogs.allow("show_warning")
    _click_item(qtbot, window.welcome.recent, 0)
    assert window.doc is None
    assert len(fake_dialogs.called("show_warning")) == 1
    assert window.welcome.recent_paths() == []
    assert window.welcome.recent_empty.isVisible()
    assert prefs.recent_files == []


def test_double_click_opens_once(make_window: Any, plan_copy: Path, qtbot: Any) -> None:
    prefs = Preferences()
    prefs.add_recent(plan_copy)
    window = make_window(prefs=prefs)
    opened: list[str] = []
    real = window.open_recent
    window.open_recent = lambda path: opened.append(path) or real(path)  # type: ignore[method-assign]
    view = window.welcome.recent
    center = view.visualItemRect(view.item(0)).center()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(center))
    assert len(opened) == 1 and window.doc is not None


def test_clear_the_recent_list(make_window: Any, plan_copy: Path, qtbot: Any) -> None:
    prefs = Preferences()
    prefs.add_recent(plan_copy)
    window = make_window(prefs=prefs)
    assert window.welcome.clear_button.isVisible()
    qtbot.mouseClick(window.welcome.clear_button, Qt.MouseButton.LeftButton)
    assert prefs.recent_files == [] and window.welcome.recent_paths() == []
    assert not window.welcome.clear_button.isVisible()


def test_open_sample_opens_it_and_saving_never_overwrites_it(
    window: Any, fake_dialogs: Any, qtbot: Any, tmp_path: Path
) -> None:
    page = window.welcome
    [(button, path)] = [(b, p) for b, p in page.sample_buttons if p.name.endswith(".plan.yaml")]
    assert path == sample_plan()
    assert "化工企业综合应急预案" in button.text()
    before = path.read_bytes()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.doc is not None and window.doc.path == sample_plan()
    assert "示例" in window.statusBar().currentMessage()
    wait_checked(qtbot, window)

    window.doc.set_value(("meta", "title"), "我们自己的预案")
    target = tmp_path / "我的 副本" / "化工企业综合应急预案.plan.yaml"
    target.parent.mkdir()
    fake_dialogs.answer("save_file_name", str(target))
    assert window.save()  # Ctrl+S on the sample asks where to put the user's copy
    [(_title, suggested, _filters)] = fake_dialogs.called("save_file_name")
    assert Path(suggested).name == path.name and not Path(suggested).is_relative_to(path.parent)
    assert path.read_bytes() == before
    assert window.doc.path == target and "我们自己的预案" in target.read_text(encoding="utf-8")


def test_sample_drills_are_offered_when_drills_can_be_opened(monkeypatch: Any) -> None:
    # the drill console registers the drill type, so all three samples are offered
    offered = welcome.openable_samples()
    assert offered[0] == sample_plan()
    assert offered[1:] == sample_drills() and len(offered) == 3
    # without a drill type (plans only), the drills are not offered
    real = welcome.document_types
    plans_only = [t for t in real() if t.suffix == ".plan.yaml"]
    monkeypatch.setattr(welcome, "document_types", lambda: plans_only)
    assert welcome.openable_samples() == [sample_plan()]


def test_language_switches_live_from_the_welcome_page(window: Any, qtbot: Any) -> None:
    page = window.welcome
    assert page.zh_button.isChecked() and page.title.text() == "PlanDrill 应急预案与演练工作台"
    qtbot.mouseClick(page.en_button, Qt.MouseButton.LeftButton)
    assert window.prefs.language == "en"
    assert page.en_button.isChecked() and not page.zh_button.isChecked()
    assert page.title.text() == "PlanDrill — Emergency Plans and Drills"
    assert page.new_button.text() == "New Blank Plan…"
    assert page.recent_label.text() == "Recent Files"
    assert _menu_titles(window)[:2] == ["&File", "&Edit"]
    assert window.en_action.isChecked()
    # remembered for the next start
    assert Preferences().language == "en"
    qtbot.mouseClick(page.zh_button, Qt.MouseButton.LeftButton)
    assert page.new_button.text() == "新建空白预案…"
    assert _menu_titles(window)[:2] == ["文件(&F)", "编辑(&E)"]
    assert window.prefs.language == "zh"


def test_new_and_template_buttons_start_a_plan(window: Any, fake_dialogs: Any, qtbot: Any):
    from app.model.kinds import PlanKind

    fake_dialogs.answer("choose_plan_kind", PlanKind.ENTERPRISE_ONSITE)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert window.doc is not None and window.doc.path is None
    assert window.doc.model.meta.kind is PlanKind.ENTERPRISE_ONSITE
    assert window.close_document()
    fake_dialogs.answer("new_from_template", None)  # cancelled
    qtbot.mouseClick(window.welcome.template_button, Qt.MouseButton.LeftButton)
    assert window.doc is None and fake_dialogs.called("new_from_template") == [()]
    fake_dialogs.answer("open_file_name", None)
    qtbot.mouseClick(window.welcome.open_button, Qt.MouseButton.LeftButton)
    assert len(fake_dialogs.called("open_file_name")) == 1


def test_the_problems_dock_waits_for_a_document(window: Any, plan_copy: Path, qtbot: Any):
    assert not window.problems_dock.isVisible()  # an empty table has no place here
    assert window.open_path(plan_copy)
    assert window.problems_dock.isVisible()
    assert window.close_document()
    assert not window.problems_dock.isVisible()
    # the user's own choice survives: shown from the menu while on the welcome page
    window.problems_toggle.trigger()
    assert window.problems_dock.isVisible()
