"""Buttons over a section body: bold, italic, lists, a table, a picture."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QKeySequence, QTextCharFormat, QTextListFormat
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QInputDialog, QToolButton, QWidget

from app.i18n import current_language
from app.model.prose import Table
from app.ui.base import dialogs
from app.ui.editors.prose import UNSAVED, ProseEdit

PICTURE_FILTER = "*.png *.jpg *.jpeg *.gif *.bmp"


class ProseTools(QWidget):
    def __init__(self, edit: ProseEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.bold = self._button("B", self.toggle_bold, checkable=True)
        font = self.bold.font()
        font.setBold(True)
        self.bold.setFont(font)
        self.bold.setShortcut(QKeySequence(QKeySequence.StandardKey.Bold))
        self.italic = self._button("I", self.toggle_italic, checkable=True)
        font = self.italic.font()
        font.setItalic(True)
        self.italic.setFont(font)
        self.italic.setShortcut(QKeySequence(QKeySequence.StandardKey.Italic))
        self.bullets = self._button("•", lambda: self.make_list(ordered=False))
        self.numbers = self._button("1.", lambda: self.make_list(ordered=True))
        self.table = self._button("", self.insert_table)
        self.picture = self._button("", self.choose_picture)
        for b in (self.bold, self.italic, self.bullets, self.numbers, self.table, self.picture):
            layout.addWidget(b)
        edit.currentCharFormatChanged.connect(self._show_format)
        self.retranslate()

    def _button(self, text: str, slot, *, checkable: bool = False) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAutoRaise(True)
        button.setCheckable(checkable)
        button.clicked.connect(lambda *_: slot())
        return button

    def retranslate(self) -> None:
        self.bold.setToolTip(self.tr("加粗（Ctrl+B）"))
        self.italic.setToolTip(self.tr("强调（Ctrl+I）"))
        self.bullets.setToolTip(self.tr("列表"))
        self.numbers.setToolTip(self.tr("编号列表"))
        self.table.setText(self.tr("表格"))
        self.table.setToolTip(self.tr("插入表格"))
        self.picture.setText(self.tr("图片"))
        self.picture.setToolTip(self.tr("插入图片（复制到预案文件旁的 images 文件夹）"))

    def _show_format(self, fmt: QTextCharFormat) -> None:
        self.bold.setChecked(fmt.fontWeight() >= QFont.Weight.DemiBold)
        self.italic.setChecked(fmt.fontItalic())

    def toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.edit.fontWeight() < QFont.Weight.DemiBold
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.edit.mergeCurrentCharFormat(fmt)

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.edit.fontItalic())
        self.edit.mergeCurrentCharFormat(fmt)

    def make_list(self, *, ordered: bool) -> None:
        cursor = self.edit.textCursor()
        current = cursor.currentList()
        style = QTextListFormat.Style.ListDecimal if ordered else QTextListFormat.Style.ListDisc
        if current is not None and current.format().style() == style:
            # a second press takes the paragraph out of the list
            current.remove(cursor.block())
            block_fmt = cursor.blockFormat()
            block_fmt.setIndent(0)
            cursor.setBlockFormat(block_fmt)
            return
        fmt = QTextListFormat()
        fmt.setStyle(style)
        fmt.setIndent(1 if current is None else current.format().indent())
        cursor.createList(fmt)

    def insert_table(self) -> None:
        rows, ok = QInputDialog.getInt(
            self, self.tr("插入表格"), self.tr("行数（不含表头）："), 3, 1, 200
        )
        if not ok:
            return
        columns, ok = QInputDialog.getInt(self, self.tr("插入表格"), self.tr("列数："), 3, 1, 20)
        if not ok:
            return
        head = tuple(self.tr("列{n}").format(n=i + 1) for i in range(columns))
        self.edit.insert_blocks([Table(head, tuple(("",) * columns for _ in range(rows)))])

    def choose_picture(self) -> None:
        if self.edit.base_dir() is None:
            dialogs.show_warning(
                self,
                self.tr("插入图片"),
                UNSAVED.text(current_language()),
            )
            return
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("插入图片"), "", self.tr("图片") + f" ({PICTURE_FILTER})"
        )
        if not name:
            return
        file = Path(name)
        caption, ok = QInputDialog.getText(
            self, self.tr("插入图片"), self.tr("图题："), text=file.stem
        )
        if ok:
            self.edit.insert_picture(file, caption.strip())
