"""House rules: the domain never imports Qt, and imports run downhill, inside ``ui/`` too.

Every import counts: at the top of a module, inside a function, under ``TYPE_CHECKING``,
and the ``from app.ui import fontcheck`` form (which imports the module ``app.ui.fontcheck``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the folder that holds app/
APP = ROOT / "app"

# Package (or top-level module) of app -> what it may import from app.*. The design's
# picture is ``ui -> drill, export, checks, storage -> model``: drill, export and checks are
# peers over storage, storage is over model, and the packages built on them (library,
# filing, compare, drilldocs, findings, importer) sit between them and ui. i18n, paths and
# progress are leaves anyone may use; ``app`` itself (``__version__``, ``APP_NAME``) too.
# The table is as tight as the code: test_allowed_table_is_tight fails on an unused entry.
ALLOWED: dict[str, set[str]] = {
    "i18n": set(),
    "paths": set(),
    "progress": {"i18n"},
    "model": {"i18n"},
    "storage": {"model", "i18n", "paths"},
    "checks": {"storage", "model", "i18n", "paths"},
    "drill": {"storage", "model", "i18n"},
    "export": {"progress", "storage", "model", "i18n"},
    "importer": {"progress", "storage", "model", "i18n"},
    "findings": {"drill", "storage", "model", "i18n"},
    "room": {"drill", "storage", "model", "i18n"},  # the drill room server (issue 21)
    "compare": {"export", "storage", "model", "i18n"},
    "filing": {"checks", "export", "progress", "storage", "model", "i18n"},
    "drilldocs": {"findings", "drill", "export", "progress", "room", "storage", "model", "i18n"},
    "library": {
        "drilldocs",  # the CJK font search of the drill chart, for the plan system diagram
        "checks",
        "export",
        "progress",
        "storage",
        "model",
        "i18n",
        "compare",  # versions are described, and compared, with the plan comparison
        "findings",  # a release's 修订记录 entry is added as closing a finding adds one
    },
    "fonts": {"export", "i18n"},
    "__main__": {"cli"},  # the fonts the exports name, for the GUI's font check
    "cli": {
        "ui",  # only app.ui.main, to start the GUI (test_cli_starts_the_gui_only)
        "room",  # drill serve
        "compare",
        "drill",
        "drilldocs",
        "export",
        "filing",
        "findings",
        "importer",
        "library",
        "checks",
        "progress",
        "storage",
        "model",
        "i18n",
        "paths",
    },
}
QT = ("PySide6", "PyQt", "shiboken")


@dataclass(frozen=True)
class Import:
    target: str  # the module imported: app.ui.base.dialogs, PySide6.QtCore, app (the root)
    line: int
    local: bool  # inside a function
    typing_only: bool  # under ``if TYPE_CHECKING:``


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str, root: Path) -> bool:
    base = root.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path, root: Path = ROOT) -> list[Import]:
    """Every import in a file, resolved to the module it loads."""
    me = module_name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, local: bool, typing_only: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(alias.name, node.lineno, local, typing_only))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                target = sub if _is_module(sub, root) else source
                found.append(Import(target, node.lineno, local, typing_only))
        for child in ast.iter_child_nodes(node):
            if isinstance(node, ast.If) and _is_type_checking(node.test) and child in node.body:
                visit(child, local, True)
            else:
                visit(
                    child,
                    local or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef),
                    typing_only,
                )

    visit(ast.parse(path.read_text(encoding="utf-8")), False, False)
    return found


def _top(name: str) -> str | None:
    """The app package or module an import belongs to; "" for the root ``app``."""
    if name == "app":
        return ""
    return name.split(".")[1] if name.startswith("app.") else None


# --- the domain ------------------------------------------------------------------------------


def _files_of(unit: str, root: Path) -> list[Path]:
    folder = root / "app" / unit
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [root / "app" / f"{unit}.py"]


def domain_violations(
    unit: str, root: Path = ROOT, allowed: dict[str, set[str]] = ALLOWED
) -> list[str]:
    out = []
    for path in _files_of(unit, root):
        for imp in imports_of(path, root):
            where = f"{path.relative_to(root)}:{imp.line} imports {imp.target}"
            if imp.target.startswith(QT):
                out.append(f"{where}: Qt below ui")
            top = _top(imp.target)
            if top and top != unit and top not in allowed[unit]:
                out.append(f"{where}: uphill")
    return out


def used_units(unit: str, root: Path = ROOT) -> set[str]:
    return {
        top
        for path in _files_of(unit, root)
        for imp in imports_of(path, root)
        if (top := _top(imp.target)) and top != unit
    }


@pytest.mark.parametrize("unit", sorted(ALLOWED))
def test_domain_is_qt_free_and_downhill(unit: str) -> None:
    assert domain_violations(unit) == []


def test_allowed_table_is_tight() -> None:
    # An allowance the code does not use is a door left open: close it.
    unused = {unit: ALLOWED[unit] - used_units(unit) for unit in ALLOWED}
    assert {u: s for u, s in unused.items() if s} == {}


def test_every_app_package_has_rules() -> None:
    units = {p.stem for p in APP.glob("*.py")} | {
        p.name for p in APP.iterdir() if (p / "__init__.py").is_file()
    }
    # the root, the GUI (its own floors below) and the bootstrap (standard library only)
    assert units - set(ALLOWED) == {"__init__", "bootstrap", "ui"}
    assert [i for i in imports_of(APP / "__init__.py") if _top(i.target) is not None] == []


def test_cli_starts_the_gui_only() -> None:
    ui = {i.target for p in _files_of("cli", ROOT) for i in imports_of(p) if _top(i.target) == "ui"}
    assert ui == {"app.ui.main"}
    ui_uses = {_top(i.target) for p in (APP / "ui").rglob("*.py") for i in imports_of(p)}
    assert "cli" not in ui_uses


def test_bootstrap_uses_only_the_standard_library() -> None:
    # It runs under the system Python before any dependency is installed.
    for imp in imports_of(APP / "bootstrap.py"):
        assert imp.target.split(".")[0] in {
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


# --- the floors of ui ------------------------------------------------------------------------

BASE, WIDGETS, WINDOWS, ENTRY = range(4)
FLOOR_NAMES = ("base", "widgets/models/editors", "windows", "entry")
# app.ui and app.ui.base.*: BASE. Everything not named here: WIDGETS (documents, editors,
# item models, panels, jobs, drill widgets). A new window goes into WINDOWS.
WINDOW_MODULES = {
    "app.ui.mainwindow",
    "app.ui.library_window",
    "app.ui.welcome",  # the main window's start page, holds the window
    "app.ui.about",
    "app.ui.preferences",
    "app.ui.template_wizard",
    "app.ui.drill.console",
    "app.ui.drill.presenter",
    "app.ui.drill.menu",  # the main window's Drill menu
    "app.ui.drill.resume",  # opens consoles
}
ENTRY_MODULES = {"app.ui.main", "app.ui.smoke"}
# Typing-only references back to a module that imports this one at run time: the only
# cycles allowed, and only while they stay under ``if TYPE_CHECKING:``.
TYPING_BACK_EDGES = {
    ("app.ui.commands", "app.ui.document"),  # commands edit a Document, which runs them
    ("app.ui.document", "app.ui.editor_base"),  # a DocumentType names its editor's type
    ("app.ui.welcome", "app.ui.mainwindow"),  # the start page of that window
    ("app.ui.drill.menu", "app.ui.mainwindow"),  # the menu of that window
}


def floor(module: str) -> int:
    if module == "app.ui" or module == "app.ui.base" or module.startswith("app.ui.base."):
        return BASE
    if module in ENTRY_MODULES:
        return ENTRY
    if module in WINDOW_MODULES:
        return WINDOWS
    return WIDGETS


def ui_graph(root: Path = ROOT) -> dict[str, list[Import]]:
    """Each ui module -> its imports of ui modules."""
    return {
        module_name(path, root): [
            i
            for i in imports_of(path, root)
            if i.target == "app.ui" or i.target.startswith("app.ui.")
        ]
        for path in sorted((root / "app" / "ui").rglob("*.py"))
    }


def floor_violations(graph: dict[str, list[Import]]) -> list[str]:
    out = []
    for module, imports in graph.items():
        for imp in imports:
            kind = "inside a function " if imp.local else ""
            where = f"{module}:{imp.line} imports {kind}{imp.target}"
            if _is_package(module, graph):
                if floor(imp.target) != BASE:
                    out.append(f"{where}: a package's __init__ runs for all of it; only base here")
            elif floor(imp.target) > floor(module):
                high, low = FLOOR_NAMES[floor(imp.target)], FLOOR_NAMES[floor(module)]
                out.append(f"{where}: {high} over {low}")
    return out


def _is_package(module: str, graph: dict[str, list[Import]]) -> bool:
    return any(other.startswith(module + ".") for other in graph)


def cycles(
    graph: dict[str, list[Import]], allowed_back: Iterable[tuple[str, str]] = ()
) -> list[list[str]]:
    """The import cycles (strongly connected components of more than one module)."""
    skip = set(allowed_back)
    edges = {
        m: sorted(
            {
                i.target
                for i in imps
                if i.target in graph and i.target != m and (m, i.target) not in skip
            }
        )
        for m, imps in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return found


def test_ui_modules_have_a_floor() -> None:
    graph = ui_graph()
    assert (WINDOW_MODULES | ENTRY_MODULES) - set(graph) == set(), "a listed module is gone"
    assert {m for m in graph if floor(m) == BASE} >= {
        "app.ui.base.dialogs",
        "app.ui.base.tasks",
        "app.ui.base.settings",
        "app.ui.base.icons",
        "app.ui.base.translation",
        "app.ui.base.qtfix",
    }


def test_ui_imports_run_down_the_floors() -> None:
    assert floor_violations(ui_graph()) == []


def test_ui_has_no_import_cycle() -> None:
    assert cycles(ui_graph(), TYPING_BACK_EDGES) == []


def test_typing_back_edges_exist_and_stay_typing_only() -> None:
    graph = ui_graph()
    for module, target in TYPING_BACK_EDGES:
        uses = [i for i in graph[module] if i.target == target]
        assert uses, f"{module} no longer imports {target}: drop it from TYPING_BACK_EDGES"
        assert all(i.typing_only for i in uses), f"{module} imports {target} at run time"


# --- each check can fail -----------------------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in {p.parent for p in root.rglob("*.py")}:
        if folder != root and not (folder / "__init__.py").exists():
            (folder / "__init__.py").write_text("", encoding="utf-8")
    return root


UI_TREE = {
    "app/__init__.py": "",
    "app/ui/__init__.py": "from app.ui.base import qtfix\n",
    "app/ui/base/qtfix.py": "",
    "app/ui/base/dialogs.py": "def show_about(parent):\n    from app.ui import about\n    about.show(parent)\n",
    "app/ui/about.py": "from app.ui.base.icons import app_icon\n",
    "app/ui/base/icons.py": "",
    "app/ui/mainwindow.py": "from app.ui import about\nfrom app.ui.base import dialogs\n",
    "app/ui/document.py": "from app.ui.base import dialogs\n",
    "app/ui/editor_base.py": "from app.ui.document import Document\n",
}


def test_a_base_module_importing_a_window_inside_a_function_fails(tmp_path: Path) -> None:
    graph = ui_graph(_tree(tmp_path, UI_TREE))
    assert graph["app.ui.base.dialogs"] == [Import("app.ui.about", 2, True, False)]
    assert floor_violations(graph) == [
        "app.ui.base.dialogs:2 imports inside a function app.ui.about: windows over base"
    ]


def test_a_widget_importing_a_window_fails(tmp_path: Path) -> None:
    tree = {
        **UI_TREE,
        "app/ui/base/dialogs.py": "",
        "app/ui/document.py": "import app.ui.mainwindow\n",
    }
    assert floor_violations(ui_graph(_tree(tmp_path, tree))) == [
        "app.ui.document:1 imports app.ui.mainwindow: windows over widgets/models/editors"
    ]


def test_a_package_init_importing_above_base_fails(tmp_path: Path) -> None:
    tree = {
        **UI_TREE,
        "app/ui/base/dialogs.py": "",
        "app/ui/__init__.py": "from . import document\n",
    }
    assert floor_violations(ui_graph(_tree(tmp_path, tree))) == [
        "app.ui:1 imports app.ui.document: a package's __init__ runs for all of it; only base here"
    ]


def test_a_cycle_held_by_a_function_local_import_is_found(tmp_path: Path) -> None:
    tree = {
        **UI_TREE,
        "app/ui/base/dialogs.py": "",
        "app/ui/document.py": "def editor():\n    from app.ui.editor_base import Editor\n",
    }
    graph = ui_graph(_tree(tmp_path, tree))
    assert floor_violations(graph) == []  # same floor: only the cycle check sees it
    assert cycles(graph) == [["app.ui.document", "app.ui.editor_base"]]


def test_a_typing_back_edge_is_allowed_only_while_typing_only(tmp_path: Path) -> None:
    typed = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.ui.editor_base import E\n"
    graph = ui_graph(_tree(tmp_path, {**UI_TREE, "app/ui/document.py": typed}))
    back = [("app.ui.document", "app.ui.editor_base")]
    assert cycles(graph) == [["app.ui.document", "app.ui.editor_base"]]
    assert cycles(graph, back) == []
    assert [i.typing_only for i in graph["app.ui.document"]] == [True]


def test_the_real_graph_fails_when_a_back_edge_is_made() -> None:
    graph = ui_graph()
    graph["app.ui.base.tasks"].append(Import("app.ui.mainwindow", 1, True, False))
    assert floor_violations(graph) == [
        "app.ui.base.tasks:1 imports inside a function app.ui.mainwindow: windows over base"
    ]
    assert any(
        "app.ui.base.tasks" in c and "app.ui.mainwindow" in c
        for c in cycles(graph, TYPING_BACK_EDGES)
    )


def test_an_uphill_domain_import_inside_a_function_fails(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/checks/__init__.py": "",
            "app/export/writer.py": "from app import __version__\n\ndef f():\n    from app import checks\n",
            "app/model/plan.py": "from PySide6.QtCore import QObject\n",
        },
    )
    assert domain_violations("export", root) == [
        "app/export/writer.py:4 imports app.checks: uphill"
    ]
    assert domain_violations("model", root) == [
        "app/model/plan.py:1 imports PySide6.QtCore: Qt below ui"
    ]


def test_an_unused_allowance_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ALLOWED, "model", {"i18n", "storage"})
    assert ALLOWED["model"] - used_units("model") == {"storage"}
