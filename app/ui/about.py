"""Help → About: the version, what it runs on, the licence, and the fonts the exports use."""

from __future__ import annotations

import platform
import sys

import PySide6
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.fonts import export_fonts, missing_fonts
from app.i18n import current_language
from app.ui import fontcheck
from app.ui.base.icons import app_icon

COL_FONT, COL_USE, COL_HERE = range(3)


def versions() -> dict[str, str]:
    """What a support request needs to know."""
    return {
        "PlanDrill": __version__,
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "Python": platform.python_version(),
        "OS": f"{platform.system()} {platform.release()}",
        "frozen": "yes" if getattr(sys, "frozen", False) else "no",
    }


def version_text() -> str:
    return "\n".join(f"{k}: {v}" for k, v in versions().items())


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(QSize(64, 64)))
        self.title = QLabel()
        self.title.setObjectName("aboutTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.version = QLabel()
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.runtime = QLabel()
        self.runtime.setObjectName("pageHint")
        self.runtime.setStyleSheet("color: #5f6368;")
        self.runtime.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.license = QLabel()
        self.license.setWordWrap(True)
        head = QGridLayout()
        head.setHorizontalSpacing(16)
        head.addWidget(icon, 0, 0, 3, 1, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.title, 0, 1)
        head.addWidget(self.version, 1, 1)
        head.addWidget(self.runtime, 2, 1)
        head.setColumnStretch(1, 1)

        self.fonts_label = QLabel()
        self.fonts_label.setStyleSheet("font-weight: 600;")
        self.fonts_hint = QLabel()
        self.fonts_hint.setWordWrap(True)
        self.fonts = QTableWidget(0, 3)
        self.fonts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fonts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.fonts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fonts.verticalHeader().hide()
        self.fonts.setWordWrap(False)
        header = self.fonts.horizontalHeader()
        header.setSectionResizeMode(COL_FONT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_USE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_HERE, QHeaderView.ResizeMode.ResizeToContents)

        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_versions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addSpacing(4)
        layout.addWidget(self.license)
        layout.addSpacing(8)
        layout.addWidget(self.fonts_label)
        layout.addWidget(self.fonts_hint)
        layout.addWidget(self.fonts)
        layout.addWidget(buttons)
        self.retranslate()
        self.setMinimumWidth(640)

    def retranslate(self) -> None:
        info = versions()
        self.setWindowTitle(self.tr("关于 PlanDrill"))
        self.title.setText(self.tr("PlanDrill 应急预案与演练工作台"))
        self.version.setText(self.tr("版本 {version}").format(version=info["PlanDrill"]))
        self.runtime.setText(
            f"Qt {info['Qt']} · PySide6 {info['PySide6']} · Python {info['Python']} · {info['OS']}"
        )
        self.license.setText(
            self.tr(
                "许可：专有软件，仅供获得授权的单位使用。"
                "本程序使用的开源组件按各自的许可证提供：Qt 与 PySide6（LGPLv3，以动态库形式"
                "随程序提供，可以替换）、python-docx、lxml、Jinja2、PyYAML、pydantic。"
            )
        )
        self.fonts_label.setText(self.tr("导出文档使用的字体"))
        self.fonts_hint.setText(
            self.tr(
                "导出的 Word 文档按 GB/T 9704 指定以下字体。本机缺少某种字体时，文档仍然指定它，"
                "在装有该字体的电脑上显示正确；本机的 Word、WPS 会暂用后备字体显示。"
            )
        )
        self.copy_button.setText(self.tr("复制版本信息"))
        if self.ok_button is not None:
            self.ok_button.setText(self.tr("确定"))
        self.fonts.setHorizontalHeaderLabels([self.tr("字体"), self.tr("用途"), self.tr("本机")])
        self._fill_fonts()

    def _fill_fonts(self) -> None:
        lang = current_language()
        missing = {m.font.name: m for m in missing_fonts(fontcheck.font_checker())}
        fonts = export_fonts()
        self.fonts.setRowCount(len(fonts))
        for row, font in enumerate(fonts):
            gap = missing.get(font.name)
            installed = gap is None
            if gap is None:
                here = self.tr("已安装")
            elif gap.substitute:
                here = self.tr("未安装，暂用{fallback}").format(fallback=gap.substitute)
            else:
                here = self.tr("未安装")
            cells = (font.name, font.uses_text(lang), here)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == COL_HERE and not installed:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.fonts.setItem(row, col, item)
        self.fonts.resizeRowsToContents()
        height = self.fonts.horizontalHeader().sizeHint().height() + 2 * self.fonts.frameWidth()
        height += sum(self.fonts.rowHeight(r) for r in range(len(fonts)))
        self.fonts.setFixedHeight(height)

    def font_rows(self) -> list[tuple[str, str, str]]:
        return [
            tuple(self.fonts.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.fonts.rowCount())
        ]

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText(version_text())


def show_about(parent: QWidget | None) -> None:
    """Help → About, modal (tests replace this)."""
    AboutDialog(parent).exec()
