"""The frozen app (PyInstaller bundle), run as users run it. Skipped without a bundle.

Build one with ``python .ci/packaging/build.py`` (it runs these tests afterwards), or
point ``PLANDRILL_BUNDLE`` at a built ``PlanDrill`` folder. On Windows the GUI program
has no console, so its output is checked through its exit code and the files it writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from app import APP_NAME, __version__
from tests.drill_docs_sessions import record_sample
from tests.drill_samples import SAMPLE_PLAN
from tests.helpers import ROOT

WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""


def _bundle() -> Path | None:
    given = os.environ.get("PLANDRILL_BUNDLE")
    folder = Path(given) if given else ROOT / "dist" / "PlanDrill"
    return folder if (folder / f"{APP_NAME}{EXE}").is_file() else None


BUNDLE = _bundle()
# CI builds the bundle first (.ci/run) and sets this, so a missing bundle fails there
# instead of skipping the tests unseen.
REQUIRED = os.environ.get("PLANDRILL_REQUIRE_BUNDLE") == "1"
pytestmark = pytest.mark.skipif(
    BUNDLE is None and not REQUIRED,
    reason="no PyInstaller bundle (python3 -m app.bootstrap build builds one)",
)


@pytest.fixture
def bundle() -> Path:
    assert BUNDLE is not None, "PLANDRILL_REQUIRE_BUNDLE=1 but dist/PlanDrill was not built"
    return BUNDLE


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A user's folder with spaces and Chinese in its name."""
    path = tmp_path / "应急 预案 库" / "子 目录"
    path.mkdir(parents=True)
    return path


def _run(exe: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 180):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env={**clean, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )


def _cli(bundle: Path) -> Path:
    return bundle / f"{APP_NAME.lower()}-cli{EXE}"


def _sample(bundle: Path) -> Path:
    found = list((bundle / "_internal" / "resources" / "sample").glob("*.plan.yaml"))
    assert found, "the sample plan is not in the bundle"
    return found[0]


