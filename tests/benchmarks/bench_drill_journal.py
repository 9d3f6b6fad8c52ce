"""Benchmark: journal append latency (fsync per entry), replay and metrics of a long session.

Run: ``python tests/benchmarks/bench_drill_journal.py [FOLDER]`` (FOLDER defaults to a
temp dir; pass a folder on the real disk to measure its fsync). Targets: an append
(what a click costs) under 20 ms at the 99th percentile on an SSD; reopening a
3-hour drill's journal (~5,000 entries) under 1 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.drill import DrillSession, FakeTime, metrics_from_journal  # noqa: E402
from app.storage.drills import load_drill, load_linked_plan  # noqa: E402
from tests.drill_samples import copy_sample  # noqa: E402


def main(folder: Path) -> None:
    drill_path = copy_sample(folder)
    drill = load_drill(drill_path).model
    plan = load_linked_plan(drill_path, drill)
    t = FakeTime()
    s = DrillSession.create(drill, drill_path, plan=plan.model if plan else None, time_source=t)
    s.start()
    latencies: list[float] = []
    n = 5000
    for i in range(n):
        t.advance(2.0)
        start = time.perf_counter()
        if i % 3 == 0:
            s.record_action(f"行动 {i}", who="u-hq")
        elif i % 3 == 1:
            s.note(f"记录 {i}：" + "现场情况" * 10, who="u-eval")
        else:
            s.poll()
            s.mark("c1", score=i % 101)
        latencies.append((time.perf_counter() - start) * 1000)
    s.close()
    latencies.sort()
    print(
        f"append: n={n} mean={statistics.mean(latencies):.2f} ms "
        f"p50={latencies[n // 2]:.2f} ms p99={latencies[int(n * 0.99)]:.2f} ms"
    )
    size = s.path.stat().st_size
    start = time.perf_counter()
    reopened = DrillSession.reopen(s.path)
    reopen_s = time.perf_counter() - start
    reopened.close()
    start = time.perf_counter()
    metrics = metrics_from_journal(s.path)
    metrics_s = time.perf_counter() - start
    print(
        f"journal: {size / 1024:.0f} KiB; reopen {reopen_s * 1000:.0f} ms; "
        f"metrics {metrics_s * 1000:.0f} ms ({len(metrics.by_participant)} actors)"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            main(Path(tmp))
