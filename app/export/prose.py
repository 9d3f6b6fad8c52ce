"""Section bodies in Word: numbered list paragraphs, bold runs, tables, fitted figures.

The body format itself (a Markdown subset, every line a paragraph) is
``app.model.prose``. In Word, list items are numbered paragraphs with the markers
official documents use at that depth (the caller says which), bullets included:
GB/T 9704 text has no bullets. Tables are real bordered tables; pictures are inline,
fitted to the text block, with a centred caption ``图N　图题`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from app.export.gongwen import _PPR_ORDER, Column, GongwenDocument, _insert_ordered, add_text
from app.export.layer.placeholders import placeholder
from app.export.layer.xml import PPR, RPR, R, w
from app.export.text import clean
from app.model.prose import Para, Picture, Table, parse

EMU_PER_TWIP = 635
MAX_PICTURE_HEIGHT_MM = 150  # leaves room for the caption and a line of text on A4


# --- Word ----------------------------------------------------------------------------------


@dataclass
class ProseContext:
    """What writing bodies needs beyond the text: where pictures are, figure numbers."""

    base_dir: Path | None = None
    figures: int = 0
    missing: list[str] = field(default_factory=list)  # captions of pictures not found


Labels = Callable[[int], Callable[[int], str]]  # list depth → item number → marker


def write_body(doc: GongwenDocument, body: str, labels: Labels, context: ProseContext) -> None:
    """Write a section body into ``doc`` at the end."""
    for block in parse(body):
        if isinstance(block, Para):
            _write_para(doc, block, labels)
        elif isinstance(block, Table):
            _write_table(doc, block)
        else:
            _write_picture(doc, block, context)


def _write_para(doc: GongwenDocument, para: Para, labels: Labels) -> None:
    if para.number is None and not any(clean(r.text).strip() for r in para.runs):
        return  # nothing XML can hold (control characters only): no empty paragraph
    p = doc.paragraph("", "body")
    if para.number is not None:
        add_text(p, labels(para.depth)(para.number))
    for run in para.runs:
        before = len(p)
        add_text(p, run.text, bold=run.bold)
        if run.em:
            for r in p[before:]:
                if r.tag == R:
                    rpr = r.find(RPR)
                    if rpr is None:
                        rpr = etree.Element(RPR)
                        r.insert(0, rpr)
                    etree.SubElement(rpr, w("i"))


def _write_table(doc: GongwenDocument, table: Table) -> None:
    width = max([len(table.head), *(len(r) for r in table.rows)], default=0)
    if not width:
        return
    head = list(table.head) + [""] * (width - len(table.head))
    rows = [list(r) + [""] * (width - len(r)) for r in table.rows]
    doc.keep_with_next()
    doc.table([Column(h) for h in head], rows)


def _write_picture(doc: GongwenDocument, picture: Picture, context: ProseContext) -> None:
    context.figures += 1
    caption = (
        f"图{context.figures}　{picture.caption}" if picture.caption else (f"图{context.figures}")
    )
    path = _picture_path(context.base_dir, picture.src)
    p = doc.paragraph("", "normal", align="center", keep_next=True)
    if path is None:
        context.missing.append(picture.caption or picture.src)
        add_text(p, placeholder("图片"))
    else:
        # an exact line height (the body's 28.95 pt grid) would crop the picture
        spacing = etree.Element(w("spacing"))
        spacing.set(w("line"), "240")
        spacing.set(w("lineRule"), "auto")
        _insert_ordered(p.find(PPR), spacing, _PPR_ORDER)
        part = doc.doc.part
        _, image = part.get_or_add_image(str(path))
        width, height = _fitted(image.width, image.height, doc.text_width * EMU_PER_TWIP)
        inline = part.new_pic_inline(str(path), width, height)
        r = etree.SubElement(p, R)
        etree.SubElement(r, w("drawing")).append(inline)
    doc.paragraph(caption, "table_caption", align="center")


def _fitted(width: int, height: int, text_width: int) -> tuple[int, int]:
    """A picture's size in EMU: its own, shrunk to the text block's width and to a
    height that leaves room for its caption."""
    limit_h = MAX_PICTURE_HEIGHT_MM * 36_000
    scale = min(1.0, text_width / max(width, 1), limit_h / max(height, 1))
    return max(1, int(width * scale)), max(1, int(height * scale))


def _picture_path(base_dir: Path | None, src: str) -> Path | None:
    if not src or "://" in src:
        return None
    path = Path(src)
    if not path.is_absolute():
        if base_dir is None:
            return None
        path = base_dir / path
    return path if path.is_file() else None


__all__ = ["ProseContext", "write_body"]
