"""演练评估报告 (the evaluators' written evaluation) and 演练总结报告 (the organiser's
summary): two different documents built from one recorded session.

* The **评估报告** follows what AQ/T 9009 (YJ/T 9009-2015) asks a written evaluation to
  cover and GB/T 46792-2025 Annex E's report body (domain-cn.md §4.7): the drill and the
  evaluation work, the organisation and conduct (timeline, responses, expected actions,
  plan steps), each objective judged one by one, the participants' performance, the
  problems exposed, the conclusion by the 评估方案's rules (``app.drill.evaluation``:
  one score/choice table, a veto, no verdict before every criterion is marked or
  skipped), lessons, recommendations and the corrections made to the record. The
  evaluators' own analysis, written in the hot wash (journal ``analysis`` entries),
  goes in under each heading.
* The **总结报告** is the organiser's: preparation, organisation, what the evaluation
  concluded (citing the 评估报告), problems and their rectification, and
  recommendations to the unit's emergency work.

Every number comes from ``app.drill.metrics`` over the corrected view of the journal,
so the documents and ``drill metrics`` agree. Readers see names, never ids: inject
titles, criteria texts, team names; a participant whose name is still a placeholder is
named by the team or post they play.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from app.drill.evaluation import (
    EXPERIENCE,
    OBJECTIVE,
    ORGANISATION,
    PERFORMANCE,
    PROBLEMS,
    RECOMMENDATIONS,
    EvaluationResult,
    objective_results,
)
from app.drill.metrics import (
    MISSED,
    NOT_DELIVERED,
    NOT_IN_DRILL,
    OUT_OF_SCOPE,
    STEP_LABELS,
    DrillMetrics,
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
    ActionRecord,
    CorrectionRecord,
    ExpectedStatus,
    NoteRecord,
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
from app.export.layer.placeholders import MARK
from app.export.text import cn_date
from app.findings.links import element_label
from app.findings.ops import is_carried
from app.i18n import T
from app.model.drill import Drill, EvalMethod, Finding, FindingStatus, MarkLevel, Role
from app.model.problems import Severity
from app.progress import Progress, Steps

SMALL: dict[str, Any] = {"text_role": "table_text_small", "head_role": "table_head_small"}


@dataclass(frozen=True)
class Event:
    scn: float  # scenario seconds
    kind: str
    text: str
    who: str = ""


def _short(text: str, limit: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


# --- names, never ids ---------------------------------------------------------------------


def inject_name(drill: Drill | None, ident: str | None, added: dict[str, str] | None = None) -> str:
    """An inject as a reader knows it: its title (an untitled one by its first words)."""
    if not ident:
        return ""
    item = drill.inject(ident) if drill is not None else None
    if item is not None:
        return item.title or _short(item.text, 24) or "（无标题注入）"
    if added and ident in added:
        return added[ident]
    return "临时注入"


def person_name(drill: Drill, names: Names, ident: str | None) -> str:
    """Who acted: the person and their team; a placeholder name gives way to the team,
    the post or the organisation they stand for."""
    if not ident:
        return ""
    person = drill.participant(ident)
    if person is None:
        return names.unit(ident)
    team = names.unit(person.plays) if person.plays else (person.group or "")
    name = person.name or ""
    if not name or MARK.search(name):
        return team or person.org or str(person.role.zh)  # type: ignore[attr-defined]
    return f"{name}（{team}）" if team and team != name else name


def _added_titles(source: DrillSource) -> dict[str, str]:
    assert source.session is not None
    return {
        run.id: run.item.title or _short(run.item.text, 24) or "临时注入"
        for run in source.session.state.runs.values()
        if run.id not in {i.id for i in (*source.drill.script, *source.drill.library)}
    }


def note_text(drill: Drill, text: str) -> str:
    """A note as a reader reads it: the console's "未完成：…（e03a）" marker loses its id."""
    for _, ea in drill.expected_actions():
        marker = f"（{ea.id}）"
        if text.endswith(marker):
            return text[: -len(marker)]
    return text


