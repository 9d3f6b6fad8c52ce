"""Benchmark: every drill document from the sample session, and the report of a long one.

Run: ``python tests/benchmarks/bench_drill_docs.py``. Target: each document of the
sample under 2 s; the report of a 3-hour scriptless session (~1,500 entries: the 21
cards delivered, 600 actions, 400 notes) under 10 s, the same order as a plan export.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.drill import DrillSession, FakeTime  # noqa: E402
from app.drilldocs import DrillDoc, export_drill_doc, prepare  # noqa: E402
from app.storage.drills import load_drill, load_linked_plan  # noqa: E402
from tests.drill_docs_sessions import Wall, record_sample, scriptless_copy  # noqa: E402


def timed(kind: DrillDoc, drill: Path, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    export_drill_doc(kind, prepare(kind, drill), out)
    return time.perf_counter() - start, out.stat().st_size


def long_session(folder: Path) -> Path:
    path = scriptless_copy(folder)
    drill = load_drill(path).model
    plan = load_linked_plan(path, drill)
    t = FakeTime()
    s = DrillSession.create(
        drill, path, plan=plan.model if plan else None, time_source=t, wall=Wall(t)
    )
    s.start()
    for item in drill.script:
        s.deliver(item.id)
    cards = [c.id for c in drill.library]
    for i in range(1000):
        t.advance(10.0)
        if i % 45 == 0 and cards:
            s.deliver(cards.pop(0))
        delivered = [r.id for r in s.state.delivered()]
        if i % 5 < 3:
            s.record_action(f"处置行动 {i}", who="p-hq", inject=delivered[-1])
        else:
            s.note(f"现场记录 {i}：" + "情况" * 8, who="u-eval-1")
    s.end()
    s.close()
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a").mkdir()
        drill, _ = record_sample(folder / "a")
        for kind in DrillDoc:
            seconds, size = timed(kind, drill, folder / f"{kind.value}.docx")
            print(f"sample {kind.value:20s} {seconds * 1000:7.0f} ms  {size / 1024:6.0f} KB")
        (folder / "b").mkdir()
        long = long_session(folder / "b")
        for kind in (DrillDoc.REPORT, DrillDoc.SUMMARY):
            seconds, size = timed(kind, long, folder / f"long-{kind.value}.docx")
            print(f"3-hour {kind.value:20s} {seconds * 1000:7.0f} ms  {size / 1024:6.0f} KB")


if __name__ == "__main__":
    main()
