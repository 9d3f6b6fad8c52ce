"""New from template: pick a starter plan, fill in its blanks, get a new plan.

The templates and their rendering are ``app.storage.templates`` (the same as
``python -m app new``); this is only the asking.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.i18n import current_language
from app.model.drill import Drill
from app.model.plan import Plan
from app.storage.templates import (
    TemplateDoc,
    TemplateError,
    TemplateInfo,
    render_drill,
    render_template,
    scan_templates,
)
from app.ui.base import dialogs
from app.ui.base.settings import user_templates_dir

_INFO = Qt.ItemDataRole.UserRole


class ChoosePage(QWizardPage):
    def __init__(
        self,
        templates: list[TemplateInfo],
        problems: list[TemplateError],
        own_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.templates = templates
        self.own_folder = own_folder
        # where the user's own templates go, with a link that opens the folder
        self.own = QLabel()
        self.own.setObjectName("pageHint")
        self.own.setWordWrap(True)
        self.own.setTextFormat(Qt.TextFormat.RichText)
        self.own.linkActivated.connect(self._open_own_folder)
        self.own.setVisible(own_folder is not None)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("pageHint")
        self.description.setMinimumHeight(48)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setVisible(bool(problems))
        self.problem_list = problems
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.problems)
        layout.addWidget(self.own)
        self.list.currentItemChanged.connect(self._changed)
        self.list.itemDoubleClicked.connect(lambda _: self.wizard().next())
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        self.setTitle(self.tr("选择模板"))
        self.setSubTitle(self.tr("从适合本单位的预案模板开始，之后可以自由修改。"))
        current = self.list.currentRow()
        self.list.clear()
        for info in self.templates:
            item = QListWidgetItem(f"{info.title.text(lang)}    （{info.kind_text(lang)}）")
            item.setData(_INFO, info)
            item.setToolTip(str(info.path))
            self.list.addItem(item)
        self.list.setCurrentRow(max(0, current))
        if self.own_folder is not None:
            text = self.tr("自己的模板（*.plan-template.yaml）放在 {folder}，下次打开时列出。")
            link = self.tr("打开文件夹")
            folder = html.escape(str(self.own_folder))
            self.own.setText(
                f'{html.escape(text).format(folder=folder)}<br><a href="open">{link}</a>'
            )
        if self.problem_list:
            self.problems.setText(
                self.tr("有 {n} 个模板文件无法使用，已略过：").format(n=len(self.problem_list))
                + "\n"
                + "\n".join(f"{e.location()}: {e.text(lang)}" for e in self.problem_list[:5])
            )

    def _open_own_folder(self, _link: str = "") -> None:
        if self.own_folder is not None:
            dialogs.open_folder(str(self.own_folder))

    def info(self) -> TemplateInfo | None:
        item = self.list.currentItem()
        return item.data(_INFO) if item is not None else None

    def _changed(self, *_: object) -> None:
        info = self.info()
        self.description.setText(info.description.text(current_language()) if info else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.info() is not None


class ValuesPage(QWizardPage):
    """One field per template variable; empty fields keep the template's default."""

    def __init__(self, choose: ChoosePage) -> None:
        super().__init__()
        self.choose = choose
        self.fields: dict[str, QLineEdit] = {}
        self.plan: Plan | Drill | None = None
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form_host)
        self.examples = QPushButton()
        self.examples.clicked.connect(self.fill_examples)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.examples, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("填写模板信息"))
        self.setSubTitle(
            self.tr(
                "留空的项保留模板中的“【待填写】”标记，检查会提示您稍后补上。带 * 的项必须填写。"
            )
        )
        self.examples.setText(self.tr("用示例值填充"))

    def initializePage(self) -> None:
        info = self.choose.info()
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        self.error.setText("")
        if info is None:
            return
        lang = current_language()
        for var in info.variables:
            edit = QLineEdit()
            if var.example:
                edit.setPlaceholderText(self.tr("例：{example}").format(example=var.example))
            elif var.type == "date":
                edit.setPlaceholderText(self.tr("日期，如 2026-03-15 或 2026年3月15日"))
            tip = [var.help or ""]
            if var.default:
                tip.append(self.tr("留空时为：{default}").format(default=var.default))
            edit.setToolTip("\n".join(t for t in tip if t))
            edit.textChanged.connect(lambda _: self.completeChanged.emit())
            label = var.label.text(lang) + (" *" if var.required else "")
            self.form.addRow(label + ("：" if lang != "en" else ":"), edit)
            self.fields[var.name] = edit

    def fill_examples(self) -> None:
        info = self.choose.info()
        if info is None:
            return
        for var in info.variables:
            if var.example is not None and not self.fields[var.name].text().strip():
                self.fields[var.name].setText(var.example)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items() if edit.text().strip()}

    def isComplete(self) -> bool:
        info = self.choose.info()
        if info is None:
            return False
        return all(self.fields[v.name].text().strip() for v in info.variables if v.required)

    def validatePage(self) -> bool:
        info = self.choose.info()
        if info is None:
            return False
        render = render_drill if info.doc is TemplateDoc.DRILL else render_template
        try:
            self.plan = render(info.id, self.values(), extra_dirs=_extra(info))
        except TemplateError as exc:
            lang = current_language()
            # a value's problem names the field by its label; the variable's name and the
            # command-line hint are for template authors
            self.error.setText(exc.message.text(lang) if exc.variable else exc.text(lang))
            return False
        return True


def _extra(info: TemplateInfo) -> list[str]:
    return [] if info.builtin else [str(info.path.parent)]


class TemplateWizard(QWizard):
    def __init__(
        self,
        templates: list[TemplateInfo],
        problems: list[TemplateError] | None = None,
        parent: QWidget | None = None,
        own_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.choose = ChoosePage(templates, problems or [], own_folder)
        self.values_page = ValuesPage(self.choose)
        self.addPage(self.choose)
        self.addPage(self.values_page)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(640, 520)
        self.setWindowTitle(self.tr("从模板新建预案"))

    @property
    def plan(self) -> Plan | Drill | None:
        """The new plan, or the new drill from a drill template."""
        return self.values_page.plan


# The modal openers, replaceable by tests like those of ``app.ui.base.dialogs``.


def template_wizard(parent: QWidget | None) -> TemplateWizard:
    """The wizard over the built-in plan and drill templates and the user's own folder."""
    own = user_templates_dir()
    templates, problems = scan_templates([own] if own.is_dir() else [], doc=None)
    return TemplateWizard(templates, problems, parent, own_folder=own)


def new_from_template(parent: QWidget | None) -> Plan | Drill | None:
    """The template wizard (plans and drills); the new document, or None if cancelled."""
    wizard = template_wizard(parent)
    if wizard.exec() != wizard.DialogCode.Accepted:
        return None
    return wizard.plan
