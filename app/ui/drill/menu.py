"""The main window's Drill menu (演练): new drill, run or continue the open drill.

Installed by ``MainWindow`` with one call (``install_drill_menu``); it translates
itself and keeps its own actions, so the window shell needs no drill knowledge.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.drill.clock import TimeSource
from app.drilldocs import DrillDoc, default_output
from app.i18n import current_language
from app.model.drill import Drill, DrillMode
from app.model.problems import Severity
from app.storage.drills import find_unfinished, linked_plan
from app.ui.base import dialogs
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill import resume
from app.ui.drill.drill_type import DRILL_TYPE, new_drill
from app.ui.drill.from_plan import generate_from_plan
from app.ui.drill_docs_job import ask_docx_target, drill_doc_job, export_done

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

# Tests (and demos) may run every new console on a FakeTime.
TIME_SOURCE: TimeSource | None = None
SHOW_PRESENTER = True


class DrillMenu(QMenu):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.new_scripted_action = QAction(self)
        self.new_scripted_action.triggered.connect(lambda: self.new_drill(DrillMode.SCRIPTED))
        self.new_scriptless_action = QAction(self)
        self.new_scriptless_action.triggered.connect(lambda: self.new_drill(DrillMode.SCRIPTLESS))
        self.from_plan_action = QAction(self)
        self.from_plan_action.triggered.connect(self.from_plan)
        self.run_action = QAction(self)
        self.run_action.setShortcut(QKeySequence("F9"))
        self.run_action.triggered.connect(self.run)
        self.resume_action = QAction(self)
        self.resume_action.triggered.connect(self.check_unfinished)
        self.docs_menu = QMenu(self)
        self.doc_actions: dict[DrillDoc, QAction] = {}
        for kind in DrillDoc:
            action = QAction(self)
            action.triggered.connect(lambda _=False, k=kind: self.export_doc(k))
            self.docs_menu.addAction(action)
            self.doc_actions[kind] = action
        for action in (
            self.new_scripted_action,
            self.new_scriptless_action,
            self.from_plan_action,
        ):
            self.addAction(action)
        self.addSeparator()
        self.addAction(self.run_action)
        self.addAction(self.resume_action)
        self.addSeparator()
        self.addMenu(self.docs_menu)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("演练(&D)"))
        for action, text, hint in (
            (
                self.new_scripted_action,
                self.tr("新建有脚本演练(&S)"),
                self.tr("新建一个空白的有脚本演练"),
            ),
            (
                self.new_scriptless_action,
                self.tr("新建无脚本演练(&L)"),
                self.tr("新建一个空白的无脚本（情景卡）演练"),
            ),
            (
                self.from_plan_action,
                self.tr("从预案生成演练(&P)…"),
                self.tr("按预案的风险清单和响应分级生成情景和脚本，逐级推演"),
            ),
            (
                self.run_action,
                self.tr("开始/继续演练(&R)…"),
                self.tr("打开演练控制台和投影窗口，开始或继续当前演练"),
            ),
            (
                self.resume_action,
                self.tr("查找未结束的演练(&U)…"),
                self.tr("检查最近的演练文件是否有未结束的记录"),
            ),
        ):
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{hint}（{keys}）" if keys else hint)
            action.setStatusTip(hint)
        self.docs_menu.setTitle(self.tr("导出演练文件(&E)"))
        lang = current_language()
        for kind, action in self.doc_actions.items():
            action.setText(kind.label.text(lang) + "…")
            if kind.needs_session:
                action.setStatusTip(self.tr("根据最近一场已结束的演练记录生成"))

    # --- commands ---------------------------------------------------------------------------

    def new_drill(self, mode: DrillMode) -> bool:
        if not self.main._can_replace():
            return False
        self.main.new_document(DRILL_TYPE, new_drill(mode))
        return True

    def from_plan(self) -> Path | None:
        """Generate a drill from a plan (as ``drill new --from-plan``) and open it."""
        return generate_from_plan(self.main)

    def run(self) -> Any:
        """Start (or continue) the drill open in the window; returns the console."""
        window = self.main
        doc = window.doc
        if doc is None or doc.doc_type is not DRILL_TYPE:
            dialogs.show_info(
                window,
                self.tr("开始演练"),
                self.tr("请先打开或新建一个演练文件（*.drill.yaml），再开始演练。"),
            )
            return None
        if (doc.path is None or doc.is_modified()) and not window.save():
            return None  # the journal lives next to the drill file: it must exist
        path = doc.path
        assert path is not None
        open_already = resume.console_for(path)
        if open_already is not None:  # one console per drill: bring it forward
            open_already.show()
            open_already.raise_()
            open_already.activateWindow()
            return open_already
        errors = [p for p in doc.problems if p.severity is Severity.ERROR]
        drill: Drill = doc.snapshot()()
        plan, error = window.wait_for(
            lambda: linked_plan(drill, str(path)), self.tr("正在读取关联的预案…")
        )
        if error is not None:
            dialogs.show_warning(
                window,
                self.tr("开始演练"),
                self.tr("无法读取关联的预案，演练仍可进行，但不能核对处置步骤：")
                + "\n"
                + error.text(current_language()),
            )
        elif errors:
            window.statusBar().showMessage(
                self.tr("演练文件有 {n} 个错误（见问题面板），可能影响演练").format(n=len(errors)),
                10000,
            )
        info = find_unfinished(path)
        if info is not None:
            choice = drill_dialogs.ask_run(window, drill.meta.title or path.name, info)
            if choice == "cancel":
                return None
            if choice == "resume":
                return resume.resume_session(
                    info.path, path, time_source=TIME_SOURCE, show_presenter=SHOW_PRESENTER
                )
            resume.end_unfinished(window, info)
        return resume.start_session(
            drill, path, plan, time_source=TIME_SOURCE, show_presenter=SHOW_PRESENTER
        )

    def export_doc(self, kind: DrillDoc | None = None) -> Any:
        """Write one of the drill documents of the open drill (asks which and where)."""
        window = self.main
        doc = window.doc
        if doc is None or doc.doc_type is not DRILL_TYPE:
            return None
        if (doc.path is None or doc.is_modified()) and not window.save():
            return None  # the documents are made from the file (and its sessions)
        if kind is None:
            kind = drill_dialogs.choose_drill_doc(window)
            if kind is None:
                return None
        path = doc.path
        assert path is not None
        title = kind.label.text(current_language())
        target = ask_docx_target(window, title, default_output(kind, path))
        if target is None:
            return None
        return window.run_job(
            title, drill_doc_job(kind, path, target), export_done(window, title, target)
        )

    def check_unfinished(self) -> list[Any]:
        if not resume.unfinished_sessions(self.main.prefs):
            self.main.statusBar().showMessage(self.tr("没有其他需要继续的演练"), 6000)
            return []
        return resume.offer_resume(
            self.main, self.main.prefs, time_source=TIME_SOURCE, show_presenter=SHOW_PRESENTER
        )


def install_drill_menu(window: MainWindow) -> DrillMenu:
    """Add the Drill menu before the Help menu of ``window``."""
    menu = DrillMenu(window)
    window.menuBar().insertMenu(window.help_menu.menuAction(), menu)
    return menu


def offer_resume_at_start(window: MainWindow) -> list[Any]:
    """After start-up: offer drill sessions a crash left unfinished."""
    return resume.offer_resume(
        window, window.prefs, time_source=TIME_SOURCE, show_presenter=SHOW_PRESENTER
    )


__all__ = [
    "DrillMenu",
    "install_drill_menu",
    "offer_resume_at_start",
]
