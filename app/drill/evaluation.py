"""The evaluation model: per-criterion marks → one score, one veto rule, one verdict.

Evaluators mark each criterion with a score (0–100, ``method: score``) or with a
choice level (达到 / 部分达到 / 未达到, ``method: choice``); or they leave a criterion
out explicitly, with a reason (不评估). GB/T 46792-2025《突发事件应急演练评估指南》
Annex D gives the method of turning the results into a score or into a 选择项
conclusion (annex list as read at guifanku.com/911313.html, recorded in
``/work/shared/reference/domain-cn.md`` §4.1 and §4.7; the annex's own bands were not
available, so the numbers are the drill file's own: ``evaluation.level_scores`` and
``evaluation.grades``). The rules, the same under both methods:

* **One table** (``Conversion``): a level counts as its score in
  ``level_scores`` (default 100 / 60 / 0); a score reads as the level whose table score
  it reaches (≥ 100 达到, ≥ 60 部分达到, else 未达到). Nothing else converts.
* **Met**: a criterion is met when its score (given, or from its level by the table)
  reaches the pass line, the lowest ``min_score`` of a passing grade.
* **Score**: the weighted mean of the marked criteria (skipped ones are left out).
* **Veto** (否决项, ``key: true``): a key criterion marked and not met makes the
  verdict the best failing grade whatever the score. So 部分达到 (60) under a 70 pass
  line vetoes exactly as a score of 60 does.
* **Verdict**: "未完成评估" until every criterion is marked or skipped with a reason;
  only then a grade (优秀/良好/合格… or 不合格) and passed/failed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from app.i18n import T
from app.model.drill import Criterion, Drill, Evaluation, Grade, MarkLevel


@dataclass(frozen=True)
class Mark:
    """An evaluator's mark on one criterion (the latest one counts)."""

    criterion: str
    score: float | None = None
    level: MarkLevel | None = None
    by: str | None = None
    note: str | None = None
    skipped: str | None = None  # the reason, when the criterion is explicitly not evaluated


# The evaluators' written analysis, topic by topic: what AQ/T 9009 (YJ/T 9009-2015) asks a
# written evaluation to cover (组织和实施, 目标实现, 参演人员表现, 暴露的问题; domain-cn.md
# §4.7) and GB/T 46792-2025 Annex E's report body; one topic per objective.
ORGANISATION = "organisation"
PERFORMANCE = "performance"
PROBLEMS = "problems"
EXPERIENCE = "experience"
RECOMMENDATIONS = "recommendations"
OBJECTIVE = "objective:"

_TOPIC_LABELS = {
    ORGANISATION: T("演练组织和实施", "organisation and conduct"),
    PERFORMANCE: T("参演人员表现", "performance of the participants"),
    PROBLEMS: T("暴露的问题", "problems exposed"),
    EXPERIENCE: T("经验", "what went well"),
    RECOMMENDATIONS: T("改进建议", "recommendations"),
}


def analysis_topics(drill: Drill) -> dict[str, T]:
    """Every topic the evaluators may write on, in report order, with its label."""
    topics = {ORGANISATION: _TOPIC_LABELS[ORGANISATION]}
    for n, objective in enumerate(drill.meta.objectives, 1):
        topics[OBJECTIVE + objective.id] = T(
            f"目标{n}：{objective.text}", f"objective {n}: {objective.text}"
        )
    for key in (PERFORMANCE, PROBLEMS, EXPERIENCE, RECOMMENDATIONS):
        topics[key] = _TOPIC_LABELS[key]
    return topics


def pass_threshold(grades: list[Grade]) -> float | None:
    passing = [g.min_score for g in grades if g.passed]
    return min(passing) if passing else None


