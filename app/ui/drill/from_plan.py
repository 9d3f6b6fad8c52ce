"""演练 ▸ 从预案生成演练…: the GUI face of ``drill new --from-plan``.

Same code path as the command line (``app.drill.from_plan``): read the plan (the one
open in the window, else one the user picks), pick the response level, pick where
to save, write the drill and open it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from app.drill.errors import GenerateError
from app.drill.from_plan import default_output, load_plan_for_drill, write_drill_from_plan
from app.drill.generate import plan_levels, procedures_for
from app.drill.story import escalation_order
from app.i18n import current_language
from app.model.plan import Plan
from app.ui.base import dialogs
from app.ui.plan_type import PLAN_TYPE

translate = QCoreApplication.translate


def level_choices(plan: Plan) -> list[tuple[str, str]]:
    """(level id, label) of the levels a drill can be made for, least severe first."""
    usable = [lv for lv in plan_levels(plan) if procedures_for(plan, lv)]
    names = {lv.id: lv.name or lv.id for lv in plan.levels}
    ordered = [lv.id for lv in escalation_order(plan) if lv.id in usable]
    ordered += [lv for lv in usable if lv not in ordered]
    return [(lv, names.get(lv, lv)) for lv in ordered]


def ask_level(parent: QWidget | None, choices: list[tuple[str, str]]) -> str | None:
    """The level to drill up to; None when cancelled."""
    labels = [label for _, label in choices]
    label, ok = QInputDialog.getItem(
        parent,
        translate("drill_from_plan", "从预案生成演练"),
        translate("drill_from_plan", "演练推演到哪一级响应？事态将从最低一级逐级发展到所选级别。"),
        labels,
        len(labels) - 1,
        False,
    )
    if not ok:
        return None
    return next(lv for lv, text in choices if text == label)


def generate_from_plan(window: Any, plan_path: Path | None = None) -> Path | None:
    """Write a drill from a plan and open it in ``window`` (the main window: a widget
    module may not name it); the drill's path, or None."""
    title = translate("drill_from_plan", "从预案生成演练")
    doc = window.doc
    if plan_path is None and doc is not None and doc.doc_type is PLAN_TYPE:
        if (doc.path is None or doc.is_modified()) and not window.save():
            return None
        plan_path = doc.path
    if plan_path is None:
        picked = dialogs.open_file_name(
            window,
            title,
            window.prefs.last_folder or str(Path.home()),
            translate("drill_from_plan", "应急预案 (*.plan.yaml)"),
        )
        if picked is None:
            return None
        plan_path = Path(picked)
    lang = current_language()
    try:
        plan = load_plan_for_drill(plan_path)
    except GenerateError as exc:
        dialogs.show_warning(window, title, exc.message.text(lang))
        return None
    level: str | None = None
    if plan_levels(plan):
        choices = level_choices(plan)
        if not choices:
            dialogs.show_warning(
                window, title, translate("drill_from_plan", "预案中没有含处置步骤的处置程序")
            )
            return None
        level = choices[0][0] if len(choices) == 1 else ask_level(window, choices)
        if level is None:
            return None
    target = dialogs.save_file_name(
        window,
        title,
        str(default_output(plan_path, level)),
        translate("drill_from_plan", "演练文件 (*.drill.yaml)"),
    )
    if target is None:
        return None
    output = Path(target)
    try:
        # the save dialog has asked before replacing a file
        drill = write_drill_from_plan(plan, plan_path, level, output, force=True)
    except GenerateError as exc:
        dialogs.show_warning(window, title, exc.message.text(lang))
        return None
    if not window.open_path(output):
        return None
    window.statusBar().showMessage(
        translate("drill_from_plan", "已生成演练：{n} 条注入，{p} 名参演人员").format(
            n=len(drill.script), p=len(drill.participants)
        ),
        10000,
    )
    return output


__all__ = ["ask_level", "generate_from_plan", "level_choices"]
