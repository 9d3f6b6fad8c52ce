"""Table models over the registers of a plan (contacts, resources, steps…).

``RecordTableModel`` shows the rows of one list in the document, one column per schema
field; headers are the schema's field titles. Edits go through the document (undoable);
the model follows the document's signals, so undo, redo and other views stay in sync.
Where the rows come from is a ``RowSource``: a plain list, or the organisation (command
body, office and working groups in one table).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.i18n import T, current_language
from app.model import refs
from app.model.plan import OrgUnit, Plan
from app.model.problems import Path
from app.ui.document import Document, resolve, try_resolve
from app.ui.fields import (
    CONTACTS,
    LEVELS,
    ORG,
    FieldSpec,
    Kind,
    ParseError,
    display_text,
    next_id,
    parse_text,
    ref_name,
)

SpecRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2
RawRole = Qt.ItemDataRole.UserRole + 3

_REF_SOURCES = {ORG: ("organization",), CONTACTS: ("contacts",), LEVELS: ("levels",)}
_MISSING = QColor(190, 30, 30)

Index = QModelIndex | QPersistentModelIndex


class RowSource:
    """Which rows a table shows and how rows are added, removed and moved."""

    item_type: type[BaseModel]
    id_prefix: str = ""

    def row_paths(self, doc: Document) -> list[Path]:  # pragma: no cover - abstract
        raise NotImplementedError

    def watches(self, list_path: Path) -> bool:
        """Whether a structural change of ``list_path`` changes the rows."""
        raise NotImplementedError  # pragma: no cover - abstract

    def new_item(self, doc: Document) -> BaseModel:
        fields: dict[str, Any] = {}
        if "id" in self.item_type.model_fields:
            taken = [getattr(resolve(doc.model, p), "id", "") for p in self.row_paths(doc)]
            fields["id"] = next_id(self.id_prefix, taken)
        return self.item_type(**fields)

    def insert(self, doc: Document, row: int, item: BaseModel, text: str) -> None:
        raise NotImplementedError  # pragma: no cover - abstract

    def remove(self, doc: Document, row: int, text: str) -> None:
        raise NotImplementedError  # pragma: no cover - abstract

    def can_move(self, doc: Document, row: int, delta: int) -> bool:
        raise NotImplementedError  # pragma: no cover - abstract

    def move(self, doc: Document, row: int, delta: int, text: str) -> None:
        raise NotImplementedError  # pragma: no cover - abstract


class ListSource(RowSource):
    def __init__(self, list_path: Path, item_type: type[BaseModel], id_prefix: str = "") -> None:
        self.list_path = list_path
        self.item_type = item_type
        self.id_prefix = id_prefix

    def row_paths(self, doc: Document) -> list[Path]:
        if any(isinstance(p, int) and p < 0 for p in self.list_path):
            return []  # "no list" (e.g. no procedure selected), not Python's last item
        ok, rows = try_resolve(doc.model, self.list_path)
        if not ok or not isinstance(rows, list):
            return []
        return [(*self.list_path, i) for i in range(len(rows))]

    def watches(self, list_path: Path) -> bool:
        # our own list, or a list above it (our list may now sit elsewhere)
        return self.list_path[: len(list_path)] == list_path

    def insert(self, doc: Document, row: int, item: BaseModel, text: str) -> None:
        doc.insert_item(self.list_path, row, item, text=text)

    def remove(self, doc: Document, row: int, text: str) -> None:
        doc.remove_item(self.list_path, row, text=text)

    def can_move(self, doc: Document, row: int, delta: int) -> bool:
        return 0 <= row + delta < len(self.row_paths(doc)) and row >= 0

    def move(self, doc: Document, row: int, delta: int, text: str) -> None:
        target = row + delta + (1 if delta > 0 else 0)
        doc.move_item(self.list_path, row, self.list_path, target, text=text)


class OrgSource(RowSource):
    """Command body, office, then the working groups, in one table."""

    item_type = OrgUnit
    id_prefix = "g"

    def row_paths(self, doc: Document) -> list[Path]:
        org = doc.model.organization
        out: list[Path] = []
        if org.command is not None:
            out.append(("organization", "command"))
        if org.office is not None:
            out.append(("organization", "office"))
        out += [("organization", "groups", i) for i in range(len(org.groups))]
        return out

    def _fixed(self, doc: Document) -> int:
        org = doc.model.organization
        return (org.command is not None) + (org.office is not None)

    def watches(self, list_path: Path) -> bool:
        return list_path in (("organization", "groups"),)

    def insert(self, doc: Document, row: int, item: BaseModel, text: str) -> None:
        index = max(0, row - self._fixed(doc))
        doc.insert_item(("organization", "groups"), index, item, text=text)

    def remove(self, doc: Document, row: int, text: str) -> None:
        path = self.row_paths(doc)[row]
        if path[-1] in ("command", "office"):
            doc.set_value(path, None, text=text)
        else:
            doc.remove_item(("organization", "groups"), int(path[-1]), text=text)

    def can_move(self, doc: Document, row: int, delta: int) -> bool:
        fixed = self._fixed(doc)
        count = len(self.row_paths(doc))
        return row >= fixed and fixed <= row + delta < count

    def move(self, doc: Document, row: int, delta: int, text: str) -> None:
        index = row - self._fixed(doc)
        target = index + delta + (1 if delta > 0 else 0)
        groups = ("organization", "groups")
        doc.move_item(groups, index, groups, target, text=text)


class RecordTableModel(QAbstractTableModel):
    """Rows of one register; one column per field spec."""

    def __init__(
        self,
        doc: Document,
        source: RowSource,
        columns: list[FieldSpec],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.source = source
        self.columns = columns
        self._reload_rows()
        self._col_of = {c.name: i for i, c in enumerate(columns)}
        self._resetting = False
        self._ref_columns = [i for i, c in enumerate(columns) if c.ref]
        doc.value_changed.connect(self._on_value_changed)
        doc.structure_about_to_change.connect(self._on_structure_about)
        doc.structure_changed.connect(self._on_structure_done)
        doc.model_about_to_be_replaced.connect(self._begin_reset)
        doc.model_replaced.connect(self._end_reset)

    # --- lookups ----------------------------------------------------------------------

    def row_path(self, row: int) -> Path:
        return self._rows[row]

    def row_of(self, path: Path) -> int | None:
        return self._row_of.get(path)

    def column_of(self, name: str) -> int | None:
        return self._col_of.get(name)

    def cell_path(self, index: Index) -> Path:
        return (*self._rows[index.row()], self.columns[index.column()].name)

    def item(self, row: int) -> Any:
        return resolve(self.doc.model, self._rows[row])

    def set_source(self, source: RowSource) -> None:
        self.beginResetModel()
        self.source = source
        self._reload_rows()
        self.endResetModel()

    # --- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            spec = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return spec.label.text(current_language())
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._header_tip(spec)
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return self._row_header(section)
        return None

    def _row_header(self, row: int) -> str:
        path = self._rows[row]
        if path[-1] == "command":
            return self.tr("指挥")
        if path[-1] == "office":
            return self.tr("办事")
        return str(row + 1 - self._fixed_rows)  # groups count from 1 after command/office

    def _header_tip(self, spec: FieldSpec) -> str:
        if spec.kind is Kind.LINES:
            return self.tr("每行一项")
        if spec.kind in (Kind.REF, Kind.REFS):
            return self.tr("从已有条目中选择")
        if spec.name == "id":
            return self.tr("编号用于相互引用，须唯一，不能含空格")
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.checkIndex(index):
            return None
        spec = self.columns[index.column()]
        if role == SpecRole:
            return spec
        if role == PathRole:
            return self.cell_path(index)
        ok, value = try_resolve(self.doc.model, self.cell_path(index))
        if not ok:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(spec, value, current_language(), self.doc.model)
        if role in (Qt.ItemDataRole.EditRole, RawRole):
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(spec, value)
        if role == Qt.ItemDataRole.ForegroundRole and self._missing_ref(spec, value):
            return QBrush(_MISSING)
        return None

    def _missing_ref(self, spec: FieldSpec, value: Any) -> bool:
        if spec.kind is Kind.REF and spec.ref and value is not None:
            return ref_name(self.doc.model, spec.ref, value) is None
        if spec.kind is Kind.REFS and spec.ref:
            return any(ref_name(self.doc.model, spec.ref, v) is None for v in value)
        return False

    def _tooltip(self, spec: FieldSpec, value: Any) -> str | None:
        if spec.kind is Kind.LINES and value:
            return "\n".join(value)
        if spec.kind is Kind.REF and value is not None and spec.ref:
            if ref_name(self.doc.model, spec.ref, value) is None:
                return self.tr("“{id}”不存在，请重新选择").format(id=value)
            return self.tr("编号：{id}").format(id=value)
        if spec.kind is Kind.REFS and value and spec.ref:
            return "\n".join(
                f"{ref_name(self.doc.model, spec.ref, v) or '⚠'}（{v}）" for v in value
            )
        if spec.kind is Kind.TEXT and isinstance(value, str) and len(value) > 30:
            return value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.checkIndex(index):
            return False
        spec = self.columns[index.column()]
        if isinstance(value, str) and spec.kind is not Kind.TEXT:
            try:
                value = parse_text(spec, value)
            except ParseError as exc:
                self.doc.rejected.emit(exc.message)
                return False
        elif isinstance(value, str):
            value = value.strip()
            if not value and spec.optional:
                value = None
            elif not value and spec.required:
                self.doc.rejected.emit(
                    T(f"“{spec.label.zh}”不能为空", f"'{spec.label.en}' must not be empty")
                )
                return False
        label = spec.label.text(current_language())
        return self.set_cell(index, value, text=self.tr("修改“{field}”").format(field=label))

    def set_cell(self, index: Index, value: Any, *, text: str = "") -> bool:
        """Store a cell's value; a new id is carried through every reference to the row."""
        if self.columns[index.column()].name == "id":
            return self._rename(index.row(), value, text)
        return self.doc.set_value(self.cell_path(index), value, text=text)

    def _rename(self, row: int, new: Any, text: str) -> bool:
        row_path = self._rows[row]
        item = self.item(row)
        old = getattr(item, "id", None)
        if new == old:
            return True
        plan = self.doc.model
        register = refs.REGISTER_OF.get(type(item)) if isinstance(plan, Plan) else None
        if register is not None:
            taken = refs.id_taken(plan, register, str(new), besides=row_path)
        else:
            taken = any(
                getattr(self.item(r), "id", None) == new for r in range(len(self._rows)) if r != row
            )
        if taken:
            self.doc.rejected.emit(
                T(f"编号“{new}”已被使用，请换一个", f"The id '{new}' is taken; choose another")
            )
            return False
        edits = refs.rename_edits(plan, register, old, str(new)) if register and old else []
        if not edits:
            return self.doc.set_value((*row_path, "id"), new, text=text)
        try:  # refuse a bad id before anything is pushed (the document says why)
            type(item).__pydantic_validator__.validate_assignment(item.model_copy(), "id", new)
        except ValidationError:
            return self.doc.set_value((*row_path, "id"), new, text=text)
        with self.doc.macro(text or self.tr("修改编号")):
            if not self.doc.set_value((*row_path, "id"), new):
                return False
            for path, value in edits:
                self.doc.set_value(path, value)
        return True

    # --- row operations -------------------------------------------------------------------

    def insert_new(self, row: int | None = None) -> int:
        """Add a new row (after ``row``, or at the end); returns its row number."""
        at = len(self._rows) if row is None else max(0, min(row, len(self._rows)))
        item = self.source.new_item(self.doc)
        self.source.insert(self.doc, at, item, self.tr("添加行"))
        return self._find_item(item, at)

    def remove_rows_at(self, rows: list[int]) -> None:
        rows = sorted({r for r in rows if 0 <= r < len(self._rows)}, reverse=True)
        if not rows:
            return
        with self.doc.macro(self.tr("删除 {n} 行").format(n=len(rows))):
            for row in rows:
                self.source.remove(self.doc, row, self.tr("删除行"))

    def can_move(self, row: int, delta: int) -> bool:
        return self.source.can_move(self.doc, row, delta)

    def move_row(self, row: int, delta: int) -> int:
        if not self.can_move(row, delta):
            return row
        item = self.item(row)
        self.source.move(self.doc, row, delta, self.tr("移动行"))
        return self._find_item(item, row + delta)

    def _find_item(self, item: Any, guess: int) -> int:
        for i, path in enumerate(self._rows):
            ok, value = try_resolve(self.doc.model, path)
            if ok and value is item:
                return i
        return max(0, min(guess, len(self._rows) - 1))

    # --- following the document -------------------------------------------------------------

    def _reload_rows(self) -> None:
        self._rows = self.source.row_paths(self.doc)
        self._row_of = {p: i for i, p in enumerate(self._rows)}
        self._fixed_rows = sum(1 for p in self._rows if not isinstance(p[-1], int))

    def _begin_reset(self) -> None:
        if not self._resetting:
            self._resetting = True
            self.beginResetModel()

    def _end_reset(self) -> None:
        if self._resetting:
            self._reload_rows()
            self._resetting = False
            self.endResetModel()

    def _on_structure_about(self, lists: tuple[Path, ...]) -> None:
        if any(self.source.watches(p) for p in lists):
            self._begin_reset()

    def _on_structure_done(self, lists: tuple[Path, ...]) -> None:
        if self._resetting:
            self._end_reset()
        elif self._ref_columns and any(self._is_ref_source(p) for p in lists):
            self._refresh_refs()

    def _on_value_changed(self, path: Path) -> None:
        if isinstance(self.source, OrgSource) and path in (
            ("organization", "command"),
            ("organization", "office"),
            ("organization",),
        ):
            self._begin_reset()  # rows appear or disappear
            self._end_reset()
            return
        row = self._row_of.get(path[:-1])
        if row is not None:
            col = self._col_of.get(str(path[-1]))
            if col is not None:
                cell = self.index(row, col)
                self.dataChanged.emit(cell, cell)
        elif path in self._row_of:  # a whole row replaced
            row = self._row_of[path]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        elif isinstance(self.source, ListSource) and self.source.watches(path):
            self._begin_reset()  # a list above ours was replaced
            self._end_reset()
        if self._ref_columns and self._is_ref_source(path):
            self._refresh_refs()

    def _is_ref_source(self, path: Path) -> bool:
        for i in self._ref_columns:
            ref = self.columns[i].ref
            prefix = _REF_SOURCES.get(ref or "", ())
            if prefix and path[: len(prefix)] == prefix:
                return True
        return False

    def _refresh_refs(self) -> None:
        if not self._rows:
            return
        for col in self._ref_columns:
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )


