"""The conflict view: what two people changed the same way differently, side by side.

Each conflict of a sync (``app.library.merge.Conflict``) is one row on the left, named
in the plan's words (通讯录 › 王建国 › 手机); on the right, this machine's version and
the other's, with the original below. The planner keeps one side per row, or one side
for all; "完成合并" becomes possible once every row is decided, and returns the choices
for ``app.library.sync.sync``.

``ask_merge(parent, conflicts)`` is the one function callers use (tests replace it).
Strings go through ``app.i18n.T``, as the library's own messages do.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import T, current_language
from app.library.merge import MINE, THEIRS, Conflict

MINE_COLOUR = QColor("#1f5fa8")
THEIRS_COLOUR = QColor("#8a4b08")
UNDECIDED = T("未选择", "undecided")
KEPT = {MINE: T("保留本机", "keep mine"), THEIRS: T("采用对方", "take theirs")}


def _t(zh: str, en: str) -> str:
    return T(zh, en).text(current_language())


class _Side(QWidget):
    """One side's text under its heading, with the button that keeps it."""

    def __init__(
        self, heading: str, button: str, colour: QColor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.heading = QLabel(heading)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setStyleSheet(f"color: {colour.name()}")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.button = QPushButton(button)
        self.button.setCheckable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)


class MergeView(QDialog):
    """Choose, conflict by conflict, whose change to keep."""

    def __init__(self, conflicts: Sequence[Conflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MergeView")
        self.conflicts = list(conflicts)
        self.chosen: dict[str, str] = {c.id: c.choice for c in self.conflicts if c.choice}
        self.setWindowTitle(
            _t("同步冲突：选择保留哪一方的修改", "Sync conflicts: choose whose change to keep")
        )
        self.resize(1100, 640)

        self.intro = QLabel(
            _t(
                f"您和其他人改动了同一处内容，共 {len(self.conflicts)} 处。逐项选择保留本机的修改"
                "还是采用对方的修改；全部选择后点“完成合并”。在此之前，没有写入或发送任何内容。",
                f"You and someone else changed the same thing, {len(self.conflicts)} time(s). "
                "Choose for each whether to keep yours or take theirs, then Finish. Until then "
                "nothing is written or sent.",
            )
        )
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("conflictList")
        self.list.setMinimumWidth(300)
        for conflict in self.conflicts:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, conflict.id)
            self.list.addItem(item)
        self.list.currentRowChanged.connect(self._show)

        self.where = QLabel()
        self.where.setWordWrap(True)
        big = QFont(self.where.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        big.setBold(True)
        self.where.setFont(big)
        self.kind = QLabel()
        self.kind.setObjectName("pageHint")
        self.mine = _Side(_t("本机的修改", "Mine"), _t("保留本机(&M)", "Keep &mine"), MINE_COLOUR)
        self.theirs = _Side(
            _t("对方的修改", "Theirs"), _t("采用对方(&T)", "Take &theirs"), THEIRS_COLOUR
        )
        self.mine.button.clicked.connect(lambda: self.choose(MINE))
        self.theirs.button.clicked.connect(lambda: self.choose(THEIRS))
        self.base_label = QLabel(_t("原来的内容", "Before either change"))
        self.base = QPlainTextEdit()
        self.base.setReadOnly(True)
        self.base.setMaximumHeight(90)
        sides = QGridLayout()
        sides.addWidget(self.mine, 0, 0)
        sides.addWidget(self.theirs, 0, 1)
        sides.setColumnStretch(0, 1)
        sides.setColumnStretch(1, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.where)
        right_layout.addWidget(self.kind)
        right_layout.addLayout(sides, 1)
        right_layout.addWidget(self.base_label)
        right_layout.addWidget(self.base)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([320, 780])

        self.all_mine = QPushButton(_t("全部保留本机", "Keep all mine"))
        self.all_theirs = QPushButton(_t("全部采用对方", "Take all theirs"))
        self.all_mine.clicked.connect(lambda: self.choose_all(MINE))
        self.all_theirs.clicked.connect(lambda: self.choose_all(THEIRS))
        self.finish = QPushButton(_t("完成合并(&F)", "&Finish merging"))
        self.finish.setDefault(True)
        self.finish.clicked.connect(self.accept)
        self.later = QPushButton(_t("稍后再说", "Later"))
        self.later.clicked.connect(self.reject)
        self.progress = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_mine)
        buttons.addWidget(self.all_theirs)
        buttons.addSpacing(16)
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        buttons.addWidget(self.later)
        buttons.addWidget(self.finish)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._refresh_items()
        if self.conflicts:
            self.list.setCurrentRow(0)

    # --- state -----------------------------------------------------------------------------

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def choose(self, side: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        self.chosen[conflict.id] = side
        self._refresh_items()
        self._show(self.list.currentRow())
        following = next((i for i, c in enumerate(self.conflicts) if c.id not in self.chosen), None)
        if following is not None:  # on to the next undecided one
            self.list.setCurrentRow(following)

    def choose_all(self, side: str) -> None:
        for conflict in self.conflicts:
            self.chosen.setdefault(conflict.id, side)
        self._refresh_items()
        self._show(self.list.currentRow())

    def choices(self) -> dict[str, str]:
        return dict(self.chosen)

    def _refresh_items(self) -> None:
        lang = current_language()
        for row, conflict in enumerate(self.conflicts):
            item = self.list.item(row)
            side = self.chosen.get(conflict.id)
            state = KEPT[side] if side else UNDECIDED
            name = _document_name(conflict)
            item.setText(f"{row + 1}. {conflict.where.text(lang)}\n    {name} · {state.text(lang)}")
            colour = (
                MINE_COLOUR
                if side == MINE
                else THEIRS_COLOUR
                if side == THEIRS
                else QColor("#a01010")
            )
            item.setForeground(QBrush(colour))
        done = len(self.chosen)
        self.progress.setText(
            _t(
                f"已选择 {done} / {len(self.conflicts)} 处",
                f"{done} of {len(self.conflicts)} decided",
            )
        )
        self.finish.setEnabled(done == len(self.conflicts))

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        lang = current_language()
        conflict = self.conflicts[row]
        self.where.setText(conflict.where.text(lang))
        self.kind.setText(f"{_document_name(conflict)} · {conflict.kind_label().text(lang)}")
        empty = _t("（无此内容：已删除或从未有过）", "(nothing: deleted, or never there)")
        self.mine.text.setPlainText(conflict.mine or empty)
        self.theirs.text.setPlainText(conflict.theirs or empty)
        self.base.setPlainText(conflict.base or _t("（原来没有）", "(not there before)"))
        side = self.chosen.get(conflict.id)
        self.mine.button.setChecked(side == MINE)
        self.theirs.button.setChecked(side == THEIRS)


def _document_name(conflict: Conflict) -> str:
    if conflict.title:
        return f"《{conflict.title}》"
    return conflict.file.rsplit("/", 1)[-1]


def ask_merge(parent: QWidget | None, conflicts: Sequence[Conflict]) -> dict[str, str] | None:
    """Let the planner choose; the choices (conflict id -> mine/theirs) or None (later)."""
    view = MergeView(conflicts, parent)
    if view.exec() != QDialog.DialogCode.Accepted:
        return None
    return view.choices()
