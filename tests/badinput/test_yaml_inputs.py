"""Broken and hostile plan and drill files, read by the domain functions the CLI and GUI share.

Every file must give a clear error in Chinese that names its line where there is one,
within a time bound, and reading must never write to the file.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.checks import check_file
from app.model.problems import Severity
from app.storage.errors import LoadError
from app.storage.plans import load_plan
from tests.badinput.corpus import (
    SAMPLE_PLAN,
    Bad,
    drill_cases,
    hostile_yaml_cases,
    schema_cases,
    syntax_cases,
)
from tests.badinput.guard import snapshot

SECONDS_PER_FILE = 10.0  # generous: a loaded two-core machine; a hang is minutes

SYNTAX = {b.name: b for b in syntax_cases(per_kind=8)}
HOSTILE = {b.name: b for b in hostile_yaml_cases()}
SCHEMA = {b.name: b for b in schema_cases()}
DRILLS = {b.name: b for b in drill_cases()}


class Hang(BaseException):
    """Raised by the time bound; a BaseException so no ``except Exception`` hides it."""


@contextlib.contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer"):  # Windows: the CLI suite bounds time instead
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Words that may stand in a Chinese message as they are.
_LATIN_OK = {"YAML", "UTF", "GBK", "GB18030", "NUL", "Tab", "PlanDrill", "schema", "plandrill"}


def untranslated(message: str) -> list[str]:
    """Runs of Latin letters in a Chinese message that are not names or quoted input."""
    bare = re.sub(r"“[^”]*”|（U\+[0-9A-F]+）|plandrill/\S+|可选：.*$", "", message)
    words = [w for w in re.findall(r"[A-Za-z]{4,}", bare) if w not in _LATIN_OK]
    return words + re.findall(r" (?:or|and) ", message)  # pydantic's lists of choices


def _write(folder: Path, bad: Bad) -> Path:
    path = folder / bad.name
    path.write_bytes(bad.data)
    return path


def _assert_refused(path: Path, bad: Bad) -> None:
    before = snapshot(path.parent)
    with time_bound(SECONDS_PER_FILE):
        report = check_file(path)
    assert report.fatal is not None, f"{bad.name} should be refused"
    message = report.fatal.text("zh")
    for fragment in bad.says:
        assert fragment in message, message
    assert not untranslated(report.fatal.message.zh), report.fatal.message.zh
    if bad.line is not None:
        assert report.fatal.line == bad.line, message
    assert snapshot(path.parent) == before


@pytest.mark.parametrize("name", sorted(SYNTAX))
def test_a_syntax_error_anywhere_names_its_line_in_chinese(tmp_path: Path, name: str) -> None:
    bad = SYNTAX[name]
    path = _write(tmp_path, bad)
    with time_bound(SECONDS_PER_FILE), pytest.raises(LoadError) as caught:
        load_plan(path)
    error = caught.value
    assert error.filename == str(path)
    message = error.text("zh")
    assert message.startswith("YAML 语法错误") or "缩进" in message, message
    assert not untranslated(error.message.zh), error.message.zh
    # YAML notices a broken line there or on the next one; a quote left open runs on to
    # the next quote, and then the message must still point at the line that opened it
    assert bad.line is not None and error.line is not None
    assert bad.line <= error.line <= bad.line + bad.line_slack, (
        f"broke line {bad.line}, told line {error.line}: {message}"
    )
    assert path.read_bytes() == bad.data


def test_the_syntax_corpus_covers_every_kind_of_mistake() -> None:
    kinds = {name.split("-L")[0] for name in SYNTAX}
    assert len(kinds) == 8 and len(SYNTAX) == 64
    lines = {b.line for b in SYNTAX.values()}
    assert len(lines) > 50  # spread over the file, not one place broken many ways


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_yaml_is_refused_or_read_safely(tmp_path: Path, name: str) -> None:
    bad = HOSTILE[name]
    path = _write(tmp_path, bad)
    if bad.refused:
        _assert_refused(path, bad)
        return
    with time_bound(SECONDS_PER_FILE):
        report = check_file(path)
    assert report.fatal is None
    assert path.read_bytes() == bad.data


def test_nothing_in_a_hostile_file_runs(tmp_path: Path) -> None:
    for bad in HOSTILE.values():
        _write(tmp_path, bad)
        with contextlib.suppress(LoadError):
            load_plan(tmp_path / bad.name)
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_schema_and_reference_errors_open_with_located_problems(tmp_path: Path, name: str) -> None:
    bad = SCHEMA[name]
    path = _write(tmp_path, bad)
    if bad.refused:  # read as a plan (export, diff): ``validate`` reads any schema it knows
        with pytest.raises(LoadError) as caught:
            load_plan(path)
        for fragment in bad.says:
            assert fragment in caught.value.text("zh")
        assert caught.value.line == bad.line
        return
    with time_bound(SECONDS_PER_FILE):
        report = check_file(path)
    assert report.fatal is None
    assert bad.problem is not None
    found = [
        p
        for p in report.problems
        if p.code.startswith(bad.problem) and p.severity is Severity.ERROR
    ]
    assert found, [(p.code, p.line) for p in report.problems]
    # the value's line, or the first line of a block value under its key
    assert any(p.line in (bad.line, (bad.line or 0) + 1) for p in found), [
        (p.code, p.line, p.text("zh")) for p in found
    ]
    for p in found:
        assert not untranslated(p.message.zh), p.message.zh
    assert path.read_bytes() == bad.data


@pytest.mark.parametrize("name", sorted(DRILLS))
def test_broken_drills_and_missing_plans_are_named(tmp_path: Path, name: str) -> None:
    bad = DRILLS[name]
    shutil.copy(SAMPLE_PLAN, tmp_path / SAMPLE_PLAN.name)
    _write(tmp_path, HOSTILE["nul-bytes.plan.yaml"])
    _write(tmp_path, DRILLS["missing-plan.drill.yaml"])
    path = _write(tmp_path, bad)
    if bad.refused:
        _assert_refused(path, bad)
        return
    before = snapshot(tmp_path)
    with time_bound(SECONDS_PER_FILE):
        report = check_file(path)
    assert report.fatal is None
    found = [p for p in report.problems if p.code == bad.problem]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert found[0].line == bad.line
    for fragment in bad.says:
        assert fragment in found[0].text("zh")
    assert snapshot(tmp_path) == before
