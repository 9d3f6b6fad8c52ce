"""演练工作方案: purpose, form, scope, time and place, organisation and roles, scenario,
schedule, safety and support measures, evaluation and summary.

The 工作方案 goes to the leadership for 评审/报批 and to the organising staff. In a
double-blind drill it is marked confidential: it names the scenario.
"""

from __future__ import annotations

from collections import Counter

from app.drilldocs.layout import (
    CONFIDENTIAL,
    DocOptions,
    Outline,
    body,
    cover,
    date_text,
    new_document,
    numbered,
)
from app.drilldocs.source import DrillSource, Names, minutes_text, when_text
from app.export.errors import ExportReport
from app.export.gongwen import Column
from app.export.text import cn_date
from app.i18n import T
from app.model.drill import DrillForm, DrillMode, EvalMethod, Role
from app.progress import Progress, Steps

# Duties of each drill role (2009 drill guide §4.4 and practice).
ROLE_DUTIES: dict[Role, str] = {
    Role.COMMANDER: "负责演练的全面指挥，宣布演练开始和结束；出现意外情况时会商后决定提前终止演练",
    Role.DIRECTOR: "负责演练的策划和导调，控制演练进程，按方案下达情况（注入），组织现场总结讲评",
    Role.CONTROLLER: "按脚本或导调指令下达控制信息，掌握演练进度，记录参演人员的决策、行动和时间",
    Role.EVALUATOR: "观察、记录参演人员的表现，按评估表评分，开展现场点评并编写书面评估报告",
    Role.PLAYER: "按预案规定的职责和程序，对下达的情况作出决策和处置",
    Role.SIMULATOR: "扮演未参演的单位和人员（上级部门、外部救援力量、群众、媒体等），接收和发出模拟信息",
    Role.OBSERVER: "观摩演练，不干扰演练进行",
}

SUPPORT_TABLETOP = (
    (
        "通信保障",
        "演练会场设导调台和各席位的通信方式（电话、对讲机模拟），导调组与各席位、模拟人员之间的信息传递畅通；演练信息一律以“演练”开头，防止与真实信息混淆。",
    ),
    (
        "场地和器材保障",
        "会场布置指挥席、各工作组席位和导调、评估席位，配备投影、白板、平面图、预案和应急处置卡、记录表；演练前一天完成设备调试。",
    ),
    (
        "安全保障",
        "会场保持消防通道畅通；演练期间各岗位正常值班，不停产、不动用实际设备；发生真实突发事件时，演练立即中止，人员返回岗位按预案处置。",
    ),
    ("后勤保障", "做好参演人员签到、会场服务和资料印发。"),
)
SUPPORT_LIVE = (
    (
        "通信保障",
        "建立演练专用通信频道和联络表，保障总指挥、导调组、控制人员、参演队伍和模拟人员之间的控制信息快速传递；演练信息一律以“演练”开头。",
    ),
    (
        "物资和器材保障",
        "按方案准备演练所需的应急装备、器材和模拟道具，演练前检查完好，演练后清点归位。",
    ),
    (
        "安全保障",
        "制定演练安全保障措施：划定演练区域并设置警戒，参演人员按要求做好个体防护，现场安排医疗救护和消防力量待命；演练可能引起公众误解的，提前发布公告。出现意外情况时，总指挥与领导小组会商后提前终止演练。",
    ),
    ("后勤保障", "做好交通、饮食、休息场所和现场秩序保障。"),
)
TERMINATION = (
    "演练达到目标、全部情况处置完毕，由总策划发出结束信号，总指挥宣布演练结束。",
    "演练中出现真实突发事件或人员、设备安全受到威胁时，总指挥与领导小组成员会商后可提前终止演练。",
)


def _plan_title(source: DrillSource) -> str:
    plan = source.plan or source.names_plan
    if plan is not None and plan.meta.title:
        return f"《{plan.meta.title}》"
    return source.drill.meta.plan or "（未关联预案）"


