"""``library``: a folder of plans and drills: status table, plan system, annual work plan."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from app.cli import UsageError
from app.i18n import T, current_language


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "library",
        help=T(
            "预案库：状态一览、预案体系、年度工作计划",
            "plan library: status, plan system, work plan",
        ).text(),
    )
    lib = p.add_subparsers(dest="library_command", metavar="ACTION", parser_class=type(p))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("folder", metavar="FOLDER")
    common.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    status = lib.add_parser(
        "status",
        parents=[common],
        help=T("列出全部预案和演练及到期情况", "list documents and due dates").text(),
    )
    status.add_argument(
        "--overdue", action="store_true", help=T("只列出逾期项", "only overdue items").text()
    )
    status.set_defaults(handler=run_status)
    system = lib.add_parser(
        "system",
        parents=[common],
        help=T("显示预案体系及断开的链接", "show the plan system and broken links").text(),
    )
    system.set_defaults(handler=run_system)
    plan = lib.add_parser(
        "plan",
        parents=[common],
        help=T("生成年度演练和预案修订工作计划", "propose the annual work plan").text(),
    )
    plan.add_argument("--year", type=int, required=True)
    plan.set_defaults(handler=run_plan)


def _scan(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.library import scan_library

    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(T(f"文件夹不存在：{folder}", f"no such folder: {folder}"))
    return scan_library(folder, today=args.today)


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def run_status(args: argparse.Namespace) -> int:
    library = _scan(args)
    lang = current_language()
    entries = library.overdue() if args.overdue else library.entries
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


def run_system(args: argparse.Namespace) -> int:
    from app.library.system import build_system

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
    return 1 if system.issues else 0


def run_plan(args: argparse.Namespace) -> int:
    from app.library.workplan import propose

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
    return 0
