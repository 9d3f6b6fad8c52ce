"""Three-way merge of plans and drills in the plan's terms, not text lines.

Two people edited the same plan on two machines; ``merge_data(base, mine, theirs)``
puts their edits together over the schema:

* mappings are merged key by key (fields by path);
* lists of elements with ids (sections, contacts, resources, procedures, steps, injects
  …) are matched by id, so edits to different elements never meet; an element added on
  one side is placed after the element it followed there;
* sections (and any element with ``children``) are matched by id across the whole
  outline, so one person may move a section while the other edits its text;
* lists of plain values (duties, triggers …) and texts of several lines (a section's
  body) are merged item by item and line by line, as long as the two edits do not touch
  the same items or lines.

What remains is a real conflict: the same field given two values, or an element deleted
on one side and changed on the other. Each becomes a ``Conflict`` record, described in
the plan's words (通讯录 › 王建国 › 手机), with both values. A merge with conflicts takes
"mine" for each until told otherwise: ``choices`` maps a conflict's key to ``mine`` or
``theirs`` and the merge is simply run again.

``merge_file`` does this for one file of a library (YAML text in, YAML text out) and
checks the result: it must load without schema errors, and ``app.checks`` may find no
error in it that neither side had. Otherwise the file as a whole is the conflict.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from app.compare.diff import _NAME_FIELD, _REF_LISTS, _REFS
from app.i18n import T
from app.model.drill import Drill
from app.model.plan import Plan
from app.model.problems import Severity
from app.model.validation import field_info
from app.storage.documents import to_data
from app.storage.errors import LoadError
from app.storage.yamlio import load_text

MINE = "mine"
THEIRS = "theirs"
WHOLE_FILE = "*"  # the key of a whole-file conflict
PARENT = "@parent"  # the key part of a section's place in the outline


class _Missing:
    """Absent (a deleted element, a field that is not there)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Key:
    """A list element in a path, by its id."""

    id: str

    def __str__(self) -> str:
        return f"[{self.id}]"


PathPart = str | Key
Path = tuple[PathPart, ...]


def path_key(path: Path) -> str:
    """A stable text key for a path: ``contacts[c-duty].mobile``."""
    out = ""
    for part in path:
        out += str(part) if isinstance(part, Key) else (f".{part}" if out else part)
    return out or WHOLE_FILE


@dataclass
class Conflict:
    """The same thing changed two ways; someone has to choose."""

    key: str
    path: Path
    where: T  # in the plan's words: 通讯录 › 王建国 › 手机
    kind: str  # changed, deleted_mine, deleted_theirs, added, moved, file
    base: str  # each side as text, for the side-by-side view
    mine: str
    theirs: str
    file: str = ""
    choice: str | None = None  # what was taken: mine, theirs, or None (mine, undecided)
    title: str = ""  # the document's title (a plan's 预案名称), to name the file by

    @property
    def id(self) -> str:
        """Unique across a library: the file and the key."""
        return f"{self.file}::{self.key}"

    def kind_label(self) -> T:
        return _KIND_LABELS.get(self.kind, _KIND_LABELS["changed"])


_KIND_LABELS = {
    "changed": T("双方都修改了", "changed on both sides"),
    "deleted_mine": T("本机删除了，对方修改了", "deleted here, changed there"),
    "deleted_theirs": T("本机修改了，对方删除了", "changed here, deleted there"),
    "added": T("双方都新增了同一编号的内容", "added on both sides with the same id"),
    "moved": T("双方把它移到了不同位置", "moved to different places"),
    "file": T("整个文件需要选择一方", "the whole file needs a choice"),
}


@dataclass
class MergeResult:
    data: Any
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.choice is None]


# --- describing ----------------------------------------------------------------------------


