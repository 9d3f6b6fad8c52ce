"""The plan editor: outline on the left, the editor of the selected part on the right."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import current_language
from app.model.plan import Plan, Section, walk_sections
from app.model.problems import Path
from app.ui.document import Document, try_resolve
from app.ui.editor_base import DocumentEditor
from app.ui.editors.meta import MetaEditor
from app.ui.editors.registers import (
    REGISTERS,
    OrganizationEditor,
    ProceduresEditor,
    register_editor,
)
from app.ui.editors.section import SectionEditor
from app.ui.editors.table import with_shortcut
from app.ui.fields import next_id
from app.ui.findings import FindingsPanel, PlanFindings
from app.ui.models.outline import PART_NODES, Node, OutlineModel, part_label


class OutlineView(QTreeView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setExpandsOnDoubleClick(True)
        self.setAnimated(False)


class OverviewPage(QWidget):
    """For the 正文 and 附件 nodes: the table of contents as numbered headings."""

    def __init__(self, doc: Document, outline: OutlineModel, root: str) -> None:
        super().__init__()
        self.doc = doc
        self.outline = outline
        self.root = root
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        self.toc = QTextBrowser()
        self.toc.setOpenLinks(False)
        self.toc.anchorClicked.connect(self._open)
        self.add_button = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.toc, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        doc.changed.connect(self._changed)
        self.on_open: Any = None
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        if self.root == "sections":
            self.heading.setText(self.tr("正文目录"))
            self.hint.setText(
                self.tr(
                    "标题编号按大纲自动生成。点击标题可编辑该章节；"
                    "在左侧大纲中拖动章节，或用“章节”菜单调整顺序和层级。"
                )
            )
            self.add_button.setText(self.tr("添加章节"))
        else:
            self.heading.setText(part_label("appendices").text(lang))
            self.hint.setText(self.tr("附件按顺序编号为附件1、附件2……点击标题可编辑。"))
            self.add_button.setText(self.tr("添加附件"))
        self.refresh()

    def _changed(self) -> None:
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: Any) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        plan: Plan = self.doc.model
        items = walk_sections(getattr(plan, self.root), (self.root,))
        rows = []
        no_content = html.escape(self.tr("（无内容）"))
        for path, section, depth in items:
            number = self.outline.number(section)
            title = html.escape(section.title or self.tr("（无标题）"))
            empty = not section.body.strip() and not section.insert and not section.children
            mark = f" <span style='color:#a0522d'>{no_content}</span>" if empty else ""
            link = "/".join(str(p) for p in path)
            rows.append(
                f"<div style='margin-left:{(depth - 1) * 22}px; margin-bottom:4px'>"
                f"<a href='{link}' style='text-decoration:none'>{html.escape(number)} {title}</a>"
                f"{mark}</div>"
            )
        if not rows:
            nothing = html.escape(self.tr("还没有内容。"))
            rows.append(f"<p style='color:gray'>{nothing}</p>")
        self.toc.setHtml("".join(rows))

    def _open(self, url: Any) -> None:
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in url.toString().split("/")]
        if self.on_open is not None:
            self.on_open(tuple(parts))


class LazyPages(dict[str, Any]):
    """``editor.register_pages["contacts"]``: the table page of a register, built on demand."""

    def __init__(self, editor: PlanEditor) -> None:
        super().__init__()
        self._editor = editor

    def __missing__(self, part: str) -> Any:
        if part not in REGISTERS:
            raise KeyError(part)
        return self._editor._page(part)


class PlanEditor(DocumentEditor):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        self.outline_model = OutlineModel(doc, self)
        self.outline = OutlineView()
        self.outline.setModel(self.outline_model)
        self.outline.setMinimumWidth(200)

        # Pages other than the first are built when first shown: opening stays fast.
        self.pages = QStackedWidget()
        self._built: dict[str, QWidget] = {}
        self.meta_page = self._add_page("meta", MetaEditor(doc))
        self.section_page = self._add_page("section", SectionEditor(doc, self.outline_model))
        self.register_pages = LazyPages(self)

        # findings of the drills that exercise this plan: badges and a list per element
        self.findings = PlanFindings(doc, self)
        self.outline_model.set_findings(self.findings)
        self.findings_panel = FindingsPanel(self.findings, self)

        page_box = QWidget()
        page_layout = QVBoxLayout(page_box)
        page_layout.setContentsMargins(10, 6, 6, 6)
        page_layout.addWidget(self.pages, 1)
        page_layout.addWidget(self.findings_panel)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(page_box)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 1000])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._make_actions()
        self._collapsed: set[tuple[str, Any]] = set()
        self._current_key: tuple[str, Any] | None = None
        self.outline.collapsed.connect(
            lambda i: self._collapsed.add(self.outline_model.node(i).key)
        )
        self.outline.expanded.connect(
            lambda i: self._collapsed.discard(self.outline_model.node(i).key)
        )
        self.outline.selectionModel().currentChanged.connect(self._current_changed)
        self.outline.customContextMenuRequested.connect(self._context_menu)
        self.outline_model.modelAboutToBeReset.connect(self._before_reset)
        self.outline_model.modelReset.connect(self._after_reset)
        doc.focus_requested.connect(self._focus_requested)
        self.outline.expandAll()
        self.retranslate()
        self.select_key(("meta", "meta"))

    # --- pages -----------------------------------------------------------------------------

    def _add_page(self, name: str, page: Any) -> Any:
        self._built[name] = page
        self.pages.addWidget(page)
        return page

    def _page(self, name: str) -> Any:
        page = self._built.get(name)
        if page is not None:
            return page
        doc = self.doc
        if name in ("sections", "appendices"):
            page = OverviewPage(doc, self.outline_model, name)
            page.on_open = self.select_path
            page.add_button.clicked.connect(lambda _=False, n=name: self.add_section(root=n))
        elif name == "organization":
            page = OrganizationEditor(doc)
        elif name == "procedures":
            page = ProceduresEditor(doc)
        else:
            page = register_editor(doc, name)
        return self._add_page(name, page)

    @property
    def sections_page(self) -> OverviewPage:
        return self._page("sections")  # type: ignore[no-any-return]

    @property
    def appendices_page(self) -> OverviewPage:
        return self._page("appendices")  # type: ignore[no-any-return]

    @property
    def organization_page(self) -> OrganizationEditor:
        return self._page("organization")  # type: ignore[no-any-return]

    @property
    def procedures_page(self) -> ProceduresEditor:
        return self._page("procedures")  # type: ignore[no-any-return]

    # --- actions ---------------------------------------------------------------------------

    def _make_actions(self) -> None:
        def make(keys: str, slot: Any) -> QAction:
            action = QAction(self)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.outline.addAction(action)
            return action

        self.add_section_action = make("Ctrl+Shift+N", lambda: self.add_section())
        self.add_child_action = make("Ctrl+Alt+N", lambda: self.add_section(child=True))
        self.remove_section_action = make("Del", self.remove_section)
        self.indent_action = make("Alt+Right", self.indent)
        self.outdent_action = make("Alt+Left", self.outdent)
        self.up_action = make("Alt+Up", lambda: self.move_section(-1))
        self.down_action = make("Alt+Down", lambda: self.move_section(1))
        # The section keys also work while typing in the section editor.
        for action in (self.add_section_action, self.add_child_action):
            self.section_page.addAction(action)

    def edit_actions(self) -> list[QAction]:
        return [
            self.add_section_action,
            self.add_child_action,
            self.remove_section_action,
            self.indent_action,
            self.outdent_action,
            self.up_action,
            self.down_action,
        ]

    def retranslate(self) -> None:
        for action, text in (
            (self.add_section_action, self.tr("添加章节")),
            (self.add_child_action, self.tr("添加下级章节")),
            (self.remove_section_action, self.tr("删除章节")),
            (self.indent_action, self.tr("降为下级")),
            (self.outdent_action, self.tr("升为上级")),
            (self.up_action, self.tr("上移章节")),
            (self.down_action, self.tr("下移章节")),
        ):
            action.setText(text)
            action.setToolTip(with_shortcut(text, action))
        for page in self._built.values():
            page.retranslate()
        self.findings_panel.retranslate()
        self.outline_model.retranslate()
        self._update_actions()

    # --- outline state across rebuilds ---------------------------------------------------------

    def _before_reset(self) -> None:
        index = self.outline.currentIndex()
        self._current_key = self.outline_model.node(index).key if index.isValid() else None
        self._parent_key = None
        if index.isValid():
            parent = self.outline_model.node(index).parent
            if parent is not None and parent.parent is not None:
                self._parent_key = parent.key

    def _after_reset(self) -> None:
        self.outline.expandAll()
        for key in self._collapsed:
            index = self.outline_model.index_for_key(key)
            if index.isValid():
                self.outline.collapse(index)
        key = self._current_key
        if key is not None and self.outline_model.index_for_key(key).isValid():
            self.select_key(key)
        elif self._parent_key is not None:
            self.select_key(self._parent_key)
        else:
            self.select_key(("sections", "sections"))

    # --- selection ---------------------------------------------------------------------------

    def current_node(self) -> Node | None:
        index = self.outline.currentIndex()
        return self.outline_model.node(index) if index.isValid() else None

    def current_path(self) -> Path:
        node = self.current_node()
        return self.outline_model.path_of(node) if node is not None else ()

    def select_key(self, key: tuple[str, Any]) -> bool:
        index = self.outline_model.index_for_key(key)
        if not index.isValid():
            return False
        self.outline.setCurrentIndex(index)
        self.outline.scrollTo(index)
        self._show(self.outline_model.node(index))
        return True

    def _current_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        node = self.outline_model.node(current) if current.isValid() else None
        self._show(node)
        self.location_changed.emit(self.current_path())

    def _show(self, node: Node | None) -> None:
        page: QWidget = self.meta_page
        if node is None or node.kind == "meta":
            page = self.meta_page
        elif node.section is not None:
            if self.section_page.section is not node.section:
                self.section_page.bind(node.section)
            page = self.section_page
        elif node.kind in ("sections", "appendices") or node.name in (
            "organization",
            "procedures",
            *REGISTERS,
        ):
            page = self._page(node.name)
        if node is None or node.section is None:
            self.section_page.bind(None)
        self.pages.setCurrentWidget(page)
        if node is None:
            self.findings_panel.show_for((), nested=False)
        else:  # a section's own findings; a part's on any of its rows
            self.findings_panel.show_for(
                self.outline_model.path_of(node), nested=node.section is None
            )
        self._update_actions()

    def locate(self, path: Path) -> tuple[tuple[str, Any], Path]:
        """The outline node for a schema path, and the rest of the path inside it."""
        if not path or path[0] not in ("meta", "sections", "appendices", *PART_NODES):
            return ("meta", "meta"), ()
        head = str(path[0])
        if head == "meta":
            return ("meta", "meta"), path[1:]
        if head in PART_NODES:
            return ("part", head), path[1:]
        best: tuple[tuple[str, Any], Path] = ((head, head), ())
        i = 1
        while i < len(path) and isinstance(path[i], int):
            ok, value = try_resolve(self.doc.model, path[: i + 1])
            if not ok or not isinstance(value, Section):
                break
            best = (("section", id(value)), path[i + 1 :])
            if i + 2 < len(path) and path[i + 1] == "children":
                i += 2
            else:
                break
        return best

    def select_path(self, path: Path, span: tuple[int, int] | None = None) -> bool:
        key, rest = self.locate(tuple(path))
        if not self.select_key(key):
            return False
        page = self.pages.currentWidget()
        focus = getattr(page, "focus", None)
        if callable(focus):
            return bool(focus(rest, span))
        page.setFocus()
        return True

    def _focus_requested(self, path: Path) -> None:
        # After undo/redo: show where it happened, unless the user is already there.
        key, _ = self.locate(tuple(path))
        if self.current_node() is None or self.current_node().key != key:  # type: ignore[union-attr]
            self.select_key(key)

    # --- section operations -------------------------------------------------------------------

    def _section_path(self) -> Path | None:
        node = self.current_node()
        if node is None or node.section is None:
            return None
        return self.outline_model.path_of(node)

    def _update_actions(self) -> None:
        path = self._section_path()
        on_section = path is not None
        self.remove_section_action.setEnabled(on_section)
        self.add_child_action.setEnabled(on_section)
        index = int(path[-1]) if path else 0
        siblings = len(self.doc.get(path[:-1])) if path else 0
        self.indent_action.setEnabled(on_section and index > 0)
        self.outdent_action.setEnabled(on_section and len(path or ()) > 2)
        self.up_action.setEnabled(on_section and index > 0)
        self.down_action.setEnabled(on_section and index < siblings - 1)

    def _all_ids(self) -> list[str]:
        plan: Plan = self.doc.model
        return [s.id for _, s, _ in walk_sections(plan.sections)] + [
            s.id for _, s, _ in walk_sections(plan.appendices, ("appendices",))
        ]

    def add_section(self, *, child: bool = False, root: str | None = None) -> Section | None:
        node = self.current_node()
        path = self._section_path()
        if child and path is not None:
            list_path: Path = (*path, "children")
            index = len(self.doc.get(list_path))
        elif path is not None and root is None:
            list_path, index = path[:-1], int(path[-1]) + 1
        else:
            name = root or (
                node.kind if node is not None and node.kind == "appendices" else "sections"
            )
            list_path = (name,)
            index = len(self.doc.get(list_path))
        prefix = "a" if list_path[0] == "appendices" else "s"
        title = self.tr("新附件") if prefix == "a" else self.tr("新章节")
        section = Section(id=next_id(prefix, self._all_ids()), title=title)
        self.doc.insert_item(list_path, index, section, text=self.tr("添加章节"))
        self.select_key(("section", id(section)))
        self.section_page.title.setFocus()
        self.section_page.title.selectAll()
        return section

    def remove_section(self) -> None:
        path = self._section_path()
        if path is None:
            return
        self.doc.remove_item(path[:-1], int(path[-1]), text=self.tr("删除章节"))

    def indent(self) -> None:
        path = self._section_path()
        if path is None or int(path[-1]) == 0:
            return
        node = self.current_node()
        prev = (*path[:-1], int(path[-1]) - 1)
        target = (*prev, "children")
        self.doc.move_item(
            path[:-1], int(path[-1]), target, len(self.doc.get(target)), text=self.tr("降为下级")
        )
        self._reselect(node)

    def outdent(self) -> None:
        path = self._section_path()
        if path is None or len(path) <= 2:
            return
        node = self.current_node()
        parent = path[:-2]  # the parent section's path
        self.doc.move_item(
            path[:-1], int(path[-1]), parent[:-1], int(parent[-1]) + 1, text=self.tr("升为上级")
        )
        self._reselect(node)

    def move_section(self, delta: int) -> None:
        path = self._section_path()
        if path is None:
            return
        index = int(path[-1])
        count = len(self.doc.get(path[:-1]))
        if not 0 <= index + delta < count:
            return
        node = self.current_node()
        target = index + delta + (1 if delta > 0 else 0)
        self.doc.move_item(path[:-1], index, path[:-1], target, text=self.tr("移动章节"))
        self._reselect(node)

    def _reselect(self, node: Node | None) -> None:
        if node is not None and node.section is not None:
            self.select_key(("section", id(node.section)))
            self.outline.setFocus()

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        for action in self.edit_actions():
            menu.addAction(action)
        menu.exec(self.outline.viewport().mapToGlobal(pos))

    # --- state -------------------------------------------------------------------------------

    def save_state(self) -> QByteArray:
        return self.splitter.saveState()

    def restore_state(self, state: QByteArray) -> None:
        self.splitter.restoreState(state)
