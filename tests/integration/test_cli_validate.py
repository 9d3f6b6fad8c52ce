"""``python -m app validate`` as a user runs it: output lines, exit codes, JSON."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run_cli


def test_version() -> None:
    from app import __version__

    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_sample_validates_without_errors(sample_plan_path) -> None:
    result = run_cli("validate", str(sample_plan_path))
    assert result.returncode == 0, result.stdout
    assert "错误:" not in result.stdout
    assert "Traceback" not in result.stderr


def test_errors_give_file_line_severity_message(tmp_path) -> None:
    path = tmp_path / "坏 预案.plan.yaml"
    path.write_text(
        "schema: plandrill/plan@1\nmeta:\n  title: 测试\n  unit: {name: 甲}\n"
        "procedures:\n  - id: p1\n    steps:\n      - {id: s1, actor: ghost, action: 报警}\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    line = next(ln for ln in result.stdout.splitlines() if "ghost" in ln)
    assert line.startswith(f"{path}:8: 错误: ")


def test_english_output(tmp_path) -> None:
    path = tmp_path / "a.plan.yaml"
    path.write_text(
        "schema: plandrill/plan@1\nmeta: {title: x, unit: {name: y}, kind: bogus}\n",
        encoding="utf-8",
    )
    result = run_cli("--lang", "en", "validate", str(path))
    assert result.returncode == 1
    assert f"{path}:2: error: 'Plan kind' has an invalid value 'bogus'" in result.stdout


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x00\x01\x02binary", "NUL"),
        (b"meta: [unclosed\n", "YAML"),
        (b"a: &x 1\nb: *x\n", "锚点"),
        (b"a: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "标签"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(tmp_path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.plan.yaml"
    path.write_bytes(content)
    result = run_cli("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1 and words in lines[0]
    assert path.read_bytes() == content


def test_missing_file_exits_2(tmp_path) -> None:
    result = run_cli("validate", str(tmp_path / "none.plan.yaml"))
    assert result.returncode == 2
    assert "文件不存在" in result.stdout


def test_json_format(tmp_path, sample_plan_path) -> None:
    bad = tmp_path / "bad.plan.yaml"
    bad.write_text("meta: [", encoding="utf-8")
    result = run_cli("validate", "--format", "json", str(sample_plan_path), str(bad))
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert [d["readable"] for d in data] == [True, False]
    assert data[1]["error"]["line"] == 1
    assert all(
        {"file", "line", "severity", "code", "path", "message"} <= set(p)
        for p in data[0]["problems"]
    )


def test_bad_arguments_exit_2() -> None:
    result = run_cli("validate", "--format", "xml", "x")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_schema_export() -> None:
    result = run_cli("schema", "plan")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["meta"]
    assert schema["properties"]["schema"]["const"] == "plandrill/plan@1"
