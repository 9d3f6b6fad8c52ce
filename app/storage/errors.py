"""Errors the storage layer raises: each names the file, the line and what to do."""

from __future__ import annotations

from app.i18n import T


class StorageError(Exception):
    """Base: carries a bilingual message and the file it concerns."""

    def __init__(
        self,
        filename: str,
        message: T,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: T | None = None,
    ) -> None:
        super().__init__(message.en)
        self.filename = filename
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint

    def text(self, lang: str | None = None) -> str:
        msg = self.message.text(lang)
        if self.hint is not None:
            sep = ". " if lang == "en" else "。"
            msg = f"{msg}{sep}{self.hint.text(lang)}"
        return msg

    def location(self) -> str:
        return f"{self.filename}:{self.line}" if self.line else self.filename

    def __str__(self) -> str:
        return f"{self.location()}: {self.text()}"


class LoadError(StorageError):
    """The file cannot be read as a document at all (missing, binary, bad YAML…)."""


class SaveError(StorageError):
    """Saving failed; the file on disk is left as it was."""
