"""The body of a Word document as a flat list of paragraphs and tables.

This is the only module that knows WordprocessingML. It resolves styles (heading
levels from built-in names, ``w:outlineLvl`` and the ``basedOn`` chain), renders Word's
auto-numbering back into the literal prefix the reader sees (一、 （一） 1.1 …),
marks table-of-contents paragraphs, flattens merged table cells into a grid and
counts pictures. Everything after works on these plain blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.importer.numbering import format_counter
from app.importer.package import DocxPackage, W

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ZWSP = "\u200b"  # break opportunities exporters put into long Latin runs


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: Any, attr: str = "val") -> str | None:
    return None if el is None else el.get(w(attr))


@dataclass
class Para:
    text: str
    style: str = ""  # the style's display name, lower case
    level: int | None = None  # outline level 1–9 from the style or the paragraph
    title_style: bool = False  # Word's "Title" style
    toc: bool = False  # inside a table of contents
    bullet: bool = False  # auto-numbered with a bullet
    auto_number: str = ""  # the rendered auto-number, already prefixed to ``text``
    images: int = 0
    center: bool = False
    size: float | None = None  # largest font size in points
    page_break: bool = False  # a page or section break at its end
    break_before: bool = False  # starts a new page


@dataclass
class Cell:
    text: str
    span: int = 1  # grid columns this cell covers
    first: bool = True  # the leftmost grid column of the cell
    continued: bool = False  # a vertically merged continuation of the cell above


@dataclass
class Table:
    rows: list[list[Cell]]
    header_rows: int = 0  # rows marked "repeat as header row"
    images: int = 0

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Para | Table


# --- styles -----------------------------------------------------------------------------

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$")
_CN_LEVEL_NAME = re.compile(
    r"^([一二三四五六七八九1-9])\s*级\s*标题|^标题\s*([一二三四五六七八九])$"
)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$")


@dataclass
class StyleInfo:
    name: str = ""
    level: int | None = None
    body: bool = False  # outlineLvl 9: explicitly body text
    title: bool = False
    toc: bool = False
    num: tuple[str, int] | None = None  # (numId, ilvl)
    size: float | None = None
    center: bool = False


class Styles:
    def __init__(self, root: Any) -> None:
        self._raw: dict[str, Any] = {}
        self._cache: dict[str, StyleInfo] = {}
        self.default_para: str | None = None
        if root is None:
            return
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"))
            if not sid:
                continue
            self._raw[sid] = style
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                self.default_para = sid

    def get(self, sid: str | None) -> StyleInfo:
        sid = sid or self.default_para or ""
        if sid not in self._cache:
            self._cache[sid] = self._resolve(sid, 0)
        return self._cache[sid]

    def _resolve(self, sid: str, depth: int) -> StyleInfo:
        style = self._raw.get(sid)
        if style is None or depth > 12:
            return StyleInfo()
        base_id = _val(style.find(w("basedOn")))
        base = self._resolve(base_id, depth + 1) if base_id else StyleInfo()
        name = (_val(style.find(w("name"))) or sid).strip().lower()
        info = StyleInfo(name=name, size=base.size, center=base.center, num=base.num)
        ppr = style.find(w("pPr"))
        outline = _val(ppr.find(w("outlineLvl"))) if ppr is not None else None
        match = _HEADING_NAME.match(name)
        cn_match = _CN_LEVEL_NAME.match(name)
        if outline is not None and outline.isdigit():
            lvl = int(outline)
            info.level, info.body = (lvl + 1, False) if lvl < 9 else (None, True)
        elif match:
            info.level = int(match.group(1))
        elif cn_match:
            from app.importer.numbering import cn_to_int

            info.level = cn_to_int(cn_match.group(1) or cn_match.group(2))
        else:
            info.level, info.body = base.level, base.body
        info.title = name in ("title", "标题") or (base.title and info.level is None)
        info.toc = bool(_TOC_NAME.match(name)) or name in ("toc heading", "目录标题")
        if ppr is not None:
            num = ppr.find(w("numPr"))
            if num is not None:
                num_id = _val(num.find(w("numId")))
                ilvl = _val(num.find(w("ilvl")))
                if num_id is not None:
                    info.num = (num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0)
            jc = _val(ppr.find(w("jc")))
            if jc is not None:
                info.center = jc == "center"
        size = _val(style.find(f"{w('rPr')}/{w('sz')}"))
        if size and size.isdigit():
            info.size = int(size) / 2
        return info


# --- auto-numbering -----------------------------------------------------------------------


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    legal: bool = False  # w:isLgl: every level's counter printed as 1, 2, 3 (第一章 → 1.1)


class Numbering:
    """Replays Word's list counters so that auto-numbers read as the printed ones."""

    def __init__(self, root: Any) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for absn in root.iter(w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in absn.iter(w("lvl")):
                ilvl = lvl.get(w("ilvl"))
                start = _val(lvl.find(w("start")))
                levels[int(ilvl or 0)] = _Level(
                    fmt=_val(lvl.find(w("numFmt"))) or "decimal",
                    text=_val(lvl.find(w("lvlText"))) or "",
                    start=int(start) if start and start.lstrip("-").isdigit() else 1,
                    legal=lvl.find(w("isLgl")) is not None,
                )
            self._abstract[absn.get(w("abstractNumId")) or ""] = levels
        for num in root.iter(w("num")):
            overrides: dict[int, int] = {}
            for ov in num.iter(w("lvlOverride")):
                start = _val(ov.find(w("startOverride")))
                if start and start.isdigit():
                    overrides[int(ov.get(w("ilvl")) or 0)] = int(start)
            self._nums[num.get(w("numId")) or ""] = (
                _val(num.find(w("abstractNumId"))) or "",
                overrides,
            )

    def render(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """The printed prefix for the next paragraph of this list, and whether it is a bullet."""
        if num_id in ("", "0") or num_id not in self._nums:
            return "", False
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return "", False
        if level.fmt == "bullet":
            return "", True
        counters = self._counters.setdefault(abstract_id, {})
        start = overrides.get(ilvl, level.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def one(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters.get(k, lv.start)
            return format_counter(value, "decimal" if level.legal else lv.fmt)

        text = re.sub(r"%([1-9])", one, level.text)
        return text, False


# --- walking the body -------------------------------------------------------------------------


@dataclass
class _State:
    styles: Styles
    numbering: Numbering
    fields: list[dict[str, Any]] = field(default_factory=list)  # open complex fields


def _with_number(prefix: str, text: str) -> str:
    """The paragraph as printed: Word's number, then its tab or space, then the text.

    A number typed by hand after the automatic one (lvlText "%1" and text "1总则") is the
    same number printed twice in the file only; the reader sees it once."""
    if not prefix:
        return text
    rest = text[len(prefix) :]
    if text.startswith(prefix) and not rest[:1].isdigit():
        text = rest.lstrip(" \t\u3000.．、")
    gap = "" if prefix[-1] in "、.．)）" else " "  # w:suff tab/space; "%1" alone still reads 1 总则
    return f"{prefix}{gap}{text}"


_SKIP = {w("pPr"), w("rPr"), w("instrText"), w("delText"), w("del"), w("moveFrom")}
_PICTURES = {w("drawing"), w("pict"), w("object")}


def _text_of(p: Any, state: _State, out: list[str], counts: dict[str, Any]) -> None:
    for child in p:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            if tag == w("instrText") and state.fields:
                state.fields[-1]["instr"] += child.text or ""
                if state.fields[-1]["instr"].lstrip().upper().startswith("TOC"):
                    state.fields[-1]["toc"] = True
                    counts["toc"] = True
            continue
        if tag in _PICTURES:
            counts["images"] += 1
            continue
        if tag == f"{{{MC}}}AlternateContent":
            choice = child.find(f"{{{MC}}}Choice")
            if choice is not None and any(c.tag in _PICTURES for c in choice.iter()):
                counts["images"] += 1
            continue
        if tag == w("r"):
            rpr = child.find(w("rPr"))
            if rpr is not None:
                vanish = rpr.find(w("vanish"))
                if vanish is not None and _val(vanish) not in ("0", "false"):
                    continue
                size = _val(rpr.find(w("sz")))
                if size and size.isdigit():
                    counts["size"] = max(counts["size"] or 0, int(size) / 2)
        if tag == w("t"):
            if not any(f["instr_open"] for f in state.fields):
                out.append(child.text or "")
        elif tag == w("tab"):
            out.append("\t")
        elif tag in (w("br"), w("cr")):
            if child.get(w("type")) == "page":
                counts["page_break"] = True
            elif not any(f["instr_open"] for f in state.fields):
                out.append("\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        elif tag == w("fldChar"):
            kind = child.get(w("fldCharType"))
            if kind == "begin":
                state.fields.append({"instr": "", "toc": False, "instr_open": True})
            elif kind == "separate" and state.fields:
                state.fields[-1]["instr_open"] = False
            elif kind == "end" and state.fields:
                state.fields.pop()
        elif tag == w("fldSimple"):
            if (child.get(w("instr")) or "").lstrip().upper().startswith("TOC"):
                counts["toc"] = True
            _text_of(child, state, out, counts)
        else:
            _text_of(child, state, out, counts)
        if any(f["toc"] for f in state.fields):
            counts["toc"] = True


def read_para(p: Any, state: _State) -> Para:
    ppr = p.find(w("pPr"))
    style_id = _val(ppr.find(w("pStyle"))) if ppr is not None else None
    info = state.styles.get(style_id)
    level, center = info.level, info.center
    num = info.num
    page_break = break_before = False
    if ppr is not None:
        outline = _val(ppr.find(w("outlineLvl")))
        if outline is not None and outline.isdigit() and int(outline) < 9:
            level = int(outline) + 1
        # outlineLvl 9 on a heading-styled paragraph only hides it from the navigation
        # pane (exports do this for headings inside appendices); it still reads as one
        num_el = ppr.find(w("numPr"))
        if num_el is not None:
            num_id = _val(num_el.find(w("numId")))
            ilvl = _val(num_el.find(w("ilvl")))
            if num_id is not None:
                num = (num_id, int(ilvl) if ilvl and ilvl.isdigit() else (num[1] if num else 0))
        jc = _val(ppr.find(w("jc")))
        if jc is not None:
            center = jc == "center"
        page_break = ppr.find(w("sectPr")) is not None
        break_before = ppr.find(w("pageBreakBefore")) is not None
    toc_before = any(f["toc"] for f in state.fields)
    counts: dict[str, Any] = {"images": 0, "size": None, "page_break": False, "toc": toc_before}
    parts: list[str] = []
    _text_of(p, state, parts, counts)
    text = "".join(parts).replace(ZWSP, "").strip()
    prefix, bullet = ("", False)
    if num is not None and text:
        prefix, bullet = state.numbering.render(*num)
    return Para(
        text=_with_number(prefix, text),
        style=info.name,
        level=level,
        title_style=info.title,
        toc=counts["toc"] or info.toc,
        bullet=bullet,
        auto_number=prefix,
        images=counts["images"],
        center=center,
        size=counts["size"] or info.size,
        page_break=page_break or counts["page_break"],
        break_before=break_before,
    )


def _cell_text(tc: Any, state: _State, images: list[int]) -> str:
    lines: list[str] = []
    for child in tc:
        if child.tag == w("p"):
            para = read_para(child, state)
            images[0] += para.images
            if para.text:
                lines.append(para.text)
        elif child.tag == w("tbl"):
            inner = read_table(child, state)
            images[0] += inner.images
            for row in inner.rows:
                cells = [c.text for c in row if c.first and not c.continued and c.text]
                if cells:
                    lines.append(" | ".join(cells))
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                text = _cell_text(content, state, images)
                if text:
                    lines.append(text)
    return "\n".join(lines)


def _cells_of(tr: Any) -> Iterator[Any]:
    for child in tr:
        if child.tag == w("tc"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _cells_of(content)


def _rows_of(parent: Any) -> Iterator[Any]:
    for child in parent:
        if child.tag == w("tr"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _rows_of(content)


def read_table(tbl: Any, state: _State) -> Table:
    rows: list[list[Cell]] = []
    header_rows = 0
    images = [0]
    counting_headers = True
    for tr in _rows_of(tbl):
        trpr = tr.find(w("trPr"))
        before = after = 0
        is_header = False
        if trpr is not None:
            gb, ga = _val(trpr.find(w("gridBefore"))), _val(trpr.find(w("gridAfter")))
            before = int(gb) if gb and gb.isdigit() else 0
            after = int(ga) if ga and ga.isdigit() else 0
            th = trpr.find(w("tblHeader"))
            is_header = th is not None and _val(th) not in ("0", "false")
        if counting_headers and is_header:
            header_rows += 1
        else:
            counting_headers = False
        row: list[Cell] = [Cell("", first=True) for _ in range(before)]
        for tc in _cells_of(tr):
            tcpr = tc.find(w("tcPr"))
            span, continued = 1, False
            if tcpr is not None:
                gs = _val(tcpr.find(w("gridSpan")))
                span = max(1, int(gs)) if gs and gs.isdigit() else 1
                vm = tcpr.find(w("vMerge"))
                continued = vm is not None and _val(vm) in (None, "continue")
            text = _cell_text(tc, state, images)
            col = len(row)
            if continued:
                above = rows[-1][col] if rows and col < len(rows[-1]) else None
                text = above.text if above is not None else text
            for k in range(span):
                row.append(Cell(text, span=span, first=k == 0, continued=continued))
        row.extend(Cell("", first=True) for _ in range(after))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend(Cell("", first=True) for _ in range(width - len(row)))
    return Table(rows, header_rows, images[0])


def _walk(parent: Any, state: _State, out: list[Block], tick: Callable[[], None]) -> None:
    for child in parent:
        tag = child.tag
        if tag == w("p"):
            out.append(read_para(child, state))
            tick()
        elif tag == w("tbl"):
            out.append(read_table(child, state))
            tick()
        elif tag == w("sdt"):
            content = child.find(w("sdtContent"))
            gallery = child.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
            is_toc = gallery is not None and "content" in (_val(gallery) or "").lower()
            if content is None:
                continue
            start = len(out)
            _walk(content, state, out, tick)
            if is_toc:
                for block in out[start:]:
                    if isinstance(block, Para):
                        block.toc = True
        elif tag == w("customXml"):
            _walk(child, state, out, tick)


def body_size(pkg: DocxPackage) -> int:
    body = pkg.document.find(w("body"))
    return sum(1 for _ in body.iter(w("p"), w("tbl"))) if body is not None else 0


def read_blocks(pkg: DocxPackage, tick: Callable[[], None] = lambda: None) -> list[Block]:
    state = _State(Styles(pkg.styles), Numbering(pkg.numbering))
    body = pkg.document.find(w("body"))
    out: list[Block] = []
    if body is not None:
        _walk(body, state, out, tick)
    return out
