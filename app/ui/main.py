"""GUI entry point: build the QApplication, install translations, show the main window.

``files`` are the paths given on the command line: a double-clicked ``.plan.yaml``
arrives here as one path (spaces and Chinese included) from ``PlanDrill.exe "%1"``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import Any

# Benchmarks set this: once the window is painted with its files open, print
# "shown <time.time()>" to stderr and quit (tests/benchmarks/bench_all.py).
STARTUP_PROBE = "PLANDRILL_STARTUP_PROBE"


def _report_shown(window: Any, app: Any) -> None:
    window.repaint()
    print(f"shown {time.time():.6f}", file=sys.stderr, flush=True)
    app.quit()


def _windows_taskbar_identity() -> None:
    """Run from ``python -m app``, Windows would group the window under python.exe and
    show Python's icon in the taskbar; an app id of our own gives it PlanDrill's."""
    if sys.platform != "win32":
        return
    import contextlib
    import ctypes

    with contextlib.suppress(AttributeError, OSError):
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("PlanDrill.PlanDrill")


def run_gui(files: Sequence[str]) -> int:
    from app.ui import smoke

    _windows_taskbar_identity()

    smoke_target = smoke.requested()
    if smoke_target is not None:
        smoke.prepare_environment()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app import APP_NAME, __version__
    from app.ui.base.icons import app_icon
    from app.ui.base.settings import Preferences
    from app.ui.base.translation import set_ui_language
    from app.ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(app_icon())
    prefs = Preferences()
    set_ui_language(prefs.language)
    window = MainWindow(prefs)
    window.show()
    if smoke_target is not None:
        smoke.run(window, list(files), smoke_target)
        return app.exec()
    if files:
        window.open_files(list(files))
    if os.environ.get(STARTUP_PROBE):
        QTimer.singleShot(0, lambda: _report_shown(window, app))

    def after_start() -> None:
        # Offer what a crash left behind once the window is on screen.
        window.offer_recovery()
        from app.ui.drill.menu import offer_resume_at_start

        offer_resume_at_start(window)
        window.check_fonts()

    QTimer.singleShot(0, after_start)
    return app.exec()
