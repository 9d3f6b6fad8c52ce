"""演练脚本: the controller version (every inject with everything) and the participant
version (only what the engine's participant-safe views allow).

The participant version is built from ``public_brief(drill)`` and, when a session is
given, ``public_state(...)`` (the injects already delivered in it) and nothing else, so
what a blind drill hides (undelivered injects, expected actions, evaluation points,
controller notes, decision branches, the card library) cannot reach it.
"""

from __future__ import annotations

from app.drill.views import public_brief, public_state
from app.drilldocs.layout import (
    CONFIDENTIAL,
    DocOptions,
    Outline,
    body,
    date_text,
    facts_table,
    new_document,
    numbered,
    title_block,
    top_aligned,
)
from app.drilldocs.source import DrillSource, Names, clock, minutes_text, when_text
from app.export.errors import ExportReport
from app.export.gongwen import Column, PageNumbers
from app.export.layer.placeholders import placeholder
from app.i18n import T
from app.model.drill import Card, Drill, DrillForm, DrillMode, DrillPurpose, DrillScope, InjectBase
from app.progress import Progress, Steps

# --- controller version -----------------------------------------------------------------------


def _party(names: Names, item: InjectBase) -> str:
    src = names.display_name(item.from_) or "导调组"
    dst = names.units(list(item.to)) or "—"
    return f"{src}\n→ {dst}\n（{item.channel.zh}）"  # type: ignore[attr-defined]


def _content(names: Names, drill: Drill, item: InjectBase) -> list[str]:
    out = [f"【{item.title}】" if item.title else ""]
    out += [line for line in item.text.split("\n") if line.strip()]
    if item.attachments:
        out.append("附件：" + "、".join(item.attachments))
    if item.decisions:
        out.append("可选决策：")
        for k, d in enumerate(item.decisions, 1):
            branches = [
                f"{minutes_text(fu.delay_min)} 分钟后下达{names.inject_title(fu.inject)}"
                if fu.delay_min
                else f"随即下达{names.inject_title(fu.inject)}"
                for fu in item.follow_ups
                if fu.decision == d.id
            ]
            then = f" → {'；'.join(branches)}" if branches else ""
            out.append(f"（{k}）{names.decision(d.id)}{then}")
    return [line for line in out if line]


def _expected(names: Names, item: InjectBase) -> list[str]:
    out = []
    for m, ea in enumerate(item.expected, 1):
        extra = []
        if ea.by:
            extra.append(names.unit(ea.by))
        if ea.within_min is not None:
            extra.append(f"{minutes_text(ea.within_min)} 分钟内")
        head = f"{m}. {ea.text}" if len(item.expected) > 1 else ea.text
        if extra:
            head += f"（{'，'.join(extra)}）"
        if ea.steps:  # where in the plan: the step's own words are in the plan
            head += "\n预案：" + "、".join(names.step_short(step) for step in ea.steps)
        out.append(head)
    return out or ["—"]


def _points(names: Names, drill: Drill, item: InjectBase) -> list[str]:
    out = [f"· {p}" for p in item.evaluation_points]
    for cid in item.criteria:
        c = drill.criterion(cid)
        label = names.criterion(cid)
        out.append(f"{label}：{c.text}" if c is not None else label)
    if item.note:
        out += [f"导调说明：{line}" for line in item.note.split("\n") if line.strip()]
    return out or ["—"]


CONTROL_COLUMNS = [
    Column("编号", 0.7, "center"),
    Column("时间", 1.4, "center"),
    Column("发送→接收（方式）", 1.5),
    Column("情景与注入内容", 3.6),
    Column("期望行动", 3.4),
    Column("评估要点与导调说明", 2.9),
]


def _inject_rows(names: Names, drill: Drill, items: list[InjectBase]) -> list[list[object]]:
    return [
        [
            names.inject(item.id),
            when_text(item, drill, names),
            _party(names, item),
            _content(names, drill, item),
            _expected(names, item),
            _points(names, drill, item),
        ]
        for item in items
    ]


def _card_when(item: Card, names: Names) -> str:
    parts = [f"{item.category or '未分类'}·{item.severity.zh}"]  # type: ignore[attr-defined]
    for pre in item.preconditions:
        alts = []
        if pre.category:
            alts.append(f"“{pre.category}”类卡片下达后")
        if pre.inject:
            alts.append(f"{names.inject_title(pre.inject)}下达后")
        if alts:
            parts.append("前提：" + "或".join(alts))
    return "\n".join(parts)


