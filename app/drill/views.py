"""Participant-safe views: the only data a presenter window or a handout may show.

Anything a player can see must come from here:

* ``public_state(state, clock)`` (``DrillSession.public_state()``): the live view for
  the presenter/projector window: the clock and the injects *already delivered*, with
  their public fields only (title, from, to, channel, text, attachments).
* ``public_brief(drill)``: the static view for participant documents (演练手册/任务卡
  cover): title, form, time, place, objectives, participants.

What never appears in either: an inject or card that has not been delivered (not its
text, title, id or count), expected actions, decision options, follow-ups,
evaluation points and criteria, controller notes, the card library, findings, the
seed. In a double-blind drill (``meta.blind``) the scenario summary and the agenda
are withheld as well; otherwise the brief carries the scenario and an agenda of
planned times and titles of the script.

Both are frozen dataclasses with ``to_dict()`` (JSON-ready), so a test can serialise
them and search for text that must not be there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from app.drill.clock import ClockState, format_clock
from app.drill.state import InjectRun, SessionState
from app.model.drill import Drill


@dataclass(frozen=True)
class PublicInject:
    number: int  # 1, 2, 3… in delivery order
    title: str
    at_s: float  # scenario seconds when delivered
    at_text: str  # "T+12:30"
    source: str | None
    to: tuple[str, ...]
    channel: str
    channel_zh: str
    channel_en: str
    text: str
    attachments: tuple[str, ...]


@dataclass(frozen=True)
class PublicState:
    title: str
    clock_state: str  # idle / running / paused / stopped
    scenario_s: float
    clock_text: str
    speed: float
    blind: bool
    injects: tuple[PublicInject, ...]

    @property
    def latest(self) -> PublicInject | None:
        return self.injects[-1] if self.injects else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _public_inject(number: int, run: InjectRun) -> PublicInject:
    item = run.item
    at = run.delivered_s or 0.0
    return PublicInject(
        number=number,
        title=item.title,
        at_s=at,
        at_text=format_clock(at),
        source=item.from_,
        to=tuple(item.to),
        channel=item.channel.value,
        channel_zh=item.channel.zh,  # type: ignore[attr-defined]
        channel_en=item.channel.en,  # type: ignore[attr-defined]
        text=item.text,
        attachments=tuple(item.attachments),
    )


def public_state(
    state: SessionState, clock_state: ClockState, scenario_s: float, speed: float
) -> PublicState:
    delivered = state.delivered()
    return PublicState(
        title=state.drill.meta.title,
        clock_state=clock_state.value,
        scenario_s=scenario_s,
        clock_text=format_clock(scenario_s),
        speed=speed,
        blind=state.drill.meta.blind,
        injects=tuple(_public_inject(i, run) for i, run in enumerate(delivered, start=1)),
    )


@dataclass(frozen=True)
class PublicParticipant:
    name: str
    org: str | None
    role: str
    role_zh: str
    role_en: str
    group: str | None


@dataclass(frozen=True)
class AgendaItem:
    at_min: float | None
    title: str


@dataclass(frozen=True)
class PublicBrief:
    title: str
    form: str
    scope: str
    purpose: str
    mode: str
    blind: bool
    date: str | None
    start: str | None
    place: str | None
    duration_min: int | None
    organiser: str | None
    objectives: tuple[str, ...]
    participants: tuple[PublicParticipant, ...]
    scenario: str  # empty in a double-blind drill
    agenda: tuple[AgendaItem, ...]  # the drill's phases; empty in a double-blind drill

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def public_brief(drill: Drill, group_names: dict[str, str] | None = None) -> PublicBrief:
    """What participants may read before the drill. ``group_names``: org-unit id → name.

    Issue 18 item 7. A 双盲 drill is run "事前不通知…不明确演练时间、地点和内容"
    (domain-cn.md, 双盲演练): its brief has no date, time, place, duration, objectives
    (they name what is coming) or scenario. An open drill tells its scenario, but not
    the course of the incident: the agenda is the drill's phases, never the injects'
    titles, which would read as the escalation path.
    """
    meta = drill.meta
    names = group_names or {}
    blind = meta.blind
    agenda: tuple[AgendaItem, ...] = ()
    if not blind:
        agenda = (AgendaItem(0.0, "介绍情景，宣布演练开始"),)
        if meta.duration_min:
            agenda += (AgendaItem(float(meta.duration_min), "宣布演练结束，进行现场讲评"),)
    return PublicBrief(
        title=meta.title,
        form=meta.form.value,
        scope=meta.scope.value,
        purpose=meta.purpose.value,
        mode=meta.mode.value,
        blind=blind,
        date=meta.date.isoformat() if meta.date and not blind else None,
        start=None if blind else meta.start,
        place=None if blind else meta.place,
        duration_min=None if blind else meta.duration_min,
        organiser=meta.organiser,
        objectives=() if blind else tuple(o.text for o in meta.objectives),
        participants=tuple(
            PublicParticipant(
                p.name,
                p.org,
                p.role.value,
                p.role.zh,  # type: ignore[attr-defined]
                p.role.en,  # type: ignore[attr-defined]
                names.get(p.plays or "", p.plays) if p.plays else p.group,
            )
            for p in drill.participants
        ),
        scenario="" if blind else meta.scenario,
        agenda=agenda,
    )


__all__ = [
    "AgendaItem",
    "PublicBrief",
    "PublicInject",
    "PublicParticipant",
    "PublicState",
    "public_brief",
    "public_state",
]
