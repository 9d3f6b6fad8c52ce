"""Blocks of cells on the clipboard, as Excel and WPS put them there and read them back.

Spreadsheets offer a copied block twice: as tab-separated text (cells that hold a tab,
a line break or a quote are quoted, ``"a""b"``) and as an HTML table (line breaks inside a
cell are ``<br>``; merged cells carry ``rowspan``/``colspan``). Qt-free: the register
tables use it for Ctrl+C / Ctrl+V, the tests use it directly.
"""

from __future__ import annotations

import csv
import html
import io
import re
from html.parser import HTMLParser

Grid = list[list[str]]

MAX_CELLS = 200_000  # a pasted block beyond this is no register, refuse it early
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")


def _square(rows: Grid) -> Grid:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def parse_tsv(text: str) -> Grid:
    """Rows of cells from tab-separated text (Excel's quoting understood)."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]  # spreadsheets end the block with a line break
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect="excel-tab")]
    return _square(rows)


def format_tsv(rows: Grid) -> str:
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def format_html(rows: Grid) -> str:
    """An HTML table that Excel, WPS and Word paste as a table."""
    body = []
    for row in rows:
        cells = "".join(
            "<td>" + "<br>".join(html.escape(line) for line in cell.split("\n")) + "</td>"
            for cell in row
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        '<html><head><meta charset="utf-8"></head><body>'
        '<table border="1" cellspacing="0">' + "".join(body) + "</table></body></html>"
    )


class _TableParser(HTMLParser):
    """Collects the first table's cells; rowspan/colspan leave empty cells behind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, int, int]]] = []
        self.depth = 0  # table nesting: only the outermost table counts
        self.done = False
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.skip = 0  # inside <style>, <script>, <head>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title"):
            self.skip += 1
        if self.done:
            return
        if tag == "table":
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self.rows.append([])
        elif self.depth == 1 and tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            values = dict(attrs)
            self.cell = []
            self.span = (_int(values.get("rowspan")), _int(values.get("colspan")))
        elif (self.cell is not None and tag == "br") or (
            self.cell is not None and tag in ("p", "div") and self.cell
        ):
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self.skip = max(0, self.skip - 1)
        if self.done:
            return
        if tag == "table":
            self.depth -= 1
            if self.depth == 0 and self.rows:
                self._close_cell()
                self.done = True
        elif self.depth == 1 and tag in ("td", "th"):
            self._close_cell()

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skip:
            self.cell.append(_SPACE.sub(" ", data))

    def _close_cell(self) -> None:
        if self.cell is None:
            return
        lines = "".join(self.cell).split("\n")
        text = "\n".join(line.strip() for line in lines).strip("\n")
        self.rows[-1].append((text, *self.span))
        self.cell = None


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def parse_html_table(text: str) -> Grid | None:
    """Rows of cells of the first table in an HTML fragment, or None without a table."""
    if "<table" not in text.lower():
        return None
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    if parser.cell is not None and parser.rows:
        parser._close_cell()  # a fragment cut short still gives its cells
    if not parser.rows:
        return None
    grid: Grid = []
    taken: dict[tuple[int, int], bool] = {}  # cells covered by a span from above
    for r, row in enumerate(parser.rows):
        out: list[str] = []
        c = 0
        for text_, rowspan, colspan in row:
            while taken.get((r, c)):
                out.append("")
                c += 1
            out.append(text_)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        taken[(r + dr, c + dc)] = True
            out += [""] * (colspan - 1)
            c += colspan
        while taken.get((r, c)):
            out.append("")
            c += 1
        grid.append(out)
    return _square(grid)


def parse_clipboard(html_text: str | None, plain_text: str | None) -> Grid:
    """The block on the clipboard: the HTML table when there is one, else the text."""
    grid = parse_html_table(html_text) if html_text else None
    if grid is None:
        grid = parse_tsv(plain_text or "")
    if sum(len(r) for r in grid) > MAX_CELLS:
        raise ValueError("too many cells")
    return grid
