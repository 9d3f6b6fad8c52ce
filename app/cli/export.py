"""``export PLAN.yaml -o PLAN.docx``: the plan (or its response cards) as a Word document.

``export DRILL.drill.yaml --doc KIND [--session JOURNAL]`` exports a drill document
instead (``app.cli.drill_export``).

Exit codes: 0 written; 1 refused by ``--strict`` because the plan has errors; 2 nothing
written (the plan, the reference document or a template cannot be used, or the file
cannot be saved).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.checks import check_plan
from app.cli import UsageError
from app.cli.drill_export import DOC_CHOICES, check_plan_args, doc_help, is_drill_file, run_drill
from app.export import (
    Cancelled,
    ExportError,
    ExportOptions,
    Progress,
    export_cards,
    export_plan,
    write_default_templates,
    write_reference_doc,
)
from app.i18n import T, current_language
from app.model.problems import Problem, Severity, sort_key
from app.storage.errors import LoadError, SaveError
from app.storage.names import safe_name
from app.storage.plans import PLAN_SUFFIX, load_plan

SHOWN = 5  # problems listed before "… and N more"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help=T("把预案导出为 Word 文档", "export a plan as a Word document").text(),
        description=T(
            "按 GB/T 9704—2012 公文格式把预案导出为 Word（.docx）；--cards 导出岗位应急处置卡。"
            "写入成功退出码为 0；使用 --strict 且预案有错误时为 1；无法导出时为 2。",
            "Export a plan as a Word (.docx) document in GB/T 9704-2012 official format; "
            "--cards exports the response cards. Exit 0 when written, 1 when --strict refuses "
            "a plan with errors, 2 when nothing could be exported.",
        ).text(),
    )
    p.add_argument("plan", nargs="?", metavar="PLAN.yaml|DRILL.drill.yaml")
    p.add_argument("-o", "--output", metavar="OUT.docx", help=T("输出文件", "output file").text())
    p.add_argument(
        "--cards",
        action="store_true",
        help=T("导出岗位应急处置卡（每个工作组一张）", "export one response card per group").text(),
    )
    p.add_argument("--doc", choices=DOC_CHOICES, metavar="KIND", help=doc_help())
    p.add_argument(
        "--session",
        metavar="JOURNAL",
        type=Path,
        help=T(
            "报告使用的演练记录（默认：最新一次已结束的记录）",
            "the session journal a report uses (default: the newest ended one)",
        ).text(),
    )
    p.add_argument(
        "--reference-doc",
        metavar="REF.docx",
        type=Path,
        help=T(
            "从自己的 Word 文件取样式、页面设置、页眉和封面",
            "take styles, page setup, header and cover from your own Word file",
        ).text(),
    )
    p.add_argument(
        "--templates",
        metavar="DIR",
        type=Path,
        help=T(
            "用文件夹中的 cover.j2、approval.j2、card_note.j2 替换内置文字模板",
            "override the built-in text templates with files from DIR",
        ).text(),
    )
    p.add_argument(
        "--numbering",
        choices=["gongwen", "decimal"],
        help=T(
            "标题编号：gongwen（一、（一）1.（1））或 decimal（1 / 1.1），默认按预案类型",
            "heading numbers: gongwen (一、/（一）) or decimal (1 / 1.1); default by plan kind",
        ).text(),
    )
    p.add_argument(
        "--toc-levels",
        type=int,
        choices=range(0, 5),
        default=2,
        metavar="{0-4}",
        help=T("目录收录的标题级数，0 表示不要目录", "heading levels in the TOC; 0: none").text(),
    )
    p.add_argument(
        "--single-sided",
        action="store_true",
        help=T("单面打印：封面后不留空白页", "single-sided: no blank page behind the cover").text(),
    )
    approval = p.add_mutually_exclusive_group()
    approval.add_argument(
        "--approval-page",
        dest="approval",
        action="store_true",
        default=None,
        help=T("总是加批准页（发布令）", "always add the approval page").text(),
    )
    approval.add_argument(
        "--no-approval-page",
        dest="approval",
        action="store_false",
        help=T("不加批准页（默认按预案类型）", "leave out the approval page").text(),
    )
    p.add_argument(
        "--no-revision-record",
        action="store_true",
        help=T("不加修订记录页", "leave out the revision record").text(),
    )
    p.add_argument(
        "--card-size",
        choices=["auto", "A5", "A4"],
        default="auto",
        help=T(
            "处置卡纸张：auto（默认）即 A5，随身携带；A4 仅在需要时指定",
            "card paper: auto (default) is A5, to be carried; A4 only when asked for",
        ).text(),
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help=T(
            "预案有错误时不导出（退出码 1）", "refuse to export a plan with errors (exit 1)"
        ).text(),
    )
    p.add_argument(
        "--write-reference",
        metavar="REF.docx",
        type=Path,
        help=T("写出内置参考文档，供在 Word 中修改", "write the built-in reference .docx").text(),
    )
    p.add_argument(
        "--write-templates",
        metavar="DIR",
        type=Path,
        help=T("把内置文字模板复制到文件夹中", "copy the built-in text templates into DIR").text(),
    )
    p.set_defaults(handler=run)


def default_output(plan: Path, cards: bool) -> Path:
    name = plan.name
    stem = name[: -len(PLAN_SUFFIX)] if name.endswith(PLAN_SUFFIX) else plan.stem
    return plan.with_name(safe_name(stem, suffix=".处置卡.docx" if cards else ".docx", limit=255))


def run(args: argparse.Namespace) -> int:
    lang = current_language()
    did = False
    if args.write_reference is not None:
        _save(lambda: write_reference_doc(args.write_reference))
        print(
            T(f"已写出参考文档：{args.write_reference}", f"Wrote {args.write_reference}").text(lang)
        )
        did = True
    if args.write_templates is not None:
        folder: Path = args.write_templates
        _save(lambda: folder.mkdir(parents=True, exist_ok=True))
        written = _save(lambda: write_default_templates(folder))
        for path in written:
            print(T(f"已写出模板：{path}", f"Wrote {path}").text(lang))
        if not written:
            print(
                T("模板均已存在，未覆盖", "All templates exist already; none overwritten").text(
                    lang
                )
            )
        did = True
    if args.plan is None:
        if did:
            return 0
        raise UsageError(T("请指定要导出的预案文件", "Name the plan file to export"))
    if is_drill_file(Path(args.plan)):
        return run_drill(args, lang)
    check_plan_args(args)
    return _export(args, lang)


def _save(action):  # type: ignore[no-untyped-def]
    try:
        return action()
    except SaveError as exc:
        raise UsageError(_located(exc.location(), exc.text("zh"), exc.text("en"))) from None
    except OSError as exc:
        raise UsageError(T(f"无法写入：{exc}", f"Cannot write: {exc}")) from None


def _export(args: argparse.Namespace, lang: str) -> int:
    path = Path(args.plan)
    try:
        loaded = load_plan(path)
    except LoadError as exc:
        raise UsageError(
            T(
                f"{exc.location()}: 无法读取：{exc.text('zh')}",
                f"{exc.location()}: cannot read: {exc.text('en')}",
            )
        ) from None
    problems = [p for p in loaded.problems if p.severity is Severity.ERROR]
    problems += [
        p
        for p in check_plan(loaded.model, lines=loaded.lines, filename=str(path))
        if p.severity is Severity.ERROR
    ]
    if problems:
        _print_problems(problems, str(path), lang)
        if args.strict:
            print(
                T(
                    f"{path}：有 {len(problems)} 个错误，按 --strict 未导出",
                    f"{path}: {len(problems)} error(s); nothing exported (--strict)",
                ).text(lang),
                file=sys.stderr,
            )
            return 1
        print(
            T(
                f"{path}：有 {len(problems)} 个错误，仍照常导出；请修改后重新导出（python -m app validate 可查看全部问题）",
                f"{path}: {len(problems)} error(s); exported anyway. Fix them and export again "
                "(python -m app validate lists every problem)",
            ).text(lang),
            file=sys.stderr,
        )
    out = Path(args.output) if args.output else default_output(path, args.cards)
    if args.reference_doc is not None and args.cards:
        print(
            T(
                "提示：处置卡使用自己的口袋版式，--reference-doc 只用于预案文档",
                "note: cards have their own pocket layout; --reference-doc applies to plans only",
            ).text(lang),
            file=sys.stderr,
        )
    options = ExportOptions(
        reference_doc=None if args.cards else args.reference_doc,
        template_dir=args.templates,
        numbering=args.numbering,
        toc_levels=args.toc_levels,
        duplex=not args.single_sided,
        approval_page=args.approval,
        revision_record=not args.no_revision_record,
        card_size=args.card_size,
    )
    progress = Progress(_progress_printer(lang)) if sys.stderr.isatty() else None
    try:
        export = export_cards if args.cards else export_plan
        report = export(loaded.model, out, options=options, progress=progress)
    except ExportError as exc:
        raise UsageError(_located(exc.location(), exc.text("zh"), exc.text("en"))) from None
    except SaveError as exc:
        raise UsageError(
            T(f"{exc.location()}: {exc.text('zh')}", f"{exc.location()}: {exc.text('en')}")
        ) from None
    except Cancelled as exc:
        print(exc.message.text(lang), file=sys.stderr)
        return 130
    finally:
        if progress is not None:
            sys.stderr.write("\r\033[K")
    for p in report.problems:
        print(f"{out}: {p.severity.label.text(lang)}: {p.text(lang)}", file=sys.stderr)
    if args.cards:
        done = T(
            f"已导出 {report.count} 张处置卡：{out}", f"Exported {report.count} card(s): {out}"
        )
    else:
        done = T(f"已导出预案：{out}", f"Exported the plan: {out}")
    print(done.text(lang))
    return 0


def _located(where: str, zh: str, en: str) -> T:
    return T(f"{where}: {zh}", f"{where}: {en}") if where else T(zh, en)


def _print_problems(problems: list[Problem], filename: str, lang: str) -> None:
    problems = sorted(problems, key=sort_key)
    for p in problems[:SHOWN]:
        where = f"{filename}:{p.line}" if p.line else filename
        print(f"{where}: {p.severity.label.text(lang)}: {p.text(lang)}", file=sys.stderr)
    if len(problems) > SHOWN:
        more = len(problems) - SHOWN
        print(T(f"……另有 {more} 个", f"… and {more} more").text(lang), file=sys.stderr)


def _progress_printer(lang: str):  # type: ignore[no-untyped-def]
    def show(done: int, total: int, label: T) -> None:
        percent = 100 * done // max(total, 1)
        sys.stderr.write(f"\r\033[K[{percent:3d}%] {label.text(lang)[:60]}")
        sys.stderr.flush()

    return show
