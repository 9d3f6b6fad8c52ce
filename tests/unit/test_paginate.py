"""The paginator that gives the 目录 its page numbers (app.export.layer.paginate)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from lxml import etree

from app.export import plan_docx_bytes
from app.export.gongwen import GB9704_PAGE, GongwenDocument, PageNumbers, TocEntry
from app.export.layer.paginate import (
    Para,
    Row,
    SectionStart,
    Table,
    count_lines,
    format_number,
    paginate,
    read_blocks,
)
from app.export.layer.xml import w
from tests.integration.export_support import rich_plan

LINE = GB9704_PAGE.line_pitch  # 579
PAGE = 22 * LINE
BODY = 320  # 三号, twips
SPACING = GB9704_PAGE.char_spacing
WIDTH = GB9704_PAGE.text_width


def _start(**kw: Any) -> SectionStart:
    return SectionStart(text_height=PAGE, **kw)


def _line(name: str = "", **kw: Any) -> Para:
    return Para(lines=[LINE], bookmarks=(name,) if name else (), **kw)


def test_twenty_two_lines_fill_a_page() -> None:
    blocks = [_start(start=1), *[_line(f"p{i}") for i in range(1, 24)]]
    pages = paginate(blocks)
    assert pages["p1"] == pages["p22"] == "1"
    assert pages["p23"] == "2"


def test_a_heading_goes_with_the_next_paragraph() -> None:
    lines = [_line() for _ in range(21)]
    heading = _line("h", keep_next=True)
    text = Para(lines=[LINE] * 3, bookmarks=("t",))
    pages = paginate([_start(start=1), *lines, heading, text])
    assert pages["h"] == pages["t"] == "2"
    # without keep-with-next it stays at the foot of page 1 and the text runs on
    plain = _line("h")
    assert paginate([_start(start=1), *lines, plain, text])["h"] == "1"


def test_a_paragraph_splits_but_keep_lines_moves_it_whole() -> None:
    lines = [_line() for _ in range(20)]
    long = Para(lines=[LINE] * 4, bookmarks=("x",))
    after = _line("after")
    assert paginate([_start(start=1), *lines, long, after]) == {"x": "1", "after": "2"}
    kept = Para(lines=[LINE] * 4, bookmarks=("x",), keep_lines=True)
    assert paginate([_start(start=1), *lines, kept, after])["x"] == "2"


def test_page_breaks_and_explicit_breaks() -> None:
    blocks = [_start(start=1), _line("a"), _line("b", page_break_before=True)]
    blocks += [Para(lines=[LINE], breaks_after=1), _line("c")]
    assert paginate(blocks) == {"a": "1", "b": "2", "c": "3"}


def test_rows_that_may_not_split_move_and_the_header_repeats() -> None:
    head = Row(400, header=True)
    rows = [head, *[Row(2000, line=400) for _ in range(6)], Row(2000, bookmarks=("r7",))]
    # 400 + 6 × 2000 = 12400 on page 1; row 7 (2000) moves, under a repeated header
    pages = paginate([_start(start=1), Table(rows), _line("next")])
    assert pages["r7"] == "2"
    # page 2 holds the header (400) and row 7 (2000): the next line fits there
    assert pages["next"] == "2"


def test_a_tall_row_that_may_split_runs_on() -> None:
    rows = [Row(400, header=True), Row(30 * 400, cant_split=False, line=400)]
    pages = paginate([_start(start=1), _line(), _line(), Table(rows), _line("after")])
    # 2 lines + header + 26 of 30 row lines on page 1; header + 4 lines on page 2
    assert pages["after"] == "2"


def test_sections_restart_turn_odd_and_format_numbers() -> None:
    blocks = [_start(fmt="upperRoman", start=1), _line("i"), _line("ii", page_break_before=True)]
    blocks += [_start(start=1), _line("one"), _line("two", page_break_before=True)]
    # a section opening on an odd page after page 2: page 3 (page 2 stays blank)
    blocks += [_start(odd_page=True), _line("three")]
    # landscape: a shorter 版心, numbering continues
    blocks += [SectionStart(text_height=LINE * 2), _line("x"), _line("y"), _line("z")]
    assert paginate(blocks) == {
        "i": "I",
        "ii": "II",
        "one": "1",
        "two": "2",
        "three": "3",
        "x": "4",
        "y": "4",
        "z": "5",
    }
    assert format_number(14, "upperRoman") == "XIV" and format_number(9, "lowerRoman") == "ix"


def test_lines_are_broken_by_cjk_width() -> None:
    assert count_lines("永" * 28, BODY, SPACING, WIDTH) == 1
    assert count_lines("永" * 29, BODY, SPACING, WIDTH) == 2
    # a two-character first-line indent leaves 26
    indent = 2 * (BODY + SPACING)
    assert count_lines("永" * 26, BODY, SPACING, WIDTH, indent) == 1
    assert count_lines("永" * 27, BODY, SPACING, WIDTH, indent) == 2
    # a full stop may hang in a justified line; elsewhere it takes the character before along
    assert count_lines("永" * 28 + "。", BODY, SPACING, WIDTH) == 1
    assert count_lines("永" * 28 + "。", BODY, SPACING, WIDTH, hang=False) == 2
    # a Latin word or a number is not broken inside
    assert count_lines("永" * 25 + "13800000000", BODY, SPACING, WIDTH) == 2
    assert count_lines("\n".join(["永"] * 3), BODY, SPACING, WIDTH) == 3


def test_blocks_are_read_from_a_gongwen_document() -> None:
    doc = GongwenDocument()
    doc.begin_section(PageNumbers.ARABIC)
    doc.paragraph("永" * 60, "body")  # 26 + 28 + 6: three lines
    mark = doc.heading("一、总则", 1)
    doc.table([], [])
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(doc.to_bytes())).read("word/document.xml"))
    styles_xml = zipfile.ZipFile(io.BytesIO(doc.to_bytes())).read("word/styles.xml")
    blocks = read_blocks(root.find(w("body")), etree.fromstring(styles_xml))
    assert isinstance(blocks[0], SectionStart) and blocks[0].start == 1
    body, heading = blocks[1], blocks[2]
    assert isinstance(body, Para) and body.lines == [LINE] * 3
    assert isinstance(heading, Para) and heading.keep_next and heading.bookmarks == (mark,)


def test_toc_entries_carry_their_computed_page() -> None:
    """Every PAGEREF result in the 目录 holds a number (issue 17, item 3: all were empty)."""
    data, _ = plan_docx_bytes(rich_plan())
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    numbers = []
    for link in root.iter(w("hyperlink")):
        runs = list(link)
        texts = [r.findtext(w("t")) for r in runs]
        numbers.append(texts[-2] if len(texts) >= 2 else None)
    assert numbers and all(n is not None and n.isdigit() for n in numbers), numbers
    d = docx.Document(io.BytesIO(data))
    toc = [p.text for p in d.paragraphs if p.style.name.startswith("toc")]
    assert toc[0].startswith("一、总则") and toc[0].endswith("1")
    # the TOC is still a field Word and WPS can refresh
    instr = [t.text for t in root.iter(w("instrText"))]
    assert any(i.strip().startswith("TOC") for i in instr)
    assert sum(i.strip().startswith("PAGEREF") for i in instr) == len(numbers)


def test_a_toc_of_a_small_document() -> None:
    doc = GongwenDocument()
    doc.begin_section(PageNumbers.ROMAN)
    marker = doc.paragraph("", "toc1")
    doc.begin_section(PageNumbers.ARABIC)
    first = doc.heading("一、总则", 1)
    for _ in range(30):
        doc.paragraph("永" * 28, "body")  # 2 lines each: 60 lines, page 3 has 16
    second = doc.heading("二、职责", 1)
    assert first and second
    doc.toc([TocEntry("一、总则", 1, first), TocEntry("二、职责", 1, second)], at=marker)
    d = docx.Document(io.BytesIO(doc.to_bytes()))
    lines = [p.text for p in d.paragraphs if p.style.name.startswith("toc")]
    assert lines == ["一、总则\t1", "二、职责\t3"]
