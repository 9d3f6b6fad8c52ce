"""A folder of plans and drills as one workspace: the library.

``scan_library`` reads every ``*.plan.yaml`` and ``*.drill.yaml`` under a folder, checks
each one, and computes what the dashboard shows: revision and drill due dates, open
findings, check status. An unreadable file becomes an entry with its reason; it never
stops the rest. The GUI runs the scan in a worker and shows progress and a cancel
button through the shared ``app.progress.Progress``.

Speed: ``quick=True`` reads only each file's details (the ``meta:`` block), enough for
every date column; the check counts come from a second, full scan (``Entry.checked``
tells which). A ``ScanCache`` (``app.library.cache``) keeps each file's result by path,
modification time and size, so a rescan rereads only the files that changed, and with
a folder it keeps them between sessions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.checks.dues import check_dues, compute_dues
from app.i18n import T
from app.library.cache import ScanCache
from app.library.facts import (
    DRILL_SUFFIX,
    PLAN_SUFFIX,
    Facts,
    counts,
    drill_facts,
    plan_of,
    read_facts,
    stamp_of,
)
from app.model.kinds import PlanKind
from app.model.plan import Meta
from app.progress import Progress

SKIP_DIRS = {".git", ".venv", "__pycache__", "node_modules"}
TABLETOP = "桌面"
LIVE = "实战"


@dataclass
class Entry:
    """One row of the library table."""

    path: Path
    doc: str  # "plan", "drill" or "unreadable"
    title: str = ""
    kind: PlanKind | None = None
    unit: str = ""
    version: str = ""
    issued: dt.date | None = None
    last_revised: dt.date | None = None
    revision_due: dt.date | None = None
    last_drill: dt.date | None = None
    last_drill_form: str | None = None  # 桌面 / 实战 of the latest drill, when known
    # drills held (the plan's drill record and drill files dated up to today, one per day):
    # the one count the work plan, the plan-system document and its diagram show
    drills_held: int = 0
    drill_due: dt.date | None = None
    filing_due: dt.date | None = None
    filed: bool = True
    open_findings: int = 0
    overdue_findings: int = 0
    errors: int = 0
    warnings: int = 0
    checked: bool = True  # False while only the details were read: counts unknown
    parent: str | None = None  # a plan's 上级预案, as written
    exercises: str | None = None  # a drill's plan, as written
    drill_date: dt.date | None = None  # a drill's date
    drill_form: str | None = None
    reason: T | None = None  # why an unreadable file could not be read
    meta: Meta | None = field(default=None, repr=False, compare=False)
    findings: list[dict[str, Any]] = field(default_factory=list, repr=False, compare=False)

    def overdue(self, today: dt.date) -> list[T]:
        """What is late for this entry, in words."""
        late: list[T] = []
        if self.revision_due is not None and self.revision_due < today:
            late.append(
                T(
                    f"预案评估已逾期（应于 {self.revision_due} 前）",
                    f"evaluation overdue since {self.revision_due}",
                )
            )
        if self.drill_due is not None and self.drill_due < today:
            late.append(
                T(
                    f"演练已逾期（应于 {self.drill_due} 前）",
                    f"drill overdue since {self.drill_due}",
                )
            )
        if not self.filed and self.filing_due is not None and self.filing_due < today:
            late.append(
                T(
                    f"备案已逾期（应于 {self.filing_due} 前）",
                    f"filing overdue since {self.filing_due}",
                )
            )
        if self.overdue_findings:
            late.append(
                T(
                    f"{self.overdue_findings} 项整改逾期",
                    f"{self.overdue_findings} finding(s) overdue",
                )
            )
        return late

    def late_fields(self, today: dt.date) -> set[str]:
        """Which of the dashboard's fields are overdue (for highlighting)."""
        late = set()
        if self.revision_due is not None and self.revision_due < today:
            late.add("revision_due")
        if self.drill_due is not None and self.drill_due < today:
            late.add("drill_due")
        if not self.filed and self.filing_due is not None and self.filing_due < today:
            late.add("filing_due")
        if self.overdue_findings:
            late.add("open_findings")
        return late


