"""Corrections are new journal entries (issue 18 item 3): an action or note is amended or
retracted with a reason and an optional backdated time; the journal stays append-only;
the folded state, the metrics and a replay after reopening use the corrected view."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.drill import DrillSession, FakeTime, replay
from app.drill.errors import DrillError
from app.drill.state import ExpectedStatus
from app.storage.journal import read_journal
from app.storage.templates import render_drill

MIN = 60.0


@pytest.fixture
def run(tmp_path: Path) -> tuple[DrillSession, FakeTime]:
    drill = render_drill("hazchem-leak-tabletop", {}, use_examples=True)
    t = FakeTime()
    session = DrillSession.create(drill, tmp_path / "leak.drill.yaml", time_source=t)
    session.start()
    for _ in range(13):  # to T+13: i01, i02, i03 and i05 (T+12) are out
        session.poll()
        t.advance(MIN)
    session.poll()
    assert session.state.runs["i05"].delivered
    return session, t


def test_a_misfiled_action_is_moved_and_backdated_by_a_new_entry(run) -> None:  # type: ignore[no-untyped-def]
    session, _ = run
    typed = session.record_action("调度通知气防队到场监护", who="p-dispatch", inject="i05")
    before = read_journal(session.path).entries
    session.correct(typed.seq, reason="记错注入，应属 i01", inject="i01", at_min=2)
    after = read_journal(session.path).entries
    # append-only: what was written stays, word for word; one entry more
    assert [e.data for e in after[: len(before)]] == [e.data for e in before]
    assert after[-1].type == "correct" and after[-1].get("target") == typed.seq
    state = session.state
    action = next(a for a in state.actions if a.seq == typed.seq)
    assert action.inject == "i01" and action.scn == 2 * MIN
    assert state.runs["i05"].answered_by == [] and state.runs["i01"].answered_by == [typed.seq]
    metrics = session.metrics()
    responses = {i.id: i for i in metrics.injects}
    assert responses["i01"].response_min == 2.0 and responses["i05"].first_action_min is None
    (correction,) = state.corrections
    assert correction.reason == "记错注入，应属 i01" and correction.changed() == ["inject", "scn"]
    assert correction.before.inject == "i05"  # the history stays auditable
    session.close()
    # reopened and replayed: the same corrected view
    for folded in (replay(session.path).state, DrillSession.reopen(session.path).state):
        again = next(a for a in folded.actions if a.seq == typed.seq)
        assert again.inject == "i01" and again.scn == 2 * MIN and len(folded.corrections) == 1


def test_a_retracted_action_no_longer_fulfils_its_expected_action(run) -> None:  # type: ignore[no-untyped-def]
    session, _ = run
    done = session.record_action("", who="p-dispatch", inject="i01", fulfils=["e01"])
    assert session.expected_status("e01") is not ExpectedStatus.OPEN
    session.correct(done.seq, reason="误点完成", retract=True)
    assert session.expected_status("e01") in (ExpectedStatus.OPEN, ExpectedStatus.OVERDUE)
    assert all(a.seq != done.seq for a in session.state.actions)
    assert session.state.recorded_actions[-1].seq == done.seq  # still in the record
    with pytest.raises(DrillError):
        session.correct(done.seq, reason="再撤回一次", retract=True)
    session.close()


def test_an_amended_text_and_team_and_a_note(run) -> None:  # type: ignore[no-untyped-def]
    session, _ = run
    action = session.record_action("关闭角阀", who="p-dispatch", inject="i03")
    note = session.note("车间未设警戒", inject="i03")
    session.correct(action.seq, reason="执行方记错", who="p-workshop", text="车间主任下令关阀")
    session.correct(note.seq, reason="误记", retract=True)
    state = session.state
    fixed = next(a for a in state.actions if a.seq == action.seq)
    assert (fixed.who, fixed.text) == ("p-workshop", "车间主任下令关阀")
    assert state.notes == [] and len(state.recorded_notes) == 1
    teams = {t.key: t for t in session.metrics().by_participant}
    assert teams["p-workshop"].actions == 1 and "p-dispatch" not in teams
    session.close()


def test_a_correction_needs_a_reason_a_target_and_a_time_not_in_the_future(run) -> None:  # type: ignore[no-untyped-def]
    session, _ = run
    action = session.record_action("报告", inject="i01")
    deliver = next(e for e in read_journal(session.path).entries if e.type == "deliver")
    with pytest.raises(DrillError):
        session.correct(action.seq, reason="  ", text="x")
    with pytest.raises(DrillError):
        session.correct(deliver.seq, reason="不是行动", text="x")
    with pytest.raises(DrillError):
        session.correct(action.seq, reason="时间", at_min=99)
    with pytest.raises(DrillError):
        session.correct(action.seq, reason="没改什么")
    assert session.state.corrections == []
    session.close()


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "correct", "target": "x", "reason": "r", "text": "t"},
        {"type": "correct", "target": 1, "reason": "r", "text": "t"},  # the session header
        {"type": "correct", "target": 99, "reason": "", "text": "t"},
        {"type": "correct", "target": 99, "reason": "r", "at": "早上"},
        {"type": "correct", "target": 99, "reason": "r", "fulfils": ["nope"]},
        {"type": "correct", "target": 99, "reason": "r", "inject": "i15"},  # not delivered
        {"type": "analysis", "topic": "nope", "text": "t"},
        {"type": "mark", "criterion": "c-report", "skip": "  "},
        {"type": "mark", "criterion": "c-report"},
    ],
)
def test_a_bad_correction_analysis_or_mark_in_a_journal_is_a_problem_not_a_crash(
    run,
    bad: dict,  # type: ignore[no-untyped-def]
) -> None:
    import json

    session, _ = run
    action = session.record_action("报告", inject="i01")
    session.close()
    bad = {**bad, "target": action.seq} if bad.get("target") == 99 else bad
    lines = session.path.read_text(encoding="utf-8").splitlines()
    seq = json.loads(lines[-1])["seq"] + 1
    entry = {"seq": seq, "wall": "2026-06-16T09:30:00+08:00", "scn": 60.0, "ses": 60.0, **bad}
    with session.path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    result = replay(session.path)
    assert [p.code for p in result.problems] == ["journal.bad_entry"]
    assert result.state.corrections == [] and result.state.analysis == {}
    assert next(a for a in result.state.actions if a.seq == action.seq).text == "报告"
