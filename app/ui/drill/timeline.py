"""A strip of injects over scenario time, custom-painted and clickable.

Used by the planner (planned and estimated times of the script) and by the console
(where each inject stands now, with a "now" line). The widget only draws the
``TimelineItem``s it is given; ``planned_items(drill)`` makes them for a drill file:
timed injects at ``at_min``, injects triggered after another at that one's time plus
the delay, and branches (decisions, follow-ups) after their source, marked as
conditional. Cards of a scriptless library have no time and are not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.drill.clock import format_clock
from app.model.drill import Drill, Inject


class Kind(Enum):
    TIMED = "timed"  # a planned time
    TRIGGERED = "triggered"  # after another inject: time follows from it
    CONDITIONAL = "conditional"  # depends on what the players decide
    MANUAL = "manual"  # no time: delivered by hand


class Stage(Enum):
    PLANNED = "planned"
    DUE = "due"
    DELIVERED = "delivered"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class TimelineItem:
    id: str
    label: str
    at_s: float | None
    kind: Kind = Kind.TIMED
    stage: Stage = Stage.PLANNED
    tooltip: str = ""


def planned_items(drill: Drill) -> list[TimelineItem]:
    """Items for a drill file's script, with estimated times for triggered injects."""
    script = list(drill.script)
    owner_of_decision = {d.id: item.id for item in script for d in item.decisions}
    follow: dict[str, tuple[str, float]] = {}  # target → (source inject, delay)
    for item in script:
        for fu in item.follow_ups:
            follow.setdefault(fu.inject, (item.id, fu.delay_min))
    times: dict[str, float] = {
        i.id: i.at_min for i in script if i.at_min is not None and i.trigger is None
    }
    conditional: set[str] = set(follow)
    for _ in range(len(script) + 1):  # chains resolve in at most len(script) rounds
        changed = False
        for item in script:
            if item.id in times:
                continue
            source, delay = None, 0.0
            if item.trigger is not None:
                delay = item.trigger.delay_min
                if item.trigger.after:
                    source = item.trigger.after
                elif item.trigger.decision:
                    source = owner_of_decision.get(item.trigger.decision)
                    conditional.add(item.id)
            elif item.id in follow:
                source, delay = follow[item.id]
            if source is not None and source in times:
                times[item.id] = times[source] + delay
                if source in conditional:
                    conditional.add(item.id)
                changed = True
        if not changed:
            break
    out = []
    for item in script:
        at = times.get(item.id)
        if item.id in conditional:
            kind = Kind.CONDITIONAL
        elif item.trigger is not None:
            kind = Kind.TRIGGERED
        elif at is None:
            kind = Kind.MANUAL
        else:
            kind = Kind.TIMED
        out.append(
            TimelineItem(
                item.id,
                item.title or item.id,
                at * 60.0 if at is not None else None,
                kind,
                tooltip=_tip(item),
            )
        )
    return out


def _tip(item: Inject) -> str:
    head = f"{item.id} {item.title}".strip()
    return f"{head}\n{item.text}" if item.text else head


def _merged(cluster: list[TimelineItem]) -> TimelineItem:
    """How a shared box looks: the most urgent stage among its injects."""
    order = [Stage.DUE, Stage.PLANNED, Stage.DELIVERED, Stage.SKIPPED]
    stage = min((i.stage for i in cluster), key=order.index)
    first = cluster[0]
    return TimelineItem(first.id, first.label, first.at_s, first.kind, stage, first.tooltip)


PALETTE = {
    Stage.PLANNED: QColor(40, 95, 175),
    Stage.DUE: QColor(200, 110, 0),
    Stage.DELIVERED: QColor(130, 130, 130),
    Stage.SKIPPED: QColor(190, 190, 190),
}


