"""Scripted drills end to end on a fake clock: schedule, triggers, branches, records, reopen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.drill import DrillError, DrillSession, FakeTime, InjectStatus, replay
from app.drill.clock import ClockState
from app.drill.state import ExpectedStatus
from app.model.drill import ExpectedAction
from app.storage.drills import find_unfinished, load_drill, load_linked_plan
from app.storage.errors import SaveError
from app.storage.journal import read_journal
from tests.drill_samples import copy_sample

MIN = 60.0


class Wall:
    """A wall clock for the ``wall`` field that advances with the fake monotonic time."""

    def __init__(self, t: FakeTime) -> None:
        self.t = t
        self.base = dt.datetime(2026, 6, 16, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    def __call__(self) -> dt.datetime:
        return self.base + dt.timedelta(seconds=self.t() - 1000.0)


@pytest.fixture
def sample(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = copy_sample(tmp_path)
    drill = load_drill(path).model
    loaded = load_linked_plan(path, drill)
    assert loaded is not None
    return path, drill, loaded.model


def _open(sample, t: FakeTime, **kw) -> DrillSession:  # type: ignore[no-untyped-def]
    path, drill, plan = sample
    return DrillSession.create(drill, path, plan=plan, time_source=t, wall=Wall(t), **kw)


def _delivered(session: DrillSession) -> list[str]:
    return [r.id for r in session.state.delivered()]


def test_scripted_run_end_to_end(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    assert s.auto  # scripted drills fire on schedule by default
    assert s.poll() == []  # nothing before the start
    s.start()
    s.poll()
    assert _delivered(s) == ["i1"]
    t.advance(2 * MIN)
    s.record_action(
        "研判后启动Ⅱ级响应", who="u-hq", inject="i1", decision="d-start", fulfils=["e1"]
    )
    assert s.expected_status("e1") is ExpectedStatus.DONE
    t.advance(6 * MIN)
    s.poll()
    assert _delivered(s) == ["i1", "i2"]
    # i3 fires 5 min after i2 was delivered (a trigger), not at a fixed time
    status = dict((r.id, st) for r, st in s.injects())
    assert status["i3"] is InjectStatus.SCHEDULED
    assert status["i1b"] is InjectStatus.WAITING  # its branch was not taken
    t.advance(5 * MIN)
    s.poll()
    assert _delivered(s) == ["i1", "i2", "i3"]
    t.advance(18 * MIN)  # e2 had 15 minutes from i2 (8 + 15 = 23); now T+31
    assert s.expected_status("e2") is ExpectedStatus.OVERDUE
    s.record_action("关闭上游阀门", who="u-rescue", fulfils=["e2"])
    assert s.expected_status("e2") is ExpectedStatus.LATE
    s.record_action("救护并转送伤员", who="u-medical", inject="i3", fulfils=["e3"])
    s.set_speed(5)  # compress the quiet part
    t.advance(2 * MIN)  # 10 scenario minutes: T+41
    s.poll()
    assert _delivered(s)[-1] == "i4"
    assert s.scenario_s() == pytest.approx(41 * MIN)
    s.mark("c1", score=85, by="u-eval")
    s.mark("c2", level="achieved", by="u-eval")
    s.end("演练结束")
    assert s.expected_status("e4") is ExpectedStatus.MISSED
    # evaluation continues after the end
    s.mark("c3", score=70)
    s.mark("c4", score=80)
    finding = s.add_finding(
        "抢险救援组超时关阀", ref="procedures/gen-ii/steps/gen-ii-02", owner="生产副总经理"
    )
    assert finding.id == "F1" and finding.session == s.id
    with pytest.raises(DrillError):
        s.record_action("太迟了", who="u-hq")
    metrics = s.metrics()
    assert {e.id for e in metrics.expected} == {"e1", "e2", "e3", "e4"}  # unplayed cards: no gap
    assert metrics.counts["missed"] == 1 and metrics.counts["late"] == 1
    result = s.evaluation()
    assert result.score == pytest.approx((2 * 85 + 3 * 100 + 2 * 70 + 1 * 80) / 8)
    assert result.grade == "良好" and result.passed
    s.close()

    again = replay(s.path)
    assert again.problems == []
    assert [r.id for r in again.state.delivered()] == ["i1", "i2", "i3", "i4"]
    assert again.state.ended and len(again.state.findings) == 1


def test_manual_mode_waits_and_next_delivers_in_order(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t, auto=False)
    s.start()
    t.advance(9 * MIN)
    s.poll()
    assert _delivered(s) == []
    assert [r.id for r in s.due()] == ["i1", "i2"]
    s.next()
    s.next()
    assert _delivered(s) == ["i1", "i2"]
    assert [r.id for r in s.upcoming()] == ["i3", "i4"]  # i3 due at 9+5 (delivered at 9)
    s.next()  # ahead of schedule: the coordinator decides
    assert _delivered(s)[-1] == "i3"
    assert s.state.runs["i3"].delivered_s == pytest.approx(9 * MIN)


def test_branch_follow_up_on_decision(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    s.start()
    s.poll()
    t.advance(1 * MIN)
    s.record_action("先派人去核实", who="u-hq", inject="i1", decision="d-verify")
    assert next(r.id for r in s.upcoming()) == "i1b"
    assert s.state.runs["i1b"].due_s == pytest.approx(4 * MIN)  # decision at 1 + 3
    t.advance(3 * MIN)
    s.poll()
    assert _delivered(s) == ["i1", "i1b"]


def test_jump_to_inject_moves_the_clock_and_delivers_earlier_first(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    s.start()
    s.poll()
    entries = s.jump_to("i4")
    assert s.scenario_s() == pytest.approx(40 * MIN)
    assert next(e.type for e in entries) == "jump"
    # i2 (T+8) was due before i4 and goes first; nothing is skipped silently
    assert _delivered(s) == ["i1", "i2", "i4"]
    # i3 follows 5 minutes after i2 was actually delivered (at T+40)
    assert s.state.runs["i3"].due_s == pytest.approx(45 * MIN)
    with pytest.raises(DrillError) as err:
        s.jump_to_time(10)
    assert "向前" in err.value.message.zh
    with pytest.raises(DrillError):
        s.jump_to("i4")


def test_add_skip_and_unknown_ids(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t, auto=False)
    s.start()
    new_id = s.add_inject(
        "园区管委会来电询问情况",
        title="园区询问",
        to=["hq"],
        channel="phone",
        expected=[ExpectedAction(id="ex1", text="报告事态", by="hq", within_min=5)],
    )
    assert new_id == "X1"
    assert _delivered(s) == ["X1"]
    t.advance(MIN)
    s.record_action("向园区报告", who="u-hq", fulfils=["ex1"])
    assert s.expected_status("ex1") is ExpectedStatus.DONE
    s.skip("i4", "时间不够")
    assert dict((r.id, st) for r, st in s.injects())["i4"] is InjectStatus.SKIPPED
    for bad in (
        lambda: s.deliver("nope"),
        lambda: s.deliver("X1"),
        lambda: s.deliver("i4"),
        lambda: s.record_action("x", fulfils=["nope"]),
        lambda: s.record_action("x", decision="nope"),
        lambda: s.record_action("x", inject="i2"),  # not delivered yet
        lambda: s.record_action("x", steps=["st99"]),
        lambda: s.record_action("   "),
        lambda: s.mark("c1"),
        lambda: s.mark("c1", score=120),
        lambda: s.mark("c1", level="excellent"),
        lambda: s.mark("nope", score=50),
        lambda: s.add_finding("x", ref="procedures/gen-ii/steps/st99"),
        lambda: s.set_speed(0),
        lambda: s.resume(),
        lambda: s.start(),
        lambda: s.return_card("k1"),
        lambda: s.draw(severity="catastrophic"),
    ):
        before = len(read_journal(s.path).entries)
        with pytest.raises(DrillError) as err:
            bad()
        assert err.value.message.zh and err.value.message.en
        assert len(read_journal(s.path).entries) == before  # nothing was written


def test_disk_error_records_nothing(sample, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    s.start()

    def fail(*a, **k):  # type: ignore[no-untyped-def]
        raise SaveError(str(s.path), __import__("app.i18n").i18n.T("磁盘已满", "disk full"))

    monkeypatch.setattr(s._writer, "append", fail)
    with pytest.raises(SaveError):
        s.pause()
    assert s.clock_state is ClockState.RUNNING  # the clock did not pause either
    with pytest.raises(SaveError):
        s.record_action("x", who="u-hq")
    assert s.state.actions == []


def test_listeners_hear_each_recorded_entry(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    heard: list[str] = []
    unsubscribe = s.subscribe(lambda e: heard.append(e.type))
    s.start()
    s.poll()
    unsubscribe()
    s.pause()
    assert heard == ["start", "deliver"]


def test_reopen_restores_state_and_clock(sample) -> None:  # type: ignore[no-untyped-def]
    path, _drill, _plan = sample
    t = FakeTime()
    s = _open(sample, t)
    s.start()
    s.poll()
    t.advance(5 * MIN)
    s.set_speed(2)
    t.advance(2 * MIN)  # +4 scenario minutes: T+9
    s.poll()
    s.record_action("启动响应", who="u-hq", fulfils=["e1"], decision="d-start")
    s.note("指挥部讨论热烈", who="u-eval")
    s.mark("c1", score=90)
    t.advance(45)  # a checkpoint every 30 s of session time keeps the clock position
    s.poll()
    position = s.scenario_s()
    journal = s.path
    # crash: no close(), no end; the OS releases the lock when the process dies
    s._writer.close()

    assert find_unfinished(path) is not None
    t2 = FakeTime(50.0)  # a new process: another monotonic origin
    r = DrillSession.reopen(journal, time_source=t2)
    assert r.problems == []
    assert r.clock_state is ClockState.PAUSED  # never runs on by itself after a crash
    assert r.scenario_s() == pytest.approx(position, abs=0.01)
    assert r.clock.speed == 2
    assert _delivered(r) == ["i1", "i2"]
    assert r.expected_status("e1") is ExpectedStatus.DONE
    assert r.state.marks["c1"].score == 90
    assert len(r.state.notes) == 1
    assert r.state.runs["i3"].due_s == pytest.approx(14 * MIN)  # the trigger survived
    r.resume()
    t2.advance(150)  # ×2: five scenario minutes
    r.poll()
    assert _delivered(r) == ["i1", "i2", "i3"]
    assert r.session_s() == pytest.approx(s.state.ses + 150, abs=0.01)
    r.close()
    types = [e.type for e in read_journal(journal).entries]
    assert "reopen" in types and "checkpoint" in types


def test_reopen_after_end_allows_evaluation_only(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    s.start()
    s.end()
    s.close()
    r = DrillSession.reopen(s.path, time_source=FakeTime())
    assert r.ended and r.clock_state is ClockState.STOPPED
    r.mark("c1", score=60)
    with pytest.raises(DrillError):
        r.resume()
    r.close()


def test_public_state_of_a_scripted_drill(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    s.start()
    s.poll()
    t.advance(8 * MIN)
    s.poll()
    view = s.public_state()
    assert [i.title for i in view.injects] == ["泄漏报警", "现场情况"]
    assert view.latest is not None and view.latest.at_text == "T+08:00"
    assert view.clock_text == "T+08:00" and view.clock_state == "running"
    text = str(view.to_dict())
    for secret in (
        "伤员情况",
        "抬出罐区",
        "泄漏扩大",
        "媒体",
        "佩戴正压式",
        "e1",
        "k1",
        "通信中断",
    ):
        assert secret not in text


def test_nothing_reaches_players_before_the_start(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    for early in (lambda: s.deliver("i1"), lambda: s.next(), lambda: s.add_inject("x")):
        with pytest.raises(DrillError) as err:
            early()
        assert "尚未开始" in err.value.message.zh
    assert s.draw() is not None  # the coordinator may look at a card beforehand
    s.start()
    assert s.next() is not None


def test_expected_actions_overview(sample) -> None:  # type: ignore[no-untyped-def]
    t = FakeTime()
    s = _open(sample, t)
    s.start()
    s.poll()
    overview = {ea.id: (inject, status) for inject, ea, status in s.expected_actions()}
    assert overview["e1"] == ("i1", ExpectedStatus.OPEN)
    assert overview["e2"] == ("i2", ExpectedStatus.NOT_DELIVERED)
