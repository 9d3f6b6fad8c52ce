"""演练评估报告 (the evaluators' written evaluation) and 演练总结报告 (the organiser's
summary), both built from a recorded session: its journal and its metrics.

They cover the basic facts, the timeline of what actually happened (with a chart),
the response time of each delivered inject, expected actions done/late/missed, plan
steps exercised and not, the score or choice-type conclusion (GB/T 46792-2025 annex D),
the findings, lessons and recommendations. Every number comes from
``app.drill.metrics`` so the document and ``drill metrics`` always agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.drill.evaluation import EvaluationResult
from app.drill.metrics import (
    EXERCISED,
    MISSED,
    NOT_DELIVERED,
    NOT_IN_DRILL,
    OUT_OF_SCOPE,
    STEP_LABELS,
)
from app.drill.state import (
    ACTION,
    DELIVER,
    END,
    FINDING,
    JUMP,
    NOTE,
    PAUSE,
    REOPEN,
    RESUME,
    SKIP,
    SPEED,
    START,
    ExpectedStatus,
)
from app.drilldocs.chart import chart_rows, timeline_chart
from app.drilldocs.layout import (
    CONFIDENTIAL,
    DocOptions,
    Outline,
    body,
    caption,
    cover,
    date_text,
    facts_table,
    merge_down,
    new_document,
    numbered,
    picture,
    signature,
)
from app.drilldocs.source import DrillDoc, DrillSource, Names, clock, minutes_text
from app.export.errors import ExportReport
from app.export.gongwen import Column, GongwenDocument
from app.export.text import cn_date
from app.findings.links import element_label
from app.findings.ops import is_carried
from app.i18n import T
from app.model.drill import EvalMethod, Finding, FindingStatus, MarkLevel, Role
from app.model.problems import Severity
from app.progress import Progress, Steps

SMALL = {"text_role": "table_text_small", "head_role": "table_head_small"}


@dataclass(frozen=True)
class Event:
    scn: float  # scenario seconds
    kind: str
    text: str
    who: str = ""


def _short(text: str, limit: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def timeline(source: DrillSource, names: Names) -> list[Event]:
    """What actually happened, in journal order (entries the replay rejected are left out)."""
    assert source.session is not None
    state = source.session.state
    actions = {a.seq: a for a in state.actions}
    notes = {n.seq: n for n in state.notes}
    delivered = {r.delivered_seq: r for r in state.runs.values() if r.delivered}
    findings = {f.id: f for f in state.findings}
    out: list[Event] = []
    for entry in source.session.read.entries:
        scn = float(entry.get("scn", 0.0) or 0.0)
        kind = entry.type
        if kind == START:
            out.append(Event(scn, "开始", "总指挥宣布演练开始"))
        elif kind == PAUSE:
            out.append(Event(scn, "暂停", "演练暂停"))
        elif kind == RESUME:
            out.append(Event(scn, "继续", "演练继续"))
        elif kind == SPEED:
            out.append(
                Event(scn, "调整", f"情景时间按 {minutes_text(entry.get('speed'))} 倍速推进")
            )
        elif kind == JUMP:
            to = entry.get("to")
            out.append(Event(scn, "调整", f"情景时间推进至 {clock((to or 0) / 60.0)}"))
        elif kind == DELIVER and entry.seq in delivered:
            run = delivered[entry.seq]
            item = run.item
            to = names.units(list(item.to))
            who = f"{item.from_ or '导调组'}→{to}" if to else item.from_ or "导调组"
            head = f"{run.id} {item.title}：" if item.title else f"{run.id}："
            out.append(Event(scn, "下达注入", head + _short(item.text), who))
        elif kind == SKIP:
            inject = entry.get("inject")
            reason = entry.get("reason")
            text = f"跳过 {names.inject_title(inject)}" + (f"（{reason}）" if reason else "")
            out.append(Event(scn, "跳过注入", text))
        elif kind == ACTION and entry.seq in actions:
            a = actions[entry.seq]
            parts = [a.text] if a.text else []
            if a.decision:
                parts.append(f"决策：{names.decision(a.decision)}")
            if a.fulfils:
                parts.append(f"对应期望行动 {'、'.join(a.fulfils)}")
            out.append(
                Event(scn, "决策" if a.decision else "处置行动", "；".join(parts), names.who(a.who))
            )
        elif kind == NOTE and entry.seq in notes:
            n = notes[entry.seq]
            out.append(Event(scn, "现场记录", n.text, names.who(n.who)))
        elif kind == FINDING:
            data = entry.get("finding") or {}
            f = findings.get(data.get("id", "")) if isinstance(data, dict) else None
            if f is not None:
                out.append(Event(scn, "发现问题", f"{f.id} {f.text}"))
        elif kind == REOPEN:
            out.append(Event(scn, "记录恢复", "演练控制台重新打开记录，时钟暂停后继续"))
        elif kind == END:
            reason = entry.get("reason")
            out.append(Event(scn, "结束", "演练结束" + (f"（{reason}）" if reason else "")))
    return out


def all_findings(source: DrillSource) -> list[Finding]:
    """The drill file's findings, then those of the session not yet carried into it."""
    held = list(source.drill.findings)
    if source.session is None:
        return held
    return held + [f for f in source.session.state.findings if not is_carried(held, f)]


