"""The app's own icons, shared by the windows (main window, About, the application)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from app.paths import resources_dir


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "plandrill.svg"))
