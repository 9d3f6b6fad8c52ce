"""The drill clock: scenario time derived from a monotonic clock, never summed from ticks.

``DrillClock`` keeps an *anchor*: the monotonic reading and the scenario time at the
last control change (start, pause, resume, speed change, jump). Reading the clock
computes ``scenario_at_anchor + (now - anchor) × speed``; nothing accumulates between
reads, so a GUI that polls ten times a second causes no drift however long the
drill runs, and a speed change mid-run affects only the time after it.

Two time lines:

* **scenario time** (``scenario_s``): the drill's own time (T+mm:ss), runs ×speed,
  stops while paused, can be jumped forward;
* **session time** (``session_s``): real seconds since the start, including pauses
  (for "how long did the drill take").

The time source is any zero-argument callable returning seconds from a monotonic
clock (``time.monotonic`` by default). Tests and demos pass a ``FakeTime``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from app.drill.errors import ClockError
from app.i18n import T

TimeSource = Callable[[], float]

MIN_SPEED = 0.1
MAX_SPEED = 100.0


class ClockState(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"

    @property
    def label(self) -> T:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ClockState.IDLE: T("未开始", "not started"),
    ClockState.RUNNING: T("进行中", "running"),
    ClockState.PAUSED: T("已暂停", "paused"),
    ClockState.STOPPED: T("已结束", "ended"),
}


class FakeTime:
    """A hand-driven monotonic clock for tests: integer nanoseconds, so exact."""

    def __init__(self, start_s: float = 1000.0) -> None:
        self._ns = round(start_s * 1e9)

    def __call__(self) -> float:
        return self._ns / 1e9

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("monotonic time never goes back")
        self._ns += round(seconds * 1e9)


class DrillClock:
    """Start, pause, resume, stop, change speed, jump; read scenario and session time."""

    def __init__(self, time_source: TimeSource | None = None, speed: float = 1.0) -> None:
        self._now = time_source or time.monotonic
        self._state = ClockState.IDLE
        self._speed = check_speed(speed)
        self._anchor = 0.0  # monotonic reading at the last control change
        self._scenario_at_anchor = 0.0
        self._session_anchor = 0.0  # monotonic reading when the session time was last set
        self._session_at_anchor = 0.0

    # --- reading ---------------------------------------------------------------------

    @property
    def state(self) -> ClockState:
        return self._state

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def running(self) -> bool:
        return self._state is ClockState.RUNNING

    def now(self) -> float:
        """A reading of the time source; pass it as ``at`` to act on one instant."""
        return self._now()

    def scenario_s(self, at: float | None = None) -> float:
        if self._state is ClockState.RUNNING:
            now = self._now() if at is None else at
            return self._scenario_at_anchor + (now - self._anchor) * self._speed
        return self._scenario_at_anchor

    def session_s(self, at: float | None = None) -> float:
        if self._state in (ClockState.RUNNING, ClockState.PAUSED):
            now = self._now() if at is None else at
            return self._session_at_anchor + (now - self._session_anchor)
        return self._session_at_anchor

    # --- control -------------------------------------------------------------------------
    # Each change re-anchors at one reading ``at`` of the time source, so the scenario
    # time a caller journals and the time the clock continues from are the same number.

    def _reanchor(self, now: float) -> None:
        if self._state is ClockState.RUNNING:
            self._scenario_at_anchor += (now - self._anchor) * self._speed
        self._anchor = now

    def start(self, at: float | None = None) -> None:
        if self._state is not ClockState.IDLE:
            raise ClockError(T("演练已经开始", "The drill has already started"))
        now = self._now() if at is None else at
        self._anchor = self._session_anchor = now
        self._scenario_at_anchor = self._session_at_anchor = 0.0
        self._state = ClockState.RUNNING

    def pause(self, at: float | None = None) -> None:
        if self._state is not ClockState.RUNNING:
            raise ClockError(T("演练未在进行，无法暂停", "The drill is not running"))
        self._reanchor(self._now() if at is None else at)
        self._state = ClockState.PAUSED

    def resume(self, at: float | None = None) -> None:
        if self._state is not ClockState.PAUSED:
            raise ClockError(T("演练未暂停，无法继续", "The drill is not paused"))
        self._anchor = self._now() if at is None else at
        self._state = ClockState.RUNNING

    def stop(self, at: float | None = None) -> None:
        if self._state is ClockState.STOPPED:
            return
        now = self._now() if at is None else at
        self._session_at_anchor = self.session_s(now)
        self._session_anchor = now
        self._reanchor(now)
        self._state = ClockState.STOPPED

    def set_speed(self, speed: float, at: float | None = None) -> None:
        speed = check_speed(speed)
        self._reanchor(self._now() if at is None else at)
        self._speed = speed

    def jump(self, scenario_s: float, at: float | None = None) -> None:
        """Set scenario time (forward only: the past has been recorded)."""
        if self._state is ClockState.STOPPED:
            raise ClockError(T("演练已结束", "The drill has ended"))
        if self._state is ClockState.IDLE:
            raise ClockError(T("演练尚未开始", "The drill has not started"))
        now = self._now() if at is None else at
        if scenario_s < self.scenario_s(now) - 1e-6:
            raise ClockError(T("情景时间只能向前跳转", "Scenario time can only jump forward"))
        self._anchor = now
        self._scenario_at_anchor = float(scenario_s)

    def restore(
        self,
        state: ClockState,
        scenario_s: float,
        session_s: float,
        speed: float,
        at: float | None = None,
    ) -> None:
        """Put the clock where a journal left it (used when reopening a session)."""
        now = self._now() if at is None else at
        self._state = state
        self._speed = check_speed(speed)
        self._anchor = self._session_anchor = now
        self._scenario_at_anchor = float(scenario_s)
        self._session_at_anchor = float(session_s)


def check_speed(speed: float) -> float:
    try:
        value = float(speed)
    except (TypeError, ValueError):
        value = float("nan")
    if not (MIN_SPEED <= value <= MAX_SPEED):
        raise ClockError(
            T(
                f"时间压缩倍数应在 {MIN_SPEED:g} 到 {MAX_SPEED:g} 之间",
                f"The time compression must be between {MIN_SPEED:g} and {MAX_SPEED:g}",
            )
        )
    return value


def format_clock(seconds: float) -> str:
    """``T+01:05:09`` style, for the console and the presenter."""
    total = max(0, int(seconds + 1e-6))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"T+{h:02d}:{m:02d}:{s:02d}" if h else f"T+{m:02d}:{s:02d}"


__all__ = [
    "MAX_SPEED",
    "MIN_SPEED",
    "ClockError",
    "ClockState",
    "DrillClock",
    "FakeTime",
    "TimeSource",
    "check_speed",
    "format_clock",
]
