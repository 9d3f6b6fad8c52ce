"""Raw-XML finishing of tables every writer uses (filing forms, drill forms and reports):
row heights to write in by hand, top-aligned cells, merged group cells, a right-aligned
signature row. One copy here, so a fix lands in every document."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from app.export.layer.xml import mm, w


def min_row_height(table: etree._Element, row_mm: float, *, skip_header: bool = False) -> None:
    """Rows at least ``row_mm`` high (room for a signature or a handwritten note)."""
    for i, tr in enumerate(table.findall(w("tr"))):  # its own rows, not a nested table's
        if skip_header and i == 0:
            continue
        trpr = tr.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            tr.insert(0, trpr)
        height = etree.SubElement(trpr, w("trHeight"))
        height.set(w("val"), str(mm(row_mm)))
        height.set(w("hRule"), "atLeast")


def top_aligned(
    tbl: etree._Element, columns: Iterable[int] | None = None, *, skip_header: bool = True
) -> None:
    """Cells (of these columns; all when None) start at the top: room to write below."""
    wanted = set(columns) if columns is not None else None
    for tr in tbl.findall(w("tr"))[1 if skip_header else 0 :]:
        for i, tc in enumerate(tr.findall(w("tc"))):
            if wanted is None or i in wanted:
                valign = tc.find(f"{w('tcPr')}/{w('vAlign')}")
                if valign is not None:
                    valign.set(w("val"), "top")


def merge_down(tbl: etree._Element, column: int) -> None:
    """Merge each empty cell of ``column`` into the cell above (a group's name once)."""
    rows = tbl.findall(w("tr"))[1:]
    previous: etree._Element | None = None
    for tr in rows:
        cells = tr.findall(w("tc"))
        if column >= len(cells):
            continue
        tc = cells[column]
        empty = not "".join(tc.itertext()).strip()
        if empty and previous is not None:
            for el, val in ((previous, "restart"), (tc, None)):
                tcpr = el.find(w("tcPr"))
                if tcpr.find(w("vMerge")) is None:
                    vm = etree.Element(w("vMerge"))
                    if val:
                        vm.set(w("val"), val)
                    tcpr.find(w("tcW")).addnext(vm)
        else:
            previous = tc


def align_last_row(table: etree._Element, align: str = "right") -> None:
    """Align the value cell of a form's last row (signature and seal lines)."""
    rows = table.findall(w("tr"))
    if not rows:
        return
    cells = rows[-1].findall(w("tc"))
    for p in cells[-1].iter(w("p")):
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.SubElement(p, w("pPr"))
            p.insert(0, ppr)
        jc = ppr.find(w("jc"))
        if jc is None:
            jc = etree.SubElement(ppr, w("jc"))
        jc.set(w("val"), align)
