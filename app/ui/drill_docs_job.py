"""Drill documents from the window: the Qt-free ``app.drilldocs`` as a job with progress.

The drill console and the Drill menu ask for the target (``ask_docx_target``), call
``drill_doc_job`` and hand the result to ``MainWindow.run_job``: loading the drill, its
plan and a session, and building the document, all happen on the worker; a
``DrillDocError`` (a ``StorageError``) comes back to the window's error dialog with its
file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.drilldocs import DocOptions, DrillDoc, export_drill_doc, prepare
from app.export import ExportReport
from app.i18n import T, current_language
from app.ui.base import dialogs
from app.ui.base.tasks import Progress


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


def ask_docx_target(parent: Any, title: str, suggested: Path) -> Path | None:
    """Where to write a Word document (``.docx`` added when left out); None if cancelled."""
    chosen = dialogs.save_file_name(
        parent, title, str(suggested), QCoreApplication.translate("DrillMenu", "Word 文档 (*.docx)")
    )
    if not chosen:
        return None
    target = Path(chosen)
    return target if target.suffix.lower() == ".docx" else target.with_name(target.name + ".docx")


def export_done(parent: Any, title: str, target: Path) -> Any:
    """What to tell the user when a drill document is written."""

    def done(report: Any) -> None:
        message = QCoreApplication.translate("DrillMenu", "已导出 {name}").format(name=target.name)
        if hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(message, 8000)
        warnings = getattr(report, "warnings", [])
        if warnings:
            lang = current_language()
            dialogs.show_warning(
                parent,
                title,
                QCoreApplication.translate("DrillMenu", "已导出“{name}”，请注意：").format(
                    name=target.name
                )
                + "\n"
                + "\n".join(f"• {w.text(lang)}" for w in warnings[:12]),
            )

    return done


__all__ = ["ask_docx_target", "drill_doc_job", "export_done"]
