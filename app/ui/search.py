"""Find text anywhere in a document: section text and table cells alike. Qt-free.

Hits carry the schema path of the value they are in (for example
``("contacts", 3, "phone")`` or ``("sections", 0, "children", 1, "body")``) and the
character range inside it, so the editor can jump to the cell or select the words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from pydantic import BaseModel

from app.model.base import Id
from app.model.problems import Path

# Fields whose strings are names of things, not text the user wrote.
_SKIP = {"schema_", "insert"}
# Plain strings that are codes from a list, not prose: never replaced.
_CODES = {"element"}


@dataclass(frozen=True)
class Hit:
    path: Path
    start: int
    end: int


def iter_texts(node: object, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every user-written string in a model, in document order, with its path."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name in _SKIP:
                continue
            yield from iter_texts(getattr(node, name), (*path, name))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from iter_texts(item, (*path, i))
    elif isinstance(node, str) and not isinstance(node, Enum):
        yield path, node


def is_free_text(model: BaseModel, path: Path) -> bool:
    """True for text the user wrote, False for an id or a reference to one (replacing
    inside those would break what points at them)."""
    if not path:
        return False
    node: object = model
    owner: BaseModel | None = None
    name = ""
    for key in path:
        if isinstance(node, BaseModel) and isinstance(key, str):
            owner, name = node, key
            node = getattr(node, key, None)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return False
    if owner is None or name in _CODES:
        return False
    info = type(owner).model_fields.get(name)
    if info is None:
        return False
    marks = [repr(m) for m in getattr(Id, "__metadata__", ())]
    shape = repr(info.annotation) + repr(info.metadata)
    return not any(mark in shape for mark in marks)


def find_hits(model: BaseModel, needle: str, *, case_sensitive: bool = False) -> list[Hit]:
    if not needle:
        return []
    key = needle if case_sensitive else needle.casefold()
    out: list[Hit] = []
    for path, text in iter_texts(model):
        hay = text if case_sensitive else text.casefold()
        if len(hay) != len(text):  # casefold changed lengths (ß…): fall back to exact
            hay, key_here = text, needle
        else:
            key_here = key
        start = hay.find(key_here)
        while start >= 0:
            out.append(Hit(path, start, start + len(key_here)))
            start = hay.find(key_here, start + max(1, len(key_here)))
    return out
