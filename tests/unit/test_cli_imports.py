"""A command pays for its own dependencies only (issue 16: a fast CLI).

Timing lives in tests/benchmarks/bench_all.py; here we check the cause of slowness
that a change could bring back: heavy libraries imported by commands that don't use
them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import ROOT

SAMPLE = ROOT / "resources" / "sample" / "化工企业综合应急预案.plan.yaml"
HEAVY = ("docx", "jinja2", "PySide6", "PIL", "lxml", "openpyxl", "pydantic")

PROBE = """
import contextlib, io, json, sys
from app.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(json.loads(sys.argv[1]))
print(json.dumps(sorted(m for m in sys.modules if m.startswith("app.") or "." not in m)))
"""


def _modules_after(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(argv))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_version_imports_no_subcommand_and_no_library() -> None:
    loaded = _modules_after("--version")
    assert not {m for m in loaded if m.startswith("app.cli.")}
    assert not loaded & set(HEAVY)


def test_validate_does_not_load_the_word_or_gui_stack() -> None:
    loaded = _modules_after("validate", str(SAMPLE))
    assert "app.cli.validate" in loaded
    others = {m for m in loaded if m.startswith("app.cli.") and m != "app.cli.validate"}
    assert not others, others
    assert not loaded & {"docx", "jinja2", "PySide6", "PIL", "lxml", "openpyxl"}


def test_help_still_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0
    for command in ("validate", "export", "package", "import-docx", "drill", "findings"):
        assert command in done.stdout


def test_drill_commands_other_than_serve_do_not_load_the_room_server() -> None:
    loaded = _modules_after("drill", "sessions", str(SAMPLE))
    assert "app.cli.drill" in loaded
    assert "aiohttp" not in loaded and "app.room.server" not in loaded
