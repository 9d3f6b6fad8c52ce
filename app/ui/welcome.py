"""The first page users see, whenever no document is open.

It offers what a first run needs: start a plan (blank or from a template), open a file,
open the bundled samples (the plan and the sample drills), the recently opened files,
and the UI language, switched live. The window (``MainWindow``) does the work; this
page only asks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.i18n import current_language
from app.paths import sample_drills, sample_plan
from app.ui.document import document_types

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

PATH_ROLE = Qt.ItemDataRole.UserRole

STYLE = """
QPushButton#welcomeLink { text-align: left; border: 1px solid transparent; border-radius: 4px;
    background: transparent; }
QPushButton#welcomeLink:hover { background: #e8f0fe; border-color: #c6dafc; }
QPushButton#welcomeLink:pressed { background: #d2e3fc; }
QPushButton#welcomeLink:focus { border-color: #8ab4f8; }
QLabel#linkTitle { color: #174ea6; font-weight: 600; }
QPushButton#welcomeSmallLink { color: #174ea6; border: none; padding: 2px 4px; }
QPushButton#welcomeSmallLink:hover { text-decoration: underline; }
QLabel#linkHint, QLabel#recentFolder { color: #5f6368; }
QListWidget#welcomeRecent, QScrollArea, QWidget#welcomeContent { background: transparent; }
QListWidget#welcomeRecent::item { border-radius: 4px; }
QListWidget#welcomeRecent::item:hover { background: #e8f0fe; }
QListWidget#welcomeRecent::item:selected { background: #d2e3fc; }
"""


class LinkButton(QPushButton):
    """A flat button with a title and a grey line under it (what it does)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeLink")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel()
        self.title.setObjectName("linkTitle")
        self.hint = QLabel()
        self.hint.setObjectName("linkHint")
        self.hint.setWordWrap(True)
        for label in (self.title, self.hint):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_texts(self, title: str, hint: str) -> None:
        self.title.setText(title)
        self.hint.setText(hint)
        self.setAccessibleName(title)
        self.setAccessibleDescription(hint)
        self.updateGeometry()

    def text(self) -> str:  # type: ignore[override]
        return self.title.text()

    def sizeHint(self) -> QSize:
        hint = self.layout().sizeHint()
        return QSize(max(hint.width(), 240), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class RecentItem(QWidget):
    """A recent file: its name, and its folder in grey."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        name = QLabel(path.name)
        folder = QLabel(str(path.parent))
        folder.setObjectName("recentFolder")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(0)
        layout.addWidget(name)
        layout.addWidget(folder)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".plan.yaml", ".drill.yaml", ".yaml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def openable_samples() -> list[Path]:
    """The sample plan, then the sample drills the window can open (a drill needs the
    drill document type, registered by the drill console)."""
    suffixes = tuple(t.suffix for t in document_types())
    return [
        p for p in [sample_plan(), *sample_drills()] if p.is_file() and p.name.endswith(suffixes)
    ]


class WelcomePage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("welcomePage")
        self.setStyleSheet(STYLE)
        self._window = window
        self._opening = False

        self.icon = QLabel()
        self.icon.setPixmap(window.windowIcon().pixmap(QSize(64, 64)))
        self.title = QLabel()
        self.title.setObjectName("welcomeTitle")
        self.version = QLabel()
        self.version.setObjectName("pageHint")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageHint")
        self.subtitle.setWordWrap(True)
        heading = QGridLayout()
        heading.setHorizontalSpacing(16)
        heading.addWidget(self.icon, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.title, 0, 1)
        heading.addWidget(self.version, 1, 1)
        heading.setColumnStretch(1, 1)

        # start: new, from template, open, the samples
        self.start_label = QLabel()
        self.start_label.setObjectName("welcomeHeading")
        self.new_button = LinkButton()
        self.template_button = LinkButton()
        self.open_button = LinkButton()
        self.new_button.clicked.connect(lambda: window.new_plan())
        self.template_button.clicked.connect(lambda: window.new_from_template())
        self.open_button.clicked.connect(lambda: window.open_dialog())
        self.samples_label = QLabel()
        self.samples_label.setObjectName("welcomeHeading")
        self.sample_buttons: list[tuple[LinkButton, Path]] = []
        for path in openable_samples():
            button = LinkButton()
            button.clicked.connect(lambda _=False, p=path: self.open_sample(p))
            self.sample_buttons.append((button, path))
        start = QVBoxLayout()
        start.setSpacing(2)
        start.addWidget(self.start_label)
        for button in (self.new_button, self.template_button, self.open_button):
            start.addWidget(button)
        start.addSpacing(12)
        start.addWidget(self.samples_label)
        for button, _ in self.sample_buttons:
            start.addWidget(button)
        start.addStretch(1)
        self.samples_label.setVisible(bool(self.sample_buttons))

        # recent files
        self.recent_label = QLabel()
        self.recent_label.setObjectName("welcomeHeading")
        self.recent = QListWidget()
        self.recent.setObjectName("welcomeRecent")
        self.recent.setFrameShape(QFrame.Shape.NoFrame)
        self.recent.setSpacing(1)
        self.recent.setMinimumWidth(360)
        self.recent.itemClicked.connect(self._open_item)
        self.recent.itemActivated.connect(self._open_item)
        self.recent_empty = QLabel()
        self.recent_empty.setObjectName("pageHint")
        self.recent_empty.setWordWrap(True)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("welcomeSmallLink")
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.setFlat(True)
        self.clear_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.clear_button.clicked.connect(window.clear_recent_files)
        recent_head = QHBoxLayout()
        recent_head.addWidget(self.recent_label)
        recent_head.addStretch(1)
        recent_head.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignBottom)
        recent = QVBoxLayout()
        recent.setSpacing(4)
        recent.addLayout(recent_head)
        recent.addWidget(self.recent)
        recent.addWidget(self.recent_empty)
        recent.addStretch(1)

        columns = QHBoxLayout()
        columns.setSpacing(40)
        columns.addLayout(start, 2)
        columns.addLayout(recent, 3)

        # language, applied at once
        self.language_label = QLabel()
        self.zh_button = QPushButton("中文（简体）")
        self.en_button = QPushButton("English")
        self.language_buttons = QButtonGroup(self)
        self.language_buttons.setExclusive(True)
        for button, lang in ((self.zh_button, "zh"), (self.en_button, "en")):
            button.setCheckable(True)
            button.setProperty("lang", lang)
            self.language_buttons.addButton(button)
            button.clicked.connect(lambda _=False, lang=lang: self._choose_language(lang))
        language = QHBoxLayout()
        language.addWidget(self.language_label)
        language.addWidget(self.zh_button)
        language.addWidget(self.en_button)
        language.addStretch(1)

        body = QWidget()
        body.setMaximumWidth(980)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(32, 24, 32, 24)
        inner.addLayout(heading)
        inner.addSpacing(6)
        inner.addWidget(self.subtitle)
        inner.addSpacing(18)
        inner.addLayout(columns)
        inner.addSpacing(24)
        inner.addLayout(language)
        inner.addStretch(1)
        page = QWidget()
        page.setObjectName("welcomeContent")
        centred = QHBoxLayout(page)
        centred.addStretch(1)
        centred.addWidget(body, 8)
        centred.addStretch(1)
        centred.setContentsMargins(0, 16, 0, 0)
        # a small window (a laptop, a projector) scrolls instead of growing
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("PlanDrill 应急预案与演练工作台"))
        self.version.setText(self.tr("版本 {version}").format(version=__version__))
        self.subtitle.setText(
            self.tr(
                "新建或打开一个预案开始工作；也可以把 .plan.yaml 文件拖到此窗口。"
                "第一次使用，可以先打开示例看看。"
            )
        )
        self.start_label.setText(self.tr("开始"))
        self.new_button.set_texts(
            self.tr("新建空白预案…"), self.tr("选择预案类型，按标准要素生成提纲")
        )
        self.template_button.set_texts(
            self.tr("从模板新建…"), self.tr("从适合本单位的预案模板开始，填写几项信息")
        )
        self.open_button.set_texts(self.tr("打开…"), self.tr("打开 .plan.yaml 预案文件"))
        self.samples_label.setText(self.tr("示例"))
        for button, path in self.sample_buttons:
            if path.name.endswith(".drill.yaml"):
                button.set_texts(
                    self.tr("示例演练：{name}").format(name=_stem(path)),
                    self.tr("与示例预案配套的演练"),
                )
            else:
                button.set_texts(
                    self.tr("示例预案：{name}").format(name=_stem(path)),
                    self.tr("一份填写完整的预案，可以随意查看、修改和导出"),
                )
            button.setToolTip(
                self.tr("示例文件不会被改动：保存时会请您另选位置。") + "\n" + str(path)
            )
        self.recent_label.setText(self.tr("最近打开"))
        self.recent_empty.setText(self.tr("还没有最近打开的文件。打开或保存过的预案会列在这里。"))
        self.clear_button.setText(self.tr("清除列表"))
        self.language_label.setText(self.tr("界面语言："))
        lang = current_language()
        self.zh_button.setChecked(lang == "zh")
        self.en_button.setChecked(lang == "en")

    def fill_recent(self, files: list[str]) -> None:
        self.recent.clear()
        for path in files:
            p = Path(path)
            item = QListWidgetItem()
            item.setData(PATH_ROLE, path)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, p.name)
            item.setToolTip(path)
            widget = RecentItem(p)
            item.setSizeHint(widget.sizeHint())
            self.recent.addItem(item)
            self.recent.setItemWidget(item, widget)
        height = sum(self.recent.sizeHintForRow(r) + 2 for r in range(self.recent.count()))
        self.recent.setFixedHeight(height + 2 * self.recent.frameWidth() + 4)
        self.recent.setVisible(bool(files))
        self.clear_button.setVisible(bool(files))
        self.recent_empty.setVisible(not files)

    def recent_paths(self) -> list[str]:
        return [self.recent.item(i).data(PATH_ROLE) for i in range(self.recent.count())]

    # --- actions --------------------------------------------------------------------------

    def _open_item(self, item: QListWidgetItem) -> None:
        # a double click delivers clicked and activated: open once
        if self._opening or not self.isVisible():
            return
        self._opening = True
        try:
            self._window.open_recent(item.data(PATH_ROLE))
        finally:
            self._opening = False

    def open_sample(self, path: Path) -> bool:
        return self._window.open_sample(path)

    def _choose_language(self, lang: str) -> None:
        if lang != current_language():
            self._window.set_language(lang)
