"""The outline: computed numbers, add/remove/indent/outdent/move, drag to reorder."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.model.plan import walk_sections
from tests.gui.gui_helpers import editor_page


def _outline(window: Any) -> list[str]:
    plan = window.doc.model
    return [f"{'  ' * (d - 1)}{s.id}" for _, s, d in walk_sections(plan.sections)]


def _select_section(window: Any, path: tuple[Any, ...]) -> Any:
    assert window.editor.select_path((*path, "title"))
    return editor_page(window)


def test_numbers_are_computed_and_follow_the_style(opened: Any) -> None:
    window = opened
    page = _select_section(window, ("sections", 4, "children", 1))
    assert page.number.text() == "（二）预警"  # 公文 numbers by default
    window.doc.set_value(("meta", "numbering"), "decimal")
    assert page.number.text() == "5.2 预警"
    index = window.editor.outline.currentIndex()
    assert index.data() == "5.2 预警"
    window.undo_action.trigger()  # undo shows where it happened: the plan details
    assert editor_page(window) is window.editor.meta_page
    assert index.data() == "（二）预警"


def test_add_child_indent_outdent_move_and_undo_all(opened: Any) -> None:
    window = opened
    editor = window.editor
    before = _outline(window)
    _select_section(window, ("sections", 1))  # 二、应急预案体系
    editor.add_child_action.trigger()
    new = window.doc.model.sections[1].children[0]
    assert editor.section_page.section is new
    assert editor.section_page.number.text() == "（一）新章节"
    assert editor.section_page.title.selectedText() == "新章节"  # ready to type over

    editor.outdent_action.trigger()  # （一） → 三、
    assert window.doc.model.sections[2] is new
    assert editor.section_page.number.text() == "三、新章节"
    editor.up_action.trigger()  # 三、 → 二、
    assert window.doc.model.sections[1] is new
    editor.indent_action.trigger()  # under 一、总则, as its last child
    assert window.doc.model.sections[0].children[-1] is new
    assert editor.section_page.number.text() == "（三）新章节"
    editor.down_action.trigger()  # no next sibling: nothing happens
    assert window.doc.model.sections[0].children[-1] is new
    editor.remove_section_action.trigger()
    assert _outline(window) == before

    while window.doc.undo_stack.canUndo():
        window.undo_action.trigger()
    assert _outline(window) == before
    assert not window.isWindowModified()
    while window.doc.undo_stack.canRedo():
        window.redo_action.trigger()
    assert _outline(window) == before


def test_drag_a_section_into_another(opened: Any) -> None:
    window = opened
    model = window.editor.outline_model
    source = model.index_for_key(("section", id(window.doc.model.sections[1])))
    target = model.index_for_key(("section", id(window.doc.model.sections[5])))
    moved = window.doc.model.sections[1]
    data = model.mimeData([source])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, target)
    # 六、应急保障 became 五、 when 二、 left; the dragged section is now its first child
    assert window.doc.model.sections[4].children[0] is moved
    assert model.number(moved) == "（一）"
    window.undo_action.trigger()
    assert window.doc.model.sections[1] is moved
    assert model.number(moved) == "二、"


def test_drop_between_top_level_sections_and_into_itself(opened: Any) -> None:
    window = opened
    model = window.editor.outline_model
    plan = window.doc.model
    first = plan.sections[0]
    root = model.index_for_key(("sections", "sections"))
    data = model.mimeData([model.index_for_key(("section", id(first)))])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, root)
    assert plan.sections[2] is first
    # a section cannot go into its own child
    data = model.mimeData([model.index_for_key(("section", id(first)))])
    child = model.index_for_key(("section", id(first.children[0])))
    count = window.doc.undo_stack.count()
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, child)
    assert window.doc.undo_stack.count() == count
    # only sections are dragged; parts are not drop targets
    contacts = model.index_for_key(("part", "contacts"))
    assert not model.flags(contacts) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, contacts)


def test_insert_tables_and_element_are_editable(opened: Any) -> None:
    window = opened
    page = _select_section(window, ("sections", 1))
    page.parts["risks"].setChecked(True)
    assert window.doc.model.sections[1].insert == ["risks"]
    index = page.element.findData("A13.2")
    assert index >= 0
    page.element.setCurrentIndex(index)
    page.element.activated.emit(index)
    assert window.doc.model.sections[1].element == "A13.2"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.doc.model.sections[1].insert == []
    assert not page.parts["risks"].isChecked()


def test_add_appendix_from_overview(opened: Any) -> None:
    window = opened
    window.editor.select_key(("appendices", "appendices"))
    assert editor_page(window) is window.editor.appendices_page
    count = len(window.doc.model.appendices)
    window.editor.appendices_page.add_button.click()
    assert len(window.doc.model.appendices) == count + 1
    assert window.editor.section_page.number.text().startswith(f"附件{count + 1}")


def test_overview_lists_numbered_headings(opened: Any) -> None:
    window = opened
    window.editor.select_key(("sections", "sections"))
    text = window.editor.sections_page.toc.toPlainText()
    assert "（一） 适用范围" in text
    assert "七、 应急保障" in text and "（四） 其他保障" in text
