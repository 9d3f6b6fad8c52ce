"""The main window: outline on the left, the selected part in the centre, problems below."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
)

from app.checks import check_plan
from app.i18n import current_language
from app.model.plan import Plan, Section
from app.storage.errors import LoadError
from app.storage.plans import load_plan


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.plan: Plan | None = None
        self.path: Path | None = None
        self.resize(1200, 800)
        self.outline = QTreeWidget()
        self.outline.setHeaderHidden(True)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        splitter = QSplitter()
        splitter.addWidget(self.outline)
        splitter.addWidget(self.body)
        splitter.setSizes([350, 850])
        self.setCentralWidget(splitter)
        self.problems = QListWidget()
        dock = QDockWidget(self.tr("问题"), self)
        dock.setObjectName("problems")
        dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        menu.addAction(self.tr("打开(&O)…"), self._open_dialog).setShortcut("Ctrl+O")
        menu.addAction(self.tr("退出(&X)"), self.close).setShortcut("Ctrl+Q")
        self.outline.currentItemChanged.connect(self._show_item)
        self.setWindowTitle(self.tr("PlanDrill 应急预案与演练工作台"))

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("打开预案"), "", self.tr("预案文件 (*.plan.yaml)")
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        try:
            loaded = load_plan(path)
        except LoadError as exc:
            self.statusBar().showMessage(f"{exc.location()}: {exc.text()}")
            return False
        self.plan = loaded.model
        self.path = Path(path)
        self._fill_outline()
        problems = loaded.problems + check_plan(loaded.model, lines=loaded.lines, filename=path)
        self.problems.clear()
        lang = current_language()
        for p in problems:
            QListWidgetItem(
                f"{p.line or ''}\t{p.severity.label.text(lang)}\t{p.text(lang)}", self.problems
            )
        self.setWindowTitle(f"{self.plan.meta.title} — PlanDrill")
        return True

    def _fill_outline(self) -> None:
        assert self.plan is not None
        self.outline.clear()

        def add(parent: QTreeWidget | QTreeWidgetItem, sections: list[Section]) -> None:
            for section in sections:
                item = QTreeWidgetItem(parent, [section.title])
                item.setData(0, Qt.ItemDataRole.UserRole, section.body)
                add(item, section.children)

        add(self.outline, self.plan.sections)
        self.outline.expandAll()

    def _show_item(self, item: QTreeWidgetItem | None) -> None:
        self.body.setPlainText(
            "" if item is None else str(item.data(0, Qt.ItemDataRole.UserRole) or "")
        )
