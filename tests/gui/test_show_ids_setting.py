"""显示编号 is remembered between sessions (the settings file), like the window layout."""

from __future__ import annotations

from typing import Any

import pytest

from app.ui.base.settings import Preferences
from app.ui.editors import delegates
from tests.gui.gui_helpers import editor_page


def _contacts_page(window: Any) -> Any:
    window.editor.select_path(("contacts",))
    return editor_page(window)


def test_show_ids_survives_a_restart(
    monkeypatch: pytest.MonkeyPatch, make_window: Any, plan_copy: Any
) -> None:
    monkeypatch.setattr(delegates, "_ids", None)  # a fresh session
    window = make_window()
    assert window.open_path(plan_copy)
    page = _contacts_page(window)
    column = page.model.column_of("id")
    assert not page.show_ids.isChecked() and page.view.isColumnHidden(column)
    page.show_ids.setChecked(True)
    assert Preferences().show_ids

    monkeypatch.setattr(delegates, "_ids", None)  # the next session reads the settings
    again = make_window()
    assert again.open_path(plan_copy, ask=False)
    page = _contacts_page(again)
    assert page.show_ids.isChecked()
    assert not page.view.isColumnHidden(page.model.column_of("id"))
    page.show_ids.setChecked(False)
    assert not Preferences().show_ids
