"""Word export from the window: the Qt-free exporters run as a job with progress.

``app.export`` reports through the shared ``app.progress.Progress`` that the window's
progress dialog polls; Cancel reaches the exporter through the same object.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n import T
from app.storage.names import file_room, safe_name
from app.ui.base.tasks import Progress

if TYPE_CHECKING:
    from app.export import ExportOptions, ExportReport


def export_job(
    thaw: Callable[[], Any],
    target: Path,
    *,
    cards: bool = False,
    options: ExportOptions | None = None,
    base_dir: Path | None = None,
) -> Callable[[Progress], ExportReport]:
    """A job for ``run_with_progress``: build the plan from its snapshot and export it."""

    def job(progress: Progress) -> ExportReport:
        # python-docx and jinja2 load here, on the worker thread: the first export
        # of a session must not freeze the window while they are imported
        from app.export import ExportOptions, export_cards, export_plan

        # the exporter reports into the dialog's Progress and stops at its next
        # report once Cancel is pressed, writing nothing
        progress.report(0, 1, T("正在准备…", "Preparing…"))
        plan = thaw()
        write = export_cards if cards else export_plan
        chosen = options or ExportOptions()
        if base_dir is not None and chosen.base_dir is None:
            chosen = dataclasses.replace(chosen, base_dir=base_dir)
        return write(plan, target, options=chosen, progress=progress)

    return job


def default_target(plan_path: Path | None, title: str, folder: str, *, cards: bool) -> Path:
    """``<plan name>.docx`` (or ``.处置卡.docx``) in the export folder or next to the plan."""
    if plan_path is not None:
        stem = plan_path.name.removesuffix(".yaml").removesuffix(".plan")
    else:
        stem = safe_name(title or "预案", limit=file_room(folder) - len(".处置卡.docx"))
    base = Path(folder) if folder and Path(folder).is_dir() else None
    if base is None:
        base = plan_path.parent if plan_path is not None else Path.home()
    return base / (f"{stem}.处置卡.docx" if cards else f"{stem}.docx")
