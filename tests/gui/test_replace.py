"""Find and Replace across the plan (issue 20): Replace All is one undo step, the
current hit can be replaced alone, ids are never touched."""

from __future__ import annotations

from typing import Any

from app.model.plan import walk_sections
from app.ui.search import iter_texts


def _texts(window: Any) -> dict[Any, str]:
    return dict(iter_texts(window.doc.model))


def test_replace_all_is_one_undo_step(opened: Any) -> None:
    window = opened
    bar = window.find_bar
    window.replace_action.trigger()
    assert bar.replace_field.isVisible()
    before = _texts(window)
    needle = "应急"
    expected = sum(v.count(needle) for p, v in before.items() if p[-1] != "id")
    assert expected > 5
    bar.field.setText(needle)
    bar.replace_field.setText("应急*")  # a Markdown character: escaped in bodies
    count = bar.replace_everything()
    assert count == expected
    after = _texts(window)
    bodies = [s.body for _, s, _ in walk_sections(window.doc.model.sections)]
    assert any("应急\\*" in b for b in bodies)
    assert any("应急*" in s.title for _, s, _ in walk_sections(window.doc.model.sections))
    assert {p: v for p, v in after.items() if p[-1] == "id"} == {
        p: v for p, v in before.items() if p[-1] == "id"
    }
    assert "替换" in window.doc.undo_stack.undoText()
    window.doc.undo_stack.undo()
    assert _texts(window) == before


def test_replace_one_then_next(opened: Any) -> None:
    window = opened
    bar = window.find_bar
    bar.open_replace()
    bar.field.setText("总则")
    bar.replace_field.setText("总　则")
    bar.find_next()
    first = bar.current_hit()
    assert first is not None
    total = len(bar.hits)
    bar.replace_current()
    assert window.doc.get(first.path)[first.start : first.start + 3] == "总　则"
    bar._refresh()
    assert len(bar.hits) == total - 1
    window.doc.undo_stack.undo()
    assert len(_texts(window)) and "总则" in window.doc.get(first.path)
