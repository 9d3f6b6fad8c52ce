"""The timeline chart of a session as a PNG: when each inject was delivered, how long
until the first response, and the time limit of its expected actions.

Drawn with Pillow (small, no GUI toolkit). Labels are Chinese when a CJK font is found
on the system (Windows: 微软雅黑/黑体/宋体; macOS: PingFang/Heiti; Linux: Noto Sans CJK,
WenQuanYi via ``fc-match``), else ASCII: inject ids and English words, so the chart never
shows empty boxes. ``PLANDRILL_CHART_FONT`` names a font file to use, or ``none`` to
force the ASCII labels.
"""

from __future__ import annotations

import functools
import io
import math
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from app.drill.metrics import DrillMetrics
from app.export.names import Names

FONT_ENV = "PLANDRILL_CHART_FONT"

# status → (colour, Chinese legend, English legend)
STATUS = {
    "ok": ("#2e7d32", "按时完成", "done in time"),
    "late": ("#ef6c00", "超时完成", "late"),
    "missed": ("#c62828", "未完成", "missed"),
    "open": ("#757575", "进行中", "open"),
    "answered": ("#1565c0", "有响应（无期望行动）", "answered"),
    "none": ("#9e9e9e", "无响应记录", "no response"),
}


@dataclass(frozen=True)
class FontChoice:
    path: str
    index: int = 0


@dataclass(frozen=True)
class ChartRow:
    label: str  # "泄漏报警" ("注入1 泄漏报警" with names)
    ascii_label: str  # "i1" ("#1" with names): a chart without a CJK font
    delivered: float  # scenario minutes
    first: float | None  # first response, scenario minutes
    limit: float | None  # shortest time limit of its expected actions, minutes
    status: str  # a key of STATUS


def chart_rows(metrics: DrillMetrics, names: Names | None = None) -> list[ChartRow]:
    """One row per delivered inject, in delivery order, from the metrics. With ``names``
    (``app.export.names``) the rows read "注入3 泄漏扩大" and "#3", never the ids."""
    by_inject: dict[str, list[str]] = {}
    limits: dict[str, float] = {}
    for em in metrics.expected:
        by_inject.setdefault(em.inject, []).append(em.status)
        if em.within_min is not None:
            limits[em.inject] = min(limits.get(em.inject, em.within_min), em.within_min)
    rows = []
    delivered = [i for i in metrics.injects if i.delivered and i.delivered_min is not None]
    delivered.sort(key=lambda i: i.delivered_min or 0.0)
    for n, im in enumerate(delivered, 1):
        states = by_inject.get(im.id, [])
        if "missed" in states:
            status = "missed"
        elif "late" in states:
            status = "late"
        elif "open" in states or "overdue" in states:
            status = "open"
        elif "done" in states:
            status = "ok"
        else:
            status = "answered" if im.first_action_min is not None else "none"
        if names is not None:
            label = names.inject_title(im.id)
            ident = "#" + ("".join(c for c in names.inject(im.id) if c.isdigit()) or str(n))
        else:
            label = im.title or f"注入{n}"  # names, never ids (the ASCII fallback keeps ids)
            ident = im.id if im.id.isascii() else f"#{n}"
        rows.append(
            ChartRow(
                label,
                ident,
                im.delivered_min or 0.0,
                im.first_action_min,
                limits.get(im.id),
                status,
            )
        )
    return rows


# --- fonts --------------------------------------------------------------------------------


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


def _font(choice: FontChoice | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if choice is not None:
        return ImageFont.truetype(choice.path, size, index=choice.index)
    try:
        return ImageFont.load_default(size)
    except (OSError, TypeError):  # Pillow without FreeType: a small bitmap font
        return ImageFont.load_default()


# --- drawing --------------------------------------------------------------------------------


def _step(span: float) -> float:
    for step in (1, 2, 5, 10, 15, 20, 30, 60, 120, 240):
        if span / step <= 12:
            return float(step)
    return float(math.ceil(span / 12 / 60) * 60)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: object, width: float) -> str:
    if draw.textlength(text, font=font) <= width:  # type: ignore[arg-type]
        return text
    while text and draw.textlength(text + "…", font=font) > width:  # type: ignore[arg-type]
        text = text[:-1]
    return text + "…"


@dataclass(frozen=True)
class Chart:
    png: bytes
    width_px: int
    height_px: int
    chinese: bool  # labels in Chinese (a CJK font was found)


