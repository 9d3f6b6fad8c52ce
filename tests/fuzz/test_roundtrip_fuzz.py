"""Save then load gives back the same plan or drill, for anything users can write."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given

from app.model.drill import Drill
from app.model.plan import Plan
from app.storage.drills import dumps_drill, load_drill, loads_drill, save_drill
from app.storage.plans import dumps_plan, load_plan, loads_plan, save_plan
from tests.strategies import drills, fuzz_settings, plans


@fuzz_settings(40)
@given(plans())
def test_plan_save_load_is_identity(plan: Plan) -> None:
    text = dumps_plan(plan)
    loaded = loads_plan(text)
    assert not loaded.problems, [(p.code, p.line, p.text()) for p in loaded.problems]
    assert loaded.model == plan
    assert dumps_plan(loaded.model) == text  # and saving again writes the same bytes
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "预案 副本.plan.yaml"
        save_plan(plan, path)
        again = load_plan(path)
        assert again.model == plan and not again.problems
        save_plan(again.model, path)  # over the old file, keeping a .bak
        assert load_plan(path).model == plan
        assert load_plan(path.with_name(path.name + ".bak")).model == plan


@fuzz_settings(40)
@given(drills())
def test_drill_save_load_is_identity(drill: Drill) -> None:
    text = dumps_drill(drill)
    loaded = loads_drill(text)
    assert not loaded.problems, [(p.code, p.line, p.text()) for p in loaded.problems]
    assert loaded.model == drill
    assert dumps_drill(loaded.model) == text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "演练.drill.yaml"
        save_drill(drill, path)
        again = load_drill(path)
        assert again.model == drill and not again.problems
