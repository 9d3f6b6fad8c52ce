"""A device's retry is recorded once, also after the app crashed and resumed: the request
id goes into the journal entry, and the replay rebuilds what was already recorded."""

from __future__ import annotations

from pathlib import Path

from app.drill import DrillSession
from app.room.requests import apply, check
from app.room.roster import build_roster
from app.storage.drills import load_drill, load_linked_plan
from app.storage.journal import read_journal
from tests.drill_samples import copy_sample

PAYLOADS = {
    "seat": [
        {"kind": "action", "text": "关闭进料阀", "rid": "a1"},
        {
            "kind": "report",
            "items": ["示范化工", "09:05 罐区", "泄漏", "无", "堵漏", "张三"],
            "rid": "a2",
        },
    ],
    "evaluator": [
        {"kind": "mark", "criterion": "c1", "score": 70, "rid": "e1"},
        {"kind": "observation", "text": "指挥部 3 分钟内启动响应", "rid": "e2"},
    ],
}


def _session(folder: Path) -> DrillSession:
    path = copy_sample(folder)
    drill = load_drill(path).model
    linked = load_linked_plan(path, drill)
    session = DrillSession.create(drill, path, plan=linked.model if linked else None)
    session.start()
    return session


def test_a_retry_after_a_restart_is_not_recorded_twice(tmp_path: Path) -> None:
    session = _session(tmp_path)
    roster = build_roster(session.drill, session.plan)
    members = {m.kind: m for m in reversed(roster.members)}  # the first seat, the evaluator
    sent = [(members[kind], p) for kind, payloads in PAYLOADS.items() for p in payloads]
    first = [apply(session, m, check(m, p)) for m, p in sent]
    assert [apply(session, m, check(m, p)) for m, p in sent] == first  # a retry at once
    journal = session.path
    session.close()  # (the same as a crash here: every entry is fsynced when written)

    resumed = DrillSession.reopen(journal)  # (writes where the clock stood)
    count = len(read_journal(journal).entries)
    assert [apply(resumed, m, check(m, p)) for m, p in sent] == first  # the same seqs
    assert len(read_journal(journal).entries) == count  # nothing written twice
    # a new request (or another member's with the same id) is recorded as usual
    seat = members["seat"]
    again = apply(resumed, seat, check(seat, {"kind": "action", "text": "关闭进料阀", "rid": "a3"}))
    other = next(m for m in roster.seats() if m.key != seat.key)
    theirs = apply(resumed, other, check(other, {"kind": "action", "text": "疏散", "rid": "a1"}))
    assert again > max(first) and theirs == again + 1
    texts = [a.text for a in resumed.state.actions]
    assert texts.count("关闭进料阀") == 2 and "疏散" in texts
    resumed.close()
