"""The draft mark: a package (or any document) with unfilled values goes out as a draft.

``mark_draft(data)`` puts 草稿 at the top left of every page's header (every section,
first-page and even-page headers included), in 黑体 三号 in the placeholder colour, so no
page of a document with gaps can be mistaken for the filed text. The top left is where
GB/T 9704-2012 §7.2.2–7.2.3 puts the marks a reader must see first (密级, 紧急程度;
domain-cn.md §6); the mark leaves the body and its pagination untouched.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.parser import OxmlElement
from docx.section import _Header

from app.export.layer.placeholders import COLOR
from app.export.layer.xml import w

DRAFT = "草稿"
DRAFT_PT = 16  # 三号


def _mark(header: _Header, mark: str) -> None:
    if any(mark in p.text for p in header.paragraphs):
        return
    first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    p = first.insert_paragraph_before() if first.text else first
    p.alignment = 0  # left
    run = p.add_run(mark)
    rpr = run._r.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(w(slot), "黑体")
    rpr.append(fonts)
    rpr.append(OxmlElement("w:b"))
    color = OxmlElement("w:color")
    color.set(w("val"), COLOR)
    rpr.append(color)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(w("val"), str(DRAFT_PT * 2))
        rpr.append(size)


def mark_draft(data: bytes, mark: str = DRAFT) -> bytes:
    """``data`` (a .docx) with ``mark`` in the header of every page."""
    doc = Document(io.BytesIO(data))
    even = doc.settings.odd_and_even_pages_header_footer
    for i, section in enumerate(doc.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if even:
            headers.append(section.even_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                if i > 0:
                    continue  # shows the previous section's, already marked
                header.is_linked_to_previous = False
            _mark(header, mark)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def draft_headers(data: bytes) -> list[str]:
    """The text of every header part of a .docx (for tests and checks)."""
    import zipfile

    from lxml import etree

    from app.export.layer.xml import T_

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            if name.startswith("word/header"):
                root = etree.fromstring(z.read(name))
                out.append("".join(t.text or "" for t in root.iter(T_)))
    return out
