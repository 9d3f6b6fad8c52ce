"""The drill documents as Word files (Qt-free), on the GB/T 9704 machinery of
``app.export.gongwen``:

============================  ============================================================
``scheme``                    演练工作方案: purpose, form, scope, time and place, roles,
                              scenario, schedule, safety and support, evaluation
``script``                    演练脚本（导调版）: every inject with expected actions,
                              branches, evaluation points and controller notes
``script-participant``        演练脚本（参演人员版）: only the engine's participant-safe
                              views (``public_brief``; with a session, ``public_state``)
``evaluation-forms``          演练评估方案 with one printable 评估表 per objective
``report``                    演练评估报告, from a session's journal and metrics
``summary``                   演练总结报告, from a session's journal and metrics
``task-cards``                任务卡: one page per participating team
============================  ============================================================

Use::

    source = prepare(DrillDoc.REPORT, drill_path, session=None)   # newest ended session
    report = export_drill_doc(DrillDoc.REPORT, source, out_path, progress=Progress(cb))
    for problem in source.notes + report.problems: ...           # tell the user

``prepare`` raises ``DrillDocError`` (an ``ExportError``: ``.message``, ``.hint``,
``.filename``) when the document cannot be made; ``export_drill_doc`` raises
``Cancelled`` or ``SaveError`` and writes nothing then. Both are safe in a worker
thread; the CLI (``python -m app export DRILL --doc …``) calls the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.drilldocs.forms import build_evaluation_forms
from app.drilldocs.layout import DocOptions
from app.drilldocs.report import build_report
from app.drilldocs.scheme import build_scheme
from app.drilldocs.script import build_controller_script, build_participant_script
from app.drilldocs.source import (
    DrillDoc,
    DrillDocError,
    DrillSource,
    from_session,
    prepare,
)
from app.drilldocs.taskcards import build_task_cards
from app.export.errors import ExportReport, deliver
from app.progress import Progress
from app.storage.drills import drill_stem
from app.storage.names import safe_name

Builder = Callable[[DrillSource, DocOptions, Progress | None], tuple[bytes, ExportReport]]

_BUILDERS: dict[DrillDoc, Builder] = {
    DrillDoc.SCHEME: build_scheme,
    DrillDoc.SCRIPT: build_controller_script,
    DrillDoc.SCRIPT_PARTICIPANT: build_participant_script,
    DrillDoc.EVALUATION_FORMS: build_evaluation_forms,
    DrillDoc.REPORT: lambda s, o, p: build_report(DrillDoc.REPORT, s, o, p),
    DrillDoc.SUMMARY: lambda s, o, p: build_report(DrillDoc.SUMMARY, s, o, p),
    DrillDoc.TASK_CARDS: build_task_cards,
}


def drill_doc_bytes(
    kind: DrillDoc | str,
    source: DrillSource,
    *,
    options: DocOptions | None = None,
    progress: Progress | None = None,
) -> tuple[bytes, ExportReport]:
    """The document as .docx bytes, built in memory."""
    doc = DrillDoc(kind)
    if doc.needs_session and source.session is None:
        from app.i18n import T

        raise DrillDocError(
            T(f"{doc.title}需要一份演练记录", f"The {doc.label.en} needs a session journal")
        )
    return _BUILDERS[doc](source, options or DocOptions(), progress)


def export_drill_doc(
    kind: DrillDoc | str,
    source: DrillSource,
    out_path: str | Path,
    *,
    options: DocOptions | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the document atomically to ``out_path`` (the previous file kept as ``.bak``)."""
    data, report = drill_doc_bytes(kind, source, options=options, progress=progress)
    return deliver(data, report, out_path, progress)


def default_output(kind: DrillDoc | str, drill_path: str | Path) -> Path:
    """``X.drill.yaml`` → ``X.演练评估报告.docx`` next to it."""
    doc = DrillDoc(kind)
    path = Path(drill_path)
    name = doc.title.replace("（", "-").replace("）", "")
    return path.with_name(safe_name(drill_stem(path), suffix=f".{name}.docx", limit=255))


__all__ = [
    "DocOptions",
    "DrillDoc",
    "DrillDocError",
    "DrillSource",
    "default_output",
    "drill_doc_bytes",
    "export_drill_doc",
    "from_session",
    "prepare",
]
