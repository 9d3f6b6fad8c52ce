"""The drill planner: drill files in the main window, edited with undo, their pickers
fed by the linked plan, the time line, drill templates, and problems located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.model.drill import Drill
from app.storage.drills import load_drill
from app.storage.templates import TemplateDoc, list_templates, render_drill
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill.names import step_choices
from app.ui.drill.planner import DrillEditor, DrillTableModel
from app.ui.drill.timeline import Kind, planned_items
from app.ui.models.tables import RawRole
from app.ui.template_wizard import TemplateWizard
from tests.gui.drill_support import SCRIPTED, SCRIPTLESS, copy_samples
from tests.gui.gui_helpers import wait_checked


@pytest.fixture
def drill_window(window: Any, tmp_path: Path, qtbot: Any) -> Any:
    copy_samples(tmp_path)
    assert window.open_path(tmp_path / SCRIPTED)
    wait_checked(qtbot, window)
    editor = window.editor
    qtbot.waitUntil(lambda: editor.linked.plan is not None)
    return window


def _cell(model: Any, row: int, name: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.index(row, model.column_of(name)).data(role)


def test_a_drill_file_opens_in_the_planner_without_problems(drill_window: Any) -> None:
    window = drill_window
    editor = window.editor
    assert isinstance(editor, DrillEditor)
    assert window.kind_label.text().startswith("演练")
    assert window.doc.problems == []
    pages = [editor.nav.item(i).text() for i in range(editor.nav.count())]
    assert pages == ["基本信息", "参演人员", "演练脚本", "情景卡库", "评估", "发现的问题"]
    assert "已关联" in editor.meta_page.plan_status.text()
    assert editor.meta_page.level.currentData() == "II"


def test_editing_is_undoable_and_saved(drill_window: Any, qtbot: Any) -> None:
    window = drill_window
    editor = window.editor
    title = editor.meta_page.main_form.widgets["title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Drill 2026")
    assert window.doc.model.meta.title == "Drill 2026"
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert window.doc.model.meta.title == "液氯储罐泄漏事故桌面推演"
    window.redo_action.trigger()
    editor.meta_page.blind.click()
    assert window.doc.model.meta.blind
    assert window.save()
    saved = load_drill(window.doc.path).model
    assert saved.meta.title == "Drill 2026" and saved.meta.blind
    assert not window.isWindowModified()


def test_the_script_time_line_estimates_and_selects(drill_window: Any, qtbot: Any) -> None:
    editor = drill_window.editor
    page = editor.show_page("script")
    items = {i.id: i for i in planned_items(drill_window.doc.model)}
    assert items["i1"].at_s == 0 and items["i1"].kind is Kind.TIMED
    assert items["i3"].at_s == 13 * 60 and items["i3"].kind is Kind.TRIGGERED  # i2 at 8, +5
    assert items["i1b"].at_s == 3 * 60 and items["i1b"].kind is Kind.CONDITIONAL  # a branch
    timeline = page.timeline
    timeline.resize(1000, timeline.height())
    timeline.repaint()  # lays out the markers
    box = next(b for b, item in timeline._boxes if item.id == "i3")
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    assert page.current == 3  # i3 is the fourth row of the script
    assert page.detail.text.toPlainText().startswith("抢险人员已将巡检工抬出罐区")
    assert timeline.selected == "i3"


def test_expected_actions_come_from_the_plans_steps(
    drill_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = drill_window.editor
    page = editor.show_page("script")
    page.select_id("i4")
    detail = page.detail
    expected: DrillTableModel = detail.expected.model
    assert expected.rowCount() == 1
    offered: list[Any] = []

    def pick(parent: Any, plan: Any, current: list[str]) -> list[str]:
        offered.extend(c.label for c in step_choices(plan))
        return ["gen-report-03", "gen-report-05"]

    monkeypatch.setattr(drill_dialogs, "pick_steps", pick)
    detail.from_steps.click()
    # pickers show "procedure › step: actor action"
    assert (
        "接警与先期处置（各级响应通用） › gen-report-04：应急救援指挥部 总指挥（或代行者）研判事态，确定响应级别并宣布启动"
        in offered
    )
    assert expected.rowCount() == 3
    assert _cell(expected, 1, "text").startswith("生产调度中心核实情况")
    assert _cell(expected, 1, "by") == "应急指挥部办公室"
    assert _cell(expected, 1, "steps").startswith(
        "接警与先期处置（各级响应通用） › gen-report-03："
    )
    assert _cell(expected, 1, "within_min") == "5"
    ids = [ea.id for _, ea in drill_window.doc.model.expected_actions()]
    assert len(ids) == len(set(ids))  # new ids unique across the whole drill
    drill_window.undo_action.trigger()  # one step for the lot
    assert expected.rowCount() == 1


def test_participants_play_plan_units_shown_by_name(drill_window: Any) -> None:
    page = drill_window.editor.show_page("participants")
    model = page.table.model
    assert _cell(model, 5, "plays") == "抢险救援组"
    assert _cell(model, 5, "plays", RawRole) == "g-rescue"
    index = model.index(5, model.column_of("plays"))
    assert model.setData(index, "g-medical")
    assert _cell(model, 5, "plays") == "医疗救护组"
    drill_window.undo_action.trigger()
    assert _cell(model, 5, "plays") == "抢险救援组"


def test_key_criteria_are_check_boxes(drill_window: Any) -> None:
    page = drill_window.editor.show_page("evaluation")
    model = page.criteria.model
    col = model.column_of("key")
    index = model.index(0, col)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert drill_window.doc.model.evaluation.criteria[0].key is True
    drill_window.undo_action.trigger()
    assert drill_window.doc.model.evaluation.criteria[0].key is False


def test_a_findings_plan_element_is_picked_in_the_engines_format(
    drill_window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = drill_window.editor.show_page("findings")
    page.table.add_row()
    model = page.table.model
    monkeypatch.setattr(
        drill_dialogs,
        "pick_plan_ref",
        lambda parent, plan, current: "procedures/gen-ii/steps/gen-ii-02",
    )
    index = model.index(0, model.column_of("ref"))
    page.table.view.setCurrentIndex(index)
    page.table.view.edit(index)
    qtbot.waitUntil(lambda: drill_window.doc.model.findings[0].ref is not None)
    assert drill_window.doc.model.findings[0].ref == "procedures/gen-ii/steps/gen-ii-02"
    # shown as everywhere else in the app: the procedure and the step's number and action
    assert index.data().startswith("处置程序“公司级（Ⅱ级）应急响应”第2步（")


def test_a_problem_takes_you_to_the_inject(drill_window: Any, qtbot: Any) -> None:
    window = drill_window
    window.doc.set_value(("script", 3, "trigger", "after"), "nowhere")
    window.doc.check_now()
    wait_checked(qtbot, window)
    problem = next(p for p in window.doc.problems if p.path[:2] == ("script", 3))
    row = window.doc.problems.index(problem)
    window.problems_view.setCurrentIndex(window.problems_model.index(row, 1))
    window._problem_activated(window.problems_model.index(row, 1))
    editor = window.editor
    assert editor.pages.currentWidget() is editor.script_page
    assert editor.script_page.current == 3


def test_the_template_wizard_offers_drill_templates(qtbot: Any) -> None:
    from app.storage.templates import scan_templates

    templates, _ = scan_templates(doc=None)
    wizard = TemplateWizard(templates)
    qtbot.addWidget(wizard)
    texts = [wizard.choose.list.item(i).text() for i in range(wizard.choose.list.count())]
    drills = list_templates(doc=TemplateDoc.DRILL)
    assert drills and all(any(d.title.zh in t for t in texts) for d in drills)
    assert any("有脚本演练" in t for t in texts) and any("无脚本演练" in t for t in texts)
    row = next(i for i, t in enumerate(texts) if "液氯钢瓶泄漏事故桌面推演" in t)
    wizard.choose.list.setCurrentRow(row)
    wizard.next()
    assert wizard.values_page.validatePage()
    assert isinstance(wizard.plan, Drill)
    assert wizard.plan == render_drill("hazchem-leak-tabletop", {})


def test_new_from_a_drill_template_opens_the_planner(window: Any, fake_dialogs: Any) -> None:
    drill = render_drill("hazchem-scriptless", {})
    fake_dialogs.answer("new_from_template", drill)
    window.template_action.trigger()
    assert isinstance(window.editor, DrillEditor)
    assert window.doc.model == drill
    assert window.isWindowModified()


def test_planner_models_pass_the_model_tester(drill_window: Any, qtmodeltester: Any) -> None:
    page = drill_window.editor.show_page("script")
    qtmodeltester.check(page.table.model, force_py=True)
    page.table.add_row()
    drill_window.undo_action.trigger()


def test_scriptless_library_page(window: Any, tmp_path: Path, qtbot: Any) -> None:
    copy_samples(tmp_path)
    assert window.open_path(tmp_path / SCRIPTLESS)
    page = window.editor.show_page("library")
    model = page.table.model
    assert model.rowCount() == len(window.doc.model.library) == 21
    assert _cell(model, 0, "severity") == "重大"
    page.table.focus_cell(7, "title")
    assert page.current == 7
    pre = page.detail.preconditions
    assert pre is not None and pre.model.rowCount() == len(
        window.doc.model.library[7].preconditions
    )


def test_find_in_a_drill_jumps_to_the_inject(drill_window: Any, qtbot: Any) -> None:
    window = drill_window
    window.find_action.trigger()
    window.find_bar.field.setText("呼吸困难")
    window.find_bar.find_next()
    editor = window.editor
    assert editor.pages.currentWidget() is editor.script_page
    assert editor.script_page.current == 3  # i3's text
    assert "呼吸困难" in editor.script_page.detail.text.toPlainText()
