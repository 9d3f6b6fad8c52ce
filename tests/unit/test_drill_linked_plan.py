"""``linked_plan``: the plan a drill names, or the error why it cannot be read (no raise)."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.model.drill import Drill, DrillMeta
from app.storage.drills import linked_plan, load_drill

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"
DRILL = "液氯泄漏桌面推演.drill.yaml"
PLAN = "化工企业综合应急预案.plan.yaml"


def test_the_plan_next_to_the_drill_is_loaded(tmp_path: Path) -> None:
    for name in (DRILL, PLAN):
        shutil.copy(SAMPLE / name, tmp_path / name)
    drill = load_drill(tmp_path / DRILL).model
    plan, error = linked_plan(drill, tmp_path / DRILL)
    assert error is None and plan is not None and plan.meta.title


def test_a_missing_plan_is_an_error_not_an_exception(tmp_path: Path) -> None:
    shutil.copy(SAMPLE / DRILL, tmp_path / DRILL)
    drill = load_drill(tmp_path / DRILL).model
    plan, error = linked_plan(drill, str(tmp_path / DRILL))
    assert plan is None and error is not None and PLAN in error.message.zh


def test_no_plan_and_unsaved_relative_plan_give_nothing() -> None:
    assert linked_plan(Drill(meta=DrillMeta()), None) == (None, None)
    relative = Drill(meta=DrillMeta(plan=PLAN))
    assert linked_plan(relative, None) == (None, None)  # relative to a file not saved yet
