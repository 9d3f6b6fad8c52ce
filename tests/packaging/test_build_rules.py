"""Packaging without a build: the version the programs report, the trimming rules of
the spec, the Windows icon, and the build dependency group."""

from __future__ import annotations

import importlib.util
import re
import struct
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from app import APP_NAME, __version__
from tests.helpers import ROOT, run_cli

PACKAGING = ROOT / ".ci" / "packaging"


def _trim() -> ModuleType:
    spec = importlib.util.spec_from_file_location("plandrill_trim", PACKAGING / "trim.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_python_m_app_version_is_the_package_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_pyproject_takes_the_version_from_the_package_and_has_a_build_group() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}
    build = data["project"]["optional-dependencies"]["build"]
    assert any(req.lower().startswith("pyinstaller") for req in build)
    assert not any("pyinstaller" in req.lower() for req in data["project"]["dependencies"])
    assert "PySide6-Essentials" in " ".join(data["project"]["dependencies"])


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/plugins/iconengines/qsvgicon.dll", True),
        ("PySide6/plugins/imageformats/qsvg.dll", True),
        ("PySide6/plugins/imageformats/qpdf.dll", False),
        ("PySide6/plugins/imageformats/qwebp.dll", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/plugins/tls/qopensslbackend.dll", False),
        ("PySide6/plugins/networkinformation/qnetworklistmanager.dll", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/plugins/sqldrivers/qsqlite.dll", False),
        ("PySide6/Qt6Widgets.dll", True),  # not a plugin: left to the library rule
    ],
)
def test_plugin_rules(dest: str, kept: bool) -> None:
    trim = _trim()
    assert trim.keep_plugin(dest) is kept
    assert trim.keep_plugin(dest.replace("/", "\\")) is kept  # Windows TOC names


def test_only_the_chinese_qt_translation_is_kept() -> None:
    trim = _trim()
    assert trim.keep_data("PySide6/translations/qtbase_zh_CN.qm")
    assert trim.keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not trim.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not trim.keep_data("PySide6\\translations\\qtbase_ja.qm")
    assert trim.keep_data("resources/translations/plandrill_en.qm")  # ours stay


def test_libraries_only_dropped_plugins_need_are_dropped() -> None:
    trim = _trim()
    binaries = [
        ("PySide6/QtWidgets.pyd", "/s/QtWidgets.pyd", "EXTENSION"),
        ("python311.dll", "/s/python311.dll", "BINARY"),
        ("PySide6/Qt6Widgets.dll", "/s/Qt6Widgets.dll", "BINARY"),
        ("PySide6/Qt6Gui.dll", "/s/Qt6Gui.dll", "BINARY"),
        ("PySide6/Qt6Core.dll", "/s/Qt6Core.dll", "BINARY"),
        ("PySide6/Qt6Pdf.dll", "/s/Qt6Pdf.dll", "BINARY"),
        ("PySide6/Qt6Svg.dll", "/s/Qt6Svg.dll", "BINARY"),
        ("PySide6/plugins/imageformats/qpdf.dll", "/s/qpdf.dll", "BINARY"),
        ("PySide6/plugins/imageformats/qsvg.dll", "/s/qsvg.dll", "BINARY"),
        ("PySide6/opengl32sw.dll", "/s/opengl32sw.dll", "BINARY"),
    ]
    links = {
        "/s/QtWidgets.pyd": ["Qt6Widgets.dll", "python3.dll"],
        "/s/Qt6Widgets.dll": ["Qt6Gui.dll", "Qt6Core.dll"],
        "/s/Qt6Gui.dll": ["Qt6Core.dll"],
        "/s/qpdf.dll": ["Qt6Pdf.dll", "Qt6Gui.dll"],
        "/s/qsvg.dll": ["Qt6Svg.dll", "Qt6Gui.dll"],
        "/s/Qt6Pdf.dll": ["Qt6Core.dll"],
    }
    kept = {e[0] for e in trim.trim_binaries(binaries, lambda src: links.get(src, []))}
    assert kept == {
        "PySide6/QtWidgets.pyd",
        "python311.dll",  # the bootloader loads it
        "PySide6/Qt6Widgets.dll",
        "PySide6/Qt6Gui.dll",
        "PySide6/Qt6Core.dll",
        "PySide6/Qt6Svg.dll",  # the SVG plugin needs it
        "PySide6/plugins/imageformats/qsvg.dll",
    }


def test_links_to_dropped_libraries_are_dropped() -> None:
    trim = _trim()
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY")]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
        ("resources/icons/plandrill.svg", "/s/plandrill.svg", "DATA"),
    ]
    assert [e[0] for e in trim.trim_datas(datas, binaries)] == [
        "libQt6Core.so.6",
        "resources/icons/plandrill.svg",
    ]


def test_the_windows_icon_has_every_size_windows_asks_for() -> None:
    data = (ROOT / "resources" / "icons" / "plandrill.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        width, height, _, _, _, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data) and bits == 32
        png_width, png_height = struct.unpack_from(">II", data, offset + 16)
        assert (png_width, png_height) == (width or 256, height or 256)
        sizes.add(width or 256)
    assert {16, 20, 24, 32, 40, 48, 64, 256} <= sizes


def test_the_spec_builds_two_programs_from_one_folder() -> None:
    spec = (PACKAGING / "plandrill.spec").read_text(encoding="utf-8")
    assert "console=False" in spec and "console=True" in spec
    assert "icon=str(ICON)" in spec and "version=version_info" in spec
    assert "COLLECT(gui, cli," in spec
    assert Path(PACKAGING / "build.py").is_file()
