"""A self-test of a build: ``PLANDRILL_SMOKE_TEST=OUT.docx PlanDrill [PLAN]``.

The app starts as usual (offscreen unless a platform is set), opens the plan (the
bundled sample by default) in the main window, runs the checks, exports it to
``OUT.docx`` through the window's export job, and quits: exit 0 when the document was
written, 1 when a step failed, 3 when it took too long. No dialog is ever shown. The
release build runs it on the frozen app (``tests/packaging``); it proves that Qt's
plugins, the translations, the templates and the export's data made it into the bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTimer

from app.paths import sample_plan

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

ENV = "PLANDRILL_SMOKE_TEST"
TIMEOUT_MS = 120_000


def requested() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


def prepare_environment() -> None:
    """Before the QApplication exists: draw offscreen unless told otherwise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _say(line: str) -> None:
    stream = sys.stdout
    if stream is not None:  # a windowed Windows build has no console
        print(f"smoke: {line}", file=stream, flush=True)


def run(window: MainWindow, files: list[str], target: Path) -> None:
    """Schedule the steps; the application's exit code reports the outcome."""
    from PySide6.QtGui import QGuiApplication

    from app.ui.about import versions
    from app.ui.base import tasks
    from app.ui.base.translation import current, qm_path
    from app.ui.export_job import export_job

    def finish(code: int, message: str) -> None:
        _say(message)
        if window.doc is not None:
            window.doc.undo_stack.setClean()
        QCoreApplication.exit(code)

    def step_open() -> None:
        info = versions()
        _say(
            f"PlanDrill {info['PlanDrill']}, Qt {info['Qt']}, PySide6 {info['PySide6']}, "
            f"Python {info['Python']}, platform {QGuiApplication.platformName()}, "
            f"language {current()}, frozen {info['frozen']}"
        )
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        _say(
            f"translations: qtbase_zh_CN {(qt_dir / 'qtbase_zh_CN.qm').is_file()}, "
            f"plandrill_en {qm_path('en').is_file()}"
        )
        _say(f"window {window.windowTitle()!r}, icon {not window.windowIcon().isNull()}")
        path = Path(files[0]) if files else sample_plan()
        if not window.open_path(path, ask=False) or window.doc is None:
            finish(1, f"FAILED to open {path}")
            return
        _say(f"opened {path}")
        wait_checked(0)

    def wait_checked(waited: int) -> None:
        doc = window.doc
        assert doc is not None
        if doc.is_checking() and waited < 30_000:
            QTimer.singleShot(50, lambda: wait_checked(waited + 50))
            return
        counts = {s.value: n for s, n in doc.counts().items()}
        _say(f"checked: {counts}")
        step_export()

    def step_export() -> None:
        doc = window.doc
        assert doc is not None

        def done(report: Any) -> None:
            if not target.is_file():
                finish(1, f"FAILED: {target} was not written")
                return
            finish(0, f"exported {target} ({target.stat().st_size} bytes)")

        def failed(exc: BaseException, trace: str) -> None:
            finish(1, f"FAILED to export: {exc}\n{trace}")

        tasks.run_with_progress(
            window,
            "smoke",
            export_job(doc.snapshot(), target),
            done,
            failed,
            lambda: finish(1, "FAILED: export cancelled"),
        )

    QTimer.singleShot(0, step_open)
    QTimer.singleShot(TIMEOUT_MS, lambda: finish(3, "FAILED: timed out"))
