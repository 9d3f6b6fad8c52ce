"""English UI: every source string translated, the .qm current, and switching live."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6 import __file__ as pyside_init
from PySide6.QtCore import Qt

from app.ui.base.translation import TRANSLATIONS, qm_path
from tests.helpers import ROOT

TS = TRANSLATIONS / "plandrill_en.ts"
TOOLS = Path(pyside_init).parent


def _tool(name: str) -> str:
    for candidate in (TOOLS / name, TOOLS / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_source_string_has_a_finished_english_translation() -> None:
    messages = _messages(TS)
    assert len(messages) > 150
    bad = []
    for (context, source), message in messages.items():
        translation = message.find("translation")
        if translation is None or not (translation.text or "").strip():
            bad.append((context, source, "empty"))
        elif translation.get("type") in ("unfinished", "vanished", "obsolete"):
            bad.append((context, source, translation.get("type")))
    assert bad == []


def test_translations_keep_placeholders_and_accelerators() -> None:
    import re

    for (context, source), message in _messages(TS).items():
        english = message.findtext("translation") or ""
        assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", english)), (
            context,
            source,
        )
        assert ("(&" in source) == ("&" in english), (context, source, english)


def test_ts_covers_every_string_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copyfile(TS, fresh)
    subprocess.run(
        [
            _tool("lupdate"),
            "-extensions",
            "py",
            "-recursive",
            str(ROOT / "app" / "ui"),
            "-ts",
            str(fresh),
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-locations",
            "none",
            "-no-obsolete",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert set(_messages(fresh)) == set(_messages(TS)), "run lupdate (see README) and translate"


def test_qm_is_up_to_date_with_the_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "plandrill_en.qm"
    subprocess.run(
        [_tool("lrelease"), str(TS), "-qm", str(compiled)], check=True, capture_output=True
    )
    assert compiled.read_bytes() == qm_path("en").read_bytes(), "run lrelease (see README)"


def _menu_titles(window: Any) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_switching_language_changes_menus_and_back(opened: Any, qtbot: Any) -> None:
    window = opened
    assert _menu_titles(window)[:2] == ["文件(&F)", "编辑(&E)"]
    problem_before = window.problems_model.index(0, 1).data()
    window.en_action.trigger()
    assert _menu_titles(window) == ["&File", "&Edit", "&Sections", "&View", "&Drill", "&Help"]
    assert window.save_action.text() == "&Save"
    assert window.prefs.language == "en"
    # domain messages and schema labels follow too
    problem_after = window.problems_model.index(0, 1).data()
    assert problem_after != problem_before and problem_after.startswith("Missing")
    window.editor.select_path(("contacts",))
    table = window.editor.register_pages["contacts"]
    assert table.model.headerData(1, Qt.Orientation.Horizontal) == "Name"
    assert table.heading.text() == "Contacts"
    assert window.editor.outline_model.index(0, 0).data() == "Plan details"

    window.zh_action.trigger()
    assert _menu_titles(window)[:2] == ["文件(&F)", "编辑(&E)"]
    assert table.heading.text() == "通讯录"
    assert window.prefs.language == "zh"


def test_preferences_dialog_switches_language(window: Any, fake_dialogs: Any) -> None:
    from app.ui.base.settings import PrefValues

    fake_dialogs.answer("edit_preferences", PrefValues("en", 45, "/tmp/exports"))
    window.prefs_action.trigger()
    assert window.file_menu.title() == "&File"
    assert window.prefs.autosave_seconds == 45
    assert window.autosave_timer.interval() == 45_000
    assert window.prefs.export_folder == "/tmp/exports"