class Conversion:
    """The one table between choice levels and scores, and the pass line."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.table = evaluation.level_scores
        self.pass_line = pass_threshold(evaluation.grades)

    def score_of(self, level: MarkLevel) -> float:
        return self.table.score(level)

    def level_of(self, score: float) -> MarkLevel:
        """The best level whose table score ``score`` reaches."""
        ordered = sorted(MarkLevel, key=self.table.score, reverse=True)
        for level in ordered:
            if score >= self.table.score(level) - 1e-9:
                return level
        return ordered[-1]

    def met(self, score: float) -> bool:
        if self.pass_line is None:  # no passing grade at all: only the top level counts
            return self.level_of(score) is MarkLevel.ACHIEVED
        return score >= self.pass_line - 1e-9

    def effective(self, mark: Mark) -> float | None:
        if mark.skipped is not None:
            return None
        if mark.score is not None:
            return float(mark.score)
        if mark.level is not None:
            return self.score_of(mark.level)
        return None


@dataclass(frozen=True)
class CriterionResult:
    id: str
    text: str
    weight: float
    key: bool
    score: float | None  # effective 0–100 score; None when unmarked or skipped
    level: str | None  # the choice level given, if any
    by: str | None = None
    note: str | None = None
    failed_key: bool = False
    met: bool | None = None  # None when unmarked or skipped
    reading: str | None = None  # the level the score reads as (the one table)
    skipped: str | None = None  # reason when explicitly not evaluated
    category: str | None = None
    objective: str | None = None

    @property
    def name(self) -> str:
        """What documents call it: its text, never its id."""
        return self.text or self.category or self.id

    @property
    def done(self) -> bool:
        return self.score is not None or self.skipped is not None


INCOMPLETE = "incomplete"
PASSED = "passed"
FAILED = "failed"


@dataclass(frozen=True)
class EvaluationResult:
    method: str
    score: float | None  # weighted score of what is marked so far (provisional until complete)
    grade: str | None  # None until complete
    passed: bool | None  # None until complete
    complete: bool
    marked: int
    total: int
    vetoed_by: tuple[str, ...] = ()
    criteria: tuple[CriterionResult, ...] = field(default_factory=tuple)
    skipped: int = 0
    pass_line: float | None = None

    @property
    def status(self) -> str:
        if not self.complete or self.grade is None:
            return INCOMPLETE
        return PASSED if self.passed else FAILED

    @property
    def left(self) -> int:
        """Criteria neither marked nor skipped."""
        return self.total - self.marked - self.skipped

    def vetoed_names(self) -> list[str]:
        by_id = {c.id: c for c in self.criteria}
        return [by_id[i].name if i in by_id else i for i in self.vetoed_by]

    def verdict(self) -> T:
        """The verdict alone: 未完成评估, or the grade."""
        if self.status == INCOMPLETE:
            return T("未完成评估", "evaluation not complete")
        return T(str(self.grade), str(self.grade))

    def conclusion(self) -> T:
        """One sentence for reports and the console."""
        veto_zh = "、".join(f"“{n}”" for n in self.vetoed_names())
        veto_en = ", ".join(self.vetoed_names())
        if self.status == INCOMPLETE:
            if self.score is None and self.skipped == 0:
                return T(
                    f"未完成评估：尚未评分（共 {self.total} 项）",
                    f"evaluation not complete: not yet evaluated ({self.total} items)",
                )
            done = self.marked + self.skipped
            zh = f"未完成评估：已评 {done}/{self.total} 项，另有 {self.left} 项未评估"
            en = (
                f"evaluation not complete: {done}/{self.total} done, {self.left} item(s) not marked"
            )
            if self.score is not None:
                zh += f"（暂计加权得分 {self.score:.1f} 分，不作结论）"
                en += f" (provisional weighted score {self.score:.1f}, no verdict)"
            if self.vetoed_by:
                zh += f"；否决项{veto_zh}未达到，评完后结论为不合格"
                en += f"; key item {veto_en} not met: the verdict will fail"
            return T(zh, en)
        if self.score is None:
            return T(
                f"全部评估项均记为不评估，无法得出结论（{self.verdict().zh}）",
                "every item was left out: no verdict",
            )
        text = T(
            f"加权得分 {self.score:.1f} 分，结论：{self.grade}",
            f"weighted score {self.score:.1f}, conclusion: {self.grade}",
        )
        if self.vetoed_by:
            text = T(
                f"{text.zh}（否决项{veto_zh}未达到，结论为不合格）",
                f"{text.en} (key item {veto_en} not met)",
            )
        if self.skipped:
            text = T(
                f"{text.zh}；{self.skipped} 项说明理由后未评估",
                f"{text.en}; {self.skipped} item(s) left out with a reason",
            )
        return text

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status
        data["conclusion"] = {"zh": self.conclusion().zh, "en": self.conclusion().en}
        return data


@dataclass(frozen=True)
class ObjectiveResult:
    """One objective judged from its criteria (``criterion.objective``), by the same table."""

    id: str
    text: str
    criteria: tuple[CriterionResult, ...]
    score: float | None  # weighted score of its marked criteria
    level: str | None  # the level that score reads as; None until judged
    met: bool | None
    complete: bool
    vetoed: tuple[str, ...] = ()

    def judgment(self) -> str:
        """达到 / 部分达到 / 未达到, 未完成评估, or 未设评估项 / 未评估 (all skipped)."""
        if not self.criteria:
            return "未设评估项"
        if not self.complete:
            return "未完成评估"
        if self.level is None:
            return "未评估"
        level = MarkLevel(self.level)
        if self.vetoed and level is MarkLevel.ACHIEVED:
            level = MarkLevel.PARTLY  # a key item not met: the objective is not fully met
        return str(level.zh)  # type: ignore[attr-defined]


def objective_results(drill: Drill, result: EvaluationResult) -> list[ObjectiveResult]:
    """Each of the drill's objectives judged one by one from its criteria."""
    table = Conversion(drill.evaluation)
    out = []
    for objective in drill.meta.objectives:
        crits = tuple(c for c in result.criteria if c.objective == objective.id)
        scored = [c for c in crits if c.score is not None]
        weight = sum(c.weight for c in scored)
        score = (
            round(sum(c.weight * (c.score or 0.0) for c in scored) / weight, 2) if weight else None
        )
        if score is None and scored:
            score = round(sum(c.score or 0.0 for c in scored) / len(scored), 2)
        complete = bool(crits) and all(c.done for c in crits)
        level = table.level_of(score).value if score is not None and complete else None
        out.append(
            ObjectiveResult(
                objective.id,
                objective.text,
                crits,
                score,
                level,
                table.met(score) if score is not None and complete else None,
                complete,
                tuple(c.id for c in crits if c.failed_key),
            )
        )
    return out


