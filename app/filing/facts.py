"""What the filing documents say about a plan, computed once: which review the unit
needs and why, the filing deadline, where each required element sits, and which
contacts and teams are outside the unit.

Every rule is the checks' own (``needs_formal_review``, ``compute_dues``,
``element_status``); this module only puts their answers into words for the documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.checks.completeness import element_status
from app.checks.dues import compute_dues, needs_formal_review
from app.checks.integrity import PLACEHOLDER
from app.checks.workdays import Calendar, default_calendar
from app.export.gongwen import Numberer
from app.export.names import name_of
from app.export.parts import PART_TITLES, Lookup, unplaced_parts
from app.export.text import cn_date, heading_number, numbered_title, strip_typed_number
from app.i18n import T
from app.model.kinds import (
    REVIEW_INDUSTRIES,
    Element,
    PlanSystem,
    UnitScale,
    rules_for,
)
from app.model.plan import Contact, Plan, ReviewForm, Section, Team, walk_sections

# --- values ------------------------------------------------------------------------------


def filled(value: object) -> str | None:
    """The text of a value a user really filled in; None for empty or a placeholder."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or PLACEHOLDER.search(text):
        return None
    return text


def full_title(plan: Plan) -> str:
    """The plan's name as a filing clerk reads it: with the unit unless it names it."""
    title = plan.meta.title.strip() or plan.meta.kind.zh
    unit = filled(plan.meta.unit.name)
    if unit and not title.startswith(unit) and not _names_place(plan, title):
        return f"{unit}{title}"
    return title


def _names_place(plan: Plan, title: str) -> bool:
    """Government titles start with their region (东江区突发事件总体应急预案)."""
    region = filled(plan.meta.region)
    return bool(region and title.startswith(region))


def is_enterprise(plan: Plan) -> bool:
    return rules_for(plan.meta.kind).system is PlanSystem.ENTERPRISE


# --- 评审 or 论证 (办法第二十一条) ---------------------------------------------------------


@dataclass(frozen=True)
class ReviewRequirement:
    """What the 办法 asks of this unit before the plan is signed and filed."""

    applies: bool  # enterprise plans: 办法第二十一条; government plans are 审核ed instead
    formal: bool  # 评审 is required (otherwise 论证 may be held if the unit wishes)
    known: bool  # the unit's industry and scale were filled in, so the answer is certain
    form: str  # 评审 / 论证 / 审核
    reason: str  # a sentence for the documents, in Chinese
    reason_t: T  # the same for the CLI and GUI


def review_requirement(plan: Plan) -> ReviewRequirement:
    unit = plan.meta.unit
    if not is_enterprise(plan):
        zh = (
            "本预案属于政府及其部门（或基层组织）应急预案，按《突发事件应急预案管理办法》"
            "（国办发〔2024〕5号）由审批单位审核，报送备案时附正式印发文本和编制说明，"
            "不适用生产经营单位的评审/论证规定。"
        )
        en = (
            "A government (or grassroots) plan: under 国办发〔2024〕5号 the approving body "
            "examines it and files it with the issued text and a drafting note; the "
            "enterprise review/demonstration rule does not apply."
        )
        return ReviewRequirement(False, False, True, "审核", zh, T(zh, en))
    formal = needs_formal_review(plan)
    if unit.industry in REVIEW_INDUSTRIES:
        zh = (
            f"本单位行业类型为“{unit.industry.zh}”，按《生产安全事故应急预案管理办法》"
            "第二十一条，应当对应急预案进行评审，并形成书面评审纪要。"
        )
        en = f"The unit is in {unit.industry.en}; Art. 21 requires an expert review (评审) with written minutes."
        return ReviewRequirement(True, True, True, "评审", zh, T(zh, en))
    if unit.scale in (UnitScale.LARGE, UnitScale.MEDIUM):
        zh = (
            f"本单位规模为“{unit.scale.zh}”（中型规模以上），按《生产安全事故应急预案管理办法》"
            "第二十一条，应当对应急预案进行评审，并形成书面评审纪要。"
        )
        en = f"The unit is {unit.scale.en.lower()} (medium or larger); Art. 21 requires an expert review (评审)."
        return ReviewRequirement(True, True, True, "评审", zh, T(zh, en))
    known = unit.industry is not None and unit.scale is not None
    if known:
        zh = (
            f"本单位行业类型为“{unit.industry.zh}”、规模为“{unit.scale.zh}”，"
            "不属于《生产安全事故应急预案管理办法》第二十一条第一款所列单位，"
            "可以根据自身需要对应急预案进行论证。"
        )
        en = "Not a unit listed in Art. 21(1); it may hold a demonstration (论证) as it sees fit."
    else:
        zh = (
            "预案未填写单位的行业类型或规模，无法判断应评审还是论证：矿山、金属冶炼、危险化学品、"
            "烟花爆竹等单位和中型规模以上的单位应当评审（《生产安全事故应急预案管理办法》"
            "第二十一条），其他单位可以论证。"
        )
        en = (
            "The unit's industry or scale is not filled in, so whether a review (评审) or a "
            "demonstration (论证) is needed cannot be decided (Art. 21)."
        )
    return ReviewRequirement(True, formal, known, "论证", zh, T(zh, en))