class _Report:
    def __init__(self, kind: DrillDoc, source: DrillSource, options: DocOptions) -> None:
        assert source.session is not None
        self.kind = kind
        self.source = source
        self.session = source.session
        self.state = source.session.state
        self.drill = source.session.drill  # what was run (the journal's snapshot)
        self.m = source.metrics
        self.names = Names(self.drill, source.names_plan)
        self.doc: GongwenDocument = new_document(options)
        self.outline = Outline(self.doc)
        self.findings = all_findings(source)
        self.report = ExportReport(path=None)

    # -- pieces --

    def facts(self) -> None:
        meta = self.drill.meta
        m = self.m
        people = Counter(p.role for p in self.drill.participants)
        roles = "、".join(f"{r.zh}{people[r]}人" for r in Role if people[r])  # type: ignore[attr-defined]
        real = clock(m.session_real_s / 60.0).removeprefix("T+")
        state = "已结束" if m.finished else "未结束（按已有记录统计）"
        plan = (
            self.source.plan.meta.title if self.source.plan else (m.plan_title or meta.plan or "")
        )
        self.outline.h1("演练基本情况")
        facts_table(
            self.doc,
            [
                ("演练名称", meta.title),
                (
                    "演练形式",
                    f"{meta.form.zh}、{meta.scope.zh}、{meta.purpose.zh}"  # type: ignore[attr-defined]
                    + f"，{meta.mode.zh}"
                    + ("（双盲）" if meta.blind else ""),  # type: ignore[attr-defined]
                ),
                ("检验的预案", plan),
                ("响应级别", self.names.level(meta.level)),
                ("计划时间", date_text(meta.date, meta.start)),
                ("实际起止", f"{_wall(m.started)} 至 {_wall(m.ended)}" if m.started else ""),
                ("用时", f"情景时间 {clock(m.scenario_min)}，实际用时 {real}"),
                ("地点", meta.place or ""),
                ("组织单位", meta.organiser or ""),
                ("参演人员", roles),
                ("演练记录", f"{m.session}（{state}）"),
            ],
        )
        if meta.objectives:
            self.doc.paragraph("演练目标：", "body")
            numbered(self.doc, [o.text for o in meta.objectives])
        if meta.scenario and self.kind is DrillDoc.SUMMARY:
            self.doc.paragraph("情景概要：", "body")
            body(self.doc, meta.scenario)

    def timeline(self, *, full: bool) -> None:
        events = timeline(self.source, self.names)
        if not full:
            events = [
                e for e in events if e.kind not in ("现场记录", "暂停", "继续", "调整", "记录恢复")
            ]
        self.outline.h2("演练过程时间线")
        self.doc.paragraph(
            f"演练记录共 {len(self.session.read.entries)} 条，以下按情景时间列出"
            + ("全部事项。" if full else "注入、决策和处置行动等主要事项。"),
            "body",
        )
        if events:
            self.doc.keep_with_next()
            self.doc.table(
                [
                    Column("情景时间", 1.3, "center"),
                    Column("事项", 1.3, "center"),
                    Column("内容", 6),
                    Column("人员/单位", 2.4),
                ],
                [[clock(e.scn / 60.0), e.kind, e.text, e.who] for e in events],
                **SMALL,
            )
        self.chart()

    def chart(self) -> None:
        rows = chart_rows(self.m)
        if not rows:
            self.doc.paragraph("（没有下达的注入，未生成时间线图）", "body")
            return
        chart = timeline_chart(rows, end_min=self.m.scenario_min)
        width_mm = 150.0
        picture(self.doc, chart.png, width_mm, width_mm * chart.height_px / chart.width_px)
        caption(self.doc, "图1　注入下达与首次响应时间线")
        if not chart.chinese:
            self.report.note(
                Severity.INFO,
                "export.chart_font",
                T(
                    "未找到中文字体，时间线图使用英文标注（可用环境变量 PLANDRILL_CHART_FONT 指定字体文件）",
                    "No Chinese font found; the chart is labelled in English "
                    "(set PLANDRILL_CHART_FONT to a font file)",
                ),
            )

    def responses(self) -> None:
        m = self.m
        delivered = [i for i in m.injects if i.delivered]
        self.outline.h2("注入响应情况")
        mean = m.mean_response_min
        skipped = [i for i in m.injects if i.skipped]
        pending = [i for i in m.injects if not i.delivered and not i.skipped]
        text = f"共下达注入 {len(delivered)} 条"
        if mean is not None:
            text += f"，平均首次响应用时 {minutes_text(mean)} 分钟"
        unanswered = [i for i in delivered if i.first_action_min is None]
        if unanswered:
            text += f"，其中 {len(unanswered)} 条没有响应记录"
        if skipped:
            text += f"；跳过 {len(skipped)} 条"
        if pending:
            text += f"；未下达 {len(pending)} 条"
        self.doc.paragraph(text + "。", "body")
        if delivered:
            self.doc.keep_with_next()
            self.doc.table(
                [
                    Column("注入", 3),
                    Column("下达时间", 1.3, "center"),
                    Column("首次响应", 1.3, "center"),
                    Column("响应用时（分）", 1.5, "center"),
                    Column("行动数", 1, "center"),
                ],
                [
                    [
                        f"{i.id} {i.title}".strip(),
                        clock(i.delivered_min),
                        clock(i.first_action_min),
                        minutes_text(i.response_min),
                        str(i.actions),
                    ]
                    for i in sorted(delivered, key=lambda i: i.delivered_min or 0.0)
                ],
                **SMALL,
            )

    def expected(self) -> None:
        m = self.m
        c = m.counts
        self.outline.h2("期望行动完成情况")
        ongoing = c.get("open", 0) + c.get("overdue", 0)
        text = (
            f"按时完成 {c.get('done', 0)} 项，超时完成 {c.get('late', 0)} 项，"
            f"未完成 {c.get('missed', 0)} 项"
        )
        if ongoing:
            text += f"，进行中 {ongoing} 项"
        if c.get("not_delivered", 0):
            text += f"；另有 {c['not_delivered']} 项因注入未下达不计"
        self.doc.paragraph(text + "。时限和实际用时以分钟计，自注入下达时起算。", "body")
        shown = [e for e in m.expected if e.status != ExpectedStatus.NOT_DELIVERED.value]
        if shown:
            self.doc.keep_with_next()
            self.doc.table(
                [
                    Column("注入", 0.8, "center"),
                    Column("期望行动", 5),
                    Column("执行方", 2),
                    Column("时限", 0.9, "center"),
                    Column("实际用时", 1.1, "center"),
                    Column("结果", 1.5, "center"),
                ],
                [
                    [
                        e.inject,
                        f"〔{e.id}〕{e.text}",
                        self.names.unit(e.by),
                        minutes_text(e.within_min),
                        minutes_text(e.after_min),
                        ExpectedStatus(e.status).label.zh,
                    ]
                    for e in shown
                ],
                **SMALL,
            )

    def steps(self) -> None:
        m = self.m
        self.outline.h2("预案检验情况")
        if m.coverage is None:
            self.doc.paragraph("演练记录中没有预案的处置程序，未统计预案步骤的检验情况。", "body")
            return
        in_scope = [s for s in m.steps if s.status != OUT_OF_SCOPE]
        not_ex = [s for s in in_scope if s.status != EXERCISED]
        out = sum(s.status == OUT_OF_SCOPE for s in m.steps)
        text = (
            f"本级响应的预案处置步骤共 {m.steps_in_scope} 个，已检验 {m.steps_exercised} 个"
            f"（{m.coverage:.0%}），未检验 {len(not_ex)} 个"
        )
        if out:
            text += f"；其他响应级别的步骤 {out} 个不在本次演练范围内"
        self.doc.paragraph(text + "。", "body")
        if in_scope:
            self.doc.keep_with_next()
            tbl = self.doc.table(
                [
                    Column("处置程序", 2.2),
                    Column("步骤", 0.8, "center"),
                    Column("处置措施", 4.5),
                    Column("执行机构", 1.8),
                    Column("检验情况", 1.6, "center"),
                ],
                [
                    [
                        # a procedure's name once, on its first step
                        (s.procedure_title or s.procedure or "—")
                        if k == 0 or in_scope[k - 1].procedure != s.procedure
                        else "",
                        self._step_no(s.id),
                        s.action or s.id,
                        self.names.unit(s.actor),
                        STEP_LABELS[s.status].zh,
                    ]
                    for k, s in enumerate(in_scope)
                ],
                **SMALL,
            )
            merge_down(tbl, 0)

    def _step_no(self, step_id: str) -> str:
        plan = self.session.plan or self.source.plan
        if plan is None:
            return step_id
        for proc in plan.procedures:
            for i, step in enumerate(proc.steps, 1):
                if step.id == step_id:
                    return str(i)
        return step_id

    def evaluation(self) -> None:
        ev = self.m.evaluation
        self.outline.h1("评估结论")
        if ev is None or ev.total == 0:
            self.doc.paragraph("本次演练未设评估项。", "body")
            return
        self.doc.paragraph(conclusion_text(ev, self.drill.evaluation.method), "body")
        levels = {lv.value: lv.zh for lv in MarkLevel}  # type: ignore[attr-defined]
        choice = self.drill.evaluation.method is EvalMethod.CHOICE
        self.doc.keep_with_next()
        self.doc.table(
            [
                Column("评估项", 4.5),
                Column("权重", 0.8, "center"),
                Column("否决项", 0.9, "center"),
                Column("评定" if choice else "得分", 1.3, "center"),
                Column("评估人员", 1.4),
                Column("说明", 2.6),
            ],
            [
                [
                    f"〔{r.id}〕{r.text}",
                    minutes_text(r.weight),
                    "是" if r.key else "",
                    (levels.get(r.level or "", "") if r.level else minutes_text(r.score))
                    if r.score is not None
                    else "未评估",
                    self.names.who(r.by),
                    r.note or ("否决项未达到" if r.failed_key else ""),
                ]
                for r in ev.criteria
            ],
            **SMALL,
        )

    def findings_table(self, title: str) -> None:
        self.outline.h1(title)
        if not self.findings:
            self.doc.paragraph("本次演练未记录发现的问题。", "body")
            return
        serious = sum(f.severity.value == "serious" for f in self.findings)
        closed = sum(f.status is FindingStatus.CLOSED for f in self.findings)
        self.doc.paragraph(
            f"共发现问题 {len(self.findings)} 项，其中严重问题 {serious} 项；已完成整改 {closed} 项。",
            "body",
        )
        plan = self.source.plan
        self.doc.keep_with_next()
        self.doc.table(
            [
                Column("编号", 0.7, "center"),
                Column("问题描述", 3.4),
                Column("严重程度", 1.3, "center"),
                Column("涉及预案内容", 2.7),
                Column("责任人", 1.4),
                Column("整改期限", 1.8, "center"),
                Column("状态", 1.3, "center"),
            ],
            [
                [
                    f.id,
                    f.text,
                    f.severity.zh,  # type: ignore[attr-defined]
                    element_label(plan, f.ref) if f.ref else "",
                    f.owner or "",
                    cn_date(f.due),
                    f.status.zh,  # type: ignore[attr-defined]
                ]
                for f in self.findings
            ],
            **SMALL,
        )

    def lessons(self) -> None:
        good, bad = lessons(self.m, self.names)
        self.outline.h1("经验和教训")
        self.outline.h2("经验")
        if not numbered(self.doc, good):
            self.doc.paragraph("（演练记录中没有可归纳的经验，请评估组补充。）", "body")
        self.outline.h2("教训")
        if not numbered(self.doc, bad):
            self.doc.paragraph("（演练记录中没有暴露明显不足。）", "body")
        notes = [n for n in self.state.notes if n.text]
        if notes:
            self.outline.h2("现场记录和点评")
            numbered(
                self.doc,
                [
                    f"{clock(n.scn / 60.0)} {n.text}"
                    + (f"（{self.names.who(n.who)}）" if n.who else "")
                    for n in notes
                ],
            )

    def recommendations(self, title: str) -> None:
        self.outline.h1(title)
        items = recommendations(self.m, self.names, self.findings, self.source)
        if not numbered(self.doc, items):
            self.doc.paragraph("（无）", "body")


