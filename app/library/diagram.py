"""The plan system (预案体系) as a picture: boxes in columns by plan level, lines from
each plan to the plans under it, drawn with Pillow.

Columns follow the levels planners draw: 总体/综合 | 专项 | 部门/现场处置方案 (a plan sits
at least one column right of its parent). Each box carries the plan's number in the
plan table of the same document, its title and kind, and how many drills in the
library exercise it. A plan with a broken or missing parent link has a red dashed
border. A tall system is cut into pages at leaf rows; a parent cut off repeats on the
next page marked 续.

Labels need a CJK font, found as for the drill report's chart
(``app.drilldocs.chart.find_cjk_font``: Windows, macOS and Linux fonts, or the file
``PLANDRILL_CHART_FONT`` names; ``none`` forces ASCII). Without one the boxes are
labelled in ASCII (number and English kind), which still shows the structure and keys
into the table.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from app.drilldocs.chart import FontChoice, find_cjk_font
from app.export.layer.placeholders import placeholder
from app.library.system import Node, PlanSystem, level_of

PX_PER_MM = 10  # 254 dpi: crisp in print, small enough to embed
PAGE_WIDTH_MM = 156  # the 版心 of GB/T 9704
PAGE_HEIGHT_MM = 200  # the 版心 less a caption


INK = (33, 37, 41)
GREY = (95, 99, 104)
LINE = (90, 90, 90)
RED = (192, 0, 0)
BAND = (236, 239, 243)
FILL = {0: (222, 235, 247), 1: (226, 240, 217), 2: (255, 242, 204)}

# --- fonts: the drill report chart's search (one place for every Pillow picture) ------

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _fonts(cjk: FontChoice | None, size: int) -> Font:
    if cjk is not None:
        return ImageFont.truetype(cjk.path, size, index=cjk.index)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


# --- layout ----------------------------------------------------------------------------------


@dataclass
class Box:
    node: Node
    number: int
    column: int
    flag: str | None  # "broken" or "orphan": the parent link is broken or missing
    children: list[Box] = field(default_factory=list)
    parent: Box | None = None
    leaves: list[int] = field(default_factory=list)  # global leaf rows under this box


def plan_numbers(system: PlanSystem) -> dict[int, int]:
    """id(entry) → the plan's number in the plan table: system walk order."""
    return {id(node.entry): n for n, (node, _) in enumerate(system.walk(), start=1)}


def _boxes(system: PlanSystem) -> tuple[list[Box], list[Box]]:
    numbers = plan_numbers(system)
    flags = {id(i.entry): i.code for i in system.issues if i.code in ("broken", "orphan")}
    leaves: list[Box] = []

    def build(node: Node, parent: Box | None) -> Box:
        natural = level_of(node.entry)
        column = natural if parent is None else max(natural, parent.column + 1)
        box = Box(node, numbers[id(node.entry)], column, flags.get(id(node.entry)), parent=parent)
        box.children = [build(child, box) for child in node.children]
        if not box.children:
            box.leaves = [len(leaves)]
            leaves.append(box)
        else:
            box.leaves = [r for c in box.children for r in c.leaves]
        return box

    roots = [build(root, None) for root in system.roots]
    return roots, leaves


# a CJK character, or a Latin word with the spaces after it: the units lines break between
_TOKENS = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+"
)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float, most: int) -> list[str]:
    """Lines of at most ``width``; the last of ``most`` lines ends in … if text is left."""
    lines: list[str] = []
    current = ""
    tokens = _TOKENS.findall(text)
    while tokens:
        token = tokens[0]
        if draw.textlength((current + token).rstrip(), font=font) <= width:
            current += tokens.pop(0)
            continue
        if not current:  # a word longer than the line: cut it
            cut = max(1, len(token) - 1)
            while cut > 1 and draw.textlength(token[:cut], font=font) > width:
                cut -= 1
            tokens[0:1] = [token[:cut], token[cut:]]
            continue
        lines.append(current.rstrip())
        current = ""
        if len(lines) == most:
            last = lines[-1]
            while last and draw.textlength(last + "…", font=font) > width:
                last = last[:-1]
            lines[-1] = last + "…"
            return lines
    if current.strip():
        lines.append(current.rstrip())
    return lines


@dataclass(frozen=True)
class Labels:
    """Texts of the picture, in the document's language."""

    drills: str = "演练 {n} 次"
    cont: str = "（续）"
    broken: str = "上级预案缺失"
    orphan: str = "未注明上级预案"
    legend: str = "红色虚线框：上级预案缺失或未注明，尚未纳入预案体系"
    empty: str = "预案库中没有预案"


