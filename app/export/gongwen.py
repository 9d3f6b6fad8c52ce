"""GB/T 9704-2012 official-document layout for python-docx, reusable by every export.

What python-docx has no API for is written as WordprocessingML here: East Asian fonts
on every style (``w:eastAsia``, theme attributes removed), the 22 × 28 document grid,
odd/even "— N —" footers, page-number restarts, outline levels for the TOC, TOC and
PAGEREF fields, tables with repeated header rows, and section breaks.

Typical use::

    doc = GongwenDocument()                       # or GongwenDocument(reference=path)
    doc.begin_section(PageNumbers.NONE)           # cover: no page number
    doc.paragraph("示范化工有限公司", "cover_subtitle")
    doc.begin_section(PageNumbers.ARABIC)         # body restarts at — 1 —
    mark = doc.heading("1　总则", level=1)
    doc.paragraph("本预案适用于……")
    doc.table([Column("姓名", 2), Column("电话", 3)], [["值班室", "0000"]])
    data = doc.to_bytes()

Numbers (GB/T 9704-2012 §5, §7; domain notes §5–6): A4; margins 37/35/28/26 mm; 版心
156 × 225 mm; 22 lines of 28 characters; body 3号仿宋; title 2号小标宋; headings 黑体 /
楷体 / 仿宋 / 仿宋; page numbers 4号半角宋体, odd pages right and even pages left, one
character in, the dash line 7 mm below the 版心.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TypedDict

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import OxmlElement, parse_xml
from docx.section import Section
from lxml import etree

from app import APP_NAME, __version__
from app.export.errors import ExportError
from app.export.layer.paginate import char_width, fill_page_refs
from app.export.layer.placeholders import mark_placeholders

# --- namespaces and tags: app.export.layer.xml (re-exported, writers import them here) ---
from app.export.layer.xml import (
    BR,
    PPR,
    PSTYLE,
    R_NS,  # noqa: F401 - re-exported
    RPR,
    T_,
    TAB,
    TBL,
    TC,
    TR,
    W_NS,
    W_VAL,
    XML_SPACE,
    P,
    R,
    mm,
    pt,
    w,
)
from app.export.text import (  # heading numbers live there: no python-docx needed
    Scheme,
    clean,
    heading_number,  # noqa: F401 - part of this module's API
    numbered_title,
)
from app.i18n import T
from app.storage.errors import LoadError
from app.storage.guard import read_input

# --- sizes ---------------------------------------------------------------------------------

# 字号 → points (domain notes §6.2)
ZIHAO: dict[str, float] = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
}

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"

# Fonts Word may substitute when the GB2312 ones are missing (fontTable altName).
FONT_FALLBACKS: dict[str, str] = {
    FANGSONG: "仿宋",
    KAITI: "楷体",
    XIAOBIAOSONG: "宋体",
    HEITI: "SimHei",
    SONGTI: "SimSun",
}


# --- page setup ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSetup:
    """Paper, margins and the document grid (GB/T 9704-2012 §5.2)."""

    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 37
    bottom_mm: float = 35
    left_mm: float = 28
    right_mm: float = 26
    header_mm: float = 15
    lines: int = 22
    chars: int = 28
    body_pt: float = 16
    footer_pt: float = 14
    # the page number's dash sits this far below the 版心 (§7.5)
    number_gap_mm: float = 7
    grid: bool = True

    @property
    def text_width(self) -> int:
        return mm(self.width_mm) - mm(self.left_mm) - mm(self.right_mm)

    @property
    def text_height(self) -> int:
        return mm(self.height_mm) - mm(self.top_mm) - mm(self.bottom_mm)

    @property
    def line_pitch(self) -> int:
        """Twips per line: the 版心 height holds exactly ``lines`` lines."""
        return int(self.text_height / self.lines)

    @property
    def char_space(self) -> int:
        """docGrid charSpace: (character pitch − Normal size) in 1/4096 pt."""
        pitch_pt = self.text_width / 20 / self.chars
        return round((pitch_pt - self.body_pt) * 4096)

    @property
    def char_spacing(self) -> int:
        """Twips added to each body character so that ``chars`` of them fill a line.

        Paragraphs do not snap to the character grid: LibreOffice would give each
        3号 character two grid cells, and this spacing puts 28 on a line everywhere.
        The advance is centred between ``chars`` and ``chars + 1`` a line: with the
        tightest spacing (−0.25 pt, 1.2 pt slack a line) LibreOffice's rounding set 27
        (issue 17, item 10); half a character of slack either way holds in Word, WPS
        and LibreOffice alike.
        """
        return round(self.text_width / (self.chars + 0.5) - self.body_pt * 20)

    @property
    def footer_distance(self) -> int:
        """From the paper's edge to the footer's bottom, so the dash is 7 mm under the 版心."""
        return mm(self.bottom_mm - self.number_gap_mm) - pt(self.footer_pt)


GB9704_PAGE = PageSetup()


# --- styles --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphStyle:
    """One paragraph style, written with all four font slots and no theme fonts."""

    role: str  # how builders ask for it ("body", "h1", "table_text", …)
    style_id: str
    name: str  # Word's built-in names are English ("heading 1"); Word shows them localised
    east_asia: str
    size_pt: float
    latin: str = LATIN
    bold: bool = False
    align: str | None = None  # left, center, right, both
    first_line_chars: float = 0
    left_chars: float = 0
    right_chars: float = 0
    line_pt: float | None = None  # exact line spacing
    before_pt: float = 0
    after_pt: float = 0
    outline: int | None = None  # 0-based outline level: what the TOC collects
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    char_spacing: int | None = None  # twips; None: the page's, for body-size text
    based_on: str | None = "Normal"
    next_style: str | None = None
    right_tab_leader: str | None = None  # a right tab at the text edge: "dot" for TOC lines
    builtin: bool = False
    ui_priority: int | None = None


@dataclass(frozen=True)
class StyleSheet:
    page: PageSetup
    styles: tuple[ParagraphStyle, ...]
    # table borders in eighths of a point (4 = 0.5 pt)
    table_border: int = 4
    table_cell_margin_mm: float = 1.5

    def by_role(self, role: str) -> ParagraphStyle:
        for s in self.styles:
            if s.role == role:
                return s
        raise KeyError(role)

    @property
    def roles(self) -> list[str]:
        return [s.role for s in self.styles]


# Keyword groups several styles share; exact keys, so a clash with an explicit argument
# is a type error rather than a silent override.
class _Std(TypedDict):
    line_pt: float
    builtin: bool


class _Heading(_Std):
    first_line_chars: float
    keep_next: bool
    keep_lines: bool
    next_style: str
    ui_priority: int


class _Toc(_Std):
    right_tab_leader: str
    ui_priority: int


class _Big(TypedDict):
    align: str
    keep_next: bool


class _Cell(TypedDict):
    line_pt: float


def _gongwen_styles(page: PageSetup) -> tuple[ParagraphStyle, ...]:
    S = ParagraphStyle
    body, line, table, small = page.body_pt, page.line_pitch / 20, ZIHAO["四号"], ZIHAO["五号"]
    std: _Std = {"line_pt": line, "builtin": True}  # built-in styles at body size
    heading: _Heading = {
        **std,
        "first_line_chars": 2,
        "keep_next": True,
        "keep_lines": True,
        "next_style": "BodyText",
        "ui_priority": 9,
    }
    toc: _Toc = {**std, "right_tab_leader": "dot", "ui_priority": 39}
    big: _Big = {"align": "center", "keep_next": True}
    cell: _Cell = {"line_pt": 20}  # table text: 四号 on a 20 pt line
    return (
        S("normal", "Normal", "Normal", FANGSONG, body, align="both", based_on=None, **std),
        S("body", "BodyText", "Body Text", FANGSONG, body, align="both", first_line_chars=2, **std),
        S("title", "Title", "Title", XIAOBIAOSONG, ZIHAO["二号"], line_pt=35, after_pt=line,
          next_style="BodyText", builtin=True, **big),
        S("subtitle", "Subtitle", "Subtitle", KAITI, body, **big, **std),
        S("h1", "Heading1", "heading 1", HEITI, body, outline=0, **heading),
        S("h2", "Heading2", "heading 2", KAITI, body, outline=1, **heading),
        S("h3", "Heading3", "heading 3", FANGSONG, body, outline=2, **heading),
        S("h4", "Heading4", "heading 4", FANGSONG, body, outline=3, **heading),
        S("toc_title", "TOCHeading", "TOC Heading", HEITI, body, after_pt=line, next_style="TOC1",
          **big, **std),
        S("toc1", "TOC1", "toc 1", FANGSONG, body, **toc),
        S("toc2", "TOC2", "toc 2", FANGSONG, body, left_chars=1, **toc),
        S("toc3", "TOC3", "toc 3", FANGSONG, body, left_chars=2, **toc),
        # 4号半角宋体: digits in 宋体 too (§7.5)
        S("footer", "Footer", "footer", SONGTI, page.footer_pt, latin=SONGTI,
          line_pt=page.footer_pt, builtin=True),
        S("header", "Header", "header", SONGTI, ZIHAO["五号"], latin=SONGTI, builtin=True),
        S("table_text", "PDTableText", "表格文字", FANGSONG, table, align="left", **cell),
        S("table_head", "PDTableHead", "表格表头", HEITI, table, **big, **cell),
        S("table_text_small", "PDTableTextSmall", "表格文字（小）", FANGSONG, small, align="left",
          line_pt=15),
        S("table_head_small", "PDTableHeadSmall", "表格表头（小）", HEITI, small, line_pt=15, **big),
        S("table_caption", "PDTableCaption", "表格标题", HEITI, table, line_pt=line, **big),
        S("table_after", "PDTableAfter", "表后间距", FANGSONG, ZIHAO["五号"], line_pt=8),
        S("appendix_label", "PDAppendixLabel", "附件标识", HEITI, body, align="left",
          line_pt=line, keep_next=True, page_break_before=True),
        # §7.3.7: the title on the third line, centred
        S("appendix_title", "PDAppendixTitle", "附件标题", XIAOBIAOSONG, ZIHAO["二号"],
          line_pt=35, before_pt=line, after_pt=line, next_style="BodyText", **big),
        S("cover_title", "PDCoverTitle", "封面标题", XIAOBIAOSONG, ZIHAO["一号"], align="center",
          line_pt=44),
        S("cover_subtitle", "PDCoverSubtitle", "封面副标题", XIAOBIAOSONG, ZIHAO["二号"],
          align="center", line_pt=40),
        S("cover_text", "PDCoverText", "封面文字", FANGSONG, body, align="center", line_pt=line),
        S("closing", "PDClosing", "落款", FANGSONG, body, align="right", right_chars=2,
          line_pt=line),
        S("strong", "PDStrong", "小标题", HEITI, body, first_line_chars=2, line_pt=line,
          keep_next=True),
    )  # fmt: skip


def gongwen_stylesheet(page: PageSetup = GB9704_PAGE) -> StyleSheet:
    """The GB/T 9704-2012 style sheet: plan bodies, notices, drill documents."""
    return StyleSheet(page=page, styles=_gongwen_styles(page))


def decimal_stylesheet(page: PageSetup = GB9704_PAGE) -> StyleSheet:
    """The GB/T 9704 sheet for decimal headings (1 / 1.1 / 1.1.1): the same page and
    fonts, but headings flush left. The two-character indent belongs to 公文 headings
    (GB/T 9704-2012 §7.3.3: 一、（一） start 空二字); a decimal number starts at the
    margin, as typeset standards set it (GB/T 1.1-2020 §7.3)."""
    heads = {"h1", "h2", "h3", "h4"}
    styles = tuple(
        replace(s, first_line_chars=0) if s.role in heads else s for s in _gongwen_styles(page)
    )
    return StyleSheet(page=page, styles=styles)


def scaled_stylesheet(
    page: PageSetup, body_pt: float, *, title_pt: float, heading_pt: float, table_pt: float
) -> StyleSheet:
    """The same fonts at other sizes (pocket cards, forms): one source of truth for fonts."""
    sizes = {"title": title_pt, "cover_title": title_pt, "appendix_title": title_pt}
    sizes |= dict.fromkeys(("h1", "h2", "h3", "h4", "cover_subtitle", "toc_title"), heading_pt)
    sizes |= dict.fromkeys(("strong", "table_head", "table_text", "table_caption"), table_pt)
    sizes["strong"] = heading_pt
    out: list[ParagraphStyle] = []
    for s in _gongwen_styles(page):
        size = s.size_pt if s.role in ("footer", "header") else sizes.get(s.role, body_pt)
        line = round(size * 1.35, 1)
        out.append(
            replace(
                s,
                size_pt=size,
                line_pt=None if s.line_pt is None else line,
                before_pt=min(s.before_pt, line / 2),
                after_pt=min(s.after_pt, line / 2),
                char_spacing=0,
            )
        )
    return StyleSheet(page=replace(page, body_pt=body_pt, grid=False), styles=tuple(out))


# --- heading numbers -----------------------------------------------------------------------


class Numberer:
    """Counts headings as the outline is walked and hands out their numbers."""

    def __init__(self, scheme: Scheme | str) -> None:
        self.scheme = Scheme(scheme)
        self._counters: list[int] = []

    def next(self, level: int) -> tuple[int, ...]:
        del self._counters[level:]
        while len(self._counters) < level:
            self._counters.append(0)
        self._counters[level - 1] += 1
        return tuple(self._counters)

    def title(self, level: int, title: str) -> str:
        return numbered_title(self.scheme, self.next(level), title)


# --- tables --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0
    align: str = "left"
    role: str | None = None  # a paragraph style for this column's cells (a key column)


Cell = str | Sequence[str]  # a string, or several paragraphs


SHORT = 10  # a column whose cells all fit in this many characters is kept on one line
NAME = 9  # a cell line this short is a name: kept whole where the table has room
_CODE = re.compile(r"[0-9A-Za-z]")
# never broken inside: a box and its label, a Latin word, a number (phones, codes)
_UNIT = re.compile(r"[□☐☑■][^\s\u3000□☐☑■，。；、]{1,8}|[0-9A-Za-z][0-9A-Za-z\-./:@_+]*")


def _cell_texts(value: Cell) -> Iterable[str]:
    if isinstance(value, str):
        return value.split("\n")
    return [line for v in value for line in v.split("\n")]


# Rows estimated taller than this many lines may break across pages.
MAX_UNSPLIT_LINES = 12


def _row_lines(cells: Sequence[Cell], widths: Sequence[int], size_pt: float, margin: int) -> int:
    """A rough height of a row in lines: the tallest cell's wrapped line count."""
    from app.export.text import width as text_width

    tallest = 0
    for i, wd in enumerate(widths):
        if i >= len(cells):
            break
        per_line = max(1.0, (wd - 2 * margin) / (size_pt * 20))  # characters per line
        lines = sum(max(1, math.ceil(text_width(t) / per_line)) for t in _cell_texts(cells[i]))
        tallest = max(tallest, lines)
    return tallest


