"""Folders named like users name them (Chinese, spaces) through every command.

Windows users keep plans in folders such as ``D:\\应急 预案 库\\2026 修订\\``; every
command that reads or writes a file gets such a path here: new, validate, export,
import-docx, diff, templates, drill new / sessions / metrics, library, and the user's
own template folder under a ``PLANDRILL_HOME`` with spaces and Chinese.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from docx import Document

from app.drill import DrillSession
from app.storage.drills import load_drill, load_linked_plan
from app.storage.recovery import RecoveryStore
from tests.drill_samples import SAMPLE_DRILL, SAMPLE_PLAN
from tests.helpers import run_cli, write_own_template


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "应急 预案 库" / "子 目录"
    path.mkdir(parents=True)
    return path


def _ok(result, *codes: int) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode in (codes or (0,)), result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "内部错误" not in result.stderr


def test_plan_life_cycle_in_a_unicode_folder(folder: Path) -> None:
    plan = folder / "某某 街道 预案.plan.yaml"
    _ok(run_cli("new", "--template", "township", "--example", "-o", str(plan)))
    assert plan.is_file()

    checked = run_cli("validate", str(plan), "--format", "json")
    _ok(checked, 0, 1)
    [report] = json.loads(checked.stdout)
    assert report["readable"] and Path(report["file"]) == plan
    assert report["problems"] and all(Path(p["file"]) == plan for p in report["problems"])

    docx_file = folder / "导出 文档.docx"
    _ok(run_cli("export", str(plan), "-o", str(docx_file)))
    assert "青石镇突发事件应急预案" in [p.text for p in Document(str(docx_file)).paragraphs]
    cards = folder / "处置 卡.docx"
    _ok(run_cli("export", str(plan), "--cards", "-o", str(cards)))
    assert cards.stat().st_size > 5000

    back = folder / "导入 回来.plan.yaml"
    _ok(run_cli("import-docx", str(docx_file), "-o", str(back)), 0, 1)
    assert back.is_file()

    table = folder / "修订 对照表.docx"
    diff = run_cli("diff", str(plan), str(back), "-o", str(table))
    _ok(diff, 0, 1)
    assert table.is_file()

    # saving over keeps the old file as .bak, next to it, under the same odd name
    _ok(run_cli("new", "--template", "township", "--example", "--force", "-o", str(plan)))
    assert plan.with_name(plan.name + ".bak").is_file()


def test_export_default_name_next_to_a_unicode_plan(folder: Path) -> None:
    plan = Path(shutil.copy(SAMPLE_PLAN, folder / "化工 企业 预案.plan.yaml"))
    _ok(run_cli("export", str(plan)))
    assert (folder / "化工 企业 预案.docx").is_file()


def test_drill_journal_and_metrics_in_a_unicode_folder(folder: Path) -> None:
    plan = Path(shutil.copy(SAMPLE_PLAN, folder / SAMPLE_PLAN.name))
    drill_path = Path(shutil.copy(SAMPLE_DRILL, folder / "液氯 泄漏 推演.drill.yaml"))
    _ok(run_cli("validate", str(drill_path)), 0, 1)

    generated = folder / "Ⅱ级 推演.drill.yaml"
    _ok(run_cli("drill", "new", "--from-plan", str(plan), "--level", "II", "-o", str(generated)))
    assert load_drill(generated).problems == []

    drill = load_drill(drill_path).model
    linked = load_linked_plan(drill_path, drill)
    assert linked is not None
    session = DrillSession.create(
        drill, drill_path, plan=linked.model, session_id="20260616-090000"
    )
    session.start()
    session.poll()
    session.add_finding("报告时限不清", ref="sections/report", due=dt.date(2026, 7, 1))
    session.close()
    assert session.path.parent == folder

    listed = run_cli("drill", "sessions", str(drill_path))
    _ok(listed)
    assert "20260616-090000" in listed.stdout
    metrics = folder / "统计 结果.json"
    _ok(run_cli("drill", "metrics", str(session.path), "-o", str(metrics)))
    assert json.loads(metrics.read_text(encoding="utf-8"))["session"] == "20260616-090000"


def test_library_of_a_unicode_folder(folder: Path) -> None:
    shutil.copy(SAMPLE_PLAN, folder / "综合 预案.plan.yaml")
    shutil.copy(SAMPLE_DRILL, folder / "桌面 推演.drill.yaml")
    result = run_cli("library", "status", str(folder.parent), "--today", "2026-11-23")
    _ok(result, 0, 1)
    assert "子 目录/综合 预案.plan.yaml" in result.stdout.replace("\\", "/")
    assert "子 目录/桌面 推演.drill.yaml" in result.stdout.replace("\\", "/")
    assert "预案 1，演练 1，无法读取 0" in result.stderr


def test_own_templates_from_the_user_folder_and_from_a_unicode_folder(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "用户 数据"
    own = home / "templates"
    write_own_template(own, "my-street", "本街道")
    extra = folder / "共享 模板"
    write_own_template(extra, "shared-street", "共享")
    monkeypatch.setenv("PLANDRILL_HOME", str(home))
    listing = run_cli("templates", "--template-dir", str(extra))
    _ok(listing)
    ids = [ln.split()[0] for ln in listing.stdout.splitlines()[1:]]
    assert "my-street" in ids and "shared-street" in ids and "township" in ids
    assert str(own) in listing.stderr  # where to put one's own templates
    out = folder / "我的 预案.plan.yaml"
    _ok(run_cli("new", "-t", "my-street", "--example", "-o", str(out)))
    assert out.is_file()


def test_recovery_files_under_a_unicode_home(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "用户 数据" / "recovery")
    original = tmp_path / "应急 预案 库" / "未保存 的 预案.plan.yaml"
    store.write("s1-1", "schema: plandrill/plan@1\n", session="s1", schema="plandrill/plan@1",
                title="测试", original=original)  # fmt: skip
    [entry] = store.orphans(live_sessions=[])
    assert entry.original_path == original
    assert entry.text == "schema: plandrill/plan@1\n"