class _Painter:
    def __init__(self, columns: int, cjk: FontChoice | None, labels: Labels, lang: str):
        self.cjk = cjk
        self.lang = lang if cjk is not None else "en"
        self.labels = labels
        self.columns = max(columns, 1)
        self.margin = 3 * PX_PER_MM
        self.gap = 9 * PX_PER_MM
        usable = PAGE_WIDTH_MM * PX_PER_MM - 2 * self.margin - (self.columns - 1) * self.gap
        self.box_w = min(int(usable / self.columns), 62 * PX_PER_MM)
        self.width = 2 * self.margin + self.columns * self.box_w + (self.columns - 1) * self.gap
        self.title_font = _fonts(cjk, 32)
        self.small_font = _fonts(cjk, 26)
        self.head_font = _fonts(cjk, 28)
        self.pad = 12
        self.title_lines = 2
        self.line_h = 42
        self.small_h = 34
        self.box_h = 2 * self.pad + self.title_lines * self.line_h + self.small_h
        self.row_h = self.box_h + 4 * PX_PER_MM
        self.head_h = 2 * self.line_h
        self.legend_h = 0

    def fit_title_lines(self, boxes: list[Box]) -> None:
        """Up to three title lines when the titles need them."""
        probe = ImageDraw.Draw(Image.new("RGB", (10, 10)))
        need = max(
            (len(_wrap(probe, self.title(b), self.title_font, self.text_w, 3)) for b in boxes),
            default=1,
        )
        self.title_lines = max(1, min(3, need))
        self.box_h = 2 * self.pad + self.title_lines * self.line_h + self.small_h
        self.row_h = self.box_h + 4 * PX_PER_MM

    @property
    def text_w(self) -> int:
        return self.box_w - 2 * self.pad

    def x(self, column: int) -> int:
        return self.margin + column * (self.box_w + self.gap)

    def title(self, box: Box) -> str:
        entry = box.node.entry
        if self.cjk is None:
            kind = entry.kind.en if entry.kind else "Plan"
            return f"[{box.number}] {kind}"
        return f"{box.number}. {entry.title or placeholder('预案名称')}"

    def detail(self, box: Box, continued: bool) -> str:
        entry = box.node.entry
        kind = entry.kind.label(self.lang) if entry.kind else ""
        parts = [kind] if self.cjk is not None else []
        if entry.drills_held:  # held drills, as the work plan counts them
            drills = self.labels.drills if self.cjk is not None else "drills: {n}"
            parts.append(drills.format(n=entry.drills_held))
        if continued:
            parts.append(self.labels.cont if self.cjk is not None else "(cont.)")
        return " · ".join(parts)

    def rows_per_page(self, legend: bool, height_mm: float = PAGE_HEIGHT_MM) -> int:
        height = int(height_mm * PX_PER_MM) - self.head_h - 2 * self.margin
        if legend:
            height -= self.line_h * 2
        return max(1, height // self.row_h)

    def column_heads(self, boxes: list[Box]) -> list[str]:
        heads: list[list[str]] = [[] for _ in range(self.columns)]
        for box in boxes:
            kind = box.node.entry.kind
            label = kind.label(self.lang) if kind else ""
            if label and label not in heads[box.column]:
                heads[box.column].append(label)
        return ["、".join(h) if self.lang == "zh" else " / ".join(h) for h in heads]

    def page(
        self,
        rows: range,
        roots: list[Box],
        heads: list[str],
        legend: bool,
    ) -> bytes:
        count = len(rows)
        height = self.head_h + 2 * self.margin + count * self.row_h
        if legend:
            height += self.line_h * 2
        image = Image.new("RGB", (self.width, height), "white")
        draw = ImageDraw.Draw(image)
        for column, head in enumerate(heads):
            x = self.x(column)
            draw.rectangle(
                (x, self.margin, x + self.box_w, self.margin + self.head_h - 12), fill=BAND
            )
            lines = _wrap(draw, head, self.head_font, self.text_w, 2)
            top = self.margin + (self.head_h - 12 - len(lines) * 36) // 2
            for i, line in enumerate(lines):
                w = draw.textlength(line, font=self.head_font)
                draw.text(
                    (x + (self.box_w - w) / 2, top + i * 36), line, fill=INK, font=self.head_font
                )
        top = self.margin + self.head_h
        centres: dict[int, float] = {}

        def centre(box: Box) -> float | None:
            visible = [r for r in box.leaves if r in rows]
            if not visible:
                return None
            if not box.children:
                y = top + (visible[0] - rows.start) * self.row_h + self.row_h / 2
            else:
                ys = [c for c in (centre(ch) for ch in box.children) if c is not None]
                y = (ys[0] + ys[-1]) / 2
            centres[id(box)] = y
            return y

        for root in roots:
            centre(root)
        for box in _all(roots):
            y = centres.get(id(box))
            if y is None:
                continue
            shown = [c for c in box.children if id(c) in centres]
            if shown:
                x0 = self.x(box.column) + self.box_w
                mid = x0 + self.gap // 2
                ys = [centres[id(c)] for c in shown]
                draw.line((x0, y, mid, y), fill=LINE, width=3)
                draw.line((mid, min(*ys, y), mid, max(*ys, y)), fill=LINE, width=3)
                for child, cy in zip(shown, ys, strict=True):
                    draw.line((mid, cy, self.x(child.column), cy), fill=LINE, width=3)
            continued = box.leaves[0] < rows.start
            self.box(draw, box, y, continued)
        if legend:
            y = height - self.margin - self.line_h * 1.5
            x = self.margin
            _dashed_rect(draw, (x, y, x + 60, y + 30), RED, 3)
            text = self.labels.legend if self.cjk is not None else "red dashed: no parent plan"
            draw.text((x + 75, y - 2), text, fill=INK, font=self.small_font)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True, dpi=(PX_PER_MM * 25.4, PX_PER_MM * 25.4))
        return out.getvalue()

    def box(self, draw: ImageDraw.ImageDraw, box: Box, y: float, continued: bool) -> None:
        x = self.x(box.column)
        rect = (x, y - self.box_h / 2, x + self.box_w, y + self.box_h / 2)
        fill = FILL.get(min(box.column, 2), FILL[2])
        draw.rectangle(rect, fill=fill)
        if box.flag:
            _dashed_rect(draw, rect, RED, 4)
        else:
            draw.rectangle(rect, outline=INK, width=2)
        lines = _wrap(draw, self.title(box), self.title_font, self.text_w, self.title_lines)
        block = len(lines) * self.line_h + self.small_h
        ty = y - block / 2
        for line in lines:
            draw.text((x + self.pad, ty), line, fill=INK, font=self.title_font)
            ty += self.line_h
        detail = self.detail(box, continued)
        colour = GREY
        if box.flag:
            if self.cjk is None:
                flag = "parent missing" if box.flag == "broken" else "no parent"
            else:
                flag = self.labels.broken if box.flag == "broken" else self.labels.orphan
            detail = f"{flag} · {detail}" if detail else flag
            colour = RED
        detail = _wrap(draw, detail, self.small_font, self.text_w, 1)[0] if detail else ""
        draw.text((x + self.pad, ty + 2), detail, fill=colour, font=self.small_font)


