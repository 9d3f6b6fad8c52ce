"""The rich-text section body (issue 20): a Word paste keeps its table, list and bold
text through save (Markdown in the YAML) and export (a real table and numbered items);
pictures are copied beside the plan; the context menu's 撤消 acts on the plan."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from PIL import Image
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage, QTextCursor

from app.export import ExportOptions, plan_docx_bytes
from app.model.prose import Para, Table, parse
from app.storage.plans import load_plan
from app.ui.editors.prose import blocks_from_html
from tests.gui.gui_helpers import editor_page

# What Word puts on the clipboard for a bold sentence, a two-level bullet list and a
# table (trimmed: the real thing also carries <style> blocks and o:p tags).
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=ZH-CN>
<!--StartFragment-->
<p class=MsoNormal><b><span style='font-family:仿宋'>发现泄漏后</span></b><span
style='font-family:仿宋'>，按以下步骤处置：<o:p></o:p></span></p>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span style='font-family:仿宋'>切断泄漏源<o:p></o:p></span></p>
<p class=MsoListParagraph style='margin-left:36.0pt;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
style='font-family:Wingdings'><span style='mso-list:Ignore'>§<span style='font:7.0pt "Times New Roman"'>&nbsp;
</span></span></span><![endif]><span style='font-family:仿宋'>关闭上游阀门<o:p></o:p></span></p>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;
</span></span></span><![endif]><span style='font-family:仿宋'>疏散无关人员<o:p></o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <tr><td width=138><p class=MsoNormal><b>岗位</b></p></td><td width=138><p class=MsoNormal><b>负责人</b></p></td></tr>
 <tr><td width=138><p class=MsoNormal>现场指挥</p></td><td width=138><p class=MsoNormal>王强</p></td></tr>
 <tr><td width=138><p class=MsoNormal>警戒疏散</p></td><td width=138><p class=MsoNormal>赵磊</p></td></tr>
</table>
<p class=MsoNormal>处置完毕后报告指挥部。</p>
<!--EndFragment--></body></html>"""


def _body_page(window: Any) -> Any:
    assert window.editor.select_path(("sections", 1, "body"))
    return editor_page(window)


def test_word_lists_become_real_lists(qapp: Any) -> None:
    blocks = blocks_from_html(WORD_HTML)
    items = [(b.depth, b.ordered, b.text) for b in blocks if isinstance(b, Para) and b.depth]
    assert items == [
        (1, False, "切断泄漏源"),
        (2, False, "关闭上游阀门"),
        (1, False, "疏散无关人员"),
    ]
    first = blocks[0]
    assert isinstance(first, Para)
    assert [r.text for r in first.runs if r.bold] == ["发现泄漏后"]
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.head == ("岗位", "负责人")
    assert table.rows == (("现场指挥", "王强"), ("警戒疏散", "赵磊"))


def test_a_word_paste_round_trips_through_save_and_export(opened: Any, qtbot: Any) -> None:
    window = opened
    page = _body_page(window)
    body = page.body
    body.moveCursor(QTextCursor.MoveOperation.End)
    body.textCursor().insertBlock()
    mime = QMimeData()
    mime.setHtml(WORD_HTML)
    mime.setText("plain fallback")
    body.insertFromMimeData(mime)

    stored = window.doc.model.sections[1].body
    assert "- 切断泄漏源\n  - 关闭上游阀门\n- 疏散无关人员" in stored
    assert "|岗位|负责人|\n|---|---|\n|现场指挥|王强|" in stored
    assert "**发现泄漏后**" in stored
    assert "plain fallback" not in stored

    window.doc.close_burst()
    assert window.save()
    saved = load_plan(window.doc.path).model.sections[1].body
    assert saved == stored
    text = window.doc.path.read_text(encoding="utf-8")
    assert "|现场指挥|王强|" in text  # readable, diffable Markdown in the YAML

    data, _ = plan_docx_bytes(load_plan(window.doc.path).model)
    d = docx.Document(io.BytesIO(data))
    assert any(t.cell(0, 0).text == "岗位" and len(t.rows) == 3 for t in d.tables)
    texts = [p.text for p in d.paragraphs]
    assert "（一）切断泄漏源" in texts  # a level-1 section's items: level-2 markers
    assert "1.关闭上游阀门" in texts
    assert "（二）疏散无关人员" in texts
    assert "发现泄漏后" in [r.text for p in d.paragraphs for r in p.runs if r.bold]

    # reopened, the editor shows the same structure and saves nothing new
    window.editor.select_path(("sections", 0, "body"))
    page = _body_page(window)
    assert page.body.markdown() == stored
    assert page.body.document().rootFrame().childFrames()  # the table is a table


def test_one_undo_takes_the_whole_paste_back(opened: Any) -> None:
    window = opened
    page = _body_page(window)
    before = window.doc.model.sections[1].body
    window.doc.close_burst()
    mime = QMimeData()
    mime.setHtml(WORD_HTML)
    page.body.insertFromMimeData(mime)
    assert window.doc.model.sections[1].body != before
    menu = page.body.context_menu()
    (undo,) = [a for a in menu.actions() if a.objectName() == "edit-undo"]
    assert undo.isEnabled()  # was greyed: the widget's own undo is off
    undo.trigger()
    assert window.doc.model.sections[1].body == before
    assert page.body.markdown() == page.body.markdown()  # shown again, no error
    (redo,) = [a for a in page.body.context_menu().actions() if a.objectName() == "edit-redo"]
    assert redo.isEnabled()