def _wall(iso: str | None) -> str:
    if not iso:
        return "—"
    day, _, time = iso.partition("T")
    try:
        y, m, d = (int(x) for x in day.split("-"))
    except ValueError:
        return iso
    return f"{y}年{m}月{d}日 {time[:5]}".strip()


def conclusion_text(ev: EvaluationResult, method: EvalMethod) -> str:
    """The conclusion as GB/T 46792-2025 annex D allows: a score, or a choice-type one."""
    if ev.score is None:
        return "评估人员尚未评分，暂无评估结论。"
    if method is EvalMethod.CHOICE:
        counts = Counter(r.level for r in ev.criteria if r.level)
        parts = "、".join(
            f"{lv.zh} {counts[lv.value]} 项"  # type: ignore[attr-defined]
            for lv in MarkLevel
            if counts[lv.value]
        )
        text = f"评估结论：{ev.grade}（按选择项评定：{parts}；折算加权得分 {ev.score:.1f} 分）"
    else:
        text = f"评估结论：{ev.grade}（加权得分 {ev.score:.1f} 分）"
    if ev.vetoed_by:
        text += f"。否决项 {'、'.join(ev.vetoed_by)} 未达到，结论不得高于“{ev.grade}”"
    if not ev.complete:
        text += f"。另有 {ev.total - ev.marked} 个评估项未评估，未计入得分"
    return text + "。"


