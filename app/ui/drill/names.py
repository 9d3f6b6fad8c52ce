"""Display names for the ids a drill uses: participants, plan org units, plan steps,
and the plan elements a finding may point at (Qt-free).

Pickers show "procedure › step: actor action" for steps, and produce the engine's
reference format (``procedures/<id>/steps/<id>``, ``sections/<id>``, ``contacts/<id>``…,
see ``app.model.drill.resolve_plan_ref``). A chosen reference is shown as the rest of
the app shows it: ``app.findings.links.element_label``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.export.layer.placeholders import MARK
from app.i18n import T
from app.model.drill import REF_REGISTERS, Drill
from app.model.plan import Plan, walk_sections
from app.ui.numbering import section_numbers


@dataclass(frozen=True)
class StepChoice:
    id: str
    procedure: str
    label: str  # "procedure › step: actor action"


@dataclass(frozen=True)
class RefChoice:
    ref: str  # engine format, e.g. procedures/p1/steps/s2
    label: str
    group: T  # which part of the plan


class Names:
    """Id → name lookups for one drill and its (optional) linked plan."""

    def __init__(self, drill: Drill | None, plan: Plan | None) -> None:
        self.drill = drill
        self.plan = plan
        self.units: dict[str, str] = {}
        if plan is not None:
            self.units = {u.id: u.name or u.id for u in plan.organization.units()}
        self.people: dict[str, str] = {}
        if drill is not None:
            self.people = {p.id: p.name or p.id for p in drill.participants}

    def unit(self, ident: str | None) -> str:
        if not ident:
            return ""
        return self.units.get(ident, ident)

    def recipients(self, idents: tuple[str, ...] | list[str]) -> str:
        return "、".join(self.unit(i) for i in idents)

    def who(self, ident: str | None) -> str:
        """A participant (by id or name) or an org unit, as people call them."""
        if not ident:
            return ""
        if ident in self.people:
            person = self.drill.participant(ident) if self.drill else None
            team = None
            if person is not None:
                team = self.units.get(person.plays or "", person.plays) or person.group
            name = self.people[ident]
            if MARK.search(name):  # a name still to be filled in: the team or the post
                return team or (person.org if person and person.org else name)
            return f"{team}（{name}）" if team and team != name else name
        return self.units.get(ident, ident)

    def steps(self) -> list[StepChoice]:
        return step_choices(self.plan) if self.plan is not None else []

    def step(self, ident: str) -> str:
        for choice in self.steps():
            if choice.id == ident:
                return choice.label
        return ident


def step_label(plan: Plan, proc_title: str, step_id: str, actor: str | None, action: str) -> str:
    units = {u.id: u.name or u.id for u in plan.organization.units()}
    who = units.get(actor or "", actor or "")
    tail = f"{who} {action}".strip()
    return f"{proc_title} › {step_id}：{tail}" if tail else f"{proc_title} › {step_id}"


def step_choices(plan: Plan) -> list[StepChoice]:
    """Every procedure step of the plan, in plan order, labelled for pickers."""
    out: list[StepChoice] = []
    for proc in plan.procedures:
        title = proc.title or proc.id
        for step in proc.steps:
            out.append(
                StepChoice(
                    step.id, proc.id, step_label(plan, title, step.id, step.actor, step.action)
                )
            )
    return out


_GROUPS = {
    "sections": T("正文章节", "Sections"),
    "procedures": T("处置程序", "Procedures"),
    "steps": T("处置步骤", "Procedure steps"),
    "organization": T("组织机构", "Organisation"),
    "appendices": T("附件", "Appendices"),
    "contacts": T("通讯录", "Contacts"),
    "levels": T("响应分级", "Response levels"),
    "warnings": T("预警分级", "Warning levels"),
    "risks": T("风险清单", "Risks"),
    "resources": T("应急物资装备", "Resources"),
    "teams": T("应急队伍", "Response teams"),
    "experts": T("应急专家", "Experts"),
    "shelters": T("避难场所", "Shelters"),
}


def ref_choices(plan: Plan) -> list[RefChoice]:
    """Every plan element a finding may point at, with the engine's reference for it."""
    out: list[RefChoice] = []
    numbers = section_numbers(plan)
    for root in ("sections", "appendices"):
        for _, section, depth in walk_sections(getattr(plan, root), (root,)):
            number = numbers.get(id(section), "")
            indent = "  " * (depth - 1)
            label = f"{indent}{number} {section.title or section.id}".rstrip()
            out.append(
                RefChoice(f"{root}/{section.id}", label.strip() or section.id, _GROUPS[root])
            )
    for proc in plan.procedures:
        title = proc.title or proc.id
        out.append(RefChoice(f"procedures/{proc.id}", title, _GROUPS["procedures"]))
        for step in proc.steps:
            out.append(
                RefChoice(
                    f"procedures/{proc.id}/steps/{step.id}",
                    step_label(plan, title, step.id, step.actor, step.action),
                    _GROUPS["steps"],
                )
            )
    for unit in plan.organization.units():
        out.append(
            RefChoice(f"organization/{unit.id}", unit.name or unit.id, _GROUPS["organization"])
        )
    for register in REF_REGISTERS:
        for row in getattr(plan, register):
            name = getattr(row, "name", "") or getattr(row, "hazard", "") or row.id
            out.append(RefChoice(f"{register}/{row.id}", f"{name}（{row.id}）", _GROUPS[register]))
    return out


__all__ = ["Names", "RefChoice", "StepChoice", "ref_choices", "step_choices"]
