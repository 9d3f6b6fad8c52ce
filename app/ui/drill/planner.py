"""The drill planner: edit a drill file in the main window, like a plan.

Pages (a list on the left): 基本信息 (meta, linked plan, scenario, objectives), 参演人员,
演练脚本 (a clickable time line over the inject table, the selected inject's content,
expected actions, decisions and branches), 情景卡库 (cards of scriptless drills),
评估 (method, criteria, grades), 发现的问题. Every edit goes through the ``Document``
(undoable, autosaved). Org units, procedure steps and plan elements are picked from the
linked plan, loaded relative to the drill file off the GUI thread; pickers show steps
as "procedure › step: actor action".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.findings.links import element_label
from app.i18n import current_language
from app.model.drill import (
    Card,
    Criterion,
    Decision,
    Drill,
    DrillMeta,
    Evaluation,
    ExpectedAction,
    Finding,
    FollowUp,
    Grade,
    Inject,
    LevelScores,
    Objective,
    Participant,
    Precondition,
    Trigger,
)
from app.model.plan import Plan
from app.model.problems import Path as SchemaPath
from app.storage.drills import linked_plan, relative_plan_path
from app.ui.base import dialogs, tasks
from app.ui.document import Document, try_resolve
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill.names import Names, step_choices
from app.ui.drill.timeline import TimelineStrip, planned_items
from app.ui.editor_base import DocumentEditor
from app.ui.editors.delegates import CheckList, FieldDelegate
from app.ui.editors.form import FieldForm
from app.ui.editors.meta import OptionalGroup
from app.ui.editors.table import TableEditor
from app.ui.fields import FieldSpec, label_of, next_id, specs_for
from app.ui.models.tables import ListSource, RawRole, RecordTableModel, SpecRole

Index = QModelIndex | QPersistentModelIndex
NO_ROW = 10**9  # a row that never exists: nothing selected, nothing resolved


# --- the linked plan --------------------------------------------------------------------------


class LinkedPlan(QObject):
    """The plan the drill exercises, loaded off the GUI thread when its path changes.

    Signals:
        changed(): ``plan`` / ``error`` were updated.
    """

    changed = Signal()

    def __init__(self, doc: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.plan: Plan | None = None
        self.error: str = ""
        self._key: tuple[str | None, str | None] | None = None
        self._generation = 0
        doc.value_changed.connect(self._value_changed)
        doc.path_changed.connect(self.reload)
        doc.model_replaced.connect(self.reload)
        self.reload()

    def _value_changed(self, path: SchemaPath) -> None:
        if path[:2] == ("meta", "plan") or path in (("meta",), ()):
            self.reload()

    def reload(self, *, force: bool = False) -> None:
        drill: Drill = self.doc.model
        filename = str(self.doc.path) if self.doc.path else None
        key = (drill.meta.plan, filename)
        if key == self._key and not force:
            return
        self._key = key
        self._generation += 1
        generation = self._generation
        snapshot = Drill(meta=DrillMeta(plan=drill.meta.plan))  # all the loading needs

        def job() -> tuple[Plan | None, str]:
            plan, error = linked_plan(snapshot, filename)
            return plan, error.text(current_language()) if error is not None else ""

        tasks.run_in_thread(job, lambda r: self._loaded(generation, r), owner=self)

    def _loaded(self, generation: int, result: tuple[Plan | None, str]) -> None:
        if generation != self._generation:
            return
        self.plan, self.error = result
        self.changed.emit()

    def names(self) -> Names:
        return Names(self.doc.model, self.plan)

    def units(self) -> list[tuple[str, str]]:
        if self.plan is None:
            return []
        return [(u.id, u.name or u.id) for u in self.plan.organization.units()]


# --- tables with plan references ------------------------------------------------------------------

UNIT_FIELDS = {"plays", "by"}  # one org unit of the linked plan (or free text)
UNITS_FIELDS = {"to"}  # several org units
STEPS_FIELDS = {"steps"}  # procedure steps of the linked plan (picked in a dialog)
REF_FIELDS = {"ref"}  # any plan element (findings)


class DrillSource(ListSource):
    """Rows of one list of the drill; new ids unique across the drill's namespace."""

    def __init__(
        self,
        list_path: SchemaPath,
        item_type: type[BaseModel],
        id_prefix: str,
        taken: Callable[[Drill], Iterable[str]] | None = None,
        factory: Callable[[str], BaseModel] | None = None,
    ) -> None:
        super().__init__(list_path, item_type, id_prefix)
        self.taken = taken
        self.factory = factory

    def new_item(self, doc: Document) -> BaseModel:
        if "id" not in self.item_type.model_fields:
            return self.factory("") if self.factory else self.item_type()
        if self.taken is not None:
            ident = next_id(self.id_prefix, self.taken(doc.model))
        else:
            rows = [try_resolve(doc.model, p)[1] for p in self.row_paths(doc)]
            ident = next_id(self.id_prefix, [getattr(r, "id", "") for r in rows])
        return self.factory(ident) if self.factory else self.item_type(id=ident)


def inject_ids(drill: Drill) -> list[str]:
    return [i.id for i in (*drill.script, *drill.library)]


