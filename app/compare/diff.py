"""Structural comparison of two plan versions.

Sections are matched by id, then by title, then by similar text; table rows by id, then
by name. Each element that was added, removed, moved (reparented or reordered) or
changed becomes one ``Change``; meta fields (version, dates…) each become one too.
This is what the terminal summary and the 修订对照表 are made from.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from app.compare.numbers import section_numbers
from app.export.names import Names
from app.export.text import cn_date
from app.i18n import T, current_language
from app.model.base import LabeledEnum
from app.model.plan import Organization, OrgUnit, Plan, Procedure, Revision, Section, Step
from app.model.validation import field_info

Path = tuple[str | int, ...]


class ChangeKind(enum.Enum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    CHANGED = "changed"

    @property
    def label(self) -> T:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ChangeKind.ADDED: T("新增", "added"),
    ChangeKind.REMOVED: T("删除", "removed"),
    ChangeKind.MOVED: T("移动", "moved"),
    ChangeKind.CHANGED: T("修改", "changed"),
}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: T
    old: str
    new: str


@dataclass
class Change:
    """One element that differs between the versions."""

    kind: ChangeKind
    area: str  # meta, sections, appendices, organization, contacts, …
    area_label: T
    key: str
    old_path: Path | None = None
    new_path: Path | None = None
    old_number: str = ""
    new_number: str = ""
    old_title: str = ""
    new_title: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    moved: bool = False
    old_parent: str = ""
    new_parent: str = ""
    old_text: str = ""  # the whole element before, as the comparison table prints it
    new_text: str = ""

    @property
    def title(self) -> str:
        return self.new_title or self.old_title

    @property
    def number(self) -> str:
        return self.new_number or self.old_number

    def heading(self, side: str = "new") -> str:
        """'3.1 信息报告' for sections, the name for rows."""
        number = self.new_number if side == "new" else self.old_number
        title = self.new_title if side == "new" else self.old_title
        if number.endswith(("、", "）", ".")):  # 公文: 二、总则, （一）适用范围, 1.接警
            return f"{number}{title}".strip()
        return f"{number} {title}".strip()

    def explain(self) -> T:
        """What changed, as the 修订说明 column says it."""
        if self.kind is ChangeKind.ADDED:
            return T("新增", "Added")
        if self.kind is ChangeKind.REMOVED:
            return T("删除", "Removed")
        parts: list[T] = []
        if self.moved:
            parts.append(self._move_text())
        if self.fields:
            labels_zh = "、".join(f.label.zh for f in self.fields)
            labels_en = ", ".join(f.label.en for f in self.fields)
            parts.append(T(f"修改{labels_zh}", f"changed {labels_en}"))
        return T("；".join(p.zh for p in parts), "; ".join(p.en for p in parts))

    def _move_text(self) -> T:
        old = self.old_number or self.old_title
        new = self.new_number or self.new_title
        if self.old_parent != self.new_parent:
            src = (
                T(f"“{self.old_parent}”下", f"under '{self.old_parent}'")
                if self.old_parent
                else T("顶层", "the top level")
            )
            dst = (
                T(f"“{self.new_parent}”下", f"under '{self.new_parent}'")
                if self.new_parent
                else T("顶层", "the top level")
            )
            return T(
                f"由{src.zh}移至{dst.zh}（{old} → {new}）",
                f"moved from {src.en} to {dst.en} ({old} → {new})",
            )
        if old != new:
            return T(f"调整顺序（{old} → {new}）", f"reordered ({old} → {new})")
        if self.old_path and self.new_path and isinstance(self.old_path[-1], int):
            a, b = int(self.old_path[-1]) + 1, int(self.new_path[-1]) + 1
            return T(f"调整顺序（第 {a} 行 → 第 {b} 行）", f"reordered (row {a} → row {b})")
        return T("调整顺序", "reordered")

    def describe(self, lang: str | None = None) -> str:
        """One line for the terminal."""
        zh = (lang or current_language()) != "en"
        head = f"{self.kind.label.text(lang)} {self.area_label.text(lang)}"
        name = self.heading("new" if self.new_path is not None else "old")
        if self.area == "meta":
            f = self.fields[0]
            return f"{head}：{_short(f, lang)}" if zh else f"{head}: {_short(f, lang)}"
        text = f"{head} {name}" if name else head
        if self.kind in (ChangeKind.ADDED, ChangeKind.REMOVED):
            return text
        details: list[str] = []
        if self.moved:
            details.append(self._move_text().text(lang))
        details += [_short(f, lang) for f in self.fields]
        sep = "；" if zh else "; "
        return f"{text}{'：' if zh else ': '}{sep.join(details)}"


def _short(f: FieldChange, lang: str | None) -> str:
    if len(f.old) <= 40 and len(f.new) <= 40 and "\n" not in f.old + f.new:
        old = f.old or T("（空）", "(empty)").text(lang)
        new = f.new or T("（空）", "(empty)").text(lang)
        return f"{f.label.text(lang)} {old} → {new}"
    return T(f"{f.label.zh}已修改", f"{f.label.en} changed").text(lang)


@dataclass
class PlanDiff:
    old_title: str
    new_title: str
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)
    # the 落款 and the reasons, from the revised plan's data
    unit: str = ""  # the unit that revised it
    revised: dt.date | None = None  # the date of the new version's revision record
    reasons: list[str] = field(default_factory=list)  # that record's summary, item by item

    def reason(self, change: Change) -> str | None:
        """Why the element changed: the items of the revision record that name it."""
        names = {
            n
            for n in (change.new_title, change.old_title, change.heading("new"))
            if len(n.strip()) >= 2
        }
        if change.area == "meta" and change.fields:
            names.add(change.fields[0].label.zh)
        found = [r for r in self.reasons if any(n in r for n in names)]
        return "；".join(found) if found else None

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[ChangeKind, int]:
        out = dict.fromkeys(ChangeKind, 0)
        for change in self.changes:
            out[change.kind] += 1
        return out

    def summary(self, lang: str | None = None) -> str:
        if self.is_empty:
            return T("两个版本没有差异。", "No changes.").text(lang)
        c = self.counts()
        a, r, m, ch = (c[k] for k in ChangeKind)
        return T(
            f"共 {len(self.changes)} 处变化：新增 {a}，删除 {r}，移动 {m}，修改 {ch}。",
            f"{len(self.changes)} changes: {a} added, {r} removed, {m} moved, {ch} changed.",
        ).text(lang)

    def lines(self, lang: str | None = None) -> list[str]:
        return [self.summary(lang)] + [c.describe(lang) for c in self.changes]


# --- values as text ------------------------------------------------------------------------


class _Names(Names):
    """Id → display name, so that a changed actor reads '抢险救援组', not 'g-rescue'
    (the documents' one resolver, ``app.export.names``)."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan=plan)

    def __call__(self, value: str) -> str:
        return self.display_name(value)


_REFS = {"actor", "commander", "issuer", "contact", "org_unit", "level"}
_REF_LISTS = {"contacts"}


def _text(value: Any, names: _Names, key: str = "", lang: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, LabeledEnum):
        return value.label(lang or "zh")
    if isinstance(value, bool):
        return T("是", "yes").text(lang) if value else T("否", "no").text(lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):  # 2026年3月15日, as documents write dates
        return str(value) if lang == "en" else cn_date(value)
    if isinstance(value, list):
        if key in _REF_LISTS:
            return "、".join(names(str(v)) for v in value)
        return "；".join(_text(v, names, lang=lang) for v in value if v not in (None, ""))
    if isinstance(value, BaseModel):
        return _row_text(value, names, lang)
    if key in _REFS and isinstance(value, str):
        return names(value)
    return str(value)


def _label(model: type[BaseModel], name: str) -> T:
    label, _ = field_info(model, (name,))
    return label or T(name, name)


def _fields(obj: BaseModel, skip: Sequence[str] = ("id",)) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in type(obj).model_fields if k not in skip}


