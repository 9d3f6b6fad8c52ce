"""An internal error leaves a log of its own in the user's data folder, never in one
fixed file of the shared temp folder (which another user could read or plant a link in)."""

from __future__ import annotations

import argparse
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

import app.cli as cli
from app.paths import crash_logs_dir, new_crash_log


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLANDRILL_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _crash_in_a_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.cli.validate as validate

    def boom(args: argparse.Namespace) -> int:
        raise RuntimeError("测试用的内部错误")

    monkeypatch.setattr(validate, "run", boom)


def test_each_crash_gets_its_own_log_in_the_users_folder(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    _crash_in_a_command(monkeypatch)
    shared = Path(tempfile.gettempdir()) / "plandrill-crash.log"
    before = shared.stat().st_mtime_ns if shared.exists() else None
    assert cli.main(["validate", "x.plan.yaml"]) == cli.EXIT_INTERNAL
    assert cli.main(["validate", "y.plan.yaml"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    logs = sorted(crash_logs_dir().glob("crash-*.log"))
    assert len(logs) == 2 and crash_logs_dir() == home / "crash-logs"
    for log in logs:
        assert str(log) in err and "内部错误" in err
        text = log.read_text(encoding="utf-8")
        assert "RuntimeError: 测试用的内部错误" in text and "command: validate" in text
        assert f"-{os.getpid()}" in log.name
        if os.name == "posix":
            assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert (shared.stat().st_mtime_ns if shared.exists() else None) == before


def test_a_log_never_writes_into_an_existing_file_or_link(home: Path) -> None:
    import datetime as dt

    when = dt.datetime(2026, 3, 1, 9, 30, 0, 123456)
    first = new_crash_log("一", when)
    assert first is not None
    planted = first.with_name(first.name.replace(".log", "-1.log"))
    target = home / "victim.txt"
    target.write_text("原样", encoding="utf-8")
    planted.symlink_to(target)
    second = new_crash_log("二", when)
    assert second is not None and second not in (first, planted)
    assert first.read_text(encoding="utf-8") == "一" and target.read_text("utf-8") == "原样"


def test_no_writable_folder_still_gives_a_message(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("not a folder", encoding="utf-8")  # the data folder cannot be made
    _crash_in_a_command(monkeypatch)
    assert cli.main(["validate", "x.plan.yaml"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "内部错误" in err and "无法写入错误日志" in err and "Traceback" not in err
