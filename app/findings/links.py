"""Findings seen from the plan: which drills exercise it, and where each finding points.

A plan does not list its findings; the drills that exercise it do. The drills of a plan
are the drill files in the plan's own folder whose ``meta.plan`` names the plan file
(the layout ``drill new`` and the templates create: plan and drills side by side).
``linked_findings(plan_path)`` reads them; a drill file that cannot be read is
reported, never fatal.

A finding's ``ref`` is a path-like reference into the plan (``procedures/p/steps/s``,
``steps/s``, ``sections/s``, ``contacts/c`` …, see ``app.model.drill.resolve_plan_ref``).
``ref_path`` turns it into the schema path of the element (``("procedures", 0,
"steps", 1)``), the key the editor uses to put a badge on an outline node and the path
a problem carries so the problems dock can jump to the element.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import T
from app.model.drill import REF_REGISTERS, Drill, Finding, FindingStatus, step_ref
from app.model.plan import Plan, walk_sections
from app.model.problems import Path as SchemaPath
from app.model.problems import Problem, Severity
from app.storage.drills import DRILL_SUFFIX, linked_plan_path, load_drill
from app.storage.errors import LoadError


@dataclass(frozen=True)
class LinkedFinding:
    """A finding together with the drill file that holds it."""

    finding: Finding
    drill_path: Path
    drill_title: str
    drill_date: dt.date | None = None
    index: int = 0  # position in the drill's ``findings`` list

    @property
    def is_open(self) -> bool:
        return self.finding.status is not FindingStatus.CLOSED

    def overdue(self, today: dt.date) -> bool:
        due = self.finding.due
        return self.is_open and due is not None and due < today


@dataclass
class LinkedDrills:
    """The drills that exercise one plan, and their findings."""

    plan_path: Path
    drills: list[tuple[Path, Drill]] = field(default_factory=list)
    findings: list[LinkedFinding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # drill files that could not be read

    def open(self) -> list[LinkedFinding]:
        return [f for f in self.findings if f.is_open]

    def overdue(self, today: dt.date) -> list[LinkedFinding]:
        return [f for f in self.findings if f.overdue(today)]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())
    except OSError:
        return False


def findings_of(drill: Drill, drill_path: Path) -> list[LinkedFinding]:
    return [
        LinkedFinding(f, drill_path, drill.meta.title or drill_path.name, drill.meta.date, i)
        for i, f in enumerate(drill.findings)
    ]


_cache: dict[str, tuple[tuple[int, int], Drill]] = {}
_cache_lock = threading.Lock()


def _read_drill(path: Path) -> Drill:
    """A drill file, parsed again only when it changed (the editor asks after every edit)."""
    key = os.path.normcase(str(path.resolve()))
    try:
        st = path.stat()
        sig = (st.st_size, st.st_mtime_ns)
    except OSError:
        sig = (-1, -1)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] == sig:
        return hit[1]
    drill = load_drill(path).model
    with _cache_lock:
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = (sig, drill)
    return drill


def linked_findings(plan_path: str | Path, *, folders: Iterable[Path] = ()) -> LinkedDrills:
    """The drills in the plan's folder (and ``folders``) that exercise the plan.

    The drills are shared, cached objects: copy one before changing it."""
    plan = Path(plan_path)
    out = LinkedDrills(plan)
    seen: set[str] = set()
    for folder in (plan.parent, *folders):
        try:
            names = sorted(os.listdir(folder or Path(".")))
        except OSError:
            continue
        for name in names:
            if not name.lower().endswith(DRILL_SUFFIX) or name.startswith("."):
                continue
            path = Path(folder) / name
            key = os.path.normcase(str(path.resolve()))
            if key in seen:
                continue
            seen.add(key)
            try:
                drill = _read_drill(path)
            except LoadError as exc:
                out.problems.append(
                    Problem(
                        Severity.INFO,
                        "finding.drill_unreadable",
                        T(
                            f"演练文件 {name} 无法读取（{exc.message.zh}），其中发现的问题未列出",
                            f"drill file {name} cannot be read ({exc.message.en}); "
                            "its findings are not listed",
                        ),
                        file=str(path),
                        line=exc.line,
                    )
                )
                continue
            target = linked_plan_path(path, drill)
            if target is None or not _same_file(target, plan):
                continue
            out.drills.append((path, drill))
            out.findings += findings_of(drill, path)
    return out


# --- references into the plan -----------------------------------------------------------


def _parts(ref: str) -> list[str]:
    return [p for p in ref.strip().strip("/").split("/") if p]


def canonical_ref(plan: Plan | None, ref: str) -> str:
    """One spelling per element: ``steps/s`` becomes ``procedures/p/steps/s``."""
    parts = _parts(ref)
    if plan is not None and len(parts) == 2 and parts[0] == "steps":
        return step_ref(plan, parts[1]) or "/".join(parts)
    return "/".join(parts)


def ref_path(plan: Plan, ref: str) -> SchemaPath | None:
    """The schema path of the element ``ref`` names, or None when the plan lacks it."""
    parts = _parts(canonical_ref(plan, ref))
    if not parts:
        return None
    head, rest = parts[0], parts[1:]
    if head == "meta" and not rest:
        return ("meta",)
    if head == "procedures" and rest:
        pi = next((i for i, p in enumerate(plan.procedures) if p.id == rest[0]), None)
        if pi is None:
            return None
        if len(rest) == 1:
            return ("procedures", pi)
        if len(rest) == 3 and rest[1] == "steps":
            steps = plan.procedures[pi].steps
            si = next((i for i, s in enumerate(steps) if s.id == rest[2]), None)
            return None if si is None else ("procedures", pi, "steps", si)
        return None
    if len(rest) != 1:
        return None
    ident = rest[0]
    if head in ("sections", "appendices"):
        for path, section, _ in walk_sections(getattr(plan, head), (head,)):
            if section.id == ident:
                return path
        return None
    if head == "organization":
        org = plan.organization
        if org.command is not None and org.command.id == ident:
            return ("organization", "command")
        if org.office is not None and org.office.id == ident:
            return ("organization", "office")
        gi = next((i for i, g in enumerate(org.groups) if g.id == ident), None)
        return None if gi is None else ("organization", "groups", gi)
    if head in REF_REGISTERS:
        rows = getattr(plan, head)
        ri = next((i for i, row in enumerate(rows) if row.id == ident), None)
        return None if ri is None else (head, ri)
    return None


_REGISTER_NAMES = {
    "contacts": "通讯录",
    "levels": "响应分级",
    "warnings": "预警分级",
    "risks": "风险清单",
    "resources": "应急物资装备",
    "teams": "应急队伍",
    "experts": "应急专家",
    "shelters": "避难场所",
}


def element_label(plan: Plan | None, ref: str | None, *, short: bool = True) -> str:
    """How a reader names the element: 处置程序“泄漏处置”第2步（关闭阀门）, 章节“信息报告”…"""
    if not ref:
        return ""
    if plan is None:
        return ref
    path = ref_path(plan, ref)
    if path is None:
        return f"{ref}（预案中已不存在）"
    head = path[0]
    if head == "meta":
        return "预案基本信息"
    if head == "procedures":
        proc = plan.procedures[int(path[1])]
        name = f"处置程序“{proc.title or proc.id}”"
        if len(path) == 2:
            return name
        step = proc.steps[int(path[3])]
        action = step.action if not short or len(step.action) <= 20 else step.action[:19] + "…"
        return (
            f"{name}第{int(path[3]) + 1}步（{action}）"
            if action
            else f"{name}第{int(path[3]) + 1}步"
        )
    if head in ("sections", "appendices"):
        node: object = plan
        for part in path:
            node = node[part] if isinstance(part, int) else getattr(node, part)  # type: ignore[index]
        kind = "章节" if head == "sections" else "附件"
        return f"{kind}“{getattr(node, 'title', '') or getattr(node, 'id', '')}”"
    if head == "organization":
        unit = (
            getattr(plan.organization, str(path[1]))
            if len(path) == 2
            else plan.organization.groups[int(path[2])]
        )
        return f"组织机构“{unit.name or unit.id}”"
    row = getattr(plan, str(head))[int(path[1])]
    name = getattr(row, "name", "") or getattr(row, "hazard", "") or row.id
    return f"{_REGISTER_NAMES.get(str(head), str(head))}“{name}”"


def by_element(
    plan: Plan, findings: Iterable[LinkedFinding], *, open_only: bool = True
) -> dict[SchemaPath, list[LinkedFinding]]:
    """Findings grouped by the schema path of the element they point to (badges, lists)."""
    out: dict[SchemaPath, list[LinkedFinding]] = {}
    for lf in findings:
        if (open_only and not lf.is_open) or not lf.finding.ref:
            continue
        path = ref_path(plan, lf.finding.ref)
        if path is not None:
            out.setdefault(path, []).append(lf)
    return out


def findings_under(
    index: dict[SchemaPath, list[LinkedFinding]], path: SchemaPath
) -> list[LinkedFinding]:
    """Findings on the element at ``path`` or inside it (a procedure and its steps)."""
    n = len(path)
    return [lf for key, items in index.items() if tuple(key[:n]) == tuple(path) for lf in items]


__all__ = [
    "LinkedDrills",
    "LinkedFinding",
    "by_element",
    "canonical_ref",
    "element_label",
    "findings_of",
    "findings_under",
    "linked_findings",
    "ref_path",
]
