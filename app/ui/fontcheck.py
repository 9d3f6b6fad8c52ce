"""Which export fonts this machine has, and a one-time notice when some are missing.

The fonts are those of the export's style sheet (``app.fonts``). A missing font does
not spoil the document: it still names the font, so it looks right on the reviewer's
or the filing office's machine; only this machine's Word or WPS shows a stand-in. So
the notice is an info bar the user can close, shown once (remembered in the settings)
and again only if another font goes missing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QWidget

from app.fonts import MissingFont, family_checker, missing_fonts
from app.i18n import current_language
from app.ui.base.settings import Preferences


def font_checker() -> Callable[[str], bool]:
    """``has_family(name)`` for the fonts installed here (tests replace this)."""
    listed = family_checker(QFontDatabase.families())
    # hasFamily also knows the other-language name of a font (宋体 / SimSun on Windows)
    return lambda name: listed(name) or QFontDatabase.hasFamily(name)


def missing_here() -> list[MissingFont]:
    return missing_fonts(font_checker())


class FontNotice(QFrame):
    """An info bar above the page: which fonts are missing, and why that is all right."""

    # "查看字体…": the window shows its font list (Help → About)
    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fontNotice")
        self.setStyleSheet(
            "QFrame#fontNotice { background: #fff8e1; border-bottom: 1px solid #f0d58c; }"
        )
        self.missing: list[MissingFont] = []
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size)
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton()
        self.details_button.clicked.connect(self.details_requested)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_missing(self, missing: list[MissingFont]) -> None:
        self.missing = list(missing)
        self.retranslate()
        self.show()

    def describe_missing(self) -> str:
        """Each missing font, with what this machine shows instead when it has that."""
        parts = []
        for item in self.missing:
            if item.substitute:
                parts.append(
                    self.tr("{font}（本机显示为{substitute}）").format(
                        font=item.font.name, substitute=item.substitute
                    )
                )
            else:
                parts.append(item.font.name)
        return ("、" if current_language() == "zh" else ", ").join(parts)

    def retranslate(self) -> None:
        self.details_button.setText(self.tr("查看字体…"))
        self.close_button.setText(self.tr("知道了"))
        if not self.missing:
            self.text.setText("")
            return
        self.text.setText(
            self.tr("本机缺少导出的 Word 文档所用的字体：{fonts}。").format(
                fonts=self.describe_missing()
            )
            + "\n"
            + self.tr(
                "这不影响导出：文档仍然指定这些字体，在装有它们的电脑上（如评审、备案单位）"
                "显示正确；本机的 Word、WPS 暂用仿宋、楷体等常见字体代替。"
            )
        )


def warn_missing_fonts(
    prefs: Preferences, notice: FontNotice, missing: list[MissingFont] | None = None
) -> bool:
    """Show the notice if a font is missing that the user was not yet told about."""
    if missing is None:
        missing = missing_here()
    names = {m.font.name for m in missing}
    told = set(prefs.fonts_warned)
    if not names - told:
        return False
    prefs.fonts_warned = sorted(names | told)
    notice.show_missing(missing)
    return True
