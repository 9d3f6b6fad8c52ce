"""Every entry point on the hostile corpus of issue 23 (``tests.badinput.hostile``).

Each command runs in a process of its own (forked from a warm helper, ``guard``): no
run may pass 20 s or 500 MB of resident memory, end in a traceback or an internal
error, change its input or leave a stray file. A refusal says, in Chinese, which file
and (where YAML gives one) which line; a file that opens reports its problems there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.badinput import hostile
from tests.badinput.corpus import BASE_PLAN, SAMPLE_DRILL, SAMPLE_PLAN
from tests.badinput.guard import CliRun, CliRunner, snapshot, warm_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the warm CLI helper forks")

SECONDS = 20.0
MEMORY_MB = 500.0  # resident, of the command's process
BIG = 1 << 20
GOOD = "good.plan.yaml"
DRILL = SAMPLE_DRILL.name

PLANS = {
    c.name: c
    for c in (
        hostile.special_cases(".plan.yaml")
        + [c for c in hostile.date_cases() if c.name.endswith(".plan.yaml")]
        + [c for c in hostile.number_cases() if c.name.endswith(".plan.yaml")]
        + [c for c in hostile.count_cases() if c.name.endswith(".plan.yaml")]
        + [hostile.big_but_fine()]
        + hostile.name_cases()
    )
}
DRILLS = {
    c.name: c
    for c in hostile.special_cases(".drill.yaml")
    + [c for c in hostile.date_cases() + hostile.number_cases() if c.name.endswith(".drill.yaml")]
    + [c for c in hostile.count_cases() if c.name.endswith(".drill.yaml")]
}
DOCX = {c.name: c for c in hostile.special_cases(".docx")}
SPECIAL_JOURNALS = {c.name: c for c in hostile.special_cases(".journal.jsonl")}
JOURNAL_NAMES = [
    f"{tag}.20260101-000000.journal.jsonl"
    for tag in ("inf", "nan", "huge", "digits", "later-inf", "later-negative")
]
NAMES = {n: c for n, c in PLANS.items() if n.startswith("title-")}


def _good_journal(folder: Path) -> str:
    """A real session of the sample drill, recorded and ended."""
    from app.drill.session import DrillSession
    from app.storage.drills import load_drill

    drill_path = folder / "session-source" / DRILL
    drill_path.parent.mkdir()
    drill_path.write_bytes(SAMPLE_DRILL.read_bytes())
    (drill_path.parent / SAMPLE_PLAN.name).write_bytes(SAMPLE_PLAN.read_bytes())
    session = DrillSession.create(load_drill(drill_path).model, drill_path)
    try:
        session.start()
        session.next()
        session.note("记录一条")
        session.jump_to_time(20)
        session.end()
        return session.path.read_text(encoding="utf-8")
    finally:
        session.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    work = tmp_path_factory.mktemp("hostile-work")
    journals = hostile.journal_cases(_good_journal(work))
    assert [j.name for j in journals] == JOURNAL_NAMES
    cases = [*PLANS.values(), *DRILLS.values(), *DOCX.values(), *SPECIAL_JOURNALS.values()]
    for case in (*cases, *journals):
        if case.posix and os.name != "posix":
            continue
        case.make(folder)
    hostile.sample_files(folder)
    (folder / DRILL).write_bytes(SAMPLE_DRILL.read_bytes())
    (folder / GOOD).write_text(BASE_PLAN, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRunner]:
    with warm_cli(tmp_path_factory, "hostile") as runner:
        yield runner


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Where outputs go: outside the corpus, which no command may change."""
    return tmp_path


def _run(cli: CliRunner, corpus: Path, *argv: str) -> CliRun:
    before = snapshot(corpus, BIG)
    run = cli.run(list(argv), cwd=corpus, timeout=SECONDS + 10)
    assert not run.timed_out and run.seconds < SECONDS, f"too slow:\n{run.describe()}"
    assert run.maxrss_mb < MEMORY_MB, f"{run.maxrss_mb:.0f} MB:\n{run.describe()}"
    assert "Traceback" not in run.output and "内部错误" not in run.output, run.describe()
    assert run.returncode in (0, 1, 2), run.describe()
    assert snapshot(corpus, BIG) == before, f"the corpus changed:\n{run.describe()}"
    return run


