"""Figures in Word exports: the CJK font Pillow draws with, and an inline picture.

The font search serves every Pillow picture PlanDrill draws (the drill report's timeline,
the plan-system diagram, the response flow chart): Windows 微软雅黑/黑体/宋体, macOS
PingFang/Heiti, Linux through ``fc-match`` (Noto Sans CJK, WenQuanYi). ``PLANDRILL_CHART_FONT``
names a font file to use, or ``none`` to force the callers' no-Chinese fallback.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Emu
from lxml import etree
from PIL import ImageFont

from app.export.gongwen import GongwenDocument
from app.export.layer.xml import PPR, R, w

FONT_ENV = "PLANDRILL_CHART_FONT"


@dataclass(frozen=True)
class FontChoice:
    path: str
    index: int = 0


def _candidates() -> list[FontChoice]:
    out: list[FontChoice] = []
    if sys.platform.startswith("win"):
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        for name in ("msyh.ttc", "msyh.ttf", "simhei.ttf", "Deng.ttf", "simsun.ttc", "simkai.ttf"):
            out.append(FontChoice(str(fonts / name)))
    elif sys.platform == "darwin":
        for name in (
            "/System/Library/Fonts/PingFang.ttc",
            "/System/Library/Fonts/STHeiti Light.ttc",
            "/Library/Fonts/Arial Unicode.ttf",
        ):
            out.append(FontChoice(name))
    fc = shutil.which("fc-match")
    if fc is not None:
        try:
            found = subprocess.run(
                [fc, "sans-serif:lang=zh-cn", "--format", "%{file}|%{index}|%{lang}"],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout
            path, _, rest = found.partition("|")
            index, _, langs = rest.partition("|")
            if path and "zh-cn" in langs.split("|"):
                out.append(FontChoice(path, int(index) if index.isdigit() else 0))
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    for name in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ):
        out.append(FontChoice(name))
    return out


def _draws_chinese(font: ImageFont.FreeTypeFont) -> bool:
    """A real glyph for 中, not an empty box: the ink of 中 and 口 differ."""
    a = font.getmask("中").getbbox()
    b = font.getmask("口").getbbox()
    return bool(a) and a != b


def _prefer_sc(path: str, index: int) -> int:
    """In a collection (.ttc) prefer the Simplified Chinese face (Noto: 'CJK SC')."""
    if not path.lower().endswith(".ttc"):
        return index
    for i in range(10):
        try:
            name = ImageFont.truetype(path, 12, index=i).getname()[0] or ""
        except OSError:
            break
        if name.endswith((" SC", "SC")) or "SC " in name or "GB" in name:
            return i
    return index


@functools.cache
def find_cjk_font() -> FontChoice | None:
    """A font that draws Chinese, or None (the chart then uses ASCII labels)."""
    wanted = os.environ.get(FONT_ENV, "").strip()
    if wanted.lower() == "none":
        return None
    choices = [FontChoice(wanted)] if wanted else _candidates()
    for choice in choices:
        if not Path(choice.path).is_file():
            continue
        try:
            index = _prefer_sc(choice.path, choice.index)
            font = ImageFont.truetype(choice.path, 24, index=index)
        except OSError:
            continue
        if _draws_chinese(font):
            return FontChoice(choice.path, index)
    return None


def picture(doc: GongwenDocument, png: bytes, width_mm: float, height_mm: float) -> etree._Element:
    """An inline PNG in a centred paragraph of its own, kept with its caption (normal
    spacing, so the exact line height of the body does not clip it)."""
    p = doc.paragraph("", "normal", align="center", keep_next=True)
    ppr = p.find(PPR)
    assert ppr is not None
    jc = ppr.find(w("jc"))
    snap = etree.Element(w("snapToGrid"))
    snap.set(w("val"), "0")
    spacing = etree.Element(w("spacing"))
    spacing.attrib.update(
        {w("before"): "120", w("after"): "120", w("line"): "240", w("lineRule"): "auto"}
    )
    for el in (snap, spacing):
        if jc is not None:
            jc.addprevious(el)
        else:
            ppr.append(el)
    inline = doc.doc.part.new_pic_inline(
        io.BytesIO(png), Emu(int(width_mm * 36000)), Emu(int(height_mm * 36000))
    )
    r = etree.SubElement(p, R)
    etree.SubElement(r, w("drawing")).append(inline)
    return p