def expected_ids(drill: Drill) -> list[str]:
    return [ea.id for _, ea in drill.expected_actions()]


def decision_ids(drill: Drill) -> list[str]:
    return [d.id for item in (*drill.script, *drill.library) for d in item.decisions]


class DrillTableModel(RecordTableModel):
    """A drill table: org units, steps and plan elements shown by name; booleans as checks."""

    def __init__(
        self,
        doc: Document,
        source: ListSource,
        columns: list[FieldSpec],
        linked: LinkedPlan,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(doc, source, columns, parent)
        self.linked = linked
        linked.changed.connect(self._plan_changed)

    def _plan_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def _is_bool(self, spec: FieldSpec) -> bool:
        item_type = self.source.item_type
        annotation = (
            item_type.model_fields[spec.name].annotation
            if spec.name in item_type.model_fields
            else None
        )
        return annotation is bool

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._is_bool(self.columns[index.column()]):
            flags = (flags & ~Qt.ItemFlag.ItemIsEditable) | Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.checkIndex(index):
            return None
        spec = self.columns[index.column()]
        if self._is_bool(spec):
            ok, value = try_resolve(self.doc.model, self.cell_path(index))
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if ok and value else Qt.CheckState.Unchecked
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and (
            spec.name in UNIT_FIELDS | UNITS_FIELDS | STEPS_FIELDS | REF_FIELDS
        ):
            ok, value = try_resolve(self.doc.model, self.cell_path(index))
            if not ok:
                return None
            return self._named(spec, value, role == Qt.ItemDataRole.ToolTipRole)
        return super().data(index, role)

    def _named(self, spec: FieldSpec, value: Any, tooltip: bool) -> str:
        names = self.linked.names()
        plan = self.linked.plan
        if spec.name in UNIT_FIELDS:
            return names.unit(value) if value else ""
        if spec.name in UNITS_FIELDS:
            return names.recipients(list(value or []))
        if spec.name in STEPS_FIELDS:
            labels = [names.step(s) for s in value or []]
            return "\n".join(labels) if tooltip else "；".join(labels)
        if spec.name in REF_FIELDS:
            return element_label(plan, value) if value else ""
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.checkIndex(index):
            return False
        spec = self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and self._is_bool(spec):
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            label = spec.label.text(current_language())
            return self.doc.set_value(
                self.cell_path(index), checked, text=self.tr("修改“{field}”").format(field=label)
            )
        if spec.name in UNITS_FIELDS and isinstance(value, list):
            return self.doc.set_value(self.cell_path(index), value, text=self.tr("修改接收方"))
        if spec.name in UNIT_FIELDS and role == Qt.ItemDataRole.EditRole:
            text = (value or "").strip() if isinstance(value, str) else value
            return self.doc.set_value(
                self.cell_path(index),
                text or None,
                text=self.tr("修改“{field}”").format(field=spec.label.text(current_language())),
            )
        return super().setData(index, value, role)


class DrillDelegate(FieldDelegate):
    """Editors for plan references: unit pickers; steps and plan elements in a dialog."""

    def __init__(self, linked: LinkedPlan, parent: QObject | None = None) -> None:
        super().__init__(lambda: linked.plan, parent)
        self.linked = linked

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec: FieldSpec = index.data(SpecRole)
        if spec.name in UNIT_FIELDS:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.activated.connect(lambda _=0, c=combo: self._commit_and_close(c))
            return combo
        if spec.name in UNITS_FIELDS:
            return CheckList(parent)
        if spec.name in STEPS_FIELDS | REF_FIELDS:
            persistent = QPersistentModelIndex(index)
            view = self.parent()
            QTimer.singleShot(0, lambda: self._pick(persistent, spec, view))
            return None  # type: ignore[return-value]
        return super().createEditor(parent, option, index)

    def _pick(self, index: QPersistentModelIndex, spec: FieldSpec, view: Any) -> None:
        plan = self.linked.plan
        if not index.isValid():
            return
        model = index.model()
        window = view.window() if isinstance(view, QWidget) else None
        if plan is None:
            dialogs.show_warning(
                window,
                self.tr("没有关联的预案"),
                self.tr("请先在“基本信息”中关联预案文件（并保存演练文件），才能选择预案内容。"),
            )
            return
        value = index.data(RawRole)
        if spec.name in STEPS_FIELDS:
            picked = drill_dialogs.pick_steps(window, plan, list(value or []))
            if picked is not None:
                model.setData(QModelIndex(index), picked, Qt.ItemDataRole.EditRole)
        else:
            ref = drill_dialogs.pick_plan_ref(window, plan, value)
            if ref is not None:
                model.setData(QModelIndex(index), ref, Qt.ItemDataRole.EditRole)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        spec: FieldSpec = index.data(SpecRole)
        value = index.data(RawRole)
        if spec.name in UNIT_FIELDS and isinstance(editor, QComboBox):
            editor.clear()
            editor.addItem(self.tr("（未指定）"), None)
            for ident, name in self.linked.units():
                editor.addItem(f"{name}（{ident}）", ident)
            found = editor.findData(value)
            if found < 0 and value:
                editor.addItem(str(value), value)
                found = editor.count() - 1
            editor.setCurrentIndex(max(0, found))
            return
        if spec.name in UNITS_FIELDS and isinstance(editor, CheckList):
            editor.clear()
            values = list(value or [])
            known = set()
            for ident, name in self.linked.units():
                known.add(ident)
                editor._add(f"{name}（{ident}）", ident, ident in values)
            for ident in values:
                if ident not in known:
                    editor._add(ident, ident, True)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        spec: FieldSpec = index.data(SpecRole)
        if spec.name in UNIT_FIELDS and isinstance(editor, QComboBox):
            data = editor.currentData()
            text = editor.currentText().strip()
            if data is None and text and editor.findText(text) < 0:
                data = text  # a group name that is not an org unit of the plan
            model.setData(index, data, Qt.ItemDataRole.EditRole)
            return
        if spec.name in UNITS_FIELDS and isinstance(editor, CheckList):
            model.setData(index, editor.values(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


def drill_table(
    doc: Document,
    linked: LinkedPlan,
    source: ListSource,
    columns: list[FieldSpec],
    *,
    heading: bool = False,
) -> TableEditor:
    model = DrillTableModel(doc, source, columns, linked)
    table = TableEditor(model, heading=heading)
    table.view.setItemDelegate(DrillDelegate(linked, table.view))
    table.hint.hide()
    for col, spec in enumerate(columns):
        if spec.name in ("text", "action"):
            table.view.setColumnWidth(col, 320)
        elif spec.name in STEPS_FIELDS | REF_FIELDS:
            table.view.setColumnWidth(col, 260)
    return table


# --- small bound widgets --------------------------------------------------------------------------


class BoundText(QPlainTextEdit):
    """A multi-line text field bound to one string of the document (undoable)."""

    def __init__(self, doc: Document, path: SchemaPath, label: str = "") -> None:
        super().__init__()
        self.doc = doc
        self.path = path
        self.label = label
        self.setTabChangesFocus(True)
        self.textChanged.connect(self._typed)
        doc.value_changed.connect(self._changed)
        doc.model_replaced.connect(self.refresh)
        self.refresh()

    def bind(self, path: SchemaPath) -> None:
        self.path = path
        self.refresh()

    def refresh(self) -> None:
        ok, value = try_resolve(self.doc.model, self.path)
        self.setEnabled(ok)
        text = value if ok and isinstance(value, str) else ""
        if self.toPlainText() != text:
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)

    def _typed(self) -> None:
        ok, _ = try_resolve(self.doc.model, self.path)
        if ok:
            self.doc.set_value(
                self.path,
                self.toPlainText(),
                text=self.tr("修改“{field}”").format(field=self.label),
                merge=True,
            )

    def _changed(self, path: SchemaPath) -> None:
        if self.path[: len(path)] == path:
            self.refresh()

    def focusOutEvent(self, event: Any) -> None:
        self.doc.close_burst()
        super().focusOutEvent(event)


class BoundCheck(QCheckBox):
    def __init__(self, doc: Document, path: SchemaPath) -> None:
        super().__init__()
        self.doc = doc
        self.path = path
        self.toggled.connect(self._toggled)
        doc.value_changed.connect(self._changed)
        doc.model_replaced.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        ok, value = try_resolve(self.doc.model, self.path)
        self.blockSignals(True)
        self.setChecked(bool(ok and value))
        self.blockSignals(False)

    def _toggled(self, on: bool) -> None:
        self.doc.set_value(self.path, on, text=self.text())

    def _changed(self, path: SchemaPath) -> None:
        if self.path[: len(path)] == path:
            self.refresh()


def _group(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


# --- pages ----------------------------------------------------------------------------------------

META_MAIN = ["title", "form", "scope", "purpose", "mode"]
META_TIME = ["date", "start", "place", "duration_min", "organiser", "speed", "seed"]


class MetaPage(QScrollArea):
    def __init__(self, doc: Document, linked: LinkedPlan) -> None:
        super().__init__()
        self.doc = doc
        self.linked = linked
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.main_form = FieldForm(doc, ("meta",), DrillMeta, META_MAIN)
        self.blind = BoundCheck(doc, ("meta", "blind"))
        self.time_form = FieldForm(doc, ("meta",), DrillMeta, META_TIME)
        self.plan_path = QLineEdit()
        self.plan_path.setReadOnly(True)
        self.browse = QPushButton()
        self.browse.clicked.connect(self.choose_plan)
        self.plan_status = QLabel()
        self.plan_status.setWordWrap(True)
        self.plan_status.setObjectName("pageHint")
        self.level = QComboBox()
        self.level.activated.connect(self._level_chosen)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_path, 1)
        plan_row.addWidget(self.browse)
        level_row = QHBoxLayout()
        self.level_label = QLabel()
        level_row.addWidget(self.level_label)
        level_row.addWidget(self.level, 1)
        plan_box_inner = QWidget()
        plan_layout = QVBoxLayout(plan_box_inner)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addLayout(plan_row)
        plan_layout.addWidget(self.plan_status)
        plan_layout.addLayout(level_row)
        self.scenario = BoundText(doc, ("meta", "scenario"))
        self.scenario.setMinimumHeight(110)
        self.objectives = drill_table(
            doc, linked, DrillSource(("meta", "objectives"), Objective, "o"), specs_for(Objective)
        )
        self.objectives.view.setMinimumHeight(130)
        self.main_box = _group("", self.main_form, self.blind)
        self.time_box = _group("", self.time_form)
        self.plan_box = _group("", plan_box_inner)
        self.scenario_box = _group("", self.scenario)
        self.objectives_box = _group("", self.objectives)
        grid = QVBoxLayout(inner)
        grid.setContentsMargins(0, 0, 8, 0)
        row = QHBoxLayout()
        row.addWidget(self.main_box, 1)
        row.addWidget(self.time_box, 1)
        grid.addWidget(self.heading)
        grid.addLayout(row)
        grid.addWidget(self.plan_box)
        grid.addWidget(self.scenario_box)
        grid.addWidget(self.objectives_box)
        grid.addStretch(1)
        self.setWidget(inner)
        doc.value_changed.connect(self._value_changed)
        doc.model_replaced.connect(self.refresh_plan)
        linked.changed.connect(self.refresh_plan)
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        self.heading.setText(self.tr("演练基本信息"))
        self.main_box.setTitle(self.tr("演练"))
        self.time_box.setTitle(self.tr("时间与地点"))
        self.plan_box.setTitle(label_of(DrillMeta, "plan").text(lang))
        self.scenario_box.setTitle(label_of(DrillMeta, "scenario").text(lang))
        self.objectives_box.setTitle(label_of(DrillMeta, "objectives").text(lang))
        self.blind.setText(self.tr("双盲演练（参演人员事先不知道演练时间、地点和情景）"))
        self.browse.setText(self.tr("选择预案文件…"))
        self.level_label.setText(
            label_of(DrillMeta, "level").text(lang) + ("：" if lang != "en" else ":")
        )
        self.main_form.retranslate()
        self.time_form.retranslate()
        self.objectives.retranslate()
        self.scenario.label = label_of(DrillMeta, "scenario").text(lang)
        self.refresh_plan()

    def _value_changed(self, path: SchemaPath) -> None:
        if path[:2] in (("meta", "plan"), ("meta", "level")) or path in (("meta",), ()):
            self.refresh_plan()

    def refresh_plan(self) -> None:
        drill: Drill = self.doc.model
        self.plan_path.setText(drill.meta.plan or "")
        linked = self.linked
        if not drill.meta.plan:
            status = self.tr("未关联预案：期望行动和评估项无法对应到预案的处置步骤。")
        elif self.doc.path is None and not Path(drill.meta.plan).is_absolute():
            status = self.tr("保存演练文件后才能读取关联的预案（路径相对于演练文件）。")
        elif linked.error:
            status = linked.error
        elif linked.plan is not None:
            plan = linked.plan
            steps = sum(len(p.steps) for p in plan.procedures)
            status = self.tr("已关联：{title}（{n} 个处置步骤）").format(
                title=plan.meta.title or drill.meta.plan, n=steps
            )
        else:
            status = self.tr("正在读取预案…")
        self.plan_status.setText(status)
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItem(self.tr("（未指定）"), None)
        for level in linked.plan.levels if linked.plan else []:
            self.level.addItem(f"{level.name or level.id}（{level.id}）", level.id)
        current = drill.meta.level
        found = self.level.findData(current)
        if found < 0 and current:
            self.level.addItem(self.tr("⚠ {id}（预案中没有）").format(id=current), current)
            found = self.level.count() - 1
        self.level.setCurrentIndex(max(0, found))
        self.level.blockSignals(False)

    def _level_chosen(self, _: int) -> None:
        self.doc.set_value(
            ("meta", "level"), self.level.currentData(), text=self.level_label.text()
        )

    def choose_plan(self) -> None:
        doc = self.doc
        folder = str(doc.path.parent) if doc.path else str(Path.home())
        path = dialogs.open_file_name(
            self, self.tr("选择演练检验的预案"), folder, self.tr("预案文件 (*.plan.yaml)")
        )
        if not path:
            return
        value = relative_plan_path(path, doc.path) if doc.path else str(Path(path).resolve())
        doc.set_value(("meta", "plan"), value, text=self.tr("关联预案"))

    def focus(self, rest: SchemaPath, span: tuple[int, int] | None = None) -> bool:
        if not rest:
            return self.main_form.focus("title")
        head = str(rest[0])
        if head == "objectives":
            if len(rest) > 1 and isinstance(rest[1], int):
                return self.objectives.focus_cell(rest[1], str(rest[2]) if len(rest) > 2 else None)
            self.objectives.view.setFocus()
            return True
        if head == "scenario":
            self.scenario.setFocus()
            return True
        if head in ("plan", "level"):
            (self.browse if head == "plan" else self.level).setFocus()
            return True
        if head == "blind":
            self.blind.setFocus()
            return True
        for form in (self.main_form, self.time_form):
            if head in form.widgets:
                return form.focus(head)
        return False


PARTICIPANT_COLUMNS = ["id", "name", "org", "role", "plays", "group", "phone"]


class ParticipantsPage(QWidget):
    def __init__(self, doc: Document, linked: LinkedPlan) -> None:
        super().__init__()
        self.table = drill_table(
            doc,
            linked,
            DrillSource(("participants",), Participant, "u"),
            specs_for(Participant, only=PARTICIPANT_COLUMNS),
            heading=True,
        )
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.retranslate()
        self.table.set_heading(label_of(Drill, "participants").text(current_language()))
        self.hint.setText(
            self.tr(
                "参演人员扮演预案中的工作组（“扮演的工作组”从关联预案中选择）。"
                "控制台的执行方按钮来自参演人员和模拟人员；观摩人员和参演人员看不到脚本。"
            )
        )

    def focus(self, rest: SchemaPath, span: tuple[int, int] | None = None) -> bool:
        if rest and isinstance(rest[0], int):
            return self.table.focus_cell(rest[0], str(rest[1]) if len(rest) > 1 else None)
        self.table.view.setFocus()
        return True


EXPECTED_COLUMNS = ["id", "text", "by", "steps", "within_min"]


class InjectDetail(QTabWidget):
    """Content, expected actions, decisions and branches of one inject or card."""

    def __init__(self, doc: Document, linked: LinkedPlan, root: str) -> None:
        super().__init__()
        self.doc = doc
        self.linked = linked
        self.root = root  # "script" or "library"
        self.base: SchemaPath = (root, NO_ROW)
        item_type = Inject if root == "script" else Card
        self.item_type = item_type
        # content
        self.text = BoundText(doc, (*self.base, "text"))
        self.text.setMinimumHeight(80)
        self.note = BoundText(doc, (*self.base, "note"))
        self.note.setMaximumHeight(70)
        self.lists = FieldForm(
            doc, self.base, item_type, ["attachments", "evaluation_points", "criteria"]
        )
        self.text_label = QLabel()
        self.note_label = QLabel()
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.text_label)
        content_layout.addWidget(self.text, 2)
        content_layout.addWidget(self.note_label)
        content_layout.addWidget(self.note)
        content_layout.addWidget(self.lists)
        if root == "script":
            self.trigger_form = FieldForm(
                doc, (*self.base, "trigger"), Trigger, list(Trigger.model_fields)
            )
            self.trigger_box: QGroupBox = OptionalGroup(
                doc, (*self.base, "trigger"), Trigger, self.trigger_form
            )
            content_layout.addWidget(self.trigger_box)
            self.preconditions: TableEditor | None = None
        else:
            self.preconditions = drill_table(
                doc,
                linked,
                DrillSource((*self.base, "preconditions"), Precondition, ""),
                specs_for(Precondition),
            )
            self.preconditions.view.setMinimumHeight(90)
            self.pre_box = _group("", self.preconditions)
            content_layout.addWidget(self.pre_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.addTab(scroll, "")
        # expected actions
        self.expected = drill_table(
            doc,
            linked,
            DrillSource((*self.base, "expected"), ExpectedAction, "e", expected_ids),
            specs_for(ExpectedAction, only=EXPECTED_COLUMNS),
        )
        self.from_steps = QPushButton()
        self.from_steps.clicked.connect(self.add_from_steps)
        self.expected.extra_bar.addWidget(self.from_steps)
        self.expected.view.setMinimumHeight(60)
        self.addTab(self.expected, "")
        # decisions and branches
        self.decisions = drill_table(
            doc,
            linked,
            DrillSource((*self.base, "decisions"), Decision, "d", decision_ids),
            specs_for(Decision),
        )
        self.follow_ups = drill_table(
            doc,
            linked,
            DrillSource(
                (*self.base, "follow_ups"),
                FollowUp,
                "",
                factory=lambda _: FollowUp(decision="?", inject="?"),
            ),
            specs_for(FollowUp),
        )
        branches = QWidget()
        branches_layout = QHBoxLayout(branches)
        self.decisions_label = QLabel()
        self.follow_label = QLabel()
        for label, table in (
            (self.decisions_label, self.decisions),
            (self.follow_label, self.follow_ups),
        ):
            label.setWordWrap(True)
            table.view.setMinimumHeight(60)
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(table, 1)
            branches_layout.addLayout(column, 1)
        self.addTab(branches, "")
        self.retranslate()
        self.bind(-1)

    def retranslate(self) -> None:
        lang = current_language()
        self.setTabText(0, self.tr("内容"))
        self.setTabText(1, label_of(Inject, "expected").text(lang))
        self.setTabText(2, self.tr("决策与分支"))
        self.text_label.setText(label_of(Inject, "text").text(lang))
        self.note_label.setText(self.tr("导调说明（仅控制台可见）"))
        self.text.label = label_of(Inject, "text").text(lang)
        self.note.label = label_of(Inject, "note").text(lang)
        self.lists.retranslate()
        self.decisions_label.setText(self.tr("参演人员可能作出的决策（控制台上一键记录）"))
        self.follow_label.setText(self.tr("后续注入：作出某个决策后，延迟若干分钟下达另一条注入"))
        self.from_steps.setText(self.tr("从预案处置步骤添加…"))
        self.from_steps.setToolTip(
            self.tr("从关联预案中选择处置步骤，每个步骤生成一项期望行动（执行方、时限随步骤）")
        )
        for table in (self.expected, self.decisions, self.follow_ups):
            table.retranslate()
            table.hint.hide()
        if self.root == "script":
            self.trigger_box.setTitle(self.tr("条件触发（在另一条注入或某个决策之后）"))
            self.trigger_form.retranslate()
        elif self.preconditions is not None:
            self.preconditions.retranslate()
            self.preconditions.hint.hide()
            self.pre_box.setTitle(self.tr("前提条件（抽卡时，须已下达某类别的卡或某条注入）"))

    def bind(self, row: int) -> None:
        self.base = (self.root, row if row >= 0 else NO_ROW)
        self.text.bind((*self.base, "text"))
        self.note.bind((*self.base, "note"))
        self.lists.base = self.base
        self.lists.refresh()
        if self.root == "script":
            path = (*self.base, "trigger")
            self.trigger_box.path = path  # type: ignore[attr-defined]
            self.trigger_form.base = path
            self.trigger_box.sync()  # type: ignore[attr-defined]
        elif self.preconditions is not None:
            self._rebind(self.preconditions, "preconditions")
        self._rebind(self.expected, "expected")
        self._rebind(self.decisions, "decisions")
        self._rebind(self.follow_ups, "follow_ups")
        self.setEnabled(row >= 0)

    def _rebind(self, table: TableEditor, field: str) -> None:
        old = table.model.source
        assert isinstance(old, DrillSource)
        table.model.set_source(
            DrillSource((*self.base, field), old.item_type, old.id_prefix, old.taken, old.factory)
        )

    def add_from_steps(self) -> None:
        plan = self.linked.plan
        row = self.base[1]
        if plan is None or not isinstance(row, int) or row == NO_ROW:
            dialogs.show_warning(
                self,
                self.tr("没有关联的预案"),
                self.tr("请先在“基本信息”中关联预案文件（并保存演练文件），才能选择预案内容。"),
            )
            return
        picked = drill_dialogs.pick_steps(self, plan, [])
        if not picked:
            return
        by_id = {s.id: s for p in plan.procedures for s in p.steps}
        drill: Drill = self.doc.model
        taken = expected_ids(drill)
        list_path = (*self.base, "expected")
        with self.doc.macro(self.tr("从预案处置步骤添加期望行动")):
            for step_id in picked:
                step = by_id.get(step_id)
                if step is None:
                    continue
                ident = next_id("e", taken)
                taken.append(ident)
                item = ExpectedAction(
                    id=ident,
                    text=step.action,
                    by=step.actor,
                    steps=[step.id],
                    within_min=step.within_min,
                )
                self.doc.append_item(list_path, item)
        self.setCurrentIndex(1)

    def focus(self, rest: SchemaPath) -> bool:
        if not rest:
            self.setCurrentIndex(0)
            self.text.setFocus()
            return True
        head = str(rest[0])
        tables = {
            "expected": (1, self.expected),
            "decisions": (2, self.decisions),
            "follow_ups": (2, self.follow_ups),
        }
        if head in tables:
            tab, table = tables[head]
            self.setCurrentIndex(tab)
            if len(rest) > 1 and isinstance(rest[1], int):
                return table.focus_cell(rest[1], str(rest[2]) if len(rest) > 2 else None)
            table.view.setFocus()
            return True
        self.setCurrentIndex(0)
        if head == "preconditions" and self.preconditions is not None:
            if len(rest) > 1 and isinstance(rest[1], int):
                return self.preconditions.focus_cell(
                    rest[1], str(rest[2]) if len(rest) > 2 else None
                )
            return True
        if head == "text":
            self.text.setFocus()
            return True
        if head == "note":
            self.note.setFocus()
            return True
        if head == "trigger" and self.root == "script":
            self.trigger_box.setFocus()
            return True
        return self.lists.focus(head)


SCRIPT_COLUMNS = ["id", "title", "at_min", "from_", "to", "channel", "text"]
CARD_COLUMNS = ["id", "title", "category", "severity", "weight", "to", "channel", "text"]


class InjectsPage(QWidget):
    """The script (or the card library): a time line, the table, the selected one's details."""

    def __init__(self, doc: Document, linked: LinkedPlan, root: str) -> None:
        super().__init__()
        self.doc = doc
        self.root = root
        item_type = Inject if root == "script" else Card
        columns = specs_for(item_type, only=SCRIPT_COLUMNS if root == "script" else CARD_COLUMNS)
        self.table = drill_table(
            doc,
            linked,
            DrillSource((root,), item_type, "i" if root == "script" else "k", inject_ids),
            columns,
            heading=True,
        )
        self.timeline: TimelineStrip | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if root == "script":
            self.timeline = TimelineStrip()
            self.timeline.lanes = 2
            self.timeline.setFixedHeight(self.timeline.sizeHint().height())
            self.timeline.item_clicked.connect(self.select_id)
            self._timeline_timer = QTimer(self)
            self._timeline_timer.setSingleShot(True)
            self._timeline_timer.setInterval(150)
            self._timeline_timer.timeout.connect(self.refresh_timeline)
            doc.changed.connect(self._timeline_timer.start)
        self.detail = InjectDetail(doc, linked, root)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 320])
        self.table.view.setMinimumHeight(80)
        for col, spec in enumerate(columns):
            if spec.name in ("at_min", "weight", "severity", "channel"):
                self.table.view.setColumnWidth(col, 110)
            elif spec.name == "to":
                self.table.view.setColumnWidth(col, 200)
        if self.timeline is not None:
            self.table.layout().insertWidget(1, self.timeline)
        layout.addWidget(self.splitter, 1)
        self.current = -1
        self.table.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.model.modelReset.connect(self._after_reset)
        self.retranslate()
        self.refresh_timeline()
        if self.table.model.rowCount():
            self.table.view.setCurrentIndex(self.table.model.index(0, 0))
        self._show(0 if self.table.model.rowCount() else -1)

    def retranslate(self) -> None:
        lang = current_language()
        self.table.retranslate()
        self.table.set_heading(label_of(Drill, self.root).text(lang))
        self.table.hint.setVisible(True)
        if self.root == "script":
            self.table.hint.setText(
                self.tr(
                    "上方时间轴按计划时间排列注入（虚线为视决策而定或未定时的注入），点击可选中。"
                    "选中一行后在下方编辑内容、期望行动和决策。"
                )
            )
        else:
            self.table.hint.setText(
                self.tr(
                    "无脚本演练时，导调在控制台按类别和严重程度从卡库中抽卡（按种子可复现）；"
                    "抽取权重越大越容易抽中。"
                )
            )
        if self.timeline is not None:
            self.timeline.unscheduled_label = self.tr("未定时")
            self.timeline.empty_label = self.tr("还没有注入")
            self.timeline.update()
        self.detail.retranslate()

    def refresh_timeline(self) -> None:
        if self.timeline is None:
            return
        drill: Drill = self.doc.model
        duration = drill.meta.duration_min
        self.timeline.set_items(planned_items(drill), duration * 60.0 if duration else None)
        row = self.current
        ids = [i.id for i in drill.script]
        self.timeline.set_selected(ids[row] if 0 <= row < len(ids) else None)

    def select_id(self, ident: str) -> None:
        items = getattr(self.doc.model, self.root)
        for row, item in enumerate(items):
            if item.id == ident:
                self.table.focus_cell(row, "title")
                self._show(row)
                return

    def _row_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        if current.isValid() and current.row() != self.current:
            self._show(current.row())

    def _after_reset(self) -> None:
        count = self.table.model.rowCount()
        row = min(self.current, count - 1) if count else -1
        if row < 0 and count:
            row = 0
        self._show(row, force=True)
        if row >= 0:
            self.table.view.setCurrentIndex(self.table.model.index(row, 0))

    def _show(self, row: int, *, force: bool = False) -> None:
        if row == self.current and not force:
            return
        self.current = row
        self.detail.bind(row)
        if self.timeline is not None:
            ids = [i.id for i in self.doc.model.script]
            self.timeline.set_selected(ids[row] if 0 <= row < len(ids) else None)

    def focus(self, rest: SchemaPath, span: tuple[int, int] | None = None) -> bool:
        if not rest or not isinstance(rest[0], int):
            self.table.view.setFocus()
            return True
        row = rest[0]
        if not 0 <= row < self.table.model.rowCount():
            return False
        self.table.view.setCurrentIndex(self.table.model.index(row, 0))
        self._show(row)
        tail = rest[1:]
        if tail and str(tail[0]) in (c.name for c in self.table.model.columns) and len(tail) == 1:
            return self.table.focus_cell(row, str(tail[0]))
        return self.detail.focus(tail)

    def save_state(self) -> QByteArray:
        return self.splitter.saveState()


