"""The window shell: menus, file handling, autosave, problems dock, find, status bar.

It hosts one document at a time (``Document``) and the editor its type provides
(``DocumentType.editor``), so plans and, later, drills share the same shell.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.i18n import T, current_language
from app.model.kinds import PlanKind
from app.model.problems import Severity
from app.paths import is_bundled
from app.storage.errors import ConflictError, LoadError, SaveError, StorageError
from app.storage.names import file_room, safe_name
from app.storage.recovery import RecoveryEntry, RecoveryStore, new_session_id
from app.ui import about, preferences
from app.ui.base import dialogs, tasks
from app.ui.base.icons import app_icon
from app.ui.base.settings import Preferences, documents_dir, recovery_dir
from app.ui.base.status import OpenButtons, PathLabel
from app.ui.base.translation import set_ui_language
from app.ui.document import Document, DocumentType, document_type, document_types, load_document
from app.ui.editor_base import DocumentEditor
from app.ui.findbar import FindBar
from app.ui.fontcheck import FontNotice
from app.ui.models.problems import COL_LINE, COL_MESSAGE, COL_SEVERITY, COL_WHERE, ProblemsModel
from app.ui.plan_type import PLAN_TYPE
from app.ui.welcome import WelcomePage

STYLE = """
QLabel#pageHeading { font-size: 14pt; font-weight: 600; padding: 2px 0 4px 0; }
QLabel#pageHint { color: #5f6368; }
QLabel#welcomeTitle { font-size: 20pt; font-weight: 600; }
QLabel#welcomeHeading { font-size: 12pt; font-weight: 600; padding: 4px 0 2px 0; }
QLabel#sectionNumber { padding: 2px 0 6px 0; }
QGroupBox { font-weight: 600; }
QGroupBox QLabel, QGroupBox QLineEdit, QGroupBox QComboBox, QGroupBox QPlainTextEdit,
QGroupBox QCheckBox, QGroupBox QTableView, QGroupBox QToolButton, QGroupBox QDateEdit {
    font-weight: normal;
}
"""

# Editor sessions of this process whose recovery files are not orphans.
LIVE_SESSIONS: set[str] = set()
# Windows opened besides the first (restored documents, several dropped files).
_WINDOWS: list[MainWindow] = []


def _end_session(session: str) -> None:
    LIVE_SESSIONS.discard(session)


class UndoKeysFilter(QObject):
    """Ctrl+Z / Ctrl+Y in the editor's text fields undo the document, not the field.

    Line edits and text edits keep their own little undo history and would swallow the
    keys; one document-wide history is what users expect. Cell editors that are open
    in a table keep their own keys.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = weakref.ref(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
        ):
            return False
        window = self._window()
        if window is None or window.editor is None or not isinstance(watched, QWidget):
            return False
        if not window.editor.isAncestorOf(watched):
            return False
        # Swallowing the override makes the window's undo/redo action fire; an open cell
        # editor (a child of a view's viewport) keeps its own keys.
        parent = watched.parentWidget()
        return parent is None or not isinstance(parent.parentWidget(), QAbstractItemView)


