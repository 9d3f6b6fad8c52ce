"""Layout pieces the drill documents share, on top of the GB/T 9704 document.

Page, styles, fonts, tables, footers all come from ``app.export.gongwen``; this adds a
cover for drill documents, a two-column facts table, numbered headings, form rows
with room to write, and an inline picture (the chart).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Emu
from lxml import etree

from app.export.gongwen import (
    PPR,
    Cell,
    Column,
    GongwenDocument,
    Numberer,
    PageNumbers,
    R,
    Scheme,
    w,
)
from app.export.layer.placeholders import placeholder
from app.export.layer.tables import merge_down, min_row_height, top_aligned
from app.export.text import cn_date, lines

CONFIDENTIAL = "内部资料　注意保密"


@dataclass(frozen=True)
class DocOptions:
    """What the user may choose for every drill document."""

    reference_doc: Path | None = None  # styles and page setup from the user's .docx
    duplex: bool = True  # the back of the cover stays blank for double-sided printing


def new_document(options: DocOptions) -> GongwenDocument:
    return GongwenDocument(reference=options.reference_doc, duplex=options.duplex)


def date_text(value: dt.date | None, start: str | None = None) -> str:
    """``2026年6月16日 09:00``; a start time without a date keeps a marked gap for the
    date (a bare ``09:00`` reads as a complete time), nothing at all gives ""."""
    if value is None:
        return f"{placeholder('演练日期')} {start}" if start else ""
    return f"{cn_date(value)} {start}" if start else cn_date(value)


class Outline:
    """Numbered headings 一、/（一）/1. for a drill document."""

    def __init__(self, doc: GongwenDocument) -> None:
        self.doc = doc
        self.numberer = Numberer(Scheme.GONGWEN)

    def h1(self, text: str) -> None:
        self.doc.heading(self.numberer.title(1, text), 1, toc=False)

    def h2(self, text: str) -> None:
        self.doc.heading(self.numberer.title(2, text), 2, toc=False)

    def h3(self, text: str) -> None:
        self.doc.heading(self.numberer.title(3, text), 3, toc=False)


def cover(
    doc: GongwenDocument,
    title: str,
    subtitle: str,
    lines_below: Sequence[str],
    *,
    mark: str | None = None,
) -> None:
    """A cover page (no page number), then the body section numbered from 1."""
    doc.begin_section(PageNumbers.NONE)
    doc.paragraph([(mark or "\u00a0", True)], "normal", align="left")
    doc.blank(4, "cover_text")
    doc.paragraph(title or subtitle, "cover_title")
    if title:
        doc.blank(1, "cover_text")
        doc.paragraph(subtitle, "cover_subtitle")
    doc.blank(8, "cover_text")
    for text in lines_below:
        if text:
            doc.paragraph(text, "cover_text")
    if doc.duplex:
        doc.blank_page()
    doc.begin_section(PageNumbers.ARABIC)


def title_block(
    doc: GongwenDocument, title: str, subtitle: str, *, mark: str | None = None
) -> None:
    """The title at the head of the first page of a document without a cover."""
    if mark:
        doc.paragraph([(mark, True)], "normal", align="left")
    doc.paragraph(title or subtitle, "title")
    if title and subtitle:
        doc.paragraph(subtitle, "subtitle")


def body(doc: GongwenDocument, text: str) -> None:
    for line in lines(text):
        doc.paragraph(line, "body")


def numbered(doc: GongwenDocument, items: Iterable[str], *, start: int = 1) -> int:
    """Paragraphs "1. …", "2. …"; returns how many were written."""
    n = 0
    for n, item in enumerate(items, start):
        doc.paragraph(f"{n}. {item}", "body")
    return max(0, n - start + 1)


def facts_table(
    doc: GongwenDocument, rows: Sequence[tuple[str, Cell]], *, blanks: bool = False
) -> etree._Element | None:
    """Label | value rows (basic facts): labels in 黑体, no header row. Rows without a
    value are left out, unless ``blanks`` (a form to fill in)."""
    shown = [(k, v) for k, v in rows if blanks or (v if isinstance(v, str) else "".join(v)).strip()]
    if not shown:
        return None
    return doc.table(
        [Column("项目", 1.1, "center", role="table_head"), Column("内容", 4)],
        [[k, v] for k, v in shown],
        header=False,
    )


def signature(doc: GongwenDocument, who: str, *, date_line: bool = True) -> None:
    doc.blank(1)
    doc.paragraph(f"{who}（签字）：＿＿＿＿＿＿＿＿", "closing")
    if date_line:
        doc.paragraph("日期：＿＿＿＿年＿＿月＿＿日", "closing")


def picture(doc: GongwenDocument, png: bytes, width_mm: float, height_mm: float) -> None:
    """An inline PNG in a centred paragraph of its own (normal spacing, so the exact
    line height of the body does not clip it)."""
    p = doc.paragraph("", "normal", align="center", keep_next=True)  # with its caption
    ppr = p.find(PPR)
    jc = ppr.find(w("jc"))
    snap = etree.Element(w("snapToGrid"))
    snap.set(w("val"), "0")
    spacing = etree.Element(w("spacing"))
    spacing.set(w("before"), "120")
    spacing.set(w("after"), "120")
    spacing.set(w("line"), "240")
    spacing.set(w("lineRule"), "auto")
    for el in (snap, spacing):
        if jc is not None:
            jc.addprevious(el)
        else:
            ppr.append(el)
    inline = doc.doc.part.new_pic_inline(
        io.BytesIO(png), Emu(int(width_mm * 36000)), Emu(int(height_mm * 36000))
    )
    r = etree.SubElement(p, R)
    etree.SubElement(r, w("drawing")).append(inline)


def caption(doc: GongwenDocument, text: str) -> None:
    doc.paragraph(text, "table_caption")


__all__ = [
    "CONFIDENTIAL",
    "DocOptions",
    "Outline",
    "body",
    "caption",
    "cover",
    "date_text",
    "facts_table",
    "merge_down",
    "min_row_height",
    "new_document",
    "numbered",
    "picture",
    "signature",
    "title_block",
    "top_aligned",
]
