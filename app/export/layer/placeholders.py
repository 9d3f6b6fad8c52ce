"""The placeholder policy: every unfilled value looks the same in every document.

An unfilled value is written as a marker, ``【待填写：单位全称】`` (``placeholder(what)``).
Filing documents also write ``【缺少：风险清单】`` (data the plan lacks) and
``【待补充：…】`` (text only the unit can write); template leftovers (``XXX``, ``{{ … }}``,
``（待填）``) are markers too. Every writer's document passes through
``mark_placeholders`` when it is saved (``GongwenDocument.to_bytes`` does it), which

- puts each marker in its own run, in one character style, ``PDPlaceholder``
  (名称 “待填写标记”), defined once by ``ensure_style``: bold, dark red, underlined and
  shaded, so it is seen on screen, in a colour print and in a black-and-white print
  (the underline and the grey of the shading survive where the colour does not);
- takes run-level colour, highlight, shading and underline off the marker, so the
  style alone decides how it looks;
- returns the number of markers, the document's gap count (``count_placeholders`` reads
  it back from a finished part, ``unmarked_placeholders`` lists markers a writer left
  outside the style: tests require none).

The API for other writers::

    from app.export.layer.placeholders import placeholder, mark_placeholders, count_docx
    text = placeholder("单位全称")            # 【待填写：单位全称】
    n = mark_placeholders(body, styles)       # in place; the gap count
    n = count_docx(data)                      # gaps of a written .docx
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from app.export.layer.xml import BR, RPR, RSTYLE, T_, TAB, W_VAL, XML_SPACE, P, R, w

STYLE_ID = "PDPlaceholder"
STYLE_NAME = "待填写标记"
COLOR = "C00000"  # dark red
SHADE = "FFF2CC"  # light yellow on screen, light grey in a black-and-white print
TODO = "待填写"

# Markers PlanDrill writes (待填写 / 缺少 / 待补充) and template leftovers. The same
# family as app.checks.integrity.PLACEHOLDER (export may not import checks).
MARK = re.compile(
    r"【[^】]*(?:待填|缺少|待补充)[^】]*】|\{\{.*?\}\}|XXX|ＸＸＸ|×××|（待填）|\(待填\)|TBD"
)

# run properties the style decides for a marker
_STYLED = ("color", "highlight", "shd", "u")


def placeholder(what: str = "") -> str:
    """The marker for an unfilled value: 【待填写：what】 (【待填写】 without ``what``)."""
    return f"【{TODO}：{what}】" if what else f"【{TODO}】"


def date_or_placeholder(value: dt.date | None, what: str) -> str:
    """``2026年3月15日`` from the data, or the marked gap ``【待填写：what】``: a
    document's date is never the day it was built."""
    from app.export.text import cn_date

    return cn_date(value) if value is not None else placeholder(what)


def ensure_style(styles: etree._Element) -> None:
    """Define the ``PDPlaceholder`` character style in ``styles`` (w:styles) once."""
    for style in styles.findall(w("style")):
        if style.get(w("styleId")) == STYLE_ID:
            return
    el = etree.SubElement(styles, w("style"))
    el.set(w("type"), "character")
    el.set(w("customStyle"), "1")
    el.set(w("styleId"), STYLE_ID)
    etree.SubElement(el, w("name")).set(W_VAL, STYLE_NAME)
    etree.SubElement(el, w("uiPriority")).set(W_VAL, "1")
    etree.SubElement(el, w("qFormat"))
    rpr = etree.SubElement(el, RPR)
    etree.SubElement(rpr, w("b"))
    etree.SubElement(rpr, w("bCs"))
    etree.SubElement(rpr, w("color")).set(W_VAL, COLOR)
    etree.SubElement(rpr, w("u")).set(W_VAL, "single")
    shd = etree.SubElement(rpr, w("shd"))
    shd.set(W_VAL, "clear")
    shd.set(w("color"), "auto")
    shd.set(w("fill"), SHADE)


def _paragraph_of(run: etree._Element) -> etree._Element | None:
    parent = run.getparent()
    while parent is not None and parent.tag != P:
        parent = parent.getparent()
    return parent


def _runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(R) if _paragraph_of(r) is p]


def _text(run: etree._Element) -> str:
    out = []
    for child in run:
        if child.tag == T_:
            out.append(child.text or "")
        elif child.tag == TAB:
            out.append("\t")
    return "".join(out)


def is_marked(run: etree._Element) -> bool:
    rpr = run.find(RPR)
    style = rpr.find(RSTYLE) if rpr is not None else None
    return style is not None and style.get(W_VAL) == STYLE_ID


def _style_run(run: etree._Element) -> None:
    rpr = run.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        run.insert(0, rpr)
    for name in _STYLED:
        for el in rpr.findall(w(name)):
            rpr.remove(el)
    style = rpr.find(RSTYLE)
    if style is None:
        style = etree.Element(RSTYLE)
        rpr.insert(0, style)  # w:rStyle comes first in w:rPr
    style.set(W_VAL, STYLE_ID)


