"""What the coordinator may do now, read off a snapshot (Qt-free, one place).

The console enables its actions from ``controls(snapshot, selected)`` and checks the
same ``Controls`` again before it submits anything, so a key pressed while a button is
greyed out (or a stale click) does nothing; the engine still refuses what makes no sense
(``DrillError``), this only keeps the console from asking.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from app.drill.snapshot import Snapshot
from app.drill.state import InjectStatus


@dataclass(frozen=True)
class Controls:
    ready: bool = False  # a session is open
    start: bool = False
    pause: bool = False  # pause or resume (``running`` says which)
    running: bool = False
    speed: bool = False
    jump: bool = False
    end: bool = False
    next: bool = False
    draw: bool = False
    has_library: bool = False
    deliver: bool = False  # the selected inject or card, now
    skip: bool = False
    return_card: bool = False
    add_inject: bool = False
    record: bool = False  # an action (or a decision) from the entry line
    note: bool = False  # an observation note: also after the end
    decide: bool = False  # a decision of the selected inject
    tick: bool = False  # an expected action of the selected inject done
    missed: bool = False  # an expected action of the selected inject noted as not done
    mark: bool = False  # evaluation marks: also after the end
    correct: bool = False  # corrections of actions and notes: also after the end

    def allowed(self, name: str) -> bool:
        return bool(getattr(self, name))

    def names(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is True]


def controls(snap: Snapshot | None, selected: str | None = None) -> Controls:
    """What may be done now, with ``selected`` the inject chosen in the console."""
    if snap is None:
        return Controls()
    started, ended = snap.started, snap.ended
    live = started and not ended
    inject = snap.inject(selected)
    undelivered = (
        inject is not None and not inject.delivered and inject.status is not InjectStatus.SKIPPED
    )
    in_play = inject is not None and inject.delivered
    has_library = bool(snap.drill.library)
    return Controls(
        ready=True,
        start=not started,
        pause=live,
        running=snap.running,
        speed=not ended,
        jump=live,
        end=live,
        next=live,
        draw=has_library and not ended,
        has_library=has_library,
        deliver=live and undelivered,
        skip=not ended and undelivered,
        return_card=not ended and inject is not None and inject.status is InjectStatus.DRAWN,
        add_inject=live,
        record=live,
        note=True,
        decide=live and in_play,
        tick=live and in_play,
        missed=in_play,
        mark=bool(snap.drill.evaluation.criteria),
        correct=bool(snap.actions or snap.notes),
    )


__all__ = ["Controls", "controls"]
