"""The drill schema: loading with located errors, saving, round trips, plan references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.model.drill import (
    Channel,
    Drill,
    DrillMode,
    Role,
    resolve_plan_ref,
    step_ref,
)
from app.storage.drills import dumps_drill, load_drill, loads_drill, save_drill
from app.storage.errors import LoadError
from app.storage.plans import load_plan
from tests.drill_samples import SAMPLE_DRILL, SAMPLE_PLAN, scriptless_drill

HEAD = "schema: plandrill/drill@1\n"


def test_sample_drill_loads_clean() -> None:
    loaded = load_drill(SAMPLE_DRILL)
    assert loaded.problems == []
    drill = loaded.model
    assert drill.meta.mode is DrillMode.SCRIPTED
    assert drill.script[0].from_ == "中控室（模拟）"
    assert drill.script[0].channel is Channel.PHONE
    assert drill.participant("u-eval").role is Role.EVALUATOR  # type: ignore[union-attr]
    assert drill.inject("k2").category == "火灾"  # type: ignore[union-attr]


SCHEMA_CASES = [
    # (yaml after the schema line, path, line, words in the zh message)
    ("meta:\n  form: 沙盘\n", ("meta", "form"), 3, ["演练形式", "tabletop"]),
    ("meta:\n  mode: 随便\n", ("meta", "mode"), 3, ["组织方式", "scriptless"]),
    ("meta:\n  speed: 0\n", ("meta", "speed"), 3, ["时间压缩倍数"]),
    ("meta:\n  date: 明天\n", ("meta", "date"), 3, ["日期"]),
    ("meta:\n  blind: 也许\n", ("meta", "blind"), 3, ["双盲", "true"]),
    ("script:\n  - title: 无编号\n", ("script", 0, "id"), 3, ["缺少必填项", "编号"]),
    ("script:\n  - id: i1\n    at_min: 很快\n", ("script", 0, "at_min"), 4, ["计划时间"]),
    ("script:\n  - id: i1\n    at_min: -5\n", ("script", 0, "at_min"), 4, ["计划时间", "0"]),
    ("script:\n  - id: i1\n    channel: 飞鸽\n", ("script", 0, "channel"), 4, ["方式", "phone"]),
    ("script:\n  - id: i1\n    txet: 拼错\n", ("script", 0, "txet"), 4, ["未知字段", "txet"]),
    (
        "script:\n  - id: i1\n    follow_ups:\n      - {inject: i2}\n",
        ("script", 0, "follow_ups", 0, "decision"),
        5,
        ["当决策为"],
    ),
    ("participants:\n  - id: p1\n    role: 裁判\n", ("participants", 0, "role"), 4, ["演练角色"]),
    (
        "library:\n  - id: k1\n    severity: 很严重\n",
        ("library", 0, "severity"),
        4,
        ["严重程度", "major"],
    ),
    (
        "evaluation:\n  criteria:\n    - id: c1\n      weight: -1\n",
        ("evaluation", "criteria", 0, "weight"),
        5,
        ["权重"],
    ),
    (
        "evaluation:\n  grades:\n    - {name: 优, min_score: 120}\n",
        ("evaluation", "grades", 0, "min_score"),
        4,
        ["最低分"],
    ),
    ("findings:\n  - id: f1\n    status: 搁置\n", ("findings", 0, "status"), 4, ["整改状态"]),
    ("findings:\n  - id: f1\n    due: 下周\n", ("findings", 0, "due"), 4, ["整改期限"]),
]


@pytest.mark.parametrize(("text", "path", "line", "words"), SCHEMA_CASES)
def test_schema_errors_have_lines_and_words(
    text: str, path: tuple, line: int, words: list[str]
) -> None:
    loaded = loads_drill(HEAD + text, "x.drill.yaml")
    errors = [p for p in loaded.problems if p.severity.value == "error"]
    assert errors, loaded.problems
    problem = next((p for p in errors if p.path == path), errors[0])
    assert problem.path == path
    assert problem.line == line
    for word in words:
        assert word in problem.message.zh
    assert problem.message.en


def test_salvage_keeps_the_rest() -> None:
    loaded = loads_drill(
        HEAD + "meta:\n  title: 演练\n  form: 沙盘\nscript:\n  - id: i1\n    text: 保留\n"
    )
    assert loaded.has_errors
    assert loaded.model.meta.title == "演练"
    assert loaded.model.script[0].text == "保留"


def test_plan_file_is_not_a_drill() -> None:
    with pytest.raises(LoadError) as err:
        load_drill(SAMPLE_PLAN)
    assert "预案文件，不是演练文件" in err.value.message.zh


def test_missing_schema_line_is_a_warning() -> None:
    loaded = loads_drill("meta:\n  title: 演练\n")
    assert [p.code for p in loaded.problems] == ["file.schema_missing"]


def test_round_trip(tmp_path: Path) -> None:
    for drill in (load_drill(SAMPLE_DRILL).model, scriptless_drill()):
        path = tmp_path / "a.drill.yaml"
        save_drill(drill, path)
        again = load_drill(path)
        assert again.problems == []
        assert again.model == drill
        assert dumps_drill(again.model) == path.read_text(encoding="utf-8")


def test_dump_is_tidy() -> None:
    text = dumps_drill(load_drill(SAMPLE_DRILL).model)
    assert text.startswith("# PlanDrill 演练文件")
    assert "from: 中控室（模拟）" in text  # the alias, not from_
    assert "''" not in text  # no empty strings
    assert "at_min: 8\n" in text  # no 8.0
    inject = text[text.index("- id: i2") :]
    assert inject.index("title:") < inject.index("at_min:") < inject.index("from:")


def test_json_schema_carries_labels() -> None:
    schema = Drill.model_json_schema(by_alias=True)
    text = json.dumps(schema, ensure_ascii=False)
    assert "演练脚本" in text and "Inject library" in text
    assert "from" in schema["$defs"]["Inject"]["properties"]


def test_plan_references() -> None:
    plan = load_plan(SAMPLE_PLAN).model
    step = resolve_plan_ref(plan, "procedures/gen-ii/steps/gen-ii-02")
    assert step is not None and step.action.startswith("专职消防")  # type: ignore[attr-defined]
    assert resolve_plan_ref(plan, "procedures/gen-report") is plan.procedures[0]
    assert resolve_plan_ref(plan, "steps/gen-i-03") is not None
    assert resolve_plan_ref(plan, "sections/report").title == "信息报告"  # type: ignore[union-attr]
    assert resolve_plan_ref(plan, "sections/warning-lift") is not None  # any depth
    assert resolve_plan_ref(plan, "appendices/a-contacts") is not None
    assert resolve_plan_ref(plan, "contacts/c-commander").name == "王建国"  # type: ignore[union-attr]
    assert resolve_plan_ref(plan, "organization/g-rescue") is not None
    assert resolve_plan_ref(plan, "/resources/m-scba/") is not None
    assert resolve_plan_ref(plan, "meta") is plan.meta
    for bad in (
        "",
        "procedures/gen-ii/steps/nope",
        "procedures/gen-ii/steps/gen-i-03",  # a step of another procedure
        "sections/nope",
        "contacts",
        "weird/x",
        "procedures/gen-ii/x/gen-ii-01",
    ):
        assert resolve_plan_ref(plan, bad) is None, bad
    assert step_ref(plan, "gen-ii-02") == "procedures/gen-ii/steps/gen-ii-02"
    assert step_ref(plan, "nope") is None