def _split(run: etree._Element, pieces: list[tuple[str, bool]]) -> None:
    """Replace a run of plain text by one run per piece; marked pieces get the style."""
    template = copy.deepcopy(run)
    for child in list(template):
        if child.tag in (T_, BR):
            template.remove(child)
    anchor = run
    for i, (piece, marked) in enumerate(pieces):
        new = copy.deepcopy(template)
        if i == 0:
            for _ in run.findall(BR):
                new.append(etree.Element(BR))  # a leading line break stays in front
        t = etree.SubElement(new, T_)
        t.text = piece
        if piece != piece.strip():
            t.set(XML_SPACE, "preserve")
        if marked:
            _style_run(new)
        anchor.addnext(new)
        anchor = new
    parent = run.getparent()
    if parent is not None:
        parent.remove(run)


def _plain(run: etree._Element) -> bool:
    """One w:t, no tab, and line breaks (if any) only before the text."""
    kinds = [c.tag for c in run if c.tag != RPR]
    return kinds.count(T_) == 1 and TAB not in kinds and kinds[-1] == T_


def mark_paragraph(p: etree._Element) -> int:
    """Style every marker in paragraph ``p``; returns how many markers it holds."""
    runs = _runs(p)
    texts = [_text(r) for r in runs]
    whole = "".join(texts)
    spans = [m.span() for m in MARK.finditer(whole)]
    if not spans:
        return 0
    pos = 0
    for run, text in zip(runs, texts, strict=True):
        start, end = pos, pos + len(text)
        pos = end
        cuts = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
        if not cuts:
            continue
        if cuts == [(start, end)] or not _plain(run):
            _style_run(run)  # the whole run is a marker (or cannot be cut safely)
            continue
        pieces: list[tuple[str, bool]] = []
        at = start
        for a, b in cuts:
            if a > at:
                pieces.append((whole[at:a], False))
            pieces.append((whole[a:b], True))
            at = b
        if at < end:
            pieces.append((whole[at:end], False))
        _split(run, pieces)
    return len(spans)


def _paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    if root.tag == P:
        yield root
    yield from root.iter(P)


def mark_placeholders(root: etree._Element, styles: etree._Element | None = None) -> int:
    """Put every marker under ``root`` in the placeholder style; returns the count.

    ``styles`` (the package's w:styles) gets the style defined if it lacks it.
    Idempotent: a second call changes nothing and returns the same count."""
    if styles is not None:
        ensure_style(styles)
    return sum(mark_paragraph(p) for p in list(_paragraphs(root)))


def count_placeholders(root: etree._Element) -> int:
    """Markers under ``root``, marked or not."""
    return sum(len(MARK.findall("".join(_text(r) for r in _runs(p)))) for p in _paragraphs(root))


def unmarked_placeholders(root: etree._Element) -> list[str]:
    """The text of runs holding (part of) a marker outside the placeholder style."""
    out = []
    for p in _paragraphs(root):
        runs = _runs(p)
        texts = [_text(r) for r in runs]
        whole = "".join(texts)
        spans = [m.span() for m in MARK.finditer(whole)]
        pos = 0
        for run, text in zip(runs, texts, strict=True):
            start, end = pos, pos + len(text)
            pos = end
            if any(a < end and b > start for a, b in spans) and not is_marked(run):
                out.append(text)
    return out


_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def docx_parts(data: bytes) -> Iterator[tuple[str, etree._Element]]:
    """(name, root) of the body, header and footer parts of a .docx."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if _PARTS.fullmatch(name):
                yield name, etree.fromstring(z.read(name))


def count_docx(data: bytes) -> int:
    """The gap count of a written .docx: markers in its body (headers hold none)."""
    return sum(count_placeholders(root) for name, root in docx_parts(data) if "document" in name)


# paragraph styles that name the part of a document a marker sits in
_PLACE_STYLES = re.compile(r"Heading\d|Title|PDAppendixTitle|PDAppendixLabel")  # + a variant suffix


def sites(data: bytes) -> list[tuple[str, str]]:
    """(the heading above it, the marker) for every marker in a .docx's body, in order:
    where the gaps are, for the CLI, the GUI and the checklist."""
    out: list[tuple[str, str]] = []
    for name, root in docx_parts(data):
        if "document" not in name:
            continue
        place = ""
        for p in _paragraphs(root):
            text = "".join(_text(r) for r in _runs(p))
            style = p.find(f"{w('pPr')}/{w('pStyle')}")
            if style is not None and _PLACE_STYLES.match(style.get(W_VAL) or ""):
                bare = MARK.sub("", text).strip()
                if bare:
                    place = bare
            out += [(place, m) for m in MARK.findall(text)]
    return out
