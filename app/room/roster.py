"""Who may join a drill room: one seat per team played, one place per evaluator, a presenter.

Each member holds one random token (``secrets.token_urlsafe(24)``: 192 bits) that is
the whole of its credential; its join link is ``http://HOST:PORT/r/TOKEN/``. Seats
follow the console's 执行方 buttons: the players and simulators, one seat per team they
play (a plan org unit, else their group, else the person). An evaluator is a
participant with the evaluator role (or one generic evaluator place when the drill
names none).

Tokens of a running room are kept next to the journal (``….room.json``, owner-only
permissions), so that after a crash and a resume the devices' links still work. A clean
stop of the room deletes the file: the next room issues new links. Revoking a member
gives it a new token at once (the old one is dead).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from app.model.drill import Drill, Role
from app.model.plan import Plan

SEAT = "seat"
EVALUATOR = "evaluator"
PRESENTER = "presenter"
KINDS = (SEAT, EVALUATOR, PRESENTER)
TOKEN_BYTES = 24  # 192 bits; the brief asks for at least 128
ROOM_SUFFIX = ".room.json"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def join_url(host: str, port: int, token: str) -> str:
    """A member's join link (an IPv6 address in brackets)."""
    authority = f"[{host}]" if ":" in host else host
    return f"http://{authority}:{port}/r/{token}/"


@dataclass(frozen=True)
class Member:
    """A seat, an evaluator or the presenter.

    ``key`` is what the journal records as ``who`` / ``by`` for it (a participant id or
    an org-unit id, as the console records them); ``match`` the ``to`` values of the
    injects it receives.
    """

    kind: str
    key: str
    name: str  # shown on its page and in the console: "指挥部（总经理）"
    match: frozenset[str] = frozenset()


@dataclass
class Roster:
    members: list[Member]
    tokens: dict[str, str] = field(default_factory=dict)  # token -> member key (kind:key)

    @staticmethod
    def ident(member: Member) -> str:
        return f"{member.kind}:{member.key}"

    def member(self, ident: str) -> Member | None:
        return next((m for m in self.members if self.ident(m) == ident), None)

    def by_token(self, token: str) -> Member | None:
        ident = self.tokens.get(token)
        return None if ident is None else self.member(ident)

    def token_of(self, member: Member) -> str | None:
        ident = self.ident(member)
        return next((t for t, i in self.tokens.items() if i == ident), None)

    def issue(self) -> None:
        """A token for every member that has none."""
        have = set(self.tokens.values())
        for m in self.members:
            if self.ident(m) not in have:
                self.tokens[new_token()] = self.ident(m)

    def revoke(self, member: Member) -> str:
        """Kill the member's token; returns its new one."""
        ident = self.ident(member)
        self.tokens = {t: i for t, i in self.tokens.items() if i != ident}
        token = new_token()
        self.tokens[token] = ident
        return token

    def invalidate(self, kinds: tuple[str, ...] = KINDS) -> None:
        self.tokens = {t: i for t, i in self.tokens.items() if i.partition(":")[0] not in kinds}

    def seats(self) -> list[Member]:
        return [m for m in self.members if m.kind == SEAT]

    def evaluators(self) -> list[Member]:
        return [m for m in self.members if m.kind == EVALUATOR]


def unit_names(plan: Plan | None) -> dict[str, str]:
    return {} if plan is None else {u.id: u.name or u.id for u in plan.organization.units()}


def build_roster(drill: Drill, plan: Plan | None) -> Roster:
    units = unit_names(plan)
    people = [p for p in drill.participants if p.role in (Role.PLAYER, Role.SIMULATOR)]
    teams: dict[str, list] = {}
    for person in people:
        team = units.get(person.plays or "", person.plays) if person.plays else None
        teams.setdefault(team or person.group or person.name or person.id, []).append(person)
    members: list[Member] = []
    for team, group in teams.items():
        plays = {m.plays for m in group}
        key = (
            group[0].id
            if len(group) == 1 or len(plays) != 1 or None in plays
            else str(group[0].plays)
        )
        names = "、".join(m.name or m.id for m in group)
        label = f"{team}（{names}）" if team != names else team
        match = {key, team}
        for m in group:
            match |= {m.id, m.name} | ({m.plays} if m.plays else set())
            if m.group:
                match.add(m.group)
        members.append(Member(SEAT, key, label, frozenset(x for x in match if x)))
    evaluators = [p for p in drill.participants if p.role is Role.EVALUATOR]
    for p in evaluators:
        label = f"{p.name}（{p.org}）" if p.org else (p.name or p.id)
        members.append(Member(EVALUATOR, p.id, label))
    if not evaluators:
        members.append(Member(EVALUATOR, "evaluator", "评估人员"))
    members.append(Member(PRESENTER, "presenter", "投屏"))
    return Roster(members)


# --- the tokens file ------------------------------------------------------------------------


def tokens_path(journal: Path) -> Path:
    name = journal.name
    stem = name[: -len(".journal.jsonl")] if name.endswith(".journal.jsonl") else journal.stem
    return journal.with_name(stem + ROOM_SUFFIX)


def saved_port(journal: Path) -> int | None:
    """The port a crashed room of this session listened on (devices hold links to it)."""
    try:
        data = json.loads(tokens_path(journal).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    port = data.get("port") if isinstance(data, dict) else None
    return port if isinstance(port, int) and 0 < port < 65536 else None


def load_tokens(roster: Roster, journal: Path) -> None:
    """Take the tokens a crashed room left for this session (unknown members dropped)."""
    path = tokens_path(journal)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, dict):
        return
    known = {Roster.ident(m) for m in roster.members}
    roster.tokens = {
        t: i
        for t, i in tokens.items()
        if isinstance(t, str) and isinstance(i, str) and i in known and len(t) >= 22
    }


def save_tokens(
    roster: Roster, journal: Path, port: int | None = None, host: str | None = None
) -> None:
    """Write the tokens (owner-only, replaced atomically), with the address devices use."""
    path = tokens_path(journal)
    tmp = path.with_name(path.name + ".tmp")
    data = json.dumps(
        {"tokens": roster.tokens, "port": port, "host": host}, ensure_ascii=False
    ).encode()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def saved_links(roster: Roster, journal: Path) -> dict[str, str]:
    """The join links of the room open on this session (member ident -> url), for the
    task cards; empty when no room is open (or its file lacks the address)."""
    try:
        data = json.loads(tokens_path(journal).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    host = data.get("host") if isinstance(data, dict) else None
    port = saved_port(journal)
    if not isinstance(host, str) or not host or port is None:
        return {}
    found = Roster(list(roster.members))
    load_tokens(found, journal)
    return {i: join_url(host, port, t) for t, i in found.tokens.items()}


def forget_tokens(journal: Path) -> None:
    with contextlib.suppress(OSError):
        tokens_path(journal).unlink()


__all__ = [
    "EVALUATOR",
    "KINDS",
    "PRESENTER",
    "SEAT",
    "Member",
    "Roster",
    "build_roster",
    "forget_tokens",
    "join_url",
    "load_tokens",
    "new_token",
    "save_tokens",
    "saved_links",
    "saved_port",
    "tokens_path",
    "unit_names",
]
