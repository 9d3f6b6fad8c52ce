"""House rules: the domain never imports Qt, and imports run downhill."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"

# package -> packages it may import from app.*
ALLOWED = {
    "model": {"model", "i18n"},
    "storage": {"storage", "progress", "model", "i18n", "paths"},
    "checks": {"checks", "progress", "storage", "model", "i18n", "paths"},
    "drill": {"drill", "progress", "storage", "model", "checks", "i18n"},
    "library": {
        "library",
        "progress",
        "checks",
        "storage",
        "model",
        "i18n",
        "export",
        "drilldocs",  # the CJK font search of the drill chart, for the plan system diagram
        "compare",  # versions are described, and compared, with the plan comparison
        "findings",  # a release's 修订记录 entry is added as closing a finding adds one
    },
    "export": {"export", "progress", "storage", "model", "checks", "drill", "i18n", "paths"},
    "importer": {"importer", "progress", "storage", "model", "checks", "i18n"},
    "compare": {"compare", "progress", "storage", "model", "checks", "i18n", "export"},
    "filing": {"filing", "progress", "model", "storage", "checks", "export", "i18n", "paths"},
    "findings": {"findings", "progress", "drill", "storage", "model", "checks", "i18n", "paths"},
    "drilldocs": {
        "drilldocs",
        "findings",
        "progress",
        "drill",
        "export",
        "storage",
        "model",
        "checks",
        "i18n",
        "paths",
    },
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_domain_is_qt_free_and_downhill(package: str) -> None:
    folder = APP / package
    if not folder.exists():
        pytest.skip(f"app/{package} not written yet")
    for path in folder.rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("PySide6", "PyQt", "shiboken")), f"{path} imports {name}"
            if name.startswith("app."):
                top = name.split(".")[1]
                assert top in ALLOWED[package], f"{path} imports {name}: uphill"


def test_bootstrap_uses_only_the_standard_library() -> None:
    # It runs under the system Python before any dependency is installed.
    for name in _imports(APP / "bootstrap.py"):
        assert name.split(".")[0] in {
            "__future__",
            "collections",
            "ctypes",
            "hashlib",
            "os",
            "re",
            "shutil",
            "subprocess",
            "sys",
            "venv",
            "pathlib",
        }
