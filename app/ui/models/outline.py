"""The outline of a plan: 基本信息, the numbered sections, the structured parts, 附件.

Nodes point at model objects (sections by identity), so a section keeps its node
through moves; structural edits rebuild the tree (a model reset) and the view restores
selection and expansion by node key. Sections can be dragged to a new place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.i18n import T, current_language
from app.model.plan import PARTS, Plan, Section
from app.model.problems import Path
from app.model.validation import field_info
from app.ui.document import Document, try_resolve
from app.ui.findings import badge_icon
from app.ui.numbering import section_numbers

MIME = "application/x-plandrill-section"
PathRole = Qt.ItemDataRole.UserRole + 2
KeyRole = Qt.ItemDataRole.UserRole + 10
FindingsRole = Qt.ItemDataRole.UserRole + 11  # open drill findings on the node (count)

# The structured parts, in outline order (schema order).
PART_NODES: tuple[str, ...] = PARTS

Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class Node:
    kind: str  # "meta" | "sections" | "section" | "part" | "appendices" | "appendix"
    name: str  # field name for meta/parts/roots; "" for sections
    parent: Node | None = None
    section: Section | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, Any]:
        """Stable across rebuilds: sections by identity, the rest by name."""
        if self.section is not None:
            return ("section", id(self.section))
        return (self.kind, self.name)

    def row(self) -> int:
        siblings = self.parent.children if self.parent else []
        return next(i for i, n in enumerate(siblings) if n is self)


def part_label(name: str) -> T:
    label, _ = field_info(Plan, (name,))
    return label or T(name, name)


class OutlineModel(QAbstractItemModel):
    def __init__(self, doc: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.root = Node("root", "")
        self._by_key: dict[tuple[str, Any], Node] = {}
        self._numbers: dict[int, str] = {}
        self._resetting = False
        self.findings: Any = None  # app.ui.findings.PlanFindings, for the badges
        self._build()
        doc.structure_about_to_change.connect(self._on_structure_about)
        doc.structure_changed.connect(self._on_structure_done)
        doc.value_changed.connect(self._on_value_changed)
        doc.model_about_to_be_replaced.connect(self._begin)
        doc.model_replaced.connect(self._end)

    # --- tree ---------------------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        return self.doc.model  # type: ignore[no-any-return]

    def _build(self) -> None:
        plan = self.plan
        root = Node("root", "")
        root.children.append(Node("meta", "meta", root))
        sections = Node("sections", "sections", root)
        root.children.append(sections)
        self._add_sections(sections, plan.sections, "section")
        for name in PART_NODES:
            root.children.append(Node("part", name, root))
        appendices = Node("appendices", "appendices", root)
        root.children.append(appendices)
        self._add_sections(appendices, plan.appendices, "appendix")
        self.root = root
        self._by_key = {}
        self._index_nodes(root)
        self._numbers = section_numbers(plan)

    def _add_sections(self, parent: Node, items: list[Section], kind: str) -> None:
        for section in items:
            node = Node(kind, "", parent, section)
            parent.children.append(node)
            self._add_sections(node, section.children, kind)

    def _index_nodes(self, node: Node) -> None:
        for child in node.children:
            self._by_key[child.key] = child
            self._index_nodes(child)

    def node(self, index: Index) -> Node:
        if not index.isValid():
            return self.root
        node = index.internalPointer()
        assert isinstance(node, Node)
        return node

    def index_for(self, node: Node | None) -> QModelIndex:
        if node is None or node is self.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def index_for_key(self, key: tuple[str, Any]) -> QModelIndex:
        node = self._by_key.get(key)
        return self.index_for(node) if node is not None else QModelIndex()

    def node_for_section(self, section: Section) -> Node | None:
        return self._by_key.get(("section", id(section)))

    def path_of(self, node: Node) -> Path:
        """The schema path a node edits: ("meta",), ("contacts",), ("sections", 0, …)."""
        if node.section is None:
            return (node.name,)
        parts: list[str | int] = []
        current: Node | None = node
        while current is not None and current.section is not None:
            parts[:0] = [current.row()]
            parent = current.parent
            if parent is not None and parent.section is not None:
                parts[:0] = ["children"]
            current = parent
        assert current is not None
        return (current.name, *parts)

    def number(self, section: Section) -> str:
        return self._numbers.get(id(section), "")

    # --- Qt model API -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        return self.index_for(self.node(index).parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == KeyRole:
            return node.key
        if role == PathRole:
            return self.path_of(node)
        if role == Qt.ItemDataRole.DecorationRole:
            found = self.findings_of(node)
            if found:
                return badge_icon(len(found), any(f.finding.severity == "serious" for f in found))
            return None
        if role == FindingsRole:
            return len(self.findings_of(node))
        return None

    def set_findings(self, findings: Any) -> None:
        """Show the open findings of ``findings`` (a ``PlanFindings``) as badges."""
        self.findings = findings
        findings.changed.connect(self._emit_all)
        self._emit_all()

    def findings_of(self, node: Node) -> list[Any]:
        """A section's own findings; a part's findings on any of its rows."""
        if self.findings is None or node is self.root:
            return []
        if node.section is not None:
            return self.findings.at(self.path_of(node))  # type: ignore[no-any-return]
        if node.kind in ("part", "meta"):
            return self.findings.at((node.name,), nested=True)  # type: ignore[no-any-return]
        return []

    def _label(self, node: Node) -> str:
        lang = current_language()
        if node.section is not None:
            number = self.number(node.section)
            title = node.section.title or self.tr("（无标题）")
            sep = "" if number.endswith(("、", "）")) else " "
            return f"{number}{sep}{title}" if number else title
        label = part_label(node.name).text(lang)
        if node.kind == "part":
            ok, value = try_resolve(self.plan, (node.name,))
            if node.name == "organization":
                count = len(self.plan.organization.units())
            else:
                count = len(value) if ok and isinstance(value, list) else 0
            return f"{label} ({count})" if count else label
        if node.kind == "sections":
            return self.tr("正文")
        return label

    def _tooltip(self, node: Node) -> str | None:
        tip = None
        if node.section is not None and node.section.element:
            tip = self.tr("对应要素：{element}").format(element=node.section.element)
        elif node.kind == "sections":
            tip = self.tr("预案正文的章节；拖动可调整顺序和层级")
        found = self.findings_of(node)
        if found:
            lines = [self.tr("演练发现的待整改问题：")]
            lines += [f"• {f.finding.id} {f.finding.text}（{f.drill_title}）" for f in found[:8]]
            if len(found) > 8:
                lines.append(self.tr("……共 {n} 项").format(n=len(found)))
            tip = "\n".join([tip, *lines] if tip else lines)
        return tip

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        node = self.node(index)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.section is not None:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        elif node.kind in ("sections", "appendices"):
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # --- drag and drop (sections only) ------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        nodes = [self.node(i) for i in indexes if i.isValid()]
        paths = [list(self.path_of(n)) for n in nodes if n.section is not None]
        data.setData(MIME, QByteArray(json.dumps(paths[:1]).encode("utf-8")))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(MIME) or action != Qt.DropAction.MoveAction:
            return False
        target = self.node(parent)
        return target.section is not None or target.kind in ("sections", "appendices")

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            paths = json.loads(bytes(data.data(MIME).data()).decode("utf-8"))
            src = tuple(paths[0])
        except (ValueError, IndexError, TypeError):
            return False
        target = self.node(parent)
        dst_list = self.path_of(target)
        if target.section is not None:
            dst_list = (*dst_list, "children")
        count = len(target.children)
        index = count if row < 0 else min(row, count)
        self.doc.move_item(tuple(src[:-1]), int(src[-1]), dst_list, index, text=self.tr("移动章节"))
        # The move is done; False keeps the view from also removing the source row.
        return False

    # --- following the document -------------------------------------------------------------

    def _concerns(self, path: Path) -> bool:
        return bool(path) and path[0] in ("sections", "appendices")

    def _begin(self) -> None:
        if not self._resetting:
            self._resetting = True
            self.beginResetModel()

    def _end(self) -> None:
        if self._resetting:
            self._build()
            self._resetting = False
            self.endResetModel()

    def _on_structure_about(self, lists: tuple[Path, ...]) -> None:
        if any(self._concerns(p) for p in lists):
            self._begin()

    def _on_structure_done(self, lists: tuple[Path, ...]) -> None:
        if self._resetting:
            self._end()
            return
        for path in lists:  # a register grew or shrank: its count changed
            node = self._by_key.get(("part", str(path[0]))) if path else None
            if node is not None:
                idx = self.index_for(node)
                self.dataChanged.emit(idx, idx)

    def _on_value_changed(self, path: Path) -> None:
        if not path:
            return
        if self._concerns(path) and path[-1] in ("title", "element"):
            ok, section = try_resolve(self.plan, path[:-1])
            node = self.node_for_section(section) if ok else None
            if node is not None:
                idx = self.index_for(node)
                self.dataChanged.emit(idx, idx)
        elif self._concerns(path) and path[-1] == "children":
            self._begin()
            self._end()
        elif path[:2] in (("meta", "kind"), ("meta", "numbering")) or path == ("meta",):
            self._numbers = section_numbers(self.plan)
            self._emit_all()
        elif path[0] == "organization" and len(path) <= 2:
            node = self._by_key.get(("part", "organization"))
            if node is not None:
                idx = self.index_for(node)
                self.dataChanged.emit(idx, idx)

    def _emit_all(self) -> None:
        def walk(node: Node) -> None:
            if node.children:
                first = self.index_for(node.children[0])
                last = self.index_for(node.children[-1])
                self.dataChanged.emit(first, last)
                for child in node.children:
                    walk(child)

        walk(self.root)

    def retranslate(self) -> None:
        self._emit_all()
