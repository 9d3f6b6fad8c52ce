"""A register as a spreadsheet: edit, paste and copy blocks, sort, filter, fill down.

Qt's model/view does the grid; this adds what planners expect from Excel and WPS:
Ctrl+C / Ctrl+V of blocks (tab-separated text and HTML tables, both directions), Enter
commits and moves down, Tab moves right, Ctrl+D fills down, header clicks sort, a search
box filters, and a context menu. Each user action is one undo step. Sorting and
filtering are the view's (``RegisterProxy``): the plan keeps its order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import T, current_language
from app.importer.clipboard import format_html, format_tsv, parse_clipboard
from app.model import refs
from app.model.plan import Plan
from app.model.problems import Path
from app.ui.base import dialogs
from app.ui.editors.delegates import FieldDelegate, id_toggle
from app.ui.fields import Kind, ParseError, cell_text, cell_value, empty_value
from app.ui.locations import describe_path
from app.ui.models.tables import RawRole, RecordTableModel, RegisterProxy

Index = QModelIndex | QPersistentModelIndex

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


def _missing(done: set[int], top: int, bottom: int) -> list[int]:
    return [r for r in range(top, bottom + 1) if r not in done]


def _field_of(path: Path) -> Path:
    """A list reference's path names its item; the place is the field."""
    return path[:-1] if path and isinstance(path[-1], int) else path


def _plain(index: Index) -> QModelIndex:
    if isinstance(index, QModelIndex):
        return index
    model = index.model()
    return model.index(index.row(), index.column()) if model is not None else QModelIndex()


def with_shortcut(text: str, action: QAction) -> str:
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}（{keys}）" if keys else text


