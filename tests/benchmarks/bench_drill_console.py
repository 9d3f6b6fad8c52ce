"""How much the drill console costs the GUI thread during a long, busy drill.

A generated scripted drill of 200 injects (3 expected actions each, a decision on every
fifth), 40 library cards and 40 participants, run for three hours of scenario time with
an action every 20 s (≈ 540 actions, 200 deliveries, a checkpoint every 30 s). Measured:

* the snapshot the worker builds after each engine call (worker thread, not the GUI);
* one GUI refresh from a snapshot (all views and the presenter), the GUI thread's cost
  of every poll: target well under 100 ms, the house limit for a GUI stall;
* the clock tick (10 per second).

Run: QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_drill_console.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def big_drill() -> object:
    from app.model.drill import Drill

    script = []
    for i in range(200):
        item = {
            "id": f"i{i}",
            "title": f"注入{i}",
            "at_min": i * 0.9,
            "to": ["hq"],
            "channel": "phone",
            "text": "现场报告：储罐区发生泄漏，请指挥部研判并下达处置指令。" * 2,
            "expected": [
                {"id": f"e{i}-{k}", "text": f"期望行动{k}", "by": "hq", "within_min": 10}
                for k in range(3)
            ],
            "note": "导调说明",
            "evaluation_points": ["要点一", "要点二"],
        }
        if i % 5 == 0:
            item["decisions"] = [{"id": f"d{i}", "text": "启动响应"}]
        script.append(item)
    library = [
        {
            "id": f"k{i}",
            "title": f"情景卡{i}",
            "category": ["泄漏", "火灾", "停电", "人员"][i % 4],
            "severity": "major",
            "text": "情景卡内容。" * 4,
        }
        for i in range(40)
    ]
    participants = [
        {"id": f"p{i}", "name": f"参演{i}", "role": "player", "group": f"席位{i % 12}"}
        for i in range(40)
    ]
    return Drill.model_validate(
        {
            "schema": "plandrill/drill@1",
            "meta": {"title": "大型综合演练", "duration_min": 180},
            "participants": participants,
            "script": script,
            "library": library,
            "evaluation": {"criteria": [{"id": f"c{i}", "text": f"评估项{i}"} for i in range(20)]},
        }
    )


def main() -> None:
    from PySide6.QtWidgets import QApplication

    qapp = QApplication.instance() or QApplication([])
    import app.ui  # noqa: F401  (the PySide6 fix)
    from app.drill import DrillSession, FakeTime
    from app.ui.drill.console import ConsoleWindow
    from app.ui.drill.runner import build_snapshot

    folder = Path(tempfile.mkdtemp())
    path = folder / "big.drill.yaml"
    drill = big_drill()
    time_source = FakeTime()
    # the three hours are recorded straight into the engine (the console's worker does
    # the same calls); then the console opens the session as it would after a restart
    with DrillSession.create(drill, path, time_source=time_source) as session:
        session.start()
        for n in range(3 * 60 * 3):
            time_source.advance(20)
            session.poll()
            session.record_action(f"行动{n}", who=f"p{n % 40}")
        journal = session.path
        snaps = []
        for _ in range(20):
            t0 = time.perf_counter()
            build_snapshot(session)
            snaps.append(time.perf_counter() - t0)
        entries = session.state.last_seq
    console = ConsoleWindow(
        lambda: DrillSession.reopen(journal, time_source=time_source), drill_path=path
    )
    console.resize(1366, 768)
    console.show()
    t0 = time.perf_counter()
    while console.snapshot is None or console.runner.is_busy():
        qapp.processEvents()
    opened = time.perf_counter() - t0
    refresh = []
    for _ in range(20):
        t0 = time.perf_counter()
        console._show_snapshot(console.snapshot)
        qapp.processEvents()
        refresh.append(time.perf_counter() - t0)
    ticks = []
    for _ in range(50):
        time_source.advance(0.1)
        t0 = time.perf_counter()
        console._tick()
        ticks.append(time.perf_counter() - t0)
    print(f"journal entries:          {entries}")
    print(f"log rows in the console:  {console.log_model.rowCount()}")
    print(f"reopen and first view:    {opened * 1000:.0f} ms (worker, the window keeps painting)")
    print(f"snapshot (worker):        {statistics.median(snaps) * 1000:.1f} ms median")
    print(
        f"GUI refresh per snapshot: {statistics.median(refresh) * 1000:.1f} ms median, "
        f"{max(refresh) * 1000:.1f} ms max"
    )
    print(f"clock tick:               {statistics.median(ticks) * 1000:.2f} ms median")
    console._closing = True
    console.close()


if __name__ == "__main__":
    main()
