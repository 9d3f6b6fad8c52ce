"""A renamed plan id, carried into the drill files that exercise the plan.

Drills name plan elements by id: the response level exercised (``meta.level``), a
participant ``plays`` an org unit, an expected action
is ``by`` an org unit and answers ``steps``, a criterion covers ``steps``, an inject goes
``to`` units, a finding's ``ref`` points at any element (``organization/g1``,
``procedures/p1/steps/s2``, ``contacts/c1`` …). Renaming the id in the plan editor must
not orphan them.

The renames are read from the two versions of the plan, the one on disk and the one
being saved (so undo, redo and several renames between two saves come out as their net
effect): an id that is gone whose row is still there under an id that is new: the same
content, or the same place and name. A row deleted and another added is no rename. ``drill_updates`` lists the linked drills that use one of them;
``apply_updates`` writes each atomically, with a backup and the check that the file did
not change since it was read. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.findings.links import linked_findings
from app.model.drill import REF_REGISTERS, Drill
from app.model.plan import Plan, walk_sections
from app.model.refs import REFERENCES
from app.storage.drills import load_drill, save_drill
from app.storage.errors import LoadError, SaveError

ORG, STEPS, PROCEDURES = "organization", "steps", "procedures"
Renames = dict[str, dict[str, str]]  # register -> old id -> new id


def _rows(plan: Plan, register: str) -> list[tuple[tuple[Any, ...], Any]]:
    """(place, row) of the rows whose ids drills may name; the place pairs rows by
    position when their content changed as well."""
    if register == ORG:
        org = plan.organization
        out: list[tuple[tuple[Any, ...], Any]] = []
        if org.command is not None:
            out.append((("command",), org.command))
        if org.office is not None:
            out.append((("office",), org.office))
        return out + [(("groups", i), g) for i, g in enumerate(org.groups)]
    if register == PROCEDURES:
        return [((i,), p) for i, p in enumerate(plan.procedures)]
    if register == STEPS:
        return [((i, j), s) for i, p in enumerate(plan.procedures) for j, s in enumerate(p.steps)]
    if register in ("sections", "appendices"):
        return [(path, s) for path, s, _ in walk_sections(getattr(plan, register), (register,))]
    return [((i,), row) for i, row in enumerate(getattr(plan, register, []) or [])]


def _content(row: BaseModel) -> Any:
    """What a row says apart from its id and what it names (ids that may be renamed with it)."""
    data = row.model_dump(mode="json")
    skip = {"id", "steps", "children", *REFERENCES.get(type(row), {})}
    return {k: v for k, v in data.items() if k not in skip}


def _label(row: BaseModel) -> str:
    for name in ("name", "title", "action", "text"):
        value = getattr(row, name, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def plan_renames(old: Plan, new: Plan) -> Renames:
    """The ids renamed between two versions of a plan, by register."""
    out: Renames = {}
    for register in (ORG, PROCEDURES, STEPS, "sections", "appendices", *REF_REGISTERS):
        before, after = _rows(old, register), _rows(new, register)
        old_ids = {getattr(r, "id", None) for _, r in before}
        new_ids = {getattr(r, "id", None) for _, r in after}
        gone = [(place, r) for place, r in before if r.id and r.id not in new_ids]
        added = [(place, r) for place, r in after if r.id and r.id not in old_ids]
        found: dict[str, str] = {}
        for place, row in gone:
            same = [
                r for _, r in added if r.id not in found.values() and _content(r) == _content(row)
            ]
            if len(same) != 1:  # edited as well: the row in its place, under the same name
                label = _label(row)
                same = [
                    r
                    for p, r in added
                    if p == place and r.id not in found.values() and label and _label(r) == label
                ]
            if len(same) == 1:
                found[row.id] = same[0].id
        if found:
            out[register] = found
    return out


def _ref(ref: str, renames: Renames) -> str:
    """A finding's reference with the renamed ids in it."""
    parts = [p for p in ref.strip().strip("/").split("/") if p]
    new = list(parts)
    if len(parts) >= 2 and parts[0] == PROCEDURES:
        new[1] = renames.get(PROCEDURES, {}).get(parts[1], parts[1])
        if len(parts) == 4 and parts[2] == STEPS:
            new[3] = renames.get(STEPS, {}).get(parts[3], parts[3])
    elif len(parts) == 2:
        new[1] = renames.get(parts[0], {}).get(parts[1], parts[1])
    return "/".join(new) if new != parts else ref


