"""文件 › 导入 Word 预案 / 导入 Excel 名录: off the GUI thread, reviewed before use (issue 19)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QTableWidget

from app.model.plan import Plan, walk_sections
from app.ui.import_review import ExcelReview, ImportReview
from tests.import_corpus import CASES

SHOTS = os.environ.get("PLANDRILL_SHOTS")  # a folder: the review views are saved there


def _shot(widget: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


def _review(window: Any, qtbot: Any, path: Path) -> ImportReview:
    actions = window.import_actions
    task = actions.import_word(str(path))
    assert task is not None and not task.done  # the import runs on a worker thread
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.waitUntil(lambda: isinstance(actions.review, ImportReview), timeout=10_000)
    return actions.review


def test_the_file_menu_has_both_imports(window: Any) -> None:
    texts = [a.text() for a in window.file_menu.actions()]
    assert "导入 Word 预案(&W)…" in texts and "导入 Excel 名录(&X)…" in texts


def test_word_import_shows_what_was_recognised(window: Any, qtbot: Any, tmp_path: Path) -> None:
    path = CASES[1].build(tmp_path / "专项.docx")  # risk tables and a step table
    review = _review(window, qtbot, path)
    top = [
        review.outline.topLevelItem(k).text(0) for k in range(review.outline.topLevelItemCount())
    ]
    assert top == ["适用范围", "风险分析", "应急处置"]
    kinds = [review.tables.cellWidget(r, 1).currentText() for r in range(review.tables.rowCount())]
    assert kinds == ["风险", "风险", "处置程序"]
    assert "本预案适用于罐区和装卸区" in review.source_view.toPlainText()
    review.resize(1200, 700)
    _shot(review, "import-review.png")
    review.tabs.setCurrentIndex(1)
    _shot(review, "import-review-tables.png")
    review.reject()


def test_a_table_kind_and_a_heading_level_are_fixed_before_opening(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    path = CASES[1].build(tmp_path / "专项.docx")
    review = _review(window, qtbot, path)
    combo: QComboBox = review.tables.cellWidget(2, 1)
    combo.setCurrentIndex(combo.findData(None))  # the step table: keep it as text
    assert review.task is not None  # read again on a worker thread
    qtbot.waitUntil(lambda: review.task.done, timeout=30_000)
    assert review.imported.plan.procedures == []
    assert review.tables.cellWidget(2, 1).currentData() is None
    assert any("响应程序" in review.plain.item(k).text() for k in range(review.plain.count()))
    review.select_section("后果分析")
    review.down_button.click()  # 后果分析 goes under 风险辨识 …
    risk = next(s for s in review.plan.sections if s.title == "风险分析")
    assert [c.title for c in risk.children] == ["风险辨识"]
    assert [c.title for c in risk.children[0].children] == ["后果分析"]
    review.up_button.click()  # … and back
    assert [c.title for c in risk.children] == ["风险辨识", "后果分析"]
    review.select_section("注意事项")
    review.up_button.click()  # 注意事项 becomes a chapter of its own
    assert [s.title for s in review.plan.sections][-1] == "注意事项"
    review.accept()
    qtbot.waitUntil(lambda: window.doc is not None and isinstance(window.doc.model, Plan))
    plan = window.doc.model
    assert plan.meta.title == "北方储运有限公司危险化学品泄漏专项应急预案"
    assert [s.title for s in plan.sections] == ["适用范围", "风险分析", "应急处置", "注意事项"]
    body = next(s for _, s, _ in walk_sections(plan.sections) if s.title == "响应程序").body
    assert "报警 | 发现人员立即报告中控室" in body
    assert window.doc.path is None  # a new, unsaved plan
    assert window.statusBar().currentMessage() == "已导入“专项.docx”，请核对后保存。"


def test_cancel_opens_nothing(window: Any, qtbot: Any, tmp_path: Path) -> None:
    path = CASES[0].build(tmp_path / "综合.docx")
    task = window.import_actions.import_word(str(path))
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.was_cancelled and window.import_actions.review is None


def test_a_bad_file_says_why_in_chinese(
    window: Any, qtbot: Any, tmp_path: Path, fake_dialogs: Any
) -> None:
    path = tmp_path / "坏.docx"
    path.write_bytes(b"%PDF-1.4 not a word file")
    fake_dialogs.allow("show_error")
    task = window.import_actions.import_word(str(path))
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    [(title, text)] = fake_dialogs.called("show_error")
    assert title == "无法导入" and "坏.docx" in text and "PDF" in text


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "值班表"
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_excel_import_into_the_open_plan(opened: Any, qtbot: Any, tmp_path: Path) -> None:
    before = len(opened.doc.model.contacts)
    path = _workbook(tmp_path / "值班.xlsx", [["人员", "号码"], ["新同事", "13700000009"]])
    actions = opened.import_actions
    task = actions.import_excel(str(path))
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.waitUntil(lambda: isinstance(actions.review, ExcelReview), timeout=10_000)
    review: ExcelReview = actions.review
    page = review.sheets.widget(0)
    kind = page.findChild(QComboBox, "sheetKind")
    assert kind.currentData() is None  # 人员|号码 is no register anyone can guess
    kind.setCurrentIndex(kind.findData("contacts"))
    qtbot.waitUntil(lambda: review.task.done, timeout=30_000)

    def choose(row: int, field: str) -> None:
        table = review.sheets.widget(0).findChild(QTableWidget, "columnMap")
        table.cellWidget(row, 1).setCurrentIndex(table.cellWidget(row, 1).findData(field))
        qtbot.waitUntil(lambda: review.task.done, timeout=30_000)

    choose(0, "name")
    choose(1, "mobile")
    assert review.imported.sheets[0].taken == 1
    assert not review.imported.sheets[0].remembered  # set here, not remembered yet
    assert review.summary.text() == "读取了 1 个工作表：通讯录 1 行。"
    _shot(review, "excel-review.png")
    review.accept()
    contacts = opened.doc.model.contacts
    assert len(contacts) == before + 1 and contacts[-1].mobile == "13700000009"
    assert opened.doc.undo_stack.undoText() == "导入 Excel 名录"
    opened.doc.undo_stack.undo()
    assert len(opened.doc.model.contacts) == before
    # the mapping is remembered for the next sheet with these headers
    again = actions.import_excel(
        str(_workbook(tmp_path / "又.xlsx", [["人员", "号码"], ["甲", "1"]]))
    )
    qtbot.waitUntil(lambda: again.done, timeout=30_000)
    qtbot.waitUntil(lambda: isinstance(actions.review, ExcelReview), timeout=10_000)
    assert actions.review.imported.sheets[0].remembered
    assert "（沿用记住的列对应）" in actions.review.imported.messages()[1].zh
    actions.review.reject()
    assert actions.review is None or actions.review.result() == QDialog.DialogCode.Rejected


def test_excel_import_needs_a_plan(window: Any, fake_dialogs: Any, tmp_path: Path) -> None:
    fake_dialogs.allow("show_info")
    assert window.import_actions.import_excel(str(tmp_path / "x.xlsx")) is None
    [(_title, text)] = fake_dialogs.called("show_info")
    assert "请先打开或新建一个预案" in text
