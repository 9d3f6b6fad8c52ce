"""GUI entry point: build the QApplication, install translations, show the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_gui(files: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from app import APP_NAME, __version__
    from app.ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    window = MainWindow()
    for path in files:
        window.open_path(path)
    window.show()
    return app.exec()
