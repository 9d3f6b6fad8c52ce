"""``export DRILL.drill.yaml --doc KIND``: the drill documents (called by ``app.cli.export``).

Kinds: scheme, script, script-participant, evaluation-forms, report, summary,
task-cards. ``report`` and ``summary`` use the newest ended session next to the drill
unless ``--session JOURNAL`` names one. Exit 0 when written, 2 when nothing was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import UsageError
from app.drilldocs.source import DrillDoc
from app.i18n import T
from app.model.drill import DRILL_SCHEMA
from app.storage.drills import DRILL_SUFFIX

DOC_CHOICES = tuple(d.value for d in DrillDoc)

# plan-only options and their defaults: given for a drill, they are reported as ignored
PLAN_ONLY = {
    "templates": None,
    "numbering": None,
    "toc_levels": 2,
    "approval": None,
    "no_revision_record": False,
    "card_size": "auto",
    "strict": False,
}


def is_drill_file(path: Path) -> bool:
    """By name (``*.drill.yaml``), else by the ``schema:`` line of a readable file."""
    if path.name.lower().endswith(DRILL_SUFFIX):
        return True
    if not path.is_file():
        return False
    from app.storage.documents import schema_of
    from app.storage.errors import LoadError
    from app.storage.yamlio import read_file

    try:
        return schema_of(read_file(path).data) == DRILL_SCHEMA
    except LoadError:
        return False  # the plan loader reports what is wrong with it


def doc_help() -> str:
    return T(
        "演练文件导出的文档：scheme 演练工作方案，script 演练脚本（导调版），"
        "script-participant 演练脚本（参演人员版），evaluation-forms 评估方案及评估表，"
        "report 演练评估报告，summary 演练总结报告，task-cards 任务卡",
        "the document to export from a drill file: scheme (work plan), script (control "
        "staff), script-participant, evaluation-forms, report, summary, task-cards",
    ).text()


def check_plan_args(args: argparse.Namespace) -> None:
    """A plan was given: drill-only options are mistakes."""
    if args.doc is not None:
        raise UsageError(
            T(
                f"--doc {args.doc} 只用于演练文件（*.drill.yaml）；导出预案请去掉 --doc",
                f"--doc {args.doc} is for drill files (*.drill.yaml); leave it out to export a plan",
            )
        )
    if args.session is not None:
        raise UsageError(
            T("--session 只用于演练文件的报告", "--session is for the reports of a drill file")
        )


def run_drill(args: argparse.Namespace, lang: str) -> int:
    from app.cli.export import _located, _progress_printer
    from app.drilldocs import (
        DocOptions,
        DrillDoc,
        DrillDocError,
        default_output,
        export_drill_doc,
        prepare,
    )
    from app.export import Cancelled, ExportError
    from app.storage.errors import SaveError

    path = Path(args.plan)
    if args.doc is None:
        raise UsageError(
            T(
                f"{path} 是演练文件：请用 --doc 指定要导出的文档（{'、'.join(DOC_CHOICES)}）",
                f"{path} is a drill file: choose the document with --doc ({', '.join(DOC_CHOICES)})",
            )
        )
    if args.cards:
        raise UsageError(
            T(
                "--cards 导出预案的处置卡；演练的任务卡请用 --doc task-cards",
                "--cards exports a plan's response cards; for a drill use --doc task-cards",
            )
        )
    ignored = [
        "--" + name.replace("_", "-")
        for name, default in PLAN_ONLY.items()
        if getattr(args, name, default) != default
    ]
    if ignored:
        print(
            T(
                f"提示：{'、'.join(ignored)} 只用于预案，已忽略",
                f"note: {', '.join(ignored)} apply to plans only; ignored",
            ).text(lang),
            file=sys.stderr,
        )
    kind = DrillDoc(args.doc)
    try:
        source = prepare(kind, path, session=args.session)
    except DrillDocError as exc:
        raise UsageError(_located(exc.location(), exc.text("zh"), exc.text("en"))) from None
    out = Path(args.output) if args.output else default_output(kind, path)
    options = DocOptions(reference_doc=args.reference_doc, duplex=not args.single_sided)
    progress = None
    if sys.stderr.isatty():
        from app.progress import Progress

        progress = Progress(_progress_printer(lang))
    try:
        report = export_drill_doc(kind, source, out, options=options, progress=progress)
    except ExportError as exc:  # a bad reference document, a drill document error
        raise UsageError(_located(exc.location(), exc.text("zh"), exc.text("en"))) from None
    except SaveError as exc:
        raise UsageError(_located(exc.location(), exc.text("zh"), exc.text("en"))) from None
    except Cancelled as exc:
        print(exc.message.text(lang), file=sys.stderr)
        return 130
    finally:
        if progress is not None:
            sys.stderr.write("\r\033[K")
    for p in [*source.notes, *report.problems]:
        where = f"{p.file}:{p.line}" if p.file and p.line else (p.file or str(path))
        print(f"{where}: {p.severity.label.text(lang)}: {p.text(lang)}", file=sys.stderr)
    if source.session is not None:
        used = T(
            f"（演练记录 {source.session.path.name}）", f" (session {source.session.path.name})"
        )
    else:
        used = T("", "")
    print(
        T(
            f"已导出{kind.title}{used.zh}：{out}",
            f"Exported the {kind.label.en}{used.en}: {out}",
        ).text(lang)
    )
    return 0


__all__ = ["DOC_CHOICES", "check_plan_args", "doc_help", "is_drill_file", "run_drill"]