def build_scheme(
    source: DrillSource, options: DocOptions, progress: Progress | None
) -> tuple[bytes, ExportReport]:
    drill = source.drill
    meta = drill.meta
    names = Names(drill, source.names_plan)
    steps = Steps(progress, 6)
    doc = new_document(options)
    doc.set_properties(
        title=f"{meta.title}工作方案", author=meta.organiser or "", subject="演练工作方案"
    )
    steps.step(T("封面", "Cover"))
    mark = CONFIDENTIAL if meta.blind else None
    cover(doc, meta.title, "演练工作方案", [meta.organiser or "", cn_date(meta.date)], mark=mark)
    doc.paragraph(f"{meta.title}工作方案", "title")
    outline = Outline(doc)
    if meta.blind:
        doc.paragraph(
            "本方案为双盲演练方案，只发至演练领导小组、导调组、评估组和保障人员，不得向参演人员透露。",
            "body",
        )

    steps.step(T("目的和范围", "Purpose and scope"))
    outline.h1("演练目的")
    doc.paragraph(
        f"本次演练为{meta.purpose.zh}，检验{_plan_title(source)}的针对性和可操作性，"  # type: ignore[attr-defined]
        "完善应急准备，锻炼应急队伍，磨合应急机制。具体目标：",
        "body",
    )
    if not numbered(doc, [o.text for o in meta.objectives]):
        doc.paragraph("（演练目标未填写）", "body")

    outline.h1("演练形式和规模")
    roles = Counter(p.role for p in drill.participants)
    people = "、".join(f"{r.zh}{roles[r]}人" for r in Role if roles[r])  # type: ignore[attr-defined]
    form = f"采用{meta.form.zh}形式，为{meta.scope.zh}"  # type: ignore[attr-defined]
    if meta.mode is DrillMode.SCRIPTLESS:
        form += "，不预设脚本，由导调组根据处置情况从情景卡库中抽取情况下达"
    else:
        form += f"，按演练脚本组织，共设 {len(drill.script)} 条注入"
    if meta.blind:
        form += "；实行双盲，参演人员事先不知道演练的时间、情景和内容"
    doc.paragraph(form + "。", "body")
    if people:
        doc.paragraph(f"参演规模：{people}，共 {len(drill.participants)} 人。", "body")
    if meta.form is DrillForm.TABLETOP:
        doc.paragraph(
            "参演人员在会场内依据预案，通过信息传递、组内讨论、组间协调和集体会商作出决策和处置，不动用实际设备。",
            "body",
        )

    outline.h1("演练范围")
    doc.paragraph(f"检验的预案：{_plan_title(source)}。", "body")
    if meta.level:
        doc.paragraph(f"检验的响应级别：{names.level(meta.level)}。", "body")
    plan = source.names_plan
    if plan is not None and plan.procedures:
        procs = [p for p in plan.procedures if meta.level is None or p.level in (None, meta.level)]
        if procs:
            doc.paragraph("涉及的处置程序：" + names.names([p.id for p in procs]) + "。", "body")
    units = list(dict.fromkeys(p.plays for p in drill.participants if p.plays))
    if units:
        doc.paragraph("参演的应急组织：" + names.units(units) + "。", "body")

    outline.h1("演练时间和地点")
    when = date_text(meta.date, meta.start) or "另行通知"
    doc.paragraph(
        f"时间：{when}" + (f"，约 {meta.duration_min} 分钟" if meta.duration_min else "") + "。",
        "body",
    )
    doc.paragraph(f"地点：{meta.place or '另行通知'}。", "body")

    steps.step(T("组织机构", "Organisation"))
    outline.h1("组织机构和职责")
    doc.paragraph(
        f"演练由{meta.organiser or '演练组织单位'}组织，设演练总指挥、导调组、评估组、参演人员和模拟人员，职责如下。",
        "body",
    )
    rows = []
    for role in Role:
        people_ = [p for p in drill.participants if p.role is role]
        if not people_:
            continue
        who = "、".join(names.person(p.id) + (f"（{p.org}）" if p.org else "") for p in people_)
        rows.append([role.zh, who, ROLE_DUTIES[role]])  # type: ignore[attr-defined]
    if rows:
        doc.table([Column("演练角色", 1.3, "center"), Column("人员", 3), Column("职责", 5)], rows)

    steps.step(T("情景和进度", "Scenario and schedule"))
    outline.h1("情景概要")
    body(doc, meta.scenario or "（情景概要未填写）")
    outline.h1("演练进度安排")
    outline.h2("阶段安排")
    start = date_text(meta.date, meta.start) or "演练当日"
    doc.table(
        [Column("阶段", 1.4, "center"), Column("时间", 2.2), Column("主要工作", 5.5)],
        [
            ["准备", "演练前", "编制工作方案和脚本（或情景卡库）、评估方案和评估表，培训评估人员和控制人员，准备场地、器材和通信，演练前预演和检查。"],
            ["实施", start, "演练启动、情况下达和处置、过程控制和记录，总策划发出结束信号，总指挥宣布结束。"],
            ["评估总结", "演练结束后", "现场总结讲评（现场点评）；评估组编写书面评估报告；组织单位编写总结报告，跟踪问题整改，必要时修订预案。"],
        ],
    )  # fmt: skip
    outline.h2("演练流程")
    if meta.mode is DrillMode.SCRIPTLESS:
        opening = [i for i in drill.script if (i.at_min or 0) == 0 and i.trigger is None]
        doc.paragraph(
            f"开场下达 {len(opening)} 份情况或任务卡；此后导调组按处置进展，每隔一段时间从情景卡库中抽取情况下达。",
            "body",
        )
        cats = Counter(c.category or "未分类" for c in drill.library)
        if cats:
            doc.table(
                [Column("情景类别", 2), Column("卡片数", 1, "center")],
                [[k, str(v)] for k, v in cats.most_common()],
            )
    elif drill.script:
        rows = [
            [
                when_text(item, drill, names),
                item.title or names.inject(item.id),
                names.units(list(item.to)),
            ]
            for item in drill.script
        ]
        doc.table([Column("时间", 2.2, "center"), Column("情况", 4), Column("下达给", 3)], rows)
    else:
        doc.paragraph("（脚本尚未编写）", "body")

    steps.step(T("保障和评估", "Support and evaluation"))
    outline.h1("安全和保障措施")
    support = SUPPORT_TABLETOP if meta.form is DrillForm.TABLETOP else SUPPORT_LIVE
    for title, text in support:
        outline.h2(title)
        doc.paragraph(text, "body")
    if meta.blind:
        outline.h2("保密要求")
        doc.paragraph(
            "演练方案、脚本和情景卡只在导调组、评估组内部使用；参演人员只领取任务卡。", "body"
        )
    outline.h2("演练终止")
    numbered(doc, TERMINATION)

    outline.h1("评估和总结")
    ev = drill.evaluation
    method = (
        "评分（0～100 分，按权重加权）"
        if ev.method is EvalMethod.SCORE
        else "选择项（达到、部分达到、未达到）"
    )
    keys = [c.id for c in ev.criteria if c.key]
    text = f"评估组按评估方案对 {len(ev.criteria)} 个评估项进行评估，评估方式为{method}"
    if keys:
        text += f"，其中否决项 {len(keys)} 个"
    grades = "、".join(
        f"{g.name}（{minutes_text(g.min_score)} 分以上）" for g in ev.grades if g.min_score > 0
    )
    if grades:
        text += f"；结论分为{grades}和不合格"
    doc.paragraph(text + "。", "body")
    doc.paragraph(
        "演练结束后立即进行现场点评；评估组在演练结束后编写书面评估报告，组织单位编写总结报告，"
        "对发现的问题明确整改责任人和期限并跟踪落实，必要时修订预案。",
        "body",
    )
    doc.blank(1)
    if meta.organiser:
        doc.paragraph(meta.organiser, "closing")
    doc.paragraph("　　年　　月　　日", "closing")
    steps.step(T("生成文件", "Writing the file"))
    return doc.to_bytes(), ExportReport(path=None, count=len(drill.participants))


__all__ = ["ROLE_DUTIES", "build_scheme"]