def _advance(text: str) -> float:
    """Width in full-width cells by the paginator's letter widths (capitals run wide)."""
    return sum(char_width(ch, 1000) for ch in text) / 1000


def column_widths(
    columns: Sequence[Column],
    total: int,
    size_pt: float,
    margin: int,
    rows: Sequence[Sequence[Cell]] = (),
) -> list[int]:
    """Widths by weight, but short cells (numbers, phones) never wrap, and headers do
    not either where there is room for them."""
    from app.export.text import width as text_width

    if not columns:
        return []

    def twips(chars: float) -> int:
        return round(chars * size_pt * 20 * 1.08) + 2 * margin + 60

    header = [twips(text_width(c.title)) for c in columns]
    short = [0] * len(columns)  # columns whose every cell fits on a short line
    codes = [0] * len(columns)  # … of numbers and codes: "0571-8888" must not wrap
    for i in range(len(columns)):
        longest, has_code = 0.0, False
        for r in rows:
            if i < len(r):
                for text in _cell_texts(r[i]):
                    longest = max(longest, text_width(text))
                    has_code = has_code or _CODE.search(text) is not None
                if longest > SHORT:
                    break
        if longest <= SHORT and rows:
            short[i] = twips(longest)
            codes[i] = short[i] if has_code else 0
    # what must not break inside: a number, a code, a box with its label (□基本符合);
    # and, where there is room, a name (示范化工有限公司, 东江区应急管理局)
    units = [0] * len(columns)
    names = [0] * len(columns)
    for i in range(len(columns)):
        for r in rows:
            for text in _cell_texts(r[i]) if i < len(r) else ():
                boxes = "□" in text and text_width(text) <= 2 * NAME  # □符合　□基本符合
                found = [_advance(u) for u in ([text] if boxes else _UNIT.findall(text))]
                units[i] = max(units[i], twips(max(found)) if found else 0)
                if text_width(text) <= NAME:
                    names[i] = max(names[i], twips(text_width(text)))
    codes = [max(c, u) for c, u in zip(codes, units, strict=True)]
    weights = [max(c.weight, 0.1) for c in columns]
    # Chinese text wraps well but must not starve: it keeps 60 % of its share
    floor = [
        0 if codes[i] else int(0.6 * total * weights[i] / sum(weights)) for i in range(len(columns))
    ]
    two = twips(2)  # a two-character header (序号, 人数) stays on one line
    # in order: everything whole (short columns, names, numbers); then Chinese cells
    # wrap; then headers wrap as well; at last text gets only what numbers leave
    attempts = (
        [
            max(h, s, n, c, f)
            for h, s, n, c, f in zip(header, short, names, codes, floor, strict=True)
        ],
        # names before the text's full share: text may drop to 40 % of its share
        [max(h, n, c, f * 2 // 3) for h, n, c, f in zip(header, names, codes, floor, strict=True)],
        [max(h, c, f) for h, c, f in zip(header, codes, floor, strict=True)],
        [max(min(h, two), c, f) for h, c, f in zip(header, codes, floor, strict=True)],
        [max(min(h, two), c) for h, c in zip(header, codes, strict=True)],
    )
    for need in attempts:
        widths = _fit(need, weights, total)
        if widths is not None:
            return widths
    # far too many columns: shrink every need alike (the needs carry a little slack)
    need = attempts[-1]
    scale = total / sum(need)
    widths = [int(n * scale) for n in need]
    widths[-1] += total - sum(widths)
    return widths


def _fit(need: list[int], weights: list[float], total: int) -> list[int] | None:
    """Widths by weight where every column gets at least its need; None if impossible."""
    if sum(need) > total:
        return None
    fixed: set[int] = set()
    scale = 0.0
    while True:
        free = [i for i in range(len(need)) if i not in fixed]
        if not free:
            break
        scale = (total - sum(need[i] for i in fixed)) / sum(weights[i] for i in free)
        grow = [i for i in free if weights[i] * scale < need[i]]
        if not grow:
            break
        fixed.update(grow)
    widths = [need[i] if i in fixed else int(weights[i] * scale) for i in range(len(need))]
    widths[-1] += total - sum(widths)
    return widths


# --- the document --------------------------------------------------------------------------


class PageNumbers(Enum):
    NONE = "none"
    ROMAN = "upperRoman"
    ARABIC = "decimal"


@dataclass
class _SectionSpec:
    numbers: PageNumbers
    restart: bool
    odd_page: bool
    landscape: bool = False


@dataclass(frozen=True)
class TocEntry:
    text: str
    level: int
    bookmark: str


@dataclass
class _Resolved:
    """Style ids in the document for each role, and what the reference lacked."""

    ids: dict[str, str] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)


class GongwenDocument:
    """A .docx being built in memory, laid out per GB/T 9704-2012.

    With ``reference`` the user's own Word file supplies styles, page setup, headers
    and (when its first page holds ``{{ … }}`` placeholders) the cover; styles it lacks
    are added from ``sheet`` and listed in ``warnings``.
    """

    def __init__(
        self,
        sheet: StyleSheet | None = None,
        *,
        reference: str | Path | bytes | None = None,
        duplex: bool = True,
    ) -> None:
        self.sheet = sheet or gongwen_stylesheet()
        self.duplex = duplex
        self.warnings: list[T] = []
        self.cover_template: list[etree._Element] = []
        if reference is None:
            self.doc: DocxDocument = Document()
            _clean_default_package(self.doc)
            self._resolved = _install_stylesheet(self.doc, self.sheet)
            self._base_sectPr = _page_sectPr(self.sheet.page)
        else:
            self.doc = open_reference(reference)
            self._resolved = _merge_stylesheet(self.doc, self.sheet)
            for name in self._resolved.added:
                self.warnings.append(
                    T(
                        f"参考文档中没有样式“{name}”，已使用默认样式",
                        f"The reference document has no style '{name}'; the default was used",
                    )
                )
            self._base_sectPr = _reference_sectPr(self.doc)
        self.body = self.doc.element.body
        self.cover_template = self._take_reference_body() if reference is not None else []
        self._sentinel = self.body.get_or_add_sectPr()
        _ensure_font_table(self.doc)
        _set_settings(self.doc)
        self._sections: list[_SectionSpec] = []
        self._sizes: dict[str, float] = {}  # style id → size, for added variants
        self.placeholders = 0  # unfilled values, counted by to_bytes
        self._bookmarks = 0  # w:id of bookmarks
        self._bookmark_names = 0  # bookmark names handed out
        self._break_next = False
        self._anchor: etree._Element | None = None  # insert here instead of at the end
        self._text_width = _text_width_of(self._base_sectPr) or self.sheet.page.text_width
        self._cell_margin = mm(self.sheet.table_cell_margin_mm)

    # -- styles --

    def style_id(self, role: str) -> str:
        return self._resolved.ids[role]

    def add_variant(self, sheet: StyleSheet, suffix: str) -> dict[str, str]:
        """``sheet``'s styles added under new ids, for parts of a document that need
        other sizes (a crowded card set smaller); returns role → style id."""
        styles = self.doc.styles.element
        ids: dict[str, str] = {}
        for s in sheet.styles:
            if s.role in ("normal", "footer", "header"):
                ids[s.role] = self._resolved.ids[s.role]
                continue
            variant = replace(
                s,
                style_id=f"{s.style_id}{suffix}",
                name=f"{s.name} {suffix}",
                builtin=False,
                based_on=self._resolved.ids["normal"],
                next_style=None,
            )
            styles.append(_style_element(variant, sheet, ids))
            ids[s.role] = variant.style_id
            self._sizes[variant.style_id] = s.size_pt
        return ids

    def _size_of(self, role_or_id: str) -> float:
        if role_or_id in self._sizes:
            return self._sizes[role_or_id]
        if role_or_id in self.sheet.roles:
            return self.sheet.by_role(role_or_id).size_pt
        return 14

    @property
    def text_width(self) -> int:
        """Twips between the margins."""
        return self._text_width

    # -- paragraphs --

    def paragraph(
        self,
        text: str | Iterable[tuple[str, bool]] = "",
        role: str = "body",
        *,
        align: str | None = None,
        outline: int | None = None,
        keep_next: bool = False,
        bookmark: str | None = None,
        page_break: bool | None = False,
        parent: etree._Element | None = None,
        at: etree._Element | None = None,
    ) -> etree._Element:
        """Append a paragraph (or put it before ``at``); ``text`` is a string or (text,
        bold) pieces."""
        p = etree.Element(P) if parent is None else etree.SubElement(parent, P)
        ppr = etree.SubElement(p, PPR)
        etree.SubElement(ppr, PSTYLE).set(W_VAL, self._resolved.ids.get(role, role))
        if keep_next:
            etree.SubElement(ppr, w("keepNext"))
        if page_break or (parent is None and self._break_next):
            etree.SubElement(ppr, w("pageBreakBefore"))
            if parent is None:
                self._break_next = False
        elif page_break is None:  # the section break already starts the page
            etree.SubElement(ppr, w("pageBreakBefore")).set(W_VAL, "0")
        if align is not None:
            etree.SubElement(ppr, w("jc")).set(W_VAL, align)
        if outline is not None:
            etree.SubElement(ppr, w("outlineLvl")).set(W_VAL, str(outline))
        if bookmark is not None:
            self._bookmarks += 1
            start = etree.SubElement(p, w("bookmarkStart"))
            start.set(w("id"), str(self._bookmarks))
            start.set(w("name"), bookmark)
        if isinstance(text, str):
            add_text(p, text)
        else:
            for piece, bold in text:
                add_text(p, piece, bold=bold)
        if bookmark is not None:
            etree.SubElement(p, w("bookmarkEnd")).set(w("id"), str(self._bookmarks))
        if at is not None:
            at.addprevious(p)
        elif parent is None:
            self._append(p)
        return p

    def blank(self, count: int = 1, role: str = "normal") -> None:
        for _ in range(count):
            self.paragraph("", role)

    def keep_with_next(self) -> None:
        """Keep the last paragraph on the page of what follows (the text before a table)."""
        last = (self._anchor if self._anchor is not None else self._sentinel).getprevious()
        if last is not None and last.tag == P:
            ppr = last.find(PPR)
            if ppr is not None and ppr.find(w("keepNext")) is None:
                _insert_ordered(ppr, etree.Element(w("keepNext")), _PPR_ORDER)

    def blank_page(self, *, after: etree._Element | None = None) -> None:
        """An empty page (the back of a cover in double-sided printing), at the end or
        just after the paragraph ``after`` (which hands it any section break it ends)."""
        if after is not None:
            p = self.paragraph("\u00a0", "normal", page_break=True, at=after)
            after.addnext(p)  # move it behind ``after``
            sect = after.find(f"{PPR}/{w('sectPr')}")
            if sect is not None:
                _insert_ordered(p.find(PPR), sect, _PPR_ORDER)
            return
        self.page_break()
        self.paragraph("\u00a0", "normal")  # LibreOffice drops a page holding nothing at all

    def page_break(self) -> None:
        """The next paragraph starts a new page (``pageBreakBefore``: no empty line)."""
        self._break_next = True

    def heading(
        self, text: str, level: int, *, toc: bool = True, page_break: bool = False
    ) -> str | None:
        """A heading at outline ``level`` (1-based); returns its bookmark for the TOC.

        Levels beyond 4 use the level-4 style. ``toc=False`` keeps the heading out of
        the TOC and the navigation pane (headings inside appendices).
        """
        role = f"h{min(max(level, 1), 4)}"
        bookmark = self.new_bookmark() if toc else None
        outline: int | None = min(level, 9) - 1 if toc else 9
        if toc and level <= 4:
            outline = None  # the style carries it
        self.paragraph(text, role, outline=outline, bookmark=bookmark, page_break=page_break)
        return bookmark

    def new_bookmark(self) -> str:
        """A fresh hidden bookmark name (Word hides names that start with "_")."""
        self._bookmark_names += 1
        return f"_Toc{100_000_000 + self._bookmark_names}"

    def _append(self, element: etree._Element) -> None:
        anchor = self._anchor if self._anchor is not None else self._sentinel
        if self._break_next and element.tag == TBL:
            self._break_next = False
            p = etree.Element(P)
            ppr = etree.SubElement(p, PPR)
            etree.SubElement(ppr, PSTYLE).set(W_VAL, self._resolved.ids["normal"])
            etree.SubElement(ppr, w("pageBreakBefore"))
            anchor.addprevious(p)
        anchor.addprevious(element)

    # -- tables --

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell]],
        *,
        text_role: str = "table_text",
        head_role: str = "table_head",
        width: int | None = None,
        space_after: bool = True,
        header: bool = True,
    ) -> etree._Element:
        """A bordered table whose header row repeats on every page; rows split only
        when taller than ``MAX_UNSPLIT_LINES``."""
        total = width or self.text_width
        size = self._size_of(head_role)
        rows = list(rows)
        widths = column_widths(columns, total, size, self._cell_margin, rows)
        tbl = etree.Element(TBL)
        tblpr = etree.SubElement(tbl, w("tblPr"))
        tw = etree.SubElement(tblpr, w("tblW"))
        tw.set(w("w"), str(total))
        tw.set(w("type"), "dxa")
        etree.SubElement(tblpr, w("jc")).set(W_VAL, "center")
        borders = etree.SubElement(tblpr, w("tblBorders"))
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = etree.SubElement(borders, w(edge))
            b.set(W_VAL, "single")
            b.set(w("sz"), str(self.sheet.table_border))
            b.set(w("space"), "0")
            b.set(w("color"), "000000")
        etree.SubElement(tblpr, w("tblLayout")).set(w("type"), "fixed")
        mar = etree.SubElement(tblpr, w("tblCellMar"))
        for edge in ("left", "right"):
            m = etree.SubElement(mar, w(edge))
            m.set(w("w"), str(self._cell_margin))
            m.set(w("type"), "dxa")
        look = etree.SubElement(tblpr, w("tblLook"))
        look.set(W_VAL, "04A0")
        look.set(w("firstRow"), "1")
        look.set(w("lastRow"), "0")
        look.set(w("firstColumn"), "0")
        look.set(w("lastColumn"), "0")
        look.set(w("noHBand"), "1")
        look.set(w("noVBand"), "1")
        grid = etree.SubElement(tbl, w("tblGrid"))
        for wd in widths:
            etree.SubElement(grid, w("gridCol")).set(w("w"), str(wd))
        ids = self._resolved.ids
        if header:
            head = [ids.get(head_role, head_role)] * len(columns)
            self._row(tbl, [c.title for c in columns], widths, head, None, header=True)
        styles = [ids.get(c.role or text_role, c.role or text_role) for c in columns]
        aligns = [c.align for c in columns]
        text_size = self._size_of(text_role)
        # A row stays whole (no fragment under a repeated header) unless it is taller than
        # half a page (a group's long duty list): that one may run on rather than leave
        # most of a page blank.
        line = text_size * 1.45  # table lines: 14 pt on 20 pt, 10.5 pt on 15 pt
        limit = max(MAX_UNSPLIT_LINES, int(self.sheet.page.text_height / 20 / 2 / line))
        for row in rows:
            tall = _row_lines(row, widths, text_size, self._cell_margin) > limit
            self._row(tbl, row, widths, styles, aligns, header=False, can_split=tall)
        self._append(tbl)
        if space_after:  # a little air before the text that follows
            self.paragraph("", "table_after")
        return tbl

    def _row(
        self,
        tbl: etree._Element,
        cells: Sequence[Cell],
        widths: Sequence[int],
        style_ids: Sequence[str],
        aligns: Sequence[str] | None,
        *,
        header: bool,
        can_split: bool = False,
    ) -> None:
        tr = etree.SubElement(tbl, TR)
        trpr = etree.SubElement(tr, w("trPr"))
        if not can_split:
            etree.SubElement(trpr, w("cantSplit"))
        if header:
            etree.SubElement(trpr, w("tblHeader"))
        for i, wd in enumerate(widths):
            value = cells[i] if i < len(cells) else ""
            tc = etree.SubElement(tr, TC)
            tcpr = etree.SubElement(tc, w("tcPr"))
            tcw = etree.SubElement(tcpr, w("tcW"))
            tcw.set(w("w"), str(wd))
            tcw.set(w("type"), "dxa")
            etree.SubElement(tcpr, w("vAlign")).set(W_VAL, "center")
            paragraphs = [value] if isinstance(value, str) else list(value) or [""]
            align = None if aligns is None else aligns[i]
            for text in paragraphs:
                p = etree.SubElement(tc, P)
                ppr = etree.SubElement(p, PPR)
                etree.SubElement(ppr, PSTYLE).set(W_VAL, style_ids[i])
                if align is not None and align != "left":
                    etree.SubElement(ppr, w("jc")).set(W_VAL, align)
                add_text(p, text)

    # -- sections and page numbers --

    def begin_section(
        self,
        numbers: PageNumbers,
        *,
        restart: bool = True,
        odd_page: bool | None = None,
        landscape: bool = False,
    ) -> None:
        """Start a section (the first call sets up the first one).

        Sections separate the cover (no number), the front matter and the body, so
        that each has its own page numbers. With ``duplex`` a section starts on an odd
        page, which keeps the odd/even footers and the printed numbers in step.
        ``landscape`` turns the page for a wide table (GB/T 9704 §8, 横排表格): the
        版心 keeps its size, the binding margin goes to the top.
        """
        odd = self.duplex if odd_page is None else odd_page and self.duplex
        spec = _SectionSpec(numbers, restart, odd, landscape)
        if self._sections:
            self._close_section(self._sections[-1], spec)
        self._sections.append(spec)
        self._text_width = _text_width_of(self._sectPr_for(spec)) or self.sheet.page.text_width

    def _close_section(self, spec: _SectionSpec, following: _SectionSpec) -> None:
        sectPr = self._sectPr_for(spec)
        last = self._sentinel.getprevious()
        if last is None or last.tag != P or last.find(f"{PPR}/{w('sectPr')}") is not None:
            last = etree.Element(P)
            etree.SubElement(etree.SubElement(last, PPR), PSTYLE).set(
                W_VAL, self._resolved.ids["normal"]
            )
            self._sentinel.addprevious(last)
        ppr = last.find(PPR)
        if ppr is None:
            ppr = etree.SubElement(last, PPR)
            last.insert(0, ppr)
        _insert_ordered(ppr, sectPr, _PPR_ORDER)
        self._break_next = False  # the section break itself starts the new page

    def _sectPr_for(self, spec: _SectionSpec) -> etree._Element:
        sectPr = copy.deepcopy(self._base_sectPr)
        for child in list(sectPr):
            if child.tag in (w("footerReference"), w("type"), w("pgNumType"), w("titlePg")):
                sectPr.remove(child)
        if spec is not self._sections[0]:
            t = OxmlElement("w:type")
            t.set(W_VAL, "oddPage" if spec.odd_page else "nextPage")
            _insert_ordered(sectPr, t, _SECTPR_ORDER)
        if spec.numbers is not PageNumbers.NONE:
            num = OxmlElement("w:pgNumType")
            num.set(w("fmt"), spec.numbers.value)
            if spec.restart:
                num.set(w("start"), "1")
            _insert_ordered(sectPr, num, _SECTPR_ORDER)
        if spec.landscape:
            _turn(sectPr, self.sheet.page)
        return sectPr

    def _finish_sections(self) -> None:
        if not self._sections:
            self._sections.append(_SectionSpec(PageNumbers.NONE, True, False))
        last = self._sectPr_for(self._sections[-1])
        self._sentinel.getparent().replace(self._sentinel, last)
        self._sentinel = last
        sections = list(self.doc.sections)
        for spec, section in zip(self._sections, sections, strict=True):
            self._footers(section, spec)

    def _footers(self, section: Section, spec: _SectionSpec) -> None:
        indent = pt(self.sheet.page.footer_pt)  # one character in (§7.5)
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            container = footer._element
            for child in list(container):
                container.remove(child)
            p = self.paragraph("", "footer", align=align, parent=container)
            if spec.numbers is PageNumbers.NONE:
                continue
            ppr = p.find(PPR)
            ind = etree.Element(w("ind"))
            ind.set(w("right" if align == "right" else "left"), str(indent))
            _insert_ordered(ppr, ind, _PPR_ORDER)
            add_text(p, "— ")
            add_field(p, "PAGE", "1")
            add_text(p, " —")

    # -- table of contents --

    def toc(
        self,
        entries: Sequence[TocEntry],
        *,
        levels: int = 2,
        extra: Sequence[TocEntry] = (),
        empty_hint: str = "（在 Word 中按 F9 或右键“更新域”生成目录）",
        at: etree._Element | None = None,
    ) -> None:
        """A TOC field Word refreshes on open, pre-filled with the current entries.

        Each entry links to its heading's bookmark and carries a PAGEREF field, the way
        Word writes a TOC, so the page numbers are right even where fields are not
        refreshed. ``extra`` lines (the appendices, which are not outline headings)
        follow the field in the same style. ``at`` is a paragraph added earlier as a
        placeholder (the TOC is written once the body's headings are known).
        """
        if at is not None:
            self._anchor = at
            try:
                self.toc(entries, levels=levels, extra=extra, empty_hint=empty_hint)
            finally:
                self._anchor = None
            sect = at.find(f"{PPR}/{w('sectPr')}")
            prev = at.getprevious()
            if sect is not None:  # the placeholder ended a section: hand the break on
                if prev is None or prev.tag != P or prev.find(f".//{w('sectPr')}") is not None:
                    return
                ppr = prev.find(PPR)
                if ppr is None:
                    ppr = etree.Element(PPR)
                    prev.insert(0, ppr)
                _insert_ordered(ppr, sect, _PPR_ORDER)
            at.getparent().remove(at)
            return
        instr = f' TOC \\o "1-{levels}" \\h \\z \\u '
        shown = [e for e in entries if e.level <= levels]
        if not shown:
            p = self.paragraph("", "toc1")
            _field_begin(p, instr)
            add_text(p, empty_hint)
            _field_end(p)
        else:
            for i, entry in enumerate(shown):
                p = self.paragraph("", f"toc{min(entry.level, 3)}")
                if i == 0:
                    _field_begin(p, instr)
                self._toc_line(p, entry)
            _field_end(p)
        for entry in extra:
            self._toc_line(self.paragraph("", f"toc{min(entry.level, 3)}"), entry)

    def _toc_line(self, p: etree._Element, entry: TocEntry) -> None:
        link = etree.SubElement(p, w("hyperlink"))
        link.set(w("anchor"), entry.bookmark)
        link.set(w("history"), "1")
        add_text(link, entry.text)
        etree.SubElement(etree.SubElement(link, R), TAB)
        add_field(link, f"PAGEREF {entry.bookmark} \\h", "")

    # -- cover art from the reference --

    def _take_reference_body(self) -> list[etree._Element]:
        """Keep the reference's first page as the cover template when it has placeholders.

        Everything else in the reference body is dropped: only its styles, page setup
        and headers are used.
        """
        first_page: list[etree._Element] = []
        for child in list(self.body):
            if child.tag == w("sectPr"):
                continue
            if first_page and child.find(f"{PPR}/{w('pageBreakBefore')}") is not None:
                break
            first_page.append(child)
            if child.find(f".//{w('sectPr')}") is not None or _has_page_break(child):
                break
        text = "".join("".join(el.itertext()) for el in first_page)
        keep = "{{" in text or "{%" in text
        for child in list(self.body):
            if child.tag != w("sectPr"):
                self.body.remove(child)
        if not keep:
            return []
        out = []
        for el in first_page:
            for sect in el.iter(w("sectPr")):
                sect.getparent().remove(sect)
            for br in el.iter(BR):
                if br.get(w("type")) == "page":
                    br.getparent().remove(br)
            for pb in el.iter(w("pageBreakBefore")):
                pb.getparent().remove(pb)
            out.append(el)
        return out

    def append_element(self, element: etree._Element) -> None:
        self._append(element)

    # -- output --

    def set_properties(self, *, title: str, author: str, subject: str = "") -> None:
        props = self.doc.core_properties
        props.title = clean(title)[:255]
        props.author = clean(author)[:255]
        props.subject = clean(subject)[:255]
        props.last_modified_by = "PlanDrill"
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now

    def to_bytes(self) -> bytes:
        """The .docx. Every unfilled value is put in the one placeholder style first
        (``app.export.layer.placeholders``); ``placeholders`` then holds their count."""
        self._finish_sections()
        self.placeholders = mark_placeholders(self.doc.element.body, self.doc.styles.element)
        # the TOC's page numbers, computed from the grid (app.export.layer.paginate)
        fill_page_refs(self.doc.element.body, self.doc.styles.element)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# --- runs and fields -----------------------------------------------------------------------