def build_controller_script(
    source: DrillSource, options: DocOptions, progress: Progress | None
) -> tuple[bytes, ExportReport]:
    drill = source.drill
    meta = drill.meta
    names = Names(drill, source.names_plan)
    steps = Steps(progress, 4)
    doc = new_document(options)
    doc.set_properties(
        title=f"{meta.title}演练脚本", author=meta.organiser or "", subject="演练脚本"
    )
    doc.begin_section(PageNumbers.ARABIC, landscape=True)
    steps.step(T("基本信息", "Basic facts"))
    title_block(doc, meta.title, "演练脚本（导调版）", mark=f"{CONFIDENTIAL}　导调组、评估组使用")
    outline = Outline(doc)
    outline.h1("基本情况")
    facts_table(doc, _facts(drill, names))
    outline.h1("情景概要")
    body(doc, meta.scenario or "（未填写情景概要）")
    if meta.blind:
        doc.paragraph(
            "本次演练为双盲演练：本脚本只供导调组、评估组使用，不得向参演人员透露。", "body"
        )
    steps.step(T("注入", "Injects"))
    if drill.script:
        outline.h1(f"注入（共 {len(drill.script)} 条）")
        doc.keep_with_next()
        tbl = doc.table(
            CONTROL_COLUMNS,
            _inject_rows(names, drill, list(drill.script)),  # type: ignore[arg-type]
            text_role="table_text_small",
            head_role="table_head_small",
        )
        top_aligned(tbl, range(2, len(CONTROL_COLUMNS)))
    steps.step(T("情景卡库", "Card library"))
    if drill.library:
        outline.h1(f"情景卡库（共 {len(drill.library)} 张，由导调组抽取下达）")
        columns = [*CONTROL_COLUMNS]
        columns[1] = Column("类别·严重程度／前提", 1.6)
        rows = _inject_rows(names, drill, list(drill.library))  # type: ignore[arg-type]
        for row, card in zip(rows, drill.library, strict=True):
            row[1] = _card_when(card, names)
        doc.keep_with_next()
        tbl = doc.table(columns, rows, text_role="table_text_small", head_role="table_head_small")  # type: ignore[arg-type]
        top_aligned(tbl, range(2, len(columns)))
    if not drill.script and not drill.library:
        doc.paragraph("（演练中没有注入）", "body")
    if drill.evaluation.criteria:
        outline.h1("评估项")
        doc.table(
            [
                Column("序号", 0.8, "center"),
                Column("评估内容", 6),
                Column("权重", 0.8, "center"),
                Column("否决项", 0.9, "center"),
            ],
            [
                [str(n), c.text, minutes_text(c.weight), "是" if c.key else ""]
                for n, c in enumerate(drill.evaluation.criteria, 1)
            ],
            text_role="table_text_small",
            head_role="table_head_small",
        )
    steps.step(T("生成文件", "Writing the file"))
    return doc.to_bytes(), ExportReport(path=None, count=len(drill.script) + len(drill.library))


def _facts(drill: Drill, names: Names) -> list[tuple[str, str]]:
    meta = drill.meta
    form = f"{meta.form.zh}、{meta.scope.zh}、{meta.purpose.zh}"  # type: ignore[attr-defined]
    mode = meta.mode.zh + ("（双盲）" if meta.blind else "")  # type: ignore[attr-defined]
    speed = f"情景时间按 {minutes_text(meta.speed)} 倍速推进" if meta.speed != 1 else ""
    return [
        ("演练名称", meta.title),
        ("演练形式", form),
        ("组织方式", "，".join(x for x in (mode, speed) if x)),
        ("检验的预案", (names.plan.meta.title if names.plan else "") or (meta.plan or "")),
        ("响应级别", names.level(meta.level)),
        ("时间", date_text(meta.date, meta.start)),
        ("计划时长", f"{meta.duration_min} 分钟" if meta.duration_min else ""),
        ("地点", meta.place or ""),
        ("组织单位", meta.organiser or ""),
    ]


# --- participant version ---------------------------------------------------------------------

PARTICIPANT_RULES = (
    "按预案规定的职责、程序和时限处置，说明由谁做、做什么、多长时间内完成。",
    "以导调组下达的情况为准，不预设、不臆测未下达的情况；需要的信息向导调组询问。",
    "指令和行动用口头或书面方式表达，不实际操作设备；控制人员记录每一项决策、行动和时间。",
    "演练中如发生真实突发情况，立即报告总指挥，由总指挥决定是否终止演练。",
)
UNTOLD = "事先不告知（双盲演练）"
BLIND_RULE = "本次演练为双盲演练：时间、情景和内容事先不告知，情况由导调组在演练中逐步下达。"


def _labels(value: str, enum: type) -> str:
    try:
        return enum(value).zh
    except ValueError:
        return value


