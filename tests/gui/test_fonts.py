"""The missing-font notice: shown once, not a dialog, remembered across restarts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.fonts import family_checker
from app.ui import fontcheck
from app.ui.base.settings import Preferences

# a typical Chinese Windows: the common fonts, none of the GB2312 / 方正 ones
WINDOWS_FONTS = ["SimSun", "SimHei", "FangSong", "KaiTi", "Microsoft YaHei", "Times New Roman"]


@pytest.fixture
def fonts(monkeypatch: Any) -> list[str]:
    installed = list(WINDOWS_FONTS)
    monkeypatch.setattr(fontcheck, "font_checker", lambda: family_checker(installed))
    return installed


def test_warns_once_and_not_again_after_a_restart(make_window: Any, fonts: list[str]) -> None:
    window = make_window()
    notice = window.font_notice
    assert not notice.isVisible()
    assert window.check_fonts()
    assert notice.isVisible()
    text = notice.text.text()
    listed = text.split("：", 1)[1].split("。", 1)[0].split("、")
    # SimSun and SimHei are 宋体 and 黑体: installed, so not listed
    assert listed == [
        "方正小标宋简体（本机显示为宋体）",
        "仿宋_GB2312（本机显示为仿宋）",
        "楷体_GB2312（本机显示为楷体）",
    ]
    assert "评审" in text and "仿宋、楷体" in text  # why it does not matter
    assert not window.check_fonts()  # once per session …
    qt_close = notice.close_button
    qt_close.click()
    assert not notice.isVisible()

    restarted = make_window(prefs=Preferences())  # … and after a restart
    assert not restarted.check_fonts()
    assert not restarted.font_notice.isVisible()
    assert set(Preferences().fonts_warned) == {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312"}


def test_a_font_that_goes_missing_later_is_told(make_window: Any, fonts: list[str]) -> None:
    window = make_window()
    assert window.check_fonts()
    fonts.remove("Times New Roman")
    later = make_window(prefs=Preferences())
    assert later.check_fonts()
    assert "Times New Roman" in later.font_notice.text.text()


def test_nothing_is_shown_when_every_font_is_there(make_window: Any, monkeypatch: Any) -> None:
    everything = ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "Times New Roman"]
    monkeypatch.setattr(fontcheck, "font_checker", lambda: family_checker(everything))
    window = make_window()
    assert not window.check_fonts()
    assert not window.font_notice.isVisible()
    assert Preferences().fonts_warned == []


def test_the_notice_is_not_modal_and_links_to_the_font_list(
    make_window: Any, fonts: list[str], fake_dialogs: Any, qtbot: Any
) -> None:
    window = make_window()
    window.check_fonts()
    assert fake_dialogs.calls == []  # no dialog, just the bar
    fake_dialogs.answer("show_about", None)
    qtbot.mouseClick(window.font_notice.details_button, Qt.MouseButton.LeftButton)
    assert len(fake_dialogs.called("show_about")) == 1


def test_the_notice_follows_the_language(make_window: Any, fonts: list[str]) -> None:
    window = make_window()
    window.check_fonts()
    window.set_language("en")
    text = window.font_notice.text.text()
    assert text.startswith("This computer lacks fonts")
    assert "仿宋_GB2312 (shown here as 仿宋)" in text
    assert window.font_notice.close_button.text() == "Got It"
    window.set_language("zh")
    assert window.font_notice.text.text().startswith("本机缺少")


def test_run_gui_checks_the_fonts_after_start(
    qapp: Any, monkeypatch: Any, fonts: list[str], fake_dialogs: Any, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui import main
    from app.ui.mainwindow import MainWindow

    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    monkeypatch.setattr(MainWindow, "offer_recovery", lambda self: 0)
    before = set(QApplication.topLevelWidgets())
    assert main.run_gui([]) == 0
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                and w not in before]  # fmt: skip
    qtbot.addWidget(window)
    qtbot.waitUntil(window.font_notice.isVisible, timeout=2000)
