"""Drills for the drill-engine tests: the bundled sample, and a scriptless blind one.

Tests copy the sample drill and plan into a temp folder first: sessions write their
journals next to the drill file, never into ``resources/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app.model.drill import Drill

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "resources" / "sample"
SAMPLE_DRILL = SAMPLE_DIR / "液氯泄漏桌面推演.drill.yaml"
SAMPLE_PLAN = SAMPLE_DIR / "化工企业综合应急预案.plan.yaml"


def copy_sample(folder: Path) -> Path:
    """Copy the sample drill and its plan into ``folder``; returns the drill's path."""
    shutil.copy(SAMPLE_PLAN, folder / SAMPLE_PLAN.name)
    return Path(shutil.copy(SAMPLE_DRILL, folder / SAMPLE_DRILL.name))


def scriptless_drill(*, blind: bool = True, seed: int | None = None) -> Drill:
    """A double-blind scriptless drill: an opening inject and a library of cards.

    Every text carries a unique marker (``SECRET-<id>``) so leak tests can search for it.
    """
    cards = [
        ("k-leak1", "泄漏", "moderate", [], 1.0),
        ("k-leak2", "泄漏", "major", [], 2.0),
        ("k-fire", "火灾", "major", [{"category": "泄漏"}], 1.0),
        ("k-fire2", "火灾", "severe", [{"category": "泄漏"}, {"inject": "k-fire"}], 1.0),
        ("k-comm", "通信", "minor", [], 1.0),
        ("k-people", "人员", "moderate", [], 3.0),
        ("k-evac", "人员", "major", [{"inject": "open", "category": "火灾"}], 1.0),
        ("k-after-fire", "火灾", "moderate", [], 1.0),
    ]
    library = [
        {
            "id": ident,
            "title": f"卡片标题 TITLE-{ident}",
            "category": category,
            "severity": severity,
            "preconditions": pre,
            "weight": weight,
            "to": ["hq"],
            "text": f"情景 SECRET-{ident}",
            "note": f"导调说明 NOTE-{ident}",
            "expected": [{"id": f"e-{ident}", "text": f"期望 EXPECT-{ident}", "by": "hq"}],
            "evaluation_points": [f"要点 POINT-{ident}"],
        }
        for ident, category, severity, pre, weight in cards
    ]
    # branching: deciding to evacuate on the people card releases k-after-fire
    library[5]["decisions"] = [
        {"id": "d-evacuate", "text": "组织疏散"},
        {"id": "d-stay", "text": "就地避险"},
    ]
    library[5]["follow_ups"] = [
        {"decision": "d-evacuate", "inject": "k-after-fire", "delay_min": 2}
    ]
    return Drill.model_validate(
        {
            "meta": {
                "title": "双盲无脚本推演",
                "mode": "scriptless",
                "blind": blind,
                "scenario": "情景概要 SECRET-scenario",
                "seed": seed,
            },
            "participants": [
                {"id": "u-hq", "name": "总经理", "role": "player", "plays": "hq"},
                {"id": "u-dir", "name": "导调", "role": "director"},
            ],
            "script": [
                {
                    "id": "open",
                    "title": "开场 TITLE-open",
                    "at_min": 0,
                    "text": "开场情况 SECRET-open",
                    "note": "NOTE-open",
                },
                {
                    "id": "later",
                    "title": "后续 TITLE-later",
                    "at_min": 30,
                    "text": "后续情况 SECRET-later",
                    "expected": [{"id": "e-later", "text": "EXPECT-later", "within_min": 5}],
                },
            ],
            "library": library,
            "evaluation": {"criteria": [{"id": "c1", "text": "处置", "weight": 1}]},
        }
    )
