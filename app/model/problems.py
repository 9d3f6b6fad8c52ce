"""Problems found in a file: what checks, loaders and validators report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.i18n import T

Path = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> T:
        return _SEVERITY_LABELS[self]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


_SEVERITY_LABELS = {
    Severity.ERROR: T("错误", "error"),
    Severity.WARNING: T("警告", "warning"),
    Severity.INFO: T("提示", "info"),
}


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    message: T
    path: Path = ()
    line: int | None = None
    file: str | None = None
    hint: T | None = field(default=None, compare=False)

    def text(self, lang: str | None = None) -> str:
        msg = self.message.text(lang)
        if self.hint is not None:
            msg = f"{msg}{'。' if (lang or 'zh') != 'en' else '. '}{self.hint.text(lang)}"
        return msg

    def path_text(self) -> str:
        return format_path(self.path)

    def to_dict(self, lang: str | None = None) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "severity": self.severity.value,
            "code": self.code,
            "path": self.path_text(),
            "message": self.text(lang),
        }


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def count(problems: list[Problem]) -> dict[Severity, int]:
    counts = {s: 0 for s in Severity}
    for p in problems:
        counts[p.severity] += 1
    return counts


def sort_key(p: Problem) -> tuple[int, int, str]:
    return (p.line or 0, p.severity.rank, p.code)
