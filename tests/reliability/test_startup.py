"""Start-up stays light: what the editor imports before its window shows.

The benchmark (tests/benchmarks/bench_all.py) found python-docx and jinja2 loaded at
every start only for the outline's heading numbers; these tests keep it that way
without timing anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

HEAVY = ("docx", "jinja2", "lxml.etree", "app.export.gongwen", "app.compare.docx_report")

PROBE = """
import json, sys
import app.ui.mainwindow, app.ui.export_job, app.cli.validate, app.storage.plans, app.checks
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
"""


def test_the_editor_and_validate_load_no_word_machinery_on_their_thread() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.replace("{heavy}", repr(HEAVY))],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_the_lazy_packages_still_offer_every_name() -> None:
    import app.compare
    import app.export

    for name in app.export.__all__:
        assert callable(getattr(app.export, name)) or isinstance(getattr(app.export, name), type)
    for name in app.compare.__all__:
        assert getattr(app.compare, name) is not None
    with pytest.raises(AttributeError):
        app.export.no_such_thing  # noqa: B018
    with pytest.raises(AttributeError):
        app.compare.no_such_thing  # noqa: B018
    from app.export.gongwen import heading_number

    assert heading_number("gongwen", (2, 3)) == "（三）"
