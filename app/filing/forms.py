"""The forms of a filing package: the 备案申报表, the 编制说明 of a government plan, and
the 清单 that lists what the package holds, what is still missing and the deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.checks import check_plan
from app.export.gongwen import Cell, Column, heading_number
from app.export.layer.placeholders import date_or_placeholder
from app.export.layer.tables import align_last_row
from app.export.names import name_of
from app.export.text import cn_date, lines, strip_typed_number
from app.filing.document import BLANK, FilingDoc, Gap
from app.filing.facts import (
    FilingDeadline,
    ReviewRequirement,
    filled,
    full_title,
    is_enterprise,
    recorded_form_ok,
    review_form_name,
)
from app.i18n import T
from app.model.plan import Plan, walk_sections
from app.model.problems import Severity

DATE_BLANK = "　　　　年　　月　　日"
SMALL_FORM = True  # 五号 in the 申报表 keeps it on one page
FORM_ROW_MM = 7.5  # rows tall enough to write in by hand


@dataclass
class Item:
    """One document of the package, as the 申报表 and the 清单 list it."""

    key: str
    title: str  # 材料名称
    filename: str = ""
    generated: bool = True
    note: str = ""  # why it was not generated, or what to do with it
    gaps: list[Gap] = field(default_factory=list)
    marks: int = 0  # 【待填写/缺少/待补充…】 markers in the written file: its gap count
    sites: list[tuple[str, str]] = field(default_factory=list)  # (heading, marker) of each

    @property
    def state(self) -> list[str] | str:
        """The 清单's 状态: 已生成 only for a document without a single marker."""
        if not self.generated:
            return "未生成"
        if self.marks or self.gaps:
            return ["草稿", f"待填写{max(self.marks, len(self.gaps))}处"]
        return "已生成"


def application_title(plan: Plan) -> str:
    return "生产安全事故应急预案备案申报表" if is_enterprise(plan) else "应急预案备案申报表"


def application_form(
    plan: Plan, today: dt.date, attachments: Sequence[str], req: ReviewRequirement
) -> FilingDoc:
    meta = plan.meta
    unit = meta.unit
    title = application_title(plan)
    doc = FilingDoc(title, author=unit.name)
    doc.title(title)
    hint_meta = T("在预案基本信息中填写", "Fill it in in the plan details")
    issued_label = "颁布日期" if is_enterprise(plan) else "印发日期"
    rows: list[tuple[str, Cell]] = [
        ("单位名称", doc.value(unit.name, T("单位名称", "the unit name"), hint_meta)),
        ("单位地址", doc.value(unit.address, T("单位地址", "the unit address"), hint_meta)),
    ]
    if is_enterprise(plan):
        industry = (
            unit.industry.zh if unit.industry else doc.gap(T("行业类型", "the industry"), hint_meta)
        )
        scale = unit.scale.zh if unit.scale else doc.gap(T("单位规模", "the unit scale"), hint_meta)
        rows.append(("行业类型及规模", f"{industry}；{scale}"))
    rows += [
        ("主要负责人", doc.value(unit.principal, T("主要负责人", "the principal"), hint_meta)),
        ("联系电话", doc.value(unit.phone, T("联系电话", "the phone number"), hint_meta)),
        ("联系人及电话", ""),
        ("预案名称", full_title(plan)),
        (
            "预案编号及版本",
            f"{doc.value(meta.code, T('预案编号', 'the plan number'), hint_meta)}；"
            f"{doc.value(meta.version, T('版本号', 'the version'), hint_meta)}版",
        ),
        ("预案类型", meta.kind.zh),
        (
            issued_label,
            cn_date(meta.issued)
            if meta.issued
            else doc.gap(T(issued_label, "the issue date"), hint_meta),
        ),
    ]
    if req.applies:
        rows.append((f"{review_form_name(plan)}情况", _review_line(doc, plan, req)))
    authority = meta.filing.authority if meta.filing else None
    rows.append(
        (
            "备案部门",
            doc.value(
                authority,
                T("备案部门", "the filing authority"),
                T(
                    "在预案基本信息“备案”中填写备案部门（县级以上应急管理部门或其他负有安全生产监督管理职责的部门）"
                    if is_enterprise(plan)
                    else "在预案基本信息“备案”中填写备案部门（上一级人民政府或其应急管理部门等）",
                    "Fill in the filing authority under Filing",
                ),
            ),
        )
    )
    rows.append(("报送材料", [f"{i}. {a}" for i, a in enumerate(attachments, 1)]))
    rows.append(("申报单位", ["", "", "（盖章）", f"主要负责人（签字）：{BLANK}", DATE_BLANK]))
    align_last_row(doc.form(rows, small=SMALL_FORM, row_mm=FORM_ROW_MM))
    filing = meta.filing
    number = (filing and filled(filing.registration_no)) or ""
    registered = cn_date(filing.registered) if filing and filing.registered else DATE_BLANK
    doc.para("备案登记（由备案部门填写）", "strong")
    align_last_row(
        doc.form(
            [
                ("备案编号", number),
                ("登记日期", registered),
                ("备案部门", ["", "（盖章）", f"经办人：{BLANK}", DATE_BLANK]),
            ],
            small=SMALL_FORM,
            row_mm=FORM_ROW_MM,
        )
    )
    return doc