def _row_text(
    obj: BaseModel, names: _Names, lang: str | None = None, skip: Sequence[str] = ("id",)
) -> str:
    parts: list[str] = []
    for key, value in _fields(obj, skip).items():
        text = _text(value, names, key, lang)
        if text:
            label = _label(type(obj), key).text(lang)
            parts.append(f"{label}：{text}" if lang != "en" else f"{label}: {text}")
    return "；".join(parts) if lang != "en" else "; ".join(parts)


# --- matching -------------------------------------------------------------------------------


@dataclass
class _Item:
    key: str  # id
    name: str  # what it is matched by after the id
    title: str
    parent: str | None  # id of the parent section (sections only)
    path: Path
    obj: Any
    text: str  # for similarity and for the comparison table


_NOISE = re.compile(r"[\s、，,。：:；;（）()“”\"'《》]")


def _norm(text: str) -> str:
    return _NOISE.sub("", text or "").lower()


def _similar(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: 1.0 for the same text, fast on long bodies."""
    ga, gb = _grams(a), _grams(b)
    if not a.strip() or not b.strip():
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


MAX_SIMILARITY_PAIRS = 250_000  # beyond this, renamed-and-re-id'd items count as removed + added


def _grams(text: str) -> frozenset[str]:
    flat = _norm(text)
    return frozenset(flat[k : k + 2] for k in range(len(flat) - 1)) or frozenset([flat])


def _match_similar(
    old: list[_Item], new: list[_Item], pairs: dict[int, int], used: set[int], threshold: float
) -> None:
    """Pair leftovers whose text is much the same: bigram overlap picks a few candidates
    cheaply, the exact ratio decides."""
    left = [i for i in range(len(old)) if i not in pairs]
    right = [j for j in range(len(new)) if j not in used]
    if not left or not right or len(left) * len(right) > MAX_SIMILARITY_PAIRS:
        return
    grams = {j: _grams(new[j].text) for j in right}
    sizes = {j: len(g) for j, g in grams.items()}
    for i in left:
        mine = _grams(old[i].text)
        size = len(mine)
        best: tuple[float, int] | None = None
        for j in right:
            total = size + sizes[j]
            if j in used or 2 * min(size, sizes[j]) < threshold * total:
                continue  # too different in length to reach the threshold
            score = 2 * len(mine & grams[j]) / total
            if score >= threshold and (best is None or score > best[0]):
                best = (score, j)
        if best is not None:
            pairs[i] = best[1]
            used.add(best[1])


def _match(old: list[_Item], new: list[_Item], threshold: float = 0.6) -> dict[int, int]:
    """old index → new index."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    by_key = {item.key: j for j, item in enumerate(new)}
    # 1. the same id and the same name (or much the same text)
    for i, o in enumerate(old):
        j = by_key.get(o.key)
        if j is None or j in used:
            continue
        n = new[j]
        if o.name == n.name or _similar(o.text, n.text) >= threshold:
            pairs[i] = j
            used.add(j)
    # 2. the same name, preferring the same parent
    parent_of = {old[i].key: new[j].key for i, j in pairs.items()}
    for i, o in enumerate(old):
        if i in pairs or not o.name:
            continue
        same = [j for j, n in enumerate(new) if j not in used and n.name == o.name]
        if not same:
            continue
        mapped_parent = parent_of.get(o.parent) if o.parent else None
        best = next((j for j in same if new[j].parent == mapped_parent), same[0])
        pairs[i] = best
        used.add(best)
        parent_of[o.key] = new[best].key
    # 3. much the same text under a new name and id
    _match_similar(old, new, pairs, used, max(threshold, 0.7))
    # 4. the same id, whatever else changed: ids are the plan's stable handles
    for i, o in enumerate(old):
        if i in pairs:
            continue
        j = by_key.get(o.key)
        if j is not None and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions (in ``values``) of one longest increasing subsequence."""
    import bisect

    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(values)
    for pos, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[k] = value
            tail_pos[k] = pos
        prev[pos] = tail_pos[k - 1] if k else -1
    out: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        out.add(pos)
        pos = prev[pos]
    return out


def _moved(old: list[_Item], new: list[_Item], pairs: dict[int, int]) -> set[int]:
    """Old indexes of matched items that changed parent or order among their siblings."""
    moved: set[int] = set()
    key_map = {old[i].key: new[j].key for i, j in pairs.items()}
    groups: dict[str | None, list[tuple[int, int]]] = {}
    siblings_old: dict[int, int] = {}
    counter: dict[str | None, int] = {}
    for i, o in enumerate(old):
        siblings_old[i] = counter.get(o.parent, 0)
        counter[o.parent] = siblings_old[i] + 1
    for i, j in sorted(pairs.items(), key=lambda p: p[1]):
        o, n = old[i], new[j]
        expected = key_map.get(o.parent) if o.parent is not None else None
        if o.parent is not None and expected is None:
            expected = "\0gone"  # the old parent has no counterpart: a reparent
        if expected != n.parent:
            moved.add(i)
            continue
        groups.setdefault(n.parent, []).append((i, siblings_old[i]))
    for members in groups.values():
        keep = _longest_increasing([pos for _, pos in members])
        moved.update(i for k, (i, _) in enumerate(members) if k not in keep)
    return moved


# --- items of each area --------------------------------------------------------------------


def _section_items(plan: Plan, root: str) -> list[_Item]:
    out: list[_Item] = []

    def visit(items: list[Section], base: Path, parent: str | None) -> None:
        for i, s in enumerate(items):
            here = (*base, i)
            out.append(
                _Item(s.id, _norm(s.title), s.title, parent, here, s, f"{s.title}\n{s.body}")
            )
            visit(s.children, (*here, "children"), s.id)

    visit(getattr(plan, root), (root,), None)
    return out


_NAME_FIELD = {
    "contacts": "name",
    "levels": "name",
    "warnings": "name",
    "risks": "hazard",
    "resources": "name",
    "teams": "name",
    "experts": "name",
    "shelters": "name",
    "procedures": "title",
    "groups": "name",
    "steps": "action",
}

ROW_AREAS = ("contacts", "levels", "warnings", "risks", "resources", "teams", "experts", "shelters")


def _row_items(rows: list[Any], area: str, base: Path, names: _Names) -> list[_Item]:
    name_field = _NAME_FIELD[area]
    return [
        _Item(
            row.id,
            _norm(str(getattr(row, name_field) or "")),
            str(getattr(row, name_field) or row.id),
            None,
            (*base, i),
            row,
            _row_text(row, names, skip=("id",)),
        )
        for i, row in enumerate(rows)
    ]


def _area_label(area: str) -> T:
    if area == "steps":
        return T("处置步骤", "procedure step")
    label, _ = field_info(Plan, (area,))
    return label or T(area, area)


Build = Callable[[ChangeKind, "_Item | None", "_Item | None", list[FieldChange], bool], Change]
Compare = Callable[["_Item", "_Item"], list[FieldChange]]


class _Differ:
    def __init__(self, old: Plan, new: Plan) -> None:
        self.old, self.new = old, new
        self.old_names, self.new_names = _Names(old), _Names(new)
        self.old_numbers = section_numbers(old, cite=True)
        self.new_numbers = section_numbers(new, cite=True)
        self.changes: list[Change] = []

    def run(self) -> list[Change]:
        self._meta()
        for root in ("sections", "appendices"):
            self._sections(root)
        self._organization()
        for area in ROW_AREAS:
            old = _row_items(getattr(self.old, area), area, (area,), self.old_names)
            new = _row_items(getattr(self.new, area), area, (area,), self.new_names)
            self._diff_list(
                old, new, 0.7, self._compare_rows, self._row_builder(area, _area_label(area))
            )
        self._procedures()
        return self.changes

    def _diff_list(
        self, old: list[_Item], new: list[_Item], threshold: float, compare: Compare, build: Build
    ) -> dict[int, int]:
        """Changes between two lists of matched items, in the new list's order."""
        pairs = _match(old, new, threshold)
        moved = _moved(old, new, pairs)
        found: list[tuple[float, Change]] = []
        for i, j in pairs.items():
            fields = compare(old[i], new[j])
            if fields or i in moved:
                kind = ChangeKind.CHANGED if fields else ChangeKind.MOVED
                found.append((j, build(kind, old[i], new[j], fields, i in moved)))
        matched = set(pairs.values())
        for j, n in enumerate(new):
            if j not in matched:
                found.append((j, build(ChangeKind.ADDED, None, n, [], False)))
        for i, o in enumerate(old):
            if i not in pairs:
                before = [j for k, j in pairs.items() if k < i]
                found.append(
                    (max(before, default=-1) + 0.5, build(ChangeKind.REMOVED, o, None, [], False))
                )
        found.sort(key=lambda p: p[0])
        self.changes.extend(c for _, c in found)
        return pairs

    # --- meta: one change per field ---------------------------------------------

    def _meta(self) -> None:
        old = _flatten(self.old.meta, self.old_names)
        new = _flatten(self.new.meta, self.new_names)
        for key in dict.fromkeys([*old, *new]):
            a, b = old.get(key, ""), new.get(key, "")
            if a == b:
                continue
            path = ("meta", *key.split("."))
            label = _path_label(path)
            self.changes.append(
                Change(
                    ChangeKind.CHANGED,
                    "meta",
                    _area_label("meta"),
                    key,
                    path,
                    path,
                    old_title=label.zh,
                    new_title=label.zh,
                    fields=[FieldChange(key, label, a, b)],
                    old_text=a,
                    new_text=b,
                )
            )

    # --- sections and appendices -------------------------------------------------

    def _sections(self, root: str) -> None:
        old = _section_items(self.old, root)
        new = _section_items(self.new, root)
        old_by_key = {o.key: o for o in old}
        new_by_key = {n.key: n for n in new}
        label = _area_label(root)

        def build(
            kind: ChangeKind,
            o: _Item | None,
            n: _Item | None,
            fields: list[FieldChange],
            moved: bool,
        ) -> Change:
            change = Change(kind, root, label, (n or o).key, moved=moved, fields=fields)  # type: ignore[union-attr]
            if o is not None:
                parent = old_by_key.get(o.parent) if o.parent else None
                change.old_path, change.old_title = o.path, o.title
                change.old_number = self.old_numbers.get(o.path, "")
                change.old_text = _section_text(o.obj)
                change.old_parent = parent.title if parent else ""
            if n is not None:
                parent = new_by_key.get(n.parent) if n.parent else None
                change.new_path, change.new_title = n.path, n.title
                change.new_number = self.new_numbers.get(n.path, "")
                change.new_text = _section_text(n.obj)
                change.new_parent = parent.title if parent else ""
            for f in fields:  # a changed tag the text does not show is spelled out
                if f.name == "element":
                    was = self.old_names.element(f.old) or "无"
                    now = self.new_names.element(f.new) or "无"
                    change.old_text += f"\n（{f.label.zh}：{was}）"
                    change.new_text += f"\n（{f.label.zh}：{now}）"
            return change

        self._diff_list(old, new, 0.6, lambda o, n: _section_fields(o.obj, n.obj), build)

    # --- registers ---------------------------------------------------------------

    def _compare_rows(self, o: _Item, n: _Item) -> list[FieldChange]:
        return _row_fields(o.obj, n.obj, self.old_names, self.new_names)

    def _row_builder(self, area: str, label: T, *, numbered: bool = False) -> Build:
        def build(
            kind: ChangeKind,
            o: _Item | None,
            n: _Item | None,
            fields: list[FieldChange],
            moved: bool,
        ) -> Change:
            change = Change(kind, area, label, (n or o).key, moved=moved, fields=fields)  # type: ignore[union-attr]
            for side, item in (("old", o), ("new", n)):
                if item is None:
                    continue
                title = item.title
                if numbered:  # procedure steps are cited by their position
                    setattr(
                        change, f"{side}_number", f"{T('步骤', 'step').zh}{int(item.path[-1]) + 1}"
                    )
                setattr(change, f"{side}_path", item.path)
                setattr(change, f"{side}_title", title)
                setattr(change, f"{side}_text", f"{title}\n{item.text}" if item.text else title)
            return change

        return build

    def _organization(self) -> None:
        for slot in ("command", "office"):
            a: OrgUnit | None = getattr(self.old.organization, slot)
            b: OrgUnit | None = getattr(self.new.organization, slot)
            path = ("organization", slot)
            old = (
                [_Item(a.id, "", a.name, None, path, a, _row_text(a, self.old_names))] if a else []
            )
            new = (
                [_Item(b.id, "", b.name, None, path, b, _row_text(b, self.new_names))] if b else []
            )
            # one slot: the command is the command whatever its id or name
            if old and new:
                old[0].key = new[0].key = slot
            build = self._row_builder("organization", _label(Organization, slot))
            self._diff_list(old, new, 0.0, self._compare_rows, build)
        old = _row_items(
            self.old.organization.groups, "groups", ("organization", "groups"), self.old_names
        )
        new = _row_items(
            self.new.organization.groups, "groups", ("organization", "groups"), self.new_names
        )
        build = self._row_builder("organization", _label(Organization, "groups"))
        self._diff_list(old, new, 0.7, self._compare_rows, build)

    def _procedures(self) -> None:
        old = _row_items(self.old.procedures, "procedures", ("procedures",), self.old_names)
        new = _row_items(self.new.procedures, "procedures", ("procedures",), self.new_names)
        label = _area_label("procedures")
        pairs = self._diff_list(
            old, new, 0.7, self._compare_rows, self._row_builder("procedures", label)
        )
        for i, j in sorted(pairs.items(), key=lambda p: p[1]):
            a: Procedure = self.old.procedures[i]
            b: Procedure = self.new.procedures[j]
            old_steps = _row_items(a.steps, "steps", ("procedures", i, "steps"), self.old_names)
            new_steps = _row_items(b.steps, "steps", ("procedures", j, "steps"), self.new_names)
            for item in old_steps + new_steps:
                step: Step = item.obj
                item.name = _norm(step.action)
                proc = a if item in old_steps else b
                action = step.action if len(step.action) <= 20 else f"{step.action[:20]}…"
                item.title = f"{proc.title} · {action}"
            build = self._row_builder("procedures", _area_label("steps"), numbered=True)
            self._diff_list(old_steps, new_steps, 0.7, self._compare_rows, build)


def _section_text(section: Section) -> str:
    lines = [section.body.strip()] if section.body.strip() else []
    if section.insert:
        parts = "、".join(_area_label(p).zh for p in section.insert)
        lines.append(f"（附表：{parts}）")
    return "\n".join(lines)


def _section_fields(a: Section, b: Section) -> list[FieldChange]:
    out: list[FieldChange] = []
    if a.title.strip() != b.title.strip():
        out.append(FieldChange("title", _label(Section, "title"), a.title, b.title))
    if _body(a.body) != _body(b.body):
        out.append(FieldChange("body", _label(Section, "body"), a.body.strip(), b.body.strip()))
    if a.insert != b.insert:
        out.append(
            FieldChange(
                "insert",
                _label(Section, "insert"),
                "、".join(_area_label(p).zh for p in a.insert),
                "、".join(_area_label(p).zh for p in b.insert),
            )
        )
    if (a.element or "") != (b.element or ""):
        out.append(
            FieldChange("element", _label(Section, "element"), a.element or "", b.element or "")
        )
    return out


def _body(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines() if line.strip())


def _row_fields(
    a: BaseModel, b: BaseModel, old_names: _Names, new_names: _Names
) -> list[FieldChange]:
    out: list[FieldChange] = []
    skip = ("id", "steps")
    for key in type(b).model_fields:
        if key in skip:
            continue
        va, vb = getattr(a, key, None), getattr(b, key, None)
        ta, tb = _text(va, old_names, key), _text(vb, new_names, key)
        if ta != tb:
            out.append(FieldChange(key, _label(type(b), key), ta, tb))
    return out


def _path_label(path: Path) -> T:
    """meta.unit.industry → 编制单位·行业类型 (the area, 基本信息, is said elsewhere)."""
    labels = [field_info(Plan, path[: k + 1])[0] for k in range(1, len(path))]
    parts = [lb for lb in labels if lb is not None]
    if not parts:
        return T(".".join(map(str, path)), ".".join(map(str, path)))
    return T("·".join(p.zh for p in parts), " · ".join(p.en for p in parts))


def _flatten(obj: BaseModel, names: _Names, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key in type(obj).model_fields:
        value = getattr(obj, key)
        if isinstance(value, BaseModel):
            out.update(_flatten(value, names, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = _text(value, names, key)
    return out


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """Every difference between two versions of a plan, in reading order."""
    result = PlanDiff(old.meta.title, new.meta.title, old.meta.version, new.meta.version)
    result.changes = _Differ(old, new).run()
    result.unit = new.meta.unit.name.strip()
    record = revision_of(new)
    if record is not None:
        result.revised = record.date
        result.reasons = reason_items(record.summary)
    return result


def revision_of(plan: Plan) -> Revision | None:
    """The revision record of the plan's own version (the newest one if several)."""
    mine = [r for r in plan.meta.revision_history if r.version.strip() == plan.meta.version.strip()]
    return mine[-1] if mine else None


_ITEM_NUMBER = re.compile(r"^\s*(?:\d+[.、．)]|[（(]\d+[)）]|[一二三四五六七八九十]+、)\s*")


def reason_items(summary: str) -> list[str]:
    """A revision summary cut into its items: lines, or ``；``-separated, numbers off."""
    items = []
    for line in re.split(r"[\n；;]", summary):
        text = _ITEM_NUMBER.sub("", line).strip().rstrip("。")
        if text:
            items.append(text)
    return items
