"""Where bundled files live, in a source checkout and in a frozen (PyInstaller) build,
and where per-user data goes. Qt-free: the CLI uses it; the GUI asks ``QStandardPaths``
for the same places (``app.ui.base.settings``), and a test checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

APP_DIR_NAME = "PlanDrill"  # the organisation and application name Qt files data under
PORTABLE_DIR = "data"  # beside a frozen PlanDrill.exe: keep all user data there


def bundle_root() -> Path:
    """The folder holding ``plan_templates/`` and ``resources/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def templates_dir() -> Path:
    return bundle_root() / "plan_templates"


def samples_dir() -> Path:
    return resources_dir() / "sample"


def sample_plan() -> Path:
    return samples_dir() / "化工企业综合应急预案.plan.yaml"


def sample_drills() -> list[Path]:
    """The bundled sample drills, by file name."""
    return sorted(samples_dir().glob("*.drill.yaml"))


def is_bundled(path: str | Path) -> bool:
    """True for a file shipped with the app (samples, templates): never saved over."""
    try:
        target = Path(path).resolve()
    except OSError:
        return False
    return any(target.is_relative_to(d.resolve()) for d in (resources_dir(), templates_dir()))


def user_home() -> Path | None:
    """``PLANDRILL_HOME`` overrides every per-user location (tests, portable installs).

    A frozen build with a ``data`` folder beside the executable is portable (a USB
    stick): settings, recovery files and the user's templates go there.
    """
    value = os.environ.get("PLANDRILL_HOME")
    if value:
        return Path(value)
    if getattr(sys, "frozen", False):
        portable = Path(sys.executable).resolve().parent / PORTABLE_DIR
        if portable.is_dir():
            return portable
    return None


def user_data_dir() -> Path:
    """Per-user data (recovery files, own templates), without Qt.

    The same folder as ``QStandardPaths.AppDataLocation`` for organisation and
    application "PlanDrill": ``%APPDATA%\\PlanDrill\\PlanDrill`` on Windows,
    ``~/Library/Application Support/PlanDrill/PlanDrill`` on macOS and
    ``$XDG_DATA_HOME/PlanDrill/PlanDrill`` elsewhere.
    """
    home = user_home()
    if home is not None:
        return home
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME / APP_DIR_NAME


def user_templates_dir() -> Path:
    """The user's own templates, offered besides the built-in ones (GUI and CLI)."""
    return user_data_dir() / "templates"


def excel_columns_file() -> Path:
    """The Excel column mappings the user confirmed (import-excel, 导入 Excel 名录)."""
    return user_data_dir() / "excel-columns.json"


def crash_logs_dir() -> Path:
    """Where internal errors are logged for the maintainers: the user's own data folder,
    never a shared temp folder other users (or programs) can write to."""
    return user_data_dir() / "crash-logs"


def new_crash_log(text: str, when: dt.datetime | None = None) -> Path | None:
    """Write ``text`` to a new crash log, ``crash-<timestamp>-<pid>.log``, and return
    its path. Each crash gets a file of its own (never an existing one is written into,
    nor one reached through a link); None when nothing could be written."""
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        folder = crash_logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(100):
            suffix = f"-{n}" if n else ""
            path = folder / f"crash-{stamp}-{os.getpid()}{suffix}.log"
            try:
                fd = os.open(path, flags, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            return path
    except OSError:
        return None
    return None
