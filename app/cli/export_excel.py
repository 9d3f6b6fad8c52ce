"""``export-excel PLAN.plan.yaml [-o OUT.xlsx]``: the plan's registers as an Excel workbook.

One sheet per register (通讯录、物资装备、队伍、专家、避难场所), headed as the plan
document prints it; ``import-excel`` reads it back. The GUI calls the same export.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.cli import UsageError
from app.export.excel import EXCEL_PARTS, export_registers_xlsx
from app.i18n import T, current_language
from app.importer.report import PART_NAMES
from app.storage.errors import LoadError, SaveError
from app.storage.plans import PLAN_SUFFIX, load_plan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export-excel",
        help=T(
            "把预案中的名录导出为 Excel（.xlsx）", "export the plan's registers to Excel"
        ).text(),
    )
    p.add_argument("input", metavar="PLAN.plan.yaml")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT.xlsx",
        help=T("输出文件（默认与预案同名）", "output file").text(),
    )
    p.add_argument(
        "--force", action="store_true", help=T("覆盖已存在的输出文件", "overwrite").text()
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.input)
    name = source.name[: -len(PLAN_SUFFIX)] if source.name.endswith(PLAN_SUFFIX) else source.stem
    target = Path(args.output) if args.output else source.with_name(f"{name}-名录.xlsx")
    if target.exists() and not args.force:
        raise UsageError(
            T(
                f"{target}：文件已存在，未做任何改动；如需覆盖请加 --force",
                f"{target}: exists; add --force",
            )
        )
    if os.path.realpath(target) == os.path.realpath(source):
        raise UsageError(T("输出文件不能与输入文件相同", "the output must differ from the input"))
    try:
        plan = load_plan(source).model
        export_registers_xlsx(plan, target)
    except (LoadError, SaveError) as exc:
        raise UsageError(
            T(f"{exc.filename}：{exc.text('zh')}", f"{exc.filename}: {exc.text('en')}")
        ) from None
    lang = current_language()
    parts = [p for p in EXCEL_PARTS if not plan.part_is_empty(p)]
    zh = "、".join(f"{PART_NAMES[p].zh} {len(getattr(plan, p))} 条" for p in parts) or "没有名录"
    en = ", ".join(f"{PART_NAMES[p].en} {len(getattr(plan, p))}" for p in parts) or "no registers"
    print(T(f"已写入 {target}（{zh}）", f"Wrote {target} ({en})").text(lang))
    return 0
