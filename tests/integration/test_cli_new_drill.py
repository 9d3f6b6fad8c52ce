"""``python -m app templates`` and ``python -m app new`` with drill templates, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.storage.drills import load_drill
from app.storage.plans import load_plan
from app.storage.templates import list_templates, render_drill, render_drill_text
from tests.helpers import HOSTILE_VALUES, run_cli

LEAK = "hazchem-leak-tabletop"
SCRIPTLESS = "hazchem-scriptless"
LEAK_PLAN = "危险化学品泄漏事故专项应急预案.plan.yaml"
TODAY = "2026-11-23"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "无脚本综合演练.drill.yaml"


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def _validate(*files: Path) -> str:
    check = run_cli("validate", "--today", TODAY, "--errors-only", *map(str, files))
    assert check.returncode == 0, check.stdout + check.stderr
    summary = [ln for ln in check.stderr.splitlines() if "个错误" in ln]
    assert len(summary) == len(files) and all("：0 个错误" in ln for ln in summary), summary
    return check.stdout


# --- templates ------------------------------------------------------------------------------


def test_templates_lists_the_drills_after_the_plans() -> None:
    result = run_cli("templates")
    assert result.returncode == 0
    rows = {ln.split()[0]: ln for ln in result.stdout.splitlines()[1:]}
    assert list(rows)[-2:] == [SCRIPTLESS, LEAK]
    assert rows[LEAK].split()[1] == "有脚本演练"
    assert rows[SCRIPTLESS].split()[1] == "无脚本演练"
    assert rows["hazchem-leak-special"].split()[1] == "专项应急预案"
    assert "*.drill.yaml" in result.stderr


def test_templates_json_says_what_each_template_makes() -> None:
    data = {d["id"]: d for d in json.loads(run_cli("templates", "--format", "json").stdout)}
    leak = data[LEAK]
    assert leak["doc"] == "drill" and leak["doc_label"] == "演练"
    assert leak["mode"] == "scripted" and leak["plan_template"] == "hazchem-leak-special"
    assert leak["kind"] == "enterprise_special" and leak["output_suffix"] == ".drill.yaml"
    assert data["township"]["doc"] == "plan" and data["township"]["mode"] is None
    blind = {v["name"]: v for v in data[SCRIPTLESS]["variables"]}["blind"]
    assert blind["type"] == "bool" and blind["default"] == "是"


def test_drill_details_show_the_two_commands() -> None:
    result = run_cli("templates", LEAK)
    assert result.returncode == 0
    out = result.stdout
    assert "有脚本演练" in out and "hazchem-leak-special" in out and "plan_file" in out
    commands = [ln.strip() for ln in out.splitlines() if ln.strip().startswith("python -m app")]
    assert commands[0] == f"python -m app new --template hazchem-leak-special -o {LEAK_PLAN}"
    assert commands[1].startswith(f"python -m app new --template {LEAK} ")
    assert commands[1].endswith(f"-o {LEAK}.drill.yaml")
    english = run_cli("--lang", "en", "templates", SCRIPTLESS).stdout
    assert "Scriptless drill" in english and "[yes/no]" in english


# --- new: the happy paths ---------------------------------------------------------------------


@pytest.mark.parametrize("example", [False, True], ids=["defaults", "examples"])
@pytest.mark.parametrize("template_id", [LEAK, SCRIPTLESS])
def test_plan_and_drill_side_by_side(tmp_path: Path, template_id: str, example: bool) -> None:
    """The README's recipe: two new commands into one folder; the drill finds its plan."""
    flag = ["--example"] if example else []
    details = run_cli("templates", template_id).stdout
    plan_cmd, drill_cmd = [
        ln.split() for ln in details.splitlines() if ln.strip().startswith("python -m app new")
    ]
    plan_args = plan_cmd[3:]  # new --template ID -o NAME
    plan_name = plan_args[-1]
    made = run_cli(*plan_args[:-1], str(tmp_path / plan_name), *flag)
    assert made.returncode == 0, made.stderr
    drill_path = tmp_path / "推演.drill.yaml"
    assert drill_cmd[4:6] == ["--template", template_id] and drill_cmd[-2] == "-o"
    sets = drill_cmd[6:-2]  # the --set pairs of the example
    result = run_cli("new", "--template", template_id, *sets, *flag, "-o", str(drill_path))
    assert result.returncode == 0, result.stderr
    assert "已核对关联的预案" in result.stdout and "全部存在" in result.stdout
    drill = load_drill(drill_path).model
    assert drill.meta.plan == plan_name
    _validate(tmp_path / plan_name, drill_path)