class TableView(QTableView):
    """The grid. Source-model indexes given to it are mapped to its proxy, so callers may
    keep addressing rows as the plan orders them."""

    clear_requested = Signal()
    moved_after_edit = Signal()

    def _view_index(self, index: Index) -> QModelIndex:
        model = self.model()
        if (
            isinstance(model, RegisterProxy)
            and index.isValid()
            and index.model() is model.sourceModel()
        ):
            return model.mapFromSource(index)
        return _plain(index)

    def setCurrentIndex(self, index: Index) -> None:
        super().setCurrentIndex(self._view_index(index))

    def edit(self, index: Index, *args: Any) -> Any:
        return super().edit(self._view_index(index), *args)

    def scrollTo(
        self,
        index: Index,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        super().scrollTo(self._view_index(index), hint)

    def step(self, rows: int, columns: int) -> None:
        """Move the current cell like a spreadsheet does after Enter or Tab."""
        index = self.currentIndex()
        model = self.model()
        if not index.isValid() or model is None:
            return
        row = max(0, min(index.row() + rows, model.rowCount() - 1))
        header = self.horizontalHeader()
        visual = header.visualIndex(index.column())
        column = index.column()
        while columns:
            visual += 1 if columns > 0 else -1
            if not 0 <= visual < header.count():
                break
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical):
                column = logical
                columns += -1 if columns > 0 else 1
        target = model.index(row, column)
        self.setCurrentIndex(target)
        self.selectionModel().select(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter commits and goes down, Tab / Shift+Tab commit and go sideways, without
        # opening the next cell's editor: typing there starts a new entry, as in Excel.
        moves = {
            QAbstractItemDelegate.EndEditHint.SubmitModelCache: (1, 0),
            QAbstractItemDelegate.EndEditHint.EditNextItem: (0, 1),
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: (0, -1),
        }
        move = moves.get(hint)
        delegate = self.itemDelegate()
        entered = isinstance(delegate, FieldDelegate) and delegate.enter_editor is editor
        if isinstance(delegate, FieldDelegate) and entered:
            delegate.enter_editor = None
        elif hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            move = None  # the current cell moved to another row: it is already there
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if move is not None:
            self.step(*move)
            self.moved_after_edit.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if not editing and plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_requested.emit()
            event.accept()
            return
        if not editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if plain:
                self.step(1, 0)
                event.accept()
                return
            if event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
                self.step(-1, 0)
                event.accept()
                return
        super().keyPressEvent(event)


class TableEditor(QWidget):
    """Toolbar (add, remove, up, down, filter) over a spreadsheet-like register table.

    ``sortable`` tables sort by header click and filter by the search box; master-detail
    tables whose owners follow the view's rows keep the plan's order (the default).
    """

    def __init__(
        self,
        model: RecordTableModel,
        parent: QWidget | None = None,
        *,
        heading: bool = True,
        sortable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.doc = model.doc
        self.sortable = sortable
        self.proxy = RegisterProxy(model, self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setVisible(heading)
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        self.view = TableView()
        self.view.setModel(self.proxy)
        self.delegate = FieldDelegate(lambda: self.doc.model, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # long text wraps in its cell (rows grow to fit); the tooltip shows it whole
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(200)  # sizing looks at 200 rows, not all
        if sortable:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            header.setSortIndicatorClearable(True)  # a third click gives back the plan order
            self.view.setSortingEnabled(True)
        vertical = self.view.verticalHeader()
        self._line_height = self.view.fontMetrics().height() + 12
        vertical.setDefaultSectionSize(self._line_height)
        vertical.setMinimumSectionSize(self._line_height)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = [
            _NAMED_WIDTHS.get(spec.name, _WIDTHS.get(spec.kind, 130)) for spec in model.columns
        ]
        for col, width in enumerate(widths):
            self.view.setColumnWidth(col, width)
        self.view.clear_requested.connect(self.clear_cells)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.delegate.paste_requested.connect(self._paste_from_editor)
        self._fit_id_column()
        model.modelReset.connect(self._fit_id_column)
        # rows fit their text, after the burst of changes (a paste) is over
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_rows)
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self._fit_timer.start)
        self.proxy.dataChanged.connect(self._fit_changed)
        header.sectionResized.connect(lambda *_: self._fit_timer.start())
        self._fitted: set[int] = set()  # view rows measured since the last reset
        self.view.verticalScrollBar().valueChanged.connect(lambda *_: self.fit_visible())

        self.add_action = self._action("list-add", "Ins", self.add_row)
        self.remove_action = self._action("list-remove", "Ctrl+Del", self.remove_rows)
        self.up_action = self._action("go-up", "Alt+Up", lambda: self.move_current(-1))
        self.down_action = self._action("go-down", "Alt+Down", lambda: self.move_current(1))
        self.copy_action = self._action("edit-copy", QKeySequence.StandardKey.Copy, self.copy)
        self.cut_action = self._action("edit-cut", QKeySequence.StandardKey.Cut, self.cut)
        self.paste_action = self._action("edit-paste", QKeySequence.StandardKey.Paste, self.paste)
        self.fill_action = self._action("go-down", "Ctrl+D", self.fill_down)
        self.insert_above_action = self._action("list-add", "", self.insert_above)
        self.clear_action = self._action("edit-clear", "", self.clear_cells)
        self.unsort_action = self._action("view-sort", "", self.clear_sort)
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
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaximumWidth(220)
        self.filter_edit.textChanged.connect(self.set_filter)
        self.filter_edit.setVisible(sortable)
        self.show_ids = QCheckBox()
        self.show_ids.setChecked(id_toggle().shown)
        self.show_ids.toggled.connect(id_toggle().set)
        id_toggle().changed.connect(self._ids_toggled)
        self.show_ids.setVisible(model.column_of("id") is not None)
        bar.addWidget(self.filter_edit)
        bar.addWidget(self.show_ids)
        self.extra_bar = bar
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(self._update_actions)
        self.proxy.modelReset.connect(self._update_actions)
        self.proxy.layoutChanged.connect(self._update_actions)
        self.proxy.rowsInserted.connect(self._update_actions)
        self._apply_ids(id_toggle().shown)
        self.retranslate()
        self._update_actions()

    # --- ids, hidden unless asked for -------------------------------------------------------

    def _ids_toggled(self, shown: bool) -> None:
        if self.show_ids.isChecked() != shown:
            self.show_ids.setChecked(shown)
        self._apply_ids(shown)

    def _apply_ids(self, shown: bool) -> None:
        column = self.model.column_of("id")
        if column is not None:
            self.view.setColumnHidden(column, not shown)

    def _fit_id_column(self) -> None:
        """Ids vary from "c1" to "gen-report-3": fit them, within reason."""
        column = self.model.column_of("id")
        if column is None or not self.model.rowCount():
            return
        hidden = self.view.isColumnHidden(column)
        self.view.setColumnHidden(column, False)
        self.view.resizeColumnToContents(column)
        width = self.view.columnWidth(column)
        self.view.setColumnWidth(column, max(70, min(width + 8, 220)))
        self.view.setColumnHidden(column, hidden)

    def fit_rows(self, rows: range | list[int] | None = None) -> None:
        """Rows as tall as their wrapped text (up to three lines; the tooltip shows the
        rest). Only the rows in sight are measured, the others when scrolled to: a
        register of thousands of rows costs no more than one screenful."""
        if rows is None:  # after a reset, a sort or a column resize: start again
            self._fitted.clear()
            self.fit_visible()
            return
        if not self.isVisible():
            return
        vertical = self.view.verticalHeader()
        cap = self.view.fontMetrics().lineSpacing() * 3 + 10
        for row in rows:
            if 0 <= row < self.proxy.rowCount():
                self.view.resizeRowToContents(row)
                if vertical.sectionSize(row) > cap:
                    vertical.resizeSection(row, cap)
                self._fitted.add(row)

    def fit_visible(self) -> None:
        count = self.proxy.rowCount()
        if not count or not self.isVisible():
            return
        top = max(0, self.view.rowAt(0))
        bottom = self.view.rowAt(self.view.viewport().height() - 1)
        bottom = count - 1 if bottom < 0 else min(count - 1, bottom + 2)
        self.fit_rows(_missing(self._fitted, top, bottom))

    def _fit_changed(self, top: QModelIndex, bottom: QModelIndex, *_: Any) -> None:
        if bottom.row() - top.row() > 20:
            self._fit_timer.start()  # many rows (a paste): once, when it is over
            return
        self.fit_rows(range(top.row(), bottom.row() + 1))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_timer.start()

    def _action(self, icon: str, keys: Any, slot: Callable[[], None]) -> QAction:
        from PySide6.QtGui import QIcon

        action = QAction(QIcon.fromTheme(icon), "", self)
        if keys:
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
            (self.copy_action, self.tr("复制")),
            (self.cut_action, self.tr("剪切")),
            (self.paste_action, self.tr("粘贴")),
            (self.fill_action, self.tr("向下填充")),
            (self.insert_above_action, self.tr("在上方插入行")),
            (self.clear_action, self.tr("清空单元格")),
            (self.unsort_action, self.tr("恢复预案中的顺序")),
        ):
            action.setText(text)
            action.setToolTip(with_shortcut(text, action))
        self.filter_edit.setPlaceholderText(self.tr("输入文字筛选"))
        self.show_ids.setText(self.tr("显示编号"))
        self.show_ids.setToolTip(self.tr("编号由程序生成，供相互引用；一般无需查看"))
        hint = self.tr(
            "直接输入即可编辑，Enter 确认并下移，Tab 右移；可与 Excel/WPS 互相复制粘贴整块单元格；"
            "Ctrl+D 向下填充，Delete 清空。"
        )
        more = self.tr("点击列标题排序。右键查看更多操作。") if self.sortable else ""
        self.hint.setText(hint + (" " if more and current_language() == "en" else "") + more)
        self.model.retranslate()
        self._fit_headers()

    def _fit_headers(self) -> None:
        """No clipped column titles ("ime limit (min"): a column is at least as wide as its
        title in the current language (and room for the sort arrow)."""
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        for col in range(self.model.columnCount()):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            wanted = metrics.horizontalAdvance(title) + 28
            if self.view.columnWidth(col) < wanted:
                self.view.setColumnWidth(col, wanted)

    def set_heading(self, text: str) -> None:
        self.heading.setText(text)

    # --- rows: view (sorted / filtered) and plan order -------------------------------------

    def source_index(self, index: Index) -> QModelIndex:
        if index.isValid() and index.model() is self.proxy:
            return self.proxy.mapToSource(index)
        return _plain(index)

    def view_index(self, row: int, column: int = 0) -> QModelIndex:
        """The view's index of the cell at plan row ``row``."""
        return self.proxy.mapFromSource(self.model.index(row, column))

    def current_row(self) -> int:
        index = self.source_index(self.view.currentIndex())
        return index.row() if index.isValid() else -1

    def selected_rows(self) -> list[int]:
        rows = {self.source_index(i).row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.current_row() >= 0:
            rows = {self.current_row()}
        return sorted(rows)

    def visible_columns(self) -> list[int]:
        """Logical columns in the order shown, hidden ones left out."""
        header = self.view.horizontalHeader()
        out = [header.logicalIndex(v) for v in range(header.count())]
        return [c for c in out if not header.isSectionHidden(c)]

    def set_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_actions()

    def clear_sort(self) -> None:
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self._update_actions()

    def add_row(self) -> None:
        current = self.current_row()
        self._add_at(None if current < 0 else current + 1)

    def insert_above(self) -> None:
        current = self.current_row()
        self._add_at(max(current, 0))

    def _add_at(self, at: int | None) -> None:
        if self.filter_edit.text():
            self.filter_edit.clear()  # a new, empty row would be filtered out of sight
        row = self.model.insert_new(at)
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
        if not self.confirm_remove(rows):
            return
        self.model.remove_rows_at(rows)
        if self.model.rowCount():
            row = min(first, self.model.rowCount() - 1)
            self.view.setCurrentIndex(self.view_index(row, 0))

    def confirm_remove(self, rows: list[int]) -> bool:
        """Rows still named elsewhere (a step's actor, a contact's group…) are deleted only
        once the user has seen where, and said so."""
        plan = self.doc.model
        if not isinstance(plan, Plan):
            return True
        paths = tuple(self.model.row_path(r) for r in rows)
        lang = current_language()
        uses: list[tuple[str, list[str]]] = []
        for row in rows:
            item = self.model.item(row)
            register = refs.REGISTER_OF.get(type(item))
            if register is None:
                continue
            found = refs.users_of(plan, register, item.id, outside=paths)
            if found:
                places = [describe_path(plan, _field_of(u.path), lang) for u in found]
                uses.append((item.name or item.id, places))
        if not uses:
            return True
        return dialogs.ask_delete_in_use(self.window(), uses)

    def move_current(self, delta: int) -> None:
        row = self.current_row()
        if row < 0 or self.proxy.is_rearranged() or not self.model.can_move(row, delta):
            return
        column = self.view.currentIndex().column()
        row = self.model.move_row(row, delta)
        self.view.setCurrentIndex(self.view_index(row, column))

    def _selected_cells(self) -> list[QModelIndex]:
        """Selected view cells (or the current one), visible columns only."""
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        return [i for i in indexes if i.isValid() and not self.view.isColumnHidden(i.column())]

    def clear_cells(self) -> None:
        indexes = self._selected_cells()
        if not indexes:
            return
        with self.doc.macro(self.tr("清空单元格")):
            for index in indexes:
                source = self.source_index(index)
                spec = self.model.columns[source.column()]
                if spec.name == "id":
                    continue  # references hold on to ids: never blank one
                try:
                    value = empty_value(spec)
                except ParseError as exc:
                    self.doc.rejected.emit(exc.message)
                    continue
                self.doc.set_value(self.model.cell_path(source), value)

    def focus_cell(self, row: int, field: str | None = None) -> bool:
        if not 0 <= row < self.model.rowCount():
            return False
        col = self.model.column_of(field) if field else None
        if field == "id" and col is not None and self.view.isColumnHidden(col):
            id_toggle().set(True)  # asked for an id (a duplicate one, say): show the ids
        if col is not None and self.view.isColumnHidden(col):
            col = None
        if col is None:
            visible = self.visible_columns()
            col = visible[0] if visible else 0
        index = self.view_index(row, col)
        if not index.isValid():  # filtered out: show every row again
            self.filter_edit.clear()
            index = self.view_index(row, col)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setFocus()
        return True

    # --- clipboard ----------------------------------------------------------------------------

    def selection_grid(self) -> list[list[str]]:
        """The selected block as text, in view order (cells outside the selection blank)."""
        cells = self._selected_cells()
        if not cells:
            return []
        header = self.view.horizontalHeader()
        rows = sorted({i.row() for i in cells})
        visuals = sorted({header.visualIndex(i.column()) for i in cells})
        columns = [header.logicalIndex(v) for v in range(visuals[0], visuals[-1] + 1)]
        columns = [c for c in columns if not header.isSectionHidden(c)]
        chosen = {(i.row(), i.column()) for i in cells}
        lang = current_language()
        grid = []
        for r in range(rows[0], rows[-1] + 1):
            line = []
            for c in columns:
                text = ""
                if (r, c) in chosen:
                    source = self.source_index(self.proxy.index(r, c))
                    spec = self.model.columns[c]
                    value = self.model.data(source, RawRole)
                    text = cell_text(spec, value, lang, self.doc.model)
                line.append(text)
            grid.append(line)
        return grid

    def copy(self) -> None:
        grid = self.selection_grid()
        if not grid:
            return
        mime = QMimeData()
        mime.setText(format_tsv(grid))
        mime.setHtml(format_html(grid))
        QGuiApplication.clipboard().setMimeData(mime)

    def cut(self) -> None:
        self.copy()
        self.clear_cells()

    def clipboard_grid(self) -> list[list[str]]:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return []
        html = mime.html() if mime.hasHtml() else None
        text = mime.text() if mime.hasText() else None
        try:
            return parse_clipboard(html, text)
        except ValueError:
            self.doc.rejected.emit(
                T("剪贴板中的单元格太多，请分批粘贴", "Too many cells on the clipboard")
            )
            return []

    def _paste_from_editor(self, editor: QWidget) -> None:
        """Ctrl+V of a block while a cell is being edited: the block goes to the cells."""
        if len(self.clipboard_grid()) < 1:
            return
        self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
        self.paste()

    def paste(self) -> None:
        self.paste_grid(self.clipboard_grid())

    def paste_grid(self, grid: list[list[str]]) -> None:
        """Put a block of text cells at the current cell, adding rows below as needed;
        one undo step. A single value pasted over a selection fills all of it."""
        if not grid or not grid[0]:
            return
        current = self.view.currentIndex()
        cells = self._selected_cells()
        plan = self.doc.model
        failures: list[T] = []
        targets: list[tuple[QModelIndex, str]] = []
        if len(grid) == 1 and len(grid[0]) == 1 and len(cells) > 1:
            targets = [(self.source_index(i), grid[0][0]) for i in cells]
            count = len(targets)
            with self.doc.macro(self.tr("粘贴 {n} 个单元格").format(n=count)):
                self._write(targets, failures, plan)
            self._report(failures, count)
            return
        if cells and not current.isValid():
            current = cells[0]
        top = min((i.row() for i in cells), default=0) if not current.isValid() else current.row()
        visible = self.visible_columns()
        if current.isValid() and current.column() in visible:
            left = visible.index(current.column())
        else:
            left = 0
        columns = visible[left : left + len(grid[0])]
        height = len(grid)
        count = height * len(columns)
        with self.doc.macro(self.tr("粘贴 {n} 个单元格").format(n=count)):
            rows = [
                self.source_index(self.proxy.index(r, 0)).row()
                for r in range(top, min(top + height, self.proxy.rowCount()))
            ]
            while len(rows) < height:  # grow the register to take the whole block
                rows.append(self.model.insert_new(None))
            for line, row in zip(grid, rows, strict=False):
                for text, column in zip(line, columns, strict=False):
                    targets.append((self.model.index(row, column), text))
            self._write(targets, failures, plan)
        self._report(failures, count)
        self._select_block(rows, columns)

    def _write(self, targets: list[tuple[QModelIndex, str]], failures: list[T], plan: Any) -> None:
        for index, text in targets:
            spec = self.model.columns[index.column()]
            try:
                value = cell_value(spec, text, plan)
            except ParseError as exc:
                failures.append(exc.message)
                continue
            if spec.name == "id" and not value:
                continue
            if not self.write_value(index, value):
                failures.append(T("取值无效", "Invalid value"))

    def write_value(self, index: QModelIndex, value: Any) -> bool:
        """Store one pasted or filled value (a hook: ids are renamed through references)."""
        return self.model.set_cell(index, value)

    def _report(self, failures: list[T], count: int) -> None:
        if not failures:
            return
        first = failures[0]
        self.doc.rejected.emit(
            T(
                f"{len(failures)} 个单元格（共 {count} 个）未能填入：{first.zh}",
                f"{len(failures)} of {count} cells were not filled: {first.en}",
            )
        )

    def _select_block(self, rows: list[int], columns: list[int]) -> None:
        selection = QItemSelection()
        for row in rows:
            for column in columns:
                index = self.view_index(row, column)
                if index.isValid():
                    selection.select(index, index)
        if not selection.isEmpty():
            first = self.view_index(rows[0], columns[0])
            self.view.setCurrentIndex(first)
            self.view.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def fill_down(self) -> None:
        """Ctrl+D: each selected column takes the value of its top cell; a single cell
        takes the value above it."""
        cells = self._selected_cells()
        if not cells:
            return
        by_column: dict[int, list[int]] = {}
        for index in cells:
            by_column.setdefault(index.column(), []).append(index.row())
        with self.doc.macro(self.tr("向下填充")):
            for column, rows in by_column.items():
                spec = self.model.columns[column]
                if spec.name == "id":
                    continue  # ids must stay unique
                rows.sort()
                if len(rows) == 1:
                    if rows[0] == 0:
                        continue
                    rows = [rows[0] - 1, rows[0]]
                top = self.source_index(self.proxy.index(rows[0], column))
                value = self.model.data(top, RawRole)
                for row in rows[1:]:
                    target = self.source_index(self.proxy.index(row, column))
                    self.write_value(target, list(value) if isinstance(value, list) else value)

    def _context_menu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
            self.view.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        menu = self.build_menu()
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def build_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.cut_action)
        menu.addAction(self.copy_action)
        menu.addAction(self.paste_action)
        menu.addSeparator()
        menu.addAction(self.insert_above_action)
        self.add_action.setText(self.tr("在下方插入行"))
        self.remove_action.setText(self.tr("删除所选行"))
        menu.addAction(self.add_action)
        menu.addAction(self.remove_action)
        menu.addSeparator()
        menu.addAction(self.fill_action)
        menu.addAction(self.clear_action)
        if self.sortable:
            menu.addSeparator()
            menu.addAction(self.unsort_action)
        menu.aboutToHide.connect(self.retranslate)
        return menu

    def _update_actions(self, *_: object) -> None:
        row = self.current_row()
        valid = row >= 0
        fixed = not self.proxy.is_rearranged()
        self.remove_action.setEnabled(valid)
        self.up_action.setEnabled(valid and fixed and self.model.can_move(row, -1))
        self.down_action.setEnabled(valid and fixed and self.model.can_move(row, 1))
        self.unsort_action.setEnabled(self.proxy.sortColumn() >= 0)


def clipboard_target(widget: QWidget | None) -> Any:
    """What the 编辑 menu's cut / copy / paste act on: a text field (a cell being edited
    included), else the table the focus is in; None when neither."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        return widget
    while widget is not None:
        if isinstance(widget, TableEditor):
            return widget
        widget = widget.parentWidget()
    return None