def _says(run: CliRun, case: hostile.Case) -> None:
    """Chinese, naming the file, at its line when there is one, with what is wrong."""
    text = run.output
    assert case.name in text, run.describe()
    if case.line is not None:
        assert re.search(rf"{re.escape(case.name)}:{case.line}[:：]", text), run.describe()
    for fragment in case.says:
        assert fragment in text, (fragment, run.describe())


def _present(case: hostile.Case) -> None:
    if case.posix and os.name != "posix":
        pytest.skip("needs FIFOs, devices and symlinks")


# --- plans through every command ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PLANS))
def test_validate(cli: CliRunner, corpus: Path, name: str) -> None:
    case = PLANS[name]
    _present(case)
    run = _run(cli, corpus, "validate", name)
    if case.refused:
        assert run.returncode == 2 and "无法读取" in run.stdout, run.describe()
    elif case.problem is not None:
        assert run.returncode == 1 and "错误" in run.stdout, run.describe()
    _says(run, case)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_export(cli: CliRunner, corpus: Path, out: Path, name: str) -> None:
    case = PLANS[name]
    _present(case)
    target = out / "预案.docx"
    run = _run(cli, corpus, "export", name, "-o", str(target))
    if case.refused:
        assert run.returncode == 2 and not target.exists(), run.describe()
        _says(run, case)
    else:
        assert run.returncode == 0 and target.stat().st_size > 0, run.describe()


@pytest.mark.parametrize("name", sorted(PLANS))
def test_package(cli: CliRunner, corpus: Path, out: Path, name: str) -> None:
    case = PLANS[name]
    _present(case)
    run = _run(cli, corpus, "package", name, "-o", str(out), "--zip")
    if case.refused:
        assert run.returncode == 2 and not list(out.iterdir()), run.describe()
        _says(run, case)
        return
    assert run.returncode == 0, run.describe()
    made = sorted(p for p in out.rglob("*"))
    assert made, run.describe()
    for path in made:
        assert path.resolve().is_relative_to(out.resolve()), path  # nothing left the folder
        assert _windows_accepts(path.name), path.name
    _fits_documents_nested(out, made)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_diff_both_ways(cli: CliRunner, corpus: Path, name: str) -> None:
    case = PLANS[name]
    _present(case)
    for argv in (("diff", GOOD, name), ("diff", name, GOOD)):
        run = _run(cli, corpus, *argv)
        if case.refused:
            assert run.returncode == 2, run.describe()
            _says(run, case)
        else:
            assert run.returncode in (0, 1), run.describe()


@pytest.mark.parametrize("name", sorted(PLANS))
def test_drill_new(cli: CliRunner, corpus: Path, out: Path, name: str) -> None:
    case = PLANS[name]
    _present(case)
    target = out / "演练.drill.yaml"
    run = _run(cli, corpus, "drill", "new", "--from-plan", name, "-o", str(target))
    if case.refused:
        assert run.returncode == 2 and not target.exists(), run.describe()
        _says(run, case)
    elif run.returncode == 0:
        assert target.exists()
    else:  # a plan without a usable procedure: said, nothing written
        assert run.returncode == 2 and not target.exists() and name in run.stderr


def test_library_status_lists_every_case_once(cli: CliRunner, corpus: Path) -> None:
    run = _run(cli, corpus, "library", "status", ".")
    assert run.returncode in (0, 1), run.describe()
    lines = run.stdout.splitlines()
    for case in (*PLANS.values(), *DRILLS.values()):
        if case.name.startswith(("folder", "linked-folder")) or (case.posix and os.name != "posix"):
            continue  # folders are walked into, not listed
        mine = [
            line
            for line in lines
            if line.split(" | ")[0].strip(" !") == case.name or line.startswith(f"{case.name}:")
        ]
        assert len(mine) == 1, (case.name, run.describe())
        if case.refused:
            assert "无法读取" in mine[0], mine[0]


