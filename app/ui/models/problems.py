"""The problems of a document as a table: severity, message, where."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from app.i18n import current_language
from app.model.problems import Problem, Severity
from app.ui.document import Document
from app.ui.locations import describe_path

ProblemRole = Qt.ItemDataRole.UserRole + 20
Index = QModelIndex | QPersistentModelIndex

COL_SEVERITY, COL_MESSAGE, COL_WHERE, COL_LINE = range(4)

_ICONS = {
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def sentence(text: str) -> str:
    """Domain messages are lower-case phrases (for ``file:line: message``); a table shows
    them as sentences."""
    return text[:1].upper() + text[1:]


class ProblemsModel(QAbstractTableModel):
    def __init__(self, doc: Document | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self._problems: list[Problem] = []
        self._where: dict[int, str] = {}
        if doc is not None:
            self.set_document(doc)

    def set_document(self, doc: Document | None) -> None:
        if self.doc is not None:
            self.doc.problems_changed.disconnect(self.refresh)
        self.doc = doc
        if doc is not None:
            doc.problems_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        problems = list(self.doc.problems) if self.doc is not None else []
        problems.sort(key=lambda p: (p.severity.rank, p.line or 0))
        self._problems = problems
        self._where = {}
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_SEVERITY: self.tr("级别"),
            COL_MESSAGE: self.tr("说明"),
            COL_WHERE: self.tr("位置"),
            COL_LINE: self.tr("行"),
        }.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.checkIndex(index):
            return None
        p = self._problems[index.row()]
        col = index.column()
        lang = current_language()
        if role == ProblemRole:
            return p
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_SEVERITY:
                return sentence(p.severity.label.text(lang))
            if col == COL_MESSAGE:
                return sentence(p.text(lang))
            if col == COL_WHERE:
                return self._where_text(index.row(), p)
            if col == COL_LINE:
                return str(p.line) if p.line else ""
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_MESSAGE:
            return sentence(p.text(lang))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_WHERE and p.line:
            where = self._where_text(index.row(), p)
            return self.tr("{where}（文件第 {line} 行）").format(where=where, line=p.line)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_SEVERITY:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                return app.style().standardIcon(_ICONS[p.severity])
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _where_text(self, row: int, p: Problem) -> str:
        if row not in self._where:
            text = ""
            if self.doc is not None and p.path:
                try:
                    text = describe_path(self.doc.model, p.path, current_language())
                except (AttributeError, TypeError, ValueError):
                    text = p.path_text()
            if not text and p.line:  # nowhere in the plan to point at: the file's line
                text = self.tr("文件第 {line} 行").format(line=p.line)
            self._where[row] = text
        return self._where[row]

    def retranslate(self) -> None:
        self._where = {}
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self._problems:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._problems) - 1, 3))
