"""Section bodies: a small Markdown subset, read for export and written to Word.

A body is text that diffs well in the YAML. It holds paragraphs, bullet and numbered
lists, ``**bold**`` and ``*emphasis*``, pipe tables and pictures
(``![图题](images/x.png)``, a file beside the plan). Every other Markdown construct
(headings, code, quotes, links, HTML, entities) is switched off, so text that merely
looks like them stays text.

One rule keeps plans written before this format valid: **every line is a paragraph**.
Markdown would join consecutive lines into one paragraph; here a line break inside a
paragraph starts the next one, so a plain body exports exactly as it always has
(each non-empty line, stripped, one paragraph).

In Word, list items are numbered paragraphs with the markers official documents use
at that depth (the caller says which), bullets included: GB/T 9704 text has no bullets.
Tables are real bordered tables; pictures are inline, fitted to the text block, with a
centred caption ``图N　图题`` below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from app.export.gongwen import _PPR_ORDER, Column, GongwenDocument, _insert_ordered, add_text
from app.export.layer.placeholders import placeholder
from app.export.layer.xml import PPR, RPR, R, w

# Rules of the commonmark preset that the subset does not use.
_OFF = [
    "code",
    "fence",
    "blockquote",
    "hr",
    "heading",
    "lheading",
    "html_block",
    "reference",
    "html_inline",
    "autolink",
    "entity",
    "backticks",
    "link",
]

EMU_PER_TWIP = 635
MAX_PICTURE_HEIGHT_MM = 150  # leaves room for the caption and a line of text on A4


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable(_OFF)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    em: bool = False


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    depth: int = 0  # list nesting: 0 outside lists
    number: int | None = None  # the item's number; None for text that continues an item

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Picture:
    src: str
    caption: str


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Para | Picture | Table


def parse(body: str) -> list[Block]:
    """The blocks of a body, in order."""
    root = SyntaxTreeNode(_parser().parse(body or ""))
    return list(_blocks(root.children, 0))


def _blocks(nodes: Sequence[SyntaxTreeNode], depth: int) -> Iterator[Block]:
    for child in nodes:
        kind = child.type
        if kind == "paragraph":
            yield from _paragraph(child, depth, None)
        elif kind in ("bullet_list", "ordered_list"):
            start = int(child.attrs.get("start", 1) or 1) if kind == "ordered_list" else 1
            for n, item in enumerate(child.children, start):
                yield from _item(item, depth + 1, n)
        elif kind == "table":
            yield _table(child)
        else:  # nothing else is switched on; keep any text rather than lose it
            yield from _blocks(child.children, depth)


def _item(item: SyntaxTreeNode, depth: int, number: int) -> Iterator[Block]:
    first: int | None = number
    for child in item.children:
        if child.type == "paragraph":
            for block in _paragraph(child, depth, first):
                if isinstance(block, Para):
                    first = None
                yield block
        elif child.type in ("bullet_list", "ordered_list"):
            if first is not None:  # an item holding only a sub-list still shows its number
                yield Para((), depth, first)
                first = None
            yield from _blocks([child], depth)
        else:
            yield from _blocks([child], depth)
    if first is not None:
        yield Para((), depth, first)


def _paragraph(node: SyntaxTreeNode, depth: int, number: int | None) -> Iterator[Block]:
    """One Markdown paragraph: each of its lines a paragraph, each picture a block."""
    line: list[Run] = []

    def flush() -> Iterator[Block]:
        nonlocal number
        runs = _stripped(line)
        line.clear()
        if runs:
            yield Para(runs, depth, number)
            number = None

    inline = node.children[0] if node.children else None
    for kind, run, src in _inline(inline):
        if kind == "break":
            yield from flush()
        elif kind == "image":
            yield from flush()
            yield Picture(src, run.text.strip())
        else:
            line.append(run)
    yield from flush()


def _inline(
    node: SyntaxTreeNode | None, bold: bool = False, em: bool = False
) -> Iterator[tuple[str, Run, str]]:
    if node is None:
        return
    for child in node.children:
        kind = child.type
        if kind == "text":
            yield "text", Run(child.content, bold, em), ""
        elif kind in ("softbreak", "hardbreak"):
            yield "break", Run(""), ""
        elif kind == "strong":
            yield from _inline(child, True, em)
        elif kind == "em":
            yield from _inline(child, bold, True)
        elif kind == "image":
            yield "image", Run(child.content), str(child.attrs.get("src", ""))
        else:
            yield from _inline(child, bold, em)


def _stripped(runs: list[Run]) -> tuple[Run, ...]:
    """Runs without the line's leading and trailing whitespace (as plain lines were)."""
    out = [r for r in runs if r.text]
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if not out:
        return ()
    out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].em)
    out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].em)
    return tuple(out)


def _cell(node: SyntaxTreeNode) -> str:
    inline = node.children[0] if node.children else None
    parts = []
    for kind, run, _ in _inline(inline):
        parts.append("\n" if kind == "break" else run.text)
    return "".join(parts).strip()


def _table(node: SyntaxTreeNode) -> Table:
    head: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for section in node.children:
        for tr in section.children:
            cells = tuple(_cell(c) for c in tr.children)
            if section.type == "thead":
                head = cells
            else:
                rows.append(cells)
    return Table(head, tuple(rows))


def paragraphs(body: str) -> list[str]:
    """The text of each block as it reaches the page, list markers left out: what a
    plain body exported as (one entry a line) and what text checks read."""
    out: list[str] = []
    for block in parse(body):
        if isinstance(block, Para):
            if block.text:
                out.append(block.text)
        elif isinstance(block, Picture):
            out.append(block.caption)
        else:
            out += ["\t".join(block.head), *("\t".join(r) for r in block.rows)]
    return out


def pictures(body: str) -> list[str]:
    """The picture files a body refers to, relative to the plan's folder."""
    return [b.src for b in parse(body) if isinstance(b, Picture)]


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
    if not para.runs and para.number is None:
        return
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


__all__ = [
    "Block",
    "Para",
    "Picture",
    "ProseContext",
    "Run",
    "Table",
    "paragraphs",
    "parse",
    "pictures",
    "write_body",
]
