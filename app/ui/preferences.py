"""The preferences dialog: language, autosave interval, default export folder."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.base import dialogs
from app.ui.base.settings import PrefValues


class PreferencesDialog(QDialog):
    def __init__(self, values: PrefValues, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox()
        self.language.addItem("中文（简体）", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(1 if values.language == "en" else 0)
        self.autosave = QSpinBox()
        self.autosave.setRange(0, 3600)
        self.autosave.setValue(values.autosave_seconds)
        self.export_folder = QLineEdit(values.export_folder)
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.export_folder, 1)
        folder_row.addWidget(self.browse)
        self.language_label = QLabel()
        self.autosave_label = QLabel()
        self.folder_label = QLabel()
        self.form = QFormLayout()
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.autosave_label, self.autosave)
        self.form.addRow(self.folder_label, folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.retranslate()
        self.setMinimumWidth(460)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("首选项"))
        self.language_label.setText(self.tr("界面语言："))
        self.autosave_label.setText(self.tr("自动保存间隔："))
        self.autosave.setSuffix(self.tr(" 秒"))
        self.autosave.setSpecialValueText(self.tr("关闭"))
        self.autosave.setToolTip(
            self.tr("每隔多少秒把未保存的修改写入恢复文件；0 表示关闭自动保存。")
        )
        self.folder_label.setText(self.tr("默认导出文件夹："))
        self.export_folder.setPlaceholderText(self.tr("留空则导出到预案文件所在文件夹"))
        self.browse.setText(self.tr("浏览…"))

    def _browse(self) -> None:
        folder = dialogs.choose_folder(
            self, self.tr("选择默认导出文件夹"), self.export_folder.text()
        )
        if folder:
            self.export_folder.setText(folder)

    def values(self) -> PrefValues:
        return PrefValues(
            language=str(self.language.currentData()),
            autosave_seconds=self.autosave.value(),
            export_folder=self.export_folder.text().strip(),
        )


def edit_preferences(parent: QWidget | None, values: PrefValues) -> PrefValues | None:
    """The preferences dialog, modal (tests replace this); the new values, or None."""
    dialog = PreferencesDialog(values, parent)
    if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
        return None
    return dialog.values()
