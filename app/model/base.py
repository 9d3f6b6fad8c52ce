"""Shared pieces of the schema: the strict base model and id rules."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

# Limits far above any real plan or drill: they keep a hostile or broken file from making
# every command slow or huge, and from dates the date arithmetic cannot reach.
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_ITEMS = 5_000  # entries of one kind in one document (sections, contacts, steps, injects…)
MAX_MINUTES = 366 * 24 * 60  # a time limit, delay or drill time in minutes: within a year

# Ids are stable handles that references use; they are never shown as headings.
Id = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[^\s/]+$")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]


def _plausible_date(value: dt.date) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "date_range",
            "date {date} is outside the years {min_year} to {max_year}",
            {"date": value.isoformat(), "min_year": MIN_YEAR, "max_year": MAX_YEAR},
        )
    return value


# Every date of a plan or drill: a year such as 9999 is a typo (or "for ever"), never a date
# a due date may be counted from.
Date = Annotated[dt.date, AfterValidator(_plausible_date)]


class Model(BaseModel):
    """Base of every schema model: unknown keys are errors, so typos surface."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        populate_by_name=True,
        # Phone numbers and versions are often typed unquoted; keep them as text.
        coerce_numbers_to_str=True,
        # .inf and .nan are no quantity, time or weight
        allow_inf_nan=False,
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
