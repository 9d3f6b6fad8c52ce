"""The plan's structured parts as tables and steps, with ids resolved to names.

Shared by the plan document and the response cards, so a contact's phone or a group's
name reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.export.gongwen import Cell, Column
from app.export.names import Names
from app.export.text import cn_date, ensure_period
from app.model.plan import (
    PARTS,
    Contact,
    OrgUnit,
    Plan,
    Procedure,
    ResponseLevel,
    walk_sections,
)

# How each part is titled when it needs a title of its own (an automatic appendix).
PART_TITLES: dict[str, str] = {
    "organization": "应急组织机构及职责",
    "contacts": "应急联系方式",
    "levels": "应急响应分级",
    "warnings": "预警分级",
    "risks": "风险清单",
    "resources": "应急物资装备清单",
    "teams": "应急队伍",
    "experts": "应急专家",
    "shelters": "应急避难场所",
    "procedures": "应急处置程序",
}


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Lookup(Names):
    """Ids → the names and phone numbers a reader needs (names: ``app.export.names``)."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan=plan)
        self.org_units: dict[str, OrgUnit] = {}
        for unit in plan.organization.units():
            self.org_units.setdefault(unit.id, unit)
        self.contacts: dict[str, Contact] = {}
        for c in plan.contacts:
            self.contacts.setdefault(c.id, c)
        self.levels: dict[str, ResponseLevel] = {}
        for lv in plan.levels:
            self.levels.setdefault(lv.id, lv)

    def unit_name(self, unit_id: str | None) -> str:
        return self.unit(unit_id)

    def level_name(self, level_id: str | None) -> str:
        return self.level(level_id)

    def phones(self, contact: Contact, sep: str = "、") -> str:
        numbers = [n for n in (contact.phone, contact.mobile) if n]
        return sep.join(dict.fromkeys(numbers))

    def contact_phone(self, contact_id: str | None, sep: str = "\n") -> str:
        """A contact's numbers, one a line (a table cell never breaks inside a number)."""
        if contact_id is None:
            return ""
        contact = self.contacts.get(contact_id)
        return self.phones(contact, sep) if contact is not None else ""

    def contact_name(self, contact_id: str | None) -> str:
        return self.contact(contact_id)

    def contact_label(self, contact_id: str, *, cell: bool = False) -> str:
        """值班室（0000-0000000） in text; name and numbers on lines of their own in a cell."""
        name = self.contact_name(contact_id)
        if cell:
            phone = self.contact_phone(contact_id, "\n")
            return f"{name}\n{phone}" if phone else name
        phone = self.contact_phone(contact_id, "、")
        return f"{name}（{phone}）" if phone else name


@dataclass(frozen=True)
class PartTable:
    columns: list[Column]
    rows: list[list[Cell]]


def _numbered(items: Sequence[str]) -> list[str]:
    if len(items) <= 1:
        return list(items)
    return [f"{i}. {text}" for i, text in enumerate(items, 1)]


def _table(columns: list[Column], rows: list[list[Cell]], keep: int = 2) -> PartTable:
    """Drop columns no row fills (except the first ``keep``), so tables stay readable."""

    def text(cell: Cell) -> str:
        return cell if isinstance(cell, str) else "".join(cell)

    def filled(i: int) -> bool:
        return any(text(r[i]).strip() for r in rows)

    kept = [i for i in range(len(columns)) if i < keep or filled(i)]
    return PartTable([columns[i] for i in kept], [[r[i] for i in kept] for r in rows])


def organization_table(plan: Plan, lookup: Lookup) -> PartTable:
    # Three columns: lead, members and contacts share one, so the duties (the long
    # text) get the width instead of five cramped columns.
    rows: list[list[Cell]] = []
    for unit in plan.organization.units():
        makeup: list[str] = []
        if unit.lead:
            makeup.append(unit.lead)
        if unit.deputies:
            makeup.append("副职：" + "、".join(unit.deputies))
        if unit.members:
            makeup.append("成员：" + "、".join(unit.members))
        makeup += [lookup.contact_label(c, cell=True) for c in unit.contacts]
        rows.append([lookup.display_name(unit.id), makeup, _numbered(unit.duties)])
    return _table(
        [
            Column("机构/工作组", 2.2),
            Column("组成及联系方式", 4),
            Column("主要职责", 6),
        ],
        rows,
        keep=1,
    )