def review_form_name(plan: Plan) -> str:
    """评审 or 论证, as recorded, else as required."""
    review = plan.meta.review
    if review is not None:
        return review.form.zh
    req = review_requirement(plan)
    return "评审" if req.formal or not req.applies else "论证"


def recorded_form_ok(plan: Plan) -> bool:
    review = plan.meta.review
    req = review_requirement(plan)
    return not (review is not None and req.formal and review.form is ReviewForm.DEMONSTRATION)


# --- the filing deadline -------------------------------------------------------------------


@dataclass(frozen=True)
class FilingDeadline:
    issued: dt.date | None
    due: dt.date | None  # 20 working days after issue
    days: int
    today: dt.date
    submitted: dt.date | None  # meta.filing.submitted
    missing_years: tuple[int, ...]  # years the holiday list does not know
    calendar_warnings: tuple[T, ...]
    basis: str  # the rule, in Chinese
    workdays_left: int = 0  # from today to the deadline, when it is still ahead

    @property
    def passed(self) -> bool:
        return self.due is not None and self.submitted is None and self.today > self.due

    @property
    def submitted_late(self) -> bool:
        return self.due is not None and self.submitted is not None and self.submitted > self.due

    def status(self) -> T:
        """Where the filing stands today, as a sentence."""
        today = cn_date(self.today)
        if self.due is None:
            return T(
                "尚未填写颁布（印发）日期，无法计算备案期限。",
                "No issue date yet, so the filing deadline cannot be computed.",
            )
        if self.submitted is not None:
            late = "，已超过备案期限" if self.submitted_late else ""
            return T(
                f"已于{cn_date(self.submitted)}报送备案{late}。",
                f"Filed on {self.submitted}" + (", after the deadline." if late else "."),
            )
        if self.passed:
            days = (self.today - self.due).days
            return T(
                f"截至{today}，已超过备案期限{days}天，尚未报送，请尽快报送。",
                f"As of {self.today} the deadline passed {days} day(s) ago and nothing is "
                "filed: file now.",
            )
        if self.today == self.due:
            return T(
                f"今天（{today}）是备案期限的最后一天。",
                f"Today ({self.today}) is the last day to file.",
            )
        return T(
            f"截至{today}，距备案期限还有{self.workdays_left}个工作日。",
            f"As of {self.today}, {self.workdays_left} working day(s) are left.",
        )

    def summary(self) -> T:
        """One line for the CLI and the GUI: the deadline and where the filing stands."""
        status = self.status()
        if self.due is None:
            return status
        return T(
            f"备案期限：{cn_date(self.due)}（颁布后{self.days}个工作日）。{status.zh}",
            f"Filing deadline: {self.due} ({self.days} working days after issue). {status.en}",
        )


def filing_deadline(plan: Plan, today: dt.date, cal: Calendar | None = None) -> FilingDeadline:
    cal = cal or default_calendar()
    rules = rules_for(plan.meta.kind)
    dues = compute_dues(plan, cal)
    filing = plan.meta.filing
    submitted = filing.submitted if filing is not None else None
    due = dues.filing_due
    missing: tuple[int, ...] = ()
    left = 0
    if due is not None and plan.meta.issued is not None:
        missing = tuple(cal.missing_years(plan.meta.issued, due))
        if today < due:
            left = cal.workdays_between(today, due)
    if is_enterprise(plan):
        basis = (
            "《生产安全事故应急预案管理办法》第二十六条：应急预案公布之日起20个工作日内，"
            "按照分级属地原则向县级以上人民政府应急管理部门和其他负有安全生产监督管理职责的部门备案"
        )
    else:
        basis = (
            "《突发事件应急预案管理办法》（国办发〔2024〕5号）第二十六条：应急预案印发后20个工作日内，"
            "由审批单位报送应急预案正式印发文本（含电子文本）及编制说明备案"
        )
    return FilingDeadline(
        issued=plan.meta.issued,
        due=due,
        days=rules.filing_days or 20,
        today=today,
        submitted=submitted,
        missing_years=missing,
        calendar_warnings=cal.warnings,
        basis=basis,
        workdays_left=left,
    )


