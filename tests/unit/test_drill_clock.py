"""The drill clock: derived from a monotonic source, so no drift under compression or pauses."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from app.drill.clock import ClockError, ClockState, DrillClock, FakeTime, format_clock


def test_runs_pauses_resumes_and_stops() -> None:
    t = FakeTime()
    clock = DrillClock(t)
    assert clock.state is ClockState.IDLE
    assert clock.scenario_s() == 0.0
    clock.start()
    t.advance(90)
    assert clock.scenario_s() == pytest.approx(90)
    clock.pause()
    t.advance(600)  # a coffee break: scenario time stands still, session time runs
    assert clock.scenario_s() == pytest.approx(90)
    assert clock.session_s() == pytest.approx(690)
    clock.resume()
    t.advance(10)
    assert clock.scenario_s() == pytest.approx(100)
    clock.stop()
    t.advance(1000)
    assert clock.state is ClockState.STOPPED
    assert clock.scenario_s() == pytest.approx(100)
    assert clock.session_s() == pytest.approx(700)


def test_compression_changes_while_running_affect_only_later_time() -> None:
    t = FakeTime()
    clock = DrillClock(t)
    clock.start()
    t.advance(60)  # 1 min at ×1
    clock.set_speed(4)
    t.advance(60)  # 4 min at ×4
    clock.set_speed(0.5)
    t.advance(120)  # 1 min at ×0.5
    assert clock.scenario_s() == pytest.approx(6 * 60)
    assert clock.speed == 0.5


def test_driftless_under_compression_pause_and_constant_polling() -> None:
    """A million tiny reads and many control changes: scenario time stays exact.

    A clock that summed ticks (``scenario += dt * speed`` per poll) would be off by
    accumulated rounding; this one is computed from the anchor each time.
    """
    t = FakeTime()
    clock = DrillClock(t, speed=3.0)
    clock.start()
    rng = random.Random(7)
    expected = Fraction(0)  # exact: nanoseconds × speed, no rounding at all
    speed = 3.0
    running = True
    for i in range(200_000):
        step_ns = 1_000_000 + rng.randrange(10_000_000)
        t.advance(step_ns / 1e9)
        if running:
            expected += Fraction(step_ns, 10**9) * Fraction(speed)
        clock.scenario_s()  # a GUI poll: must not change anything
        if i % 20_000 == 19_999:
            if running:
                clock.pause()
            else:
                clock.resume()
            running = not running
        if i % 33_333 == 0:
            speed = rng.choice([1.0, 2.0, 3.0, 7.5])
            clock.set_speed(speed)
    assert math.isclose(clock.scenario_s(), float(expected), rel_tol=0, abs_tol=1e-8)


def test_reads_do_not_accumulate() -> None:
    t = FakeTime()
    clock = DrillClock(t, speed=10)
    clock.start()
    t.advance(123.456)
    first = clock.scenario_s()
    for _ in range(10_000):
        clock.scenario_s()
    assert clock.scenario_s() == first == pytest.approx(1234.56)


def test_jump_forward_only_and_continues_from_there() -> None:
    t = FakeTime()
    clock = DrillClock(t, speed=2)
    clock.start()
    t.advance(30)
    clock.jump(600)
    assert clock.scenario_s() == 600
    t.advance(30)
    assert clock.scenario_s() == pytest.approx(660)
    with pytest.raises(ClockError) as err:
        clock.jump(100)
    assert "向前" in err.value.message.zh


def test_one_instant_for_journal_and_clock() -> None:
    """``at`` lets the session journal the same scenario time the clock continues from."""
    t = FakeTime()
    clock = DrillClock(t)
    clock.start()
    t.advance(10)
    at = clock.now()
    recorded = clock.scenario_s(at)
    t.advance(5)  # time passes between the reading and the change
    clock.pause(at=at)
    assert clock.scenario_s() == recorded


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("pause", ClockState.IDLE),
        ("resume", ClockState.RUNNING),
        ("start", ClockState.RUNNING),
    ],
)
def test_wrong_state_is_a_clear_error(action: str, state: ClockState) -> None:
    clock = DrillClock(FakeTime())
    if state is ClockState.RUNNING:
        clock.start()
    with pytest.raises(ClockError) as err:
        getattr(clock, action)()
    assert err.value.message.zh and err.value.message.en


@pytest.mark.parametrize("speed", [0, -1, 0.01, 1000, float("nan"), "fast"])
def test_bad_speed_is_refused(speed: object) -> None:
    with pytest.raises(ClockError):
        DrillClock(FakeTime()).set_speed(speed)  # type: ignore[arg-type]


def test_restore_puts_the_clock_back() -> None:
    t = FakeTime()
    clock = DrillClock(t)
    clock.restore(ClockState.PAUSED, 754.5, 1200.0, 4.0)
    assert clock.scenario_s() == 754.5
    clock.resume()
    t.advance(10)
    assert clock.scenario_s() == pytest.approx(794.5)
    assert clock.session_s() == pytest.approx(1210.0)


def test_format_clock() -> None:
    assert format_clock(0) == "T+00:00"
    assert format_clock(754.9) == "T+12:34"
    assert format_clock(3 * 3600 + 5) == "T+03:00:05"
