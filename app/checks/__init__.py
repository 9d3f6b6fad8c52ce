"""Checks: schema, completeness against the standard, integrity, due dates.

Every check returns ``Problem`` objects; ``check_plan`` fills in their YAML lines.
The CLI's ``validate`` and the editor's problems dock both call ``check_file`` /
``check_plan``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.checks.completeness import check_completeness
from app.checks.dues import check_dues
from app.checks.integrity import check_ids, check_placeholders, check_placement, check_references
from app.model.plan import PLAN_SCHEMA, Plan
from app.model.problems import Problem, Severity, sort_key
from app.storage.errors import LoadError
from app.storage.yamlio import LineMap, YamlDocument


def check_plan(
    plan: Plan,
    *,
    lines: LineMap | None = None,
    today: dt.date | None = None,
    filename: str | None = None,
) -> list[Problem]:
    today = today or dt.date.today()
    found: list[Problem] = []
    found += check_ids(plan)
    found += check_references(plan)
    found += check_placement(plan)
    found += check_completeness(plan)
    found += check_dues(plan, today)
    found += check_placeholders(plan)
    return [_locate(p, lines, filename) for p in found]


def _locate(p: Problem, lines: LineMap | None, filename: str | None) -> Problem:
    line = p.line if p.line is not None or lines is None else lines.line_for(p.path)
    return Problem(p.severity, p.code, p.message, p.path, line, filename or p.file, p.hint)


@dataclass
class FileReport:
    """What ``validate`` says about one file."""

    path: str
    kind: str = "plan"
    problems: list[Problem] = field(default_factory=list)
    fatal: LoadError | None = None
    model: Any = None  # the loaded Plan or Drill, for callers that need more than problems

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)


def check_file(path: str | Path, today: dt.date | None = None) -> FileReport:
    """Load any PlanDrill document and check it; never raises for bad input."""
    from app.storage.documents import schema_of
    from app.storage.yamlio import read_file

    name = str(path)
    try:
        doc = read_file(path)
        schema = schema_of(doc.data) or _schema_by_name(name)
        checker = _CHECKERS.get(schema, _check_plan_doc)
        report = checker(doc, name, today)
    except LoadError as exc:
        return FileReport(name, fatal=exc)
    report.problems.sort(key=sort_key)
    return report


def _schema_by_name(name: str) -> str:
    """A file without a ``schema:`` line is judged by its name (``*.drill.yaml``)."""
    return "plandrill/drill@1" if name.lower().endswith(".drill.yaml") else PLAN_SCHEMA


def _check_plan_doc(doc: YamlDocument, name: str, today: dt.date | None) -> FileReport:
    from app.storage.documents import parse

    loaded = parse(doc, Plan, PLAN_SCHEMA, name, Path(name))
    problems = list(loaded.problems)
    problems += check_plan(loaded.model, lines=loaded.lines, today=today, filename=name)
    return FileReport(name, "plan", problems, model=loaded.model)


Checker = Callable[[YamlDocument, str, dt.date | None], FileReport]
# schema id -> checker; drills register theirs
_CHECKERS: dict[str, Checker] = {PLAN_SCHEMA: _check_plan_doc}


def register_checker(schema: str, checker: Checker) -> None:
    _CHECKERS[schema] = checker


__all__ = ["FileReport", "Problem", "Severity", "check_file", "check_plan", "register_checker"]

# Drill files register their checker on import.
from app.checks import drills as _drills  # noqa: E402, F401