@dataclass
class Library:
    root: Path
    entries: list[Entry]
    today: dt.date
    complete: bool = True  # False after a quick scan: check counts still to come

    def plans(self) -> list[Entry]:
        return [e for e in self.entries if e.doc == "plan"]

    def drills(self) -> list[Entry]:
        return [e for e in self.entries if e.doc == "drill"]

    def unreadable(self) -> list[Entry]:
        return [e for e in self.entries if e.doc == "unreadable"]

    def overdue(self) -> list[Entry]:
        return [e for e in self.entries if e.overdue(self.today)]

    def find(self, path: Path) -> Entry | None:
        target = _key(Path(path))
        return next((e for e in self.entries if _key(e.path) == target), None)

    def unit_name(self) -> str:
        """The organisation the library belongs to: the unit of its top plan, else the
        unit most of its plans name."""
        plans = [e for e in self.plans() if e.unit]
        for kind in (PlanKind.GOV_OVERALL, PlanKind.ENTERPRISE_COMPREHENSIVE):
            top = next((e.unit for e in plans if e.kind is kind), None)
            if top:
                return top
        names = [e.unit for e in plans]
        return max(sorted(set(names)), key=names.count) if names else ""


def iter_documents(root: Path) -> Iterator[Path]:
    """Plan and drill files under ``root``, in a stable order, skipping tool folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((PLAN_SUFFIX, DRILL_SUFFIX)) and not name.startswith("."):
                yield Path(folder) / name


def iter_folders(root: Path) -> Iterator[Path]:
    """The folders ``iter_documents`` looks into (what a file watcher should watch)."""
    for folder, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        yield Path(folder)


def _key(path: Path) -> str:
    """A path as links compare it: absolute, ``..`` folded, case-folded where the file
    system ignores case (no disk access, unlike ``resolve``: 500 plans stay fast)."""
    return os.path.normcase(os.path.abspath(path))


class Links:
    """Finds the plan a link names: a path relative to the linking file, or a title.

    A title may be cited as written, with the unit in front (how plans cite each other:
    示范化工有限公司生产安全事故综合应急预案) and in book-title marks 《》.
    """

    def __init__(self, plans: list[Entry]) -> None:
        self.by_path: dict[str, Entry] = {}
        self.by_title: dict[str, Entry] = {}
        for entry in plans:
            self.by_path.setdefault(_key(entry.path), entry)
            title = entry.title.strip()
            if title:
                self.by_title.setdefault(title, entry)
        for entry in plans:  # exact titles win over unit + title
            title = entry.title.strip()
            if title and entry.unit and not title.startswith(entry.unit):
                self.by_title.setdefault(entry.unit.strip() + title, entry)

    def find(self, source: Path, link: str | None) -> Entry | None:
        text = (link or "").strip()
        if not text:
            return None
        found = self.by_path.get(_key(source.parent / text))
        if found is not None:
            return found
        return self.by_title.get(text) or self.by_title.get(text.strip("《》 "))

    def find_any(self, source: Path, links: str | None) -> Entry | None:
        """The first plan found among several links separated by semicolons (a plan may
        name the park's and the district's plans as its 上级预案)."""
        found = self.find(source, links)
        if found is not None or not links:
            return found
        for part in re.split(r"[；;\n]+", links):
            found = self.find(source, part)
            if found is not None:
                return found
        return None


def resolve_link(source: Path, link: str, plans: list[Entry]) -> Entry | None:
    """A link is a path relative to the linking file, or the title of a plan.

    For many links build one ``Links`` index instead.
    """
    return Links(plans).find(source, link)


def _finding_overdue(finding: dict[str, Any], today: dt.date) -> bool:
    due = finding.get("due")
    return isinstance(due, dt.date) and due < today


def _is_open(finding: dict[str, Any]) -> bool:
    return str(finding.get("status", "open")) != "closed"


def _entry(path: Path, facts: Facts, today: dt.date) -> Entry:
    """A table row from what the file says and what today is."""
    if facts.doc == "plan" and facts.meta is not None:
        meta = facts.meta
        due_errors, due_warnings = counts(check_dues(plan_of(meta), today))
        return Entry(
            path,
            "plan",
            title=meta.title,
            kind=meta.kind,
            unit=meta.unit.name,
            version=meta.version,
            issued=meta.issued,
            errors=facts.errors + due_errors if facts.checked else 0,
            warnings=facts.warnings + due_warnings if facts.checked else 0,
            checked=facts.checked,
            parent=meta.parent,
            meta=meta,
        )
    if facts.doc == "drill":
        drill = facts.drill
        return Entry(
            path,
            "drill",
            title=facts.title or path.name,
            errors=facts.errors,
            warnings=facts.warnings,
            checked=facts.checked,
            exercises=drill.get("plan"),
            drill_date=drill.get("date"),
            drill_form=drill.get("form"),
            findings=list(drill.get("findings", [])),
        )
    reason = facts.reason or T("无法读取", "cannot be read")
    return Entry(path, "unreadable", title=path.name, reason=reason)


def scan_library(
    root: str | Path,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cache: ScanCache | None = None,
    quick: bool = False,
) -> Library:
    """Read and check every document under ``root``; unreadable files are listed, not fatal.

    With ``quick`` only the files the cache does not know are read, and only their
    details; the result's ``complete`` says whether every check count is known.
    """
    today = today or dt.date.today()
    base = Path(root)
    if cache is not None:
        cache.load(base)
    paths = list(iter_documents(base))
    entries: list[Entry] = []
    for i, path in enumerate(paths):
        if progress is not None:  # raises Cancelled when the user asked to stop
            progress.report(i, len(paths), T(f"正在读取 {path.name}", f"Reading {path.name}"))
        stamp = stamp_of(path)
        facts = cache.lookup(path, stamp, need_checked=not quick) if cache is not None else None
        if facts is None:
            facts = read_facts(path, today, quick=quick)
            if cache is not None:
                cache.store(path, stamp, facts)
        entries.append(_entry(path, facts, today))
    if progress is not None:
        progress.report(len(paths), len(paths), T("读取完毕", "Done"))
    if cache is not None:
        cache.forget_missing({str(p) for p in paths})
    _link_drills(entries, today)
    return Library(base, entries, today, complete=all(e.checked for e in entries))


def _form_of(text: str | None) -> str | None:
    """桌面 or 实战 from a drill's form as written (桌面推演, tabletop, 实战演练, live…)."""
    if not text:
        return None
    lowered = text.lower()
    if TABLETOP in text or "tabletop" in lowered:
        return TABLETOP
    if LIVE in text or "live" in lowered:
        return LIVE
    return None


