"""The presenter window: what the projector shows the players.

It renders from ``DrillSession.public_state()`` only (``PublicState``: the title, the
clock and the injects already delivered, with their public fields), plus the names of
the plan's org units for the recipients and the drill's folder for attachment images.
Upcoming injects, expected actions, decisions, controller notes and evaluation never
reach it, so nothing hidden can leak onto the wall.

Readable from the back of the room: light text on a dark background, type sized from
the window height (the clock about a tenth of it), the inject text shrunk only as far as
it must to fit. F11 toggles full screen; it opens on a second screen when there is one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QScreen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.drill.views import PublicInject, PublicState
from app.export.names import EVERYONE_REFS
from app.i18n import current_language
from app.storage.guard import is_regular_file
from app.ui.drill.screens import SINGLE, Rect, shared_screen

# lupdate finds translate("context", "source") calls
translate = QCoreApplication.translate

BACKGROUND = "#0d1320"
TEXT = "#ffffff"
MUTED = "#b8c4d6"
ACCENT = "#ffd54a"
PAUSED = "#ff9f43"

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg"}
MAX_IMAGE_BYTES = 64 * 1024 * 1024  # a FIFO, a device or a huge file is shown by name only


class FitLabel(QLabel):
    """Word-wrapped text at the largest pixel size (within limits) that fits the label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.max_px = 60
        self.min_px = 18
        self._fitted: tuple[str, QSize, int, int] | None = None

    def set_limits(self, min_px: int, max_px: int) -> None:
        self.min_px, self.max_px = max(8, min_px), max(min_px, max_px)
        self.fit()

    def setText(self, text: str) -> None:  # type: ignore[override]
        super().setText(text)
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fits(self, px: int) -> bool:
        font = QFont(self.font())
        font.setPixelSize(px)
        rect = QRect(0, 0, max(1, self.width() - 4), 100000)
        needed = QFontMetrics(font).boundingRect(rect, int(Qt.TextFlag.TextWordWrap), self.text())
        return needed.height() <= self.height() and needed.width() <= rect.width()

    def fit(self) -> None:
        key = (self.text(), self.size(), self.min_px, self.max_px)
        if self._fitted == key or self.width() < 10 or self.height() < 10:
            return
        self._fitted = key
        low, high = self.min_px, self.max_px
        while low < high:  # the largest size that fits
            mid = (low + high + 1) // 2
            if self.fits(mid):
                low = mid
            else:
                high = mid - 1
        font = QFont(self.font())
        font.setPixelSize(low)
        self.setFont(font)

    def minimumSizeHint(self) -> QSize:
        return QSize(50, 20)

    def sizeHint(self) -> QSize:
        return QSize(400, 200)