# --- the default output names, from plan content -------------------------------------


@pytest.mark.parametrize("name", sorted(NAMES))
def test_default_output_names_are_safe(cli: CliRunner, corpus: Path, out: Path, name: str) -> None:
    """``drill new`` without -o names the drill after the plan and the level."""
    plan = out / name
    plan.write_bytes((corpus / name).read_bytes())
    run = cli.run(["drill", "new", "--from-plan", str(plan)], cwd=out, timeout=SECONDS)
    assert run.returncode == 0, run.describe()
    made = [p for p in out.iterdir() if p.name.endswith(".drill.yaml")]
    assert len(made) == 1 and _windows_accepts(made[0].name), made


# --- drills, journals, Word files, templates -------------------------------------------


@pytest.mark.parametrize("name", sorted(DRILLS))
def test_validate_drill(cli: CliRunner, corpus: Path, name: str) -> None:
    case = DRILLS[name]
    _present(case)
    run = _run(cli, corpus, "validate", name)
    assert run.returncode == (2 if case.refused else 1), run.describe()
    _says(run, case)


@pytest.mark.parametrize("doc", ["scheme", "script", "script-participant", "evaluation-forms"])
@pytest.mark.parametrize("name", sorted(DRILLS))
def test_drill_documents(cli: CliRunner, corpus: Path, out: Path, name: str, doc: str) -> None:
    case = DRILLS[name]
    _present(case)
    target = out / "文档.docx"
    run = _run(cli, corpus, "export", name, "--doc", doc, "-o", str(target))
    if run.returncode == 0:
        assert not case.refused and target.exists()
    else:  # refused, or a drill with schema errors: which file, which line
        assert run.returncode == 2 and not target.exists(), run.describe()
        _says(run, case)


@pytest.mark.parametrize("name", JOURNAL_NAMES + sorted(SPECIAL_JOURNALS))
def test_drill_metrics_and_report_of_a_hostile_journal(
    cli: CliRunner, corpus: Path, out: Path, name: str
) -> None:
    case = SPECIAL_JOURNALS.get(name)
    if case is not None:
        _present(case)
    run = _run(cli, corpus, "drill", "metrics", name)
    report = out / "报告.docx"
    again = _run(
        cli, corpus, "export", DRILL, "--doc", "report", "--session", name, "-o", str(report)
    )
    if name.startswith("later-"):  # damaged lines in a good record: read around, located
        assert run.returncode in (0, 1), run.describe()
        if "Infinity" in (corpus / name).read_text(encoding="utf-8"):
            assert f"{name}:2:" in run.stderr and "无效或超出范围" in run.stderr, run.describe()
        assert again.returncode in (0, 2), again.describe()
        return
    for each in (run, again):
        assert each.returncode == 2 and name in each.stderr, each.describe()
    if case is not None:
        _says(run, case)
    else:
        assert f"{name}:1" in run.stderr and "无效或超出范围" in run.stderr, run.describe()
    assert not report.exists()


@pytest.mark.parametrize("name", sorted(DOCX))
def test_import_and_reference_of_a_special_docx(
    cli: CliRunner, corpus: Path, out: Path, name: str
) -> None:
    case = DOCX[name]
    _present(case)
    target = out / "导入.plan.yaml"
    run = _run(cli, corpus, "import-docx", name, "-o", str(target))
    assert run.returncode == 2 and not target.exists(), run.describe()
    _says(run, case)
    docx = out / "预案.docx"
    run = _run(cli, corpus, "export", GOOD, "--reference-doc", name, "-o", str(docx))
    assert run.returncode == 2 and "参考文档" in run.stderr and not docx.exists(), run.describe()
    _says(run, case)