def _review_line(doc: FilingDoc, plan: Plan, req: ReviewRequirement) -> Cell:
    review = plan.meta.review
    form = review_form_name(plan)
    if review is None:
        return [
            doc.gap(
                T("评审/论证记录", "the review record"),
                T(
                    "在预案基本信息“评审/论证”中记录形式、日期、专家、结论",
                    "Record the review under Review",
                ),
            ),
            req.reason,
        ]
    date = (
        cn_date(review.date)
        if review.date
        else doc.gap(
            T(f"{form}日期", "the review date"), T("在“评审/论证”中填写日期", "Fill in the date")
        )
    )
    conclusion = doc.value(review.conclusion, T(f"{form}结论", "the conclusion"))
    out: list[str] = [f"{review.form.zh}；{date}；结论：{conclusion}"]
    if not recorded_form_ok(plan):
        out.append(req.reason)
    return out


# --- 编制说明 (government plans) -------------------------------------------------------------


def drafting_notes_title(plan: Plan) -> str:
    return "应急预案编制说明"


def drafting_notes_date(plan: Plan) -> dt.date | None:
    """When this version was drafted: its entry in the revision record, else the day it
    was issued (the 成文日期). None when the data has neither."""
    meta = plan.meta
    for r in reversed(meta.revision_history):
        if r.date is not None and r.version.strip() == meta.version.strip():
            return r.date
    return meta.issued


def drafting_date(plan: Plan) -> str:
    return date_or_placeholder(drafting_notes_date(plan), "编制日期")