def _all(roots: list[Box]) -> list[Box]:
    out: list[Box] = []
    stack = list(reversed(roots))
    while stack:
        box = stack.pop()
        out.append(box)
        stack.extend(reversed(box.children))
    return out


def _dashed_rect(
    draw: ImageDraw.ImageDraw, rect: tuple[float, float, float, float], colour: tuple, width: int
) -> None:
    x0, y0, x1, y1 = rect
    dash, gap = 14, 8
    for a, b, horizontal, fixed in (
        (x0, x1, True, y0),
        (x0, x1, True, y1),
        (y0, y1, False, x0),
        (y0, y1, False, x1),
    ):
        pos = a
        while pos < b:
            end = min(pos + dash, b)
            if horizontal:
                draw.line((pos, fixed, end, fixed), fill=colour, width=width)
            else:
                draw.line((fixed, pos, fixed, end), fill=colour, width=width)
            pos = end + gap


def render_system(
    system: PlanSystem,
    *,
    lang: str = "zh",
    labels: Labels | None = None,
    cjk: FontChoice | bool | None = True,
    first_page_mm: float = PAGE_HEIGHT_MM,
) -> list[bytes]:
    """The plan system as PNG pages (empty when the library holds no plan).

    ``cjk``: True finds a CJK font on the system; a ``FontChoice`` uses that one;
    None draws the ASCII fallback. ``first_page_mm`` is the height left for the first
    picture (below a title and an introduction); later ones get a whole page.
    """
    font = find_cjk_font() if cjk is True else (cjk or None)
    roots, leaves = _boxes(system)
    if not leaves:
        return []
    boxes = _all(roots)
    painter = _Painter(max(b.column for b in boxes) + 1, font, labels or Labels(), lang)
    painter.fit_title_lines(boxes)
    heads = painter.column_heads(boxes)
    legend = any(b.flag for b in boxes)
    pages: list[bytes] = []
    start = 0
    while start < len(leaves):
        height = first_page_mm if not pages else PAGE_HEIGHT_MM
        rows = range(start, min(start + painter.rows_per_page(legend, height), len(leaves)))
        last = rows.stop == len(leaves)
        pages.append(painter.page(rows, roots, heads, legend and last))
        start = rows.stop
    return pages
