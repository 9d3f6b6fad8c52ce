"""What each member of a drill room sees, built from the session on its owner's thread.

``build_views(session, roster)`` returns one JSON-ready dict per member (keyed by
``Roster.ident``), all carrying the journal's last ``seq``. Devices get the whole view
of their role each time it changes: a view is small, and a device that reconnects
after a restart is caught up by the same message.

* **seat**: only the injects delivered to that seat (``to`` names the seat, or nobody:
  then everyone), in the seat's own order; the seat refers to them as 1, 2, 3… (never
  by the script's ids, which would hint at what others received). Public fields only,
  as ``app.drill.views``; beside them the numbers it signed for (``received``), the
  decisions it took (``decided``) and its own submissions. Decision options
  are offered only in a drill that is not double-blind. The scenario summary is
  withheld in a double-blind drill (as ``public_brief`` withholds it).
* **evaluator**: the criteria with the latest mark and this evaluator's own, the
  delivered injects with their expected actions and statuses, every action and note
  (players' submissions included), its own observations, and the hot wash figures
  (``DrillSession.evaluation()``).
* **presenter**: ``DrillSession.public_state()`` and nothing else.

The room never reads the session itself: ``views`` are built where the session is
driven, and handed over as plain data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.drill.clock import FIRST_REPORT_ITEMS, format_clock
from app.drill.session import DrillSession
from app.drill.state import InjectRun
from app.model.drill import MarkLevel
from app.room.roster import EVALUATOR, PRESENTER, SEAT, Member, Roster, unit_names

RECEIPT_TEXT = "已签收"  # the note a seat's received mark writes (who = seat, inject)
REPORT_ITEMS = tuple(name for name, _ in FIRST_REPORT_ITEMS)
NUMERALS = "一二三四五六七八九十"


def seat_injects(session: DrillSession, member: Member) -> list[InjectRun]:
    """The delivered injects a seat receives, in delivery order."""
    return [
        run
        for run in session.state.delivered()
        if not run.item.to or any(t in member.match for t in run.item.to)
    ]


def _clock(session: DrillSession) -> dict[str, Any]:
    s = session.scenario_s()
    return {
        "state": session.clock_state.value,
        "scenario_s": round(s, 3),
        "text": format_clock(s),
        "speed": session.clock.speed,
    }


def _names(session: DrillSession) -> dict[str, str]:
    units = unit_names(session.plan)
    people = {p.id: p.name or p.id for p in session.drill.participants}
    return {**people, **units}


class _Shared:
    """What every seat's view is cut from, computed once per build."""

    def __init__(self, session: DrillSession) -> None:
        self.names = _names(session)
        self.delivered = session.state.delivered()
        self.clock = _clock(session)
        self.actions: dict[str | None, list[Any]] = {}
        self.decided: dict[tuple[str | None, str | None], str] = {}  # (who, inject) -> option
        options = {d.id: d.text for r in session.state.runs.values() for d in r.item.decisions}
        for a in session.state.actions:
            self.actions.setdefault(a.who, []).append(a)
            if a.decision is not None:
                self.decided[(a.who, a.inject)] = options.get(a.decision, "")
        self.injects: dict[str, dict[str, Any]] = {}  # the seat-independent fields
        blind = session.drill.meta.blind
        for run in self.delivered:
            item = run.item
            self.injects[run.id] = {
                "title": item.title,
                "at": format_clock(run.delivered_s or 0.0),
                "source": item.from_ or "",
                "to": "、".join(self.names.get(t, t) for t in item.to),
                "channel": item.channel.zh,  # type: ignore[attr-defined]
                "text": item.text,
                "options": [] if blind else [d.text for d in item.decisions],
                "files": [Path(name).name for name in item.attachments],  # names, never paths
            }
        self.received: dict[str | None, set[str | None]] = {}
        for n in session.state.notes:
            if n.text == RECEIPT_TEXT:
                self.received.setdefault(n.who, set()).add(n.inject)


def _seat(session: DrillSession, member: Member, seq: int, shared: _Shared) -> dict[str, Any]:
    drill = session.drill
    blind = drill.meta.blind
    runs = [
        r for r in shared.delivered if not r.item.to or any(t in member.match for t in r.item.to)
    ]
    received = shared.received.get(member.key, set())
    # The inject dicts are shared by every seat (built once per build); what is the seat's
    # own (signed for, decided) sits beside them, keyed by the seat's numbers 1, 2, 3…
    injects = [shared.injects[run.id] for run in runs]
    number = {run.id: i for i, run in enumerate(runs, start=1)}
    decided = {
        str(i): shared.decided[(member.key, run.id)]
        for i, run in enumerate(runs, start=1)
        if (member.key, run.id) in shared.decided
    }
    mine = [
        {
            "at": format_clock(a.scn),
            "text": a.text,
            "inject": number.get(a.inject or "", 0),
        }
        for a in shared.actions.get(member.key, [])
    ]
    return {
        "role": SEAT,
        "seq": seq,
        "title": drill.meta.title,
        "me": member.name,
        "blind": blind,
        "scenario": "" if blind else drill.meta.scenario,
        "clock": shared.clock,
        "started": session.state.started,
        "ended": session.ended,
        "injects": injects,
        "received": sorted(number[i] for i in received if i in number),
        "decided": decided,
        "mine": mine,
        "report_items": list(REPORT_ITEMS),
    }


