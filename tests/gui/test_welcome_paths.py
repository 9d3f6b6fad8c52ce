"""Chinese and spaces in paths through the window: a double-clicked file, open, save,
save as, export, recent files, recovery; and user data where Qt would put it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import paths
from app.storage.plans import load_plan
from app.ui.base import settings, tasks
from app.ui.base.settings import Preferences
from tests.gui.gui_helpers import wait_checked


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "应急 预案 库" / "子 目录"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def plan_here(folder: Path, editor_plan_path: Path) -> Path:
    return Path(shutil.copyfile(editor_plan_path, folder / "某某 公司 预案.plan.yaml"))


def test_a_double_clicked_file_opens(
    qapp: Any, plan_here: Path, monkeypatch: Any, fake_dialogs: Any, qtbot: Any
) -> None:
    """Explorer runs ``PlanDrill.exe "%1"``: one argument, spaces and all."""
    from app.cli import _wants_gui
    from app.ui import main
    from app.ui.mainwindow import MainWindow

    assert _wants_gui([str(plan_here)])
    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    monkeypatch.setattr(MainWindow, "offer_recovery", lambda self: 0)
    monkeypatch.setattr(MainWindow, "check_fonts", lambda self: False)
    assert main.run_gui([str(plan_here)]) == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    window = next(w for w in windows if w.doc is not None and w.doc.path == plan_here)
    qtbot.addWidget(window)
    assert plan_here.name in window.windowTitle()
    assert Preferences().recent_files[0] == str(plan_here.resolve())


def test_open_edit_save_and_save_as(
    window: Any, plan_here: Path, folder: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    fake_dialogs.answer("open_file_name", str(plan_here))
    window.open_action.trigger()
    assert window.doc is not None and window.doc.path == plan_here
    wait_checked(qtbot, window)
    window.doc.set_value(("meta", "title"), "改过的 预案")
    assert window.save()
    assert load_plan(plan_here).model.meta.title == "改过的 预案"
    assert plan_here.with_name(plan_here.name + ".bak").is_file()

    other = folder / "另存 为" / "第二 版.plan.yaml"
    other.parent.mkdir()
    fake_dialogs.answer("save_file_name", str(other))
    assert window.save_as()
    assert window.doc.path == other and load_plan(other).model.meta.title == "改过的 预案"
    assert window.prefs.last_folder == str(other.parent.resolve())
    assert window.prefs.recent_files[:2] == [str(other.resolve()), str(plan_here.resolve())]


def test_export_to_a_unicode_folder(
    window: Any, plan_here: Path, folder: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    assert window.open_path(plan_here)
    wait_checked(qtbot, window)
    target = folder / "导出 结果" / "公司 预案.docx"
    target.parent.mkdir()
    fake_dialogs.answer("save_file_name", str(target))
    task = window.export_word()
    assert task is not None
    qtbot.waitUntil(lambda: target.is_file(), timeout=30_000)
    tasks.wait_for_tasks()
    assert window.doc.model.meta.title in [p.text for p in Document(str(target)).paragraphs]


def test_recovery_under_a_unicode_home(
    make_window: Any, plan_here: Path, tmp_path: Path, monkeypatch: Any, qtbot: Any
) -> None:
    home = tmp_path / "用户 数据"
    monkeypatch.setenv("PLANDRILL_HOME", str(home))
    window = make_window()
    assert window.open_path(plan_here)
    wait_checked(qtbot, window)
    window.doc.set_value(("meta", "title"), "尚未 保存")
    window.autosave_now(wait=True)
    [entry] = window.recovery.scan().entries
    assert entry.original_path == plan_here
    assert (home / "recovery").is_dir() and "尚未 保存" in entry.text


def test_qt_and_the_cli_agree_on_the_user_data_folder(
    qapp: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The GUI asks QStandardPaths, the CLI (no Qt) computes it: the same folder, so
    both find the user's own templates."""
    monkeypatch.delenv("PLANDRILL_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "数据 目录"))
    names = qapp.organizationName(), qapp.applicationName()
    qapp.setOrganizationName("PlanDrill")
    qapp.setApplicationName("PlanDrill")
    try:
        assert settings.user_data_dir() == paths.user_data_dir()
        assert settings.user_templates_dir() == paths.user_templates_dir()
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])


def test_the_wizard_offers_the_users_own_templates(
    tmp_path: Path, monkeypatch: Any, fake_dialogs: Any, qtbot: Any
) -> None:
    from app.ui import template_wizard
    from app.ui.base import dialogs
    from tests.helpers import write_own_template

    home = tmp_path / "用户 数据"
    own = home / "templates"
    write_own_template(own, "my-street", "本街道")
    monkeypatch.setenv("PLANDRILL_HOME", str(home))
    wizard = template_wizard.template_wizard(None)
    qtbot.addWidget(wizard)
    page = wizard.choose
    ids = [page.list.item(i).data(Qt.ItemDataRole.UserRole).id for i in range(page.list.count())]
    assert "my-street" in ids and "township" in ids
    assert str(own) in page.own.text()
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_folder", lambda path: opened.append(path) or True)
    page.own.linkActivated.emit("open")
    assert opened == [str(own)]
