"""Checks of a drill file: ids, references between injects, references into the plan.

``check_drill`` returns located problems; importing this module registers it for
``plandrill/drill@1`` so ``check_file`` (and ``python -m app validate``) handle drill
files. The linked plan (``meta.plan``, relative to the drill file) is loaded to check
that org units, procedure steps and plan elements named by the drill exist; a
missing or unreadable plan is an error that names its path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from app.checks import FileReport, _locate, register_checker
from app.checks.integrity import _duplicates, _missing_ref, placeholder_problems
from app.i18n import T
from app.model.drill import (
    DRILL_SCHEMA,
    Card,
    Drill,
    DrillMode,
    Inject,
    InjectBase,
    plan_steps,
    resolve_plan_ref,
)
from app.model.plan import Plan
from app.model.problems import Path as ProblemPath
from app.model.problems import Problem, Severity
from app.storage.errors import LoadError
from app.storage.yamlio import LineMap, YamlDocument


def _p(
    severity: Severity, code: str, message: T, path: ProblemPath, hint: T | None = None
) -> Problem:
    return Problem(severity, code, message, path, hint=hint)


def _items(drill: Drill) -> list[tuple[ProblemPath, InjectBase]]:
    return [(("script", i), item) for i, item in enumerate(drill.script)] + [
        (("library", i), card) for i, card in enumerate(drill.library)
    ]


def _label(item: InjectBase) -> T:
    name = item.title or item.id
    kind = T("情景卡", "card") if isinstance(item, Card) else T("注入", "inject")
    return T(f"{kind.zh}“{name}”", f"{kind.en} '{name}'")


def check_ids(drill: Drill) -> list[Problem]:
    items = _items(drill)
    out = _duplicates(((p, it.id) for p, it in items), T("注入和情景卡", "injects and cards"))
    out += _duplicates(
        (((*p, "expected", k), ea.id) for p, it in items for k, ea in enumerate(it.expected)),
        T("期望行动", "expected actions"),
    )
    out += _duplicates(
        (((*p, "decisions", k), d.id) for p, it in items for k, d in enumerate(it.decisions)),
        T("决策", "decisions"),
    )
    out += _duplicates(
        ((("participants", i), p.id) for i, p in enumerate(drill.participants)),
        T("参演人员", "participants"),
    )
    out += _duplicates(
        ((("meta", "objectives", i), o.id) for i, o in enumerate(drill.meta.objectives)),
        T("演练目标", "objectives"),
    )
    out += _duplicates(
        ((("evaluation", "criteria", i), c.id) for i, c in enumerate(drill.evaluation.criteria)),
        T("评估项", "criteria"),
    )
    out += _duplicates(
        ((("findings", i), f.id) for i, f in enumerate(drill.findings)),
        T("发现的问题", "findings"),
    )
    return out


_INJECT = T("注入或情景卡", "inject or card")
_DECISION = T("决策", "decision")
_CRITERION = T("评估项", "criterion")
_OBJECTIVE = T("演练目标", "objective")


def check_references(drill: Drill) -> list[Problem]:
    """References inside the drill: triggers, follow-ups, preconditions, criteria."""
    out: list[Problem] = []
    items = _items(drill)
    inject_ids = {it.id for _, it in items}
    decisions = {d.id for _, it in items for d in it.decisions}
    criteria = {c.id for c in drill.evaluation.criteria}
    objectives = {o.id for o in drill.meta.objectives}
    categories = {c.category for c in drill.library if c.category}
    targets = {fu.inject for _, it in items for fu in it.follow_ups}
    for path, item in items:
        label = _label(item)
        own = {d.id for d in item.decisions}
        for k, fu in enumerate(item.follow_ups):
            fpath = (*path, "follow_ups", k)
            if fu.decision not in own:
                out.append(
                    _p(
                        Severity.ERROR,
                        "ref.follow_up_decision",
                        T(
                            f"{label.zh}的后续注入以决策“{fu.decision}”为条件，但本条没有这个可选决策",
                            f"{label.en}: a follow-up depends on decision '{fu.decision}', "
                            "which this inject does not offer",
                        ),
                        (*fpath, "decision"),
                        hint=T(
                            "请在本条的 decisions 中定义该决策",
                            "Define the decision in this inject's decisions",
                        ),
                    )
                )
            if fu.inject not in inject_ids:
                out.append(_missing_ref((*fpath, "inject"), fu.inject, label, _INJECT))
            elif fu.inject == item.id:
                out.append(
                    _p(
                        Severity.ERROR,
                        "ref.self",
                        T(f"{label.zh}的后续注入指向自身", f"{label.en} follows up on itself"),
                        (*fpath, "inject"),
                    )
                )
        for k, cid in enumerate(item.criteria):
            if cid not in criteria:
                out.append(_missing_ref((*path, "criteria", k), cid, label, _CRITERION))
        if isinstance(item, Inject):
            out += _check_trigger(path, item, label, inject_ids, decisions)
            if item.at_min is not None and (item.trigger is not None or item.id in targets):
                out.append(
                    _p(
                        Severity.WARNING,
                        "script.time_ignored",
                        T(
                            f"{label.zh}由触发条件或后续注入决定下达时间，计划时间将被忽略",
                            f"{label.en} is released by a trigger or follow-up; its planned "
                            "time is ignored",
                        ),
                        (*path, "at_min"),
                    )
                )
            duration = drill.meta.duration_min
            if item.at_min is not None and duration and item.at_min > duration:
                out.append(
                    _p(
                        Severity.WARNING,
                        "script.after_end",
                        T(
                            f"{label.zh}的计划时间 {item.at_min:g} 分钟超出演练计划时长 {duration} 分钟",
                            f"{label.en} is planned at {item.at_min:g} min, after the planned "
                            f"duration of {duration} min",
                        ),
                        (*path, "at_min"),
                    )
                )
        if isinstance(item, Card):
            for k, pre in enumerate(item.preconditions):
                ppath = (*path, "preconditions", k)
                if pre.category is None and pre.inject is None:
                    out.append(
                        _p(
                            Severity.ERROR,
                            "library.empty_precondition",
                            T(
                                f"{label.zh}的前提条件为空：请指定类别或注入",
                                f"{label.en} has an empty precondition: give a category or an inject",
                            ),
                            ppath,
                        )
                    )
                if pre.inject is not None and pre.inject not in inject_ids:
                    out.append(_missing_ref((*ppath, "inject"), pre.inject, label, _INJECT))
                if pre.category is not None and pre.category not in categories:
                    out.append(
                        _p(
                            Severity.WARNING,
                            "library.unknown_category",
                            T(
                                f"{label.zh}的前提条件类别“{pre.category}”在卡库中没有任何卡片",
                                f"{label.en} waits for category '{pre.category}', which no card has",
                            ),
                            (*ppath, "category"),
                            hint=T("该卡片可能永远不会被抽到", "The card may never be drawn"),
                        )
                    )
    out += _trigger_cycles(drill)
    for i, c in enumerate(drill.evaluation.criteria):
        if c.objective is not None and c.objective not in objectives:
            out.append(
                _missing_ref(
                    ("evaluation", "criteria", i, "objective"),
                    c.objective,
                    T(f"评估项“{c.id}”", f"criterion '{c.id}'"),
                    _OBJECTIVE,
                )
            )
    for i, f in enumerate(drill.findings):
        what = T(f"问题“{f.id}”", f"finding '{f.id}'")
        if f.inject is not None and f.inject not in inject_ids:
            out.append(_missing_ref(("findings", i, "inject"), f.inject, what, _INJECT))
        if f.criterion is not None and f.criterion not in criteria:
            out.append(_missing_ref(("findings", i, "criterion"), f.criterion, what, _CRITERION))
    return out


def _check_trigger(
    path: ProblemPath, item: Inject, label: T, inject_ids: set[str], decisions: set[str]
) -> list[Problem]:
    trigger = item.trigger
    if trigger is None:
        return []
    tpath = (*path, "trigger")
    if (trigger.after is None) == (trigger.decision is None):
        return [
            _p(
                Severity.ERROR,
                "script.trigger_shape",
                T(
                    f"{label.zh}的触发条件须且只能指定一项：after（在某注入之后）或 decision（在某决策之后）",
                    f"{label.en}: a trigger needs exactly one of 'after' (an inject) or 'decision'",
                ),
                tpath,
            )
        ]
    if trigger.after is not None and trigger.after not in inject_ids:
        return [_missing_ref((*tpath, "after"), trigger.after, label, _INJECT)]
    if trigger.decision is not None and trigger.decision not in decisions:
        return [_missing_ref((*tpath, "decision"), trigger.decision, label, _DECISION)]
    return []


def _trigger_cycles(drill: Drill) -> list[Problem]:
    """Injects released only by each other never fire: report every one in a loop."""
    index = {item.id: i for i, item in enumerate(drill.script)}
    after = {
        item.id: item.trigger.after
        for item in drill.script
        if item.trigger is not None and item.trigger.after is not None
    }
    out: list[Problem] = []
    reported: set[str] = set()
    for start in after:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node in after and node not in seen:
            seen.append(node)
            node = after[node]
        if node is not None and node in seen:
            loop = seen[seen.index(node) :]
            for ident in loop:
                if ident in reported:
                    continue
                reported.add(ident)
                chain = " → ".join([*loop, loop[0]])
                out.append(
                    _p(
                        Severity.ERROR,
                        "script.trigger_cycle",
                        T(
                            f"注入“{ident}”的触发条件形成循环（{chain}），永远不会下达",
                            f"inject '{ident}' is in a trigger loop ({chain}) and never fires",
                        ),
                        ("script", index[ident], "trigger", "after"),
                    )
                )
    return out


def check_plan_links(drill: Drill, plan: Plan) -> list[Problem]:
    """Names the drill takes from the plan: org units, steps, level, plan elements."""
    out: list[Problem] = []
    units = {u.id for u in plan.organization.units()}
    steps = plan_steps(plan)
    levels = {lv.id for lv in plan.levels} | {p.level for p in plan.procedures if p.level}
    plan_t = T("预案中", "the plan's ")
    step_t = T(f"{plan_t.zh}处置步骤", f"{plan_t.en}procedure step")
    unit_t = T(f"{plan_t.zh}工作组/指挥机构", f"{plan_t.en}working group or command body")
    if drill.meta.level is not None and drill.meta.level not in levels:
        out.append(
            _missing_ref(
                ("meta", "level"),
                drill.meta.level,
                T("演练", "the drill"),
                T(f"{plan_t.zh}响应级别", f"{plan_t.en}response level"),
            )
        )
    for i, person in enumerate(drill.participants):
        if person.plays is not None and person.plays not in units:
            what = T(f"参演人员“{person.name or person.id}”", f"participant '{person.id}'")
            out.append(_missing_ref(("participants", i, "plays"), person.plays, what, unit_t))
    for path, item in _items(drill):
        for k, ea in enumerate(item.expected):
            what = T(f"期望行动“{ea.id}”", f"expected action '{ea.id}'")
            for j, step in enumerate(ea.steps):
                if step not in steps:
                    out.append(_missing_ref((*path, "expected", k, "steps", j), step, what, step_t))
    for i, c in enumerate(drill.evaluation.criteria):
        for j, step in enumerate(c.steps):
            if step not in steps:
                out.append(
                    _missing_ref(
                        ("evaluation", "criteria", i, "steps", j),
                        step,
                        T(f"评估项“{c.id}”", f"criterion '{c.id}'"),
                        step_t,
                    )
                )
    for i, f in enumerate(drill.findings):
        if f.ref is not None and resolve_plan_ref(plan, f.ref) is None:
            out.append(
                _p(
                    Severity.ERROR,
                    "ref.plan_element",
                    T(
                        f"问题“{f.id}”涉及的预案内容“{f.ref}”在预案中找不到",
                        f"finding '{f.id}' refers to '{f.ref}', which the plan does not have",
                    ),
                    ("findings", i, "ref"),
                    hint=T(
                        "格式如 procedures/<程序编号>/steps/<步骤编号>、sections/<章节编号>、contacts/<编号>",
                        "Use forms like procedures/<id>/steps/<id>, sections/<id>, contacts/<id>",
                    ),
                )
            )
    return out


def check_audiences(drill: Drill, plan: Plan | None) -> list[Problem]:
    """Recipients and expected performers should be someone the drill knows."""
    known = {p.id for p in drill.participants}
    known |= {p.group for p in drill.participants if p.group}
    known |= {p.plays for p in drill.participants if p.plays}
    if plan is not None:
        known |= {u.id for u in plan.organization.units()}
    known |= {"all", "全体"}
    out: list[Problem] = []
    for path, item in _items(drill):
        label = _label(item)
        for k, who in enumerate(item.to):
            if who not in known:
                out.append(_unknown_party((*path, "to", k), label, who))
        for k, ea in enumerate(item.expected):
            if ea.by is not None and ea.by not in known:
                out.append(_unknown_party((*path, "expected", k, "by"), label, ea.by))
    return out


def _unknown_party(path: ProblemPath, label: T, who: str) -> Problem:
    return _p(
        Severity.WARNING,
        "ref.unknown_party",
        T(
            f"{label.zh}中的“{who}”既不是参演人员或小组，也不是预案中的工作组",
            f"{label.en} names '{who}', neither a participant or group nor a plan org unit",
        ),
        path,
        hint=T(
            "请使用参演人员编号、小组名称或预案工作组编号",
            "Use a participant id, a group name or a plan org-unit id",
        ),
    )


def check_setup(drill: Drill, drill_path: Path | None) -> list[Problem]:
    """Mode, evaluation rules and attachments."""
    out: list[Problem] = []
    meta = drill.meta
    if meta.mode is DrillMode.SCRIPTED and not drill.script:
        out.append(
            _p(
                Severity.WARNING,
                "script.empty",
                T("有脚本演练尚无注入（script）", "a scripted drill with no injects (script)"),
                ("meta", "mode"),
            )
        )
    if meta.mode is DrillMode.SCRIPTLESS and not drill.library and not drill.script:
        out.append(
            _p(
                Severity.WARNING,
                "library.empty",
                T(
                    "无脚本演练的情景卡库（library）为空",
                    "a scriptless drill with an empty inject library",
                ),
                ("meta", "mode"),
            )
        )
    ev = drill.evaluation
    if not ev.criteria:
        out.append(
            _p(
                Severity.WARNING,
                "evaluation.no_criteria",
                T(
                    "未设置评估项，演练无法评分",
                    "no evaluation criteria: the drill cannot be scored",
                ),
                ("evaluation",),
            )
        )
    elif sum(c.weight for c in ev.criteria) <= 0:
        out.append(
            _p(
                Severity.ERROR,
                "evaluation.zero_weight",
                T("评估项的权重之和为 0，无法计算得分", "criterion weights add up to 0"),
                ("evaluation", "criteria"),
            )
        )
    out += _duplicates(
        ((("evaluation", "grades", i), g.name) for i, g in enumerate(ev.grades)),
        T("结论等级", "grades"),
    )
    if ev.grades and min(g.min_score for g in ev.grades) > 0:
        out.append(
            _p(
                Severity.WARNING,
                "evaluation.grade_gap",
                T(
                    f"得分低于 {min(g.min_score for g in ev.grades):g} 分时没有对应的结论等级",
                    f"no grade covers scores below {min(g.min_score for g in ev.grades):g}",
                ),
                ("evaluation", "grades"),
                hint=T(
                    "请添加一个最低分为 0 的等级（如“不合格”）", "Add a grade from 0 (e.g. 不合格)"
                ),
            )
        )
    if ev.grades and all(g.passed for g in ev.grades):
        out.append(
            _p(
                Severity.WARNING,
                "evaluation.no_fail_grade",
                T(
                    "所有结论等级都为合格，否决项无法生效",
                    "every grade passes: key (veto) criteria have no effect",
                ),
                ("evaluation", "grades"),
            )
        )
    folder = drill_path.parent if drill_path is not None else None
    if folder is not None:
        for path, item in _items(drill):
            for k, name in enumerate(item.attachments):
                target = Path(name) if Path(name).is_absolute() else folder / name
                if not target.is_file():
                    out.append(
                        _p(
                            Severity.WARNING,
                            "attachment.missing",
                            T(f"附件图片“{name}”不存在", f"attachment '{name}' does not exist"),
                            (*path, "attachments", k),
                            hint=T(
                                "路径相对于演练文件所在文件夹",
                                "Paths are relative to the drill file",
                            ),
                        )
                    )
    return out


def _strings(value: object, path: ProblemPath) -> Iterable[tuple[ProblemPath, str]]:
    """Every text in a drill with its schema path (models, lists and plain strings)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            field = type(value).model_fields[name]
            yield from _strings(getattr(value, name), (*path, field.alias or name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def check_content(drill: Drill) -> list[Problem]:
    """What a drill cannot be run or printed with: placeholders, injects that say nothing.

    The documents print every text of the drill; an unfilled 【待填写…】 would reach the
    participants' and evaluators' paper, so each is reported where it sits, as for plans.
    """
    out = placeholder_problems(_strings(drill, ()))
    followed = {f.inject for _, item in _items(drill) for f in item.follow_ups}
    for path, item in _items(drill):
        label = _label(item)
        if not item.text.strip():
            out.append(
                _p(
                    Severity.ERROR,
                    "inject.no_text",
                    T(f"{label.zh}没有内容（text）", f"{label.en} has no text"),
                    (*path, "text"),
                    hint=T("写明下达给参演方的情况", "Write what the players are told"),
                )
            )
        if not item.to:
            out.append(
                _p(
                    Severity.WARNING,
                    "inject.no_recipient",
                    T(f"{label.zh}没有接收方（to）", f"{label.en} has no recipient (to)"),
                    (*path, "to"),
                    hint=T("填写接收的工作组或参演人员", "Name the team or player it goes to"),
                )
            )
        if (
            drill.meta.mode is DrillMode.SCRIPTED
            and isinstance(item, Inject)
            and item.at_min is None
            and item.trigger is None
            and item.id not in followed  # delivered by a decision's follow-up
        ):
            out.append(
                _p(
                    Severity.WARNING,
                    "inject.no_time",
                    T(
                        f"{label.zh}既没有计划时间（at_min）也没有触发条件，演练中不会自动下达",
                        f"{label.en} has neither a planned time (at_min) nor a trigger: it is "
                        "never delivered by the clock",
                    ),
                    (*path, "at_min"),
                )
            )
    return out


def check_drill(
    drill: Drill,
    *,
    plan: Plan | None = None,
    plan_error: LoadError | None = None,
    drill_path: Path | None = None,
    lines: LineMap | None = None,
    filename: str | None = None,
) -> list[Problem]:
    """Every drill check; pass the linked plan (or why it could not be loaded)."""
    found: list[Problem] = []
    found += check_ids(drill)
    found += check_references(drill)
    found += check_setup(drill, drill_path)
    found += check_content(drill)
    found += check_audiences(drill, plan)
    if plan_error is not None:
        found.append(
            _p(
                Severity.ERROR,
                "plan.unreadable",
                plan_error.message,
                ("meta", "plan"),
                hint=plan_error.hint,
            )
        )
    elif plan is not None:
        found += check_plan_links(drill, plan)
    elif drill.meta.plan is None:
        found.append(
            _p(
                Severity.WARNING,
                "plan.not_linked",
                T(
                    "演练未关联预案（meta.plan），无法核对处置步骤和工作组",
                    "the drill names no plan (meta.plan): steps and org units cannot be checked",
                ),
                ("meta",),
            )
        )
    return [_locate(p, lines, filename) for p in found]


def _plan_problems(loaded_problems: Iterable[Problem], plan_path: Path) -> list[Problem]:
    errors = [p for p in loaded_problems if p.severity is Severity.ERROR]
    if not errors:
        return []
    first = errors[0]
    return [
        _p(
            Severity.WARNING,
            "plan.has_errors",
            T(
                f"关联的预案 {plan_path} 有 {len(errors)} 处格式错误（第一处在第 {first.line} 行），"
                "相关内容未能核对",
                f"the linked plan {plan_path} has {len(errors)} schema error(s) (first on line "
                f"{first.line}); what they touch was not checked",
            ),
            ("meta", "plan"),
            hint=T("请先用 validate 检查预案", "Run validate on the plan first"),
        )
    ]


def _check_drill_doc(doc: YamlDocument, name: str, today: dt.date | None) -> FileReport:
    from app.storage.documents import parse
    from app.storage.drills import linked_plan_path, load_linked_plan

    path = Path(name)
    loaded = parse(doc, Drill, DRILL_SCHEMA, name, path)
    drill = loaded.model
    plan: Plan | None = None
    plan_error: LoadError | None = None
    extra: list[Problem] = []
    try:
        plan_loaded = load_linked_plan(path, drill)
        if plan_loaded is not None:
            plan = plan_loaded.model
            target = linked_plan_path(path, drill)
            assert target is not None
            extra = [
                _locate(p, loaded.lines, name) for p in _plan_problems(plan_loaded.problems, target)
            ]
    except LoadError as exc:
        plan_error = exc
    problems = list(loaded.problems)
    problems += check_drill(
        drill,
        plan=plan,
        plan_error=plan_error,
        drill_path=path,
        lines=loaded.lines,
        filename=name,
    )
    problems += extra
    return FileReport(name, "drill", problems)


register_checker(DRILL_SCHEMA, _check_drill_doc)


__all__ = [
    "check_audiences",
    "check_content",
    "check_drill",
    "check_ids",
    "check_plan_links",
    "check_references",
    "check_setup",
]
