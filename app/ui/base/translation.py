"""UI language: Qt translators for our strings (.qm) and Qt's own, plus the domain's.

The source strings are Chinese (``self.tr("打开")``); English comes from
``resources/translations/plandrill_en.qm``. Switching installs or removes translators;
Qt then sends every widget a LanguageChange event and the widgets re-set their texts.
Domain messages (``T`` pairs) follow through ``app.i18n.set_language``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app import i18n
from app.paths import resources_dir

TRANSLATIONS = resources_dir() / "translations"
APP_CATALOGUE = "plandrill"

_installed: list[QTranslator] = []


def qm_path(lang: str) -> Path:
    return TRANSLATIONS / f"{APP_CATALOGUE}_{lang}.qm"


def set_ui_language(lang: str) -> bool:
    """Switch the whole UI to ``lang`` ("zh" or "en"). Returns False if a file is missing."""
    lang = "en" if lang.startswith("en") else "zh"
    app = QCoreApplication.instance()
    i18n.set_language(lang)
    if app is None:
        return True
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ok = True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if lang == "en":
        ours = QTranslator(app)
        ok = ours.load(str(qm_path("en")))
        if ok:
            _installed.append(ours)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    else:
        qt = QTranslator(app)  # Qt's own buttons and dialogs in Chinese (确定, 取消…)
        if qt.load("qtbase_zh_CN", qt_dir):
            _installed.append(qt)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for translator in _installed:
        app.installTranslator(translator)
    return ok


def current() -> str:
    return i18n.current_language()
