"""Drill files (``*.drill.yaml``), their linked plan, and their session journals.

A drill file links the plan it exercises by a path relative to itself
(``meta.plan``). Each run of the drill is a *session*, recorded in an append-only
journal next to the drill file::

    演练.drill.yaml  ->  演练.20260315-093000.journal.jsonl

``list_sessions`` lists them (newest first) and ``find_unfinished`` finds the one to
offer for "resume after crash": a session whose journal has no ``end`` entry.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.i18n import T
from app.model.drill import DRILL_SCHEMA, Drill
from app.model.plan import Plan
from app.model.problems import Problem
from app.storage import documents, names
from app.storage.documents import Loaded
from app.storage.errors import LoadError
from app.storage.journal import JournalRead, read_journal
from app.storage.plans import load_plan

DRILL_SUFFIX = ".drill.yaml"
JOURNAL_SUFFIX = ".journal.jsonl"
END_EVENT = "end"
HEADER = (
    "# PlanDrill 演练文件（plandrill/drill@1）。可用 PlanDrill 打开编辑，也可用文本编辑器修改。\n"
)
_SESSION_ID = re.compile(r"^\d{8}-\d{6}(?:-\d+)?$")


def load_drill(path: str | Path) -> Loaded[Drill]:
    return documents.load(path, Drill, DRILL_SCHEMA)


def loads_drill(text: str, filename: str = "<text>") -> Loaded[Drill]:
    return documents.loads(text, Drill, DRILL_SCHEMA, filename)


def _tidy(value: Any) -> Any:
    """Drop empty strings (the default of every text field) and write 5.0 as 5."""
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items() if v != ""}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Keys a reader looks for first in an inject or a card; the rest follow in schema order.
_INJECT_FIRST = ("id", "title", "at_min", "trigger", "category", "severity", "preconditions")


def _inject_first(item: dict[str, Any]) -> dict[str, Any]:
    head = {k: item[k] for k in _INJECT_FIRST if k in item}
    return {**head, **{k: v for k, v in item.items() if k not in head}}


def drill_data(drill: Drill) -> dict[str, Any]:
    """The drill as plain data, the way it is written to a file."""
    tidy = _tidy(documents.to_data(drill))
    assert isinstance(tidy, dict)
    for key in ("script", "library"):
        if key in tidy:
            tidy[key] = [_inject_first(item) for item in tidy[key]]
    return tidy


def dumps_drill(drill: Drill) -> str:
    from app.storage.yamlio import dump_text

    return dump_text(drill_data(drill), header=HEADER)


def save_drill(
    drill: Drill, path: str | Path, *, backup: bool = True, expect: str | None = None
) -> str:
    """Save a drill; see ``documents.save`` for ``expect`` and what it returns."""
    from app.storage.atomic import write_atomic

    return write_atomic(path, dumps_drill(drill).encode("utf-8"), backup=backup, expect=expect)


# --- the linked plan --------------------------------------------------------------------


def linked_plan_path(drill_path: str | Path | None, drill: Drill) -> Path | None:
    """Where the drill's plan lives: ``meta.plan`` resolved against the drill's folder."""
    if not drill.meta.plan:
        return None
    target = Path(drill.meta.plan)
    if not target.is_absolute() and drill_path is not None:
        target = Path(drill_path).parent / target
    return target


def relative_plan_path(plan_path: str | Path, drill_path: str | Path) -> str:
    """How a drill file at ``drill_path`` should name ``plan_path`` (with ``/``)."""
    plan_abs = Path(plan_path).resolve()
    folder = Path(drill_path).resolve().parent
    try:
        return Path(os.path.relpath(plan_abs, folder)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return plan_abs.as_posix()


def load_linked_plan(drill_path: str | Path | None, drill: Drill) -> Loaded[Plan] | None:
    """Load the plan the drill exercises; None when it names none.

    Raises ``LoadError`` naming the plan's path when it is missing or unreadable.
    """
    target = linked_plan_path(drill_path, drill)
    if target is None:
        return None
    if not target.exists():
        raise LoadError(
            str(target),
            T(
                f"演练关联的预案文件不存在：{target}",
                f"The plan this drill exercises does not exist: {target}",
            ),
            hint=T(
                "请检查 meta.plan（相对于演练文件所在文件夹的路径）",
                "Check meta.plan (a path relative to the drill file's folder)",
            ),
        )
    try:
        return load_plan(target)
    except LoadError as exc:
        raise LoadError(
            str(target),
            T(
                f"无法读取演练关联的预案 {target}：{exc.message.zh}",
                f"Cannot read the plan this drill exercises, {target}: {exc.message.en}",
            ),
            line=exc.line,
            hint=exc.hint,
        ) from None


def linked_plan(drill: Drill, filename: str | Path | None) -> tuple[Plan | None, LoadError | None]:
    """The plan a drill names, loaded relative to the drill file (not for unsaved drills)."""
    if not drill.meta.plan:
        return None, None
    if filename is None and not Path(drill.meta.plan).is_absolute():
        return None, None  # relative to a file that does not exist yet
    try:
        loaded = load_linked_plan(filename, drill)
    except LoadError as exc:
        return None, exc
    return (loaded.model if loaded is not None else None), None


# --- sessions ------------------------------------------------------------------------------


def drill_stem(drill_path: str | Path) -> str:
    name = Path(drill_path).name
    for suffix in (DRILL_SUFFIX, ".yaml", ".yml"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


# A journal is named <drill>.<session>.journal.jsonl; the drill's part is cut to leave
# room for the session id (at most 32) within the 255 units and bytes of one name.
_JOURNAL_STEM = names.MAX_COMPONENT - 33 - len(JOURNAL_SUFFIX)


def _journal_stem(drill_path: str | Path) -> str:
    return names.fit(drill_stem(drill_path), _JOURNAL_STEM, _JOURNAL_STEM)


def journal_path(drill_path: str | Path, session_id: str) -> Path:
    return Path(drill_path).with_name(f"{_journal_stem(drill_path)}.{session_id}{JOURNAL_SUFFIX}")


def new_session_id(drill_path: str | Path, now: dt.datetime | None = None) -> str:
    """A readable, sortable id (``20260315-093000``) not yet used next to the drill."""
    base = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    ident, n = base, 1
    while journal_path(drill_path, ident).exists():
        n += 1
        ident = f"{base}-{n}"
    return ident


@dataclass
class SessionInfo:
    """A recorded session of a drill, as listed for "continue" and reports."""

    id: str
    path: Path
    started: str | None = None  # wall-clock time the session was created (ISO)
    last: str | None = None  # wall-clock time of the last entry (ISO)
    entries: int = 0
    finished: bool = False
    problems: list[Problem] = field(default_factory=list)
    error: LoadError | None = None

    @property
    def readable(self) -> bool:
        return self.error is None


def session_info(path: str | Path, read: JournalRead | None = None) -> SessionInfo:
    p = Path(path)
    ident = (
        p.name[: -len(JOURNAL_SUFFIX)].rsplit(".", 1)[-1]
        if p.name.endswith(JOURNAL_SUFFIX)
        else p.stem
    )
    try:
        read = read or read_journal(p)
    except LoadError as exc:
        return SessionInfo(ident, p, error=exc)
    header = read.header
    return SessionInfo(
        id=str(header.get("session") or ident),
        path=p,
        started=header.get("wall"),
        last=read.entries[-1].get("wall"),
        entries=len(read.entries),
        finished=any(e.type == END_EVENT for e in read.entries),
        problems=list(read.problems),
    )


def list_sessions(drill_path: str | Path) -> list[SessionInfo]:
    """Every session journal next to the drill file, newest first."""
    drill = Path(drill_path)
    folder = drill.parent if str(drill.parent) else Path(".")
    stem = _journal_stem(drill)
    pattern = re.compile(rf"^{re.escape(stem)}\.([^.]+){re.escape(JOURNAL_SUFFIX)}$")
    found: list[SessionInfo] = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        match = pattern.match(name)
        if match and _SESSION_ID.match(match.group(1)):
            found.append(session_info(folder / name))
    found.sort(key=lambda s: s.id, reverse=True)
    return found


def find_unfinished(drill_path: str | Path) -> SessionInfo | None:
    """The newest readable session that was never ended (to offer "resume")."""
    return next((s for s in list_sessions(drill_path) if s.readable and not s.finished), None)


__all__ = [
    "DRILL_SUFFIX",
    "END_EVENT",
    "HEADER",
    "JOURNAL_SUFFIX",
    "SessionInfo",
    "drill_data",
    "drill_stem",
    "dumps_drill",
    "find_unfinished",
    "journal_path",
    "linked_plan",
    "linked_plan_path",
    "list_sessions",
    "load_drill",
    "load_linked_plan",
    "loads_drill",
    "new_session_id",
    "relative_plan_path",
    "save_drill",
    "session_info",
]
