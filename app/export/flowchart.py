"""The 应急响应流程 of a plan as a drawn figure: boxes and arrows, built from its data.

信息报告 → 先期处置 → 分级响应 (one box per response level: its name, who commands it,
the procedures that belong to it) → 应急结束 → 后期处置. Who reports and who acts first
come from the steps of the procedures that have no level. Drawn with Pillow at 10 px per
mm, 156 mm wide (the 版心 of GB/T 9704), with the CJK font ``figures.find_cjk_font``
finds; without one ``flow_png`` returns None and the caller writes the stages as text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from app.export.figures import FontChoice, find_cjk_font
from app.export.parts import Lookup
from app.model.plan import Plan

PX_PER_MM = 10
WIDTH_MM = 156
INK = (33, 37, 41)
LINE = (70, 70, 70)
FILL = (236, 242, 250)
LEVEL_FILL = (255, 244, 214)

Font = ImageFont.FreeTypeFont


@dataclass
class Stage:
    title: str
    detail: list[str] = field(default_factory=list)


@dataclass
class Flow:
    before: list[Stage]  # 信息报告, 先期处置
    levels: list[Stage]  # one per response level
    after: list[Stage]  # 应急结束, 后期处置

    def stages(self) -> list[Stage]:
        head = Stage("分级响应", [s.title for s in self.levels])
        return [*self.before, head, *self.after]


def _actors(plan: Plan, lookup: Lookup, words: tuple[str, ...]) -> list[str]:
    names: list[str] = []
    for procedure in plan.procedures:
        if procedure.level:
            continue
        for step in procedure.steps:
            if any(word in step.action for word in words):
                name = lookup.unit_name(step.actor) if step.actor else ""
                if name and name not in names:
                    names.append(name)
    return names


def response_flow(plan: Plan) -> Flow:
    """The stages of the plan's response, named from its own data."""
    lookup = Lookup(plan)
    reporters = _actors(plan, lookup, ("报告",))
    first = _actors(plan, lookup, ("先期", "自救", "疏散", "抢险", "救援", "控制"))
    report = Stage(
        "信息报告", ["接报、核实、报告", *(["由" + "、".join(reporters[:3])] if reporters else [])]
    )
    early = Stage(
        "先期处置",
        ["控制事态、疏散人员、救治伤员", *(["由" + "、".join(first[:3])] if first else [])],
    )
    levels = []
    for level in plan.levels:
        detail = []
        if level.commander:
            detail.append(f"指挥：{lookup.unit_name(level.commander)}")
        for procedure in plan.procedures:
            if procedure.level == level.id and procedure.title:
                detail.append(procedure.title)
        levels.append(Stage(lookup.level_name(level.id) or level.name, detail))
    if not levels:
        levels = [Stage("启动应急响应", [])]
    after = [
        Stage("应急结束", ["由启动响应的机构宣布"]),
        Stage("后期处置", ["善后处置、调查评估、恢复重建"]),
    ]
    return Flow([report, early], levels, after)


def _font(choice: FontChoice, size: int) -> Font:
    return ImageFont.truetype(choice.path, size, index=choice.index)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for ch in text:
        if draw.textlength(line + ch, font=font) > width and line:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line:
        lines.append(line)
    return lines


def _arrow(draw: ImageDraw.ImageDraw, x: float, y0: float, y1: float) -> None:
    draw.line([(x, y0), (x, y1 - 14)], fill=LINE, width=4)
    draw.polygon([(x - 12, y1 - 18), (x + 12, y1 - 18), (x, y1)], fill=LINE)


def flow_png(flow: Flow, choice: FontChoice | None = None) -> tuple[bytes, float, float] | None:
    """The flow chart as PNG bytes with its width and height in mm; None without a CJK font."""
    choice = choice or find_cjk_font()
    if choice is None:
        return None
    title_font, text_font = _font(choice, 44), _font(choice, 34)
    width = WIDTH_MM * PX_PER_MM
    pad, gap, arrow = 24, 30, 90
    probe = ImageDraw.Draw(Image.new("RGB", (10, 10)))

    def box_lines(stage: Stage, box_w: float) -> list[tuple[str, Font]]:
        out = [(ln, title_font) for ln in _wrap(probe, stage.title, title_font, box_w - 2 * pad)]
        for d in stage.detail:
            out += [(ln, text_font) for ln in _wrap(probe, d, text_font, box_w - 2 * pad)]
        return out

    def height(lines: list[tuple[str, Font]]) -> float:
        return 2 * pad + sum((58 if f is title_font else 46) for _, f in lines)

    main_w = width * 0.62
    n = len(flow.levels)
    level_w = (width - gap * (n - 1) - 8) / n
    blocks = [box_lines(s, main_w) for s in flow.before]
    head = box_lines(Stage("分级响应", ["研判后按响应级别启动"]), main_w)
    levels = [box_lines(s, level_w) for s in flow.levels]
    after = [box_lines(s, main_w) for s in flow.after]
    level_h = max(height(lines) for lines in levels)
    total = (
        sum(height(b) + arrow for b in blocks)
        + height(head)
        + arrow
        + level_h
        + arrow
        + sum(height(b) for b in after)
        + arrow * (len(after) - 1)
        + 8
    )
    image = Image.new("RGB", (int(width), int(total)), "white")
    draw = ImageDraw.Draw(image)

    def draw_box(
        x: float, y: float, w_: float, lines: list[tuple[str, Font]], fill: tuple, h: float = 0
    ) -> float:
        h = h or height(lines)
        draw.rounded_rectangle([x, y, x + w_, y + h], radius=18, fill=fill, outline=LINE, width=4)
        ty = y + pad
        for text, font in lines:
            tw = draw.textlength(text, font=font)
            draw.text((x + (w_ - tw) / 2, ty), text, font=font, fill=INK)
            ty += 58 if font is title_font else 46
        return y + h

    cx = width / 2
    y = 4.0
    for lines in [*blocks, head]:
        bottom = draw_box(cx - main_w / 2, y, main_w, lines, FILL)
        y = bottom + arrow
        _arrow(draw, cx, bottom, y)
    # fan out to the levels and back in
    centres = [4 + i * (level_w + gap) + level_w / 2 for i in range(n)]
    split = y - arrow / 2
    if n > 1:
        draw.line([(centres[0], split), (centres[-1], split)], fill=LINE, width=4)
    for i, c in enumerate(centres):
        if n > 1:
            _arrow(draw, c, split, y)
        draw_box(4 + i * (level_w + gap), y, level_w, levels[i], LEVEL_FILL, level_h)
    bottom = y + level_h
    join = bottom + arrow / 2
    for c in centres:
        draw.line([(c, bottom), (c, join)], fill=LINE, width=4)
    if n > 1:
        draw.line([(centres[0], join), (centres[-1], join)], fill=LINE, width=4)
    y = bottom + arrow
    _arrow(draw, cx, join, y)
    for i, lines in enumerate(after):
        bottom = draw_box(cx - main_w / 2, y, main_w, lines, FILL)
        if i < len(after) - 1:
            y = bottom + arrow
            _arrow(draw, cx, bottom, y)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue(), width / PX_PER_MM, total / PX_PER_MM


def flow_text(flow: Flow) -> list[str]:
    """The stages as numbered lines, for a machine with no CJK font (no arrows)."""
    return [
        f"{i}. {s.title}：{'；'.join(s.detail)}" if s.detail else f"{i}. {s.title}"
        for i, s in enumerate(flow.stages(), 1)
    ]
