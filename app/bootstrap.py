"""Create or reuse the project's ``.venv`` and run the app or the tests in it.

The README's two commands go through here, so they behave the same on Debian and on
Windows. Standard library only: this runs under the system Python, before any
dependency is installed.

    python3 -m app.bootstrap run [FILE ...]     # the app (GUI), on the sample plan by default
    python3 -m app.bootstrap test [PYTEST ARGS]  # every test, headless
    python3 -m app.bootstrap lock [--upgrade]    # refresh requirements.lock from pyproject.toml
    python3 -m app.bootstrap build [--zip]       # the PyInstaller folder app (dist/PlanDrill)

What runs is what ``requirements.lock`` pins: every package, direct and transitive, at one
version with its hashes, for Linux and Windows and CPython 3.11-3.13 (uv's universal
resolution). ``pyproject.toml`` keeps the ranges the project accepts; only ``lock``
reads them.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".plandrill-deps"
LOCK = ROOT / "requirements.lock"
SAMPLE = ROOT / "resources" / "sample" / "化工企业综合应急预案.plan.yaml"

# The one command that writes the lock. Universal: one file for every platform and for
# every Python from 3.11 up; hashes so pip refuses anything else.
LOCK_COMMAND = [
    "-m",
    "uv",
    "pip",
    "compile",
    "pyproject.toml",
    "--all-extras",
    "--universal",
    "--generate-hashes",
    "--python-version",
    "3.11",
    "--custom-compile-command",
    "python3 -m app.bootstrap lock",
    "-o",
    "requirements.lock",
]

# Shared libraries PySide6 needs on Linux even when it draws offscreen, with the
# Debian packages that provide them.
LINUX_QT_LIBS = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "glib-2.0": "libglib2.0-0",
    "dbus-1": "libdbus-1-3",
}

# Libraries Qt's xcb platform plugin (libqxcb.so and libQt6XcbQpa) links against, by
# soname, with the Debian/Ubuntu package of each. Read off `ldd libqxcb.so` for Qt 6.
XCB_PACKAGES = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
}


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def stamp_digest() -> str:
    """What the venv was built from: the lock, and pyproject (entry points, package data)."""
    h = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        h.update(path.read_bytes())
    return h.hexdigest()


def _pip(py: Path, *args: str) -> list[str]:
    return [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", *args]


def install_commands(py: Path) -> list[list[str]]:
    """Exactly the lock, then the project itself without touching its dependencies."""
    return [
        _pip(py, "--require-hashes", "--only-binary", ":all:", "-r", str(LOCK)),
        _pip(py, "--no-deps", "--no-build-isolation", "-e", str(ROOT)),
    ]


def ensure_venv() -> Path:
    """Create .venv if needed and install from the lock when the lock or pyproject changed."""
    if not LOCK.is_file():
        sys.exit(f"[plandrill] 找不到依赖锁定文件 {LOCK}。请从代码仓库重新取得该文件。")
    py = venv_python()
    if not py.exists():
        print(f"[plandrill] 正在创建虚拟环境 {VENV} …", flush=True)
        try:
            venv.create(VENV, with_pip=True, clear=VENV.exists())
        except (subprocess.CalledProcessError, OSError) as exc:
            sys.exit(
                f"[plandrill] 无法创建虚拟环境：{exc}\n"
                "  Debian/Ubuntu 请先安装：sudo apt install python3-venv\n"
                "  Windows 请从 python.org 安装 Python 3.11 或更新版本。"
            )
    digest = stamp_digest()
    if not STAMP.exists() or STAMP.read_text(encoding="utf-8").strip() != digest:
        print(f"[plandrill] 正在按 {LOCK.name} 安装依赖 …", flush=True)
        STAMP.unlink(missing_ok=True)  # a half-done install must not look finished
        for cmd in install_commands(py):
            if subprocess.call(cmd) != 0:
                sys.exit(
                    "[plandrill] 依赖安装失败，请检查网络或 pip 配置后重试。\n"
                    f"  若提示哈希不符（hash mismatch），说明下载的包与 {LOCK.name} 记录的不同，"
                    "请勿跳过校验，应检查所用的软件源。"
                )
        STAMP.write_text(digest, encoding="utf-8")
    return py


def missing_linux_libs() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    return [pkg for lib, pkg in LINUX_QT_LIBS.items() if ctypes.util.find_library(lib) is None]


def not_found_sonames(ldd_output: str) -> list[str]:
    """Sonames that ``ldd`` printed as ``=> not found``, in order, once each."""
    found: list[str] = []
    for line in ldd_output.splitlines():
        match = re.match(r"\s*(\S+)\s+=>\s+not found", line)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def packages_for(sonames: Iterable[str]) -> tuple[list[str], list[str]]:
    """Debian packages for the sonames we know, and the sonames we do not."""
    packages: list[str] = []
    unknown: list[str] = []
    for soname in sonames:
        package = XCB_PACKAGES.get(soname)
        if package is None:
            unknown.append(soname)
        elif package not in packages:
            packages.append(package)
    return packages, unknown


def xcb_plugin(py: Path) -> Path | None:
    """libqxcb.so inside the venv's PySide6, or None when this is not a Linux venv with it."""
    lib = py.parent.parent / "lib"
    found = sorted(lib.glob("python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so"))
    return found[0] if found else None