def drafting_notes(plan: Plan, today: dt.date) -> FilingDoc:
    meta = plan.meta
    title = drafting_notes_title(plan)
    doc = FilingDoc(title, author=meta.unit.name)
    doc.title(f"《{full_title(plan)}》编制说明")

    doc.heading("编制依据")
    basis = _section_lines(plan, ("编制依据", "依据"))
    parent = filled(meta.parent)
    if basis:
        doc.para("本预案依据下列法律法规、规章、标准和上位预案编制：")
        doc.items([strip_typed_number(b).rstrip("；;。") for b in basis])
    if parent:
        doc.para(
            f"上位预案：{parent}。本预案与上位预案在组织指挥、响应分级和信息报告等方面相衔接。"
        )
    if not basis and not parent:
        doc.para(
            doc.gap(
                T("编制依据", "the legal basis"),
                T(
                    "在预案“总则 › 编制依据”中列出法律法规、规章和上位预案，或填写上级预案",
                    "List the laws and the parent plan under 总则 › 编制依据",
                ),
            )
        )

    doc.heading("编制过程")
    steps: list[str] = []
    drafter = filled(meta.drafted_by) or filled(meta.unit.name)
    if drafter:
        steps.append(f"本预案由{drafter}牵头编制。")
    dated: list[tuple[dt.date, str]] = []
    for r in meta.revision_history:
        if r.date or r.summary:
            version = f"（版本 {r.version}）" if r.version else ""
            text = f"{r.summary or '修订'}{version}。"
            if r.date is None:
                steps.append(text)
            else:
                dated.append((r.date, f"{cn_date(r.date)}：{text}"))
    review = meta.review
    if review is not None:
        who = filled(review.organizer) or ""
        experts = [e for e in review.experts if filled(e)]
        people = f"，专家{len(experts)}名" if experts else ""
        result = f"，结论：{review.conclusion}" if filled(review.conclusion) else ""
        text = f"{who}组织专家{review.form.zh}{people}{result}。"
        if review.date is None:
            steps.append(text)
        else:
            dated.append((review.date, f"{cn_date(review.date)}：{text}"))
    if meta.issued:
        issuer = filled(meta.approved_by) or filled(meta.unit.name) or ""
        dated.append((meta.issued, f"{cn_date(meta.issued)}：{issuer}印发实施。"))
    steps += [text for _, text in sorted(dated, key=lambda d: d[0])]
    if not meta.issued:
        steps.append(
            doc.gap(
                T("印发日期", "the issue date"),
                T(
                    "印发后在预案基本信息中填写颁布（印发）日期",
                    "Fill in the issue date once issued",
                ),
            )
        )
    doc.items(steps)
    doc.para(
        doc.gap(
            T(
                "调研、风险评估、应急资源调查、征求意见和审核等主要环节及时间",
                "the main drafting steps and their dates",
            ),
            T(
                "写明开展调研、风险评估、应急资源调查、征求意见、审核的时间和参加单位",
                "Describe the surveys, assessments, consultation and examination with dates",
            ),
            todo=True,
        )
    )

    doc.heading("主要内容")
    scheme = plan.numbering().value
    chapters = [
        f"{heading_number(scheme, (i,))}{strip_typed_number(name_of(s))}"
        for i, s in enumerate(plan.sections, 1)
    ]
    if chapters:
        doc.para(f"本预案共{len(chapters)}部分：{'；'.join(chapters)}。")
    else:
        doc.para(doc.gap(T("预案正文", "the plan body"), T("编写预案正文", "Write the plan")))
    facts = _content_facts(plan)
    if facts:
        doc.para(f"主要内容包括：{'；'.join(facts)}。")
    if plan.appendices:
        doc.para(
            f"附件{len(plan.appendices)}个：{'、'.join(name_of(a) for a in plan.appendices)}。"
        )

    doc.heading("征求意见和采纳情况")
    if review is not None and [c for c in review.required_changes if c.strip()]:
        doc.para(f"专家{review.form.zh}提出的意见：")
        doc.items([c for c in review.required_changes if c.strip()])
    doc.para(
        doc.gap(
            T("征求意见的范围、方式和意见采纳情况", "whom was consulted and what was adopted"),
            T(
                "写明征求意见的单位和方式、收到的意见数量、采纳情况，未采纳的说明理由",
                "State who was consulted, how many comments came in, which were adopted and why not",
            ),
            todo=True,
        )
    )
    doc.closing([filled(meta.drafted_by) or filled(meta.unit.name) or "", drafting_date(plan)])
    return doc


def _section_lines(plan: Plan, names: tuple[str, ...]) -> list[str]:
    for _, section, _ in walk_sections(plan.sections):
        if any(n in (section.title or "") for n in names) and section.body.strip():
            return lines(section.body)
    return []