def lessons(m, names: Names) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """What went well and what did not, read off the metrics."""
    good: list[str] = []
    bad: list[str] = []
    c = m.counts
    total = c.get("done", 0) + c.get("late", 0) + c.get("missed", 0)
    if c.get("done", 0):
        good.append(f"{total} 项期望行动中 {c['done']} 项按时完成。")
    for team in m.by_team:
        if team.expected_done and not team.expected_late and not team.expected_missed:
            good.append(f"{team.name}承担的 {team.expected_done} 项期望行动全部按时完成。")
    ev = m.evaluation
    if ev is not None:
        strong = [r for r in ev.criteria if r.score is not None and r.score >= 90]
        for r in strong:
            good.append(f"评估项“{r.text}”完成较好（{minutes_text(r.score)} 分）。")
        weak = [r for r in ev.criteria if r.score is not None and r.score < 60]
        for r in weak:
            bad.append(f"评估项“{r.text}”未达到要求（{minutes_text(r.score)} 分）。")
    for e in m.expected:
        who = names.unit(e.by)
        who = f"{who}：" if who else ""
        if e.status == ExpectedStatus.MISSED.value:
            bad.append(f"{who}“{e.text}”未完成（注入 {e.inject}）。")
        elif e.status == ExpectedStatus.LATE.value:
            bad.append(
                f"{who}“{e.text}”超时完成：用时 {minutes_text(e.after_min)} 分钟，"
                f"时限 {minutes_text(e.within_min)} 分钟（注入 {e.inject}）。"
            )
    for i in m.injects:
        if i.delivered and i.first_action_min is None:
            bad.append(f"注入 {i.id}“{i.title}”下达后没有响应记录。")
    return good, bad


