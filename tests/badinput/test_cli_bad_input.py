"""The CLI on the bad-input corpus: every command, every hostile file.

Each command runs in its own process (forked from a warm helper, see ``guard``) with a
time limit and a memory bound. It must end with a clear message and exit code 2 (or
the problems and exit code 1 for a file that opens), never with a traceback or an
internal error; it must not write to its input, and nothing may appear next to it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.export import plan_docx_bytes
from app.storage.plans import loads_plan
from tests.badinput.corpus import (
    BASE_PLAN,
    DRILL_NAMED_PLAN,
    SAMPLE_DRILL,
    SAMPLE_PLAN,
    Bad,
    docx_cases,
    drill_cases,
    encoding_cases,
    hostile_yaml_cases,
    journal_cases,
    schema_cases,
    syntax_cases,
)
from tests.badinput.guard import CliRun, CliRunner, assert_no_crash, snapshot, warm_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the warm CLI helper forks")

TIMEOUT = 60.0  # per command; a hang is what this catches, not slowness
MEMORY_MB = 400  # above the idle CLI: refusing a bomb must not inflate it

PLANS = {
    b.name: b
    for b in (
        hostile_yaml_cases() + schema_cases() + encoding_cases() + syntax_cases(per_kind=1, seed=99)
    )
}
DRILLS = {b.name: b for b in drill_cases()}
JOURNALS = {b.name: b for b in journal_cases()}
GOOD = "good.plan.yaml"


def _docx_cases() -> dict[str, Bad]:
    data, _ = plan_docx_bytes(loads_plan(BASE_PLAN).model)
    return {b.name: b for b in docx_cases(data)}


DOCX = _docx_cases()
BIG = 1 << 20  # files above this are fingerprinted by size and time, not hashed


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder holding every hostile file, as a user's 预案 folder might."""
    folder = tmp_path_factory.mktemp("corpus")
    for bad in (*PLANS.values(), *DRILLS.values(), *JOURNALS.values(), *DOCX.values()):
        (folder / bad.name).write_bytes(bad.data)
    shutil.copy(SAMPLE_PLAN, folder / SAMPLE_PLAN.name)  # the plan the drills exercise
    (folder / GOOD).write_text(BASE_PLAN, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRunner]:
    with warm_cli(tmp_path_factory, "badinput") as runner:
        yield runner


def _run(cli: CliRunner, corpus: Path, *argv: str, new_files: tuple[str, ...] = ()) -> CliRun:
    """Run one command in the corpus folder; only ``new_files`` may appear there."""
    before = snapshot(corpus, BIG)
    run = cli.run(list(argv), cwd=corpus, timeout=TIMEOUT)
    assert_no_crash(run, memory_mb=MEMORY_MB, baseline_mb=cli.baseline_mb)
    after = snapshot(corpus, BIG)
    changed = {k for k in before if after.get(k) != before[k]}
    assert not changed, f"changed {changed}:\n{run.describe()}"
    added = set(after) - set(before)
    assert added <= set(new_files), f"stray files {added - set(new_files)}:\n{run.describe()}"
    for name in added:
        (corpus / name).unlink()
    return run


def _says(run: CliRun, bad: Bad, *, where: str | None = None) -> None:
    """The message names the file (and line) and says what is wrong, in Chinese."""
    text = run.output
    name = where or bad.name
    if bad.line is None:
        assert name in text, run.describe()
    else:
        lines = range(bad.line, bad.line + bad.line_slack + 1)
        located = any(re.search(rf"{re.escape(name)}:{n}[:：]", text) for n in lines)
        assert located, run.describe()
    for fragment in bad.says:
        assert fragment in text, run.describe()


# --- validate ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PLANS))
def test_validate(cli: CliRunner, corpus: Path, name: str) -> None:
    bad = PLANS[name]
    run = _run(cli, corpus, "validate", name)
    if bad.refused and bad.name != DRILL_NAMED_PLAN:  # validate reads drills
        assert run.returncode == 2, run.describe()
        assert "无法读取" in run.stdout
        _says(run, bad)
    elif bad.problem is not None:
        assert run.returncode == 1, run.describe()
        assert f"{name}:" in run.stdout and "错误" in run.stdout
    else:
        assert run.returncode in (0, 1), run.describe()


def test_validate_many_files_at_once_reports_each(cli: CliRunner, corpus: Path) -> None:
    names = sorted(PLANS)
    run = _run(cli, corpus, "validate", *names)
    assert run.returncode == 2, run.describe()
    for name in names:
        assert f"{name}" in run.output, name


# --- export -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", sorted(n for n in PLANS if not n.startswith(("syntax", "gb", "utf", "crlf")))
)
def test_export(cli: CliRunner, corpus: Path, name: str) -> None:
    bad = PLANS[name]
    out = name.removesuffix(".plan.yaml") + ".docx"
    if name == DRILL_NAMED_PLAN:  # a drill: export names its documents instead
        run = _run(cli, corpus, "export", name)
        assert run.returncode == 2 and name in run.stderr and "演练文件" in run.stderr
    elif bad.refused:
        run = _run(cli, corpus, "export", name)  # the default output lands next to the plan
        assert run.returncode == 2, run.describe()
        _says(run, bad)
    else:
        run = _run(cli, corpus, "export", name, new_files=(out,))
        assert run.returncode == 0, run.describe()
        assert "已导出预案" in run.stdout


