"""Qt item models of the console and the hot-wash page, over runner snapshots.

They hold plain rows taken from a ``Snapshot`` (or from the engine's metrics) and never
touch the session. ``RowsModel`` does the bookkeeping: same number of rows → one
``dataChanged``; otherwise a reset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.drill.clock import format_clock
from app.drill.state import ExpectedStatus, InjectStatus
from app.findings.links import element_label
from app.i18n import current_language
from app.model.drill import Criterion, EvalMethod, Finding, MarkLevel
from app.storage.journal import Entry
from app.ui.drill.names import Names
from app.ui.drill.runner import ExpectedView, InjectView, Snapshot

translate = QCoreApplication.translate  # lupdate reads translate("context", "source")

Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1

# Colours readable on white and in the high-contrast console theme
GREEN = QColor(22, 120, 50)
AMBER = QColor(170, 95, 0)
RED = QColor(190, 30, 30)
GREY = QColor(120, 120, 120)
BLUE = QColor(20, 80, 170)


class RowsModel(QAbstractTableModel):
    """A table of plain rows; subclasses say how a cell looks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self._columns: int | None = None  # views ask very often: count the headers once

    def headers(self) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def cell(self, n: int, row: Any, column: int, role: int) -> Any:  # pragma: no cover
        raise NotImplementedError

    def row_id(self, row: Any) -> Any:
        return None

    def set_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        if len(rows) == len(self.rows) and [self.row_id(r) for r in rows] == [
            self.row_id(r) for r in self.rows
        ]:
            self.rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1)
                )
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        if self._columns is None:
            self._columns = len(self.headers())
        return self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self.headers()
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n, column = index.row(), index.column()
        if not (0 <= n < len(self.rows) and 0 <= column < self.columnCount()):
            return None
        row = self.rows[n]
        if role == IdRole:
            return self.row_id(row)
        return self.cell(n, row, column, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.columnCount() - 1))
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
            )

    def row_of(self, ident: Any) -> int:
        return next((i for i, r in enumerate(self.rows) if self.row_id(r) == ident), -1)


def minutes_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


# --- injects -----------------------------------------------------------------------------


