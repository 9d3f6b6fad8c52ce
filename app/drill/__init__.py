"""The drill engine (Qt-free): clock, scripted runner, scriptless draws, journal, metrics.

The drill console and the presenter window (``app.ui``) are built on this API alone:

* ``DrillSession`` (``app.drill.session``): create or reopen a session, drive the
  clock, deliver injects, draw cards, record actions, marks and findings; every
  change is journaled (fsynced) before the call returns.
* ``DrillSession.public_state()`` / ``public_brief(drill)`` (``app.drill.views``): the
  only data participant-facing windows and documents may show.
* ``DrillClock`` / ``FakeTime`` (``app.drill.clock``): driftless scenario time.
* ``compute_metrics`` / ``metrics_from_journal`` (``app.drill.metrics``): results.
* ``evaluate`` (``app.drill.evaluation``): the evaluation model (one score/choice table,
  the veto, no verdict before every criterion is marked or skipped), objectives judged.
* ``build_snapshot`` (``app.drill.snapshot``) and ``controls`` (``app.drill.control``):
  what the console shows and what the coordinator may do now.
* ``script_from_plan`` (``app.drill.generate``): a scripted skeleton from a plan.
* ``replay`` (``app.drill.session``): fold a journal read-only.

Files: ``app.storage.drills`` (load/save drills, list sessions, find an unfinished
one) and ``app.storage.journal`` (the append-only journal itself).
"""

from app.drill.clock import ClockState, DrillClock, FakeTime, format_clock
from app.drill.errors import ClockError, DrillError, GenerateError, ReplayError
from app.drill.evaluation import EvaluationResult, Mark, evaluate
from app.drill.generate import plan_levels, script_from_plan
from app.drill.metrics import DrillMetrics, compute_metrics, metrics_from_journal
from app.drill.session import DrillSession, Replay, replay
from app.drill.state import ExpectedStatus, InjectRun, InjectStatus, Origin, SessionState
from app.drill.views import PublicBrief, PublicState, public_brief, public_state

__all__ = [
    "ClockError",
    "ClockState",
    "DrillClock",
    "DrillError",
    "DrillMetrics",
    "DrillSession",
    "EvaluationResult",
    "ExpectedStatus",
    "FakeTime",
    "GenerateError",
    "InjectRun",
    "InjectStatus",
    "Mark",
    "Origin",
    "PublicBrief",
    "PublicState",
    "Replay",
    "ReplayError",
    "SessionState",
    "compute_metrics",
    "evaluate",
    "format_clock",
    "metrics_from_journal",
    "plan_levels",
    "public_brief",
    "public_state",
    "replay",
    "script_from_plan",
]