def recommendations(m, names: Names, findings: list[Finding], source: DrillSource) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    plan = source.plan
    for f in findings:
        if f.status is FindingStatus.CLOSED:
            continue
        where = element_label(plan, f.ref) if f.ref else ""
        who = f"，由{f.owner}负责" if f.owner else ""
        due = f"，{cn_date(f.due)}前完成" if f.due else ""
        target = f"（{where}）" if where else ""
        out.append(f"整改问题 {f.id}{target}：{f.text}{who}{due}。")
    missed = [s for s in m.steps if s.status == MISSED]
    if missed:
        labels = "；".join(
            f"{s.procedure_title or s.procedure or ''}：{s.action or s.id}" for s in missed
        )
        out.append(f"核查并修订演练中未能完成的预案处置步骤，确保其可操作：{labels}。")
    untested = [s for s in m.steps if s.status in (NOT_DELIVERED, NOT_IN_DRILL)]
    if untested:
        out.append(
            f"预案中仍有 {len(untested)} 个本级响应处置步骤未经演练检验，建议在后续演练中安排。"
        )
    teams = [t for t in m.by_team if t.expected_missed or t.expected_late]
    if teams:
        out.append(
            "针对"
            + "、".join(t.name for t in teams)
            + "组织预案和应急处置卡的专项培训，重点训练超时和未完成的处置行动。"
        )
    out.append(
        "按《生产安全事故应急预案管理办法》的规定，根据演练评估结果评估预案，必要时及时修订。"
    )
    return out


