"""文件 › 导入 Word 预案 / 导入 Excel 名录: import off the GUI thread, then review it.

The Qt-free importers (``app.importer``) run as jobs behind the shared progress dialog
(``tasks.run_with_progress``, Cancel reaches them through ``Progress``). Their result is
shown before anything is opened or changed:

* ``ImportReview`` (Word): the recognised outline with each heading's level, every body
  table and what it was read as, the response levels and working groups, and what stayed
  plain text, beside the document's text as read. A heading can be moved up or down a
  level and a table's kind changed (the document is then read again with that choice);
  OK opens the plan as a new, unsaved document.
* ``ExcelReview``: each sheet's register and its header → field mapping, editable; OK adds
  the rows to the open plan in one undo step and remembers the mappings the user changed.

The window only gets two menu entries (``install_import_actions``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import current_language
from app.importer.report import PART_NAMES
from app.model.plan import Plan, Section
from app.paths import excel_columns_file
from app.storage.errors import LoadError
from app.ui.base import dialogs, tasks

if TYPE_CHECKING:
    from app.importer import ImportResult
    from app.importer.excel import ExcelImport

# What a Word table may be read as in the review (None: kept as text).
TABLE_PARTS = (
    "contacts",
    "organization",
    "resources",
    "teams",
    "experts",
    "shelters",
    "risks",
    "levels",
    "warnings",
    "procedures",
)


def _part_name(part: str | None) -> str:
    if part is None:
        return QCoreApplication.translate("import_review", "保留为文本")
    return PART_NAMES[part].text(current_language())


# --- heading levels on the plan ---------------------------------------------------------------


def _find(sections: list[Section], sid: str) -> tuple[list[Section], int] | None:
    for i, s in enumerate(sections):
        if s.id == sid:
            return sections, i
        found = _find(s.children, sid)
        if found is not None:
            return found
    return None


def _parent_of(sections: list[Section], sid: str, parent: Section | None = None) -> Section | None:
    for s in sections:
        if s.id == sid:
            return parent
        found = _parent_of(s.children, sid, s)
        if found is not None:
            return found
    return None


def demote(plan: Plan, sid: str) -> bool:
    """The section goes one level down: it becomes the last child of the one before it."""
    found = _find(plan.sections, sid)
    if found is None or found[1] == 0:
        return False
    siblings, i = found
    section = siblings.pop(i)
    siblings[i - 1].children.append(section)
    return True


def promote(plan: Plan, sid: str) -> bool:
    """The section goes one level up: it follows its parent, taking its later siblings."""
    parent = _parent_of(plan.sections, sid)
    if parent is None:
        return False
    grand = _parent_of(plan.sections, parent.id)
    outer = grand.children if grand is not None else plan.sections
    i = next(k for k, s in enumerate(parent.children) if s.id == sid)
    section = parent.children[i]
    section.children.extend(parent.children[i + 1 :])
    del parent.children[i:]
    outer.insert(outer.index(parent) + 1, section)
    return True


# --- the Word review ------------------------------------------------------------------------


class ImportReview(QDialog):
    """What the Word import recognised, beside the source, with levels and kinds to fix."""

    def __init__(
        self,
        parent: QWidget | None,
        source: Path,
        result: ImportResult,
        reread: Callable[[dict[int, str | None], tasks.Progress], ImportResult] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importReview")
        self.source_path = source
        self.imported = result
        self.plan = result.plan
        self.table_kinds: dict[int, str | None] = {}
        self.level_edits: list[tuple[str, str]] = []  # (promote|demote, section id), replayed
        self._reread = reread
        self.task: tasks.ProgressTask | None = None  # a re-read after a table's kind changed
        self.setWindowTitle(self.tr("核对导入结果 — {name}").format(name=source.name))
        self.resize(1100, 680)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("importSummary")
        self.tabs = QTabWidget()
        self.outline = QTreeWidget()
        self.outline.setHeaderLabels([self.tr("章节"), self.tr("级别"), self.tr("正文段数")])
        self.outline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.outline.itemSelectionChanged.connect(self._show_in_source)
        self.up_button = QPushButton(self.tr("提升一级"))
        self.down_button = QPushButton(self.tr("降低一级"))
        self.up_button.clicked.connect(lambda: self._level("promote"))
        self.down_button.clicked.connect(lambda: self._level("demote"))
        outline_page = QWidget()
        box = QVBoxLayout(outline_page)
        box.addWidget(self.outline)
        row = QHBoxLayout()
        row.addWidget(self.up_button)
        row.addWidget(self.down_button)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(outline_page, self.tr("章节结构"))

        self.tables = QTableWidget(0, 4)
        self.tables.setHorizontalHeaderLabels(
            [self.tr("所在章节"), self.tr("识别为"), self.tr("行数"), self.tr("表头")]
        )
        self.tables.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tables.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tables.verticalHeader().hide()
        self.tabs.addTab(self.tables, self.tr("表格"))

        self.recognised = QListWidget()
        self.tabs.addTab(self.recognised, self.tr("响应级别与工作组"))
        self.plain = QListWidget()
        self.tabs.addTab(self.plain, self.tr("保留为文本"))

        self.source_view = QPlainTextEdit()
        self.source_view.setReadOnly(True)
        self.source_view.setObjectName("importSource")
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        rbox.addWidget(QLabel(self.tr("原文（按读取顺序）")))
        rbox.addWidget(self.source_view)
        split = QSplitter()
        split.addWidget(self.tabs)
        split.addWidget(right)
        split.setSizes([620, 480])

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("打开导入的预案"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.source_view.setPlainText("\n".join(result.source))
        self._fill()

    # --- filling -----------------------------------------------------------------------

    def _fill(self) -> None:
        lang = current_language()
        report = self.imported.report
        self.summary.setText("\n".join(report.lines(lang)[:2]))
        selected = self._selected_id()
        self.outline.clear()

        def add(sections: list[Section], parent: Any, depth: int) -> None:
            for s in sections:
                paragraphs = sum(1 for ln in s.body.splitlines() if ln.strip())
                item = QTreeWidgetItem([s.title, str(depth), str(paragraphs)])
                item.setData(0, Qt.ItemDataRole.UserRole, s.id)
                if parent is None:
                    self.outline.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                add(s.children, item, depth + 1)

        add(self.plan.sections, None, 1)
        appendix_root = None
        if self.plan.appendices:
            appendix_root = QTreeWidgetItem([self.tr("附件"), "", ""])
            self.outline.addTopLevelItem(appendix_root)
            add(self.plan.appendices, appendix_root, 1)
        self.outline.expandAll()
        if selected:
            self._select(selected)

        self.tables.setRowCount(len(report.tables_seen))
        for r, seen in enumerate(report.tables_seen):
            self.tables.setItem(r, 0, QTableWidgetItem(seen.section))
            combo = QComboBox()
            combo.addItem(_part_name(None), None)
            for part in TABLE_PARTS:
                combo.addItem(_part_name(part), part)
            combo.setCurrentIndex(max(0, combo.findData(seen.part)))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, n=seen.index: self._kind_changed(n, c.currentData())
            )
            self.tables.setCellWidget(r, 1, combo)
            self.tables.setItem(r, 2, QTableWidgetItem(str(seen.rows)))
            self.tables.setItem(r, 3, QTableWidgetItem(" | ".join(h for h in seen.headers if h)))
        self.tables.resizeColumnToContents(0)
        self.tables.setColumnWidth(1, 150)

        self.recognised.clear()
        for level in self.plan.levels:
            trigger = "；".join(level.triggers)
            self.recognised.addItem(
                self.tr("响应级别 {name}：{trigger}").format(
                    name=level.name or level.id, trigger=trigger
                )
            )
        for unit in self.plan.organization.units():
            lead = unit.lead or ""
            self.recognised.addItem(
                self.tr("机构/工作组 {name}（{lead}）").format(name=unit.name, lead=lead)
            )
        if not self.recognised.count():
            self.recognised.addItem(self.tr("（没有识别出响应级别或工作组）"))

        self.plain.clear()
        self.plain.addItem(report.kept().text(lang))
        for seen in report.tables_seen:
            if seen.part is None:
                self.plain.addItem(
                    self.tr("表格（{section}）：{headers}").format(
                        section=seen.section, headers=" | ".join(h for h in seen.headers if h)
                    )
                )
        for message in report.warnings:
            self.plain.addItem(message.text(lang))

    # --- the outline ---------------------------------------------------------------------

    def _selected_id(self) -> str | None:
        items = self.outline.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _select(self, sid: str) -> None:
        for item in self._items():
            if item.data(0, Qt.ItemDataRole.UserRole) == sid:
                self.outline.setCurrentItem(item)
                return

    def _items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            out.append(item)
            for k in range(item.childCount()):
                walk(item.child(k))

        for k in range(self.outline.topLevelItemCount()):
            walk(self.outline.topLevelItem(k))
        return out

    def select_section(self, title: str) -> None:
        for item in self._items():
            if item.text(0) == title:
                self.outline.setCurrentItem(item)
                return

    def _level(self, how: str) -> None:
        sid = self._selected_id()
        if sid is None:
            return
        change = promote if how == "promote" else demote
        if change(self.plan, sid):
            self.level_edits.append((how, sid))
            self._fill()

    def _show_in_source(self) -> None:
        items = self.outline.selectedItems()
        if not items:
            return
        title = items[0].text(0)
        text = self.source_view.toPlainText()
        for k, line in enumerate(text.split("\n")):
            if title and title in line:
                block = self.source_view.document().findBlockByLineNumber(k)
                cursor = QTextCursor(block)
                cursor.select(QTextCursor.SelectionType.LineUnderCursor)
                self.source_view.setTextCursor(cursor)
                self.source_view.centerCursor()
                return

    # --- table kinds ---------------------------------------------------------------------

    def _kind_changed(self, index: int, part: str | None) -> None:
        if self._reread is None:
            return
        self.table_kinds[index] = part
        kinds, reread = dict(self.table_kinds), self._reread
        self.task = tasks.run_with_progress(
            self,
            self.tr("正在按新的表格类型重新读取"),
            lambda progress: reread(kinds, progress),
            self._reread_done,
            lambda exc, trace: _reread_failed(self, exc, trace),
        )

    def _reread_done(self, result: ImportResult) -> None:
        self.imported = result
        self.plan = result.plan
        for how, sid in self.level_edits:  # section ids do not depend on the tables
            (promote if how == "promote" else demote)(self.plan, sid)
        self._fill()


# --- the Excel review ---------------------------------------------------------------------


class ExcelReview(QDialog):
    """Each sheet's register and column mapping, before the rows go into the plan."""

    def __init__(
        self,
        parent: QWidget | None,
        source: Path,
        result: ExcelImport,
        reread: Callable[[str, Any, tasks.Progress], ExcelImport] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("excelReview")
        self.source_path = source
        self.imported = result
        self._reread = reread
        self.changed: dict[str, Any] = {}  # sheet -> the Mapping the user set
        self.task: tasks.ProgressTask | None = None  # a re-read after a mapping changed
        self.setWindowTitle(self.tr("核对名录导入 — {name}").format(name=source.name))
        self.resize(900, 560)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.sheets = QTabWidget()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("并入预案"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.sheets, 1)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        from app.importer.excel import REGISTER_PARTS, field_labels

        lang = current_language()
        current = self.sheets.currentIndex()
        self.summary.setText(self.imported.summary().text(lang))
        self.sheets.clear()
        for sheet in self.imported.sheets:
            page = QWidget()
            box = QVBoxLayout(page)
            kind = QComboBox()
            kind.addItem(self.tr("（不导入）"), None)
            for part in REGISTER_PARTS:
                kind.addItem(_part_name(part), part)
            kind.setCurrentIndex(max(0, kind.findData(sheet.part)))
            kind.setObjectName("sheetKind")
            line = QHBoxLayout()
            line.addWidget(QLabel(self.tr("名录类型：")))
            line.addWidget(kind)
            taken = self.tr("已识别 {taken}/{rows} 行").format(taken=sheet.taken, rows=sheet.rows)
            if sheet.remembered:
                taken += self.tr("（沿用记住的列对应）")
            line.addWidget(QLabel(taken))
            line.addStretch(1)
            box.addLayout(line)
            table = QTableWidget(len(sheet.headers), 2)
            table.setObjectName("columnMap")
            table.setHorizontalHeaderLabels([self.tr("表头"), self.tr("对应字段")])
            table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            table.verticalHeader().hide()
            by_header = {h: f for f, h in sheet.mapping.items()}
            labels = field_labels(sheet.part) if sheet.part else {}
            for r, header in enumerate(sheet.headers):
                table.setItem(r, 0, QTableWidgetItem(header))
                combo = QComboBox()
                combo.addItem(self.tr("（不导入）"), None)
                for key, label in labels.items():
                    combo.addItem(label, key)
                combo.setCurrentIndex(max(0, combo.findData(by_header.get(header))))
                combo.currentIndexChanged.connect(lambda _i, s=sheet.sheet: self._apply(s))
                table.setCellWidget(r, 1, combo)
            kind.currentIndexChanged.connect(
                lambda _i, s=sheet.sheet: self._apply(s, kind_changed=True)
            )
            box.addWidget(table)
            self.sheets.addTab(page, sheet.sheet)
        if 0 <= current < self.sheets.count():
            self.sheets.setCurrentIndex(current)

    def _apply(self, sheet_name: str, *, kind_changed: bool = False) -> None:
        from app.importer.excel import Mapping, guess_mapping

        k = next(i for i, s in enumerate(self.imported.sheets) if s.sheet == sheet_name)
        sheet = self.imported.sheets[k]
        page = self.sheets.widget(k)
        kind = page.findChild(QComboBox, "sheetKind") if page is not None else None
        table = page.findChild(QTableWidget, "columnMap") if page is not None else None
        if kind is None or table is None:
            return
        part = kind.currentData()
        if self._reread is None:
            return
        if part is None:  # 不导入: a mapping that takes no column leaves the sheet out
            self.changed.pop(sheet_name, None)
            self._run(sheet_name, Mapping("contacts", {}))
            return
        if kind_changed or sheet.part != part:
            columns = guess_mapping(sheet.headers, part)
        else:
            columns = {}
            for r in range(table.rowCount()):
                combo, item = table.cellWidget(r, 1), table.item(r, 0)
                key = combo.currentData() if isinstance(combo, QComboBox) else None
                if key and item is not None:
                    columns[key] = item.text()
        mapping = Mapping(part, columns)
        self.changed[sheet_name] = mapping
        self._run(sheet_name, mapping)

    def _run(self, sheet: str, mapping: Any) -> None:
        reread = self._reread
        assert reread is not None
        self.task = tasks.run_with_progress(
            self,
            self.tr("正在按新的列对应重新读取"),
            lambda progress: reread(sheet, mapping, progress),
            self._reread_done,
            lambda exc, trace: _reread_failed(self, exc, trace),
        )

    def _reread_done(self, result: ExcelImport) -> None:
        self.imported = result
        self._fill()


def _reread_failed(parent: QWidget, exc: BaseException, trace: str) -> None:
    if isinstance(exc, tasks.Cancelled):
        return
    text = exc.text(current_language()) if isinstance(exc, LoadError) else str(exc)
    dialogs.show_error(
        parent, QCoreApplication.translate("import_review", "无法重新读取"), text, trace
    )


# --- the window's menu entries -----------------------------------------------------------------


class ImportActions(QObject):
    """文件 › 导入 Word 预案… / 导入 Excel 名录…, and what they do."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.main = window
        self.word_action = QAction(window)
        self.word_action.triggered.connect(self.import_word)
        self.excel_action = QAction(window)
        self.excel_action.triggered.connect(self.import_excel)
        menu = window.file_menu
        before = window.save_action
        menu.insertAction(before, self.word_action)
        menu.insertAction(before, self.excel_action)
        menu.insertSeparator(before)
        self.task: tasks.ProgressTask | None = None
        self.review: QDialog | None = None
        window.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.word_action.setText(self.tr("导入 Word 预案(&W)…"))
        self.word_action.setStatusTip(
            self.tr("读取 Word 预案（.docx），核对识别结果后作为新预案打开")
        )
        self.excel_action.setText(self.tr("导入 Excel 名录(&X)…"))
        self.excel_action.setStatusTip(
            self.tr("从 Excel 或 CSV 读取通讯录、物资、队伍、专家、避难场所，并入当前预案")
        )

    # --- Word ------------------------------------------------------------------------------

    def import_word(self, path: str | None = None) -> tasks.ProgressTask | None:
        window = self.main
        if not window._can_replace():
            return None
        if path is None:
            folder = window.prefs.last_folder or str(Path.home())
            path = dialogs.open_file_name(
                window, self.tr("导入 Word 预案"), folder, self.tr("Word 文档 (*.docx)")
            )
        if not path:
            return None
        source = Path(path)

        def job(progress: tasks.Progress) -> ImportResult:
            from app.importer import import_docx

            return import_docx(source, progress=progress)

        self.task = tasks.run_with_progress(
            window,
            self.tr("正在导入 Word 预案"),
            job,
            lambda result: self._word_read(source, result),
            self._failed,
        )
        return self.task

    def _word_read(self, source: Path, result: ImportResult) -> None:
        from app.importer import import_docx

        review = ImportReview(
            self.main,
            source,
            result,
            lambda kinds, progress: import_docx(source, table_kinds=kinds, progress=progress),
        )
        self.review = review
        review.finished.connect(lambda code: self._word_reviewed(review, code))
        review.open()

    def _word_reviewed(self, review: ImportReview, code: int) -> None:
        self.review = None
        if code != QDialog.DialogCode.Accepted:
            return
        from app.ui.plan_type import PLAN_TYPE

        self.main.new_document(PLAN_TYPE, review.plan)
        self.main.statusBar().showMessage(
            self.tr("已导入“{name}”，请核对后保存。").format(name=review.source_path.name), 10000
        )

    # --- Excel -----------------------------------------------------------------------------

    def import_excel(self, path: str | None = None) -> tasks.ProgressTask | None:
        window = self.main
        doc = window.doc
        if doc is None or not isinstance(doc.model, Plan):
            dialogs.show_info(
                window,
                self.tr("导入 Excel 名录"),
                self.tr("请先打开或新建一个预案，名录将并入该预案。"),
            )
            return None
        if path is None:
            folder = window.prefs.last_folder or str(Path.home())
            path = dialogs.open_file_name(
                window,
                self.tr("导入 Excel 名录"),
                folder,
                self.tr("Excel 或 CSV 文件 (*.xlsx *.xlsm *.csv)"),
            )
        if not path:
            return None
        source = Path(path)

        def job(progress: tasks.Progress) -> ExcelImport:
            from app.importer.excel import MappingMemory, import_excel

            memory = MappingMemory(excel_columns_file())
            return import_excel(source, memory=memory, progress=progress, unrecognised_ok=True)

        self.task = tasks.run_with_progress(
            window,
            self.tr("正在读取名录"),
            job,
            lambda result: self._excel_read(source, result),
            self._failed,
        )
        return self.task

    def _excel_read(self, source: Path, result: ExcelImport) -> None:
        from app.importer.excel import MappingMemory, import_excel

        mappings: dict[str, Any] = {}

        def reread(sheet: str, mapping: Any, progress: tasks.Progress) -> ExcelImport:
            mappings[sheet] = mapping  # the user's, for that sheet; the others as guessed
            memory = MappingMemory(excel_columns_file())
            return import_excel(
                source,
                memory=memory,
                progress=progress,
                unrecognised_ok=True,
                sheet_mappings=dict(mappings),
            )

        review = ExcelReview(self.main, source, result, reread)
        self.review = review
        review.finished.connect(lambda code: self._excel_reviewed(review, code))
        review.open()

    def _excel_reviewed(self, review: ExcelReview, code: int) -> None:
        self.review = None
        doc = self.main.doc
        if code != QDialog.DialogCode.Accepted or doc is None:
            return
        from app.importer.excel import REGISTER_PARTS, MappingMemory, merge_registers

        memory = MappingMemory(excel_columns_file())
        for sheet in review.imported.sheets:
            if sheet.sheet in review.changed:
                memory.remember(sheet.headers, review.changed[sheet.sheet])
        try:
            merged = merge_registers(doc.model, review.imported)
        except LoadError as exc:
            self._failed(exc, "")
            return
        with doc.macro(self.tr("导入 Excel 名录")):
            for part in ("contacts", *REGISTER_PARTS):
                if getattr(merged, part) != getattr(doc.model, part):
                    doc.set_value((part,), getattr(merged, part))
        added = sum(s.taken for s in review.imported.sheets)
        self.main.statusBar().showMessage(
            self.tr("已从“{name}”并入 {count} 条名录。").format(
                name=review.source_path.name, count=added
            ),
            10000,
        )

    def _failed(self, exc: BaseException, trace: str) -> None:
        if isinstance(exc, LoadError):
            dialogs.show_error(
                self.main,
                self.tr("无法导入"),
                self.tr("无法导入“{name}”：").format(name=Path(exc.filename).name)
                + "\n"
                + exc.text(current_language()),
            )
            return
        dialogs.show_error(self.main, self.tr("无法导入"), str(exc), trace)


def install_import_actions(window: Any) -> ImportActions:
    return ImportActions(window)
