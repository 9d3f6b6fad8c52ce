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


class ConflictError(SaveError):
    """The file changed on disk since it was read: saving would lose that change."""

    def __init__(self, filename: str) -> None:
        super().__init__(
            filename,
            T(
                "文件在读取之后已被修改（可能是另一个窗口、另一台电脑或其他程序保存的），"
                "为免丢失对方的修改，未覆盖",
                "The file changed on disk after it was read (another window, computer or "
                "program saved it); it was not overwritten, so that change is not lost",
            ),
            hint=T(
                "请另存为新文件，或比较两个版本后再决定是否覆盖；原文件未改动",
                "Save under a new name, or compare the two versions before overwriting; "
                "the file is untouched",
            ),
        )
