"""The 修订对照表 as a .docx: 原条款 | 修订后条款 | 修订说明, in official-document format.

Page, fonts and page numbers follow GB/T 9704-2012 (A4, margins 37/35/28/26 mm, title in
小标宋 二号, text in 仿宋, "— N —" page numbers outside the type area, odd pages right and
even pages left). Deleted text is struck through in the left column; new text is bold
and underlined in the middle one.

This writer is self-contained (plain python-docx) until the shared 公文 style sheet in
``app/export`` is available to build on.
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from app.compare.diff import Change, ChangeKind, PlanDiff
from app.i18n import T
from app.storage.atomic import write_atomic

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADER_FONT = "黑体"
PAGE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
COLUMN_WIDTHS_MM = (60, 60, 36)  # 156 mm: the type area of a GB/T 9704 page


def _fonts(run_or_style_el, east: str, latin: str = LATIN_FONT) -> None:  # type: ignore[no-untyped-def]
    rpr = run_or_style_el.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east)
    fonts.set(qn("w:cs"), latin)


def _run(paragraph: Paragraph, text: str, font: str, size: float, **style: bool):  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    _fonts(run._element, font)
    run.font.size = Pt(size)
    run.bold = style.get("bold", False) or None
    if style.get("strike"):
        run.font.strike = True
    if style.get("underline"):
        run.underline = True
    return run


def _spacing(paragraph: Paragraph, exact: float, align: WD_ALIGN_PARAGRAPH | None = None) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(exact)
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align


def _page_number(paragraph: Paragraph) -> None:
    """— N — with a PAGE field, 宋体 四号."""
    _run(paragraph, "— ", PAGE_FONT, 14)
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        _fonts(run._element, PAGE_FONT)
        run.font.size = Pt(14)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._element.append(instr)
        else:
            run.text = text
    _run(paragraph, " —", PAGE_FONT, 14)


def _setup(doc: Document) -> None:  # type: ignore[valid-type]
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(22)
    normal = doc.styles["Normal"]
    _fonts(normal.element, BODY_FONT)
    normal.font.size = Pt(16)
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(14)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(14)
    _page_number(even)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _cell_text(
    cell: _Cell, heading: str, text: str, marks: list[tuple[str, bool]] | None, kind: str
) -> None:
    """The element's number and title, then its text; ``marks`` are (piece, highlighted)."""
    first = cell.paragraphs[0]
    _spacing(first, 20)
    if heading:
        _run(first, heading, BODY_FONT, 12, bold=True)
    pieces = [(text, False)] if marks is None else marks
    paragraph = first if not heading else None
    for piece, highlighted in pieces:
        lines = piece.split("\n")
        for k, line in enumerate(lines):
            if paragraph is None or k > 0:
                paragraph = cell.add_paragraph()
                _spacing(paragraph, 20)
            if line:
                style = (
                    {"strike": highlighted}
                    if kind == "old"
                    else {"bold": highlighted, "underline": highlighted}
                )
                _run(paragraph, line, BODY_FONT, 12, **style)


def _strip_heading(change: Change, side: str) -> str:
    text = change.old_text if side == "old" else change.new_text
    title = change.old_title if side == "old" else change.new_title
    if change.area != "meta" and title and text.startswith(title):
        text = text[len(title) :].lstrip("\n")
    return text


def _marks(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Character-level differences: (old pieces, new pieces), True where they differ."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            left.append((old[a0:a1], False))
            right.append((new[b0:b1], False))
        else:
            if a1 > a0:
                left.append((old[a0:a1], True))
            if b1 > b0:
                right.append((new[b0:b1], True))
    return left, right


def build_comparison_docx(diff: PlanDiff, lang: str = "zh") -> bytes:
    doc = Document()
    _setup(doc)
    doc.core_properties.title = f"{diff.new_title} 修订对照表"
    title = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    _spacing(title, 36, WD_ALIGN_PARAGRAPH.CENTER)
    name = diff.new_title or diff.old_title
    _run(
        title, T(f"《{name}》修订对照表", f"{name}: revision comparison").text(lang), TITLE_FONT, 22
    )
    versions = doc.add_paragraph()
    _spacing(versions, 29, WD_ALIGN_PARAGRAPH.CENTER)
    _run(
        versions,
        T(
            f"（原版本 {diff.old_version} → 修订版本 {diff.new_version}）",
            f"(version {diff.old_version} → {diff.new_version})",
        ).text(lang),
        BODY_FONT,
        16,
    )
    summary = doc.add_paragraph()
    _spacing(summary, 29, WD_ALIGN_PARAGRAPH.CENTER)
    _run(summary, diff.summary(lang), BODY_FONT, 14)
    table = doc.add_table(rows=1, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    headers = (T("原条款", "Original"), T("修订后条款", "Revised"), T("修订说明", "Note"))
    for cell, label, width in zip(table.rows[0].cells, headers, COLUMN_WIDTHS_MM, strict=True):
        cell.width = Mm(width)
        paragraph = cell.paragraphs[0]
        _spacing(paragraph, 22, WD_ALIGN_PARAGRAPH.CENTER)
        _run(paragraph, label.text(lang), HEADER_FONT, 14)
    _repeat_header(table.rows[0])
    if diff.is_empty:
        row = table.add_row().cells
        merged = row[0].merge(row[2])
        for extra in merged.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        _run(merged.paragraphs[0], T("两个版本没有差异", "No changes").text(lang), BODY_FONT, 12)
    for change in diff.changes:
        row = table.add_row().cells
        for cell, width in zip(row, COLUMN_WIDTHS_MM, strict=True):
            cell.width = Mm(width)
        old_body, new_body = _strip_heading(change, "old"), _strip_heading(change, "new")
        left = right = None
        if change.kind is ChangeKind.CHANGED:
            left, right = _marks(old_body, new_body)
        none = T("（无）", "(none)").text(lang)
        if change.kind is ChangeKind.ADDED:
            _cell_text(row[0], "", none, None, "old")
        else:
            _cell_text(row[0], _where(change, "old", lang), old_body, left, "old")
        if change.kind is ChangeKind.REMOVED:
            _cell_text(row[1], "", T("（删除）", "(removed)").text(lang), None, "new")
        else:
            _cell_text(row[1], _where(change, "new", lang), new_body, right, "new")
        _cell_text(row[2], "", change.explain().text(lang), None, "note")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _where(change: Change, side: str, lang: str) -> str:
    """'通讯录 · 值班室' for rows, '3.1 信息报告' for sections."""
    heading = change.heading(side)
    if change.area in ("sections",):
        return heading
    if change.area == "meta":
        label = change.fields[0].label.text(lang) if change.fields else heading
        return f"{change.area_label.text(lang)} · {label}"
    return (
        f"{change.area_label.text(lang)} · {heading}" if heading else change.area_label.text(lang)
    )


def write_comparison_docx(diff: PlanDiff, path: str | Path, lang: str = "zh") -> None:
    """Write the 修订对照表 atomically; raises ``SaveError`` with a message for the user."""
    write_atomic(path, build_comparison_docx(diff, lang), backup=True)
