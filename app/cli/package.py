"""``package PLAN.yaml -o OUT_DIR [--zip] [--force]``: the filing package (备案材料).

Writes ``OUT_DIR/<预案名称>_备案材料_<date>/`` with the checklist, the 备案申报表, the
评审意见 or 编制说明, the plan and its cards, the risk and resource reports and the
评审表; ``--zip`` adds a .zip of the folder beside it. What the plan lacks is marked in
the documents and listed on stderr; the package is written all the same.

Exit codes: 0 written; 2 nothing written (the plan cannot be read, the package exists
without ``--force``, or it cannot be saved); 130 cancelled.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import UsageError, date_arg
from app.cli.export import _located, _progress_printer
from app.export import ExportError, ExportOptions
from app.filing import GapsRemain, PackageError, PackageOptions, build_package
from app.i18n import T, current_language
from app.progress import Cancelled, Progress
from app.storage.errors import LoadError, SaveError, StorageError
from app.storage.plans import load_plan

if TYPE_CHECKING:
    from app.library.provenance import SourceVersion


def _source(path: Path, allow_uncommitted: bool) -> SourceVersion | None:
    """The library version the plan holds (None outside a library that keeps versions)."""
    from app.library.provenance import source_version

    try:
        return source_version(path, allow_uncommitted=allow_uncommitted)
    except StorageError as exc:
        raise UsageError(_located(exc.location(), exc.text("zh"), exc.text("en"))) from None


def _stamp(source: SourceVersion | None) -> Callable[[bytes], bytes] | None:
    if source is None:
        return None
    from app.library.provenance import stamp_docx

    return lambda data: stamp_docx(data, source)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "package",
        help=T("生成备案材料（申报表、评审材料、报告、清单）", "build the filing package").text(),
        description=T(
            "生成应急预案备案材料：材料清单、备案申报表、评审意见（政府预案为编制说明）、预案文档、"
            "处置卡、风险评估报告、应急资源调查报告和评审表。预案缺少的内容在材料中标出并列在清单中。"
            "写入成功退出码为 0；无法写入或材料已存在（未加 --force）时为 2。",
            "Build the filing package: checklist, application form, review opinion (a "
            "drafting note for government plans), the plan, response cards, risk and resource "
            "reports and the review form. What the plan lacks is marked and listed. Exit 0 "
            "when written, 2 when nothing could be written or the package exists (no --force).",
        ).text(),
    )
    p.add_argument("plan", metavar="PLAN.yaml")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT_DIR",
        type=Path,
        help=T(
            "备案材料文件夹放在这里（默认：预案所在文件夹）",
            "where the package folder goes (default: the plan's folder)",
        ).text(),
    )
    p.add_argument(
        "--zip",
        action="store_true",
        help=T("同时生成文件夹的 .zip 压缩包", "also write a .zip of the folder").text(),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=T(
            "替换已有的备案材料（新材料全部生成后才替换）",
            "replace an existing package (only once the new one is complete)",
        ).text(),
    )
    p.add_argument(
        "--name",
        metavar="NAME",
        help=T(
            "文件夹名称（默认：<预案名称>_备案材料_<日期>）",
            "the folder's name (default: <plan title>_备案材料_<date>)",
        ).text(),
    )
    p.add_argument(
        "--today",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help=T(
            "计算备案期限所用的日期，也用于文件夹名称（默认今天）",
            "the date the filing deadline is measured on, also in the folder name (default: today)",
        ).text(),
    )
    p.add_argument(
        "--reference-doc",
        metavar="REF.docx",
        type=Path,
        help=T(
            "预案文档从自己的 Word 文件取样式、页面设置、页眉和封面",
            "take the plan document's styles, page setup, header and cover from your file",
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
        "--final",
        action="store_true",
        help=T(
            "生成正式备案材料（不标草稿）；材料中还有待填写内容时拒绝生成",
            "build the final package (not marked 草稿); refused while unfilled values remain",
        ).text(),
    )
    p.add_argument(
        "--accept-gaps",
        action="store_true",
        help=T(
            "与 --final 同用：带着待填写内容也定稿（不推荐）",
            "with --final: finalise even with unfilled values (not recommended)",
        ).text(),
    )
    p.add_argument(
        "--allow-uncommitted",
        action="store_true",
        help=T(
            "预案有尚未记录为版本的修改时也生成（默认拒绝：备案材料应能追溯到预案库中的一个版本）",
            "build even when the plan has edits not recorded as a version (refused by default)",
        ).text(),
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lang = current_language()
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
    out_dir = args.output if args.output is not None else path.resolve().parent
    source = _source(path, args.allow_uncommitted)
    options = PackageOptions(
        export=ExportOptions(
            reference_doc=args.reference_doc,
            template_dir=args.templates,
            base_dir=path.resolve().parent,
        ),
        zip=args.zip,
        force=args.force,
        name=args.name,
        today=args.today,
        stamp=_stamp(source),
        final=args.final,
        accept_gaps=args.accept_gaps,
    )
    progress = Progress(_progress_printer(lang)) if sys.stderr.isatty() else None
    try:
        report = build_package(loaded.model, out_dir, options=options, progress=progress)
    except GapsRemain as exc:
        raise UsageError(T(f"{path}: {exc.text('zh')}", f"{path}: {exc.text('en')}")) from None
    except (PackageError, SaveError, ExportError) as exc:
        raise UsageError(_located(exc.location(), exc.text("zh"), exc.text("en"))) from None
    except Cancelled as exc:
        print(exc.message.text(lang), file=sys.stderr)
        return 130
    finally:
        if progress is not None:
            sys.stderr.write("\r\033[K")

    for problem in report.problems:
        print(f"{path}: {problem.severity.label.text(lang)}: {problem.text(lang)}", file=sys.stderr)
    print(
        T(f"已生成备案材料：{report.folder}", f"Wrote the filing package: {report.folder}").text(
            lang
        )
    )
    for item in report.items:
        if item.generated:
            print(f"  {item.filename}")
        else:
            print(
                T(
                    f"  （未生成：{item.title}：{item.note}）",
                    f"  (not written: {item.title}: {item.note})",
                ).text(lang)
            )
    if source is not None:
        print(T("依据版本：", "Built from: ").text(lang) + source.describe().text(lang))
    if report.zip_path is not None:
        print(T(f"压缩包：{report.zip_path}", f"Zip: {report.zip_path}").text(lang))
    print(report.deadline.summary().text(lang))
    print(report.requirement.reason_t.text(lang))
    if report.marks:
        state = (
            T(
                "材料标为草稿（页眉和文件名），补全后重新生成，或加 --final 定稿",
                "the package is marked 草稿 (headers and names); fill in and rebuild, "
                "or use --final",
            )
            if report.draft
            else T("按 --final --accept-gaps 定稿", "finalised with --final --accept-gaps")
        )
        print(
            T(
                f"待填写内容共 {report.marks} 处，{state.zh}：",
                f"{report.marks} unfilled value(s); {state.en}:",
            ).text(lang),
            file=sys.stderr,
        )
        for line in report.gap_summary():
            print(f"  {line.text(lang)}", file=sys.stderr)
    gaps = report.gaps
    if gaps:
        checklist = report.items[0].filename
        print(
            T(
                f"有 {len(gaps)} 处缺项或待补充内容，已在材料中标出，并列在 {checklist} 中：",
                f"{len(gaps)} gap(s) are marked in the documents and listed in {checklist}:",
            ).text(lang),
            file=sys.stderr,
        )
        for gap in gaps:
            print(f"  {gap.document}: {gap.marker} {gap.hint.text(lang)}", file=sys.stderr)
    return 0
