"""Response cards (岗位应急处置卡, 办法 Art. 19): one pocket page per group or role.

Each card says who (the group, its lead and members), when it is activated (the
response levels and triggers of the procedures it acts in), what to do in order with
time limits (its own steps, numbered 1, 2, 3 on the card), and whom to call with their
phone numbers. Cards are carried (随身携带): A5, one type size per level for the whole
set, the largest at which the fullest card still fits one page; where even 五号 does
not do that, each card takes one sheet, printed on both sides, and a card too long
for its sheet is reported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.export.boilerplate import Templates, parse_lines
from app.export.errors import ExportError, ExportReport, deliver
from app.export.gongwen import (
    Cell,
    Column,
    GongwenDocument,
    PageNumbers,
    PageSetup,
    StyleSheet,
    column_widths,
    mm,
    scaled_stylesheet,
)
from app.export.layer.placeholders import placeholder
from app.export.parts import Lookup, StepText, limit_text, steps_of
from app.export.plan_docx import ExportOptions, template_context
from app.export.text import ensure_period, wrapped_lines
from app.i18n import T
from app.model.plan import OrgUnit, Plan
from app.model.problems import Severity
from app.progress import Progress, Steps

PAGES = {
    "A5": PageSetup(width_mm=148, height_mm=210, top_mm=14, bottom_mm=14, left_mm=14, right_mm=14),
    "A4": PageSetup(width_mm=210, height_mm=297, top_mm=25, bottom_mm=25, left_mm=25, right_mm=25),
}
# body sizes tried for the whole set, largest first: 四号, 小四, 五号 (never smaller)
SIZES: dict[str, tuple[float, ...]] = {"A5": (14, 12, 10.5), "A4": (14, 12, 10.5)}


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


ACTIVATION_BUDGET = 120  # characters of "when" a card shows in full before it abbreviates


def _activation(plan: Plan, unit: OrgUnit, lookup: Lookup) -> list[str]:
    """When the group acts: its levels and their triggers, the triggers of its
    procedures, the warnings it issues. Long trigger lists shrink to the names."""
    acting = [p for p in plan.procedures if any(s.actor == unit.id for s in p.steps)]
    level_ids = [lv.id for lv in plan.levels if lv.commander == unit.id]
    level_ids += [p.level for p in acting if p.level]
    levels = list(dict.fromkeys(level_ids))
    warnings = [w for w in plan.warnings if w.issuer == unit.id]
    full: list[str] = []
    for level_id in levels:
        level = lookup.levels.get(level_id)
        name = lookup.level_name(level_id)
        when = "；".join(level.triggers) if level is not None else ""
        full.append(ensure_period(f"{name}：{when}" if when else f"启动{name}时"))
    triggers = [
        ensure_period(f"{lookup.procedure(p.id)}：{p.trigger}") for p in acting if p.trigger
    ]
    for warning in warnings:
        criteria = "；".join(warning.criteria)
        label = lookup.in_register("warnings", warning.id)
        full.append(ensure_period(f"发布{label}：{criteria}" if criteria else f"发布{label}时"))
    out = list(dict.fromkeys(full + triggers))
    if sum(len(t) for t in out) <= ACTIVATION_BUDGET:
        return out
    short: list[str] = []  # a pocket card names them; the plan spells them out
    if levels:
        names = "、".join(lookup.level_name(i) for i in levels)
        short.append(f"启动{names}时（启动条件见预案“响应分级”）。")
    if warnings:
        names = "、".join(lookup.in_register("warnings", w.id) for w in warnings)
        short.append(f"需要发布{names}时（发布条件见预案“预警”）。")
    short += [t for t in triggers if len(t) <= 40]
    return list(dict.fromkeys(short))


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
        out.append((lookup.contact(contact.id), role, lookup.phones(contact, "\n")))
    return out


def build_cards(plan: Plan) -> list[Card]:
    lookup = Lookup(plan)
    cards = []
    for unit in plan.organization.units():
        name = lookup.unit(unit.id)
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
                procedures.append((lookup.procedure(procedure.id), steps))
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


# --- one layout, used both to estimate a card's height and to write it -----------------------

STEP_COLUMNS = [Column("步骤", 0.9, "center"), Column("处置措施", 7), Column("时限", 2.1, "center")]
CONTACT_COLUMNS = [Column("姓名/单位", 3), Column("职务", 3), Column("电话", 4)]
FACT_COLUMNS = [Column("岗位/工作组", 1, "center", role="table_head"), Column("", 4)]


@dataclass(frozen=True)
class _Para:
    text: str
    role: str
    align: str | None = None


@dataclass(frozen=True)
class _Table:
    columns: list[Column]
    rows: list[list[Cell]]
    header: bool = True


def add_notes(cards: Sequence[Card], plan: Plan, templates: Templates) -> None:
    """The note at the foot of each card, from the (overridable) ``card_note.j2``."""
    context = template_context(plan)
    for card in cards:
        rendered = templates.render(
            "card_note.j2", {**context, "card": card.unit.name or placeholder("工作组名称")}
        )
        card.note = [line.text for line in parse_lines(rendered)]


def card_subtitle(plan: Plan) -> str:
    version = f"（{plan.meta.version}版）" if plan.meta.version else ""
    return f"{plan.meta.unit.name}　《{plan.meta.title}》{version}".strip()


def card_blocks(card: Card, subtitle: str) -> list[_Para | _Table]:
    blocks: list[_Para | _Table] = [
        _Para(card.title, "title"),
        _Para(subtitle, "subtitle"),
        _Table(FACT_COLUMNS, [[key, value] for key, value in card.facts], header=False),
        _Para("一、何时启动", "strong"),
    ]
    blocks += [_Para(t, "body") for t in card.activation or ["接到应急指挥部指令时。"]]
    blocks.append(_Para("二、处置步骤", "strong"))
    number = 0
    for title, steps in card.procedures:
        blocks.append(_Para(title, "table_caption", "left"))
        rows: list[list[Cell]] = []
        for s in steps:  # the card's own numbers: the plan's mean nothing on a card alone
            number += 1
            limit = "" if s.within_min is None else limit_text(s.within_min)
            rows.append([str(number), _step_text(s), limit])
        blocks.append(_Table(STEP_COLUMNS, rows))
    if not card.procedures:
        blocks.append(_Para("按应急指挥部的指令行动，并随时报告进展。", "body"))
    blocks.append(_Para("三、联系电话", "strong"))
    contacts = card.contacts or [("应急指挥部", "", "")]
    blocks.append(_Table(CONTACT_COLUMNS, [list(c) for c in contacts]))
    blocks += [_Para(line, "normal") for line in card.note]
    return blocks


def _sizes(body: float) -> tuple[float, float, float]:
    """Title, heading and table sizes that go with a body size."""
    return round(body * 1.5, 1), round(body * 1.17, 1), body


def card_sheet(size: str, body: float) -> StyleSheet:
    title, head, table = _sizes(body)
    return scaled_stylesheet(PAGES[size], body, title_pt=title, heading_pt=head, table_pt=table)


MARGIN_TWIPS = mm(1.5)  # the table cell margin of the style sheet
SAFETY = 1.06  # Word and WPS wrap punctuation and Latin runs less tightly than a count


def estimate_height(blocks: Sequence[_Para | _Table], sheet: StyleSheet) -> float:
    """Points the blocks need on the page, counting wrapped lines as Word would."""
    text_twips = sheet.page.text_width
    h = 0.0
    for block in blocks:
        if isinstance(block, _Para):
            style = sheet.by_role(block.role)
            line = style.line_pt or style.size_pt * 1.2
            chars = text_twips / 20 / style.size_pt
            indent = style.first_line_chars + style.left_chars + style.right_chars
            h += style.before_pt + style.after_pt
            h += wrapped_lines("中" * math.ceil(indent) + block.text, chars) * line
            continue
        text_style = sheet.by_role("table_text")
        line = text_style.line_pt or text_style.size_pt * 1.2
        widths = column_widths(
            block.columns, text_twips, text_style.size_pt, MARGIN_TWIPS, block.rows
        )
        rows = [[c.title for c in block.columns]] if block.header else []
        for row in rows + block.rows:
            tallest = 1
            for value, twips in zip(row, widths, strict=False):
                chars = (twips - 2 * MARGIN_TWIPS) / 20 / text_style.size_pt
                values = [value] if isinstance(value, str) else list(value) or [""]
                tallest = max(tallest, sum(wrapped_lines(v, chars) for v in values))
            h += tallest * line + 1  # a border
        after = sheet.by_role("table_after")
        h += after.line_pt or 8
    return h * SAFETY


@dataclass(frozen=True)
class CardLayout:
    paper: str  # "A5" (pocket) or "A4" (asked for), one for all cards: one tray
    body_pt: float  # one body size for the whole set; titles and headings follow it
    sides: int  # 1: a card is one page; 2: one sheet, its back used where needed
    too_big: list[Card]  # cards that do not fit their sheet even at 五号


BACK = 1.9  # a card on two pages loses some room where its tables break


def choose_layout(cards: Sequence[Card], size: str, subtitle: str = "") -> CardLayout:
    """Paper, the one type size of the set, and whether cards use the back of their sheet.

    ``size`` is "A5", "A4" or "AUTO" (A5: cards are carried). The largest size at which
    every card fits one page; failing that, the largest at which every card fits its
    sheet front and back. Cards never shrink alone.
    """
    paper = "A4" if size == "A4" else "A5"
    height = PAGES[paper].text_height / 20
    layouts = [card_blocks(c, subtitle) for c in cards]
    needs = {
        body: [estimate_height(b, card_sheet(paper, body)) / height for b in layouts]
        for body in SIZES[paper]
    }
    for sides, room in ((1, 1.0), (2, BACK)):
        for body in SIZES[paper]:
            if all(n <= room for n in needs[body]):
                return CardLayout(paper, body, sides, [])
    smallest = SIZES[paper][-1]
    too_big = [c for c, n in zip(cards, needs[smallest], strict=True) if n > BACK]
    return CardLayout(paper, smallest, 2, too_big)


def _step_text(step: StepText) -> str:
    text = ensure_period(step.action.rstrip("。.；;"))
    if step.contacts:
        text += "联系：" + "、".join(step.contacts) + "。"
    if step.note:
        text += ensure_period(step.note)
    return text


def _write_card(
    doc: GongwenDocument, blocks: Sequence[_Para | _Table], styles: dict[str, str], first: bool
) -> None:
    if not first:
        doc.page_break()
    for block in blocks:
        if isinstance(block, _Para):
            doc.paragraph(block.text, styles[block.role], align=block.align)
        else:
            columns = [replace(c, role=styles[c.role]) if c.role else c for c in block.columns]
            doc.table(
                columns,
                block.rows,
                header=block.header,
                text_role=styles["table_text"],
                head_role=styles["table_head"],
            )


def cards_docx_bytes(
    plan: Plan, *, options: ExportOptions | None = None, progress: Progress | None = None
) -> tuple[bytes, ExportReport]:
    options = options or ExportOptions()
    report = ExportReport(path=None)
    size = options.card_size.upper()
    if size not in (*PAGES, "AUTO"):
        raise ExportError(
            T(
                f"处置卡纸张只能是 A5、A4 或 auto，而不是“{options.card_size}”",
                f"Cards are A5, A4 or auto, not '{options.card_size}'",
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
    add_notes(cards, plan, Templates(options.template_dir))
    steps.step(T("排版处置卡", "Laying out the cards"))
    subtitle = card_subtitle(plan)
    layout = choose_layout(cards, size, subtitle)
    size = layout.paper
    for card in layout.too_big:
        report.note(
            Severity.WARNING,
            "export.card_overflow",
            T(
                f"“{card.title}”内容较多，{size} 纸正反两面也放不下：请精简它的职责或步骤",
                f"'{card.title}' does not fit on both sides of an {size} sheet: "
                "shorten its duties or steps",
            ),
        )
    # two-sided: each card opens a sheet (an odd page), so it never shares one
    two_sided = layout.sides == 2
    doc = GongwenDocument(card_sheet(size, layout.body_pt), duplex=two_sided)
    styles = {role: role for role in doc.sheet.roles}
    doc.set_properties(title=f"{plan.meta.title}岗位应急处置卡", author=plan.meta.unit.name)
    doc.begin_section(PageNumbers.NONE)
    for i, card in enumerate(cards):
        steps.step(T(f"处置卡：{card.title}", f"Card: {card.title}"))
        if two_sided and i:
            doc.begin_section(PageNumbers.NONE, odd_page=True)
        _write_card(doc, card_blocks(card, subtitle), styles, first=i == 0 or two_sided)
    steps.step(T("生成文件", "Writing the file"))
    data = doc.to_bytes()
    report.count = len(cards)
    report.placeholders = doc.placeholders
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
    return deliver(data, report, out_path, progress)


__all__ = ["Card", "build_cards", "cards_docx_bytes", "export_cards"]