class TimelineStrip(QWidget):
    """Injects as labelled markers along a time axis; click one to select it.

    Signals:
        item_clicked(str): the id of the inject clicked.
    """

    item_clicked = Signal(str)

    LANE_H = 22
    AXIS_H = 18
    BIN_W = 150

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[TimelineItem] = []
        self.now_s: float | None = None
        self.selected: str | None = None
        self.min_span_s = 30 * 60.0
        self.lanes = 3
        self._boxes: list[tuple[QRectF, TimelineItem]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(self.sizeHint().height())
        self.unscheduled_label = ""
        self.empty_label = ""

    def sizeHint(self) -> QSize:
        return QSize(600, self.AXIS_H + self.LANE_H * self.lanes + 12)

    def set_items(self, items: list[TimelineItem], min_span_s: float | None = None) -> None:
        self.items = list(items)
        if min_span_s is not None:
            self.min_span_s = max(60.0, min_span_s)
        self.update()

    def set_now(self, seconds: float | None) -> None:
        if seconds != self.now_s:
            self.now_s = seconds
            self.update()

    def set_selected(self, ident: str | None) -> None:
        if ident != self.selected:
            self.selected = ident
            self.update()

    # --- geometry ----------------------------------------------------------------------------

    def span_s(self) -> float:
        latest = max((i.at_s for i in self.items if i.at_s is not None), default=0.0)
        span = max(self.min_span_s, latest + 5 * 60.0, (self.now_s or 0.0) + 5 * 60.0)
        step = 10 * 60.0 if span > 45 * 60 else 5 * 60.0
        return step * -(-span // step)  # round up to a whole tick

    def _tick(self, span: float) -> float:
        for step in (60.0, 5 * 60.0, 10 * 60.0, 15 * 60.0, 30 * 60.0, 60 * 60.0):
            if span / step <= 14:
                return step
        return 120 * 60.0

    def _unscheduled(self) -> list[TimelineItem]:
        return [i for i in self.items if i.at_s is None]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(4, 2, -4, -2)
        painter.fillRect(self.rect(), self.palette().base())
        loose = self._unscheduled()
        bin_w = self.BIN_W if loose else 0.0
        axis = QRectF(
            rect.left(), rect.top(), rect.width() - bin_w - (8 if loose else 0), rect.height()
        )
        span = self.span_s()
        scale = axis.width() / span if span else 1.0
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        text_colour = self.palette().text().color()
        grid = QColor(text_colour)
        grid.setAlpha(50)
        # axis and ticks
        tick = self._tick(span)
        y_axis = axis.top() + self.AXIS_H - 4
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(axis.left(), y_axis), QPointF(axis.right(), y_axis))
        t = 0.0
        while t <= span + 1e-6:
            x = axis.left() + t * scale
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, y_axis), QPointF(x, axis.bottom()))
            label = format_clock(t).removeprefix("T+")
            if x + 2 + metrics.horizontalAdvance(label) <= axis.right():
                painter.setPen(text_colour)
                painter.drawText(QPointF(x + 2, axis.top() + metrics.ascent()), label)
            t += tick
        # markers, in lanes so that labels do not overlap; injects at one moment share a box
        self._boxes = []
        timed = sorted((i for i in self.items if i.at_s is not None), key=lambda i: i.at_s or 0.0)
        clusters: list[list[TimelineItem]] = []
        for item in timed:
            x = (item.at_s or 0.0) * scale
            if clusters and x - (clusters[-1][0].at_s or 0.0) * scale < 6:
                clusters[-1].append(item)
            else:
                clusters.append([item])
        lane_end = [axis.left() - 1000.0] * self.lanes
        for cluster in clusters:
            first = cluster[0]
            x = axis.left() + (first.at_s or 0.0) * scale
            if len(cluster) == 1:
                text = f"{first.id} {first.label}"
            else:
                text = self.tr("{id} 等 {n} 条").format(id=first.id, n=len(cluster))
            width = min(metrics.horizontalAdvance(text) + 10, 170)
            lane = next((n for n in range(self.lanes) if lane_end[n] < x), None)
            if lane is None:
                lane = min(range(self.lanes), key=lambda n: lane_end[n])
            lane_end[lane] = x + width + 4
            top = y_axis + 4 + lane * self.LANE_H
            box = QRectF(x, top, width, self.LANE_H - 4)
            if box.right() > axis.right():
                box.moveRight(axis.right())
            shown = _merged(cluster)
            self._draw_box(painter, box, shown, metrics, text=text, members=cluster)
        # the "now" line
        if self.now_s is not None:
            x = axis.left() + min(self.now_s, span) * scale
            painter.setPen(QPen(QColor(210, 40, 40), 2))
            painter.drawLine(QPointF(x, axis.top()), QPointF(x, axis.bottom()))
        # injects without a time, in a bin at the right
        if loose:
            left = axis.right() + 8
            painter.setPen(text_colour)
            painter.drawText(QPointF(left, axis.top() + metrics.ascent()), self.unscheduled_label)
            top = y_axis + 4
            per_row = max(1, int((bin_w + 4) // 52))
            for n, item in enumerate(loose):
                row, col = divmod(n, per_row)
                if row >= self.lanes:
                    break
                box = QRectF(left + col * 52, top + row * self.LANE_H, 48, self.LANE_H - 4)
                self._draw_box(painter, box, item, metrics, text=item.id)
        if not self.items and self.empty_label:
            painter.setPen(grid.darker(200))
            painter.drawText(axis, Qt.AlignmentFlag.AlignCenter, self.empty_label)
        painter.end()

    def _draw_box(
        self,
        painter: QPainter,
        box: QRectF,
        item: TimelineItem,
        metrics: QFontMetrics,
        text: str | None = None,
        members: list[TimelineItem] | None = None,
    ) -> None:
        colour = PALETTE[item.stage]
        fill = QColor(colour)
        fill.setAlpha(40 if item.stage is Stage.PLANNED else 70)
        ids = {m.id for m in members or [item]}
        selected = self.selected in ids
        pen = QPen(colour, 2 if selected else 1)
        if item.kind in (Kind.CONDITIONAL, Kind.MANUAL):
            pen.setStyle(Qt.PenStyle.DashLine)
        if selected:
            fill = QColor(colour)
            fill.setAlpha(110)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(self.palette().text().color())
        label = text or f"{item.id} {item.label}"
        shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(box.width() - 8))
        painter.drawText(box.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, shown)
        for member in members or [item]:
            self._boxes.append((box, member))

    # --- interaction ----------------------------------------------------------------------------

    def items_at(self, x: float, y: float) -> list[TimelineItem]:
        return [item for box, item in self._boxes if box.contains(QPointF(x, y))]

    def item_at(self, x: float, y: float) -> TimelineItem | None:
        found = self.items_at(x, y)
        if not found:
            return None
        # clicking a shared box again moves on to the next inject in it
        ids = [i.id for i in found]
        if self.selected in ids:
            return found[(ids.index(self.selected) + 1) % len(found)]
        return found[0]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.item_at(event.position().x(), event.position().y())
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.set_selected(item.id)
            self.item_clicked.emit(item.id)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        item = self.item_at(event.position().x(), event.position().y())
        if item is not None:
            at = format_clock(item.at_s) if item.at_s is not None else ""
            QToolTip.showText(
                event.globalPosition().toPoint(), f"{at}\n{item.tooltip}".strip(), self
            )
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            QToolTip.hideText()
            self.unsetCursor()
        super().mouseMoveEvent(event)


__all__ = ["Kind", "Stage", "TimelineItem", "TimelineStrip", "planned_items"]
