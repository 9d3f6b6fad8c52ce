"""Completeness: does the plan contain the elements its kind calls for?

An element is present when a section or appendix is tagged with it (``element:``) or
is titled with one of its names, and that section has content. A heading with nothing
under it counts as empty, not as present. Some elements are also satisfied by a
structured part (the response levels satisfy 响应分级, the contacts 联系方式…).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from app.i18n import T
from app.model.kinds import Element, rules_for
from app.model.plan import Plan, Section, walk_sections
from app.model.problems import Path, Problem, Severity

_NUMBERING = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[章节条部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+(\.\d+)*[.．、]?)\s*"
)
_NOISE = re.compile(r"[\s、，,。：:；;（）()“”\"'《》]")


def normalize(title: str) -> str:
    return _NOISE.sub("", _NUMBERING.sub("", title or ""))


def section_has_content(plan: Plan, section: Section) -> bool:
    if section.body.strip():
        return True
    if any(not plan.part_is_empty(part) for part in section.insert):
        return True
    return any(section_has_content(plan, child) for child in section.children)


@dataclass
class _Node:
    path: Path
    section: Section
    key: str


def _nodes(plan: Plan) -> list[_Node]:
    return [
        _Node(path, section, normalize(section.title))
        for path, section, _ in walk_sections(plan.sections)
        + walk_sections(plan.appendices, ("appendices",))
    ]


def _find(element: Element, nodes: list[_Node]) -> list[_Node]:
    tagged = [n for n in nodes if n.section.element == element.id]
    if tagged:
        return tagged
    names = [normalize(name) for name in element.names]
    exact = [n for n in nodes if n.key in names]
    if exact:
        return exact
    return [n for n in nodes if any(name and name in n.key for name in names)]


@dataclass(frozen=True)
class ElementStatus:
    """Where a plan holds one element, as the completeness check sees it."""

    element: Element
    paths: tuple[Path, ...]  # sections and appendices that carry it, best match first
    present: bool  # one of them has content, or a structured part satisfies it
    by_part: str | None = None  # the structured part that satisfies it, when no section does


def element_status(plan: Plan, element: Element, nodes: list[_Node] | None = None) -> ElementStatus:
    """Whether ``element`` is present in ``plan``, and where (for review forms)."""
    found = _find(element, nodes if nodes is not None else _nodes(plan))
    full = [n for n in found if section_has_content(plan, n.section)]
    paths = tuple(n.path for n in full + [n for n in found if n not in full])
    if full:
        return ElementStatus(element, paths, True)
    part = next((p for p in element.parts if not plan.part_is_empty(p)), None)
    return ElementStatus(element, paths, part is not None, part)


def _check(
    plan: Plan, elements: tuple[Element, ...], severity: Severity, nodes: list[_Node], label: T
) -> list[Problem]:
    out: list[Problem] = []
    for element in elements:
        status = element_status(plan, element, nodes)
        if status.present:
            continue
        found = [n for n in nodes if n.path in status.paths]
        source = f"（{element.source}）" if element.source else ""
        source_en = f" ({element.source})" if element.source else ""
        if found:
            out.append(
                Problem(
                    severity,
                    "complete.empty",
                    T(
                        f"{label.zh}“{element.title}”有标题但没有内容{source}",
                        f"{label.en} '{element.title}' has a heading but no content{source_en}",
                    ),
                    found[0].path,
                    hint=T("请补写该部分内容", "Write the content of this part"),
                )
            )
        else:
            out.append(
                Problem(
                    severity,
                    "complete.missing",
                    T(
                        f"缺少{label.zh}“{element.title}”{source}",
                        f"missing {label.en} '{element.title}'{source_en}",
                    ),
                    ("sections",),
                    hint=T(
                        "请添加该章节，或在已有章节的“对应要素”中注明",
                        "Add the section, or tag an existing one with this element",
                    ),
                )
            )
    return out


def check_completeness(plan: Plan) -> list[Problem]:
    rules = rules_for(plan.meta.kind)
    nodes = _nodes(plan)
    out: list[Problem] = []
    out += _check(plan, rules.required, Severity.ERROR, nodes, T("法定要素", "required element"))
    out += _check(plan, rules.standard, Severity.WARNING, nodes, T("要素", "element"))
    out += _check(plan, rules.appendices, Severity.WARNING, nodes, T("附件", "appendix"))
    out += _check_structure(plan, nodes)
    out += _check_meta(plan)
    return out


def _inside(path: Path, outer: Path) -> bool:
    return tuple(path[: len(outer)]) == tuple(outer)


def _holders(plan: Plan, element_id: str, nodes: list[_Node]) -> list[Path]:
    rules = rules_for(plan.meta.kind)
    element = next((e for e in rules.standard if e.id == element_id), None)
    if element is None:
        return []
    return [n.path for n in _find(element, nodes)]


def _check_structure(plan: Plan, nodes: list[_Node]) -> list[Problem]:
    """Where the kind's standard puts things: response levels (and the procedures that
    belong to a level) inside the response chapter, sub-elements inside their chapter,
    chapters in the standard's order."""
    rules = rules_for(plan.meta.kind)
    out: list[Problem] = []
    holders = {e.id: _holders(plan, e.id, nodes) for e in rules.standard}
    parent = {e.id: e.within for e in rules.standard}

    def lineage(element_id: str) -> set[str]:
        out = set()
        while element_id and element_id not in out:
            out.add(element_id)
            element_id = parent.get(element_id) or ""
        return out

    for part, allowed in rules.placement.items():
        if part == "procedures" and not any(p.level for p in plan.procedures):
            continue  # procedures with no level may sit with 先期处置 or 信息报告
        names = "、".join(e.title for e in rules.standard if e.id in allowed)
        for node in nodes:
            if part not in node.section.insert:
                continue
            around = {e for e, hs in holders.items() if any(_inside(node.path, h) for h in hs)}
            # fine: inside an allowed element, and every chapter around it is that element,
            # one of the chapters it sits in, or one of its own sub-elements
            ok = {a for a in allowed if a in around}
            fine = bool(ok) and all(
                e in set().union(*(lineage(a) for a in ok)) or bool(ok & lineage(e)) for e in around
            )
            if fine or not any(holders.get(a) for a in allowed):
                continue
            what = "响应分级表" if part == "levels" else "分级响应处置程序"
            out.append(
                Problem(
                    Severity.WARNING,
                    "complete.placement",
                    T(
                        f"{what}放在了“{node.section.title}”下，应放在“{names}”中",
                        f"the {part} are placed under '{node.section.title}'; "
                        f"they belong in '{names}'",
                    ),
                    node.path,
                    hint=T(
                        f"把“插入表格”中的该表移到“{names}”章节",
                        f"Move the table to the '{names}' section",
                    ),
                )
            )
    for element in rules.standard:
        if element.within is None:
            continue
        inner = _holders(plan, element.id, nodes)
        outer = _holders(plan, element.within, nodes)
        if not inner or not outer or any(_inside(i, o) for i in inner for o in outer):
            continue
        chapter = next(e.title for e in rules.standard if e.id == element.within)
        out.append(
            Problem(
                Severity.WARNING,
                "complete.within",
                T(
                    f"“{element.title}”应是“{chapter}”的下级内容（{element.source}）",
                    f"'{element.title}' belongs inside '{chapter}' ({element.source})",
                ),
                inner[0],
                hint=T(f"把该节移到“{chapter}”之下", f"Move the section under '{chapter}'"),
            )
        )
    if rules.ordered:
        out += _check_order(plan, rules.standard, nodes)
    return out