class _Describer:
    """Turns paths and values into the plan's words."""

    def __init__(self, model: type[BaseModel], sides: list[Any]) -> None:
        self.model = model
        self.sides = sides
        self.names: dict[str, str] = {}
        for side in sides:
            if isinstance(side, dict):
                self._collect(side)

    def _collect(self, data: Any) -> None:
        if isinstance(data, dict):
            ident, name = data.get("id"), _name_of(data)
            if isinstance(ident, str) and name:
                self.names.setdefault(ident, name)
            for value in data.values():
                self._collect(value)
        elif isinstance(data, list):
            for value in data:
                self._collect(value)

    def schema_path(self, path: Path) -> tuple[str | int, ...]:
        return tuple(0 if isinstance(p, Key) else p for p in path if p != PARENT)

    def label(self, path: Path) -> T:
        found, _ = field_info(self.model, self.schema_path(path))
        last = next((p for p in reversed(path) if isinstance(p, str)), "")
        return found or T(last, last)

    def where(self, path: Path) -> T:
        zh: list[str] = []
        en: list[str] = []
        for i, part in enumerate(path):
            if isinstance(part, Key):
                name = self._element_name(path[: i + 1]) or part.id
                zh.append(name)
                en.append(name)
            elif part == PARENT:
                zh.append("所在位置")
                en.append("place in the outline")
            elif part == "children":
                continue
            else:
                label = self.label(path[: i + 1])
                zh.append(label.zh)
                en.append(label.en)
        return T(" › ".join(zh), " › ".join(en))

    def _element_name(self, path: Path) -> str:
        for side in self.sides:
            node = _resolve(side, path)
            if isinstance(node, dict):
                name = _name_of(node)
                if name:
                    return name
        return ""

    def text(self, value: Any, key: str = "") -> str:
        if value is MISSING or value is None:
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, dict):
            parts = []
            for k, v in value.items():
                if k in ("id", "children"):
                    continue
                shown = self.text(v, k)
                if shown:
                    label = self._key_label(value, k)
                    parts.append(f"{label}：{shown}")
            return "\n".join(parts)
        if isinstance(value, list):
            if key in _REF_LISTS:
                return "、".join(self.names.get(str(v), str(v)) for v in value)
            return "\n".join(self.text(v) for v in value)
        if key in _REFS and isinstance(value, str):
            return self.names.get(value, value)
        return str(value)

    def _key_label(self, element: dict[str, Any], key: str) -> str:
        model = _model_with_fields(self.model, set(element))
        if model is not None:
            info = model.model_fields.get(key)
            if info is not None and info.title:
                return info.title
        return key


def _model_with_fields(root: type[BaseModel], keys: set[str]) -> type[BaseModel] | None:
    """The schema class whose fields best cover ``keys`` (to label an element's fields)."""
    best: tuple[int, type[BaseModel]] | None = None
    seen: set[type[BaseModel]] = set()
    todo = [root]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        names = set(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}
        score = len(keys & names) - len(keys - names)
        if best is None or score > best[0]:
            best = (score, model)
        for info in model.model_fields.values():
            todo.extend(_models_in(info.annotation))
    return best[1] if best else None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _name_of(element: dict[str, Any]) -> str:
    for key in ("name", "title", "hazard", "action", *set(_NAME_FIELD.values())):
        value = element.get(key)
        if isinstance(value, str) and value.strip():
            text = value.strip()
            return text if len(text) <= 30 else text[:29] + "…"
    return ""


def _resolve(data: Any, path: Path) -> Any:
    node = data
    for part in path:
        if part == PARENT:
            return MISSING
        if isinstance(part, Key):
            if not isinstance(node, list):
                return MISSING
            node = _find_in_tree(node, part.id)
            if node is MISSING:
                return MISSING
        elif isinstance(node, dict):
            node = node.get(part, MISSING)
        else:
            return MISSING
    return node


def _find_in_tree(items: list[Any], ident: str) -> Any:
    for item in items:
        if isinstance(item, dict):
            if item.get("id") == ident:
                return item
            children = item.get("children")
            if isinstance(children, list):
                found = _find_in_tree(children, ident)
                if found is not MISSING:
                    return found
    return MISSING