def _content_facts(plan: Plan) -> list[str]:
    org = plan.organization
    out: list[str] = []
    if org.command is not None:
        out.append(f"应急指挥机构为{name_of(org.command)}")
    if org.groups:
        out.append(f"设{len(org.groups)}个工作组")
    if plan.warnings:
        out.append(f"预警分{len(plan.warnings)}级")
    if plan.levels:
        out.append(f"应急响应分{len(plan.levels)}级")
    if plan.risks:
        out.append(f"辨识主要风险{len(plan.risks)}项")
    if plan.procedures:
        out.append(f"处置程序{len(plan.procedures)}项")
    registers = [
        (len(plan.teams), "支应急队伍"),
        (len(plan.resources), "种应急物资装备"),
        (len(plan.experts), "名应急专家"),
        (len(plan.shelters), "处避难场所"),
    ]
    listed = [f"{n}{what}" for n, what in registers if n]
    if listed:
        out.append("登记" + "、".join(listed))
    return out


# --- 清单 --------------------------------------------------------------------------------------


CHECKLIST_TITLE = "应急预案备案材料清单"
SHOWN_PROBLEMS = 15


def _sites(items: Sequence[Item]) -> list[tuple[str, str, int]]:
    """(document, heading, count) of the markers, in document order."""
    out: list[tuple[str, str, int]] = []
    for item in items:
        counts: dict[str, int] = {}
        for place, _ in item.sites:
            counts[place] = counts.get(place, 0) + 1
        out += [(item.title, place, n) for place, n in counts.items()]
    return out


def _file_numbers(items: Sequence[Item]) -> list[int]:
    """Each item's number: the one its file name begins with (``03_…``), else the next
    number no file uses."""
    used = [int(m.group(1)) for i in items if (m := re.match(r"(\d+)_", i.filename))]
    free = max(used, default=0)
    out = []
    for item in items:
        m = re.match(r"(\d+)_", item.filename)
        if m:
            out.append(int(m.group(1)))
        else:
            free += 1
            out.append(free)
    return out


