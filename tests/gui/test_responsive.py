"""Reading and writing files happens off the GUI thread: the window keeps painting."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from app.model.plan import Plan
from app.storage.plans import load_plan, save_plan
from app.ui import plan_type


def _big_plan(path: Path) -> None:
    text = "本节规定了事故发生后各工作组的职责分工和现场处置要求。" * 40
    data = {
        "schema": "plandrill/plan@1",
        "meta": {"title": "大预案", "kind": "enterprise_comprehensive"},
        "sections": [
            {"id": f"s{i}", "title": f"第{i}章", "body": "\n".join([text] * 5)} for i in range(150)
        ],
        "contacts": [
            {"id": f"c{i}", "name": f"联系人{i}", "phone": f"{i:08d}"} for i in range(500)
        ],
        "resources": [{"id": f"m{i}", "name": f"物资{i}", "quantity": i} for i in range(1000)],
    }
    save_plan(Plan.model_validate(data), path)


def test_opening_a_big_plan_does_not_freeze_the_window(
    window: Any, tmp_path: Path, qtbot: Any
) -> None:
    path = tmp_path / "大预案.plan.yaml"
    _big_plan(path)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    assert window.open_path(path)
    timer.stop()
    assert len(window.doc.model.resources) == 1000
    assert ticks, "the event loop kept running while the file was read"


def test_saving_happens_on_a_worker_thread(opened: Any, plan_copy: Path, monkeypatch: Any) -> None:
    threads: list[int] = []
    original = plan_type.save_plan

    def recording(plan: Plan, path: Path, **kwargs: Any) -> str:
        threads.append(threading.get_ident())
        return original(plan, path, **kwargs)

    monkeypatch.setattr(plan_type, "save_plan", recording)
    opened.doc.set_value(("meta", "title"), "新标题")
    assert opened.save()
    assert threads and threads[0] != threading.get_ident()
    assert load_plan(plan_copy).model.meta.title == "新标题"
    assert not opened.isWindowModified()
