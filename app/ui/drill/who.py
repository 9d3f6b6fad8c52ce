"""The 执行方 buttons above the console's entry line: who did what is typed next.

One checkable button per team (Alt+1…9, again or Alt+0: nobody), the rest in a
"其他执行方…" list. The teams come from ``app.drill.control.teams``; who is credited with
an expected action or a decision is ``app.drill.control.credited`` (the owner wins).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton

MAX_KEYS = 9  # Alt+1…9


class WhoButtons(QObject):
    """The buttons in ``row`` and the ``more`` list; ``chosen`` after every choice."""

    chosen = Signal()

    def __init__(self, row: QHBoxLayout, more: QComboBox, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.more = more
        self.buttons: list[QToolButton] = []
        self.keys: list[str | None] = []
        more.hide()
        more.activated.connect(self._more_chosen)

    def fill(
        self,
        entries: list[tuple[str, str, str]],
        actions: list[QAction],
        tip: Callable[[str, QAction], str],
    ) -> None:
        """``entries``: (who key, label, members) per team; ``actions``: Alt+n."""
        for button in self.buttons:
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        self.keys = []
        for n, (key, label, people) in enumerate(entries[:MAX_KEYS]):
            button = QToolButton()
            button.setObjectName("whoButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setText(f"{n + 1} {label}")
            button.setToolTip(tip(f"{label}：{people}", actions[n]))
            button.clicked.connect(partial(self.clicked, n))
            self.row.addWidget(button)
            self.buttons.append(button)
            self.keys.append(key)
        self.more.blockSignals(True)
        self.more.clear()
        self.more.addItem(self.tr("其他执行方…"), None)
        for key, label, people in entries[MAX_KEYS:]:
            self.more.addItem(label, key)
            self.more.setItemData(self.more.count() - 1, people, Qt.ItemDataRole.ToolTipRole)
        self.more.blockSignals(False)
        self.more.setVisible(len(entries) > MAX_KEYS)

    def _more_chosen(self, index: int) -> None:
        if index > 0:
            for button in self.buttons:
                button.setChecked(False)
            self.chosen.emit()

    def select(self, n: int) -> None:
        """Alt+n: choose the n-th team (again: nobody); a negative n: nobody."""
        for i, button in enumerate(self.buttons):
            button.setChecked(i == n and not button.isChecked())
        self.more.setCurrentIndex(0)
        self.chosen.emit()

    def clicked(self, n: int) -> None:
        checked = self.buttons[n].isChecked()
        for i, button in enumerate(self.buttons):
            button.setChecked(i == n and checked)
        if checked:
            self.more.setCurrentIndex(0)
        self.chosen.emit()  # a click on a team keeps the typing where it was

    def current(self) -> str | None:
        for key, button in zip(self.keys, self.buttons, strict=True):
            if button.isChecked():
                return key
        data = self.more.currentData()
        return str(data) if data is not None else None


__all__ = ["MAX_KEYS", "WhoButtons"]
