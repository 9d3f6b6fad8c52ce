"""``python -m app templates`` and ``python -m app new`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.storage.plans import load_plan
from app.storage.templates import list_templates, render_template
from tests.helpers import run_cli

BUILTIN = [info.id for info in list_templates()]
LISTED = [info.id for info in list_templates(doc=None)]  # plans, then drills
TODAY = "2026-11-23"


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stdout + result.stderr


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == 2, result.stdout + result.stderr
    _no_traceback(result)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- templates ------------------------------------------------------------------------------


def test_templates_lists_every_template_with_its_kind() -> None:
    result = run_cli("templates")
    assert result.returncode == 0
    _no_traceback(result)
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["编号", "类型", "说明"]
    assert [ln.split()[0] for ln in lines[1:]] == LISTED
    leak = next(ln for ln in lines if ln.startswith("hazchem-leak-special "))
    assert "专项应急预案" in leak and "桌面推演" in leak
    assert any(ln.startswith("county-overall ") and "总体应急预案" in ln for ln in lines)


def test_templates_json() -> None:
    result = run_cli("templates", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == LISTED
    first = data[0]
    assert {"id", "kind", "kind_label", "title", "description", "variables"} <= set(first)
    assert first["kind"] == "enterprise_comprehensive" and first["kind_label"] == "综合应急预案"
    names = {v["name"]: v for v in first["variables"]}
    assert names["unit.name"]["label"] == "单位名称"
    assert names["unit.name"]["example"] == "示范化工有限公司"


def test_templates_in_english() -> None:
    result = run_cli("--lang", "en", "templates")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split()[:3] == ["Id", "Kind", "Description"]
    assert "Special plan (enterprise)" in result.stdout


def test_template_details_show_the_variables() -> None:
    result = run_cli("templates", "township")
    assert result.returncode == 0
    for words in ("town", "乡镇（街道）名称", "青石镇", "issued", "YYYY-MM-DD", "new --template"):
        assert words in result.stdout
    line = _one_line_error(run_cli("templates", "nope"))
    assert "nope" in line and "township" in line


# --- new: the happy paths ---------------------------------------------------------------------


def test_every_template_makes_a_valid_plan_with_no_set_at_all(tmp_path: Path) -> None:
    files = []
    for template_id in BUILTIN:
        out = tmp_path / f"{template_id}.plan.yaml"
        result = run_cli("new", "--template", template_id, "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert "【待填写】" in result.stdout  # it says how many blanks are left
        files.append(str(out))
    check = run_cli("validate", "--today", TODAY, "--errors-only", *files)
    assert check.returncode == 0, check.stdout
    summary = [ln for ln in check.stderr.splitlines() if "个错误" in ln]
    assert len(summary) == len(BUILTIN)
    assert all("：0 个错误" in ln for ln in summary)


def test_new_fills_in_the_values(tmp_path: Path) -> None:
    out = tmp_path / "泄漏 专项.plan.yaml"
    result = run_cli(
        "new",
        "--template",
        "hazchem-leak-special",
        "--set",
        "unit.name=东方化工有限公司",
        "--set",
        "region=西湖区",
        "--set",
        "issued=2026-04-01",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    # issued but not yet reviewed: written, with a note (the template is not at fault)
    assert "注意" in result.stdout and "评审记录" in result.stdout
    plan = load_plan(out).model
    assert plan.meta.unit.name == "东方化工有限公司"
    assert str(plan.meta.issued) == "2026-04-01"
    assert next(c for c in plan.contacts if c.id == "c-ema").name == "西湖区应急管理局"
    assert plan == render_template(
        "hazchem-leak-special",
        {"unit.name": "东方化工有限公司", "region": "西湖区", "issued": "2026-04-01"},
    )


def test_sample_is_regenerated_by_the_documented_command(
    tmp_path: Path, sample_plan_path: Path
) -> None:
    out = tmp_path / sample_plan_path.name
    out.write_text("old", encoding="utf-8")
    result = run_cli(
        "new",
        "--template",
        "hazchem-comprehensive",
        "--example",
        "--force",
        "--no-backup",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == sample_plan_path.read_bytes()
    assert not (tmp_path / f"{out.name}.bak").exists()


def test_force_overwrites_and_keeps_a_backup(tmp_path: Path) -> None:
    out = tmp_path / "a.plan.yaml"
    out.write_text("旧内容", encoding="utf-8")
    result = run_cli("new", "-t", "community", "-o", str(out), "--force")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.plan.yaml.bak").read_text(encoding="utf-8") == "旧内容"
    assert load_plan(out).model.meta.kind.value == "community"


def test_output_to_stdout() -> None:
    result = run_cli("new", "-t", "community", "--set", "village=柳湾村", "-o", "-")
    assert result.returncode == 0
    assert result.stdout.startswith("# PlanDrill")
    assert "title: 柳湾村应急预案" in result.stdout


# --- new: bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--set", "unit.name"], ["unit.name", "缺少“=”"]),
        (["--set", "=示范"], ["缺少变量名"]),
        (["--set", "unit.nmae=甲"], ["unit.nmae", "unit.name"]),
        (["--set", "unit.name=甲", "--set", "unit.name=乙"], ["unit.name", "两次"]),
        (["--set", "unit.name="], ["unit.name", "不能为空"]),
        (["--set", "issued=2026/13/40"], ["颁布日期", "issued", "2026-03-15"]),  # no 13th month
        (["--template-dir", "/no/such/folder"], ["/no/such/folder"]),
    ],
)
def test_bad_set_values_exit_2_and_write_nothing(
    tmp_path: Path, args: list[str], words: list[str]
) -> None:
    out = tmp_path / "x.plan.yaml"
    line = _one_line_error(run_cli("new", "-t", "hazchem-comprehensive", *args, "-o", str(out)))
    assert all(w in line for w in words), line
    assert not out.exists()


def test_unknown_template_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "x.plan.yaml"
    line = _one_line_error(run_cli("new", "-t", "no-such", "-o", str(out)))
    assert "no-such" in line and "hazchem-comprehensive" in line
    assert not out.exists()


def test_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine.plan.yaml"
    out.write_text("我写了一半的预案", encoding="utf-8")
    line = _one_line_error(run_cli("new", "-t", "township", "-o", str(out)))
    assert "已存在" in line and "--force" in line
    assert out.read_text(encoding="utf-8") == "我写了一半的预案"
    assert not (tmp_path / "mine.plan.yaml.bak").exists()


@pytest.mark.parametrize(
    ("output", "words"),
    [("folder", "文件夹"), ("missing/x.plan.yaml", "不存在")],
)
def test_unusable_output_paths_exit_2(tmp_path: Path, output: str, words: str) -> None:
    (tmp_path / "folder").mkdir()
    line = _one_line_error(run_cli("new", "-t", "township", "-o", str(tmp_path / output)))
    assert words in line


def test_missing_required_value_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "site.plan-template.yaml").write_text(
        "schema: plandrill/plan-template@1\n"
        "template:\n"
        "  id: site\n"
        "  kind: enterprise_onsite\n"
        "  title: 作业现场处置方案\n"
        "  variables:\n"
        "    - {name: unit.name, label: 单位名称}\n"
        "plan:\n"
        '  meta: {title: 现场处置方案, unit: {name: "{{ unit.name }}"}}\n',
        encoding="utf-8",
    )
    out = tmp_path / "x.plan.yaml"
    line = _one_line_error(
        run_cli("new", "-t", "site", "--template-dir", str(folder), "-o", str(out))
    )
    assert "unit.name" in line and "单位名称" in line and "--set" in line
    assert not out.exists()
    # filled in, it still makes an incomplete plan: that is refused, not half-written
    refused = _one_line_error(
        run_cli(
            "new",
            "-t",
            "site",
            "--template-dir",
            str(folder),
            "--set",
            "unit.name=甲",
            "-o",
            str(out),
        )
    )
    assert "未写入" in refused and "应急工作职责" in refused
    assert not out.exists()


def test_hostile_user_template_fails_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    path = folder / "evil.plan-template.yaml"
    path.write_text(
        "schema: plandrill/plan-template@1\n"
        "template: {id: evil, kind: community, title: 恶意模板}\n"
        "plan:\n"
        "  meta:\n"
        "    title: \"{{ ''.__class__.__subclasses__() }}\"\n",
        encoding="utf-8",
    )
    out = tmp_path / "x.plan.yaml"
    line = _one_line_error(
        run_cli("new", "-t", "evil", "--template-dir", str(folder), "-o", str(out))
    )
    assert line.startswith(f"python -m app: {path}:5: ")
    assert "函数调用" in line and "{{ 变量名 }}" in line
    assert not out.exists()
    # listing still works and names the broken file only when it is rendered
    listing = run_cli("templates", "--template-dir", str(folder))
    assert listing.returncode == 0 and "evil" in listing.stdout


def test_broken_user_template_is_reported_by_templates(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    bad = folder / "bad.plan-template.yaml"
    bad.write_text("schema: plandrill/plan-template@1\ntemplate: [\n", encoding="utf-8")
    result = run_cli("templates", "--template-dir", str(folder))
    assert result.returncode == 0
    assert [ln.split()[0] for ln in result.stdout.splitlines()[1:]] == LISTED
    assert f"{bad}:" in result.stderr and "YAML" in result.stderr
    line = _one_line_error(run_cli("new", "-t", "bad", "--template-dir", str(folder), "-o", "-"))
    assert str(bad) in line


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{% for x in range(10**9) %}x{% endfor %}",
        "{{ cycler.__init__.__globals__ }}",
        'x"\nschema: evil',
        ": - [",
    ],
)
def test_injection_in_set_values_is_literal_text(tmp_path: Path, payload: str) -> None:
    out = tmp_path / "x.plan.yaml"
    result = run_cli(
        "new",
        "-t",
        "hazchem-comprehensive",
        "--set",
        f"unit.name={payload}",
        "--set",
        f"park={payload}",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    loaded = load_plan(out)
    assert not loaded.problems
    plan = loaded.model
    assert plan.meta.unit.name == payload
    assert plan.schema_ == "plandrill/plan@1"
    benign = render_template("hazchem-comprehensive", {"unit.name": "甲", "park": "乙"})
    assert len(plan.sections) == len(benign.sections)
    assert [c.id for c in plan.contacts] == [c.id for c in benign.contacts]
    assert next(c for c in plan.contacts if c.id == "c-park").name == f"{payload}管委会"
    top = [ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("schema:")]
    assert top == ["schema: plandrill/plan@1"]


def test_english_messages() -> None:
    line = _one_line_error(
        run_cli("--lang", "en", "new", "-t", "township", "--set", "x", "-o", "-")
    )
    assert "KEY=VALUE" in line
