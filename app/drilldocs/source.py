"""What a drill document is built from: the drill, its plan, and a recorded session.

``prepare(kind, drill_path, session=…)`` loads everything a document needs and says
clearly what is missing: a report without any ended session, a journal of another
drill, a drill file with errors. The linked plan is optional (names of groups and
steps come from it; without it ids are shown and a warning is reported).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from app.drill.clock import format_clock
from app.drill.metrics import DrillMetrics, compute_metrics
from app.drill.session import Replay, replay
from app.export.errors import ExportError
from app.export.names import Names as DisplayNames
from app.export.parts import Lookup
from app.i18n import T
from app.model.drill import Drill, InjectBase, Role, plan_steps
from app.model.plan import Plan, Step
from app.model.problems import Problem, Severity
from app.storage.drills import list_sessions, load_drill, load_linked_plan
from app.storage.errors import LoadError

R = TypeVar("R")


class DrillDoc(StrEnum):
    """The drill documents, by the name the CLI uses (``--doc``)."""

    SCHEME = "scheme"
    SCRIPT = "script"
    SCRIPT_PARTICIPANT = "script-participant"
    EVALUATION_FORMS = "evaluation-forms"
    REPORT = "report"
    SUMMARY = "summary"
    TASK_CARDS = "task-cards"

    @property
    def title(self) -> str:
        return _TITLES[self][0]

    @property
    def label(self) -> T:
        return T(_TITLES[self][0], _TITLES[self][1])

    @property
    def needs_session(self) -> bool:
        """Built from a recorded session (the newest ended one by default)."""
        return self in (DrillDoc.REPORT, DrillDoc.SUMMARY)

    @property
    def takes_session(self) -> bool:
        """May use a session when one is given (the participant script lists what was
        delivered in it)."""
        return self.needs_session or self is DrillDoc.SCRIPT_PARTICIPANT

    @property
    def for_participants(self) -> bool:
        return self in (DrillDoc.SCRIPT_PARTICIPANT, DrillDoc.TASK_CARDS)


_TITLES = {
    DrillDoc.SCHEME: ("演练工作方案", "drill work plan"),
    DrillDoc.SCRIPT: ("演练脚本（导调版）", "drill script (control staff)"),
    DrillDoc.SCRIPT_PARTICIPANT: ("演练脚本（参演人员版）", "drill script (participants)"),
    DrillDoc.EVALUATION_FORMS: ("演练评估方案", "evaluation plan and forms"),
    DrillDoc.REPORT: ("演练评估报告", "evaluation report"),
    DrillDoc.SUMMARY: ("演练总结报告", "drill summary report"),
    DrillDoc.TASK_CARDS: ("任务卡", "task cards"),
}


class DrillDocError(ExportError):
    """A drill document cannot be made from what was given; nothing is written."""


@dataclass
class DrillSource:
    """Everything one drill document is built from."""

    drill: Drill
    drill_path: Path | None = None
    plan: Plan | None = None  # the linked plan file, when it could be read
    session: Replay | None = None
    notes: list[Problem] = field(default_factory=list)  # told to the user with the result
    _metrics: DrillMetrics | None = field(default=None, init=False, repr=False)

    @property
    def names_plan(self) -> Plan | None:
        """The plan that names groups and steps: the file, else the session's digest."""
        if self.plan is not None:
            return self.plan
        return self.session.plan if self.session is not None else None

    @property
    def metrics(self) -> DrillMetrics:
        if self.session is None:
            raise DrillDocError(T("没有演练记录", "There is no session"))
        if self._metrics is None:
            m = compute_metrics(self.session.state, self.session.plan)
            m.problems = list(self.session.problems)
            self._metrics = m
        return self._metrics

    def note(self, message: T, severity: Severity = Severity.WARNING) -> None:
        self.notes.append(Problem(severity, "export.drill", message))


class Names(DisplayNames):
    """Ids → what a reader sees, for drill documents: ``app.export.names.Names`` built
    from the drill and the plan it exercises."""

    def __init__(self, drill: Drill, plan: Plan | None) -> None:
        super().__init__(plan=plan, drill=drill)
        self.lookup = Lookup(plan) if plan is not None else None
        self.steps: dict[str, Step] = plan_steps(plan) if plan is not None else {}

    def who(self, ident: str | None) -> str:
        """An actor in the journal: a participant id, a participant name or a unit."""
        if not ident:
            return ""
        person = self.drill.participant(ident) if self.drill is not None else None
        if person is not None:
            team = self.unit(person.plays) if person.plays else (person.group or "")
            name = person.name or self.person(person.id)
            return f"{name}（{team}）" if team and team != name else name
        return self.unit(ident)


def clock(minutes: float | None) -> str:
    return "—" if minutes is None else format_clock(minutes * 60.0)


def minutes_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def when_text(item: InjectBase, drill: Drill, names: Names) -> str:
    """When an inject comes: its planned time, its trigger, or the decision it follows."""
    at = getattr(item, "at_min", None)
    trigger = getattr(item, "trigger", None)
    if trigger is not None:
        delay = f"后 {minutes_text(trigger.delay_min)} 分钟" if trigger.delay_min else "后"
        if trigger.after:
            return f"{names.inject(trigger.after)}下达{delay}"
        if trigger.decision:
            return f"决策“{names.decision(trigger.decision)}”{delay}"
    for other in (*drill.script, *drill.library):
        for fu in other.follow_ups:
            if fu.inject == item.id:
                delay = f"后 {minutes_text(fu.delay_min)} 分钟" if fu.delay_min else "后"
                return f"{names.inject(other.id)}决策“{names.decision(fu.decision)}”{delay}"
    if at is not None:
        return clock(at)
    return "导调组掌握"


