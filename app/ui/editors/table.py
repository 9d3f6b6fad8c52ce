"""A register as an editable table with add / remove / move-up / move-down."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.editors.delegates import FieldDelegate
from app.ui.fields import Kind, ParseError, empty_value
from app.ui.models.tables import RecordTableModel

_WIDTHS = {
    Kind.TEXT: 140,
    Kind.LINES: 240,
    Kind.REF: 150,
    Kind.REFS: 180,
    Kind.DATE: 110,
    Kind.INT: 90,
    Kind.FLOAT: 90,
    Kind.NUMBER: 80,
    Kind.ENUM: 110,
}
_NAMED_WIDTHS = {"id": 90, "name": 170, "title": 170, "action": 300, "summary": 300}


def with_shortcut(text: str, action: QAction) -> str:
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}（{keys}）" if keys else text


class TableView(QTableView):
    """Delete clears the selected cells; everything else is a normal table."""

    clear_requested = Signal()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.clear_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class TableEditor(QWidget):
    """Toolbar (add, remove, up, down) over a table view of one register."""

    def __init__(
        self, model: RecordTableModel, parent: QWidget | None = None, *, heading: bool = True
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.doc = model.doc
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setVisible(heading)
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        self.view = TableView()
        self.view.setModel(model)
        self.view.setItemDelegate(FieldDelegate(lambda: self.doc.model, self.view))
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(200)  # sizing looks at 200 rows, not all
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for col, spec in enumerate(model.columns):
            width = _NAMED_WIDTHS.get(spec.name, _WIDTHS.get(spec.kind, 130))
            self.view.setColumnWidth(col, width)
        self.view.clear_requested.connect(self.clear_cells)
        self._fit_id_column()
        model.modelReset.connect(self._fit_id_column)

        self.add_action = self._action("list-add", "Ins", self.add_row)
        self.remove_action = self._action("list-remove", "Ctrl+Del", self.remove_rows)
        self.up_action = self._action("go-up", "Alt+Up", lambda: self.move_current(-1))
        self.down_action = self._action("go-down", "Alt+Down", lambda: self.move_current(1))
        self.buttons: list[QToolButton] = []
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for action in (self.add_action, self.remove_action, self.up_action, self.down_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.buttons.append(button)
            bar.addWidget(button)
        bar.addStretch(1)
        self.extra_bar = bar
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(self._update_actions)
        model.modelReset.connect(self._update_actions)
        model.rowsInserted.connect(self._update_actions)
        self.retranslate()
        self._update_actions()

    def _fit_id_column(self) -> None:
        """Ids vary from "c1" to "gen-report-3": fit them, within reason."""
        column = self.model.column_of("id")
        if column is None or not self.model.rowCount():
            return
        self.view.resizeColumnToContents(column)
        width = self.view.columnWidth(column)
        self.view.setColumnWidth(column, max(70, min(width + 8, 220)))

    def _action(self, icon: str, keys: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        from PySide6.QtGui import QIcon

        action = QAction(QIcon.fromTheme(icon), "", self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def retranslate(self) -> None:
        for action, text in (
            (self.add_action, self.tr("添加")),
            (self.remove_action, self.tr("删除")),
            (self.up_action, self.tr("上移")),
            (self.down_action, self.tr("下移")),
        ):
            action.setText(text)
            action.setToolTip(with_shortcut(text, action))
        self.hint.setText(
            self.tr(
                "双击单元格或直接输入即可编辑；Delete 清空所选单元格。"
                "列表型单元格每行一项，引用型单元格从已有条目中选择。"
            )
        )
        self.model.retranslate()

    def set_heading(self, text: str) -> None:
        self.heading.setText(text)

    # --- operations -----------------------------------------------------------------------

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.current_row() >= 0:
            rows = {self.current_row()}
        return sorted(rows)

    def add_row(self) -> None:
        current = self.current_row()
        row = self.model.insert_new(None if current < 0 else current + 1)
        column = self.model.column_of("name")
        if column is None:
            column = self.model.column_of("title")
        if column is None:
            column = 1 if self.model.columnCount() > 1 else 0
        self.focus_cell(row, self.model.columns[column].name)

    def remove_rows(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        first = rows[0]
        self.model.remove_rows_at(rows)
        if self.model.rowCount():
            row = min(first, self.model.rowCount() - 1)
            self.view.setCurrentIndex(self.model.index(row, 0))

    def move_current(self, delta: int) -> None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.model.can_move(index.row(), delta):
            return
        row = self.model.move_row(index.row(), delta)
        self.view.setCurrentIndex(self.model.index(row, index.column()))

    def clear_cells(self) -> None:
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        with self.doc.macro(self.tr("清空单元格")):
            for index in indexes:
                spec = self.model.columns[index.column()]
                try:
                    value = empty_value(spec)
                except ParseError as exc:
                    self.doc.rejected.emit(exc.message)
                    continue
                self.doc.set_value(self.model.cell_path(index), value)

    def focus_cell(self, row: int, field: str | None = None) -> bool:
        if not 0 <= row < self.model.rowCount():
            return False
        col = self.model.column_of(field) if field else None
        index = self.model.index(row, col if col is not None else 0)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setFocus()
        return True

    def _update_actions(self, *_: object) -> None:
        index = self.view.currentIndex()
        valid = isinstance(index, QModelIndex) and index.isValid()
        row = index.row() if valid else -1
        self.remove_action.setEnabled(valid)
        self.up_action.setEnabled(valid and self.model.can_move(row, -1))
        self.down_action.setEnabled(valid and self.model.can_move(row, 1))
