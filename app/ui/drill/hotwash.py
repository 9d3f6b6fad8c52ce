"""The hot-wash page (现场点评): the engine's metrics and the findings, right after the drill.

Everything shown comes from ``DrillSession.metrics()`` (``DrillMetrics``) and the
session's findings; this page only lays them out. Findings are added with
``FindingForm``; each may name the plan element it concerns, picked from the linked
plan (``procedures/<id>/steps/<id>``, ``sections/<id>``, ``contacts/<id>``…).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.drill.evaluation import analysis_topics
from app.drill.metrics import EXERCISED, MISSED, OUT_OF_SCOPE, STEP_LABELS, DrillMetrics
from app.drill.state import ExpectedStatus
from app.findings.links import element_label
from app.i18n import current_language
from app.model.drill import FindingSeverity, MarkLevel
from app.model.plan import Plan
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill.models import AMBER, GREEN, GREY, RED, FindingsModel, TextTableModel
from app.ui.drill.names import Names
from app.ui.drill.runner import Snapshot


def _min(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _clock(minutes: float | None) -> str:
    from app.drill.clock import format_clock

    return "—" if minutes is None else format_clock(minutes * 60.0)


def table_view(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class EnterLineEdit(QLineEdit):
    """A line edit whose Enter submits (and is not passed on to a default button)."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FindingForm(QWidget):
    """Text, severity, the plan element concerned, the inject: Enter adds the finding.

    Signals:
        submitted(dict): ``text``, ``severity``, ``ref``, ``inject``, ``owner``.
    """

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Plan | None = None
        self.ref: str | None = None
        self._delivered: list[tuple[str, str]] | None = None
        self.text = EnterLineEdit()
        self.severity = QComboBox()
        self.ref_button = QPushButton()
        self.ref_button.clicked.connect(self.pick_ref)
        self.ref_label = QLabel()
        self.ref_label.setWordWrap(True)
        self.clear_ref = QPushButton("✕")
        self.clear_ref.setFixedWidth(28)
        self.clear_ref.clicked.connect(lambda: self.set_ref(None))
        self.inject = QComboBox()
        self.owner = EnterLineEdit()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.submit)
        self.text.entered.connect(self.submit)
        self.owner.entered.connect(self.submit)
        self.labels = [QLabel() for _ in range(5)]
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.labels[0])
        top.addWidget(self.text, 3)
        top.addWidget(self.labels[1])
        top.addWidget(self.severity)
        top.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.labels[2])
        bottom.addWidget(self.ref_button)
        bottom.addWidget(self.ref_label, 2)
        bottom.addWidget(self.clear_ref)
        bottom.addWidget(self.labels[3])
        bottom.addWidget(self.inject, 1)
        bottom.addWidget(self.labels[4])
        bottom.addWidget(self.owner, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.set_ref(None)
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        for label, text in zip(
            self.labels,
            (
                self.tr("问题："),
                self.tr("严重程度："),
                self.tr("涉及预案："),
                self.tr("注入："),
                self.tr("责任人："),
            ),
            strict=True,
        ):
            label.setText(text)
        current = self.severity.currentData()
        self.severity.clear()
        for member in FindingSeverity:
            self.severity.addItem(member.label(lang), member)
        index = self.severity.findData(current or FindingSeverity.GENERAL)
        self.severity.setCurrentIndex(max(0, index))
        self.text.setPlaceholderText(self.tr("发现的问题，回车添加"))
        self._delivered = None  # "（无）" is translated: fill the list again
        self.ref_button.setText(self.tr("选择…"))
        self.ref_button.setToolTip(self.tr("问题涉及的预案章节、处置步骤或登记表条目"))
        self.add_button.setText(self.tr("添加（回车）"))
        self.set_ref(self.ref)

    def set_context(self, snap: Snapshot) -> None:
        self.plan = snap.plan
        self.ref_button.setEnabled(snap.plan is not None)
        delivered = [(item.id, item.title) for item in snap.delivered()]
        if delivered == self._delivered:
            return  # the same injects: keep the list (and the choice) as it is
        self._delivered = delivered
        current = self.inject.currentData()
        self.inject.blockSignals(True)
        self.inject.clear()
        self.inject.addItem(self.tr("（无）"), None)
        for ident, title in delivered:
            self.inject.addItem(f"{ident} {title}", ident)
        found = self.inject.findData(current)
        self.inject.setCurrentIndex(max(0, found))
        self.inject.blockSignals(False)

    def set_ref(self, ref: str | None) -> None:
        self.ref = ref
        self.ref_label.setText(element_label(self.plan, ref) if ref else self.tr("（未关联）"))
        self.ref_label.setToolTip(ref or "")
        self.clear_ref.setEnabled(ref is not None)

    def pick_ref(self) -> None:
        if self.plan is None:
            return
        ref = drill_dialogs.pick_plan_ref(self, self.plan, self.ref)
        if ref is not None:
            self.set_ref(ref)

    def submit(self) -> None:
        text = self.text.text().strip()
        if not text:
            self.text.setFocus()
            return
        self.submitted.emit(
            {
                "text": text,
                "severity": self.severity.currentData(),
                "ref": self.ref,
                "inject": self.inject.currentData(),
                "owner": self.owner.text().strip() or None,
            }
        )

    def clear(self) -> None:
        self.text.clear()
        self.owner.clear()
        self.set_ref(None)


class AnalysisForm(QWidget):
    """The evaluators' own analysis, topic by topic (组织和实施, each objective, 参演人员
    表现, 暴露的问题, 经验, 改进建议): saved in the journal, carried into the reports."""

    saved = Signal(str, str)  # topic, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topic = QComboBox()
        self.topic.setObjectName("analysisTopic")
        self.text = QPlainTextEdit()
        self.text.setObjectName("analysisText")
        self.save_button = QPushButton()
        self.state = QLabel()
        self._saved: dict[str, str] = {}
        self._topics: list[tuple[str, str]] = []
        self.topic.currentIndexChanged.connect(self._show_topic)
        self.text.textChanged.connect(self._edited)
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.topic, 1)
        row.addWidget(self.state)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.save_button.setText(self.tr("保存分析"))
        self.text.setPlaceholderText(
            self.tr("评估组对所选方面的分析和评价：写入演练记录，导出报告时写入评估报告和总结报告")
        )
        self._edited()

    def current_topic(self) -> str | None:
        data = self.topic.currentData()
        return str(data) if data is not None else None

    def set_topics(self, topics: list[tuple[str, str]], saved: dict[str, str]) -> None:
        """``topics``: (key, label) in report order; ``saved``: topic → recorded text."""
        self._saved = dict(saved)
        if topics != self._topics:
            self._topics = list(topics)
            current = self.current_topic()
            self.topic.blockSignals(True)
            self.topic.clear()
            for key, label in topics:
                self.topic.addItem(label, key)
            self.topic.setCurrentIndex(max(0, self.topic.findData(current)))
            self.topic.blockSignals(False)
            self._show_topic()
        for i in range(self.topic.count()):
            key = self.topic.itemData(i)
            label = dict(self._topics).get(key, "")
            self.topic.setItemText(i, ("✓ " if self._saved.get(key) else "") + label)
        self._edited()

    def _show_topic(self, *_: object) -> None:
        topic = self.current_topic()
        self.text.blockSignals(True)
        self.text.setPlainText(self._saved.get(topic or "", ""))
        self.text.blockSignals(False)
        self._edited()

    def _edited(self) -> None:
        topic = self.current_topic()
        dirty = topic is not None and self.text.toPlainText().strip() != self._saved.get(topic, "")
        saved = topic is not None and bool(self._saved.get(topic))
        self.state.setText(self.tr("未保存") if dirty else self.tr("已保存") if saved else "")
        self.save_button.setEnabled(dirty)

    def save(self) -> None:
        topic = self.current_topic()
        if topic is not None:
            self.saved.emit(topic, self.text.toPlainText().strip())


