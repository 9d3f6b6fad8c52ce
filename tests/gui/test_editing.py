"""Editing through the window: table cells, undo/redo, save and reload give the same plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFocusEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication

from app.storage.plans import load_plan
from app.ui.models.tables import RawRole
from tests.gui.gui_helpers import editor_page, wait_checked


def _contacts(window: Any) -> Any:
    assert window.editor.select_path(("contacts",))
    return editor_page(window)


def test_sample_plan_edit_undo_redo_save_reload(window: Any, sample_copy: Path, qtbot: Any) -> None:
    """The bundled sample plan: edit a table cell, undo, redo, save, reload: equal."""
    assert window.open_path(sample_copy)
    wait_checked(qtbot, window)
    original = load_plan(sample_copy).model
    old_phone = original.contacts[0].phone
    table = _contacts(window)
    model = table.model
    cell = model.index(0, model.column_of("phone"))
    assert cell.data() == (old_phone or "")
    assert model.setData(cell, "0731-8888888", Qt.ItemDataRole.EditRole)
    assert window.doc.model.contacts[0].phone == "0731-8888888"
    assert window.isWindowModified()

    window.undo_action.trigger()
    assert window.doc.model == original
    assert cell.data() == (old_phone or "")
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert cell.data() == "0731-8888888"
    assert window.isWindowModified()

    window.save_action.trigger()
    assert not window.isWindowModified()
    reloaded = load_plan(sample_copy)
    assert reloaded.problems == []
    assert reloaded.model == window.doc.model
    assert reloaded.model.contacts[0].phone == "0731-8888888"

    # and back through the window itself
    assert window.reload()
    assert window.doc.model == reloaded.model


def test_list_cells_edit_one_item_per_line(opened: Any) -> None:
    window = opened
    window.editor.select_path(("levels",))
    model = editor_page(window).model
    cell = model.index(0, model.column_of("triggers"))
    assert model.setData(cell, "甲条件\n\n  乙条件  \n", Qt.ItemDataRole.EditRole)
    assert window.doc.model.levels[0].triggers == ["甲条件", "乙条件"]
    assert cell.data() == "甲条件；乙条件"


def test_invalid_values_are_refused_with_a_message(opened: Any) -> None:
    window = opened
    model = _contacts(window).model
    count = window.doc.undo_stack.count()
    id_cell = model.index(0, model.column_of("id"))
    assert not model.setData(id_cell, "has space", Qt.ItemDataRole.EditRole)
    assert not model.setData(id_cell, "", Qt.ItemDataRole.EditRole)
    assert window.doc.model.contacts[0].id == "c-duty"
    assert window.doc.undo_stack.count() == count
    assert "编号" in window.statusBar().currentMessage()

    window.editor.select_path(("resources",))
    resources = editor_page(window).model
    quantity = resources.index(0, resources.column_of("quantity"))
    assert not resources.setData(quantity, "十套", Qt.ItemDataRole.EditRole)
    assert "数量" in window.statusBar().currentMessage()
    assert resources.setData(quantity, "12", Qt.ItemDataRole.EditRole)
    assert window.doc.model.resources[0].quantity == 12


def test_add_remove_and_move_rows_are_undoable(opened: Any) -> None:
    window = opened
    table = _contacts(window)
    before = [c.id for c in window.doc.model.contacts]
    table.focus_cell(1, "name")
    table.add_action.trigger()
    ids = [c.id for c in window.doc.model.contacts]
    assert len(ids) == 3 and ids[:2] == before
    assert table.current_row() == 2
    table.focus_cell(2, "name")
    table.up_action.trigger()
    assert [c.id for c in window.doc.model.contacts][1] == ids[2]
    assert table.current_row() == 1
    table.remove_action.trigger()
    assert [c.id for c in window.doc.model.contacts] == before
    for _ in range(3):
        window.undo_action.trigger()
    assert [c.id for c in window.doc.model.contacts] == before
    assert not window.isWindowModified()


def test_delete_key_clears_cells(opened: Any, qtbot: Any) -> None:
    window = opened
    table = _contacts(window)
    table.focus_cell(0, "role")
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert window.doc.model.contacts[0].role is None
    window.undo_action.trigger()
    assert window.doc.model.contacts[0].role == "24小时值班"


def test_typing_in_a_section_is_one_undo_step_per_burst(
    opened: Any, qtbot: Any, monkeypatch: Any
) -> None:
    from app.ui import commands

    clock = [1000.0]
    monkeypatch.setattr(commands.time, "monotonic", lambda: clock[0])
    window = opened
    window.editor.select_path(("sections", 0, "children", 0, "body"))
    body = editor_page(window).body
    original = window.doc.model.sections[0].children[0].body
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, " See annex 2.")  # QTest types ASCII only
    body.insertPlainText("补充")  # what an input method commits
    added = " See annex 2.补充"
    assert window.doc.model.sections[0].children[0].body == original + added
    assert window.doc.undo_stack.count() == 1  # one burst, one step

    clock[0] += commands.BURST_SECONDS + 1  # a pause starts a new burst
    qtbot.keyClicks(body, " More")
    assert window.doc.undo_stack.count() == 2
    QApplication.sendEvent(body, QFocusEvent(QEvent.Type.FocusOut))  # so does leaving
    qtbot.keyClicks(body, "!")
    assert window.doc.undo_stack.count() == 3

    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.doc.model.sections[0].children[0].body == original + added
    assert body.toPlainText() == original + added
    window.undo_action.trigger()
    assert body.toPlainText() == original
    assert not window.isWindowModified()


def test_typing_and_deleting_back_leaves_nothing_to_undo(opened: Any, qtbot: Any) -> None:
    window = opened
    window.editor.select_path(("sections", 1, "body"))
    body = editor_page(window).body
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, "xy")
    qtbot.keyClick(body, Qt.Key.Key_Backspace)
    qtbot.keyClick(body, Qt.Key.Key_Backspace)
    assert not window.doc.undo_stack.canUndo()
    assert not window.isWindowModified()


def test_ctrl_z_in_a_title_field_undoes_the_document(opened: Any, qtbot: Any) -> None:
    window = opened
    window.editor.select_path(("sections", 1, "title"))
    title = editor_page(window).title
    qtbot.keyClicks(title, " v2")
    assert window.doc.model.sections[1].title == "应急预案体系 v2"
    outline_label = window.editor.outline.currentIndex().data()
    assert outline_label == "二、应急预案体系 v2"  # 公文 numbers by default
    undo = QKeySequence(QKeySequence.StandardKey.Undo)[0]
    qtbot.keyClick(title, undo.key(), undo.keyboardModifiers())
    assert window.doc.model.sections[1].title == "应急预案体系"
    assert title.text() == "应急预案体系"


def test_meta_form_edits_are_undoable(opened: Any, qtbot: Any) -> None:
    window = opened
    window.editor.select_path(("meta", "unit", "address"))
    form = editor_page(window).unit_form
    qtbot.keyClicks(form.widgets["address"], "No. 1 Park Road")
    assert window.doc.model.meta.unit.address == "No. 1 Park Road"
    window.undo_action.trigger()
    assert window.doc.model.meta.unit.address is None
    assert form.widgets["address"].text() == ""


def test_meta_review_group_creates_and_removes_review(opened: Any) -> None:
    window = opened
    meta = window.editor.meta_page
    assert window.doc.model.meta.review is None
    assert not meta.review_form.widgets["organizer"].isEnabled()
    meta.review_box.setChecked(True)
    assert window.doc.model.meta.review is not None
    assert meta.review_form.widgets["organizer"].isEnabled()
    window.undo_action.trigger()
    assert window.doc.model.meta.review is None
    assert not meta.review_box.isChecked()


def test_date_field_sets_and_clears(opened: Any) -> None:
    import datetime as dt

    window = opened
    field = window.editor.meta_page.date_form.widgets["issued"]
    field.edited.emit(dt.date(2026, 3, 1))
    assert window.doc.model.meta.issued == dt.date(2026, 3, 1)
    assert field.value() == dt.date(2026, 3, 1)
    field.clear.click()
    assert window.doc.model.meta.issued is None
    assert field.edit.text() == ""  # empty, the placeholder shows how to type one


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-04-01", (2026, 4, 1)),
        ("2026年3月15日", (2026, 3, 15)),
        ("2026.3.15", (2026, 3, 15)),
        ("2026/3/15", (2026, 3, 15)),
    ],
)
def test_a_date_typed_into_an_empty_field_is_that_date(
    opened: Any, qtbot: Any, typed: str, stored: tuple[int, int, int]
) -> None:
    import datetime as dt

    window = opened
    field = window.editor.meta_page.date_form.widgets["issued"]
    assert window.doc.model.meta.issued is None
    # click where the day goes, as users do, then type the whole date
    edit = field.edit
    qtbot.mouseClick(
        edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 12, edit.height() // 2)
    )
    if typed.isascii():
        qtbot.keyClicks(field.edit, typed)  # QTest types ASCII only
    else:
        field.edit.setText(typed)  # what an input method commits
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert window.doc.model.meta.issued == dt.date(*stored)
    assert field.edit.text() == dt.date(*stored).isoformat()


def test_a_bad_date_is_refused_in_chinese_by_label(opened: Any, qtbot: Any) -> None:
    window = opened
    messages: list[Any] = []
    window.doc.rejected.connect(messages.append)
    field = window.editor.meta_page.date_form.widgets["issued"]
    field.edit.setText("2026-02-30")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert window.doc.model.meta.issued is None
    assert messages and "2026-02-30" in messages[-1].zh and "issued" not in messages[-1].zh


def test_raw_role_gives_typed_values(opened: Any) -> None:
    window = opened
    window.editor.select_path(("resources",))
    model = editor_page(window).model
    assert model.index(0, model.column_of("quantity")).data(RawRole) == 10
    QApplication.processEvents()