def timeline(source: DrillSource, names: Names) -> list[Event]:
    """What actually happened, by scenario time, in the corrected view of the journal
    (retracted entries left out, backdated ones at their real time)."""
    assert source.session is not None
    state = source.session.state
    drill = source.session.drill
    added = _added_titles(source)
    actions = {a.seq: a for a in state.actions}
    notes = {n.seq: n for n in state.notes}
    delivered = {r.delivered_seq: r for r in state.runs.values() if r.delivered}
    findings = {f.id: f for f in state.findings}
    who = lambda ident: person_name(drill, names, ident)  # noqa: E731
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
            to = names.units(list(item.to)).replace("all", "全体参演人员")
            sender = item.from_ or "导调组"
            title = inject_name(drill, run.id, added)
            out.append(
                Event(
                    scn,
                    "下达注入",
                    f"{title}：{_short(item.text)}",
                    f"{sender}→{to}" if to else sender,
                )
            )
        elif kind == SKIP:
            reason = entry.get("reason")
            text = f"跳过“{inject_name(drill, entry.get('inject'), added)}”"
            out.append(Event(scn, "跳过注入", text + (f"（{reason}）" if reason else "")))
        elif kind == ACTION and entry.seq in actions:
            a = actions[entry.seq]
            chosen = names.decision(a.decision) if a.decision else ""
            parts = [a.text] if a.text and a.text not in (chosen, f"决策：{chosen}") else []
            if a.decision:
                parts.append(f"决策：{chosen}")
            if a.inject and not a.decision:
                parts.append(f"响应“{inject_name(drill, a.inject, added)}”")
            out.append(
                Event(a.scn, "决策" if a.decision else "处置行动", "；".join(parts), who(a.who))
            )
        elif kind == NOTE and entry.seq in notes:
            n = notes[entry.seq]
            out.append(Event(n.scn, "现场记录", note_text(drill, n.text), who(n.who)))
        elif kind == FINDING:
            data = entry.get("finding") or {}
            f = findings.get(data.get("id", "")) if isinstance(data, dict) else None
            if f is not None:
                out.append(Event(scn, "发现问题", f.text))
        elif kind == REOPEN:
            out.append(Event(scn, "记录恢复", "演练控制台重新打开记录，时钟暂停后继续"))
        elif kind == END:
            reason = entry.get("reason")
            out.append(Event(scn, "结束", "演练结束" + (f"（{reason}）" if reason else "")))
    return sorted(out, key=lambda e: e.scn)  # stable: journal order within a second


def all_findings(source: DrillSource) -> list[Finding]:
    """The drill file's findings, then those of the session not yet carried into it."""
    held = list(source.drill.findings)
    if source.session is None:
        return held
    return held + [f for f in source.session.state.findings if not is_carried(held, f)]


def _wall(iso: str | None) -> str:
    if not iso:
        return "—"
    day, _, time = iso.partition("T")
    try:
        y, m, d = (int(x) for x in day.split("-"))
    except ValueError:
        return iso
    return f"{y}年{m}月{d}日 {time[:5]}".strip()


def _level_zh(value: str | None) -> str:
    return str(MarkLevel(value).zh) if value else ""  # type: ignore[attr-defined]


def conclusion_text(ev: EvaluationResult, method: EvalMethod) -> str:
    """The conclusion by the rules of ``app.drill.evaluation`` (GB/T 46792-2025 annex D:
    a score or a choice-type conclusion; a veto; no verdict before the marks are all in)."""
    if ev.total == 0:
        return "本次演练未设评估项。"
    if not ev.complete:
        done = ev.marked + ev.skipped
        if done == 0:
            return f"评估结论：未完成评估。评估人员尚未评分（共 {ev.total} 个评估项）。"
        text = (
            f"评估结论：未完成评估。已评 {done}/{ev.total} 个评估项，"
            f"另有 {ev.left} 个评估项未评估，全部评定或说明不评估的理由后方可得出结论"
        )
        if ev.score is not None:
            text += f"（已评部分暂计加权得分 {ev.score:.1f} 分）"
        if ev.vetoed_by:
            text += f"；否决项{_quoted(ev.vetoed_names())}未达到合格线，评完后结论为不合格"
        return text + "。"
    if ev.score is None:
        return "评估结论：全部评估项均说明理由后未评估，无法得出结论。"
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
        line = f"合格线 {minutes_text(ev.pass_line)} 分" if ev.pass_line is not None else "合格线"
        text += (
            f"。否决项{_quoted(ev.vetoed_names())}未达到{line}，"
            f"按评估方案，任一否决项未达到即评为“{ev.grade}”，与总分无关"
        )
    if ev.skipped:
        text += f"。{ev.skipped} 个评估项说明理由后未评估，未计入得分"
    return text + "。"


def _quoted(items: list[str]) -> str:
    return "、".join(f"“{i}”" for i in items)


