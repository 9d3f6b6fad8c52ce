"""What the PlanDrill bundle leaves out: the spec's trimming rules, kept apart so they
can be read (and changed) in one place.

PlanDrill imports only QtCore, QtGui and QtWidgets (and QtSvg through the SVG icon
plugin). PyInstaller's Qt hooks collect every plugin those modules *might* load, and
with them Qt libraries the app never touches (Qt PDF for the PDF image plugin, Qt
Quick for the virtual keyboard, Qt Network for TLS). The rules below keep the plugins a
widgets app needs on Windows and Linux, drop the rest, then drop every Qt library that
nothing kept still links to.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

# Python modules nobody in the app imports at run time (tests, tools, other GUIs).
PYTHON_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    "ensurepip",
    "venv",
    "test",
    "unittest",
    "doctest",
    "pdb",
    "readline",
    "curses",
    # no network, no OpenSSL: hashlib falls back to Python's own md5/sha*/blake2
    "ssl",
    "_ssl",
    "_hashlib",
    # (sqlite3 stays: the plan history keeps its cache in .git/plandrill/history.sqlite)
    "xmlrpc",
    "setuptools",
    "pkg_resources",
    "distutils",
    "pip",
    # Pillow draws the drill report's chart (PNG, FreeType); not its other formats,
    # colour management, Tk or Qt bridges
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
    "PIL.ImageShow",
    "PIL.ImageGrab",
    "numpy",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "IPython",
    # python-docx and the importer use lxml.etree only
    "lxml.objectify",
    "lxml.isoschematron",
    "lxml.html",
    "lxml.sax",
    "app.bootstrap",  # the developer's venv helper
    "tests",
    # Qt modules the app does not use
    *(
        f"PySide6.{name}"
        for name in [
            "Qt3DAnimation",
            "Qt3DCore",
            "Qt3DExtras",
            "Qt3DInput",
            "Qt3DLogic",
            "Qt3DRender",
            "QtAxContainer",
            "QtBluetooth",
            "QtCharts",
            "QtConcurrent",
            "QtDataVisualization",
            "QtDBus",
            "QtDesigner",
            "QtGraphs",
            "QtHelp",
            "QtHttpServer",
            "QtLabsStyleKit",
            "QtLocation",
            "QtMultimedia",
            "QtMultimediaWidgets",
            "QtNetwork",
            "QtNetworkAuth",
            "QtNfc",
            "QtOpenGL",
            "QtOpenGLWidgets",
            "QtPdf",
            "QtPdfWidgets",
            "QtPositioning",
            "QtPrintSupport",
            "QtQml",
            "QtQmlFeatures",
            "QtQuick",
            "QtQuick3D",
            "QtQuickControls2",
            "QtQuickTest",
            "QtQuickWidgets",
            "QtRemoteObjects",
            "QtScxml",
            "QtSensors",
            "QtSerialBus",
            "QtSerialPort",
            "QtSpatialAudio",
            "QtSql",
            "QtStateMachine",
            "QtSvgWidgets",
            "QtTest",
            "QtTextToSpeech",
            "QtUiTools",
            "QtWebChannel",
            "QtWebEngineCore",
            "QtWebEngineQuick",
            "QtWebEngineWidgets",
            "QtWebSockets",
            "QtWebView",
            "QtXml",
        ]
    ),
]

# Plugins kept, by plugin type (file names without "lib" and the extension). A type
# that is not listed is dropped whole.
KEEP_PLUGINS: dict[str, set[str] | None] = {
    # qwindows on Windows, qxcb on Linux (Wayland sessions run it through XWayland);
    # qoffscreen for the smoke test and headless runs
    "platforms": {"qwindows", "qxcb", "qoffscreen", "qminimal"},
    "styles": None,  # all (Windows: the native Windows 11 / Vista styles)
    "iconengines": {"qsvgicon"},  # the app icon is an SVG
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
    # Chinese input methods on Linux (IBus); Windows IMEs go through qwindows
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "xcbglintegrations": None,
}

# Qt's own translations: only the Chinese one is loaded (app.ui.base.translation).
KEEP_QT_TRANSLATIONS = {"qtbase_zh_CN.qm"}

# Windows DLLs Qt loads only for OpenGL / Direct3D shader work, which widgets do not do:
# the software OpenGL renderer (~20 MB) and the HLSL compiler.
DROP_FILES = {"opengl32sw.dll", "d3dcompiler_47.dll"}

_PLUGIN = re.compile(r"(?:^|/)plugins/(?P<type>[^/]+)/(?P<file>[^/]+)$")
# the bootloader loads the Python library itself; nothing links to it
_PYTHON_LIB = re.compile(r"^(?:lib)?python3[\d.]*(?:\.dll|\.so[\d.]*|\.dylib)$")


def _norm(dest: str) -> str:
    return dest.replace("\\", "/")


def _plugin_name(file: str) -> str:
    name = file.split(".")[0]
    return name[3:] if name.startswith("lib") else name


def keep_plugin(dest: str) -> bool:
    match = _PLUGIN.search(_norm(dest))
    if match is None:
        return True
    wanted = KEEP_PLUGINS.get(match["type"], set())
    return wanted is None or _plugin_name(match["file"]) in wanted


def is_qt_translation(dest: str) -> bool:
    path = _norm(dest)
    return "/translations/" in f"/{path}" and path.endswith(".qm") and "PySide6" in path


def keep_data(dest: str) -> bool:
    path = _norm(dest)
    if is_qt_translation(path):
        return path.rsplit("/", 1)[-1] in KEEP_QT_TRANSLATIONS
    return True


def trim_binaries(binaries: Iterable[tuple], imports_of) -> list[tuple]:
    """Drop unwanted plugins and files, then every shared library nothing kept links to.

    The roots are what Python loads itself (extension modules, the Python library)
    and the plugins kept; a library counts when a root, or a library counted before,
    links to it. ``imports_of(path)`` lists the file names a binary links to (from
    PyInstaller's ``bindepend.get_imports``), so the rule holds for .dll and .so alike.
    It catches Qt libraries and system libraries that only dropped plugins needed
    (Qt PDF, Qt Quick, GTK for the GTK theme plugin).
    """
    kept = [e for e in binaries if keep_plugin(e[0]) and _base(e) not in DROP_FILES]
    files = [e for e in kept if _type(e) != "SYMLINK"]
    libraries = {_base(e): e for e in files if not _is_root(e)}
    needed: set[str] = set()
    todo = [e[1] for e in files if _is_root(e)]
    seen: set[str] = set()
    while todo:
        src = todo.pop()
        if src in seen:
            continue
        seen.add(src)
        for name in imports_of(src):
            base = os.path.basename(name).lower()
            if base in libraries and base not in needed:
                needed.add(base)
                todo.append(libraries[base][1])
    return [e for e in kept if _type(e) == "SYMLINK" or _is_root(e) or _base(e) in needed]


def _type(entry: tuple) -> str:
    return entry[2] if len(entry) > 2 else "BINARY"


def _link_target(entry: tuple) -> str:
    dest = _norm(entry[0])
    folder = dest.rsplit("/", 1)[0] if "/" in dest else ""
    return os.path.normpath(os.path.join(folder, _norm(entry[1]))).replace("\\", "/")


def _is_root(entry: tuple) -> bool:
    dest = _norm(entry[0])
    return (
        _type(entry) == "EXTENSION"
        or _PLUGIN.search(dest) is not None
        or _PYTHON_LIB.match(os.path.basename(dest).lower()) is not None
    )


def _base(entry: tuple) -> str:
    return os.path.basename(_norm(entry[0])).lower()


def trim_datas(datas: Iterable[tuple], binaries: Iterable[tuple]) -> list[tuple]:
    """Drop Qt's other translations, and PyInstaller's links (``libQt6Core.so.6`` ->
    ``PySide6/Qt/lib/…``) to libraries that were dropped."""
    datas = list(datas)
    present = {_norm(e[0]) for e in (*binaries, *datas) if _type(e) != "SYMLINK"}
    return [
        e
        for e in datas
        if keep_data(e[0]) and (_type(e) != "SYMLINK" or _link_target(e) in present)
    ]
