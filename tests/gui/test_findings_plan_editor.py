"""Drill findings in the plan editor: badges in the outline, the list under the element's
editor, overdue ones in the problems dock, closing one with a revision entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.findings import ref_path, sync_journal
from app.model.drill import Finding, FindingStatus
from app.storage.drills import load_drill, save_drill
from app.storage.plans import load_plan
from app.ui import findings as ui_findings
from app.ui.findings import CloseChoice
from app.ui.models.outline import FindingsRole
from app.ui.models.problems import ProblemRole
from tests.drill_docs_sessions import record_sample
from tests.drill_samples import SAMPLE_PLAN
from tests.gui.gui_helpers import wait_checked


@pytest.fixture
def plan_with_findings(tmp_path: Path) -> tuple[Path, Path]:
    """The sample plan next to its drill, played, with the findings carried into the
    drill file; F1 (on a procedure step) is overdue, F2 (on a section) is not dated."""
    drill, journal = record_sample(tmp_path)
    sync_journal(journal)
    return tmp_path / SAMPLE_PLAN.name, drill


def _open(window: Any, path: Path, qtbot: Any) -> Any:
    assert window.open_path(path)
    wait_checked(qtbot, window)
    qtbot.waitUntil(lambda: not window.editor.findings.loading, timeout=5000)
    return window.editor


def _codes(window: Any) -> list[str]:
    model = window.problems_model
    return [model.index(r, 0).data(ProblemRole).code for r in range(model.rowCount())]


def test_outline_badges_and_element_list(window: Any, plan_with_findings, qtbot: Any) -> None:  # type: ignore[no-untyped-def]
    plan_path, _ = plan_with_findings
    editor = _open(window, plan_path, qtbot)
    model = editor.outline_model
    assert editor.findings.count() == 2
    procedures = model.index_for_key(("part", "procedures"))
    assert procedures.data(FindingsRole) == 1
    assert procedures.data(Qt.ItemDataRole.DecorationRole) is not None  # the badge
    assert "F1 抢险救援组关阀超时" in procedures.data(Qt.ItemDataRole.ToolTipRole)
    plan = window.doc.model
    section = window.doc.get(ref_path(plan, "sections/report"))
    report = model.index_for_key(("section", id(section)))
    assert report.data(FindingsRole) == 1
    # the parent section shows no badge for its child's finding: the child has its own
    parent = report.parent()
    assert parent.data(FindingsRole) == 0 and parent.data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index_for_key(("part", "contacts")).data(FindingsRole) == 0

    # selecting the element lists its findings under its editor
    panel = editor.findings_panel
    editor.select_key(("section", id(section)))
    assert panel.isVisible() and panel.list.count() == 1
    assert panel.list.item(0).text().startswith("F2〔一般问题·待整改")
    editor.select_key(("part", "contacts"))
    assert not panel.isVisible()
    editor.select_key(("part", "procedures"))
    assert panel.list.count() == 1 and "F1" in panel.list.item(0).text()
    # 定位 opens the step the finding names
    panel.go_button.click()
    assert editor.current_path() == ("procedures",)
    page = editor.procedures_page
    step = ref_path(plan, "procedures/gen-ii/steps/gen-ii-02")
    assert page.procedures.current_row() == step[1]


def test_badge_follows_its_section_when_it_moves(
    window: Any, plan_with_findings, qtbot: Any
) -> None:  # type: ignore[no-untyped-def]
    plan_path, _ = plan_with_findings
    editor = _open(window, plan_path, qtbot)
    plan = window.doc.model
    path = ref_path(plan, "sections/report")
    section = window.doc.get(path)
    editor.select_key(("section", id(section)))
    editor.outdent()  # the section moves one level up: its path changes
    qtbot.waitUntil(lambda: ref_path(window.doc.model, "sections/report") != path, timeout=2000)
    index = editor.outline_model.index_for_key(("section", id(section)))
    qtbot.waitUntil(lambda: index.data(FindingsRole) == 1, timeout=2000)


def test_overdue_findings_in_the_problems_dock(window: Any, plan_with_findings, qtbot: Any) -> None:  # type: ignore[no-untyped-def]
    plan_path, drill_path = plan_with_findings
    _open(window, plan_path, qtbot)
    # F1 was due 2026-07-31: overdue once that day has passed
    overdue = dt.date.today() > dt.date(2026, 7, 31)
    assert ("finding.overdue" in _codes(window)) == overdue
    # make F2 overdue for sure and let the dock pick it up
    drill = load_drill(drill_path).model
    drill.findings[1].due = dt.date(2020, 1, 1)
    save_drill(drill, drill_path)
    window.recheck()
    wait_checked(qtbot, window)
    rows = [
        window.problems_model.index(r, 0).data(ProblemRole)
        for r in range(window.problems_model.rowCount())
    ]
    f2 = next(p for p in rows if p.code == "finding.overdue" and "F2" in p.message.zh)
    assert f2.path == ref_path(window.doc.model, "sections/report")
    # activating the problem shows the section it is about
    row = rows.index(f2)
    window._problem_activated(window.problems_model.index(row, 1))
    section = window.doc.get(f2.path)
    assert window.editor.current_node().section is section


def _revise_step_of_f1(window: Any, drill_path: Path) -> None:
    """The planner revises the step F1 is about (a revision entry needs a change)."""
    ref = load_drill(drill_path).model.findings[0].ref
    path = ref_path(window.doc.model, ref)
    step = window.doc.get(path)
    window.doc.set_value((*path, "action"), step.action + "（到场后5分钟内关闭紧急切断阀）")


def test_a_finding_does_not_close_into_a_revision_of_an_unchanged_plan(
    window: Any, plan_with_findings, qtbot: Any
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18 item 9: 「修订…第5步」 was recorded while the step's text was unchanged."""
    plan_path, drill_path = plan_with_findings
    _open(window, plan_path, qtbot)
    lf = next(f for f in window.editor.findings.linked.findings if f.finding.id == "F1")
    assert lf.finding.baseline  # recorded when the problem was found
    dialog = ui_findings.CloseFindingDialog(
        window,
        lf,
        "修订",
        "1.0",
        ui_findings.why_not_revised(window.doc.model, lf.finding).text("zh"),
    )
    qtbot.addWidget(dialog)
    assert not dialog.revise.isChecked() and not dialog.revise.isEnabled()
    assert "没有修改" in dialog.unrevised.text()
    before = drill_path.read_bytes()
    history = len(window.doc.model.meta.revision_history)
    with pytest.raises(ui_findings.FindingError):
        ui_findings.close_finding_in_plan(window.doc, lf, CloseChoice(True, "修订", True))
    assert drill_path.read_bytes() == before  # nothing closed, nothing recorded
    assert len(window.doc.model.meta.revision_history) == history
    _revise_step_of_f1(window, drill_path)
    assert ui_findings.why_not_revised(window.doc.model, lf.finding) is None