def test_insert_picture_copies_it_beside_the_plan(opened: Any, tmp_path: Path) -> None:
    window = opened
    page = _body_page(window)
    source = tmp_path / "outside" / "疏散路线.png"
    source.parent.mkdir()
    Image.new("RGB", (800, 400), "green").save(source)
    page.body.moveCursor(QTextCursor.MoveOperation.End)
    src = page.body.insert_picture(source, "厂区疏散路线图")
    assert src == "images/疏散路线.png"
    plan_dir = window.doc.path.parent
    assert (plan_dir / src).read_bytes() == source.read_bytes()
    stored = window.doc.model.sections[1].body
    assert stored.endswith("![厂区疏散路线图](images/疏散路线.png)")
    data, report = plan_docx_bytes(window.doc.model, options=ExportOptions(base_dir=plan_dir))
    assert not report.warnings
    d = docx.Document(io.BytesIO(data))
    assert len(d.inline_shapes) == 1
    assert "图1　厂区疏散路线图" in [p.text for p in d.paragraphs]
    assert parse(stored)[-1] == parse("![厂区疏散路线图](images/疏散路线.png)")[0]


def test_a_picture_caption_can_be_changed(opened: Any, tmp_path: Path) -> None:
    window = opened
    page = _body_page(window)
    source = tmp_path / "plan.png"
    Image.new("RGB", (200, 100), "blue").save(source)
    page.body.moveCursor(QTextCursor.MoveOperation.End)
    page.body.insert_picture(source, "平面图")
    cursor = QTextCursor(page.body.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    picture = page.body.picture_at(cursor)
    assert picture is not None
    labels = [a.text() for a in page.body.context_menu(cursor).actions()]
    assert "修改图题…" in labels
    page.body.set_caption(picture, "厂区平面布置图")
    assert window.doc.model.sections[1].body.endswith("![厂区平面布置图](images/plan.png)")


def test_pasted_pictures_are_kept_beside_the_plan(opened: Any, tmp_path: Path) -> None:
    window = opened
    page = _body_page(window)
    plan_dir = window.doc.path.parent
    clip = tmp_path / "word-temp" / "clip_image001.png"
    clip.parent.mkdir()
    Image.new("RGB", (300, 200), "red").save(clip)
    mime = QMimeData()
    mime.setHtml(
        f"<p>流程如下：</p><p><img src='{clip.as_uri()}' alt='应急响应流程图'></p>"
        "<p><img src='file:///nowhere/gone.png'></p>"
    )
    page.body.moveCursor(QTextCursor.MoveOperation.End)
    page.body.insertFromMimeData(mime)
    body = window.doc.model.sections[1].body
    assert "![应急响应流程图](images/clip_image001.png)" in body
    assert "gone.png" not in body  # a file that is not there is left out
    assert (plan_dir / "images" / "clip_image001.png").is_file()

    screenshot = QMimeData()
    screenshot.setImageData(QImage(120, 80, QImage.Format.Format_RGB32))
    assert page.body.canInsertFromMimeData(screenshot)
    page.body.insertFromMimeData(screenshot)
    assert window.doc.model.sections[1].body.endswith("![](images/粘贴图片1.png)")
    assert (plan_dir / "images" / "粘贴图片1.png").is_file()


def test_a_find_hit_in_a_structured_body_selects_the_words(opened: Any) -> None:
    window = opened
    body = "**注意**：\n- 甲\n- 乙\n\n|岗位|负责人|\n|---|---|\n|现场|王强|\n\n王强负责警戒。"
    window.doc.set_value(("sections", 1, "body"), body)
    window.find_bar.open_bar()
    window.find_bar.field.setText("王强")
    window.find_bar.find_next()
    window.find_bar.find_next()  # the second 王强: in the paragraph after the table
    page = editor_page(window)
    cursor = page.body.textCursor()
    assert cursor.selectedText() == "王强"
    assert cursor.block().text() == "王强负责警戒。"


def test_table_rows_and_columns_from_the_context_menu(opened: Any) -> None:
    window = opened
    window.doc.set_value(("sections", 1, "body"), "|岗位|负责人|\n|---|---|\n|现场|王强|")
    page = _body_page(window)
    table = page.body.document().rootFrame().childFrames()[0]
    cursor = table.cellAt(1, 0).firstCursorPosition()
    actions = {a.text(): a for a in page.body.context_menu(cursor).actions()}
    actions["在下方插入行"].trigger()
    assert window.doc.model.sections[1].body == "|岗位|负责人|\n|---|---|\n|现场|王强|\n|||"
    actions = {a.text(): a for a in page.body.context_menu(cursor).actions()}
    actions["在右侧插入列"].trigger()
    assert window.doc.model.sections[1].body.startswith("|岗位||负责人|")
    header = {a.text(): a for a in page.body.context_menu(table.firstCursorPosition()).actions()}
    assert not header["删除行"].isEnabled()
