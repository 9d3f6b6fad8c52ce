"""Find across the whole plan: tables and section text, jumping to each hit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.ui.search import find_hits
from tests.gui.gui_helpers import editor_page


def _search(window: Any, qtbot: Any, text: str) -> None:
    window.find_action.trigger()
    assert window.find_bar.isVisible()
    window.find_bar.field.setText(text)
    qtbot.waitUntil(lambda: window.find_bar.count.text() != "", timeout=2000)


def test_find_hits_in_tables_and_text(opened: Any, qtbot: Any) -> None:
    window = opened
    _search(window, qtbot, "0000-0000000")
    hits = window.find_bar.hits
    # in the text of 5.1 信息报告 and in the contacts table
    assert [h.path for h in hits] == [
        ("sections", 4, "children", 0, "body"),
        ("contacts", 0, "phone"),
    ]
    window.find_next_action.trigger()
    page = editor_page(window)
    assert page is window.editor.section_page
    cursor = page.body.textCursor()
    assert cursor.selectedText() == "0000-0000000"
    assert window.find_bar.count.text() == "1/2"

    window.find_next_action.trigger()
    table = editor_page(window)
    assert table is window.editor.register_pages["contacts"]
    current = table.view.currentIndex()
    assert (current.row(), table.model.columns[current.column()].name) == (0, "phone")
    assert window.find_bar.where.text() == "通讯录 1 › 办公电话"

    window.find_prev_action.trigger()
    assert editor_page(window) is window.editor.section_page


def test_find_in_list_cells_and_procedure_steps(opened: Any, qtbot: Any) -> None:
    window = opened
    _search(window, qtbot, "泄漏")
    paths = [h.path for h in window.find_bar.hits]
    assert ("organization", "groups", 0, "duties", 0) in paths
    assert ("procedures", 0, "steps", 1, "action") in paths
    target = paths.index(("procedures", 0, "steps", 1, "action"))
    window.find_bar.current = target - 1
    window.find_bar.find_next()
    page = editor_page(window)
    assert page is window.editor.procedures_page
    current = page.steps.view.currentIndex()
    assert (current.row(), page.steps.model.columns[current.column()].name) == (1, "action")

    target = paths.index(("organization", "groups", 0, "duties", 0))
    window.find_bar.current = target - 1
    window.find_bar.find_next()
    org = editor_page(window)
    current = org.view.currentIndex()
    assert org.model.columns[current.column()].name == "duties"
    assert org.model.row_path(current.row()) == ("organization", "groups", 0)


def test_find_follows_edits_and_reports_no_result(opened: Any, qtbot: Any) -> None:
    window = opened
    _search(window, qtbot, "ZZZ-unique")
    assert window.find_bar.hits == []
    assert window.find_bar.count.text() == "无结果"
    window.doc.set_value(("contacts", 1, "note"), "ZZZ-unique note")
    window.find_next_action.trigger()
    assert [h.path for h in window.find_bar.hits] == [("contacts", 1, "note")]
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_search_is_case_insensitive_and_finds_every_occurrence(editor_plan_path: Any) -> None:
    from app.storage.plans import load_plan

    plan = load_plan(editor_plan_path).model
    plan.contacts[0].note = "Tel tel TEL"
    hits = [h for h in find_hits(plan, "tel") if h.path == ("contacts", 0, "note")]
    assert [(h.start, h.end) for h in hits] == [(0, 3), (4, 7), (8, 11)]
    assert find_hits(plan, "") == []
