"""Two editors on one file (two main windows, as two instances or two people on a shared
folder would have): the second save is asked about, and no edit is lost.

Each window remembers the content hash of what it loaded or saved; saving over a file
whose content changed since asks 另存为 / 覆盖 / 比较 through ``dialogs.ask_save_conflict``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.storage.atomic import backup_path
from app.storage.plans import load_plan
from tests.gui.gui_helpers import wait_checked


@pytest.fixture
def two(make_window: Any, plan_copy: Path, qtbot: Any, fake_dialogs: Any) -> tuple[Any, Any]:
    first, second = make_window(), make_window()
    for window in (first, second):
        assert window.open_path(plan_copy, ask=False)
        wait_checked(qtbot, window)
    return first, second


def _both_edit_and_second_saves(
    two: tuple[Any, Any], plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> tuple[Any, Any]:
    first, second = two
    first.doc.set_value(("contacts", 0, "phone"), "0571-11111111")
    second.doc.set_value(("meta", "title"), "第二个窗口改的标题")
    fake_dialogs.answer("ask_reload", "keep")  # the first window notices the save
    assert second.save()
    assert load_plan(plan_copy).model.meta.title == "第二个窗口改的标题"
    qtbot.waitUntil(lambda: bool(fake_dialogs.called("ask_reload")), timeout=5000)
    return first, second


def test_the_second_save_asks_and_save_as_keeps_both_edits(
    two: tuple[Any, Any], plan_copy: Path, fake_dialogs: Any, qtbot: Any, tmp_path: Path
) -> None:
    first, _ = _both_edit_and_second_saves(two, plan_copy, fake_dialogs, qtbot)
    elsewhere = tmp_path / "我的版本.plan.yaml"
    fake_dialogs.answer("ask_save_conflict", "compare", "save_as")
    fake_dialogs.answer("show_comparison", None)
    fake_dialogs.answer("save_file_name", str(elsewhere))
    assert first.save()
    assert fake_dialogs.called("ask_save_conflict") == [("示例.plan.yaml", True)] * 2
    # the comparison lists what the other window changed, by name
    [(_title, summary, details)] = fake_dialogs.called("show_comparison")
    assert "磁盘上的版本" in summary and "第二个窗口改的标题" in details
    # nothing lost: the other edit stays in the file, this one went to the new file
    assert load_plan(plan_copy).model.meta.title == "第二个窗口改的标题"
    assert load_plan(plan_copy).model.contacts[0].phone != "0571-11111111"
    mine = load_plan(elsewhere).model
    assert mine.contacts[0].phone == "0571-11111111"
    assert first.doc.path == elsewhere and not first.isWindowModified()


def test_overwrite_is_the_users_choice_and_keeps_the_other_in_bak(
    two: tuple[Any, Any], plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    first, _ = _both_edit_and_second_saves(two, plan_copy, fake_dialogs, qtbot)
    fake_dialogs.answer("ask_save_conflict", "overwrite")
    assert first.save()
    assert load_plan(plan_copy).model.contacts[0].phone == "0571-11111111"
    assert load_plan(backup_path(plan_copy)).model.meta.title == "第二个窗口改的标题"


def test_cancel_writes_nothing_and_keeps_the_edit(
    two: tuple[Any, Any], plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    first, _ = _both_edit_and_second_saves(two, plan_copy, fake_dialogs, qtbot)
    before = plan_copy.read_bytes()
    fake_dialogs.answer("ask_save_conflict", "cancel")
    assert not first.save()
    assert plan_copy.read_bytes() == before
    assert first.isWindowModified() and first.doc.model.contacts[0].phone == "0571-11111111"
    # asking again later still asks: the question is not answered once and for all
    fake_dialogs.answer("ask_save_conflict", "cancel")
    assert not first.save()
    assert len(fake_dialogs.called("ask_save_conflict")) == 2


def test_saves_in_turn_ask_each_time_the_other_saved(
    two: tuple[Any, Any], plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    """Saving in turn: A saves, B is asked; B overwrites, A is asked next time."""
    first, second = two
    fake_dialogs.answer("ask_reload", "keep", "keep", "keep", "keep")
    first.doc.set_value(("contacts", 0, "phone"), "1")
    assert first.save()  # first save: nobody else wrote
    second.doc.set_value(("contacts", 0, "phone"), "2")
    fake_dialogs.answer("ask_save_conflict", "overwrite")
    assert second.save()
    first.doc.set_value(("contacts", 0, "phone"), "3")
    fake_dialogs.answer("ask_save_conflict", "cancel")
    assert not first.save()
    assert load_plan(plan_copy).model.contacts[0].phone == "2"
    assert len(fake_dialogs.called("ask_save_conflict")) == 2


def test_an_outside_edit_keeping_size_and_time_is_noticed(
    opened: Any, plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    info = plan_copy.stat()
    text = plan_copy.read_text(encoding="utf-8")
    phone = opened.doc.model.contacts[0].phone
    changed = text.replace(phone, phone[:-1] + ("9" if phone[-1] != "9" else "8"), 1)
    assert len(changed.encode()) == info.st_size and changed != text
    opened._stop_watching()  # only the save may notice: no watcher event, same size and time
    plan_copy.write_text(changed, encoding="utf-8")
    os.utime(plan_copy, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert plan_copy.stat().st_mtime_ns == info.st_mtime_ns
    opened.doc.set_value(("meta", "title"), "本窗口的标题")
    fake_dialogs.answer("ask_save_conflict", "cancel")
    assert not opened.save()
    assert fake_dialogs.called("ask_save_conflict")
    assert plan_copy.read_text(encoding="utf-8") == changed


def test_a_change_during_the_save_is_caught_too(
    opened: Any, plan_copy: Path, fake_dialogs: Any, qtbot: Any, tmp_path: Path
) -> None:
    """The question comes before the write; a save that lands in between is refused by
    the write itself (``ConflictError``) and the question is asked then."""
    other = tmp_path / "other.plan.yaml"
    shutil.copyfile(plan_copy, other)
    other.write_text(other.read_text(encoding="utf-8").replace("phone:", "phone: ", 1), "utf-8")
    real_save = opened.doc.doc_type.save
    landed: list[bool] = []

    def racing(model: Any, path: Path, *, expect: str | None = None) -> str:
        if not landed:  # someone else's save lands just before ours
            landed.append(True)
            shutil.copyfile(other, path)
        return real_save(model, path, expect=expect)

    opened.doc.doc_type = type(opened.doc.doc_type)(
        **{**opened.doc.doc_type.__dict__, "save": racing}
    )
    opened.doc.set_value(("meta", "title"), "本窗口的标题")
    fake_dialogs.answer("ask_reload", "keep")
    fake_dialogs.answer("ask_save_conflict", "cancel")
    assert not opened.save()
    assert fake_dialogs.called("ask_save_conflict")
    assert plan_copy.read_bytes() == other.read_bytes()