def _link_drills(entries: list[Entry], today: dt.date) -> None:
    """Fold what drill files say into their plans' due dates and finding counts."""
    plans = [e for e in entries if e.doc == "plan"]
    links = Links(plans)
    held: dict[int, list[tuple[dt.date, str | None]]] = {}
    for drill in (e for e in entries if e.doc == "drill"):
        target = links.find(drill.path, drill.exercises)
        open_findings = [f for f in drill.findings if _is_open(f)]
        drill.open_findings = len(open_findings)
        drill.overdue_findings = sum(_finding_overdue(f, today) for f in open_findings)
        if target is None:
            continue
        target.open_findings += drill.open_findings
        target.overdue_findings += drill.overdue_findings
        if drill.drill_date is not None and drill.drill_date <= today:
            held.setdefault(id(target), []).append((drill.drill_date, drill.drill_form))
    for entry in plans:
        assert entry.meta is not None
        files = held.get(id(entry), [])
        dues = compute_dues(plan_of(entry.meta), extra_drills=tuple(d for d, _ in files))
        entry.last_revised = dues.last_revised
        entry.revision_due = dues.revision_due
        entry.last_drill = dues.last_drill
        entry.drill_due = dues.drill_due
        entry.filing_due = dues.filing_due
        entry.filed = dues.filed
        records = [(r.date, r.form) for r in entry.meta.drill_history] + files
        entry.drills_held = len({day for day, _ in records})
        if records:
            entry.last_drill_form = _form_of(max(records, key=lambda r: r[0])[1])


__all__ = [
    "DRILL_SUFFIX",
    "LIVE",
    "PLAN_SUFFIX",
    "TABLETOP",
    "Entry",
    "Library",
    "Links",
    "ScanCache",
    "drill_facts",
    "iter_documents",
    "iter_folders",
    "resolve_link",
    "scan_library",
]
