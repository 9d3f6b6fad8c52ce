"""What an export says when it cannot go on, and what it reports when it could."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import T
from app.model.problems import Problem, Severity


class ExportError(Exception):
    """The export cannot be made (bad reference document, broken template …).

    Nothing has been written. ``message`` says what is wrong, ``hint`` what to do.
    """

    def __init__(
        self,
        message: T,
        *,
        filename: str | None = None,
        line: int | None = None,
        hint: T | None = None,
    ) -> None:
        super().__init__(message.en)
        self.message = message
        self.filename = filename
        self.line = line
        self.hint = hint

    def text(self, lang: str | None = None) -> str:
        msg = self.message.text(lang)
        if self.hint is not None:
            msg = f"{msg}{'. ' if lang == 'en' else '。'}{self.hint.text(lang)}"
        return msg

    def location(self) -> str:
        if self.filename and self.line:
            return f"{self.filename}:{self.line}"
        return self.filename or ""

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.text()}" if where else self.text()


@dataclass
class ExportReport:
    """A finished export: where it went and what the user should know about it."""

    path: Path | None
    problems: list[Problem] = field(default_factory=list)
    count: int = 0  # cards written, or sections in a plan

    def note(self, severity: Severity, code: str, message: T) -> None:
        self.problems.append(Problem(severity, code, message))

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is not Severity.INFO]
