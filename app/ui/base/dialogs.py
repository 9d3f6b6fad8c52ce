"""Every modal interaction of the app, as small functions tests can replace.

Callers use ``dialogs.ask_unsaved_changes(...)`` (through the module, never a copied
name) so that ``monkeypatch.setattr(dialogs, "ask_unsaved_changes", fake)`` works.
Answers are plain strings or values, never Qt enums. The windows that open modally
(About, Preferences, the template wizard) have their replaceable opener in their own
module (``about.show_about``, ``preferences.edit_preferences``,
``template_wizard.new_from_template``): this floor imports no window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from app.i18n import current_language
from app.model.kinds import PlanKind
from app.storage.recovery import RecoveryEntry

Unsaved = Literal["save", "discard", "cancel"]
Reload = Literal["reload", "keep"]
Restore = Literal["restore", "discard", "later"]
DroppedAnswer = Literal["save", "save_as", "cancel"]
Conflict = Literal["save_as", "overwrite", "compare", "cancel"]

# lupdate finds translate("context", "source") calls; the context names the catalogue part.
translate = QCoreApplication.translate


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
    details: str = "",
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    return box


Choice = tuple[str, str, QMessageBox.ButtonRole]  # (answer, button text, role)


def _ask(box: QMessageBox, choices: Sequence[Choice], default: str, escape: str) -> str:
    """Add the buttons, run the box, and return the answer of the button clicked."""
    buttons = {answer: box.addButton(text, role) for answer, text, role in choices}
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[escape])
    box.exec()
    clicked = box.clickedButton()
    return next((a for a, b in buttons.items() if b is clicked), escape)


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Critical, title, text, details=details)
    box.addButton(translate("dialogs", "确定"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton(translate("dialogs", "确定"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton(translate("dialogs", "确定"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ask_unsaved_changes(parent: QWidget | None, name: str) -> Unsaved:
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        translate("dialogs", "尚未保存"),
        translate("dialogs", "“{name}”有尚未保存的修改。").format(name=name),
        translate("dialogs", "关闭前是否保存？"),
    )
    choices = [
        ("save", translate("dialogs", "保存"), QMessageBox.ButtonRole.AcceptRole),
        ("discard", translate("dialogs", "不保存"), QMessageBox.ButtonRole.DestructiveRole),
        ("cancel", translate("dialogs", "取消"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "save", "cancel")  # type: ignore[return-value]


def ask_reload(parent: QWidget | None, name: str, modified: bool) -> Reload:
    informative = (
        translate("dialogs", "重新载入将丢弃您在本窗口中尚未保存的修改。")
        if modified
        else translate("dialogs", "是否载入磁盘上的新版本？")
    )
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("dialogs", "文件已在外部修改"),
        translate("dialogs", "“{name}”已被其他程序修改。").format(name=name),
        informative,
    )
    choices = [
        ("reload", translate("dialogs", "重新载入"), QMessageBox.ButtonRole.AcceptRole),
        ("keep", translate("dialogs", "保留我的版本"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "keep" if modified else "reload", "keep")  # type: ignore[return-value]


def ask_restore(parent: QWidget | None, entries: Sequence[RecoveryEntry]) -> Restore:
    lines = []
    for entry in entries:
        when = entry.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        name = entry.original_path.name if entry.original_path else translate("dialogs", "未命名")
        lines.append(f"• {entry.title or name}（{name}，{when}）")
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("dialogs", "恢复未保存的工作"),
        translate("dialogs", "PlanDrill 上次未正常退出，以下文件有自动保存的内容："),
        "\n".join(lines) + "\n\n" + translate("dialogs", "是否恢复？恢复后请检查内容并保存。"),
    )
    choices = [
        ("restore", translate("dialogs", "恢复"), QMessageBox.ButtonRole.AcceptRole),
        ("discard", translate("dialogs", "丢弃"), QMessageBox.ButtonRole.DestructiveRole),
        ("later", translate("dialogs", "稍后再说"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "restore", "later")  # type: ignore[return-value]


def ask_save_dropped(parent: QWidget | None, name: str, dropped: Sequence[str]) -> DroppedAnswer:
    shown = list(dropped[:12])
    if len(dropped) > len(shown):
        shown.append(translate("dialogs", "……共 {n} 处").format(n=len(dropped)))
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        translate("dialogs", "保存会丢失部分内容"),
        translate(
            "dialogs", "打开“{name}”时，有些内容无法读取，已被略去。保存将用当前内容覆盖原文件。"
        ).format(name=name),
        translate("dialogs", "被略去的内容：")
        + "\n"
        + "\n".join(shown)
        + "\n\n"
        + translate("dialogs", "建议先另存为新文件。"),
    )
    choices = [
        ("save_as", translate("dialogs", "另存为…"), QMessageBox.ButtonRole.AcceptRole),
        ("save", translate("dialogs", "仍然覆盖"), QMessageBox.ButtonRole.DestructiveRole),
        ("cancel", translate("dialogs", "取消"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "save_as", "cancel")  # type: ignore[return-value]


def ask_save_conflict(parent: QWidget | None, name: str, can_compare: bool) -> Conflict:
    """The file changed on disk since this window read it: save as, overwrite, compare?"""
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        translate("dialogs", "文件已被他人修改"),
        translate(
            "dialogs",
            "“{name}”在您打开之后已被修改（可能是另一个窗口、另一台电脑或其他程序保存的）。",
        ).format(name=name),
        translate("dialogs", "直接覆盖会丢失对方的修改。建议先比较两个版本，或另存为新文件。"),
    )
    choices: list[Choice] = [
        ("save_as", translate("dialogs", "另存为…"), QMessageBox.ButtonRole.AcceptRole),
        ("overwrite", translate("dialogs", "覆盖"), QMessageBox.ButtonRole.DestructiveRole),
        ("cancel", translate("dialogs", "取消"), QMessageBox.ButtonRole.RejectRole),
    ]
    if can_compare:
        choices.insert(
            1, ("compare", translate("dialogs", "比较…"), QMessageBox.ButtonRole.ActionRole)
        )
    return _ask(box, choices, "save_as", "cancel")  # type: ignore[return-value]


def show_comparison(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """What differs between two versions: a summary, the list in the details."""
    box = _box(parent, QMessageBox.Icon.Information, title, text, details=details)
    box.addButton(translate("dialogs", "确定"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ask_replace_package(parent: QWidget | None, name: str) -> bool:
    """The filing package exists already: replace it (once the new one is complete)?"""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("dialogs", "备案材料已存在"),
        translate("dialogs", "“{name}”已存在。").format(name=name),
        translate("dialogs", "新的备案材料全部生成后才会替换原有的文件夹和压缩包。是否替换？"),
    )
    choices = [
        ("replace", translate("dialogs", "替换"), QMessageBox.ButtonRole.DestructiveRole),
        ("cancel", translate("dialogs", "取消"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "cancel", "cancel") == "replace"


def ask_delete_in_use(parent: QWidget | None, uses: Sequence[tuple[str, Sequence[str]]]) -> bool:
    """Entries about to be deleted are still named elsewhere: delete anyway?

    ``uses``: (the entry's name, where it is used) for each entry in use.
    """
    lines = []
    for name, places in uses:
        lines.append(translate("dialogs", "“{name}”仍被引用：").format(name=name))
        shown = list(places[:8])
        lines += [f"  · {p}" for p in shown]
        if len(places) > len(shown):
            lines.append(translate("dialogs", "  …另有 {n} 处").format(n=len(places) - len(shown)))
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        translate("dialogs", "删除仍在使用的条目"),
        "\n".join(lines),
        translate("dialogs", "删除后这些引用将失效，需要重新选择。仍要删除吗？（可以撤消）"),
    )
    choices = [
        ("delete", translate("dialogs", "仍然删除"), QMessageBox.ButtonRole.DestructiveRole),
        ("cancel", translate("dialogs", "取消"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "cancel", "cancel") == "delete"


def ask_update_drills(parent: QWidget | None, titles: Sequence[str]) -> bool:
    """Ids renamed in the plan are used by drill files beside it: update them too?"""
    shown = [f"  · {t}" for t in titles[:8]]
    if len(titles) > len(shown):
        shown.append(translate("dialogs", "  …另有 {n} 个").format(n=len(titles) - len(shown)))
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("dialogs", "更新演练文件"),
        translate("dialogs", "另有{n}个演练文件引用了该编号，是否一并更新？").format(n=len(titles)),
        "\n".join(shown)
        + "\n\n"
        + translate("dialogs", "更新前的演练文件保留为 .bak 备份。不更新则这些引用将失效。"),
    )
    choices = [
        ("update", translate("dialogs", "一并更新"), QMessageBox.ButtonRole.AcceptRole),
        ("skip", translate("dialogs", "不更新"), QMessageBox.ButtonRole.RejectRole),
    ]
    return _ask(box, choices, "update", "skip") == "update"


def open_file_name(parent: QWidget | None, title: str, folder: str, filters: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def save_file_name(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def choose_folder(parent: QWidget | None, title: str, folder: str) -> str | None:
    path = QFileDialog.getExistingDirectory(parent, title, folder)
    return path or None


def choose_plan_kind(parent: QWidget | None) -> PlanKind | None:
    lang = current_language()
    kinds = list(PlanKind)
    labels = [k.label(lang) for k in kinds]
    label, ok = QInputDialog.getItem(
        parent,
        translate("dialogs", "新建预案"),
        translate("dialogs", "预案类型："),
        labels,
        0,
        False,
    )
    if not ok:
        return None
    return kinds[labels.index(label)]


def open_folder(path: str) -> bool:
    """Show a folder in the system's file manager (Explorer on Windows)."""
    from pathlib import Path

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    try:
        Path(path).mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def open_file(path: str) -> bool:
    """Open a written document in the program the system uses for it (Word, WPS)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def progress_dialog(parent: QWidget | None, title: str) -> QProgressDialog:
    """Not blocking: the caller keeps the event loop running while a job works."""
    dialog = QProgressDialog(
        translate("dialogs", "请稍候…"), translate("dialogs", "取消"), 0, 1000, parent
    )
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(380)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    return dialog
