"""Builders for test data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from app.model.plan import Plan

ROOT = Path(__file__).resolve().parent.parent


def minimal_plan(**meta: object) -> Plan:
    data = {
        "schema": "plandrill/plan@1",
        "meta": {
            "title": "测试预案",
            "kind": "enterprise_onsite",
            "unit": {"name": "甲公司"},
            **meta,
        },
    }
    return Plan.model_validate(data)


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m app`` as a user would, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
    )


# Values a user might type into a template variable to break out of it: template code,
# YAML structure, shell. Rendering must keep each one as literal text.
HOSTILE_VALUES = [
    "{{ ''.__class__.__mro__ }}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ unit.name }}{{ region }}",
    "{% include '/etc/passwd' %}",
    'x"\nschema: evil',
    ": - [",
    "a: b\n- c\n---\n...",
    "&anchor *alias !!python/object:os.system",
    "'; rm -rf / #",
]


def text_values(value: Any) -> list[str]:
    """Every string in plain document data, depth first."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in text_values(v)]
    if isinstance(value, list):
        return [s for v in value for s in text_values(v)]
    return [value] if isinstance(value, str) else []


def data_shape(value: Any) -> Any:
    """The structure of document data with every text blanked: keys, list lengths, types."""
    if isinstance(value, dict):
        return {k: data_shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [data_shape(v) for v in value]
    return "" if isinstance(value, str) else type(value).__name__


def write_own_template(folder: Path, template_id: str, name: str) -> Path:
    """A user's own plan template in ``folder``: the township starter under another id."""
    source = (ROOT / "plan_templates" / "township.plan-template.yaml").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.plan-template.yaml"
    path.write_text(
        source.replace("  id: township\n", f"  id: {template_id}\n", 1), encoding="utf-8"
    )
    return path
