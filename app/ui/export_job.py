"""Word export from the window: the Qt-free exporters run as a job with progress.

``app.export`` reports through its own ``Progress``; this bridges it to the window's
progress dialog and passes a cancel on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n import T
from app.ui.tasks import Progress

if TYPE_CHECKING:
    from app.export import ExportOptions, ExportReport


def export_job(
    thaw: Callable[[], Any],
    target: Path,
    *,
    cards: bool = False,
    options: ExportOptions | None = None,
) -> Callable[[Progress], ExportReport]:
    """A job for ``run_with_progress``: build the plan from its snapshot and export it."""

    def job(progress: Progress) -> ExportReport:
        # python-docx and jinja2 load here, on the worker thread: the first export
        # of a session must not freeze the window while they are imported
        from app.export import ExportOptions, export_cards, export_plan
        from app.export import Progress as ExportProgress

        def relay(done: int, total: int, label: T) -> None:
            progress.step(done, total, label)
            if progress.cancelled:
                bridge.cancel()  # the exporter stops at this report, writing nothing

        bridge = ExportProgress(relay)
        progress.report(0.0, T("正在准备…", "Preparing…"))
        plan = thaw()
        write = export_cards if cards else export_plan
        return write(plan, target, options=options or ExportOptions(), progress=bridge)

    return job


def default_target(plan_path: Path | None, title: str, folder: str, *, cards: bool) -> Path:
    """``<plan name>.docx`` (or ``.处置卡.docx``) in the export folder or next to the plan."""
    if plan_path is not None:
        stem = plan_path.name.removesuffix(".yaml").removesuffix(".plan")
    else:
        stem = (title or "预案").replace("/", "_").replace("\\", "_")
    base = Path(folder) if folder and Path(folder).is_dir() else None
    if base is None:
        base = plan_path.parent if plan_path is not None else Path.home()
    return base / (f"{stem}.处置卡.docx" if cards else f"{stem}.docx")
