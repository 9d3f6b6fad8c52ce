"""The library window's history panel (版本记录与共享): who changed what, when.

For the file selected in the library, its versions newest first (time, 修订人, release,
what changed in the plan's words) and, for the selected version, every change on a line
of its own. For the library as a whole, its latest versions. The buttons do what
``library history|release|sync|restore`` do, through the same Qt-free functions
(``app.library.history``, ``app.library.sync``), off the GUI thread:

* 开启版本记录 (a folder without versions), 同步 (with the conflict view when two
  people changed the same thing), 发布版本…, 对比… (two versions, or one and the file
  as it is, into the 修订对照表), 恢复为此版本… (as a new version), 署名… (the name and
  e-mail recorded with each version, kept in the settings).

The questions it asks are the module's ``ask_*`` functions (tests replace them).
Strings go through ``app.i18n.T``, as the library's own messages do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import T, current_language
from app.library.facts import PLAN_SUFFIX
from app.storage.errors import StorageError
from app.ui import merge_view
from app.ui.base import dialogs, tasks
from app.ui.base.settings import Preferences
from app.ui.versioning import author_from_settings, set_author

IdRole = Qt.ItemDataRole.UserRole + 60


def _t(zh: str, en: str) -> str:
    return T(zh, en).text(current_language())


# --- the questions (tests replace these) ------------------------------------------------------


def ask_release(parent: QWidget | None, title: str, proposed: str) -> str | None:
    """The release name (1.1 …) for 发布版本, or None."""
    text, ok = QInputDialog.getText(
        parent,
        _t("发布版本", "Release a version"),
        _t(
            f"发布《{title}》的新版本。修订记录将根据上次发布以来的修改自动填写。\n版本号：",
            f"Release a new version of '{title}'. Its revision record is filled from the "
            "changes since the last release.\nVersion:",
        ),
        QLineEdit.EchoMode.Normal,
        proposed,
    )
    return (text.strip() or None) if ok else None


def ask_restore(parent: QWidget | None, name: str, version: str) -> bool:
    answer = QMessageBox.question(
        parent,
        _t("恢复为以前的版本", "Restore an old version"),
        _t(
            f"把“{name}”恢复为 {version} 的内容？\n恢复后作为一个新版本记录，以前的版本都还在；当前文件另存为 .bak。",
            f"Restore '{name}' to {version}?\nThis is recorded as a new version; every "
            "earlier version stays, and the current file is kept as .bak.",
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_start(parent: QWidget | None, folder: str) -> bool:
    answer = QMessageBox.question(
        parent,
        _t("开启版本记录", "Turn versions on"),
        _t(
            f"为“{folder}”开启版本记录？\n此后每次保存都记录一个版本，可以查看谁在何时改了什么、发布版本、"
            "对比和恢复，并与同事共享这个预案库。",
            f"Turn versions on for '{folder}'?\nEvery save then records a version: who "
            "changed what and when, releases, comparisons and restores, and sharing.",
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


class _AuthorDialog(QDialog):
    def __init__(self, name: str, email: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("署名", "Your name in the history"))
        self.name = QLineEdit(name)
        self.email = QLineEdit(email)
        self.name.setMinimumWidth(280)
        hint = QLabel(
            _t(
                "每次保存、发布和同步都以这个名字记录，修订记录中的“修订人”也用它。",
                "Every save, release and sync is recorded under this name; it is also the "
                "revision record's author.",
            )
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(hint)
        form.addRow(_t("姓名(&N)：", "&Name:"), self.name)
        form.addRow(_t("电子邮箱(&E)：", "&E-mail:"), self.email)
        form.addRow(buttons)


def ask_author(parent: QWidget | None, name: str, email: str) -> tuple[str, str] | None:
    dialog = _AuthorDialog(name, email, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name.text().strip(), dialog.email.text().strip()


class _RemoteDialog(QDialog):
    def __init__(self, current: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("共享位置", "Shared location"))
        self.location = QLineEdit(current)
        self.location.setMinimumWidth(420)
        self.location.setPlaceholderText(
            _t(
                r"例如 \\服务器\共享\预案库  或  E:\预案库  或  https://…",
                r"e.g. \\server\share\plans, E:\plans, https://…",
            )
        )
        browse = QPushButton(_t("选择文件夹(&B)…", "&Browse…"))
        browse.clicked.connect(self._browse)
        hint = QLabel(
            _t(
                "选择大家都能访问的共享文件夹、U 盘上的文件夹（第一次同步时自动建立），或 git 服务器地址。"
                "每台电脑各自保存自己的预案库，同步时交换修改。",
                "Choose a shared folder everyone reaches, a folder on a USB disk (made on the "
                "first sync), or a git server address. Each computer keeps its own library "
                "and exchanges changes when it syncs.",
            )
        )
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = dialogs.choose_folder(
            self, _t("共享位置", "Shared location"), self.location.text()
        )
        if folder:
            self.location.setText(folder)


def ask_remote(parent: QWidget | None, current: str = "") -> str | None:
    dialog = _RemoteDialog(current, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.location.text().strip() or None


# --- the panel -------------------------------------------------------------------------------


class HistoryPanel(QWidget):
    """Versions of the selected file (or of the library) and the sharing commands.

    Signals:
        files_changed(): a restore, release or sync changed files (rescan the library).
        message(str): a line for the status bar.
    """

    files_changed = Signal()
    message = Signal(str)

    COLUMNS = (
        T("时间", "When"),
        T("修订人", "Who"),
        T("发布", "Release"),
        T("修改内容", "What changed"),
    )

    def __init__(self, prefs: Preferences | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPanel")
        self.prefs = prefs or Preferences()
        self.root: Path | None = None
        self.file: Path | None = None
        self.file_title = ""
        self.versioned = False
        self.versions: list[Any] = []
        self.loads = 0  # histories shown (tests wait on it)
        self._generation = 0
        self.busy = False
        self.task: tasks.ProgressTask | None = None
        self.unsaved_check: Callable[[Path], bool] | None = None  # the editor's unsaved file

        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.state = QLabel()
        self.state.setObjectName("pageHint")
        self.start_button = QPushButton()
        self.sync_button = QPushButton()
        self.release_button = QPushButton()
        self.compare_button = QPushButton()
        self.restore_button = QPushButton()
        self.author_button = QPushButton()
        self.start_button.clicked.connect(lambda: self.start_versions())
        self.sync_button.clicked.connect(lambda: self.sync())
        self.release_button.clicked.connect(lambda: self.release())
        self.compare_button.clicked.connect(lambda: self.compare())
        self.restore_button.clicked.connect(lambda: self.restore())
        self.author_button.clicked.connect(self.edit_author)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.state, 1)
        for button in (
            self.start_button,
            self.sync_button,
            self.release_button,
            self.compare_button,
            self.restore_button,
            self.author_button,
        ):
            top.addWidget(button)

        self.tree = QTreeWidget()
        self.tree.setObjectName("historyList")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setColumnCount(len(self.COLUMNS))
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 130)
        self.tree.setColumnWidth(1, 90)
        self.tree.setColumnWidth(2, 60)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("historyDetail")
        self.detail.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.retranslate()

    # --- language ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        lang = current_language()
        self.tree.setHeaderLabels([c.text(lang) for c in self.COLUMNS])
        labels = (
            (
                self.start_button,
                T("开启版本记录", "Turn versions on"),
                T("为这个文件夹开启版本记录", "Keep versions of this folder"),
            ),
            (
                self.sync_button,
                T("同步", "Sync"),
                T("与共享位置交换修改", "Exchange changes with the shared location"),
            ),
            (
                self.release_button,
                T("发布版本…", "Release…"),
                T(
                    "发布所选预案的新版本，并填写修订记录",
                    "Release the plan and fill its revision record",
                ),
            ),
            (
                self.compare_button,
                T("对比…", "Compare…"),
                T(
                    "对比所选的两个版本（或所选版本与当前文件），导出修订对照表",
                    "Compare two versions, or one with the file, into the comparison table",
                ),
            ),
            (
                self.restore_button,
                T("恢复为此版本…", "Restore…"),
                T("把文件恢复为所选版本，作为新版本记录", "Make the selected version the newest"),
            ),
            (
                self.author_button,
                T("署名…", "Your name…"),
                T("记录版本时使用的姓名和电子邮箱", "The name recorded with each version"),
            ),
        )
        for button, text, tip in labels:
            button.setText(text.text(lang))
            button.setToolTip(tip.text(lang))
        self._show_heading()
        self._update_buttons()

    # --- what is shown -----------------------------------------------------------------------

    def set_library(self, root: Path | None) -> None:
        self.root = root
        self.file = None
        self.refresh()

    def show_file(self, path: Path | None, title: str = "") -> None:
        if path == self.file:
            if title and title != self.file_title:
                self.file_title = title
                self._show_heading()
            return
        self.file = path
        self.file_title = title
        self.refresh()

    def _show_heading(self) -> None:
        if self.root is None:
            self.heading.setText(_t("版本记录", "Versions"))
        elif self.file is not None:
            name = f"《{self.file_title}》" if self.file_title else self.file.name
            self.heading.setText(_t(f"版本记录：{name}", f"Versions of {name}"))
        else:
            self.heading.setText(_t("预案库最近的版本", "The library's latest versions"))

    def refresh(self) -> None:
        """Reread the versions (off the GUI thread; a later call wins)."""
        from app.library.repo import find_root

        self._generation += 1
        generation = self._generation
        self.tree.clear()
        self.detail.clear()
        self.versions = []
        self._show_heading()
        root, file = self.root, self.file
        top = find_root(root) if root is not None else None
        self.versioned = top is not None and root is not None and top.resolve() == root.resolve()
        if root is None or not self.versioned:
            self.state.setText(
                _t(
                    "这个预案库尚未开启版本记录：开启后，每次保存都记录一个版本，可以发布版本、对比、恢复，并与同事共享。",
                    "This library keeps no versions yet: turn them on to record every save, "
                    "release, compare, restore and share.",
                )
                if root is not None
                else ""
            )
            self._update_buttons()
            self.loads += 1
            return

        def job() -> tuple[list[Any], str | None, int]:
            from app.library import history, sync
            from app.library.repo import LibraryRepo

            with LibraryRepo.open(root) as library:
                pending = len(library.pending())
            rows = history.plan_history(file) if file is not None else history.library_history(root)
            return rows, sync.remote_of(root), pending

        def done(result: tuple[list[Any], str | None, int]) -> None:
            if generation == self._generation:
                self._fill(*result)

        def failed(exc: BaseException, trace: str) -> None:
            if generation != self._generation:
                return
            text = exc.text(current_language()) if isinstance(exc, StorageError) else str(exc)
            self.state.setText(text)
            self.loads += 1

        self.state.setText(_t("正在读取版本记录…", "Reading the versions…"))
        tasks.run_in_thread(job, done, failed, owner=self)

    def _fill(self, rows: list[Any], remote: str | None, pending: int) -> None:
        lang = current_language()
        self.versions = rows
        for row in rows:
            releases = "、".join(getattr(row, "releases", []))
            item = QTreeWidgetItem(
                [f"{row.when:%Y-%m-%d %H:%M}", row.author, releases, row.subject]
            )
            item.setData(0, IdRole, row.id)
            item.setToolTip(3, row.subject)
            if releases:
                font = item.font(2)
                font.setBold(True)
                item.setFont(2, font)
            self.tree.addTopLevelItem(item)
        where = remote or T("未设置", "not set").text(lang)
        state = T(f"共享位置：{where}", f"Shared location: {where}").text(lang)
        if pending:
            state += T(
                f"；有 {pending} 个文件的修改尚未记录（同步时记录）",
                f"; {pending} file(s) with unrecorded edits (recorded when you sync)",
            ).text(lang)
        self.state.setText(state)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._update_buttons()
        self.loads += 1

    def selected(self) -> list[Any]:
        ids = {item.data(0, IdRole) for item in self.tree.selectedItems()}
        return [v for v in self.versions if v.id in ids]

    def _selection_changed(self) -> None:
        chosen = self.selected()
        lines: list[str] = []
        for version in chosen[:1]:
            lines.append(f"{version.when:%Y-%m-%d %H:%M}  {version.author}")
            if getattr(version, "releases", None):
                lines.append(_t("发布版本：", "Release: ") + "、".join(version.releases))
            lines.append("")
            details = getattr(version, "details", None)
            if details is None:  # a library version: which files it touched
                lines += [version.subject, ""] + [f"· {p}" for p in version.paths]
            else:
                lines += [f"· {d}" for d in details]
        self.detail.setPlainText("\n".join(lines))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_root = self.root is not None
        on = has_root and self.versioned
        plan = self.file is not None and self.file.name.endswith(PLAN_SUFFIX)
        chosen = len(self.tree.selectedItems())
        self.start_button.setVisible(has_root and not self.versioned)
        self.start_button.setEnabled(not self.busy)
        self.sync_button.setEnabled(has_root and not self.busy)
        self.release_button.setEnabled(on and plan and not self.busy)
        self.compare_button.setEnabled(on and plan and 1 <= chosen <= 2 and not self.busy)
        self.restore_button.setEnabled(
            on and self.file is not None and chosen == 1 and not self.busy
        )

    # --- commands ----------------------------------------------------------------------------

    def author(self) -> Any:
        return author_from_settings(self.prefs, self.root)

    def _run(
        self, title: str, job: Callable[[Any], Any], done: Callable[[Any], None]
    ) -> tasks.ProgressTask:
        self.busy = True
        self._update_buttons()

        def finished(result: Any) -> None:
            self.busy = False
            done(result)
            self._update_buttons()

        def failed(exc: BaseException, trace: str) -> None:
            self.busy = False
            self._update_buttons()
            lang = current_language()
            if isinstance(exc, StorageError):
                dialogs.show_error(
                    self,
                    title,
                    exc.text(lang),
                    T(f"位置：{exc.location()}", f"Where: {exc.location()}").text(lang),
                )
            else:
                dialogs.show_error(self, title, str(exc) or type(exc).__name__, trace)

        def cancelled() -> None:
            self.busy = False
            self._update_buttons()
            self.message.emit(
                _t("已取消；已完成的部分都已保存", "Cancelled; what was done is kept")
            )

        self.task = tasks.run_with_progress(self, title, job, finished, failed, cancelled)
        return self.task

    def start_versions(self) -> tasks.ProgressTask | None:
        from app.library.history import start

        root = self.root
        if root is None or not ask_start(self, root.name):
            return None
        author = self.author()

        def done(_result: Any) -> None:
            self.message.emit(_t("已开启版本记录", "Versions are on"))
            self.refresh()

        return self._run(
            _t("开启版本记录", "Turn versions on"),
            lambda progress: start(root, author).close(),
            done,
        )

    def release(self) -> tasks.ProgressTask | None:
        from app.library import history
        from app.storage.plans import load_plan

        path = self.file
        if path is None or self.root is None:
            return None
        if self.unsaved_check is not None and self.unsaved_check(path):
            dialogs.show_warning(
                self,
                _t("发布版本", "Release"),
                _t("请先保存编辑器中对该预案的修改。", "Save the plan in the editor first."),
            )
            return None
        try:
            proposed = history.next_release_name(path)
            title = load_plan(path).model.meta.title or path.name
        except StorageError as exc:
            dialogs.show_error(self, _t("发布版本", "Release"), exc.text(current_language()))
            return None
        name = ask_release(self, title, proposed)
        if not name:
            return None
        author = self.author()

        def done(result: Any) -> None:
            self.message.emit(
                _t(
                    f"已发布版本 {result.name}；修订记录已填写",
                    f"Released {result.name}; the revision record is filled",
                )
            )
            self.files_changed.emit()
            self.refresh()

        return self._run(
            _t("发布版本", "Release"),
            lambda progress: history.release(path, author, name=name),
            done,
        )

    def compare(self) -> tasks.ProgressTask | None:
        from app.compare.docx_report import write_comparison_docx
        from app.library import history

        path = self.file
        chosen = self.selected()
        if path is None or not 1 <= len(chosen) <= 2:
            return None
        chosen.sort(key=lambda v: self.versions.index(v), reverse=True)  # older first
        old = chosen[0].id
        new = chosen[1].id if len(chosen) == 2 else history.CURRENT
        stem = path.name.removesuffix(PLAN_SUFFIX)
        target = dialogs.save_file_name(
            self,
            _t("导出修订对照表", "Write the comparison table"),
            str(path.with_name(f"{stem}_修订对照表.docx")),
            _t("Word 文档 (*.docx)", "Word documents (*.docx)"),
        )
        lang = current_language()

        def job(progress: Any) -> Any:
            diff = history.compare(path, old, new)
            if target:
                write_comparison_docx(diff, Path(target), lang)
            return diff

        def done(diff: Any) -> None:
            self.detail.setPlainText("\n".join(diff.lines(lang)))
            if target:
                self.message.emit(
                    _t(f"已导出修订对照表 {Path(target).name}", f"Wrote {Path(target).name}")
                )

        return self._run(_t("对比版本", "Compare versions"), job, done)

    def restore(self) -> tasks.ProgressTask | None:
        from app.library import history

        path = self.file
        chosen = self.selected()
        if path is None or len(chosen) != 1:
            return None
        version = chosen[0]
        label = (
            _t(f"发布版本 {version.releases[-1]}", f"release {version.releases[-1]}")
            if version.releases
            else f"{version.when:%Y-%m-%d %H:%M}"
        )
        if self.unsaved_check is not None and self.unsaved_check(path):
            dialogs.show_warning(
                self,
                _t("恢复版本", "Restore"),
                _t("请先保存编辑器中对该文件的修改。", "Save the file in the editor first."),
            )
            return None
        if not ask_restore(self, path.name, label):
            return None
        author = self.author()

        def done(new: Any) -> None:
            self.message.emit(
                _t(f"已恢复为 {label}，并记录为新版本", f"Restored {label} as a new version")
            )
            self.files_changed.emit()
            self.refresh()

        return self._run(
            _t("恢复版本", "Restore"),
            lambda progress: history.restore(path, version.id, author),
            done,
        )

    def edit_author(self) -> None:
        current = self.author()
        answer = ask_author(self, current.name, current.email)
        if answer is not None:
            set_author(self.prefs, *answer)
            self.message.emit(_t(f"署名：{answer[0]}", f"Recorded as {answer[0]}"))

    def sync(self, choices: dict[str, str] | None = None) -> tasks.ProgressTask | None:
        from app.library import history
        from app.library import sync as sharing

        root = self.root
        if root is None:
            return None
        if self.unsaved_check is not None and self.unsaved_check(root):
            dialogs.show_warning(
                self,
                _t("同步", "Sync"),
                _t(
                    "编辑器中有未保存的修改，请先保存再同步。",
                    "The editor has unsaved changes: save them first.",
                ),
            )
            return None
        remote = None
        if not self.versioned:
            if not ask_start(self, root.name):
                return None
            history.start(root, self.author()).close()
            self.versioned = True
        if choices is None and sharing.remote_of(root) is None:
            remote = ask_remote(self)
            if not remote:
                return None
        author = self.author()

        def done(result: Any) -> None:
            lang = current_language()
            self.message.emit(result.summary().text(lang))
            if result.received or result.merged or result.recorded:
                self.files_changed.emit()
            self.refresh()
            if result.conflicts:
                picked = merge_view.ask_merge(self, result.conflicts)
                if picked:
                    self.sync(picked)

        return self._run(
            _t("同步预案库", "Sync the library"),
            lambda progress: sharing.sync(
                root, author, remote=remote, choices=choices, progress=progress
            ),
            done,
        )
