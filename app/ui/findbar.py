"""Find across the whole document (Ctrl+F): section text and table cells alike; and
Replace (Ctrl+H): the current hit, or every hit as one undo step. Ids are never
replaced (references would break)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QToolButton, QWidget

from app.i18n import current_language
from app.model.problems import Path
from app.model.prose import escape
from app.ui.document import Document
from app.ui.locations import describe_path
from app.ui.search import Hit, find_hits, is_free_text


class FindBar(QWidget):
    """A search field with previous/next; the window jumps to the hits it emits.

    Signals:
        hit_selected(path, start, end): show this hit.
    """

    hit_selected = Signal(object, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self.hits: list[Hit] = []
        self.current = -1
        self._edits = -1
        self._needle = ""
        self.label = QLabel()
        self.field = QLineEdit()
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(240)
        self.previous = QToolButton()
        self.next = QToolButton()
        self.previous.setArrowType(Qt.ArrowType.UpArrow)
        self.next.setArrowType(Qt.ArrowType.DownArrow)
        self.count = QLabel()
        self.where = QLabel()
        self.where.setObjectName("pageHint")
        self.replace_label = QLabel()
        self.replace_field = QLineEdit()
        self.replace_field.setClearButtonEnabled(True)
        self.replace_field.setMinimumWidth(160)
        self.replace_one = QToolButton()
        self.replace_all = QToolButton()
        self.replace_one.clicked.connect(self.replace_current)
        self.replace_all.clicked.connect(self.replace_everything)
        self.replace_field.returnPressed.connect(self.replace_current)
        self._replace_widgets = (
            self.replace_label,
            self.replace_field,
            self.replace_one,
            self.replace_all,
        )
        for widget in self._replace_widgets:
            widget.hide()
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addWidget(self.count)
        for widget in self._replace_widgets:
            layout.addWidget(widget)
        layout.addWidget(self.where, 1)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._search)
        self.field.textChanged.connect(lambda _: self._timer.start())
        self.field.returnPressed.connect(self._return_pressed)
        self.previous.clicked.connect(self.find_previous)
        self.next.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("查找："))
        self.field.setPlaceholderText(self.tr("在章节正文和各表格中查找"))
        keys_next = QKeySequence(QKeySequence.StandardKey.FindNext).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        keys_prev = QKeySequence(QKeySequence.StandardKey.FindPrevious).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.next.setToolTip(self.tr("下一个（{keys}）").format(keys=keys_next or "Enter"))
        self.previous.setToolTip(
            self.tr("上一个（{keys}）").format(keys=keys_prev or "Shift+Enter")
        )
        self.close_button.setToolTip(self.tr("关闭查找栏（Esc）"))
        self.replace_label.setText(self.tr("替换为："))
        self.replace_one.setText(self.tr("替换"))
        self.replace_one.setToolTip(self.tr("替换当前结果，并跳到下一个"))
        self.replace_all.setText(self.tr("全部替换"))
        self.replace_all.setToolTip(self.tr("替换全部结果（编号除外）；一次撤销即可全部恢复"))
        self._show_count()

    def set_document(self, doc: Document | None) -> None:
        self.doc = doc
        self.hits = []
        self.current = -1
        self._edits = -1
        self._show_count()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def open_replace(self) -> None:
        for widget in self._replace_widgets:
            widget.show()
        self.open_bar()

    def close_bar(self) -> None:
        self.hide()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _return_pressed(self) -> None:
        from PySide6.QtWidgets import QApplication

        if QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find_previous()
        else:
            self.find_next()

    def _refresh(self) -> None:
        """Search again if the text or the document changed since the last search."""
        needle = self.field.text()
        if self.doc is None:
            self.hits = []
            return
        if needle != self._needle or self.doc.edits != self._edits:
            self._needle = needle
            self._edits = self.doc.edits
            self.hits = find_hits(self.doc.model, needle)
            if self.current >= len(self.hits):
                self.current = -1

    def _search(self) -> None:
        self.current = -1
        self._refresh()
        self._show_count()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        self._timer.stop()
        self._refresh()
        if not self.hits:
            self._show_count()
            return
        if self.current < 0:
            self.current = 0 if delta > 0 else len(self.hits) - 1
        else:
            self.current = (self.current + delta) % len(self.hits)
        hit = self.hits[self.current]
        self._show_count()
        self.hit_selected.emit(hit.path, hit.start, hit.end)

    # -- replace --

    def _replaceable(self) -> list[Hit]:
        self._refresh()
        return [
            h for h in self.hits if self.doc is not None and is_free_text(self.doc.model, h.path)
        ]

    def _replacement(self, path: Path) -> str:
        text = self.replace_field.text()
        return escape(text) if path and path[-1] == "body" else text  # bodies are Markdown

    def replace_current(self) -> None:
        """Replace the hit shown (or show the first one), then go to the next."""
        if self.doc is None:
            return
        hit = self.current_hit()
        self._refresh()
        if hit is None or hit not in self.hits or not is_free_text(self.doc.model, hit.path):
            self.find_next()
            return
        value = self.doc.get(hit.path)
        new = value[: hit.start] + self._replacement(hit.path) + value[hit.end :]
        self.doc.close_burst()
        self.doc.set_value(hit.path, new, text=self.tr("替换"))
        self.current -= 1  # the hits move up by one: step onto the next
        self._refresh()
        self._step(1)

    def replace_everything(self) -> int:
        """Replace every hit in one undo step; returns how many."""
        if self.doc is None:
            return 0
        hits = self._replaceable()
        if not hits:
            self._show_count()
            return 0
        by_path: dict[Path, list[Hit]] = {}
        for hit in hits:
            by_path.setdefault(hit.path, []).append(hit)
        self.doc.close_burst()
        with self.doc.macro(
            self.tr("全部替换“{a}”为“{b}”").format(a=self.field.text(), b=self.replace_field.text())
        ):
            for path, group in by_path.items():
                value = self.doc.get(path)
                repl = self._replacement(path)
                for hit in sorted(group, key=lambda h: h.start, reverse=True):
                    value = value[: hit.start] + repl + value[hit.end :]
                self.doc.set_value(path, value)
        self.current = -1
        self._refresh()
        self._show_count()
        self.where.setText(self.tr("已替换 {n} 处").format(n=len(hits)))
        return len(hits)

    def current_hit(self) -> Hit | None:
        return self.hits[self.current] if 0 <= self.current < len(self.hits) else None

    def _show_count(self) -> None:
        if not self.field.text():
            self.count.setText("")
            self.where.setText("")
            return
        if not self.hits:
            self.count.setText(self.tr("无结果"))
            self.where.setText("")
            return
        position = self.current + 1 if self.current >= 0 else 0
        self.count.setText(
            self.tr("{i}/{n}").format(i=position, n=len(self.hits))
            if position
            else self.tr("共 {n} 处").format(n=len(self.hits))
        )
        hit = self.current_hit()
        if hit is not None and self.doc is not None:
            self.where.setText(describe_path(self.doc.model, hit.path, current_language()))
        else:
            self.where.setText("")


__all__ = ["FindBar", "Path"]