class InjectsModel(RowsModel):
    """Every inject and card with its time and status (the coordinator's list)."""

    COL_TIME, COL_ID, COL_TITLE, COL_STATUS, COL_CATEGORY, COL_SEVERITY = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.next_id: str | None = None

    def headers(self) -> list[str]:
        return [
            self.tr("时间"),
            self.tr("编号"),
            self.tr("标题"),
            self.tr("状态"),
            self.tr("类别"),
            self.tr("严重程度"),
        ]

    def row_id(self, row: InjectView) -> str:
        return row.id

    def set_snapshot(self, snap: Snapshot) -> None:
        upcoming = [i for i in snap.injects if i.due_s is not None and not i.delivered]
        upcoming.sort(key=lambda i: (i.due_s or 0.0, i.order))
        self.next_id = upcoming[0].id if upcoming else None
        self.set_rows(snap.injects)

    def time_text(self, row: InjectView) -> str:
        if row.delivered_s is not None:
            return format_clock(row.delivered_s)
        if row.due_s is not None:
            return format_clock(row.due_s)
        if row.trigger_after:
            return self.tr("{id} 后 {n} 分").format(
                id=row.trigger_after, n=minutes_text(row.trigger_delay_min)
            )
        if row.trigger_decision or row.status is InjectStatus.WAITING:
            return self.tr("视决策")
        return "—"

    def cell(self, n: int, row: InjectView, column: int, role: int) -> Any:
        lang = current_language()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_TIME:
                return self.time_text(row)
            if column == self.COL_ID:
                return row.id
            if column == self.COL_TITLE:
                return row.title or row.text[:30]
            if column == self.COL_STATUS:
                text = row.status.label.text(lang)
                if row.locked:
                    text += self.tr("（条件未满足）")
                return text
            if column == self.COL_CATEGORY:
                return row.category or ""
            if column == self.COL_SEVERITY:
                return row.severity.label(lang) if row.severity else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status in (InjectStatus.DELIVERED, InjectStatus.ANSWERED, InjectStatus.SKIPPED):
                return QBrush(GREY)
            if row.status in (InjectStatus.DUE, InjectStatus.DRAWN):
                return QBrush(AMBER)
            if row.locked:
                return QBrush(GREY)
        if role == Qt.ItemDataRole.FontRole and (
            row.id == self.next_id or row.status in (InjectStatus.DUE, InjectStatus.DRAWN)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.text
        return None


# --- expected actions of one inject --------------------------------------------------------

EXPECTED_COLOURS = {
    ExpectedStatus.DONE: GREEN,
    ExpectedStatus.LATE: AMBER,
    ExpectedStatus.MISSED: RED,
    ExpectedStatus.OVERDUE: RED,
    ExpectedStatus.NOT_DELIVERED: GREY,
}


class ExpectedModel(RowsModel):
    COL_KEY, COL_TEXT, COL_BY, COL_WITHIN, COL_STATUS = range(5)

    def __init__(self, names: Callable[[], Names], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = names
        self.pending: set[str] = set()
        self.marked_missed: set[str] = set()

    def headers(self) -> list[str]:
        return [
            self.tr("快捷键"),
            self.tr("期望行动"),
            self.tr("执行方"),
            self.tr("时限（分钟）"),
            self.tr("状态"),
        ]

    def row_id(self, row: ExpectedView) -> str:
        return row.id

    def status_text(self, row: ExpectedView) -> str:
        if row.id in self.pending:
            return self.tr("记录中…")
        text = row.status.label.text(current_language())
        if row.id in self.marked_missed and row.status in (
            ExpectedStatus.OPEN,
            ExpectedStatus.OVERDUE,
        ):
            text += self.tr("（已记为未完成）")
        return text

    def cell(self, n: int, row: ExpectedView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_KEY:
                return f"Ctrl+{n + 1}" if n < 9 else ""
            if column == self.COL_TEXT:
                return row.text
            if column == self.COL_BY:
                return self._names().unit(row.by)
            if column == self.COL_WITHIN:
                return minutes_text(row.within_min)
            if column == self.COL_STATUS:
                return self.status_text(row)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS:
            if row.id in self.pending:
                return QBrush(AMBER)
            colour = EXPECTED_COLOURS.get(row.status)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and row.steps:
            names = self._names()
            return "\n".join(names.step(s) for s in row.steps)
        return None


# --- the log --------------------------------------------------------------------------------


class LogState(Enum):
    PENDING = "pending"
    RECORDED = "recorded"
    FAILED = "failed"


@dataclass
class LogRow:
    """One line of the log: a journal entry, or an entry still on its way (or refused)."""

    key: int  # journal seq when recorded; a negative ticket before
    state: LogState
    kind: str  # the entry type (action, note, deliver, …)
    scn: float | None
    who: str | None
    text: str
    error: str = ""
    ticket: int | None = None
    entry: Entry | None = None
    corrected: str = ""  # "amended" / "retracted" once a later entry corrected it

    @property
    def correctable(self) -> bool:
        return (
            self.state is LogState.RECORDED
            and self.kind in ("action", "decision", "note")
            and self.corrected != "retracted"
        )


# entry type → how the log calls it
def kind_label(kind: str) -> str:
    return {
        "action": translate("LogModel", "行动"),
        "decision": translate("LogModel", "决策"),
        "note": translate("LogModel", "观察记录"),
        "deliver": translate("LogModel", "下达注入"),
        "skip": translate("LogModel", "跳过注入"),
        "added": translate("LogModel", "临时注入"),
        "draw": translate("LogModel", "抽取情景卡"),
        "return": translate("LogModel", "放回情景卡"),
        "mark": translate("LogModel", "评分"),
        "finding": translate("LogModel", "发现问题"),
        "correct": translate("LogModel", "更正"),
        "analysis": translate("LogModel", "评估分析"),
        "retract": translate("LogModel", "撤回"),
        "start": translate("LogModel", "开始"),
        "pause": translate("LogModel", "暂停"),
        "resume": translate("LogModel", "继续"),
        "speed": translate("LogModel", "时间压缩"),
        "jump": translate("LogModel", "跳转"),
        "reopen": translate("LogModel", "恢复记录"),
        "end": translate("LogModel", "结束"),
    }.get(kind, kind)


HIDDEN_KINDS = {"checkpoint", "session"}


class LogModel(RowsModel):
    """The session's entries, newest last, with entries still pending or refused."""

    COL_TIME, COL_KIND, COL_WHO, COL_TEXT, COL_STATE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def headers(self) -> list[str]:
        return [self.tr("时间"), self.tr("类型"), self.tr("人员"), self.tr("内容"), self.tr("状态")]

    def row_id(self, row: LogRow) -> int:
        return row.key

    def state_text(self, row: LogRow) -> str:
        if row.state is LogState.PENDING:
            return self.tr("记录中…")
        if row.state is LogState.FAILED:
            return self.tr("✗ 未记录：{error}").format(error=row.error)
        if row.corrected == "retracted":
            return self.tr("✓ 已记录 · 已撤回")
        if row.corrected == "amended":
            return self.tr("✓ 已记录 · 已更正")
        return self.tr("✓ 已记录")

    def amend(self, key: int, fresh: LogRow | None) -> None:
        """A correction arrived for the row ``key``: show it corrected (or retracted)."""
        i = self.row_of(key)
        if i < 0:
            return
        row = self.rows[i]
        if fresh is None:
            row.corrected = "retracted"
        else:
            row.corrected = "amended"
            row.scn, row.who, row.text, row.kind = fresh.scn, fresh.who, fresh.text, fresh.kind
        self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))

    def cell(self, n: int, row: LogRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_TIME:
                return format_clock(row.scn) if row.scn is not None else ""
            if column == self.COL_KIND:
                return kind_label(row.kind)
            if column == self.COL_WHO:
                return row.who or ""
            if column == self.COL_TEXT:
                return row.text
            if column == self.COL_STATE:
                return self.state_text(row)
        if role == Qt.ItemDataRole.FontRole and row.corrected == "retracted":
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.corrected == "retracted":
                return QBrush(GREY)
            if row.state is LogState.FAILED:
                return QBrush(RED)
            if row.state is LogState.PENDING:
                return QBrush(AMBER)
            if column == self.COL_STATE:
                return QBrush(GREEN)
            if row.kind in ("deliver", "draw", "skip", "added"):
                return QBrush(BLUE)
        return None

    # --- changes ----------------------------------------------------------------------------

    def add_pending(self, ticket: int, kind: str, who: str | None, text: str) -> LogRow:
        row = LogRow(-ticket, LogState.PENDING, kind, None, who, text, ticket=ticket)
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()
        return row

    def pending_row(self, ticket: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.ticket == ticket), -1)

    def fail(self, ticket: int, error: str) -> LogRow | None:
        i = self.pending_row(ticket)
        if i < 0:
            return None
        row = self.rows[i]
        row.state = LogState.FAILED
        row.error = error
        self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
        return row

    def drop(self, ticket: int) -> None:
        i = self.pending_row(ticket)
        if i >= 0:
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.rows[i]
            self.endRemoveRows()

    def record(self, rows: list[LogRow], ticket: int | None = None) -> None:
        """Add recorded entries; the first takes the place of the pending row of ``ticket``."""
        if ticket is not None:
            self.drop(ticket)
        for row in rows:
            if any(r.key == row.key and r.state is LogState.RECORDED for r in self.rows):
                continue
            at = len(self.rows)
            while at > 0 and (
                self.rows[at - 1].state is not LogState.RECORDED or self.rows[at - 1].key > row.key
            ):
                at -= 1  # recorded entries by seq; pending and failed ones stay at the end
            self.beginInsertRows(QModelIndex(), at, at)
            self.rows.insert(at, row)
            self.endInsertRows()

    def failed(self) -> list[LogRow]:
        return [r for r in self.rows if r.state is LogState.FAILED]


# --- evaluation criteria -----------------------------------------------------------------------


class CriteriaModel(RowsModel):
    COL_ID, COL_TEXT, COL_WEIGHT, COL_KEY, COL_MARK, COL_BY = range(6)

    def __init__(self, names: Callable[[], Names], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = names
        self.snapshot: Snapshot | None = None
        self.pending: dict[str, str] = {}  # criterion → mark text on its way

    def headers(self) -> list[str]:
        return [
            self.tr("编号"),
            self.tr("评估内容"),
            self.tr("权重"),
            self.tr("否决项"),
            self.tr("评分/等级"),
            self.tr("评估人"),
        ]

    def row_id(self, row: Criterion) -> str:
        return row.id

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.set_rows(snap.drill.evaluation.criteria)

    def mark_text(self, row: Criterion) -> str:
        if row.id in self.pending:
            return self.tr("记录中…（{mark}）").format(mark=self.pending[row.id])
        mark = self.snapshot.marks.get(row.id) if self.snapshot else None
        if mark is None:
            return "—"
        if mark.skipped is not None:
            return self.tr("不评估（{reason}）").format(reason=mark.skipped)
        if mark.level is not None:
            text = MarkLevel(mark.level).label(current_language())
        elif mark.score is not None:
            text = f"{mark.score:g}"
        else:
            return "—"
        result = self._result(row.id)
        if result is not None and result.met is False:
            text += self.tr("（未达合格线）")
        return text

    def _result(self, ident: str) -> Any:
        if self.snapshot is None:
            return None
        return next((r for r in self.snapshot.evaluation.criteria if r.id == ident), None)

    def cell(self, n: int, row: Criterion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_ID:
                return row.id
            if column == self.COL_TEXT:
                return row.text
            if column == self.COL_WEIGHT:
                return f"{row.weight:g}"
            if column == self.COL_KEY:
                return self.tr("是") if row.key else ""
            if column == self.COL_MARK:
                return self.mark_text(row)
            if column == self.COL_BY:
                mark = self.snapshot.marks.get(row.id) if self.snapshot else None
                return self._names().who(mark.by) if mark and mark.by else ""
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == self.COL_MARK
            and row.id in self.pending
        ):
            return QBrush(AMBER)
        if role == Qt.ItemDataRole.ToolTipRole:
            mark = self.snapshot.marks.get(row.id) if self.snapshot else None
            return mark.note if mark and mark.note else row.text
        return None

    def method(self) -> EvalMethod:
        return self.snapshot.drill.evaluation.method if self.snapshot else EvalMethod.SCORE


# --- findings --------------------------------------------------------------------------------


class FindingsModel(RowsModel):
    COL_ID, COL_TEXT, COL_SEVERITY, COL_REF, COL_INJECT = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.snapshot: Snapshot | None = None

    def headers(self) -> list[str]:
        return [
            self.tr("编号"),
            self.tr("问题描述"),
            self.tr("严重程度"),
            self.tr("涉及预案内容"),
            self.tr("相关注入"),
        ]

    def row_id(self, row: Finding) -> str:
        return row.id

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.set_rows(snap.findings)

    def cell(self, n: int, row: Finding, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_ID:
                return row.id
            if column == self.COL_TEXT:
                return row.text
            if column == self.COL_SEVERITY:
                return row.severity.label(current_language())
            if column == self.COL_REF:
                plan = self.snapshot.plan if self.snapshot else None
                return element_label(plan, row.ref)
            if column == self.COL_INJECT:
                inject = self.snapshot.inject(row.inject) if self.snapshot else None
                return f"{row.inject} {inject.title}" if inject else (row.inject or "")
        return None


# --- plain tables (hot-wash) -------------------------------------------------------------------


class TextTableModel(RowsModel):
    """Rows of ready-made text, with an optional colour per row (for metric tables)."""

    def __init__(self, headers: Callable[[], list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = headers
        self.colours: list[QColor | None] = []

    def headers(self) -> list[str]:
        return self._headers()

    def row_id(self, row: tuple[str, ...]) -> Any:
        return row[0] if row else None

    def set_table(
        self, rows: list[tuple[str, ...]], colours: list[QColor | None] | None = None
    ) -> None:
        self.colours = colours or [None] * len(rows)
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def cell(self, n: int, row: tuple[str, ...], column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[column] if column < len(row) else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.colours[n] if n < len(self.colours) else None
            return QBrush(colour) if colour is not None else None
        return None


__all__ = [
    "CriteriaModel",
    "ExpectedModel",
    "FindingsModel",
    "IdRole",
    "InjectsModel",
    "LogModel",
    "LogRow",
    "LogState",
    "RowsModel",
    "TextTableModel",
    "kind_label",
]
