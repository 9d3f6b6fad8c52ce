"""评估方案 with its 评估表: how the drill is evaluated, and one printable form per
objective for the evaluators (criteria, weights, marks to tick or a score to write,
room for observations, signature).

Per GB/T 46792-2025 (评估准备: 目的范围, 评估工作组, 依据, 内容与方法, 评估表与方案,
培训评估人员) and YJ/T 9009-2015 (现场点评 and 书面评估).
"""

from __future__ import annotations

from app.drilldocs.layout import (
    CONFIDENTIAL,
    DocOptions,
    Outline,
    cover,
    facts_table,
    min_row_height,
    new_document,
    numbered,
    signature,
    top_aligned,
)
from app.drilldocs.source import DrillSource, Names, minutes_text, when_text
from app.export.errors import ExportReport
from app.export.gongwen import Column, GongwenDocument
from app.export.text import chinese_number, cn_date
from app.i18n import T
from app.model.drill import Criterion, Drill, EvalMethod, Objective, Role
from app.progress import Progress, Steps

CHOICE_BOXES = "□达到\n□部分达到\n□未达到"
SCORE_BLANK = "＿＿＿分"


def _points_for(drill: Drill, criterion: Criterion, names: Names) -> list[str]:
    """What evaluators watch for on this criterion: the evaluation points of its injects."""
    out: list[str] = []
    for item in (*drill.script, *drill.library):
        if criterion.id in item.criteria:
            out += [f"{p}（{names.inject(item.id)}）" for p in item.evaluation_points]
    return list(dict.fromkeys(out))


def _groups(drill: Drill) -> list[tuple[Objective | None, list[Criterion]]]:
    """Criteria by objective, in the order of the objectives; the rest at the end."""
    out: list[tuple[Objective | None, list[Criterion]]] = []
    criteria = drill.evaluation.criteria
    known = {o.id for o in drill.meta.objectives}
    for objective in drill.meta.objectives:
        mine = [c for c in criteria if c.objective == objective.id]
        if mine:
            out.append((objective, mine))
    rest = [c for c in criteria if c.objective not in known]
    if rest or not out:
        out.append((None, rest))
    return out


def evaluation_form(
    doc: GongwenDocument,
    drill: Drill,
    number: int,
    objective: Objective | None,
    criteria: list[Criterion],
    names: Names | None = None,
) -> None:
    """One 评估表, starting on a new page."""
    choice = drill.evaluation.method is EvalMethod.CHOICE
    names = names or Names(drill, None)
    doc.paragraph(f"评估表{number}", "appendix_label")
    if objective is not None:
        k = drill.meta.objectives.index(objective) + 1
        what = f"目标{chinese_number(k)}"
    else:
        what = "其他评估项"
    doc.paragraph(f"演练评估表（{what}）", "appendix_title")
    facts_table(
        doc,
        [
            ("演练名称", drill.meta.title),
            ("演练目标", objective.text if objective is not None else "综合评估"),
            ("日期", cn_date(drill.meta.date, blank="　　年　　月　　日")),
            ("评估人员", ""),
            ("观察位置", ""),
        ],
        blanks=True,
    )
    rows: list[list[object]] = []
    for i, c in enumerate(criteria, 1):
        text = [f"{c.text}" + ("（否决项）" if c.key else "")]
        points = _points_for(drill, c, names)
        if points:
            text.append("观察要点：" + "；".join(points))
        rows.append(
            [str(i), text, minutes_text(c.weight), CHOICE_BOXES if choice else SCORE_BLANK, ""]
        )
    if not rows:  # a form to fill in by hand
        rows = [[str(i), "", "", CHOICE_BOXES if choice else SCORE_BLANK, ""] for i in range(1, 6)]
    columns = [
        Column("序号", 0.6, "center"),
        Column("评估内容", 3.4),
        Column("权重", 0.7, "center"),
        Column("评定" if choice else "得分", 1.6, "center"),
        Column("观察记录", 3.6),
    ]
    doc.keep_with_next()
    tbl = doc.table(columns, rows)  # type: ignore[arg-type]
    min_row_height(tbl, 40, skip_header=True)
    top_aligned(tbl, [1, 4])
    note = doc.table(
        [Column("综合意见", 1)],
        [["综合意见（主要优点、存在问题和改进建议）："]],
        header=False,
    )
    min_row_height(note, 45)
    top_aligned(note, skip_header=False)
    signature(doc, "评估人员")


