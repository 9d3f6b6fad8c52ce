"""Drill findings in the plan editor: badges in the outline, a list under the element's
editor, and closing a finding with a revision entry in the plan.

``PlanFindings`` follows one plan document. It reads the drills next to the plan
(``app.findings.linked_findings``, on a worker thread) when the plan is opened, saved
under another name or reloaded, and on ``refresh()``; it re-keys the findings by
element after every structural edit, so a badge follows its section when it moves.

Closing a finding writes the drill file at once (it is another file, saved atomically)
and, if the user wants it, adds the revision entry to the open plan through the undo
stack: the plan is saved as usual. The question is asked by ``ask_close_finding``,
a module-level function tests replace.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.findings import (
    FindingError,
    LinkedDrills,
    LinkedFinding,
    by_element,
    element_label,
    findings_under,
    linked_findings,
    next_version,
    revision_summary,
    update_in_file,
    why_not_revised,
)
from app.i18n import T, current_language
from app.model.drill import FindingSeverity, FindingStatus
from app.model.plan import Plan, Revision
from app.model.problems import Path
from app.storage.errors import StorageError
from app.ui.base import dialogs, tasks
from app.ui.document import Document

# lupdate finds translate("context", "source") calls
translate = QCoreApplication.translate


class PlanFindings(QObject):
    """The open findings of the drills that exercise one plan, keyed by element path."""

    changed = Signal()

    def __init__(self, doc: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.linked: LinkedDrills | None = None
        self._index: dict[Path, list[LinkedFinding]] = {}
        self._generation = 0
        self.loading = False
        self._rekey = QTimer(self)
        self._rekey.setSingleShot(True)
        self._rekey.setInterval(150)
        self._rekey.timeout.connect(self.reindex)
        doc.path_changed.connect(self.refresh)
        doc.model_replaced.connect(self.refresh)
        doc.structure_changed.connect(lambda *_: self._rekey.start())
        doc.value_changed.connect(self._value_changed)
        self.refresh()

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the drills next to the plan again (off the GUI thread)."""
        self._generation += 1
        generation = self._generation
        path = self.doc.path
        if path is None:
            self._set(None)
            return
        self.loading = True
        tasks.run_in_thread(
            lambda: linked_findings(path),
            lambda linked: self._loaded(generation, linked),
            lambda exc, trace: self._loaded(generation, None),
            owner=self,
        )

    def _loaded(self, generation: int, linked: LinkedDrills | None) -> None:
        if generation != self._generation:
            return  # an older read: a newer one is on its way
        self.loading = False
        self._set(linked)

    def _set(self, linked: LinkedDrills | None) -> None:
        self.linked = linked
        self.reindex()

    def _value_changed(self, path: Path) -> None:
        if path and path[-1] == "id":  # an element renamed: refs may now point elsewhere
            self._rekey.start()

    def reindex(self) -> None:
        plan: Plan = self.doc.model
        self._index = by_element(plan, self.linked.findings) if self.linked else {}
        self.changed.emit()

    # --- queries --------------------------------------------------------------------------

    def at(self, path: Path, *, nested: bool = False) -> list[LinkedFinding]:
        """Open findings on the element at ``path`` (and inside it with ``nested``)."""
        if nested:
            return findings_under(self._index, tuple(path))
        return list(self._index.get(tuple(path), []))

    def count(self) -> int:
        return sum(len(v) for v in self._index.values())


# --- the outline badge -------------------------------------------------------------------------

_ICONS: dict[tuple[int, bool], QIcon] = {}


def badge_icon(count: int, serious: bool) -> QIcon:
    """A small round badge with the number of open findings (red when one is serious)."""
    key = (min(count, 99), serious)
    icon = _ICONS.get(key)
    if icon is None:
        pixmap = QPixmap(18, 18)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor("#c62828" if serious else "#ef6c00"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(1, 1, 16, 16))
        font = QFont(painter.font())
        font.setPixelSize(10 if key[0] < 10 else 8)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, 18, 18), Qt.AlignmentFlag.AlignCenter, str(key[0]))
        painter.end()
        icon = QIcon(pixmap)
        _ICONS[key] = icon
    return icon


