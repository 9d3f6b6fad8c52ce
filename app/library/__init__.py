"""A folder of plans and drills as one workspace: the library.

``scan_library`` reads every ``*.plan.yaml`` and ``*.drill.yaml`` under a folder, checks
each plan, and computes what the dashboard shows: revision and drill due dates, open
findings, check status. An unreadable file becomes an entry with its reason; it never
stops the rest. The GUI runs the scan in a worker and shows progress and a cancel
button through the shared ``app.progress.Progress``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.checks import check_file
from app.checks.dues import compute_dues
from app.i18n import T
from app.model.kinds import PlanKind
from app.model.plan import Plan
from app.progress import Progress

PLAN_SUFFIX = ".plan.yaml"
DRILL_SUFFIX = ".drill.yaml"
SKIP_DIRS = {".git", ".venv", "__pycache__", "node_modules"}


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
    drill_due: dt.date | None = None
    filing_due: dt.date | None = None
    filed: bool = True
    open_findings: int = 0
    overdue_findings: int = 0
    errors: int = 0
    warnings: int = 0
    parent: str | None = None  # a plan's 上级预案, as written
    exercises: str | None = None  # a drill's plan, as written
    drill_date: dt.date | None = None  # a drill's date
    drill_form: str | None = None
    reason: T | None = None  # why an unreadable file could not be read
    plan: Plan | None = field(default=None, repr=False, compare=False)
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


@dataclass
class Library:
    root: Path
    entries: list[Entry]
    today: dt.date

    def plans(self) -> list[Entry]:
        return [e for e in self.entries if e.doc == "plan"]

    def drills(self) -> list[Entry]:
        return [e for e in self.entries if e.doc == "drill"]

    def unreadable(self) -> list[Entry]:
        return [e for e in self.entries if e.doc == "unreadable"]

    def overdue(self) -> list[Entry]:
        return [e for e in self.entries if e.overdue(self.today)]

    def find(self, path: Path) -> Entry | None:
        target = Path(path).resolve()
        return next((e for e in self.entries if e.path.resolve() == target), None)


def iter_documents(root: Path) -> Iterator[Path]:
    """Plan and drill files under ``root``, in a stable order, skipping tool folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((PLAN_SUFFIX, DRILL_SUFFIX)) and not name.startswith("."):
                yield Path(folder) / name


def _plan_entry(path: Path, today: dt.date) -> Entry:
    report = check_file(path, today=today)
    if report.fatal is not None or not isinstance(report.model, Plan):
        reason = (
            report.fatal.message
            if report.fatal is not None
            else T("不是预案文件", "not a plan file")
        )
        if report.fatal is not None and report.fatal.line:
            reason = T(
                f"第 {report.fatal.line} 行：{reason.zh}", f"line {report.fatal.line}: {reason.en}"
            )
        return Entry(path, "unreadable", title=path.name, reason=reason)
    plan: Plan = report.model
    meta = plan.meta
    return Entry(
        path,
        "plan",
        title=meta.title,
        kind=meta.kind,
        unit=meta.unit.name,
        version=meta.version,
        issued=meta.issued,
        errors=report.errors,
        warnings=report.warnings,
        parent=meta.parent,
        plan=plan,
    )


def _drill_entry(path: Path) -> Entry:
    from app.storage.errors import LoadError
    from app.storage.yamlio import read_file

    try:
        data = read_file(path).data
    except LoadError as exc:
        reason = (
            exc.message
            if not exc.line
            else T(f"第 {exc.line} 行：{exc.message.zh}", f"line {exc.line}: {exc.message.en}")
        )
        return Entry(path, "unreadable", title=path.name, reason=reason)
    facts = drill_facts(data)
    return Entry(
        path,
        "drill",
        title=facts["title"] or path.name,
        exercises=facts["plan"],
        drill_date=facts["date"],
        drill_form=facts["form"],
        findings=facts["findings"],
    )


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
        "findings": [f for f in findings if isinstance(f, dict)]
        if isinstance(findings, list)
        else [],
    }


def resolve_link(source: Path, link: str, plans: list[Entry]) -> Entry | None:
    """A link is a path relative to the linking file, or the title of a plan."""
    text = link.strip()
    if not text:
        return None
    candidate = (source.parent / text).resolve()
    for entry in plans:
        if entry.path.resolve() == candidate:
            return entry
    for entry in plans:
        if entry.title.strip() == text:
            return entry
    return None


def _finding_overdue(finding: dict[str, Any], today: dt.date) -> bool:
    due = finding.get("due")
    return isinstance(due, dt.date) and due < today


def _is_open(finding: dict[str, Any]) -> bool:
    return str(finding.get("status", "open")) != "closed"


def scan_library(
    root: str | Path,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Library:
    """Read and check every document under ``root``; unreadable files are listed, not fatal."""
    today = today or dt.date.today()
    base = Path(root)
    paths = list(iter_documents(base))
    entries: list[Entry] = []
    for i, path in enumerate(paths):
        if progress is not None:  # raises Cancelled when the user asked to stop
            progress.report(i, len(paths), T(f"正在读取 {path.name}", f"Reading {path.name}"))
        if path.name.endswith(PLAN_SUFFIX):
            entries.append(_plan_entry(path, today))
        else:
            entries.append(_drill_entry(path))
    if progress is not None:
        progress.report(len(paths), len(paths), T("读取完毕", "Done"))
    _link_drills(entries, today)
    return Library(base, entries, today)


def _link_drills(entries: list[Entry], today: dt.date) -> None:
    """Fold what drill files say into their plans' due dates and finding counts."""
    plans = [e for e in entries if e.doc == "plan"]
    held: dict[int, list[dt.date]] = {}
    for drill in (e for e in entries if e.doc == "drill"):
        target = resolve_link(drill.path, drill.exercises or "", plans)
        open_findings = [f for f in drill.findings if _is_open(f)]
        drill.open_findings = len(open_findings)
        drill.overdue_findings = sum(_finding_overdue(f, today) for f in open_findings)
        if target is None:
            continue
        target.open_findings += drill.open_findings
        target.overdue_findings += drill.overdue_findings
        if drill.drill_date is not None and drill.drill_date <= today:
            held.setdefault(id(target), []).append(drill.drill_date)
    for entry in plans:
        assert entry.plan is not None
        dues = compute_dues(entry.plan, extra_drills=tuple(held.get(id(entry), ())))
        entry.last_revised = dues.last_revised
        entry.revision_due = dues.revision_due
        entry.last_drill = dues.last_drill
        entry.drill_due = dues.drill_due
        entry.filing_due = dues.filing_due
        entry.filed = dues.filed