def contacts_table(plan: Plan, lookup: Lookup) -> PartTable:
    rows: list[list[Cell]] = []
    for i, c in enumerate(plan.contacts, 1):
        rows.append(
            [
                str(i),
                lookup.contact(c.id),
                c.role or "",
                c.title or "",
                c.org or lookup.unit_name(c.org_unit),
                c.phone or "",
                c.mobile or "",
                c.note or "",
            ]
        )
    return _table(
        [
            Column("序号", 0.9, "center"),
            Column("姓名/单位", 2.2),
            Column("应急职务", 2),
            Column("职务", 1.8),
            Column("所在单位/部门", 2.4),
            Column("办公电话", 2.4),
            Column("手机", 2.4),
            Column("备注", 1.6),
        ],
        rows,
    )


def levels_table(plan: Plan, lookup: Lookup) -> PartTable:
    rows: list[list[Cell]] = [
        [
            lookup.level(lv.id),
            _numbered(lv.triggers),
            lookup.unit_name(lv.commander),
            _numbered(lv.actions),
        ]
        for lv in plan.levels
    ]
    return _table(
        [
            Column("响应级别", 1.6, "center"),
            Column("启动条件", 4),
            Column("指挥机构", 1.8),
            Column("响应措施", 4),
        ],
        rows,
    )


def warnings_table(plan: Plan, lookup: Lookup) -> PartTable:
    rows: list[list[Cell]] = [
        [
            lookup.in_register("warnings", wl.id),
            wl.color.label() if wl.color else "",
            _numbered(wl.criteria),
            lookup.unit_name(wl.issuer),
            _numbered(wl.actions),
        ]
        for wl in plan.warnings
    ]
    return _table(
        [
            Column("预警级别", 1.6, "center"),
            Column("颜色", 1, "center"),
            Column("发布条件", 4),
            Column("发布机构", 1.8),
            Column("预警措施", 4),
        ],
        rows,
    )


def risks_table(plan: Plan, lookup: Lookup) -> PartTable:
    rows: list[list[Cell]] = [
        [
            str(i),
            lookup.in_register("risks", r.id),
            r.place or "",
            "、".join(r.accident_types),
            r.consequence or "",
            r.level.label() if r.level else "",
            _numbered(r.controls),
        ]
        for i, r in enumerate(plan.risks, 1)
    ]
    return _table(
        [
            Column("序号", 0.9, "center"),
            Column("风险/危险源", 2.2),
            Column("场所/部位", 1.8),
            Column("可能事故类型", 2),
            Column("后果及影响范围", 3),
            Column("风险等级", 1.4, "center"),
            Column("管控措施", 4.5),
        ],
        rows,
    )


def resources_table(plan: Plan, lookup: Lookup) -> PartTable:
    rows: list[list[Cell]] = []
    for i, r in enumerate(plan.resources, 1):
        quantity = _num(r.quantity)
        keeper = r.keeper or lookup.contact_name(r.contact)
        rows.append(
            [
                str(i),
                lookup.in_register("resources", r.id),
                r.category or "",
                r.model or "",
                f"{quantity}{r.unit or ''}" if quantity else "",
                r.performance or "",
                r.place or "",
                keeper,
                lookup.contact_phone(r.contact),
                cn_date(r.expires),
                r.note or "",
            ]
        )
    return _table(
        [
            Column("序号", 0.9, "center"),
            Column("名称", 2.2),
            Column("类别", 1.4),
            Column("规格型号", 1.8),
            Column("数量", 1.2, "center"),
            Column("主要性能", 2),
            Column("存放位置", 2),
            Column("管理责任人", 1.6),
            Column("联系电话", 2.2),
            Column("有效期至", 1.8),
            Column("备注", 1.4),
        ],
        rows,
    )


