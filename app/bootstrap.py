"""Create or reuse the project's ``.venv`` and run the app or the tests in it.

The README's two commands go through here, so they behave the same on Debian and on
Windows. Standard library only: this runs under the system Python, before any
dependency is installed.

    python3 -m app.bootstrap run [FILE ...]     # the app (GUI), on the sample plan by default
    python3 -m app.bootstrap test [PYTEST ARGS]  # every test, headless
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".plandrill-deps"
SAMPLE = ROOT / "resources" / "sample" / "化工企业综合应急预案.plan.yaml"

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


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def requirements() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    return list(project["dependencies"]) + list(project["optional-dependencies"]["test"])


def ensure_venv() -> Path:
    """Create .venv if needed and install the dependencies when pyproject changed."""
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
    reqs = requirements()
    digest = hashlib.sha256("\n".join(reqs).encode()).hexdigest()
    if not STAMP.exists() or STAMP.read_text(encoding="utf-8").strip() != digest:
        print("[plandrill] 正在安装依赖 …", flush=True)
        cmd = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", *reqs]
        if subprocess.call(cmd) != 0:
            sys.exit("[plandrill] 依赖安装失败，请检查网络或 pip 配置后重试。")
        STAMP.write_text(digest, encoding="utf-8")
    return py


def missing_linux_libs() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    return [pkg for lib, pkg in LINUX_QT_LIBS.items() if ctypes.util.find_library(lib) is None]


def run(args: list[str], env: dict[str, str] | None = None) -> int:
    py = ensure_venv()
    return subprocess.call([str(py), *args], cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    missing = missing_linux_libs()
    if missing:
        print(
            "[plandrill] 缺少 Qt 运行所需的系统库，请先安装：\n"
            f"  sudo apt-get install -y {' '.join(missing)}",
            file=sys.stderr,
        )
    if command == "run":
        return run(["-m", "app", *(rest or [str(SAMPLE)])])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
    return run(["-m", "pytest", *rest], env=env)


if __name__ == "__main__":
    sys.exit(main())
