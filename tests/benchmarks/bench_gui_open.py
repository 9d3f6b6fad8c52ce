"""How fast a 300-page plan opens in the editor and stays usable.

A generated plan with 200 sections (≈450,000 characters of text), 500 contacts,
1,000 resources and 50 procedures of 10 steps. Target: open and usable in under 1 s;
a keystroke in a section and switching to the biggest table well under 100 ms.

Run: QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_gui_open.py
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PARAGRAPH = "本节规定了事故发生后各工作组的职责分工、信息报告程序和现场处置要求，各部门应严格执行。"


def big_plan_data() -> dict:
    sections = []
    for i in range(40):
        children = [
            {
                "id": f"s{i}-{j}",
                "title": f"第{i + 1}章第{j + 1}节",
                "body": "\n".join(PARAGRAPH * 6 for _ in range(8)),
            }
            for j in range(4)
        ]
        sections.append(
            {"id": f"s{i}", "title": f"第{i + 1}章", "body": PARAGRAPH * 3, "children": children}
        )
    groups = [
        {"id": f"g{i}", "name": f"工作组{i}", "lead": "组长", "duties": ["职责一", "职责二"]}
        for i in range(12)
    ]
    return {
        "schema": "plandrill/plan@1",
        "meta": {
            "title": "大型综合应急预案",
            "kind": "enterprise_comprehensive",
            "unit": {"name": "示范集团"},
        },
        "sections": sections,
        "organization": {"command": {"id": "hq", "name": "应急指挥部"}, "groups": groups},
        "contacts": [
            {
                "id": f"c{i}",
                "name": f"联系人{i}",
                "role": "成员",
                "phone": f"0731-{i:07d}",
                "mobile": f"138{i:08d}",
                "org_unit": f"g{i % 12}",
            }
            for i in range(500)
        ],
        "resources": [
            {
                "id": f"m{i}",
                "name": f"物资{i}",
                "quantity": i % 50 + 1,
                "unit": "件",
                "place": f"{i % 9 + 1}号仓库",
                "contact": f"c{i % 500}",
            }
            for i in range(1000)
        ],
        "procedures": [
            {
                "id": f"p{i}",
                "title": f"处置程序{i}",
                "steps": [
                    {
                        "id": f"p{i}s{j}",
                        "actor": f"g{j % 12}",
                        "action": "执行处置措施并报告",
                        "within_min": 5 * (j + 1),
                    }
                    for j in range(10)
                ],
            }
            for i in range(50)
        ],
    }


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from app.model.plan import Plan
    from app.storage.plans import save_plan

    home = tempfile.mkdtemp(prefix="plandrill-bench-")
    os.environ["PLANDRILL_HOME"] = home
    path = Path(home) / "大型预案.plan.yaml"
    save_plan(Plan.model_validate(big_plan_data()), path)
    size_kb = path.stat().st_size / 1024
    chars = sum(len(s) for s in path.read_text(encoding="utf-8").splitlines())

    app = QApplication.instance() or QApplication([])
    from app.ui.base import tasks
    from app.ui.mainwindow import MainWindow

    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()

    from PySide6.QtCore import QTimer

    beats: list[float] = []
    heart = QTimer()
    heart.timeout.connect(lambda: beats.append(time.perf_counter()))

    def longest_stall(action) -> float:  # type: ignore[no-untyped-def]
        """The longest time the GUI thread did not turn its event loop during ``action``."""
        beats.clear()
        heart.start(2)
        start = time.perf_counter()
        action()
        app.processEvents()
        end = time.perf_counter()
        heart.stop()
        points = [start, *beats, end]
        return max(b - a for a, b in itertools.pairwise(points))

    runs = []
    for _ in range(3):
        start = time.perf_counter()
        assert window.open_path(path, ask=False)
        window.repaint()
        app.processEvents()  # first paint done: the window is usable
        usable = time.perf_counter() - start
        while window.doc.is_checking():
            app.processEvents()
            time.sleep(0.001)
        checked = time.perf_counter() - start
        runs.append((usable, checked))

    editor = window.editor
    start = time.perf_counter()
    editor.select_path(("resources",))
    window.repaint()
    app.processEvents()
    switch_table = time.perf_counter() - start

    editor.select_path(("sections", 20, "children", 2, "body"))
    body = editor.section_page.body
    keystrokes = []
    for _ in range(30):
        start = time.perf_counter()
        body.insertPlainText("字")
        app.processEvents()
        keystrokes.append(time.perf_counter() - start)

    start = time.perf_counter()
    window.autosave_now()
    autosave_gui = time.perf_counter() - start
    tasks.wait_for_tasks()

    stall_open = longest_stall(lambda: window.open_path(path, ask=False))
    while window.doc.is_checking():
        app.processEvents()
    window.doc.set_value(("meta", "title"), "改过的标题")
    stall_save = longest_stall(window.save)

    usable = [u for u, _ in runs]
    checked = [c for _, c in runs]
    print(
        f"plan file: {size_kb:.0f} KB, {chars:,} characters, 200 sections, "
        f"500 contacts, 1,000 resources, 50 procedures × 10 steps"
    )
    print(
        f"open → usable (first paint):   best {min(usable) * 1000:.0f} ms, "
        f"median {statistics.median(usable) * 1000:.0f} ms"
    )
    print(
        f"open → first check done:       median {statistics.median(checked) * 1000:.0f} ms "
        f"(off the GUI thread)"
    )
    print(f"switch to the 1,000-row table: {switch_table * 1000:.0f} ms")
    print(
        f"keystroke in a section:        median {statistics.median(keystrokes) * 1000:.1f} ms, "
        f"max {max(keystrokes) * 1000:.1f} ms"
    )
    print(f"autosave, time on GUI thread:  {autosave_gui * 1000:.0f} ms")
    print(
        f"longest GUI stall while opening: {stall_open * 1000:.0f} ms; while saving: "
        f"{stall_save * 1000:.0f} ms"
    )
    window.doc.undo_stack.setClean()
    window.close()
    ok = statistics.median(usable) < 1.0
    print("target (< 1 s to usable):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
