"""A government plan as an issued document (GB/T 9704-2012): cover, 印发通知, 版记.

A government (or grassroots) plan is not "颁布" by a unit's head; it is issued by the
government as the attachment of a notice (domain-cn §5.4; 国办发〔2024〕5号 Art. 26 files
the 正式印发文本). So its export carries

- a government cover: the plan's title, the 发文机关 and the 成文日期, no 颁布日期;
- the 印发通知: 发文机关标志 (§7.2.4), 发文字号 (§7.2.5) over the red 分隔线 (§7.2.7),
  标题 (§7.3.1), 主送机关 (§7.3.2), the one-sentence 正文, 署名 and 成文日期 laid out as
  §7.3.5.2 (no seal) with the date in Arabic numerals and no 虚位 (§7.3.5.4);
- the 版记 on the last page (§7.4): 抄送机关, 印发机关 and 印发日期 between a thick first
  line, a thin middle line and a thick last line as wide as the 版心.

Every value comes from the plan (``meta.unit.name``, ``meta.issued``, ``meta.issuance``);
a value the plan lacks is the one placeholder marker, never today's date.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from app.export.boilerplate import Templates
from app.export.gongwen import _PPR_ORDER, GongwenDocument, PageNumbers, _insert_ordered
from app.export.layer.placeholders import placeholder
from app.export.layer.xml import PPR, RPR, TBL, TC, TR, W_VAL, R, w
from app.export.text import cn_date
from app.model.kinds import rules_for
from app.model.plan import Plan

RED = "FF0000"
THICK = 8  # 0.35 mm in eighths of a point (§7.4: first and last lines)
THIN = 6  # 0.25 mm (§7.4: the lines between)
ZIHAO_4 = 14  # 4号: 版记 text (§7.4)


def issues_as_document(plan: Plan) -> bool:
    """Whether the plan's kind is issued as a 公文 (government and grassroots plans)."""
    return rules_for(plan.meta.kind).issued_document


def issuance_context(plan: Plan, base: dict[str, Any]) -> dict[str, Any]:
    """The template context plus the issuing values, each a marker where unfilled."""
    meta = plan.meta
    iss = meta.issuance
    issuer = (meta.unit.name or "").strip() or placeholder("发文机关")
    dated = cn_date(meta.issued) or placeholder("成文日期")
    printed = iss.printed if iss is not None and iss.printed else meta.issued
    return {
        **base,
        "issuer": issuer,
        "doc_number": (iss.number if iss and iss.number else "") or placeholder("发文字号"),
        "to": (iss.to if iss and iss.to else "") or placeholder("主送机关"),
        "cc": (iss.cc if iss and iss.cc else "") or placeholder("抄送机关"),
        "printer": (iss.printer if iss and iss.printer else "") or issuer,
        "issued_text": dated,
        "printed_text": cn_date(printed) or placeholder("印发日期"),
    }


def _runs_look(
    p: etree._Element, *, color: str | None = None, size_pt: float | None = None
) -> None:
    for r in p.iter(R):
        rpr = r.find(RPR)
        if rpr is None:
            rpr = etree.Element(RPR)
            r.insert(0, rpr)
        if color:
            etree.SubElement(rpr, w("color")).set(W_VAL, color)
        if size_pt:
            for tag in ("sz", "szCs"):
                etree.SubElement(rpr, w(tag)).set(W_VAL, str(round(size_pt * 2)))


def _ppr_child(p: etree._Element, tag: str) -> etree._Element:
    """A new pPr child, in the order the schema wants."""
    ppr = p.find(PPR)
    assert ppr is not None
    el = etree.Element(w(tag))
    _insert_ordered(ppr, el, _PPR_ORDER)
    return el


