"""The drill schema (``plandrill/drill@1``, files named ``*.drill.yaml``).

A drill file describes one exercise of a plan: what it is (meta), who takes part
(participants and their roles), what the control group will inject (``script`` for a
scripted drill, ``library`` cards for a scriptless one), how it is evaluated
(``evaluation``) and what it found (``findings``, used by the improvement loop).

Shape only, like ``app.model.plan``. Semantic rules (unique ids, references between
injects, references into the linked plan) live in ``app.checks.drills``. The running
of a drill lives in ``app.drill``; a session is recorded in a journal next to the file
(``app.storage.journal``), never in the drill file itself.

Id namespaces (each must be unique within the drill):

* injects and library cards share one namespace (follow-ups and triggers name either);
* expected actions, decision options, criteria, objectives, participants, findings
  each have their own.

Time is in minutes of *scenario* time from the start of the drill (``at_min``); a
drill may run compressed (scenario time ×N), so minutes here are never wall minutes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Final, Literal

from pydantic import Field

from app.model.base import MAX_MINUTES, Date, Id, LabeledEnum, Model, Text
from app.model.plan import F, Plan, Step

DRILL_SCHEMA: Final = "plandrill/drill@1"


# --- enumerations --------------------------------------------------------------------


class DrillForm(LabeledEnum):
    TABLETOP = ("tabletop", "桌面演练", "Tabletop")
    LIVE = ("live", "实战演练", "Live (functional)")


class DrillScope(LabeledEnum):
    SINGLE = ("single", "单项演练", "Single-function")
    COMPREHENSIVE = ("comprehensive", "综合演练", "Comprehensive")


class DrillPurpose(LabeledEnum):
    TEST = ("test", "检验性演练", "Testing")
    DEMONSTRATION = ("demonstration", "示范性演练", "Demonstration")
    RESEARCH = ("research", "研究性演练", "Research")


class DrillMode(LabeledEnum):
    SCRIPTED = ("scripted", "有脚本", "Scripted")
    SCRIPTLESS = ("scriptless", "无脚本", "Scriptless")


class Role(LabeledEnum):
    """Drill roles (2009 guide and practice): who steers, who plays, who watches."""

    COMMANDER = ("commander", "总指挥", "Drill commander")
    DIRECTOR = ("director", "总策划/导调", "Exercise director")
    CONTROLLER = ("controller", "控制人员", "Controller")
    EVALUATOR = ("evaluator", "评估人员", "Evaluator")
    PLAYER = ("player", "参演人员", "Player")
    SIMULATOR = ("simulator", "模拟人员", "Simulator")
    OBSERVER = ("observer", "观摩人员", "Observer")

    @property
    def is_staff(self) -> bool:
        """Staff see the script; players and observers must not (double-blind)."""
        return self in (Role.COMMANDER, Role.DIRECTOR, Role.CONTROLLER, Role.EVALUATOR)


class Channel(LabeledEnum):
    PHONE = ("phone", "电话", "Phone")
    RADIO = ("radio", "对讲机", "Radio")
    WRITTEN = ("written", "书面", "Written")
    ORAL = ("oral", "口头", "Oral")
    BROADCAST = ("broadcast", "广播", "Broadcast")
    MESSAGE = ("message", "短信/即时消息", "Text message")
    VIDEO = ("video", "视频", "Video")
    SYSTEM = ("system", "信息系统", "Information system")
    OTHER = ("other", "其他", "Other")


class CardSeverity(LabeledEnum):
    """Severity of a library card, on the scale of Chinese event grading."""

    MINOR = ("minor", "一般", "Minor")
    MODERATE = ("moderate", "较大", "Moderate")
    MAJOR = ("major", "重大", "Major")
    SEVERE = ("severe", "特别重大", "Severe")

    @property
    def rank(self) -> int:
        return list(CardSeverity).index(self)


class EvalMethod(LabeledEnum):
    """How evaluators mark each criterion (GB/T 46792-2025 annex D offers both)."""

    SCORE = ("score", "评分（0–100）", "Score (0–100)")
    CHOICE = ("choice", "选择项（达到/部分达到/未达到）", "Choice (achieved/partly/not)")


class MarkLevel(LabeledEnum):
    ACHIEVED = ("achieved", "达到", "Achieved")
    PARTLY = ("partly", "部分达到", "Partly achieved")
    NOT_ACHIEVED = ("not_achieved", "未达到", "Not achieved")


class FindingSeverity(LabeledEnum):
    SERIOUS = ("serious", "严重问题", "Serious")
    GENERAL = ("general", "一般问题", "General")
    SUGGESTION = ("suggestion", "改进建议", "Suggestion")


class FindingStatus(LabeledEnum):
    OPEN = ("open", "待整改", "Open")
    IN_PROGRESS = ("in_progress", "整改中", "In progress")
    CLOSED = ("closed", "已完成", "Closed")


# --- meta and people ---------------------------------------------------------------------


class Objective(Model):
    id: Id = F("编号", "Id", ...)
    text: Text = F("演练目标", "Objective", "")


class DrillMeta(Model):
    title: Text = F("演练名称", "Drill title", "")
    form: DrillForm = F("演练形式", "Form", DrillForm.TABLETOP)
    scope: DrillScope = F("演练内容", "Scope", DrillScope.COMPREHENSIVE)
    purpose: DrillPurpose = F("演练目的", "Purpose", DrillPurpose.TEST)
    mode: DrillMode = F("组织方式", "Mode", DrillMode.SCRIPTED)
    blind: bool = F("双盲", "Double-blind", False)
    plan: Text | None = F("检验的预案", "Plan exercised (path relative to this file)")
    level: Id | None = F("响应级别", "Response level exercised")
    date: Date | None = F("日期", "Date")
    start: Text | None = F("开始时间", "Start time")
    place: Text | None = F("地点", "Place")
    duration_min: int | None = F("计划时长（分钟）", "Planned duration (min)", ge=0, le=MAX_MINUTES)
    organiser: Text | None = F("组织单位", "Organiser")
    scenario: str = F("情景概要", "Scenario summary", "")
    objectives: list[Objective] = F("演练目标", "Objectives", default_factory=list)
    speed: float = F("时间压缩倍数", "Time compression (×)", 1.0, gt=0, le=100)
    seed: int | None = F("抽取种子", "Draw seed")


class Participant(Model):
    id: Id = F("编号", "Id", ...)
    name: Text = F("姓名", "Name", "")
    org: Text | None = F("单位/部门", "Organisation")
    role: Role = F("演练角色", "Drill role", Role.PLAYER)
    plays: Id | None = F("扮演的工作组", "Plays (plan org unit)")
    group: Text | None = F("所在小组", "Group")
    phone: Text | None = F("联系电话", "Phone")


# --- injects ----------------------------------------------------------------------------


class ClockFrom(LabeledEnum):
    """Where an expected action's time limit counts from (issue 18 item 6).

    The accident regulation's report clocks count from the accident itself, i.e. the
    scenario's T0, not from the inject that prompts the report (domain-cn.md, "Report
    clocks, 生产安全事故报告和调查处理条例", Art. 9 and 11).
    """

    INJECT = ("inject", "自注入送达起", "From the inject")
    T0 = ("t0", "自事故发生（T0）起", "From the accident (T0)")
    ACTION = ("action", "自另一行动完成起", "From another action")


class ExpectedAction(Model):
    id: Id = F("编号", "Id", ...)
    text: Text = F("期望行动", "Expected action", "")
    by: Text | None = F("执行方", "Expected from (org unit or group)")
    steps: list[Id] = F("对应处置步骤", "Plan steps", default_factory=list)
    within_min: float | None = F("时限（分钟）", "Time limit (min)", ge=0, le=MAX_MINUTES)
    clock_from: ClockFrom = F("时限起算", "Limit counts from", ClockFrom.INJECT)
    clock_after: Id | None = F("起算行动", "Counts from action (expected action id)")
    report_items: list[Text] = F(
        "报告应含要素", "Items the report must contain", default_factory=list
    )


class Decision(Model):
    """A decision players may take in answer to an inject; follow-ups branch on it."""

    id: Id = F("编号", "Id", ...)
    text: Text = F("决策", "Decision", "")


class FollowUp(Model):
    decision: Id = F("当决策为", "On decision", ...)
    inject: Id = F("则注入", "Then inject", ...)
    delay_min: float = F("延迟（分钟）", "Delay (min)", 0.0, ge=0, le=MAX_MINUTES)


class Trigger(Model):
    """Fire ``delay_min`` after another inject was delivered, or after a decision."""

    after: Id | None = F("在此注入之后", "After inject")
    decision: Id | None = F("在此决策之后", "After decision")
    delay_min: float = F("延迟（分钟）", "Delay (min)", 0.0, ge=0, le=MAX_MINUTES)


class InjectBase(Model):
    id: Id = F("编号", "Id", ...)
    title: Text = F("标题", "Title", "")
    from_: Text | None = Field(
        None, alias="from", title="发送方", json_schema_extra={"title_en": "From"}
    )
    to: list[Text] = F("接收方", "To", default_factory=list)
    channel: Channel = F("方式", "Channel", Channel.ORAL)
    text: str = F("内容", "Text", "")
    attachments: list[Text] = F("附件图片", "Attachments", default_factory=list)
    expected: list[ExpectedAction] = F("期望行动", "Expected actions", default_factory=list)
    decisions: list[Decision] = F("可选决策", "Decision options", default_factory=list)
    follow_ups: list[FollowUp] = F("后续注入", "Follow-ups", default_factory=list)
    evaluation_points: list[Text] = F("评估要点", "Evaluation points", default_factory=list)
    criteria: list[Id] = F("评估项", "Criteria", default_factory=list)
    note: str = F("导调说明", "Controller note", "")


class Inject(InjectBase):
    at_min: float | None = F("计划时间（分钟）", "Planned at (min)", ge=0, le=MAX_MINUTES)
    trigger: Trigger | None = F("触发条件", "Trigger")


class Precondition(Model):
    """Met when a card of ``category`` or the inject ``inject`` has been delivered.

    Within one precondition the two are alternatives; a card's preconditions must all
    be met.
    """

    category: Text | None = F("在此类别之后", "After a card of category")
    inject: Id | None = F("在此注入之后", "After inject")


class Card(InjectBase):
    category: Text = F("类别", "Category", "")
    severity: CardSeverity = F("严重程度", "Severity", CardSeverity.MODERATE)
    preconditions: list[Precondition] = F("前提条件", "Preconditions", default_factory=list)
    weight: float = F("抽取权重", "Draw weight", 1.0, gt=0)


# --- evaluation and findings ---------------------------------------------------------


class Criterion(Model):
    id: Id = F("编号", "Id", ...)
    text: Text = F("评估内容", "Criterion", "")
    category: Text | None = F("评估类别", "Category")
    weight: float = F("权重", "Weight", 1.0, ge=0)
    key: bool = F("否决项", "Key (veto) item", False)
    objective: Id | None = F("对应目标", "Objective")
    steps: list[Id] = F("对应处置步骤", "Plan steps", default_factory=list)


class Grade(Model):
    name: Text = F("等级", "Grade", ...)
    min_score: float = F("最低分", "Minimum score", ..., ge=0, le=100)
    passed: bool = F("是否合格", "Passing", True)


def default_grades() -> list[Grade]:
    return [
        Grade(name="优秀", min_score=90),
        Grade(name="良好", min_score=80),
        Grade(name="合格", min_score=60),
        Grade(name="不合格", min_score=0, passed=False),
    ]


class LevelScores(Model):
    achieved: float = F("达到", "Achieved", 100.0, ge=0, le=100)
    partly: float = F("部分达到", "Partly achieved", 60.0, ge=0, le=100)
    not_achieved: float = F("未达到", "Not achieved", 0.0, ge=0, le=100)

    def score(self, level: MarkLevel) -> float:
        return float(getattr(self, level.value))


class Evaluation(Model):
    method: EvalMethod = F("评估方式", "Method", EvalMethod.SCORE)
    criteria: list[Criterion] = F("评估项", "Criteria", default_factory=list)
    grades: list[Grade] = F("结论等级", "Grades", default_factory=default_grades)
    level_scores: LevelScores = F(
        "选择项折算分", "Scores of choice levels", default_factory=LevelScores
    )


class Finding(Model):
    id: Id = F("编号", "Id", ...)
    text: Text = F("问题描述", "Finding", "")
    severity: FindingSeverity = F("严重程度", "Severity", FindingSeverity.GENERAL)
    owner: Text | None = F("整改责任人", "Owner")
    due: Date | None = F("整改期限", "Due")
    status: FindingStatus = F("整改状态", "Status", FindingStatus.OPEN)
    ref: Text | None = F("涉及预案内容", "Plan element")
    inject: Id | None = F("相关注入", "Inject")
    criterion: Id | None = F("相关评估项", "Criterion")
    session: Text | None = F("来自演练记录", "From session")
    # A digest of the plan element ``ref`` names, as it read when the problem was found:
    # closing the finding into a revision is allowed only once the element has changed.
    baseline: Text | None = F("发现时预案内容摘要", "Plan element digest when found")


# --- the drill -----------------------------------------------------------------------------


class Drill(Model):
    schema_: Literal["plandrill/drill@1"] = Field(
        DRILL_SCHEMA, alias="schema", title="格式版本", json_schema_extra={"title_en": "Schema"}
    )
    meta: DrillMeta = F("基本信息", "Drill details", default_factory=DrillMeta)
    participants: list[Participant] = F("参演人员", "Participants", default_factory=list)
    script: list[Inject] = F("演练脚本", "Script", default_factory=list)
    library: list[Card] = F("情景卡库", "Inject library", default_factory=list)
    evaluation: Evaluation = F("评估", "Evaluation", default_factory=Evaluation)
    findings: list[Finding] = F("发现的问题", "Findings", default_factory=list)

    def inject(self, ident: str) -> Inject | Card | None:
        """A script inject or library card by id."""
        items: list[Inject | Card] = [*self.script, *self.library]
        for item in items:
            if item.id == ident:
                return item
        return None

    def participant(self, ident: str) -> Participant | None:
        return next((p for p in self.participants if p.id == ident), None)

    def criterion(self, ident: str) -> Criterion | None:
        return next((c for c in self.evaluation.criteria if c.id == ident), None)

    def expected_actions(self) -> list[tuple[InjectBase, ExpectedAction]]:
        return [(item, ea) for item in (*self.script, *self.library) for ea in item.expected]


# --- references into the plan -------------------------------------------------------------

# Registers a finding may point at, by the first part of its reference.
REF_REGISTERS = (
    "contacts",
    "levels",
    "warnings",
    "risks",
    "resources",
    "teams",
    "experts",
    "shelters",
)


def resolve_plan_ref(plan: Plan, ref: str) -> object | None:
    """The plan element a path-like reference names, or None.

    Forms: ``procedures/<proc>``, ``procedures/<proc>/steps/<step>``, ``steps/<step>``,
    ``sections/<id>`` (any depth), ``appendices/<id>``, ``organization/<unit>``,
    ``meta`` and ``<register>/<id>`` for contacts, levels, warnings, risks,
    resources, teams, experts, shelters.
    """
    from app.model.plan import walk_sections

    parts = [p for p in ref.strip().strip("/").split("/") if p]
    if not parts:
        return None
    head, rest = parts[0], parts[1:]
    if head == "meta" and not rest:
        return plan.meta
    if head == "procedures" and rest:
        proc = next((p for p in plan.procedures if p.id == rest[0]), None)
        if proc is None or len(rest) == 1:
            return proc
        if len(rest) == 3 and rest[1] == "steps":
            return next((s for s in proc.steps if s.id == rest[2]), None)
        return None
    if len(rest) != 1:
        return None
    ident = rest[0]
    if head == "steps":
        return plan_steps(plan).get(ident)
    if head in ("sections", "appendices"):
        return next((s for _, s, _ in walk_sections(getattr(plan, head)) if s.id == ident), None)
    if head == "organization":
        return next((u for u in plan.organization.units() if u.id == ident), None)
    if head in REF_REGISTERS:
        return next((row for row in getattr(plan, head) if row.id == ident), None)
    return None


def element_digest(plan: Plan, ref: str) -> str | None:
    """A short digest of the plan element ``ref`` names (None if the plan has none)."""
    element = resolve_plan_ref(plan, ref)
    if element is None:
        return None
    dump = getattr(element, "model_dump", None)
    data = dump(mode="json", by_alias=True) if dump else element
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def plan_steps(plan: Plan) -> dict[str, Step]:
    """Every procedure step of a plan by id (step ids are unique across procedures)."""
    return {s.id: s for proc in plan.procedures for s in proc.steps}


def step_ref(plan: Plan, step_id: str) -> str | None:
    """``procedures/<proc>/steps/<step>`` for a step id, the form findings use."""
    for proc in plan.procedures:
        for step in proc.steps:
            if step.id == step_id:
                return f"procedures/{proc.id}/steps/{step.id}"
    return None


__all__ = [
    "DRILL_SCHEMA",
    "Card",
    "CardSeverity",
    "Channel",
    "Criterion",
    "Decision",
    "Drill",
    "DrillForm",
    "DrillMeta",
    "DrillMode",
    "DrillPurpose",
    "DrillScope",
    "EvalMethod",
    "Evaluation",
    "ExpectedAction",
    "Finding",
    "FindingSeverity",
    "FindingStatus",
    "FollowUp",
    "Grade",
    "Inject",
    "InjectBase",
    "LevelScores",
    "MarkLevel",
    "Objective",
    "Participant",
    "Precondition",
    "Role",
    "Trigger",
    "default_grades",
    "plan_steps",
    "resolve_plan_ref",
    "step_ref",
]
