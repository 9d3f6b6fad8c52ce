"""文件 › 比较版本/生成修订对照表…: two versions of a plan side by side, then the 对照表.

Each side is the plan open in the editor, another ``.plan.yaml`` file, or (for a plan in a
library that keeps versions) one of its recorded versions. The comparison is the CLI's
``diff``: ``app.compare.diff_plans`` for the table shown, ``write_comparison_docx`` for the
Word 修订对照表, both off the GUI thread behind a progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import T, current_language
from app.library.facts import PLAN_SUFFIX
from app.storage.errors import StorageError
from app.ui.base import dialogs, tasks
from app.ui.base.status import OpenButtons

if TYPE_CHECKING:
    from app.compare import PlanDiff
    from app.model.plan import Plan

CURRENT, FILE, VERSION = "current", "file", "version"
CELL_CHARS = 160  # a cell shows the start of a long body; the tooltip holds the rest

COL_KIND, COL_WHERE, COL_OLD, COL_NEW, COL_WHY = range(5)


def _t(zh: str, en: str) -> str:
    return T(zh, en).text(current_language())


def _cell(text: str) -> QTableWidgetItem:
    shown = text if len(text) <= CELL_CHARS else text[:CELL_CHARS].rstrip() + "…"
    item = QTableWidgetItem(shown)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if shown != text:
        item.setToolTip(text)
    return item


class _Side(QWidget):
    """One version to compare: a choice and a 选择文件… button."""

    def __init__(self, parent: CompareDialog) -> None:
        super().__init__(parent)
        self.dialog = parent
        self.combo = QComboBox()
        self.combo.setMinimumWidth(420)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.browse = QPushButton()
        self.browse.clicked.connect(self.choose_file)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.browse)

    def add(self, text: str, kind: str, value: str = "") -> int:
        self.combo.addItem(text, (kind, value))
        return self.combo.count() - 1

    def choice(self) -> tuple[str, str] | None:
        data = self.combo.currentData()
        return (data[0], data[1]) if data else None

    def set_file(self, path: str | Path) -> None:
        """Choose ``path`` (added to the list once)."""
        value = str(path)
        for i in range(self.combo.count()):
            if self.combo.itemData(i) == (FILE, value):
                self.combo.setCurrentIndex(i)
                return
        self.combo.setCurrentIndex(self.add(Path(value).name, FILE, value))
        self.combo.setItemData(self.combo.currentIndex(), value, Qt.ItemDataRole.ToolTipRole)

    def choose_file(self) -> None:
        folder = self.dialog.folder
        path = dialogs.open_file_name(
            self,
            _t("选择要比较的预案", "Choose the plan to compare"),
            folder,
            _t("预案文件 (*.plan.yaml *.yaml)", "Plan files (*.plan.yaml *.yaml)"),
        )
        if path:
            self.set_file(path)

    def retranslate(self) -> None:
        self.browse.setText(_t("选择文件…", "Choose file…"))


class CompareDialog(QDialog):
    """Pick two versions, see what changed, write the 修订对照表."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
        current: Callable[[], Callable[[], Plan]] | None = None,
        current_name: str = "",
        folder: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.path = path  # the plan's file: its folder, its library versions
        # the editor's plan (unsaved edits too): called when comparing, on the GUI thread,
        # it returns what builds the copy on the worker (``Document.snapshot``)
        self.current = current
        self.current_name = current_name
        self.folder = folder or (str(path.parent) if path is not None else str(Path.home()))
        self.diff: PlanDiff | None = None
        self.task: tasks.ProgressTask | None = None
        self.written: Path | None = None
        self.versions_loaded: int | None = None  # None while the history is being read
        self.resize(1100, 620)

        self.old_side = _Side(self)
        self.new_side = _Side(self)
        self.old_label, self.new_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.old_label, self.old_side)
        form.addRow(self.new_label, self.new_side)
        self.compare_button = QPushButton()
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(lambda: self.compare())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.compare_button)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("compareTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_OLD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_NEW, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_KIND, 64)
        self.table.setColumnWidth(COL_WHERE, 200)
        self.table.setColumnWidth(COL_WHY, 220)

        # the selected change in full, side by side (as the conflict view shows two sides)
        self.old_text, self.new_text = QPlainTextEdit(), QPlainTextEdit()
        self.old_heading, self.new_heading = QLabel(), QLabel()
        sides = QWidget()
        sides_layout = QHBoxLayout(sides)
        sides_layout.setContentsMargins(0, 0, 0, 0)
        for heading, text in ((self.old_heading, self.old_text), (self.new_heading, self.new_text)):
            text.setReadOnly(True)
            column = QVBoxLayout()
            column.addWidget(heading)
            column.addWidget(text, 1)
            sides_layout.addLayout(column, 1)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(sides)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_change(row))

        self.export_button = QPushButton()
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export())
        self.open_buttons = OpenButtons()
        self.status = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_buttons)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        layout.addLayout(bottom)

        self.retranslate()
        self._fill_choices()

    # --- the choices -------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        if self.current is not None:
            name = self.current_name or _t("当前预案", "the open plan")
            self.new_side.add(_t(f"当前编辑的预案（{name}）", f"The open plan ({name})"), CURRENT)
        elif self.path is not None:
            self.new_side.set_file(self.path)
        if self.path is not None:
            # the versions of a plan in a library; read off the GUI thread
            path = self.path

            def versions() -> list[Any]:
                from app.library.history import plan_history

                try:
                    return plan_history(path)
                except StorageError:
                    return []  # not in a library that keeps versions

            tasks.run_in_thread(
                versions, self._add_versions, lambda *_: self._add_versions([]), owner=self
            )

    def _add_versions(self, versions: list[Any]) -> None:
        for side in (self.old_side, self.new_side):
            for v in versions:
                if v.deleted:
                    continue
                name = "、".join(v.releases) if v.releases else v.short
                when = v.when.strftime("%Y-%m-%d %H:%M")
                text = _t(
                    f"版本 {name}（{when} {v.author}）{v.subject}",
                    f"Version {name} ({when} {v.author}) {v.subject}",
                )
                side.add(text, VERSION, v.id)
        if versions and self.old_side.choice() is None:
            # the last released version (修订对照表 compare releases), else the newest
            shown = [v for v in versions if not v.deleted]
            released = next((i for i, v in enumerate(shown) if v.releases), 0)
            self.old_side.combo.setCurrentIndex(released)
        self.versions_loaded = len(versions)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_t("比较版本 / 修订对照表", "Compare versions"))
        self.old_label.setText(_t("原版本：", "Old version:"))
        self.new_label.setText(_t("修订版本：", "New version:"))
        self.old_side.retranslate()
        self.new_side.retranslate()
        self.compare_button.setText(_t("比较(&C)", "&Compare"))
        self.export_button.setText(_t("导出修订对照表(&E)…", "&Write the comparison table…"))
        self.table.setHorizontalHeaderLabels(
            [
                _t("变化", "Change"),
                _t("位置", "Where"),
                _t("原内容", "Before"),
                _t("修订后", "After"),
                _t("修订说明", "What was done"),
            ]
        )
        self.old_heading.setText(_t("原内容", "Before"))
        self.new_heading.setText(_t("修订后", "After"))
        self.open_buttons.retranslate()
        if self.diff is None:
            self.summary.setText(
                _t(
                    "选择原版本和修订版本，然后点“比较”。",
                    "Choose the old and the new version, then Compare.",
                )
            )

    # --- compare -----------------------------------------------------------------------------

    def _loader(self, choice: tuple[str, str]) -> Callable[[], Plan]:
        kind, value = choice
        if kind == CURRENT:
            assert self.current is not None
            return self.current()
        if kind == VERSION:
            from app.library.history import plan_at

            path = self.path
            return lambda: plan_at(path, value)  # type: ignore[arg-type]

        def from_file() -> Plan:
            from app.storage.plans import load_plan

            return load_plan(value).model

        return from_file

    def compare(self) -> tasks.ProgressTask | None:
        old, new = self.old_side.choice(), self.new_side.choice()
        title = _t("比较版本", "Compare versions")
        if old is None or new is None:
            dialogs.show_warning(
                self,
                title,
                _t("请先选择原版本和修订版本。", "Choose both versions first."),
            )
            return None
        load_old, load_new = self._loader(old), self._loader(new)

        def job(progress: tasks.Progress) -> PlanDiff:
            from app.compare import diff_plans

            progress.report(0, 2, T("正在读取两个版本…", "Reading both versions…"))
            a, b = load_old(), load_new()
            progress.report(1, 2, T("正在比较…", "Comparing…"))
            return diff_plans(a, b)

        self.compare_button.setEnabled(False)
        self.task = tasks.run_with_progress(
            self, title, job, self._show, self._failed(title), self._idle
        )
        return self.task

    def _idle(self) -> None:
        self.compare_button.setEnabled(True)

    def _failed(self, title: str) -> Callable[[BaseException, str], None]:
        def failed(exc: BaseException, trace: str) -> None:
            self._idle()
            lang = current_language()
            if isinstance(exc, StorageError):
                where = T(f"位置：{exc.location()}", f"Where: {exc.location()}").text(lang)
                dialogs.show_error(self, title, exc.text(lang), where)
            else:
                dialogs.show_error(self, title, str(exc) or type(exc).__name__, trace)

        return failed

    def _show(self, diff: PlanDiff) -> None:
        self._idle()
        self.diff = diff
        lang = current_language()
        self.summary.setText(diff.summary(lang))
        self.table.setRowCount(0)
        self.table.setRowCount(len(diff.changes))
        for row, change in enumerate(diff.changes):
            side = "new" if change.new_path is not None else "old"
            where = f"{change.area_label.text(lang)} {change.heading(side)}".strip()
            values = {
                COL_KIND: change.kind.label.text(lang),
                COL_WHERE: where,
                COL_OLD: change.old_text,
                COL_NEW: change.new_text,
                COL_WHY: change.explain().text(lang),
            }
            for column, text in values.items():
                self.table.setItem(row, column, _cell(text))
        self.table.resizeRowsToContents()
        if diff.changes:
            self.table.setCurrentCell(0, COL_WHERE)
        self._show_change(self.table.currentRow())
        self.export_button.setEnabled(True)
        self.status.clear()

    def _show_change(self, row: int) -> None:
        changes = self.diff.changes if self.diff is not None else []
        if not 0 <= row < len(changes):
            self.old_text.clear()
            self.new_text.clear()
            return
        change, none = changes[row], _t("（无）", "(none)")
        self.old_text.setPlainText(change.old_text or none)
        self.new_text.setPlainText(change.new_text or none)

    def rows(self) -> list[list[str]]:
        """The table as shown (tests, and what a reader sees)."""
        return [
            [
                item.text() if (item := self.table.item(r, c)) is not None else ""
                for c in range(self.table.columnCount())
            ]
            for r in range(self.table.rowCount())
        ]

    # --- export ------------------------------------------------------------------------------

    def suggested_target(self) -> Path:
        base = self.path or Path(self.folder) / "预案.plan.yaml"
        stem = base.name.removesuffix(PLAN_SUFFIX).removesuffix(".yaml")
        return base.with_name(f"{stem}_修订对照表.docx")

    def export(self) -> tasks.ProgressTask | None:
        diff = self.diff
        if diff is None:
            return None
        title = _t("导出修订对照表", "Write the comparison table")
        chosen = dialogs.save_file_name(
            self,
            title,
            str(self.suggested_target()),
            _t("Word 文档 (*.docx)", "Word documents (*.docx)"),
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        lang = current_language()

        def job(progress: tasks.Progress) -> Path:
            # the CLI's ``diff -o`` path: python-docx loads here, on the worker thread
            from app.compare.docx_report import write_comparison_docx

            progress.report(0, 1, T("正在写出修订对照表…", "Writing the comparison table…"))
            write_comparison_docx(diff, target, lang)
            progress.report(1, 1, T("已写出", "Written"))
            return target

        def done(path: Path) -> None:
            self.export_button.setEnabled(True)
            self.written = path
            self.status.setText(_t(f"已导出修订对照表 {path.name}", f"Wrote {path.name}"))
            self.open_buttons.offer(path)

        self.export_button.setEnabled(False)
        self.task = tasks.run_with_progress(
            self,
            title,
            job,
            done,
            self._failed_export(title),
            lambda: self.export_button.setEnabled(True),
        )
        return self.task

    def _failed_export(self, title: str) -> Callable[[BaseException, str], None]:
        show = self._failed(title)

        def failed(exc: BaseException, trace: str) -> None:
            self.export_button.setEnabled(True)
            show(exc, trace)

        return failed


def open_compare(parent: QWidget, **kwargs: Any) -> CompareDialog:
    """Show the dialog (modeless, so the editor stays usable) and return it."""
    dialog = CompareDialog(parent, **kwargs)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


class CompareAction(QObject):
    """The menu entry, in the editor's 文件 menu or the library's 预案库 menu."""

    def __init__(
        self, window: Any, menu: Any, before: QAction | None, source: Callable[[], dict[str, Any]]
    ) -> None:
        super().__init__(window)
        self.window = window
        self.source = source
        self.dialog: CompareDialog | None = None
        self.action = QAction(window)
        self.action.triggered.connect(lambda: self.open())
        if before is not None:
            menu.insertAction(before, self.action)
        else:
            menu.addAction(self.action)
        window.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.action.setText(_t("比较版本/生成修订对照表(&V)…", "Compare &versions…"))
        self.action.setStatusTip(
            _t(
                "对比预案的两个版本，列出变化，导出修订对照表（Word）",
                "Compare two versions of a plan and write the comparison table (Word)",
            )
        )

    def open(self) -> CompareDialog:
        self.dialog = open_compare(self.window, **self.source())
        return self.dialog


def install_compare_action(window: Any) -> CompareAction:
    """文件 › 比较版本/生成修订对照表… in the editor: the open plan against another version."""
    from app.ui.plan_type import PLAN_TYPE

    def source() -> dict[str, Any]:
        doc = window.doc
        folder = window.prefs.last_folder or ""
        if doc is None or doc.doc_type is not PLAN_TYPE:
            return {"folder": folder}
        return {
            "path": doc.path,
            "current": doc.snapshot,
            "current_name": doc.title(),
            "folder": folder,
        }

    return CompareAction(window, window.file_menu, window.close_doc_action, source)


def install_library_compare_action(window: Any) -> CompareAction:
    """The library's 比较版本/生成修订对照表…: the selected plan's file and its versions."""

    def source() -> dict[str, Any]:
        entry = window.selected_entry()
        folder = str(window.root) if window.root is not None else ""
        if entry is None or not str(entry.path).endswith(PLAN_SUFFIX):
            return {"folder": folder}
        return {"path": Path(entry.path), "folder": folder}

    return CompareAction(window, window.library_menu, window.sync_action, source)
