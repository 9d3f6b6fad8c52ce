"""The library window's modal interactions, as small functions tests can replace.

Callers use ``library_dialogs.ask_work_plan(...)`` through the module, so that
``monkeypatch.setattr(library_dialogs, "ask_work_plan", fake)`` works (as for
``app.ui.base.dialogs``, which the library window also uses for files and messages).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

translate = QCoreApplication.translate


class WorkPlanDialog(QDialog):
    """Which year, and which unit heads the document."""

    def __init__(self, year: int, unit: str, plans: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("library_dialogs", "年度工作计划"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.unit = QLineEdit(unit)
        self.unit.setMinimumWidth(320)
        self.unit.setPlaceholderText(translate("library_dialogs", "例如：示范化工有限公司"))
        hint = QLabel(
            translate(
                "library_dialogs",
                "根据预案库中 {n} 项预案的演练和评估期限，生成公文格式的"
                "“××年度应急演练和预案修订工作计划”（Word）。",
            ).format(n=plans)
        )
        hint.setWordWrap(True)
        hint.setObjectName("pageHint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            translate("library_dialogs", "导出…")
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            translate("library_dialogs", "取消")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(hint)
        form.addRow(translate("library_dialogs", "年度(&Y)："), self.year)
        form.addRow(translate("library_dialogs", "单位名称(&U)："), self.unit)
        form.addRow(buttons)


def ask_work_plan(
    parent: QWidget | None, year: int, unit: str, plans: int
) -> tuple[int, str] | None:
    """(year, unit) for the annual work plan, or None if cancelled."""
    dialog = WorkPlanDialog(year, unit, plans, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.year.value(), dialog.unit.text().strip()
