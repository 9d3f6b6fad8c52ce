"""``import-excel IN.xlsx|IN.csv --into PLAN.plan.yaml``: registers from Excel into a plan.

Contacts, resources, teams, experts and shelters are recognised by their headers (each
sheet of a workbook on its own); ``--part`` and ``--column 表头=字段`` say it where the
guess is wrong, and such a mapping is remembered for sheets with the same headers. The
GUI's 文件 › 导入 Excel 名录 calls the same ``app.importer.excel`` functions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import UsageError
from app.i18n import T, current_language
from app.importer.excel import (
    REGISTER_PARTS,
    Mapping,
    MappingMemory,
    field_for,
    field_labels,
    import_excel,
    merge_registers,
)
from app.importer.report import PART_NAMES
from app.paths import excel_columns_file
from app.storage.errors import LoadError, SaveError
from app.storage.plans import load_plan, save_plan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-excel",
        help=T(
            "从 Excel/CSV 导入通讯录、物资、队伍、专家、避难场所", "import registers from Excel/CSV"
        ).text(),
        description=T(
            "按表头识别每个工作表中的名录（通讯录、物资装备、应急队伍、专家、避难场所），并入预案文件。",
            "Recognise the register in each sheet by its headers and add it to a plan file.",
        ).text(),
    )
    p.add_argument("input", metavar="IN.xlsx")
    p.add_argument(
        "--into",
        required=True,
        metavar="PLAN.plan.yaml",
        help=T("并入的预案文件", "the plan file to add to").text(),
    )
    p.add_argument(
        "--part",
        choices=REGISTER_PARTS,
        help=T("只导入这一种名录（默认按表头判断）", "import only this register").text(),
    )
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="表头=字段",
        help=T(
            "指定列的对应关系，如 --column 联系电话=手机（字段可写中文名或字段名）；需与 --part 同用，并会记住",
            "map a header to a field, e.g. --column 联系电话=mobile (needs --part; remembered)",
        ).text(),
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help=T(
            "用表格内容替换预案中已有的同类名录（默认追加）",
            "replace the plan's registers instead of adding",
        ).text(),
    )
    p.set_defaults(handler=run)


def _mapping(args: argparse.Namespace) -> Mapping | None:
    if not args.column:
        return None
    if not args.part:
        raise UsageError(T("--column 需要同时指定 --part", "--column needs --part"))
    labels = field_labels(args.part)
    columns: dict[str, str] = {}
    for item in args.column:
        header, sep, name = item.partition("=")
        key = field_for(args.part, name)
        if not sep or not header.strip() or key is None:
            choices = "、".join(labels.values())
            raise UsageError(
                T(
                    f"--column {item}：应写作“表头=字段”，{PART_NAMES[args.part].zh}的字段有：{choices}",
                    f"--column {item}: write HEADER=FIELD; fields: {', '.join(labels)}",
                )
            )
        columns[key] = header.strip()
    return Mapping(args.part, columns)


def run(args: argparse.Namespace) -> int:
    source, target = Path(args.input), Path(args.into)
    mapping = _mapping(args)
    memory = MappingMemory(excel_columns_file())
    try:
        loaded = load_plan(target)
    except LoadError as exc:
        raise UsageError(
            T(f"{exc.filename}：{exc.text('zh')}", f"{exc.filename}: {exc.text('en')}")
        ) from None
    if loaded.problems and loaded.dropped:
        raise UsageError(
            T(
                f"{target}：预案文件有错误，请先用 validate 检查并修正",
                f"{target}: fix the plan first (validate)",
            )
        )
    try:
        result = import_excel(source, part=args.part, mapping=mapping, memory=memory)
        plan = merge_registers(loaded.model, result, replace=args.replace)
    except LoadError as exc:
        raise UsageError(
            T(
                f"{exc.filename or source}：{exc.text('zh')}",
                f"{exc.filename or source}: {exc.text('en')}",
            )
        ) from None
    if mapping is not None:
        for sheet in result.sheets:
            if sheet.part == mapping.part:
                memory.remember(sheet.headers, mapping)
    try:
        save_plan(plan, target, backup=True, expect=loaded.digest)
    except SaveError as exc:
        raise UsageError(
            T(f"{exc.filename}：{exc.text('zh')}", f"{exc.filename}: {exc.text('en')}")
        ) from None
    lang = current_language()
    for line in result.messages():
        print(line.text(lang))
    print(T(f"已写入 {target}", f"Wrote {target}").text(lang))
    return 0
