"""Drill documents through the window's job runner: progress, result, clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.drilldocs import DrillDoc
from app.ui.base import tasks
from app.ui.drill_docs_job import drill_doc_job
from tests.drill_docs_sessions import record_sample


def test_report_through_the_window_job(window: Any, tmp_path: Path, qtbot: Any) -> None:
    drill, _ = record_sample(tmp_path)
    target = tmp_path / "评估报告.docx"
    results: list[Any] = []
    task = window.run_job("导出", drill_doc_job(DrillDoc.REPORT, drill, target), results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    tasks.wait_for_tasks()
    assert target.is_file() and results[0].path == target
    assert task is not None


def test_a_report_without_session_shows_where(
    window: Any, tmp_path: Path, qtbot: Any, fake_dialogs: Any
) -> None:
    drill, journal = record_sample(tmp_path)
    journal.unlink()
    fake_dialogs.allow("show_error")
    window.run_job("导出", drill_doc_job(DrillDoc.SUMMARY, drill, tmp_path / "s.docx"))
    qtbot.waitUntil(lambda: bool(fake_dialogs.called("show_error")), timeout=20000)
    _title, text, details = fake_dialogs.called("show_error")[0]
    assert "还没有演练记录" in text and drill.name in details
    assert not (tmp_path / "s.docx").exists()