_NUMERIC = (Kind.INT, Kind.FLOAT, Kind.NUMBER)


class RegisterProxy(QSortFilterProxyModel):
    """Sorting and filtering of a register for the view only: the plan keeps its order.

    Numbers sort as numbers, dates as dates, text as Chinese readers expect (the
    collator of the Chinese locale orders by pinyin); empty cells go last. Rows are not
    re-sorted while being edited (no dynamic sort): a row that jumps away under the
    cursor loses the user's place.
    """

    def __init__(self, source: RecordTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setDynamicSortFilter(False)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self._collator.setNumericMode(True)

    def source(self) -> RecordTableModel:
        return self.sourceModel()  # type: ignore[return-value]

    def lessThan(self, left: Index, right: Index) -> bool:
        spec = self.source().columns[left.column()]
        a, b = left.data(RawRole), right.data(RawRole)
        if spec.kind in _NUMERIC or spec.kind is Kind.DATE:
            if a is None or b is None:
                return a is not None and b is None
            return bool(a < b)
        ta = str(left.data(Qt.ItemDataRole.DisplayRole) or "")
        tb = str(right.data(Qt.ItemDataRole.DisplayRole) or "")
        if not ta or not tb:
            return bool(ta) and not tb
        return self._collator.compare(ta, tb) < 0

    def is_rearranged(self) -> bool:
        """Whether view rows differ from plan rows (sorted or filtered)."""
        return self.sortColumn() >= 0 or bool(self.filterRegularExpression().pattern())
