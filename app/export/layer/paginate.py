"""Page numbers without a word processor: the page each bookmark lands on.

python-docx cannot paginate, but a 公文 page is a fixed grid: every body line has an
exact pitch (22 lines in the 版心), characters a fixed advance (28 a line), no widow
control. So the layout is computed here the way Word and LibreOffice set it: lines
broken by CJK width (Latin words unbroken, no closing punctuation at a line start),
paragraph spacing, keep-with-next and keep-lines, page breaks, tables by rows (rows
that may not split move whole, header rows repeat), and sections with their own page
size (landscape appendices), numbering and odd-page starts.

Two steps, so each can be tested alone::

    blocks = read_blocks(body, styles)     # the document as lines, rows and breaks
    pages = paginate(blocks)               # bookmark → printed page number ("3", "II")
    fill_page_refs(body, styles)           # both, then the PAGEREF fields' cached results
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace

from lxml import etree

from app.export.layer.xml import BR, PPR, PSTYLE, RPR, T_, TAB, TBL, TC, TR, W_VAL, P, R, w

# --- the layout model -----------------------------------------------------------------------


@dataclass
class Para:
    """A paragraph: the heights of its lines (twips) and how it may break."""

    lines: list[int]
    before: int = 0
    after: int = 0
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    bookmarks: tuple[str, ...] = ()
    breaks_after: int = 0  # a page break at its end (w:br type="page")


@dataclass
class Row:
    height: int
    header: bool = False
    cant_split: bool = True
    line: int = 0  # the height of one line, where a tall row may split
    bookmarks: tuple[str, ...] = ()


@dataclass
class Table:
    rows: list[Row]


@dataclass
class SectionStart:
    """A section begins (the first block of every section is one)."""

    text_height: int  # twips of the 版心
    fmt: str = "decimal"  # w:pgNumType/@w:fmt
    start: int | None = None  # restart the numbering here
    odd_page: bool = False  # the section opens on an odd-numbered page
    new_page: bool = True


Block = Para | Table | SectionStart


@dataclass
class _Cursor:
    y: int = 0  # twips used on the current page
    number: int = 1  # printed number of the current page
    fmt: str = "decimal"
    height: int = 0
    started: bool = False
    pages: dict[str, str] = field(default_factory=dict)

    def new_page(self) -> None:
        self.number += 1
        self.y = 0

    def mark(self, names: Sequence[str]) -> None:
        for name in names:
            self.pages.setdefault(name, format_number(self.number, self.fmt))


def paginate(blocks: Sequence[Block]) -> dict[str, str]:
    """Bookmark name → the number printed on its page, in its section's format."""
    c = _Cursor()
    items = list(blocks)
    for i, block in enumerate(items):
        if isinstance(block, SectionStart):
            _section(c, block)
        elif isinstance(block, Para):
            if block.keep_next and c.y > 0:
                chain = _keep_chain(items, i)
                if c.y + chain > c.height and chain <= c.height:
                    c.new_page()
            _para(c, block)
        else:
            _table(c, block)
    return c.pages


def _section(c: _Cursor, s: SectionStart) -> None:
    if c.started and s.new_page:
        c.new_page()
    c.started = True
    if s.start is not None:
        c.number = s.start
    if s.odd_page and c.number % 2 == 0:
        c.number += 1  # a blank even page before it
    c.fmt, c.height = s.fmt, s.text_height


def _para(c: _Cursor, p: Para) -> None:
    if p.page_break_before and c.y > 0:
        c.new_page()
    before = p.before if c.y > 0 or p.page_break_before else 0
    lines = p.lines or [0]
    first_fits = c.y + before + lines[0] <= c.height
    whole_fits = c.y + before + sum(lines) <= c.height or sum(lines) > c.height
    if c.y > 0 and not (first_fits and (whole_fits or not p.keep_lines)):
        c.new_page()
        before = 0
    c.mark(p.bookmarks)
    c.y += before
    for k, h in enumerate(lines):
        if k and c.y + h > c.height:
            c.new_page()
        c.y += h
    c.y = min(c.y + p.after, c.height)  # space after never carries over
    for _ in range(p.breaks_after):
        c.new_page()