class MainWindow(QMainWindow):
    """The editor window for one document at a time."""

    def __init__(
        self,
        prefs: Preferences | None = None,
        *,
        recovery: RecoveryStore | None = None,
    ) -> None:
        super().__init__()
        self.prefs = prefs or Preferences()
        self.recovery = recovery or RecoveryStore(recovery_dir())
        self.session = new_session_id()
        LIVE_SESSIONS.add(self.session)
        session = self.session
        self.destroyed.connect(lambda *_: _end_session(session))
        self.doc: Document | None = None
        self.editor: DocumentEditor | None = None
        self._doc_counter = 0
        self._recovery_key: str | None = None
        self._recovery_lock = threading.Lock()
        self._recovery_epoch = 0
        self._autosaved_edits = -1
        self._autosaving = False
        self._asking_disk = False
        self._busy = 0  # a file is being read or written (see wait_for)
        self._dock_hidden_for_welcome = False
        self.setAcceptDrops(True)
        self.setObjectName("MainWindow")
        self.setStyleSheet(STYLE)
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)

        self.welcome = WelcomePage(self)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.find_bar.hit_selected.connect(self._show_hit)
        self.editor_host = QWidget()
        host_layout = QVBoxLayout(self.editor_host)
        host_layout.setContentsMargins(0, 0, 0, 0)
        host_layout.setSpacing(0)
        host_layout.addWidget(self.find_bar)
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.editor_host)
        self.font_notice = FontNotice(self)
        self.font_notice.details_requested.connect(self.show_about)
        frame = QWidget()
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.setSpacing(0)
        frame_layout.addWidget(self.font_notice)
        frame_layout.addWidget(self.central, 1)
        self.setCentralWidget(frame)

        self._make_problems_dock()
        self._make_status_bar()
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        from app.ui.drill.menu import install_drill_menu

        self.drill_menu = install_drill_menu(self)
        from app.ui.import_review import install_import_actions

        self.import_actions = install_import_actions(self)  # 文件 › 导入 Word 预案 / Excel 名录
        from app.ui.compare_dialog import install_compare_action

        self.compare_action = install_compare_action(self)  # 文件 › 比较版本/生成修订对照表…

        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._disk_timer = QTimer(self)
        self._disk_timer.setSingleShot(True)
        self._disk_timer.setInterval(300)
        self._disk_timer.timeout.connect(self.check_disk)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self._apply_autosave_interval()
        self._undo_filter = UndoKeysFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._undo_filter)

        self.retranslate()
        self._restore_window_state()
        self._fill_section_menu()
        self._update_for_document()

    # --- construction -------------------------------------------------------------------------

    def _clipboard_edit(self, what: str) -> None:
        """剪切 / 复制 / 粘贴 from the 编辑 menu, for the focused field or table."""
        from app.ui.editors.table import clipboard_target

        target = clipboard_target(QApplication.focusWidget())
        if target is not None:
            getattr(target, what)()

    def _make_problems_dock(self) -> None:
        self.problems_model = ProblemsModel(parent=self)
        self.problems_view = QTableView()
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.problems_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems_view.setWordWrap(False)
        self.problems_view.setAlternatingRowColors(True)
        self.problems_view.verticalHeader().hide()
        self.problems_view.verticalHeader().setDefaultSectionSize(
            self.problems_view.fontMetrics().height() + 8
        )
        header = self.problems_view.horizontalHeader()
        header.setSectionResizeMode(COL_SEVERITY, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_WHERE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_LINE, QHeaderView.ResizeMode.Interactive)
        self.problems_view.setColumnWidth(COL_SEVERITY, 80)
        self.problems_view.setColumnWidth(COL_WHERE, 300)
        self.problems_view.setColumnWidth(COL_LINE, 50)
        # where in the plan (位置) says it; the file's line numbers mean nothing to planners
        self.problems_view.setColumnHidden(COL_LINE, True)
        self.problems_view.clicked.connect(self._problem_activated)
        self.problems_view.activated.connect(self._problem_activated)
        self.problems_dock = QDockWidget(self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems_view)
        self.problems_dock.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea
            | Qt.DockWidgetArea.RightDockWidgetArea
            | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self._dock_sized = False  # sized for the window at its first show, unless restored

    def _make_status_bar(self) -> None:
        # the path yields room to the messages (已保存, 已导出…), which the bar shows left
        self.file_label = PathLabel()
        self.kind_label = QLabel()
        self.counts_label = QLabel()
        for label in (self.kind_label, self.counts_label):
            label.setContentsMargins(8, 0, 8, 0)
        self.open_buttons = OpenButtons()
        self.statusBar().addPermanentWidget(self.open_buttons)
        self.statusBar().addPermanentWidget(self.file_label)
        self.statusBar().addPermanentWidget(self.kind_label)
        self.statusBar().addPermanentWidget(self.counts_label)

    def _std_icon(self, which: QStyle.StandardPixmap) -> QIcon:
        return self.style().standardIcon(which)

    def _action(
        self,
        slot: Any,
        keys: QKeySequence.StandardKey | str | list[str] | None = None,
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        action = QAction(self)
        if icon is not None:
            action.setIcon(self._std_icon(icon))
        if isinstance(keys, QKeySequence.StandardKey):
            action.setShortcuts(keys)
        elif isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.new_action = self._action(self.new_plan, QKeySequence.StandardKey.New, sp.SP_FileIcon)
        self.template_action = self._action(self.new_from_template, "Ctrl+Shift+T")
        self.open_action = self._action(
            self.open_dialog, QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton
        )
        self.library_action = self._action(
            lambda: self.open_library(), "Ctrl+Shift+L", sp.SP_DirOpenIcon
        )
        self.save_action = self._action(
            self.save, QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton
        )
        self.save_as_action = self._action(self.save_as, "Ctrl+Shift+S")
        self.export_action = self._action(self.export_word, "Ctrl+E")
        self.export_cards_action = self._action(
            lambda: self.export_word(cards=True), "Ctrl+Shift+E"
        )
        self.package_action = self._action(self.build_filing_package, "Ctrl+Shift+B")
        self.close_doc_action = self._action(self.close_document, QKeySequence.StandardKey.Close)
        self.prefs_action = self._action(self.edit_preferences, "Ctrl+,")
        self.quit_action = self._action(self.close, "Ctrl+Q")
        self.undo_action = self._action(self.undo, QKeySequence.StandardKey.Undo, sp.SP_ArrowBack)
        self.redo_action = self._action(self.redo, ["Ctrl+Y", "Ctrl+Shift+Z"], sp.SP_ArrowForward)
        # no keys bound here: the tables' and fields' own Ctrl+X/C/V do the same
        self.cut_action = self._action(lambda: self._clipboard_edit("cut"))
        self.copy_action = self._action(lambda: self._clipboard_edit("copy"))
        self.paste_action = self._action(lambda: self._clipboard_edit("paste"))
        self.find_action = self._action(
            self.find_bar_open, QKeySequence.StandardKey.Find, sp.SP_FileDialogContentsView
        )
        self.find_next_action = self._action(
            self.find_bar.find_next, QKeySequence.StandardKey.FindNext
        )
        self.find_prev_action = self._action(
            self.find_bar.find_previous, QKeySequence.StandardKey.FindPrevious
        )
        self.recheck_action = self._action(self.recheck, "F5", sp.SP_BrowserReload)
        self.next_problem_action = self._action(lambda: self.step_problem(1), "F8")
        self.prev_problem_action = self._action(lambda: self.step_problem(-1), "Shift+F8")
        self.problems_toggle = self.problems_dock.toggleViewAction()
        self.problems_toggle.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.problems_toggle.triggered.connect(self._problems_toggled)
        self.language_group = QActionGroup(self)
        self.zh_action = QAction("中文（简体）", self, checkable=True)
        self.en_action = QAction("English", self, checkable=True)
        for action, lang in ((self.zh_action, "zh"), (self.en_action, "en")):
            self.language_group.addAction(action)
            action.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
        # enabled only while a document is open
        self.document_actions = (
            self.save_action,
            self.save_as_action,
            self.export_action,
            self.export_cards_action,
            self.package_action,
            self.close_doc_action,
            self.find_action,
            self.find_next_action,
            self.find_prev_action,
            self.recheck_action,
            self.next_problem_action,
            self.prev_problem_action,
        )
        self.shortcuts_action = self._action(
            self.show_shortcuts, QKeySequence.StandardKey.HelpContents
        )
        self.about_action = self._action(self.show_about)

    @staticmethod
    def _fill(target: QMenu | QToolBar, items: list[QAction | QMenu | None]) -> None:
        """Actions in order; None is a separator, a QMenu a submenu."""
        for item in items:
            if item is None:
                target.addSeparator()
            elif isinstance(item, QMenu):
                assert isinstance(target, QMenu)
                target.addMenu(item)
            else:
                target.addAction(item)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill(
            self.file_menu,
            [
                self.new_action,
                self.template_action,
                self.open_action,
                self.recent_menu,
                self.library_action,
                None,
                self.save_action,
                self.save_as_action,
                self.export_action,
                self.export_cards_action,
                self.package_action,
                None,
                self.close_doc_action,
                self.prefs_action,
                None,
                self.quit_action,
            ],
        )
        self.edit_menu = bar.addMenu("")
        self._fill(
            self.edit_menu,
            [
                self.undo_action,
                self.redo_action,
                None,
                self.cut_action,
                self.copy_action,
                self.paste_action,
                None,
                self.find_action,
                self.find_next_action,
                self.find_prev_action,
            ],
        )
        self.section_menu = bar.addMenu("")
        self.view_menu = bar.addMenu("")
        self.language_menu = QMenu(self)
        self._fill(self.language_menu, [self.zh_action, self.en_action])
        self._fill(
            self.view_menu,
            [
                self.problems_toggle,
                self.recheck_action,
                self.next_problem_action,
                self.prev_problem_action,
                None,
                self.language_menu,
            ],
        )
        self.help_menu = bar.addMenu("")
        self._fill(self.help_menu, [self.shortcuts_action, self.about_action])

    def _make_toolbar(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._fill(
            self.toolbar,
            [
                self.new_action,
                self.open_action,
                self.save_action,
                None,
                self.undo_action,
                self.redo_action,
                None,
                self.find_action,
                self.recheck_action,
            ],
        )
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    # --- translation --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.open_buttons.retranslate()
        texts = (
            (self.new_action, self.tr("新建预案(&N)…"), self.tr("新建一个空白预案")),
            (self.template_action, self.tr("从模板新建(&T)…"), self.tr("从预案模板新建")),
            (self.open_action, self.tr("打开(&O)…"), self.tr("打开预案文件")),
            (
                self.library_action,
                self.tr("打开预案库(&L)…"),
                self.tr(
                    "把一个文件夹中的全部预案和演练作为预案库打开：到期一览、预案体系、年度工作计划"
                ),
            ),
            (self.save_action, self.tr("保存(&S)"), self.tr("保存当前预案")),
            (self.save_as_action, self.tr("另存为(&A)…"), self.tr("以新文件名保存")),
            (
                self.export_action,
                self.tr("导出为 Word(&E)…"),
                self.tr("导出为公文格式的 Word 文档"),
            ),
            (
                self.export_cards_action,
                self.tr("导出应急处置卡(&D)…"),
                self.tr("每个指挥机构、工作组一张处置卡，导出为 Word 文档"),
            ),
            (
                self.package_action,
                self.tr("备案材料(&B)…"),
                self.tr("生成备案材料：申报表、评审材料、风险评估和资源调查报告、清单"),
            ),
            (self.close_doc_action, self.tr("关闭文件(&C)"), self.tr("关闭当前预案")),
            (self.prefs_action, self.tr("首选项(&P)…"), self.tr("语言、自动保存和导出设置")),
            (self.quit_action, self.tr("退出(&X)"), self.tr("退出 PlanDrill")),
            (self.undo_action, self.tr("撤销(&U)"), self.tr("撤销上一步修改")),
            (self.redo_action, self.tr("重做(&R)"), self.tr("重做撤销的修改")),
            (self.find_action, self.tr("查找(&F)…"), self.tr("在整个预案中查找")),
            (self.find_next_action, self.tr("查找下一个"), self.tr("跳到下一个查找结果")),
            (self.find_prev_action, self.tr("查找上一个"), self.tr("跳到上一个查找结果")),
            (self.recheck_action, self.tr("重新检查(&K)"), self.tr("立即重新检查预案")),
            (self.next_problem_action, self.tr("下一个问题"), self.tr("跳到下一个问题")),
            (self.prev_problem_action, self.tr("上一个问题"), self.tr("跳到上一个问题")),
            (self.problems_toggle, self.tr("问题面板(&P)"), self.tr("显示或隐藏问题面板")),
            (self.shortcuts_action, self.tr("快捷键(&K)"), self.tr("列出所有快捷键")),
            (self.about_action, self.tr("关于 PlanDrill(&A)"), self.tr("版本和说明")),
        )
        for action, text, tip in texts:
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip}（{keys}）" if keys else tip)
            action.setStatusTip(tip)
        for action, text, standard in (
            (self.cut_action, self.tr("剪切(&T)"), QKeySequence.StandardKey.Cut),
            (self.copy_action, self.tr("复制(&C)"), QKeySequence.StandardKey.Copy),
            (self.paste_action, self.tr("粘贴(&P)"), QKeySequence.StandardKey.Paste),
        ):
            keys = QKeySequence(standard).toString(QKeySequence.SequenceFormat.NativeText)
            action.setText(f"{text}\t{keys}")  # shown, not bound
            action.setStatusTip(self.tr("表格中为所选的整块单元格，可与 Excel/WPS 互相粘贴"))
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.recent_menu.setTitle(self.tr("最近打开(&R)"))
        self.edit_menu.setTitle(self.tr("编辑(&E)"))
        self.section_menu.setTitle(self.tr("章节(&S)"))
        self.view_menu.setTitle(self.tr("视图(&V)"))
        self.language_menu.setTitle(self.tr("界面语言(&L)"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.toolbar.setWindowTitle(self.tr("工具栏"))
        self.problems_dock.setWindowTitle(self.tr("问题"))
        lang = current_language()
        self.zh_action.setChecked(lang == "zh")
        self.en_action.setChecked(lang == "en")
        self.welcome.retranslate()
        self.drill_menu.retranslate()
        self.font_notice.retranslate()
        self.find_bar.retranslate()
        self.problems_model.retranslate()
        if self.editor is not None:
            self.editor.retranslate()
        self._update_undo_texts()
        self._update_title()
        self._update_status()

    def set_language(self, lang: str) -> None:
        """Switch the UI and the domain messages to ``lang`` and remember it."""
        self.prefs.language = lang
        self.prefs.sync()
        set_ui_language(lang)
        # Qt sends LanguageChange only when translators change; make sure either way.
        self.retranslate()

    # --- document lifecycle -------------------------------------------------------------------

    def has_document(self) -> bool:
        return self.doc is not None

    def _set_document(self, doc: Document | None) -> None:
        old_doc, old_editor = self.doc, self.editor
        if old_doc is not None:
            self._stop_watching()
            self._discard_recovery()
            # Nothing the old document does from here on may reach the window.
            old_doc.blockSignals(True)
            old_doc.undo_stack.blockSignals(True)
        self.doc = doc
        self.editor = None
        if old_editor is not None:
            old_editor.hide()
            self.editor_host.layout().removeWidget(old_editor)
            old_editor.deleteLater()
        if old_doc is not None:
            old_doc.deleteLater()
        self.find_bar.set_document(doc)
        self.problems_model.set_document(doc)
        if doc is not None:
            doc.setParent(self)
            self._doc_counter += 1
            self._recovery_key = f"{self.session}-{self._doc_counter}"
            self._autosaved_edits = doc.edits
            self.editor = doc.doc_type.editor(doc, self.editor_host)
            self.editor_host.layout().addWidget(self.editor, 1)
            state = self.prefs.bytes(f"editor/{doc.doc_type.schema_id}")
            if state is not None:
                self.editor.restore_state(state)
            doc.modified_changed.connect(self._modified_changed)
            doc.path_changed.connect(self._path_changed)
            doc.problems_changed.connect(self._update_status)
            doc.checking_changed.connect(self._update_status)
            doc.rejected.connect(self._show_rejected)
            doc.changed.connect(self._doc_edited)
            doc.undo_stack.canUndoChanged.connect(self._update_undo_state)
            doc.undo_stack.canRedoChanged.connect(self._update_undo_state)
            doc.undo_stack.undoTextChanged.connect(self._update_undo_texts)
            doc.undo_stack.redoTextChanged.connect(self._update_undo_texts)
            self._watch()
            doc.schedule_check(0)
            if doc.path is not None:
                self._remember_recent(doc.path)
        else:
            self._recovery_key = None
        self._fill_section_menu()
        self._update_for_document()

    def _update_for_document(self) -> None:
        has = self.doc is not None
        self.central.setCurrentWidget(self.editor_host if has else self.welcome)
        self._problems_dock_for_welcome(has)
        if not has:
            self.find_bar.hide()
            self.welcome.fill_recent(self.prefs.recent_files)
        for action in self.document_actions:
            action.setEnabled(has)
        self.setWindowModified(bool(self.doc and self.doc.is_modified()))
        self._update_undo_state()
        self._update_undo_texts()
        self._update_title()
        self._update_status()

    def _problems_dock_for_welcome(self, has_document: bool) -> None:
        """An empty problems table has no place on the welcome page: hide it there and
        bring it back with the next document (the user's own choice is what is saved)."""
        if not has_document and not self.problems_dock.isHidden():
            self.problems_dock.hide()
            self._dock_hidden_for_welcome = True
        elif has_document and self._dock_hidden_for_welcome:
            self.problems_dock.show()
            self._dock_hidden_for_welcome = False

    def _problems_toggled(self) -> None:
        self._dock_hidden_for_welcome = False  # the user decided

    def _fill_section_menu(self) -> None:
        self.section_menu.clear()
        actions = self.editor.edit_actions() if self.editor is not None else []
        for action in actions:
            self.section_menu.addAction(action)
        self.section_menu.menuAction().setVisible(bool(actions))

    def display_name(self) -> str:
        if self.doc is None:
            return ""
        if self.doc.path is not None:
            return self.doc.path.name
        return self.tr("未命名预案")

    def _update_title(self) -> None:
        if self.doc is None:
            self.setWindowTitle(self.tr("PlanDrill 应急预案与演练工作台"))
            return
        title = self.doc.title()
        parts = [f"{self.display_name()}[*]"]
        if title:
            parts.append(title)
        parts.append(APP_NAME)
        self.setWindowTitle(" — ".join(parts))

    def _update_status(self, *_: object) -> None:
        doc = self.doc
        if doc is None:
            self.file_label.setText("")
            self.kind_label.setText("")
            self.counts_label.setText("")
            self.problems_dock.setWindowTitle(self.tr("问题"))
            return
        lang = current_language()
        self.file_label.setText(str(doc.path) if doc.path else self.tr("（未保存的新文件）"))
        kind = doc.doc_type.kind_of(doc.model)
        label = doc.doc_type.label.text(lang)
        self.kind_label.setText(f"{label[:1].upper()}{label[1:]} · {kind.text(lang)}")
        counts = doc.counts()
        text = self.tr("错误 {e} · 警告 {w} · 提示 {i}").format(
            e=counts[Severity.ERROR], w=counts[Severity.WARNING], i=counts[Severity.INFO]
        )
        if doc.is_checking():
            text = self.tr("正在检查…") + "  " + text
        self.counts_label.setText(text)
        self.problems_dock.setWindowTitle(
            self.tr("问题（{n}）").format(n=len(doc.problems)) if doc.problems else self.tr("问题")
        )

    def _modified_changed(self, modified: bool) -> None:
        self.setWindowModified(modified)

    def _path_changed(self) -> None:
        self._update_title()
        self._update_status()

    def _doc_edited(self) -> None:
        self._update_title()

    def _show_rejected(self, message: T) -> None:
        self.statusBar().showMessage(message.text(current_language()), 8000)

    # --- undo / redo -------------------------------------------------------------------------

    def undo(self) -> None:
        if self.doc is not None:
            self.doc.close_burst()
            self.doc.undo_stack.undo()

    def redo(self) -> None:
        if self.doc is not None:
            self.doc.undo_stack.redo()

    def _update_undo_state(self, *_: object) -> None:
        stack = self.doc.undo_stack if self.doc is not None else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))

    def _update_undo_texts(self, *_: object) -> None:
        stack = self.doc.undo_stack if self.doc is not None else None
        undo = stack.undoText() if stack is not None else ""
        redo = stack.redoText() if stack is not None else ""
        self.undo_action.setText(
            self.tr("撤销“{what}”(&U)").format(what=undo) if undo else self.tr("撤销(&U)")
        )
        self.redo_action.setText(
            self.tr("重做“{what}”(&R)").format(what=redo) if redo else self.tr("重做(&R)")
        )

    # --- new / open ------------------------------------------------------------------------------

    def _can_replace(self) -> bool:
        """Ask about unsaved changes before the current document goes away."""
        if self.doc is None or not self.doc.is_modified():
            return True
        answer = dialogs.ask_unsaved_changes(self, self.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_plan(self, kind: PlanKind | None = None) -> bool:
        if not self._can_replace():
            return False
        if kind is None:
            kind = dialogs.choose_plan_kind(self)
            if kind is None:
                return False
        self.new_document(PLAN_TYPE, PLAN_TYPE.new(kind))
        return True

    def new_document(self, doc_type: DocumentType, model: Any) -> Document:
        doc = Document(doc_type, model)
        self._set_document(doc)
        return doc

    def new_from_template(self) -> bool:
        if not self._can_replace():
            return False
        from app.ui import template_wizard  # its templates bring jinja2: only when asked

        plan = template_wizard.new_from_template(self)
        if plan is None:
            return False
        doc_type = next((t for t in document_types() if isinstance(plan, t.model)), PLAN_TYPE)
        doc = self.new_document(doc_type, plan)
        doc.undo_stack.resetClean()  # the values typed into the wizard are not saved yet
        return True

    def open_dialog(self) -> None:
        if not self._can_replace():
            return
        patterns = " ".join(f"*{t.suffix}" for t in document_types())
        filters = ";;".join(
            [self.tr("PlanDrill 文件 ({patterns})").format(patterns=patterns)]
            + [f"{t.label.text(current_language())} (*{t.suffix})" for t in document_types()]
            + [self.tr("YAML 文件 (*.yaml *.yml)"), self.tr("所有文件 (*)")]
        )
        folder = self.prefs.last_folder or str(Path.home())
        path = dialogs.open_file_name(self, self.tr("打开"), folder, filters)
        if path:
            self.open_path(path, ask=False)

    def open_library(self, folder: str | Path | None = None) -> Any:
        """File › 打开预案库: the library window on a folder (asked for when not given)."""
        from app.ui.library_window import show_library

        return show_library(self, folder)

    def open_path(self, path: str | Path, *, ask: bool = True) -> bool:
        """Open a file in this window; a clear message (never a traceback) if it cannot."""
        if ask and not self._can_replace():
            return False
        if self._busy:
            return False
        p = Path(path)
        try:
            doc_type, loaded = self.wait_for(
                lambda: load_document(p), self.tr("正在打开 {name}…").format(name=p.name)
            )
        except LoadError as exc:
            self._show_load_error(exc)
            return False
        except OSError as exc:  # e.g. a folder was dropped
            self._show_load_error(
                LoadError(
                    str(p),
                    T(f"无法读取：{exc.strerror or exc}", f"Cannot read: {exc.strerror or exc}"),
                )
            )
            return False
        doc = Document.from_loaded(doc_type, loaded)
        self._set_document(doc)
        if not is_bundled(p):  # the next dialog starts among the user's files, not ours
            self.prefs.last_folder = str(p.resolve().parent)
        errors = sum(pr.severity is Severity.ERROR for pr in loaded.problems)
        if loaded.dropped:
            self.statusBar().showMessage(
                self.tr("文件有 {n} 处内容无法读取，已略去；详见问题面板。").format(
                    n=len(loaded.dropped)
                ),
                10000,
            )
            self.problems_dock.show()
        elif errors:
            self.statusBar().showMessage(self.tr("文件有格式错误，详见问题面板。"), 10000)
        else:
            self.statusBar().showMessage(self.tr("已打开 {name}").format(name=p.name), 4000)
        return True

    def wait_for(self, fn: Any, message: str) -> Any:
        """Run ``fn()`` on a worker thread and return its result (or raise its error).

        The window keeps painting and its timers run meanwhile, so the GUI thread is
        never stuck on a big file or a slow disk; user input waits until it is done,
        so nothing can change under the job.
        """
        box: dict[str, Any] = {}
        loop = QEventLoop()

        def done(result: Any) -> None:
            box["result"] = result
            loop.quit()

        def failed(exc: BaseException, _trace: str) -> None:
            box["error"] = exc
            loop.quit()

        self._busy += 1
        self.statusBar().showMessage(message)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            tasks.run_in_thread(fn, done, failed)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
            self._busy -= 1
        if "error" in box:
            raise box["error"]
        return box["result"]

    def _show_load_error(self, exc: LoadError) -> None:
        lang = current_language()
        where = exc.location()
        dialogs.show_error(
            self,
            self.tr("无法打开文件"),
            self.tr("无法打开“{name}”：").format(name=Path(exc.filename).name)
            + "\n"
            + exc.text(lang),
            self.tr("位置：{where}").format(where=where),
        )
        self.statusBar().showMessage(f"{where}: {exc.text(lang)}", 10000)

    def close_document(self) -> bool:
        if not self._can_replace():
            return False
        self._save_editor_state()
        self._set_document(None)
        return True

    # --- save ---------------------------------------------------------------------------------

    def save(self) -> bool:
        doc = self.doc
        if doc is None:
            return False
        if doc.path is None or is_bundled(doc.path):  # a sample: the user's copy goes elsewhere
            return self.save_as()
        if doc.dropped:
            answer = dialogs.ask_save_dropped(
                self, doc.path.name, [self._where(p) for p in doc.dropped]
            )
            if answer == "save_as":
                return self.save_as()
            if answer != "save":
                return False
        return self._save_to(doc.path)

    def save_as(self) -> bool:
        doc = self.doc
        if doc is None:
            return False
        suffix = doc.doc_type.suffix
        if doc.path is not None and is_bundled(doc.path):
            folder = self.prefs.last_folder
            if not folder or is_bundled(folder):
                folder = str(documents_dir())
            suggested = str(Path(folder) / doc.path.name)
        elif doc.path is not None:
            suggested = str(doc.path)
        else:
            where = Path(self.prefs.last_folder or Path.home())
            name = safe_name(
                doc.title(), suffix=suffix, fallback=self.tr("未命名预案"), limit=file_room(where)
            )
            suggested = str(where / name)
        filters = f"{doc.doc_type.label.text(current_language())} (*{suffix})"
        path = dialogs.save_file_name(self, self.tr("另存为"), suggested, filters)
        if not path:
            return False
        target = Path(path)
        if not target.name.lower().endswith(suffix):
            target = target.with_name(target.name.removesuffix(".yaml") + suffix)
        return self._save_to(target)

    def _save_to(self, path: Path, *, overwrite: bool = False) -> bool:
        doc = self.doc
        assert doc is not None
        if not overwrite and doc.conflicts(path):
            answer = self._ask_conflict(path)
            if answer == "save_as":
                return self.save_as()
            if answer != "overwrite":
                return False
            overwrite = True
        from app.ui.drill_renames import offer_drill_updates

        carry = offer_drill_updates(self, doc.model, path, doc.path)  # renamed ids → drills
        self._stop_watching()
        message = self.tr("正在保存 {name}…").format(name=path.name)
        try:
            doc.save(path, runner=lambda job: self.wait_for(job, message), overwrite=overwrite)
        except ConflictError:  # changed again between the question and the write
            self._watch()
            return self._save_to(path)
        except SaveError as exc:
            lang = current_language()
            dialogs.show_error(
                self,
                self.tr("保存失败"),
                self.tr("无法保存“{name}”：").format(name=path.name) + "\n" + exc.text(lang),
                self.tr("您的修改仍在本窗口中，没有丢失。可以换个位置另存。"),
            )
            self._watch()
            return False
        self._watch()
        self._discard_recovery()
        self._remember_recent(path)
        self.prefs.last_folder = str(path.resolve().parent)
        saved = self.tr("已保存 {name}").format(name=path.name)
        self.statusBar().showMessage(saved + (carry() if carry is not None else ""), 4000)
        self._update_title()
        self._update_status()
        return True

    def _ask_conflict(self, path: Path) -> str:
        """Another save reached the file first: ask until the user chooses what to do."""
        from app.model.plan import Plan

        doc = self.doc
        assert doc is not None
        can_compare = isinstance(doc.model, Plan)
        while True:
            answer = dialogs.ask_save_conflict(self, path.name, can_compare)
            if answer != "compare":
                return answer
            self._show_disk_differences(path)

    def _show_disk_differences(self, path: Path) -> None:
        """The 修订对照 between the file on disk and this window's plan (app.compare)."""
        from app.compare import diff_plans

        doc = self.doc
        assert doc is not None
        title = self.tr("比较两个版本")
        try:
            _, disk = self.wait_for(
                lambda: load_document(path), self.tr("正在读取 {name}…").format(name=path.name)
            )
        except (LoadError, OSError) as exc:
            text = exc.text(current_language()) if isinstance(exc, LoadError) else str(exc)
            dialogs.show_error(self, title, self.tr("无法读取磁盘上的版本：") + "\n" + text)
            return
        differences = diff_plans(disk.model, doc.model)
        if differences.is_empty:
            summary = self.tr("磁盘上的版本与本窗口中的内容相同。")
        else:
            summary = self.tr(
                "左为磁盘上的版本（他人保存的），右为本窗口中的版本，共 {n} 处不同："
            ).format(n=len(differences.changes))
        details = "\n".join(differences.lines(current_language()))
        dialogs.show_comparison(self, title, summary, details)

    def _where(self, path: tuple[str | int, ...]) -> str:
        from app.model.problems import format_path
        from app.ui.locations import describe_path

        assert self.doc is not None
        try:
            return describe_path(self.doc.model, path, current_language()) or format_path(path)
        except (AttributeError, TypeError, ValueError):
            return format_path(path)

    def _remember_recent(self, path: Path) -> None:
        self.prefs.add_recent(path)
        if self.doc is None:
            self.welcome.fill_recent(self.prefs.recent_files)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.prefs.recent_files
        for n, path in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{n % 10} {Path(path).name}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("清除列表"), self.clear_recent_files)
        else:
            empty = self.recent_menu.addAction(self.tr("（无）"))
            empty.setEnabled(False)

    def open_recent(self, path: str) -> bool:
        if not Path(path).exists():
            dialogs.show_warning(
                self,
                self.tr("文件不存在"),
                self.tr("“{path}”已不存在，已从最近打开列表中移除。").format(path=path),
            )
            self.prefs.remove_recent(path)
            self.welcome.fill_recent(self.prefs.recent_files)
            return False
        return self.open_path(path)

    def clear_recent_files(self) -> None:
        self.prefs.clear_recent()
        self.welcome.fill_recent([])

    def open_sample(self, path: str | Path) -> bool:
        """Open a bundled sample; saving it asks for a place of the user's own."""
        if not self.open_path(path):
            return False
        self.statusBar().showMessage(
            self.tr("这是示例文件，可以随意修改；保存时会请您另选位置。"), 10000
        )
        return True

    # --- drag and drop -----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        # Open after the drop has finished: the drag source may wait on it.
        QTimer.singleShot(0, lambda: self.open_files(files))

    def open_files(self, files: list[str]) -> None:
        """The first file here, any others in new windows."""
        if not files:
            return
        first, rest = files[0], files[1:]
        self.open_path(first)
        for path in rest:
            window = MainWindow(self.prefs, recovery=self.recovery)
            if window.open_path(path, ask=False):
                _WINDOWS.append(window)
                window.show()
            else:
                window.close()
                window.deleteLater()

    # --- file changed on disk --------------------------------------------------------------------

    def _watch(self) -> None:
        if self.doc is not None and self.doc.path is not None and self.doc.path.exists():
            self.watcher.addPath(str(self.doc.path))

    def _stop_watching(self) -> None:
        files = self.watcher.files()
        if files:
            self.watcher.removePaths(files)

    def _file_changed(self, _: str) -> None:
        self._disk_timer.start()

    def check_disk(self) -> None:
        """If the file changed on disk behind our back, ask: reload, or keep mine."""
        doc = self.doc
        if doc is None or doc.path is None or self._asking_disk:
            return
        self._watch()  # an atomic replace by another program drops the watch
        if not doc.disk_changed():
            return
        self._asking_disk = True
        try:
            if not doc.path.exists():
                doc.accept_disk_version()
                doc.undo_stack.resetClean()
                dialogs.show_warning(
                    self,
                    self.tr("文件已被删除或移走"),
                    self.tr("“{name}”已不在磁盘上。您的内容仍在本窗口中，请保存以免丢失。").format(
                        name=doc.path.name
                    ),
                )
                return
            answer = dialogs.ask_reload(self, doc.path.name, doc.is_modified())
            if answer == "reload":
                self.reload()
            else:
                doc.accept_disk_version()
                doc.undo_stack.resetClean()  # ours differs from the disk: keep it unsaved
                self.statusBar().showMessage(
                    self.tr("已保留本窗口中的版本；保存时会询问是否覆盖磁盘上的新版本。"), 8000
                )
        finally:
            self._asking_disk = False

    def reload(self) -> bool:
        doc = self.doc
        if doc is None or doc.path is None:
            return False
        path = doc.path
        try:
            doc_type, loaded = self.wait_for(
                lambda: load_document(path), self.tr("正在重新载入 {name}…").format(name=path.name)
            )
        except (LoadError, OSError) as exc:
            if isinstance(exc, OSError):
                exc = LoadError(str(path), T(f"无法读取：{exc}", f"Cannot read: {exc}"))
            self._show_load_error(exc)
            return False
        if doc_type is not doc.doc_type:
            return self.open_path(doc.path, ask=False)
        doc.replace(loaded)
        self._discard_recovery()
        self.statusBar().showMessage(self.tr("已重新载入 {name}").format(name=doc.path.name), 5000)
        self._update_title()
        self._update_status()
        return True

    # --- autosave and recovery -----------------------------------------------------------------

    def _apply_autosave_interval(self) -> None:
        seconds = self.prefs.autosave_seconds
        if seconds > 0:
            self.autosave_timer.start(seconds * 1000)
        else:
            self.autosave_timer.stop()

    def autosave_now(self, *, wait: bool = False) -> None:
        """Write unsaved changes to the recovery file (off the GUI thread)."""
        doc = self.doc
        key = self._recovery_key
        if doc is None or key is None or self._autosaving:
            return
        if not doc.is_modified():
            self._discard_recovery()
            return
        if doc.edits == self._autosaved_edits:
            return
        edits = doc.edits
        thaw = doc.snapshot()
        dumps = doc.doc_type.dumps
        store = self.recovery
        schema = doc.doc_type.schema_id
        title = doc.title()
        original = str(doc.path) if doc.path else None
        session = self.session
        lock = self._recovery_lock
        with lock:
            epoch = self._recovery_epoch

        def job() -> None:
            text = dumps(thaw())
            with lock:
                if epoch != self._recovery_epoch:
                    return  # saved or closed meanwhile: the recovery file is not wanted
                store.write(
                    key, text, session=session, schema=schema, title=title, original=original
                )

        def done(_: object) -> None:
            self._autosaving = False
            self._autosaved_edits = edits

        def failed(exc: BaseException, _trace: str) -> None:
            self._autosaving = False
            message = exc.text(current_language()) if isinstance(exc, SaveError) else str(exc)
            self.statusBar().showMessage(self.tr("自动保存失败：{m}").format(m=message), 10000)

        self._autosaving = True
        if wait:
            try:
                job()
            except Exception as exc:
                failed(exc, "")
            else:
                done(None)
        else:
            tasks.run_in_thread(job, done, failed, owner=self)

    def _discard_recovery(self) -> None:
        key = self._recovery_key
        if key is None:
            return
        with self._recovery_lock:
            self._recovery_epoch += 1
            self.recovery.discard(key)
        self._autosaved_edits = -1

    def offer_recovery(self) -> int:
        """After a crash: offer the orphaned recovery files; returns how many were restored."""
        scan = self.recovery.scan()
        for broken in scan.broken:
            self.recovery.set_aside(broken)
        entries = self.recovery.orphans(LIVE_SESSIONS)
        if not entries:
            return 0
        answer = dialogs.ask_restore(self, entries)
        if answer == "discard":
            for entry in entries:
                self.recovery.discard(entry.key)
            return 0
        if answer != "restore":
            return 0
        restored = 0
        for entry in entries:
            window = self if self.doc is None else MainWindow(self.prefs, recovery=self.recovery)
            if window.restore_entry(entry):
                restored += 1
                if window is not self:
                    _WINDOWS.append(window)
                    window.show()
        return restored

    def restore_entry(self, entry: RecoveryEntry) -> bool:
        from app.storage.documents import loads

        try:
            doc_type = document_type(entry.schema)
        except KeyError:
            doc_type = PLAN_TYPE
        name = entry.original or entry.key
        try:
            loaded = loads(entry.text, doc_type.model, doc_type.schema_id, name)
        except LoadError as exc:
            self._show_load_error(exc)
            return False
        doc = Document(
            doc_type,
            loaded.model,
            path=entry.original,
            load_problems=loaded.problems,
            dropped=loaded.dropped,
        )
        self._set_document(doc)
        doc.undo_stack.resetClean()  # restored content is not saved yet
        doc.edits += 1
        # Keep it safe under this session before the old file goes.
        self.autosave_now(wait=True)
        self.recovery.discard(entry.key)
        self.statusBar().showMessage(self.tr("已恢复自动保存的内容，请检查后保存。"), 10000)
        return True

    # --- problems ------------------------------------------------------------------------------

    def recheck(self) -> None:
        if self.doc is not None:
            self.doc.check_now()
            self._update_status()

    def _problem_activated(self, index: Any) -> None:
        if not index.isValid() or self.editor is None:
            return
        problem = self.problems_model.problem(index.row())
        if not self.editor.select_path(problem.path):
            self.statusBar().showMessage(self.tr("无法定位到该问题所在位置"), 5000)

    def step_problem(self, delta: int) -> None:
        count = self.problems_model.rowCount()
        if not count:
            return
        row = self.problems_view.currentIndex().row()
        row = (row + delta) % count if row >= 0 else (0 if delta > 0 else count - 1)
        index = self.problems_model.index(row, COL_MESSAGE)
        self.problems_view.setCurrentIndex(index)
        self._problem_activated(index)

    # --- find ------------------------------------------------------------------------------------

    def find_bar_open(self) -> None:
        if self.doc is not None:
            self.find_bar.open_bar()

    def _show_hit(self, path: Any, start: int, end: int) -> None:
        if self.editor is None:
            return
        searching = self.find_bar.field.hasFocus()
        self.editor.select_path(tuple(path), (start, end))
        if searching:  # keep typing Enter for the next hit; the hit stays highlighted
            self.find_bar.field.setFocus()

    # --- export ----------------------------------------------------------------------------------

    def export_word(self, *, cards: bool = False) -> tasks.ProgressTask | None:
        """Ask where, then export the plan (or its response cards) off the GUI thread."""
        from app.ui.export_job import default_target, export_job

        doc = self.doc
        if doc is None:
            return None
        if doc.doc_type is not PLAN_TYPE:  # a drill: its documents (cards: the task cards)
            from app.drilldocs import DrillDoc

            return self.drill_menu.export_doc(DrillDoc.TASK_CARDS if cards else None)
        suggested = default_target(
            doc.path, doc.title(), self.prefs.export_folder or self.prefs.last_folder, cards=cards
        )
        title = self.tr("导出应急处置卡") if cards else self.tr("导出为 Word")
        path = dialogs.save_file_name(self, title, str(suggested), self.tr("Word 文档 (*.docx)"))
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")

        def done(report: Any) -> None:
            self.statusBar().showMessage(self.tr("已导出 {name}").format(name=target.name), 30000)
            self.open_buttons.offer(target)
            warnings = getattr(report, "warnings", [])
            if warnings:
                lang = current_language()
                dialogs.show_warning(
                    self,
                    title,
                    self.tr("已导出“{name}”，请注意：").format(name=target.name)
                    + "\n"
                    + "\n".join(f"• {w.text(lang)}" for w in warnings[:12]),
                )

        return self.run_job(title, export_job(doc.snapshot(), target, cards=cards), done)

    def build_filing_package(self) -> tasks.ProgressTask | None:
        """Ask where, then build the filing package (备案材料) off the GUI thread."""
        import datetime as dt

        from app.filing import PackageOptions, package_name
        from app.model.plan import Plan
        from app.ui.package_job import (
            default_folder,
            draft_or_final_exists,
            gap_lines,
            package_job,
        )

        doc = self.doc
        if doc is None or not isinstance(doc.model, Plan):
            return None
        title = self.tr("生成备案材料")
        start = default_folder(doc.path, self.prefs.export_folder or self.prefs.last_folder)
        folder = dialogs.choose_folder(self, title, str(start))
        if not folder:
            return None
        today = dt.date.today()
        existing = draft_or_final_exists(
            Path(folder),
            package_name(doc.model, today, folder),
            package_name(doc.model, today, folder, draft=True),
        )
        force = False
        if existing is not None:
            if not dialogs.ask_replace_package(self, existing):
                return None
            force = True
        options = PackageOptions(zip=True, force=force, today=today)

        def done(report: Any) -> None:
            lang = current_language()
            self.statusBar().showMessage(
                self.tr("已生成备案材料 {name}").format(name=report.folder.name), 8000
            )
            lines = [
                self.tr("已生成备案材料：{path}").format(path=report.folder),
                self.tr("压缩包：{path}").format(path=report.zip_path),
                "",
                report.deadline.summary().text(lang),
                report.requirement.reason_t.text(lang),
            ]
            if report.gaps:
                lines += [
                    "",
                    self.tr("有 {n} 处缺项或待补充内容，已在材料中标出，并列在“{name}”中。").format(
                        n=len(report.gaps), name=report.items[0].filename
                    ),
                ]
            if report.marks:
                lines += ["", *gap_lines(report, lang)[:10]]
            lines += [f"• {p.text(lang)}" for p in report.problems[:8]]
            dialogs.show_info(self, title, "\n".join(lines))

        return self.run_job(title, package_job(doc.snapshot(), Path(folder), options), done)

    def run_job(
        self,
        title: str,
        job: Any,
        on_done: Any = None,
    ) -> tasks.ProgressTask:
        """Run a long job off the GUI thread with progress and cancel; errors shown clearly."""

        def failed(exc: BaseException, trace: str) -> None:
            lang = current_language()
            if isinstance(exc, StorageError):  # export, save, template errors: say where
                details = self.tr("位置：{where}").format(where=exc.location())
                dialogs.show_error(self, title, exc.text(lang), details)
            else:  # a bug: a clear sentence first, the details folded away
                dialogs.show_error(self, title, str(exc) or type(exc).__name__, trace)

        def cancelled() -> None:
            self.statusBar().showMessage(self.tr("已取消"), 5000)

        return tasks.run_with_progress(self, title, job, on_done, failed, cancelled)

    # --- preferences and help ----------------------------------------------------------------------

    def edit_preferences(self) -> None:
        values = preferences.edit_preferences(self, self.prefs.values())
        if values is None:
            return
        language_changed = values.language != self.prefs.language
        self.prefs.apply(values)
        self._apply_autosave_interval()
        if language_changed:
            self.set_language(values.language)

    def show_shortcuts(self) -> None:
        rows = []
        seen: set[int] = set()
        menus = [self.file_menu, self.edit_menu, self.section_menu, self.view_menu]
        menus += [self.drill_menu, self.help_menu]
        while menus:
            menu = menus.pop(0)
            for action in menu.actions():
                if action.menu() is not None:
                    menus.append(action.menu())
                    continue
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys and id(action) not in seen:
                    seen.add(id(action))
                    rows.append(f"{keys}\t{action.text().replace('&', '')}")
        rows.append(self.tr("Ins / Ctrl+Del / Alt+↑↓\t表格中添加、删除、移动行"))
        rows.append(self.tr("Delete\t清空表格中所选单元格"))
        rows.append(
            self.tr(
                "Ctrl+C / Ctrl+X / Ctrl+V\t表格中复制、剪切、粘贴整块单元格（与 Excel/WPS 互通）"
            )
        )
        rows.append(self.tr("Enter / Tab / Ctrl+D\t表格中确认并下移 / 右移 / 向下填充"))
        dialogs.show_info(self, self.tr("快捷键"), "\n".join(rows))

    def show_about(self) -> None:
        about.show_about(self)

    def check_fonts(self) -> bool:
        """Tell once (an info bar, not a dialog) which export fonts this machine lacks."""
        from app.ui.fontcheck import warn_missing_fonts

        return warn_missing_fonts(self.prefs, self.font_notice)

    # --- window state and closing --------------------------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self.prefs.bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.prefs.bytes("window_state")
        if state is not None:
            self._dock_sized = self.restoreState(state)  # the user's own dock size

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._dock_sized:
            # a sixth of the window: at 1280×720 three problem rows and the editor keeps
            # ~500 px; the user's own size is saved with the window state
            self._dock_sized = True
            height = max(96, min(220, self.height() // 6))
            self.resizeDocks([self.problems_dock], [height], Qt.Orientation.Vertical)

    def _save_editor_state(self) -> None:
        if self.editor is not None and self.doc is not None:
            self.prefs.set_bytes(f"editor/{self.doc.doc_type.schema_id}", self.editor.save_state())

    def save_window_state(self) -> None:
        hidden = self._dock_hidden_for_welcome
        if hidden:  # save the user's choice, not the welcome page's
            self.problems_dock.setVisible(True)
        self.prefs.set_bytes("geometry", self.saveGeometry())
        self.prefs.set_bytes("window_state", self.saveState())
        if hidden:
            self.problems_dock.setVisible(False)
        self._save_editor_state()
        self.prefs.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy or not self._can_replace():
            event.ignore()
            return
        self.save_window_state()
        self.autosave_timer.stop()
        self._discard_recovery()
        LIVE_SESSIONS.discard(self.session)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._undo_filter)
        if self in _WINDOWS:
            _WINDOWS.remove(self)
        event.accept()


__all__ = ["LIVE_SESSIONS", "MainWindow"]