def build_participant_script(
    source: DrillSource, options: DocOptions, progress: Progress | None
) -> tuple[bytes, ExportReport]:
    names = Names(source.drill, source.names_plan)
    group_names = {u: names.unit(u) for u in _unit_ids(source)}
    brief = public_brief(source.drill, group_names)
    steps = Steps(progress, 5)
    doc = new_document(options)
    doc.set_properties(title=brief.title, author=brief.organiser or "", subject="演练脚本")
    doc.begin_section(PageNumbers.ARABIC)
    steps.step(T("基本信息", "Basic facts"))
    title_block(doc, brief.title, "演练脚本（参演人员版）")
    outline = Outline(doc)
    outline.h1("基本情况")
    form = "、".join(
        x
        for x in (
            _labels(brief.form, DrillForm),
            _labels(brief.scope, DrillScope),
            _labels(brief.purpose, DrillPurpose),
        )
        if x
    )
    when = brief.date or ""
    if brief.date:
        y, m, d = brief.date.split("-")
        when = f"{int(y)}年{int(m)}月{int(d)}日"
    elif brief.start:  # a bare time reads as complete: the missing date is a marked gap
        when = placeholder("演练日期")
    facts_table(
        doc,
        [
            ("演练名称", brief.title),
            ("演练形式", form),
            ("组织方式", _labels(brief.mode, DrillMode) + ("（双盲）" if brief.blind else "")),
            ("时间", UNTOLD if brief.blind else f"{when} {brief.start or ''}".strip()),
            ("计划时长", f"{brief.duration_min} 分钟" if brief.duration_min else ""),
            ("地点", UNTOLD if brief.blind else brief.place or ""),
            ("组织单位", brief.organiser or ""),
        ],
    )
    if brief.objectives:
        outline.h1("演练目标")
        numbered(doc, brief.objectives)
    elif brief.blind:  # the objectives would name what is coming
        outline.h1("演练目标")
        doc.paragraph("演练目标在演练结束后的讲评中说明。", "body")
    steps.step(T("参演人员", "Participants"))
    if brief.participants:
        outline.h1("参演人员和分工")
        doc.table(
            [
                Column("序号", 0.7, "center"),
                Column("姓名", 2.2),
                Column("单位/部门", 3.4),
                Column("演练角色", 1.8, "center"),
                Column("席位/工作组", 2.2),
            ],
            [
                [str(i), p.name, p.org or "", p.role_zh, p.group or ""]
                for i, p in enumerate(brief.participants, 1)
            ],
            text_role="table_text_small",
            head_role="table_head_small",
        )
    steps.step(T("情景和进程", "Scenario and agenda"))
    outline.h1("情景概要")
    if brief.scenario:
        body(doc, brief.scenario)
        doc.paragraph("事态如何发展，由导调组在演练中逐步下达。", "body")
    else:
        doc.paragraph(
            BLIND_RULE if brief.blind else "情景由导调组在演练开始时介绍，并在演练中逐步下达。",
            "body",
        )
    if brief.agenda:
        outline.h1("演练进程")
        doc.table(
            [Column("时间", 1.2, "center"), Column("环节", 5)],
            [[clock(a.at_min), a.title] for a in brief.agenda],
        )
    steps.step(T("已下达的情况", "Delivered injects"))
    state = source.session.state if source.session is not None else None
    if state is not None:
        view = public_state(state, state.clock_state, state.scn, state.speed)
        outline.h1(f"已下达的情况（{len(view.injects)} 条）")
        if view.injects:
            doc.table(
                [
                    Column("序号", 0.7, "center"),
                    Column("时间", 1.2, "center"),
                    Column("来自→发给（方式）", 2.2),
                    Column("内容", 6),
                ],
                [
                    [
                        str(i.number),
                        i.at_text,
                        f"{names.display_name(i.source) or '导调组'}\n→ {names.units(list(i.to)) or '—'}\n（{i.channel_zh}）",
                        [f"【{i.title}】" if i.title else "", *i.text.split("\n")],
                    ]
                    for i in view.injects
                ],
                text_role="table_text_small",
                head_role="table_head_small",
            )
        else:
            doc.paragraph("（该记录中尚未下达情况）", "body")
    outline.h1("演练规则")
    rules = ([BLIND_RULE] if brief.blind else []) + list(PARTICIPANT_RULES)
    numbered(doc, rules)
    steps.step(T("生成文件", "Writing the file"))
    count = len(brief.participants)
    return doc.to_bytes(), ExportReport(path=None, count=count)


def _unit_ids(source: DrillSource) -> list[str]:
    plan = source.names_plan
    ids = [u.id for u in plan.organization.units()] if plan is not None else []
    return ids + [p.plays for p in source.drill.participants if p.plays]


__all__ = ["PARTICIPANT_RULES", "build_controller_script", "build_participant_script"]