def _evaluator_common(session: DrillSession, seq: int) -> dict[str, Any]:
    drill = session.drill
    names = _names(session)
    now = session.scenario_s()
    runs = session.state.delivered()
    titles = {run.id: run.item.title or f"注入{i}" for i, run in enumerate(runs, start=1)}
    injects = []
    for i, run in enumerate(runs, start=1):
        item = run.item
        injects.append(
            {
                "id": run.id,
                "n": i,
                "title": item.title,
                "at": format_clock(run.delivered_s or 0.0),
                "to": "、".join(names.get(t, t) for t in item.to),
                "text": item.text,
                "points": list(item.evaluation_points),
                "expected": [
                    {
                        "id": ea.id,
                        "text": ea.text,
                        "by": names.get(ea.by or "", ea.by or ""),
                        "status": session.state.expected_status(ea.id, now).label.zh,
                    }
                    for ea in item.expected
                ],
            }
        )
    log = [
        {
            "at": format_clock(a.scn),
            "who": names.get(a.who or "", a.who or ""),
            "text": a.text,
            "inject": titles.get(a.inject or "", ""),
            "kind": "action",
        }
        for a in session.state.actions
    ]
    result = session.evaluation()
    hotwash = {
        "score": result.score,
        "grade": result.grade,
        "conclusion": result.conclusion().zh,
        "marked": result.marked,
        "total": result.total,
        "criteria": [
            {"id": c.id, "text": c.text, "score": c.score, "key": c.key, "failed": c.failed_key}
            for c in result.criteria
        ],
    }
    return {
        "role": EVALUATOR,
        "seq": seq,
        "title": drill.meta.title,
        "clock": _clock(session),
        "started": session.state.started,
        "ended": session.ended,
        "method": drill.evaluation.method.value,
        "levels": [{"value": lv.value, "text": lv.zh} for lv in MarkLevel],  # type: ignore[attr-defined]
        "injects": injects,
        "log": log,
        "hotwash": hotwash,
    }


def _evaluator(session: DrillSession, member: Member, common: dict[str, Any]) -> dict[str, Any]:
    names = _names(session)
    marks = session.state.marks
    mine: dict[str, Any] = {}
    for _seq, mark in session.state.mark_log:
        if mark.by == member.key:
            mine[mark.criterion] = mark
    criteria = []
    for c in session.drill.evaluation.criteria:
        latest = marks.get(c.id)
        own = mine.get(c.id)
        criteria.append(
            {
                "id": c.id,
                "text": c.text,
                "category": c.category or "",
                "weight": c.weight,
                "key": c.key,
                "latest": None
                if latest is None
                else {
                    "score": latest.score,
                    "level": latest.level.zh if latest.level else None,  # type: ignore[attr-defined]
                    "by": names.get(latest.by or "", latest.by or ""),
                },
                "mine": None
                if own is None
                else {
                    "score": own.score,
                    "level": own.level.value if own.level else None,
                    "note": own.note or "",
                },
            }
        )
    titles = {run.id: run.item.title for run in session.state.delivered()}
    observations = [
        {"at": format_clock(n.scn), "text": n.text, "inject": titles.get(n.inject or "", "")}
        for n in session.state.notes
        if n.who == member.key
    ]
    return {**common, "me": member.name, "criteria": criteria, "observations": observations}


def _presenter(session: DrillSession, seq: int) -> dict[str, Any]:
    names = _names(session)
    data = session.public_state().to_dict()
    for inject in data["injects"]:
        inject["to"] = "、".join(names.get(t, t) for t in inject["to"])
        inject["attachments"] = [Path(name).name for name in inject["attachments"]]
    return {"role": PRESENTER, "seq": seq, "ended": session.ended, **data}


def build_views(session: DrillSession, roster: Roster) -> dict[str, dict[str, Any]]:
    """Every member's view now; call it where the session is driven (one thread)."""
    seq = session.state.last_seq
    out: dict[str, dict[str, Any]] = {}
    common: dict[str, Any] | None = None
    presenter: dict[str, Any] | None = None
    shared = _Shared(session)
    for member in roster.members:
        ident = Roster.ident(member)
        if member.kind == SEAT:
            out[ident] = _seat(session, member, seq, shared)
        elif member.kind == EVALUATOR:
            common = common or _evaluator_common(session, seq)
            out[ident] = _evaluator(session, member, common)
        else:
            presenter = presenter or _presenter(session, seq)
            out[ident] = presenter
    return out


def _resolved(session: DrillSession, run: InjectRun) -> list[str]:
    folder = session.drill_path.parent if session.drill_path is not None else None
    out = []
    for name in run.item.attachments:
        path = Path(name)
        if not path.is_absolute() and folder is not None:
            path = folder / path
        out.append(str(path))
    return out


def build_files(session: DrillSession, roster: Roster) -> dict[str, list[list[str]]]:
    """Member -> the attachment files of its numbered injects (server side only: the
    views carry the file names, never where they are)."""
    delivered = session.state.delivered()
    everyone = [_resolved(session, run) for run in delivered]
    out: dict[str, list[list[str]]] = {}
    for member in roster.members:
        if member.kind == SEAT:
            out[Roster.ident(member)] = [
                _resolved(session, run) for run in seat_injects(session, member)
            ]
        else:
            out[Roster.ident(member)] = everyone
    return out


def report_text(items: list[str]) -> str:
    """A 信息报告 as one action text: the filled items, numbered like Art. 12 (一)–(六).

    The item names are left out on purpose: they contain the very words the report
    check searches for (``missing_report_items``), so only what the seat wrote counts.
    """
    lines = ["信息报告"]
    for i, text in enumerate(items):
        if text.strip():
            lines.append(f"（{NUMERALS[i]}）{text.strip()}")
    return "\n".join(lines)


__all__ = [
    "RECEIPT_TEXT",
    "REPORT_ITEMS",
    "build_files",
    "build_views",
    "report_text",
    "seat_injects",
]
