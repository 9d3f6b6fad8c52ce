"""One filing document being written: the export's GB/T 9704 document plus what every
filing document needs: a title block, numbered headings, label/value forms, tick
boxes, signature lines, and marked gaps.

A gap is data the plan lacks. The document says so in place, as 【缺少：风险清单】 (or
【待补充：…】 for text only the unit can write), in the placeholder style every
document shares (``app.export.layer.placeholders``: bold, dark red, underlined, shaded,
so it is seen on screen and in a black-and-white print), and the gap is recorded so the
checklist can list every one of them. Placeholders left over from a template
(【待填写】, XXX) are marked the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from app.export.gongwen import (
    Cell,
    Column,
    GongwenDocument,
    Numberer,
    PageNumbers,
    Scheme,
)
from app.export.layer import placeholders
from app.export.layer.placeholders import mark_placeholders
from app.export.layer.tables import min_row_height
from app.export.plan_docx import LANDSCAPE_TABLE, WIDE_TABLE
from app.filing.facts import filled
from app.i18n import T

GAP_COLOR = placeholders.COLOR
BOX = "□"
BLANK = "＿＿＿＿＿＿"
MARKS = placeholders.MARK


@dataclass(frozen=True)
class Gap:
    """Something a filing document needed and the plan does not hold."""

    document: str  # the document's title, in Chinese
    what: T  # 风险清单 / the risk register
    hint: T  # what to do about it
    todo: bool = False  # text only the unit can write (【待补充】), not missing data

    @property
    def marker(self) -> str:
        return f"【{'待补充' if self.todo else '缺少'}：{self.what.zh}】"


class FilingDoc:
    """A filing document: A4, GB/T 9704 styles, "— N —" page numbers, 一、（一） headings."""

    def __init__(self, title: str, *, subject: str = "", author: str = "") -> None:
        self.title_text = title
        self.doc = GongwenDocument(duplex=False)
        self.doc.set_properties(title=title, author=author, subject=subject or title)
        self.doc.begin_section(PageNumbers.ARABIC)
        self.gaps: list[Gap] = []
        self._numberer = Numberer(Scheme.GONGWEN)
        self._landscape = False
        self._tables = 0

    # -- gaps --

    def gap(self, what: T, hint: T, *, todo: bool = False) -> str:
        """Record a gap and return its marker, to put where the data would be."""
        gap = Gap(self.title_text, what, hint, todo)
        if gap not in self.gaps:
            self.gaps.append(gap)
        return gap.marker

    def value(self, value: object, what: T, hint: T | None = None) -> str:
        """The value when it is filled in, else a gap marker in its place."""
        text = filled(value)
        if text is not None:
            return text
        return self.gap(what, hint or T(f"请在预案中填写{what.zh}", f"Fill in {what.en}"))

    # -- text --

    def title(self, text: str, subtitle: str | None = None) -> None:
        self.doc.paragraph(text, "title")
        if subtitle:
            self.doc.paragraph(subtitle, "subtitle")
            self.doc.blank()

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.heading(self._numberer.title(level, text), level)

    def para(self, text: str, role: str = "body") -> None:
        for line in text.split("\n"):
            if line.strip():
                self.doc.paragraph(line.strip(), role)

    def pieces(self, pieces: Sequence[tuple[str, bool]], role: str = "body") -> None:
        self.doc.paragraph(list(pieces), role)

    def items(self, items: Sequence[str]) -> None:
        """A numbered list in the body: （1）…（2）…"""
        for i, item in enumerate(items, 1):
            self.doc.paragraph(f"（{i}）{item}", "body")

    def closing(self, lines: Sequence[str]) -> None:
        """Signature and seal lines, right-aligned below the text."""
        self.doc.blank()
        for line in lines:
            self.doc.paragraph(line, "closing")

    # -- tables --

    def next_label(self) -> str:
        """ "表N" for the next numbered table (numbers run on, with no holes)."""
        self._tables += 1
        return f"表{self._tables}"

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        caption: str | None = None,
        landscape: bool | None = None,
        row_mm: float | None = None,
    ) -> None:
        """A bordered table: 五号 from six columns, on landscape pages from nine (or as
        ``landscape`` says); body rows at least ``row_mm`` high to write in by hand."""
        self.orient(len(columns) >= LANDSCAPE_TABLE if landscape is None else landscape)
        if caption:
            self.doc.paragraph(caption, "table_caption", keep_next=True)
        else:
            self.doc.keep_with_next()
        small = len(columns) >= WIDE_TABLE
        table = self.doc.table(
            list(columns),
            list(rows),
            text_role="table_text_small" if small else "table_text",
            head_role="table_head_small" if small else "table_head",
        )
        if row_mm:
            min_row_height(table, row_mm, skip_header=True)

    def orient(self, landscape: bool) -> None:
        """Continue on landscape (or portrait) pages; call it before the text that
        introduces a wide table, so the text moves with the table."""
        if landscape != self._landscape:
            self.doc.begin_section(
                PageNumbers.ARABIC, restart=False, odd_page=False, landscape=landscape
            )
            self._landscape = landscape

    def portrait(self) -> None:
        """Back to portrait pages after a landscape table."""
        self.orient(False)

    @staticmethod
    def is_wide(columns: Sequence[Column]) -> bool:
        return len(columns) >= LANDSCAPE_TABLE

    def form(
        self,
        rows: Sequence[tuple[str, Cell]],
        *,
        label_weight: float = 1.6,
        small: bool = False,
        row_mm: float | None = None,
    ) -> etree._Element:
        """A two-column form: label | value, no header row (申报表, 基本情况); rows at
        least ``row_mm`` high leave room to write by hand."""
        self.portrait()
        head, text = (
            ("table_head_small", "table_text_small") if small else ("table_head", "table_text")
        )
        table = self.doc.table(
            [Column("", label_weight, "center", role=head), Column("", 5)],
            [[label, value] for label, value in rows],
            header=False,
            text_role=text,
            head_role=head,
        )
        if row_mm:
            min_row_height(table, row_mm)
        return table

    # -- output --

    def to_bytes(self) -> bytes:
        mark_gaps(self.doc.body)
        return self.doc.to_bytes()


def ticks(*options: str) -> str:
    """□符合　□基本符合　□不符合"""
    return "　".join(f"{BOX}{o}" for o in options)


def mark_gaps(root: etree._Element) -> int:
    """Put gap markers and leftover placeholders in the one placeholder style, wherever
    they are (``app.export.layer.placeholders``); returns how many there are."""
    return mark_placeholders(root)
