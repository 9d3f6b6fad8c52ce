"""The plan library window (预案库): a folder of plans and drills as one workspace.

Two tabs: the dashboard table (``LibraryModel`` behind a sort/filter proxy: text, kind,
"only overdue") and the plan system (a tree of plans with the drills that exercise
them, and the broken links and orphan plans to fix). Double-click opens a file in the
editor window. The annual work plan and the plan system export to Word.

Loading runs off the GUI thread in two steps: a quick scan (only each file's details,
cached files taken as they are) behind a progress dialog with cancel, then the full
checks in the background, with a progress bar in the status bar, filling in the check
column. A ``QFileSystemWatcher`` on the folders and files triggers a debounced rescan,
which rereads only the files whose modification time or size changed (``ScanCache``,
also kept between sessions in the user data folder).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QFileSystemWatcher,
    QModelIndex,
    QObject,
    QPoint,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import T, current_language
from app.library import Entry, Library, ScanCache, iter_folders, scan_library
from app.library.system import PlanSystem, build_system
from app.model.kinds import PlanKind
from app.progress import Progress
from app.storage.errors import StorageError
from app.storage.names import file_room, safe_name
from app.ui import library_dialogs
from app.ui.base import dialogs, tasks
from app.ui.base.settings import Preferences, user_data_dir
from app.ui.base.status import OpenButtons, PathLabel
from app.ui.history_panel import HistoryPanel
from app.ui.library_model import (
    ALL,
    COL_CHECK,
    COL_FINDINGS,
    COL_KIND,
    COL_TITLE,
    COL_UNIT,
    COL_VERSION,
    DRILLS,
    PLANS,
    UNREADABLE,
    LibraryFilter,
    LibraryModel,
)

PathRole = Qt.ItemDataRole.UserRole + 50
DEBOUNCE_MS = 500
DRILL_SCHEMA = "plandrill/drill@1"


@dataclass
class ScanResult:
    """What a scan job hands back to the GUI thread."""

    library: Library
    system: PlanSystem
    watch: list[str]  # folders and files for the file watcher


def scan_job(
    root: Path, today: dt.date, cache: ScanCache, quick: bool, progress: Progress
) -> ScanResult:
    """Runs on a worker thread: no Qt, only the library and a snapshot of its state."""
    library = scan_library(root, today=today, progress=progress, cache=cache, quick=quick)
    system = build_system(library)
    watch = [str(f) for f in iter_folders(root)] + [str(e.path) for e in library.entries]
    if library.complete:
        cache.save(root)  # only a cache: a failure to write it changes nothing
    return ScanResult(library, system, watch)


def library_cache() -> ScanCache:
    return ScanCache(user_data_dir() / "cache")


class LibraryWindow(QMainWindow):
    """One library (a folder) at a time; a window of its own beside the editor."""

    def __init__(
        self,
        main: Any = None,
        *,
        prefs: Preferences | None = None,
        cache: ScanCache | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(main)
        self.setWindowFlag(Qt.WindowType.Window)  # beside the editor, closed with it
        self.setObjectName("LibraryWindow")
        self.main = main
        self.prefs = prefs or (main.prefs if main is not None else Preferences())
        self.cache = cache if cache is not None else library_cache()
        self.fixed_today = today  # tests pin the day; otherwise each scan takes today's
        self.root: Path | None = None
        self.library: Library | None = None
        self.system: PlanSystem | None = None
        self._job = 0  # the scan whose result is wanted
        self._running: int | None = None  # the scan under way, if any
        self._pending = False  # files changed while a scan ran
        self._background: Progress | None = None
        self.scan_task: tasks.ProgressTask | None = None
        self.export_task: tasks.ProgressTask | None = None
        self.scans = 0  # scans applied (tests wait on it)
        self.resize(1366, 768)

        self._make_actions()
        self._make_widgets()
        self._make_menus()
        from app.ui.compare_dialog import install_library_compare_action

        self.compare_action = install_library_compare_action(self)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._disk_changed)
        self.watcher.fileChanged.connect(self._disk_changed)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(DEBOUNCE_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._show_background_progress)

        self.retranslate()
        self._restore_state()
        self._update_actions()

    # --- construction ----------------------------------------------------------------------

    def _std(self, which: QStyle.StandardPixmap) -> Any:
        return self.style().standardIcon(which)

    def _action(self, slot: Any, keys: Any = None, icon: Any = None) -> QAction:
        action = QAction(self)
        if icon is not None:
            action.setIcon(self._std(icon))
        if isinstance(keys, QKeySequence.StandardKey):
            action.setShortcuts(keys)
        elif keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.open_folder_action = self._action(
            self.choose_folder, "Ctrl+Shift+L", sp.SP_DirOpenIcon
        )
        self.refresh_action = self._action(self.refresh, "F5", sp.SP_BrowserReload)
        self.open_file_action = self._action(self.open_selected, None, sp.SP_FileIcon)
        self.reveal_action = self._action(self.reveal_selected)
        self.copy_path_action = self._action(self.copy_selected_path)
        self.work_plan_action = self._action(
            self.export_work_plan, "Ctrl+Shift+P", sp.SP_FileDialogDetailedView
        )
        self.system_action = self._action(
            self.export_system, "Ctrl+Shift+Y", sp.SP_FileDialogListView
        )
        self.sync_action = self._action(
            lambda: self.history.sync(), "Ctrl+Shift+U", sp.SP_BrowserReload
        )
        self.release_action = self._action(
            lambda: self.history.release(), None, sp.SP_DialogApplyButton
        )
        self.find_action = self._action(self.focus_filter, QKeySequence.StandardKey.Find)
        self.close_action = self._action(self.close, QKeySequence.StandardKey.Close)

    def _make_widgets(self) -> None:
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(260)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.filter_edit.textChanged.connect(self._update_summary)
        self.kind_combo = QComboBox()
        self.kind_combo.setMinimumWidth(200)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.overdue_check = QCheckBox()
        self.overdue_check.toggled.connect(self.proxy.set_overdue_only)
        self.overdue_check.toggled.connect(self._update_summary)
        self.kind_label = QLabel()
        self.kind_label.setBuddy(self.kind_combo)
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter_edit)
        self.summary = QLabel()
        self.summary.setObjectName("pageHint")
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        bar.addWidget(self.filter_label)
        bar.addWidget(self.filter_edit, 2)
        bar.addSpacing(12)
        bar.addWidget(self.kind_label)
        bar.addWidget(self.kind_combo)
        bar.addSpacing(12)
        bar.addWidget(self.overdue_check)
        bar.addStretch(1)

        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)  # the overdue colour must stand out
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        # 1366 pixels wide shows every column; dates keep room for the ⚠ of a late one
        widths = {COL_TITLE: 210, COL_KIND: 140, COL_UNIT: 120, COL_VERSION: 46}
        widths |= {COL_FINDINGS: 96, COL_CHECK: 124}
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, widths.get(column, 104))

        self.tree_model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("systemTree")
        self.tree.setModel(self.tree_model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.doubleClicked.connect(self._tree_activated)
        self.tree.activated.connect(self._tree_activated)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.issues_label = QLabel()
        self.issues = QListWidget()
        self.issues.itemActivated.connect(self._issue_activated)
        self.issues.itemDoubleClicked.connect(self._issue_activated)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(6, 6, 0, 0)
        self.issues.setIconSize(QSize(16, 16))
        lower_layout.addWidget(self.issues_label)
        lower_layout.addWidget(self.issues)
        self.system_split = QSplitter(Qt.Orientation.Vertical)
        self.system_split.addWidget(self.tree)
        self.system_split.addWidget(lower)
        self.system_split.setStretchFactor(0, 3)
        self.system_split.setStretchFactor(1, 1)

        self.table_page = QWidget()
        table_layout = QVBoxLayout(self.table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(2)
        table_layout.addLayout(bar)
        table_layout.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table_page, "")
        self.tabs.addTab(self.system_split, "")
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        self.empty_hint = QLabel()
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setObjectName("pageHint")
        self.empty_hint.setWordWrap(True)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty_hint)
        self.setCentralWidget(central)

        self.folder_label = PathLabel()  # yields room to the messages, shown on the left
        self.open_buttons = OpenButtons()
        self.check_progress = QProgressBar()
        self.check_progress.setMaximumWidth(220)
        self.check_progress.setRange(0, 1000)
        self.check_progress.setTextVisible(True)
        self.check_progress.hide()
        self.summary.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.open_buttons)
        self.statusBar().addPermanentWidget(self.summary)
        self.statusBar().addPermanentWidget(self.folder_label)
        self.statusBar().addPermanentWidget(self.check_progress)

        # versions and sharing of the selected file (or the library), under the table
        self.history = HistoryPanel(self.prefs, self)
        self.history.files_changed.connect(self.refresh)
        self.history.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.history.unsaved_check = self._unsaved_in
        self.history_dock = QDockWidget(self)
        self.history_dock.setObjectName("historyDock")
        self.history_dock.setWidget(self.history)
        self.history_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history_dock)
        self.resizeDocks([self.history_dock], [250], Qt.Orientation.Vertical)

    def _make_menus(self) -> None:
        self.library_menu = self.menuBar().addMenu("")
        for item in (
            self.open_folder_action,
            self.refresh_action,
            None,
            self.open_file_action,
            self.reveal_action,
            self.copy_path_action,
            None,
            self.work_plan_action,
            self.system_action,
            None,
            self.sync_action,
            self.release_action,
            None,
            self.close_action,
        ):
            if item is None:
                self.library_menu.addSeparator()
            else:
                self.library_menu.addAction(item)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("libraryToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for item in (
            self.open_folder_action,
            self.refresh_action,
            None,
            self.open_file_action,
            None,
            self.work_plan_action,
            self.system_action,
            None,
            self.sync_action,
        ):
            if item is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(item)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    # --- translation ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.open_buttons.retranslate()
        texts = (
            (
                self.open_folder_action,
                self.tr("打开预案库(&O)…"),
                self.tr("选择一个文件夹作为预案库"),
            ),
            (self.refresh_action, self.tr("刷新(&R)"), self.tr("重新读取有改动的文件")),
            (
                self.open_file_action,
                self.tr("在编辑器中打开(&E)"),
                self.tr("在编辑窗口中打开所选文件"),
            ),
            (
                self.reveal_action,
                self.tr("打开所在文件夹(&F)"),
                self.tr("在文件管理器中显示所选文件"),
            ),
            (
                self.copy_path_action,
                self.tr("复制文件路径(&C)"),
                self.tr("把所选文件的完整路径复制到剪贴板"),
            ),
            (
                self.work_plan_action,
                self.tr("年度工作计划(&W)…"),
                self.tr("生成年度应急演练和预案修订工作计划（Word）"),
            ),
            (
                self.system_action,
                self.tr("导出预案体系(&S)…"),
                self.tr("导出预案体系图和预案清单（Word）"),
            ),
            (self.find_action, self.tr("筛选"), self.tr("转到筛选框")),
            (self.close_action, self.tr("关闭(&X)"), self.tr("关闭预案库窗口")),
        )
        for action, text, tip in texts:
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip}（{keys}）" if keys else tip)
            action.setStatusTip(tip)
        lang = current_language()
        for act, label, help_text in (
            (
                self.sync_action,
                T("同步(&Y)", "S&ync"),
                T("与共享位置交换修改", "Exchange changes with the shared location"),
            ),
            (
                self.release_action,
                T("发布版本(&V)…", "Release a &version…"),
                T(
                    "发布所选预案的新版本，并填写修订记录",
                    "Release the selected plan and fill its revision record",
                ),
            ),
        ):
            act.setText(label.text(lang))
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{help_text.text(lang)}（{keys}）" if keys else help_text.text(lang))
            act.setStatusTip(help_text.text(lang))
        self.history_dock.setWindowTitle(T("版本记录与共享", "Versions and sharing").text(lang))
        self.library_menu.setTitle(self.tr("预案库(&L)"))
        self.toolbar.setWindowTitle(self.tr("预案库工具栏"))
        self.filter_label.setText(self.tr("筛选(&I)："))
        self.filter_edit.setPlaceholderText(self.tr("标题、单位、类型或文件名"))
        self.kind_label.setText(self.tr("类型(&T)："))
        self.overdue_check.setText(self.tr("只看逾期(&D)"))
        self.overdue_check.setToolTip(self.tr("只列出评估、演练、备案或整改已逾期的文件"))
        self.tabs.setTabText(0, self.tr("一览表"))
        self.tabs.setTabText(1, self.tr("预案体系"))
        self._fill_kinds()
        self.model.retranslate()
        self._fill_system()
        self._update_summary()
        self._update_title()

    def _fill_kinds(self) -> None:
        current = self.kind_combo.currentData() or ALL
        lang = current_language()
        items = [
            (self.tr("全部文件"), ALL),
            (self.tr("全部预案"), PLANS),
            (self.tr("全部演练"), DRILLS),
            (self.tr("无法读取的文件"), UNREADABLE),
        ] + [(kind.label(lang), kind.value) for kind in PlanKind]
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for text, key in items:
            self.kind_combo.addItem(text, key)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(current)))
        self.kind_combo.blockSignals(False)

    def _update_title(self) -> None:
        name = self.root.name if self.root is not None else ""
        title = self.tr("预案库")
        self.setWindowTitle(f"{name} — {title} — PlanDrill" if name else f"{title} — PlanDrill")
        self.folder_label.setText(str(self.root) if self.root is not None else "")
        if self.root is None:
            self.empty_hint.setText(
                self.tr("打开一个文件夹，文件夹及其子文件夹中的全部预案和演练文件都会列在这里。")
            )
        elif self.library is not None and not self.library.entries:
            self.empty_hint.setText(
                self.tr("“{folder}”中没有预案（*.plan.yaml）或演练（*.drill.yaml）文件。").format(
                    folder=self.root.name
                )
            )
        self.empty_hint.setVisible(
            self.root is None or (self.library is not None and not self.library.entries)
        )

    def _update_summary(self, *_: object) -> None:
        library = self.library
        if library is None:
            self.summary.setText("")
            return
        text = self.tr("共 {n} 个文件：预案 {p}，演练 {d}，无法读取 {u}；逾期 {o}").format(
            n=len(library.entries),
            p=len(library.plans()),
            d=len(library.drills()),
            u=len(library.unreadable()),
            o=len(library.overdue()),
        )
        shown = self.proxy.rowCount()
        if shown != len(library.entries):
            text += self.tr("（显示 {m} 个）").format(m=shown)
        self.summary.setText(text)

    def _update_actions(self) -> None:
        has = self.library is not None
        for action in (self.refresh_action, self.work_plan_action, self.system_action):
            action.setEnabled(has)
        self.sync_action.setEnabled(has)
        entry = self.selected_entry()
        self.release_action.setEnabled(entry is not None and entry.doc == "plan")
        selected = self.selected_entry() is not None
        for action in (self.open_file_action, self.reveal_action, self.copy_path_action):
            action.setEnabled(selected)

    # --- scanning --------------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def ask_folder(self, parent: QWidget | None = None) -> str | None:
        start = self.prefs.qsettings.value("state/last_library", "")
        if not isinstance(start, str) or not start:
            start = self.prefs.last_folder or str(Path.home())
        return dialogs.choose_folder(parent or self, self.tr("打开预案库"), start)

    def choose_folder(self) -> bool:
        folder = self.ask_folder()
        return self.open_folder(folder) if folder else False

    def open_folder(self, folder: str | Path) -> bool:
        """Show the library in ``folder``; the table appears after a quick scan."""
        path = Path(folder)
        if not path.is_dir():
            dialogs.show_error(
                self,
                self.tr("无法打开预案库"),
                self.tr("“{folder}”不是一个文件夹，或已不存在。").format(folder=path),
            )
            return False
        self._cancel_background()
        self.root = path
        self.library = None
        self.system = None
        self._pending = False
        self.model.set_library(None)
        self._fill_system()
        self.prefs.qsettings.setValue("state/last_library", str(path))
        self.history.set_library(path)
        self._update_title()
        self._update_summary()
        self._update_actions()
        self._start(quick=True, modal=True)
        return True

    def refresh(self) -> None:
        """Reread what changed on disk (F5, or the file watcher after a pause)."""
        if self.root is None:
            return
        if self._running is not None:
            self._pending = True
            return
        self._start(quick=True, modal=False)

    def _start(self, *, quick: bool, modal: bool) -> None:
        assert self.root is not None
        self._job += 1
        job_id = self._job
        self._running = job_id
        root, today, cache = self.root, self.today(), self.cache

        def job(progress: Progress) -> ScanResult:
            return scan_job(root, today, cache, quick, progress)

        def done(result: ScanResult) -> None:
            self._finished(job_id, result)

        def failed(exc: BaseException, trace: str) -> None:
            self._failed(job_id, exc, trace, modal)

        if modal:
            self.scan_task = tasks.run_with_progress(
                self,
                self.tr("正在读取预案库"),
                job,
                done,
                failed,
                lambda: self._cancelled(job_id),
            )
            return
        progress = Progress()
        self._background = progress
        self.check_progress.setValue(0)
        self.check_progress.setFormat(self.tr("检查中 %p%") if not quick else self.tr("读取中 %p%"))
        self.check_progress.show()
        self._poll.start()
        tasks.run_in_thread(lambda: job(progress), done, failed, owner=self)

    def _show_background_progress(self) -> None:
        if self._background is None:
            return
        fraction, _label = self._background.snapshot()
        if fraction is not None:
            self.check_progress.setValue(int(fraction * 1000))

    def _cancel_background(self) -> None:
        if self._background is not None:
            self._background.cancel()
        self._background = None
        self._running = None
        self._poll.stop()
        self.check_progress.hide()

    def _end_job(self, job_id: int) -> bool:
        """Whether the finished job is the one wanted (a newer scan may have replaced it)."""
        if job_id != self._job:
            return False
        self._running = None
        self._background = None
        self._poll.stop()
        self.check_progress.hide()
        return True

    def _finished(self, job_id: int, result: ScanResult) -> None:
        if not self._end_job(job_id):
            return
        self.apply(result)
        if self._pending:
            self._pending = False
            self._start(quick=True, modal=False)
        elif not result.library.complete:
            self._start(quick=False, modal=False)

    def _failed(self, job_id: int, exc: BaseException, trace: str, modal: bool) -> None:
        if not self._end_job(job_id):
            return
        from app.progress import Cancelled

        if isinstance(exc, Cancelled):
            return
        lang = current_language()
        message = (
            exc.text(lang) if isinstance(exc, StorageError) else (str(exc) or type(exc).__name__)
        )
        self.statusBar().showMessage(self.tr("读取预案库失败：{m}").format(m=message), 10000)
        if modal:
            dialogs.show_error(self, self.tr("无法读取预案库"), message, trace)

    def _cancelled(self, job_id: int) -> None:
        if not self._end_job(job_id):
            return
        self.statusBar().showMessage(self.tr("已取消读取预案库"), 8000)

    def apply(self, result: ScanResult) -> None:
        """Show a scan's result, keeping the selected file selected."""
        selected = self.selected_entry()
        self.library = result.library
        self.system = result.system
        self.model.set_library(result.library)
        if selected is not None:
            self.select_path(selected.path)
        self._fill_system()
        self._watch(result.watch)
        self.scans += 1
        self._update_summary()
        self._update_title()
        self._update_actions()
        if result.library.complete:
            self.statusBar().showMessage(
                self.tr("已读取 {n} 个文件").format(n=len(result.library.entries)), 4000
            )

    # --- watching the disk --------------------------------------------------------------------------

    def _watch(self, paths: list[str]) -> None:
        wanted = set(paths)
        current = set(self.watcher.directories()) | set(self.watcher.files())
        gone = sorted(current - wanted)
        if gone:
            self.watcher.removePaths(gone)
        new = sorted(wanted - current)
        if new:
            self.watcher.addPaths(new)  # paths that vanished meanwhile are skipped by Qt

    def _disk_changed(self, _path: str) -> None:
        self.refresh_timer.start()  # several changes (a save, a copy) make one rescan

    # --- the table --------------------------------------------------------------------------------

    def _kind_changed(self, _index: int) -> None:
        self.proxy.set_kind(self.kind_combo.currentData() or ALL)
        self._update_summary()

    def focus_filter(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def selected_entry(self) -> Entry | None:
        widget = self.tabs.currentWidget() if hasattr(self, "tabs") else None
        if widget is self.system_split:
            index = self.tree.currentIndex()
            path = index.siblingAtColumn(0).data(PathRole) if index.isValid() else None
            return self.library.find(Path(path)) if path and self.library else None
        if not hasattr(self, "table"):
            return None
        return self.proxy.entry(self.table.currentIndex())

    def select_path(self, path: Path) -> bool:
        row = self.model.row_of(path)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, COL_TITLE))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _current_changed(self, *_: object) -> None:
        self._update_actions()
        entry = self.selected_entry()
        if entry is not None and entry.doc != "unreadable":
            self.history.show_file(entry.path, entry.title)
        else:
            self.history.show_file(None)
        if entry is not None:
            self.statusBar().showMessage(str(entry.path), 4000)

    def _activated(self, index: QModelIndex) -> None:
        entry = self.proxy.entry(index)
        if entry is not None:
            self.open_entry(entry)

    def _table_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        for action in (self.open_file_action, self.reveal_action, self.copy_path_action):
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.open_entry(entry)

    def open_entry(self, entry: Entry) -> bool:
        """Open the file in the editor window (which asks about its unsaved changes)."""
        main = self.main
        if main is None:
            return False
        if entry.doc == "drill" and not _editor_opens_drills():
            dialogs.show_info(
                self,
                self.tr("打开演练文件"),
                self.tr(
                    "编辑器暂不能编辑演练文件“{name}”。可以用 python -m app validate 检查它，"
                    "或用文本编辑器修改。"
                ).format(name=entry.path.name),
            )
            return False
        if not main.open_path(entry.path):
            return False
        main.show()
        main.raise_()
        main.activateWindow()
        return True

    def reveal_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(entry.path.parent)))

    def copy_selected_path(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            QApplication.clipboard().setText(str(entry.path))
            self.statusBar().showMessage(self.tr("已复制 {path}").format(path=entry.path), 4000)

    # --- the plan system -----------------------------------------------------------------------------

    def _fill_system(self) -> None:
        model = self.tree_model
        model.clear()
        model.setHorizontalHeaderLabels(
            [self.tr("预案和演练"), self.tr("类型"), self.tr("单位"), self.tr("说明")]
        )
        self.issues.clear()
        system, library = self.system, self.library
        if system is None or library is None:
            self.issues_label.setText(self.tr("需要处理的问题"))
            return
        lang = current_language()
        warning = self._std(QStyle.StandardPixmap.SP_MessageBoxWarning)
        issues: dict[int, list[T]] = {}
        for issue in system.issues:
            issues.setdefault(id(issue.entry), []).append(issue.message)

        def row(entry: Entry, kind: str, note: str = "") -> list[QStandardItem]:
            items = [
                QStandardItem(entry.title or entry.path.name),
                QStandardItem(kind),
                QStandardItem(entry.unit),
                QStandardItem(note),
            ]
            items[0].setData(str(entry.path), PathRole)
            items[0].setToolTip(str(entry.path))
            problems = issues.get(id(entry))
            if problems:
                items[0].setIcon(warning)
                text = "；".join(p.text(lang) for p in problems)
                items[3].setText(text)
                for item in items:
                    item.setForeground(Qt.GlobalColor.darkRed)
                    item.setToolTip(text)
            return items

        def drill_row(drill: Entry) -> list[QStandardItem]:
            when = drill.drill_date.isoformat() if drill.drill_date else ""
            kind = self.tr("演练")
            items = row(drill, kind, when)
            items[0].setText(self.tr("演练：{title}").format(title=drill.title))
            return items

        def add(parent: QStandardItem | QStandardItemModel, node: Any) -> None:
            entry = node.entry
            outside = system.external_parent(entry)
            note = self.tr("上级预案（不在本库中）：{plan}").format(plan=outside) if outside else ""
            items = row(entry, entry.kind.label(lang) if entry.kind else "", note)
            parent.appendRow(items)
            for drill in node.drills:
                items[0].appendRow(drill_row(drill))
            for child in node.children:
                add(items[0], child)

        for root in system.roots:
            add(model, root)
        linked = {id(d) for node, _ in system.walk() for d in node.drills}
        loose = [d for d in library.drills() if id(d) not in linked]
        if loose:
            group = QStandardItem(self.tr("未关联到预案的演练"))
            group.setIcon(warning)
            model.appendRow([group, QStandardItem(), QStandardItem(), QStandardItem()])
            for drill in loose:
                group.appendRow(drill_row(drill))
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 420)
        self.tree.setColumnWidth(1, 180)
        self.tree.setColumnWidth(2, 200)
        for issue in system.issues:
            name = issue.entry.title or issue.entry.path.name
            colon = T("：", ": ").text(lang)
            item = QListWidgetItem(warning, f"{name}{colon}{issue.message.text(lang)}")
            item.setData(PathRole, str(issue.entry.path))
            item.setToolTip(str(issue.entry.path))
            self.issues.addItem(item)
        self.issues_label.setText(
            self.tr("需要处理的问题（{n}）").format(n=len(system.issues))
            if system.issues
            else self.tr("需要处理的问题：无。预案之间的链接完整，没有孤立的预案。")
        )

    def _tree_activated(self, index: QModelIndex) -> None:
        path = index.siblingAtColumn(0).data(PathRole)
        entry = self.library.find(Path(path)) if path and self.library else None
        if entry is not None:
            self.open_entry(entry)

    def _issue_activated(self, item: QListWidgetItem) -> None:
        path = item.data(PathRole)
        entry = self.library.find(Path(path)) if path and self.library else None
        if entry is not None:
            self.open_entry(entry)

    # --- exports ------------------------------------------------------------------------------------

    def _export_target(self, title: str, name: str) -> Path | None:
        folder = self.prefs.export_folder or (str(self.root) if self.root else str(Path.home()))
        safe = safe_name(name, limit=file_room(folder) - len(".docx"))
        path = dialogs.save_file_name(
            self, title, str(Path(folder) / f"{safe}.docx"), self.tr("Word 文档 (*.docx)")
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        return target

    def _run_export(self, title: str, job: Any, done: Any) -> tasks.ProgressTask:
        def failed(exc: BaseException, trace: str) -> None:
            lang = current_language()
            if isinstance(exc, StorageError):
                dialogs.show_error(
                    self,
                    title,
                    exc.text(lang),
                    self.tr("位置：{where}").format(where=exc.location()),
                )
            else:
                dialogs.show_error(self, title, str(exc) or type(exc).__name__, trace)

        def cancelled() -> None:
            self.statusBar().showMessage(self.tr("已取消，未写入任何文件"), 5000)

        self.export_task = tasks.run_with_progress(self, title, job, done, failed, cancelled)
        return self.export_task

    def default_year(self) -> int:
        today = self.today()
        return today.year + 1 if today.month >= 10 else today.year  # planned late in the year

    def export_work_plan(self) -> tasks.ProgressTask | None:
        from app.library.reports import export_work_plan, work_plan_title

        library = self.library
        if library is None:
            return None
        answer = library_dialogs.ask_work_plan(
            self, self.default_year(), library.unit_name(), len(library.plans())
        )
        if answer is None:
            return None
        year, unit = answer
        title = self.tr("导出年度工作计划")
        target = self._export_target(title, work_plan_title(unit, year))
        if target is None:
            return None
        lang = current_language()

        def done(result: Any) -> None:
            self.statusBar().showMessage(
                self.tr("已导出 {name}（{n} 项工作）").format(name=target.name, n=result.rows),
                30000,
            )
            self.open_buttons.offer(target)

        return self._run_export(
            title,
            lambda progress: export_work_plan(
                library, year, target, unit=unit, lang=lang, progress=progress
            ),
            done,
        )

    def export_system(self) -> tasks.ProgressTask | None:
        from app.library.reports import export_system, system_title

        library = self.library
        if library is None:
            return None
        title = self.tr("导出预案体系")
        target = self._export_target(title, system_title(library.unit_name()))
        if target is None:
            return None
        lang = current_language()

        def done(result: Any) -> None:
            self.statusBar().showMessage(
                self.tr("已导出 {name}（体系图 {n} 幅）").format(name=target.name, n=result.images),
                30000,
            )
            self.open_buttons.offer(target)
            if result.warnings:
                dialogs.show_warning(
                    self, title, "\n".join(f"• {w.text(lang)}" for w in result.warnings)
                )

        return self._run_export(
            title,
            lambda progress: export_system(library, target, lang=lang, progress=progress),
            done,
        )

    def _unsaved_in(self, path: Path) -> bool:
        """Whether the editor holds unsaved changes to ``path`` (a file, or any file in a
        folder): a sync or restore must not work past them."""
        doc = getattr(self.main, "doc", None) if self.main is not None else None
        if doc is None or doc.path is None or not doc.is_modified():
            return False
        return doc.path == path or (path.is_dir() and _inside(doc.path, path))

    # --- window state ----------------------------------------------------------------------------

    def _restore_state(self) -> None:
        for key, restore in (
            ("library/geometry", self.restoreGeometry),
            ("library/header", self.table.horizontalHeader().restoreState),
            ("library/split", self.system_split.restoreState),
        ):
            state = self.prefs.bytes(key)
            if state is not None:
                restore(state)

    def save_state(self) -> None:
        for key, value in (
            ("library/geometry", self.saveGeometry()),
            ("library/header", self.table.horizontalHeader().saveState()),
            ("library/split", self.system_split.saveState()),
        ):
            if isinstance(value, QByteArray):
                self.prefs.set_bytes(key, value)
        self.prefs.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._job += 1  # nothing that is still running may reach the window
        self._cancel_background()
        self.refresh_timer.stop()
        self._watch([])  # a closed window does not follow the disk
        self.save_state()
        event.accept()


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _editor_opens_drills() -> bool:
    from app.ui.document import document_types

    return any(t.schema_id == DRILL_SCHEMA for t in document_types())


class _FollowMain(QObject):
    """Closes the library window when its editor window closes (is hidden, not minimised)."""

    def __init__(self, window: LibraryWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and not event.spontaneous():
            self._window.close()
        return False


def show_library(main: Any, folder: str | Path | None = None) -> LibraryWindow | None:
    """The main window's 预案库 command: its library window on ``folder``, or on a folder
    the user picks; None if none was picked or it cannot be opened."""
    window = getattr(main, "library_window", None)
    if window is None or not shiboken6.isValid(window):
        window = LibraryWindow(main)
        main.library_window = window
        main.installEventFilter(_FollowMain(window))
    if folder is None:
        folder = window.ask_folder(window if window.isVisible() else main)
        if folder is None:
            return None
    if not Path(folder).is_dir():
        window.open_folder(folder)  # says why
        return None
    window.show()
    window.raise_()
    window.activateWindow()
    window.open_folder(folder)
    return window