CRITERION_COLUMNS = ["id", "text", "category", "weight", "key", "objective", "steps"]


class EvaluationPage(QScrollArea):
    def __init__(self, doc: Document, linked: LinkedPlan) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.method = FieldForm(doc, ("evaluation",), Evaluation, ["method"])
        self.criteria = drill_table(
            doc,
            linked,
            DrillSource(("evaluation", "criteria"), Criterion, "c"),
            specs_for(Criterion, only=CRITERION_COLUMNS),
        )
        self.criteria.view.setMinimumHeight(220)
        self.grades = drill_table(
            doc,
            linked,
            DrillSource(
                ("evaluation", "grades"), Grade, "", factory=lambda _: Grade(name="", min_score=0)
            ),
            specs_for(Grade),
        )
        self.grades.view.setMinimumHeight(150)
        self.levels = FieldForm(
            doc, ("evaluation", "level_scores"), LevelScores, list(LevelScores.model_fields)
        )
        self.criteria_box = _group("", self.criteria)
        self.grades_box = _group("", self.grades)
        self.levels_box = _group("", self.levels)
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.method)
        layout.addWidget(self.hint)
        layout.addWidget(self.criteria_box, 2)
        row = QHBoxLayout()
        row.addWidget(self.grades_box, 1)
        row.addWidget(self.levels_box, 1)
        layout.addLayout(row)
        self.setWidget(inner)
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        self.heading.setText(label_of(Drill, "evaluation").text(lang))
        self.criteria_box.setTitle(label_of(Evaluation, "criteria").text(lang))
        self.grades_box.setTitle(label_of(Evaluation, "grades").text(lang))
        self.levels_box.setTitle(label_of(Evaluation, "level_scores").text(lang))
        self.hint.setText(
            self.tr(
                "评估人员在控制台按评估项评分（0–100）或选择达到/部分达到/未达到；"
                "得分按权重加权，否决项未达到时结论为不合格（GB/T 46792-2025 附录 D）。"
            )
        )
        self.method.retranslate()
        self.levels.retranslate()
        for table in (self.criteria, self.grades):
            table.retranslate()
            table.hint.hide()

    def focus(self, rest: SchemaPath, span: tuple[int, int] | None = None) -> bool:
        if not rest:
            return self.method.focus("method")
        head = str(rest[0])
        if head in ("criteria", "grades"):
            table = self.criteria if head == "criteria" else self.grades
            if len(rest) > 1 and isinstance(rest[1], int):
                return table.focus_cell(rest[1], str(rest[2]) if len(rest) > 2 else None)
            table.view.setFocus()
            return True
        if head == "level_scores":
            return self.levels.focus(str(rest[1]) if len(rest) > 1 else "achieved")
        return self.method.focus(head)


