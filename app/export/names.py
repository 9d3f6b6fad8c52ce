"""References → the names a reader sees: the one resolver every document writer uses.

A plan and a drill refer to their parts by id (``g-hq``, ``fire-iv``, ``c-duty``,
``i03``, ``c-judge``, ``e03a``). Ids are for the program; a document shows names:

=====================  ===============================================================
org unit (group)       its name (应急救援指挥部, 抢险救援组)
contact                the person's or office's name
response level         its name (Ⅱ级（公司级）响应); its id only when it has no name
procedure              its title (车间级（Ⅲ级）火灾处置)
step                   ``<procedure>第N步`` (``step``: with the step's own words)
team/expert/shelter/   their names
resource/risk
participant            the person's name
``all`` / ``全体``      全体参演人员
inject                 ``注入N`` (N: its place in the script), a library card ``情景卡N``
decision               its text
expected action        ``注入N期望行动M``
criterion              ``评估项N`` (N: its place in the evaluation's list)
objective              ``目标N``
standard element       its title (``A13.2`` → 应急预案体系)
=====================  ===============================================================

Usage::

    names = Names(plan=plan, drill=drill)    # either may be None
    names.display_name("g-hq")               # 应急救援指挥部
    names.display_name("all")                # 全体参演人员
    names.unit("g-site"), names.step("fire-iv-01"), names.inject("i03"), names.criterion("c-judge")

A reference none of the registers knows is shown as written: recipients and actors may
be free text (``现场情况（导调组）``). The checks (``app.checks``) report dangling ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.model.drill import Drill
    from app.model.plan import Plan, Step

EVERYONE = "全体参演人员"
EVERYONE_REFS = frozenset({"all", "全体", "everyone"})


class Names:
    """Ids of a plan and a drill → display names (see the module docstring)."""

    def __init__(self, plan: Plan | None = None, drill: Drill | None = None) -> None:
        self.plan = plan
        self.drill = drill
        self._names: dict[str, str] = {}  # every register, for display_name
        self._units: dict[str, str] = {}
        self._contacts: dict[str, str] = {}
        self._levels: dict[str, str] = {}
        self._procedures: dict[str, str] = {}
        self._steps: dict[str, tuple[str, int, Step]] = {}
        self._injects: dict[str, str] = {}
        self._expected: dict[str, str] = {}
        self._decisions: dict[str, str] = {}
        self._criteria: dict[str, str] = {}
        self._objectives: dict[str, str] = {}
        self._people: dict[str, str] = {}
        self._elements: dict[str, str] = {}
        self._registers: dict[str, dict[str, str]] = {}  # plan register → id → name
        if plan is not None:
            self._read_plan(plan)
        if drill is not None:
            self._read_drill(drill)

    # --- building ---------------------------------------------------------------------

    def _put(self, table: dict[str, str], ident: str, name: str) -> None:
        table.setdefault(ident, name)
        self._names.setdefault(ident, name)

    def _read_plan(self, plan: Plan) -> None:
        from app.model.kinds import rules_for

        rules = rules_for(plan.meta.kind)
        for element in (*rules.required, *rules.standard, *rules.appendices):
            # the standard's element a section answers: its title, never its code (A13.2)
            self._elements.setdefault(element.id, element.title)
        for unit in plan.organization.units():
            self._put(self._units, unit.id, unit.name or _unnamed("工作组"))
        for c in plan.contacts:
            self._put(self._contacts, c.id, c.name or c.org or _unnamed("联系人"))
        for lv in plan.levels:
            self._put(self._levels, lv.id, lv.name or _level_text(lv.id))
        for proc in plan.procedures:
            title = proc.title or _unnamed("处置程序")
            self._put(self._procedures, proc.id, title)
            for i, step in enumerate(proc.steps, 1):
                self._steps.setdefault(step.id, (title, i, step))
                self._names.setdefault(step.id, f"{title}第{i}步")
        named = {
            "teams": [(t.id, t.name, "队伍") for t in plan.teams],
            "experts": [(e.id, e.name, "专家") for e in plan.experts],
            "shelters": [(x.id, x.name, "场所") for x in plan.shelters],
            "resources": [(r.id, r.name, "物资") for r in plan.resources],
            "risks": [(r.id, r.hazard, "风险") for r in plan.risks],
            "warnings": [(w.id, w.name, "预警级别") for w in plan.warnings],
        }
        for register, items in named.items():
            table = self._registers.setdefault(register, {})
            for ident, name, what in items:
                self._put(table, ident, name or _unnamed(what))

    def _read_drill(self, drill: Drill) -> None:
        for p in drill.participants:
            self._put(self._people, p.id, p.name or p.group or _unnamed("参演人员"))
        for n, item in enumerate(drill.script, 1):
            self._put(self._injects, item.id, f"注入{n}")
        for n, card in enumerate(drill.library, 1):
            self._put(self._injects, card.id, f"情景卡{n}")
        for each in (*drill.script, *drill.library):
            label = self._injects[each.id]
            for m, ea in enumerate(each.expected, 1):
                self._put(self._expected, ea.id, f"{label}期望行动{m}")
            for d in each.decisions:
                self._put(self._decisions, d.id, d.text or _unnamed("决策"))
        for n, c in enumerate(drill.evaluation.criteria, 1):
            self._put(self._criteria, c.id, f"评估项{n}")
        for n, o in enumerate(drill.meta.objectives, 1):
            self._put(self._objectives, o.id, f"目标{n}")

    # --- the one lookup ---------------------------------------------------------------

    def display_name(self, ref: str | None) -> str:
        """What a reader sees for any reference; "" for none, the text itself if unknown."""
        if not ref:
            return ""
        if ref in EVERYONE_REFS:
            return EVERYONE
        return self._names.get(ref, ref)

    def in_register(self, register: str, ref: str | None) -> str:
        """A row of one plan register (``teams``, ``experts``, ``shelters``,
        ``resources``, ``risks``, ``warnings``): ids are unique only within one."""
        if not ref:
            return ""
        return self._registers.get(register, {}).get(ref) or self.display_name(ref)

    def names(self, refs: list[str] | tuple[str, ...], sep: str = "、") -> str:
        return sep.join(self.display_name(r) for r in refs)

    def knows(self, ref: str | None) -> bool:
        return bool(ref) and (ref in self._names or ref in EVERYONE_REFS)

    # --- typed lookups (same tables; for callers that know what the reference is) ----

    def unit(self, ref: str | None) -> str:
        """An org unit, a participant or 全体 (a drill's recipients and performers)."""
        return self.display_name(ref)

    def units(self, refs: list[str]) -> str:
        return self.names(refs)

    def contact(self, ref: str | None) -> str:
        if not ref:
            return ""
        return self._contacts.get(ref) or self.display_name(ref)

    def level(self, ref: str | None) -> str:
        if not ref:
            return ""
        return self._levels.get(ref) or _level_text(ref)

    def procedure(self, ref: str | None) -> str:
        if not ref:
            return ""
        return self._procedures.get(ref) or self.display_name(ref)

    def step_short(self, ref: str) -> str:
        """``<procedure>第N步``."""
        place = self._steps.get(ref)
        return f"{place[0]}第{place[1]}步" if place is not None else self.display_name(ref)

    def step(self, ref: str) -> str:
        """``<procedure>第N步：<action>``."""
        place = self._steps.get(ref)
        if place is None:
            return self.display_name(ref)
        return f"{place[0]}第{place[1]}步：{place[2].action}"

    def step_of(self, ref: str) -> Step | None:
        place = self._steps.get(ref)
        return place[2] if place is not None else None

    def inject(self, ref: str | None) -> str:
        """``注入N`` or ``情景卡N``."""
        if not ref:
            return ""
        return self._injects.get(ref) or self.display_name(ref)

    def inject_title(self, ref: str | None) -> str:
        """``注入N 标题``."""
        if not ref:
            return ""
        label = self.inject(ref)
        item: object = self.drill.inject(ref) if self.drill is not None else None
        title = getattr(item, "title", "")
        return f"{label} {title}" if title else label

    def expected(self, ref: str) -> str:
        return self._expected.get(ref) or self.display_name(ref)

    def decision(self, ref: str) -> str:
        return self._decisions.get(ref) or self.display_name(ref)

    def criterion(self, ref: str) -> str:
        return self._criteria.get(ref) or self.display_name(ref)

    def objective(self, ref: str | None) -> str:
        if not ref:
            return ""
        return self._objectives.get(ref) or self.display_name(ref)

    def element(self, ref: str | None) -> str:
        """The standard's element a section answers: ``A13.2`` → 应急预案体系."""
        if not ref:
            return ""
        return self._elements.get(ref) or ref

    def person(self, ref: str | None) -> str:
        if not ref:
            return ""
        return self._people.get(ref) or self.display_name(ref)


_FILE_SUFFIXES = (".plan.yaml", ".drill.yaml", ".yaml", ".yml")


def link_name(link: str) -> str:
    """A link to a plan or drill as a reader names it: ``../专项/防汛预案.plan.yaml``
    reads 防汛预案 (a link written as a title stays as written)."""
    text = link.strip()
    base = text.replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in _FILE_SUFFIXES:
        if base.lower().endswith(suffix):
            return base[: -len(suffix)] or text
    return text


_NAME_FIELDS = ("name", "title", "hazard")
_WHAT = {
    "OrgUnit": "工作组",
    "Contact": "联系人",
    "Procedure": "处置程序",
    "Section": "章节标题",
    "Risk": "风险",
    "Resource": "物资",
    "Team": "队伍",
    "Expert": "专家",
    "Shelter": "场所",
    "WarningLevel": "预警级别",
}


def name_of(item: object) -> str:
    """The display name of a register row in hand (a risk, a team, a section…): its
    name, title or hazard; a marked gap when it has none, never its id."""
    for attr in _NAME_FIELDS:
        value = getattr(item, attr, None)
        if isinstance(value, str) and value.strip():
            return value
    what = _WHAT.get(type(item).__name__, "名称")
    return _unnamed(what)


def _unnamed(what: str) -> str:
    # a register entry without a name: the gap is marked, never replaced by its id
    from app.export.layer.placeholders import placeholder

    return placeholder(what if what.endswith(("名称", "标题")) else f"{what}名称")


_ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ"}


def _level_text(ident: str) -> str:
    """A level without a name: ``II`` reads ``Ⅱ级``; anything else as written."""
    roman = _ROMAN.get(ident.upper())
    return f"{roman}级" if roman is not None else ident


__all__ = ["EVERYONE", "EVERYONE_REFS", "Names", "link_name", "name_of"]
