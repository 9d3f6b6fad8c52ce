"""The plan system (预案体系): which plan hangs under which, and what is broken.

A special plan names its overall plan in ``meta.parent``; a department plan names its
special (or overall) plan; a drill names the plan it exercises. Links are paths
relative to the linking file, or plan titles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.export.names import link_name
from app.i18n import T
from app.library import Entry, Library, Links
from app.model.kinds import PlanKind

# Kinds that sit under another plan and so should name a parent.
NEEDS_PARENT = {
    PlanKind.ENTERPRISE_SPECIAL: (PlanKind.ENTERPRISE_COMPREHENSIVE,),
    PlanKind.ENTERPRISE_ONSITE: (PlanKind.ENTERPRISE_COMPREHENSIVE, PlanKind.ENTERPRISE_SPECIAL),
    PlanKind.GOV_SPECIAL: (PlanKind.GOV_OVERALL,),
    PlanKind.GOV_DEPARTMENT: (PlanKind.GOV_SPECIAL, PlanKind.GOV_OVERALL),
}


# The column a kind takes in the plan system: 总体/综合 | 专项 | 部门/现场处置方案.
LEVEL = {
    PlanKind.GOV_OVERALL: 0,
    PlanKind.ENTERPRISE_COMPREHENSIVE: 0,
    PlanKind.TOWNSHIP: 0,
    PlanKind.COMMUNITY: 0,
    PlanKind.GOV_SPECIAL: 1,
    PlanKind.ENTERPRISE_SPECIAL: 1,
    PlanKind.GOV_DEPARTMENT: 2,
    PlanKind.ENTERPRISE_ONSITE: 2,
}


def level_of(entry: Entry) -> int:
    return LEVEL.get(entry.kind, 0) if entry.kind is not None else 0


@dataclass
class Node:
    entry: Entry
    children: list[Node] = field(default_factory=list)
    drills: list[Entry] = field(default_factory=list)


@dataclass
class Issue:
    entry: Entry
    code: str  # "broken", "orphan", "drill_broken", "wrong_parent_kind"
    message: T


@dataclass
class PlanSystem:
    roots: list[Node]
    issues: list[Issue]
    # top plans (总体, 综合…) whose 上级预案 belongs to a higher authority, not this library
    external: list[tuple[Entry, str]] = field(default_factory=list)

    def external_parent(self, entry: Entry) -> str | None:
        return next((text for e, text in self.external if e is entry), None)

    def issues_of(self, entry: Entry) -> list[Issue]:
        return [i for i in self.issues if i.entry is entry]

    def walk(self) -> list[tuple[Node, int]]:
        out: list[tuple[Node, int]] = []

        def visit(node: Node, depth: int) -> None:
            out.append((node, depth))
            for child in node.children:
                visit(child, depth + 1)

        for root in self.roots:
            visit(root, 0)
        return out


def build_system(library: Library) -> PlanSystem:
    plans = library.plans()
    links = Links(plans)
    nodes = {id(e): Node(e) for e in plans}
    issues: list[Issue] = []
    external: list[tuple[Entry, str]] = []
    has_parent: set[int] = set()
    for entry in plans:
        expected = NEEDS_PARENT.get(entry.kind) if entry.kind else None
        if entry.parent:
            parent = links.find_any(entry.path, entry.parent)
            if (parent is None or parent is entry) and not expected:
                # a top plan's parent is a higher authority's plan, outside this library
                external.append((entry, entry.parent))
                continue
            if parent is None or parent is entry:
                issues.append(
                    Issue(
                        entry,
                        "broken",
                        T(
                            f"上级预案“{link_name(entry.parent)}”在预案库中找不到",
                            f"parent plan '{link_name(entry.parent)}' is not in the library",
                        ),
                    )
                )
                continue
            assert parent is not None
            if _creates_cycle(parent, entry, links):
                issues.append(
                    Issue(entry, "broken", T("上级预案形成了循环引用", "parent links form a cycle"))
                )
                continue
            nodes[id(parent)].children.append(nodes[id(entry)])
            has_parent.add(id(entry))
            if expected and parent.kind not in expected:
                kind_names = "、".join(k.zh for k in expected)
                issues.append(
                    Issue(
                        entry,
                        "wrong_parent_kind",
                        T(
                            f"上级预案通常应为{kind_names}",
                            f"the parent is usually a {', '.join(k.en for k in expected)}",
                        ),
                    )
                )
        elif expected:
            issues.append(
                Issue(
                    entry,
                    "orphan",
                    T(
                        f"{entry.kind.zh if entry.kind else ''}未注明上级预案，无法纳入预案体系",
                        "no parent plan named; it hangs outside the plan system",
                    ),
                )
            )
    for drill in library.drills():
        target = links.find(drill.path, drill.exercises)
        if target is None:
            what = link_name(drill.exercises) if drill.exercises else T("（未填写）", "(none)").zh
            issues.append(
                Issue(
                    drill,
                    "drill_broken",
                    T(
                        f"演练所针对的预案“{what}”在预案库中找不到",
                        f"the drill's plan '{what}' is not in the library",
                    ),
                )
            )
        else:
            nodes[id(target)].drills.append(drill)
    for node in nodes.values():  # specials before department and on-site plans
        node.children.sort(key=lambda n: (level_of(n.entry), n.entry.title))
    # the system first, top levels first; plans outside it (orphans, broken links) last
    outside = {id(i.entry) for i in issues if i.code in ("broken", "orphan")}
    roots = sorted(
        (nodes[id(e)] for e in plans if id(e) not in has_parent),
        key=lambda n: (id(n.entry) in outside, not n.children, level_of(n.entry)),
    )
    return PlanSystem(roots, issues, external)


def _creates_cycle(parent: Entry, child: Entry, links: Links) -> bool:
    seen = {id(child)}
    current: Entry | None = parent
    while current is not None:
        if id(current) in seen:
            return True
        seen.add(id(current))
        current = links.find_any(current.path, current.parent)
    return False
