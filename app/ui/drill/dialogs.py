"""Every modal question of the drill windows, as small functions tests can replace.

Callers use ``drill_dialogs.ask_resume(...)`` through the module (never a copied name),
so ``monkeypatch.setattr(drill_dialogs, "ask_resume", fake)`` works. Answers are plain
strings or values. Messages (errors, warnings) use ``app.ui.base.dialogs``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import current_language
from app.model.drill import Channel
from app.model.plan import Plan
from app.storage.drills import SessionInfo

if TYPE_CHECKING:
    from app.drilldocs import DrillDoc
from app.ui.base.dialogs import _ask, _box
from app.ui.drill.names import ref_choices, step_choices

translate = QCoreApplication.translate

Resume = Literal["resume", "later", "end"]
RunChoice = Literal["resume", "new", "cancel"]


def _when(iso: str | None) -> str:
    if not iso:
        return "—"
    try:
        return dt.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def ask_resume(parent: QWidget | None, title: str, info: SessionInfo) -> Resume:
    """At start-up: a drill session was left running (crash or power cut)."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("drill_dialogs", "继续未结束的演练"),
        translate(
            "drill_dialogs", "演练“{title}”上次未结束（记录 {id}，最后一条 {last}）。"
        ).format(title=title, id=info.id, last=_when(info.last)),
        translate(
            "drill_dialogs",
            "继续演练将恢复演练时钟和全部记录，时钟处于暂停状态，按“继续”后接着计时。",
        ),
    )
    choices = [
        ("resume", translate("drill_dialogs", "继续演练"), QMessageBox.ButtonRole.AcceptRole),
        ("end", translate("drill_dialogs", "结束该场演练"), QMessageBox.ButtonRole.DestructiveRole),
        ("later", translate("drill_dialogs", "稍后再说"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "resume", "later")  # type: ignore[return-value]


def ask_run(parent: QWidget | None, title: str, info: SessionInfo) -> RunChoice:
    """Drill › Run when an unfinished session of this drill exists."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("drill_dialogs", "开始或继续演练"),
        translate(
            "drill_dialogs", "演练“{title}”有一场未结束的记录（{id}，最后一条 {last}）。"
        ).format(title=title, id=info.id, last=_when(info.last)),
        translate("drill_dialogs", "继续这场演练，还是重新开始一场？"),
    )
    choices = [
        ("resume", translate("drill_dialogs", "继续这场"), QMessageBox.ButtonRole.AcceptRole),
        ("new", translate("drill_dialogs", "重新开始"), QMessageBox.ButtonRole.ActionRole),
        ("cancel", translate("drill_dialogs", "取消"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "resume", "cancel")  # type: ignore[return-value]


def confirm_end(parent: QWidget | None, open_expected: int) -> bool:
    informative = translate(
        "drill_dialogs", "结束后不能再下达注入或记录行动；观察记录、评分和发现的问题仍可补记。"
    )
    if open_expected:
        informative = (
            translate("drill_dialogs", "还有 {n} 项期望行动未完成，结束后将记为未完成。").format(
                n=open_expected
            )
            + "\n"
            + informative
        )
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("drill_dialogs", "结束演练"),
        translate("drill_dialogs", "确定结束演练？"),
        informative,
    )
    choices = [
        ("end", translate("drill_dialogs", "结束演练"), QMessageBox.ButtonRole.AcceptRole),
        ("cancel", translate("drill_dialogs", "取消"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "cancel", "cancel") == "end"


def confirm_close_running(parent: QWidget | None) -> bool:
    """Closing the console while the drill has not ended."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("drill_dialogs", "关闭演练控制台"),
        translate(
            "drill_dialogs",
            "演练尚未结束。关闭后记录会保留，可随时从“演练 › 开始/继续演练”接着进行。",
        ),
        translate("drill_dialogs", "时钟将在关闭时暂停。"),
    )
    choices = [
        ("close", translate("drill_dialogs", "关闭"), QMessageBox.ButtonRole.AcceptRole),
        ("cancel", translate("drill_dialogs", "取消"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "cancel", "cancel") == "close"


def ask_minutes(parent: QWidget | None, title: str, label: str, current: float) -> float | None:
    value, ok = QInputDialog.getDouble(parent, title, label, current, 0.0, 100000.0, 1)
    return float(value) if ok else None


def ask_skip_reason(parent: QWidget | None, criterion: str) -> str | None:
    """不评估…: why a criterion is left out of the evaluation (required)."""
    text, ok = QInputDialog.getText(
        parent,
        translate("drill_dialogs", "不评估该项"),
        translate("drill_dialogs", "评估项“{name}”不评估的理由：").format(name=criterion),
    )
    return text.strip() if ok and text.strip() else None


def ask_speed(parent: QWidget | None, current: float) -> float | None:
    value, ok = QInputDialog.getDouble(
        parent,
        translate("drill_dialogs", "时间压缩"),
        translate("drill_dialogs", "情景时间相对实际时间的倍数（0.1–100）："),
        current,
        0.1,
        100.0,
        1,
    )
    return float(value) if ok else None


@dataclass
class AddedInject:
    title: str
    text: str
    to: list[str]
    channel: Channel


class AddInjectDialog(QDialog):
    def __init__(self, units: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("drill_dialogs", "临时注入"))
        self.title = QLineEdit()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.to = QListWidget()
        for ident, name in units:
            item = QListWidgetItem(name, self.to)
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.to.setMaximumHeight(140)
        self.channel = QComboBox()
        for member in Channel:
            self.channel.addItem(member.label(current_language()), member)
        form = QFormLayout()
        form.addRow(translate("drill_dialogs", "标题："), self.title)
        form.addRow(translate("drill_dialogs", "内容："), self.text)
        form.addRow(translate("drill_dialogs", "接收方："), self.to)
        form.addRow(translate("drill_dialogs", "方式："), self.channel)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            translate("drill_dialogs", "立即下达")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def value(self) -> AddedInject:
        to = [
            str(self.to.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.to.count())
            if self.to.item(i).checkState() == Qt.CheckState.Checked
        ]
        return AddedInject(
            self.title.text().strip(),
            self.text.toPlainText().strip(),
            to,
            self.channel.currentData(),
        )


def ask_added_inject(parent: QWidget | None, units: list[tuple[str, str]]) -> AddedInject | None:
    """An unplanned inject (title, text, recipients) to deliver now; None if cancelled."""
    dialog = AddInjectDialog(units, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    value = dialog.value()
    return value if value.text else None


@dataclass(frozen=True)
class CorrectionDraft:
    """The entry to correct, as the log shows it, and the choices for its fields."""

    summary: str  # "T+00:13 行动 生产调度中心：…"
    text: str
    who: str | None
    inject: str | None
    at_min: float  # its recorded scenario minute
    now_min: float  # the latest minute it may be moved to
    teams: list[tuple[str, str]]  # (who key, label)
    injects: list[tuple[str, str]]  # delivered injects: (id, label)


@dataclass(frozen=True)
class CorrectionAnswer:
    reason: str
    text: str | None = None
    who: str | None = None
    inject: str | None = None
    at_min: float | None = None  # None: the time stays


class CorrectionDialog(QDialog):
    """更正… / 撤回…: the reason (required), and for an amendment what it should say,
    whom and which inject it concerns, and when it really happened."""

    def __init__(self, draft: CorrectionDraft, retract: bool, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.retract = retract
        self.setWindowTitle(
            translate("drill_dialogs", "撤回记录")
            if retract
            else translate("drill_dialogs", "更正记录")
        )
        form = QFormLayout()
        original = QLabel(draft.summary)
        original.setWordWrap(True)
        form.addRow(translate("drill_dialogs", "原记录："), original)
        self.text = QLineEdit(draft.text)
        self.who = QComboBox()
        self.who.addItem(translate("drill_dialogs", "（未指定）"), None)
        for key, label in draft.teams:
            self.who.addItem(label, key)
        self.who.setCurrentIndex(max(0, self.who.findData(draft.who)))
        self.inject = QComboBox()
        self.inject.addItem(translate("drill_dialogs", "（不关联注入）"), None)
        for ident, label in draft.injects:
            self.inject.addItem(label, ident)
        self.inject.setCurrentIndex(max(0, self.inject.findData(draft.inject)))
        self.backdate = QCheckBox(translate("drill_dialogs", "实际发生于情景时间第"))
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.0, max(0.0, draft.now_min))
        self.minutes.setDecimals(1)
        self.minutes.setSuffix(translate("drill_dialogs", " 分钟"))
        self.minutes.setValue(min(draft.at_min, draft.now_min))
        self.minutes.setEnabled(False)
        self.backdate.toggled.connect(self.minutes.setEnabled)
        when = QHBoxLayout()
        when.addWidget(self.backdate)
        when.addWidget(self.minutes)
        when.addStretch(1)
        if not retract:
            form.addRow(translate("drill_dialogs", "内容："), self.text)
            form.addRow(translate("drill_dialogs", "执行方："), self.who)
            form.addRow(translate("drill_dialogs", "关联注入："), self.inject)
            form.addRow(translate("drill_dialogs", "时间："), when)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            translate("drill_dialogs", "必填：为什么更正（如：记错注入、补记实际时间）")
        )
        form.addRow(translate("drill_dialogs", "理由："), self.reason)
        hint = QLabel(
            translate(
                "drill_dialogs",
                "原记录不会被改动：更正作为一条新记录写入演练记录，报告中列出更正。",
            )
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(
            translate("drill_dialogs", "撤回") if retract else translate("drill_dialogs", "更正")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            translate("drill_dialogs", "取消")
        )
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(600, 300)
        self.reason.setFocus()

    def value(self) -> CorrectionAnswer:
        reason = self.reason.text().strip()
        if self.retract:
            return CorrectionAnswer(reason)
        return CorrectionAnswer(
            reason,
            self.text.text().strip(),
            self.who.currentData(),
            self.inject.currentData(),
            float(self.minutes.value()) if self.backdate.isChecked() else None,
        )


def ask_correction(
    parent: QWidget | None, draft: CorrectionDraft, retract: bool
) -> CorrectionAnswer | None:
    """更正… / 撤回… an entry of the log; None if cancelled."""
    dialog = CorrectionDialog(draft, retract, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    answer = dialog.value()
    return answer if answer.reason else None


class PickerDialog(QDialog):
    """A filterable list of (value, label, group) choices; single or multiple."""

    def __init__(
        self,
        title: str,
        choices: list[tuple[str, str, str]],
        selected: list[str],
        *,
        multiple: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.multiple = multiple
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(translate("drill_dialogs", "输入文字筛选…"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        group = None
        for value, label, group_name in choices:
            if group_name != group:
                group = group_name
                header = QListWidgetItem(group_name, self.list)
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setToolTip(value)
            if multiple:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if value in selected else Qt.CheckState.Unchecked
                )
            elif value in selected:
                self.list.setCurrentItem(item)
        self.filter.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) is None:
                item.setHidden(bool(needle))
                continue
            hay = f"{item.text()} {item.data(Qt.ItemDataRole.UserRole)}".lower()
            item.setHidden(bool(needle) and needle not in hay)

    def values(self) -> list[str]:
        if self.multiple:
            return [
                str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.list.count())
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) is not None
                and self.list.item(i).checkState() == Qt.CheckState.Checked
            ]
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return [str(value)] if value is not None else []


def pick_plan_ref(parent: QWidget | None, plan: Plan, current: str | None) -> str | None:
    """A plan element for a finding, in the engine's reference format; None if cancelled."""
    lang = current_language()
    choices = [(c.ref, c.label, c.group.text(lang)) for c in ref_choices(plan)]
    dialog = PickerDialog(
        translate("drill_dialogs", "选择涉及的预案内容"),
        choices,
        [current] if current else [],
        multiple=False,
        parent=parent,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    values = dialog.values()
    return values[0] if values else None


def pick_steps(parent: QWidget | None, plan: Plan, current: list[str]) -> list[str] | None:
    """Procedure steps of the plan (several); None if cancelled."""
    choices = [(c.id, c.label, "") for c in step_choices(plan)]
    dialog = PickerDialog(
        translate("drill_dialogs", "选择对应的处置步骤"),
        choices,
        current,
        multiple=True,
        parent=parent,
    )
    # steps carry their procedure in the label: no group headers
    for i in range(dialog.list.count()):
        item = dialog.list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) is None:
            item.setHidden(True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    known = {c.id for c in step_choices(plan)}
    kept = [s for s in current if s not in known]  # dangling ids stay until fixed by hand
    return kept + dialog.values()


def choose_drill_doc(parent: QWidget | None) -> DrillDoc | None:
    """Which drill document to write; None if cancelled."""
    from app.drilldocs import DrillDoc

    lang = current_language()
    kinds = list(DrillDoc)
    labels = [k.label.text(lang) for k in kinds]
    label, ok = QInputDialog.getItem(
        parent,
        translate("drill_dialogs", "导出演练文件"),
        translate("drill_dialogs", "导出哪一份文件："),
        labels,
        0,
        False,
    )
    return kinds[labels.index(label)] if ok else None


__all__ = [
    "AddedInject",
    "CorrectionAnswer",
    "CorrectionDialog",
    "CorrectionDraft",
    "ask_added_inject",
    "ask_correction",
    "ask_minutes",
    "ask_resume",
    "ask_run",
    "ask_skip_reason",
    "ask_speed",
    "choose_drill_doc",
    "confirm_close_running",
    "confirm_end",
    "pick_plan_ref",
    "pick_steps",
]
