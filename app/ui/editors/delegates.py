"""Cell editors by field kind: text, lists (one per line), dates, choices, references.

References are never typed: they are picked from the ids that exist, shown by name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QCompleter,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import current_language
from app.importer.clipboard import parse_clipboard
from app.model.plan import Plan
from app.ui.base.settings import Preferences
from app.ui.fields import FieldSpec, Kind, edit_text, ref_choices
from app.ui.models.tables import RawRole, SpecRole

translate = QCoreApplication.translate  # lupdate reads translate("context", "source")

Index = QModelIndex | QPersistentModelIndex
ID_PATTERN = QRegularExpression(r"[^\s/]{0,64}")


def fill_enum_combo(
    combo: QComboBox, spec: FieldSpec, value: Any, none_text: str | None = None
) -> None:
    combo.clear()
    if spec.optional:
        combo.addItem(none_text or translate("FieldDelegate", "（未选择）"), None)
    assert spec.enum is not None
    for member in spec.enum:
        combo.addItem(member.label(current_language()), member)
    found = combo.findData(value)
    combo.setCurrentIndex(found if found >= 0 else 0)


class _IdToggle(QObject):
    """Whether the tables show the id column: one switch for every open table."""

    changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.shown = Preferences().show_ids  # as the user left it last session

    def set(self, shown: bool) -> None:
        if shown != self.shown:
            self.shown = shown
            prefs = Preferences()
            prefs.show_ids = shown
            prefs.sync()
            self.changed.emit(shown)


_ids: _IdToggle | None = None


def id_toggle() -> _IdToggle:
    global _ids
    if _ids is None:
        _ids = _IdToggle()
    return _ids


def ids_shown() -> bool:
    return id_toggle().shown


def _choice_text(ident: str, name: str) -> str:
    if not name:
        return ident
    return f"{name}（{ident}）" if ids_shown() else name


def fill_ref_combo(combo: QComboBox, plan: Plan, spec: FieldSpec, value: str | None) -> None:
    """Existing entries by name; a dangling id stays visible (marked) so nothing is lost."""
    combo.clear()
    combo.addItem(translate("FieldDelegate", "（未指定）"), None)
    assert spec.ref is not None
    for ident, name in ref_choices(plan, spec.ref):
        combo.addItem(_choice_text(ident, name), ident)
    if value is not None and combo.findData(value) < 0:
        combo.addItem(translate("FieldDelegate", "⚠ {id}（不存在）").format(id=value), value)
    found = combo.findData(value)
    combo.setCurrentIndex(found if found >= 0 else 0)
    width = min(max(combo.view().sizeHintForColumn(0) + 40, combo.width(), 240), 520)
    combo.view().setMinimumWidth(width)  # whole names, no sideways scrolling
    completer = combo.completer()
    if completer is not None and completer.popup() is not None:
        completer.popup().setMinimumWidth(width)


class RefCombo(QComboBox):
    """Pick one entry: type part of its name to narrow the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(translate("FieldDelegate", "输入名称查找"))

    def chosen(self) -> tuple[bool, Any]:
        """(found, id) for the text in the box; an empty box clears the reference."""
        text = self.currentText().strip()
        if not text:
            return True, None
        found = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if found < 0:
            matches = [i for i in range(self.count()) if text in self.itemText(i)]
            if len(matches) != 1:
                return False, None
            found = matches[0]
        return True, self.itemData(found)


