"""Response cards (岗位应急处置卡, 办法 Art. 19): one pocket page per group or role.

Each card says who (the group, its lead and members), when it is activated (the
response levels and triggers of the procedures it acts in), what to do in order with
time limits, and whom to call with their phone numbers. The font size is chosen so
that the fullest card still fits on one page; a card that cannot fit even at the
smallest size is reported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.export.boilerplate import Templates, parse_lines
from app.export.errors import ExportError, ExportReport
from app.export.gongwen import (
    Column,
    GongwenDocument,
    PageNumbers,
    PageSetup,
    scaled_stylesheet,
)
from app.export.parts import Lookup, StepText, limit_text, steps_of
from app.export.plan_docx import ExportOptions, template_context
from app.export.progress import Progress, Steps
from app.export.text import ensure_period, width
from app.i18n import T
from app.model.plan import OrgUnit, Plan
from app.model.problems import Severity
from app.storage.atomic import write_atomic

PAGES = {
    "A5": PageSetup(width_mm=148, height_mm=210, top_mm=14, bottom_mm=14, left_mm=14, right_mm=14),
    "A4": PageSetup(width_mm=210, height_mm=297, top_mm=25, bottom_mm=25, left_mm=25, right_mm=25),
}
# body sizes tried, largest first (小四 … 小五 on A5; 三号 … 小四 on A4)
SIZES = {"A5": (14, 12, 11, 10.5, 10, 9), "A4": (16, 15, 14, 13, 12, 10.5)}


MIN_CONTACTS = 3


@dataclass
class Card:
    unit: OrgUnit
    title: str
    facts: list[tuple[str, str | list[str]]]
    activation: list[str]
    procedures: list[tuple[str, list[StepText]]]
    contacts: list[tuple[str, str, str]]  # name, role, phones
    note: list[str] = field(default_factory=list)


def _activation(plan: Plan, unit: OrgUnit, lookup: Lookup) -> list[str]:
    out: list[str] = []
    acting = [p for p in plan.procedures if any(s.actor == unit.id for s in p.steps)]
    level_ids = [lv.id for lv in plan.levels if lv.commander == unit.id]
    level_ids += [p.level for p in acting if p.level]
    for level_id in dict.fromkeys(level_ids):
        level = lookup.levels.get(level_id)
        name = lookup.level_name(level_id)
        triggers = "；".join(level.triggers) if level is not None else ""
        out.append(ensure_period(f"{name}：{triggers}" if triggers else f"启动{name}时"))
    for procedure in acting:
        if procedure.trigger:
            out.append(ensure_period(f"{procedure.title or procedure.id}：{procedure.trigger}"))
    for warning in plan.warnings:
        if warning.issuer == unit.id:
            criteria = "；".join(warning.criteria)
            label = warning.name or warning.id
            out.append(ensure_period(f"发布{label}：{criteria}" if criteria else f"发布{label}时"))
    return list(dict.fromkeys(out))


def _contacts(plan: Plan, unit: OrgUnit, lookup: Lookup) -> list[tuple[str, str, str]]:
    ids: list[str] = list(unit.contacts)
    ids += [c.id for c in plan.contacts if c.org_unit == unit.id]
    for procedure in plan.procedures:
        for step in procedure.steps:
            if step.actor == unit.id:
                ids += step.contacts
    command = plan.organization.command
    if command is not None and command.id != unit.id:
        ids += command.contacts  # every group reports to the command
    ids = list(dict.fromkeys(ids))
    if len(ids) < MIN_CONTACTS:  # add the general lines (duty room, 119 …)
        assigned = {c for u in plan.organization.units() for c in u.contacts}
        general = [c.id for c in plan.contacts if c.org_unit is None and c.id not in assigned]
        ids += [c for c in general if c not in ids][: MIN_CONTACTS * 2 - len(ids)]
    out = []
    for cid in ids:
        contact = lookup.contacts.get(cid)
        if contact is None:
            continue
        role = contact.role or contact.title or ""
        out.append((contact.name or contact.id, role, lookup.phones(contact)))
    return out


def build_cards(plan: Plan) -> list[Card]:
    lookup = Lookup(plan)
    cards = []
    for unit in plan.organization.units():
        name = unit.name or unit.id
        facts: list[tuple[str, str | list[str]]] = [("岗位/工作组", name)]
        if unit.lead:
            facts.append(("负责人", unit.lead))
        if unit.deputies:
            facts.append(("副职", "、".join(unit.deputies)))
        if unit.members:
            facts.append(("成员", "、".join(unit.members)))
        if unit.duties:
            duties = unit.duties
            facts.append(
                (
                    "主要职责",
                    [f"{i}. {d}" for i, d in enumerate(duties, 1)]
                    if len(duties) > 1
                    else list(duties),
                )
            )
        procedures = []
        for procedure in plan.procedures:
            steps = [
                s
                for s in steps_of(procedure, lookup)
                if procedure.steps[s.number - 1].actor == unit.id
            ]
            if steps:
                title = procedure.title or procedure.id
                if procedure.level:
                    title += f"（{lookup.level_name(procedure.level)}）"
                procedures.append((title, steps))
        cards.append(
            Card(
                unit=unit,
                title=f"{name}应急处置卡",
                facts=facts,
                activation=_activation(plan, unit, lookup),
                procedures=procedures,
                contacts=_contacts(plan, unit, lookup),
            )
        )
    return cards


# --- fitting a card on its page -------------------------------------------------------------


def _lines(text: str, chars_per_line: float) -> int:
    return max(1, math.ceil(width(text) / max(chars_per_line, 1)))


def estimate_height(card: Card, page: PageSetup, body: float) -> float:
    """Points the card needs at ``body`` size: a conservative line count, as Word wraps."""
    title, head, table = _sizes(body)
    line = body * 1.35
    text_pt = page.text_width / 20
    chars = text_pt / body
    margin = 2 * 4.25  # cell margins, pt
    h = _lines(card.title, text_pt / title) * title * 1.35 + line  # title, subtitle
    h += _lines(card.note[0] if card.note else "", chars) * line
    # facts: a two-column table, key 1/5 of the width
    key_chars, val_chars = (text_pt / 5 - margin) / table, (text_pt * 4 / 5 - margin) / table
    for key, value in card.facts:
        values = [value] if isinstance(value, str) else value
        rows = sum(_lines(v, val_chars) for v in values)
        h += max(rows, _lines(key, key_chars)) * table * 1.35 + 1
    h += 3 * (head * 1.35 + 4)  # three headings
    for text in card.activation or ["—"]:
        h += _lines(text, chars - 2) * line
    step_chars = (text_pt * 0.74 - margin) / table
    for title_text, steps in card.procedures:
        h += _lines(title_text, text_pt / head) * head * 1.35  # caption
        h += table * 1.35 + 1 + 8  # header row, space after the table
        for step in steps:
            h += _lines(_step_text(step), step_chars) * table * 1.35 + 1
    h += (len(card.contacts) + 1) * (table * 1.35 + 1) * 1.3
    return h


def _sizes(body: float) -> tuple[float, float, float]:
    """Title, heading and table sizes that go with a body size."""
    return round(body * 1.5, 1), round(body * 1.17, 1), body


def choose_size(cards: Sequence[Card], size: str) -> tuple[float, list[Card]]:
    """The largest body size at which every card fits; the cards that never fit."""
    page = PAGES[size]
    height = page.text_height / 20
    for body in SIZES[size]:
        if all(estimate_height(c, page, body) <= height for c in cards):
            return body, []
    smallest = SIZES[size][-1]
    return smallest, [c for c in cards if estimate_height(c, page, smallest) > height]


def _step_text(step: StepText) -> str:
    text = ensure_period(step.action.rstrip("。.；;"))
    if step.contacts:
        text += "联系：" + "、".join(step.contacts) + "。"
    if step.note:
        text += ensure_period(step.note)
    return text


# --- writing ---------------------------------------------------------------------------------


def _write_card(doc: GongwenDocument, card: Card, subtitle: str, first: bool) -> None:
    if not first:
        doc.page_break()
    doc.paragraph(card.title, "title")
    doc.paragraph(subtitle, "subtitle")
    doc.table(
        [Column("岗位/工作组", 1, "center", role="table_head"), Column("", 4)],
        [[key, value] for key, value in card.facts],
        header=False,
    )
    doc.paragraph("一、何时启动", "strong")
    for text in card.activation or ["接到应急指挥部指令时。"]:
        doc.paragraph(text, "body")
    doc.paragraph("二、处置步骤", "strong")
    columns = [
        Column("步骤", 0.9, "center"),
        Column("处置措施", 7.4),
        Column("时限", 1.7, "center"),
    ]
    for title, steps in card.procedures:
        doc.paragraph(title, "table_caption", align="left")
        rows = [
            [str(s.number), _step_text(s), "" if s.within_min is None else limit_text(s.within_min)]
            for s in steps
        ]
        doc.table(columns, rows)
    if not card.procedures:
        doc.paragraph("按应急指挥部的指令行动，并随时报告进展。", "body")
    doc.paragraph("三、联系电话", "strong")
    contacts = card.contacts or [("应急指挥部", "", "")]
    doc.table(
        [Column("姓名/单位", 3), Column("职务", 3), Column("电话", 4)],
        [list(c) for c in contacts],
    )
    for line in card.note:
        doc.paragraph(line, "normal")


def cards_docx_bytes(
    plan: Plan, *, options: ExportOptions | None = None, progress: Progress | None = None
) -> tuple[bytes, ExportReport]:
    options = options or ExportOptions()
    report = ExportReport(path=None)
    size = options.card_size.upper()
    if size not in PAGES:
        raise ExportError(
            T(
                f"处置卡纸张只能是 A5 或 A4，而不是“{options.card_size}”",
                f"Cards are A5 or A4, not '{options.card_size}'",
            )
        )
    cards = build_cards(plan)
    if not cards:
        raise ExportError(
            T(
                "预案中没有应急指挥机构或工作组，无法生成处置卡",
                "The plan has no command body or working group to make cards for",
            ),
            hint=T(
                "请先在“组织机构及职责”中添加工作组", "Add working groups under organisation first"
            ),
        )
    steps = Steps(progress, len(cards) + 2)
    templates = Templates(options.template_dir)
    context = template_context(plan)
    for card in cards:
        context_card = {**context, "card": card.unit.name or card.unit.id}
        card.note = [ln.text for ln in parse_lines(templates.render("card_note.j2", context_card))]
    steps.step(T("排版处置卡", "Laying out the cards"))
    body, too_big = choose_size(cards, size)
    for card in too_big:
        report.note(
            Severity.WARNING,
            "export.card_overflow",
            T(
                f"“{card.title}”内容较多，可能超过一页：请精简步骤，或改用 A4 纸",
                f"'{card.title}' may not fit on one page: shorten its steps or use A4",
            ),
        )
    title, head, table = _sizes(body)
    sheet = scaled_stylesheet(PAGES[size], body, title_pt=title, heading_pt=head, table_pt=table)
    doc = GongwenDocument(sheet, duplex=False)
    doc.set_properties(title=f"{plan.meta.title}岗位应急处置卡", author=plan.meta.unit.name)
    doc.begin_section(PageNumbers.NONE)
    version = f"（{plan.meta.version}版）" if plan.meta.version else ""
    subtitle = f"{plan.meta.unit.name}　《{plan.meta.title}》{version}".strip()
    for i, card in enumerate(cards):
        steps.step(T(f"处置卡：{card.title}", f"Card: {card.title}"))
        _write_card(doc, card, subtitle, first=i == 0)
    steps.step(T("生成文件", "Writing the file"))
    data = doc.to_bytes()
    report.count = len(cards)
    return data, report


def export_cards(
    plan: Plan,
    out_path: str | Path,
    *,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write one response card per command body / working group to ``out_path``.

    Same contract as ``export_plan``: nothing is written on error or cancel.
    """
    data, report = cards_docx_bytes(plan, options=options, progress=progress)
    if progress is not None:
        progress.check()
    write_atomic(out_path, data)
    report.path = Path(out_path)
    if progress is not None:
        progress.report(1, 1, T("已完成", "Done"))
    return report


__all__ = ["Card", "build_cards", "cards_docx_bytes", "export_cards"]
