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
from app.model.drill import Drill, Participant, Role


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


def credited(
    drill: Drill, chosen: str | None, owner: str | None, teams: tuple[str, ...] = ()
) -> str | None:
    """Who an expected action or a decision is credited to: its owner wins.

    ``owner`` is the expected action's 执行方 (or a decision's first recipient),
    ``teams`` every team that may answer, ``chosen`` the console's sticky 执行方 (a
    participant id or a unit id). The choice counts only when it names one of those
    teams; otherwise the participant playing the owner, else the owner itself."""
    if owner is None:
        return chosen
    allowed = {owner, *teams}
    if chosen is not None:
        person = drill.participant(chosen)
        team = person.plays if person is not None else chosen
        if team in allowed:
            return chosen
    player = next((p for p in drill.participants if p.plays == owner), None)
    return player.id if player else owner


def teams(drill: Drill, units: dict[str, str]) -> list[tuple[str, str, str]]:
    """(who key, team label, members) for the console's 执行方 buttons: one per team.

    ``units``: the plan's org units by id (their names). A team of one person credits the
    person (and so the team); several people playing one unit credit the unit. Without
    players the plan's units themselves."""
    people = [p for p in drill.participants if p.role in (Role.PLAYER, Role.SIMULATOR)]
    if not people:
        return [(ident, name, ident) for ident, name in units.items()]
    grouped: dict[str, list[Participant]] = {}
    for person in people:
        team = units.get(person.plays, person.plays) if person.plays else None
        grouped.setdefault(team or person.group or person.name or person.id, []).append(person)
    out = []
    for label, members in grouped.items():
        plays = {m.plays for m in members}
        key = (
            members[0].id
            if len(members) == 1 or len(plays) != 1 or None in plays
            else str(members[0].plays)
        )
        out.append((key, label, "、".join(m.name or m.id for m in members)))
    return out


__all__ = ["Controls", "controls", "credited", "teams"]
