"""What the editors need to know about a schema field: label, kind, references.

Derived from the pydantic models, so the schema stays the one source of truth for
labels (``title`` / ``title_en``) and types. Qt-free: the table models and forms use it.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from app.i18n import T
from app.model import refs
from app.model.base import LabeledEnum
from app.model.dates import parse_date
from app.model.plan import Plan


class Kind(Enum):
    TEXT = "text"
    LINES = "lines"  # list of texts, edited one per line
    INT = "int"
    FLOAT = "float"
    NUMBER = "number"  # int or float
    DATE = "date"
    ENUM = "enum"
    REF = "ref"  # one id of another register, picked from a list
    REFS = "refs"  # several ids
    MODEL = "model"  # a nested model (forms only)
    OTHER = "other"


# Which register an id field points at: one table, in app.model.refs (the checks verify
# the same references; the editor offers only existing ids so that they stay valid).
ORG, CONTACTS, LEVELS = refs.ORG, refs.CONTACTS, refs.LEVELS
REFERENCES = refs.REFERENCES


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: T
    kind: Kind
    optional: bool = False
    required: bool = False  # no default: the id of a row, a drill record's date
    enum: type[LabeledEnum] | None = None
    ref: str | None = None
    model: type[BaseModel] | None = None
    minimum: float | None = None


def label_of(model: type[BaseModel], name: str) -> T:
    field = model.model_fields[name]
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return T(field.title or name, str(extra.get("title_en", name)))


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        rest = tuple(a for a in args if a is not type(None))
        optional = len(rest) < len(args)
        if len(rest) == 1:
            return rest[0], optional
        return rest, optional
    return annotation, False


def _base(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def spec_for(model: type[BaseModel], name: str) -> FieldSpec:
    field = model.model_fields[name]
    label = label_of(model, name)
    inner, optional = _strip_optional(field.annotation)
    inner = _base(inner)
    ref = REFERENCES.get(model, {}).get(name)
    minimum = None
    for meta in field.metadata:
        ge = getattr(meta, "ge", None)
        if ge is not None:
            minimum = float(ge)
    common = {
        "name": name,
        "label": label,
        "optional": optional,
        "required": field.is_required(),
        "minimum": minimum,
    }
    if isinstance(inner, tuple):
        bases = {_base(a) for a in inner}
        kind = Kind.NUMBER if bases == {int, float} else Kind.OTHER
        return FieldSpec(kind=kind, **common)  # type: ignore[arg-type]
    if typing.get_origin(inner) is list:
        item = _base(typing.get_args(inner)[0])
        if ref is not None:
            return FieldSpec(kind=Kind.REFS, ref=ref, **common)  # type: ignore[arg-type]
        if item is str:
            return FieldSpec(kind=Kind.LINES, **common)  # type: ignore[arg-type]
        return FieldSpec(kind=Kind.OTHER, **common)  # type: ignore[arg-type]
    if ref is not None:
        return FieldSpec(kind=Kind.REF, ref=ref, **common)  # type: ignore[arg-type]
    if isinstance(inner, type):
        if issubclass(inner, LabeledEnum):
            return FieldSpec(kind=Kind.ENUM, enum=inner, **common)  # type: ignore[arg-type]
        if issubclass(inner, bool):
            return FieldSpec(kind=Kind.OTHER, **common)  # type: ignore[arg-type]
        if issubclass(inner, int):
            return FieldSpec(kind=Kind.INT, **common)  # type: ignore[arg-type]
        if issubclass(inner, float):
            return FieldSpec(kind=Kind.FLOAT, **common)  # type: ignore[arg-type]
        if issubclass(inner, dt.date):
            return FieldSpec(kind=Kind.DATE, **common)  # type: ignore[arg-type]
        if issubclass(inner, str):
            return FieldSpec(kind=Kind.TEXT, **common)  # type: ignore[arg-type]
        if issubclass(inner, BaseModel):
            return FieldSpec(kind=Kind.MODEL, model=inner, **common)  # type: ignore[arg-type]
    return FieldSpec(kind=Kind.OTHER, **common)  # type: ignore[arg-type]


def specs_for(
    model: type[BaseModel], *, exclude: Iterable[str] = (), only: Iterable[str] | None = None
) -> list[FieldSpec]:
    skip = set(exclude)
    names = list(only) if only is not None else list(model.model_fields)
    return [spec_for(model, n) for n in names if n not in skip]


# --- references ------------------------------------------------------------------------


def ref_choices(plan: Plan, ref: str) -> list[tuple[str, str]]:
    """(id, name) of every row a reference of this kind may name, in plan order."""
    if ref == ORG:
        return [(u.id, u.name) for u in plan.organization.units()]
    if ref == CONTACTS:
        return [(c.id, c.name + (f"（{c.role}）" if c.role else "")) for c in plan.contacts]
    if ref == LEVELS:
        return [(lv.id, lv.name) for lv in plan.levels]
    return []


def ref_name(plan: Plan, ref: str, ident: str | None) -> str | None:
    """The name behind an id, or None when the id names nothing."""
    if ident is None:
        return None
    for key, name in ref_choices(plan, ref):
        if key == ident:
            return name or key
    return None


# --- text in and out ---------------------------------------------------------------------


class ParseError(ValueError):
    def __init__(self, message: T) -> None:
        super().__init__(message.en)
        self.message = message


def display_text(spec: FieldSpec, value: Any, lang: str, plan: Plan | None = None) -> str:
    """One-line text for a table cell."""
    if value is None:
        return ""
    if spec.kind is Kind.LINES:
        return "；".join(value) if lang != "en" else "; ".join(value)
    if spec.kind is Kind.ENUM:
        return value.label(lang) if isinstance(value, LabeledEnum) else str(value)
    if spec.kind is Kind.DATE:
        return value.isoformat()
    if spec.kind is Kind.REF and plan is not None and spec.ref:
        name = ref_name(plan, spec.ref, value)
        return name if name is not None else f"⚠ {value}"
    if spec.kind is Kind.REFS and plan is not None and spec.ref:
        names = []
        for ident in value:
            name = ref_name(plan, spec.ref, ident)
            names.append(name if name is not None else f"⚠ {ident}")
        return "、".join(names) if lang != "en" else ", ".join(names)
    if spec.kind in (Kind.FLOAT, Kind.NUMBER) and isinstance(value, float):
        return f"{value:g}"
    return str(value)


def edit_text(spec: FieldSpec, value: Any) -> str:
    """The text an editor starts with; ``parse_text`` reads it back."""
    if value is None:
        return ""
    if spec.kind in (Kind.LINES, Kind.REFS):
        return "\n".join(value)
    if spec.kind is Kind.DATE:
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parse_text(spec: FieldSpec, text: str) -> Any:
    """Text typed by the user to a field value; raises ParseError with a clear message."""
    stripped = text.strip()
    if spec.kind in (Kind.LINES, Kind.REFS):
        return [line.strip() for line in text.splitlines() if line.strip()]
    if not stripped:
        if spec.optional:
            return None
        if spec.kind is Kind.TEXT and not spec.required:
            return ""
        raise ParseError(T(f"“{spec.label.zh}”不能为空", f"'{spec.label.en}' must not be empty"))
    if spec.kind is Kind.INT:
        try:
            number: float = int(stripped)
        except ValueError:
            raise ParseError(
                T(f"“{spec.label.zh}”应为整数", f"'{spec.label.en}' should be a whole number")
            ) from None
        _check_min(spec, number)
        return number
    if spec.kind in (Kind.FLOAT, Kind.NUMBER):
        try:
            number = float(stripped)
        except ValueError:
            raise ParseError(
                T(f"“{spec.label.zh}”应为数字", f"'{spec.label.en}' should be a number")
            ) from None
        _check_min(spec, number)
        if spec.kind is Kind.NUMBER and number.is_integer() and "." not in stripped:
            return int(number)
        return number
    if spec.kind is Kind.DATE:
        try:
            return parse_date(stripped)
        except ValueError:
            raise ParseError(
                T(
                    f"“{spec.label.zh}”应为日期，如 2026-03-15 或 2026年3月15日",
                    f"'{spec.label.en}' should be a date like 2026-03-15",
                )
            ) from None
    return stripped if spec.kind is not Kind.TEXT else text.strip()


def _check_min(spec: FieldSpec, number: float) -> None:
    if spec.minimum is not None and number < spec.minimum:
        raise ParseError(
            T(
                f"“{spec.label.zh}”不能小于 {spec.minimum:g}",
                f"'{spec.label.en}' must not be below {spec.minimum:g}",
            )
        )


def empty_value(spec: FieldSpec) -> Any:
    """What clearing a cell stores."""
    if spec.kind in (Kind.LINES, Kind.REFS):
        return []
    if spec.optional:
        return None
    if spec.kind is Kind.TEXT and not spec.required:
        return ""
    raise ParseError(T(f"“{spec.label.zh}”不能为空", f"'{spec.label.en}' must not be empty"))


def next_id(prefix: str, taken: Iterable[str]) -> str:
    """The first ``prefix<N>`` not in use."""
    used = set(taken)
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


# --- cells as text on the clipboard ----------------------------------------------------

_LIST_SPLIT = re.compile(r"[、,，;；\n]+")


def cell_text(spec: FieldSpec, value: Any, lang: str, plan: Plan | None = None) -> str:
    """A cell as a spreadsheet shows it: names for references, one item per line."""
    if spec.kind is Kind.LINES:
        return "\n".join(value or [])
    return display_text(spec, value, lang, plan)


def _ref_lookup(plan: Plan, ref: str) -> dict[str, str]:
    """Text a user may paste for a reference -> id: the shown name, the bare name, the id."""
    out: dict[str, str] = {}
    for ident, name in reversed(ref_choices(plan, ref)):  # the first of equal names wins
        bare = name.split("（", 1)[0].strip()
        for key in (bare, name):
            if key:
                out[key] = ident
    for ident, _ in ref_choices(plan, ref):
        out.setdefault(ident, ident)
    return out


def _ref_id(spec: FieldSpec, text: str, plan: Plan) -> str:
    assert spec.ref is not None
    found = _ref_lookup(plan, spec.ref).get(text.strip().lstrip("⚠").strip())
    if found is None:
        raise ParseError(
            T(
                f"“{spec.label.zh}”中的“{text.strip()}”不存在，请先添加或从列表中选择",
                f"'{text.strip()}' in '{spec.label.en}' does not exist; add it first or pick one",
            )
        )
    return found


def cell_value(spec: FieldSpec, text: str, plan: Plan) -> Any:
    """A pasted cell's text to a field value (names of references to their ids)."""
    stripped = text.strip()
    if spec.kind is Kind.REF:
        if not stripped:
            return None
        return _ref_id(spec, stripped, plan)
    if spec.kind is Kind.REFS:
        return [_ref_id(spec, part, plan) for part in _LIST_SPLIT.split(stripped) if part.strip()]
    if spec.kind is Kind.ENUM:
        if not stripped:
            if spec.optional:
                return None
            raise ParseError(
                T(f"“{spec.label.zh}”不能为空", f"'{spec.label.en}' must not be empty")
            )
        assert spec.enum is not None
        for member in spec.enum:
            if stripped in (member.value, member.label("zh"), member.label("en")):
                return member
        choices = "、".join(m.label("zh") for m in spec.enum)
        raise ParseError(
            T(
                f"“{spec.label.zh}”应为以下之一：{choices}",
                f"'{spec.label.en}' should be one of: "
                + ", ".join(m.label("en") for m in spec.enum),
            )
        )
    if spec.kind is Kind.TEXT:
        if not stripped and spec.optional:
            return None
        if not stripped and spec.required:
            raise ParseError(
                T(f"“{spec.label.zh}”不能为空", f"'{spec.label.en}' must not be empty")
            )
        return stripped
    return parse_text(spec, text)
