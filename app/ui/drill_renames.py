"""Saving a plan whose ids were renamed: offer to carry the renames into its drills.

Before the plan is written over its file, the version on disk and the one being saved
give the renamed ids (``app.findings.renames``); the drill files beside the plan that use
them are named in one question, and after the plan is saved they are rewritten (each
atomically, the old file kept as ``.bak``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.i18n import current_language
from app.model.plan import Plan
from app.storage.drills import DRILL_SUFFIX
from app.storage.errors import StorageError
from app.ui.base import dialogs

translate = QCoreApplication.translate


def _has_drills(folder: Path) -> bool:
    try:
        return any(n.lower().endswith(DRILL_SUFFIX) for n in os.listdir(folder))
    except OSError:
        return False


def offer_drill_updates(
    parent: QWidget | None, model: Any, path: Path, saved_path: Path | None
) -> Callable[[], str] | None:
    """Ask about the drills to update; the step to run once the plan is saved (it
    returns the status text to add), or None when there is nothing to do."""
    if not isinstance(model, Plan) or saved_path is None or not path.is_file():
        return None
    try:
        if not path.samefile(saved_path) or not _has_drills(path.parent):
            return None
        from app.findings.renames import drill_updates
        from app.storage.plans import load_plan

        updates = drill_updates(path, load_plan(path).model, model)
    except (StorageError, OSError):
        return None  # the file on disk cannot be read: nothing to compare with
    if not updates or not dialogs.ask_update_drills(parent, [u.title for u in updates]):
        return None

    def carry() -> str:
        from app.findings.renames import apply_updates

        done, error = apply_updates(updates)
        if error is not None:
            lang = current_language()
            dialogs.show_warning(
                parent,
                translate("drill_renames", "更新演练文件"),
                translate("drill_renames", "预案已保存，但“{name}”未能更新：").format(
                    name=Path(error.filename).name
                )
                + "\n"
                + error.text(lang),
            )
        return translate("drill_renames", "；已更新 {n} 个演练文件").format(n=len(done))

    return carry