def add_text(parent: etree._Element, text: str, *, bold: bool = False) -> None:
    """Append runs for ``text``: line breaks become ``w:br`` and tabs ``w:tab``."""
    text = clean(text)
    if not text:
        return
    for i, line in enumerate(text.split("\n")):
        r = etree.SubElement(parent, R)
        if bold:
            etree.SubElement(etree.SubElement(r, RPR), w("b"))
        if i:
            etree.SubElement(r, BR)
        for j, piece in enumerate(line.split("\t")):
            if j:
                etree.SubElement(r, TAB)
            if piece:
                t = etree.SubElement(r, T_)
                t.text = piece
                if piece[0] == " " or piece[-1] == " ":
                    t.set(XML_SPACE, "preserve")


def _fld(parent: etree._Element, kind: str) -> None:
    etree.SubElement(etree.SubElement(parent, R), w("fldChar")).set(w("fldCharType"), kind)


def _field_begin(parent: etree._Element, instr: str) -> None:
    _fld(parent, "begin")
    it = etree.SubElement(etree.SubElement(parent, R), w("instrText"))
    it.set(XML_SPACE, "preserve")
    it.text = instr
    _fld(parent, "separate")


def _field_end(parent: etree._Element) -> None:
    _fld(parent, "end")


def add_field(parent: etree._Element, instr: str, cached: str = "") -> None:
    """A complex field (PAGE, PAGEREF …) with ``cached`` as its last computed value."""
    _field_begin(parent, f" {instr.strip()} ")
    if cached:
        add_text(parent, cached)
    _field_end(parent)


