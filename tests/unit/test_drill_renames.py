"""A plan id renamed in the editor is carried into the drill files beside the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.drill import script_from_plan
from app.findings.renames import apply_updates, drill_updates, plan_renames, rename_in_drill
from app.model.drill import Finding
from app.model.plan import Plan
from app.storage.drills import load_drill, save_drill
from app.storage.errors import ConflictError
from app.storage.plans import load_plan, save_plan

BASE_PLAN = Path(__file__).resolve().parents[1] / "data" / "compare-base.plan.yaml"


def _renamed(plan: Plan) -> Plan:
    """g-rescue → g-tank (and its uses), st2 → st-cut, p-leak → p-spill, c-duty → c-office."""
    new = plan.model_copy(deep=True)
    new.organization.groups[0].id = "g-tank"
    for step in new.procedures[0].steps:
        step.actor = "g-tank" if step.actor == "g-rescue" else step.actor
    new.procedures[0].id = "p-spill"
    new.procedures[0].steps[1].id = "st-cut"
    new.procedures[0].steps[1].within_min = 7  # renamed and edited: paired by place and name
    new.contacts[0].id = "c-office"
    return new


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, Path, Plan]:
    plan = load_plan(BASE_PLAN).model
    plan_path = tmp_path / "预案.plan.yaml"
    save_plan(plan, plan_path)
    drill = script_from_plan(plan, None, plan_path="预案.plan.yaml")
    drill.findings = [
        Finding(id="F1", text="堵漏慢", ref="procedures/p-leak/steps/st2"),
        Finding(id="F2", text="组长不清楚职责", ref="organization/g-rescue"),
        Finding(id="F3", text="值班电话无人接", ref="contacts/c-duty"),
        Finding(id="F4", text="步骤简写", ref="steps/st2"),
        Finding(id="F5", text="未受影响", ref="sections/s-scope"),
    ]
    drill_path = tmp_path / "演练.drill.yaml"
    save_drill(drill, drill_path)
    other = script_from_plan(plan, None, plan_path="别的预案.plan.yaml")  # another plan's
    save_drill(other, tmp_path / "别的.drill.yaml")
    return plan_path, drill_path, plan


def test_renames_are_read_from_the_two_versions(folder: tuple[Path, Path, Plan]) -> None:
    _, _, plan = folder
    assert plan_renames(plan, _renamed(plan)) == {
        "organization": {"g-rescue": "g-tank"},
        "procedures": {"p-leak": "p-spill"},
        "steps": {"st2": "st-cut"},
        "contacts": {"c-duty": "c-office"},
    }
    assert plan_renames(plan, plan.model_copy(deep=True)) == {}


def test_a_deleted_row_is_no_rename(folder: tuple[Path, Path, Plan]) -> None:
    _, _, plan = folder
    new = plan.model_copy(deep=True)
    del new.organization.groups[0]
    assert plan_renames(plan, new) == {}
    # deleted, and another one added in its place: no rename either
    new.organization.groups.insert(0, new.organization.groups[0].model_copy())
    new.organization.groups[0].id = "g-fire"
    new.organization.groups[0].name = "消防组"
    assert plan_renames(plan, new) == {}


def test_every_reference_in_the_linked_drill_is_updated(folder: tuple[Path, Path, Plan]) -> None:
    plan_path, drill_path, plan = folder
    updates = drill_updates(plan_path, plan, _renamed(plan))
    assert [u.path.name for u in updates] == ["演练.drill.yaml"]  # not the other plan's drill
    written, error = apply_updates(updates)
    assert error is None and len(written) == 1
    drill = load_drill(drill_path).model
    assert "g-tank" in [p.plays for p in drill.participants]
    assert "g-rescue" not in [p.plays for p in drill.participants]
    actions = [ea for _, ea in drill.expected_actions()]
    assert any(ea.by == "g-tank" and ea.steps == ["st-cut"] for ea in actions)
    assert not any(ea.by == "g-rescue" for ea in actions)
    assert any(item.to == ["g-tank"] for item in drill.script)
    assert any("st-cut" in c.steps for c in drill.evaluation.criteria)
    assert [f.ref for f in drill.findings] == [
        "procedures/p-spill/steps/st-cut",
        "organization/g-tank",
        "contacts/c-office",
        "steps/st-cut",
        "sections/s-scope",
    ]
    backup = drill_path.with_name(drill_path.name + ".bak")
    assert "g-rescue" in backup.read_text(encoding="utf-8")  # the file as it was, kept


def test_a_participant_id_in_to_is_left_alone(folder: tuple[Path, Path, Plan]) -> None:
    _, _, plan = folder
    drill = script_from_plan(plan, None)
    drill.participants[0].id = "g-rescue"  # a player whose id happens to equal the group's
    drill.script[0].to = ["g-rescue"]
    out, _changes = rename_in_drill(drill, {"organization": {"g-rescue": "g-tank"}})
    assert out.script[0].to == ["g-rescue"]
    assert drill.script[0].to == ["g-rescue"]  # the original is not touched


def test_a_drill_changed_since_it_was_read_is_not_overwritten(
    folder: tuple[Path, Path, Plan],
) -> None:
    plan_path, drill_path, plan = folder
    updates = drill_updates(plan_path, plan, _renamed(plan))
    drill_path.write_text(drill_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    written, error = apply_updates(updates)
    assert written == [] and isinstance(error, ConflictError)
    assert "g-rescue" in drill_path.read_text(encoding="utf-8")


def test_the_level_exercised_follows(folder: tuple[Path, Path, Plan]) -> None:
    _, _, plan = folder
    new = plan.model_copy(deep=True)
    old_id = new.levels[0].id
    new.levels[0].id = "lv-company"
    for proc in new.procedures:
        proc.level = "lv-company" if proc.level == old_id else proc.level
    assert plan_renames(plan, new) == {"levels": {old_id: "lv-company"}}
    drill = script_from_plan(plan, None)
    drill.meta.level = old_id
    out, changes = rename_in_drill(drill, plan_renames(plan, new))
    assert out.meta.level == "lv-company" and changes[0] == f"meta.level: {old_id} → lv-company"
