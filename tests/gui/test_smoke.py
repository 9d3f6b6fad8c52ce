"""The main window opens the sample plan offscreen."""

from __future__ import annotations

from typing import Any


def test_opens_sample(window: Any, sample_plan_path: Any) -> None:
    assert window.open_path(str(sample_plan_path))
    assert window.editor.outline_model.rowCount() > 0
    assert window.doc is not None and window.doc.model.meta.title in window.windowTitle()
    assert sample_plan_path.name in window.windowTitle()
    assert not window.windowIcon().isNull()
