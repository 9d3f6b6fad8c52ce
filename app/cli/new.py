"""``new --template ID [--set KEY=VALUE]… -o FILE``: start a plan from a starter template."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from app.checks import check_plan
from app.checks.dues import check_dues
from app.cli import UsageError
from app.cli.templates import add_template_dir_option, template_dirs, usage_error
from app.i18n import T, current_language
from app.model.plan import Plan
from app.model.problems import Problem, Severity
from app.storage.errors import SaveError
from app.storage.plans import dumps_plan, save_plan
from app.storage.templates import TemplateError, find_template, render_template


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help=T("根据模板新建预案", "create a plan from a template").text(),
        description=T(
            "根据模板新建预案文件。未用 --set 给出的变量取模板默认值（【待填写】占位内容）。"
            "出错时不写任何文件，退出码为 2。",
            "Create a plan file from a template. Variables not given with --set take the "
            "template's defaults (placeholders to fill in). On error nothing is written; exit 2.",
        ).text(),
    )
    p.add_argument(
        "--template", "-t", required=True, metavar="ID", help=T("模板编号", "template id").text()
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="values",
        help=T(
            "填写模板变量，如 --set unit.name=示范化工有限公司；可重复",
            "fill in a template variable, e.g. --set unit.name=ACME; may repeat",
        ).text(),
    )
    p.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="FILE",
        help=T(
            "输出的预案文件（*.plan.yaml），“-”表示输出到屏幕", "plan file to write; - for stdout"
        ).text(),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=T(
            "覆盖已存在的文件（原文件保留为 .bak）", "overwrite an existing file (kept as .bak)"
        ).text(),
    )
    p.add_argument(
        "--example",
        action="store_true",
        help=T(
            "未给出的变量用模板的示例值而不是占位内容",
            "use the template's example values instead of placeholders",
        ).text(),
    )
    p.add_argument(
        "--no-backup",
        action="store_true",
        help=T("覆盖时不保留 .bak 备份", "do not keep a .bak copy when overwriting").text(),
    )
    add_template_dir_option(p)
    p.set_defaults(handler=run)


def parse_values(items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` pairs; a bad one is a usage error naming it."""
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            raise UsageError(
                T(
                    f"--set 参数“{item}”缺少“=”，应写成 键=值，如 --set unit.name=示范化工有限公司",
                    f"--set '{item}' has no '='; write KEY=VALUE, e.g. --set unit.name=ACME",
                )
            )
        if not key:
            raise UsageError(
                T(
                    f"--set 参数“{item}”缺少变量名（“=”前为空）",
                    f"--set '{item}' has no variable name before '='",
                )
            )
        if key in values:
            raise UsageError(
                T(f"变量“{key}”被 --set 设置了两次", f"'{key}' is given twice with --set")
            )
        values[key] = value
    return values


def _check_output(path: Path, force: bool) -> None:
    if path.is_dir():
        raise UsageError(
            T(f"输出位置是一个文件夹：{path}", f"the output is a folder: {path}"),
        )
    if path.exists() and not force:
        raise UsageError(
            T(
                f"文件已存在：{path}。如需覆盖请加 --force（原文件会保留为 .bak）",
                f"file exists: {path}. Add --force to overwrite it (the old one is kept as .bak)",
            )
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(
            T(f"保存位置的文件夹不存在：{folder}", f"the folder does not exist: {folder}"),
        )


def split_errors(
    plan: Plan, problems: list[Problem], today: dt.date
) -> tuple[list[Problem], list[Problem]]:
    """Errors that mean the template is broken, and errors about the plan's dates.

    Deadlines and review records (``check_dues``) depend on the values the user gave,
    such as an issue date, not on the template: they are reported, not blocking.
    """
    dated = {(p.code, p.path) for p in check_dues(plan, today)}
    errors = [p for p in problems if p.severity is Severity.ERROR]
    return (
        [p for p in errors if (p.code, p.path) not in dated],
        [p for p in errors if (p.code, p.path) in dated],
    )


def run(args: argparse.Namespace) -> int:
    lang = current_language()
    values = parse_values(args.values)
    dirs = template_dirs(args)
    to_stdout = args.output == "-"
    out = Path(args.output)
    try:
        info = find_template(args.template, dirs)
        if not to_stdout:
            _check_output(out, args.force)
        plan = render_template(info.id, values, dirs, use_examples=args.example)
    except TemplateError as exc:
        raise usage_error(exc) from None
    today = dt.date.today()
    problems = check_plan(plan, today=today)
    broken, dated = split_errors(plan, problems, today)
    if broken:
        first = broken[0]
        raise UsageError(
            T(
                f"{info.path}: 模板生成的预案有 {len(broken)} 个错误，未写入文件。首个错误："
                f"{first.text('zh')}（{first.path_text()}）",
                f"{info.path}: the plan made from this template has {len(broken)} error(s); "
                f"nothing was written. First: {first.text('en')} ({first.path_text()})",
            )
        )
    if to_stdout:
        sys.stdout.write(dumps_plan(plan))
        return 0
    try:
        save_plan(plan, out, backup=not args.no_backup)
    except SaveError as exc:
        raise UsageError(T(f"{out}: {exc.text('zh')}", f"{out}: {exc.text('en')}")) from None
    todo = sum(p.code == "content.placeholder" for p in problems)
    print(
        T(
            f"已根据模板“{info.title.zh}”（{info.id}）创建 {out}",
            f"created {out} from template '{info.title.en}' ({info.id})",
        ).text(lang)
    )
    if dated:
        print(
            T(
                f"注意：有 {len(dated)} 个与期限或评审记录有关的错误，"
                f"如“{dated[0].text('zh')}”；用 python -m app validate {out} 查看",
                f"note: {len(dated)} error(s) about deadlines or review records, such as "
                f"'{dated[0].text('en')}'; run python -m app validate {out}",
            ).text(lang)
        )
    if todo:
        print(
            T(
                f"其中 {todo} 处【待填写】内容需要补充；用 python -m app validate {out} 查看位置",
                f"{todo} placeholder(s) still need filling in; "
                f"run python -m app validate {out} to see where",
            ).text(lang)
        )
    return 0