def _has_page_break(element: etree._Element) -> bool:
    return any(br.get(w("type")) == "page" for br in element.iter(BR))


# --- XML element order (Word rejects files whose children are out of schema order) ------


def _names(text: str) -> list[str]:
    return text.split()


_PPR_ORDER = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange "
)
_SECTPR_ORDER = _names(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection "
    "bidi rtlGutter docGrid printerSettings sectPrChange "
)
_STYLE_ORDER = _names(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden "
    "unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr "
    "tblPr trPr tcPr tblStylePr "
)


def _insert_ordered(parent: etree._Element, child: etree._Element, order: list[str]) -> None:
    """Insert ``child`` where the schema wants it, replacing one of the same name."""
    local = etree.QName(child).localname
    existing = parent.find(w(local))
    if existing is not None:
        parent.replace(existing, child)
        return
    try:
        rank = order.index(local)
    except ValueError:
        parent.append(child)
        return
    later = {w(name) for name in order[rank + 1 :]}
    for i, sibling in enumerate(parent):
        if sibling.tag in later:
            parent.insert(i, child)
            return
    parent.append(child)


# --- building the style sheet into a package ----------------------------------------------


def _rfonts(east_asia: str, latin: str) -> etree._Element:
    el = OxmlElement("w:rFonts")
    el.set(w("ascii"), latin)
    el.set(w("hAnsi"), latin)
    el.set(w("eastAsia"), east_asia)
    el.set(w("cs"), latin)
    return el


