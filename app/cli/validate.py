"""``validate FILE...``: check plans (and drills) and print ``file:line: severity: message``."""

from __future__ import annotations

import argparse
import json
import sys

from app.checks import FileReport, check_file
from app.cli import date_arg
from app.i18n import T, current_language
from app.model.problems import Severity


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help=T("检查预案或演练文件", "check plan or drill files").text(),
        description=T(
            "检查文件的格式、完整性、相互引用和期限。无错误时退出码为 0，有错误为 1，文件无法读取为 2。",
            "Check format, completeness, references and due dates. Exit 0 without errors, 1 with errors, 2 when a file cannot be read.",
        ).text(),
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--today", type=date_arg, help="YYYY-MM-DD, for due dates")
    p.add_argument(
        "--errors-only", action="store_true", help=T("只显示错误", "show errors only").text()
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    reports = [check_file(path, today=args.today) for path in args.files]
    lang = current_language()
    if args.format == "json":
        out = [
            {
                "file": r.path,
                "readable": r.fatal is None,
                "error": None
                if r.fatal is None
                else {"line": r.fatal.line, "message": r.fatal.text(lang)},
                "problems": [p.to_dict(lang) for p in _shown(r, args.errors_only)],
            }
            for r in reports
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for report in reports:
            _print_text(report, args.errors_only, lang)
    if any(r.fatal is not None for r in reports):
        return 2
    return 1 if any(r.errors for r in reports) else 0


def _shown(report: FileReport, errors_only: bool) -> list:
    return [p for p in report.problems if not errors_only or p.severity is Severity.ERROR]


def _print_text(report: FileReport, errors_only: bool, lang: str) -> None:
    if report.fatal is not None:
        where = f"{report.path}:{report.fatal.line}" if report.fatal.line else report.path
        label = T("无法读取", "cannot read").text(lang)
        print(f"{where}: {label}: {report.fatal.text(lang)}")
        return
    for p in _shown(report, errors_only):
        where = f"{report.path}:{p.line}" if p.line else report.path
        print(f"{where}: {p.severity.label.text(lang)}: {p.text(lang)}")
    summary = T(
        f"{report.path}：{report.errors} 个错误，{report.warnings} 个警告",
        f"{report.path}: {report.errors} error(s), {report.warnings} warning(s)",
    )
    print(summary.text(lang), file=sys.stderr)
