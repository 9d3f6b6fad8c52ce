"""Review support for enterprise plans (办法第二十一条至第二十四条, GB/T 29639-2020 4.8):

* the 评审表 (or 论证表) the experts mark: every element the completeness check expects
  for the plan's kind, with its source and where the plan holds it, then the six review
  items of GB/T 29639 4.8.2, the overall conclusion and the signature block;
* the 评审意见 summary from the plan's ``meta.review`` record, with the required changes
  and a column for how each was dealt with (the 修改情况说明 of 4.8.3 c)), or a marked
  gap when nothing was recorded.
"""

from __future__ import annotations

import datetime as dt

from app.export.gongwen import Cell, Column
from app.export.text import cn_date
from app.filing.document import BLANK, BOX, FilingDoc, ticks
from app.filing.facts import (
    element_rows,
    filled,
    full_title,
    is_enterprise,
    recorded_form_ok,
    review_form_name,
    review_requirement,
)
from app.i18n import T
from app.model.plan import Plan

# GB/T 29639-2020 4.8.2, word for word
REVIEW_ITEMS = (
    "风险评估和应急资源调查的全面性",
    "应急预案体系设计的针对性",
    "应急组织体系的合理性",
    "应急响应程序和措施的科学性",
    "应急保障措施的可行性",
    "应急预案的衔接性",
)
TICK_LINES = [ticks("符合", "基本符合"), ticks("不符合")]
CONCLUSIONS = ("通过", "修改完善后通过", "不通过（修改后重新评审）")
GROUP_SOURCES = {
    "法定要素": "《生产安全事故应急预案管理办法》第十三条至第十六条规定的内容",
    "标准要素": "GB/T 29639—2020 规定的要素",
    "附件": "GB/T 29639—2020 第9章规定的附件",
}
GOV_GROUP_SOURCES = {
    "法定要素": "有关规定的内容",
    "标准要素": "《突发事件应急预案管理办法》（国办发〔2024〕5号）和通行结构",
    "附件": "附件",
}
MIN_EXPERT_ROWS = 5
SIGNATURE_ROW_MM = 11
DATE_BLANK = "　　　　年　　月　　日"


def short_source(source: str) -> str:
    """ "GB/T 29639-2020 6.1" → "6.1" (the group's heading names the standard)."""
    prefix = "GB/T 29639-2020 "
    return source[len(prefix) :] if source.startswith(prefix) else source


def review_form_title(plan: Plan) -> str:
    return f"应急预案{review_form_name(plan)}表"


def review_opinion_title(plan: Plan) -> str:
    return f"应急预案{review_form_name(plan)}意见"


def review_form(plan: Plan, today: dt.date) -> FilingDoc:
    form = review_form_name(plan)
    title = review_form_title(plan)
    doc = FilingDoc(title, author=plan.meta.unit.name)
    doc.title(title, f"《{full_title(plan)}》")
    req = review_requirement(plan)
    review = plan.meta.review
    doc.form(
        [
            ("预案名称", full_title(plan)),
            ("编制单位", doc.value(plan.meta.unit.name, T("单位名称", "the unit name"))),
            ("预案类型", plan.meta.kind.zh),
            ("版本号", plan.meta.version or ""),
            (f"{form}形式", [form, req.reason]),
            (
                "组织单位",
                (review and filled(review.organizer)) or filled(plan.meta.unit.name) or "",
            ),
            (f"{form}日期", cn_date(review.date) if review and review.date else DATE_BLANK),
        ]
    )
    doc.para(
        f"{form}依据：《生产安全事故应急预案管理办法》第二十一条至第二十四条，GB/T 29639—2020 4.8。"
        f"{form}人员应与本单位无直接利害关系（办法第二十二条）。"
    )
    doc.para(
        "逐项选择“符合”“基本符合”或“不符合”，基本符合和不符合的写明意见。"
        "“预案中的位置”由软件按要素名称查找，供核对。"
    )
    rows = element_rows(plan)
    doc.heading("要素评审")
    groups = [g for g in ("法定要素", "标准要素", "附件") if any(r.group == g for r in rows)]
    sources = GROUP_SOURCES if is_enterprise(plan) else GOV_GROUP_SOURCES
    for group in groups:
        doc.heading(f"{group}（{sources[group]}）", 2)
        table_rows: list[list[Cell]] = [
            [
                str(i),
                r.element.title,
                short_source(r.element.source),
                r.where,
                TICK_LINES,
                "",
            ]
            for i, r in enumerate((r for r in rows if r.group == group), 1)
        ]
        doc.table(
            [
                Column("序号", 0.8, "center"),
                Column("要素", 2.4),
                Column("依据", 1.4),
                Column("预案中的位置", 2.6),
                Column("评审结论", 1.9),
                Column("意见", 3.6),
            ],
            table_rows,
        )
    doc.heading("评审内容（GB/T 29639—2020 4.8.2）")
    doc.table(
        [
            Column("序号", 0.8, "center"),
            Column("评审内容", 4.2),
            Column("评审结论", 1.9),
            Column("意见", 4.2),
        ],
        [[str(i), item, TICK_LINES, ""] for i, item in enumerate(REVIEW_ITEMS, 1)],
    )
    doc.heading(f"{form}结论")
    doc.para(f"{form}结论一般须经到会专家三分之二以上同意。")
    doc.form(
        [
            (f"{form}结论", [ticks(*CONCLUSIONS[:2]), f"{BOX}{CONCLUSIONS[2]}"]),
            ("综合意见", [""] * 8),
        ]
    )
    doc.doc.page_break()  # the signature list is a page of its own (专家签名表)
    doc.heading(f"{form}人员签字")
    experts = [e for e in (review.experts if review else []) if filled(e)]
    names = experts + [""] * max(0, MIN_EXPERT_ROWS - len(experts))
    doc.table(
        [
            Column("序号", 0.8, "center"),
            Column("姓名", 2),
            Column("工作单位", 3.6),
            Column("职称/专业", 2.4),
            Column("签字", 2.2),
        ],
        [[str(i), name, "", "", ""] for i, name in enumerate(names, 1)],
        row_mm=SIGNATURE_ROW_MM,
    )
    doc.closing([f"{form}组长（签字）：{BLANK}", DATE_BLANK])
    return doc