def test_export_refuses_every_broken_file_before_writing(cli: CliRunner, corpus: Path) -> None:
    """Also with -o onto an existing document: the old document stays as it was."""
    target = corpus / "已有文档.docx"
    target.write_bytes(DOCX["word-truncated.docx"].data)
    try:
        for name in ("alias-bomb.plan.yaml", "nul-bytes.plan.yaml", "deep-flow.plan.yaml"):
            run = _run(cli, corpus, "export", name, "-o", target.name)
            assert run.returncode == 2, run.describe()
        assert target.read_bytes() == DOCX["word-truncated.docx"].data
    finally:
        target.unlink()


# --- diff -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", sorted(n for n in PLANS if n.endswith(".plan.yaml") and not n.startswith("syntax"))
)
def test_diff(cli: CliRunner, corpus: Path, name: str) -> None:
    bad = PLANS[name]
    run = _run(cli, corpus, "diff", GOOD, name)
    if bad.refused:
        assert run.returncode == 2, run.describe()
        _says(run, bad)
    else:
        assert run.returncode in (0, 1), run.describe()


def test_diff_writes_no_table_when_a_version_is_broken(cli: CliRunner, corpus: Path) -> None:
    run = _run(cli, corpus, "diff", "python-object.plan.yaml", GOOD, "-o", "对照表.docx")
    assert run.returncode == 2, run.describe()
    assert not (corpus / "对照表.docx").exists()


# --- drills -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DRILLS))
def test_validate_drill(cli: CliRunner, corpus: Path, name: str) -> None:
    bad = DRILLS[name]
    run = _run(cli, corpus, "validate", name)
    if bad.refused:
        assert run.returncode == 2, run.describe()
        _says(run, bad)
    else:
        assert run.returncode == 1, run.describe()
        _says(run, bad)


@pytest.mark.parametrize("name", sorted(DRILLS))
def test_drill_metrics_of_a_drill_without_sessions(cli: CliRunner, corpus: Path, name: str) -> None:
    run = _run(cli, corpus, "drill", "metrics", name)
    assert run.returncode == 2, run.describe()
    assert name in run.stderr


@pytest.mark.parametrize("name", sorted(JOURNALS))
def test_drill_metrics_of_a_broken_journal(cli: CliRunner, corpus: Path, name: str) -> None:
    bad = JOURNALS[name]
    run = _run(cli, corpus, "drill", "metrics", name, "-o", "metrics.json")
    assert run.returncode == 2, run.describe()
    _says(run, bad)
    assert not (corpus / "metrics.json").exists()


def test_drill_new_from_a_broken_plan(cli: CliRunner, corpus: Path) -> None:
    for name in ("alias-bomb.plan.yaml", "wrong-type-sections.plan.yaml"):
        run = _run(cli, corpus, "drill", "new", "--from-plan", name)
        assert run.returncode == 2, run.describe()
        assert name in run.stderr


def test_drill_sessions_lists_a_broken_journal_as_unreadable(
    cli: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    shutil.copy(SAMPLE_DRILL, tmp_path / "演练.drill.yaml")
    for bad in JOURNALS.values():
        stamp = bad.name.split(".", 1)[1]
        (tmp_path / f"演练.{stamp}").write_bytes(bad.data)
        break
    run = cli.run(["drill", "sessions", "演练.drill.yaml"], cwd=tmp_path, timeout=TIMEOUT)
    assert_no_crash(run, memory_mb=MEMORY_MB, baseline_mb=cli.baseline_mb)
    assert run.returncode == 0 and "无法读取" in run.stdout, run.describe()


# --- Word files -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DOCX))
def test_import_docx(cli: CliRunner, corpus: Path, name: str) -> None:
    bad = DOCX[name]
    run = _run(cli, corpus, "import-docx", name)  # the default output lands next to it
    assert run.returncode == 2, run.describe()
    _says(run, bad)


@pytest.mark.parametrize("name", sorted(DOCX))
def test_export_with_a_broken_reference_doc(cli: CliRunner, corpus: Path, name: str) -> None:
    bad = DOCX[name]
    run = _run(cli, corpus, "export", GOOD, "--reference-doc", name, "-o", "out.docx")
    assert run.returncode == 2, run.describe()
    assert name in run.stderr and "参考文档" in run.stderr, run.describe()
    if "压缩炸弹" in bad.says:
        assert "压缩炸弹" in run.stderr, run.describe()
    assert not (corpus / "out.docx").exists()


# --- the whole folder -------------------------------------------------------------------


def test_library_status_over_the_whole_corpus(cli: CliRunner, corpus: Path) -> None:
    run = _run(cli, corpus, "library", "status", ".")
    assert run.returncode in (0, 1), run.describe()
    lines = run.stdout.splitlines()
    for bad in (*PLANS.values(), *DRILLS.values()):
        mine = [line for line in lines if line.split(" | ")[0].strip(" !").startswith(bad.name)]
        assert len(mine) == 1, (bad.name, run.describe())
        if bad.refused and bad.name != DRILL_NAMED_PLAN:
            assert "无法读取" in mine[0], mine[0]
    assert "无法读取" in run.stderr or "unreadable" not in run.stderr
