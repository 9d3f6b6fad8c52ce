"""The evaluation model (issue 18 item 4): one table between scores and choices, a veto
that works the same under both methods, no verdict before every criterion is marked or
skipped with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.drill import DrillSession, FakeTime, replay
from app.drill.errors import DrillError
from app.drill.evaluation import INCOMPLETE, Conversion, Mark, evaluate
from app.model.drill import Drill, EvalMethod, Evaluation, MarkLevel

# the starter drill's rules: a 70 pass line, 达到 100 / 部分达到 60 / 未达到 0
RULES = {
    "grades": [
        {"name": "优秀", "min_score": 90},
        {"name": "合格", "min_score": 70},
        {"name": "不合格", "min_score": 0, "passed": False},
    ],
    "level_scores": {"achieved": 100, "partly": 60, "not_achieved": 0},
}
CRITERIA = [
    {"id": "c-report", "text": "信息报告及时准确", "weight": 2},
    {"id": "c-judge", "text": "研判和升级响应", "weight": 3, "key": True},
    {"id": "c-medical", "text": "医疗救护", "weight": 2},
]


def _evaluation(method: str, criteria: list[dict] | None = None) -> Evaluation:
    return Evaluation.model_validate({"method": method, "criteria": criteria or CRITERIA, **RULES})


def test_the_one_table_converts_both_ways() -> None:
    table = Conversion(_evaluation("choice"))
    for level in MarkLevel:
        assert table.level_of(table.score_of(level)) is level
    assert table.level_of(85) is MarkLevel.PARTLY and table.level_of(59.9) is MarkLevel.NOT_ACHIEVED
    assert table.pass_line == 70
    assert not table.met(table.score_of(MarkLevel.PARTLY))  # 60 < 70
    assert table.met(70) and not table.met(69.9)


def test_a_partly_met_veto_item_below_the_pass_line_fails() -> None:
    marks = {
        "c-report": Mark("c-report", level=MarkLevel.ACHIEVED),
        "c-judge": Mark("c-judge", level=MarkLevel.PARTLY),
        "c-medical": Mark("c-medical", level=MarkLevel.ACHIEVED),
    }
    result = evaluate(_evaluation("choice"), marks)
    assert result.score == pytest.approx((200 + 180 + 200) / 7, abs=0.01)  # 82.9: "合格" by score
    assert result.grade == "不合格" and result.passed is False
    assert result.vetoed_by == ("c-judge",)
    text = result.conclusion().zh
    assert "结论：不合格" in text and "“研判和升级响应”" in text and "c-judge" not in text


@pytest.mark.parametrize(("method", "key"), [("score", "score"), ("choice", "level")])
def test_a_veto_applies_the_same_way_under_both_methods(method: str, key: str) -> None:
    partly: dict = {"score": 60.0} if key == "score" else {"level": MarkLevel.PARTLY}
    full: dict = {"score": 100.0} if key == "score" else {"level": MarkLevel.ACHIEVED}
    marks = {c["id"]: Mark(c["id"], **full) for c in CRITERIA}
    marks["c-judge"] = Mark("c-judge", **partly)
    result = evaluate(_evaluation(method), marks)
    assert result.vetoed_by == ("c-judge",) and result.passed is False


def test_no_verdict_before_every_criterion_is_marked() -> None:
    criteria = [{"id": f"c{n}", "text": f"评估项{n}"} for n in range(10)]
    marks = {"c0": Mark("c0", score=30), "c1": Mark("c1", score=40)}
    result = evaluate(_evaluation("score", criteria), marks)
    assert result.status == INCOMPLETE and not result.complete
    assert result.grade is None and result.passed is None
    text = result.conclusion().zh
    assert text.startswith("未完成评估") and "不合格" not in text
    assert "已评 2/10 项" in text and "另有 8 项未评估" in text


def test_skipped_criteria_need_a_reason_and_complete_the_evaluation() -> None:
    marks = {
        "c-report": Mark("c-report", skipped="本次推演未涉及对外报告"),
        "c-judge": Mark("c-judge", level=MarkLevel.ACHIEVED),
        "c-medical": Mark("c-medical", level=MarkLevel.ACHIEVED),
    }
    result = evaluate(_evaluation("choice"), marks)
    assert result.complete and result.skipped == 1 and result.marked == 2
    assert result.score == 100 and result.grade == "优秀" and result.passed
    assert "1 项说明理由后未评估" in result.conclusion().zh


def test_a_session_skips_with_a_reason_and_the_replay_keeps_it(tmp_path: Path) -> None:
    drill = Drill.model_validate(
        {"meta": {"title": "评估"}, "evaluation": _evaluation("choice").model_dump()}
    )
    session = DrillSession.create(drill, tmp_path / "e.drill.yaml", time_source=FakeTime())
    with session:
        with pytest.raises(DrillError):
            session.skip_criterion("c-report", "  ")
        session.skip_criterion("c-report", "未涉及")
        session.mark("c-judge", level=MarkLevel.NOT_ACHIEVED)
        assert session.evaluation().status == INCOMPLETE
        session.mark("c-medical", score=90)
        live = session.evaluation()
    again = evaluate(drill.evaluation, replay(session.path).state.marks)
    assert again == live
    assert live.complete and live.passed is False and live.vetoed_by == ("c-judge",)


def test_the_method_does_not_change_a_marks_meaning() -> None:
    """A score on a choice drill and a level on a score drill both go through the table."""
    marks = {c["id"]: Mark(c["id"], score=100) for c in CRITERIA}
    marks["c-judge"] = Mark("c-judge", level=MarkLevel.PARTLY)
    for method in EvalMethod:
        result = evaluate(_evaluation(method.value), marks)
        assert result.vetoed_by == ("c-judge",) and result.grade == "不合格"
