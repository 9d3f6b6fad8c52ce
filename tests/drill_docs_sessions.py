"""Sessions recorded on a fake clock, for the drill-document and findings tests.

``record_sample(folder)`` copies the sample drill and plan into ``folder`` and plays the
drill through ``DrillSession`` like a coordinator would: deliveries on schedule, a
branch not taken, one late and one missed expected action, marks, a note and two
findings linked to plan elements. Its known answers are in ``SAMPLE_FACTS``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from app.drill import DrillSession, FakeTime
from app.model.drill import Drill
from app.storage.drills import load_drill, load_linked_plan, save_drill
from tests.drill_samples import SAMPLE_DIR, copy_sample

MIN = 60.0
SCRIPTLESS_SAMPLE = SAMPLE_DIR / "无脚本综合演练.drill.yaml"

SAMPLE_FACTS = {
    "delivered": ["i1", "i2", "i3", "i4"],
    "response_min": {"i1": 2.0, "i2": 23.0, "i3": 18.0},
    "counts": {"done": 2, "late": 1, "missed": 1},
}


class Wall:
    """A wall clock for journal entries that moves with the fake monotonic time."""

    def __init__(self, t: FakeTime, start: dt.datetime | None = None) -> None:
        self.t = t
        self.base = start or dt.datetime(
            2026, 6, 16, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))
        )
        self.origin = t()

    def __call__(self) -> dt.datetime:
        return self.base + dt.timedelta(seconds=self.t() - self.origin)


def record_sample(folder: Path, *, end: bool = True) -> tuple[Path, Path]:
    """Play the sample drill; returns (drill path, journal path)."""
    path = copy_sample(folder)
    drill = load_drill(path).model
    loaded = load_linked_plan(path, drill)
    assert loaded is not None
    t = FakeTime()
    s = DrillSession.create(drill, path, plan=loaded.model, time_source=t, wall=Wall(t))
    s.start()
    s.poll()  # i1 at T+0
    t.advance(2 * MIN)
    s.record_action(
        "研判后启动Ⅱ级响应", who="u-hq", inject="i1", decision="d-start", fulfils=["e1"]
    )
    t.advance(6 * MIN)
    s.poll()  # i2 at T+8
    t.advance(5 * MIN)
    s.poll()  # i3 five minutes after i2: T+13
    s.note("抢险组未立即佩戴空气呼吸器", who="u-eval", inject="i2")
    t.advance(18 * MIN)  # T+31: e2 was due by T+23
    s.record_action("关闭上游阀门", who="u-rescue", fulfils=["e2"])
    s.record_action("设立救护点并联系120", who="u-medical", inject="i3", fulfils=["e3"])
    s.set_speed(5)
    t.advance(2 * MIN)  # 10 scenario minutes: T+41, i4 at T+40
    s.poll()
    s.mark("c1", score=85, by="u-eval")
    s.mark("c2", level="achieved", by="u-eval")
    if end:
        s.end("演练结束")
        s.mark("c3", score=70, by="u-eval", note="转送衔接偏慢")
        s.mark("c4", score=80, by="u-eval")
        s.add_finding(
            "抢险救援组关阀超时，个体防护未到位",
            severity="serious",
            ref="procedures/gen-ii/steps/gen-ii-02",
            owner="生产副总经理",
            due=dt.date(2026, 7, 31),
            inject="i2",
        )
        s.add_finding("媒体询问无人答复，对外口径未明确", ref="sections/report", owner="综合办")
    s.close()
    return path, s.path


def scriptless_copy(folder: Path) -> Path:
    """The bundled double-blind scriptless sample, copied next to the sample plan."""
    copy_sample(folder)
    return Path(shutil.copy(SCRIPTLESS_SAMPLE, folder / SCRIPTLESS_SAMPLE.name))


def record_scriptless(folder: Path) -> tuple[Path, Path, list[str]]:
    """Play the scriptless sample: the six task cards at T+0, then two drawn cards.

    Returns (drill path, journal path, ids of the cards delivered).
    """
    path = scriptless_copy(folder)
    drill = load_drill(path).model
    loaded = load_linked_plan(path, drill)
    t = FakeTime()
    s = DrillSession.create(
        drill, path, plan=loaded.model if loaded else None, time_source=t, wall=Wall(t)
    )
    s.start()
    s.poll()
    delivered: list[str] = []
    for category in ("泄漏", "火灾"):
        t.advance(10 * MIN)
        card = s.draw(category)
        assert card is not None
        s.deliver(card.id)
        delivered.append(card.id)
        t.advance(3 * MIN)
        s.record_action("按预案处置", who="p-hq", inject=card.id)
    s.end()
    s.close()
    return path, s.path, delivered


def save_copy(drill: Drill, path: Path) -> Path:
    save_drill(drill, path, backup=False)
    return path