def _grade_for(score: float, grades: list[Grade]) -> Grade | None:
    ordered = sorted(grades, key=lambda g: g.min_score, reverse=True)
    return next((g for g in ordered if score >= g.min_score - 1e-9), None)


def _best_failing(grades: list[Grade]) -> Grade | None:
    failing = sorted((g for g in grades if not g.passed), key=lambda g: g.min_score, reverse=True)
    return failing[0] if failing else None


def evaluate(evaluation: Evaluation, marks: dict[str, Mark]) -> EvaluationResult:
    """Score the marks given so far against the drill's evaluation rules."""
    table = Conversion(evaluation)
    results = [_result(c, marks.get(c.id), table) for c in evaluation.criteria]
    total_weight = weighted = 0.0
    for res in results:
        if res.score is not None and res.weight > 0:
            total_weight += res.weight
            weighted += res.weight * res.score
    vetoed = tuple(r.id for r in results if r.failed_key)
    marked = sum(r.score is not None for r in results)
    skipped = sum(r.skipped is not None for r in results)
    complete = all(r.done for r in results)
    score = round(weighted / total_weight, 2) if total_weight > 0 else None
    grade: Grade | None = None
    if complete and score is not None:
        grade = _grade_for(score, evaluation.grades)
        if vetoed and (grade is None or grade.passed):
            grade = _best_failing(evaluation.grades) or grade
    passed = None if grade is None else (grade.passed and not vetoed)
    return EvaluationResult(
        method=evaluation.method.value,
        score=score,
        grade=grade.name if grade else None,
        passed=passed,
        complete=complete,
        marked=marked,
        total=len(results),
        vetoed_by=vetoed,
        criteria=tuple(results),
        skipped=skipped,
        pass_line=table.pass_line,
    )


def _result(criterion: Criterion, mark: Mark | None, table: Conversion) -> CriterionResult:
    score = table.effective(mark) if mark is not None else None
    met = None if score is None else table.met(score)
    return CriterionResult(
        id=criterion.id,
        text=criterion.text,
        weight=criterion.weight,
        key=criterion.key,
        score=score,
        level=mark.level.value if mark and mark.level and mark.skipped is None else None,
        by=mark.by if mark else None,
        note=mark.note if mark else None,
        failed_key=criterion.key and met is False,
        met=met,
        reading=table.level_of(score).value if score is not None else None,
        skipped=mark.skipped if mark else None,
        category=criterion.category,
        objective=criterion.objective,
    )


__all__ = [
    "EXPERIENCE",
    "FAILED",
    "INCOMPLETE",
    "OBJECTIVE",
    "ORGANISATION",
    "PASSED",
    "PERFORMANCE",
    "PROBLEMS",
    "RECOMMENDATIONS",
    "Conversion",
    "CriterionResult",
    "EvaluationResult",
    "Mark",
    "analysis_topics",
    "evaluate",
    "pass_threshold",
]