def test_both_programs_report_the_package_version(bundle: Path) -> None:
    result = _run(_cli(bundle), "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"
    if not WINDOWS:  # the windowed Windows program has no stdout
        gui = _run(bundle / APP_NAME, "--version")
        assert gui.stdout.strip() == f"{APP_NAME} {__version__}"


def test_cli_exports_the_sample_into_a_unicode_folder(bundle: Path, folder: Path) -> None:
    plan = Path(shutil.copy(_sample(bundle), folder / "示例 预案.plan.yaml"))
    out = folder / "导出 结果.docx"
    result = _run(_cli(bundle), "export", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "化工" in text
    # the style sheet's fonts made it into the frozen export
    fonts = out.read_bytes()
    assert doc.styles["Body Text"].element.xpath(".//w:rFonts/@w:eastAsia") == ["仿宋_GB2312"]
    assert len(fonts) > 10_000


def test_cli_validate_new_and_import_work_frozen(bundle: Path, folder: Path) -> None:
    cli = _cli(bundle)
    plan = folder / "新 预案.plan.yaml"
    made = _run(cli, "new", "--template", "township", "--example", "-o", str(plan))
    assert made.returncode == 0, made.stderr
    checked = _run(cli, "validate", str(plan))
    assert checked.returncode in (0, 1), checked.stderr  # 1: the plan has errors to fix
    assert str(plan) in checked.stdout + checked.stderr or plan.name in checked.stdout
    docx_file = folder / "新 预案.docx"
    assert _run(cli, "export", str(plan), "-o", str(docx_file)).returncode == 0
    back = folder / "导入 回来.plan.yaml"
    imported = _run(cli, "import-docx", str(docx_file), "-o", str(back))
    assert imported.returncode in (0, 1), imported.stderr
    assert back.is_file()
    assert "Traceback" not in imported.stderr


def test_drill_report_with_its_chart_and_the_filing_package(bundle: Path, folder: Path) -> None:
    """Pillow draws the report's chart; the filing package writes a whole folder."""
    drill, journal = record_sample(folder)
    cli = _cli(bundle)
    report = folder / "评估 报告.docx"
    made = _run(cli, "export", str(drill), "--doc", "report", "--session", str(journal),
                "-o", str(report))  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    with zipfile.ZipFile(report) as z:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())
    plan = drill.with_name(SAMPLE_PLAN.name)
    package = _run(cli, "package", str(plan), "-o", str(folder / "备案"), "--zip")
    assert package.returncode == 0, package.stdout + package.stderr
    [made_folder] = [p for p in (folder / "备案").iterdir() if p.is_dir()]
    assert len(list(made_folder.glob("*.docx"))) >= 5


def test_versioned_library_releases_and_files_frozen(bundle: Path, folder: Path) -> None:
    """The plan history (dulwich, its sqlite cache) works in the bundle as in the venv."""
    cli = _cli(bundle)
    plan = folder / "预案.plan.yaml"
    shutil.copyfile(_sample(bundle), plan)
    author = "张三 <zhang@example.cn>"
    started = _run(cli, "library", "history", str(folder), "--start", "--author", author)
    assert started.returncode == 0, started.stdout + started.stderr
    released = _run(cli, "library", "release", str(folder), str(plan), "--author", author,
                    "--name", "1.0", "--date", "2026-11-02")  # fmt: skip
    assert released.returncode == 0, released.stdout + released.stderr
    listed = _run(cli, "library", "history", str(folder), str(plan), "--format", "json")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "1.0" in listed.stdout
    package = _run(cli, "package", str(plan), "-o", str(folder / "备案"))
    assert package.returncode == 0, package.stdout + package.stderr


def test_gui_opens_a_plan_and_exports_it_offscreen(bundle: Path, folder: Path, tmp_path: Path):
    plan = Path(shutil.copy(_sample(bundle), folder / "双击 打开.plan.yaml"))
    out = folder / "界面 导出.docx"
    home = tmp_path / "用户 数据"
    result = _run(
        bundle / f"{APP_NAME}{EXE}",
        str(plan),  # as Explorer passes a double-clicked file: "%1"
        env={
            "PLANDRILL_SMOKE_TEST": str(out),
            "PLANDRILL_HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.is_file() and out.stat().st_size > 10_000
    assert "化工" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    if not WINDOWS:
        assert "frozen yes" in result.stdout
        assert "qtbase_zh_CN True, plandrill_en True" in result.stdout
        assert "icon True" in result.stdout
        assert f"opened {plan}" in result.stdout


def test_the_bundle_holds_what_the_app_needs_and_not_more(bundle: Path) -> None:
    internal = bundle / "_internal"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    for needed in (
        "resources/translations/plandrill_en.qm",
        "resources/icons/plandrill.svg",
        "resources/icons/plandrill.ico",
        "resources/sample/无脚本综合演练.drill.yaml",
        "plan_templates/township.plan-template.yaml",
        "app/model/kinds.yaml",
        "app/checks/holidays.yaml",
        "app/export/templates/cover.j2",
        "docx/templates/default-footer.xml",
    ):
        assert needed in names, needed
    assert not any(n.endswith(".ts") for n in names), "translation sources are not shipped"
    platforms = {Path(n).stem.removeprefix("lib") for n in names if "/plugins/platforms/" in n}
    assert "qoffscreen" in platforms and ("qwindows" in platforms or "qxcb" in platforms)
    assert not any("/plugins/" + t + "/" in n for n in names for t in ("tls", "sqldrivers"))
    qt_translations = {Path(n).name for n in names if n.endswith(".qm") and "PySide6" in n}
    assert qt_translations == {"qtbase_zh_CN.qm"}
    top = {n.split("/")[0].split(".")[0] for n in names}
    assert not top & {"tkinter", "_tkinter", "hypothesis", "pytest", "_pytest", "tests"}
    for module in ("QtQml", "QtQuick", "QtNetwork", "QtPdf", "QtOpenGL", "QtDBus", "QtSql"):
        assert not any(n.startswith(f"PySide6/{module}") for n in names), module
    for library in ("Qml", "Quick", "Network", "Pdf", "Sql", "VirtualKeyboard", "WaylandClient"):
        assert not any(f"Qt6{library}." in n for n in names), library
