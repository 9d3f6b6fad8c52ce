"""Section bodies: a small Markdown subset that diffs well in the YAML.

A body holds paragraphs, bullet and numbered lists, ``**bold**`` and ``*emphasis*``,
pipe tables and pictures (``![图题](images/x.png)``, a file beside the plan). Every other
Markdown construct (headings, code, quotes, links, HTML, entities) is switched off, so
text that merely looks like them stays text.

One rule keeps plans written before this format valid: **every line is a paragraph**.
Markdown would join consecutive lines into one paragraph; here a line break inside a
paragraph starts the next one, so a plain body reads exactly as it always has (each
non-empty line, stripped, one paragraph). ``to_markdown`` writes blocks back in that
form: a plain body comes back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

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
    ordered: bool = True  # a numbered list (Markdown ``1.``) or a bullet list (``-``)

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
    # markdown-it turns NUL into U+FFFD; XML cannot hold it, so it is dropped as before
    root = SyntaxTreeNode(_parser().parse((body or "").replace("\x00", "")))
    return list(_blocks(root.children, 0))


def _blocks(nodes: Sequence[SyntaxTreeNode], depth: int) -> Iterator[Block]:
    for child in nodes:
        kind = child.type
        if kind == "paragraph":
            yield from _paragraph(child, depth, None)
        elif kind in ("bullet_list", "ordered_list"):
            ordered = kind == "ordered_list"
            start = int(child.attrs.get("start", 1) or 1) if ordered else 1
            for n, item in enumerate(child.children, start):
                for block in _item(item, depth + 1, n):
                    if isinstance(block, Para) and block.depth == depth + 1:
                        block = replace(block, ordered=ordered)
                    yield block
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
            # markdown-it percent-encodes the address; the file name is the decoded one
            yield "image", Run(child.content), unquote(str(child.attrs.get("src", "")))
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


# --- writing -------------------------------------------------------------------------------

_LIST_START = re.compile(r"^([-+*]|\d{1,9}[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Text that reads back as itself: markup characters escaped, nothing else."""
    out = re.sub(r"\\(?=[!-/:-@\[-`{-~]|$)", r"\\\\", text)
    out = out.replace("*", "\\*").replace("_", "\\_").replace("![", "\\![")
    return out


def _line_start(text: str) -> str:
    """A paragraph line that must not begin a list."""
    m = _LIST_START.match(text)
    if m is None:
        return text
    marker = m.group(1)
    if marker[0].isdigit():
        return f"{marker[:-1]}\\{marker[-1]}{text[len(marker) :]}"
    return f"\\{text}"  # ``*`` was escaped already and never gets here


def plain_line(text: str) -> str:
    """A line of plain text (from an importer, say) as a body line that reads back as
    exactly that text: no list, no emphasis."""
    return _line_start(escape(text.strip()))


def _runs(runs: Sequence[Run]) -> str:
    """Runs with ``**``/``*`` around bold and emphasised text.

    CommonMark ends emphasis only where the closing ``**`` is not squeezed between
    punctuation and a letter (``**注意：**其他`` stays literal); edge punctuation and
    spaces therefore go outside the markers.
    """
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].em) == (run.bold, run.em):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.em)
        elif run.text:
            merged.append(run)
    parts: list[str] = []
    for run in merged:
        mark = ("**" if run.bold else "") + ("*" if run.em else "")
        if not mark:
            parts.append(escape(run.text))
            continue
        core = run.text
        lead = re.match(r"^[\s\W]*", core)
        head = lead.group(0) if lead else ""
        core = core[len(head) :]
        trail = re.search(r"[\s\W]*$", core)
        tail = trail.group(0) if trail else ""
        core = core[: len(core) - len(tail)]
        if core:
            parts.append(f"{escape(head)}{mark}{escape(core)}{mark[::-1]}{escape(tail)}")
        else:
            parts.append(escape(run.text))
    return "".join(parts)


def _cell_text(text: str) -> str:
    return escape(" ".join(text.split("\n"))).replace("|", "\\|")


def _odd(src: str) -> bool:
    """A file name Markdown would misread (spaces, brackets, percent signs)."""
    return any(c in src for c in " ()<>%\\\t")


def to_markdown(blocks: Iterable[Block]) -> str:
    """The body text for ``blocks``: ``parse(to_markdown(b))`` gives ``b`` back."""
    out: list[str] = []
    indents: list[int] = []  # content indent of each open list level
    previous = "none"  # "para", "list", "table"
    depth_before = 0

    def gap() -> None:
        if out and out[-1] != "":
            out.append("")

    for block in blocks:
        if isinstance(block, Para) and block.depth:
            d = block.depth
            if previous != "list":
                gap()
                indents = []
                depth_before = 0
            text = _runs(block.runs)
            if block.number is None:  # continues an item: indented to its text
                if depth_before != d:  # not the line just below it: a paragraph of its own
                    gap()
                pad = " " * (indents[d - 1] if len(indents) >= d else (indents or [0])[-1])
                out.append(pad + _line_start(text) if text else "")
            else:
                while len(indents) < d - 1:  # a level skipped: indent as if it were there
                    indents.append((indents or [0])[-1] + 2)
                del indents[d - 1 :]
                pad = " " * (indents[-1] if indents else 0)
                marker = f"{block.number}." if block.ordered else "-"
                out.append(f"{pad}{marker} {_line_start(text)}".rstrip())
                indents.append(len(pad) + len(marker) + 1)
            depth_before = d
            previous = "list"
        elif isinstance(block, Para):
            if previous in ("list", "table"):
                gap()
            if block.runs:
                out.append(_line_start(_runs(block.runs)))
            previous = "para"
        elif isinstance(block, Picture):
            if previous in ("list", "table"):
                gap()
            caption = escape(block.caption).replace("[", "\\[").replace("]", "\\]")
            out.append(
                f"![{caption}]({quote(block.src, safe='/')})"
                if _odd(block.src)
                else (f"![{caption}]({block.src})")
            )
            previous = "para"
        else:
            gap()
            width = max([len(block.head), *(len(r) for r in block.rows)], default=1)
            head = list(block.head) + [""] * (width - len(block.head))
            out.append("|" + "|".join(_cell_text(c) for c in head) + "|")
            out.append("|" + "|".join(["---"] * width) + "|")
            for row in block.rows:
                cells = list(row) + [""] * (width - len(row))
                out.append("|" + "|".join(_cell_text(c) for c in cells) + "|")
            previous = "table"
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def plain_text(body: str) -> str:
    """Roughly the text an editor shows for ``body``: one line a block."""
    return "\n".join(paragraphs(body))