def _table(c: _Cursor, t: Table) -> None:
    headers = [r for r in t.rows if r.header]
    head = sum(r.height for r in headers)
    body = [r for r in t.rows if not r.header]
    opening = head + (body[0].height if body and body[0].cant_split else 0)
    if headers and c.y + opening > c.height and c.y > 0 and opening <= c.height:
        c.new_page()  # a header row is never left alone at the foot of a page
    for row in t.rows:
        if row.header:
            c.y += row.height
            continue
        if c.y + row.height <= c.height:
            c.mark(row.bookmarks)
            c.y += row.height
            continue
        # a row that may not split, and would fit on a page, moves to the next one
        too_tall = head + row.height > c.height
        if (row.cant_split or not row.line) and not too_tall and c.y > head:
            c.new_page()
            c.y = head
            c.mark(row.bookmarks)
            c.y += row.height
            continue
        c.mark(row.bookmarks)
        line = row.line or row.height
        left = row.height
        while c.y + left > c.height:
            room = max(c.height - c.y, 0) // line * line
            left -= room
            c.new_page()
            c.y = head
            if room == 0 and head + line > c.height:  # nothing fits: avoid looping
                break
        c.y += left


def _keep_chain(items: Sequence[Block], i: int) -> int:
    """Height from block ``i`` (keep-with-next) to the first line of what it keeps with."""
    total = 0
    for block in items[i:]:
        if isinstance(block, Para):
            lines = block.lines or [0]
            if block.keep_next:
                total += block.before + sum(lines) + block.after
                continue
            return total + block.before + (sum(lines) if block.keep_lines else lines[0])
        if isinstance(block, Table):
            head = sum(r.height for r in block.rows if r.header)
            body = [r for r in block.rows if not r.header][:1]
            if not body:
                return total + head
            first = body[0].height if body[0].cant_split or not body[0].line else body[0].line
            return total + head + first
        return total
    return total


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
_ROMAN += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        out = ""
        for value, letters in _ROMAN:
            while n >= value:
                out += letters
                n -= value
        return out if fmt == "upperRoman" else out.lower()
    return str(n)


# --- line breaking ----------------------------------------------------------------------------

# no line starts with these (they hang or pull the previous character along)
_NO_START = set("，。、；：！？）》」』】〕〉”’·…—,.;:!?)]}%")
# … of which these hang in the margin of a justified line (LibreOffice hangs nothing in
# a left-aligned one); the others take the character before them along
_HANGING = set("，。、．,.")
# no line ends with these
_NO_END = set("（《「『【〔〈“‘([{")


# Latin advances in em, after Times New Roman, a fifth wider for the fonts that stand in
# for it where it is missing (LibreOffice on Linux). Digits keep their half em: next to
# Chinese text LibreOffice sets them in the Chinese font.
_LATIN = dict.fromkeys("abdghknopquvxy", 0.5) | dict.fromkeys("ceza", 0.444) | {"s": 0.389}
_LATIN |= dict.fromkeys("fr-()[]", 0.333) | dict.fromkeys("ijlt/.,:; '", 0.278)
_LATIN |= {"m": 0.778, "w": 0.722, "%": 0.833} | dict.fromkeys("IJ", 0.389)
_LATIN |= dict.fromkeys("MW", 0.9) | {" ": 0.25}
_STRETCH = 1.2
_DIGIT = 0.6


def char_width(ch: str, size_twips: int) -> float:
    """Advance of one character at ``size_twips``: full-width for CJK (and the
    ambiguous-width marks a Chinese font sets full-width), Latin by its letter."""
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return size_twips
    if ch.isdigit():
        return size_twips * _DIGIT
    em = _LATIN.get(ch, 0.667 if ch.isupper() else 0.5)
    return size_twips * em * _STRETCH


def _tokens(text: str) -> Iterator[str]:
    """Units the line breaker may not split: a CJK character, a Latin word (which may
    break after a hyphen, as "0000-" / "0000000" does)."""
    word = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "-_/.:@%#+()'") and ch != " ":
            word += ch
            if ch == "-" and len(word) > 1:
                yield word
                word = ""
            continue
        if word:
            yield word
            word = ""
        yield ch
    if word:
        yield word