def review_opinion(plan: Plan, today: dt.date) -> FilingDoc:
    form = review_form_name(plan)
    title = review_opinion_title(plan)
    doc = FilingDoc(title, author=plan.meta.unit.name)
    doc.title(title, f"《{full_title(plan)}》")
    req = review_requirement(plan)
    review = plan.meta.review
    if review is None:
        marker = doc.gap(
            T("评审/论证记录", "the review record"),
            T(
                "在预案基本信息“评审/论证”中记录形式、日期、组织单位、专家、结论和修改意见，"
                "然后重新生成备案材料",
                "Record the form, date, organiser, experts, conclusion and changes under "
                "Review, then build the package again",
            ),
        )
        doc.para(f"{marker}：预案中没有{form}记录，无法整理{form}意见。")
        doc.para(req.reason)
        doc.para(
            f"{form}后，在预案中记录{form}日期、组织单位、专家名单、结论和修改意见，再重新生成本文件。"
        )
        return doc
    form_text = review.form.zh
    if not recorded_form_ok(plan):
        form_text += doc.gap(
            T("评审（本单位应组织评审，仅论证不符合办法第二十一条）", "a formal review (评审)"),
            T(
                "本单位属于办法第二十一条第一款所列单位，应组织专家评审并形成书面评审纪要",
                "Art. 21(1) units must hold a formal review with written minutes",
            ),
        )
    experts = [e for e in review.experts if filled(e)]
    doc.form(
        [
            ("预案名称", full_title(plan)),
            ("编制单位", doc.value(plan.meta.unit.name, T("单位名称", "the unit name"))),
            (f"{form}形式", form_text),
            (
                f"{form}日期",
                cn_date(review.date)
                if review.date
                else doc.gap(T(f"{form}日期", "the review date"), _record_hint()),
            ),
            (
                "组织单位",
                doc.value(review.organizer, T("组织单位", "the organiser"), _record_hint()),
            ),
            (
                f"{form}专家",
                f"{'、'.join(experts)}（共{len(experts)}人）"
                if experts
                else doc.gap(T(f"{form}专家名单", "the experts"), _record_hint()),
            ),
            (
                f"{form}结论",
                doc.value(review.conclusion, T(f"{form}结论", "the conclusion"), _record_hint()),
            ),
        ]
    )
    doc.para(
        f"本表根据预案中记录的{form}信息整理，报送时附{form}组长签字的{form}意见（纪要）原件和专家签名表。"
    )
    doc.heading("修改意见及落实情况")
    changes = [c for c in review.required_changes if c.strip()]
    if changes:
        doc.para(
            f"{form}提出修改意见{len(changes)}条，落实情况（修改情况说明）由{form}组长签字确认。"
        )
        doc.table(
            [Column("序号", 0.8, "center"), Column("修改意见", 5.2), Column("落实情况", 4)],
            [[str(i), c, ""] for i, c in enumerate(changes, 1)],
            row_mm=SIGNATURE_ROW_MM,
        )
    else:
        doc.para(f"{form}未记录修改意见。")
    doc.closing([f"{form}组长（签字）：{BLANK}", DATE_BLANK])
    return doc


def _record_hint() -> T:
    return T(
        "在预案基本信息“评审/论证”中补充后重新生成",
        "Fill it in under Review in the plan details and build again",
    )