def _ldd(path: Path) -> str | None:
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        done = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout + done.stderr


def wants_xcb(environ: dict[str, str]) -> bool:
    """Qt will load the xcb plugin: an X display, and no other platform asked for."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(environ.get("DISPLAY"))


def xcb_advice(
    py: Path,
    environ: dict[str, str],
    ldd: Callable[[Path], str | None] = _ldd,
) -> str | None:
    """The Chinese message and apt line when the xcb plugin cannot load, else None."""
    if not sys.platform.startswith("linux") or not wants_xcb(environ):
        return None
    plugin = xcb_plugin(py)
    if plugin is None:
        return None
    output = ldd(plugin)
    if output is None:
        return None
    packages, unknown = packages_for(not_found_sonames(output))
    if not packages and not unknown:
        return None
    lines = ["[plandrill] 图形界面无法启动：Qt 的 xcb 显示插件缺少系统库。"]
    if packages:
        lines += ["  请先安装（一条命令）：", f"  sudo apt-get install -y {' '.join(packages)}"]
    if unknown:
        lines.append(f"  另缺少：{'、'.join(unknown)}（请用 apt-file search 查找所属软件包）。")
    lines.append("  安装后重新运行同一条命令即可。")
    return "\n".join(lines)


def lock(args: list[str]) -> int:
    """Rewrite requirements.lock from pyproject.toml; keeps pinned versions unless --upgrade."""
    py = ensure_venv()
    code = subprocess.call([str(py), *LOCK_COMMAND, *args], cwd=ROOT)
    if code == 0:
        print(f"[plandrill] 已更新 {LOCK.name}；下次运行 run/test 时将按新锁定文件重装依赖。")
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in {"run", "test", "lock", "build"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "lock":
        return lock(rest)
    missing = missing_linux_libs()
    if missing:
        print(
            "[plandrill] 缺少 Qt 运行所需的系统库，请先安装：\n"
            f"  sudo apt-get install -y {' '.join(missing)}",
            file=sys.stderr,
        )
    py = ensure_venv()
    if command == "build":  # the tests then run against the bundle (tests/packaging)
        build = ROOT / ".ci" / "packaging" / "build.py"
        return subprocess.call([str(py), str(build), "--no-smoke", *rest], cwd=ROOT)
    if command == "run":
        advice = xcb_advice(py, dict(os.environ))
        if advice:
            print(advice, file=sys.stderr)
            return 1
        code = subprocess.call([str(py), "-m", "app", *(rest or [str(SAMPLE)])], cwd=ROOT)
        if code not in (0, 1, 2):
            print(
                f"[plandrill] 程序异常退出（代码 {code}）。若没有打开窗口，请确认本机有图形桌面"
                "（DISPLAY 或 WAYLAND_DISPLAY），并查看上方 Qt 的提示。",
                file=sys.stderr,
            )
        return code
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