class HotWashPage(QWidget):
    """Metrics and findings after the drill (or at any moment, for a look)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics: DrillMetrics | None = None
        self.snapshot: Snapshot | None = None
        self.heading = QLabel()
        self.heading.setObjectName("hotwashHeading")
        self.summary = QLabel()
        self.summary.setObjectName("hotwashSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conclusion = QLabel()
        self.conclusion.setObjectName("hotwashConclusion")
        self.conclusion.setWordWrap(True)
        self.report_button = QPushButton()
        self.summary_button = QPushButton()
        self.injects_model = TextTableModel(
            lambda: [
                self.tr("编号"),
                self.tr("注入"),
                self.tr("下达时间"),
                self.tr("首次响应"),
                self.tr("响应用时（分钟）"),
                self.tr("行动数"),
            ],
            self,
        )
        self.expected_model = TextTableModel(
            lambda: [
                self.tr("编号"),
                self.tr("期望行动"),
                self.tr("执行方"),
                self.tr("时限（分钟）"),
                self.tr("用时（分钟）"),
                self.tr("结果"),
            ],
            self,
        )
        self.steps_model = TextTableModel(
            lambda: [self.tr("步骤"), self.tr("处置步骤"), self.tr("检验情况")], self
        )
        self.criteria_model = TextTableModel(
            lambda: [
                self.tr("编号"),
                self.tr("评估内容"),
                self.tr("权重"),
                self.tr("得分"),
                self.tr("备注"),
            ],
            self,
        )
        self.findings_model = FindingsModel(self)
        self.tabs = QTabWidget()
        self.injects_view = table_view(self.injects_model)
        self.expected_view = table_view(self.expected_model)
        self.steps_view = table_view(self.steps_model)
        self.criteria_view = table_view(self.criteria_model)
        self.findings_view = table_view(self.findings_model)
        self.finding_form = FindingForm()
        self.analysis_form = AnalysisForm()
        findings_page = QWidget()
        findings_layout = QVBoxLayout(findings_page)
        findings_layout.addWidget(self.finding_form)
        findings_layout.addWidget(self.findings_view, 1)
        self.tabs.addTab(self.injects_view, "")
        self.tabs.addTab(self.expected_view, "")
        self.tabs.addTab(self.steps_view, "")
        self.tabs.addTab(self.criteria_view, "")
        self.tabs.addTab(findings_page, "")
        self.tabs.addTab(self.analysis_form, "")
        for view, widths in (
            (self.injects_view, (70, 260, 110, 110, 140)),
            (self.expected_view, (80, 380, 160, 110, 110)),
            (self.steps_view, (120, 520)),
            (self.criteria_view, (70, 420, 70, 80)),
            (self.findings_view, (60, 380, 110, 300)),
        ):
            for col, width in enumerate(widths):
                view.setColumnWidth(col, width)
            header = view.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            view.setColumnWidth(view.model().columnCount() - 1, 150)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.report_button)
        head.addWidget(self.summary_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.conclusion)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("现场点评"))
        self.report_button.setText(self.tr("导出评估报告…"))
        self.summary_button.setText(self.tr("导出总结报告…"))
        for n, text in enumerate(
            (
                self.tr("注入与响应"),
                self.tr("期望行动"),
                self.tr("预案步骤"),
                self.tr("评估"),
                self.tr("发现的问题"),
                self.tr("评估分析"),
            )
        ):
            self.tabs.setTabText(n, text)
        for model in (
            self.injects_model,
            self.expected_model,
            self.steps_model,
            self.criteria_model,
            self.findings_model,
        ):
            model.retranslate()
        self.finding_form.retranslate()
        self.analysis_form.retranslate()
        if self.metrics is not None and self.snapshot is not None:
            self.show_metrics(self.metrics, self.snapshot)

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.findings_model.set_snapshot(snap)
        self.finding_form.set_context(snap)
        lang = current_language()
        topics = [(k, t.text(lang)) for k, t in analysis_topics(snap.drill).items()]
        self.analysis_form.set_topics(topics, {k: r.text for k, r in snap.analysis.items()})

    def show_metrics(self, m: DrillMetrics, snap: Snapshot) -> None:
        """Lay out the engine's metrics (``DrillSession.metrics()``)."""
        self.metrics = m
        self.set_snapshot(snap)
        lang = current_language()
        names = Names(snap.drill, snap.plan)
        c = m.counts
        delivered = [i for i in m.injects if i.delivered]
        real = _clock(m.session_real_s / 60.0).removeprefix("T+")
        state = self.tr("已结束") if m.finished else self.tr("进行中")
        lines = [
            self.tr("{title}（{state}）").format(title=m.drill_title, state=state),
            self.tr("情景时间 {scenario}　实际用时 {real}").format(
                scenario=_clock(m.scenario_min), real=real
            ),
            self.tr("注入：已下达 {n}/{total}　平均响应 {mean} 分钟").format(
                n=len(delivered), total=len(m.injects), mean=_min(m.mean_response_min)
            ),
            self.tr(
                "期望行动：按时完成 {done}　超时完成 {late}　未完成 {missed}　进行中 {open}"
            ).format(
                done=c.get("done", 0),
                late=c.get("late", 0),
                missed=c.get("missed", 0),
                open=c.get("open", 0) + c.get("overdue", 0),
            ),
        ]
        if m.coverage is not None:
            lines.append(
                self.tr("预案步骤：已检验 {n}/{total}（{share}），未检验 {left}").format(
                    n=m.steps_exercised,
                    total=m.steps_in_scope,
                    share=f"{m.coverage:.0%}",
                    left=len(m.untested),
                )
            )
        lines.append(self.tr("发现问题：{n} 项").format(n=len(snap.findings)))
        self.summary.setText("\n".join(lines))
        evaluation = m.evaluation
        self.conclusion.setText(
            self.tr("评估结论：{text}").format(text=evaluation.conclusion().text(lang))
            if evaluation is not None
            else ""
        )

        rows, colours = [], []
        for i in m.injects:
            if not i.delivered and not i.skipped:
                continue
            rows.append(
                (
                    i.id,
                    i.title,
                    _clock(i.delivered_min) if i.delivered else self.tr("已跳过"),
                    _clock(i.first_action_min),
                    _min(i.response_min),
                    str(i.actions),
                )
            )
            colours.append(GREY if i.skipped else (None if i.actions else AMBER))
        self.injects_model.set_table(rows, colours)

        status_colour = {
            ExpectedStatus.DONE.value: GREEN,
            ExpectedStatus.LATE.value: AMBER,
            ExpectedStatus.MISSED.value: RED,
            ExpectedStatus.OVERDUE.value: RED,
            ExpectedStatus.NOT_DELIVERED.value: GREY,
        }
        rows, colours = [], []
        for e in m.expected:
            status = ExpectedStatus(e.status)
            rows.append(
                (
                    e.id,
                    e.text,
                    names.unit(e.by),
                    _min(e.within_min),
                    _min(e.after_min),
                    status.label.text(lang),
                )
            )
            colours.append(status_colour.get(e.status))
        self.expected_model.set_table(rows, colours)

        rows, colours = [], []
        for s in m.steps:
            title = s.procedure_title or s.procedure or ""
            who = names.unit(s.actor)
            label = f"{title} › {s.id}：{who} {s.action or ''}".strip()
            rows.append((s.id, label, STEP_LABELS[s.status].text(lang)))
            colours.append(
                GREEN
                if s.status == EXERCISED
                else RED
                if s.status == MISSED
                else GREY
                if s.status == OUT_OF_SCOPE
                else AMBER
            )
        self.steps_model.set_table(rows, colours)

        rows, colours = [], []
        if evaluation is not None:
            for cr in evaluation.criteria:
                if cr.skipped is not None:
                    score = self.tr("不评估")
                elif cr.score is None:
                    score = "—"
                elif cr.level:
                    score = f"{MarkLevel(cr.level).label(lang)}（{cr.score:g}）"
                else:
                    score = f"{cr.score:g}"
                if cr.met is False:
                    score += self.tr("（未达合格线）")
                rows.append(
                    (
                        cr.id,
                        cr.text + (self.tr("（否决项）") if cr.key else ""),
                        f"{cr.weight:g}",
                        score,
                        cr.skipped or cr.note or "",
                    )
                )
                colours.append(RED if cr.failed_key else (GREY if cr.score is None else None))
        self.criteria_model.set_table(rows, colours)


__all__ = ["FindingForm", "HotWashPage"]
