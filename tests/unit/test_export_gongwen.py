"""The GB/T 9704 machinery: numbers, page setup, styles, tables, sections, references."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.shared import Mm
from lxml import etree

from app.export.errors import ExportError
from app.export.gongwen import (
    GB9704_PAGE,
    Column,
    GongwenDocument,
    Numberer,
    PageNumbers,
    Scheme,
    TocEntry,
    column_widths,
    gongwen_stylesheet,
    heading_number,
    open_reference,
    scaled_stylesheet,
)
from app.export.text import width

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


@pytest.mark.parametrize(
    ("counters", "gongwen", "decimal"),
    [
        ((1,), "一、", "1"),
        ((12,), "十二、", "12"),
        ((3, 2), "（二）", "3.2"),
        ((3, 2, 5), "5.", "3.2.5"),
        ((3, 2, 5, 4), "（4）", "3.2.5.4"),
        ((3, 2, 5, 4, 2), "②", "3.2.5.4.2"),
    ],
)
def test_heading_numbers(counters: tuple[int, ...], gongwen: str, decimal: str) -> None:
    assert heading_number(Scheme.GONGWEN, counters) == gongwen
    assert heading_number(Scheme.DECIMAL, counters) == decimal


def test_numberer_restarts_lower_levels() -> None:
    n = Numberer("decimal")
    got = [n.title(level, "x") for level in (1, 2, 2, 3, 1, 2, 3)]
    assert got == ["1　x", "1.1　x", "1.2　x", "1.2.1　x", "2　x", "2.1　x", "2.1.1　x"]
    g = Numberer("gongwen")
    assert [g.title(level, "x") for level in (1, 2, 3, 4, 2, 1)] == [
        "一、x",
        "（一）x",
        "1.x",
        "（1）x",
        "（二）x",
        "二、x",
    ]


def test_page_setup_matches_gbt_9704() -> None:
    page = GB9704_PAGE
    assert page.text_width == 11906 - 1587 - 1474  # 156 mm
    assert abs(page.text_height - 12756) <= 2  # 225 mm
    assert page.line_pitch == 579  # 28.95 pt: 22 lines fill the 版心
    assert 22 * page.line_pitch <= page.text_height < 23 * page.line_pitch
    # 28 characters of 三号 plus the spacing fill a line, 29 would not
    per_char = page.body_pt * 20 + page.char_spacing
    assert 28 * per_char <= page.text_width < 29 * per_char
    assert page.char_space == round((page.text_width / 20 / 28 - 16) * 4096)
    # the dash of the page number sits 7 mm under the 版心 (35 mm - 7 mm = 28 mm up)
    assert abs(page.footer_distance + 14 * 20 - Mm(28).twips) <= 2


def test_column_widths_add_up_and_keep_headers_on_one_line() -> None:
    cols = [Column("序号", 0.2), Column("修订内容", 10), Column("修订日期", 0.2)]
    widths = column_widths(cols, 8845, 14, 85)
    assert sum(widths) == 8845
    assert widths[0] >= 2 * 14 * 20 + 170
    assert widths[2] >= 4 * 14 * 20 + 170
    # too many columns for their headers: still the full width
    many = [Column("管理责任人", 1)] * 12
    assert sum(column_widths(many, 8845, 14, 85)) == 8845


def test_numbers_and_dates_never_wrap_but_running_text_keeps_its_share() -> None:
    cols = [Column("号", 1), Column("日期", 1), Column("内容", 9), Column("电话", 1)]
    long_text = "很长的一段说明文字" * 5
    rows = [["1000", "2023年1月10日", long_text, "119"], ["2", "2026年3月1日", "短", "120"]]
    widths = column_widths(cols, 8845, 14, 85, rows)
    assert sum(widths) == 8845
    for i, text in ((0, "1000"), (1, "2023年1月10日"), (3, "119")):
        assert widths[i] - 170 >= width(text) * 14 * 20, text
    assert widths[2] >= 0.6 * 8845 * 9 / 12  # the text column is not starved
    # when numbers and the text's share cannot both fit, the numbers win
    rows[0][3] = "0571-8888 1234\n13900000001"
    widths = column_widths(cols, 8845, 14, 85, rows)
    assert widths[3] - 170 >= width("0571-8888 1234") * 14 * 20
    assert widths[2] == 8845 - widths[0] - widths[1] - widths[3]


def test_nearly_fitting_columns_shrink_alike_rather_than_wrap_short_headers() -> None:
    cols = [Column("序号", 0.9), Column("姓名/单位", 2.2), Column("应急职务", 2)]
    cols += [Column("办公电话", 2.4), Column("手机", 2.4)]
    rows = [["3", "消防救援", "24小时值班", "0571-8888 1234", "13900000001"]]
    widths = column_widths(cols, 8845, 14, 85, rows)
    assert sum(widths) == 8845
    assert widths[0] >= 0.95 * (2 * 14 * 20 * 1.08 + 230)  # 序号 keeps its header


def test_every_style_pins_all_font_slots_without_theme_fonts() -> None:
    doc = GongwenDocument()
    doc.begin_section(PageNumbers.NONE)
    doc.paragraph("测试")
    data = doc.to_bytes()
    styles = _part(data, "word/styles.xml")
    assert not [
        a for el in styles.iter(f"{W}rFonts") for a in el.attrib if a.endswith(("Theme", "theme"))
    ]
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert defaults.get(f"{W}ascii") == "Times New Roman"
    sheet = gongwen_stylesheet()
    for spec in sheet.styles:
        style = styles.find(f"{W}style[@{W}styleId='{spec.style_id}']")
        assert style is not None, spec.style_id
        fonts = style.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}eastAsia") == spec.east_asia
        assert fonts.get(f"{W}ascii") == spec.latin
        assert fonts.get(f"{W}hAnsi") == spec.latin
    heading = styles.find(f"{W}style[@{W}styleId='Heading2']")
    assert heading.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "1"
    assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "楷体_GB2312"
    settings = _part(data, "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    fonts = _part(data, "word/fontTable.xml")
    names = {f.get(f"{W}name"): f for f in fonts.findall(f"{W}font")}
    assert names["仿宋_GB2312"].find(f"{W}altName").get(f"{W}val") == "仿宋"


def test_sections_footers_and_page_number_restarts() -> None:
    doc = GongwenDocument()
    doc.begin_section(PageNumbers.NONE)
    doc.paragraph("封面", "cover_title")
    doc.begin_section(PageNumbers.ROMAN)
    doc.paragraph("前言")
    doc.begin_section(PageNumbers.ARABIC)
    doc.paragraph("正文")
    d = _open(doc.to_bytes())
    assert len(d.sections) == 3
    assert d.settings.odd_and_even_pages_header_footer
    numbers = [s._sectPr.find(f"{W}pgNumType") for s in d.sections]
    assert numbers[0] is None
    assert numbers[1].get(f"{W}fmt") == "upperRoman" and numbers[1].get(f"{W}start") == "1"
    assert numbers[2].get(f"{W}fmt") == "decimal" and numbers[2].get(f"{W}start") == "1"
    assert [s._sectPr.find(f"{W}type").get(f"{W}val") for s in d.sections[1:]] == [
        "oddPage",
        "oddPage",
    ]
    cover = d.sections[0]
    for footer in (cover.footer, cover.even_page_footer):
        assert "PAGE" not in etree.tostring(footer._element, encoding="unicode")
    body = d.sections[2]
    odd, even = body.footer.paragraphs[0], body.even_page_footer.paragraphs[0]
    for p, side in ((odd, "right"), (even, "left")):
        xml = etree.tostring(p._p, encoding="unicode")
        assert "PAGE" in xml and p.text.startswith("— ") and p.text.endswith(" —")
        assert p._p.find(f"{W}pPr/{W}jc").get(f"{W}val") == side
        assert p._p.find(f"{W}pPr/{W}ind").get(f"{W}{side}") == "280"  # one 4号 character


def test_single_sided_sections_start_on_the_next_page() -> None:
    doc = GongwenDocument(duplex=False)
    doc.begin_section(PageNumbers.NONE)
    doc.paragraph("a")
    doc.begin_section(PageNumbers.ARABIC)
    doc.paragraph("b")
    d = _open(doc.to_bytes())
    assert d.sections[1]._sectPr.find(f"{W}type").get(f"{W}val") == "nextPage"


def test_table_repeats_its_header_and_keeps_short_rows_whole() -> None:
    doc = GongwenDocument()
    doc.table(
        [Column("姓名", 1), Column("电话", 2)], [["值班室", "0000"], ["消防", ["119", "120"]]]
    )
    d = _open(doc.to_bytes())
    table = d.tables[0]
    rows = table._tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert [c.text for c in table.rows[2].cells] == ["消防", "119\n120"]
    borders = table._tbl.find(f"{W}tblPr/{W}tblBorders")
    assert {b.get(f"{W}val") for b in borders} == {"single"}


def test_a_tall_row_may_split_so_pages_do_not_go_blank() -> None:
    doc = GongwenDocument()
    duties = [
        f"{i}. 负责组织本组人员按处置程序开展抢险、警戒、疏散和物资调配工作" for i in range(1, 16)
    ]
    doc.table(
        [Column("工作组", 1), Column("职责", 3)], [["抢险组", duties], ["医疗组", "救护伤员"]]
    )
    rows = _open(doc.to_bytes()).tables[0]._tbl.findall(f"{W}tr")
    split = [r.find(f"{W}trPr/{W}cantSplit") is None for r in rows]
    assert split == [False, True, False]  # header and short row stay whole


def test_toc_is_a_field_with_links_and_page_references() -> None:
    doc = GongwenDocument()
    doc.begin_section(PageNumbers.ARABIC)
    marker = doc.paragraph("", "toc1")
    mark = doc.heading("1　总则", 1)
    doc.toc([TocEntry("1　总则", 1, mark)], levels=2, extra=[TocEntry("附件1", 1, "_x")], at=marker)
    data = doc.to_bytes()
    body = _part(data, "word/document.xml")
    instr = "".join(t.text for t in body.iter(f"{W}instrText"))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instr
    assert f"PAGEREF {mark} \\h" in instr and "PAGEREF _x \\h" in instr
    kinds = [f.get(f"{W}fldCharType") for f in body.iter(f"{W}fldChar")]
    assert kinds.count("begin") == kinds.count("end") == 3
    settings = _part(data, "word/settings.xml")
    assert settings.find(f"{W}updateFields") is None  # numbers computed: no prompt on opening
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    assert mark in bookmarks
    assert marker.getparent() is None  # the placeholder is gone


def test_heading_outside_the_toc_is_body_level() -> None:
    doc = GongwenDocument()
    doc.heading("一、附件里的标题", 1, toc=False)
    d = _open(doc.to_bytes())
    p = d.paragraphs[0]._p
    assert p.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "9"


def _bare_reference(tmp_path, *, cover: str | None = None):  # type: ignore[no-untyped-def]
    ref = docx.Document()
    section = ref.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)
    if cover:
        ref.add_paragraph(cover)
        ref.add_page_break()
        ref.add_paragraph("此后的内容不应出现")
    path = tmp_path / "ref.docx"
    ref.save(path)
    return path


def test_reference_lacking_styles_is_completed_and_named(tmp_path) -> None:
    doc = GongwenDocument(reference=_bare_reference(tmp_path))
    added = {m.zh for m in doc.warnings}
    assert any("表格文字" in m for m in added)
    assert any("附件标识" in m for m in added)
    assert not any("heading 1" in m for m in added)  # the reference has its own
    doc.begin_section(PageNumbers.ARABIC)
    doc.table([Column("a", 1)], [["b"]])
    doc.paragraph("附件1", "appendix_label")
    d = _open(doc.to_bytes())
    assert round(d.sections[0].page_width.mm) == 216  # the reference's page setup
    names = {s.name for s in d.styles}
    assert {"表格文字", "附件标识"} <= names


def test_reference_header_shows_on_even_pages_too(tmp_path) -> None:
    ref = docx.Document()
    ref.sections[0].header.paragraphs[0].text = "示范化工有限公司"
    path = tmp_path / "ref.docx"
    ref.save(path)
    doc = GongwenDocument(reference=path)
    doc.begin_section(PageNumbers.NONE)
    doc.paragraph("封面")
    doc.begin_section(PageNumbers.ARABIC)
    doc.paragraph("正文")
    d = _open(doc.to_bytes())
    assert d.settings.odd_and_even_pages_header_footer
    for section in d.sections:
        assert section.header.paragraphs[0].text == "示范化工有限公司"
        assert section.even_page_header.paragraphs[0].text == "示范化工有限公司"


def test_reference_cover_art_is_kept_only_with_placeholders(tmp_path) -> None:
    with_cover = GongwenDocument(reference=_bare_reference(tmp_path, cover="{{ title }}"))
    assert len(with_cover.cover_template) == 2  # the paragraph and the page break's
    texts = "".join("".join(e.itertext()) for e in with_cover.cover_template)
    assert "{{ title }}" in texts and "不应出现" not in texts
    plain = GongwenDocument(reference=_bare_reference(tmp_path, cover="普通文字"))
    assert plain.cover_template == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "不存在"),
        (b"not a zip", "不是有效的 Word"),
        (b"PK\x05\x06" + b"\x00" * 18, "不是有效的 Word"),
    ],
)
def test_unusable_references_say_why(tmp_path, content: bytes | None, words: str) -> None:
    path = tmp_path / "ref.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ExportError) as info:
        open_reference(path)
    assert words in info.value.message.zh
    assert str(path) in info.value.message.zh


def test_reference_that_is_a_folder(tmp_path) -> None:
    with pytest.raises(ExportError) as info:
        open_reference(tmp_path)
    assert "文件夹" in info.value.message.zh


def test_scaled_sheet_keeps_the_fonts() -> None:
    base = gongwen_stylesheet()
    small = scaled_stylesheet(GB9704_PAGE, 12, title_pt=18, heading_pt=14, table_pt=12)
    for a, b in zip(base.styles, small.styles, strict=True):
        assert (a.role, a.east_asia, a.latin) == (b.role, b.east_asia, b.latin)
    assert small.by_role("body").size_pt == 12
    assert small.by_role("title").size_pt == 18
    assert small.by_role("h1").size_pt == 14
