"""QR codes for the drill room's join links (Qt-free; the console and the task cards use it).

A code is made with segno at error level M (a smudged or creased card still scans),
never as a Micro QR (most phone cameras do not read them), with the standard quiet zone
of four modules. ``png(link)`` gives black on white PNG bytes at least ``min_px``
pixels wide (a whole number of pixels per module, so edges stay sharp when projected);
``svg(link)`` the same as a scalable picture; ``matrix(link)`` the dark modules, for
tests and anyone who wants to check what was encoded.
"""

from __future__ import annotations

import io
import math

import segno

QUIET_ZONE = 4  # modules of white around the code: the minimum ISO/IEC 18004 asks
MIN_PX = 300  # big enough to scan off a projector from the back of a meeting room


def code(link: str) -> segno.QRCode:
    return segno.make(link, error="m", micro=False, boost_error=False)


def modules(link: str) -> int:
    """Width in modules, quiet zone included."""
    return int(code(link).symbol_size(scale=1, border=QUIET_ZONE)[0])


def scale_for(link: str, min_px: int = MIN_PX) -> int:
    return max(1, math.ceil(min_px / modules(link)))


def png(link: str, min_px: int = MIN_PX) -> bytes:
    out = io.BytesIO()
    code(link).save(
        out,
        kind="png",
        scale=scale_for(link, min_px),
        border=QUIET_ZONE,
        dark="#000000",
        light="#ffffff",
    )
    return out.getvalue()


def svg(link: str, min_px: int = MIN_PX) -> bytes:
    out = io.BytesIO()
    code(link).save(
        out,
        kind="svg",
        scale=scale_for(link, min_px),
        border=QUIET_ZONE,
        dark="#000000",
        light="#ffffff",
        xmldecl=False,
    )
    return out.getvalue()


def matrix(link: str) -> list[list[bool]]:
    """The modules without the quiet zone: True where dark."""
    return [[bool(m) for m in row] for row in code(link).matrix]


__all__ = ["MIN_PX", "QUIET_ZONE", "code", "matrix", "modules", "png", "scale_for", "svg"]
