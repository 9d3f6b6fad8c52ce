"""The 修订对照表 as a .docx: 原条款 | 修订后条款 | 修订说明, in official-document format.

Page, styles, fonts and "— N —" page numbers come from the export's GB/T 9704 machinery
(``app.export.gongwen``). This module adds only what a comparison needs: each changed
element's number and title in bold, deleted text struck through in the left column and
new text bold and underlined in the middle one.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

from lxml import etree

from app.compare.diff import Change, ChangeKind, PlanDiff
from app.export.gongwen import (
    PPR,
    RPR,
    TC,
    TR,
    XML_SPACE,
    Column,
    GongwenDocument,
    PageNumbers,
    add_text,
    w,
)
from app.export.layer.placeholders import date_or_placeholder, placeholder
from app.export.text import clean
from app.i18n import T
from app.storage.atomic import write_atomic

Pieces = list[tuple[str, bool]]  # text, and whether it differs from the other version

COLUMNS = (T("原条款", "Original"), T("修订后条款", "Revised"), T("修订理由", "Reason"))


def _marks(old: str, new: str) -> tuple[Pieces, Pieces]:
    """Character-level differences: (old pieces, new pieces), True where they differ."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left: Pieces = []
    right: Pieces = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            left.append((old[a0:a1], False))
            right.append((new[b0:b1], False))
            continue
        if a1 > a0:
            left.append((old[a0:a1], True))
        if b1 > b0:
            right.append((new[b0:b1], True))
    return left, right


def _body(change: Change, side: str) -> str:
    """The element's text without its title, which the cell prints first."""
    text = change.old_text if side == "old" else change.new_text
    title = change.old_title if side == "old" else change.new_title
    if change.area != "meta" and title and text.startswith(title):
        text = text[len(title) :].lstrip("\n")
    return text


def _where(change: Change, side: str, lang: str) -> str:
    """'3.1 信息报告' for sections, '通讯录 · 值班室' for rows, '基本信息 · 版本号' for details."""
    heading = change.heading(side)
    if change.area in ("sections", "appendices"):
        return heading
    if change.area == "meta":
        label = change.fields[0].label.text(lang) if change.fields else heading
        return f"{change.area_label.text(lang)} · {label}"
    area = change.area_label.text(lang)
    return f"{area} · {heading}" if heading else area


def _lines(pieces: Pieces) -> list[Pieces]:
    """Pieces cut into paragraphs at line breaks."""
    out: list[Pieces] = [[]]
    for text, marked in pieces:
        for k, line in enumerate(text.split("\n")):
            if k:
                out.append([])
            if line:
                out[-1].append((line, marked))
    return [line for line in out if line] or [[]]


def _fill(cell: etree._Element, heading: str, body: Pieces, mark: str) -> None:
    """Rewrite a cell: the element's number and title in bold, then its text with the
    differences struck through (``mark="old"``) or bold and underlined (``"new"``)."""
    template = cell.find(w("p"))
    ppr = template.find(PPR) if template is not None else None
    for p in cell.findall(w("p")):
        cell.remove(p)
    paragraphs: list[tuple[Pieces, bool]] = [([(heading, True)], True)] if heading else []
    paragraphs += [(line, False) for line in _lines(body)]
    for pieces, is_heading in paragraphs:
        p = etree.SubElement(cell, w("p"))
        if ppr is not None:
            p.append(copy.deepcopy(ppr))
        for text, flagged in pieces:
            if not flagged:
                add_text(p, text)
                continue
            run = etree.SubElement(p, w("r"))
            rpr = etree.SubElement(run, RPR)
            if is_heading or mark == "new":
                etree.SubElement(rpr, w("b"))
            if not is_heading and mark == "old":
                etree.SubElement(rpr, w("strike"))
            if not is_heading and mark == "new":
                etree.SubElement(rpr, w("u")).set(w("val"), "single")
            t = etree.SubElement(run, w("t"))
            t.text = clean(text)
            t.set(XML_SPACE, "preserve")


def build_comparison_docx(diff: PlanDiff, lang: str = "zh") -> bytes:
    doc = GongwenDocument(duplex=False)
    name = diff.new_title or diff.old_title
    doc.set_properties(
        title=T(f"《{name}》修订对照表", f"{name}: revision comparison").text(lang),
        author=diff.unit,
        subject=T("修订对照表", "Revision comparison").text(lang),
    )
    doc.begin_section(PageNumbers.ARABIC)
    doc.paragraph(T(f"《{name}》修订对照表", f"{name}: revision comparison").text(lang), "title")
    doc.paragraph(
        T(
            f"（原版本 {diff.old_version} → 修订版本 {diff.new_version}）",
            f"(version {diff.old_version} → {diff.new_version})",
        ).text(lang),
        "subtitle",
    )
    doc.paragraph(diff.summary(lang), "normal", align="center")
    columns = [
        Column(COLUMNS[0].text(lang), 5),
        Column(COLUMNS[1].text(lang), 5),
        Column(COLUMNS[2].text(lang), 3),
    ]
    cells: list[tuple[tuple[str, Pieces] | None, tuple[str, Pieces] | None]] = []
    rows: list[list[str]] = []
    none, removed = T("（无）", "(none)").text(lang), T("（删除）", "(removed)").text(lang)
    for change in diff.changes:
        old_body, new_body = _body(change, "old"), _body(change, "new")
        if change.kind is ChangeKind.CHANGED:
            left, right = _marks(old_body, new_body)
        else:
            left, right = [(old_body, False)], [(new_body, False)]
        old = None if change.kind is ChangeKind.ADDED else (_where(change, "old", lang), left)
        new = None if change.kind is ChangeKind.REMOVED else (_where(change, "new", lang), right)
        cells.append((old, new))
        rows.append(
            [
                none if old is None else f"{old[0]}\n{old_body}",
                removed if new is None else f"{new[0]}\n{new_body}",
                _why(diff, change, lang),
            ]
        )
    if not rows:
        rows = [[T("两个版本没有差异", "No changes").text(lang), "", ""]]
    table = doc.table(columns, rows, text_role="table_text_small", head_role="table_head_small")
    for tr, (old, new) in zip(list(table.iter(TR))[1:], cells, strict=False):
        tcs = tr.findall(TC)
        if old is not None:
            _fill(tcs[0], *old, "old")
        if new is not None:
            _fill(tcs[1], *new, "new")
    _sign_off(doc, diff, lang)
    return doc.to_bytes()


def _why(diff: PlanDiff, change: Change, lang: str) -> str:
    """The reason the revision record gives (a marked gap when it gives none), then what
    was done in brackets: the kind of a change is not its reason."""
    done = change.explain().text(lang)
    if lang == "en":
        return diff.reason(change) or done
    reason = diff.reason(change) or placeholder("修订理由")
    return f"{reason}\n（{done}）" if done else reason


def _sign_off(doc: GongwenDocument, diff: PlanDiff, lang: str) -> None:
    """落款: the revising unit and the date of the revision record (GB/T 9704 7.3.5)."""
    unit = diff.unit or placeholder("修订单位")
    if lang == "en":
        day = diff.revised.isoformat() if diff.revised else "(date)"
    else:
        day = date_or_placeholder(diff.revised, "修订日期")
    doc.paragraph("", "normal", keep_next=True)
    doc.paragraph(unit, "closing", keep_next=True)
    doc.paragraph(day, "closing")


def write_comparison_docx(diff: PlanDiff, path: str | Path, lang: str = "zh") -> None:
    """Write the 修订对照表 atomically; raises ``SaveError`` with a message for the user."""
    write_atomic(path, build_comparison_docx(diff, lang))