# --- loading --------------------------------------------------------------------------------


def _read(path: Path, what: T, reader: Callable[[Path], R]) -> R:
    """``reader(path)``, with a missing or unreadable file as a ``DrillDocError``."""
    if not os.path.lexists(path):  # a FIFO, a folder or a broken link: the reader says
        raise DrillDocError(
            T(f"{what.zh}不存在：{path}", f"The {what.en} does not exist: {path}"),
            filename=str(path),
        )
    try:
        return reader(path)
    except LoadError as exc:
        raise DrillDocError(
            T(
                f"无法读取{what.zh}：{exc.message.zh}",
                f"Cannot read the {what.en}: {exc.message.en}",
            ),
            filename=str(path),
            line=exc.line,
            hint=exc.hint,
        ) from None


def _load_drill(path: Path) -> Drill:
    loaded = _read(path, T("演练文件", "drill file"), load_drill)
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise DrillDocError(
            T(
                f"演练文件有 {len(errors)} 处格式错误（{first.message.zh}）",
                f"The drill file has {len(errors)} schema error(s) ({first.message.en})",
            ),
            filename=str(path),
            line=first.line,
            hint=T("请先用 python -m app validate 检查并修正", "Run validate and fix them first"),
        )
    return loaded.model


def _load_plan(drill: Drill, path: Path, source: DrillSource) -> None:
    try:
        loaded = load_linked_plan(path, drill)
    except LoadError as exc:
        source.note(
            T(
                f"{exc.message.zh}；文档中的工作组和处置步骤以编号显示",
                f"{exc.message.en}; groups and steps are shown by their ids",
            )
        )
        return
    if loaded is not None:
        source.plan = loaded.model


def _newest_ended(path: Path) -> Path:
    sessions = [s for s in list_sessions(path) if s.readable]
    ended = [s for s in sessions if s.finished]
    if ended:
        return ended[0].path
    if sessions:
        raise DrillDocError(
            T(
                f"该演练的记录都未结束（最新：{sessions[0].path.name}）",
                f"No session of this drill has ended (newest: {sessions[0].path.name})",
            ),
            filename=str(path),
            hint=T(
                "请先在演练控制台结束演练，或用 --session 指定记录文件",
                "End the drill in the console first, or name a journal with --session",
            ),
        )
    raise DrillDocError(
        T(
            "该演练还没有演练记录，无法生成报告",
            "This drill has no session; there is nothing to report",
        ),
        filename=str(path),
        hint=T(
            "先进行演练（演练记录保存在演练文件旁），或用 --session 指定记录文件",
            "Run the drill first (journals are kept next to the drill file), or name one with --session",
        ),
    )


def _replay(journal: Path, drill_path: Path | None) -> Replay:
    result = _read(journal, T("演练记录", "session journal"), replay)
    name = result.read.header.get("drill_file")
    if drill_path is not None and isinstance(name, str) and name and name != drill_path.name:
        raise DrillDocError(
            T(
                f"该记录属于演练“{name}”，不是 {drill_path.name}",
                f"This journal belongs to '{name}', not to {drill_path.name}",
            ),
            filename=str(journal),
        )
    return result


def prepare(
    kind: DrillDoc | str,
    drill_path: str | Path,
    *,
    session: str | Path | None = None,
) -> DrillSource:
    """Load the drill, its plan and (for reports) a session; ``DrillDocError`` when the
    document cannot be made. Reports use the newest ended session unless one is named."""
    doc = DrillDoc(kind)
    path = Path(drill_path)
    drill = _load_drill(path)
    source = DrillSource(drill, path)
    _load_plan(drill, path, source)
    journal: Path | None = None
    if session is not None:
        if not doc.takes_session:
            source.note(
                T(
                    f"{doc.title}不使用演练记录，已忽略 --session",
                    f"The {doc.label.en} does not use a session; --session ignored",
                ),
                Severity.INFO,
            )
        else:
            journal = Path(session)
    elif doc.needs_session:
        journal = _newest_ended(path)
    if journal is not None:
        source.session = _replay(journal, path)
        for problem in source.session.problems:
            source.notes.append(problem)
        if doc.needs_session and not source.session.state.ended:
            source.note(
                T(
                    "该演练记录尚未结束，报告按已有记录生成，未完成的期望行动记为“进行中”",
                    "The session has not ended; the report covers what is recorded so far",
                )
            )
    return source


def from_session(journal: str | Path, plan: Plan | None = None) -> DrillSource:
    """A source from a journal alone (its drill snapshot), for callers without the file."""
    result = _replay(Path(journal), None)
    return DrillSource(result.drill, None, plan, result)


STAFF_ROLES = tuple(r for r in Role if r.is_staff)


__all__ = [
    "STAFF_ROLES",
    "DrillDoc",
    "DrillDocError",
    "DrillSource",
    "Names",
    "clock",
    "from_session",
    "minutes_text",
    "prepare",
    "when_text",
]
