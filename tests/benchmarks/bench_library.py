"""How long a library of 500 realistic plans takes to load (run by hand, not collected).

    python tests/benchmarks/bench_library.py [--plans 500] [--keep DIR]

The library is 500 copies of the rendered starter plans (8 kinds, 7–25 KB each, far
larger than the old sample), each with its own title, in folders of 50.

Target: the library window shows the full table (every date column, overdue marks) in
under 2 s. Measured: the quick scan that fills the table, the full checks that follow
in the background, a cold full scan (the CLI), a rescan after one file changed, a new
session with the disk cache, the plan system, the work plan and its Word file, and the
GUI window itself (offscreen) from open to table and to checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.library import ScanCache, scan_library
from app.library.reports import work_plan_docx_bytes
from app.library.system import build_system
from app.library.workplan import propose
from app.storage import templates

TODAY = dt.date(2026, 11, 23)
TARGET_S = 2.0


def build(folder: Path, plans: int) -> Path:
    texts = {
        info.id: templates.render_template_text(info.id, {}, use_examples=True)
        for info in templates.list_templates()
    }
    ids = sorted(texts)
    for n in range(plans):
        template = ids[n % len(ids)]
        lines = texts[template].splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("  title: "):  # meta.title: make every plan its own
                lines[i] = f"{line.rstrip()}（{n:03d}）\n"
                break
        sub = folder / f"单位{n // 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{template}-{n:03d}.plan.yaml").write_text("".join(lines), encoding="utf-8")
    return folder


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def gui_figures(root: Path, cache_dir: Path) -> tuple[float, float, float]:
    """Seconds from open_folder to a full table, to every check done, and the longest
    the event loop waited meanwhile (a 10 ms timer's largest gap)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.ui.base.settings import Preferences
    from app.ui.library_window import LibraryWindow

    os.environ["PLANDRILL_HOME"] = str(cache_dir / "home")
    window = LibraryWindow(None, prefs=Preferences(), cache=ScanCache(), today=TODAY)
    window.resize(1366, 768)
    window.show()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    start = time.perf_counter()
    window.open_folder(root)
    table = None
    while True:
        app.processEvents()
        if table is None and window.model.rowCount() > 0:
            table = time.perf_counter() - start
        if window.library is not None and window.library.complete and window._running is None:
            break
        time.sleep(0.002)
    checked = time.perf_counter() - start
    timer.stop()
    window.close()
    after_table = [t for t in ticks if t - start > (table or 0)]
    stall = max((b - a for a, b in itertools.pairwise(after_table)), default=0.0)
    return table or checked, checked, stall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="build the library here and keep it")
    parser.add_argument("--no-gui", action="store_true")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="plandrill-bench-"))
    root = base / "预案库"
    try:
        if not root.exists():
            seconds, _ = timed(lambda: build(root, args.plans))
            print(f"built {args.plans} plans in {seconds:.1f} s")
        size = sum(p.stat().st_size for p in root.rglob("*.plan.yaml"))
        print(f"library: {args.plans} plans, {size / 1e6:.1f} MB, {os.cpu_count()} CPU(s)")
        rows: list[tuple[str, float]] = []

        cache = ScanCache()
        seconds, quick = timed(lambda: scan_library(root, today=TODAY, cache=cache, quick=True))
        rows.append(("quick scan: the table with every date column", seconds))
        seconds, full = timed(lambda: scan_library(root, today=TODAY, cache=cache))
        rows.append(("full checks after it (background)", seconds))
        assert full.complete and len(full.entries) == args.plans
        seconds, _ = timed(lambda: scan_library(root, today=TODAY))
        rows.append(("cold full scan, no cache (CLI)", seconds))
        changed = next(root.rglob("*.plan.yaml"))
        changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        seconds, _ = timed(lambda: scan_library(root, today=TODAY, cache=cache))
        rows.append(("rescan after one file changed", seconds))
        disk = ScanCache(base / "cache")
        scan_library(root, today=TODAY, cache=disk)
        disk.save(root)
        later = ScanCache(base / "cache")
        seconds, _ = timed(lambda: scan_library(root, today=TODAY, cache=later))
        rows.append(("next session, from the disk cache", seconds))
        seconds, system = timed(lambda: build_system(full))
        rows.append(("plan system (links of 500 plans)", seconds))
        seconds, plan_rows = timed(lambda: propose(full, 2027))
        rows.append((f"work plan 2027 ({len(plan_rows)} rows)", seconds))
        seconds, _ = timed(lambda: work_plan_docx_bytes(full, 2027, rows=plan_rows))
        rows.append(("work plan .docx", seconds))
        if not args.no_gui:
            table, checked, stall = gui_figures(root, base)
            rows.append(("GUI: open folder → full table shown", table))
            rows.append(("GUI: open folder → every check done", checked))
            rows.append(("GUI: longest event-loop stall while checking", stall))
        width = max(len(label) for label, _ in rows)
        for label, seconds in rows:
            print(f"  {label:<{width}}  {seconds * 1000:8.0f} ms")
        print(
            f"system: {len(system.roots)} roots, {len(system.issues)} issues; quick rows: {len(quick.entries)}"
        )
        first = rows[0][1]
        verdict = "OK" if first < TARGET_S else "OVER"
        print(f"target: the table in under {TARGET_S:.0f} s: {verdict} ({first:.2f} s)")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