def teams_table(plan: Plan, lookup: Lookup) -> PartTable:
    rows: list[list[Cell]] = [
        [
            str(i),
            lookup.in_register("teams", t.id),
            t.specialty or "",
            _num(t.size),
            t.leader or lookup.contact_name(t.contact),
            t.phone or lookup.contact_phone(t.contact),
            t.equipment or "",
            t.place or "",
        ]
        for i, t in enumerate(plan.teams, 1)
    ]
    return _table(
        [
            Column("序号", 0.9, "center"),
            Column("队伍名称", 2.4),
            Column("专业类别", 1.8),
            Column("人数", 1, "center"),
            Column("负责人", 1.6),
            Column("联系电话", 2.2),
            Column("主要装备", 2.6),
            Column("驻地", 2),
        ],
        rows,
    )


def experts_table(plan: Plan, lookup: Lookup) -> PartTable:
    rows: list[list[Cell]] = [
        [
            str(i),
            lookup.in_register("experts", e.id),
            e.field or "",
            e.org or "",
            e.title or "",
            e.phone or "",
        ]
        for i, e in enumerate(plan.experts, 1)
    ]
    return _table(
        [
            Column("序号", 0.9, "center"),
            Column("姓名", 1.6),
            Column("专业领域", 2.4),
            Column("工作单位", 3),
            Column("职称/职务", 2),
            Column("联系电话", 2.4),
        ],
        rows,
    )


def shelters_table(plan: Plan, lookup: Lookup) -> PartTable:
    rows: list[list[Cell]] = [
        [
            str(i),
            lookup.in_register("shelters", s.id),
            s.address or "",
            _num(s.capacity),
            _num(s.area_m2),
            s.facilities or "",
            lookup.contact_label(s.contact, cell=True) if s.contact else "",
        ]
        for i, s in enumerate(plan.shelters, 1)
    ]
    return _table(
        [
            Column("序号", 0.9, "center"),
            Column("名称", 2.2),
            Column("地址", 3),
            Column("容纳人数", 1.4, "center"),
            Column("面积（㎡）", 1.4, "center"),
            Column("配套设施", 2.4),
            Column("联系人", 2.4),
        ],
        rows,
    )


TABLES: dict[str, Callable[[Plan, Lookup], PartTable]] = {
    "organization": organization_table,
    "contacts": contacts_table,
    "levels": levels_table,
    "warnings": warnings_table,
    "risks": risks_table,
    "resources": resources_table,
    "teams": teams_table,
    "experts": experts_table,
    "shelters": shelters_table,
}


# --- procedures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepText:
    number: int
    actor: str
    action: str
    within_min: int | None
    contacts: list[str]
    note: str

    def sentence(self) -> str:
        """应急指挥部：确认响应级别并启动应急响应（10分钟内）。"""
        action = self.action.rstrip("。.；;")
        text = f"{self.actor}：{action}" if self.actor else action
        if self.within_min is not None:
            text += f"（{limit_text(self.within_min)}）"
        text = ensure_period(text)
        if self.contacts:
            text += "联系：" + "、".join(self.contacts) + "。"
        if self.note:
            text += ensure_period(self.note)
        return text


def limit_text(minutes: int) -> str:
    if minutes == 0:
        return "立即"
    if minutes >= 60 and minutes % 60 == 0:
        return f"{minutes // 60}小时内"
    return f"{minutes}分钟内"


def steps_of(procedure: Procedure, lookup: Lookup) -> list[StepText]:
    return [
        StepText(
            number=i,
            actor=lookup.unit_name(step.actor),
            action=step.action,
            within_min=step.within_min,
            contacts=[lookup.contact_label(c) for c in step.contacts],
            note=step.note or "",
        )
        for i, step in enumerate(procedure.steps, 1)
    ]


def procedure_intro(procedure: Procedure, lookup: Lookup) -> list[str]:
    """The lines before a procedure's steps: its level and trigger."""
    out = []
    if procedure.level:
        out.append(f"响应级别：{lookup.level_name(procedure.level)}。")
    if procedure.trigger:
        out.append(ensure_period(f"启动条件：{procedure.trigger}"))
    return out


# --- placement -----------------------------------------------------------------------------


def placed_parts(plan: Plan) -> set[str]:
    nodes = walk_sections(plan.sections) + walk_sections(plan.appendices, ("appendices",))
    return {part for _, section, _ in nodes for part in section.insert}


def unplaced_parts(plan: Plan) -> list[str]:
    """Non-empty parts no section places: they go to an automatic appendix."""
    placed = placed_parts(plan)
    return [p for p in PARTS if p not in placed and not plan.part_is_empty(p)]
