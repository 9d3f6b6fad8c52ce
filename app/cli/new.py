"""``new --template ID [--set KEY=VALUE]… -o FILE``: start a plan or a drill from a template.

A plan template writes ``*.plan.yaml``, a drill template ``*.drill.yaml``; the output
name must say which. A new drill is checked like ``validate`` would, and when the plan
it exercises (``meta.plan``, relative to the drill) already exists, every plan step,
org unit and level it names must be found there (with ``-o -`` there is no drill file
to resolve the plan from, so only the drill itself is checked). Any error: nothing is
written, exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from app.checks import check_plan
from app.checks.drills import check_drill, check_plan_links
from app.checks.dues import check_dues
from app.checks.integrity import PLACEHOLDER
from app.cli import UsageError
from app.cli.templates import add_template_dir_option, template_dirs, usage_error
from app.i18n import T, current_language
from app.model.drill import Drill
from app.model.plan import Plan
from app.model.problems import Problem, Severity
from app.storage.atomic import target_state
from app.storage.drills import drill_data, dumps_drill, linked_plan_path, save_drill
from app.storage.errors import LoadError, SaveError
from app.storage.plans import dumps_plan, load_plan, save_plan
from app.storage.templates import (
    TemplateDoc,
    TemplateError,
    TemplateInfo,
    find_template,
    render_drill,
    render_template,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help=T("根据模板新建预案或演练", "create a plan or a drill from a template").text(),
        description=T(
            "根据模板新建预案文件（*.plan.yaml）或演练文件（*.drill.yaml）。未用 --set 给出的变量"
            "取模板默认值（【待填写】占位内容）。出错时不写任何文件，退出码为 2。",
            "Create a plan (*.plan.yaml) or a drill (*.drill.yaml) from a template. Variables "
            "not given with --set take the template's defaults (placeholders to fill in). "
            "On error nothing is written; exit 2.",
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
            "输出文件：预案模板为 *.plan.yaml，演练模板为 *.drill.yaml；“-”表示输出到屏幕",
            "file to write: *.plan.yaml for a plan template, *.drill.yaml for a drill "
            "template; - for stdout",
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


_SUFFIXES = (".plan.yaml", ".drill.yaml", ".yaml", ".yml")


def _check_output(path: Path, force: bool, info: TemplateInfo) -> None:
    if path.is_dir():
        raise UsageError(
            T(f"输出位置是一个文件夹：{path}", f"the output is a folder: {path}"),
        )
    suffix = info.output_suffix
    if not path.name.endswith(suffix) or len(path.name) == len(suffix):
        stem = next((path.name[: -len(s)] for s in _SUFFIXES if path.name.endswith(s)), path.name)
        better = path.with_name(f"{stem or info.id}{suffix}")
        what = info.doc.label("zh")
        raise UsageError(
            T(
                f"模板“{info.id}”用于创建{what}，输出文件名应以 {suffix} 结尾，"
                f"如 -o {better}（现为 {path.name}）",
                f"template '{info.id}' makes a {info.doc.label('en').lower()}: the output "
                f"name must end with {suffix}, e.g. -o {better} (not {path.name})",
            )
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
    values = parse_values(args.values)
    dirs = template_dirs(args)
    to_stdout = args.output == "-"
    out = Path(args.output)
    args.seen = None if to_stdout else target_state(out)  # what --force may replace
    try:
        info = find_template(args.template, dirs, doc=None)
        if not to_stdout:
            _check_output(out, args.force, info)
        if info.doc is TemplateDoc.DRILL:
            drill = render_drill(info.id, values, dirs, use_examples=args.example)
            return _new_drill(args, info, drill, None if to_stdout else out)
        plan = render_template(info.id, values, dirs, use_examples=args.example)
    except TemplateError as exc:
        raise usage_error(exc) from None
    return _new_plan(args, info, plan, None if to_stdout else out)


def _new_plan(args: argparse.Namespace, info: TemplateInfo, plan: Plan, out: Path | None) -> int:
    lang = current_language()
    today = dt.date.today()
    problems = check_plan(plan, today=today)
    broken, dated = split_errors(plan, problems, today)
    if broken:
        raise _template_broken(info, T("预案", "plan"), broken)
    if out is None:
        sys.stdout.write(dumps_plan(plan))
        return 0
    _save(lambda: save_plan(plan, out, backup=not args.no_backup, expect=args.seen), out)
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


def _template_broken(info: TemplateInfo, what: T, errors: list[Problem]) -> UsageError:
    first = errors[0]
    return UsageError(
        T(
            f"{info.path}: 模板生成的{what.zh}有 {len(errors)} 个错误，未写入文件。首个错误："
            f"{first.text('zh')}（{first.path_text()}）",
            f"{info.path}: the {what.en} made from this template has {len(errors)} error(s); "
            f"nothing was written. First: {first.text('en')} ({first.path_text()})",
        )
    )


def _save(write: Callable[[], object], out: Path) -> None:
    try:
        write()
    except SaveError as exc:
        raise UsageError(T(f"{out}: {exc.text('zh')}", f"{out}: {exc.text('en')}")) from None


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def _linked_plan(drill: Drill, out: Path) -> tuple[Path | None, Plan | None]:
    """The plan the new drill names and, when that file exists, the plan itself.

    An existing plan that cannot be read is a usage error: the drill's references
    could not be checked, so nothing is written.
    """
    target = linked_plan_path(out, drill)
    if target is None or not target.exists():
        return target, None
    try:
        return target, load_plan(target).model
    except LoadError as exc:
        where = f"{exc.filename}:{exc.line}" if exc.line else exc.filename
        raise UsageError(
            T(
                f"{where}: 演练关联的预案无法读取（{exc.text('zh')}），无法核对演练引用的处置步骤，"
                "未写入文件。请先修正预案，或用 --set 指定其他预案文件",
                f"{where}: the plan this drill exercises cannot be read ({exc.text('en')}); "
                "its references could not be checked and nothing was written. Fix the plan "
                "or name another plan file with --set",
            )
        ) from None


def _new_drill(args: argparse.Namespace, info: TemplateInfo, drill: Drill, out: Path | None) -> int:
    lang = current_language()
    broken = _errors(check_drill(drill, drill_path=out))
    if broken:
        raise _template_broken(info, T("演练", "drill"), broken)
    target, plan = _linked_plan(drill, out) if out is not None else (None, None)
    if plan is not None and target is not None:
        mismatched = _errors(check_plan_links(drill, plan))
        if mismatched:
            first = mismatched[0]
            made_by = (
                T(
                    f"请确认它是用模板 {info.plan_template} 创建的预案，",
                    f"check that it was made from template {info.plan_template}, ",
                )
                if info.plan_template
                else T("", "")
            )
            raise UsageError(
                T(
                    f"{target}: 演练中有 {len(mismatched)} 处引用在这份预案中找不到，未写入文件。"
                    f"首个：{first.text('zh')}（{first.path_text()}）。"
                    f"{made_by.zh}或用 --set 指定其他预案文件",
                    f"{target}: {len(mismatched)} reference(s) of the drill are not in this "
                    f"plan; nothing was written. First: {first.text('en')} "
                    f"({first.path_text()}). {made_by.en or ''}or name another plan file "
                    "with --set",
                )
            )
    if out is None:
        sys.stdout.write(dumps_drill(drill))
        return 0
    _save(lambda: save_drill(drill, out, backup=not args.no_backup, expect=args.seen), out)
    counts = [
        T(f"{n} {zh}", f"{n} {en}")
        for n, zh, en in (
            (len(drill.script), "条注入", "injects"),
            (len(drill.library), "张情景卡", "cards"),
            (len(drill.participants), "名参演人员", "participants"),
            (len(drill.evaluation.criteria), "个评估项", "criteria"),
        )
        if n
    ]
    print(
        T(
            f"已根据模板“{info.title.zh}”（{info.id}）创建 {out}："
            + "，".join(c.zh for c in counts),
            f"created {out} from template '{info.title.en}' ({info.id}): "
            + ", ".join(c.en for c in counts),
        ).text(lang)
    )
    print(_plan_note(info, drill, target, plan).text(lang))
    todo: list[str] = []
    _placeholders(drill_data(drill), "", todo)
    if todo:
        print(
            T(
                f"其中 {len(todo)} 处【待填写】内容需要补充，如 {todo[0]}",
                f"{len(todo)} placeholder(s) still need filling in, e.g. {todo[0]}",
            ).text(lang)
        )
    return 0


def _plan_note(info: TemplateInfo, drill: Drill, target: Path | None, plan: Plan | None) -> T:
    if target is None:
        return T(
            "注意：演练未关联预案（meta.plan），无法核对处置步骤",
            "note: the drill names no plan (meta.plan); its steps cannot be checked",
        )
    if plan is not None:
        steps = {s for _, ea in drill.expected_actions() for s in ea.steps}
        steps |= {s for c in drill.evaluation.criteria for s in c.steps}
        return T(
            f"已核对关联的预案 {target}：演练引用的 {len(steps)} 个处置步骤全部存在",
            f"checked against the plan {target}: all {len(steps)} procedure steps the drill "
            "names exist",
        )
    if info.plan_template:
        make = f"python -m app new --template {info.plan_template} -o {_quoted(target)}"
        return T(
            f"注意：关联的预案 {target} 尚不存在，请在同一位置创建它：{make}",
            f"note: the plan {target} does not exist yet; create it there: {make}",
        )
    return T(
        f"注意：关联的预案 {target} 尚不存在；请把预案保存到该位置，或修改演练的 meta.plan",
        f"note: the plan {target} does not exist yet; save the plan there or change meta.plan",
    )


def _quoted(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def _placeholders(value: object, path: str, found: list[str]) -> None:
    """Collect where (``participants[3].name``) unfilled placeholders are left."""
    if isinstance(value, dict):
        for key, item in value.items():
            _placeholders(item, f"{path}.{key}" if path else str(key), found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _placeholders(item, f"{path}[{i}]", found)
    elif isinstance(value, str) and PLACEHOLDER.search(value):
        found.append(path)
