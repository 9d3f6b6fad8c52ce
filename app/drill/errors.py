"""Errors of the drill engine: each carries a bilingual message for the status bar."""

from __future__ import annotations

from app.i18n import T


class DrillError(Exception):
    """A drill request that cannot be carried out; nothing was recorded.

    ``message`` is a ``T`` (Chinese and English) that says why.
    """

    def __init__(self, message: T) -> None:
        super().__init__(message.en)
        self.message = message

    def text(self, lang: str | None = None) -> str:
        return self.message.text(lang)


class ClockError(DrillError):
    """A clock operation that makes no sense in the clock's state."""


class GenerateError(DrillError):
    """A drill cannot be generated from this plan (unknown level, no procedures)."""


class ReplayError(DrillError):
    """A journal entry that does not fit the drill (bad or foreign content)."""


__all__ = ["ClockError", "DrillError", "GenerateError", "ReplayError"]