def build_evaluation_forms(
    source: DrillSource, options: DocOptions, progress: Progress | None
) -> tuple[bytes, ExportReport]:
    drill = source.drill
    meta = drill.meta
    ev = drill.evaluation
    names = Names(drill, source.names_plan)
    groups = _groups(drill)
    steps = Steps(progress, 4 + len(groups))
    doc = new_document(options)
    doc.set_properties(
        title=f"{meta.title}评估方案", author=meta.organiser or "", subject="演练评估方案"
    )
    steps.step(T("封面", "Cover"))
    cover(
        doc,
        meta.title,
        "演练评估方案",
        [meta.organiser or "", cn_date(meta.date)],
        mark=f"{CONFIDENTIAL}　评估组使用" if meta.blind else None,
    )
    doc.paragraph(f"{meta.title}评估方案", "title")
    outline = Outline(doc)
    steps.step(T("评估方案", "Evaluation plan"))
    outline.h1("评估目的")
    doc.paragraph(
        "围绕演练目标和要求，对参演人员表现、演练准备和组织实施过程作出客观评价，"
        "检验预案的针对性和可操作性，查找应急准备中存在的问题，提出改进意见。演练目标：",
        "body",
    )
    if not numbered(doc, [o.text for o in meta.objectives]):
        doc.paragraph("（演练目标未填写）", "body")
    outline.h1("评估依据")
    basis = [
        "《突发事件应急演练评估指南》（GB/T 46792—2025）",
        "《生产安全事故应急演练评估规范》（YJ/T 9009—2015）",
    ]
    plan = source.names_plan
    if plan is not None and plan.meta.title:
        basis.append(f"《{plan.meta.title}》")
    basis.append(f"《{meta.title}工作方案》和演练脚本")
    numbered(doc, basis)

    outline.h1("评估组")
    evaluators = [p for p in drill.participants if p.role is Role.EVALUATOR]
    if evaluators:
        doc.table(
            [
                Column("序号", 0.7, "center"),
                Column("姓名", 2),
                Column("单位/部门", 4),
                Column("评估分工", 3),
            ],
            [[str(i), p.name, p.org or "", p.group or ""] for i, p in enumerate(evaluators, 1)],
        )
    else:
        doc.paragraph("评估人员由演练领导小组指定（演练文件中尚未列出评估人员）。", "body")
    doc.paragraph(
        "评估人员在演练前熟悉预案、工作方案、脚本和本评估方案，参加评估培训，明确各自的观察位置和评估内容。",
        "body",
    )

    outline.h1("评估内容和方法")
    if ev.method is EvalMethod.CHOICE:
        ls = ev.level_scores
        doc.paragraph(
            "采用选择项评定：每个评估项评定为“达到”“部分达到”或“未达到”，分别折算为 "
            f"{minutes_text(ls.achieved)}、{minutes_text(ls.partly)}、{minutes_text(ls.not_achieved)} 分，"
            "按权重加权得出综合得分和结论。",
            "body",
        )
    else:
        doc.paragraph(
            "采用评分法：每个评估项按 0～100 分评分，按权重加权得出综合得分和结论。", "body"
        )
    keys = [c for c in ev.criteria if c.key]
    if keys:
        doc.paragraph(
            "否决项："
            + "、".join(f"{names.criterion(c.id)}（{c.text}）" for c in keys)
            + "；任一否决项未达到要求，结论为不合格等级，不论总分。",
            "body",
        )
    doc.paragraph("结论等级：", "body")
    doc.table(
        [
            Column("等级", 2, "center"),
            Column("加权得分", 2, "center"),
            Column("是否合格", 2, "center"),
        ],
        [
            [
                g.name,
                f"{minutes_text(g.min_score)} 分及以上" if g.min_score > 0 else "其余",
                "合格" if g.passed else "不合格",
            ]
            for g in sorted(ev.grades, key=lambda g: -g.min_score)
        ],
    )
    doc.paragraph(
        "评估方式为现场点评与书面评估相结合：演练结束后评估组立即进行现场点评；"
        "随后根据观察记录、评估表和演练记录编写书面评估报告。",
        "body",
    )

    outline.h1("评估项")
    if ev.criteria:
        objectives = {o.id: o.text for o in meta.objectives}
        doc.table(
            [
                Column("序号", 0.9, "center"),
                Column("评估内容", 4.5),
                Column("权重", 0.8, "center"),
                Column("否决项", 0.9, "center"),
                Column("对应目标", 1.2, "center"),
                Column("对应预案步骤", 2.6),
            ],
            [
                [
                    str(n),
                    c.text + (f"（{c.category}）" if c.category else ""),
                    minutes_text(c.weight),
                    "是" if c.key else "",
                    names.objective(c.objective) if c.objective in objectives else "",
                    [names.step_short(s) for s in c.steps],
                ]
                for n, c in enumerate(ev.criteria, 1)
            ],
            text_role="table_text_small",
            head_role="table_head_small",
        )
    else:
        doc.paragraph("（演练文件中尚未设置评估项，评估表留空，由评估组手工填写。）", "body")

    pointed = [i for i in (*drill.script, *drill.library) if i.evaluation_points or i.expected]
    if pointed:
        outline.h1("观察要点")
        doc.paragraph("评估人员对照以下情况下达后的期望行动和评估要点进行观察记录。", "body")
        doc.table(
            [
                Column("情况", 2.4),
                Column("时间", 1.8, "center"),
                Column("期望行动（执行方、时限）", 4),
                Column("评估要点", 3.2),
            ],
            [
                [
                    names.inject_title(i.id),
                    when_text(i, drill, names),
                    [
                        ea.text
                        + "（"
                        + "，".join(
                            x
                            for x in (
                                names.unit(ea.by),
                                f"{minutes_text(ea.within_min)} 分钟内"
                                if ea.within_min is not None
                                else "",
                            )
                            if x
                        )
                        + "）"
                        if ea.by or ea.within_min is not None
                        else ea.text
                        for ea in i.expected
                    ]
                    or "—",
                    list(i.evaluation_points) or "—",
                ]
                for i in pointed
            ],
            text_role="table_text_small",
            head_role="table_head_small",
        )

    outline.h1("评估工作安排")
    numbered(
        doc,
        [
            "演练前：评估组组长组织评估人员熟悉预案、方案和评估表，明确分工和观察位置，准备记录器材。",
            "演练中：评估人员按评估表观察记录参演人员的决策、行动和时间，不干预演练；发现安全隐患及时报告总指挥。",
            "演练结束：评估组汇总意见，进行现场点评。",
            "演练后：评估组根据评估表和演练记录编写书面评估报告，报演练组织单位。",
        ],
    )
    for n, (objective, criteria) in enumerate(groups, 1):
        steps.step(T(f"评估表{n}", f"Form {n}"))
        evaluation_form(doc, drill, n, objective, criteria, names)
    steps.step(T("生成文件", "Writing the file"))
    return doc.to_bytes(), ExportReport(path=None, count=len(groups))


__all__ = ["CHOICE_BOXES", "build_evaluation_forms", "evaluation_form"]
