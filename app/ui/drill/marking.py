"""The evaluator's mark bar under the criteria list (评估评分, F3).

It shows what the drill's evaluation method asks for: a 0–100 score (``method: score``)
or the choice levels 达到 / 部分达到 / 未达到 (``method: choice``), the evaluator and a
note, and turns them into one engine call. The conversion between scores and levels,
the veto and the verdict are the engine's (``app.drill.evaluation``); this bar only asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.drill import DrillSession
from app.export.layer.placeholders import MARK
from app.i18n import current_language
from app.model.drill import Criterion, EvalMethod, MarkLevel, Participant, Role
from app.storage.journal import Entry
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill.hotwash import EnterLineEdit


@dataclass(frozen=True)
class MarkInput:
    """What the bar holds now: a score or a level (never both), who and why."""

    score: float | None
    level: MarkLevel | None
    by: str | None
    note: str | None

    def shown(self) -> str:
        if self.level is not None:
            return self.level.label(current_language())
        return f"{self.score:g}" if self.score is not None else ""


class MarkBar(QWidget):
    """Score or choice, evaluator, note, and the 评分 / 不评估 buttons."""

    submitted = Signal()
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = EvalMethod.SCORE
        self.labels = [QLabel() for _ in range(3)]
        self.score = QDoubleSpinBox()
        self.score.setRange(0, 100)
        self.score.setDecimals(1)
        self.score.setValue(80)
        self.level = QComboBox()
        self.level.setObjectName("markLevel")
        self.by = QComboBox()
        self.note = EnterLineEdit()
        self.button = QPushButton()
        self.skip_button = QPushButton()
        self.button.clicked.connect(self.submitted)
        self.note.entered.connect(self.submitted)
        self.skip_button.clicked.connect(self.skip_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.labels[0])
        row.addWidget(self.score)
        row.addWidget(self.level)
        row.addWidget(self.labels[1])
        row.addWidget(self.by)
        row.addWidget(self.labels[2])
        row.addWidget(self.note, 1)
        row.addWidget(self.button)
        row.addWidget(self.skip_button)
        self.fill_levels()
        self.set_method(EvalMethod.SCORE)

    def retranslate(self) -> None:
        self.labels[1].setText(self.tr("评估人："))
        self.labels[2].setText(self.tr("备注："))
        self.button.setText(self.tr("评分（回车）"))
        self.skip_button.setText(self.tr("不评估…"))
        self.skip_button.setToolTip(self.tr("说明理由后将所选评估项记为不评估，不计入结论"))
        self.score.setToolTip(self.tr("0–100 分，回车记录"))
        self.level.setToolTip(self.tr("达到 / 部分达到 / 未达到，回车记录"))
        self.note.setPlaceholderText(self.tr("评分依据，回车记录"))
        self.fill_levels()
        self.set_method(self.method)

    def fill_levels(self) -> None:
        # the items carry the level's value: Qt hands a str enum back as a plain str
        current = self.level.currentData()
        self.level.clear()
        for member in MarkLevel:
            self.level.addItem(member.label(current_language()), member.value)
        found = self.level.findData(current)
        self.level.setCurrentIndex(max(0, found))

    def set_method(self, method: EvalMethod) -> None:
        """Show the score box or the choice levels, as the drill's evaluation asks."""
        self.method = method
        choice = method is EvalMethod.CHOICE
        self.score.setVisible(not choice)
        self.level.setVisible(choice)
        self.labels[0].setText(self.tr("评定：") if choice else self.tr("评分："))

    def fill_by(self, participants: list[Participant]) -> None:
        self.by.clear()
        self.by.addItem(self.tr("（未指定）"), None)
        for p in participants:
            if p.role is Role.EVALUATOR:
                # a name still to be filled in: the organisation the evaluator is from
                name = p.name if p.name and not MARK.search(p.name) else ""
                self.by.addItem(name or p.org or p.id, p.id)
        if self.by.count() > 1:
            self.by.setCurrentIndex(1)

    def input_widget(self) -> QWidget:
        """Where Enter on the criteria list sends the focus."""
        return self.level if self.method is EvalMethod.CHOICE else self.score

    def set_level(self, level: MarkLevel) -> None:
        self.level.setCurrentIndex(max(0, self.level.findData(level.value)))

    def current(self) -> MarkInput:
        by: Any = self.by.currentData()
        note = self.note.text().strip() or None
        if self.method is EvalMethod.CHOICE:
            data = self.level.currentData()
            level = MarkLevel(str(data)) if data is not None else MarkLevel.ACHIEVED
            return MarkInput(None, level, by, note)
        return MarkInput(float(self.score.value()), None, by, note)


class MarkingController(QObject):
    """评分 / 不评估… for the criterion selected in the console's list (F3): one engine
    call each, shown as pending in the list until the journal has it."""

    def __init__(self, console: Any, bar: MarkBar, model: Any, view: Any) -> None:
        # console: the ConsoleWindow (not imported: windows sit above their controllers)
        super().__init__(console)
        self.console = console
        self.bar = bar
        self.model = model
        self.view = view

    def selected_criterion(self) -> tuple[int, Criterion] | None:
        index = self.view.currentIndex()
        if self.console.snapshot is None or not index.isValid():
            self.console.statusBar().showMessage(self.tr("请先在列表中选择评估项（F3）"), 6000)
            return None
        return index.row(), self.model.rows[index.row()]

    def mark(self) -> None:
        """评分: the bar's score or choice level for the selected criterion."""
        picked = self.selected_criterion()
        if picked is None:
            return
        row, criterion = picked
        mark = self.bar.current()
        ident = criterion.id
        shown = mark.shown()

        def fn(s: DrillSession) -> Entry:
            return s.mark(ident, score=mark.score, level=mark.level, by=mark.by, note=mark.note)

        self.bar.note.clear()
        self.submit(row, criterion, shown, fn, mark.by)

    def skip(self) -> None:
        """不评估…: the selected criterion is explicitly left out, with a reason."""
        picked = self.selected_criterion()
        if picked is None:
            return
        row, criterion = picked
        reason = drill_dialogs.ask_skip_reason(self.console, criterion.text)
        if not reason:
            return
        by = self.bar.current().by
        ident = criterion.id

        def fn(s: DrillSession) -> Entry:
            return s.skip_criterion(ident, reason, by=by)

        shown = self.tr("不评估（{reason}）").format(reason=reason)
        self.submit(row, criterion, shown, fn, by)

    def submit(
        self,
        row: int,
        criterion: Criterion,
        shown: str,
        fn: Callable[[DrillSession], Any],
        by: str | None,
    ) -> None:
        self.model.pending[criterion.id] = shown
        self.console._submit(
            "mark", f"{criterion.text}：{shown}", fn, who=by, tag=f"mark:{criterion.id}"
        )
        self.model.set_rows(self.model.rows)
        if row + 1 < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row + 1, 0))
        self.view.setFocus()


__all__ = ["MarkBar", "MarkInput", "MarkingController"]
