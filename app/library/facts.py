"""What one library file says, independent of today's date: the unit the scan caches.

A full read checks the file (``app.checks.check_file``) and keeps the plan's details
(``Meta``) and its problem counts, less the due-date problems, which depend on the day
and are recomputed from the details whenever the library is shown. A quick read takes
only the top-level ``meta:`` block (and a drill's ``findings:``) through the same safe
YAML loader: enough for every date column of the dashboard in a fraction of the time;
the check counts follow from a full read later. Nothing here raises for bad input: an
unreadable file becomes facts with a reason.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.checks import check_file
from app.checks.dues import check_dues
from app.i18n import T
from app.model.plan import Meta, Plan
from app.model.problems import Problem, Severity
from app.storage.errors import LoadError
from app.storage.guard import read_input
from app.storage.yamlio import MAX_BYTES, decode, load_text, read_file

PLAN_SUFFIX = ".plan.yaml"
DRILL_SUFFIX = ".drill.yaml"

Stamp = tuple[int, int]  # (mtime in ns, size): a file whose stamp is unchanged is not reread


@dataclass
class Facts:
    """The day-independent result of reading one file."""

    doc: str  # "plan", "drill" or "unreadable"
    title: str = ""
    meta: Meta | None = None  # a plan's details
    errors: int = 0  # check problems other than the due-date ones
    warnings: int = 0
    checked: bool = False  # False after a quick read: the counts are not known yet
    reason: T | None = None  # why the file cannot be read
    drill: dict[str, Any] = field(default_factory=dict)  # see drill_facts
    linked: Stamp | None = None  # a drill's plan file when the drill was checked


def stamp_of(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


_EMPTY: list[Plan] = []


def plan_of(meta: Meta) -> Plan:
    """A plan holding only ``meta``: all the due-date rules look at.

    A shallow copy of one empty plan: ``model_construct`` inspects every default
    factory on each call and costs milliseconds.
    """
    if not _EMPTY:
        _EMPTY.append(Plan())
    return _EMPTY[0].model_copy(update={"meta": meta})


def counts(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    return errors, warnings


def _unreadable(error: LoadError) -> Facts:
    reason = error.message
    if error.line:
        reason = T(f"第 {error.line} 行：{reason.zh}", f"line {error.line}: {reason.en}")
    return Facts("unreadable", reason=reason, checked=True)


# --- drills ----------------------------------------------------------------------------------


def drill_facts(data: Any) -> dict[str, Any]:
    """The few facts the library needs from a drill file, read tolerantly."""
    meta = data.get("meta", {}) if isinstance(data, dict) else {}
    meta = meta if isinstance(meta, dict) else {}
    findings = data.get("findings", []) if isinstance(data, dict) else []
    when = meta.get("date")
    return {
        "title": str(meta.get("title") or ""),
        "plan": meta.get("plan") if isinstance(meta.get("plan"), str) else None,
        "date": when if isinstance(when, dt.date) else None,
        "form": str(meta.get("form")) if meta.get("form") else None,
        "findings": [
            {"status": str(f.get("status", "open")), "due": f.get("due")}
            for f in findings
            if isinstance(f, dict)
        ]
        if isinstance(findings, list)
        else [],
    }


def linked_plan(path: Path, link: str | None) -> Path | None:
    """The plan file a drill names (a path relative to the drill), if it is a path."""
    if not link or not link.strip():
        return None
    return Path(os.path.abspath(path.parent / link.strip()))


def _drill_full(path: Path) -> Facts:
    try:
        data = read_file(path).data
    except LoadError as exc:
        return _unreadable(exc)
    facts = drill_facts(data)
    target = linked_plan(path, facts["plan"])
    report = check_file(path)
    if report.fatal is not None:  # read, but not a usable drill (e.g. past the limits)
        return _unreadable(report.fatal)
    errors, warnings = counts(report.problems)
    return Facts(
        "drill",
        title=facts["title"] or path.name,
        errors=errors,
        warnings=warnings,
        checked=True,
        drill=facts,
        linked=stamp_of(target) if target is not None else None,
    )


# --- plans -----------------------------------------------------------------------------------


def _plan_full(path: Path, today: dt.date) -> Facts:
    report = check_file(path, today=today)
    if report.fatal is not None:
        return _unreadable(report.fatal)
    plan = report.model
    if not isinstance(plan, Plan):
        return Facts("unreadable", reason=T("不是预案文件", "not a plan file"), checked=True)
    due_errors, due_warnings = counts(check_dues(plan, today))
    return Facts(
        "plan",
        title=plan.meta.title,
        meta=plan.meta,
        errors=report.errors - due_errors,
        warnings=report.warnings - due_warnings,
        checked=True,
    )


# --- quick reads -----------------------------------------------------------------------------

_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")


def top_level_blocks(text: str, keys: set[str]) -> str | None:
    """The lines of the top-level ``keys`` of a block-style YAML mapping, or None when
    the file is laid out otherwise (flow style, quoted keys): read it whole then."""
    out: list[str] = []
    taking = False
    found = False
    for line in text.splitlines(keepends=True):
        first = line[:1]
        if first == "-" and line[1:2] in ("", " ", "\t", "\r", "\n"):
            pass  # an item of a list that sits at the indentation of its key
        elif first and first not in " \t#\r\n":
            if line.startswith(("---", "...")):
                taking = False
                continue
            match = _TOP_KEY.match(line)
            if match is None:
                return None
            taking = match.group(1) in keys
            found = found or taking
        if taking:
            out.append(line)
    return "".join(out) if found else None


def _quick_data(path: Path, keys: set[str]) -> dict[str, Any] | None:
    try:
        text = decode(read_input(path, max_bytes=MAX_BYTES).data, str(path))[0]
        block = top_level_blocks(text, keys)
        if block is None:
            return None
        data = load_text(block, str(path)).data
    except (OSError, LoadError):
        return None  # the full read says what is wrong
    return data if isinstance(data, dict) else None


def _plan_quick(path: Path) -> Facts | None:
    data = _quick_data(path, {"meta"})
    if data is None or not isinstance(data.get("meta"), dict):
        return None
    try:
        meta = Meta.model_validate(data["meta"])
    except ValidationError:
        return None  # the full read salvages what it can and lists the problems
    return Facts("plan", title=meta.title, meta=meta)


def _drill_quick(path: Path) -> Facts | None:
    data = _quick_data(path, {"meta", "findings"})
    if data is None:
        return None
    facts = drill_facts(data)
    return Facts("drill", title=facts["title"] or path.name, drill=facts)


def read_facts(path: Path, today: dt.date, *, quick: bool = False) -> Facts:
    """Read one file: fully (checked), or only its details when ``quick``."""
    is_plan = path.name.endswith(PLAN_SUFFIX)
    if quick:
        found = _plan_quick(path) if is_plan else _drill_quick(path)
        if found is not None:
            return found
    return _plan_full(path, today) if is_plan else _drill_full(path)
