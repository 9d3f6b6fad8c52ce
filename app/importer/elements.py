"""Tag imported chapters with the element of the plan's kind they stand for.

A unit's chapter titled 组织机构 is the 组织体系 its kind calls for; the completeness check
matches titles by the names in kinds.yaml only, so without a tag ``validate`` would report
a chapter that exists as missing. Only elements no title names are tagged, and only when
exactly one chapter reads as the element once the wording that varies between units
(应急…, …及职责, 体系/机构, 组织指挥) is set aside.
"""

from __future__ import annotations

import re

from app.model.kinds import Element, rules_for
from app.model.plan import Plan, Section, walk_sections

_NUMBER = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[章节条部分]|[一二三四五六七八九十]+[、.．]|"
    r"[（(][一二三四五六七八九十\d]+[）)]|\d+(\.\d+)*[.．、]?)\s*"
)
_NOISE = re.compile(r"[\s、，,。：:；;（）()“”\"'《》]")


def _key(title: str) -> str:
    return _NOISE.sub("", _NUMBER.sub("", title or ""))


def _core(title: str) -> str:
    t = _key(title)
    t = re.sub(r"^应急", "", t)
    t = re.sub(r"(?:及其|及|与|和)?(?:主要|工作)?职责$", "", t)
    t = t.replace("组织指挥", "组织").replace("体系", "机构")
    return t


def _named(element: Element, keys: list[str]) -> bool:
    names = [_key(n) for n in element.names]
    return any(k in names or any(n and n in k for n in names) for k in keys)


def tag_elements(plan: Plan) -> list[tuple[Element, Section]]:
    """Set ``element`` on chapters that stand for an element under another name."""
    rules = rules_for(plan.meta.kind)
    sections = [s for _, s, _ in walk_sections(plan.sections)]
    sections += [s for _, s, _ in walk_sections(plan.appendices, ("appendices",))]
    keys = [_key(s.title) for s in sections]
    tagged: list[tuple[Element, Section]] = []
    for element in (*rules.required, *rules.standard, *rules.appendices):
        if any(s.element == element.id for s in sections) or _named(element, keys):
            continue
        cores = {_core(n) for n in element.names} - {""}
        hits = [s for s in sections if s.element is None and _core(s.title) in cores]
        if len(hits) == 1:
            hits[0].element = element.id
            tagged.append((element, hits[0]))
    return tagged