def _chars_width(text: str) -> float:
    """Width in body characters: digits and Latin letters are half as wide."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def cover(doc: GongwenDocument, templates: Templates, context: dict[str, Any]) -> None:
    from app.export.plan_docx import COVER_ROLES, write_lines

    write_lines(doc, templates.lines("gov_cover.j2", context), COVER_ROLES)


def notice(doc: GongwenDocument, templates: Templates, context: dict[str, Any]) -> int:
    """The 印发通知 page; returns how many pages it takes (one)."""
    from app.export.plan_docx import PAGE_ROLES, write_lines

    doc.begin_section(PageNumbers.NONE)
    # §7.2.4: the 标志's top edge 35 mm below the 版心's: three lines down
    doc.blank(3)
    mark = doc.paragraph(f"{context['issuer']}文件", "title", align="center")
    _runs_look(mark, color=RED, size_pt=36 if _chars_width(context["issuer"]) <= 9 else 26)
    _ppr_child(mark, "spacing").attrib.update(
        {w("line"): "880", w("lineRule"): "exact", w("after"): "0"}
    )
    doc.blank(2)  # §7.2.5: two blank lines, then the 发文字号
    number = doc.paragraph(context["doc_number"], "normal", align="center")
    bdr = _ppr_child(number, "pBdr")
    bottom = etree.SubElement(bdr, w("bottom"))  # §7.2.7: the red line 4 mm below it
    bottom.attrib.update({W_VAL: "single", w("sz"): "18", w("space"): "11", w("color"): RED})
    doc.blank(1)
    before = doc.paragraph("", "normal")
    write_lines(doc, templates.lines("notice.j2", context), PAGE_ROLES)
    title = before.getnext()
    before.getparent().remove(before)
    if title is not None:
        _break_title(title)
    doc.blank(1)
    sign_off(doc, context["issuer"], context["issued_text"])
    return 1


TITLE_CHARS = 20  # 2号 characters on a line of the 版心


def _break_title(p: etree._Element) -> None:
    """Break a two-line 标题 after "关于印发", so the lines keep words whole and stand as
    a 梯形 (§7.3.1), rather than wherever the line runs out."""
    runs = p.findall(R)
    texts = [t for r in runs for t in r.iter(w("t"))]
    if len(texts) != 1 or texts[0].text is None:
        return
    text = texts[0].text
    at = text.find("关于印发")
    if at < 0 or len(text) <= TITLE_CHARS:
        return
    cut = at + len("关于印发")
    if cut > TITLE_CHARS or len(text) - cut > TITLE_CHARS:
        return
    texts[0].text = text[:cut]
    tail = etree.SubElement(runs[0], w("br"))
    rest = etree.SubElement(runs[0], w("t"))
    rest.text = text[cut:]
    tail.tail = None


def sign_off(doc: GongwenDocument, issuer: str, date_text: str) -> None:
    """署名 and 成文日期 without a seal (§7.3.5.2): the 署名 two characters in from the
    right, the date on the next line starting two characters right of the 署名's start;
    a longer date sits two characters in and the 署名 moves left to match."""
    n, m = _chars_width(issuer), _chars_width(date_text)
    if n - m >= 2:
        sign_right, date_right = 2.0, n - m
    else:
        sign_right, date_right = m + 4 - n, 2.0
    for text, right in ((issuer, sign_right), (date_text, date_right)):
        p = doc.paragraph(text, "normal", align="right")
        ind = _ppr_child(p, "ind")
        ind.set(w("rightChars"), str(round(right * 100)))
        ind.set(w("right"), str(round(right * doc.text_width / 28)))


def imprint(doc: GongwenDocument, context: dict[str, Any]) -> etree._Element:
    """The 版记 (§7.4) at the foot of the last page: 抄送机关, then 印发机关 and 印发日期.

    A borderless two-row table as wide as the 版心 whose lines are its top (thick),
    middle (thin) and bottom (thick) borders, the text one character in on each side.
    It floats to the bottom of the 版心 so its last line coincides with the bottom edge
    (Word, WPS); LibreOffice sets it in the flow, right after the last text."""
    doc.paragraph("", "normal")  # the table floats from this paragraph
    width = doc.text_width
    inner = ZIHAO_4 * 20  # one 4号 character
    tbl = etree.Element(TBL)
    tblpr = etree.SubElement(tbl, w("tblPr"))
    pos = etree.SubElement(tblpr, w("tblpPr"))
    pos.attrib.update(
        {
            w("leftFromText"): "0",
            w("rightFromText"): "0",
            w("vertAnchor"): "margin",
            w("horzAnchor"): "margin",
            w("tblpXSpec"): "center",
            w("tblpYSpec"): "bottom",
        }
    )
    etree.SubElement(tblpr, w("tblOverlap")).set(W_VAL, "never")
    tw = etree.SubElement(tblpr, w("tblW"))
    tw.attrib.update({w("w"): str(width), w("type"): "dxa"})
    borders = etree.SubElement(tblpr, w("tblBorders"))
    for edge, size in (("top", THICK), ("left", 0), ("bottom", THICK), ("right", 0),
                       ("insideH", THIN), ("insideV", 0)):  # fmt: skip
        b = etree.SubElement(borders, w(edge))
        b.attrib.update(
            {W_VAL: "single" if size else "nil", w("sz"): str(size), w("space"): "0",
             w("color"): "000000"}
        )  # fmt: skip
    etree.SubElement(tblpr, w("tblLayout")).set(w("type"), "fixed")
    mar = etree.SubElement(tblpr, w("tblCellMar"))
    for edge in ("left", "right"):
        m = etree.SubElement(mar, w(edge))
        m.attrib.update({w("w"): str(inner), w("type"): "dxa"})
    grid = etree.SubElement(tbl, w("tblGrid"))
    half = width // 2
    for wd in (half, width - half):
        etree.SubElement(grid, w("gridCol")).set(w("w"), str(wd))
    rows = [
        [(f"抄送：{context['cc']}。", "left", 2)],
        [(context["printer"], "left", 1), (f"{context['printed_text']}印发", "right", 1)],
    ]
    for cells in rows:
        tr = etree.SubElement(tbl, TR)
        trpr = etree.SubElement(tr, w("trPr"))
        etree.SubElement(trpr, w("cantSplit"))
        for text, align, span in cells:
            tc = etree.SubElement(tr, TC)
            tcpr = etree.SubElement(tc, w("tcPr"))
            cw = etree.SubElement(tcpr, w("tcW"))
            cw.attrib.update({w("w"): str(half * span), w("type"): "dxa"})
            if span > 1:
                etree.SubElement(tcpr, w("gridSpan")).set(W_VAL, str(span))
            p = doc.paragraph(text, "table_text", align=align, parent=tc)
            _runs_look(p, size_pt=ZIHAO_4)
    doc.append_element(tbl)
    doc.paragraph("", "normal")
    return tbl
