"""What the coordinator may do now (app.drill.control) and the console's snapshot, both
Qt-free (issue 18: the rules lived twice in the console window)."""

from __future__ import annotations

from pathlib import Path

from app.drill import DrillSession, FakeTime
from app.drill.control import controls
from app.drill.snapshot import build_snapshot
from app.storage.templates import render_drill

MIN = 60.0


def _session(
    tmp_path: Path, template: str = "hazchem-leak-tabletop"
) -> tuple[DrillSession, FakeTime]:
    drill = render_drill(template, {}, use_examples=True)
    t = FakeTime()
    return DrillSession.create(drill, tmp_path / "d.drill.yaml", time_source=t), t


def test_before_the_start_only_the_start_and_the_clock_settings(tmp_path: Path) -> None:
    session, _ = _session(tmp_path)
    with session:
        c = controls(build_snapshot(session), "i01")
        assert c.ready and c.start and c.speed and c.skip and c.note and c.mark
        assert not (c.pause or c.end or c.next or c.deliver or c.record or c.decide or c.tick)
        assert not c.correct  # nothing recorded yet
        assert controls(None).names() == []


def test_while_running_the_selection_decides_deliver_decide_and_tick(tmp_path: Path) -> None:
    session, _ = _session(tmp_path)
    with session:
        session.start()
        session.poll()  # i01 at T+0
        snap = build_snapshot(session)
        waiting = controls(snap, "i03")  # T+6: not yet
        assert waiting.deliver and waiting.skip and not waiting.decide and not waiting.tick
        in_play = controls(snap, "i01")
        assert in_play.tick and in_play.decide and in_play.missed and not in_play.deliver
        assert in_play.pause and in_play.running and in_play.end and not in_play.start
        session.record_action("报告", inject="i01")
        assert controls(build_snapshot(session), None).correct
        session.pause()
        paused = controls(build_snapshot(session), "i01")
        assert paused.pause and not paused.running  # F6 now resumes


def test_after_the_end_marks_notes_and_corrections_only(tmp_path: Path) -> None:
    session, _ = _session(tmp_path)
    with session:
        session.start()
        session.poll()
        session.record_action("报告", inject="i01")
        session.end()
        c = controls(build_snapshot(session), "i01")
        assert c.mark and c.note and c.correct and c.missed
        assert not (c.record or c.tick or c.decide or c.deliver or c.skip or c.draw or c.speed)


def test_cards_can_be_drawn_and_put_back_in_a_scriptless_drill(tmp_path: Path) -> None:
    session, _ = _session(tmp_path, "hazchem-scriptless")
    with session:
        session.start()
        card = session.draw()
        assert card is not None
        snap = build_snapshot(session)
        c = controls(snap, card.id)
        assert c.has_library and c.draw and c.return_card and c.deliver
        assert snap.drawn()[0].id == card.id
        assert not controls(build_snapshot(session), None).return_card


def test_the_owner_of_an_expected_action_wins_over_the_sticky_team() -> None:
    from app.drill.control import credited

    drill = render_drill("hazchem-leak-tabletop", {}, use_examples=True)
    # e03a belongs to the workshop: the dispatch centre's button does not take it
    assert credited(drill, "p-dispatch", "workshop") == "p-workshop"
    assert credited(drill, "p-workshop", "workshop") == "p-workshop"
    assert credited(drill, None, "workshop") == "p-workshop"
    # a decision of an inject sent to two teams: either may take it
    assert credited(drill, "p-hq", "dispatch", ("dispatch", "hq")) == "p-hq"
    assert credited(drill, "hq", "dispatch", ("dispatch", "hq")) == "hq"
    assert credited(drill, "p-dispatch", None) == "p-dispatch"  # no owner: the choice
    assert credited(drill, None, "nobody-plays-it") == "nobody-plays-it"


def test_one_team_button_per_team_played() -> None:
    from app.drill.control import teams

    drill = render_drill("hazchem-leak-tabletop", {}, use_examples=True)
    units = {"dispatch": "生产调度中心", "workshop": "车间应急处置组", "hq": "指挥部"}
    got = {label: key for key, label, _ in teams(drill, units)}
    assert got["生产调度中心"] == "p-dispatch" and got["车间应急处置组"] == "p-workshop"
    assert got["指挥部"] == "p-hq"
    # without players: the plan's units themselves
    bare = drill.model_copy(update={"participants": []})
    assert teams(bare, units) == [(k, v, k) for k, v in units.items()]