def _style_element(s: ParagraphStyle, sheet: StyleSheet, ids: dict[str, str]) -> etree._Element:
    page = sheet.page
    char = pt(s.size_pt)
    el = OxmlElement("w:style")
    el.set(w("type"), "paragraph")
    el.set(w("styleId"), s.style_id)
    if s.style_id == "Normal":
        el.set(w("default"), "1")
    if not s.builtin:
        el.set(w("customStyle"), "1")
    etree.SubElement(el, w("name")).set(W_VAL, s.name)
    if s.based_on:
        etree.SubElement(el, w("basedOn")).set(W_VAL, s.based_on)
    if s.next_style:
        etree.SubElement(el, w("next")).set(W_VAL, s.next_style)
    if s.ui_priority is not None:
        etree.SubElement(el, w("uiPriority")).set(W_VAL, str(s.ui_priority))
    if s.role in ("normal", "body", "title", "subtitle", "h1", "h2", "h3", "h4"):
        etree.SubElement(el, w("qFormat"))
    ppr = etree.SubElement(el, PPR)
    if s.keep_next:
        etree.SubElement(ppr, w("keepNext"))
    if s.keep_lines:
        etree.SubElement(ppr, w("keepLines"))
    if s.page_break_before:
        etree.SubElement(ppr, w("pageBreakBefore"))
    etree.SubElement(ppr, w("widowControl")).set(W_VAL, "0" if s.line_pt else "1")
    if s.right_tab_leader:
        tabs = etree.SubElement(ppr, w("tabs"))
        tab = etree.SubElement(tabs, w("tab"))
        tab.set(W_VAL, "right")
        tab.set(w("leader"), s.right_tab_leader)
        tab.set(w("pos"), str(page.text_width))
    etree.SubElement(ppr, w("snapToGrid")).set(W_VAL, "0")  # see PageSetup.char_spacing
    spacing = etree.SubElement(ppr, w("spacing"))
    spacing.set(w("before"), str(pt(s.before_pt)))
    spacing.set(w("after"), str(pt(s.after_pt)))
    if s.line_pt:
        spacing.set(w("line"), str(pt(s.line_pt)))
        spacing.set(w("lineRule"), "exact")
    else:
        spacing.set(w("line"), "240")
        spacing.set(w("lineRule"), "auto")
    ind = etree.SubElement(ppr, w("ind"))
    spacing_twips = s.char_spacing
    if spacing_twips is None and s.size_pt == page.body_pt and page.grid:
        spacing_twips = page.char_spacing
    char += spacing_twips or 0
    # characters (hundredths) for Word, twips for readers that ignore *Chars
    ind.set(w("left"), str(round(s.left_chars * char)))
    ind.set(w("leftChars"), str(round(s.left_chars * 100)))
    ind.set(w("right"), str(round(s.right_chars * char)))
    ind.set(w("rightChars"), str(round(s.right_chars * 100)))
    ind.set(w("firstLine"), str(round(s.first_line_chars * char)))
    ind.set(w("firstLineChars"), str(round(s.first_line_chars * 100)))
    if s.align:
        etree.SubElement(ppr, w("jc")).set(W_VAL, s.align)
    etree.SubElement(ppr, w("outlineLvl")).set(W_VAL, str(9 if s.outline is None else s.outline))
    rpr = etree.SubElement(el, RPR)
    rpr.append(_rfonts(s.east_asia, s.latin))
    for tag in ("b", "bCs"):
        etree.SubElement(rpr, w(tag)).set(W_VAL, "1" if s.bold else "0")
    etree.SubElement(rpr, w("color")).set(W_VAL, "000000")
    if spacing_twips:
        etree.SubElement(rpr, w("spacing")).set(W_VAL, str(spacing_twips))
    etree.SubElement(rpr, w("kern")).set(W_VAL, "0")
    etree.SubElement(rpr, w("sz")).set(W_VAL, str(round(s.size_pt * 2)))
    etree.SubElement(rpr, w("szCs")).set(W_VAL, str(round(s.size_pt * 2)))
    return el


