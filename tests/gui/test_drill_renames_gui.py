"""Renaming a group's id in the editor, then saving: the drill beside the plan follows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.drill import script_from_plan
from app.model.drill import Finding
from app.storage.drills import load_drill, save_drill
from app.storage.plans import load_plan
from tests.gui.gui_helpers import editor_page


def _drill_beside(plan_path: Path) -> Path:
    plan = load_plan(plan_path).model
    drill = script_from_plan(plan, None, plan_path=plan_path.name)
    group = plan.organization.groups[0].id
    drill.findings = [Finding(id="F1", text="职责不清", ref=f"organization/{group}")]
    path = plan_path.with_name("桌面推演.drill.yaml")
    save_drill(drill, path)
    return path


def _rename_first_group(window: Any, new: str) -> str:
    window.editor.select_path(("organization",))
    org = editor_page(window)
    row = org.model.row_of(("organization", "groups", 0))
    old = window.doc.model.organization.groups[0].id
    assert org.model.setData(org.model.index(row, org.model.column_of("id")), new)
    return old


def test_save_asks_once_and_updates_the_drill(
    opened: Any, plan_copy: Path, fake_dialogs: Any
) -> None:
    window = opened
    drill_path = _drill_beside(plan_copy)
    old = _rename_first_group(window, "g-tank")
    fake_dialogs.answer("ask_update_drills", True)
    assert window.save()
    title = load_drill(drill_path.with_name(drill_path.name + ".bak")).model.meta.title
    assert fake_dialogs.called("ask_update_drills") == [([title or drill_path.name],)]
    drill = load_drill(drill_path).model
    assert drill.findings[0].ref == "organization/g-tank"
    plays = [p.plays for p in drill.participants]
    assert "g-tank" in plays and old not in plays
    assert old in drill_path.with_name(drill_path.name + ".bak").read_text(encoding="utf-8")
    assert "已更新 1 个演练文件" in window.statusBar().currentMessage()
    # saved again with nothing renamed: no question
    assert window.save()
    assert len(fake_dialogs.called("ask_update_drills")) == 1


def test_declining_leaves_the_drill_alone(opened: Any, plan_copy: Path, fake_dialogs: Any) -> None:
    window = opened
    drill_path = _drill_beside(plan_copy)
    before = drill_path.read_bytes()
    _rename_first_group(window, "g-tank")
    fake_dialogs.answer("ask_update_drills", False)
    assert window.save()
    assert drill_path.read_bytes() == before
    assert load_plan(plan_copy).model.organization.groups[0].id == "g-tank"
