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
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Final

from app.drill.errors import ClockError
from app.i18n import T
from app.model.drill import ClockFrom, ExpectedAction

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


# --- time limits counted from the incident (issue 18 item 6) ------------------------------------
#
# 《生产安全事故报告和调查处理条例》 as summarised in /work/shared/reference/domain-cn.md,
# section "Report clocks" (read from wenshang.gov.cn/art/2018/9/21/art_21760_804577.html):
# Art. 9 - the unit's principal reports to the county-level 应急管理部门 within 1 hour of the
# accident; Art. 11 - each level reports upward within 2 hours; Art. 12 - the six items a
# report contains. The clocks count from the accident (the scenario's T0).

ACCIDENT_REPORT_LOCAL_MIN: Final = 60.0  # Art. 9: 1 小时内 to the local 应急管理部门
ACCIDENT_REPORT_PER_LEVEL_MIN: Final = 120.0  # Art. 11: 每级上报的时间不得超过 2 小时

# Art. 12 (一)–(六), each with the words a first report's text is searched for.
FIRST_REPORT_ITEMS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("事故发生单位概况", ("单位", "公司", "企业", "厂")),
    ("事故发生的时间、地点以及事故现场情况", ("时", "分", "地点", "现场", "位于")),
    ("事故的简要经过", ("经过", "发生", "起因", "原因")),
    (
        "已经造成或者可能造成的伤亡人数和初步估计的直接经济损失",
        ("伤", "亡", "死", "失踪", "下落不明", "损失", "无人员"),
    ),
    ("已经采取的措施", ("措施", "已", "启动", "疏散", "处置")),
    ("其他应当报告的情况", ("其他", "另", "请求", "支援", "续报")),
)


def accident_report_limit_min(levels_up: int = 0) -> float:
    """Minutes from T0 by which the report must reach the level ``levels_up`` above the local one.

    0 = the local (county-level) 应急管理部门, Art. 9; every further level adds at most 2 h, Art. 11.
    """
    if levels_up < 0:
        raise ValueError("levels_up must be >= 0")
    return ACCIDENT_REPORT_LOCAL_MIN + levels_up * ACCIDENT_REPORT_PER_LEVEL_MIN


def clock_base_s(
    ea: ExpectedAction, delivered_s: float | None, done_at_s: Mapping[str, float]
) -> float | None:
    """Scenario second an expected action's time limit counts from, or None if not started yet.

    ``delivered_s`` is when its inject was delivered (None: not yet); ``done_at_s`` maps the
    ids of fulfilled expected actions to the scenario second of the fulfilling entry. A limit
    from T0 runs from 0 as soon as the inject is out (before that the action was not asked for).
    """
    if delivered_s is None:
        return None
    if ea.clock_from is ClockFrom.T0:
        return 0.0
    if ea.clock_from is ClockFrom.ACTION:
        if ea.clock_after is None:
            return delivered_s
        return done_at_s.get(ea.clock_after)
    return delivered_s


def missing_report_items(text: str, required: Sequence[str] | None = None) -> list[str]:
    """The Art. 12 items (or ``required``) a report's text does not cover, in order.

    Items from ``FIRST_REPORT_ITEMS`` are looked for by their keywords; any other required
    item is looked for literally.
    """
    keywords = dict(FIRST_REPORT_ITEMS)
    wanted = list(required) if required else [name for name, _ in FIRST_REPORT_ITEMS]
    missing: list[str] = []
    for item in wanted:
        words = keywords.get(item, (item,))
        if not any(w in text for w in words):
            missing.append(item)
    return missing
