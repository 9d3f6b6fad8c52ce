"""Scoring: per-criterion marks → a 0–100 weighted score and a graded conclusion.

Evaluators mark each criterion either with a score (0–100) or with a choice level
(达到 / 部分达到 / 未达到, converted by ``evaluation.level_scores``). GB/T 46792-2025
annex D allows both a score and a choice-type conclusion; this module gives both:

* **score**: the weighted mean of the marked criteria (weights from the drill file);
* **grade**: the best grade whose ``min_score`` the score reaches (default 优秀 ≥ 90,
  良好 ≥ 80, 合格 ≥ 60, 不合格 below);
* **veto**: a key criterion (``key: true``, 否决项) marked 未达到, or scored below the
  lowest passing grade, makes the conclusion the best *failing* grade whatever the
  score.

Unmarked criteria are left out of the score and reported (``complete`` is False).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from app.i18n import T
from app.model.drill import Criterion, Evaluation, Grade, MarkLevel


@dataclass(frozen=True)
class Mark:
    """An evaluator's mark on one criterion (the latest one counts)."""

    criterion: str
    score: float | None = None
    level: MarkLevel | None = None
    by: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class CriterionResult:
    id: str
    text: str
    weight: float
    key: bool
    score: float | None  # effective 0–100 score; None when unmarked
    level: str | None  # the choice level given, if any
    by: str | None = None
    note: str | None = None
    failed_key: bool = False


@dataclass(frozen=True)
class EvaluationResult:
    method: str
    score: float | None
    grade: str | None
    passed: bool | None
    complete: bool
    marked: int
    total: int
    vetoed_by: tuple[str, ...] = ()
    criteria: tuple[CriterionResult, ...] = field(default_factory=tuple)

    def conclusion(self) -> T:
        """One sentence for reports and the console."""
        if self.score is None:
            return T("尚未评分", "not yet evaluated")
        text = T(
            f"加权得分 {self.score:.1f} 分，结论：{self.grade}",
            f"weighted score {self.score:.1f}, conclusion: {self.grade}",
        )
        if self.vetoed_by:
            ids = "、".join(self.vetoed_by)
            text = T(
                f"{text.zh}（否决项 {ids} 未达到）",
                f"{text.en} (key item {', '.join(self.vetoed_by)} not achieved)",
            )
        if not self.complete:
            left = self.total - self.marked
            text = T(f"{text.zh}；另有 {left} 项未评估", f"{text.en}; {left} item(s) not marked")
        return text

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["conclusion"] = {"zh": self.conclusion().zh, "en": self.conclusion().en}
        return data


def _grade_for(score: float, grades: list[Grade]) -> Grade | None:
    ordered = sorted(grades, key=lambda g: g.min_score, reverse=True)
    return next((g for g in ordered if score >= g.min_score - 1e-9), None)


def pass_threshold(grades: list[Grade]) -> float | None:
    passing = [g.min_score for g in grades if g.passed]
    return min(passing) if passing else None


def _best_failing(grades: list[Grade]) -> Grade | None:
    failing = sorted((g for g in grades if not g.passed), key=lambda g: g.min_score, reverse=True)
    return failing[0] if failing else None


def evaluate(evaluation: Evaluation, marks: dict[str, Mark]) -> EvaluationResult:
    """Score the marks given so far against the drill's evaluation rules."""
    threshold = pass_threshold(evaluation.grades)
    results: list[CriterionResult] = []
    total_weight = weighted = 0.0
    vetoed: list[str] = []
    for criterion in evaluation.criteria:
        mark = marks.get(criterion.id)
        results.append(_result(criterion, mark, evaluation, threshold))
        res = results[-1]
        if res.score is not None and criterion.weight > 0:
            total_weight += criterion.weight
            weighted += criterion.weight * res.score
        if res.failed_key:
            vetoed.append(criterion.id)
    marked = sum(r.score is not None for r in results)
    score = round(weighted / total_weight, 2) if total_weight > 0 else None
    grade: Grade | None = None
    if score is not None:
        grade = _grade_for(score, evaluation.grades)
        if vetoed and (grade is None or grade.passed):
            grade = _best_failing(evaluation.grades) or grade
    passed = None if grade is None else (grade.passed and not vetoed)
    return EvaluationResult(
        method=evaluation.method.value,
        score=score,
        grade=grade.name if grade else None,
        passed=passed,
        complete=marked == len(results),
        marked=marked,
        total=len(results),
        vetoed_by=tuple(vetoed),
        criteria=tuple(results),
    )


def _result(
    criterion: Criterion, mark: Mark | None, evaluation: Evaluation, threshold: float | None
) -> CriterionResult:
    if mark is None:
        return CriterionResult(
            criterion.id, criterion.text, criterion.weight, criterion.key, None, None
        )
    if mark.score is not None:
        score = float(mark.score)
    elif mark.level is not None:
        score = evaluation.level_scores.score(mark.level)
    else:
        score = None
    failed = criterion.key and (
        mark.level is MarkLevel.NOT_ACHIEVED
        or (
            mark.level is None and score is not None and threshold is not None and score < threshold
        )
    )
    return CriterionResult(
        criterion.id,
        criterion.text,
        criterion.weight,
        criterion.key,
        score,
        mark.level.value if mark.level else None,
        mark.by,
        mark.note,
        failed,
    )


__all__ = ["CriterionResult", "EvaluationResult", "Mark", "evaluate", "pass_threshold"]
