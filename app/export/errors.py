"""What an export says when it cannot go on, what it reports when it could, and the
one way every export reaches the disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import T
from app.model.problems import Problem, Severity
from app.progress import Progress
from app.storage.atomic import write_atomic
from app.storage.errors import StorageError


class ExportError(StorageError):
    """The export cannot be made (bad reference document, broken template …).

    Nothing has been written. ``message`` says what is wrong, ``hint`` what to do;
    ``filename``/``line`` name the file at fault when there is one (a template, the
    reference document), so callers that show storage errors can show these too.
    """

    def __init__(
        self,
        message: T,
        *,
        filename: str | None = None,
        line: int | None = None,
        hint: T | None = None,
    ) -> None:
        super().__init__(filename or "", message, line=line, hint=hint)

    def location(self) -> str:
        return super().location() if self.filename else ""

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.text()}" if where else self.text()


@dataclass
class ExportReport:
    """A finished export: where it went and what the user should know about it."""

    path: Path | None
    problems: list[Problem] = field(default_factory=list)
    count: int = 0  # cards written, or TOC headings in a plan
    placeholders: int = 0  # unfilled values marked 【待填写…】 (app.export.layer.placeholders)

    def note(self, severity: Severity, code: str, message: T) -> None:
        self.problems.append(Problem(severity, code, message))

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is not Severity.INFO]


def deliver(
    data: bytes, report: ExportReport, out_path: str | Path, progress: Progress | None
) -> ExportReport:
    """Write a finished document atomically (the previous file is kept as ``.bak``),
    unless the user cancelled while it was being built."""
    if progress is not None:
        progress.check()
    write_atomic(out_path, data)
    report.path = Path(out_path)
    if progress is not None:
        total = max(progress.total, 1)
        progress.report(total, total, T("已完成", "Done"))
    return report