# --- elements and where they sit ---------------------------------------------------------


def section_labels(plan: Plan) -> dict[tuple[str | int, ...], str]:
    """Schema path of every section and appendix → "四、（一）信息报告" (decimal:
    "4.1　信息报告") as the exported plan numbers it (inserted procedures take numbers
    too, as they do in the export)."""
    scheme = plan.numbering().value
    out: dict[tuple[str | int, ...], str] = {}

    def visit(
        items: list[Section],
        base: tuple[str | int, ...],
        level: int,
        numberer: Numberer,
        prefix: str,
    ) -> None:
        for i, section in enumerate(items):
            here = (*base, i)
            title = strip_typed_number(name_of(section))
            counters = numberer.next(level)
            # "（一）" alone locates nothing: 公文 labels carry their parents' numbers
            parents = (
                "".join(heading_number(scheme, counters[:k]) for k in range(1, level))
                if scheme == "gongwen"
                else ""
            )
            out[here] = prefix + parents + numbered_title(scheme, counters, title)
            if "procedures" in section.insert:
                for _ in plan.procedures:
                    numberer.next(level + 1)
            visit(section.children, (*here, "children"), level + 1, numberer, prefix)

    visit(plan.sections, ("sections",), 1, Numberer(scheme), "")
    for i, appendix in enumerate(plan.appendices):
        here: tuple[str | int, ...] = ("appendices", i)
        title = strip_typed_number(name_of(appendix))
        out[here] = f"附件{i + 1}　{title}"
        visit(appendix.children, (*here, "children"), 1, Numberer(scheme), f"附件{i + 1} ")
    return out


def part_label(plan: Plan, part: str, labels: dict[tuple[str | int, ...], str]) -> str:
    """Where the exported plan prints a structured part."""
    for path, section, _ in walk_sections(plan.sections) + walk_sections(
        plan.appendices, ("appendices",)
    ):
        if part in section.insert:
            return f"{labels.get(path, section.title)}（{PART_TITLES[part]}）"
    extra = unplaced_parts(plan)
    if part in extra:
        number = len(plan.appendices) + extra.index(part) + 1
        return f"附件{number}　{PART_TITLES[part]}"
    return PART_TITLES.get(part, part)


@dataclass(frozen=True)
class ElementRow:
    group: str  # 法定要素 / 标准要素 / 附件
    element: Element
    where: str  # where the plan holds it, or why not
    present: bool
    empty_heading: bool  # a heading exists but has nothing under it


def element_rows(plan: Plan) -> list[ElementRow]:
    """The elements the completeness check expects for the plan's kind, each with
    where the plan holds it: the rows of the 评审表."""
    rules = rules_for(plan.meta.kind)
    labels = section_labels(plan)
    rows: list[ElementRow] = []
    groups = (
        ("法定要素", rules.required),
        ("标准要素", rules.standard),
        ("附件", rules.appendices),
    )
    for group, elements in groups:
        for element in elements:
            status = element_status(plan, element)
            if status.present and status.by_part is None:
                where = labels.get(status.paths[0], "")
            elif status.present and status.by_part is not None:
                where = part_label(plan, status.by_part, labels)
            elif status.paths:
                where = f"有标题无内容：{labels.get(status.paths[0], '')}"
            else:
                where = "未找到"
            empty = not status.present and bool(status.paths)
            rows.append(ElementRow(group, element, where, status.present, empty))
    return rows


# --- inside or outside the unit ------------------------------------------------------------


def is_external_contact(plan: Plan, contact: Contact) -> bool:
    """A contact that belongs to no working group and to another organisation:
    119, the county's 应急管理局, a neighbour firm, a hospital."""
    if contact.org_unit:
        return False
    unit = filled(plan.meta.unit.name)
    org = (contact.org or "").strip()
    return not (unit and (org == unit or unit in contact.name))


def is_external_team(plan: Plan, team: Team, lookup: Lookup) -> bool:
    """A team whose contact is outside the unit (a park fire station under mutual aid)."""
    if team.contact is None:
        return False
    contact = lookup.contacts.get(team.contact)
    return contact is not None and is_external_contact(plan, contact)
