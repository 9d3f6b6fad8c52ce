"""Build the PlanDrill folder bundle with PyInstaller, measure it, and smoke-test it.

    python .ci/packaging/build.py             # dist/PlanDrill/, then the smoke test
    python .ci/packaging/build.py --zip       # also dist/PlanDrill-<version>-<os>.zip
    python .ci/packaging/build.py --no-trim   # without the trimming rules (to compare)
    python .ci/packaging/build.py --no-smoke  # build only

Run it with the project's venv Python after ``pip install -e .[build]`` (PyInstaller).
It builds for the platform it runs on: the Windows app on Windows, a Linux bundle on
Linux (which proves the spec). The smoke test is ``tests/packaging`` run against the
new bundle: the frozen app prints its version, exports the sample through the CLI, and
opens the main window offscreen, loads the sample and exports it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / ".ci" / "packaging" / "plandrill.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "PlanDrill"


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and files under ``folder`` (symlinks counted once, as links)."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def biggest(folder: Path, count: int = 12) -> list[tuple[int, str]]:
    sizes = [
        (p.stat().st_size, str(p.relative_to(folder)))
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    ]
    return sorted(sizes, reverse=True)[:count]


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def build(trim: bool) -> float:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit(
            "[build] PyInstaller 未安装。请先运行：python -m pip install -e .[build]\n"
            "[build] PyInstaller is missing: python -m pip install -e .[build]"
        )
    env = dict(os.environ, PLANDRILL_TRIM="1" if trim else "0")
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    print("[build]", " ".join(cmd), flush=True)
    start = time.monotonic()
    if subprocess.call(cmd, cwd=ROOT, env=env) != 0:
        sys.exit("[build] PyInstaller failed")
    return time.monotonic() - start


def make_zip() -> Path:
    from app import __version__

    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    name = f"PlanDrill-{__version__}-{system}-{platform.machine().lower()}"
    archive = shutil.make_archive(str(DIST / name), "zip", DIST, BUNDLE.name)
    return Path(archive)


def smoke() -> int:
    env = dict(os.environ, PLANDRILL_BUNDLE=str(BUNDLE))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/packaging"]
    print("[build]", " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-trim", action="store_true", help="build without trimming")
    parser.add_argument("--no-smoke", action="store_true", help="skip the smoke test")
    parser.add_argument("--zip", action="store_true", help="zip the bundle for handing out")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    seconds = build(trim=not args.no_trim)
    size, files = folder_size(BUNDLE)
    print(f"[build] {BUNDLE}: {mib(size)} in {files} files, built in {seconds:.0f} s")
    for n, name in biggest(BUNDLE):
        print(f"[build]   {mib(n):>10}  {name}")
    if args.zip:
        archive = make_zip()
        print(f"[build] {archive}: {mib(archive.stat().st_size)}")
    if args.no_smoke:
        return 0
    return smoke()


if __name__ == "__main__":
    sys.exit(main())
