"""``library``: a folder of plans and drills: status table, plan system, annual work plan.

    python -m app library status FOLDER [--overdue] [--format json]
    python -m app library system FOLDER [-o 预案体系.docx] [--force]
    python -m app library plan FOLDER --year 2027 [-o 工作计划.docx] [--force] [--unit NAME]
    python -m app library history|release|sync|restore FOLDER …   (app.cli.library_versions)

Exit codes: ``status`` 1 when something is overdue, ``system`` 1 when links are broken
or plans orphaned, 0 otherwise; 2 for a missing folder or an output that cannot be
written (nothing is written then). The GUI's library window calls the same functions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from app.cli import UsageError, date_arg
from app.i18n import T, current_language
from app.progress import Cancelled, Progress
from app.storage.errors import SaveError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "library",
        help=T(
            "预案库：状态一览、预案体系、年度工作计划",
            "plan library: status, plan system, work plan",
        ).text(),
        description=T(
            "把一个文件夹中的全部预案和演练作为预案库：到期情况一览、预案体系（可导出 Word，含体系图）、"
            "年度应急演练和预案修订工作计划（可导出 Word）。",
            "Treat a folder of plans and drills as a library: due dates at a glance, the plan "
            "system (Word with a diagram), and the annual drill and revision work plan (Word).",
        ).text(),
    )
    lib = p.add_subparsers(dest="library_command", metavar="ACTION", parser_class=type(p))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("folder", metavar="FOLDER")
    common.add_argument(
        "--today",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help=T("按此日期计算到期和逾期", "compute due dates as of this day").text(),
    )
    writes = argparse.ArgumentParser(add_help=False)
    writes.add_argument(
        "--force",
        action="store_true",
        help=T("覆盖已存在的输出文件（原文件保留为 .bak）", "overwrite an existing output").text(),
    )
    writes.add_argument(
        "--unit",
        metavar="NAME",
        help=T(
            "文件标题和落款中的单位名称（默认取总体或综合预案的编制单位）",
            "the unit named in the title and signature (default: the top plan's unit)",
        ).text(),
    )
    status = lib.add_parser(
        "status",
        parents=[common],
        help=T("列出全部预案和演练及到期情况", "list documents and due dates").text(),
    )
    status.add_argument(
        "--overdue", action="store_true", help=T("只列出逾期项", "only overdue items").text()
    )
    status.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=T("输出格式：text（默认）或 json", "output format: text (default) or json").text(),
    )
    status.set_defaults(handler=run_status)
    system = lib.add_parser(
        "system",
        parents=[common, writes],
        help=T("显示预案体系及断开的链接", "show the plan system and broken links").text(),
    )
    system.add_argument(
        "-o",
        "--output",
        metavar="预案体系.docx",
        help=T("导出预案体系（含体系图）为 Word", "write the plan system (with diagram)").text(),
    )
    system.set_defaults(handler=run_system)
    plan = lib.add_parser(
        "plan",
        parents=[common, writes],
        help=T("生成年度演练和预案修订工作计划", "propose the annual work plan").text(),
    )
    plan.add_argument("--year", type=int, required=True)
    plan.add_argument(
        "-o",
        "--output",
        metavar="工作计划.docx",
        help=T("导出为公文格式的 Word 文档", "write it as an official-format Word file").text(),
    )
    plan.set_defaults(handler=run_plan)
    from app.cli import library_versions

    library_versions.register(lib, common)


def _progress() -> Progress | None:
    if not sys.stderr.isatty():
        return None
    lang = current_language()

    def show(done: int, total: int, label: Any) -> None:
        text = label.text(lang) if isinstance(label, T) else str(label)
        sys.stderr.write(f"\r\033[K[{done}/{total}] {text[:60]}")
        sys.stderr.flush()

    return Progress(show)


def _scan(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.library import scan_library

    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(T(f"文件夹不存在：{folder}", f"no such folder: {folder}"))
    progress = _progress()
    try:
        return scan_library(folder, today=args.today, progress=progress)
    except Cancelled:
        raise KeyboardInterrupt from None
    finally:
        if progress is not None:
            sys.stderr.write("\r\033[K")


def _target(args: argparse.Namespace) -> Path | None:
    if not args.output:
        return None
    target = Path(args.output)
    if target.suffix.lower() != ".docx":
        raise UsageError(T("输出文件名应以 .docx 结尾", "the output must end in .docx"))
    if target.exists() and not args.force:
        raise UsageError(
            T(
                f"{target}：文件已存在，未做任何改动；如需覆盖请加 --force",
                f"{target}: already exists, nothing written; add --force to overwrite",
            )
        )
    if not target.parent.is_dir():
        raise UsageError(T(f"文件夹不存在：{target.parent}", f"no such folder: {target.parent}"))
    return target


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def entry_record(entry: Any, root: Path, today: dt.date, lang: str) -> dict[str, Any]:
    """One entry as plain data (``status --format json``)."""
    return {
        "path": entry.path.relative_to(root).as_posix(),
        "doc": entry.doc,
        "title": entry.title,
        "kind": entry.kind.value if entry.kind else None,
        "kind_label": entry.kind.label(lang) if entry.kind else None,
        "unit": entry.unit or None,
        "version": entry.version or None,
        "issued": _iso(entry.issued),
        "last_revised": _iso(entry.last_revised),
        "revision_due": _iso(entry.revision_due),
        "last_drill": _iso(entry.last_drill if entry.doc == "plan" else entry.drill_date),
        "drill_due": _iso(entry.drill_due),
        "filing_due": _iso(entry.filing_due) if not entry.filed else None,
        "open_findings": entry.open_findings,
        "overdue_findings": entry.overdue_findings,
        "errors": entry.errors,
        "warnings": entry.warnings,
        "parent": entry.parent,
        "exercises": entry.exercises,
        "overdue": [t.text(lang) for t in entry.overdue(today)],
        "reason": entry.reason.text(lang) if entry.reason else None,
    }


def run_status(args: argparse.Namespace) -> int:
    library = _scan(args)
    lang = current_language()
    entries = library.overdue() if args.overdue else library.entries
    if args.format == "json":
        data = {
            "folder": str(library.root),
            "today": library.today.isoformat(),
            "files": len(library.entries),
            "plans": len(library.plans()),
            "drills": len(library.drills()),
            "unreadable": len(library.unreadable()),
            "overdue": len(library.overdue()),
            "entries": [entry_record(e, library.root, library.today, lang) for e in entries],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 1 if library.overdue() else 0
    for e in entries:
        rel = e.path.relative_to(library.root)
        if e.doc == "unreadable":
            assert e.reason is not None
            print(f"{rel}: {T('无法读取', 'unreadable').text(lang)}: {e.reason.text(lang)}")
            continue
        late = "; ".join(t.text(lang) for t in e.overdue(library.today))
        flag = "!" if late else " "
        if e.doc == "plan":
            kind = e.kind.label(lang) if e.kind else ""
            print(
                f"{flag} {rel} | {e.title} | {kind} | {e.version} | "
                f"{T('修订', 'revised').text(lang)} {_date(e.last_revised)} → {_date(e.revision_due)} | "
                f"{T('演练', 'drill').text(lang)} {_date(e.last_drill)} → {_date(e.drill_due)} | "
                f"{T('整改', 'findings').text(lang)} {e.open_findings} | E{e.errors} W{e.warnings}"
                + (f" | {late}" if late else "")
            )
        else:
            print(
                f"{flag} {rel} | {e.title} | {T('演练', 'drill').text(lang)} {_date(e.drill_date)} | {T('整改', 'findings').text(lang)} {e.open_findings}"
                + (f" | {late}" if late else "")
            )
    summary = T(
        f"共 {len(library.entries)} 个文件：预案 {len(library.plans())}，演练 {len(library.drills())}，无法读取 {len(library.unreadable())}，逾期 {len(library.overdue())}",
        f"{len(library.entries)} files: {len(library.plans())} plans, {len(library.drills())} drills, {len(library.unreadable())} unreadable, {len(library.overdue())} overdue",
    )
    print(summary.text(lang), file=sys.stderr)
    return 1 if library.overdue() else 0


def _write(target: Path, write: Any) -> Any:
    try:
        return write()
    except SaveError as exc:
        raise UsageError(
            T(f"{exc.location()}：{exc.text('zh')}", f"{exc.location()}: {exc.text('en')}")
        ) from None


def run_system(args: argparse.Namespace) -> int:
    from app.library.reports import export_system
    from app.library.system import build_system

    target = _target(args)
    library = _scan(args)
    system = build_system(library)
    lang = current_language()
    for node, depth in system.walk():
        kind = node.entry.kind.label(lang) if node.entry.kind else ""
        print(f"{'  ' * depth}- {node.entry.title}（{kind}）")
        for drill in node.drills:
            print(f"{'  ' * (depth + 1)}· {T('演练', 'drill').text(lang)}：{drill.title}")
    for issue in system.issues:
        print(
            f"{issue.entry.path.relative_to(library.root)}: {T('警告', 'warning').text(lang)}: {issue.message.text(lang)}"
        )
    if target is not None:
        result = _write(target, lambda: export_system(library, target, unit=args.unit, lang=lang))
        for warning in result.warnings:
            print(
                f"{target}: {T('警告', 'warning').text(lang)}: {warning.text(lang)}",
                file=sys.stderr,
            )
        print(
            T(
                f"已写入预案体系 {target}（体系图 {result.images} 幅，预案 {result.rows} 项）",
                f"Wrote the plan system {target} ({result.images} diagram page(s), {result.rows} plan(s))",
            ).text(lang)
        )
    return 1 if system.issues else 0


def run_plan(args: argparse.Namespace) -> int:
    from app.library.reports import export_work_plan
    from app.library.workplan import propose

    if not 1900 <= args.year <= 2200:
        raise UsageError(T(f"年份不合理：{args.year}", f"implausible year: {args.year}"))
    target = _target(args)
    library = _scan(args)
    rows = propose(library, args.year)
    lang = current_language()
    activity = {"drill": T("演练", "drill"), "evaluation": T("预案评估", "evaluation")}
    for row in rows:
        form = f"（{row.form}）" if row.form else ""
        print(
            f"{row.month:>2}{T('月', '').text(lang)} Q{row.quarter} | {row.entry.title} | "
            f"{activity[row.activity].text(lang)}{form} | {row.responsible} | {row.reason.text(lang)}"
        )
    if target is not None:
        result = _write(
            target,
            lambda: export_work_plan(library, args.year, target, unit=args.unit, lang=lang),
        )
        print(
            T(
                f"已写入工作计划 {target}（{result.rows} 项工作）",
                f"Wrote the work plan {target} ({result.rows} task(s))",
            ).text(lang)
        )
    return 0
