"""The WordprocessingML names every writer uses: one place, so no module spells them again."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    """``w:tag`` in Clark notation."""
    return f"{{{W_NS}}}{tag}"


W_VAL = w("val")
P, R, T_, PPR, RPR, PSTYLE = w("p"), w("r"), w("t"), w("pPr"), w("rPr"), w("pStyle")
RSTYLE = w("rStyle")
BR, TAB = w("br"), w("tab")
TBL, TR, TC = w("tbl"), w("tr"), w("tc")


def mm(value: float) -> int:
    """Millimetres → twentieths of a point (twips)."""
    return round(value / 25.4 * 1440)


def pt(value: float) -> int:
    """Points → twips."""
    return round(value * 20)