FINDING_COLUMNS = ["id", "text", "severity", "ref", "owner", "due", "status", "inject", "criterion"]


class FindingsPage(QWidget):
    def __init__(self, doc: Document, linked: LinkedPlan) -> None:
        super().__init__()
        self.table = drill_table(
            doc,
            linked,
            DrillSource(("findings",), Finding, "F"),
            specs_for(Finding, only=FINDING_COLUMNS),
            heading=True,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.retranslate()
        self.table.hint.setVisible(True)
        self.table.hint.setText(
            self.tr("“涉及预案内容”双击后从关联预案中选择章节、处置步骤或登记表条目。")
        )
        self.table.set_heading(label_of(Drill, "findings").text(current_language()))

    def focus(self, rest: SchemaPath, span: tuple[int, int] | None = None) -> bool:
        if rest and isinstance(rest[0], int):
            return self.table.focus_cell(rest[0], str(rest[1]) if len(rest) > 1 else None)
        self.table.view.setFocus()
        return True


# --- the editor -------------------------------------------------------------------------------------

PAGES = ("meta", "participants", "script", "library", "evaluation", "findings")


class DrillEditor(DocumentEditor):
    """The central widget for a drill file."""

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        self.linked = LinkedPlan(doc, self)
        self.nav = QListWidget()
        self.nav.setMaximumWidth(220)
        self.nav.setMinimumWidth(150)
        self.pages = QStackedWidget()
        self.meta_page = MetaPage(doc, self.linked)
        self.participants_page = ParticipantsPage(doc, self.linked)
        self.script_page = InjectsPage(doc, self.linked, "script")
        self.library_page = InjectsPage(doc, self.linked, "library")
        self.evaluation_page = EvaluationPage(doc, self.linked)
        self.findings_page = FindingsPage(doc, self.linked)
        self.page_of = {
            "meta": self.meta_page,
            "participants": self.participants_page,
            "script": self.script_page,
            "library": self.library_page,
            "evaluation": self.evaluation_page,
            "findings": self.findings_page,
        }
        for name in PAGES:
            item = QListWidgetItem(self.nav)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.pages.addWidget(self.page_of[name])
        self.nav.currentRowChanged.connect(self._page_changed)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(10, 6, 6, 6)
        box_layout.addWidget(self.pages)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(box)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([180, 1100])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        doc.focus_requested.connect(self._focus_requested)
        self.retranslate()
        self.nav.setCurrentRow(0)

    def retranslate(self) -> None:
        lang = current_language()
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            item.setText(label_of(Drill, item.data(Qt.ItemDataRole.UserRole)).text(lang))
        for page in self.page_of.values():
            page.retranslate()  # type: ignore[attr-defined]

    def _page_changed(self, row: int) -> None:
        if row >= 0:
            self.pages.setCurrentIndex(row)
            self.location_changed.emit((PAGES[row],))

    def show_page(self, name: str) -> QWidget:
        self.nav.setCurrentRow(PAGES.index(name))
        return self.page_of[name]

    def current_path(self) -> SchemaPath:
        row = self.nav.currentRow()
        return (PAGES[row],) if row >= 0 else ()

    def select_path(self, path: SchemaPath, span: tuple[int, int] | None = None) -> bool:
        if not path:
            self.show_page("meta")
            return True
        head = str(path[0])
        if head not in self.page_of:
            return False
        page = self.show_page(head)
        return bool(page.focus(tuple(path[1:]), span))  # type: ignore[attr-defined]

    def _focus_requested(self, path: SchemaPath) -> None:
        if path and str(path[0]) in self.page_of and self.current_path()[:1] != path[:1]:
            self.show_page(str(path[0]))

    def save_state(self) -> QByteArray:
        return self.splitter.saveState()

    def restore_state(self, state: QByteArray) -> None:
        self.splitter.restoreState(state)


__all__ = ["DrillEditor", "DrillTableModel", "LinkedPlan", "planned_items", "step_choices"]
