"""Templates a user writes cannot exhaust the machine: widths, precisions, integer
size, loops, recursion, output and time are bounded (``app.storage.sandbox``).

Each payload is a ``cover.j2`` override rendered by the export's boilerplate (the
templates a user edits). They run in a child process with an address-space limit and
a deadline, so a limit that does not hold fails this test instead of the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="resource limits")

MEMORY_MB = 700  # address space for the whole child: Python, jinja2, python-docx
SECONDS = 5.0  # per payload; the watchdog stops a template after 2 s

PAYLOADS = {
    # the issue's own
    "percent width": "{{ '%0999999999d' % 1 }}",
    "percent precision": "{{ '%.999999999f' % 1 }}",
    "format width": "{{ '{:999999999}'.format(1) }}",
    "squaring": "{% macro sq(x, n) %}{% if n %}{{ sq(x * x, n - 1) }}{% else %}{{ x }}"
    "{% endif %}{% endmacro %}{{ sq(10 ** 60, 40) }}",
    # more of the same families
    "percent star": "{{ '%*d' % (999999999, 1) }}",
    "percent named": "{{ '%(a)0999999999d' % {'a': 1} }}",
    "percent left": "{{ '%-999999999s' % 'x' }}",
    "format nested width": "{{ '{:>{w}}'.format('x', w=999999999) }}",
    "format zero pad": "{{ '{0:0999999999}'.format(1) }}",
    "format map": "{{ '{a:999999999}'.format_map({'a': 1}) }}",
    "product chain": "{{ " + " * ".join(["(10 ** 64)"] * 20) + " }}",
    "int as percent": "{{ '%d' % (" + " * ".join(["10 ** 64"] * 20) + ") }}",
    "loop": "{% for a in range(999) %}{% for b in range(999) %}{% endfor %}{% endfor %}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "doubling": "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% else %}{{ s }}"
    "{% endif %}{% endmacro %}{{ f('x', 60) }}",
    "repeat": "{{ 'x' * 1000000000 }}",
    "list repeat": "{{ [0] * 1000000000 }}",
    "filter width": "{{ title | truncate(999999999) }}",
    "join": "{{ range(1000) | map('string') | join(',') * 100 }}",
}

CHILD = r"""
import json, resource, sys, time
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from app.export.boilerplate import render_source
from app.export.errors import ExportError

out = {}
for name, source in json.loads(sys.stdin.read()).items():
    started = time.monotonic()
    try:
        render_source(source, {"title": "标题"}, "/模板/cover.j2")
        out[name] = {"ok": True}
    except ExportError as exc:
        out[name] = {"ok": False, "file": exc.filename, "line": exc.line,
                     "message": exc.text("zh")}
    except MemoryError:
        out[name] = {"ok": False, "memory": True}
    out[name]["seconds"] = time.monotonic() - started
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(MEMORY_MB)],
        input=json.dumps(PAYLOADS),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=SECONDS * len(PAYLOADS) + 30,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_the_payload_is_refused_quickly_with_file_line_and_reason(
    results: dict[str, dict], name: str
) -> None:
    got = results[name]
    assert not got.get("memory"), f"{name}: ran out of memory before a limit stopped it"
    assert got["ok"] is False, f"{name} rendered: {PAYLOADS[name]}"
    assert got["seconds"] < SECONDS, got
    assert got["file"] == "/模板/cover.j2" and got["line"] == 1, got
    assert "模板" in got["message"] and ("已停止" in got["message"] or "不允许" in got["message"])


def test_reasons_name_the_limit(results: dict[str, dict]) -> None:
    said = {name: results[name]["message"] for name in PAYLOADS}
    assert "宽度或精度过大" in said["percent width"]
    assert "宽度或精度过大" in said["format width"]
    assert "整数过大" in said["squaring"]
    assert "步骤过多" in said["loop"]
    assert "递归过深" in said["recursion"]


def test_ordinary_formatting_still_works(tmp_path: Path) -> None:
    from app.export.boilerplate import render_source

    text = render_source(
        "{{ '%08.3f' % 3.14159 }} {{ '{:>6}'.format(title) }} {{ 2 ** 10 }} {{ title * 3 }}",
        {"title": "标题"},
        str(tmp_path / "cover.j2"),
    )
    assert text == "0003.142     标题 1024 标题标题标题"
