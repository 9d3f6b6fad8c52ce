"""The problems dock follows edits; clicking a problem shows the node and field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.ui.models.problems import COL_MESSAGE, ProblemRole
from tests.gui.gui_helpers import editor_page, wait_checked


def _codes(window: Any) -> list[str]:
    model = window.problems_model
    return [model.index(r, 0).data(ProblemRole).code for r in range(model.rowCount())]


def _row_of(window: Any, code: str) -> int:
    return _codes(window).index(code)


def test_step_with_picked_actor_then_deleting_the_group_is_a_problem(
    opened: Any, qtbot: Any, fake_dialogs: Any
) -> None:
    window = opened
    assert "ref.missing" not in _codes(window)
    window.editor.select_path(("procedures", 0))
    page = editor_page(window)
    steps = page.steps
    steps.focus_cell(2, "action")
    steps.add_action.trigger()
    assert len(window.doc.model.procedures[0].steps) == 4
    new_row = 3

    # the actor picker offers the organisation by name, never free text
    index = steps.model.index(new_row, steps.model.column_of("actor"))
    steps.view.edit(index)
    combo = steps.view.viewport().findChild(QComboBox)
    assert combo is not None
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert "医疗救护组" in offered  # names; ids only when asked for (显示编号)
    combo.setCurrentIndex(combo.findData("g-medical"))
    combo.activated.emit(combo.currentIndex())
    assert window.doc.model.procedures[0].steps[3].actor == "g-medical"
    assert index.data() == "医疗救护组"

    # delete that working group in the organisation table
    window.editor.select_path(("organization", "groups", 1))
    org = editor_page(window)
    assert org.model.item(org.current_row()).id == "g-medical"
    fake_dialogs.answer("ask_delete_in_use", True)  # the group is in use: asked, and yes
    org.remove_action.trigger()
    ((uses,),) = fake_dialogs.called("ask_delete_in_use")
    assert uses[0][0] == "医疗救护组"
    assert [g.id for g in window.doc.model.organization.groups] == ["g-rescue"]

    qtbot.waitUntil(lambda: _codes(window).count("ref.missing") == 2, timeout=5000)
    # the dangling reference shows as such in the steps table
    window.editor.select_path(("procedures", 0, "steps", 3, "actor"))
    assert index.data() == "⚠ g-medical"
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    # the status bar counts follow
    assert "错误 2" in window.counts_label.text()

    window.undo_action.trigger()  # the group is back, so is peace
    qtbot.waitUntil(lambda: "ref.missing" not in _codes(window), timeout=5000)


def test_clicking_a_problem_selects_node_and_field(opened: Any, qtbot: Any) -> None:
    window = opened
    window.doc.set_value(("procedures", 0, "steps", 2, "actor"), "nobody")
    qtbot.waitUntil(lambda: "ref.missing" in _codes(window), timeout=5000)
    window.editor.select_path(("meta",))
    row = _row_of(window, "ref.missing")
    problem = window.problems_model.problem(row)
    assert problem.path == ("procedures", 0, "steps", 2, "actor")
    index = window.problems_model.index(row, COL_MESSAGE)
    rect = window.problems_view.visualRect(index)
    qtbot.mouseClick(window.problems_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    node = window.editor.current_node()
    assert node.kind == "part" and node.name == "procedures"
    page = editor_page(window)
    current = page.steps.view.currentIndex()
    assert (current.row(), page.steps.model.columns[current.column()].name) == (2, "actor")
    assert "位置" not in window.statusBar().currentMessage()


def test_problem_in_section_text_selects_the_section(opened: Any, qtbot: Any) -> None:
    window = opened
    window.doc.set_value(("sections", 0, "children", 0, "body"), "本预案适用于XXX公司。")
    qtbot.waitUntil(lambda: "content.placeholder" in _codes(window), timeout=5000)
    row = _row_of(window, "content.placeholder")
    window.problems_view.activated.emit(window.problems_model.index(row, 0))
    page = editor_page(window)
    assert page is window.editor.section_page
    assert page.section is window.doc.model.sections[0].children[0]
    assert page.number.text() == "（一）适用范围"


def test_problem_locations_are_readable(opened: Any, qtbot: Any) -> None:
    window = opened
    window.doc.set_value(("procedures", 0, "steps", 2, "actor"), "nobody")
    qtbot.waitUntil(lambda: "ref.missing" in _codes(window), timeout=5000)
    row = _row_of(window, "ref.missing")
    where = window.problems_model.index(row, 2).data()
    assert where == "处置程序 1 › 处置步骤 3 › 执行机构"


def test_f5_rechecks_and_f8_walks_problems(opened: Any, qtbot: Any) -> None:
    window = opened
    window.recheck_action.trigger()
    wait_checked(qtbot, window)
    assert window.problems_model.rowCount() > 0
    window.next_problem_action.trigger()
    assert window.problems_view.currentIndex().row() == 0


def test_checks_are_debounced_not_run_per_keystroke(opened: Any, qtbot: Any) -> None:
    window = opened
    doc = window.doc
    runs = []
    original = doc.check_now

    def counting() -> None:
        runs.append(1)
        original()

    doc._check_timer.timeout.disconnect()
    doc._check_timer.timeout.connect(counting)
    for n in range(20):
        doc.set_value(("sections", 1, "body"), f"第 {n} 版", merge=True)
    assert runs == []  # typing never waits on checks
    qtbot.waitUntil(lambda: len(runs) == 1, timeout=3000)
    wait_checked(qtbot, window)