# --- merging -------------------------------------------------------------------------------


def _keyed(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    ids = [v.get("id") for v in value if isinstance(v, dict)]
    return (
        len(ids) == len(value)
        and all(isinstance(i, str) and i for i in ids)
        and len(set(ids)) == len(ids)
    )


def _is_tree(*sides: Any) -> bool:
    return any(
        isinstance(side, list) and any(isinstance(v, dict) and "children" in v for v in side)
        for side in sides
    )


def _lines(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return value.splitlines(keepends=True)
    return None


def _merge3(base: list[Any], mine: list[Any], theirs: list[Any]) -> list[Any] | None:
    """diff3 on sequences: both edits applied, or None when they touch the same place."""

    def hunks(other: list[Any]) -> list[tuple[int, int, list[Any]]]:
        matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
        return [
            (i1, i2, other[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]

    ours, others = hunks(mine), hunks(theirs)
    for a1, a2, ra in ours:
        for b1, b2, rb in others:
            if (a1, a2, ra) == (b1, b2, rb):
                continue
            touching = max(a1, b1) < min(a2, b2)
            if a1 == a2:
                touching = touching or b1 <= a1 <= b2
            if b1 == b2:
                touching = touching or a1 <= b1 <= a2
            if touching:
                return None
    merged = sorted(set(map(_frozen, ours)) | set(map(_frozen, others)), key=lambda h: (h[0], h[1]))
    out = list(base)
    for i1, i2, replacement in reversed(merged):
        out[i1:i2] = list(replacement)
    return out


def _frozen(hunk: tuple[int, int, list[Any]]) -> tuple[int, int, tuple[Any, ...]]:
    return hunk[0], hunk[1], tuple(_hashable(v) for v in hunk[2])


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return _Frozen(value)
    if isinstance(value, list):
        return _Frozen(value)
    return value


class _Frozen:
    """A dict or list made hashable for the diff3 hunks, given back as it was."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self._repr = repr(value)

    def __hash__(self) -> int:
        return hash(self._repr)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Frozen) and self.value == other.value


def _thaw(values: list[Any]) -> list[Any]:
    return [v.value if isinstance(v, _Frozen) else v for v in values]


def merge_order(base: list[str], mine: list[str], theirs: list[str], keep: set[str]) -> list[str]:
    """The order of the merged elements: the side that reordered wins, and what the
    other side added goes after the element it followed there."""
    present = set(mine) & set(theirs) & set(base)

    def common(seq: list[str]) -> list[str]:
        return [x for x in seq if x in present]

    skeleton, other = (theirs, mine) if common(mine) == common(base) else (mine, theirs)
    out = [x for x in dict.fromkeys(skeleton) if x in keep]
    placed = set(out)
    for i, x in enumerate(other):
        if x in keep and x not in placed:
            before = next((y for y in reversed(other[:i]) if y in placed), None)
            out.insert(out.index(before) + 1 if before is not None else 0, x)
            placed.add(x)
    for x in base:
        if x in keep and x not in placed:
            out.append(x)
            placed.add(x)
    for x in sorted(keep - placed):
        out.append(x)
    return out


class _Merger:
    def __init__(
        self, describe: _Describer, choices: dict[str, str], sides: tuple[Any, Any, Any]
    ) -> None:
        self.describe = describe
        self.choices = choices
        self.conflicts: list[Conflict] = []
        self.sides = sides

    def conflict(
        self, path: Path, base: Any, mine: Any, theirs: Any, kind: str | None = None
    ) -> Any:
        key = path_key(path)
        if kind is None:
            if mine is MISSING:
                kind = "deleted_mine"
            elif theirs is MISSING:
                kind = "deleted_theirs"
            elif base is MISSING and path and isinstance(path[-1], Key):
                kind = "added"
            else:
                kind = "changed"
        choice = self.choices.get(key)
        last = next((p for p in reversed(path) if isinstance(p, str)), "")
        text: Callable[[Any, str], str] = self._place_text if last == PARENT else self.describe.text
        self.conflicts.append(
            Conflict(
                key,
                path,
                self.describe.where(path),
                kind,
                text(base, last),
                text(mine, last),
                text(theirs, last),
                choice=choice if choice in (MINE, THEIRS) else None,
            )
        )
        return theirs if choice == THEIRS else mine

    def _place_text(self, value: Any, _key: str = "") -> str:
        if value is MISSING:
            return ""
        if value is None:
            return "第一级"
        for side in self.sides:
            node = _resolve(side, ("sections", Key(value)))
            if node is MISSING:
                node = _resolve(side, ("appendices", Key(value)))
            if isinstance(node, dict):
                return f"“{_name_of(node) or value}”之下"
        return str(value)

    def merge(self, base: Any, mine: Any, theirs: Any, path: Path) -> Any:
        if mine == theirs:
            return mine
        if base == mine:
            return theirs
        if base == theirs:
            return mine
        if (
            isinstance(mine, dict)
            and isinstance(theirs, dict)
            and isinstance(base, dict | _Missing)
        ):
            return self._mapping(base if isinstance(base, dict) else {}, mine, theirs, path)
        lists = all(isinstance(s, list) for s in (mine, theirs)) and isinstance(
            base, list | _Missing
        )
        if lists and _keyed(mine) and _keyed(theirs) and (base is MISSING or _keyed(base)):
            if _is_tree(base, mine, theirs):
                return self._tree(base or [], mine, theirs, path)
            return self._elements(base or [], mine, theirs, path)
        if lists:
            merged = _merge3(
                [_hashable(v) for v in (base or [])],
                [_hashable(v) for v in mine],
                [_hashable(v) for v in theirs],
            )
            if merged is not None:
                return _thaw(merged)
        texts = [_lines(s) for s in (base, mine, theirs)]
        if texts[1] is not None and texts[2] is not None and len(texts[1]) + len(texts[2]) > 2:
            merged_lines = _merge3(texts[0] or [], texts[1], texts[2])
            if merged_lines is not None:
                return "".join(merged_lines)
        return self.conflict(path, base, mine, theirs)

    def _mapping(
        self, base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any], path: Path
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in dict.fromkeys([*mine, *theirs, *base]):
            value = self.merge(
                base.get(key, MISSING),
                mine.get(key, MISSING),
                theirs.get(key, MISSING),
                (*path, key),
            )
            if value is not MISSING:
                out[key] = value
        return out

    def _elements(
        self, base: list[Any], mine: list[Any], theirs: list[Any], path: Path
    ) -> list[Any]:
        maps = [{v["id"]: v for v in side} for side in (base, mine, theirs)]
        merged: dict[str, Any] = {}
        for ident in dict.fromkeys([*maps[1], *maps[2], *maps[0]]):
            value = self.merge(
                maps[0].get(ident, MISSING),
                maps[1].get(ident, MISSING),
                maps[2].get(ident, MISSING),
                (*path, Key(ident)),
            )
            if value is not MISSING:
                merged[ident] = value
        order = merge_order(
            [v["id"] for v in base], [v["id"] for v in mine], [v["id"] for v in theirs], set(merged)
        )
        return [merged[i] for i in order]

    def _tree(self, base: list[Any], mine: list[Any], theirs: list[Any], path: Path) -> list[Any]:
        flat = [_flatten(side) for side in (base, mine, theirs)]
        nodes: dict[str, Any] = {}
        parents: dict[str, str | None] = {}
        for ident in dict.fromkeys([*flat[1][0], *flat[2][0], *flat[0][0]]):
            got = [f[0].get(ident, (MISSING, MISSING)) for f in flat]
            here = (*path, Key(ident))
            node = self.merge(got[0][1], got[1][1], got[2][1], here)
            if node is MISSING:
                continue
            nodes[ident] = node
            places = [g[0] for g in got]
            if places[1] is MISSING:
                parents[ident] = places[2]
            elif places[2] is MISSING:
                parents[ident] = places[1]
            else:
                parents[ident] = self.merge(places[0], places[1], places[2], (*here, PARENT))
        for ident in list(parents):  # a deleted parent: the nearest surviving ancestor
            parent = parents[ident]
            seen = {ident}
            while parent is not None and parent not in nodes:
                parent = next(
                    (
                        f[0][parent][0]
                        for f in flat
                        if parent in f[0] and f[0][parent][0] is not MISSING
                    ),
                    None,
                )
            parents[ident] = parent
            walk = parent
            while walk is not None:  # moves on both sides that make a loop: keep mine
                if walk in seen:
                    parents[ident] = flat[1][0].get(ident, (None,))[0] or None
                    break
                seen.add(walk)
                walk = parents.get(walk)

        def children(parent: str | None) -> list[Any]:
            kids = {i for i, p in parents.items() if p == parent}
            order = merge_order(
                flat[0][1].get(parent, []),
                flat[1][1].get(parent, []),
                flat[2][1].get(parent, []),
                kids,
            )
            out = []
            for ident in order:
                node = dict(nodes[ident])
                node["children"] = children(ident)
                if not node["children"]:
                    node.pop("children")
                out.append(node)
            return out

        return children(None)


def _flatten(items: list[Any]) -> tuple[dict[str, tuple[Any, Any]], dict[str | None, list[str]]]:
    """id -> (parent id, node without its children); parent id -> child ids in order."""
    nodes: dict[str, tuple[Any, Any]] = {}
    order: dict[str | None, list[str]] = {}

    def visit(level: list[Any], parent: str | None) -> None:
        for item in level:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            ident = item["id"]
            if ident in nodes:
                continue
            nodes[ident] = (parent, {k: v for k, v in item.items() if k != "children"})
            order.setdefault(parent, []).append(ident)
            kids = item.get("children")
            if isinstance(kids, list):
                visit(kids, ident)

    visit(items, None)
    return nodes, order


def merge_data(
    base: Any,
    mine: Any,
    theirs: Any,
    *,
    model: type[BaseModel] = Plan,
    choices: dict[str, str] | None = None,
) -> MergeResult:
    """Three-way merge of document data (plain dicts, as loaded from YAML)."""
    describe = _Describer(model, [mine, theirs, base])
    merger = _Merger(describe, choices or {}, (mine, theirs, base))
    data = merger.merge(base, mine, theirs, ())
    return MergeResult(data, merger.conflicts)


# --- files ---------------------------------------------------------------------------------


@dataclass
class FileMerge:
    """One library file merged: its new content (None: deleted) and what is undecided."""

    path: str
    data: bytes | None
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[T] = field(default_factory=list)  # why the whole file needs a choice

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.choice is None]


@dataclass(frozen=True)
class _Kind:
    model: type[BaseModel]
    load: Callable[[str, str], Any]
    dump: Callable[[Any], str]
    check: Callable[[Any], list[Any]]


def _kinds() -> dict[str, _Kind]:
    from app.checks import check_plan
    from app.checks.drills import check_drill
    from app.storage.drills import dumps_drill, loads_drill
    from app.storage.plans import dumps_plan, loads_plan

    return {
        ".plan.yaml": _Kind(Plan, loads_plan, dumps_plan, lambda p: check_plan(p)),
        ".drill.yaml": _Kind(Drill, loads_drill, dumps_drill, lambda d: check_drill(d)),
    }


def _raw(data: bytes | None, name: str) -> Any:
    if data is None:
        return MISSING
    return load_text(data.decode("utf-8-sig"), name).data


def _title(data: Any) -> str:
    meta = data.get("meta") if isinstance(data, dict) else None
    title = meta.get("title") if isinstance(meta, dict) else None
    return title.strip() if isinstance(title, str) else ""


def _error_keys(problems: list[Any]) -> set[tuple[str, str]]:
    return {(p.code, p.message.zh) for p in problems if p.severity is Severity.ERROR}


def merge_file(
    rel: str,
    base: bytes | None,
    mine: bytes | None,
    theirs: bytes | None,
    choices: dict[str, str] | None = None,
) -> FileMerge:
    """Merge one file changed on both sides. ``choices`` are keyed by ``Conflict.key``."""
    choices = choices or {}
    whole = choices.get(WHOLE_FILE)
    if whole in (MINE, THEIRS):
        return FileMerge(
            rel, mine if whole == MINE else theirs, [_whole(rel, base, mine, theirs, [], whole)]
        )
    kind = next((k for suffix, k in _kinds().items() if rel.endswith(suffix)), None)
    if kind is None or mine is None or theirs is None:
        if rel.endswith(".journal.jsonl") and mine is not None and theirs is not None:
            if theirs.startswith(mine):  # a journal only grows
                return FileMerge(rel, theirs)
            if mine.startswith(theirs):
                return FileMerge(rel, mine)
        why = T("该文件无法逐项合并", "This file cannot be merged item by item")
        return FileMerge(rel, mine, [_whole(rel, base, mine, theirs, [why], None)], [why])
    try:
        sides = [_raw(base, rel), _raw(mine, rel), _raw(theirs, rel)]
    except (LoadError, UnicodeDecodeError):
        why = T("其中一方的文件无法读取", "One side's file cannot be read")
        return FileMerge(rel, mine, [_whole(rel, base, mine, theirs, [why], None)], [why])
    result = merge_data(*sides, model=kind.model, choices=choices)
    title = _title(sides[1]) or _title(sides[2])
    for conflict in result.conflicts:
        conflict.file, conflict.title = rel, title
    problems: list[T] = []
    try:
        merged = kind.model.model_validate(result.data)
    except ValidationError:
        merged = None
        problems.append(T("合并结果不符合文件格式", "The merged file would not be valid"))
    if merged is not None:
        before: set[tuple[str, str]] = set()
        for data in (mine, theirs):
            with contextlib.suppress(LoadError, UnicodeDecodeError, ValueError):
                before |= _error_keys(kind.check(kind.load(data.decode("utf-8-sig"), rel).model))
        found = [p for p in kind.check(merged) if p.severity is Severity.ERROR]
        new = [p for p in found if (p.code, p.message.zh) not in before]
        problems += [p.message for p in new]
    if problems:
        file_conflict = _whole(rel, base, mine, theirs, problems, None)
        file_conflict.title = title
        conflicts = [*result.conflicts, file_conflict]
        return FileMerge(rel, mine, conflicts, problems)
    assert merged is not None
    text = kind.dump(merged).encode("utf-8")
    return FileMerge(rel, text, result.conflicts)


def _whole(
    rel: str,
    base: bytes | None,
    mine: bytes | None,
    theirs: bytes | None,
    why: list[T],
    choice: str | None,
) -> Conflict:
    def text(data: bytes | None) -> str:
        if data is None:
            return ""
        return data.decode("utf-8", "replace")

    name = rel.rsplit("/", 1)[-1]
    reasons = "；".join(w.zh for w in why)
    reasons_en = "; ".join(w.en for w in why)
    where = T(
        f"文件 {name}" + (f"（{reasons}）" if reasons else ""),
        f"file {name}" + (f" ({reasons_en})" if reasons_en else ""),
    )
    kind = "deleted_mine" if mine is None else "deleted_theirs" if theirs is None else "file"
    return Conflict(WHOLE_FILE, (), where, kind, text(base), text(mine), text(theirs), rel, choice)


def plain(model: BaseModel) -> Any:
    """A model as the plain data the merge works on (tests build sides this way)."""
    return to_data(model)


__all__ = [
    "MINE",
    "MISSING",
    "THEIRS",
    "WHOLE_FILE",
    "Conflict",
    "FileMerge",
    "Key",
    "MergeResult",
    "merge_data",
    "merge_file",
    "merge_order",
    "path_key",
    "plain",
]