def lessons(
    m: DrillMetrics,
    names: Names,
    findings: list[Finding] | None = None,
    noted_missed: set[str] | frozenset[str] = frozenset(),
) -> tuple[list[str], list[str]]:
    """What went well and what did not, from what was recorded: actions done in time,
    late actions, actions noted as not done, findings. An expected action nobody
    recorded is not a lesson by itself (it shows in the tables as not recorded)."""
    drill = names.drill
    good: list[str] = []
    bad: list[str] = []
    c = m.counts
    total = c.get("done", 0) + c.get("late", 0) + c.get("missed", 0)
    if c.get("done", 0):
        good.append(f"{total} 项期望行动中 {c['done']} 项按时完成。")
    well = [
        f"{t.name}（{t.expected_done} 项）"
        for t in m.by_team
        if t.expected_done and not t.expected_late and not t.expected_missed
    ]
    if well:
        good.append(f"{'、'.join(well)}承担的期望行动全部按时完成。")
    ev = m.evaluation
    if ev is not None:
        achieved = [r.name for r in ev.criteria if r.met and r.reading == MarkLevel.ACHIEVED.value]
        if achieved:
            good.append(f"评定为达到的评估项 {len(achieved)} 项：{_quoted(achieved)}。")
    for e in m.expected:
        who = names.unit(e.by)
        who = f"{who}：" if who else ""
        title = inject_name(drill, e.inject)
        if e.status == ExpectedStatus.LATE.value:
            bad.append(
                f"{who}“{e.text}”超时完成：用时 {minutes_text(e.after_min)} 分钟，"
                f"时限 {minutes_text(e.within_min)} 分钟（注入“{title}”）。"
            )
        elif e.status == ExpectedStatus.MISSED.value and e.id in noted_missed:
            bad.append(f"{who}“{e.text}”经评估人员记录为未完成（注入“{title}”）。")
    if ev is not None:
        for r in ev.criteria:
            if r.met is False:
                bad.append(f"“{r.name}”评定为{_level_zh(r.level or r.reading)}，未达到合格线。")
    for f in findings or []:
        bad.append(f"{f.text}（{f.severity.zh}）。")  # type: ignore[attr-defined]
    return good, bad


def teams_to_train(
    m: DrillMetrics, names: Names, noted_missed: set[str] | frozenset[str]
) -> list[str]:
    """Teams with an action recorded late or noted as not done (not: nobody ticked it)."""
    out = []
    for e in m.expected:
        late = e.status == ExpectedStatus.LATE.value
        noted = e.status == ExpectedStatus.MISSED.value and e.id in noted_missed
        if (late or noted) and e.by:
            out.append(names.unit(e.by))
    return list(dict.fromkeys(out))


def finding_no(finding: Finding, findings: list[Finding]) -> str:
    """The number a document gives a finding: F3 → 3 (its place in the list otherwise);
    the F is the program's, the reader counts 问题1, 问题2."""
    match = re.fullmatch(r"[Ff](\d+)", finding.id)
    if match:
        return match.group(1)
    return str(next((k for k, f in enumerate(findings, 1) if f is finding), 0))


def recommendations(
    m: DrillMetrics,
    names: Names,
    findings: list[Finding],
    source: DrillSource,
    noted_missed: set[str] | frozenset[str] = frozenset(),
) -> list[str]:
    """Improvements for the evaluation report: the open findings, the plan steps still
    untested (the one count of ``DrillMetrics.untested``), the teams to train."""
    out: list[str] = []
    plan = source.plan
    for f in findings:
        if f.status is FindingStatus.CLOSED:
            continue
        where = element_label(plan, f.ref) if f.ref else ""
        who = f"，由{f.owner}负责" if f.owner else ""
        due = f"，{cn_date(f.due)}前完成" if f.due else ""
        target = f"（{where}）" if where else ""
        out.append(f"整改问题{finding_no(f, findings)}{target}：{f.text}{who}{due}。")
    untested = untested_sentence(m)
    if untested:
        out.append(untested + "，建议在后续演练中安排检验。")
    teams = teams_to_train(m, names, noted_missed)
    if teams:
        out.append(
            "针对"
            + "、".join(teams)
            + "组织预案和应急处置卡的专项培训，重点训练超时和未完成的处置行动。"
        )
    out.append(
        "按《生产安全事故应急预案管理办法》的规定，根据演练评估结果评估预案，必要时及时修订。"
    )
    return out


