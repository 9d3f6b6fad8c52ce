"""Drill files (``*.drill.yaml``) as a document type of the main window.

Same shell as plans: undo, save, autosave and recovery, problems dock, find. The
checks are ``app.checks.drills.check_drill`` with the linked plan, loaded relative to
the drill file (as ``python -m app validate`` does).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.checks.drills import check_drill
from app.i18n import T
from app.model.drill import DRILL_SCHEMA, Drill, DrillMeta, DrillMode
from app.model.problems import Problem
from app.storage.drills import DRILL_SUFFIX, dumps_drill, linked_plan, save_drill
from app.storage.yamlio import LineMap
from app.ui.document import Document, DocumentType, register_document_type
from app.ui.editor_base import DocumentEditor


def new_drill(mode: DrillMode = DrillMode.SCRIPTED) -> Drill:
    return Drill(meta=DrillMeta(mode=mode))


def _check(drill: Drill, lines: LineMap | None, filename: str | None) -> list[Problem]:
    plan, error = linked_plan(drill, filename)
    return check_drill(
        drill,
        plan=plan,
        plan_error=error,
        drill_path=Path(filename) if filename else None,
        lines=lines,
        filename=filename,
    )


def _save(drill: Drill, path: Path, *, expect: str | None = None) -> str:
    return save_drill(drill, path, expect=expect)


def _editor(doc: Document, parent: QWidget | None) -> DocumentEditor:
    from app.ui.drill.planner import DrillEditor

    return DrillEditor(doc, parent)


def _kind(drill: Drill) -> T:
    meta = drill.meta
    mode = T(meta.mode.zh, meta.mode.en)  # type: ignore[attr-defined]
    form = T(meta.form.zh, meta.form.en)  # type: ignore[attr-defined]
    blind = T("，双盲", ", double-blind") if meta.blind else T("", "")
    return T(f"{form.zh}（{mode.zh}{blind.zh}）", f"{form.en} ({mode.en}{blind.en})")


DRILL_TYPE = DocumentType(
    schema_id=DRILL_SCHEMA,
    model=Drill,
    suffix=DRILL_SUFFIX,
    label=T("演练", "drill"),
    save=_save,
    dumps=dumps_drill,
    check=_check,
    new=new_drill,
    title_of=lambda drill: drill.meta.title,
    kind_of=_kind,
    editor=_editor,
)

register_document_type(DRILL_TYPE)


__all__ = ["DRILL_TYPE", "new_drill"]
