"""Word documents for the importer tests, built with python-docx the way Word and WPS write them.

Also ``write_plan_docx``: a minimal plan → .docx writer with the conventions of an official
export (cover, TOC field, heading styles with literal numbers, 附件N pages, tables headed
by the schema's labels). The round-trip test uses it where the real exporter is absent.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from app.model.plan import Numbering, Plan, Section


def tiny_png() -> bytes:
    """A 2×2 grey PNG, enough for a picture in a document."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def page_break(doc: Any) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field_run(paragraph: Any, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._element.append(char)


def toc_field(doc: Any, entries: Sequence[tuple[str, int]]) -> None:
    """A Word TOC field whose cached result lists ``entries`` (title, page)."""
    first = doc.add_paragraph()
    _field_run(first, "begin")
    instr = first.add_run()._element
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = ' TOC \\o "1-3" \\h \\z \\u '
    instr.append(text)
    _field_run(first, "separate")
    paragraphs = [first] + [doc.add_paragraph() for _ in entries[1:]]
    for paragraph, (title, page) in zip(paragraphs, entries, strict=True):
        paragraph.add_run(title)
        paragraph.add_run().add_tab()
        paragraph.add_run(str(page))
    _field_run(paragraphs[-1], "end")


def add_table(
    doc: Any, rows: Sequence[Sequence[str]], merges: Sequence[tuple[int, int, int, int]] = ()
) -> Any:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = doc.styles["Table Grid"]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        keep = rows[r0][c0]
        for p in merged.paragraphs[1:]:
            p._element.getparent().remove(p._element)
        merged.paragraphs[0].text = keep
    return table


def add_picture(doc: Any) -> None:
    doc.add_picture(BytesIO(tiny_png()), width=Mm(20))


def outline_style(doc: Any, name: str, level: int) -> str:
    """A custom paragraph style that only carries ``w:outlineLvl`` (as many templates do)."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    ppr = style.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level - 1))
    ppr.append(outline)
    style.font.size = Pt(16)
    return name


def chinese_numbering(doc: Any) -> tuple[int, int]:
    """A Word list with 一、 at level 0 and （一） at level 1; returns (numId, level-1 numId)."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl>'
        "</w:abstractNum>"
    )
    numbering.insert(0, abstract)
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    numbering.append(num)
    return 90, 90


def numbered(doc: Any, text: str, num_id: int, ilvl: int) -> Any:
    paragraph = doc.add_paragraph(text)
    ppr = paragraph._element.get_or_add_pPr()
    num = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    ppr.append(num)
    return paragraph


def save(doc: Any, path: Path) -> Path:
    doc.save(str(path))
    return path


# --- a minimal exporter, for the round trip --------------------------------------------------

_CN = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    return (
        _CN[n]
        if n <= 10
        else "十" + _CN[n - 10]
        if n < 20
        else _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    )


def _number(style: Numbering, trail: tuple[int, ...]) -> str:
    if style is Numbering.GONGWEN:
        n, level = trail[-1], len(trail)
        return {1: f"{_cn(n)}、", 2: f"（{_cn(n)}）", 3: f"{n}.", 4: f"（{n}）"}.get(level, f"{n})")
    return ".".join(map(str, trail))


