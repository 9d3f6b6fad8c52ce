"""Forms over one model object in the document (meta, unit, review, filing).

Each field gets a widget by kind; labels come from the schema. Edits go through the
document (undoable; typing merges per burst), and the widgets follow the document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from app.i18n import current_language
from app.model.base import MAX_YEAR
from app.model.problems import Path
from app.ui.document import Document, try_resolve
from app.ui.editors.delegates import fill_enum_combo, fill_ref_combo, from_qdate, to_qdate
from app.ui.fields import FieldSpec, Kind, ParseError, edit_text, parse_text, specs_for


class DateField(QWidget):
    """A date picker that can also be empty (shown as “—”), with a clear button."""

    edited = Signal(object)  # dt.date | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(to_qdate(dt.date(1900, 1, 1)))
        self.edit.setMaximumDate(to_qdate(dt.date(MAX_YEAR, 12, 31)))  # the schema's last year
        self.edit.setSpecialValueText("—")
        self.edit.setMinimumWidth(130)
        self.clear = QToolButton()
        self.clear.setText("✕")
        self.clear.setAutoRaise(True)
        self.clear.clicked.connect(lambda: self.edited.emit(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.clear)
        layout.addStretch(1)
        self._value: dt.date | None = None
        self._armed = False
        self.edit.dateChanged.connect(self._changed)
        self.edit.installEventFilter(self)
        self.edit.calendarWidget().installEventFilter(self)
        self.set_value(None)

    def value(self) -> dt.date | None:
        return self._value

    def set_value(self, value: dt.date | None) -> None:
        self._value = value
        self._armed = False
        self.edit.blockSignals(True)
        self.edit.setDate(self.edit.minimumDate() if value is None else to_qdate(value))
        self.edit.blockSignals(False)
        self.clear.setEnabled(value is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An empty date opens at today, not at 1900, when the user starts picking.
        if (
            self._value is None
            and not self._armed
            and event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress)
        ):
            self._armed = True
            self.edit.blockSignals(True)
            self.edit.setDate(to_qdate(dt.date.today()))
            self.edit.blockSignals(False)
        elif (
            event.type() == QEvent.Type.FocusOut
            and self._armed
            and watched is self.edit
            and not self.edit.calendarWidget().isVisible()
        ):
            self.set_value(self._value)
        return False

    def _changed(self, date: Any) -> None:
        if date == self.edit.minimumDate():
            self.edited.emit(None)
        else:
            self.edited.emit(from_qdate(date))


class FieldForm(QWidget):
    """Label + widget rows for the fields of the object at ``base`` in the document."""

    def __init__(
        self,
        doc: Document,
        base: Path,
        model: type[BaseModel],
        names: list[str],
        parent: QWidget | None = None,
        *,
        none_texts: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        # field → callable giving what an empty choice means (e.g. "the kind's default")
        self.none_texts = none_texts or {}
        self.base = base
        self.specs = specs_for(model, only=names)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for spec in self.specs:
            widget = self._make(spec)
            label = QLabel()
            label.setBuddy(widget)
            self.widgets[spec.name] = widget
            self.labels[spec.name] = label
            self.layout_.addRow(label, widget)
        doc.value_changed.connect(self._on_value_changed)
        doc.model_replaced.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def _make(self, spec: FieldSpec) -> QWidget:
        if spec.kind is Kind.DATE:
            date = DateField()
            date.edited.connect(lambda v, s=spec: self._set(s, v))
            return date
        if spec.kind in (Kind.ENUM, Kind.REF):
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.activated.connect(lambda _=0, s=spec, c=combo: self._set(s, c.currentData()))
            return combo
        if spec.kind is Kind.LINES:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 4 + 12)
            text.textChanged.connect(lambda s=spec, t=text: self._typed(s, t.toPlainText()))
            return text
        line = QLineEdit()
        line.textEdited.connect(lambda value, s=spec: self._typed(s, value))
        line.editingFinished.connect(self.doc.close_burst)
        return line

    def retranslate(self) -> None:
        lang = current_language()
        for spec in self.specs:
            self.labels[spec.name].setText(spec.label.text(lang) + ("：" if lang != "en" else ":"))
            widget = self.widgets[spec.name]
            if spec.kind is Kind.LINES:
                widget.setToolTip(self.tr("每行一项"))
        self.refresh()

    def exists(self) -> bool:
        ok, value = try_resolve(self.doc.model, self.base)
        return ok and value is not None

    def refresh(self) -> None:
        ok, obj = try_resolve(self.doc.model, self.base)
        present = ok and obj is not None
        for spec in self.specs:
            self._show(spec, getattr(obj, spec.name) if present else None)
            self.widgets[spec.name].setEnabled(present)

    def _show(self, spec: FieldSpec, value: Any) -> None:
        widget = self.widgets[spec.name]
        widget.blockSignals(True)
        try:
            if isinstance(widget, DateField):
                widget.set_value(value)
            elif isinstance(widget, QComboBox):
                if spec.kind is Kind.ENUM:
                    none_text = self.none_texts.get(spec.name)
                    fill_enum_combo(widget, spec, value, none_text() if none_text else None)
                else:
                    fill_ref_combo(widget, self.doc.model, spec, value)
            elif isinstance(widget, QPlainTextEdit):
                text = edit_text(spec, value)
                if _lines(widget.toPlainText()) != _lines(text):
                    widget.setPlainText(text)
            elif isinstance(widget, QLineEdit):
                text = edit_text(spec, value)
                if widget.text().strip() != text:
                    widget.setText(text)
        finally:
            widget.blockSignals(False)

    def _typed(self, spec: FieldSpec, text: str) -> None:
        try:
            value = parse_text(spec, text)
        except ParseError as exc:
            self.doc.rejected.emit(exc.message)
            return
        self._set(spec, value, merge=True)

    def _set(self, spec: FieldSpec, value: Any, *, merge: bool = False) -> None:
        if not self.exists():
            return
        label = spec.label.text(current_language())
        ok = self.doc.set_value(
            (*self.base, spec.name),
            value,
            text=self.tr("修改“{field}”").format(field=label),
            merge=merge,
        )
        if not ok:
            self._on_value_changed((*self.base, spec.name))

    def _on_value_changed(self, path: Path) -> None:
        n = len(self.base)
        if self.base[: len(path)] == path:  # this object or one above it was replaced
            self.refresh()
            return
        if path[:n] != self.base:
            return
        ok, obj = try_resolve(self.doc.model, self.base)
        if not ok or obj is None:
            return
        for spec in self.specs:
            # Typing leaves the text as it is (it already matches); undo resets it.
            # Choices whose empty entry depends on other fields are re-filled too.
            if spec.name == path[n] or spec.name in self.none_texts:
                self._show(spec, getattr(obj, spec.name))

    def focus(self, name: str) -> bool:
        widget = self.widgets.get(name)
        if widget is None:
            return False
        target = widget.edit if isinstance(widget, DateField) else widget
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
