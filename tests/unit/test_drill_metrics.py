"""Metrics on hand-built journals with known answers, and the evaluation rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.drill.evaluation import Mark, evaluate
from app.drill.metrics import (
    EXERCISED,
    MISSED,
    NOT_DELIVERED,
    NOT_IN_DRILL,
    OUT_OF_SCOPE,
    metrics_from_journal,
)
from app.drill.session import json_data, plan_digest
from app.model.drill import Drill, EvalMethod, Evaluation, Grade, MarkLevel
from app.model.plan import Plan
from app.storage.journal import JournalWriter

PLAN = Plan.model_validate(
    {
        "meta": {"title": "测试预案"},
        "organization": {
            "command": {"id": "hq", "name": "指挥部"},
            "groups": [
                {"id": "g-a", "name": "抢险组"},
                {"id": "g-b", "name": "医疗组"},
            ],
        },
        "levels": [{"id": "I"}, {"id": "II"}],
        "procedures": [
            {
                "id": "p1",
                "level": "II",
                "steps": [
                    {"id": "s1", "actor": "hq", "action": "启动响应"},
                    {"id": "s2", "actor": "g-a", "action": "关阀"},
                    {"id": "s3", "actor": "g-b", "action": "救护"},
                    {"id": "s4", "actor": "g-a", "action": "洗消"},
                ],
            },
            {
                "id": "p2",
                "level": "I",
                "steps": [{"id": "s9", "actor": "hq", "action": "请求支援"}],
            },
        ],
    }
)

DRILL = Drill.model_validate(
    {
        "meta": {"title": "手工记录", "level": "II"},
        "participants": [
            {"id": "u1", "name": "张三", "role": "player", "plays": "hq"},
            {"id": "u2", "name": "李四", "role": "player", "plays": "g-a"},
            {"id": "u3", "name": "王五", "role": "player", "group": "g-b"},
            {"id": "ev", "name": "评估员", "role": "evaluator"},
        ],
        "script": [
            {
                "id": "A",
                "title": "接报",
                "at_min": 0,
                "expected": [
                    {"id": "eA", "text": "启动", "by": "hq", "steps": ["s1"], "within_min": 5}
                ],
            },
            {
                "id": "B",
                "title": "现场",
                "at_min": 10,
                "expected": [
                    {"id": "eB1", "text": "关阀", "by": "g-a", "steps": ["s2"], "within_min": 10},
                    {"id": "eB2", "text": "救护", "by": "g-b", "steps": ["s3"], "within_min": 10},
                ],
            },
            {
                "id": "C",
                "title": "未下达",
                "at_min": 50,
                "expected": [{"id": "eC", "text": "洗消", "by": "g-a", "steps": ["s4"]}],
            },
        ],
        "evaluation": {
            "criteria": [
                {"id": "c1", "text": "启动", "weight": 1},
                {"id": "c2", "text": "处置", "weight": 3, "key": True},
            ]
        },
    }
)


def _journal(
    path: Path, entries: list[dict], *, plan: Plan | None = PLAN, drill: Drill = DRILL
) -> Path:
    header = {
        "session": "20260101-090000",
        "wall": "2026-01-01T09:00:00+08:00",
        "drill": json_data(drill),
        "plan": plan_digest(plan) if plan is not None else None,
        "seed": 1,
    }
    with JournalWriter.create(path, header) as w:
        for e in entries:
            w.append(e.pop("type"), e)
    return path


def _e(type_: str, scn_min: float, ses_s: float | None = None, **fields) -> dict:  # type: ignore[no-untyped-def]
    return {
        "type": type_,
        "scn": scn_min * 60,
        "ses": ses_s if ses_s is not None else scn_min * 60,
        **fields,
    }


RUN = [
    _e("start", 0, wall="2026-01-01T09:00:00+08:00"),
    _e("deliver", 0, inject="A"),
    _e("action", 3, ses_s=200, who="u1", text="启动Ⅱ级", inject="A", fulfils=["eA"]),
    _e("speed", 5, speed=2),
    _e("deliver", 10, ses_s=450, inject="B"),
    _e("note", 12, who="u2", text="现场较乱"),
    _e("action", 14, ses_s=570, who="u2", text="关阀", fulfils=["eB1"]),
    _e("action", 25, ses_s=900, who="u3", text="救护", fulfils=["eB2"], decision=None),
    _e("action", 26, ses_s=930, who="外部专家", text="提出建议"),
    _e("mark", 30, ses_s=1200, criterion="c1", score=90, by="ev"),
    _e("mark", 30, ses_s=1200, criterion="c2", level="partly", by="ev"),
    _e("mark", 31, ses_s=1230, criterion="c1", score=80, by="ev"),  # revised: the latest counts
    _e("end", 40, ses_s=1500, wall="2026-01-01T09:25:00+08:00"),
]


def test_known_answers(tmp_path: Path) -> None:
    m = metrics_from_journal(_journal(tmp_path / "x.journal.jsonl", [dict(e) for e in RUN]))
    assert m.problems == []
    assert m.finished and m.scenario_min == 40 and m.session_real_s == 1500
    injects = {i.id: i for i in m.injects}
    assert injects["A"].response_min == 3.0 and injects["A"].response_real_s == 200
    assert injects["B"].response_min == 4.0 and injects["B"].response_real_s == 120
    assert injects["B"].actions == 2
    assert not injects["C"].delivered and injects["C"].response_min is None
    assert m.mean_response_min == 3.5

    status = {e.id: e.status for e in m.expected}
    assert status == {"eA": "done", "eB1": "done", "eB2": "late", "eC": "not_delivered"}
    assert {e.id: e.after_min for e in m.expected}["eB2"] == 15.0
    assert m.counts["done"] == 2 and m.counts["late"] == 1 and m.counts["missed"] == 0

    steps = {s.id: s.status for s in m.steps}
    assert steps == {
        "s1": EXERCISED,
        "s2": EXERCISED,
        "s3": EXERCISED,  # late still exercises the step
        "s4": NOT_DELIVERED,
        "s9": OUT_OF_SCOPE,  # a level-I procedure in a level-II drill
    }
    assert (m.steps_exercised, m.steps_in_scope) == (3, 4)
    assert m.coverage == 0.75

    teams = {t.key: t for t in m.by_team}
    assert (
        teams["hq"].name == "指挥部" and teams["hq"].actions == 1 and teams["hq"].expected_done == 1
    )
    assert teams["g-a"].actions == 1 and teams["g-a"].notes == 1 and teams["g-a"].expected_done == 1
    assert teams["g-b"].expected_late == 1
    people = {p.key: p for p in m.by_participant}
    assert people["u3"].name == "王五" and people["u3"].first_min == 25.0
    assert people["外部专家"].role is None  # unknown actors are still counted
    roles = {r.key: r for r in m.by_role}
    assert roles["player"].actions == 3

    ev = m.evaluation
    assert ev is not None
    # c1 = 80 (revised), c2 = partly → 60; weights 1 and 3; c2 is a key item, partly is not a veto
    assert ev.score == pytest.approx((80 + 3 * 60) / 4)
    assert ev.grade == "合格" and ev.passed and ev.complete
    data = json.loads(m.to_json())
    assert data["coverage"] == 0.75 and data["evaluation"]["grade"] == "合格"


def test_unfinished_session_open_and_overdue(tmp_path: Path) -> None:
    entries = [dict(e) for e in RUN[:5]]  # stopped right after B was delivered at T+10
    entries.append(_e("checkpoint", 25))
    m = metrics_from_journal(_journal(tmp_path / "x.journal.jsonl", entries))
    assert not m.finished
    status = {e.id: e.status for e in m.expected}
    # judged at the last entry (T+25): B's 10-minute limits have passed
    assert status == {"eA": "done", "eB1": "overdue", "eB2": "overdue", "eC": "not_delivered"}
    assert m.evaluation is not None and m.evaluation.score is None


def test_missed_when_ended_without_action(tmp_path: Path) -> None:
    entries = [dict(e) for e in RUN[:2]] + [_e("end", 20)]
    m = metrics_from_journal(_journal(tmp_path / "x.journal.jsonl", entries))
    assert {e.id: e.status for e in m.expected}["eA"] == "missed"
    assert {s.id: s.status for s in m.steps}["s1"] == MISSED
    assert {s.id: s.status for s in m.steps}["s2"] == NOT_DELIVERED
    assert m.injects[0].response_min is None


def test_without_plan_steps_come_from_the_drill(tmp_path: Path) -> None:
    m = metrics_from_journal(
        _journal(tmp_path / "x.journal.jsonl", [dict(e) for e in RUN], plan=None)
    )
    assert m.plan_title is None and m.coverage is None
    assert {s.id for s in m.steps} == {"s1", "s2", "s3", "s4"}


def test_steps_named_directly_in_actions(tmp_path: Path) -> None:
    entries = [dict(e) for e in RUN[:2]]
    entries.append(_e("action", 4, who="u2", text="主动洗消", steps=["s4"]))
    m = metrics_from_journal(_journal(tmp_path / "x.journal.jsonl", entries))
    assert {s.id: s.status for s in m.steps}["s4"] == EXERCISED


def test_not_in_drill(tmp_path: Path) -> None:
    drill = DRILL.model_copy(update={"script": DRILL.script[:1]})
    m = metrics_from_journal(
        _journal(tmp_path / "x.journal.jsonl", [dict(e) for e in RUN[:3]], drill=drill)
    )
    assert {s.id: s.status for s in m.steps}["s2"] == NOT_IN_DRILL


def test_bad_entries_are_reported_not_fatal(tmp_path: Path) -> None:
    entries = [dict(e) for e in RUN]
    entries.insert(3, _e("deliver", 4, inject="ghost"))
    entries.insert(4, _e("action", 4, who="u1", text="x", fulfils=["nope"]))
    entries.insert(5, _e("teleport", 4))
    path = _journal(tmp_path / "x.journal.jsonl", entries)
    m = metrics_from_journal(path)
    assert [p.line for p in m.problems] == [5, 6, 7]
    assert all(p.code == "journal.bad_entry" for p in m.problems)
    assert "ghost" in m.problems[0].message.zh
    assert {e.id: e.status for e in m.expected}["eA"] == "done"  # the rest still counts


def test_summary_is_readable_in_both_languages(tmp_path: Path) -> None:
    m = metrics_from_journal(_journal(tmp_path / "x.journal.jsonl", [dict(e) for e in RUN]))
    zh = m.summary("zh")
    assert "按时完成 2，超时完成 1" in zh and "已检验 3/4（75%）" in zh and "结论：合格" in zh
    en = m.summary("en")
    assert "2 done, 1 late" in en and "3/4 exercised (75%)" in en


# --- evaluation rules -----------------------------------------------------------------------

EV = Evaluation.model_validate(
    {
        "criteria": [
            {"id": "a", "weight": 2},
            {"id": "b", "weight": 1, "key": True},
            {"id": "c", "weight": 1},
        ]
    }
)


@pytest.mark.parametrize(
    ("marks", "score", "grade", "passed"),
    [
        ({"a": 100, "b": 100, "c": 60}, 90.0, "优秀", True),
        ({"a": 80, "b": 80, "c": 80}, 80.0, "良好", True),
        ({"a": 60, "b": 60, "c": 59.99}, 60.0, "合格", True),
        ({"a": 50, "b": 80, "c": 50}, 57.5, "不合格", False),
        ({"a": 100, "b": 40, "c": 100}, 85.0, "不合格", False),  # key item below 合格: veto
    ],
)
def test_weighted_score_and_grade(marks: dict, score: float, grade: str, passed: bool) -> None:
    result = evaluate(EV, {k: Mark(k, score=v) for k, v in marks.items()})
    assert result.score == pytest.approx(score, abs=0.01)
    assert result.grade == grade and result.passed is passed


def test_choice_levels_and_veto() -> None:
    ev = EV.model_copy(update={"method": EvalMethod.CHOICE})
    marks = {
        "a": Mark("a", level=MarkLevel.ACHIEVED),
        "b": Mark("b", level=MarkLevel.NOT_ACHIEVED),
        "c": Mark("c", level=MarkLevel.ACHIEVED),
    }
    result = evaluate(ev, marks)
    assert result.score == pytest.approx(75.0)
    assert result.vetoed_by == ("b",) and result.grade == "不合格" and not result.passed
    assert "否决项" in result.conclusion().zh


def test_incomplete_marks_are_reported() -> None:
    result = evaluate(EV, {"a": Mark("a", score=90)})
    assert result.score == 90.0 and not result.complete and result.marked == 1
    assert "另有 2 项未评估" in result.conclusion().zh


def test_custom_grades() -> None:
    ev = EV.model_copy(
        update={
            "grades": [
                Grade(name="通过", min_score=70),
                Grade(name="不通过", min_score=0, passed=False),
            ]
        }
    )
    result = evaluate(ev, {k: Mark(k, score=72) for k in "abc"})
    assert result.grade == "通过" and result.passed


def test_one_list_of_untested_steps(tmp_path: Path) -> None:
    """Every "未检验" count is the in-scope steps not exercised (issue 18: 19 vs 8)."""
    m = metrics_from_journal(_journal(tmp_path / "x.journal.jsonl", [dict(e) for e in RUN]))
    assert len(m.untested) == m.steps_in_scope - m.steps_exercised
    assert sum(m.untested_by_status().values()) == len(m.untested)
    assert all(s.status not in (EXERCISED, OUT_OF_SCOPE) for s in m.untested)