TEMPLATE_PAYLOADS = {
    "percent-width": ("{{ '%0999999999d' % 1 }}", "宽度或精度过大"),
    "percent-precision": ("{{ '%.999999999f' % 1 }}", "宽度或精度过大"),
    "format-width": ("{{ '{:999999999}'.format(1) }}", "宽度或精度过大"),
    "squaring": (
        "{% macro sq(x, n) %}{% if n %}{{ sq(x * x, n - 1) }}{% else %}{{ x }}{% endif %}"
        "{% endmacro %}{{ sq(10 ** 60, 40) }}",
        "整数过大",
    ),
    "loop": ("{% for a in range(999) %}{% for b in range(999) %}{% endfor %}{% endfor %}", "步骤"),
}


@pytest.mark.parametrize("payload", sorted(TEMPLATE_PAYLOADS))
def test_export_with_a_hostile_template(
    cli: CliRunner, corpus: Path, out: Path, payload: str
) -> None:
    source, says = TEMPLATE_PAYLOADS[payload]
    folder = out / "模板"
    folder.mkdir()
    (folder / "cover.j2").write_text(f"# {{{{ title }}}}\n{source}\n", encoding="utf-8")
    docx = out / "预案.docx"
    run = _run(cli, corpus, "export", GOOD, "--templates", str(folder), "-o", str(docx))
    assert run.returncode == 2 and not docx.exists(), run.describe()
    assert f"{folder / 'cover.j2'}:2" in run.stderr and says in run.stderr, run.describe()


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_export_with_a_fifo_as_template(cli: CliRunner, corpus: Path, out: Path) -> None:
    folder = out / "模板"
    folder.mkdir()
    os.mkfifo(folder / "cover.j2")
    docx = out / "预案.docx"
    run = _run(cli, corpus, "export", GOOD, "--templates", str(folder), "-o", str(docx))
    assert run.returncode == 2 and "管道" in run.stderr and "cover.j2" in run.stderr


def test_today_outside_the_usable_years_is_a_usage_error(cli: CliRunner, corpus: Path) -> None:
    for argv in (
        ("validate", GOOD, "--today", "9999-12-31"),
        ("library", "status", ".", "--today", "0001-01-01"),
    ):
        run = _run(cli, corpus, *argv)
        assert run.returncode == 2 and "超出可用范围" in run.stderr, run.describe()


def test_a_drill_whose_plan_is_a_fifo_opens_with_a_located_problem(
    cli: CliRunner, corpus: Path, out: Path
) -> None:
    if os.name != "posix":
        pytest.skip("FIFOs")
    os.mkfifo(out / "管道.plan.yaml")
    text = SAMPLE_DRILL.read_text(encoding="utf-8").replace(
        "  plan: 化工企业综合应急预案.plan.yaml\n", "  plan: 管道.plan.yaml\n"
    )
    (out / DRILL).write_text(text, encoding="utf-8")
    run = cli.run(["validate", DRILL], cwd=out, timeout=SECONDS)
    assert not run.timed_out and run.returncode == 1, run.describe()
    assert "管道" in run.stdout and "plan" not in run.stdout.split("管道")[0][-3:]


# --- helpers ---------------------------------------------------------------------------

_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def _windows_accepts(name: str) -> bool:
    from app.storage.names import is_device_name

    return (
        bool(name)
        and not _WINDOWS_BAD.search(name)
        and not name.endswith((" ", "."))
        and not is_device_name(name)
        and len(name.encode("utf-16-le")) // 2 <= 255
        and len(name.encode("utf-8")) <= 255
    )


def _fits_documents_nested(out: Path, made: list[Path]) -> None:
    """Unpacked into Documents, in a folder of its own name: every path < MAX_PATH."""
    documents = "C:\\Users\\zhangsan\\OneDrive - 示范化工有限公司\\Documents\\备案\\"
    folders = [p for p in made if p.is_dir()]
    for folder in folders:
        for inner in folder.iterdir():
            path = f"{documents}{folder.name}\\{folder.name}\\{inner.name}"
            assert len(path.encode("utf-16-le")) // 2 < 260, path