def describe(lf: LinkedFinding, plan: Plan | None = None, *, today: dt.date | None = None) -> str:
    """One line: F1〔严重问题·待整改〕期限 … 责任人 … ：text（演练）."""
    f = lf.finding
    today = today or dt.date.today()
    parts = [f"{f.severity.zh}·{f.status.zh}"]  # type: ignore[attr-defined]
    if f.due:
        late = translate("PlanFindings", "，已逾期") if lf.overdue(today) else ""
        parts.append(translate("PlanFindings", "期限 {due}").format(due=f.due.isoformat()) + late)
    if f.owner:
        parts.append(translate("PlanFindings", "责任人 {owner}").format(owner=f.owner))
    where = f"［{element_label(plan, f.ref)}］" if plan is not None and f.ref else ""
    return f"{f.id}〔{'，'.join(parts)}〕{where}{f.text}（{lf.drill_title}）"


# --- closing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CloseChoice:
    revise: bool  # add a revision entry to the plan
    summary: str
    bump: bool  # raise the plan's version


class CloseFindingDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        lf: LinkedFinding,
        summary: str,
        version: str,
        unrevised: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关闭问题"))
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr("将问题 {id}“{text}”标为已完成（写入演练文件 {file}）。").format(
                id=lf.finding.id, text=lf.finding.text, file=lf.drill_path.name
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.revise = QCheckBox(self.tr("在预案的修订记录中加入一条"))
        self.revise.setChecked(True)
        layout.addWidget(self.revise)
        self.summary = QLineEdit(summary)
        self.summary.setMinimumWidth(480)
        layout.addWidget(self.summary)
        self.bump = QCheckBox(
            self.tr("版本号升为 {new}（现为 {old}）").format(new=next_version(version), old=version)
        )
        layout.addWidget(self.bump)
        self.revise.toggled.connect(self.summary.setEnabled)
        self.revise.toggled.connect(self.bump.setEnabled)
        if unrevised:  # a revision entry would claim a change the plan does not show
            self.revise.setChecked(False)
            self.revise.setEnabled(False)
            self.unrevised = QLabel(
                unrevised + self.tr("。要记入修订记录，请先在预案中修改该内容。")
            )
            self.unrevised.setWordWrap(True)
            layout.insertWidget(layout.indexOf(self.revise) + 1, self.unrevised)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_close_finding(
    parent: QWidget | None,
    lf: LinkedFinding,
    summary: str,
    version: str,
    plan: Plan | None = None,
) -> CloseChoice | None:
    """Ask how to close a finding; None when cancelled. Tests replace this function."""
    refused = why_not_revised(plan, lf.finding) if plan is not None else None
    unrevised = refused.text(current_language()) if refused is not None else ""
    dialog = CloseFindingDialog(parent, lf, summary, version, unrevised)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return CloseChoice(
        dialog.revise.isChecked(), dialog.summary.text().strip(), dialog.bump.isChecked()
    )


REVISE_IN_EDITOR = T(
    "请先在预案中修改该内容再关闭；只关闭问题而不记修订，请取消“在预案的修订记录中加入一条”",
    "Revise the element in the plan first; to close without a revision entry, untick "
    "'add a revision entry'",
)


def close_finding_in_plan(
    doc: Document, lf: LinkedFinding, choice: CloseChoice, *, today: dt.date | None = None
) -> Revision | None:
    """Close ``lf`` in its drill file; with ``choice.revise`` add the revision entry to
    the open plan as one undoable step. Raises StorageError (FindingError, SaveError,
    LoadError) before changing the plan when the drill file cannot be written, and
    FindingError before anything when the element was not revised."""
    plan: Plan = doc.model
    if choice.revise:
        refused = why_not_revised(plan, lf.finding)
        if refused is not None:
            raise FindingError(refused, hint=REVISE_IN_EDITOR)
    update_in_file(lf.drill_path, lf.finding.id, status=FindingStatus.CLOSED)
    if not choice.revise:
        return None
    version = next_version(plan.meta.version) if choice.bump else plan.meta.version
    revision = Revision(
        version=version,
        date=today or dt.date.today(),
        summary=choice.summary or revision_summary(plan, lf.drill_title, lf.finding),
    )
    with doc.macro(translate("PlanFindings", "关闭问题 {id} 并记录修订").format(id=lf.finding.id)):
        history = ("meta", "revision_history")
        doc.insert_item(history, len(doc.get(history)), revision)
        if version != plan.meta.version:
            doc.set_value(("meta", "version"), version)
    return revision


# --- the list under the element's editor -----------------------------------------------------


class FindingsPanel(QWidget):
    """The open findings of the element shown above it, with their actions."""

    def __init__(self, findings: PlanFindings, editor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.findings = findings
        self.editor = editor
        self.path: Path = ()
        self.nested = False
        self.heading = QLabel()
        self.heading.setObjectName("pageHint")
        self.list = QListWidget()
        # room for about three findings: the element's editor keeps the space
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 4 + 10)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.go_to())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.go_button = QPushButton()
        self.go_button.clicked.connect(self.go_to)
        self.progress_button = QPushButton()
        self.progress_button.clicked.connect(self.mark_in_progress)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close_current)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(findings.refresh)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.go_button, self.progress_button, self.close_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.status)
        findings.changed.connect(self.fill)
        self.retranslate()
        self.fill()

    def retranslate(self) -> None:
        self.go_button.setText(self.tr("定位"))
        self.go_button.setToolTip(self.tr("在编辑器中显示该问题涉及的预案内容"))
        self.progress_button.setText(self.tr("设为整改中"))
        self.close_button.setText(self.tr("关闭问题…"))
        self.close_button.setToolTip(self.tr("整改已完成：在演练文件中关闭，可在修订记录中加一条"))
        self.refresh_button.setText(self.tr("刷新"))
        self.refresh_button.setToolTip(self.tr("重新读取预案所在文件夹中的演练文件"))
        self.fill()

    def show_for(self, path: Path, *, nested: bool) -> None:
        self.path, self.nested = tuple(path), nested
        self.status.clear()
        self.fill()

    def items(self) -> list[LinkedFinding]:
        return self.findings.at(self.path, nested=self.nested) if self.path else []

    def fill(self) -> None:
        found = self.items()
        self.list.clear()
        plan = self.findings.doc.model
        for lf in found:
            item = QListWidgetItem(describe(lf, plan))
            if lf.finding.severity is FindingSeverity.SERIOUS or lf.overdue(dt.date.today()):
                item.setForeground(QColor("#c62828"))
            self.list.addItem(item)
        self.heading.setText(self.tr("演练发现的待整改问题（{n} 项）").format(n=len(found)))
        if found:
            self.list.setCurrentRow(0)
        self.setVisible(bool(found) or bool(self.status.text()))
        self._update_buttons()

    def current(self) -> LinkedFinding | None:
        row = self.list.currentRow()
        found = self.items()
        return found[row] if 0 <= row < len(found) else None

    def _update_buttons(self) -> None:
        lf = self.current()
        self.go_button.setEnabled(lf is not None and bool(lf.finding.ref))
        self.close_button.setEnabled(lf is not None)
        self.progress_button.setEnabled(lf is not None and lf.finding.status is FindingStatus.OPEN)

    def go_to(self) -> None:
        from app.findings import ref_path

        lf = self.current()
        if lf is None or not lf.finding.ref:
            return
        path = ref_path(self.findings.doc.model, lf.finding.ref)
        if path is not None:
            self.editor.select_path(path)

    def _failed(self, exc: StorageError) -> None:
        dialogs.show_error(
            self, self.tr("无法修改演练文件"), exc.text(current_language()), exc.location()
        )

    def mark_in_progress(self) -> None:
        lf = self.current()
        if lf is None:
            return
        try:
            update_in_file(lf.drill_path, lf.finding.id, status=FindingStatus.IN_PROGRESS)
        except StorageError as exc:
            self._failed(exc)
            return
        self.status.setText(self.tr("问题 {id} 已设为整改中。").format(id=lf.finding.id))
        self.findings.refresh()
        self.findings.doc.schedule_check(0)  # the problems dock reads the drill file too

    def close_current(self) -> None:
        lf = self.current()
        if lf is None:
            return
        plan: Plan = self.findings.doc.model
        summary = revision_summary(plan, lf.drill_title, lf.finding)
        choice = ask_close_finding(self, lf, summary, plan.meta.version, plan)
        if choice is None:
            return
        try:
            revision = close_finding_in_plan(self.findings.doc, lf, choice)
        except (StorageError, FindingError) as exc:
            self._failed(exc)
            return
        if revision is not None:
            self.status.setText(
                self.tr(
                    "问题 {id} 已关闭；修订记录已加入预案（版本 {version}），保存预案后生效。"
                ).format(id=lf.finding.id, version=revision.version)
            )
        else:
            self.status.setText(self.tr("问题 {id} 已关闭。").format(id=lf.finding.id))
        self.findings.refresh()
        self.findings.doc.schedule_check(0)


__all__ = [
    "CloseChoice",
    "FindingsPanel",
    "PlanFindings",
    "ask_close_finding",
    "badge_icon",
    "close_finding_in_plan",
    "describe",
]
