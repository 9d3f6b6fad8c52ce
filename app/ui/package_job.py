"""The filing package (备案材料) from the window: ``app.filing.build_package`` as a job
with progress and cancel, like the Word export.

The build reports into the shared ``app.progress.Progress`` that the window's progress
dialog polls; Cancel reaches it through the same object and the build leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.filing import PackageOptions, PackageReport, build_package
from app.i18n import T
from app.ui.base.tasks import Progress


def package_job(
    thaw: Callable[[], Any], out_dir: Path, options: PackageOptions
) -> Callable[[Progress], PackageReport]:
    """A job for ``run_with_progress``: build the plan from its snapshot, then the package."""

    def job(progress: Progress) -> PackageReport:
        progress.report(0, 1, T("正在准备…", "Preparing…"))
        plan = thaw()
        return build_package(plan, out_dir, options=options, progress=progress)

    return job


def default_folder(plan_path: Path | None, folder: str) -> Path:
    """Where the package folder goes unless the user picks another place: the export
    folder from the preferences, else the plan's folder."""
    if folder and Path(folder).is_dir():
        return Path(folder)
    if plan_path is not None:
        return plan_path.parent
    return Path.home()
