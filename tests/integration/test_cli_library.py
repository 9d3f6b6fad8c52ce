"""``python -m app library``: status, plan system and work plan from a real folder."""

from __future__ import annotations

from tests.helpers import run_cli
from tests.unit.test_library import build


def test_status_lists_overdue_and_unreadable(tmp_path) -> None:
    root = build(tmp_path)
    result = run_cli("library", "status", str(root), "--today", "2026-11-23")
    assert result.returncode == 1  # something is overdue
    lines = result.stdout.splitlines()
    assert any(ln.startswith("! ") and "地震预案" in ln and "预案评估已逾期" in ln for ln in lines)
    assert any("坏文件.plan.yaml: 无法读取: 第 1 行" in ln for ln in lines)
    assert "Traceback" not in result.stderr
    only = run_cli("library", "status", str(root), "--today", "2026-11-23", "--overdue")
    assert {ln.split(" | ")[1] for ln in only.stdout.splitlines()} == {
        "地震预案",
        "有限空间处置方案",
        "地震桌面推演",
    }


def test_system_reports_broken_links(tmp_path) -> None:
    result = run_cli("--lang", "en", "library", "system", str(build(tmp_path)))
    assert result.returncode == 1
    assert "- 总体预案" in result.stdout
    assert "  - 防汛预案" in result.stdout
    assert "parent plan '不存在的预案' is not in the library" in result.stdout


def test_work_plan_text(tmp_path) -> None:
    result = run_cli(
        "library", "plan", str(build(tmp_path)), "--year", "2027", "--today", "2026-11-23"
    )
    assert result.returncode == 0
    assert any(
        "防汛预案" in ln and "演练（实战）" in ln and ln.strip().startswith("3月")
        for ln in result.stdout.splitlines()
    )


def test_missing_folder_exits_2(tmp_path) -> None:
    result = run_cli("library", "status", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "文件夹不存在" in result.stderr