def test_closing_a_finding_adds_a_revision_entry(
    window: Any, plan_with_findings, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    plan_path, drill_path = plan_with_findings
    editor = _open(window, plan_path, qtbot)
    asked: list[tuple[str, str]] = []

    def fake(parent: Any, lf: Any, summary: str, version: str, plan: Any = None) -> CloseChoice:
        asked.append((lf.finding.id, summary))
        return CloseChoice(True, summary, True)

    monkeypatch.setattr(ui_findings, "ask_close_finding", fake)
    _revise_step_of_f1(window, drill_path)
    version = window.doc.model.meta.version
    history = len(window.doc.model.meta.revision_history)
    editor.select_key(("part", "procedures"))
    panel = editor.findings_panel
    panel.close_button.click()
    assert (
        asked
        and asked[0][0] == "F1"
        and "根据“液氯储罐泄漏事故桌面推演”发现的问题 F1" in asked[0][1]
    )
    # the drill file has it closed at once
    assert load_drill(drill_path).model.findings[0].status is FindingStatus.CLOSED
    # the plan got one undoable revision entry and a new version; it is not saved yet
    meta = window.doc.model.meta
    assert len(meta.revision_history) == history + 1 and meta.version != version
    assert meta.revision_history[-1].summary == asked[0][1]
    assert meta.revision_history[-1].date == dt.date.today()
    assert window.doc.is_modified()
    assert "已关闭" in panel.status.text()
    qtbot.waitUntil(lambda: editor.findings.count() == 1, timeout=5000)
    assert editor.outline_model.index_for_key(("part", "procedures")).data(FindingsRole) == 0
    window.doc.undo_stack.undo()  # one step takes back the entry and the version
    assert len(window.doc.model.meta.revision_history) == history
    assert window.doc.model.meta.version == version
    window.doc.undo_stack.redo()
    assert window.save()
    saved = load_plan(plan_path).model.meta
    assert saved.revision_history[-1].summary == asked[0][1] and saved.version == meta.version


def test_cancel_and_in_progress(
    window: Any, plan_with_findings, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    plan_path, drill_path = plan_with_findings
    editor = _open(window, plan_path, qtbot)
    monkeypatch.setattr(ui_findings, "ask_close_finding", lambda *a: None)
    before = drill_path.read_bytes()
    editor.select_key(("part", "procedures"))
    panel = editor.findings_panel
    panel.close_button.click()
    assert drill_path.read_bytes() == before and not window.doc.is_modified()
    panel.progress_button.click()
    assert load_drill(drill_path).model.findings[0].status is FindingStatus.IN_PROGRESS
    qtbot.waitUntil(lambda: "整改中" in panel.list.item(0).text(), timeout=5000)
    assert not panel.progress_button.isEnabled()


def test_a_broken_drill_file_is_reported_not_fatal(
    window: Any, plan_with_findings, qtbot: Any, fake_dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    plan_path, drill_path = plan_with_findings
    editor = _open(window, plan_path, qtbot)
    monkeypatch.setattr(ui_findings, "ask_close_finding", lambda *a: CloseChoice(True, "x", False))
    _revise_step_of_f1(window, drill_path)
    editor.select_key(("part", "procedures"))
    text = drill_path.read_text(encoding="utf-8").replace("form: tabletop", "form: 沙盘")
    drill_path.write_text(text, encoding="utf-8")
    fake_dialogs.allow("show_error")
    steps = window.doc.undo_stack.count()
    editor.findings_panel.close_button.click()
    errors = fake_dialogs.called("show_error")
    assert errors and "格式错误" in errors[0][1]
    assert window.doc.undo_stack.count() == steps  # the close did not touch the plan
    assert drill_path.read_text(encoding="utf-8") == text


def test_plan_without_drills_has_no_badges(window: Any, tmp_path: Path, qtbot: Any) -> None:
    plan = tmp_path / "孤立.plan.yaml"
    plan.write_bytes(SAMPLE_PLAN.read_bytes())
    (tmp_path / "别的.drill.yaml").write_text("meta: [\n", encoding="utf-8")  # unreadable
    editor = _open(window, plan, qtbot)
    assert editor.findings.count() == 0 and not editor.findings_panel.isVisible()
    assert "finding.drill_unreadable" in _codes(window)


def test_findings_panel_in_english(window: Any, plan_with_findings, qtbot: Any) -> None:  # type: ignore[no-untyped-def]
    plan_path, _ = plan_with_findings
    editor = _open(window, plan_path, qtbot)
    window.en_action.trigger()
    editor.select_key(("part", "procedures"))
    panel = editor.findings_panel
    assert panel.close_button.text() == "Close finding…"
    assert panel.heading.text().startswith("Open findings of drills")
    window.zh_action.trigger()
    assert panel.close_button.text() == "关闭问题…"


def test_seeded_findings_in_the_drill_file_only(window: Any, tmp_path: Path, qtbot: Any) -> None:
    """A finding written by hand into the drill file shows, with no session at all."""
    from tests.drill_samples import copy_sample

    drill_path = copy_sample(tmp_path)
    drill = load_drill(drill_path).model
    drill.findings = [
        Finding(id="F1", text="值班电话已变更", ref="contacts/c-duty", owner="综合办")
    ]
    save_drill(drill, drill_path)
    editor = _open(window, tmp_path / SAMPLE_PLAN.name, qtbot)
    contacts = editor.outline_model.index_for_key(("part", "contacts"))
    assert contacts.data(FindingsRole) == 1
    editor.select_key(("part", "contacts"))
    assert "值班电话已变更" in editor.findings_panel.list.item(0).text()
