"""演练 ▸ 从预案生成演练…: the GUI runs the same code as ``drill new --from-plan``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.drill.from_plan import load_plan_for_drill, write_drill_from_plan
from app.storage.drills import load_drill
from app.ui.drill import from_plan
from app.ui.drill.drill_type import DRILL_TYPE
from tests.gui.gui_helpers import wait_checked


def test_the_open_plan_becomes_a_drill(
    window: Any, sample_copy: Path, fake_dialogs: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_path(sample_copy)
    wait_checked(qtbot, window)
    offered: list[list[tuple[str, str]]] = []

    def pick(parent: Any, choices: list[tuple[str, str]]) -> str:
        offered.append(choices)
        return "I"

    monkeypatch.setattr(from_plan, "ask_level", pick)
    target = sample_copy.with_name("社会级.drill.yaml")
    fake_dialogs.answer("save_file_name", str(target))
    assert window.drill_menu.from_plan_action.text().startswith("从预案生成演练")
    window.drill_menu.from_plan_action.trigger()
    # least severe first, so the list reads the way the incident grows
    assert [lv for lv, _ in offered[0]] == ["IV", "III", "II", "I"]
    assert offered[0][-1][1] == "Ⅰ级响应（社会级）"
    [(_, suggested, _)] = fake_dialogs.called("save_file_name")
    assert suggested.endswith("-I.drill.yaml")
    assert window.doc is not None and window.doc.doc_type is DRILL_TYPE
    assert window.doc.path == target
    drill = load_drill(target).model
    # the same as the command line's path with the same (default) seed
    plan = load_plan_for_drill(sample_copy)
    again = write_drill_from_plan(plan, sample_copy, "I", target.with_name("cli.drill.yaml"))
    assert drill == again
    assert all("启动" not in i.text for i in drill.script)


def test_without_an_open_plan_it_asks_for_one(
    window: Any,
    sample_copy: Path,
    fake_dialogs: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(from_plan, "ask_level", lambda parent, choices: "II")
    fake_dialogs.answer("open_file_name", str(sample_copy))
    fake_dialogs.answer("save_file_name", str(tmp_path / "二级.drill.yaml"))
    assert window.drill_menu.from_plan() == tmp_path / "二级.drill.yaml"
    assert window.doc.doc_type is DRILL_TYPE


def test_a_broken_plan_is_a_message_not_a_traceback(
    window: Any, tmp_path: Path, fake_dialogs: Any
) -> None:
    bad = tmp_path / "坏.plan.yaml"
    bad.write_text("schema: plandrill/plan@1\nlevels: [{name: 无编号}]\n", encoding="utf-8")
    fake_dialogs.answer("open_file_name", str(bad))
    fake_dialogs.allow("show_warning")
    assert window.drill_menu.from_plan() is None
    [(_, text)] = fake_dialogs.called("show_warning")
    assert "坏.plan.yaml" in text and "validate" in text
