"""A file changed by another program while open: noticed, and the user decides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.storage.plans import load_plan


def _change_on_disk(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8").replace(
        "title: 生产安全事故综合应急预案", f"title: {title}"
    )
    path.write_text(text, encoding="utf-8")


def test_change_on_disk_is_detected_and_reloaded(
    opened: Any, plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    fake_dialogs.answer("ask_reload", "reload")
    _change_on_disk(plan_copy, "外部修改的标题")
    qtbot.waitUntil(lambda: bool(fake_dialogs.called("ask_reload")), timeout=5000)
    [(name, modified)] = fake_dialogs.called("ask_reload")
    assert name == "示例.plan.yaml" and modified is False
    assert opened.doc.model.meta.title == "外部修改的标题"
    assert not opened.isWindowModified()
    assert "外部修改的标题" in opened.windowTitle()


def test_keep_mine_keeps_the_edits_and_marks_unsaved(
    opened: Any, plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    opened.doc.set_value(("contacts", 0, "phone"), "111")
    fake_dialogs.answer("ask_reload", "keep")
    _change_on_disk(plan_copy, "外部修改的标题")
    qtbot.waitUntil(lambda: bool(fake_dialogs.called("ask_reload")), timeout=5000)
    assert fake_dialogs.called("ask_reload")[0][1] is True
    assert opened.doc.model.meta.title == "生产安全事故综合应急预案"
    assert opened.doc.model.contacts[0].phone == "111"
    assert opened.isWindowModified()
    # saving over the other version asks first (issue 23: no update is lost unasked);
    # overwriting then writes ours, and the reload question does not come again
    fake_dialogs.answer("ask_save_conflict", "overwrite")
    opened.save_action.trigger()
    qtbot.wait(600)
    assert len(fake_dialogs.called("ask_reload")) == 1
    assert fake_dialogs.called("ask_save_conflict") == [("示例.plan.yaml", True)]
    assert load_plan(plan_copy).model.contacts[0].phone == "111"


def test_own_saves_do_not_trigger_the_question(opened: Any, qtbot: Any) -> None:
    opened.doc.set_value(("contacts", 0, "phone"), "222")
    opened.save_action.trigger()
    opened.doc.set_value(("contacts", 0, "phone"), "333")
    opened.save_action.trigger()
    qtbot.wait(800)  # no ask_reload: the fake would fail the test


def test_deleted_file_warns_and_keeps_content(
    opened: Any, plan_copy: Path, fake_dialogs: Any, qtbot: Any
) -> None:
    fake_dialogs.allow("show_warning")
    plan_copy.unlink()
    qtbot.waitUntil(lambda: bool(fake_dialogs.called("show_warning")), timeout=5000)
    assert opened.isWindowModified()
    assert opened.doc.model.meta.title == "生产安全事故综合应急预案"
