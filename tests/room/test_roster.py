"""Who joins a room, and their tokens: one seat per team played, tokens kept across a
crash (same links after a resume), revoking and ending."""

from __future__ import annotations

from pathlib import Path

from app.model.drill import Drill
from app.room.roster import (
    SEAT,
    Roster,
    build_roster,
    forget_tokens,
    load_tokens,
    save_tokens,
    saved_port,
    tokens_path,
)
from app.storage.drills import load_drill, load_linked_plan
from tests.drill_samples import SAMPLE_DRILL


def _sample() -> Roster:
    drill = load_drill(SAMPLE_DRILL).model
    linked = load_linked_plan(SAMPLE_DRILL, drill)
    return build_roster(drill, linked.model if linked else None)


def test_seats_follow_the_teams_played() -> None:
    roster = _sample()
    seats = {m.key: m for m in roster.seats()}
    assert set(seats) == {"u-hq", "u-rescue", "u-medical", "u-sim"}
    assert {"hq", "应急救援指挥部", "总经理"} <= seats["u-hq"].match
    assert "外部单位" in seats["u-sim"].match
    assert [m.key for m in roster.evaluators()] == ["u-eval"]


def test_two_people_playing_one_unit_share_its_seat() -> None:
    drill = Drill.model_validate(
        {
            "participants": [
                {"id": "a", "name": "甲", "role": "player", "plays": "hq"},
                {"id": "b", "name": "乙", "role": "player", "plays": "hq"},
                {"id": "c", "name": "丙", "role": "observer"},
            ]
        }
    )
    roster = build_roster(drill, None)
    assert [(m.key, m.name) for m in roster.seats()] == [("hq", "hq（甲、乙）")]
    assert [m.name for m in roster.evaluators()] == ["评估人员"]  # a generic place


def test_tokens_survive_a_crash_and_die_on_revoke_and_clean_stop(tmp_path: Path) -> None:
    journal = tmp_path / "演练.20260616-090000.journal.jsonl"
    roster = _sample()
    roster.issue()
    save_tokens(roster, journal, 8765)
    assert tokens_path(journal).name == "演练.20260616-090000.room.json"
    again = _sample()
    load_tokens(again, journal)
    again.issue()
    assert again.tokens == roster.tokens and saved_port(journal) == 8765
    hq = next(m for m in again.seats() if m.key == "u-hq")
    old = again.token_of(hq)
    new = again.revoke(hq)
    assert again.by_token(old or "") is None and again.by_token(new) == hq
    again.invalidate((SEAT,))
    assert all(again.member(i).kind != SEAT for i in again.tokens.values())  # type: ignore[union-attr]
    forget_tokens(journal)
    assert saved_port(journal) is None
    fresh = _sample()
    load_tokens(fresh, journal)
    assert fresh.tokens == {}
