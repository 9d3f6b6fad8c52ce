"""Drill documents from the window and from the console: the same exporters as the CLI,
run as jobs; the console's report is built from its own session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from app.drill import FakeTime
from app.drilldocs import DrillDoc
from app.ui.base import tasks
from app.ui.drill import dialogs as drill_dialogs
from tests.gui.drill_support import (
    SCRIPTED,
    copy_samples,
    elapse,
    enter,
    key,
    open_console,
    type_text,
)
from tests.gui.gui_helpers import wait_checked


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _finish(qtbot: Any, job: Any) -> None:
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert job.error is None, job.error


def test_drill_menu_exports_the_open_drills_documents(
    window: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_samples(tmp_path)
    assert window.open_path(tmp_path / SCRIPTED)
    wait_checked(qtbot, window)
    target = tmp_path / "脚本.docx"
    fake_dialogs.answer("save_file_name", str(target))
    _finish(qtbot, window.drill_menu.export_doc(DrillDoc.SCRIPT))
    text = _text(target)
    assert "液氯储罐泄漏事故桌面推演" in text and "中控室报告" in text
    # Ctrl+E on a drill asks which document (the plan exporter is not for drills)
    monkeypatch.setattr(drill_dialogs, "choose_drill_doc", lambda *_: DrillDoc.SCHEME)
    scheme = tmp_path / "方案"
    fake_dialogs.answer("save_file_name", str(scheme))
    job = window.export_word()
    _finish(qtbot, job)
    assert (tmp_path / "方案.docx").exists()
    assert "演练" in _text(tmp_path / "方案.docx")
    tasks.wait_for_tasks()


def test_the_console_exports_the_report_of_its_session(
    qtbot: Any, tmp_path: Path, fake_dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drill_dialogs, "confirm_end", lambda *_: True)
    time = FakeTime()
    console = open_console(qtbot, copy_samples(tmp_path) / SCRIPTED, time, presenter=False)
    key(qtbot, console, "F5")
    elapse(qtbot, console, time, 60)
    key(qtbot, console, "Ctrl+1")
    type_text(qtbot, console, "指挥部宣布启动Ⅱ级响应")
    enter(qtbot, console)
    key(qtbot, console, "Ctrl+Shift+E")
    target = tmp_path / "评估报告.docx"
    fake_dialogs.answer("save_file_name", str(target))
    console.hotwash.report_button.click()
    qtbot.waitUntil(target.exists, timeout=30000)
    tasks.wait_for_tasks()
    text = _text(target)
    assert "液氯储罐泄漏事故桌面推演" in text
    # built from this console's session: one inject delivered, its expected action done
    assert "共下达注入 1 条" in text
    assert "按时完成 1 项" in text