def test_drill_first_then_the_plan_it_asks_for(tmp_path: Path) -> None:
    drill_path = tmp_path / "泄漏推演.drill.yaml"
    result = run_cli("new", "-t", LEAK, "-o", str(drill_path))
    assert result.returncode == 0, result.stderr
    note = next(ln for ln in result.stdout.splitlines() if "尚不存在" in ln)
    command = note.rsplit("：", 1)[1].split()  # python -m app new --template … -o …
    assert command[:4] == ["python", "-m", "app", "new"] and command[-1].endswith(LEAK_PLAN)
    assert "【待填写】" in result.stdout and "如 meta.place" in result.stdout
    made = run_cli(*command[3:], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / LEAK_PLAN).is_file()
    _validate(drill_path)
    assert load_plan(tmp_path / LEAK_PLAN).model.meta.title == "危险化学品泄漏事故专项应急预案"


def test_values_and_stdout(tmp_path: Path) -> None:
    result = run_cli(
        "new",
        "-t",
        SCRIPTLESS,
        "--set",
        "unit.name=东方化工有限公司",
        "--set",
        "blind=否",
        "--set",
        "date=2026-10-09",
        "-o",
        "-",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# PlanDrill 演练文件")
    assert "blind: false" in result.stdout and "date: 2026-10-09" in result.stdout
    assert "organiser: 东方化工有限公司安全环保部" in result.stdout
    expected = render_drill_text(
        SCRIPTLESS, {"unit.name": "东方化工有限公司", "blind": "否", "date": "2026-10-09"}
    )
    assert result.stdout == expected


def test_sample_drill_is_regenerated_by_the_documented_command(tmp_path: Path) -> None:
    # next to a copy of the sample plan, as in resources/sample
    plan = SAMPLE.with_name("化工企业综合应急预案.plan.yaml")
    (tmp_path / plan.name).write_bytes(plan.read_bytes())
    out = tmp_path / SAMPLE.name
    out.write_text("old", encoding="utf-8")
    result = run_cli(
        "new", "--template", SCRIPTLESS, "--example", "--force", "--no-backup", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "已核对关联的预案" in result.stdout
    assert out.read_bytes() == SAMPLE.read_bytes()
    assert not (tmp_path / f"{out.name}.bak").exists()


def test_force_keeps_a_backup_of_the_old_drill(tmp_path: Path) -> None:
    out = tmp_path / "a.drill.yaml"
    out.write_text("旧演练", encoding="utf-8")
    result = run_cli("new", "-t", LEAK, "--force", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.drill.yaml.bak").read_text(encoding="utf-8") == "旧演练"
    assert load_drill(out).model.meta.mode.value == "scripted"


# --- new: bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template_id", "name", "words"),
    [
        (LEAK, "x.plan.yaml", ["演练", ".drill.yaml", "-o", "x.drill.yaml"]),
        (LEAK, "x.yaml", [".drill.yaml", "x.drill.yaml"]),
        (LEAK, ".drill.yaml", [".drill.yaml", f"{LEAK}.drill.yaml"]),
        ("hazchem-leak-special", "x.drill.yaml", ["预案", ".plan.yaml", "x.plan.yaml"]),
        ("township", "township.txt", [".plan.yaml", "township.txt.plan.yaml"]),
    ],
)
def test_output_suffix_must_match_the_template(
    tmp_path: Path, template_id: str, name: str, words: list[str]
) -> None:
    out = tmp_path / name
    line = _one_line_error(run_cli("new", "-t", template_id, "-o", str(out)))
    assert all(w in line for w in words), line
    assert list(tmp_path.iterdir()) == []


def test_wrong_suffix_in_english(tmp_path: Path) -> None:
    line = _one_line_error(
        run_cli("--lang", "en", "new", "-t", LEAK, "-o", str(tmp_path / "x.plan.yaml"))
    )
    assert "makes a drill" in line and "must end with .drill.yaml" in line


def test_unknown_template_lists_drills_too(tmp_path: Path) -> None:
    out = tmp_path / "x.drill.yaml"
    line = _one_line_error(run_cli("new", "-t", "no-such-drill", "-o", str(out)))
    assert "no-such-drill" in line and LEAK in line and SCRIPTLESS in line
    assert not out.exists()


def test_existing_drill_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine.drill.yaml"
    out.write_text("我写了一半的演练", encoding="utf-8")
    line = _one_line_error(run_cli("new", "-t", SCRIPTLESS, "-o", str(out)))
    assert "已存在" in line and "--force" in line
    assert out.read_text(encoding="utf-8") == "我写了一半的演练"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.drill.yaml"]


def test_a_plan_that_does_not_match_is_refused(tmp_path: Path) -> None:
    # the scriptless drill pointed at the leak plan: other org units and steps
    run_cli("new", "-t", "hazchem-leak-special", "-o", str(tmp_path / LEAK_PLAN))
    out = tmp_path / "x.drill.yaml"
    line = _one_line_error(
        run_cli("new", "-t", SCRIPTLESS, "--set", f"plan_file={LEAK_PLAN}", "-o", str(out))
    )
    assert LEAK_PLAN in line and "找不到" in line and "未写入" in line
    assert "hazchem-comprehensive" in line and "--set" in line
    assert not out.exists()


def test_an_unreadable_plan_is_refused(tmp_path: Path) -> None:
    (tmp_path / LEAK_PLAN).write_text("schema: plandrill/plan@1\nmeta: [\n", encoding="utf-8")
    out = tmp_path / "x.drill.yaml"
    line = _one_line_error(run_cli("new", "-t", LEAK, "-o", str(out)))
    assert LEAK_PLAN in line and "无法读取" in line and "未写入" in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--set", "blind=也许"], ["blind", "是", "否"]),
        (["--set", "date=9月22日"], ["演练日期", "date", "2026-03-15"]),  # a year is needed
        (["--set", "unit.nmae=甲"], ["unit.nmae", "unit.name"]),
        (["--set", "place="], ["place", "不能为空"]),
    ],
)
def test_bad_values_exit_2_and_write_nothing(
    tmp_path: Path, args: list[str], words: list[str]
) -> None:
    out = tmp_path / "x.drill.yaml"
    line = _one_line_error(run_cli("new", "-t", SCRIPTLESS, *args, "-o", str(out)))
    assert all(w in line for w in words), line
    assert not out.exists()


