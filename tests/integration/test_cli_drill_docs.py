"""``python -m app export DRILL --doc …`` and ``python -m app findings …`` as a user runs
them: every document, the improvement loop through the files, and bad input."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import docx
import pytest

from app.model.drill import FindingStatus
from app.storage.drills import load_drill
from app.storage.plans import load_plan
from tests.drill_docs_sessions import record_sample, record_scriptless
from tests.drill_samples import SAMPLE_PLAN
from tests.helpers import run_cli

DRILL = "液氯泄漏桌面推演.drill.yaml"
PLAN = SAMPLE_PLAN.name
TITLES = {
    "scheme": "演练工作方案",
    "script": "演练脚本（导调版）",
    "script-participant": "演练脚本（参演人员版）",
    "evaluation-forms": "演练评估方案",
    "report": "演练评估报告",
    "summary": "演练总结报告",
    "task-cards": "任务卡",
}


@pytest.fixture
def played(tmp_path: Path) -> tuple[Path, Path]:
    return record_sample(tmp_path)


@pytest.mark.parametrize("kind", list(TITLES))
def test_every_document_from_the_command_line(played, kind: str) -> None:  # type: ignore[no-untyped-def]
    drill, journal = played
    result = run_cli("export", DRILL, "--doc", kind, cwd=drill.parent)
    assert result.returncode == 0, result.stderr
    title = TITLES[kind]
    out = drill.with_name(f"液氯泄漏桌面推演.{title.replace('（', '-').replace('）', '')}.docx")
    assert out.is_file() and f"已导出{title}" in result.stdout and str(out.name) in result.stdout
    if kind in ("report", "summary"):
        assert journal.name in result.stdout  # which session it used
    d = docx.Document(str(out))
    assert d.core_properties.title  # opens as a Word document with its properties


def test_report_with_a_named_session_and_output(played, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drill, journal = played
    out = tmp_path / "out" / "评估报告.docx"
    out.parent.mkdir()
    result = run_cli(
        "export", str(drill), "--doc", "report", "--session", str(journal), "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())


def test_wrong_doc_for_a_plan_is_refused(played) -> None:  # type: ignore[no-untyped-def]
    drill, _ = played
    result = run_cli("export", PLAN, "--doc", "report", cwd=drill.parent)
    assert result.returncode == 2
    assert "--doc report 只用于演练文件" in result.stderr
    assert not list(drill.parent.glob("*.docx"))
    result = run_cli("export", PLAN, "--session", "x.journal.jsonl", cwd=drill.parent)
    assert result.returncode == 2 and "--session" in result.stderr


def test_a_drill_needs_a_doc_and_a_known_one(played) -> None:  # type: ignore[no-untyped-def]
    drill, _ = played
    result = run_cli("export", DRILL, cwd=drill.parent)
    assert (
        result.returncode == 2
        and "请用 --doc 指定" in result.stderr
        and "task-cards" in result.stderr
    )
    result = run_cli("export", DRILL, "--doc", "minutes", cwd=drill.parent)
    assert result.returncode == 2 and "invalid choice" in result.stderr
    result = run_cli("export", DRILL, "--cards", "--doc", "scheme", cwd=drill.parent)
    assert result.returncode == 2 and "--doc task-cards" in result.stderr
    assert not list(drill.parent.glob("*.docx"))


def test_report_without_a_session_is_a_clear_error(tmp_path: Path) -> None:
    _drill, journal = record_sample(tmp_path, end=False)
    result = run_cli("export", DRILL, "--doc", "report", cwd=tmp_path)
    assert result.returncode == 2
    assert "都未结束" in result.stderr and "--session" in result.stderr
    journal.unlink()
    result = run_cli("--lang", "en", "export", DRILL, "--doc", "summary", cwd=tmp_path)
    assert result.returncode == 2 and "has no session" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_a_journal_of_another_drill_is_refused(played, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _drill, journal = played
    (tmp_path / "b").mkdir()
    other, _, _ = record_scriptless(tmp_path / "b")
    result = run_cli("export", str(other), "--doc", "report", "--session", str(journal))
    assert result.returncode == 2 and "该记录属于演练" in result.stderr


def test_plan_only_options_are_reported_as_ignored(played) -> None:  # type: ignore[no-untyped-def]
    drill, _ = played
    result = run_cli("export", DRILL, "--doc", "scheme", "--numbering", "decimal", cwd=drill.parent)
    assert result.returncode == 0 and "--numbering 只用于预案" in result.stderr


def test_the_plan_export_is_unchanged(played) -> None:  # type: ignore[no-untyped-def]
    drill, _ = played
    result = run_cli("export", PLAN, cwd=drill.parent)
    assert result.returncode == 0, result.stderr
    assert "已导出预案" in result.stdout


# --- findings -----------------------------------------------------------------------------------


def _revise_step(plan_path: Path, ref: str | None) -> None:
    """The planner revises the step a finding is about, as the editor would save it."""
    from app.findings import ref_path
    from app.model.drill import resolve_plan_ref
    from app.storage.plans import save_plan

    plan = load_plan(plan_path).model
    assert ref and ref_path(plan, ref) is not None
    step = resolve_plan_ref(plan, ref)
    step.action += "（到场后5分钟内关闭紧急切断阀）"  # type: ignore[union-attr]
    save_plan(plan, plan_path)


def test_improvement_loop_through_the_command_line(played) -> None:  # type: ignore[no-untyped-def]
    drill, journal = played
    folder = drill.parent
    # before the sync the plan's drills hold nothing; the CLI says where they wait
    result = run_cli("findings", "list", PLAN, cwd=folder)
    assert result.returncode == 0 and "没有符合条件的问题" in result.stdout
    assert "findings sync" in result.stderr
    result = run_cli("findings", "list", DRILL, "--today", "2026-08-10", cwd=folder)
    assert "未写入演练文件" in result.stdout and "逾期 10 天" in result.stdout

    result = run_cli("findings", "sync", journal.name, "--history", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "写入 2 项问题" in result.stdout and "演练记录中加入" in result.stdout
    assert [f.id for f in load_drill(drill).model.findings] == ["F1", "F2"]
    assert load_plan(folder / PLAN).model.meta.drill_history[-1].date == dt.date(2026, 6, 16)
    again = run_cli("findings", "sync", DRILL, "--history", cwd=folder)  # by drill: all sessions
    assert (
        again.returncode == 0 and "写入 0 项问题" in again.stdout and "已有这次演练" in again.stdout
    )

    result = run_cli(
        "findings", "list", PLAN, "--format", "json", "--today", "2026-08-10", cwd=folder
    )
    rows = json.loads(result.stdout)
    assert [(r["id"], r["overdue"], r["status"]) for r in rows] == [
        ("F1", True, "open"),
        ("F2", False, "open"),
    ]
    assert rows[0]["element"].startswith("处置程序“公司级（Ⅱ级）应急响应”第2步")
    result = run_cli("findings", "list", PLAN, "--overdue", "--today", "2026-08-10", cwd=folder)
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("F1\t严重问题\t待整改")
    assert result.returncode == 1  # something is overdue: a scheduled check can act on it
    early = run_cli("findings", "list", PLAN, "--overdue", "--today", "2026-06-20", cwd=folder)
    assert early.returncode == 0 and "没有符合条件的问题" in early.stdout

    result = run_cli(
        "findings",
        "update",
        DRILL,
        "F2",
        "--status",
        "in_progress",
        "--due",
        "2026-09-30",
        cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    f2 = load_drill(drill).model.findings[1]
    assert f2.status is FindingStatus.IN_PROGRESS and f2.due == dt.date(2026, 9, 30)

    version = load_plan(folder / PLAN).model.meta.version
    close = ("findings", "close", DRILL, "F1", "--revise", "--bump", "--date", "2026-08-12")
    before = (drill.read_bytes(), (folder / PLAN).read_bytes())
    refused = run_cli(*close, cwd=folder)  # the step F1 names still reads as it did
    assert refused.returncode == 2 and "以来没有修改，不能记为已修订" in refused.stderr
    assert (drill.read_bytes(), (folder / PLAN).read_bytes()) == before
    _revise_step(folder / PLAN, load_drill(drill).model.findings[0].ref)
    result = run_cli(
        "findings",
        "close",
        DRILL,
        "F1",
        "--revise",
        "--bump",
        "--author",
        "李明",
        "--date",
        "2026-08-12",
        cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    assert "已关闭问题 F1" in result.stdout and "修订记录中加入" in result.stdout
    meta = load_plan(folder / PLAN).model.meta
    assert meta.version != version
    last = meta.revision_history[-1]
    assert (last.date, last.author, last.version) == (dt.date(2026, 8, 12), "李明", meta.version)
    assert "F1" in last.summary
    result = run_cli("findings", "list", PLAN, "--status", "closed", cwd=folder)
    assert result.stdout.startswith("F1\t") and "F2" not in result.stdout


def test_findings_bad_input(played) -> None:  # type: ignore[no-untyped-def]
    drill, journal = played
    folder = drill.parent
    run_cli("findings", "sync", journal.name, cwd=folder)
    before = drill.read_bytes()
    cases = [
        (("findings", "close", DRILL, "F9"), "没有编号为“F9”的问题"),
        (("findings", "close", DRILL, "F1", "--summary", "x"), "需要与 --revise 一起使用"),
        (("findings", "close", DRILL, "F1", "--revise", "无.plan.yaml"), "预案文件不存在"),
        (("findings", "update", DRILL, "F1", "--due", "下月底"), "不是日期"),
        (("findings", "update", DRILL, "F1"), "请指定要修改的内容"),
        (("findings", "update", DRILL, "F1", "--ref", "steps/nope"), "找不到“steps/nope”"),
        (("findings", "list", "无.drill.yaml"), "文件不存在"),
        (("findings",), ""),
    ]
    for args, message in cases:
        result = run_cli(*args, cwd=folder)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert drill.read_bytes() == before


def test_sync_of_a_running_session_will_not_record_it_as_held(tmp_path: Path) -> None:
    _drill, journal = record_sample(tmp_path, end=False)
    plan_before = (tmp_path / PLAN).read_bytes()
    result = run_cli("findings", "sync", journal.name, "--history", cwd=tmp_path)
    assert result.returncode == 2 and "尚未结束" in result.stderr
    assert (tmp_path / PLAN).read_bytes() == plan_before
