"""The evaluator's half of the console (issue 18): marks by choice and by score reach the
journal, entries keep the inject and team the user chose, and entries are corrected by
new journal entries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.drill import FakeTime
from app.model.drill import MarkLevel
from app.storage.drills import save_drill
from app.storage.journal import read_journal
from app.storage.templates import TemplateDoc, find_template, render_drill, render_template_text
from app.ui.drill import dialogs as drill_dialogs
from tests.gui.drill_support import (
    SCRIPTLESS,
    copy_samples,
    elapse,
    enter,
    idle,
    key,
    open_console,
    type_text,
)

LEAK = "hazchem-leak-tabletop"
MIN = 60.0


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def starter_drill(folder: Path, template_id: str = LEAK) -> Path:
    """The starter drill and the plan it exercises, side by side, as ``new`` writes them."""
    drill = render_drill(template_id, {}, use_examples=True)
    info = find_template(template_id, doc=TemplateDoc.DRILL)
    assert drill.meta.plan and info.plan_template
    plan_text = render_template_text(info.plan_template, {}, use_examples=True)
    (folder / drill.meta.plan).write_text(plan_text, encoding="utf-8")
    path = folder / f"{template_id}.drill.yaml"
    save_drill(drill, path, backup=False)
    return path


def marks_in_journal(console: Any) -> list[dict[str, Any]]:
    return [
        dict(e.data) for e in read_journal(console.snapshot.journal).entries if e.type == "mark"
    ]


def test_choice_criteria_show_their_choices_and_a_choice_mark_reaches_the_journal(
    qtbot: Any, tmp_path: Path, time: FakeTime
) -> None:
    console = open_console(qtbot, starter_drill(tmp_path), time, presenter=False)
    key(qtbot, console, "F5")
    key(qtbot, console, "F3")
    # method: choice → the bar offers the three levels, not a 0–100 box
    assert not console.level.isHidden() and console.score.isHidden()
    assert [console.level.itemText(i) for i in range(console.level.count())] == [
        "达到",
        "部分达到",
        "未达到",
    ]
    key(qtbot, console, "Return")  # from the list into the levels
    assert console.level.hasFocus()
    console.mark_bar.set_level(MarkLevel.PARTLY)
    enter(qtbot, console)  # 评分
    idle(qtbot, console)
    marks = marks_in_journal(console)
    assert [(m["criterion"], m["level"]) for m in marks] == [("c-report", "partly")]
    assert console.snapshot.marks["c-report"].level is MarkLevel.PARTLY
    # the next criterion is selected: 评分 by the button this time
    console.mark_bar.set_level(MarkLevel.ACHIEVED)
    console.mark_button.click()
    idle(qtbot, console)
    assert [m["level"] for m in marks_in_journal(console)] == ["partly", "achieved"]
    assert console.criteria_model.mark_text(console.criteria_model.rows[0]).startswith("部分达到")


def test_a_score_mark_reaches_the_journal(qtbot: Any, tmp_path: Path, time: FakeTime) -> None:
    path = copy_samples(tmp_path) / SCRIPTLESS
    console = open_console(qtbot, path, time, presenter=False)
    key(qtbot, console, "F5")
    key(qtbot, console, "F3")
    assert console.level.isHidden() and not console.score.isHidden()
    key(qtbot, console, "Return")
    for _ in range(4):
        key(qtbot, console, "Backspace")
    type_text(qtbot, console, "65")
    enter(qtbot, console)
    first = console.snapshot.drill.evaluation.criteria[0].id
    assert [(m["criterion"], m["score"]) for m in marks_in_journal(console)] == [(first, 65.0)]


def test_a_criterion_is_left_out_only_with_a_reason(
    qtbot: Any, tmp_path: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = open_console(qtbot, starter_drill(tmp_path), time, presenter=False)
    key(qtbot, console, "F5")
    key(qtbot, console, "F3")
    monkeypatch.setattr(drill_dialogs, "ask_skip_reason", lambda *_: None)
    console.mark_bar.skip_button.click()  # cancelled: nothing recorded
    idle(qtbot, console)
    assert marks_in_journal(console) == []
    monkeypatch.setattr(drill_dialogs, "ask_skip_reason", lambda *_: "本次推演未涉及")
    console.mark_bar.skip_button.click()
    idle(qtbot, console)
    assert marks_in_journal(console)[0]["skip"] == "本次推演未涉及"
    assert console.snapshot.evaluation.skipped == 1
    assert "未完成评估" in console.evaluation_summary.text()


def _actions(console: Any) -> list[dict[str, Any]]:
    return [
        dict(e.data) for e in read_journal(console.snapshot.journal).entries if e.type == "action"
    ]


def test_an_entry_stays_filed_under_the_inject_the_user_chose(
    qtbot: Any, tmp_path: Path, time: FakeTime
) -> None:
    console = open_console(qtbot, starter_drill(tmp_path), time, presenter=False)
    key(qtbot, console, "F5")  # i01 (T+0) is in play and selected
    elapse(qtbot, console, time, 30)
    assert console.selected_id == "i01"
    elapse(qtbot, console, time, 12 * MIN)  # i02, i03 and i05 (人员中毒) arrive meanwhile
    assert console.snapshot.inject("i05").delivered
    assert console.selected_id == "i01"  # the selection did not jump
    assert "i01" in console.entry_target.text() and "i05" in console.entry_target.text()
    key(qtbot, console, "Ctrl+L")
    type_text(qtbot, console, "调度已通知安全环保部")
    enter(qtbot, console)
    assert _actions(console)[-1]["inject"] == "i01"
    # following new injects is the user's choice
    key(qtbot, console, "Ctrl+Shift+F")
    assert console.selected_id == "i05"
    elapse(qtbot, console, time, 3 * MIN)  # i06 at T+15
    assert console.selected_id == "i06"


def test_the_expected_actions_owner_wins_over_the_sticky_team_button(
    qtbot: Any, tmp_path: Path, time: FakeTime
) -> None:
    console = open_console(qtbot, starter_drill(tmp_path), time, presenter=False)
    key(qtbot, console, "F5")
    elapse(qtbot, console, time, 7 * MIN)  # i03 (T+6) delivered
    dispatch = console.who_keys.index("p-dispatch")
    key(qtbot, console, f"Alt+{dispatch + 1}")  # 生产调度中心 stays chosen…
    assert console.current_who() == "p-dispatch"
    console.select_inject("i03")
    key(qtbot, console, "Ctrl+1")  # …but e03a belongs to 车间应急处置组 (the workshop)
    last = _actions(console)[-1]
    assert last["fulfils"] == ["e03a"] and last["who"] == "p-workshop"
    assert last["inject"] == "i03"
    metrics = console.runner.session.metrics()
    teams = {t.key: t for t in metrics.by_team}
    assert teams["workshop"].fulfilled == 1 and teams["dispatch"].actions == 0
    # the button still counts where it names the owner: e01 is the dispatch centre's
    console.select_inject("i01")
    key(qtbot, console, "Ctrl+1")
    assert _actions(console)[-1]["who"] == "p-dispatch"


def test_a_misfiled_entry_is_corrected_from_the_log_and_the_correction_survives_a_reopen(
    qtbot: Any, tmp_path: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.drill import DrillSession
    from app.ui.drill.models import LogState

    console = open_console(qtbot, starter_drill(tmp_path), time, presenter=False)
    key(qtbot, console, "F5")
    for _ in range(25):  # to T+12:30, delivering as the minutes pass
        elapse(qtbot, console, time, 30)
    key(qtbot, console, "Ctrl+0")  # the coordinator looks at i05…
    assert console.selected_id == "i05"
    key(qtbot, console, "Ctrl+L")
    type_text(qtbot, console, "调度通知气防队到场监护")  # …but this belongs to i01, at T+2
    enter(qtbot, console)
    action = _actions(console)[-1]
    assert action["inject"] == "i05"
    key(qtbot, console, "F2")
    row = console.log_model.row_of(max(r.key for r in console.log_model.rows))
    console.log_view.setCurrentIndex(console.log_model.index(row, 0))
    seen: dict[str, Any] = {}

    def answer(parent: Any, draft: Any, retract: bool) -> Any:
        seen["draft"], seen["retract"] = draft, retract
        dialog = drill_dialogs.CorrectionDialog(draft, retract, parent)
        assert not dialog.ok.isEnabled()  # no reason, no correction
        dialog.inject.setCurrentIndex(dialog.inject.findData("i01"))
        dialog.backdate.setChecked(True)
        dialog.minutes.setValue(2)
        dialog.reason.setText("记错注入，应属 i01")
        assert dialog.ok.isEnabled()
        return dialog.value()

    monkeypatch.setattr(drill_dialogs, "ask_correction", answer)
    key(qtbot, console, "Ctrl+K")
    assert seen["retract"] is False and seen["draft"].inject == "i05"
    entries = read_journal(console.snapshot.journal).entries
    assert entries[-1].type == "correct" and entries[-1].get("inject") == "i01"
    assert entries[-1].get("at") == 2 * MIN
    shown = console.log_model.rows[row]
    assert shown.corrected == "amended" and shown.scn == 2 * MIN
    assert "已更正" in console.log_model.state_text(shown)
    assert console.log_model.rows[-1].kind == "correct"
    assert all(r.state is LogState.RECORDED for r in console.log_model.rows)
    # the hot wash's metrics use the corrected view
    responses = {i.id: i for i in console.runner.session.metrics().injects}
    assert responses["i01"].first_action_min == 2.0 and responses["i05"].first_action_min is None
    assert responses["i01"].response_real_s == pytest.approx(90.0)  # T+0:30 to T+2, at x1

    # a retraction from the context menu
    key(qtbot, console, "Ctrl+L")
    type_text(qtbot, console, "误记的一条")
    enter(qtbot, console)
    last = console.log_model.row_of(max(r.key for r in console.log_model.rows))
    rect = console.log_view.visualRect(console.log_model.index(last, 1))
    console._log_menu(rect.center())
    menu = console._log_context
    monkeypatch.setattr(
        drill_dialogs, "ask_correction", lambda *_: drill_dialogs.CorrectionAnswer("误记")
    )
    retract = next(a for a in menu.actions() if a.text() == console.retract_action.text())
    assert retract.isEnabled()
    menu.close()
    retract.trigger()
    idle(qtbot, console)
    assert console.log_model.rows[last].corrected == "retracted"
    assert not console.log_model.rows[last].correctable

    # a crash, and the session reopened: the corrected view is the same
    journal = Path(console.snapshot.journal)
    console.abandon()
    reopened = DrillSession.reopen(journal)
    with reopened:
        state = reopened.state
        fixed = next(a for a in state.actions if a.seq == action["seq"])
        assert fixed.inject == "i01" and fixed.scn == 2 * MIN
        assert [c.retract for c in state.corrections] == [False, True]
        assert all(a.text != "误记的一条" for a in state.actions)
