"""The coordinator's console: clock, injects, quick-entry log, evaluation, hot-wash.

A top-level window of its own (the main window stays free for the plan), driven
entirely by the engine through a ``SessionRunner``: every button submits one engine
call and every view renders the snapshot that comes back. An entry typed in the log
shows as "记录中…" until the journal has it, then "✓ 已记录"; if the disk refuses it,
the row turns red with the reason, the text goes back into the entry field, and
"重试" (Ctrl+Shift+R) sends it again. Nothing typed is lost.

Keyboard first: every command has a key, shown in the menus and tooltips; the README
section "Drill console" lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.drill import DrillSession
from app.drill.clock import ClockState, format_clock
from app.drill.control import Controls, controls, credited, teams
from app.drill.evaluation import analysis_topics
from app.drill.state import ExpectedStatus, InjectStatus, Origin
from app.i18n import current_language
from app.model.drill import CardSeverity
from app.storage.journal import Entry
from app.ui.base import dialogs
from app.ui.drill import active
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill.hotwash import FindingForm, HotWashPage, table_view
from app.ui.drill.log import LogController
from app.ui.drill.marking import MarkBar, MarkingController
from app.ui.drill.models import (
    CriteriaModel,
    ExpectedModel,
    FindingsModel,
    IdRole,
    InjectsModel,
    LogModel,
    LogRow,
)
from app.ui.drill.names import Names
from app.ui.drill.presenter import PresenterWindow, room_allows_presenter
from app.ui.drill.room_panel import RoomHook
from app.ui.drill.runner import InjectView, Outcome, SessionRunner, Snapshot
from app.ui.drill.timeline import Kind, Stage, TimelineItem, TimelineStrip
from app.ui.drill.who import WhoButtons

SPEEDS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0)
MAX_KEYS = 9  # Ctrl+1…9, Alt+1…9

STYLE = """
QMainWindow#drillConsole { background: #f4f6f9; }
QFrame#clockBar { background: #101826; border-radius: 6px; }
QFrame#clockBar QLabel { color: #ffffff; }
QLabel#consoleClock { color: #ffd54a; }
QLabel#clockState { color: #b8c4d6; }
QLabel#clockState[paused="true"] { color: #ff9f43; }
QLabel#drillTitle { color: #ffffff; }
QFrame#clockBar QToolButton {
    color: #ffffff; background: #24344f; border: 1px solid #3d5479; border-radius: 4px;
    padding: 5px 9px;
}
QFrame#clockBar QToolButton:hover { background: #2f4466; }
QFrame#clockBar QToolButton:disabled { color: #7b8799; background: #1a2537; }
QLabel#injectHeading { font-weight: 600; }
QLabel#injectText { background: #ffffff; border: 1px solid #c9d1dc; border-radius: 4px; padding: 8px; }
QLabel#injectNote { background: #fff7d6; border: 1px solid #e5cf76; border-radius: 4px; padding: 4px 6px; }
QLabel#injectMeta { color: #3c4756; }
QLabel#sectionLabel { font-weight: 600; color: #2b3645; }
QToolButton#whoButton { padding: 4px 8px; border: 1px solid #a8b3c2; border-radius: 4px; background: #ffffff; }
QToolButton#whoButton:checked { background: #1f5fbf; color: #ffffff; border-color: #1f5fbf; }
QPushButton#decisionButton { padding: 5px 10px; }
QLabel#busyLabel[busy="true"] { color: #a05a00; font-weight: 600; }
QLabel#busyLabel[busy="false"] { color: #16783a; }
QLabel#hotwashHeading { font-size: 18pt; font-weight: 600; }
QLabel#hotwashSummary { font-size: 12.5pt; }
QLabel#hotwashConclusion { font-size: 13pt; font-weight: 600; color: #173f7a; }
"""


class EntryField(QLineEdit):
    """The quick-entry line: Enter records an action, Ctrl+Enter an observation note."""

    submitted = Signal(bool)  # True: as a note

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            mods = event.modifiers()
            self.submitted.emit(bool(mods & Qt.KeyboardModifier.ControlModifier))
            event.accept()
            return
        super().keyPressEvent(event)


def _keys(action: QAction) -> str:
    return ", ".join(
        k.toString(QKeySequence.SequenceFormat.NativeText)
        for k in action.shortcuts()
        if not k.isEmpty()
    )


def tip(text: str, action: QAction) -> str:
    keys = _keys(action)
    return f"{text}（{keys}）" if keys else text


class ActionButton(QToolButton):
    """A button for an action that shows the action's key on its face ("暂停" over "F6")."""

    def __init__(
        self, action: QAction, parent: QWidget | None = None, *, mirror_visible: bool = True
    ) -> None:
        super().__init__(parent)
        self.action_ = action
        self.mirror_visible = mirror_visible
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.clicked.connect(action.trigger)
        action.changed.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        action = self.action_
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.setText(f"{action.text()}\n{keys}" if keys else action.text())
        self.setToolTip(action.toolTip())
        self.setEnabled(action.isEnabled())
        if self.mirror_visible:
            self.setVisible(action.isVisible())