@pytest.mark.parametrize("payload", [*HOSTILE_VALUES[:7], "【待填写】{{ plan_file }}"])
def test_injection_in_set_values_is_literal_text(tmp_path: Path, payload: str) -> None:
    out = tmp_path / "x.drill.yaml"
    result = run_cli(
        "new",
        "-t",
        LEAK,
        "--set",
        f"unit.name={payload}",
        "--set",
        f"park={payload}",
        "--set",
        f"place={payload}",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    loaded = load_drill(out)
    assert not loaded.problems
    drill = loaded.model
    assert drill.meta.place == payload and drill.meta.organiser == f"{payload}安全环保部"
    assert drill.schema_ == "plandrill/drill@1"
    benign = render_drill(LEAK, {"unit.name": "甲", "park": "乙", "place": "丙"})
    assert [i.id for i in drill.script] == [i.id for i in benign.script]
    assert [p.id for p in drill.participants] == [p.id for p in benign.participants]
    assert drill.meta.plan == LEAK_PLAN  # a value never reaches another variable
    sender = next(i for i in drill.script if i.id == "i08b").from_
    assert sender == f"{payload}管委会值班室（模拟）"
    top = [ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("schema:")]
    assert top == ["schema: plandrill/drill@1"]


def test_every_builtin_drill_template_is_listed_here() -> None:
    assert [i.id for i in list_templates(doc=None) if i.doc.value == "drill"] == [SCRIPTLESS, LEAK]
