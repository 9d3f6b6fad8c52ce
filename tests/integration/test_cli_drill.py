"""``python -m app drill …`` and ``validate`` on drills, as a user runs them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from app.drill import DrillSession
from app.storage.drills import load_drill, load_linked_plan
from tests.drill_samples import SAMPLE_PLAN, copy_sample
from tests.helpers import run_cli


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLE_PLAN, tmp_path / "预案.plan.yaml"))


def test_new_from_plan_writes_a_valid_drill(plan_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "drills" / "Ⅱ级推演.drill.yaml"
    out.parent.mkdir()
    result = run_cli("drill", "new", "--from-plan", str(plan_copy), "--level", "II", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "15 条注入" in result.stdout  # Ⅳ→Ⅲ→Ⅱ: 3 situations + 5 + 7 steps
    loaded = load_drill(out)
    assert loaded.problems == []
    assert loaded.model.meta.plan == "../预案.plan.yaml"  # relative to the drill file
    assert load_linked_plan(out, loaded.model) is not None
    check = run_cli("validate", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 个错误，0 个警告" in check.stderr


def test_new_default_name(plan_copy: Path) -> None:
    result = run_cli("drill", "new", "--from-plan", str(plan_copy), "--level", "I")
    assert result.returncode == 0, result.stderr
    assert (plan_copy.parent / "预案-I.drill.yaml").is_file()


def test_new_without_level_lists_the_levels(plan_copy: Path) -> None:
    result = run_cli("drill", "new", "--from-plan", str(plan_copy))
    assert result.returncode == 2
    assert "--level" in result.stderr and "I、II、III、IV" in result.stderr


def test_new_takes_the_only_level_there_is(tmp_path: Path) -> None:
    plan = tmp_path / "单级.plan.yaml"
    plan.write_text(
        "schema: plandrill/plan@1\nmeta: {title: 单级预案}\n"
        "organization: {command: {id: hq, name: 指挥部}}\n"
        "levels: [{id: II}]\n"
        "procedures:\n  - id: p1\n    level: II\n    steps: [{id: s1, actor: hq, action: 启动}]\n",
        encoding="utf-8",
    )
    result = run_cli("drill", "new", "--from-plan", str(plan))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "单级-II.drill.yaml").is_file()


def test_new_from_a_plan_without_levels(tmp_path: Path) -> None:
    plan = tmp_path / "现场处置方案.plan.yaml"
    plan.write_text(
        "schema: plandrill/plan@1\nmeta: {title: 现场处置方案, kind: enterprise_onsite}\n"
        "organization: {groups: [{id: crew, name: 班组}]}\n"
        "procedures:\n  - id: p1\n    steps: [{id: s1, actor: crew, action: 报警}]\n",
        encoding="utf-8",
    )
    result = run_cli("drill", "new", "--from-plan", str(plan))
    assert result.returncode == 0, result.stderr
    assert load_drill(tmp_path / "现场处置方案.drill.yaml").model.meta.level is None


def test_new_refuses_to_overwrite_without_force(plan_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.drill.yaml"
    out.write_text("我的演练，不许覆盖\n", encoding="utf-8")
    result = run_cli("drill", "new", "--from-plan", str(plan_copy), "--level", "II", "-o", str(out))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "我的演练，不许覆盖\n"
    forced = run_cli(
        "drill", "new", "--from-plan", str(plan_copy), "--level", "II", "-o", str(out), "--force"
    )
    assert forced.returncode == 0
    assert (tmp_path / "x.drill.yaml.bak").read_text(encoding="utf-8") == "我的演练，不许覆盖\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--level", "V"], "可选：I、II、III、IV"),
        (["--from-plan", "不存在.plan.yaml", "--level", "II"], "不存在"),
    ],
)
def test_new_bad_input_one_line_exit_2(
    plan_copy: Path, tmp_path: Path, args: list[str], words: str
) -> None:
    out = tmp_path / "y.drill.yaml"
    base = [] if "--from-plan" in args else ["--from-plan", str(plan_copy)]
    result = run_cli("drill", "new", *base, *args, "-o", str(out))
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_new_from_a_plan_without_procedures(tmp_path: Path) -> None:
    plan = tmp_path / "空.plan.yaml"
    plan.write_text(
        "schema: plandrill/plan@1\nmeta: {title: 空}\nlevels: [{id: I}]\n", encoding="utf-8"
    )
    result = run_cli(
        "drill",
        "new",
        "--from-plan",
        str(plan),
        "--level",
        "I",
        "-o",
        str(tmp_path / "n.drill.yaml"),
    )
    assert result.returncode == 2
    assert "有处置程序的级别：无" in result.stderr
    assert not (tmp_path / "n.drill.yaml").exists()


def test_new_from_a_broken_plan(tmp_path: Path) -> None:
    bad = tmp_path / "坏.plan.yaml"
    bad.write_text("schema: plandrill/plan@1\nmeta:\n  kind: bogus\n", encoding="utf-8")
    result = run_cli(
        "drill",
        "new",
        "--from-plan",
        str(bad),
        "--level",
        "II",
        "-o",
        str(tmp_path / "z.drill.yaml"),
    )
    assert result.returncode == 2
    assert f"{bad}:3:" in result.stderr and "validate" in result.stderr
    assert not (tmp_path / "z.drill.yaml").exists()


def test_new_into_a_missing_folder(plan_copy: Path, tmp_path: Path) -> None:
    result = run_cli(
        "drill",
        "new",
        "--from-plan",
        str(plan_copy),
        "--level",
        "II",
        "-o",
        str(tmp_path / "无" / "x.drill.yaml"),
    )
    assert result.returncode == 2 and "文件夹不存在" in result.stderr


def test_english_messages(plan_copy: Path, tmp_path: Path) -> None:
    result = run_cli(
        "--lang",
        "en",
        "drill",
        "new",
        "--from-plan",
        str(plan_copy),
        "--level",
        "V",
        "-o",
        str(tmp_path / "e.drill.yaml"),
    )
    assert result.returncode == 2 and "choose from: I, II, III, IV" in result.stderr


def _session(tmp_path: Path) -> Path:
    drill_path = copy_sample(tmp_path)
    drill = load_drill(drill_path).model
    plan = load_linked_plan(drill_path, drill)
    assert plan is not None
    s = DrillSession.create(drill, drill_path, plan=plan.model, session_id="20260616-090000")
    s.start()
    s.poll()
    s.record_action("启动Ⅱ级响应", who="u-hq", inject="i1", fulfils=["e1"], decision="d-start")
    s.mark("c1", score=88)
    s.add_finding("报告时限不清", ref="sections/report", due=dt.date(2026, 7, 1))
    s.close()  # not ended: an unfinished session
    return s.path


def test_sessions_lists_and_metrics_summarise(tmp_path: Path) -> None:
    journal = _session(tmp_path)
    drill = tmp_path / "液氯泄漏桌面推演.drill.yaml"
    listed = run_cli("drill", "sessions", str(drill))
    assert listed.returncode == 0
    assert "20260616-090000" in listed.stdout and "未结束" in listed.stdout

    text = run_cli("drill", "metrics", str(journal))
    assert text.returncode == 0, text.stderr
    assert "液氯储罐泄漏事故桌面推演" in text.stdout
    assert "按时完成 1" in text.stdout and "发现问题 1 项" in text.stdout

    out = tmp_path / "metrics.json"
    written = run_cli("drill", "metrics", str(journal), "-o", str(out))
    assert written.returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["session"] == "20260616-090000"
    assert {e["id"]: e["status"] for e in data["expected"]}["e1"] == "done"
    assert data["evaluation"]["score"] == 88.0
    assert data["steps_in_scope"] == 12  # 接警与先期处置 (5) and the Ⅱ级 procedure (7)

    # a drill file stands for its newest session
    via_drill = run_cli("drill", "metrics", str(drill), "--format", "json")
    assert json.loads(via_drill.stdout)["session"] == "20260616-090000"


def test_metrics_with_a_torn_and_a_damaged_line(tmp_path: Path) -> None:
    journal = _session(tmp_path)
    lines = journal.read_bytes().split(b"\n")
    lines[3] = b'{"seq":3,"type":"act'  # damaged in the middle
    journal.write_bytes(b"\n".join(lines) + b'{"seq":99,"ty')  # and a torn tail
    result = run_cli("drill", "metrics", str(journal))
    assert result.returncode == 1  # results cover what could be read
    assert "Traceback" not in result.stderr
    assert f"{journal}:4: 错误:" in result.stderr and "第 4 行已损坏" in result.stderr
    assert "不完整" in result.stderr
    assert "液氯储罐泄漏事故桌面推演" in result.stdout


@pytest.mark.parametrize("content", [b"", b"not a journal\n", b"\x00\x00"])
def test_metrics_unreadable_one_line_exit_2(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.20260101-000000.journal.jsonl"
    path.write_bytes(content)
    out = tmp_path / "m.json"
    result = run_cli("drill", "metrics", str(path), "-o", str(out))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_metrics_of_a_drill_without_sessions(tmp_path: Path) -> None:
    drill = copy_sample(tmp_path)
    result = run_cli("drill", "metrics", str(drill))
    assert result.returncode == 2 and "还没有" in result.stderr


def test_validate_drill_with_errors_gives_lines(tmp_path: Path) -> None:
    drill = copy_sample(tmp_path)
    text = drill.read_text(encoding="utf-8").replace("steps: [gen-ii-02]", "steps: [st-99]", 1)
    drill.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "st-99" in ln)
    result = run_cli("validate", str(drill))
    assert result.returncode == 1
    hit = next(ln for ln in result.stdout.splitlines() if "st-99" in ln)
    assert hit.startswith(f"{drill}:{line}: 错误: ")


def test_validate_drill_with_missing_plan(tmp_path: Path) -> None:
    drill = copy_sample(tmp_path)
    (tmp_path / SAMPLE_PLAN.name).unlink()
    result = run_cli("validate", "--format", "json", str(drill))
    assert result.returncode == 1
    [report] = json.loads(result.stdout)
    [problem] = report["problems"]
    assert problem["line"] == 9 and SAMPLE_PLAN.name in problem["message"]


def test_schema_for_drills() -> None:
    result = run_cli("schema", "drill")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["schema"]["const"] == "plandrill/drill@1"
