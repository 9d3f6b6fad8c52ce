"""Registers behave like a spreadsheet: blocks to and from Excel/WPS, Enter/Tab, fill down,
sort and filter, one undo step per action."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from app.importer.clipboard import parse_html_table, parse_tsv
from tests.gui.gui_helpers import editor_page, flush

COLUMNS = ("name", "role", "title", "org", "org_unit")
GROUPS = ("抢险救援组", "医疗救护组")


def _block() -> list[list[str]]:
    """10 people × 5 columns, as a planner keeps them in Excel (one cell on two lines)."""
    rows = []
    for i in range(10):
        rows.append([f"联系人{i}", f"组员{i}", "班长" if i % 2 else "", f"车间{i}", GROUPS[i % 2]])
    rows[3][3] = "储运部\n罐区班"
    return rows


def _tsv(rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return f'"{text}"' if "\n" in text else text

    return "\r\n".join("\t".join(cell(c) for c in r) for r in rows) + "\r\n"


def _excel_html(rows: list[list[str]]) -> str:
    """What Excel puts on the clipboard as text/html (trimmed, but with its quirks)."""
    body = []
    for r in rows:
        cells = []
        for c in r:
            text = c.replace("\n", "<br style='mso-data-placement:same-cell;' />")
            cells.append(f"  <td class=xl65 style='border-top:none'>{text or '&nbsp;'}</td>\n")
        body.append(" <tr height=19 style='height:14.25pt'>\n" + "".join(cells) + " </tr>\n")
    return (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'>\n<head>\n"
        "<meta name=ProgId content=Excel.Sheet>\n<style>\n.xl65 {mso-number-format:\\@;}\n"
        "</style>\n</head>\n<body link=blue vlink=purple>\n\n"
        "<table border=0 cellpadding=0 cellspacing=0 width=360>\n"
        "<!--StartFragment-->\n" + "".join(body) + "<!--EndFragment-->\n</table>\n"
        "</body>\n</html>\n"
    )


def _contacts(window: Any) -> Any:
    window.editor.select_path(("contacts",))
    page = editor_page(window)
    assert page is window.editor.register_pages["contacts"]
    return page


def _put_on_clipboard(*, text: str | None = None, html: str | None = None) -> None:
    mime = QMimeData()
    if text is not None:
        mime.setText(text)
    if html is not None:
        mime.setHtml(html)
    QGuiApplication.clipboard().setMimeData(mime)


def _check_block(window: Any) -> None:
    contacts = window.doc.model.contacts
    assert len(contacts) == 10  # two rows grew into ten
    for i, person in enumerate(contacts):
        assert person.name == f"联系人{i}"
        assert person.role == f"组员{i}"
        assert person.title == ("班长" if i % 2 else None)
        assert person.org_unit == ("g-rescue", "g-medical")[i % 2]  # names → ids
    assert contacts[3].org == "储运部\n罐区班"
    assert len({c.id for c in contacts}) == 10


def _paste_block(window: Any, qtbot: Any) -> Any:
    page = _contacts(window)
    page.focus_cell(0, "name")
    before = window.doc.undo_stack.count()
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    flush()
    assert window.doc.undo_stack.count() == before + 1  # the whole paste: one step
    return page


def test_paste_a_10x5_block_from_tsv(opened: Any, qtbot: Any) -> None:
    _put_on_clipboard(text=_tsv(_block()))
    _paste_block(opened, qtbot)
    _check_block(opened)


def test_paste_a_10x5_block_from_excel_html_and_undo_it_in_one_step(
    opened: Any, qtbot: Any
) -> None:
    window = opened
    original = [c.model_copy() for c in window.doc.model.contacts]
    # text that disagrees with the table: the HTML table is what counts
    _put_on_clipboard(text="ignored", html=_excel_html(_block()))
    page = _paste_block(window, qtbot)
    _check_block(window)
    assert page.view.selectionModel().selectedIndexes()  # the pasted block is selected

    window.undo_action.trigger()
    assert window.doc.model.contacts == original
    window.redo_action.trigger()
    _check_block(window)


def test_paste_of_a_block_inside_a_cell_editor_fills_the_cells(opened: Any, qtbot: Any) -> None:
    page = _contacts(opened)
    page.focus_cell(0, "name")
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    _put_on_clipboard(text="甲\t乙\n丙\t丁\n")
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    flush()
    contacts = opened.doc.model.contacts
    assert (contacts[0].name, contacts[0].role) == ("甲", "乙")
    assert (contacts[1].name, contacts[1].role) == ("丙", "丁")


def test_copy_a_selection_as_tsv_and_html(opened: Any, qtbot: Any) -> None:
    window = opened
    window.doc.set_value(("contacts", 0, "org_unit"), "g-rescue")
    page = _contacts(window)
    view = page.view
    top = page.view_index(0, page.model.column_of("name"))
    bottom = page.view_index(1, page.model.column_of("title"))
    view.setCurrentIndex(top)
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    view.selectionModel().select(
        QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QGuiApplication.clipboard().mimeData()
    expected = [["值班室", "24小时值班", ""], ["消防救援", "", ""]]
    assert parse_tsv(mime.text()) == expected
    assert parse_html_table(mime.html()) == expected

    # a reference copies as its name, and pastes back as the id
    column = page.model.column_of("org_unit")
    view.setCurrentIndex(page.view_index(0, column))
    view.selectionModel().select(
        view.currentIndex(), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    page.copy()
    assert QGuiApplication.clipboard().text().strip() == "抢险救援组"
    view.setCurrentIndex(page.view_index(1, column))
    page.paste()
    assert window.doc.model.contacts[1].org_unit == "g-rescue"


def _target(page: Any) -> Any:
    """Where keys go: the open cell editor, else the table (no window focus offscreen)."""
    editor = page.view.indexWidget(page.view.currentIndex())
    return editor if editor is not None else page.view


def _type(qtbot: Any, page: Any, text: str, end: Qt.Key) -> None:
    qtbot.keyClicks(page.view, text[0])  # any key starts editing, as in Excel
    qtbot.keyClicks(_target(page), text[1:])  # QTest types ASCII only
    qtbot.keyClick(_target(page), end)
    flush()


def test_enter_commits_and_moves_down_tab_moves_right(opened: Any, qtbot: Any) -> None:
    window = opened
    page = _contacts(window)
    page.focus_cell(0, "name")
    _type(qtbot, page, "Wang Qiang", Qt.Key.Key_Return)
    _type(qtbot, page, "Zhao Lei", Qt.Key.Key_Return)
    names = [c.name for c in window.doc.model.contacts]
    assert names == ["Wang Qiang", "Zhao Lei"]
    assert page.view.currentIndex().row() == 1  # stays on the last row
    assert page.view.state() != page.view.State.EditingState

    page.focus_cell(0, "name")
    _type(qtbot, page, "Jia", Qt.Key.Key_Tab)
    _type(qtbot, page, "Yi", Qt.Key.Key_Tab)
    first = window.doc.model.contacts[0]
    assert (first.name, first.role) == ("Jia", "Yi")
    current = page.view.currentIndex()
    assert page.model.columns[current.column()].name == "title"
    assert page.view.state() != page.view.State.EditingState


def test_fill_down_is_one_step(opened: Any, qtbot: Any) -> None:
    window = opened
    page = _contacts(window)
    _put_on_clipboard(text="\n".join(f"人{i}" for i in range(5)) + "\n")
    page.focus_cell(0, "name")
    page.paste()
    window.doc.set_value(("contacts", 0, "org"), "储运部")
    column = page.model.column_of("org")
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    top, bottom = page.view_index(0, column), page.view_index(4, column)
    page.view.setCurrentIndex(top)
    page.view.selectionModel().select(
        QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    before = window.doc.undo_stack.count()
    qtbot.keyClick(page.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [c.org for c in window.doc.model.contacts] == ["储运部"] * 5
    assert window.doc.undo_stack.count() == before + 1


def test_sort_by_header_and_filter_keep_the_plan_order(opened: Any, qtbot: Any) -> None:
    window = opened
    page = _contacts(window)
    names = ["张三", "李四", "王五", "赵六", "阿七"]
    _put_on_clipboard(text="\n".join(names) + "\n")
    page.focus_cell(0, "name")
    page.paste()
    column = page.model.column_of("name")
    header = page.view.horizontalHeader()

    def shown() -> list[str]:
        return [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]

    assert shown() == names  # nothing sorted before a click
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + _section_center(header, column),
    )
    assert shown() == ["阿七", "李四", "王五", "张三", "赵六"]  # pinyin order
    assert [c.name for c in window.doc.model.contacts] == names  # the plan is untouched
    assert not page.up_action.isEnabled()  # moving rows makes no sense in a sorted view

    page.clear_sort()
    page.filter_edit.setText("王")
    assert shown() == ["王五"]
    # editing the filtered row edits the right contact
    page.view.setCurrentIndex(page.proxy.index(0, page.model.column_of("role")))
    page.paste_grid([["仓库保管员"]])
    assert window.doc.model.contacts[2].role == "仓库保管员"
    page.filter_edit.clear()
    assert shown() == names


def _section_center(header: Any, column: int) -> Any:
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


def test_context_menu_offers_the_sheet_actions(opened: Any) -> None:
    page = _contacts(opened)
    page.focus_cell(0, "name")
    menu = page.build_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    for wanted in ("复制", "粘贴", "在上方插入行", "在下方插入行", "删除所选行", "向下填充"):
        assert wanted in texts


def test_ids_are_hidden_unless_asked_for(opened: Any) -> None:
    page = _contacts(opened)
    column = page.model.column_of("id")
    assert page.view.isColumnHidden(column)
    page.show_ids.setChecked(True)
    assert not page.view.isColumnHidden(column)
    page.show_ids.setChecked(False)
    assert page.view.isColumnHidden(column)


def _org(window: Any) -> Any:
    window.editor.select_path(("organization",))
    return editor_page(window)


def test_renaming_an_id_carries_through_every_reference(opened: Any) -> None:
    window = opened
    window.doc.set_value(("contacts", 0, "org_unit"), "g-rescue")
    window.doc.undo_stack.setClean()
    org = _org(window)
    org.show_ids.setChecked(True)
    row = org.model.row_of(("organization", "groups", 0))
    index = org.model.index(row, org.model.column_of("id"))
    count = window.doc.undo_stack.count()
    assert org.model.setData(index, "g-tank")
    plan = window.doc.model
    assert plan.organization.groups[0].id == "g-tank"
    assert plan.procedures[0].steps[1].actor == "g-tank"  # the step follows
    assert plan.contacts[0].org_unit == "g-tank"  # so does the contact
    assert window.doc.undo_stack.count() == count + 1  # one step
    # a taken id is refused, nothing changes
    assert not org.model.setData(index, "hq")
    assert plan.organization.groups[0].id == "g-tank"

    window.undo_action.trigger()
    assert plan.organization.groups[0].id == "g-rescue"
    assert plan.procedures[0].steps[1].actor == "g-rescue"
    assert plan.contacts[0].org_unit == "g-rescue"
    org.show_ids.setChecked(False)


def test_deleting_a_group_in_use_names_the_users_and_asks(opened: Any, fake_dialogs: Any) -> None:
    window = opened
    org = _org(window)
    org.focus_cell(org.model.row_of(("organization", "groups", 0)), "name")
    fake_dialogs.answer("ask_delete_in_use", False)
    org.remove_action.trigger()
    ((uses,),) = fake_dialogs.called("ask_delete_in_use")
    assert uses == [("抢险救援组", ["处置程序 1 › 处置步骤 2 › 执行机构"])]
    assert [g.id for g in window.doc.model.organization.groups] == ["g-rescue", "g-medical"]

    fake_dialogs.answer("ask_delete_in_use", True)
    org.remove_action.trigger()
    assert [g.id for g in window.doc.model.organization.groups] == ["g-medical"]

    # a contact nobody names goes without a question
    contacts = _contacts(window)
    contacts.focus_cell(1, "name")
    contacts.remove_action.trigger()
    assert len(fake_dialogs.called("ask_delete_in_use")) == 2
    assert [c.id for c in window.doc.model.contacts] == ["c-duty"]


def test_edit_menu_copies_and_pastes_the_focused_table(opened: Any) -> None:
    from PySide6.QtCore import QItemSelectionModel

    window = opened
    texts = [a.text().split("\t")[0] for a in window.edit_menu.actions()]
    assert {"剪切(&T)", "复制(&C)", "粘贴(&P)"} <= set(texts)
    page = _contacts(window)
    page.focus_cell(0, "name")
    page.view.selectionModel().select(
        page.view.currentIndex(), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    page.view.setFocus()
    if QApplication.focusWidget() is not page.view:  # offscreen: no window focus
        from app.ui.editors.table import clipboard_target

        assert clipboard_target(page.view) is page
        page.copy()
    else:
        window.copy_action.trigger()
    assert QGuiApplication.clipboard().text().strip() == "值班室"


def test_problems_dock_says_where_in_the_plan_not_the_line(opened: Any, qtbot: Any) -> None:
    from app.ui.models.problems import COL_LINE, COL_WHERE

    window = opened
    window.doc.set_value(("procedures", 0, "steps", 2, "actor"), "nobody")
    qtbot.waitUntil(
        lambda: any(p.code == "ref.missing" for p in window.problems_model._problems),
        timeout=5000,
    )
    assert window.problems_view.isColumnHidden(COL_LINE)
    row = [p.code for p in window.problems_model._problems].index("ref.missing")
    where = window.problems_model.index(row, COL_WHERE).data()
    assert where == "处置程序 1 › 处置步骤 3 › 执行机构"


def test_reference_picker_finds_by_part_of_the_name(opened: Any, qtbot: Any) -> None:
    from app.ui.editors.delegates import RefCombo

    window = opened
    window.editor.select_path(("procedures", 0))
    steps = editor_page(window).steps
    index = steps.model.index(0, steps.model.column_of("actor"))
    steps.view.edit(index)
    combo = steps.view.viewport().findChild(RefCombo)
    assert combo is not None and combo.isEditable()
    assert combo.completer().filterMode() == Qt.MatchFlag.MatchContains
    combo.lineEdit().setText("医疗")  # part of 医疗救护组, typed by an input method
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    flush()
    assert window.doc.model.procedures[0].steps[0].actor == "g-medical"
    assert steps.view.currentIndex().row() == 1  # and Enter went down a row


def test_long_text_wraps_in_taller_rows(opened: Any, qtbot: Any) -> None:
    window = opened
    page = _contacts(window)
    height = page.view.rowHeight(0)
    window.doc.set_value(
        ("contacts", 0, "note"), "夜间及节假日由生产调度中心值班长代为接警并记录，" * 4
    )
    flush()
    assert page.view.rowHeight(0) > height
    note = page.model.index(0, page.model.column_of("note"))
    assert "值班长" in note.data(Qt.ItemDataRole.ToolTipRole)


def test_leaving_an_edit_for_another_row_stays_there(opened: Any, qtbot: Any) -> None:
    window = opened
    page = _contacts(window)
    page.focus_cell(0, "role")
    qtbot.keyClicks(page.view, "X")
    assert page.view.state() == page.view.State.EditingState
    page.view.setCurrentIndex(page.view_index(1, page.model.column_of("name")))
    flush()
    assert window.doc.model.contacts[0].role == "X"
    assert page.view.currentIndex().row() == 1  # not one further down


def test_going_to_an_id_shows_the_ids(opened: Any) -> None:
    from app.ui.editors.delegates import id_toggle

    page = _contacts(opened)
    column = page.model.column_of("id")
    assert page.view.isColumnHidden(column)
    try:
        assert page.focus_cell(1, "id")  # e.g. clicking a 编号重复 problem
        assert not page.view.isColumnHidden(column)
        assert page.view.currentIndex().column() == column
    finally:
        id_toggle().set(False)


def test_picking_several_contacts_by_searching(opened: Any, qtbot: Any) -> None:
    from app.ui.editors.delegates import RefsPicker

    window = opened
    window.editor.select_path(("procedures", 0))
    steps = editor_page(window).steps
    index = steps.model.index(1, steps.model.column_of("contacts"))
    steps.view.setCurrentIndex(index)
    steps.view.edit(index)
    picker = steps.view.viewport().findChild(RefsPicker)
    assert picker is not None
    picker.search.setText("消防")
    shown = [picker.list.item(i) for i in range(picker.list.count())]
    visible = [i.text() for i in shown if not i.isHidden()]
    assert visible == ["消防救援"]  # names only, narrowed by the search
    next(i for i in shown if not i.isHidden()).setCheckState(Qt.CheckState.Checked)
    steps.view.setCurrentIndex(steps.model.index(2, 0))  # leaving the cell commits
    flush()
    assert window.doc.model.procedures[0].steps[1].contacts == ["c-119"]


def test_paste_into_an_empty_register_adds_the_rows(opened: Any) -> None:
    window = opened
    assert window.doc.model.experts == []
    window.editor.select_path(("experts",))
    page = editor_page(window)
    _put_on_clipboard(text="李明\t化工工艺\n周红\t环境监测\n")
    page.paste()
    experts = window.doc.model.experts
    assert [e.name for e in experts] == ["李明", "周红"]
    assert len({e.id for e in experts}) == 2 and all(e.id for e in experts)
    window.undo_action.trigger()
    assert window.doc.model.experts == []
