"""Opening consoles, and resuming a drill session after a crash.

A session that never reached ``end`` is unfinished (``app.storage.drills.find_unfinished``).
The app remembers the drill files whose sessions are running (``state/active_drills``
in the settings) and at start-up, for those and the drill files in the recent list,
offers to continue an unfinished session (``drill_dialogs.ask_resume``): the console
reopens the journal, the clock comes back paused where the last entry left it, and
the log shows every entry recorded before the crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.drill import DrillSession
from app.drill.clock import TimeSource
from app.i18n import current_language
from app.model.drill import Drill
from app.model.plan import Plan
from app.storage.drills import DRILL_SUFFIX, SessionInfo, find_unfinished
from app.storage.errors import StorageError
from app.storage.journal import read_journal
from app.ui.base import dialogs
from app.ui.base.settings import Preferences
from app.ui.drill import active
from app.ui.drill import dialogs as drill_dialogs

# Consoles are top-level windows without a parent: keep them alive while open.
CONSOLES: list[Any] = []


def candidate_drills(prefs: Preferences | None = None) -> list[Path]:
    """Drill files whose sessions may be unfinished: running ones first, then recent."""
    p = prefs or Preferences()
    names = [
        *active.active_drills(p),
        *(f for f in p.recent_files if f.lower().endswith(DRILL_SUFFIX)),
    ]
    out: list[Path] = []
    for name in dict.fromkeys(names):
        path = Path(name)
        if path.is_file():
            out.append(path)
    return out


def console_for(drill_path: Path) -> Any:
    """The open console of a drill file, if any."""
    target = Path(drill_path).resolve()
    for console in CONSOLES:
        if console.runner.closed or console.drill_path is None:
            continue
        if Path(console.drill_path).resolve() == target:
            return console
    return None


def unfinished_sessions(prefs: Preferences | None = None) -> list[tuple[Path, SessionInfo]]:
    """Unfinished sessions of the candidate drills whose console is not open."""
    out = []
    for drill_path in candidate_drills(prefs):
        if console_for(drill_path) is not None:
            continue  # running here and now: nothing to resume
        info = find_unfinished(drill_path)
        if info is not None:
            out.append((drill_path, info))
    return out


def drill_title(info: SessionInfo) -> str:
    """The drill's title from the journal's header (the journal has its own copy)."""
    try:
        header = read_journal(info.path).header
    except StorageError:
        return info.path.name
    data = header.get("drill")
    if isinstance(data, dict):
        meta = data.get("meta")
        if isinstance(meta, dict) and isinstance(meta.get("title"), str):
            return str(meta["title"]) or info.path.name
    return info.path.name


def open_console(
    opener: Any,
    drill_path: Path | None,
    *,
    show_presenter: bool = True,
) -> Any:
    """A console window for a session (new or reopened), shown and kept alive."""
    from app.ui.drill.console import ConsoleWindow

    console = ConsoleWindow(opener, drill_path=drill_path, show_presenter=show_presenter)
    CONSOLES.append(console)
    console.closed.connect(lambda: CONSOLES.remove(console) if console in CONSOLES else None)
    console.show()
    return console


def start_session(
    drill: Drill,
    drill_path: Path,
    plan: Plan | None,
    *,
    time_source: TimeSource | None = None,
    show_presenter: bool = True,
) -> Any:
    return open_console(
        lambda: DrillSession.create(drill, drill_path, plan=plan, time_source=time_source),
        drill_path,
        show_presenter=show_presenter,
    )


def resume_session(
    journal: Path,
    drill_path: Path | None = None,
    *,
    time_source: TimeSource | None = None,
    show_presenter: bool = True,
) -> Any:
    return open_console(
        lambda: DrillSession.reopen(journal, time_source=time_source),
        drill_path,
        show_presenter=show_presenter,
    )


def end_unfinished(parent: QWidget | None, info: SessionInfo) -> bool:
    """Close an abandoned session for good (the user chose not to continue it)."""
    try:
        with DrillSession.reopen(info.path) as session:
            if not session.ended:
                session.end("abandoned")
    except StorageError as exc:
        dialogs.show_error(
            parent, QCoreApplication.translate("resume", "结束演练"), exc.text(current_language())
        )
        return False
    return True


def offer_resume(
    parent: QWidget | None,
    prefs: Preferences | None = None,
    *,
    time_source: TimeSource | None = None,
    show_presenter: bool = True,
) -> list[Any]:
    """At start-up: offer each unfinished drill session; returns the consoles opened."""
    opened: list[Any] = []
    for drill_path, info in unfinished_sessions(prefs):
        answer = drill_dialogs.ask_resume(parent, drill_title(info), info)
        if answer == "resume":
            opened.append(
                resume_session(
                    info.path, drill_path, time_source=time_source, show_presenter=show_presenter
                )
            )
        elif answer == "end":
            end_unfinished(parent, info)
    return opened


__all__ = [
    "CONSOLES",
    "candidate_drills",
    "console_for",
    "drill_title",
    "end_unfinished",
    "offer_resume",
    "open_console",
    "resume_session",
    "start_session",
    "unfinished_sessions",
]