class InjectPanel(QWidget):
    """The selected inject: text, controller note, decisions, expected actions."""

    def __init__(self, names: Callable[[], Names], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("injectHeading")
        self.heading.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("injectMeta")
        self.meta.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("injectText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setObjectName("injectNote")
        self.note.setWordWrap(True)
        self.points = QLabel()
        self.points.setWordWrap(True)
        self.points.setObjectName("injectMeta")
        self.actions_row = QHBoxLayout()
        self.actions_row.setContentsMargins(0, 0, 0, 0)
        # set by the console: buttons for its deliver / skip / return actions
        self.deliver_button: QToolButton = QToolButton()
        self.skip_button: QToolButton = QToolButton()
        self.return_button: QToolButton = QToolButton()
        self.decisions_label = QLabel()
        self.decisions_label.setObjectName("sectionLabel")
        self.decisions_row = QHBoxLayout()
        self.decisions_row.setContentsMargins(0, 0, 0, 0)
        self.decision_buttons: list[QPushButton] = []
        self.expected_label = QLabel()
        self.expected_label.setObjectName("sectionLabel")
        self.expected_model = ExpectedModel(names, self)
        self.expected_view = table_view(self.expected_model)
        self.expected_view.setWordWrap(True)
        self.expected_view.setMinimumHeight(56)
        header = self.expected_view.horizontalHeader()
        header.setSectionResizeMode(ExpectedModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.expected_view.setColumnWidth(ExpectedModel.COL_KEY, 64)
        self.expected_view.setColumnWidth(ExpectedModel.COL_BY, 120)
        self.expected_view.setColumnWidth(ExpectedModel.COL_WITHIN, 90)
        self.expected_view.setColumnWidth(ExpectedModel.COL_STATUS, 150)
        self.expected_buttons = QHBoxLayout()
        self.done_button = QToolButton()
        self.missed_button = QToolButton()
        self.expected_buttons.addWidget(self.done_button)
        self.expected_buttons.addWidget(self.missed_button)
        head_row = QHBoxLayout()
        head_row.setContentsMargins(0, 0, 0, 0)
        head_row.addWidget(self.heading, 1)
        head_row.addLayout(self.actions_row)
        decisions_line = QHBoxLayout()
        decisions_line.setContentsMargins(0, 0, 0, 0)
        decisions_line.addWidget(self.decisions_label)
        decisions_line.addLayout(self.decisions_row, 1)
        expected_line = QHBoxLayout()
        expected_line.setContentsMargins(0, 0, 0, 0)
        expected_line.addWidget(self.expected_label, 1)
        expected_line.addLayout(self.expected_buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head_row)
        layout.addWidget(self.meta)
        layout.addWidget(self.text, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.points)
        layout.addLayout(decisions_line)
        layout.addLayout(expected_line)
        layout.addWidget(self.expected_view, 3)
        self.inject: InjectView | None = None

    def scale(self, base_pt: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(base_pt * 1.45)
        font.setBold(True)
        self.heading.setFont(font)
        font = QFont(self.font())
        font.setPointSizeF(base_pt * 1.3)
        self.text.setFont(font)


class ConsoleWindow(QMainWindow):
    """The drill console for one session (new or resumed)."""

    closed = Signal()

    def __init__(
        self,
        opener: Callable[[], DrillSession],
        *,
        drill_path: Path | None = None,
        show_presenter: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drillConsole")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.drill_path = drill_path
        self.snapshot: Snapshot | None = None
        self.names = Names(None, None)
        self.selected_id: str | None = None
        self._last_latest: str | None = None
        self._last_drawn: str | None = None
        self._chosen_by_user = False  # the selection is the user's, not a default
        self._marked_missed: set[str] = set()
        self._pending_ops: dict[int, str] = {}
        # ticket → what to resubmit if the journal refused it
        self._row_ops: dict[int, tuple[Any, ...]] = {}
        self._decisions_key: object = None
        self._closing = False
        self.want_presenter = show_presenter
        self.presenter: PresenterWindow | None = None
        self.error: str | None = None
        self.setStyleSheet(STYLE)
        self.resize(1366, 768)

        self._build_clock_bar()
        self._build_body()
        self._build_actions()
        self._build_menus()
        self._build_status()

        self.runner = SessionRunner(opener, self)
        self.runner.opened.connect(self._opened)
        self.runner.snapshot_changed.connect(self._show_snapshot)
        self.runner.finished.connect(self._finished)
        self.runner.busy_changed.connect(self._busy_changed)
        self.room = RoomHook(self, self.runner)  # the drill room, off until asked (issue 21)
        self.view_menu.addAction(self.room.action)
        self.display_timer = QTimer(self)
        self.display_timer.setInterval(100)
        self.display_timer.timeout.connect(self._tick)
        self.display_timer.start()
        self.retranslate()
        self._update_actions()

    # --- construction ---------------------------------------------------------------------

    def _build_clock_bar(self) -> None:
        self.clock_bar = QFrame()
        self.clock_bar.setObjectName("clockBar")
        self.clock = QLabel("T+00:00")
        self.clock.setObjectName("consoleClock")
        self.clock_state = QLabel()
        self.clock_state.setObjectName("clockState")
        self.title_label = QLabel()
        self.title_label.setObjectName("drillTitle")
        self.speed_label = QLabel()
        self.speed_label.setObjectName("clockState")
        clock_box = QVBoxLayout()
        clock_box.setSpacing(0)
        clock_box.addWidget(self.title_label)
        clock_row = QHBoxLayout()
        clock_row.addWidget(self.clock)
        state_box = QVBoxLayout()
        state_box.addStretch(1)
        state_box.addWidget(self.clock_state)
        state_box.addWidget(self.speed_label)
        state_box.addStretch(1)
        clock_row.addLayout(state_box)
        clock_row.addStretch(1)
        clock_box.addLayout(clock_row)
        # two rows of four: one row of eight needs ~1070 pixels, more than a projector has
        self.bar_buttons = QGridLayout()
        self.bar_buttons.setSpacing(4)
        # The bar must fit a 1024-pixel projector (issue 18 item 7): the texts beside the
        # clock give way (they are repeated in the status bar and the window title).
        for label in (self.title_label, self.clock_state, self.speed_label):
            label.setWordWrap(True)
        bar = QHBoxLayout(self.clock_bar)
        bar.setContentsMargins(14, 6, 14, 6)
        bar.addLayout(clock_box, 1)
        bar.addLayout(self.bar_buttons)

    def _build_body(self) -> None:
        self.timeline = TimelineStrip()
        self.timeline.lanes = 2
        self.timeline.setMinimumHeight(self.timeline.sizeHint().height())
        self.timeline.setMaximumHeight(self.timeline.sizeHint().height())
        self.timeline.item_clicked.connect(self.select_inject)

        # left: injects (and, scriptless, the draw filters)
        self.injects_model = InjectsModel(self)
        self.injects_proxy = QSortFilterProxyModel(self)
        self.injects_proxy.setSourceModel(self.injects_model)
        self.injects_view = table_view(self.injects_proxy)
        header = self.injects_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(InjectsModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.injects_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.injects_view.selectionModel().currentRowChanged.connect(self._list_selected)
        # sized to their contents when the rows change, not on every refresh (costly)
        self.injects_model.modelReset.connect(self._fit_inject_columns)
        self.injects_label = QLabel()
        self.injects_label.setObjectName("sectionLabel")
        self.category = QComboBox()
        self.severity = QComboBox()
        self.category.currentIndexChanged.connect(self._filters_changed)
        self.severity.currentIndexChanged.connect(self._filters_changed)
        self.draw_count = QLabel()
        self.filters = QWidget()
        filters = QHBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.category, 1)
        filters.addWidget(self.severity, 1)
        filters.addWidget(self.draw_count)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.injects_label)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.injects_view, 1)

        # centre: the selected inject
        self.panel = InjectPanel(lambda: self.names)

        # below it: log, evaluation, findings
        self.log_model = LogModel(self)
        self.log_view = table_view(self.log_model)
        self.log_view.setWordWrap(False)
        log_header = self.log_view.horizontalHeader()
        log_header.setStretchLastSection(False)
        log_header.setSectionResizeMode(LogModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.log_view.setColumnWidth(LogModel.COL_TIME, 78)
        self.log_view.setColumnWidth(LogModel.COL_KIND, 86)
        self.log_view.setColumnWidth(LogModel.COL_WHO, 150)
        self.log_view.setColumnWidth(LogModel.COL_STATE, 150)
        self.log_model.rowsInserted.connect(lambda *_: self.log_view.scrollToBottom())
        self.log = LogController(self, self.log_model, self.log_view)

        self.criteria_model = CriteriaModel(lambda: self.names, self)
        self.criteria_view = table_view(self.criteria_model)
        crit_header = self.criteria_view.horizontalHeader()
        crit_header.setStretchLastSection(False)
        crit_header.setSectionResizeMode(CriteriaModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.criteria_view.setColumnWidth(CriteriaModel.COL_ID, 56)
        self.criteria_view.setColumnWidth(CriteriaModel.COL_WEIGHT, 56)
        self.criteria_view.setColumnWidth(CriteriaModel.COL_KEY, 64)
        self.criteria_view.setColumnWidth(CriteriaModel.COL_MARK, 120)
        self.criteria_view.setColumnWidth(CriteriaModel.COL_BY, 110)
        self.mark_bar = MarkBar()
        self.marking = MarkingController(
            self, self.mark_bar, self.criteria_model, self.criteria_view
        )
        self.mark_bar.submitted.connect(self.mark_selected)
        self.mark_bar.skip_requested.connect(self.skip_selected_criterion)
        # the bar's fields, under the names the console has always used
        self.score = self.mark_bar.score
        self.level = self.mark_bar.level
        self.mark_by = self.mark_bar.by
        self.mark_note = self.mark_bar.note
        self.mark_button = self.mark_bar.button
        self.score.installEventFilter(self)
        self.level.installEventFilter(self)
        self.criteria_view.installEventFilter(self)
        self.evaluation_summary = QLabel()
        self.evaluation_summary.setObjectName("sectionLabel")
        eval_page = QWidget()
        eval_layout = QVBoxLayout(eval_page)
        eval_layout.setContentsMargins(4, 4, 4, 4)
        eval_layout.addWidget(self.criteria_view, 1)
        eval_layout.addWidget(self.mark_bar)
        eval_layout.addWidget(self.evaluation_summary)

        self.findings_model = FindingsModel(self)
        self.findings_view = table_view(self.findings_model)
        self.finding_form = FindingForm()
        self.finding_form.submitted.connect(self.add_finding)
        findings_page = QWidget()
        findings_layout = QVBoxLayout(findings_page)
        findings_layout.setContentsMargins(4, 4, 4, 4)
        findings_layout.addWidget(self.finding_form)
        findings_layout.addWidget(self.findings_view, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.log_view, "")
        self.tabs.addTab(eval_page, "")
        self.tabs.addTab(findings_page, "")

        # quick entry
        self.who_label = QLabel()
        self.entry_target = QLabel()
        self.entry_target.setObjectName("entryTarget")
        self.who_row = QHBoxLayout()
        self.who_row.setContentsMargins(0, 0, 0, 0)
        self.who_row.setSpacing(4)
        self.who_more = QComboBox()
        self.who = WhoButtons(self.who_row, self.who_more, self)
        self.who.chosen.connect(self._who_chosen)
        self.entry = EntryField()
        self.entry.setObjectName("entryField")
        self.entry.submitted.connect(self.submit_entry)
        self.completer = QCompleter([], self.entry)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(self.completer)
        self.record_button = QPushButton()
        self.record_button.clicked.connect(lambda: self.submit_entry(False))
        self.note_button = QPushButton()
        self.note_button.clicked.connect(lambda: self.submit_entry(True))
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.record_button)
        entry_row.addWidget(self.note_button)
        self.entry_box = QFrame()
        self.entry_box.setObjectName("entryBox")
        entry_layout = QVBoxLayout(self.entry_box)
        entry_layout.setContentsMargins(0, 4, 0, 0)
        who_line = QHBoxLayout()
        who_line.addWidget(self.who_label)
        # up to nine team buttons: they scroll sideways rather than widen the console
        # past a 1024-pixel projector (issue 18 item 7)
        who_strip = QWidget()
        who_strip.setLayout(self.who_row)
        who_scroll = QScrollArea()
        who_scroll.setWidget(who_strip)
        who_scroll.setWidgetResizable(True)
        who_scroll.setFrameShape(QFrame.Shape.NoFrame)
        who_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        who_scroll.setSizeAdjustPolicy(QScrollArea.SizeAdjustPolicy.AdjustToContents)
        who_scroll.setMinimumWidth(200)
        self.who_scroll = who_scroll
        who_line.addWidget(who_scroll, 1)
        who_line.addWidget(self.who_more)
        who_line.addWidget(self.entry_target)
        entry_layout.addLayout(who_line)
        entry_layout.addLayout(entry_row)

        # The inject panel scrolls rather than push the console past 768 pixels high.
        panel_scroll = QScrollArea()
        panel_scroll.setWidget(self.panel)
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        panel_scroll.setMinimumHeight(140)
        self.panel_scroll = panel_scroll
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(panel_scroll)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setSizes([600, 200])  # on a 768-pixel screen the inject panel comes first
        right.setChildrenCollapsible(False)
        self.right_splitter = right
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 940])

        run_page = QWidget()
        run_layout = QVBoxLayout(run_page)
        run_layout.setContentsMargins(8, 6, 8, 4)
        run_layout.setSpacing(6)
        run_layout.addWidget(self.clock_bar)
        run_layout.addWidget(self.timeline)
        run_layout.addWidget(self.splitter, 1)
        run_layout.addWidget(self.entry_box)

        self.hotwash = HotWashPage()
        self.hotwash.finding_form.submitted.connect(self.add_finding)
        self.hotwash.analysis_form.saved.connect(self.save_analysis)
        self.pages = QStackedWidget()
        self.pages.addWidget(run_page)
        self.pages.addWidget(self.hotwash)
        self.run_page = run_page
        self.setCentralWidget(self.pages)
        self.setFocusProxy(self.entry)

    def _action(
        self,
        slot: Callable[[], Any],
        keys: str | list[str] = "",
        *,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(self)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys:
            action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.start_action = a(self.start, "F5")
        self.pause_action = a(self.toggle_pause, "F6")
        self.faster_action = a(lambda: self.step_speed(1), ["Ctrl+=", "Ctrl++"])
        self.slower_action = a(lambda: self.step_speed(-1), "Ctrl+-")
        self.speed_action = a(self.ask_speed, "Ctrl+Shift+X")
        self.jump_action = a(self.jump_to_time, "Ctrl+G")
        self.end_action = a(self.end_drill, "Ctrl+Shift+E")
        self.close_action = a(self.close, "Ctrl+W")
        self.next_action = a(self.deliver_next, "F7")
        self.draw_action = a(self.draw_card, "F8")
        self.return_action = a(self.return_card, "Shift+F8")
        self.deliver_action = a(self.deliver_selected, "F9")
        self.skip_action = a(self.skip_selected, "Shift+F9")
        self.add_inject_action = a(self.add_inject, "Ctrl+Shift+I")
        self.prev_inject_action = a(lambda: self.move_selection(-1), "Ctrl+Up")
        self.next_inject_action = a(lambda: self.move_selection(1), "Ctrl+Down")
        self.latest_action = a(self.select_latest, "Ctrl+0")
        self.follow_action = a(self._follow_toggled, "Ctrl+Shift+F", checkable=True)
        self.focus_list_action = a(lambda: self.injects_view.setFocus(), "Ctrl+I")
        self.focus_filter_action = a(lambda: self.category.setFocus(), "Ctrl+F")
        self.focus_entry_action = a(self.focus_entry, "Ctrl+L")
        self.retry_action = a(self.retry_failed, "Ctrl+Shift+R")
        self.correct_action = a(lambda: self.correct_selected(False), "Ctrl+K")
        self.retract_action = a(lambda: self.correct_selected(True), "Ctrl+Shift+K")
        self.log_tab_action = a(lambda: self.show_tab(0), "F2")
        self.eval_tab_action = a(lambda: self.show_tab(1), "F3")
        self.findings_tab_action = a(lambda: self.show_tab(2), "F4")
        self.hotwash_action = a(self.toggle_hotwash, "Ctrl+H")
        self.presenter_action = a(self.toggle_presenter, "Ctrl+P")
        self.presenter_full_action = a(self.presenter_fullscreen, "F11")
        self.shortcuts_action = a(self.show_shortcuts, "F1")
        self.report_action = a(lambda: self.export_doc("report"))
        self.summary_action = a(lambda: self.export_doc("summary"))
        # in the entry field only: what Enter and Ctrl+Enter do there, shown in the menu
        self.record_action = QAction(self)
        self.record_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.record_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.record_action.triggered.connect(lambda: self.submit_entry(False))
        self.note_action = QAction(self)
        self.note_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.note_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.note_action.triggered.connect(lambda: self.submit_entry(True))
        self.entry.addAction(self.record_action)
        self.entry.addAction(self.note_action)
        # numbered keys: who (Alt+n), expected action done (Ctrl+n), missed (Ctrl+M, n),
        # decision (Ctrl+J, n)
        self.who_actions = [a(partial(self.select_who, n), f"Alt+{n + 1}") for n in range(MAX_KEYS)]
        self.who_none_action = a(lambda: self.select_who(-1), "Alt+0")
        self.done_actions = [
            a(partial(self.tick_expected, n), f"Ctrl+{n + 1}") for n in range(MAX_KEYS)
        ]
        self.missed_actions = [
            a(partial(self.mark_missed, n), f"Ctrl+M, {n + 1}") for n in range(MAX_KEYS)
        ]
        self.decision_actions = [
            a(partial(self.take_decision, n), f"Ctrl+J, {n + 1}") for n in range(MAX_KEYS)
        ]
        self.panel.done_button.clicked.connect(self.tick_current_expected)
        self.panel.missed_button.clicked.connect(self.mark_current_missed)
        for action in (
            self.start_action,
            self.pause_action,
            self.slower_action,
            self.faster_action,
            self.next_action,
            self.draw_action,
            self.end_action,
            self.presenter_action,
        ):
            n = self.bar_buttons.count()
            self.bar_buttons.addWidget(ActionButton(action), n // 4, n % 4)
        self.panel.deliver_button = ActionButton(self.deliver_action, mirror_visible=False)
        self.panel.skip_button = ActionButton(self.skip_action, mirror_visible=False)
        self.panel.return_button = ActionButton(self.return_action, mirror_visible=False)
        for button in (self.panel.deliver_button, self.panel.skip_button, self.panel.return_button):
            self.panel.actions_row.addWidget(button)
        self.bar_button_list = [
            self.bar_buttons.itemAt(i).widget() for i in range(self.bar_buttons.count())
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.drill_menu = bar.addMenu("")
        for item in (
            self.start_action,
            self.pause_action,
            None,
            self.faster_action,
            self.slower_action,
            self.speed_action,
            self.jump_action,
            None,
            self.end_action,
            self.close_action,
        ):
            self.drill_menu.addSeparator() if item is None else self.drill_menu.addAction(item)
        self.inject_menu = bar.addMenu("")
        for item in (
            self.next_action,
            self.draw_action,
            self.return_action,
            self.deliver_action,
            self.skip_action,
            self.add_inject_action,
            None,
            self.prev_inject_action,
            self.next_inject_action,
            self.latest_action,
            self.follow_action,
            self.focus_list_action,
            self.focus_filter_action,
        ):
            self.inject_menu.addSeparator() if item is None else self.inject_menu.addAction(item)
        self.record_menu = bar.addMenu("")
        self.record_menu.addAction(self.focus_entry_action)
        self.record_menu.addAction(self.record_action)
        self.record_menu.addAction(self.note_action)
        self.who_menu = QMenu(self)
        self.record_menu.addMenu(self.who_menu)
        self.done_menu = QMenu(self)
        self.record_menu.addMenu(self.done_menu)
        self.missed_menu = QMenu(self)
        self.record_menu.addMenu(self.missed_menu)
        self.decision_menu = QMenu(self)
        self.record_menu.addMenu(self.decision_menu)
        self.record_menu.addSeparator()
        self.record_menu.addAction(self.correct_action)
        self.record_menu.addAction(self.retract_action)
        self.record_menu.addAction(self.retry_action)
        self.eval_menu = bar.addMenu("")
        for action in (
            self.log_tab_action,
            self.eval_tab_action,
            self.findings_tab_action,
            self.hotwash_action,
        ):
            self.eval_menu.addAction(action)
        self.eval_menu.addSeparator()
        self.eval_menu.addAction(self.report_action)
        self.eval_menu.addAction(self.summary_action)
        self.hotwash.report_button.clicked.connect(self.report_action.trigger)
        self.hotwash.summary_button.clicked.connect(self.summary_action.trigger)
        self.view_menu = bar.addMenu("")
        for action in (self.presenter_action, self.presenter_full_action, self.shortcuts_action):
            self.view_menu.addAction(action)
        self.who_group = QActionGroup(self)
        self.who_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for menu in (self.who_menu, self.done_menu, self.missed_menu, self.decision_menu):
            menu.aboutToShow.connect(self._fill_numbered_menus)

    def _build_status(self) -> None:
        self.journal_label = QLabel()
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.statusBar().addWidget(self.journal_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)

    # --- translation ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        texts = (
            (self.start_action, self.tr("开始演练"), self.tr("宣布演练开始，时钟开始计时")),
            (self.pause_action, self.tr("暂停"), self.tr("暂停或继续演练时钟")),
            (self.faster_action, self.tr("加快"), self.tr("提高时间压缩倍数")),
            (self.slower_action, self.tr("减慢"), self.tr("降低时间压缩倍数")),
            (
                self.speed_action,
                self.tr("设置时间压缩倍数…"),
                self.tr("情景时间相对实际时间的倍数"),
            ),
            (self.jump_action, self.tr("跳到情景时间…"), self.tr("将情景时间向前跳到指定分钟")),
            (self.end_action, self.tr("结束演练…"), self.tr("宣布演练结束，进入现场点评")),
            (
                self.close_action,
                self.tr("关闭控制台"),
                self.tr("关闭控制台；未结束的演练可随时继续"),
            ),
            (self.next_action, self.tr("下达下一条"), self.tr("立即下达下一条注入")),
            (
                self.draw_action,
                self.tr("抽取情景卡"),
                self.tr("按所选类别和严重程度抽取一张情景卡（仅导调可见）"),
            ),
            (
                self.return_action,
                self.tr("放回情景卡"),
                self.tr("把已抽取、未下达的情景卡放回卡库"),
            ),
            (self.deliver_action, self.tr("立即下达所选"), self.tr("立即下达选中的注入或情景卡")),
            (self.skip_action, self.tr("跳过所选"), self.tr("不再下达选中的注入")),
            (self.add_inject_action, self.tr("临时注入…"), self.tr("下达一条脚本外的临时注入")),
            (self.prev_inject_action, self.tr("上一条注入"), self.tr("在注入列表中选择上一条")),
            (self.next_inject_action, self.tr("下一条注入"), self.tr("在注入列表中选择下一条")),
            (self.latest_action, self.tr("回到当前注入"), self.tr("选择最近下达的注入")),
            (
                self.follow_action,
                self.tr("跟随新注入"),
                self.tr("新注入下达时自动选中它（默认不跟随：记录仍记入所选注入）"),
            ),
            (self.focus_list_action, self.tr("注入列表"), self.tr("把焦点移到注入列表")),
            (self.focus_filter_action, self.tr("抽卡类别"), self.tr("把焦点移到抽卡类别筛选")),
            (self.focus_entry_action, self.tr("输入记录"), self.tr("把焦点移到记录输入框")),
            (self.record_action, self.tr("记录行动"), self.tr("记录所选执行方的行动")),
            (self.note_action, self.tr("记为观察记录"), self.tr("记录为评估人员的观察记录")),
            (self.retry_action, self.tr("重试未记录的条目"), self.tr("重新写入未能记录的条目")),
            (
                self.correct_action,
                self.tr("更正所选记录…"),
                self.tr("更正演练记录中所选的行动或观察记录（写入一条更正记录，须说明理由）"),
            ),
            (
                self.retract_action,
                self.tr("撤回所选记录…"),
                self.tr("撤回演练记录中所选的行动或观察记录（写入一条撤回记录，须说明理由）"),
            ),
            (self.log_tab_action, self.tr("演练记录"), self.tr("显示演练记录")),
            (self.eval_tab_action, self.tr("评估评分"), self.tr("显示评估项并评分")),
            (self.findings_tab_action, self.tr("发现的问题"), self.tr("显示并添加发现的问题")),
            (self.hotwash_action, self.tr("现场点评"), self.tr("在演练控制和现场点评之间切换")),
            (
                self.presenter_action,
                self.tr("投影窗口"),
                self.tr("显示或隐藏面向参演人员的投影窗口"),
            ),
            (self.presenter_full_action, self.tr("投影全屏"), self.tr("投影窗口全屏或还原")),
            (self.shortcuts_action, self.tr("快捷键"), self.tr("列出控制台的全部快捷键")),
            (self.who_none_action, self.tr("不指定执行方"), self.tr("取消所选执行方")),
            (
                self.report_action,
                self.tr("导出评估报告…"),
                self.tr("按本场演练记录生成演练评估报告（Word）"),
            ),
            (
                self.summary_action,
                self.tr("导出总结报告…"),
                self.tr("按本场演练记录生成演练总结报告（Word）"),
            ),
        )
        for action, text, hint in texts:
            action.setText(text)
            action.setToolTip(tip(hint, action))
            action.setStatusTip(hint)
        self.drill_menu.setTitle(self.tr("演练(&D)"))
        self.inject_menu.setTitle(self.tr("注入(&I)"))
        self.record_menu.setTitle(self.tr("记录(&R)"))
        self.eval_menu.setTitle(self.tr("评估(&E)"))
        self.view_menu.setTitle(self.tr("视图(&V)"))
        self.who_menu.setTitle(self.tr("执行方"))
        self.done_menu.setTitle(self.tr("期望行动完成"))
        self.missed_menu.setTitle(self.tr("期望行动记为未完成"))
        self.decision_menu.setTitle(self.tr("决策"))
        self.tabs.setTabText(0, self.tr("演练记录（F2）"))
        self.tabs.setTabText(1, self.tr("评估评分（F3）"))
        self.tabs.setTabText(2, self.tr("发现的问题（F4）"))
        self.who_label.setText(self.tr("执行方："))
        self.entry.setPlaceholderText(
            self.tr("谁做了什么：输入后回车记录行动，Ctrl+回车记为观察记录（Ctrl+L）")
        )
        self.record_button.setText(self.tr("记录（回车）"))
        self.record_button.setToolTip(tip(self.tr("记录所选执行方的行动"), self.record_action))
        self.note_button.setText(self.tr("观察记录（Ctrl+回车）"))
        self.note_button.setToolTip(tip(self.tr("记录为评估人员的观察记录"), self.note_action))
        self.injects_label.setText(self.tr("注入（Ctrl+I）"))
        self.panel.decisions_label.setText(self.tr("决策（Ctrl+J, 数字）"))
        self.panel.expected_label.setText(
            self.tr("期望行动（Ctrl+数字：完成；Ctrl+M, 数字：记为未完成）")
        )
        self.panel.done_button.setText(self.tr("所选完成"))
        self.panel.missed_button.setText(self.tr("所选未完成"))
        self.mark_bar.retranslate()
        self.timeline.unscheduled_label = self.tr("未定时")
        self.timeline.empty_label = self.tr("无定时注入")
        for model in (self.injects_model, self.log_model, self.criteria_model, self.findings_model):
            model.retranslate()
        self.panel.expected_model.retranslate()
        self.finding_form.retranslate()
        self.hotwash.retranslate()
        if self.presenter is not None:
            self.presenter.retranslate()
        self._fill_filters()
        if self.snapshot is not None:
            self._show_snapshot(self.snapshot)
        self._update_title()
        self._busy_changed(self.runner.is_writing() if hasattr(self, "runner") else False)

    def _update_title(self) -> None:
        title = self.snapshot.drill.meta.title if self.snapshot else ""
        self.setWindowTitle(
            self.tr("演练控制台 — {title}").format(title=title) if title else self.tr("演练控制台")
        )
        self.title_label.setText(title)

    # --- snapshots in -------------------------------------------------------------------------

    def _opened(self, outcome: Outcome) -> None:
        if not outcome.ok:
            self.error = outcome.message()
            dialogs.show_error(
                self,
                self.tr("无法开始演练"),
                self.tr("无法打开演练记录：") + "\n" + outcome.message(),
                outcome.trace if not outcome.expected_error else "",
            )
            self._closing = True
            QTimer.singleShot(0, self.close)
            return
        snap = outcome.snapshot
        assert snap is not None
        self.names = Names(snap.drill, snap.plan)
        self._record_rows(outcome.result or [], snap)
        self._fill_who(snap)
        self._fill_completer(snap)
        self.mark_bar.fill_by(snap.drill.participants)
        self.mark_bar.set_method(snap.drill.evaluation.method)
        self.filters.setVisible(not snap.scripted or bool(snap.drill.library))
        self.injects_view.setColumnHidden(InjectsModel.COL_CATEGORY, snap.scripted)
        self.injects_view.setColumnHidden(InjectsModel.COL_SEVERITY, snap.scripted)
        self.journal_label.setText(self.tr("演练记录：{path}").format(path=Path(snap.journal).name))
        self.journal_label.setToolTip(snap.journal)
        self._update_title()
        if self.want_presenter:
            self.show_presenter()
        active.remember_active(snap)
        self._fill_filters()
        self.entry.setFocus()  # ready to type from the first moment

    def _show_snapshot(self, snap: Snapshot) -> None:
        first = self.snapshot is None
        self.snapshot = snap
        self.injects_model.set_snapshot(snap)
        self.criteria_model.set_snapshot(snap)
        self.findings_model.set_snapshot(snap)
        self.finding_form.set_context(snap)
        self.hotwash.set_snapshot(snap)
        latest = snap.latest()
        latest_id = latest.id if latest else None
        if latest_id != self._last_latest:
            self._last_latest = latest_id
            if latest is not None and not first:
                self._delivered_elsewhere(latest)
        drawn = snap.drawn()
        newest_drawn = drawn[-1].id if drawn else None
        if newest_drawn != self._last_drawn:
            self._last_drawn = newest_drawn
            if newest_drawn is not None and not self._chosen_by_user:
                self.select_inject(newest_drawn, by_user=False)
        if first and self.selected_id is None and snap.injects:
            upcoming = self.injects_model.next_id or snap.injects[0].id
            self.select_inject(latest_id or upcoming, by_user=False)
        self._show_panel()
        self._update_entry_target()
        self._update_timeline()
        self._update_clock()
        self._update_draw_count()
        lang = current_language()
        self.evaluation_summary.setText(
            self.tr("当前评估：{text}").format(text=snap.evaluation.conclusion().text(lang))
        )
        if self.presenter is not None:
            self.presenter.show_state(snap.public)
        self._update_actions()
        if snap.ended and first:
            self.show_hotwash(True)

    def _finished(self, outcome: Outcome) -> None:
        snap = outcome.snapshot or self.snapshot
        if snap is None or outcome.ticket == self.runner.open_ticket:
            return
        ticket = outcome.ticket
        if outcome.ok:
            pending = ticket if self.log_model.pending_row(ticket) >= 0 else None
            self._record_rows(outcome.entries, snap, pending)
        else:
            self._record_rows(outcome.entries, snap)
            message = outcome.message()
            if self.log_model.pending_row(ticket) >= 0:
                self.log_model.fail(ticket, message)
            self.statusBar().showMessage(message, 10000)
            if not outcome.expected_error:
                self.runner.stop_polling()  # a bug: say it once, not four times a second
                dialogs.show_error(self, self.tr("内部错误"), message, outcome.trace)
        self._pending_ops.pop(ticket, None)
        tags = set(self._pending_ops.values())
        self.panel.expected_model.pending = {t[3:] for t in tags if t.startswith("ea:")}
        self.criteria_model.pending = {
            k: v for k, v in self.criteria_model.pending.items() if f"mark:{k}" in tags
        }
        self.panel.expected_model.set_rows(self.panel.expected_model.rows)
        self.criteria_model.set_rows(self.criteria_model.rows)

    def _busy_changed(self, busy: bool) -> None:
        self.busy_label.setProperty("busy", "true" if busy else "false")
        failed = len(self.log_model.failed())
        if busy:
            text = self.tr("正在写入记录…")
        elif failed:
            text = self.tr("✗ {n} 条未记录（Ctrl+Shift+R 重试）").format(n=failed)
            self.busy_label.setProperty("busy", "true")
        else:
            text = self.tr("✓ 记录已全部写入磁盘")
        self.busy_label.setText(text)
        self.busy_label.setMinimumWidth(self.busy_label.sizeHint().width())
        self.busy_label.style().unpolish(self.busy_label)
        self.busy_label.style().polish(self.busy_label)

    # --- log rows from journal entries -------------------------------------------------------

    def _record_rows(self, entries: list[Entry], snap: Snapshot, ticket: int | None = None) -> None:
        self.log.record_rows(entries, snap, ticket)

    def _row_for(self, entry: Entry, snap: Snapshot) -> LogRow | None:
        return self.log.row_for(entry, snap)

    # --- the display ---------------------------------------------------------------------------

    def _tick(self) -> None:
        self._update_clock()

    def _update_clock(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        seconds = snap.scenario_s()
        text = format_clock(seconds)
        if self.clock.text() != text:
            self.clock.setText(text)
        self.timeline.set_now(seconds if snap.started else None)
        if self.presenter is not None:
            self.presenter.set_clock(text, snap.clock_state.value)

    def _update_timeline(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        items = []
        for inject in snap.injects:
            at = inject.time_s
            if inject.origin is Origin.LIBRARY and at is None:
                continue  # undrawn cards have no place on the time line
            if inject.status is InjectStatus.SKIPPED:
                stage = Stage.SKIPPED
            elif inject.delivered:
                stage = Stage.DELIVERED
            elif inject.status in (InjectStatus.DUE, InjectStatus.DRAWN):
                stage = Stage.DUE
            else:
                stage = Stage.PLANNED
            kind = (
                Kind.CONDITIONAL
                if inject.status is InjectStatus.WAITING
                else Kind.MANUAL
                if at is None
                else Kind.TIMED
            )
            items.append(TimelineItem(inject.id, inject.title, at, kind, stage, inject.text))
        duration = snap.drill.meta.duration_min
        self.timeline.set_items(items, duration * 60.0 if duration else None)
        self.timeline.set_selected(self.selected_id)

    def _show_panel(self) -> None:
        snap = self.snapshot
        panel = self.panel
        inject = snap.inject(self.selected_id) if snap else None
        panel.inject = inject
        lang = current_language()
        if inject is None:
            panel.heading.setText(self.tr("（未选择注入）"))
            panel.meta.setText("")
            panel.text.setText("")
            panel.note.hide()
            panel.points.hide()
            panel.expected_model.set_rows([])
            self._fill_decisions(None)
            return
        status = inject.status.label.text(lang)
        panel.heading.setText(f"{inject.id}　{inject.title}　〔{status}〕")
        meta = []
        at = inject.time_s
        if at is not None:
            meta.append(format_clock(at))
        meta.append(inject.channel.label(lang))
        route = inject.source or ""
        if inject.to:
            route = (
                f"{route} → {self.names.recipients(inject.to)}"
                if route
                else f"→ {self.names.recipients(inject.to)}"
            )
        if route:
            meta.append(route)
        if inject.category:
            sev = inject.severity.label(lang) if inject.severity else ""
            meta.append(f"{inject.category} · {sev}")
        panel.meta.setText("　·　".join(meta))
        if panel.text.text() != inject.text:
            panel.text.setText(inject.text)
        panel.note.setVisible(bool(inject.note))
        panel.note.setText(self.tr("导调说明：{note}").format(note=inject.note))
        points = list(inject.evaluation_points)
        panel.points.setVisible(bool(points))
        panel.points.setText(self.tr("评估要点：{points}").format(points="；".join(points)))
        missed = self._marked_missed | self._missed_from_notes(snap)
        panel.expected_model.marked_missed = missed
        panel.expected_model.set_rows(inject.expected)
        panel.expected_label.setVisible(bool(inject.expected))
        panel.expected_view.setVisible(bool(inject.expected))
        panel.done_button.setVisible(bool(inject.expected))
        panel.missed_button.setVisible(bool(inject.expected))
        self._fill_decisions(inject)

    def _missed_from_notes(self, snap: Snapshot | None) -> set[str]:
        if snap is None:
            return set()
        out = set()
        for note in snap.notes:
            for inject in snap.injects:
                if note.inject != inject.id:
                    continue
                for ea in inject.expected:
                    if note.text.endswith(f"（{ea.id}）"):
                        out.add(ea.id)
        return out

    def _fill_decisions(self, inject: InjectView | None) -> None:
        live = bool(inject and inject.delivered and not self._ended())
        key = (
            (inject.id, inject.decisions, inject.decision_taken, live) if inject else None,
            current_language(),
        )
        if key == self._decisions_key:
            return  # unchanged: keep the buttons (and any focus on them)
        self._decisions_key = key
        for button in self.panel.decision_buttons:
            self.panel.decisions_row.removeWidget(button)
            button.deleteLater()
        self.panel.decision_buttons = []
        decisions = inject.decisions if inject else ()
        for n, decision in enumerate(decisions):
            button = QPushButton()
            button.setObjectName("decisionButton")
            keys = f"Ctrl+J, {n + 1}" if n < MAX_KEYS else ""
            taken = inject.decision_taken == decision.id if inject else False
            mark = "✓ " if taken else ""
            button.setText(f"{mark}{n + 1}. {decision.text}")
            button.setToolTip(
                tip(
                    self.tr("记录决策：{text}").format(text=decision.text), self.decision_actions[n]
                )
                if keys
                else decision.text
            )
            button.clicked.connect(partial(self.take_decision, n))
            button.setEnabled(bool(inject and inject.delivered and not self._ended()))
            self.panel.decisions_row.addWidget(button)
            self.panel.decision_buttons.append(button)
        if decisions:
            self.panel.decisions_row.addStretch(0)
        self.panel.decisions_label.setVisible(bool(decisions))

    def _who_entries(self, snap: Snapshot) -> list[tuple[str, str, str]]:
        """(who key, team label, members) for the 执行方 buttons (``control.teams``)."""
        return teams(snap.drill, self.names.units)

    def _fill_who(self, snap: Snapshot) -> None:
        self.who.fill(self._who_entries(snap), self.who_actions, tip)

    @property
    def who_buttons(self) -> list[QToolButton]:
        return self.who.buttons

    @property
    def who_keys(self) -> list[str | None]:
        return self.who.keys

    def _fill_completer(self, snap: Snapshot) -> None:
        phrases: list[str] = []
        for inject in snap.injects:
            phrases += [ea.text for ea in inject.expected]
        if snap.plan is not None:
            for proc in snap.plan.procedures:
                phrases += [s.action for s in proc.steps if s.action]
        from PySide6.QtCore import QStringListModel

        self.completer.setModel(
            QStringListModel(list(dict.fromkeys(p for p in phrases if p)), self.completer)
        )

    def _fill_filters(self) -> None:
        snap = self.snapshot
        lang = current_language()
        for combo, items in (
            (self.category, [(c, c) for c in (snap.categories if snap else ())]),
            (self.severity, [(s, s.label(lang)) for s in CardSeverity]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(
                self.tr("全部类别") if combo is self.category else self.tr("全部严重程度"), None
            )
            for value, label in items:
                combo.addItem(label, value)
            found = combo.findData(current)
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)
        self.category.setToolTip(tip(self.tr("抽卡类别"), self.focus_filter_action))
        self._update_draw_count()

    def _fill_numbered_menus(self) -> None:
        self.who_menu.clear()
        for n, button in enumerate(self.who_buttons[:MAX_KEYS]):
            action = self.who_actions[n]
            action.setText(button.text().split(" ", 1)[-1])
            self.who_menu.addAction(action)
        self.who_menu.addAction(self.who_none_action)
        inject = self.panel.inject
        self.done_menu.clear()
        self.missed_menu.clear()
        self.decision_menu.clear()
        for n, ea in enumerate(inject.expected[:MAX_KEYS] if inject else ()):
            self.done_actions[n].setText(ea.text)
            self.done_menu.addAction(self.done_actions[n])
            self.missed_actions[n].setText(ea.text)
            self.missed_menu.addAction(self.missed_actions[n])
        for n, decision in enumerate(inject.decisions[:MAX_KEYS] if inject else ()):
            self.decision_actions[n].setText(decision.text)
            self.decision_menu.addAction(self.decision_actions[n])
        for menu in (self.done_menu, self.missed_menu, self.decision_menu):
            if menu.isEmpty():
                empty = menu.addAction(self.tr("（当前注入没有）"))
                empty.setEnabled(False)

    def _update_draw_count(self) -> None:
        snap = self.snapshot
        if snap is None:
            self.draw_count.setText("")
            return
        category = self.category.currentData()
        severity = self.severity.currentData()
        n = sum(
            1
            for i in snap.injects
            if i.available
            and (category is None or i.category == category)
            and (severity is None or i.severity == severity)
        )
        self.draw_count.setText(self.tr("可抽 {n} 张").format(n=n))

    def _filters_changed(self, *_: object) -> None:
        self._update_draw_count()

    def _ended(self) -> bool:
        return bool(self.snapshot and self.snapshot.ended)

    def controls(self) -> Controls:
        """What the coordinator may do now (``app.drill.control``: one rule for the
        buttons and for the guards of every command)."""
        return controls(self.snapshot, self.selected_id)

    def _update_actions(self) -> None:
        snap = self.snapshot
        c = self.controls()
        ready = c.ready
        self.start_action.setEnabled(c.start)
        self.pause_action.setEnabled(c.pause)
        started = ready and not c.start
        self.pause_action.setText(self.tr("暂停") if c.running or not started else self.tr("继续"))
        self.pause_action.setToolTip(tip(self.tr("暂停或继续演练时钟"), self.pause_action))
        for action in (self.faster_action, self.slower_action, self.speed_action):
            action.setEnabled(c.speed)
        self.jump_action.setEnabled(c.jump)
        self.end_action.setEnabled(c.end)
        self.next_action.setEnabled(c.next)
        self.draw_action.setEnabled(c.draw)
        self.deliver_action.setEnabled(c.deliver)
        self.skip_action.setEnabled(c.skip)
        self.return_action.setEnabled(c.return_card)
        self.add_inject_action.setEnabled(c.add_inject)
        self.record_button.setEnabled(c.record)
        undelivered = c.skip or c.deliver
        self.panel.deliver_button.setVisible(undelivered)
        self.panel.skip_button.setVisible(undelivered)
        self.panel.return_button.setVisible(c.return_card)
        self.draw_action.setVisible(c.has_library or not ready)
        if snap is not None:
            state = snap.clock_state
            label = {
                ClockState.IDLE: self.tr("未开始 · 按 F5 开始"),
                ClockState.RUNNING: self.tr("进行中"),
                ClockState.PAUSED: self.tr("已暂停 · 按 F6 继续"),
                ClockState.STOPPED: self.tr("演练已结束"),
            }[state]
            self.clock_state.setText(label)
            self.clock_state.setProperty(
                "paused", "true" if state is ClockState.PAUSED else "false"
            )
            self.clock_state.style().unpolish(self.clock_state)
            self.clock_state.style().polish(self.clock_state)
            self.speed_label.setText(self.tr("时间压缩 ×{speed}").format(speed=f"{snap.speed:g}"))

    # --- scaling ----------------------------------------------------------------------------------

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        h = self.height()
        clock_font = QFont(self.font())
        clock_font.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
        clock_font.setStyleHint(QFont.StyleHint.Monospace)
        clock_font.setBold(True)
        clock_font.setPixelSize(max(36, int(h * 0.075)))
        self.clock.setFont(clock_font)
        title_font = QFont(self.font())
        title_font.setPixelSize(max(15, int(h * 0.022)))
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        state_font = QFont(self.font())
        state_font.setPixelSize(max(14, int(h * 0.02)))
        self.clock_state.setFont(state_font)
        self.speed_label.setFont(state_font)
        base = max(10.0, min(14.0, h / 80.0))
        self.panel.scale(base)
        button_font = QFont(self.font())
        button_font.setPixelSize(max(13, int(h * 0.018)))
        for button in self.bar_button_list:
            button.setFont(button_font)
        entry_font = QFont(self.font())
        entry_font.setPixelSize(max(15, int(h * 0.021)))
        self.entry.setFont(entry_font)
        self.entry.setMinimumHeight(int(entry_font.pixelSize() * 2))

    # --- selection ----------------------------------------------------------------------------------

    def _fit_inject_columns(self) -> None:
        view = self.injects_view
        for col in (
            InjectsModel.COL_TIME,
            InjectsModel.COL_ID,
            InjectsModel.COL_STATUS,
            InjectsModel.COL_CATEGORY,
            InjectsModel.COL_SEVERITY,
        ):
            view.resizeColumnToContents(col)
            view.setColumnWidth(col, min(view.columnWidth(col) + 6, 160))

    def _delivered_elsewhere(self, latest: InjectView) -> None:
        """A new inject is in play. The selection follows it only when the user asked to
        (跟随新注入) or has not chosen one: what is typed next stays filed where it was."""
        current = self.snapshot.inject(self.selected_id) if self.snapshot else None
        in_play = current is not None and current.delivered
        if self.follow_action.isChecked() or not (in_play or self._chosen_by_user):
            self.select_inject(latest.id, by_user=False)
            return
        self.statusBar().showMessage(
            self.tr("新注入已下达：{title}（Ctrl+0 查看）").format(
                title=f"{latest.id} {latest.title}".strip()
            ),
            10000,
        )
        self._update_entry_target()

    def select_inject(self, ident: str | None, *, by_user: bool = True) -> None:
        self.selected_id = ident
        self._chosen_by_user = by_user and ident is not None
        row = self.injects_model.row_of(ident)
        if row >= 0:
            index = self.injects_proxy.mapFromSource(self.injects_model.index(row, 0))
            if index.isValid():
                self.injects_view.blockSignals(True)
                self.injects_view.selectionModel().blockSignals(True)
                self.injects_view.setCurrentIndex(index)
                self.injects_view.selectionModel().blockSignals(False)
                self.injects_view.blockSignals(False)
                self.injects_view.scrollTo(index)
        self.timeline.set_selected(ident)
        self._show_panel()
        self._update_actions()
        self._update_entry_target()

    def _update_entry_target(self) -> None:
        """Say where the next entry goes: the selected inject, if it is in play."""
        snap = self.snapshot
        inject = snap.inject(self.selected_id) if snap else None
        if inject is not None and inject.delivered:
            text = self.tr("记入：{title}").format(title=f"{inject.id} {inject.title}".strip())
            latest = snap.latest() if snap else None
            if latest is not None and latest.id != inject.id:
                text += self.tr("　（最新注入：{id}，Ctrl+0）").format(id=latest.id)
        else:
            text = self.tr("记入：不关联注入")
        self.entry_target.setText(text)

    def _list_selected(self, current: QModelIndex, _: QModelIndex) -> None:
        if current.isValid():
            ident = self.injects_proxy.data(current, IdRole)
            if ident != self.selected_id:
                self.select_inject(ident)

    def move_selection(self, delta: int) -> None:
        count = self.injects_proxy.rowCount()
        if not count:
            return
        current = self.injects_view.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        row = max(0, min(count - 1, row))
        self.select_inject(self.injects_proxy.data(self.injects_proxy.index(row, 0), IdRole))

    def _follow_toggled(self) -> None:
        if self.follow_action.isChecked():
            self.select_latest()

    def select_latest(self) -> None:
        latest = self.snapshot.latest() if self.snapshot else None
        if latest is not None:
            self.select_inject(latest.id)

    def show_tab(self, n: int) -> None:
        self.show_hotwash(False)
        self.tabs.setCurrentIndex(n)
        if n == 1:
            self.criteria_view.setFocus()
            if not self.criteria_view.currentIndex().isValid() and self.criteria_model.rowCount():
                self.criteria_view.setCurrentIndex(self.criteria_model.index(0, 0))
        elif n == 2:
            self.finding_form.text.setFocus()
        else:
            self.log_view.setFocus()

    def focus_entry(self) -> None:
        self.show_hotwash(False)
        self.entry.setFocus()
        self.entry.selectAll()

    # --- who ----------------------------------------------------------------------------------------

    def _who_chosen(self) -> None:
        self.entry.setFocus()  # a click on a team keeps the typing where it was

    def select_who(self, n: int) -> None:
        """Alt+n: choose the n-th 执行方 (again: none); Alt+0: none."""
        self.who.select(n)

    def current_who(self) -> str | None:
        return self.who.current()

    def _who_for_unit(self, unit: str | None, units: tuple[str, ...] = ()) -> str | None:
        """Who is credited: the owner wins over the sticky 执行方 (``control.credited``)."""
        if self.snapshot is None:
            return self.current_who()
        return credited(self.snapshot.drill, self.current_who(), unit, units)

    # --- submitting operations ------------------------------------------------------------------

    def _submit(
        self,
        kind: str,
        text: str,
        fn: Callable[[DrillSession], Any],
        *,
        who: str | None = None,
        tag: str = "",
        on_done: Callable[[Outcome], None] | None = None,
        restore: str | None = None,
    ) -> int:
        """Submit an engine call, with a pending row in the log until the journal has it."""
        label = f"{kind}:{text}"
        ticket = self.runner.submit(
            label, fn, lambda outcome: self._after(outcome, restore, on_done)
        )
        self.log_model.add_pending(ticket, kind, self.names.who(who) or None, text)
        self._row_ops[ticket] = (kind, text, fn, who, tag, restore)
        if tag:
            self._pending_ops[ticket] = tag
        return ticket

    def _after(
        self, outcome: Outcome, restore: str | None, on_done: Callable[[Outcome], None] | None
    ) -> None:
        if outcome.ok:
            self._row_ops.pop(outcome.ticket, None)
        elif restore and not self.entry.text().strip():
            self.entry.setText(restore)  # nothing typed is lost
        if on_done is not None:
            on_done(outcome)
        self._busy_changed(self.runner.is_writing())

    def retry_failed(self) -> None:
        for row in list(self.log_model.failed()):
            op = self._row_ops.pop(row.ticket or 0, None)
            if op is None:
                continue
            kind, text, fn, who, tag, restore = op
            if restore and self.entry.text().strip() == restore:
                self.entry.clear()
            self.log_model.drop(row.ticket or 0)
            self._submit(kind, text, fn, who=who, tag=tag, restore=restore)

    # --- clock ----------------------------------------------------------------------------------------

    def start(self) -> None:
        if not self.controls().start:
            return
        self._submit("start", "", lambda s: s.start())

    def toggle_pause(self) -> None:
        snap = self.snapshot
        if snap is None or not self.controls().pause:
            return
        if snap.running:
            self._submit("pause", "", lambda s: s.pause())
        else:
            self._submit("resume", "", lambda s: s.resume())

    def step_speed(self, direction: int) -> None:
        snap = self.snapshot
        if snap is None or not self.controls().speed:
            return
        current = snap.speed
        if direction > 0:
            target = next((s for s in SPEEDS if s > current + 1e-9), SPEEDS[-1])
        else:
            target = next((s for s in reversed(SPEEDS) if s < current - 1e-9), SPEEDS[0])
        if abs(target - current) > 1e-9:
            self.set_speed(target)

    def set_speed(self, speed: float) -> None:
        self._submit("speed", f"×{speed:g}", lambda s: s.set_speed(speed))

    def ask_speed(self) -> None:
        if self.snapshot is None:
            return
        value = drill_dialogs.ask_speed(self, self.snapshot.speed)
        if value is not None:
            self.set_speed(value)

    def jump_to_time(self) -> None:
        snap = self.snapshot
        if snap is None or not self.controls().jump:
            return
        now = snap.scenario_s() / 60.0
        minutes = drill_dialogs.ask_minutes(
            self, self.tr("跳到情景时间"), self.tr("跳到第几分钟（只能向前）："), round(now, 1)
        )
        if minutes is not None:
            self._submit("jump", format_clock(minutes * 60.0), lambda s: s.jump_to_time(minutes))

    def end_drill(self) -> None:
        snap = self.snapshot
        if snap is None or not self.controls().end:
            return
        open_count = sum(
            1
            for i in snap.injects
            for ea in i.expected
            if ea.status in (ExpectedStatus.OPEN, ExpectedStatus.OVERDUE)
        )
        if not drill_dialogs.confirm_end(self, open_count):
            return

        def ended(outcome: Outcome) -> None:
            if outcome.ok:
                if outcome.snapshot is not None:
                    active.forget_active(outcome.snapshot)
                self.show_hotwash(True)

        self._submit("end", "", lambda s: s.end(), on_done=ended)

    # --- injects -------------------------------------------------------------------------------------

    def deliver_next(self) -> None:
        if not self.controls().next:
            return

        def done(outcome: Outcome) -> None:
            if outcome.ok and outcome.result is None:
                self.statusBar().showMessage(self.tr("没有可下达的注入了"), 6000)
            elif outcome.ok and isinstance(outcome.result, Entry):
                self.select_inject(outcome.result.get("inject"))  # the user put it in play

        self._submit("deliver", self.tr("下一条"), lambda s: s.next(), on_done=done)

    def deliver_selected(self) -> None:
        snap = self.snapshot
        inject = snap.inject(self.selected_id) if snap else None
        if inject is None or not self.controls().deliver:
            return
        ident = inject.id
        self._submit("deliver", f"{ident} {inject.title}", lambda s: s.deliver(ident))

    def skip_selected(self) -> None:
        snap = self.snapshot
        inject = snap.inject(self.selected_id) if snap else None
        if inject is None or not self.controls().skip:
            return
        ident = inject.id
        self._submit("skip", f"{ident} {inject.title}", lambda s: s.skip(ident))

    def draw_card(self) -> None:
        if not self.controls().draw:
            return
        category = self.category.currentData()
        severity = self.severity.currentData()

        def drawn(outcome: Outcome) -> None:
            if not outcome.ok:
                return
            card = outcome.result
            if card is None:
                self.statusBar().showMessage(self.tr("没有符合条件的情景卡可抽"), 8000)
            else:
                self.select_inject(card.id)

        text = " · ".join(
            t for t in (category, severity.label(current_language()) if severity else None) if t
        )
        self._submit("draw", text, lambda s: s.draw(category, severity), on_done=drawn)

    def return_card(self) -> None:
        snap = self.snapshot
        inject = snap.inject(self.selected_id) if snap else None
        if inject is None or not self.controls().return_card:
            return
        ident = inject.id
        self._submit("return", f"{ident} {inject.title}", lambda s: s.return_card(ident))

    def add_inject(self) -> None:
        if not self.controls().add_inject:
            return
        answer = drill_dialogs.ask_added_inject(
            self, sorted(self.names.units.items(), key=lambda kv: kv[0])
        )
        if answer is None:
            return
        title, text, to, channel = answer.title, answer.text, answer.to, answer.channel
        self._submit(
            "added",
            f"{title} {text}".strip(),
            lambda s: s.add_inject(text, title=title, to=to, channel=channel),
        )

    # --- records ---------------------------------------------------------------------------------------

    def submit_entry(self, as_note: bool) -> None:
        text = self.entry.text().strip()
        snap = self.snapshot
        if not text or snap is None:
            return
        who = self.current_who()
        inject = snap.inject(self.selected_id)
        inject_id = inject.id if inject is not None and inject.delivered else None
        self.entry.clear()
        if as_note:
            self._submit(
                "note",
                text,
                lambda s: s.note(text, who=who, inject=inject_id),
                who=who,
                restore=text,
            )
        else:
            self._submit(
                "action",
                text,
                lambda s: s.record_action(text, who=who, inject=inject_id),
                who=who,
                restore=text,
            )

    def tick_expected(self, n: int) -> None:
        """Ctrl+n: expected action n of the shown inject was done now (the engine says
        whether in time or late)."""
        inject = self.panel.inject
        if inject is None or n >= len(inject.expected) or not self.controls().tick:
            return
        ea = inject.expected[n]
        if ea.status in (ExpectedStatus.DONE, ExpectedStatus.LATE):
            self.statusBar().showMessage(self.tr("该期望行动已记录完成"), 5000)
            return
        who = self._who_for_unit(ea.by)
        ident, text = inject.id, ea.text
        self._submit(
            "action",
            text,
            lambda s: s.record_action(text, who=who, inject=ident, fulfils=[ea.id]),
            who=who,
            tag=f"ea:{ea.id}",
        )
        self.panel.expected_model.pending.add(ea.id)
        self.panel.expected_model.set_rows(self.panel.expected_model.rows)

    def tick_current_expected(self) -> None:
        index = self.panel.expected_view.currentIndex()
        self.tick_expected(index.row() if index.isValid() else 0)

    def mark_missed(self, n: int) -> None:
        """Ctrl+M, n: note that expected action n was not done (the engine counts it as
        missed when the drill ends unless it is done meanwhile)."""
        inject = self.panel.inject
        if inject is None or n >= len(inject.expected) or not self.controls().missed:
            return
        ea = inject.expected[n]
        who = self._who_for_unit(ea.by)
        text = self.tr("未完成：{text}").format(text=ea.text) + f"（{ea.id}）"
        ident = inject.id

        def done(outcome: Outcome) -> None:
            if outcome.ok:
                self._marked_missed.add(ea.id)
                self._show_panel()

        self._submit(
            "note", text, lambda s: s.note(text, who=who, inject=ident), who=who, on_done=done
        )

    def mark_current_missed(self) -> None:
        index = self.panel.expected_view.currentIndex()
        self.mark_missed(index.row() if index.isValid() else 0)

    def take_decision(self, n: int) -> None:
        inject = self.panel.inject
        if inject is None or n >= len(inject.decisions) or not self.controls().decide:
            return
        decision = inject.decisions[n]
        unit = inject.to[0] if inject.to else None
        who = self._who_for_unit(unit, inject.to)
        ident = inject.id
        self._submit(
            "decision",
            decision.text,
            lambda s: s.record_action(decision.text, who=who, inject=ident, decision=decision.id),
            who=who,
        )

    # --- corrections (app.ui.drill.log) --------------------------------------------------------------

    def correct_selected(self, retract: bool) -> None:
        self.log.correct_selected(retract)

    def correction_draft(self, row: LogRow) -> drill_dialogs.CorrectionDraft:
        return self.log.correction_draft(row)

    def _log_menu(self, pos: Any) -> None:
        self.log.context_menu(pos)
        self._log_context = self.log.menu

    # --- evaluation ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and watched in (self.score, self.level, self.criteria_view)
        ):
            if watched is self.criteria_view:
                target = self.mark_bar.input_widget()
                target.setFocus()
                if target is self.score:
                    self.score.selectAll()
            else:
                self.mark_selected()
            return True
        return super().eventFilter(watched, event)

    def mark_selected(self) -> None:
        """评分 (app.ui.drill.marking)."""
        self.marking.mark()

    def skip_selected_criterion(self) -> None:
        """不评估… (app.ui.drill.marking)."""
        self.marking.skip()

    def add_finding(self, data: dict[str, Any]) -> None:
        if self.snapshot is None:
            return
        form = self.sender()
        text, severity, ref, inject, owner = (
            data["text"],
            data["severity"],
            data["ref"],
            data["inject"],
            data["owner"],
        )

        def done(outcome: Outcome) -> None:
            if outcome.ok and isinstance(form, FindingForm):
                form.clear()
            if outcome.ok and self.pages.currentWidget() is self.hotwash:
                self.refresh_metrics()

        self._submit(
            "finding",
            text,
            lambda s: s.add_finding(text, severity=severity, ref=ref, inject=inject, owner=owner),
            on_done=done,
        )

    def save_analysis(self, topic: str, text: str) -> None:
        """The evaluators' analysis of one topic, into the journal (and so the reports)."""
        if self.snapshot is None:
            return
        by = self.mark_bar.current().by
        label = analysis_topics(self.snapshot.drill).get(topic)
        shown = label.text(current_language()) if label else topic
        self._submit(
            "analysis", f"{shown}：{text}", lambda s: s.analyse(topic, text, by=by), who=by
        )

    # --- hot-wash -------------------------------------------------------------------------------------------

    def toggle_hotwash(self) -> None:
        self.show_hotwash(self.pages.currentWidget() is not self.hotwash)

    def show_hotwash(self, on: bool) -> None:
        self.pages.setCurrentWidget(self.hotwash if on else self.run_page)
        if on:
            self.refresh_metrics()
            self.hotwash.finding_form.text.setFocus()

    def refresh_metrics(self) -> None:
        def shown(outcome: Outcome) -> None:
            if outcome.ok and outcome.snapshot is not None:
                self.hotwash.show_metrics(outcome.result, outcome.snapshot)

        self.runner.submit("metrics", lambda s: s.metrics(), shown, silent=True)

    def export_doc(self, kind: str) -> Any:
        """The evaluation or summary report of this session, as Word, off the GUI thread."""
        from app.drilldocs import DrillDoc, default_output
        from app.ui.base import tasks
        from app.ui.drill_docs_job import ask_docx_target, drill_doc_job, export_done

        snap = self.snapshot
        if snap is None or not snap.drill_path:
            return None
        doc = DrillDoc(kind)
        drill_path = Path(snap.drill_path)
        title = doc.label.text(current_language())
        target = ask_docx_target(self, title, default_output(doc, drill_path))
        if target is None:
            return None
        job = drill_doc_job(doc, drill_path, target, session=Path(snap.journal))

        def failed(exc: BaseException, trace: str) -> None:
            from app.storage.errors import StorageError

            lang = current_language()
            if isinstance(exc, StorageError):
                dialogs.show_error(self, title, exc.text(lang), exc.location())
            else:
                dialogs.show_error(self, title, str(exc) or type(exc).__name__, trace)

        return tasks.run_with_progress(self, title, job, export_done(self, title, target), failed)

    # --- presenter -------------------------------------------------------------------------------------------

    def show_presenter(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        if self.presenter is None:
            if not room_allows_presenter(self):  # one screen or a mirrored projector
                self.want_presenter = False
                return
            base = self.drill_path.parent if self.drill_path else Path(snap.journal).parent
            names = {p: self.names.who(p) for p in self.names.people} | self.names.units
            self.presenter = PresenterWindow(names, base)
            self.presenter.show_state(snap.public)
            self.presenter.place(self.screen())
        else:
            self.presenter.show()
        self.presenter.raise_()
        self.activateWindow()

    def toggle_presenter(self) -> None:
        if self.presenter is not None and self.presenter.isVisible():
            self.presenter.hide()
        else:
            self.show_presenter()

    def presenter_fullscreen(self) -> None:
        if self.presenter is None or not self.presenter.isVisible():
            self.show_presenter()
        if self.presenter is not None:
            self.presenter.toggle_fullscreen()

    # --- help ------------------------------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        for menu in (
            self.drill_menu,
            self.inject_menu,
            self.record_menu,
            self.eval_menu,
            self.view_menu,
        ):
            for action in menu.actions():
                if action.menu() is not None or action.isSeparator():
                    continue
                keys = _keys(action)
                if keys:
                    rows.append((keys, action.text().replace("&", "")))
        rows += [
            ("Alt+1…9 / Alt+0", self.tr("选择执行方 / 取消选择")),
            ("Ctrl+1…9", self.tr("当前注入的第 n 项期望行动完成")),
            ("Ctrl+M, 1…9", self.tr("第 n 项期望行动记为未完成")),
            ("Ctrl+J, 1…9", self.tr("记录当前注入的第 n 个决策")),
        ]
        return rows

    def show_shortcuts(self) -> None:
        rows = "\n".join(f"{keys}\t{text}" for keys, text in self.shortcut_rows())
        dialogs.show_info(self, self.tr("控制台快捷键"), rows)

    # --- closing ------------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        snap = self.snapshot
        if (
            not self._closing
            and snap is not None
            and snap.started
            and not snap.ended
            and not drill_dialogs.confirm_close_running(self)
        ):
            event.ignore()
            return
        if snap is not None and snap.running:
            self._submit("pause", "", lambda s: s.pause())
        self.display_timer.stop()
        self.room.stop()  # every device link dies with the console
        if not self.runner.close():
            dialogs.show_warning(
                self,
                self.tr("关闭演练控制台"),
                self.tr("有记录仍在等待写入磁盘，请稍后再关闭。"),
            )
            event.ignore()
            return
        if self.presenter is not None:
            self.presenter.close()
            self.presenter.deleteLater()
            self.presenter = None
        self.closed.emit()
        event.accept()

    def abandon(self) -> None:
        """Drop the console as a crash would: no pause, no end; the journal stays open-ended."""
        self._closing = True
        self.display_timer.stop()
        self.room.stop()
        self.runner.wait_idle()
        self.runner.closed = True
        if self.runner.session is not None:
            self.runner.session.close()
        if self.presenter is not None:
            self.presenter.hide()
            self.presenter.deleteLater()
            self.presenter = None
        self.hide()
        self.closed.emit()


__all__ = ["ConsoleWindow", "EntryField"]
