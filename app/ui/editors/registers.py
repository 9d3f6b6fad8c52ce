"""Editors of the structured parts: organisation, procedures with steps, plain registers."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.i18n import current_language
from app.model.plan import (
    Contact,
    Expert,
    OrgUnit,
    Plan,
    Procedure,
    Resource,
    ResponseLevel,
    Risk,
    Shelter,
    Step,
    Team,
    WarningLevel,
)
from app.model.problems import Path
from app.ui.document import Document
from app.ui.editors.table import TableEditor
from app.ui.fields import label_of, specs_for
from app.ui.models.outline import part_label
from app.ui.models.tables import ListSource, OrgSource, RecordTableModel

# part → (row type, id prefix)
REGISTERS: dict[str, tuple[type, str]] = {
    "contacts": (Contact, "c"),
    "levels": (ResponseLevel, "L"),
    "warnings": (WarningLevel, "w"),
    "risks": (Risk, "r"),
    "resources": (Resource, "m"),
    "teams": (Team, "t"),
    "experts": (Expert, "e"),
    "shelters": (Shelter, "sh"),
}


def register_editor(doc: Document, part: str) -> TableEditor:
    item_type, prefix = REGISTERS[part]
    model = RecordTableModel(doc, ListSource((part,), item_type, prefix), specs_for(item_type))
    editor = PartTable(model, part)
    return editor


class PartTable(TableEditor):
    def __init__(self, model: RecordTableModel, part: str) -> None:
        self.part = part
        super().__init__(model, sortable=True)

    def retranslate(self) -> None:
        super().retranslate()
        self.set_heading(part_label(self.part).text(current_language()))

    def focus(self, rest: Path, span: tuple[int, int] | None = None) -> bool:
        if rest and isinstance(rest[0], int):
            return self.focus_cell(rest[0], str(rest[1]) if len(rest) > 1 else None)
        self.view.setFocus()
        return True


class OrganizationEditor(TableEditor):
    """Command body, office and working groups in one table."""

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        # duties matter most after the name; deputies and members are often empty
        columns = specs_for(
            OrgUnit, only=("id", "name", "lead", "duties", "contacts", "deputies", "members")
        )
        super().__init__(RecordTableModel(doc, OrgSource(), columns), parent, sortable=True)
        self.view.setColumnWidth(self.model.column_of("duties") or 3, 320)
        self.add_command = QPushButton()
        self.add_command.clicked.connect(lambda: self._create("command", "hq"))
        self.add_office = QPushButton()
        self.add_office.clicked.connect(lambda: self._create("office", "office"))
        self.extra_bar.addWidget(self.add_command)
        self.extra_bar.addWidget(self.add_office)
        self.model.modelReset.connect(self._update_fixed)
        self.retranslate()
        self._update_fixed()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "add_command"):
            return
        self.set_heading(part_label("organization").text(current_language()))
        self.add_command.setText(self.tr("设立应急指挥机构"))
        self.add_office.setText(self.tr("设立办事机构"))
        self.add_action.setToolTip(self.tr("添加工作组（Ins）"))

    def _create(self, which: str, ident: str) -> None:
        taken = {u.id for u in self.doc.model.organization.units()}
        n, key = 1, ident
        while key in taken:
            n += 1
            key = f"{ident}{n}"
        name = self.tr("应急指挥部") if which == "command" else self.tr("应急办公室")
        self.doc.set_value(
            ("organization", which),
            OrgUnit(id=key, name=name),
            text=self.add_command.text() if which == "command" else self.add_office.text(),
        )
        row = self.model.row_of(("organization", which))
        if row is not None:
            self.focus_cell(row, "name")

    def _update_fixed(self) -> None:
        org = self.doc.model.organization
        self.add_command.setVisible(org.command is None)
        self.add_office.setVisible(org.office is None)

    def focus(self, rest: Path, span: tuple[int, int] | None = None) -> bool:
        if not rest:
            self.view.setFocus()
            return True
        if rest[0] in ("command", "office"):
            row = self.model.row_of(("organization", str(rest[0])))
            field = str(rest[1]) if len(rest) > 1 else None
        elif rest[0] == "groups" and len(rest) > 1 and isinstance(rest[1], int):
            row = self.model.row_of(("organization", "groups", rest[1]))
            field = str(rest[2]) if len(rest) > 2 else None
        else:
            row, field = None, None
        if row is None:
            self.view.setFocus()
            return False
        return self.focus_cell(row, field)


class ProceduresEditor(QWidget):
    """Procedures above, the steps of the selected one below."""

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        proc_specs = specs_for(Procedure, exclude=("steps",))
        self.procedures = TableEditor(
            RecordTableModel(doc, ListSource(("procedures",), Procedure, "p"), proc_specs),
            sortable=True,
        )
        self.steps_model = RecordTableModel(
            doc, ListSource(("procedures", 0, "steps"), Step, "st"), specs_for(Step)
        )
        self.steps = TableEditor(self.steps_model, sortable=True)
        self.steps.hint.hide()
        self.steps.view.setColumnWidth(self.steps_model.column_of("action") or 2, 320)
        self.empty = QLabel()
        self.empty.setObjectName("pageHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 6, 0, 0)
        bottom_layout.addWidget(self.steps, 1)
        bottom_layout.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.procedures)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.current = -1
        self.procedures.view.selectionModel().currentRowChanged.connect(self._proc_changed)
        self.procedures.model.modelReset.connect(self._after_reset)
        doc.value_changed.connect(self._on_value_changed)
        self.retranslate()
        self._show_procedure(0 if self.procedures.model.rowCount() else -1)

    @property
    def plan(self) -> Plan:
        return self.doc.model  # type: ignore[no-any-return]

    def retranslate(self) -> None:
        self.procedures.retranslate()
        self.procedures.set_heading(part_label("procedures").text(current_language()))
        self.steps.retranslate()
        self.empty.setText(self.tr("先在上方添加或选择一个处置程序，再编辑它的处置步骤。"))
        self._update_steps_heading()

    def _update_steps_heading(self) -> None:
        lang = current_language()
        steps = label_of(Procedure, "steps").text(lang)
        if 0 <= self.current < len(self.plan.procedures):
            proc = self.plan.procedures[self.current]
            self.steps.set_heading(
                self.tr("{steps}：{title}").format(steps=steps, title=proc.title or proc.id)
            )
        else:
            self.steps.set_heading(steps)

    def _proc_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        row = self.procedures.source_index(current).row()
        if current.isValid() and row != self.current:
            self._show_procedure(row)

    def _after_reset(self) -> None:
        count = self.procedures.model.rowCount()
        row = min(self.current, count - 1) if count else -1
        if row < 0 and count:
            row = 0
        self._show_procedure(row, force=True)
        if row >= 0:
            self.procedures.view.setCurrentIndex(self.procedures.model.index(row, 0))

    def _show_procedure(self, row: int, *, force: bool = False) -> None:
        if row == self.current and not force:
            return
        self.current = row
        if row >= 0:
            self.steps_model.set_source(ListSource(("procedures", row, "steps"), Step, "st"))
        else:
            self.steps_model.set_source(ListSource(("procedures", -1, "steps"), Step, "st"))
        self.steps.setVisible(row >= 0)
        self.empty.setVisible(row < 0)
        self._update_steps_heading()

    def _on_value_changed(self, path: Path) -> None:
        if path[:1] == ("procedures",) and len(path) == 3 and path[1] == self.current:
            self._update_steps_heading()

    def focus(self, rest: Path, span: tuple[int, int] | None = None) -> bool:
        if not rest or not isinstance(rest[0], int):
            self.procedures.view.setFocus()
            return True
        row = rest[0]
        if not 0 <= row < self.procedures.model.rowCount():
            return False
        if len(rest) >= 3 and rest[1] == "steps" and isinstance(rest[2], int):
            self.procedures.view.setCurrentIndex(self.procedures.model.index(row, 0))
            self._show_procedure(row)
            return self.steps.focus_cell(rest[2], str(rest[3]) if len(rest) > 3 else None)
        field = str(rest[1]) if len(rest) > 1 else None
        ok = self.procedures.focus_cell(row, field)
        self._show_procedure(row)
        return ok