def _check_order(plan: Plan, elements: tuple[Element, ...], nodes: list[_Node]) -> list[Problem]:
    position = {n.path: i for i, n in enumerate(nodes)}
    seen: list[tuple[int, Element]] = []
    for element in elements:
        found = [n for n in _find(element, nodes) if not n.path or n.path[0] == "sections"]
        if found:
            seen.append((min(position[n.path] for n in found), element))
    out: list[Problem] = []
    for (before, first), (after, second) in itertools.pairwise(seen):
        if after >= before:
            continue
        out.append(
            Problem(
                Severity.WARNING,
                "complete.order",
                T(
                    f"“{second.title}”应排在“{first.title}”之后（{second.source}）",
                    f"'{second.title}' should come after '{first.title}' ({second.source})",
                ),
                nodes[after].path,
                hint=T("按标准的章节顺序调整", "Reorder the chapters as the standard lists them"),
            )
        )
    return out


def _check_meta(plan: Plan) -> list[Problem]:
    out: list[Problem] = []
    meta = plan.meta
    if not meta.title.strip():
        out.append(
            Problem(
                Severity.ERROR,
                "meta.title",
                T("预案名称不能为空", "the plan title is empty"),
                ("meta", "title"),
            )
        )
    if not meta.unit.name.strip():
        out.append(
            Problem(
                Severity.ERROR,
                "meta.unit",
                T("编制单位名称不能为空", "the unit name is empty"),
                ("meta", "unit", "name"),
            )
        )
    issued_document = rules_for(meta.kind).issued_document
    if meta.issued is None:
        # a government plan is dated by its 成文日期 (GB/T 9704 §7.3.5), not "颁布"
        what = "成文日期" if issued_document else "颁布日期"
        out.append(
            Problem(
                Severity.INFO,
                "meta.issued",
                T(
                    f"尚未填写{what}；签发后填写，以便计算备案和修订期限",
                    "no issue date yet; fill it in once signed so deadlines can be computed",
                ),
                ("meta", "issued"),
            )
        )
    numbered = meta.issuance is not None and (meta.issuance.number or "").strip()
    if issued_document and meta.issued is not None and not numbered:
        out.append(
            Problem(
                Severity.WARNING,
                "meta.doc_number",
                T(
                    "已印发的政府预案应填写发文字号（GB/T 9704—2012 §7.2.5）",
                    "an issued government plan should carry its document number",
                ),
                ("meta", "issuance", "number"),
            )
        )
    if (
        meta.issued is not None
        and rules_for(meta.kind).approval_page
        and not (meta.approved_by or "").strip()
    ):
        out.append(
            Problem(
                Severity.WARNING,
                "meta.approved_by",
                T(
                    "已颁布的预案应注明批准人（主要负责人）",
                    "an issued plan should name who approved it",
                ),
                ("meta", "approved_by"),
            )
        )
    return out
