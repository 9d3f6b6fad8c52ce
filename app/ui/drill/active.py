"""The drill files whose sessions are running, remembered in the settings.

The console adds its drill when a session starts and removes it when the session ends;
at the next start-up ``resume`` checks these first for a session a crash left unfinished.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.ui.base.settings import Preferences
from app.ui.drill.runner import Snapshot

ACTIVE_KEY = "state/active_drills"


def _prefs(prefs: Preferences | None = None) -> Preferences:
    return prefs or Preferences()


def active_drills(prefs: Preferences | None = None) -> list[str]:
    raw = _prefs(prefs).qsettings.value(ACTIVE_KEY, "[]")
    try:
        value = json.loads(raw if isinstance(raw, str) else "[]")
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _set_active(files: list[str], prefs: Preferences | None = None) -> None:
    p = _prefs(prefs)
    p.qsettings.setValue(ACTIVE_KEY, json.dumps(files, ensure_ascii=False))
    p.qsettings.sync()


def remember_active(snap: Snapshot, prefs: Preferences | None = None) -> None:
    """A session of this drill runs: check it at the next start if the app dies."""
    if not snap.drill_path or snap.ended:
        return
    path = str(Path(snap.drill_path).resolve())
    files = active_drills(prefs)
    if path not in files:
        _set_active([path, *files][:20], prefs)


def forget_active(snap: Snapshot, prefs: Preferences | None = None) -> None:
    if not snap.drill_path:
        return
    path = str(Path(snap.drill_path).resolve())
    _set_active([f for f in active_drills(prefs) if f != path], prefs)


__all__ = ["ACTIVE_KEY", "active_drills", "forget_active", "remember_active"]