def untested_sentence(m: DrillMetrics) -> str:
    """ "本级响应的预案处置步骤中仍有 N 个未经演练检验（其中…）": every count of untested
    steps in the documents is this one."""
    if m.coverage is None or not m.untested:
        return ""
    by = m.untested_by_status()
    parts = [
        f"{label} {by[key]} 个"
        for key, label in (
            (MISSED, "演练中未记录完成"),
            (NOT_DELIVERED, "相关注入未下达"),
            (NOT_IN_DRILL, "未纳入本次演练"),
        )
        if by.get(key)
    ]
    return (
        f"本级响应的预案处置步骤中仍有 {len(m.untested)} 个未经演练检验（其中{'、'.join(parts)}）"
    )


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
        self.noted_missed = self._noted_missed()
        self.doc: GongwenDocument = new_document(options)
        self.outline = Outline(self.doc)
        self.findings = all_findings(source)
        self.report = ExportReport(path=None)
        self.added = _added_titles(source)
        self.ev = self.m.evaluation
        self.objectives = objective_results(self.drill, self.ev) if self.ev else []

    def _noted_missed(self) -> set[str]:
        out = set()
        for note in self.state.notes:
            run = self.state.runs.get(note.inject or "")
            if run is None:
                continue
            for ea in run.item.expected:
                if note.text.endswith(f"（{ea.id}）"):
                    out.add(ea.id)
        return out

    # -- helpers --

    def who(self, ident: str | None) -> str:
        return person_name(self.drill, self.names, ident)

    def inject(self, ident: str | None) -> str:
        return inject_name(self.drill, ident, self.added)

    def analysis(self, topic: str, lead: str = "评估组意见：") -> bool:
        record = self.state.analysis.get(topic)
        if record is None:
            return False
        lines = [line.strip() for line in record.text.splitlines() if line.strip()]
        if not lines:
            return False
        self.doc.paragraph(f"{lead}{lines[0]}", "body")
        for line in lines[1:]:
            self.doc.paragraph(line, "body")
        return True

    def evaluators(self) -> list[str]:
        out = []
        for p in self.drill.participants:
            if p.role is Role.EVALUATOR:
                name = p.name if p.name and not MARK.search(p.name) else ""
                out.append(f"{name}（{p.org}）" if name and p.org else name or p.org or "评估人员")
        return list(dict.fromkeys(out))

    # -- pieces shared by both documents --

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
        facts_table(
            self.doc,
            [
                ("演练名称", meta.title),
                (
                    "演练形式",
                    f"{meta.form.zh}、{meta.scope.zh}、{meta.purpose.zh}"  # type: ignore[attr-defined]
                    + f"，{meta.mode.zh}"  # type: ignore[attr-defined]
                    + ("（双盲）" if meta.blind else ""),
                ),
                ("检验的预案", plan),
                ("响应级别", self.names.level(meta.level)),
                ("计划时间", date_text(meta.date, meta.start)),
                ("实际起止", f"{_wall(m.started)} 至 {_wall(m.ended)}" if m.started else ""),
                ("用时", f"情景时间 {clock(m.scenario_min)}，实际用时 {real}"),
                ("地点", meta.place or ""),
                ("组织单位", meta.organiser or ""),
                ("参演人员", roles),
                ("演练记录", state),
            ],
        )

    def objectives_list(self) -> None:
        meta = self.drill.meta
        if meta.objectives:
            self.doc.paragraph("演练目标：", "body")
            numbered(self.doc, [o.text for o in meta.objectives])

    def timeline(self, *, full: bool) -> None:
        events = timeline(self.source, self.names)
        if not full:
            events = [e for e in events if e.kind in ("开始", "下达注入", "决策", "结束")]
        self.doc.paragraph(
            "以下按情景时间列出"
            + ("演练记录中的全部事项（已按更正记录更正）。" if full else "注入和决策等主要事项。"),
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
        mean = m.mean_response_min
        skipped = [i for i in m.injects if i.skipped]
        pending = [i for i in m.injects if not i.delivered and not i.skipped]
        text = f"共下达注入 {len(delivered)} 条"
        if mean is not None:
            text += f"，平均首次响应用时 {minutes_text(mean)} 分钟"
        unanswered = [i for i in delivered if i.first_action_min is None]
        if unanswered:
            text += f"，其中 {len(unanswered)} 条没有记录到响应"
        if skipped:
            text += f"；跳过 {len(skipped)} 条"
        if pending:
            text += f"；未下达 {len(pending)} 条（含未触发的决策分支）"
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
                        self.inject(i.id),
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
        ongoing = c.get("open", 0) + c.get("overdue", 0)
        text = (
            f"按时完成 {c.get('done', 0)} 项，超时完成 {c.get('late', 0)} 项，"
            f"未完成 {c.get('missed', 0)} 项"
        )
        if ongoing:
            text += f"，进行中 {ongoing} 项"
        if c.get("not_delivered", 0):
            text += f"；另有 {c['not_delivered']} 项因注入未下达不计"
        noted = len(self.noted_missed & {e.id for e in m.expected})
        if c.get("missed", 0):
            text += f"。未完成的 {c['missed']} 项中，评估人员记录为未完成的 {noted} 项，其余没有完成记录"
        self.doc.paragraph(
            text + "。时限和实际用时以分钟计，按各项的起算点（注入下达、事故发生或前序行动）起算。",
            "body",
        )
        shown = [e for e in m.expected if e.status != ExpectedStatus.NOT_DELIVERED.value]
        if shown:
            self.doc.keep_with_next()
            self.doc.table(
                [
                    Column("注入", 1.6),
                    Column("期望行动", 4.4),
                    Column("执行方", 1.8),
                    Column("时限", 0.9, "center"),
                    Column("实际用时", 1.1, "center"),
                    Column("结果", 1.4, "center"),
                ],
                [
                    [
                        self.inject(e.inject),
                        e.text,
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
        if m.coverage is None:
            self.doc.paragraph("演练记录中没有预案的处置程序，未统计预案步骤的检验情况。", "body")
            return
        in_scope = [s for s in m.steps if s.status != OUT_OF_SCOPE]
        out = sum(s.status == OUT_OF_SCOPE for s in m.steps)
        text = (
            f"本级响应的预案处置步骤共 {m.steps_in_scope} 个，已检验 {m.steps_exercised} 个"
            f"（{m.coverage:.0%}），未检验 {len(m.untested)} 个"
        )
        if m.untested:
            text = f"{text}。{untested_sentence(m).removeprefix('本级响应的预案处置步骤中')}"
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
                        (s.procedure_title or "—")
                        if k == 0 or in_scope[k - 1].procedure != s.procedure
                        else "",
                        self._step_no(s.id),
                        s.action or "—",
                        self.names.unit(s.actor),
                        STEP_LABELS[s.status].zh if s.status != MISSED else "未记录完成",
                    ]
                    for k, s in enumerate(in_scope)
                ],
                **SMALL,
            )
            merge_down(tbl, 0)

    def _step_no(self, step_id: str) -> str:
        plan = self.session.plan or self.source.plan
        if plan is not None:
            for proc in plan.procedures:
                for i, step in enumerate(proc.steps, 1):
                    if step.id == step_id:
                        return str(i)
        return "—"

    def verdict_table(self) -> None:
        ev = self.ev
        if ev is None or ev.total == 0:
            return
        choice = self.drill.evaluation.method is EvalMethod.CHOICE
        self.doc.keep_with_next()
        self.doc.table(
            [
                Column("评估项", 4.2),
                Column("权重", 0.8, "center"),
                Column("否决项", 0.9, "center"),
                Column("评定" if choice else "得分", 1.5, "center"),
                Column("达到合格线", 1.2, "center"),
                Column("评估人员", 1.6),
                Column("说明", 2.4),
            ],
            [
                [
                    r.name,
                    minutes_text(r.weight),
                    "是" if r.key else "",
                    self._mark_text(r.level, r.score, r.skipped),
                    "" if r.met is None else ("是" if r.met else "否"),
                    self.who(r.by),
                    (f"不评估：{r.skipped}" if r.skipped else r.note or "")
                    + ("（否决项未达到）" if r.failed_key else ""),
                ]
                for r in ev.criteria
            ],
            **SMALL,
        )

    @staticmethod
    def _mark_text(level: str | None, score: float | None, skipped: str | None) -> str:
        if skipped:
            return "不评估"
        if score is None:
            return "未评估"
        if level:
            return f"{_level_zh(level)}（{minutes_text(score)}）"
        return minutes_text(score)

    def findings_table(self) -> None:
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
                Column("序号", 0.7, "center"),
                Column("问题描述", 3.4),
                Column("严重程度", 1.3, "center"),
                Column("涉及预案内容", 2.7),
                Column("责任人", 1.4),
                Column("整改期限", 1.8, "center"),
                Column("状态", 1.3, "center"),
            ],
            [
                [
                    finding_no(f, self.findings),
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

    def corrections(self) -> None:
        fixes = self.state.corrections
        if not fixes:
            return
        self.outline.h1("演练记录的更正")
        self.doc.paragraph(
            f"演练记录共更正 {sum(not c.retract for c in fixes)} 处、撤回 "
            f"{sum(c.retract for c in fixes)} 处。原记录保留在演练记录中，本报告按更正后的记录统计。",
            "body",
        )
        self.doc.keep_with_next()
        self.doc.table(
            [
                Column("更正时间", 1.3, "center"),
                Column("原记录", 4),
                Column("更正为", 4),
                Column("理由", 2.4),
            ],
            [
                [clock(c.scn / 60.0), self._record_text(c.before), self._after_text(c), c.reason]
                for c in fixes
            ],
            **SMALL,
        )

    def _record_text(self, record: ActionRecord | NoteRecord) -> str:
        parts = [clock(record.scn / 60.0)]
        if record.who:
            parts.append(self.who(record.who))
        parts.append(note_text(self.drill, record.text) or "（决策）")
        if record.inject:
            parts.append(f"（注入“{self.inject(record.inject)}”）")
        return " ".join(parts)

    def _after_text(self, c: CorrectionRecord) -> str:
        if c.after is None:
            return "撤回"
        return self._record_text(c.after)


# --- the evaluation report ------------------------------------------------------------------


def _evaluation_report(r: _Report, steps: Steps) -> None:
    doc, m, ev = r.doc, r.m, r.ev
    doc.paragraph(
        "本报告由评估组根据演练记录、观察记录和评分，按照《突发事件应急演练评估指南》"
        "（GB/T 46792—2025）和《生产安全事故应急演练评估规范》（YJ/T 9009—2015，原 AQ/T 9009—2015）"
        "编写，对演练的组织和实施、目标实现、参演人员表现和暴露的问题作出评价。",
        "body",
    )
    steps.step(T("基本情况", "Basic facts"))
    r.outline.h1("演练基本情况")
    r.facts()
    r.objectives_list()

    r.outline.h1("评估工作情况")
    evaluators = r.evaluators()
    if evaluators:
        doc.paragraph(f"评估组成员：{'、'.join(evaluators)}。", "body")
    method = r.drill.evaluation
    table = method.level_scores
    grades = "、".join(f"{g.name}（{minutes_text(g.min_score)} 分及以上）" for g in method.grades)
    rule = (
        f"评估方式为{method.method.zh}，按评估方案共 {ev.total if ev else 0} 个评估项"  # type: ignore[attr-defined]
        f"（否决项 {sum(c.key for c in method.criteria)} 个）。选择项按“达到 {minutes_text(table.achieved)} 分、"
        f"部分达到 {minutes_text(table.partly)} 分、未达到 {minutes_text(table.not_achieved)} 分”折算，"
        f"按权重加权得出总分；结论等级为{grades}。"
        f"任一否决项未达到合格线即评为不合格；全部评估项评定或说明理由不评估之前不作结论。"
    )
    doc.paragraph(rule, "body")

    steps.step(T("时间线", "Timeline"))
    r.outline.h1("演练组织和实施情况")
    if not r.analysis(ORGANISATION):
        c = m.counts
        doc.paragraph(
            f"演练于{_wall(m.started)}开始，{_wall(m.ended) if m.ended else '尚未结束'}"
            f"{'结束' if m.ended else ''}，情景时间 {clock(m.scenario_min)}；"
            f"下达注入 {sum(i.delivered for i in m.injects)} 条，期望行动按时完成 {c.get('done', 0)} 项、"
            f"超时完成 {c.get('late', 0)} 项。",
            "body",
        )
    r.outline.h2("演练过程时间线")
    r.timeline(full=True)
    r.chart()
    steps.step(T("响应时间", "Response times"))
    r.outline.h2("注入响应情况")
    r.responses()
    r.outline.h2("期望行动完成情况")
    r.expected()
    steps.step(T("预案检验", "Plan steps"))
    r.outline.h2("预案检验情况")
    r.steps()

    steps.step(T("目标实现", "Objectives"))
    r.outline.h1("演练目标实现情况")
    if not r.objectives:
        doc.paragraph("演练方案未列演练目标。", "body")
    for n, o in enumerate(r.objectives, 1):
        r.outline.h2(f"目标{n}：{_short(o.text, 40)}")
        if o.criteria:
            marks = "；".join(
                f"“{c.name}”{r._mark_text(c.level, c.score, c.skipped)}" for c in o.criteria
            )
            judged = o.judgment()
            text = f"对应评估项 {len(o.criteria)} 个：{marks}。判定：{judged}"
            if o.score is not None and o.complete:
                text += f"（加权 {minutes_text(o.score)} 分）"
            if o.vetoed:
                names = [c.name for c in o.criteria if c.id in o.vetoed]
                text += f"；其中否决项{_quoted(names)}未达到合格线"
            doc.paragraph(text + "。", "body")
        else:
            doc.paragraph("评估方案中没有对应此目标的评估项。", "body")
        r.analysis(OBJECTIVE + o.id)

    steps.step(T("参演人员表现", "Performance"))
    r.outline.h1("参演人员表现")
    teams = [
        t for t in m.by_team if t.actions or t.expected_done or t.expected_late or t.expected_missed
    ]
    if teams:
        doc.keep_with_next()
        doc.table(
            [
                Column("参演队伍/工作组", 3),
                Column("行动", 0.9, "center"),
                Column("决策", 0.9, "center"),
                Column("按时完成", 1.1, "center"),
                Column("超时完成", 1.1, "center"),
                Column("未完成", 1.1, "center"),
            ],
            [
                [
                    t.name,
                    str(t.actions),
                    str(t.decisions),
                    str(t.expected_done),
                    str(t.expected_late),
                    str(t.expected_missed),
                ]
                for t in teams
            ],
            **SMALL,
        )
    r.analysis(PERFORMANCE)

    steps.step(T("发现的问题", "Findings"))
    r.outline.h1("暴露的问题")
    r.analysis(PROBLEMS)
    r.findings_table()
    notes = [n for n in r.state.notes if n.text]
    if notes:
        doc.paragraph("评估人员现场观察记录：", "body")
        numbered(
            doc,
            [
                f"{clock(n.scn / 60.0)} {note_text(r.drill, n.text)}"
                + (f"（{r.who(n.who)}）" if n.who else "")
                for n in notes
            ],
        )

    steps.step(T("评估结论", "Evaluation"))
    r.outline.h1("评估结论")
    doc.paragraph(conclusion_text(ev, method.method) if ev else "本次演练未设评估项。", "body")
    r.verdict_table()

    steps.step(T("经验教训与建议", "Lessons and recommendations"))
    good, bad = lessons(m, r.names, r.findings, r.noted_missed)
    r.outline.h1("经验和教训")
    r.outline.h2("经验")
    wrote = r.analysis(EXPERIENCE, "")
    if not numbered(doc, good) and not wrote:
        doc.paragraph("演练记录中没有按时完成的期望行动或评定为达到的评估项。", "body")
    r.outline.h2("教训")
    if not numbered(doc, bad):
        doc.paragraph("演练记录和评估中没有记录超时、未完成或发现的问题。", "body")
    r.outline.h1("改进建议")
    r.analysis(RECOMMENDATIONS, "")
    numbered(doc, recommendations(m, r.names, r.findings, r.source, r.noted_missed))
    r.corrections()
    signature(doc, "评估组组长")


# --- the summary report -------------------------------------------------------------------------


def _summary_report(r: _Report, steps: Steps) -> None:
    doc, meta, m, ev = r.doc, r.drill.meta, r.m, r.ev
    doc.paragraph(
        f"{meta.organiser or '本单位'}组织开展了{meta.title}。现将演练的准备、组织实施、评估结论、"
        "发现的问题及整改安排总结如下，并对本单位应急管理工作提出建议。",
        "body",
    )
    steps.step(T("基本情况", "Basic facts"))
    r.outline.h1("演练概况")
    r.facts()
    if meta.scenario:
        doc.paragraph("情景概要：", "body")
        body(doc, meta.scenario)

    r.outline.h1("演练准备情况")
    prepared = ["演练工作方案"]
    if r.drill.script:
        prepared.append(f"演练脚本（注入 {len(r.drill.script)} 条）")
    if r.drill.library:
        prepared.append(f"情景卡库（{len(r.drill.library)} 张）")
    if r.drill.evaluation.criteria:
        keys = sum(c.key for c in r.drill.evaluation.criteria)
        prepared.append(
            f"演练评估方案（评估项 {len(r.drill.evaluation.criteria)} 个，其中否决项 {keys} 个）"
        )
    doc.paragraph(f"演练前编制了{'、'.join(prepared)}。", "body")
    teams = sorted({r.names.unit(p.plays) for p in r.drill.participants if p.plays} - {""})
    staff = Counter(p.role for p in r.drill.participants if p.role.is_staff)
    roles = "、".join(f"{role.zh}{n}人" for role, n in staff.items())  # type: ignore[attr-defined]
    if teams:
        doc.paragraph(f"参演队伍和工作组：{'、'.join(teams)}。", "body")
    if roles:
        doc.paragraph(f"演练组织人员：{roles}。", "body")
    plan = r.source.plan.meta.title if r.source.plan else (m.plan_title or "")
    if plan:
        level = r.names.level(meta.level)
        doc.paragraph(
            f"演练检验《{plan}》" + (f"的{level}响应程序" if level else "") + "。", "body"
        )

    steps.step(T("时间线", "Timeline"))
    r.outline.h1("演练组织实施情况")
    delivered = [i for i in m.injects if i.delivered]
    decisions = [a for a in r.state.actions if a.decision]
    text = (
        f"演练于{_wall(m.started)}开始，{_wall(m.ended) + '结束' if m.ended else '尚未结束'}，"
        f"情景时间 {clock(m.scenario_min)}。导调组共下达注入 {len(delivered)} 条："
        + "、".join(f"“{r.inject(i.id)}”" for i in delivered)
        + "。"
    )
    if decisions:
        text += (
            "指挥部作出的主要决策："
            + "；".join(
                f"{clock(a.scn / 60.0)} {r.names.decision(a.decision or '')}" for a in decisions
            )
            + "。"
        )
    doc.paragraph(text, "body")
    r.analysis(ORGANISATION, "评估组对组织实施的评价：")
    r.outline.h2("主要事项")
    r.timeline(full=False)

    steps.step(T("评估结论", "Evaluation"))
    r.outline.h1("演练评估情况")
    doc.paragraph(
        f"评估组按演练评估方案对本次演练进行了评估，详见《{meta.title}演练评估报告》。"
        + (conclusion_text(ev, r.drill.evaluation.method) if ev else ""),
        "body",
    )
    if r.objectives:
        doc.paragraph("演练目标实现情况：", "body")
        numbered(doc, [f"{o.text}：{o.judgment()}。" for o in r.objectives])

    steps.step(T("发现的问题", "Findings"))
    r.outline.h1("发现的问题及整改计划")
    r.findings_table()

    steps.step(T("经验教训与建议", "Lessons and recommendations"))
    r.outline.h1("经验和教训")
    wrote = r.analysis(EXPERIENCE, "经验：")
    c = m.counts
    total = c.get("done", 0) + c.get("late", 0) + c.get("missed", 0)
    well = [
        t.name
        for t in m.by_team
        if t.expected_done and not t.expected_late and not t.expected_missed
    ]
    if total and not wrote:
        text = f"经验：期望行动 {total} 项中按时完成 {c.get('done', 0)} 项"
        if well:
            text += f"，{'、'.join(well)}承担的期望行动全部按时完成"
        doc.paragraph(text + "。", "body")
    late = [t.name for t in m.by_team if t.expected_late]
    problems = [f.text for f in r.findings]
    if late or problems:
        text = "教训："
        if late:
            text += f"{'、'.join(late)}有处置行动超出时限"
        if problems:
            text += ("；" if late else "") + f"演练暴露问题 {len(problems)} 项（见本报告第五部分）"
        doc.paragraph(text + "。", "body")
    r.outline.h1("对应急管理工作的建议")
    numbered(doc, _work_recommendations(r))
    signature(doc, "演练组织单位负责人")


def _work_recommendations(r: _Report) -> list[str]:
    """Recommendations to the unit's emergency work (not the evaluation's item list)."""
    m, plan = r.m, r.source.plan
    out: list[str] = []
    refs = [f for f in r.findings if f.ref and f.status is not FindingStatus.CLOSED]
    if refs:
        places = "、".join(dict.fromkeys(element_label(plan, f.ref) for f in refs))
        out.append(
            f"修订应急预案：针对演练发现的问题，修订{places}，修订后按规定评审、公布和备案。"
        )
    teams = teams_to_train(m, r.names, r.noted_missed)
    if teams:
        out.append(
            f"加强培训：组织{'、'.join(teams)}学习预案和应急处置卡，开展针对性的单项演练，提高处置时效。"
        )
    weak = [o.text for o in r.objectives if o.level is not None and o.met is False]
    if weak:
        out.append(f"下次演练重点检验：{'；'.join(weak)}。")
    untested = untested_sentence(m)
    if untested:
        out.append(f"完善演练计划：{untested}，纳入年度演练计划。")
    serious = [
        f
        for f in r.findings
        if f.severity.value == "serious" and f.status is not FindingStatus.CLOSED
    ]
    if serious:
        out.append(
            f"落实整改责任：严重问题 {len(serious)} 项须明确责任人和期限，整改完成后组织复查。"
        )
    out.append("演练工作方案、脚本、评估报告、总结报告和演练记录整理归档，并按规定报送。")
    return out


def build_report(
    kind: DrillDoc, source: DrillSource, options: DocOptions, progress: Progress | None
) -> tuple[bytes, ExportReport]:
    r = _Report(kind, source, options)
    meta = r.drill.meta
    steps = Steps(progress, 10)
    doc = r.doc
    doc.set_properties(
        title=f"{meta.title}{kind.title}", author=meta.organiser or "", subject=kind.title
    )
    steps.step(T("封面", "Cover"))
    by = meta.organiser or ""
    if kind is DrillDoc.REPORT:
        evaluators = [p.org for p in r.drill.participants if p.role is Role.EVALUATOR and p.org]
        by = "评估组" + (f"（{'、'.join(dict.fromkeys(evaluators))}）" if evaluators else "")
    ended = _wall(r.m.ended).split(" ")[0] if r.m.ended else cn_date(meta.date)
    cover(doc, meta.title, kind.title, [by, ended], mark=CONFIDENTIAL if meta.blind else None)
    doc.paragraph(f"{meta.title}{kind.title}", "title")
    if kind is DrillDoc.REPORT:
        _evaluation_report(r, steps)
    else:
        _summary_report(r, steps)
    steps.step(T("生成文件", "Writing the file"))
    r.report.count = len(r.m.injects)
    return doc.to_bytes(), r.report


__all__ = [
    "Event",
    "all_findings",
    "build_report",
    "conclusion_text",
    "inject_name",
    "lessons",
    "note_text",
    "person_name",
    "recommendations",
    "timeline",
    "untested_sentence",
]