@dataclass
class DrillUpdate:
    """One drill file and the references in it that a plan rename changes."""

    path: Path
    title: str
    drill: Drill  # the updated copy, to be written
    changes: list[str]  # the fields changed, "participants[0].plays: g1 → g-tank"
    digest: str | None  # the file as read: it is not overwritten if it changed since


def rename_in_drill(drill: Drill, renames: Renames) -> tuple[Drill, list[str]]:
    """A copy of the drill with every renamed plan id replaced, and what was changed."""
    out = drill.model_copy(deep=True)
    changes: list[str] = []
    org, steps = renames.get(ORG, {}), renames.get(STEPS, {})
    players = {p.id for p in out.participants}

    def note(where: str, old: str, new: str) -> None:
        changes.append(f"{where}: {old} → {new}")

    levels = renames.get("levels", {})
    if out.meta.level in levels:
        note("meta.level", out.meta.level, levels[out.meta.level])
        out.meta.level = levels[out.meta.level]
    for i, p in enumerate(out.participants):
        if p.plays in org:
            note(f"participants[{i}].plays", p.plays, org[p.plays])
            p.plays = org[p.plays]
    for kind, items in (("script", out.script), ("library", out.library)):
        for i, item in enumerate(items):
            where = f"{kind}[{i}]"
            # ``to`` and ``from`` name org units or participants; a participant's id wins
            to = [org[t] if t in org and t not in players else t for t in item.to]
            if to != item.to:
                note(f"{where}.to", ", ".join(item.to), ", ".join(to))
                item.to = to
            if item.from_ in org and item.from_ not in players:
                note(f"{where}.from", item.from_, org[item.from_])
                item.from_ = org[item.from_]
            for k, ea in enumerate(item.expected):
                if ea.by in org:
                    note(f"{where}.expected[{k}].by", ea.by, org[ea.by])
                    ea.by = org[ea.by]
                new_steps = [steps.get(s, s) for s in ea.steps]
                if new_steps != ea.steps:
                    note(f"{where}.expected[{k}].steps", ", ".join(ea.steps), ", ".join(new_steps))
                    ea.steps = new_steps
    for i, c in enumerate(out.evaluation.criteria):
        new_steps = [steps.get(s, s) for s in c.steps]
        if new_steps != c.steps:
            note(f"evaluation.criteria[{i}].steps", ", ".join(c.steps), ", ".join(new_steps))
            c.steps = new_steps
    for i, f in enumerate(out.findings):
        if f.ref:
            ref = _ref(f.ref, renames)
            if ref != f.ref:
                note(f"findings[{i}].ref", f.ref, ref)
                f.ref = ref
    return out, changes


def drill_updates(
    plan_path: str | Path, old: Plan, new: Plan, *, folders: Iterable[Path] = ()
) -> list[DrillUpdate]:
    """The drills linked to the plan at ``plan_path`` that use an id renamed from ``old``
    to ``new``. A drill file with content that would not survive a rewrite (values left
    out as malformed) is not offered."""
    renames = plan_renames(old, new)
    if not renames:
        return []
    out: list[DrillUpdate] = []
    for path, _cached in linked_findings(plan_path, folders=folders).drills:
        try:
            loaded = load_drill(path)
        except LoadError:
            continue
        if loaded.dropped:
            continue
        drill, changes = rename_in_drill(loaded.model, renames)
        if changes:
            title = drill.meta.title or path.name
            out.append(DrillUpdate(path, title, drill, changes, loaded.digest))
    return out


def apply_updates(updates: Iterable[DrillUpdate]) -> tuple[list[DrillUpdate], SaveError | None]:
    """Write each drill atomically (the old file kept as ``.bak``, nothing written when
    the file changed since it was read). Returns those written and the error that
    stopped the rest, if any."""
    done: list[DrillUpdate] = []
    for update in updates:
        try:
            save_drill(update.drill, update.path, backup=True, expect=update.digest)
        except SaveError as exc:
            return done, exc
        done.append(update)
    return done, None


__all__ = [
    "DrillUpdate",
    "Renames",
    "apply_updates",
    "drill_updates",
    "plan_renames",
    "rename_in_drill",
]
