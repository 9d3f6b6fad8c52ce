"""One section of the plan: its computed number, title, standard element, tables, text.

The heading number is shown, never typed: it follows the outline. The text holds
paragraphs, lists, bold, tables and pictures (``app.ui.editors.prose``). Typing is
undoable in bursts through the document's stack (the text widget's own undo is off, so
Ctrl+Z always means the document's undo).
"""

from __future__ import annotations

from pathlib import Path as PathLike

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import current_language
from app.model.kinds import rules_for
from app.model.plan import PARTS, Plan, Section
from app.model.problems import Path
from app.model.prose import plain_text
from app.ui.document import Document, try_resolve
from app.ui.editors.prose import ProseEdit
from app.ui.editors.prose_tools import ProseTools
from app.ui.fields import label_of
from app.ui.models.outline import OutlineModel, part_label


class SectionEditor(QWidget):
    def __init__(self, doc: Document, outline: OutlineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.outline = outline
        self.section: Section | None = None
        self.path: Path | None = None

        self.number = QLabel()
        self.number.setObjectName("sectionNumber")
        font = QFont(self.number.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title = QLineEdit()
        self.title.textEdited.connect(self._title_typed)
        self.title.editingFinished.connect(doc.close_burst)
        self.element = QComboBox()
        self.element.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.element.setMinimumContentsLength(28)
        self.element.activated.connect(self._element_picked)
        self.parts: dict[str, QCheckBox] = {}
        parts_box = QWidget()
        grid = QGridLayout(parts_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        for i, part in enumerate(PARTS):
            box = QCheckBox()
            box.toggled.connect(lambda on, p=part: self._part_toggled(p, on))
            self.parts[part] = box
            grid.addWidget(box, i // 5, i % 5)
        self.body = ProseEdit(doc, self._plan_folder)
        self.body.textChanged.connect(self._body_typed)
        self.tools = ProseTools(self.body)
        body_font = QFont(self.body.font())
        body_font.setPointSizeF(body_font.pointSizeF() * 1.1)
        self.body.setFont(body_font)
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)

        self.title_label = QLabel()
        self.element_label = QLabel()
        self.parts_label = QLabel()
        self.body_label = QLabel()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.title_label, self.title)
        form.addRow(self.element_label, self.element)
        form.addRow(self.parts_label, parts_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number)
        layout.addLayout(form)
        head = QHBoxLayout()
        head.addWidget(self.body_label)
        head.addStretch(1)
        head.addWidget(self.tools)
        layout.addLayout(head)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.hint)

        doc.value_changed.connect(self._on_value_changed)
        outline.modelReset.connect(self._relocate)
        outline.dataChanged.connect(self._show_number)  # numbering style, titles
        doc.model_replaced.connect(self._on_replaced)
        self.retranslate()
        self.setEnabled(False)

    @property
    def plan(self) -> Plan:
        return self.doc.model  # type: ignore[no-any-return]

    def retranslate(self) -> None:
        lang = current_language()
        colon = ":" if lang == "en" else "："
        self.title_label.setText(label_of(Section, "title").text(lang) + colon)
        self.element_label.setText(label_of(Section, "element").text(lang) + colon)
        self.parts_label.setText(label_of(Section, "insert").text(lang) + colon)
        self.body_label.setText(label_of(Section, "body").text(lang) + colon)
        self.element.setToolTip(self.tr("本章节对应标准或办法中的哪个要素；用于完整性检查"))
        for part, box in self.parts.items():
            box.setText(part_label(part).text(lang))
            box.setToolTip(self.tr("导出时在本章节正文后插入该表格"))
        self.hint.setText(
            self.tr(
                "从 Word/WPS 粘贴时保留加粗、列表和表格；图片保存在预案文件旁的 images 文件夹中。"
                "标题编号按大纲自动生成，无需输入；在左侧大纲中拖动章节可调整顺序和层级。"
            )
        )
        self.body.setPlaceholderText(self.tr("在此输入本章节正文。"))
        self.tools.retranslate()
        self._show_number()
        self._fill_elements()

    # --- binding ---------------------------------------------------------------------------

    def bind(self, section: Section | None) -> None:
        self.doc.close_burst()
        self.section = section
        self._relocate()
        self.setEnabled(section is not None)
        self._load()

    def _relocate(self, *_: object) -> None:
        node = self.outline.node_for_section(self.section) if self.section is not None else None
        self.path = self.outline.path_of(node) if node is not None else None
        if self.section is not None and self.path is None:
            self.section = None  # removed (e.g. by undo)
            self.setEnabled(False)
            self._load()
        self._show_number()

    def _on_replaced(self) -> None:
        self.bind(None)

    def _load(self) -> None:
        section = self.section
        for widget in (self.title, self.body, self.element, *self.parts.values()):
            widget.blockSignals(True)
        try:
            self.title.setText(section.title if section else "")
            self.body.set_markdown(section.body if section else "")
            for part, box in self.parts.items():
                box.setChecked(bool(section and part in section.insert))
            self._fill_elements()
        finally:
            for widget in (self.title, self.body, self.element, *self.parts.values()):
                widget.blockSignals(False)
        self._show_number()

    def _show_number(self, *_: object) -> None:
        if self.section is None:
            self.number.setText("")
            return
        number = self.outline.number(self.section)
        title = self.section.title or self.tr("（无标题）")
        sep = "" if number.endswith(("、", "）")) else " "
        self.number.setText(f"{number}{sep}{title}" if number else title)

    def _fill_elements(self) -> None:
        self.element.blockSignals(True)
        self.element.clear()
        self.element.addItem(self.tr("（未指定）"), None)
        rules = rules_for(self.plan.meta.kind)
        seen: set[str] = set()
        for element in (*rules.standard, *rules.required, *rules.appendices):
            if element.id in seen:
                continue
            seen.add(element.id)
            source = f"（{element.source}）" if element.source else ""
            self.element.addItem(f"{element.id} {element.title}{source}", element.id)
        current = self.section.element if self.section else None
        if current and self.element.findData(current) < 0:
            self.element.addItem(self.tr("⚠ {id}（本类预案无此要素）").format(id=current), current)
        found = self.element.findData(current)
        self.element.setCurrentIndex(max(0, found))
        self.element.blockSignals(False)

    # --- edits -----------------------------------------------------------------------------

    def _title_typed(self, text: str) -> None:
        if self.path is not None:
            self.doc.set_value(
                (*self.path, "title"), text, text=self.tr("修改章节标题"), merge=True
            )

    def _body_typed(self) -> None:
        if self.path is not None:
            self.doc.set_value(
                (*self.path, "body"),
                self.body.markdown(),
                text=self.tr("输入正文"),
                merge=True,
            )

    def _element_picked(self, _: int) -> None:
        if self.path is not None:
            self.doc.set_value(
                (*self.path, "element"), self.element.currentData(), text=self.tr("设置对应要素")
            )

    def _part_toggled(self, part: str, on: bool) -> None:
        if self.path is None or self.section is None:
            return
        current = list(self.section.insert)
        if on and part not in current:
            new = [p for p in PARTS if p in current or p == part]
        elif not on and part in current:
            new = [p for p in current if p != part]
        else:
            return
        self.doc.set_value((*self.path, "insert"), new, text=self.tr("设置插入的表格"))

    # --- following the document ----------------------------------------------------------------

    def _on_value_changed(self, path: Path) -> None:
        if path[:2] == ("meta", "kind"):
            self._fill_elements()
        if self.path is None or path[:-1] != self.path:
            if self.path is not None and self.path[: len(path)] == path:
                self._relocate()  # an ancestor was replaced
                self._load()
            return
        ok, value = try_resolve(self.plan, path)
        if not ok:
            return
        field = path[-1]
        if field == "body" and self.body.markdown() != value:
            self._set_body(value)
        elif field == "title":
            if self.title.text() != value and self.title.text().strip() != value:
                self.title.blockSignals(True)
                self.title.setText(value)
                self.title.blockSignals(False)
            self._show_number()
        elif field == "element":
            self._fill_elements()
        elif field == "insert":
            for part, box in self.parts.items():
                box.blockSignals(True)
                box.setChecked(part in value)
                box.blockSignals(False)

    def _plan_folder(self) -> PathLike | None:
        return self.doc.path.parent if self.doc.path is not None else None

    def _set_body(self, body: str) -> None:
        """Replace the text (undo/redo) and put the cursor where it changed."""
        old = self.body.toPlainText()
        text = plain_text(body)
        prefix = 0
        limit = min(len(old), len(text))
        while prefix < limit and old[prefix] == text[prefix]:
            prefix += 1
        suffix = 0
        while (
            suffix < limit - prefix and old[len(old) - 1 - suffix] == text[len(text) - 1 - suffix]
        ):
            suffix += 1
        self.body.blockSignals(True)
        self.body.set_markdown(text)
        self.body.blockSignals(False)
        text = self.body.toPlainText()
        cursor = self.body.textCursor()
        cursor.setPosition(max(0, len(text) - suffix))
        self.body.setTextCursor(cursor)

    # --- navigation --------------------------------------------------------------------------

    def focus(self, rest: Path, span: tuple[int, int] | None = None) -> bool:
        field = rest[0] if rest else "body"
        if field == "title":
            self.title.setFocus()
            if span:
                self.title.setSelection(span[0], span[1] - span[0])
            return True
        if field == "element":
            self.element.setFocus()
            return True
        if field == "insert":
            self.parts[PARTS[0]].setFocus()
            return True
        self.body.setFocus()
        if span and self.section is not None:
            # the span is in the stored text; find the same words in what is shown
            stored = self.section.body
            needle = stored[span[0] : span[1]]
            nth = stored[: span[0]].count(needle) if needle else 0
            shown = self.body.toPlainText().replace("\u2029", "\n")
            at = -1
            for _ in range(nth + 1):
                at = shown.find(needle, at + 1)
                if at < 0:
                    break
            if at >= 0:
                cursor = self.body.textCursor()
                cursor.setPosition(at)
                cursor.setPosition(at + len(needle), QTextCursor.MoveMode.KeepAnchor)
                self.body.setTextCursor(cursor)
                self.body.ensureCursorVisible()
        return True
