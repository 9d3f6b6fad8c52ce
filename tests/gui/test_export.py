"""Export to Word from the File menu: off the GUI thread, with progress and cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx

from app.ui.export_job import default_target


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def test_export_plan_to_word(opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any) -> None:
    target = tmp_path / "导出" / "预案"
    target.parent.mkdir()
    fake_dialogs.answer("save_file_name", str(target))
    fake_dialogs.allow("show_warning")
    opened.doc.set_value(("meta", "title"), "未保存的新标题")  # exports what is on screen
    task = opened.export_word()
    assert task is not None and not task.done  # the GUI thread did not wait
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    out = target.with_name("预案.docx")
    assert out.exists()
    assert "未保存的新标题" in _text(out)
    assert opened.statusBar().currentMessage() == "已导出 预案.docx"
    [(title, suggested, filters)] = fake_dialogs.called("save_file_name")
    assert title == "导出为 Word" and suggested.endswith("示例.docx") and "*.docx" in filters


def test_export_response_cards(opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any) -> None:
    out = tmp_path / "卡.docx"
    fake_dialogs.answer("save_file_name", str(out))
    fake_dialogs.allow("show_warning")
    task = opened.export_word(cards=True)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert out.exists()
    assert "医疗救护组" in _text(out) or any(
        "医疗救护组" in cell.text
        for table in docx.Document(str(out)).tables
        for row in table.rows
        for cell in row.cells
    )


def test_cancel_writes_nothing(opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any) -> None:
    out = tmp_path / "取消.docx"
    fake_dialogs.answer("save_file_name", str(out))
    task = opened.export_word()
    task.cancel()  # before the exporter's first report
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.was_cancelled
    assert not out.exists()
    assert opened.statusBar().currentMessage() == "已取消"


def test_export_error_is_clear(opened: Any, tmp_path: Path, fake_dialogs: Any, qtbot: Any) -> None:
    out = tmp_path / "没有这个文件夹" / "x.docx"
    fake_dialogs.answer("save_file_name", str(out))
    fake_dialogs.allow("show_error")
    task = opened.export_word()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    [(title, text, details)] = fake_dialogs.called("show_error")
    assert title == "导出为 Word"
    assert "文件夹不存在" in text
    assert str(out) in details
    assert "Traceback" not in text + details


def test_choosing_no_file_exports_nothing(opened: Any, fake_dialogs: Any) -> None:
    fake_dialogs.answer("save_file_name", None)
    assert opened.export_word() is None


def test_default_target(tmp_path: Path) -> None:
    plan = tmp_path / "甲预案.plan.yaml"
    assert default_target(plan, "", "", cards=False) == tmp_path / "甲预案.docx"
    assert default_target(plan, "", "", cards=True) == tmp_path / "甲预案.处置卡.docx"
    other = tmp_path / "exports"
    other.mkdir()
    assert default_target(plan, "", str(other), cards=False) == other / "甲预案.docx"
    assert default_target(None, "乙/丙", "", cards=False).name == "乙_丙.docx"