class CheckList(QListWidget):
    """Pick several ids: a checkable list of the existing ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlternatingRowColors(True)

    def fill(self, plan: Plan, spec: FieldSpec, values: list[str]) -> None:
        self.clear()
        assert spec.ref is not None
        known = set()
        for ident, name in ref_choices(plan, spec.ref):
            known.add(ident)
            self._add(_choice_text(ident, name), ident, ident in values)
        for ident in values:
            if ident not in known:
                self._add(
                    translate("FieldDelegate", "⚠ {id}（不存在）").format(id=ident), ident, True
                )

    def _add(self, text: str, ident: str, checked: bool) -> None:
        item = QListWidgetItem(text, self)
        item.setData(Qt.ItemDataRole.UserRole, ident)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def filter(self, text: str) -> None:
        text = text.strip().lower()
        for i in range(self.count()):
            item = self.item(i)
            item.setHidden(bool(text) and text not in item.text().lower())

    def values(self) -> list[str]:
        out = []
        for i in range(self.count()):
            item = self.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out


class RefsPicker(QWidget):
    """Pick several entries: a search box over a checkable list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("FieldDelegate", "输入名称查找"))
        self.search.setClearButtonEnabled(True)
        self.list = CheckList()
        self.search.textChanged.connect(self.list.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.setFocusProxy(self.search)


def to_qdate(value: dt.date | None) -> QDate:
    day = value or dt.date.today()
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class FieldDelegate(QStyledItemDelegate):
    """Creates the right editor for a cell from its field spec (the model's SpecRole).

    ``paste_requested(editor)``: Ctrl+V in a cell editor while the clipboard holds a
    block of cells; the table pastes the block into the cells instead of into one.
    """

    paste_requested = Signal(QWidget)
    enter_editor: QObject | None = None  # the editor Enter was pressed in, if any

    def __init__(self, plan_getter: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan = plan_getter

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec: FieldSpec = index.data(SpecRole)
        if spec.kind is Kind.LINES:
            edit = QPlainTextEdit(parent)
            edit.setTabChangesFocus(True)
            edit.setToolTip(translate("FieldDelegate", "每行一项；点击别处完成编辑，Esc 取消"))
            return edit
        if spec.kind is Kind.REFS:
            return RefsPicker(parent)
        if spec.kind is Kind.DATE:
            # typed as users write dates, read by the model (fields.parse_text); a spin
            # box starting at today would take a typed date for today
            date = QLineEdit(parent)
            date.setPlaceholderText(translate("FieldDelegate", "如 2026-03-15"))
            return date
        if spec.kind is Kind.REF:
            ref = RefCombo(parent)
            completer = ref.completer()
            if completer is not None:
                completer.activated.connect(lambda _="", c=ref: self._commit_and_close(c))
            ref.activated.connect(lambda _=0, c=ref: self._commit_and_close(c))
            return ref
        if spec.kind is Kind.ENUM:
            combo = QComboBox(parent)
            combo.activated.connect(lambda _=0, c=combo: self._commit_and_close(c))
            return combo
        line = QLineEdit(parent)
        if spec.name == "id":
            line.setValidator(QRegularExpressionValidator(ID_PATTERN, line))
        return line

    def _commit_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not isinstance(editor, QPlainTextEdit)  # a new line there, not "done"
        ):
            self.enter_editor = editor  # the view moves down once this editor closes
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
            and isinstance(editor, QWidget)
            and self._block_on_clipboard(multiline_editor=isinstance(editor, QPlainTextEdit))
        ):
            self.paste_requested.emit(editor)
            return True
        return super().eventFilter(editor, event)

    @staticmethod
    def _block_on_clipboard(*, multiline_editor: bool) -> bool:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return False
        try:
            grid = parse_clipboard(
                mime.html() if mime.hasHtml() else None, mime.text() if mime.hasText() else None
            )
        except ValueError:
            return True
        if not grid:
            return False
        # lines pasted into a list cell stay its lines; more than one column is a block
        return len(grid[0]) > 1 or (len(grid) > 1 and not multiline_editor)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        spec: FieldSpec = index.data(SpecRole)
        value = index.data(RawRole)
        if isinstance(editor, RefsPicker):
            editor.list.fill(self._plan(), spec, list(value or []))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(edit_text(spec, value))
        elif isinstance(editor, CheckList):
            editor.fill(self._plan(), spec, list(value or []))
        elif isinstance(editor, QDateEdit):
            editor.setDate(to_qdate(value))
        elif isinstance(editor, QComboBox):
            if spec.kind is Kind.ENUM:
                fill_enum_combo(editor, spec, value)
            else:
                fill_ref_combo(editor, self._plan(), spec, value)
        elif isinstance(editor, QLineEdit):
            editor.setText(edit_text(spec, value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        value: Any
        if isinstance(editor, RefsPicker):
            value = editor.list.values()
        elif isinstance(editor, RefCombo):
            found, value = editor.chosen()
            if not found:
                return  # typed text that names nothing: keep the cell as it was
        elif isinstance(editor, QPlainTextEdit):
            value = editor.toPlainText()
        elif isinstance(editor, CheckList):
            value = editor.values()
        elif isinstance(editor, QDateEdit):
            value = from_qdate(editor.date())
        elif isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:  # pragma: no cover - every editor is handled above
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        if isinstance(editor, (QPlainTextEdit, CheckList, RefsPicker)):
            # List editors need room: grow below the cell (and wider for narrow columns).
            rect = rect.adjusted(0, 0, 0, 0)
            rect.setHeight(max(rect.height(), 220 if isinstance(editor, RefsPicker) else 150))
            rect.setWidth(max(rect.width(), 280))
        editor.setGeometry(rect)
