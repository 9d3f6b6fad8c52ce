"""``import-docx IN.docx [-o OUT.plan.yaml] [--kind KIND] [--force]``: a Word plan → a plan file.

Prints what was recognised and what was not, writes the plan atomically, then lists
what ``validate`` still finds missing. The GUI's File → Import Word calls the same
``app.importer.import_docx``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.checks import check_file
from app.cli import UsageError
from app.i18n import T, current_language
from app.importer import Cancelled, import_docx, parse_kind
from app.model.kinds import PlanKind
from app.storage.atomic import target_state
from app.storage.errors import LoadError, SaveError
from app.storage.names import safe_name
from app.storage.plans import PLAN_SUFFIX, save_plan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-docx",
        help=T("把 Word 预案（.docx）导入为预案文件", "import a Word plan (.docx)").text(),
        description=T(
            "识别 Word 预案的章节、表格（通讯录、物资、队伍、专家等）和基本信息，生成预案文件，并列出仍需补充的内容。",
            "Recognise the sections, tables (contacts, resources, teams, experts…) and details of a Word plan, write a plan file and list what is still missing.",
        ).text(),
    )
    p.add_argument("input", metavar="IN.docx")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT.plan.yaml",
        help=T("输出文件（默认与输入同名）", "output file (default: next to the input)").text(),
    )
    p.add_argument(
        "--kind",
        metavar="KIND",
        help=T(
            "预案类型，如 综合、专项、现场处置方案、总体、部门、乡镇、村（默认根据标题判断）",
            "plan kind, e.g. enterprise_special or 专项 (default: guessed from the title)",
        ).text()
        + ": "
        + ", ".join(k.value for k in PlanKind),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=T("覆盖已存在的输出文件", "overwrite an existing output file").text(),
    )
    p.set_defaults(handler=run)


class _TerminalProgress:
    """Percent on stderr for large documents, only when someone is watching."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < 2000:
            return
        label = T("正在导入", "Importing").text()
        print(f"\r{label} {100 * done // max(total, 1):3d}%", end="", file=sys.stderr, flush=True)
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def _output_for(source: Path, given: str | None) -> Path:
    if given:
        return Path(given)
    stem = source.name[: -len(source.suffix)] if source.suffix else source.name
    return source.with_name(safe_name(stem, suffix=PLAN_SUFFIX, limit=255))


def run(args: argparse.Namespace) -> int:
    source = Path(args.input)
    target = _output_for(source, args.output)
    kind = None
    if args.kind:
        kind = parse_kind(args.kind)
        if kind is None:
            raise UsageError(
                T(
                    f"未知的预案类型“{args.kind}”，可用：" + "、".join(k.value for k in PlanKind),
                    f"unknown plan kind '{args.kind}'; choose one of: "
                    + ", ".join(k.value for k in PlanKind),
                )
            )
    if os.path.realpath(target) == os.path.realpath(source):  # never raises on link loops
        raise UsageError(T("输出文件不能与输入文件相同", "the output must differ from the input"))
    if target.exists() and not args.force:
        raise UsageError(
            T(
                f"{target}：文件已存在，未做任何改动；如需覆盖请加 --force",
                f"{target}: already exists, nothing written; add --force to overwrite",
            )
        )
    seen = target_state(target)  # replaced only as it is now, not as someone saves it later
    progress = _TerminalProgress() if sys.stderr.isatty() else None
    try:
        result = import_docx(source, kind=kind, progress=progress)
    except LoadError as exc:
        raise UsageError(_located(exc)) from None
    except Cancelled:
        raise KeyboardInterrupt from None
    finally:
        if progress is not None:
            progress.finish()
    try:
        save_plan(result.plan, target, backup=True, expect=seen)
    except SaveError as exc:
        raise UsageError(_located(exc)) from None
    lang = current_language()
    for line in result.report.lines(lang):
        print(line)
    print(T(f"已写入 {target}", f"Wrote {target}").text(lang))
    report = check_file(target)
    shown = [p for p in report.problems if p.severity.value != "info"]
    if shown:
        print(
            T(
                f"检查结果：{report.errors} 个错误、{report.warnings} 个警告，请补充或核对：",
                f"Check: {report.errors} errors, {report.warnings} warnings to complete or review:",
            ).text(lang)
        )
        for p in shown:
            where = f"{target}:{p.line}" if p.line else str(target)
            print(f"{where}: {p.severity.label.text(lang)}: {p.text(lang)}")
    return 0


def _located(exc: LoadError | SaveError) -> T:
    return T(f"{exc.filename}：{exc.text('zh')}", f"{exc.filename}: {exc.text('en')}")