def timeline_chart(rows: list[ChartRow], *, end_min: float, width_px: int = 1600) -> Chart:
    """The chart as PNG bytes. ``end_min``: where the time axis ends (the drill's end)."""
    choice = find_cjk_font()
    zh = choice is not None
    scale = width_px / 1600
    # printed 150 mm wide: 1600 px → 36 px ≈ 9 pt, 40 px ≈ 10 pt
    f_title = _font(choice, round(40 * scale))
    f_text = _font(choice, round(34 * scale))
    f_small = _font(choice, round(30 * scale))
    shown = rows[:40]
    row_h = round(56 * scale)
    top = round(96 * scale)
    left = round((470 if zh else 190) * scale)
    right = round(50 * scale)
    pad = round(16 * scale)  # a marker at T+0 stays clear of the labels
    legend_h = round(170 * scale)
    height = top + row_h * max(len(shown), 1) + legend_h
    span = max(
        [end_min, 1.0]
        + [r.delivered for r in shown]
        + [r.first for r in shown if r.first is not None]
        + [r.delivered + r.limit for r in shown if r.limit is not None]
    )
    step = _step(span)
    span = math.ceil(span / step) * step
    plot_w = width_px - left - right - pad

    def x(minutes: float) -> float:
        return left + pad + plot_w * minutes / span

    image = Image.new("RGB", (width_px, height), "white")
    draw = ImageDraw.Draw(image)
    title = (
        "注入下达与首次响应时间（情景时间，分钟）"
        if zh
        else "Injects: delivery and first response (scenario minutes)"
    )
    draw.text((left, round(20 * scale)), title, fill="#212121", font=f_title)
    bottom = top + row_h * max(len(shown), 1)
    # grid and axis
    t = 0.0
    while t <= span + 1e-9:
        gx = x(t)
        draw.line([(gx, top), (gx, bottom)], fill="#e0e0e0", width=max(1, round(scale)))
        label = f"{t:g}"
        lw = draw.textlength(label, font=f_small)
        draw.text((gx - lw / 2, bottom + round(8 * scale)), label, fill="#424242", font=f_small)
        t += step
    draw.line(
        [(left, bottom), (left + pad + plot_w, bottom)],
        fill="#424242",
        width=max(1, round(2 * scale)),
    )
    for i, row in enumerate(shown):
        y0 = top + i * row_h
        mid = y0 + row_h / 2
        if i % 2:
            draw.rectangle([(left, y0), (left + pad + plot_w, y0 + row_h)], fill="#f3f3f3")
        label = _fit(draw, row.label if zh else row.ascii_label, f_text, left - 16 * scale)
        draw.text((round(10 * scale), mid - round(19 * scale)), label, fill="#212121", font=f_text)
        colour = STATUS[row.status][0]
        bar = round(11 * scale)
        if row.first is not None:
            x0, x1 = x(row.delivered), x(max(row.first, row.delivered))
            draw.rectangle([(x0, mid - bar), (max(x1, x0 + 3 * scale), mid + bar)], fill=colour)
        if row.limit is not None:
            lx = x(row.delivered + row.limit)
            draw.line(
                [(lx, mid - bar - 6 * scale), (lx, mid + bar + 6 * scale)],
                fill="#212121",
                width=max(2, round(3 * scale)),
            )
        r = round(12 * scale)
        dx = x(row.delivered)
        draw.polygon(
            [(dx, mid - r), (dx + r, mid), (dx, mid + r), (dx - r, mid)],
            fill="#212121" if row.first is not None else colour,
        )
    # legend
    ly = bottom + round(62 * scale)
    lx = left
    items = [(k, STATUS[k]) for k in ("ok", "late", "missed", "open", "answered", "none")]
    used = {row.status for row in shown}
    for key, (colour, zh_text, en_text) in items:
        if key not in used:
            continue
        text = zh_text if zh else en_text
        draw.rectangle([(lx, ly + 9 * scale), (lx + 36 * scale, ly + 29 * scale)], fill=colour)
        draw.text((lx + 44 * scale, ly), text, fill="#212121", font=f_small)
        lx += 44 * scale + draw.textlength(text, font=f_small) + 36 * scale
    ly2 = ly + round(50 * scale)
    lx = left
    draw.polygon(
        [(lx + 12 * scale, ly2 + 6 * scale), (lx + 24 * scale, ly2 + 18 * scale),
         (lx + 12 * scale, ly2 + 30 * scale), (lx, ly2 + 18 * scale)],
        fill="#212121",
    )  # fmt: skip
    text = "注入下达" if zh else "delivered"
    draw.text((lx + 34 * scale, ly2), text, fill="#212121", font=f_small)
    lx += 34 * scale + draw.textlength(text, font=f_small) + 40 * scale
    draw.line(
        [(lx + 8 * scale, ly2 + 2 * scale), (lx + 8 * scale, ly2 + 34 * scale)],
        fill="#212121",
        width=max(2, round(4 * scale)),
    )
    text = "期望行动时限" if zh else "time limit"
    draw.text((lx + 24 * scale, ly2), text, fill="#212121", font=f_small)
    lx += 24 * scale + draw.textlength(text, font=f_small) + 40 * scale
    text = "色条：下达至首次响应" if zh else "bar: delivery to first response"
    draw.text((lx, ly2), text, fill="#212121", font=f_small)
    if len(rows) > len(shown):
        more = (
            f"另有 {len(rows) - len(shown)} 条注入未画出"
            if zh
            else f"+{len(rows) - len(shown)} more"
        )
        draw.text((left, height - round(38 * scale)), more, fill="#616161", font=f_small)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True, dpi=(254, 254))
    return Chart(buffer.getvalue(), width_px, height, zh)


__all__ = [
    "FONT_ENV",
    "STATUS",
    "Chart",
    "ChartRow",
    "chart_rows",
    "find_cjk_font",
    "timeline_chart",
]