def build_report(
    kind: DrillDoc, source: DrillSource, options: DocOptions, progress: Progress | None
) -> tuple[bytes, ExportReport]:
    r = _Report(kind, source, options)
    meta = r.drill.meta
    steps = Steps(progress, 9)
    doc = r.doc
    doc.set_properties(
        title=f"{meta.title}{kind.title}", author=meta.organiser or "", subject=kind.title
    )
    steps.step(T("封面", "Cover"))
    evaluators = [p.org or p.name for p in r.drill.participants if p.role is Role.EVALUATOR]
    by = meta.organiser or ""
    if kind is DrillDoc.REPORT:
        by = "评估组" + (f"（{'、'.join(dict.fromkeys(evaluators))}）" if evaluators else "")
    ended = _wall(r.m.ended).split(" ")[0] if r.m.ended else cn_date(meta.date)
    cover(doc, meta.title, kind.title, [by, ended], mark=CONFIDENTIAL if meta.blind else None)
    doc.paragraph(f"{meta.title}{kind.title}", "title")
    if kind is DrillDoc.REPORT:
        doc.paragraph(
            "本报告由评估组根据演练记录、观察记录和评分，按照《突发事件应急演练评估指南》"
            "（GB/T 46792—2025）和《生产安全事故应急演练评估规范》（YJ/T 9009—2015）编写，"
            "对演练的组织实施、目标达成和参演人员表现作出评价。",
            "body",
        )
    else:
        doc.paragraph(
            "本报告根据演练记录和演练评估结果编写，总结本次演练的基本情况、发现的问题、经验教训和改进建议。",
            "body",
        )
    steps.step(T("基本情况", "Basic facts"))
    r.facts()
    steps.step(T("时间线", "Timeline"))
    r.outline.h1("演练实施情况")
    r.timeline(full=kind is DrillDoc.REPORT)
    steps.step(T("响应时间", "Response times"))
    r.responses()
    r.expected()
    steps.step(T("预案检验", "Plan steps"))
    r.steps()
    steps.step(T("评估结论", "Evaluation"))
    r.evaluation()
    steps.step(T("发现的问题", "Findings"))
    r.findings_table("发现的问题" if kind is DrillDoc.REPORT else "发现的问题及整改计划")
    steps.step(T("经验教训与建议", "Lessons and recommendations"))
    r.lessons()
    r.recommendations("改进建议" if kind is DrillDoc.REPORT else "应急管理工作建议")
    signature(doc, "评估组组长" if kind is DrillDoc.REPORT else "演练组织单位负责人")
    steps.step(T("生成文件", "Writing the file"))
    r.report.count = len(r.m.injects)
    return doc.to_bytes(), r.report


__all__ = [
    "Event",
    "all_findings",
    "build_report",
    "conclusion_text",
    "lessons",
    "recommendations",
    "timeline",
]
