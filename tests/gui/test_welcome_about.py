"""Help → About: the version, what it runs on, the licence note and the export fonts."""

from __future__ import annotations

import platform
from typing import Any

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication

from app import __version__
from app.fonts import export_fonts, family_checker
from app.ui import fontcheck
from app.ui.about import AboutDialog


def test_about_shows_versions_licence_and_fonts(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(fontcheck, "font_checker", lambda: family_checker(["FangSong", "SimHei"]))
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.version.text() == f"版本 {__version__}"
    runtime = dialog.runtime.text()
    assert f"Qt {qVersion()}" in runtime and f"PySide6 {PySide6.__version__}" in runtime
    assert f"Python {platform.python_version()}" in runtime
    assert "专有软件" in dialog.license.text() and "LGPLv3" in dialog.license.text()
    rows = dialog.font_rows()
    assert [r[0] for r in rows] == [f.name for f in export_fonts()]
    here = {name: status for name, _, status in rows}
    assert here["黑体"] == "已安装"  # as SimHei
    assert here["仿宋_GB2312"] == "未安装，暂用仿宋"
    assert here["方正小标宋简体"] == "未安装"
    assert dict((r[0], r[1]) for r in rows)["宋体"] == "页码"


def test_about_in_english(qtbot: Any, window: Any) -> None:
    window.set_language("en")
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "About PlanDrill"
    assert dialog.version.text() == f"Version {__version__}"
    assert dialog.license.text().startswith("Licence: proprietary")
    headers = [dialog.fonts.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["Font", "Used for", "This computer"]
    assert dialog.font_rows()[1][1].startswith("Body text")


def test_help_about_opens_it_and_copies_the_versions(
    window: Any, fake_dialogs: Any, qtbot: Any
) -> None:
    fake_dialogs.answer("show_about", None)
    window.about_action.trigger()
    assert fake_dialogs.called("show_about") == [()]
    assert window.about_action in window.help_menu.actions()
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert f"PlanDrill: {__version__}" in copied and f"Qt: {qVersion()}" in copied