def _label(name: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class PresenterWindow(QWidget):
    """A top-level window for the projector.

    Signals:
        closed(): the window was closed by the user.
    """

    closed = Signal()

    def __init__(
        self,
        names: dict[str, str] | None = None,
        base_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenter")
        self.names = dict(names or {})
        self.base_dir = base_dir
        self.public: PublicState | None = None
        self._shown: tuple[object, ...] | None = None  # what is on screen, but the clock
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            f"""
            QWidget#presenter {{ background: {BACKGROUND}; }}
            QLabel {{ color: {TEXT}; background: transparent; }}
            QLabel#presenterMeta, QLabel#presenterHistory, QLabel#presenterState {{
                color: {MUTED};
            }}
            QLabel#presenterClock {{ color: {ACCENT}; }}
            QLabel#presenterRule {{ background: #33415c; }}
            """
        )
        self.title = _label("presenterTitle")
        self.title.setWordWrap(True)
        self.clock = _label("presenterClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.state = _label("presenterState")
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.meta = _label("presenterMeta")
        self.meta.setWordWrap(True)
        self.heading = _label("presenterHeading")
        self.heading.setWordWrap(True)
        self.text = FitLabel()
        self.text.setObjectName("presenterText")
        self.images = QWidget()
        self.images_row = QHBoxLayout(self.images)
        self.images_row.setContentsMargins(0, 0, 0, 0)
        self.image_labels: list[QLabel] = []
        self.history = _label("presenterHistory")
        self.history.setWordWrap(True)
        self.rule = _label("presenterRule")
        self.rule.setFixedHeight(3)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        clock_box = QVBoxLayout()
        clock_box.setSpacing(0)
        clock_box.addWidget(self.clock)
        clock_box.addWidget(self.state)
        top.addLayout(clock_box)
        self.body = QVBoxLayout(self)
        self.body.addLayout(top)
        self.body.addWidget(self.rule)
        self.body.addWidget(self.meta)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.text, 1)
        self.body.addWidget(self.images)
        self.body.addWidget(self.history)
        self.images.hide()

        self.fullscreen_shortcut = QShortcut(QKeySequence("F11"), self)
        self.fullscreen_shortcut.activated.connect(self.toggle_fullscreen)
        self.retranslate()
        self.resize(1280, 720)
        self._scale()

    # --- rendering ---------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("演练投影"))
        if self.public is not None:
            self.show_state(self.public, force=True)

    def show_state(self, public: PublicState, *, force: bool = False) -> None:
        """Show the public view (the only input besides names and attachments)."""
        self.public = public
        self.set_clock(public.clock_text, public.clock_state)
        shown = (public.title, public.clock_state, public.injects)
        if shown == self._shown and not force:
            return  # the console sends a view after every poll; only the clock moved
        self._shown = shown
        self.title.setText(public.title or self.tr("应急演练"))
        latest = public.latest
        if latest is None:
            self.meta.setText("")
            self.heading.setText(
                self.tr("演练已开始") if public.clock_state != "idle" else self.tr("演练即将开始")
            )
            self.text.setText("")
            self._show_images(())
            self.history.setText("")
            return
        self.meta.setText(self._meta(latest))
        self.heading.setText(latest.title)
        self.heading.setVisible(bool(latest.title))
        self.text.setText(latest.text)
        self._show_images(latest.attachments)
        earlier = public.injects[:-1][-3:]
        if earlier:
            items = "　·　".join(
                f"{i.number}. {i.title or i.text[:16]}（{i.at_text}）" for i in earlier
            )
            self.history.setText(self.tr("此前：{items}").format(items=items))
        else:
            self.history.setText("")

    def _meta(self, inject: PublicInject) -> str:
        channel = inject.channel_en if current_language() == "en" else inject.channel_zh
        parts = [self.tr("第 {n} 条").format(n=inject.number), inject.at_text, channel]
        route = ""
        if inject.source:
            route = self.name(inject.source)
        if inject.to:
            to = "、".join(self.name(t) for t in inject.to)
            route = f"{route} → {to}" if route else f"→ {to}"
        if route:
            parts.append(route)
        return "　·　".join(p for p in parts if p)

    def name(self, ident: str) -> str:
        """A recipient or sender as the room calls it: never "all" or an id."""
        if ident in EVERYONE_REFS:
            return self.tr("全体参演人员")
        return self.names.get(ident, ident)

    def set_clock(self, text: str, state: str) -> None:
        self.clock.setText(text)
        labels = {
            "idle": self.tr("未开始"),
            "running": "",
            "paused": self.tr("已暂停"),
            "stopped": self.tr("演练结束"),
        }
        self.state.setText(labels.get(state, ""))
        colour = PAUSED if state == "paused" else MUTED
        self.state.setStyleSheet(f"color: {colour};")

    def _show_images(self, attachments: tuple[str, ...]) -> None:
        for label in self.image_labels:
            self.images_row.removeWidget(label)
            label.deleteLater()
        self.image_labels = []
        for name in attachments:
            path = Path(name)
            if not path.is_absolute() and self.base_dir is not None:
                path = self.base_dir / path
            label = _label("presenterImage")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            shown = path.suffix.lower() in IMAGE_SUFFIXES and is_regular_file(path, MAX_IMAGE_BYTES)
            pixmap = QPixmap(str(path)) if shown else QPixmap()
            if pixmap.isNull():
                label.setText(f"📎 {Path(name).name}")
            else:
                label.setProperty("pixmap_source", pixmap)
            self.images_row.addWidget(label)
            self.image_labels.append(label)
        self.images.setVisible(bool(self.image_labels))
        self._scale_images()

    def _scale_images(self) -> None:
        height = max(40, int(self.height() * 0.28))
        count = max(1, len(self.image_labels))
        width = max(40, int((self.width() - 80) / count))
        for label in self.image_labels:
            pixmap = label.property("pixmap_source")
            if isinstance(pixmap, QPixmap) and not pixmap.isNull():
                label.setPixmap(
                    pixmap.scaled(
                        width,
                        height,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )

    # --- sizes: everything from the window height -------------------------------------------

    def _px(self, label: QLabel, share: float, bold: bool = False) -> None:
        font = QFont(label.font())
        font.setPixelSize(max(12, int(self.height() * share)))
        font.setBold(bold)
        label.setFont(font)

    def _scale(self) -> None:
        h = self.height()
        margin = max(16, int(h * 0.035))
        self.body.setContentsMargins(margin, int(margin * 0.7), margin, int(margin * 0.7))
        self.body.setSpacing(max(6, int(h * 0.015)))
        self._px(self.title, 0.05, bold=True)
        self._px(self.clock, 0.11, bold=True)
        mono = self.clock.font()
        mono.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.clock.setFont(mono)
        self._px(self.state, 0.035, bold=True)
        self._px(self.meta, 0.034)
        self._px(self.heading, 0.07, bold=True)
        self._px(self.history, 0.03)
        self.text.set_limits(max(16, int(h * 0.032)), max(24, int(h * 0.068)))
        self._scale_images()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    # --- window -------------------------------------------------------------------------------

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            self.unsetCursor()
        else:
            self.showFullScreen()
            self.setCursor(Qt.CursorShape.BlankCursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.toggle_fullscreen()
            return
        super().keyPressEvent(event)

    def place(self, avoid: QScreen | None) -> bool:
        """Open on a screen other than ``avoid`` (full screen there); True if one was found."""
        screens = QGuiApplication.screens()
        others = [s for s in screens if s is not avoid]
        if avoid is not None and others and len(screens) > 1:
            target = others[0]
            self.setScreen(target)
            self.setGeometry(target.availableGeometry())
            self.showFullScreen()
            self.setCursor(Qt.CursorShape.BlankCursor)
            return True
        self.show()
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)


def screen_rects() -> list[Rect]:
    """The desktop rectangles of the screens attached now."""
    out: list[Rect] = []
    for screen in QGuiApplication.screens():
        g = screen.geometry()
        out.append((g.x(), g.y(), g.width(), g.height()))
    return out


def ask_shared_screen(parent: QWidget | None, kind: str) -> bool:
    """仍然打开 (True) or 取消: the room would see the console too."""
    if kind == SINGLE:
        text = translate("presenter", "只检测到一块屏幕，投影窗口会与控制台显示在同一屏幕上。")
    else:
        text = translate("presenter", "投影仪与本机屏幕显示相同内容（镜像/复制模式）。")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("presenter", "打开投影窗口"),
        text,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        translate(
            "presenter",
            "参演人员将看到控制台上的后续注入、期望行动和评分。"
            "建议把显示设置改为“扩展”，再打开投影窗口。",
        )
    )
    open_anyway = box.addButton(
        translate("presenter", "仍然打开"), QMessageBox.ButtonRole.AcceptRole
    )
    cancel = box.addButton(translate("presenter", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is open_anyway


def room_allows_presenter(parent: QWidget | None) -> bool:
    """True when the presenter has a screen of its own, or the user opens it anyway."""
    kind = shared_screen(screen_rects())
    return kind is None or ask_shared_screen(parent, kind)


__all__ = [
    "FitLabel",
    "PresenterWindow",
    "ask_shared_screen",
    "room_allows_presenter",
    "screen_rects",
]
