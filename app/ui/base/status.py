"""The status bar's pieces: a file path that yields room to messages, and the buttons
that open what was just exported.

A ``QStatusBar`` paints its temporary message in the space its permanent widgets leave;
a path label with stretch takes all of it and every "已保存 / 已导出" goes unseen. The
path label here asks for little and elides in the middle (the whole path is its
tooltip), so confirmations always have room.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QToolButton, QWidget

from app.ui.base import dialogs

translate = QCoreApplication.translate

OFFER_MS = 30_000  # how long the open buttons stay after an export


class PathLabel(QLabel):
    """A path shown as much as fits, the middle elided; never wider than ``max_share``
    of the status bar."""

    def __init__(self, parent: QWidget | None = None, max_share: float = 0.4) -> None:
        super().__init__(parent)
        self._full = ""
        self.max_share = max_share
        self.setContentsMargins(8, 0, 8, 0)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full

    def _limit(self) -> int:
        bar = self.parentWidget()
        width = bar.width() if bar is not None else 800
        return max(120, int(width * self.max_share))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        wanted = self.fontMetrics().horizontalAdvance(self._full) + 20
        return QSize(min(wanted, self._limit()), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(20, self.width() - 20)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, room)
        if shown != super().text():
            super().setText(shown)


class OpenButtons(QWidget):
    """打开文件 / 打开所在文件夹, offered for a while after something was written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.open_file = QToolButton()
        self.open_folder = QToolButton()
        for button in (self.open_file, self.open_folder):
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.open_file.clicked.connect(self._open_file)
        self.open_folder.clicked.connect(self._open_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.open_file)
        layout.addWidget(self.open_folder)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.withdraw)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.open_file.setText(translate("OpenButtons", "打开文件"))
        self.open_folder.setText(translate("OpenButtons", "打开所在文件夹"))

    def offer(self, path: Path) -> None:
        self.path = Path(path)
        self.open_file.setToolTip(str(self.path))
        self.open_folder.setToolTip(str(self.path.parent))
        self.show()
        self._timer.start(OFFER_MS)

    def withdraw(self) -> None:
        self._timer.stop()
        self.hide()

    def _open_file(self) -> None:
        if self.path is not None:
            dialogs.open_file(str(self.path))

    def _open_folder(self) -> None:
        if self.path is not None:
            dialogs.open_folder(str(self.path.parent))


def message_visible(bar: QStatusBar) -> bool:
    """Whether the current temporary message has room to be read (tests, smoke)."""
    if not bar.currentMessage():
        return False
    # the message is painted from the left edge up to the first widget
    room = min(
        (
            w.x()
            for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isVisible() and not w.isWindow()
        ),
        default=bar.width(),
    )
    wanted = bar.fontMetrics().horizontalAdvance(bar.currentMessage())
    return room >= min(wanted, 200)
