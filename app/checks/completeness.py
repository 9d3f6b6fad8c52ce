"""Completeness: does the plan contain the elements its kind calls for?

An element is present when a section or appendix is tagged with it (``element:``) or
is titled with one of its names, and that section has content. A heading with nothing
under it counts as empty, not as present. Some elements are also satisfied by a
structured part (the response levels satisfy 响应分级, the contacts 联系方式…).
"""

from __future__ import annotations

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
    out += _check_meta(plan)
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
    if meta.issued is None:
        out.append(
            Problem(
                Severity.INFO,
                "meta.issued",
                T(
                    "尚未填写颁布日期；签发后填写，以便计算备案和修订期限",
                    "no issue date yet; fill it in once signed so deadlines can be computed",
                ),
                ("meta", "issued"),
            )
        )
    elif rules_for(meta.kind).approval_page and not (meta.approved_by or "").strip():
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
