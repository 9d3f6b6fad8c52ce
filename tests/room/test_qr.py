"""The join codes (Qt-free): big enough for a projector, black on white with the quiet
zone, a whole number of pixels per module, and exactly the modules of the link."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from app.room import qr

LINKS = [
    "http://127.0.0.1:8765/r/XD5bhi--DDvQIwAAPKjS7cJKxASDUFlT/",
    "http://[fe80::1]:40000/r/" + "A" * 32 + "/",
    "http://192.168.100.200:8765/r/" + "z" * 32 + "/",
]


@pytest.mark.parametrize("link", LINKS)
def test_png_is_the_links_code_at_projector_size(link: str) -> None:
    image = Image.open(io.BytesIO(qr.png(link))).convert("L")
    n = qr.modules(link)
    assert image.width == image.height >= qr.MIN_PX and image.width % n == 0
    scale = image.width // n

    def dark(x: int, y: int) -> bool:
        return image.getpixel((x * scale + scale // 2, y * scale + scale // 2)) < 128

    assert {c for _, c in image.getcolors()} == {0, 255}  # pure black on pure white
    z = qr.QUIET_ZONE
    assert not any(
        dark(i, j) for i in range(n) for j in range(n) if min(i, j) < z or max(i, j) >= n - z
    )
    read = [[dark(z + c, z + r) for c in range(n - 2 * z)] for r in range(n - 2 * z)]
    assert read == qr.matrix(link)
    assert qr.matrix(link) != qr.matrix(link[:-2] + "x/")  # the content decides the modules


def test_svg_has_the_same_size_and_no_script() -> None:
    link = LINKS[0]
    text = qr.svg(link).decode()
    size = qr.modules(link) * qr.scale_for(link)
    assert re.search(rf'width="{size}"', text) and re.search(rf'height="{size}"', text)
    assert "<script" not in text and "#000" in text
