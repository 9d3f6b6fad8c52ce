"""``diff OLD.plan.yaml NEW.plan.yaml [-o 对照表.docx]``: what changed between two plan versions.

Exit 0 when the versions are the same, 1 when they differ, 2 when a file cannot be read
(as ``diff`` does). The GUI calls the same ``app.compare.diff_plans``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import UsageError
from app.compare import diff_plans
from app.compare.docx_report import write_comparison_docx
from app.i18n import T, current_language
from app.storage.errors import LoadError, SaveError
from app.storage.plans import load_plan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff",
        help=T("对比预案的两个版本（修订对照表）", "compare two versions of a plan").text(),
        description=T(
            "按章节和表格行对比两个预案版本，列出新增、删除、移动和修改；加 -o 输出修订对照表（.docx）。相同时退出码为 0，有差异为 1，文件无法读取为 2。",
            "Compare two plan versions section by section and row by row: added, removed, moved and changed items; -o writes the comparison table (.docx). Exit 0 when the same, 1 when they differ, 2 when a file cannot be read.",
        ).text(),
    )
    p.add_argument("old", metavar="OLD.plan.yaml")
    p.add_argument("new", metavar="NEW.plan.yaml")
    p.add_argument(
        "-o",
        "--output",
        metavar="对照表.docx",
        help=T("写出修订对照表（Word）", "write the comparison table (Word)").text(),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=T("覆盖已存在的对照表文件", "overwrite an existing output file").text(),
    )
    p.set_defaults(handler=run)


def _load(path: str):  # type: ignore[no-untyped-def]
    try:
        loaded = load_plan(path)
    except LoadError as exc:
        raise UsageError(
            T(f"{exc.location()}：{exc.text('zh')}", f"{exc.location()}: {exc.text('en')}")
        ) from None
    if loaded.dropped:
        print(
            T(
                f"{path}：有 {len(loaded.dropped)} 处格式错误的内容未参与对比（可用 validate 查看）",
                f"{path}: {len(loaded.dropped)} malformed values were left out (see validate)",
            ).text(),
            file=sys.stderr,
        )
    return loaded.model


def run(args: argparse.Namespace) -> int:
    target = Path(args.output) if args.output else None
    if target is not None:
        if target.suffix.lower() != ".docx":
            raise UsageError(T("对照表文件名应以 .docx 结尾", "the output must end in .docx"))
        if target.exists() and not args.force:
            raise UsageError(
                T(
                    f"{target}：文件已存在，未做任何改动；如需覆盖请加 --force",
                    f"{target}: already exists, nothing written; add --force to overwrite",
                )
            )
    old, new = _load(args.old), _load(args.new)
    result = diff_plans(old, new)
    lang = current_language()
    for line in result.lines(lang):
        print(line)
    if target is not None:
        try:
            write_comparison_docx(result, target, lang)
        except SaveError as exc:
            raise UsageError(
                T(f"{exc.filename}：{exc.text('zh')}", f"{exc.filename}: {exc.text('en')}")
            ) from None
        print(T(f"已写入修订对照表 {target}", f"Wrote the comparison table {target}").text(lang))
    return 0 if result.is_empty else 1