def count_lines(
    text: str, size_twips: int, spacing: int, width: int, first: int = 0, *, hang: bool = True
) -> int:
    """Lines ``text`` takes in a column ``width`` twips wide, its first line ``first``
    twips narrower (a first-line indent; negative for a hanging one). ``hang``: a
    full stop or comma may hang in the margin (justified text)."""
    if not text:
        return 1
    lines, x, room = 1, 0.0, width - first
    previous = ""
    for token in _tokens(text):
        if token == "\n":
            lines, x, room, previous = lines + 1, 0.0, width, ""
            continue
        advance = sum(char_width(ch, size_twips) + spacing for ch in token)
        if token == "\t":
            advance = 2 * size_twips
        if x + advance > room + 1 and x > 0:
            if hang and token[0] in _HANGING:  # hangs in the margin, as Word and LibreOffice do
                x += advance
                previous = token
                continue
            lines += 1
            room = width
            x = 0.0
            carried = previous and (previous[-1] in _NO_END or token[0] in _NO_START)
            if carried and len(previous) == 1:  # pulled down with it
                x += char_width(previous, size_twips) + spacing
        x += advance
        previous = token
    return lines


# --- reading a WordprocessingML body --------------------------------------------------------


@dataclass
class _Props:
    """What a paragraph style (or a paragraph's own properties) says about its layout."""

    size: int = 320  # twips
    spacing: int = 0  # character spacing, twips
    line: int = 0
    rule: str = "auto"
    before: int = 0
    after: int = 0
    left: int = 0
    right: int = 0
    first: int = 0
    left_chars: int | None = None  # hundredths of a character
    right_chars: int | None = None
    first_chars: int | None = None
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    align: str = "left"

    def copy(self) -> _Props:
        return replace(self)

    def indents(self) -> tuple[int, int, int]:
        """Left, right and first-line indents in twips (character units win, as in Word)."""
        unit = self.size + self.spacing

        def pick(chars: int | None, twips: int) -> int:
            return chars * unit // 100 if chars else twips

        return (
            pick(self.left_chars, self.left),
            pick(self.right_chars, self.right),
            pick(self.first_chars, self.first),
        )

    def line_height(self) -> int:
        natural = round(self.size * 1.3)  # CJK fonts' ascent and descent
        if self.rule == "exact" and self.line:
            return self.line
        if self.rule == "atLeast":
            return max(self.line, natural)
        return round(natural * (self.line or 240) / 240)


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(W_VAL) not in ("0", "false", "off")


def _int(el: etree._Element, attr: str) -> int | None:
    value = el.get(w(attr))
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _apply(props: _Props, ppr: etree._Element | None, rpr: etree._Element | None) -> None:
    if ppr is not None:
        sp = ppr.find(w("spacing"))
        if sp is not None:
            props.line = _int(sp, "line") or props.line
            before, after = _int(sp, "before"), _int(sp, "after")
            props.before = props.before if before is None else before
            props.after = props.after if after is None else after
            props.rule = sp.get(w("lineRule")) or props.rule
        ind = ppr.find(w("ind"))
        if ind is not None:
            props.left = _int(ind, "left") or _int(ind, "start") or 0
            props.right = _int(ind, "right") or _int(ind, "end") or 0
            props.left_chars = _int(ind, "leftChars")
            props.right_chars = _int(ind, "rightChars")
            hanging = _int(ind, "hanging")
            props.first = -hanging if hanging else _int(ind, "firstLine") or 0
            hanging_chars = _int(ind, "hangingChars")
            props.first_chars = -hanging_chars if hanging_chars else _int(ind, "firstLineChars")
        jc = ppr.find(w("jc"))
        if jc is not None and jc.get(W_VAL):
            props.align = jc.get(W_VAL) or props.align
        for name, tag in (
            ("keep_next", "keepNext"),
            ("keep_lines", "keepLines"),
            ("page_break_before", "pageBreakBefore"),
        ):
            value = _on(ppr.find(w(tag)))
            if value is not None:
                setattr(props, name, value)
    if rpr is not None:
        sz = rpr.find(w("sz"))
        if sz is not None and _int(sz, "val"):
            props.size = (_int(sz, "val") or 32) * 10
        sp = rpr.find(w("spacing"))
        if sp is not None and _int(sp, "val") is not None:
            props.spacing = _int(sp, "val") or 0


