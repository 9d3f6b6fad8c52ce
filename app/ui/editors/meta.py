"""The plan's details: kind, unit, numbers, dates, approval, review, filing, history."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.i18n import current_language
from app.model.kinds import rules_for
from app.model.plan import (
    DrillRecord,
    Filing,
    Issuance,
    Meta,
    Numbering,
    Review,
    Revision,
    Unit,
)
from app.model.problems import Path
from app.ui.document import Document
from app.ui.editors.form import FieldForm
from app.ui.editors.table import TableEditor
from app.ui.fields import label_of, specs_for
from app.ui.models.tables import ListSource, RecordTableModel

PLAN_FIELDS = ["title", "kind", "numbering", "code", "version", "parent", "region"]
DATE_FIELDS = [
    "issued",
    "effective",
    "approved_by",
    "drafted_by",
    "last_evaluated",
    "risks_assessed",  # the dates of the filing package's two reports
    "resources_surveyed",
]
UNIT_FIELDS = ["name", "industry", "scale", "address", "principal", "phone"]


class DrillRecordSource(ListSource):
    def new_item(self, doc: Document) -> DrillRecord:  # type: ignore[override]
        return DrillRecord(date=dt.date.today())


class OptionalGroup(QGroupBox):
    """A group for an optional object (review, filing): checking it creates the object."""

    def __init__(self, doc: Document, path: Path, factory: type, form: FieldForm) -> None:
        super().__init__()
        self.doc = doc
        self.path = path
        self.factory = factory
        self.form = form
        self.setCheckable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        self.toggled.connect(self._toggled)
        doc.value_changed.connect(self._on_value_changed)
        doc.model_replaced.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        self.blockSignals(True)
        self.setChecked(self.form.exists())
        self.blockSignals(False)
        self.form.refresh()

    def _toggled(self, on: bool) -> None:
        if on == self.form.exists():
            return
        text = self.title()
        self.doc.set_value(self.path, self.factory() if on else None, text=text)

    def _on_value_changed(self, path: Path) -> None:
        if path == self.path or path == self.path[:-1]:
            self.sync()


class MetaEditor(QScrollArea):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")

        self.plan_form = FieldForm(
            doc, ("meta",), Meta, PLAN_FIELDS, none_texts={"numbering": self._default_numbering}
        )
        self.date_form = FieldForm(doc, ("meta",), Meta, DATE_FIELDS)
        self.unit_form = FieldForm(doc, ("meta", "unit"), Unit, UNIT_FIELDS)
        self.review_form = FieldForm(doc, ("meta", "review"), Review, list(Review.model_fields))
        self.filing_form = FieldForm(doc, ("meta", "filing"), Filing, list(Filing.model_fields))
        self.plan_box = self._group(self.plan_form)
        self.unit_box = self._group(self.unit_form)
        self.date_box = self._group(self.date_form)
        self.review_box = OptionalGroup(doc, ("meta", "review"), Review, self.review_form)
        self.filing_box = OptionalGroup(doc, ("meta", "filing"), Filing, self.filing_form)
        # a government plan is issued as a 公文: 发文字号, 主送, 抄送, 印发机关和日期
        self.issuance_form = FieldForm(
            doc, ("meta", "issuance"), Issuance, list(Issuance.model_fields)
        )
        self.issuance_box = OptionalGroup(doc, ("meta", "issuance"), Issuance, self.issuance_form)

        self.revisions = TableEditor(
            RecordTableModel(
                doc, ListSource(("meta", "revision_history"), Revision), specs_for(Revision)
            ),
            heading=False,
        )
        self.drills = TableEditor(
            RecordTableModel(
                doc,
                DrillRecordSource(("meta", "drill_history"), DrillRecord),
                specs_for(DrillRecord),
            ),
            heading=False,
        )
        for table in (self.revisions, self.drills):
            table.hint.hide()
            table.view.setMinimumHeight(150)
        self.revisions_box = self._group(self.revisions)
        self.drills_box = self._group(self.drills)

        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(12)
        grid.addWidget(self.heading, 0, 0, 1, 2)
        grid.addWidget(self.plan_box, 1, 0)
        grid.addWidget(self.unit_box, 2, 0)
        grid.addWidget(self.date_box, 1, 1)
        grid.addWidget(self.filing_box, 2, 1)
        grid.addWidget(self.issuance_box, 3, 0, 1, 2)
        grid.addWidget(self.review_box, 4, 0, 1, 2)
        grid.addWidget(self.revisions_box, 5, 0, 1, 2)
        grid.addWidget(self.drills_box, 6, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(7, 1)
        self.setWidget(inner)
        self.forms = {
            "plan": self.plan_form,
            "date": self.date_form,
            "unit": self.unit_form,
            "review": self.review_form,
            "filing": self.filing_form,
            "issuance": self.issuance_form,
        }
        self.retranslate()

    def _default_numbering(self) -> str:
        style = Numbering(rules_for(self.doc.model.meta.kind).numbering)
        return self.tr("按预案类型默认（{style}）").format(style=style.label(current_language()))

    def _group(self, widget: QWidget) -> QGroupBox:
        box = QGroupBox()
        layout = QVBoxLayout(box)
        layout.addWidget(widget)
        return box

    def retranslate(self) -> None:
        lang = current_language()
        self.heading.setText(label_of(type(self.doc.model), "meta").text(lang))
        self.plan_box.setTitle(self.tr("预案"))
        self.unit_box.setTitle(label_of(Meta, "unit").text(lang))
        self.date_box.setTitle(self.tr("日期与签批"))
        self.review_box.setTitle(label_of(Meta, "review").text(lang))
        self.filing_box.setTitle(label_of(Meta, "filing").text(lang))
        self.issuance_box.setTitle(label_of(Meta, "issuance").text(lang))
        self.issuance_box.setToolTip(
            self.tr("政府和基层组织预案以公文印发：勾选以填写发文字号、主送、抄送和印发机关")
        )
        self.revisions_box.setTitle(label_of(Meta, "revision_history").text(lang))
        self.drills_box.setTitle(label_of(Meta, "drill_history").text(lang))
        for form in self.forms.values():
            form.retranslate()
        self.revisions.retranslate()
        self.drills.retranslate()
        self.review_box.setToolTip(
            self.tr("勾选以填写评审或论证信息（办法第二十一条规定哪些单位须评审）")
        )

    def focus(self, rest: Path, span: tuple[int, int] | None = None) -> bool:
        if not rest:
            self.plan_form.focus("title")
            return True
        head = rest[0]
        if head == "unit":
            self._reveal(self.unit_box)
            return self.unit_form.focus(str(rest[1]) if len(rest) > 1 else "name")
        if head in ("review", "filing", "issuance"):
            box: QWidget = {"review": self.review_box, "filing": self.filing_box}.get(
                str(head), self.issuance_box
            )
            form = self.forms[str(head)]
            self._reveal(box)
            if len(rest) > 1 and form.exists():
                return form.focus(str(rest[1]))
            box.setFocus()
            return True
        if head in ("revision_history", "drill_history"):
            table = self.revisions if head == "revision_history" else self.drills
            box = self.revisions_box if head == "revision_history" else self.drills_box
            self._reveal(box)
            if len(rest) > 1 and isinstance(rest[1], int):
                return table.focus_cell(rest[1], str(rest[2]) if len(rest) > 2 else None)
            table.view.setFocus()
            return True
        for form, box in (
            (self.plan_form, self.plan_box),
            (self.date_form, self.date_box),
        ):
            if head in form.widgets:
                self._reveal(box)
                return form.focus(str(head))
        return False

    def _reveal(self, widget: QWidget) -> None:
        self.ensureWidgetVisible(widget, 0, 40)
