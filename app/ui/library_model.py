"""Qt item models over a plan library (``app.library.Library``).

``LibraryModel`` is the dashboard table, one row per file: title, kind, unit, version,
issued, last revised, next evaluation due, last drill, next drill due, open findings,
check status and the file. ``SortRole`` gives each cell a key that sorts as the value
does (dates as dates, counts as numbers, files without a date last), so the view sorts
through a ``LibraryFilter`` proxy that also filters by text, kind and "only overdue".

Overdue rows have a light red background, a warning icon on the title and a ⚠ before
each late date (colour is never the only sign). Unreadable files are listed with their
reason as the tooltip.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from app.i18n import current_language
from app.library import Entry, Library
from app.model.kinds import PlanKind

Index = QModelIndex | QPersistentModelIndex

SortRole = Qt.ItemDataRole.UserRole + 40
EntryRole = Qt.ItemDataRole.UserRole + 41
OverdueRole = Qt.ItemDataRole.UserRole + 42

(
    COL_TITLE,
    COL_KIND,
    COL_UNIT,
    COL_VERSION,
    COL_ISSUED,
    COL_REVISED,
    COL_REVISION_DUE,
    COL_LAST_DRILL,
    COL_DRILL_DUE,
    COL_FINDINGS,
    COL_CHECK,
    COL_FILE,
) = range(12)
COLUMNS = 12

DATE_COLUMNS = {COL_ISSUED, COL_REVISED, COL_REVISION_DUE, COL_LAST_DRILL, COL_DRILL_DUE}
NO_DATE = 99_999_999  # sorts after every real date
LATE_FIELD = {COL_REVISION_DUE: "revision_due", COL_DRILL_DUE: "drill_due"}

OVERDUE_BACKGROUND = QColor("#fde7e7")
UNREADABLE_BACKGROUND = QColor("#eeeeee")
LATE_TEXT = QColor("#a50e0e")
ERROR_TEXT = QColor("#b3261e")
WARNING_TEXT = QColor("#8a5300")
MARK = "⚠ "

# Kind filter keys besides the PlanKind values
ALL, PLANS, DRILLS, UNREADABLE = "all", "plans", "drills", "unreadable"


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class LibraryModel(QAbstractTableModel):
    """The library as a table; ``set_library`` after every scan."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self._entries: list[Entry] = []
        self._late: list[set[str]] = []
        self._overdue: list[bool] = []
        style = QApplication.style()
        self._warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        self._bold = QFont()
        self._bold.setBold(True)

    # --- content ---------------------------------------------------------------------------

    def set_library(self, library: Library | None) -> None:
        """Show ``library``; rows stay in place (and the view's selection with them) when
        the same files are listed again, as after a refresh."""
        entries = list(library.entries) if library is not None else []
        same = [e.path for e in entries] == [e.path for e in self._entries]
        if same and entries:
            self._take(library, entries)
            self.dataChanged.emit(self.index(0, 0), self.index(len(entries) - 1, COLUMNS - 1))
            return
        self.beginResetModel()
        self._take(library, entries)
        self.endResetModel()

    def _take(self, library: Library | None, entries: list[Entry]) -> None:
        self.library = library
        self._entries = entries
        today = library.today if library is not None else dt.date.today()
        self._late = [e.late_fields(today) for e in entries]
        self._overdue = [bool(e.overdue(today)) for e in entries]

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def row_of(self, path: Any) -> int:
        return next((i for i, e in enumerate(self._entries) if e.path == path), -1)

    def is_overdue(self, row: int) -> bool:
        return self._overdue[row]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, COLUMNS - 1))

    # --- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers().get(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips().get(section)
        return None

    def headers(self) -> dict[int, str]:
        return {
            COL_TITLE: self.tr("标题"),
            COL_KIND: self.tr("类型"),
            COL_UNIT: self.tr("单位"),
            COL_VERSION: self.tr("版本"),
            COL_ISSUED: self.tr("颁布日期"),
            COL_REVISED: self.tr("最近修订"),
            COL_REVISION_DUE: self.tr("下次评估"),
            COL_LAST_DRILL: self.tr("最近演练"),
            COL_DRILL_DUE: self.tr("下次演练"),
            COL_FINDINGS: self.tr("未完成整改"),
            COL_CHECK: self.tr("检查结果"),
            COL_FILE: self.tr("文件"),
        }

    def header_tips(self) -> dict[int, str]:
        return {
            COL_REVISED: self.tr("颁布、修订或评估中最近的日期"),
            COL_REVISION_DUE: self.tr("每3年至少评估一次，评估后视情修订"),
            COL_LAST_DRILL: self.tr("预案的演练记录和预案库中演练文件的日期"),
            COL_DRILL_DUE: self.tr("按预案类型的演练频次计算"),
            COL_FINDINGS: self.tr("演练发现的问题中尚未整改完成的项数"),
            COL_CHECK: self.tr("与“重新检查”相同的检查：错误和警告数"),
        }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.checkIndex(index):
            return None
        row, column = index.row(), index.column()
        entry = self._entries[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column, self._late[row])
        if role == SortRole:
            return self._sort_key(entry, column)
        if role == EntryRole:
            return entry
        if role == OverdueRole:
            return self.is_overdue(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_TITLE:
            if entry.doc == "unreadable":
                return self._error_icon
            if self.is_overdue(row):
                return self._warning_icon
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if entry.doc == "unreadable":
                return QBrush(UNREADABLE_BACKGROUND)
            if self.is_overdue(row):
                return QBrush(OVERDUE_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(entry, column, self._late[row])
        if role == Qt.ItemDataRole.FontRole and self._is_late(entry, column, self._late[row]):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            COL_VERSION,
            COL_FINDINGS,
            *DATE_COLUMNS,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    # --- cells ---------------------------------------------------------------------------------

    def _kind(self, entry: Entry) -> str:
        lang = current_language()
        if entry.doc == "unreadable":
            return self.tr("无法读取")
        if entry.doc == "drill":
            form = {"tabletop": self.tr("桌面"), "live": self.tr("实战")}.get(
                entry.drill_form or ""
            )
            return self.tr("演练（{form}）").format(form=form) if form else self.tr("演练")
        return entry.kind.label(lang) if entry.kind else ""

    def _is_late(self, entry: Entry, column: int, late: set[str]) -> bool:
        if column in LATE_FIELD:
            return LATE_FIELD[column] in late
        return column == COL_FINDINGS and "open_findings" in late

    def _text(self, entry: Entry, column: int, late: set[str]) -> str:
        if column == COL_TITLE:
            return entry.title or entry.path.name
        if column == COL_KIND:
            return self._kind(entry)
        if column == COL_FILE:
            return self._relative(entry)
        if entry.doc == "unreadable":
            return (
                entry.reason.text(current_language())
                if column == COL_CHECK and entry.reason
                else ""
            )
        mark = MARK if self._is_late(entry, column, late) else ""
        if column == COL_UNIT:
            return entry.unit
        if column == COL_VERSION:
            return entry.version
        if column == COL_ISSUED:
            return _date(entry.issued)
        if column == COL_REVISED:
            return _date(entry.last_revised)
        if column == COL_REVISION_DUE:
            return mark + _date(entry.revision_due) if entry.revision_due else ""
        if column == COL_LAST_DRILL:
            return _date(entry.last_drill if entry.doc == "plan" else entry.drill_date)
        if column == COL_DRILL_DUE:
            return mark + _date(entry.drill_due) if entry.drill_due else ""
        if column == COL_FINDINGS:
            if entry.overdue_findings:
                return mark + self.tr("{n}（{late} 逾期）").format(
                    n=entry.open_findings, late=entry.overdue_findings
                )
            return str(entry.open_findings)
        if column == COL_CHECK:
            if not entry.checked:
                return self.tr("检查中…")
            return self._counts(entry)
        return ""

    def _counts(self, entry: Entry) -> str:
        if not entry.errors and not entry.warnings:
            return self.tr("✓ 通过")
        parts = []
        if entry.errors:
            parts.append(self.tr("错误 {n}").format(n=entry.errors))
        if entry.warnings:
            parts.append(self.tr("警告 {n}").format(n=entry.warnings))
        return " · ".join(parts)

    def _relative(self, entry: Entry) -> str:
        if self.library is None:
            return entry.path.name
        try:
            return entry.path.relative_to(self.library.root).as_posix()
        except ValueError:
            return str(entry.path)

    def _sort_key(self, entry: Entry, column: int) -> Any:
        if column in DATE_COLUMNS:
            day = {
                COL_ISSUED: entry.issued,
                COL_REVISED: entry.last_revised,
                COL_REVISION_DUE: entry.revision_due,
                COL_LAST_DRILL: entry.last_drill if entry.doc == "plan" else entry.drill_date,
                COL_DRILL_DUE: entry.drill_due,
            }[column]
            return day.toordinal() if day else NO_DATE
        if column == COL_FINDINGS:
            return entry.open_findings * 1000 + entry.overdue_findings
        if column == COL_CHECK:
            if entry.doc == "unreadable":
                return 10**9
            if not entry.checked:
                return -1
            return entry.errors * 10_000 + entry.warnings
        if column == COL_KIND:
            order = {"plan": 0, "drill": 1, "unreadable": 2}[entry.doc]
            kinds = list(PlanKind)
            return order * 100 + (kinds.index(entry.kind) if entry.kind in kinds else 0)
        return self._text(entry, column, set()).casefold()

    def _foreground(self, entry: Entry, column: int, late: set[str]) -> Any:
        if self._is_late(entry, column, late):
            return QBrush(LATE_TEXT)
        if column == COL_CHECK and entry.checked:
            if entry.doc == "unreadable" or entry.errors:
                return QBrush(ERROR_TEXT)
            if entry.warnings:
                return QBrush(WARNING_TEXT)
        return None

    def _tooltip(self, entry: Entry, column: int) -> str | None:
        lang = current_language()
        if entry.doc == "unreadable":
            reason = entry.reason.text(lang) if entry.reason else ""
            return self.tr("无法读取“{name}”：{reason}").format(name=entry.path.name, reason=reason)
        if column in (COL_TITLE, COL_FILE):
            lines = [str(entry.path)]
            if self.library is not None:
                lines += [f"⚠ {t.text(lang)}" for t in entry.overdue(self.library.today)]
            if entry.doc == "drill" and entry.exercises:
                lines.append(self.tr("检验的预案：{plan}").format(plan=entry.exercises))
            return "\n".join(lines)
        if self.library is not None and column in LATE_FIELD:
            field = LATE_FIELD[column]
            if field in entry.late_fields(self.library.today):
                day = getattr(entry, field)
                return self.tr("已逾期：应于 {day} 前完成").format(day=day)
        if column == COL_CHECK:
            if not entry.checked:
                return self.tr("正在后台检查，完成后显示错误和警告数")
            return self.tr("错误 {e}，警告 {w}（与编辑器“重新检查”的结果相同）").format(
                e=entry.errors, w=entry.warnings
            )
        if column in (COL_KIND, COL_UNIT):
            return self._text(entry, column, set()) or None  # for a cut-off cell
        return None


class LibraryFilter(QSortFilterProxyModel):
    """Text, kind and "only overdue" filters over a ``LibraryModel``; sorts by SortRole."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setSortLocaleAware(True)
        self._words: list[str] = []
        self._kind = ALL
        self._overdue_only = False

    def _changed(self) -> None:
        # Qt 6.10 replaced invalidateFilter by a begin/end pair
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.invalidateRowsFilter()

    def set_text(self, text: str) -> None:
        self._words = [w.casefold() for w in text.split()]
        self._changed()

    def set_kind(self, kind: str) -> None:
        self._kind = kind
        self._changed()

    def set_overdue_only(self, only: bool) -> None:
        self._overdue_only = only
        self._changed()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, LibraryModel):
            return True
        entry = model.entry(source_row)
        if self._overdue_only and not model.is_overdue(source_row):
            return False
        kind = self._kind
        if kind == PLANS and entry.doc != "plan":
            return False
        if kind == DRILLS and entry.doc != "drill":
            return False
        if kind == UNREADABLE and entry.doc != "unreadable":
            return False
        if kind not in (ALL, PLANS, DRILLS, UNREADABLE) and (
            entry.kind is None or entry.kind.value != kind
        ):
            return False
        if not self._words:
            return True
        haystack = " ".join(
            str(model.index(source_row, c).data() or "")
            for c in (COL_TITLE, COL_KIND, COL_UNIT, COL_FILE)
        ).casefold()
        haystack += " " + (entry.parent or "").casefold() + " " + (entry.exercises or "").casefold()
        return all(word in haystack for word in self._words)

    def entry(self, index: QModelIndex) -> Entry | None:
        if not index.isValid():
            return None
        return self.data(index, EntryRole)
