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


def gap_lines(report: PackageReport, lang: str) -> list[str]:
    """What the finished-package message says about unfilled values: how many, whether
    the package is a 草稿, and where (the same lines the CLI prints)."""
    if not report.marks:
        return []
    head = (
        T(
            f"材料中有 {report.marks} 处待填写内容，已标为草稿（页眉和文件名）；补全后重新生成：",
            f"The documents hold {report.marks} unfilled values and are marked 草稿 "
            "(headers and names); fill them in and build again:",
        )
        if report.draft
        else T(
            f"材料中有 {report.marks} 处待填写内容：",
            f"The documents hold {report.marks} unfilled values:",
        )
    )
    return [head.text(lang)] + [f"• {line.text(lang)}" for line in report.gap_summary()]


def draft_or_final_exists(folder: Path, final_name: str, draft_name: str) -> str | None:
    """The name of an existing package (final or 草稿) in ``folder``, if any."""
    for name in (final_name, draft_name):
        target = folder / name
        if target.exists() or target.with_name(f"{name}.zip").exists():
            return name
    return None


def default_folder(plan_path: Path | None, folder: str) -> Path:
    """Where the package folder goes unless the user picks another place: the export
    folder from the preferences, else the plan's folder."""
    if folder and Path(folder).is_dir():
        return Path(folder)
    if plan_path is not None:
        return plan_path.parent
    return Path.home()
