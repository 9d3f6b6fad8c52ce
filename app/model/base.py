"""Shared pieces of the schema: the strict base model and id rules."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# Ids are stable handles that references use; they are never shown as headings.
Id = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[^\s/]+$")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class Model(BaseModel):
    """Base of every schema model: unknown keys are errors, so typos surface."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        populate_by_name=True,
        # Phone numbers and versions are often typed unquoted; keep them as text.
        coerce_numbers_to_str=True,
    )


class LabeledEnum(StrEnum):
    """A str enum whose members carry a Chinese and an English label."""

    def __new__(cls, value: str, zh: str = "", en: str = "") -> LabeledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.zh = zh or value  # type: ignore[attr-defined]
        obj.en = en or value  # type: ignore[attr-defined]
        return obj

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh  # type: ignore[attr-defined]

    def __str__(self) -> str:
        return self.value