_KEEP_STYLE_IDS = {"DefaultParagraphFont", "TableNormal", "NoList"}


def _install_stylesheet(doc: DocxDocument, sheet: StyleSheet) -> _Resolved:
    """Replace the package's styles with ``sheet``: clean docDefaults, no theme fonts."""
    styles = doc.styles.element
    for style in styles.findall(w("style")):
        if style.get(w("styleId")) not in _KEEP_STYLE_IDS:
            styles.remove(style)
    defaults = styles.find(w("docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    normal = sheet.by_role("normal")
    defaults = parse_xml(
        f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{normal.east_asia}" w:cs="{LATIN}"/>'
        f'<w:kern w:val="0"/><w:sz w:val="{round(normal.size_pt * 2)}"/>'
        f'<w:szCs w:val="{round(normal.size_pt * 2)}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    styles.insert(0, defaults)
    resolved = _Resolved()
    for s in sheet.styles:
        styles.append(_style_element(s, sheet, resolved.ids))
        resolved.ids[s.role] = s.style_id
    _strip_theme_fonts(styles)
    return resolved


def _strip_theme_fonts(root: etree._Element) -> None:
    theme_attrs = [w(a) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
    for rfonts in root.iter(w("rFonts")):
        for attr in theme_attrs:
            if attr in rfonts.attrib:
                del rfonts.attrib[attr]


def _style_names(styles: etree._Element) -> dict[str, str]:
    """Lower-cased style name → styleId, for paragraph styles."""
    out: dict[str, str] = {}
    for style in styles.findall(w("style")):
        if style.get(w("type")) != "paragraph":
            continue
        name = style.find(w("name"))
        if name is not None and name.get(W_VAL):
            out[name.get(W_VAL).strip().lower()] = style.get(w("styleId"))
    return out


# How Word-CN and WPS name the built-ins when a file was saved with localised names.
_ALIASES = {
    "normal": ("正文",),
    "body text": ("正文文本",),
    "title": ("标题",),
    "subtitle": ("副标题",),
    "heading 1": ("标题 1",),
    "heading 2": ("标题 2",),
    "heading 3": ("标题 3",),
    "heading 4": ("标题 4",),
    "toc heading": ("toc 标题",),
    "toc 1": ("目录 1",),
    "toc 2": ("目录 2",),
    "toc 3": ("目录 3",),
    "footer": ("页脚",),
    "header": ("页眉",),
}


def _merge_stylesheet(doc: DocxDocument, sheet: StyleSheet) -> _Resolved:
    """Use the reference's own styles; add only the ones it lacks."""
    styles = doc.styles.element
    names = _style_names(styles)
    ids_in_use = {s.get(w("styleId")) for s in styles.findall(w("style"))}
    resolved = _Resolved()
    normal_id = names.get("normal") or next(
        (s.get(w("styleId")) for s in styles.findall(w("style")) if s.get(w("default")) == "1"),
        None,
    )
    for s in sheet.styles:
        key = s.name.lower()
        found = names.get(key) or next(
            (names[a.lower()] for a in _ALIASES.get(key, ()) if a.lower() in names), None
        )
        if s.role == "normal" and found is None:
            found = normal_id
        if found is not None:
            resolved.ids[s.role] = found
            if s.outline is not None:
                _ensure_outline(styles, found, s.outline)
            continue
        style_id = s.style_id
        while style_id in ids_in_use:
            style_id += "PD"
        based = s.based_on
        if based == "Normal" and normal_id:
            based = normal_id
        el = _style_element(replace(s, style_id=style_id, based_on=based), sheet, resolved.ids)
        styles.append(el)
        ids_in_use.add(style_id)
        resolved.ids[s.role] = style_id
        resolved.added.append(s.name)
    return resolved


def _ensure_outline(styles: etree._Element, style_id: str, level: int) -> None:
    """A heading style without an outline level would be missing from the TOC."""
    for style in styles.findall(w("style")):
        if style.get(w("styleId")) == style_id:
            ppr = style.find(PPR)
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                _insert_ordered(style, ppr, _STYLE_ORDER)
            if ppr.find(w("outlineLvl")) is None:
                lvl = OxmlElement("w:outlineLvl")
                lvl.set(W_VAL, str(level))
                _insert_ordered(ppr, lvl, _PPR_ORDER)
            return


def _page_sectPr(page: PageSetup) -> etree._Element:
    grid = (
        f'<w:docGrid w:type="linesAndChars" w:linePitch="{page.line_pitch}" '
        f'w:charSpace="{page.char_space}"/>'
        if page.grid
        else '<w:docGrid w:linePitch="312"/>'
    )
    return parse_xml(
        f'<w:sectPr xmlns:w="{W_NS}">'
        f'<w:pgSz w:w="{mm(page.width_mm)}" w:h="{mm(page.height_mm)}"/>'
        f'<w:pgMar w:top="{mm(page.top_mm)}" w:right="{mm(page.right_mm)}" '
        f'w:bottom="{mm(page.bottom_mm)}" w:left="{mm(page.left_mm)}" '
        f'w:header="{mm(page.header_mm)}" w:footer="{page.footer_distance}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f"{grid}</w:sectPr>"
    )


def _reference_sectPr(doc: DocxDocument) -> etree._Element:
    sentinel = doc.element.body.sectPr
    if sentinel is None:
        return _page_sectPr(GB9704_PAGE)
    base = copy.deepcopy(sentinel)
    base.attrib.clear()
    refs = {r.get(w("type")): r for r in base.findall(w("headerReference"))}
    if "default" in refs and "even" not in refs:
        # odd and even pages differ in an export: even pages need the header too
        even = copy.deepcopy(refs["default"])
        even.set(w("type"), "even")
        refs["default"].addnext(even)
    return base


def _turn(sectPr: etree._Element, page: PageSetup) -> None:
    """Portrait → landscape: swap the paper, and turn the margins with the page so
    that the 订口 (left) becomes the top and the 版心 keeps its size."""
    size, margins = sectPr.find(w("pgSz")), sectPr.find(w("pgMar"))
    if size is None or margins is None:
        return
    width, height = size.get(w("w")), size.get(w("h"))
    if width and height and int(width) < int(height):
        size.set(w("w"), height)
        size.set(w("h"), width)
    size.set(w("orient"), "landscape")
    top, bottom = margins.get(w("top")), margins.get(w("bottom"))
    left, right = margins.get(w("left")), margins.get(w("right"))
    if None in (top, bottom, left, right):
        return
    margins.set(w("top"), left)
    margins.set(w("bottom"), right)
    margins.set(w("left"), bottom)
    margins.set(w("right"), top)
    gap = mm(page.number_gap_mm) + pt(page.footer_pt)  # the number stays 7 mm off the 版心
    margins.set(w("footer"), str(max(int(right) - gap, 284)))


def _text_width_of(sectPr: etree._Element) -> int | None:
    size, margins = sectPr.find(w("pgSz")), sectPr.find(w("pgMar"))
    try:
        width = int(size.get(w("w")))
        left = int(margins.get(w("left")))
        right = int(margins.get(w("right")))
    except (AttributeError, TypeError, ValueError):
        return None
    if size.get(w("orient")) == "landscape" and size.get(w("h")):
        width = max(width, int(size.get(w("h"))))
    value = width - left - right - int(margins.get(w("gutter")) or 0)
    return value if value > 1000 else None


def _clean_default_package(doc: DocxDocument) -> None:
    """python-docx's template ships a thumbnail and Japanese theme defaults: drop them."""
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]
    for part in pkg.iter_parts():
        if str(part.partname) == "/docProps/app.xml" and hasattr(part, "_blob"):
            # the template's says "Microsoft Macintosh Word" with stale page counts
            part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                'extended-properties"><Template>Normal.dotm</Template>'
                f"<Application>{APP_NAME} {__version__}</Application><DocSecurity>0</DocSecurity>"
                "</Properties>"
            ).encode()


def _set_settings(doc: DocxDocument) -> None:
    settings = doc.settings
    settings.odd_and_even_pages_header_footer = True
    # No updateFields: the TOC's page numbers are computed at export (layer/paginate.py) and
    # written as the fields' results, so Word, WPS and LibreOffice show them on opening
    # without Word's "update the fields?" prompt, which a reviewer would only click away.
    update = settings.element.find(w("updateFields"))
    if update is not None:
        settings.element.remove(update)
    lang = settings.element.find(w("themeFontLang"))
    if lang is not None and lang.get(w("eastAsia")) in (None, "ja-JP"):
        lang.set(w("eastAsia"), "zh-CN")


def _ensure_font_table(doc: DocxDocument) -> None:
    """Declare the GB2312 fonts with a fallback name Word uses when they are missing."""
    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return
    present = {f.get(w("name")) for f in root.findall(w("font"))}
    changed = False
    for name, alt in FONT_FALLBACKS.items():
        if name in present:
            continue
        font = etree.SubElement(root, w("font"))
        font.set(w("name"), name)
        etree.SubElement(font, w("altName")).set(W_VAL, alt)
        etree.SubElement(font, w("charset")).set(W_VAL, "86")
        etree.SubElement(font, w("family")).set(W_VAL, "modern" if "仿宋" in name else "auto")
        etree.SubElement(font, w("pitch")).set(W_VAL, "variable")
        changed = True
    if changed:
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if hasattr(part, "_blob"):
            part._blob = blob
        elif hasattr(part, "_element"):
            part._element = parse_xml(blob)


# --- the reference document ---------------------------------------------------------------

MAX_REFERENCE_BYTES = 64 * 1024 * 1024
# python-docx inflates every part into memory: refuse a package that would inflate to
# more than this (a zip bomb) before it is opened. Declared sizes bound the real ones:
# zipfile stops at the declared size and fails the CRC check beyond it.
MAX_REFERENCE_INFLATED = 256 * 1024 * 1024
MAX_REFERENCE_PARTS = 10_000


def _check_package(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip at all: python-docx says so below
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_REFERENCE_INFLATED or len(infos) > MAX_REFERENCE_PARTS:
        raise ExportError(
            T(
                f"参考文档 {name} 解压后过大（{inflated / 1048576:.0f} MB），疑似压缩炸弹，已拒绝读取",
                f"The reference document {name} inflates to {inflated / 1048576:.0f} MB: "
                "refused as a possible zip bomb",
            ),
            hint=T(
                "请在 Word 或 WPS 中另存为新的 .docx 后再用",
                "Save it as a new .docx in Word or WPS and use that",
            ),
        )


def open_reference(source: str | Path | bytes) -> DocxDocument:
    """Open a user's reference .docx or raise ``ExportError`` saying why not."""
    if isinstance(source, bytes):
        data = source
        name = "<reference>"
    else:
        path = Path(source)
        name = str(path)
        if not os.path.lexists(path):
            raise ExportError(
                T(f"参考文档不存在：{name}", f"The reference document does not exist: {name}")
            )
        try:
            data = read_input(path, max_bytes=MAX_REFERENCE_BYTES).data
        except LoadError as exc:
            raise ExportError(
                T(
                    f"无法读取参考文档 {name}：{exc.text('zh')}",
                    f"Cannot read the reference document {name}: {exc.text('en')}",
                )
            ) from None
    _check_package(data, name)
    try:
        doc = Document(io.BytesIO(data))
        doc.styles.element  # noqa: B018 - a document without a styles part fails here
        doc.element.body  # noqa: B018
    except Exception as exc:  # python-docx raises many types for a broken package
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ExportError(
            T(
                f"参考文档 {name} 不是有效的 Word（.docx）文件：{detail}",
                f"The reference document {name} is not a valid Word (.docx) file: {detail}",
            )
        ) from None
    return doc
