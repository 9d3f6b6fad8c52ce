"""Forms over one model object in the document (meta, unit, review, filing).

Each field gets a widget by kind; labels come from the schema. Edits go through the
document (undoable; typing merges per burst), and the widgets follow the document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.i18n import T, current_language
from app.model.base import MAX_YEAR, MIN_YEAR
from app.model.dates import EXAMPLES as DATE_EXAMPLES
from app.model.dates import try_parse_date
from app.model.problems import Path
from app.ui.document import Document, try_resolve
from app.ui.editors.delegates import fill_enum_combo, fill_ref_combo, from_qdate, to_qdate
from app.ui.fields import FieldSpec, Kind, ParseError, edit_text, parse_text, specs_for

translate = QCoreApplication.translate  # lupdate reads translate("context", "source")


class DateField(QWidget):
    """A date typed as users write it (2026-03-15, 2026/3/15, 2026年3月15日…) or picked
    from a calendar; empty is allowed (the clear button).

    The text is read when editing ends: a typed date is never replaced by the picker's
    idea of a date (a spin box that starts at today took "2026-04-01" for today).
    """

    edited = Signal(object)  # dt.date | None
    rejected = Signal(object)  # T: what was typed is no date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setMinimumWidth(130)
        self.edit.setMaximumWidth(180)
        self.edit.setClearButtonEnabled(False)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setAutoRaise(True)
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.calendar = QCalendarWidget()
        self.calendar.setMinimumDate(to_qdate(dt.date(MIN_YEAR, 1, 1)))
        self.calendar.setMaximumDate(to_qdate(dt.date(MAX_YEAR, 12, 31)))  # the schema's range
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self.pick)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.pick.setMenu(menu)
        self.clear = QToolButton()
        self.clear.setText("✕")
        self.clear.setAutoRaise(True)
        self.clear.clicked.connect(lambda: self.edited.emit(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.pick)
        layout.addWidget(self.clear)
        layout.addStretch(1)
        self._value: dt.date | None = None
        self.edit.editingFinished.connect(self._commit)
        self.retranslate()
        self.set_value(None)

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(translate("DateField", "如 2026-03-15"))
        self.edit.setToolTip(
            translate("DateField", "可输入 {examples}").format(examples=DATE_EXAMPLES)
        )
        self.pick.setToolTip(translate("DateField", "从日历中选择"))
        self.clear.setToolTip(translate("DateField", "清空日期"))

    def value(self) -> dt.date | None:
        return self._value

    def set_value(self, value: dt.date | None) -> None:
        self._value = value
        self.edit.setText(value.isoformat() if value is not None else "")
        self.clear.setEnabled(value is not None)

    def _commit(self) -> None:
        text = self.edit.text().strip()
        if not text:
            if self._value is not None:
                self.edited.emit(None)
            return
        day = try_parse_date(text)
        if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
            self.rejected.emit(
                T(
                    f"“{text}”不是日期，请按 {DATE_EXAMPLES} 等形式输入",
                    f"'{text}' is not a date; type it like 2026-03-15",
                )
            )
            return
        self.edit.setText(day.isoformat())
        if day != self._value:
            self.edited.emit(day)

    def _prepare_calendar(self) -> None:
        # the calendar opens at the date shown (or this month, where to start picking)
        day = self._value or try_parse_date(self.edit.text()) or dt.date.today()
        self.calendar.setSelectedDate(to_qdate(day))

    def _picked(self, date: Any) -> None:
        menu = self.pick.menu()
        if menu is not None:
            menu.close()
        day = from_qdate(date)
        self.edit.setText(day.isoformat())
        if day != self._value:
            self.edited.emit(day)


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
            date.rejected.connect(self.doc.rejected.emit)
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
