"""References between the registers of a plan: which field names which register, who
uses an entry, and what renaming an entry's id must change along with it.

Rows refer to each other by id (a step's actor is the id of an organisation unit); users
see and pick names, the ids stay behind. This module is the one place that knows which
fields are references (the editors, the checks and the rename all read ``REFERENCES``).
Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from app.model.plan import (
    Contact,
    OrgUnit,
    Plan,
    Procedure,
    Resource,
    ResponseLevel,
    Shelter,
    Step,
    Team,
    WarningLevel,
)
from app.model.problems import Path

ORG, CONTACTS, LEVELS = "organization", "contacts", "levels"

# row type -> field -> the register its ids come from
REFERENCES: dict[type[BaseModel], dict[str, str]] = {
    Step: {"actor": ORG, "contacts": CONTACTS},
    Procedure: {"level": LEVELS},
    ResponseLevel: {"commander": ORG},
    WarningLevel: {"issuer": ORG},
    OrgUnit: {"contacts": CONTACTS},
    Contact: {"org_unit": ORG},
    Resource: {"contact": CONTACTS},
    Team: {"contact": CONTACTS},
    Shelter: {"contact": CONTACTS},
}

# row type -> the register it is a row of (what references to it name)
REGISTER_OF: dict[type[BaseModel], str] = {OrgUnit: ORG, Contact: CONTACTS, ResponseLevel: LEVELS}


@dataclass(frozen=True)
class Use:
    """One reference: the field at ``path`` names ``ident`` of ``register``.

    For a list field the path ends with the item's position.
    """

    path: Path
    register: str
    ident: str


def entries(plan: Plan, register: str) -> list[tuple[Path, Any]]:
    """(path, row) of every row of a register, in plan order."""
    if register == ORG:
        org = plan.organization
        out: list[tuple[Path, Any]] = []
        if org.command is not None:
            out.append((("organization", "command"), org.command))
        if org.office is not None:
            out.append((("organization", "office"), org.office))
        out += [(("organization", "groups", i), g) for i, g in enumerate(org.groups)]
        return out
    if register == CONTACTS:
        return [(("contacts", i), c) for i, c in enumerate(plan.contacts)]
    if register == LEVELS:
        return [(("levels", i), lv) for i, lv in enumerate(plan.levels)]
    return []


def _walk(node: Any, path: Path) -> Iterator[Use]:
    if isinstance(node, BaseModel):
        fields = REFERENCES.get(type(node), {})
        for name in type(node).model_fields:
            value = getattr(node, name)
            register = fields.get(name)
            if register is not None:
                if isinstance(value, list):
                    for k, ident in enumerate(value):
                        yield Use((*path, name, k), register, ident)
                elif value is not None:
                    yield Use((*path, name), register, value)
            elif isinstance(value, (BaseModel, list)):
                yield from _walk(value, (*path, name))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, (BaseModel, list)):
                yield from _walk(item, (*path, i))


def references(plan: Plan) -> Iterator[Use]:
    """Every reference in the plan, in document order."""
    yield from _walk(plan, ())


def users_of(plan: Plan, register: str, ident: str, *, outside: tuple[Path, ...] = ()) -> list[Use]:
    """The references that name ``ident``; those inside the rows ``outside`` (being deleted
    with it) do not count."""
    return [
        use
        for use in references(plan)
        if use.register == register
        and use.ident == ident
        and not any(use.path[: len(p)] == p for p in outside)
    ]


def id_taken(plan: Plan, register: str, ident: str, *, besides: Path | None = None) -> bool:
    """Whether another row of the register already has this id."""
    return any(row.id == ident and path != besides for path, row in entries(plan, register))


def rename_edits(plan: Plan, register: str, old: str, new: str) -> list[tuple[Path, Any]]:
    """The field values to set so that every reference to ``old`` names ``new``: scalar
    fields get the new id, list fields their whole new list (one edit per field)."""
    edits: dict[Path, Any] = {}
    for use in users_of(plan, register, old):
        if isinstance(use.path[-1], int) and _is_list_field(plan, use.path[:-1]):
            field = use.path[:-1]
            current = edits.get(field)
            if current is None:
                current = list(_resolve(plan, field))
            current[use.path[-1]] = new
            edits[field] = current
        else:
            edits[use.path] = new
    return list(edits.items())


def _resolve(root: Any, path: Path) -> Any:
    node = root
    for part in path:
        node = node[part] if isinstance(part, int) else getattr(node, part)
    return node


def _is_list_field(plan: Plan, path: Path) -> bool:
    return isinstance(_resolve(plan, path), list)
