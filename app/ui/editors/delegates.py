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
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.i18n import current_language
from app.model.base import MAX_YEAR, MIN_YEAR
from app.model.plan import Plan
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


def fill_ref_combo(combo: QComboBox, plan: Plan, spec: FieldSpec, value: str | None) -> None:
    """Existing ids by name; a dangling id stays visible (marked) so nothing is lost."""
    combo.clear()
    combo.addItem(translate("FieldDelegate", "（未指定）"), None)
    assert spec.ref is not None
    for ident, name in ref_choices(plan, spec.ref):
        combo.addItem(f"{name or ident}（{ident}）" if name else ident, ident)
    if value is not None and combo.findData(value) < 0:
        combo.addItem(translate("FieldDelegate", "⚠ {id}（不存在）").format(id=value), value)
    found = combo.findData(value)
    combo.setCurrentIndex(found if found >= 0 else 0)


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
            self._add(f"{name or ident}（{ident}）", ident, ident in values)
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

    def values(self) -> list[str]:
        out = []
        for i in range(self.count()):
            item = self.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out


def to_qdate(value: dt.date | None) -> QDate:
    day = value or dt.date.today()
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class FieldDelegate(QStyledItemDelegate):
    """Creates the right editor for a cell from its field spec (the model's SpecRole)."""

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
            return CheckList(parent)
        if spec.kind is Kind.DATE:
            date = QDateEdit(parent)
            date.setCalendarPopup(True)
            date.setDisplayFormat("yyyy-MM-dd")
            date.setDateRange(QDate(MIN_YEAR, 1, 1), QDate(MAX_YEAR, 12, 31))
            return date
        if spec.kind in (Kind.ENUM, Kind.REF):
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

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        spec: FieldSpec = index.data(SpecRole)
        value = index.data(RawRole)
        if isinstance(editor, QPlainTextEdit):
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
        if isinstance(editor, QPlainTextEdit):
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
        if isinstance(editor, (QPlainTextEdit, CheckList)):
            # List editors need room: grow below the cell (and wider for narrow columns).
            rect = rect.adjusted(0, 0, 0, 0)
            rect.setHeight(max(rect.height(), 150))
            rect.setWidth(max(rect.width(), 280))
        editor.setGeometry(rect)