def checklist(
    plan: Plan,
    today: dt.date,
    items: Sequence[Item],
    deadline: FilingDeadline,
    req: ReviewRequirement,
    extra: Sequence[tuple[str, str]] = (),
    *,
    draft: bool = False,
) -> FilingDoc:
    """The package's cover list. ``extra`` names what must be added by hand (signed
    originals) with why. ``draft``: the package has gaps and goes out as a 草稿."""
    meta = plan.meta
    doc = FilingDoc(CHECKLIST_TITLE, author=meta.unit.name)
    doc.title(CHECKLIST_TITLE, f"《{full_title(plan)}》" + ("（草稿）" if draft else ""))
    marks = sum(item.marks for item in items)
    if draft:
        doc.para(
            f"本套材料尚有{marks}处待填写内容（见“材料清单”和“待填写内容分布”），"
            "各文件页眉和文件名均标为草稿，不能作为正式备案材料报送；补全后重新生成。"
        )
    authority = filled(meta.filing.authority) if meta.filing else None
    issued_label = "颁布日期" if is_enterprise(plan) else "印发日期"
    doc.form(
        [
            ("预案名称", full_title(plan)),
            ("编制单位", filled(meta.unit.name) or "【缺少：单位名称】"),
            ("预案类型", meta.kind.zh),
            (issued_label, cn_date(meta.issued) if meta.issued else f"【缺少：{issued_label}】"),
            ("备案部门", authority or "【缺少：备案部门】"),
            ("生成日期", cn_date(today)),
        ]
    )

    doc.heading("备案期限")
    doc.para(f"依据：{deadline.basis}。")
    if deadline.due is None:
        doc.para(
            doc.gap(
                T(issued_label, "the issue date"),
                T(
                    f"预案签署公布（印发）后，在预案基本信息中填写{issued_label}，即可计算备案期限",
                    "Fill in the issue date once the plan is signed, and the deadline follows",
                ),
            )
            + "：无法计算备案期限。"
        )
    else:
        doc.pieces(
            [
                (f"{issued_label}{cn_date(deadline.issued)}，备案期限为", False),
                (f"{cn_date(deadline.due)}", True),
                (f"（{deadline.days}个工作日，已扣除周末、法定节假日并计入调休上班日）。", False),
            ]
        )
        doc.pieces([(deadline.status().zh, deadline.passed)])
        if deadline.missing_years:
            years = "、".join(str(y) for y in deadline.missing_years)
            doc.para(
                f"注意：节假日表未收录{years}年的放假安排，上述期限只扣除了周末，请按当年国务院办公厅"
                "通知核对，或在软件的节假日表中补充当年安排后重新生成。"
            )
        for warning in deadline.calendar_warnings:
            doc.para(f"注意：{warning.zh}")

    doc.heading("评审、论证或审核")
    doc.para(req.reason)
    review = meta.review
    if req.applies:
        if review is None:
            doc.para(
                doc.gap(
                    T("评审/论证记录", "the review record"),
                    T("在预案基本信息“评审/论证”中记录", "Record it under Review"),
                )
            )
        else:
            date = cn_date(review.date) if review.date else "日期未记录"
            conclusion = filled(review.conclusion) or "结论未记录"
            doc.para(f"已记录：{review.form.zh}，{date}，{conclusion}。")
            if not recorded_form_ok(plan):
                doc.pieces([("记录的形式为论证，本单位应组织评审，须补充评审后再报送备案。", True)])

    doc.heading("材料清单")
    rows: list[list[Cell]] = []
    numbers = _file_numbers(items)
    for number, item in zip(numbers, items, strict=True):
        state: Cell = item.state
        rows.append([str(number), item.title, state, item.note])
    start = max(numbers, default=0)
    for j, (what, why) in enumerate(extra, start + 1):
        rows.append([str(j), what, "须另附", why])
    # the document names no file: its 序号 is the number each file's name begins with
    doc.para("材料按序号排列，序号即报送文件名开头的编号。")
    doc.table(
        [
            Column("序号", 0.8, "center"),
            Column("材料名称", 6.4),
            Column("状态", 1.6, "center"),
            Column("说明", 3.4),
        ],
        rows,
    )

    doc.heading("缺项和待补充内容")
    gaps = [g for item in items for g in item.gaps]
    if gaps:
        doc.para(
            f"以下{len(gaps)}处内容在材料中标为【缺少】或【待补充】，应补充后重新生成或在文件中补写，"
            "再报送备案。"
        )
        doc.table(
            [
                Column("序号", 0.8, "center"),
                Column("所在材料", 2.6),
                Column("内容", 3.2),
                Column("补充方法", 5),
            ],
            [[str(i), g.document, g.marker, g.hint.zh] for i, g in enumerate(gaps, 1)],
        )
    else:
        doc.para("材料中没有缺项。")

    doc.heading("待填写内容分布")
    where = _sites(items)
    if where:
        doc.para(f"各材料中标出的待填写内容共{marks}处，按所在材料和章节列出：")
        doc.table(
            [
                Column("序号", 0.8, "center"),
                Column("所在材料", 3.4),
                Column("章节", 5.4),
                Column("处数", 1.2, "center"),
            ],
            [
                [str(i), doc_, place or "（开头）", str(n)]
                for i, (doc_, place, n) in enumerate(where, 1)
            ],
        )
    else:
        doc.para("各材料中没有待填写内容。")

    doc.heading("预案检查")
    problems = check_plan(plan, today=today)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    placeholders = [p for p in warnings if p.code == "content.placeholder"]
    if not errors and not warnings:
        doc.para("预案检查未发现错误和警告。")
    else:
        doc.para(
            f"预案检查发现错误{len(errors)}个、警告{len(warnings)}个"
            + (f"（其中未填写的占位内容{len(placeholders)}处）" if placeholders else "")
            + "。错误应在报送前改正；全部问题可在软件的“检查”中查看。"
        )
        if errors:
            shown = errors[:SHOWN_PROBLEMS]
            doc.items([p.text("zh") for p in shown])
            if len(errors) > len(shown):
                doc.para(f"……另有错误{len(errors) - len(shown)}个。")
    return doc