class Styles:
    """Paragraph styles resolved through ``basedOn`` and the document defaults."""

    def __init__(self, styles: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self._done: dict[str, _Props] = {}
        self._defaults = _Props()
        self.default_id = ""
        if styles is None:
            return
        defaults = styles.find(w("docDefaults"))
        if defaults is not None:
            _apply(
                self._defaults,
                defaults.find(f"{w('pPrDefault')}/{PPR}"),
                defaults.find(f"{w('rPrDefault')}/{RPR}"),
            )
        for s in styles.iter(w("style")):
            if s.get(w("type")) == "paragraph":
                sid = s.get(w("styleId")) or ""
                self._raw[sid] = s
                if s.get(w("default")) in ("1", "true"):
                    self.default_id = sid

    def props(self, style_id: str | None, _depth: int = 0) -> _Props:
        sid = style_id if style_id in self._raw else self.default_id
        if sid in self._done:
            return self._done[sid].copy()
        el = self._raw.get(sid)
        if el is None:
            return self._defaults.copy()
        parent = el.find(w("basedOn"))
        pid = parent.get(W_VAL) if parent is not None else None
        usable = pid is not None and pid != sid and pid in self._raw and _depth < 20
        base = self.props(pid, _depth + 1) if usable else self._defaults.copy()
        _apply(base, el.find(PPR), el.find(RPR))
        self._done[sid] = base.copy()
        return base


def _page_of(sectPr: etree._Element | None) -> tuple[SectionStart, int]:
    """The section's start block and its text width."""
    height, width, top, bottom, left, right = 16838, 11906, 1440, 1440, 1440, 1440
    fmt, start, kind = "decimal", None, "nextPage"
    if sectPr is not None:
        size = sectPr.find(w("pgSz"))
        if size is not None:
            height, width = _int(size, "h") or height, _int(size, "w") or width
        mar = sectPr.find(w("pgMar"))
        if mar is not None:
            top, bottom = abs(_int(mar, "top") or 0), abs(_int(mar, "bottom") or 0)
            left = (_int(mar, "left") or 0) + (_int(mar, "gutter") or 0)
            right = _int(mar, "right") or 0
        num = sectPr.find(w("pgNumType"))
        if num is not None:
            fmt = num.get(w("fmt")) or fmt
            start = _int(num, "start")
        t = sectPr.find(w("type"))
        if t is not None:
            kind = t.get(W_VAL) or kind
    start_block = SectionStart(
        text_height=height - top - bottom,
        fmt=fmt,
        start=start,
        odd_page=kind == "oddPage",
        new_page=kind != "continuous",
    )
    return start_block, width - left - right


def read_blocks(body: etree._Element, styles: etree._Element | None) -> list[Block]:
    """The body as the paginator sees it."""
    resolved = Styles(styles)
    children = list(_flat(body))
    ends = [c.find(f"{PPR}/{w('sectPr')}") for c in children if c.tag == P]
    sections = [s for s in ends if s is not None] + [body.find(w("sectPr"))]
    start, width = _page_of(sections[0])
    blocks: list[Block] = [start]
    k = 0
    for child in children:
        if child.tag == TBL:
            blocks.append(_read_table(child, resolved, width))
        elif child.tag == P:
            blocks.append(_read_para(child, resolved, width))
            if child.find(f"{PPR}/{w('sectPr')}") is not None and k + 1 < len(sections):
                k += 1
                start, width = _page_of(sections[k])
                blocks.append(start)
    return blocks


def _flat(parent: etree._Element) -> Iterator[etree._Element]:
    """Body-level paragraphs and tables, through content controls."""
    for child in parent:
        if child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _flat(content)
        elif child.tag in (P, TBL):
            yield child


_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _read_para(p: etree._Element, styles: Styles, width: int) -> Para:
    ppr = p.find(PPR)
    sid = None
    if ppr is not None and ppr.find(PSTYLE) is not None:
        sid = ppr.find(PSTYLE).get(W_VAL)
    props = styles.props(sid)
    _apply(props, ppr, None)
    first_run = p.find(f".//{R}/{RPR}")
    if first_run is not None and first_run.find(w("sz")) is not None:
        _apply(props, None, first_run)
    text, page_breaks, picture = "", 0, 0
    for el in p.iter(T_, TAB, BR, w("drawing")):
        if el.tag == T_:
            text += el.text or ""
        elif el.tag == TAB:
            text += "\t"
        elif el.tag == BR:
            if el.get(w("type")) == "page":
                page_breaks += 1
            else:
                text += "\n"
        else:
            extent = el.find(f".//{_WP}extent")
            if extent is not None:
                picture = max(picture, (_int(extent, "cy") or 0) // 635)
    left, right, first = props.indents()
    room = max(width - left - right, props.size)
    n = count_lines(text, props.size, props.spacing, room, first, hang=props.align == "both")
    line = props.line_height()
    lines = [line] * n
    if picture and props.rule != "exact":
        lines[0] = max(line, picture)
    names = tuple(b.get(w("name")) or "" for b in p.iter(w("bookmarkStart")))
    return Para(
        lines=lines,
        before=props.before,
        after=props.after,
        keep_next=props.keep_next,
        keep_lines=props.keep_lines,
        page_break_before=props.page_break_before,
        bookmarks=names,
        breaks_after=page_breaks,
    )


def _read_table(tbl: etree._Element, styles: Styles, width: int) -> Table:
    grid = [_int(g, "w") or 0 for g in tbl.iter(w("gridCol"))]
    margin = 108 * 2  # Word's default cell margins, left and right
    mar = tbl.find(f"{w('tblPr')}/{w('tblCellMar')}")
    if mar is not None:
        sides = [mar.find(w(s)) for s in ("left", "right", "start", "end")]
        found = [_int(s, "w") or 0 for s in sides if s is not None]
        if found:
            margin = sum(found[:2]) if len(found) >= 2 else 2 * found[0]
    border = 10  # a 0.5 pt rule between rows
    rows: list[Row] = []
    for tr in tbl.findall(TR):
        trpr = tr.find(w("trPr"))
        header = trpr is not None and _on(trpr.find(w("tblHeader"))) is True
        cant_split = trpr is not None and _on(trpr.find(w("cantSplit"))) is True
        tallest, line, col = 0, 0, 0
        names: list[str] = []
        for tc in tr.findall(TC):
            span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
            span = (_int(span_el, "val") or 1) if span_el is not None else 1
            cell_width = sum(grid[col : col + span]) or width // max(len(grid), 1)
            col += span
            height = 0
            for block in _flat(tc):
                if block.tag == P:
                    para = _read_para(block, styles, cell_width - margin)
                    height += para.before + sum(para.lines) + para.after
                    line = max(line, para.lines[0] if para.lines else 0)
                    names += para.bookmarks
                else:
                    height += sum(r.height for r in _read_table(block, styles, cell_width).rows)
            tallest = max(tallest, height)
        if trpr is not None and trpr.find(w("trHeight")) is not None:
            h = trpr.find(w("trHeight"))
            value = _int(h, "val") or 0
            tallest = value if h.get(w("hRule")) == "exact" else max(tallest, value)
        rows.append(Row(tallest + border, header, cant_split, line, tuple(names)))
    return Table(rows)


# --- filling the fields' cached results ---------------------------------------------------


def fill_page_refs(body: etree._Element, styles: etree._Element | None) -> dict[str, str]:
    """Write each PAGEREF field's cached result (its page number); returns the numbers.

    The fields stay fields: Word and WPS refresh them when asked; until then, and in
    any viewer or converter that does not, the computed numbers show.
    """
    refs = [i for i in body.iter(w("instrText")) if "PAGEREF" in (i.text or "").upper()]
    if not refs:
        return {}
    pages = paginate(read_blocks(body, styles))
    for instr in refs:
        words = (instr.text or "").split()
        if len(words) < 2 or words[0].upper() != "PAGEREF" or words[1] not in pages:
            continue
        _set_result(instr.getparent(), pages[words[1]])
    return pages


def _set_result(instr_run: etree._Element, value: str) -> None:
    """Replace what lies between the field's ``separate`` and ``end`` with ``value``."""
    parent = instr_run.getparent()
    if parent is None:
        return
    siblings = list(parent)
    at = siblings.index(instr_run)
    separate = end = None
    for i in range(at + 1, len(siblings)):
        char = siblings[i].find(w("fldChar"))
        if char is None:
            continue
        kind = char.get(w("fldCharType"))
        if kind == "separate" and separate is None:
            separate = i
        elif kind == "end":
            end = i
            break
        elif kind == "begin":
            return  # a nested field: leave it to the word processor
    if separate is None or end is None:
        return
    for el in siblings[separate + 1 : end]:
        parent.remove(el)
    run = etree.Element(R)
    rpr = siblings[separate].find(RPR)
    if rpr is not None:
        run.append(deepcopy(rpr))
    etree.SubElement(run, T_).text = value
    siblings[separate].addnext(run)
