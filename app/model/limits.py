"""How many entries a document may hold, checked on the raw data before validation.

A plan or drill holds at most ``MAX_ITEMS`` entries of one kind (sections, contacts,
resources, procedure steps, injects, inject cards …), counted over the whole document
(sub-sections and top-level sections are one kind), and no single list is longer than
that. Real plans stay far below; a file past it is refused before pydantic, the checks
or an export spend time and memory on it. The walk follows the schema, so the message
can name the field (its Chinese label) and point at the entry where the limit was
passed.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from app.i18n import T
from app.model.base import MAX_ITEMS
from app.model.problems import Path


@dataclass(frozen=True)
class Excess:
    """The entry at ``path`` is one too many for the list ``label``."""

    path: Path
    label: T
    limit: int
    whole_document: bool  # counted over every list of that kind, not this list alone


def _models_in(annotation: Any) -> tuple[bool, type[BaseModel] | None]:
    """(is it a list, the model its items or value are) for a field annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _models_in(arg)
            if found != (False, None):
                return found
        return False, None
    if origin is list:
        args = typing.get_args(annotation)
        inner = _models_in(args[0])[1] if args else None
        return True, inner
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return False, annotation
    return False, None


@cache
def _fields(model: type[BaseModel]) -> dict[str, tuple[bool, type[BaseModel] | None, T]]:
    """Key in the file -> (a list?, the model inside, the field's label)."""
    out: dict[str, tuple[bool, type[BaseModel] | None, T]] = {}
    for name, info in model.model_fields.items():
        is_list, inner = _models_in(info.annotation)
        if not is_list and inner is None:
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        label = T(info.title or name, str(extra.get("title_en", name)))
        out[info.alias or name] = (is_list, inner, label)
        out.setdefault(name, (is_list, inner, label))
    return out


def find_excess(model: type[BaseModel], data: Any, limit: int = MAX_ITEMS) -> Excess | None:
    """The first entry past the limit, in file order; None when the document is within it."""
    counts: dict[type[BaseModel], int] = {}
    stack: list[tuple[type[BaseModel], Any, Path]] = [(model, data, ())]
    while stack:
        kind, node, path = stack.pop()
        if not isinstance(node, dict):
            continue
        fields = _fields(kind)
        children: list[tuple[type[BaseModel], Any, Path]] = []
        for key, value in node.items():
            found = fields.get(key) if isinstance(key, str) else None
            if found is None:
                continue
            is_list, inner, label = found
            where = (*path, key)
            if not is_list:
                if inner is not None:
                    children.append((inner, value, where))
                continue
            if not isinstance(value, list):
                continue
            if len(value) > limit:
                return Excess((*where, limit), label, limit, False)
            if inner is None:
                continue
            seen = counts.get(inner, 0) + len(value)
            counts[inner] = seen
            if seen > limit:
                return Excess((*where, len(value) - (seen - limit)), label, limit, True)
            children.extend((inner, item, (*where, i)) for i, item in enumerate(value))
        stack.extend(reversed(children))  # depth first, in file order
    return None


__all__ = ["Excess", "find_excess"]