def _value(value: Any, names: dict[str, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(names.get(str(v), str(v)) for v in value)
    if hasattr(value, "zh"):
        return value.zh
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return names.get(str(value), str(value)) if isinstance(value, str) else str(value)


REF_FIELDS = {"actor", "commander", "issuer", "contact", "org_unit"}


def _part_tables(doc: Any, plan: Plan, part: str) -> None:
    names = {u.id: u.name for u in plan.organization.units()} | {
        c.id: c.name for c in plan.contacts
    }
    if part == "organization":
        units = plan.organization.units()
        if not units:
            return
        rows = [["名称", "负责人", "成员", "职责"]]
        rows += [[u.name, u.lead or "", "、".join(u.members), "\n".join(u.duties)] for u in units]
        add_table(doc, rows)
        return
    if part == "procedures":
        for proc in plan.procedures:
            doc.add_paragraph(proc.title).alignment = WD_ALIGN_PARAGRAPH.CENTER
            rows = [["序号", "执行机构", "处置措施", "时限（分钟）"]]
            for i, step in enumerate(proc.steps, 1):
                rows.append([str(i), names.get(step.actor or "", step.actor or ""), step.action,
                             "" if step.within_min is None else str(step.within_min)])  # fmt: skip
            add_table(doc, rows)
        return
    items = getattr(plan, part)
    if not items:
        return
    model = type(items[0])
    fields = [f for f in model.model_fields if f != "id" or part == "levels"]
    used = [f for f in fields if any(getattr(i, f) not in (None, "", []) for i in items)]
    header = ["序号"] + [
        ("级别编号" if f == "id" else model.model_fields[f].title or f) for f in used
    ]
    rows = [header]
    for n, item in enumerate(items, 1):
        rows.append(
            [str(n)] + [_value(getattr(item, f), names if f in REF_FIELDS else {}) for f in used]
        )
    add_table(doc, rows)


def _section(
    doc: Any, plan: Plan, section: Section, trail: tuple[int, ...], style: Numbering, base: int = 0
) -> None:
    number = _number(style, trail)
    sep = "" if style is Numbering.GONGWEN else " "
    doc.add_heading(f"{number}{sep}{section.title}", min(9, len(trail) + base))
    for line in section.body.splitlines():
        if line.strip():
            doc.add_paragraph(line)
    for part in section.insert:
        _part_tables(doc, plan, part)
    for i, child in enumerate(section.children, 1):
        _section(doc, plan, child, (*trail, i), style, base)


def write_plan_docx(plan: Plan, path: Path) -> Path:
    doc = Document()
    meta = plan.meta
    style = plan.numbering()
    doc.add_paragraph(meta.unit.name).alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(meta.title).font.size = Pt(26)
    if meta.code:
        doc.add_paragraph(f"预案编号：{meta.code}")
    doc.add_paragraph(f"版本号：{meta.version}")
    if meta.issued:
        doc.add_paragraph(f"颁布日期：{meta.issued.year}年{meta.issued.month}月{meta.issued.day}日")
    page_break(doc)
    doc.add_paragraph("目  录").alignment = WD_ALIGN_PARAGRAPH.CENTER
    entries = [(f"{_number(style, (i,))} {s.title}", i + 2) for i, s in enumerate(plan.sections, 1)]
    toc_field(doc, entries or [("", 1)])
    page_break(doc)
    for i, section in enumerate(plan.sections, 1):
        _section(doc, plan, section, (i,), style)
    for i, appendix in enumerate(plan.appendices, 1):
        page_break(doc)
        doc.add_paragraph(f"附件{i}")
        heading = doc.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.add_run(appendix.title).font.size = Pt(22)
        for line in appendix.body.splitlines():
            if line.strip():
                doc.add_paragraph(line)
        for part in appendix.insert:
            _part_tables(doc, plan, part)
        for k, child in enumerate(appendix.children, 1):
            _section(doc, plan, child, (k,), style, base=1)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "— 1 —"
    doc.save(str(path))
    return path


# --- OLE2 compound files (old .doc, password-protected .docx) ------------------------------

_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal valid OLE2/CFB v3 container holding ``streams`` (each padded to ≥ 4096 bytes,
    so that they live in regular sectors and no mini stream is needed)."""
    names = list(streams)
    assert len(names) <= 3
    datas = [streams[n].ljust(4096, b"\0") for n in names]
    sector = 512
    fat: list[int] = [_FAT, _END]  # sector 0: FAT, sector 1: directory
    starts: list[int] = []
    for data in datas:
        count = -(-len(data) // sector)
        first = len(fat)
        starts.append(first)
        fat += [first + k + 1 for k in range(count - 1)] + [_END]
    assert len(fat) <= sector // 4
    fat += [_FREE] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", _NONE, right, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, _NONE, 1 if names else _NONE, _END, 0)
    for k, (name, data) in enumerate(zip(names, datas, strict=True)):
        right = k + 2 if k + 1 < len(names) else _NONE
        directory += entry(name, 2, right, _NONE, starts[k], len(data))
    directory = directory.ljust(sector, b"\0")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == sector
    body = (
        b"".join(struct.pack("<I", v) for v in fat)
        + directory
        + b"".join(d.ljust(-(-len(d) // sector) * sector, b"\0") for d in datas)
    )
    return header + body


def old_word_doc() -> bytes:
    return compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 100, "1Table": b"\0" * 10})


def encrypted_docx() -> bytes:
    return compound_file(
        {"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60, "EncryptedPackage": b"\0" * 64}
    )
