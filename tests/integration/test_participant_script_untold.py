"""Issue 18 item 7: the participants' script tells nothing the drill's blind settings
hide: a 双盲 drill's date, time, place and objectives, an open drill's inject sequence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.drill.views import public_brief
from app.drilldocs import DrillDoc, export_drill_doc, prepare
from app.model.drill import Drill, Objective
from app.storage.drills import load_drill, save_drill
from tests.drill_samples import SAMPLE_DRILL
from tests.integration.test_drill_docs_export import package_text, paragraphs, table_with


def _sample(tmp_path: Path, *, blind: bool) -> tuple[Drill, Path]:
    drill = load_drill(SAMPLE_DRILL).model
    cards = [c.title for c in (*drill.script, *drill.library) if c.title]
    meta = drill.meta.model_copy(
        update={
            "blind": blind,
            "date": dt.date(2026, 6, 16),
            "start": "09:30",
            "place": "三号会议室",
            "duration_min": 75,
            # objectives that name what is coming, as designers write them
            "objectives": [
                Objective(id="o1", text=f"检验{cards[1]}后的先期处置"),
                Objective(id="o2", text=f"检验{cards[-1]}时的对外沟通"),
            ],
        }
    )
    drill = drill.model_copy(update={"meta": meta})
    path = tmp_path / ("双盲.drill.yaml" if blind else "公开.drill.yaml")
    save_drill(drill, path, backup=False)
    for other in SAMPLE_DRILL.parent.glob("*.plan.yaml"):
        (tmp_path / other.name).write_bytes(other.read_bytes())
    return drill, path


def _script(path: Path, out: Path) -> str:
    export_drill_doc(DrillDoc.SCRIPT_PARTICIPANT, prepare(DrillDoc.SCRIPT_PARTICIPANT, path), out)
    return package_text(out)


def test_a_blind_drill_tells_no_date_time_place_or_objectives(tmp_path: Path) -> None:
    drill, path = _sample(tmp_path, blind=True)
    text = _script(path, tmp_path / "p.docx")
    for secret in ("2026年6月16日", "2026-06-16", "09:30", "三号会议室", "75 分钟"):
        assert secret not in text, secret
    for objective in drill.meta.objectives:
        assert objective.text not in text
    for item in (*drill.script, *drill.library):
        assert not item.title or item.title not in text, item.title
    assert "事先不告知（双盲演练）" in text and "双盲演练" in text
    brief = public_brief(drill)
    assert brief.date is None and brief.place is None and brief.objectives == ()


def test_an_open_drill_does_not_print_the_course_of_the_incident(tmp_path: Path) -> None:
    drill, path = _sample(tmp_path, blind=False)
    out = tmp_path / "p.docx"
    text = _script(path, out)
    assert "三号会议室" in text and "2026年6月16日" in text  # an open drill is announced
    assert drill.meta.scenario.split("\n")[0] in text
    # the agenda is the drill's phases, not the injects one by one
    agenda = table_with(out, "环节")
    assert [r[1] for r in agenda[1:]] == ["介绍情景，宣布演练开始", "宣布演练结束，进行现场讲评"]
    public = " ".join(o.text for o in drill.meta.objectives)  # the designer chose to tell these
    titles = [i.title for i in drill.script if i.title and i.title not in public]
    body = "\n".join(paragraphs(out)) + "\n".join("".join(r) for r in agenda)
    assert not [t for t in titles if t in body]
