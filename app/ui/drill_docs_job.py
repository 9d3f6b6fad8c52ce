"""Drill documents from the window: the Qt-free ``app.drilldocs`` as a job with progress.

The drill console and planner call ``drill_doc_job`` and hand the result to
``MainWindow.run_job``: loading the drill, its plan and a session, and building the
document, all happen on the worker; a ``DrillDocError`` (a ``StorageError``) comes back
to the window's error dialog with its file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.drilldocs import DocOptions, DrillDoc, export_drill_doc, prepare
from app.export import ExportReport
from app.i18n import T
from app.ui.tasks import Progress


def drill_doc_job(
    kind: DrillDoc | str,
    drill_path: Path,
    target: Path,
    *,
    session: Path | None = None,
    options: DocOptions | None = None,
) -> Callable[[Progress], ExportReport]:
    """A job for ``run_with_progress``: prepare the sources, then write the document.

    The report's ``problems`` carry what the preparation noticed too (a missing plan,
    an unfinished session), for the window to show with the result."""

    def job(progress: Progress) -> ExportReport:
        # one Progress: the dialog polls it, Cancel stops the exporter at its next report
        progress.report(0, 1, T("正在读取演练和记录…", "Reading the drill and its session…"))
        source = prepare(kind, drill_path, session=session)
        progress.check()
        report = export_drill_doc(kind, source, target, options=options, progress=progress)
        report.problems[:0] = source.notes
        return report

    return job


__all__ = ["drill_doc_job"]
