"""Drill checks through ``check_file``: ids, inject references, plan references, with lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.checks import check_file
from app.model.problems import Severity
from tests.drill_samples import SAMPLE_PLAN, copy_sample

HEAD = "schema: plandrill/drill@1\nmeta:\n  title: 测试\n  plan: plan.plan.yaml\n"
CRITERIA = "evaluation:\n  criteria:\n    - {id: c1, text: 处置}\n"


def _check(tmp_path: Path, body: str, *, with_plan: bool = True, name: str = "d.drill.yaml"):  # type: ignore[no-untyped-def]
    if with_plan:
        shutil.copy(SAMPLE_PLAN, tmp_path / "plan.plan.yaml")
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return check_file(path)


def _find(report, code: str):  # type: ignore[no-untyped-def]
    return [p for p in report.problems if p.code == code]


def test_sample_drill_checks_clean(tmp_path: Path) -> None:
    report = check_file(copy_sample(tmp_path))
    assert report.kind == "drill"
    assert report.fatal is None and report.problems == []


def test_duplicate_ids(tmp_path: Path) -> None:
    report = _check(
        tmp_path,
        "script:\n"
        "  - id: i1\n"
        "    expected: [{id: e1}, {id: e1}]\n"
        "library:\n"
        "  - id: i1\n" + CRITERIA,
    )
    dup = _find(report, "ids.duplicate")
    assert [(p.line, "注入和情景卡" in p.message.zh) for p in dup if "i1" in p.message.zh] == [
        (9, True)
    ]
    assert any("期望行动" in p.message.zh and p.line == 7 for p in dup)


def test_inject_references_resolve(tmp_path: Path) -> None:
    body = (
        "script:\n"
        "  - id: i1\n"  # 6
        "    decisions: [{id: d1}]\n"
        "    follow_ups:\n"
        "      - {decision: d1, inject: ghost}\n"  # 9
        "      - {decision: d-other, inject: i2}\n"  # 10
        "    criteria: [c-none]\n"  # 11
        "  - id: i2\n"
        "    trigger: {after: nobody}\n"  # 13
        "  - id: i3\n"
        "    trigger: {decision: d-none}\n"  # 15
        "  - id: i4\n"
        "    trigger: {delay_min: 3}\n"  # 17
        "library:\n"
        "  - id: k1\n"
        "    preconditions: [{inject: ghost2}, {category: 不存在}, {}]\n" + CRITERIA  # 20
    )
    report = _check(tmp_path, body)
    errors = {(p.code, p.line) for p in report.problems if p.severity is Severity.ERROR}
    assert ("ref.missing", 9) in errors  # follow-up to an unknown inject
    assert ("ref.follow_up_decision", 10) in errors  # a decision this inject does not offer
    assert ("ref.missing", 11) in errors  # unknown criterion
    assert ("ref.missing", 13) in errors  # trigger after an unknown inject
    assert ("ref.missing", 15) in errors  # trigger on an unknown decision
    assert ("script.trigger_shape", 17) in errors
    assert ("ref.missing", 20) in errors
    assert ("library.empty_precondition", 20) in errors
    assert _find(report, "library.unknown_category")[0].severity is Severity.WARNING
    ghost = next(p for p in report.problems if p.line == 9)
    assert "ghost" in ghost.message.zh and "ghost" in ghost.message.en


def test_trigger_loops_never_fire(tmp_path: Path) -> None:
    body = (
        "script:\n"
        "  - id: a\n    trigger: {after: b}\n"
        "  - id: b\n    trigger: {after: c}\n"
        "  - id: c\n    trigger: {after: a}\n"
        "  - id: d\n    trigger: {after: a}\n" + CRITERIA
    )
    loops = _find(_check(tmp_path, body), "script.trigger_cycle")
    assert sorted(p.line for p in loops) == [7, 9, 11]
    assert "a → b → c → a" in loops[0].message.zh


def test_plan_references_resolve(tmp_path: Path) -> None:
    body = (
        "  level: V\n"  # 5 (still in meta)
        "participants:\n"
        "  - {id: u1, plays: g-nobody}\n"  # 7
        "script:\n"
        "  - id: i1\n"
        "    to: [g-rescue, 外星人]\n"  # 10
        "    expected:\n"
        "      - {id: e1, steps: [gen-ii-02, st-missing], by: g-rescue}\n"  # 12
        "evaluation:\n"
        "  criteria:\n"
        "    - {id: c1, steps: [st-gone]}\n"  # 15
        "findings:\n"
        "  - {id: F1, text: 超时, ref: procedures/gen-ii/steps/st-x}\n"  # 17
        "  - {id: F2, text: 章节, ref: sections/report}\n"
    )
    report = _check(tmp_path, body)
    by_line = {(p.code, p.line): p for p in report.problems}
    assert ("ref.missing", 5) in by_line  # level V
    assert ("ref.missing", 7) in by_line
    assert "g-nobody" in by_line[("ref.missing", 7)].message.zh
    assert ("ref.unknown_party", 10) in by_line
    assert by_line[("ref.unknown_party", 10)].severity is Severity.WARNING
    assert "st-missing" in by_line[("ref.missing", 12)].message.zh
    assert ("ref.missing", 15) in by_line
    assert ("ref.plan_element", 17) in by_line
    assert not any(p.line == 18 for p in report.problems)


def test_missing_plan_names_its_path(tmp_path: Path) -> None:
    report = _check(tmp_path, CRITERIA, with_plan=False)
    [problem] = [p for p in report.problems if p.severity is Severity.ERROR]
    assert problem.code == "plan.unreadable"
    assert problem.line == 4  # the meta.plan line
    assert str(tmp_path / "plan.plan.yaml") in problem.message.zh
    assert "meta.plan" in problem.text("zh")


def test_unreadable_plan_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "plan.plan.yaml").write_bytes(b"meta: [unclosed\n")
    report = _check(tmp_path, CRITERIA, with_plan=False)
    [problem] = [p for p in report.problems if p.severity is Severity.ERROR]
    assert "无法读取演练关联的预案" in problem.message.zh
    assert "plan.plan.yaml" in problem.message.zh


def test_plan_with_schema_errors_is_a_warning(tmp_path: Path) -> None:
    text = SAMPLE_PLAN.read_text(encoding="utf-8").replace(
        "kind: enterprise_comprehensive", "kind: bogus"
    )
    (tmp_path / "plan.plan.yaml").write_text(text, encoding="utf-8")
    report = _check(tmp_path, CRITERIA, with_plan=False)
    [warning] = _find(report, "plan.has_errors")
    assert warning.severity is Severity.WARNING and warning.line == 4


def test_no_plan_linked_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "d.drill.yaml"
    path.write_text("schema: plandrill/drill@1\nmeta:\n  title: x\n" + CRITERIA, encoding="utf-8")
    report = check_file(path)
    assert "plan.not_linked" in {p.code for p in report.problems}
    assert report.errors == 0


def test_setup_warnings(tmp_path: Path) -> None:
    body = (
        "  duration_min: 30\n"
        "script:\n"
        "  - id: i1\n    at_min: 45\n    attachments: [现场.png]\n"
        "  - id: i2\n    at_min: 5\n    trigger: {after: i1}\n"
        "evaluation:\n  criteria: [{id: c1, weight: 0}]\n"
        "  grades: [{name: 合格, min_score: 60}]\n"
    )
    report = _check(tmp_path, body)
    codes = {p.code for p in report.problems}
    assert {
        "script.after_end",
        "attachment.missing",
        "script.time_ignored",
        "evaluation.zero_weight",
        "evaluation.grade_gap",
        "evaluation.no_fail_grade",
    } <= codes
    (tmp_path / "现场.png").write_bytes(b"\x89PNG")
    assert "attachment.missing" not in {
        p.code for p in check_file(tmp_path / "d.drill.yaml").problems
    }


def test_empty_scripted_and_scriptless(tmp_path: Path) -> None:
    assert _find(_check(tmp_path, CRITERIA), "script.empty")
    other = tmp_path / "o"
    other.mkdir()
    assert _find(_check(other, "  mode: scriptless\n" + CRITERIA), "library.empty")


def test_drill_without_schema_line_is_checked_as_a_drill(tmp_path: Path) -> None:
    path = tmp_path / "无声明.drill.yaml"
    path.write_text("meta:\n  title: x\nscript:\n  - id: i1\n    at_min: 很快\n", encoding="utf-8")
    report = check_file(path)
    assert report.kind == "drill"
    assert any(p.line == 5 and "计划时间" in p.message.zh for p in report.problems)


@pytest.mark.parametrize("content", [b"", b"- a list\n", b"\x00\x01binary", b"meta: [x\n"])
def test_unreadable_drill_is_fatal_not_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "d.drill.yaml"
    path.write_bytes(content)
    report = check_file(path)
    assert report.fatal is not None
    assert report.fatal.text("zh")


def test_placeholders_and_injects_that_say_nothing_are_reported(tmp_path: Path) -> None:
    """Issue 18 item 10: validate passed a drill with 17 【待填写】 and an empty inject."""
    body = (
        "  place: 【待填写：演练地点】\n"  # 5
        "participants:\n"
        "  - {id: p1, name: 【待填写：姓名】, role: player}\n"  # 7
        "script:\n"
        "  - id: i1\n"  # 9
        "    title: 初始情况\n"
        "  - id: i2\n"  # 11
        "    title: 后续\n"
        "    text: 中控室报告泄漏扩大\n"
        "    to: [hq]\n"
        "    at_min: 5\n" + CRITERIA
    )
    report = _check(tmp_path, body)
    assert [p.line for p in _find(report, "content.placeholder")] == [5, 7]
    empty = _find(report, "inject.no_text")
    assert [(p.severity, p.line) for p in empty] == [(Severity.ERROR, 9)]
    assert "初始情况" in empty[0].message.zh
    assert [p.line for p in _find(report, "inject.no_recipient")] == [9]
    assert [p.line for p in _find(report, "inject.no_time")] == [9]  # i2 has its time


def test_the_scriptless_sample_names_its_unfilled_participants() -> None:
    from tests.drill_samples import SAMPLE_DIR

    report = check_file(SAMPLE_DIR / "无脚本综合演练.drill.yaml")
    assert len(_find(report, "content.placeholder")) == 17
