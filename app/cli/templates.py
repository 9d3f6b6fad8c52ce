"""``templates [ID]``: list the starter plans and drills, or show one template's variables."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from app.cli import UsageError
from app.i18n import T, current_language
from app.paths import user_templates_dir
from app.storage.templates import (
    TemplateDoc,
    TemplateError,
    TemplateInfo,
    TemplateVariable,
    find_template,
    scan_templates,
)


def add_template_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--template-dir",
        action="append",
        default=[],
        metavar="DIR",
        help=T(
            "另外读取该文件夹中的模板（*.plan-template.yaml、*.drill-template.yaml），可重复",
            "also read templates (*.plan-template.yaml, *.drill-template.yaml) from DIR; "
            "may repeat",
        ).text(),
    )


def template_dirs(args: argparse.Namespace) -> list[Path]:
    """``--template-dir`` folders, after the user's own template folder (the one the GUI
    reads too) when it exists."""
    dirs = [Path(d) for d in args.template_dir]
    for d in dirs:
        if not d.is_dir():
            raise UsageError(
                T(f"模板文件夹不存在：{d}", f"template folder not found: {d}"),
            )
    own = user_templates_dir()
    if own.is_dir() and not any(_same(own, d) for d in dirs):
        dirs.insert(0, own)
    return dirs


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def usage_error(exc: TemplateError) -> UsageError:
    """A template problem as the CLI's one-line message, with its file and line."""
    where = exc.location() if exc.filename else ""
    prefix = f"{where}: " if where else ""
    return UsageError(T(prefix + exc.text("zh"), prefix + exc.text("en")))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "templates",
        help=T("列出预案和演练模板", "list plan and drill templates").text(),
        description=T(
            "列出可用的预案模板和演练模板；给出模板编号时显示它的变量（用于 new --set）。",
            "List the plan and drill templates; with an id, show its variables (for new --set).",
        ).text(),
    )
    p.add_argument("id", nargs="?", metavar="ID", help=T("模板编号", "template id").text())
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_template_dir_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    dirs = template_dirs(args)
    lang = current_language()
    if args.id:
        try:
            info = find_template(args.id, dirs, doc=None)
        except TemplateError as exc:
            raise usage_error(exc) from None
        if args.format == "json":
            _print_json(info_dict(info, lang))
        else:
            _print_details(info, lang)
        return 0
    infos, problems = scan_templates(dirs, doc=None)
    for problem in problems:  # a broken user template must not hide the others
        label = T("模板无法使用", "unusable template").text(lang)
        print(f"{problem.location()}: {label}: {problem.text(lang)}", file=sys.stderr)
    if args.format == "json":
        _print_json([info_dict(info, lang) for info in infos])
        return 0
    rows = [
        (
            T("编号", "Id").text(lang),
            T("类型", "Kind").text(lang),
            T("说明", "Description").text(lang),
        )
    ]
    rows += [(i.id, i.kind_text(lang), i.description.text(lang)) for i in infos]
    widths = [max(_width(r[c]) for r in rows) for c in range(2)]
    for row in rows:
        print(f"{_pad(row[0], widths[0])}  {_pad(row[1], widths[1])}  {row[2]}")
    hint = T(
        "用 python -m app templates 编号 查看变量；用 python -m app new --template 编号 -o 文件 "
        "创建预案（*.plan.yaml）或演练（*.drill.yaml）",
        "Show variables with: python -m app templates ID; create a plan (*.plan.yaml) or a "
        "drill (*.drill.yaml) with: python -m app new --template ID -o FILE",
    )
    print(hint.text(lang), file=sys.stderr)
    own = user_templates_dir()
    print(
        T(
            f"自己的模板（*.plan-template.yaml、*.drill-template.yaml）放在 {own} 中即可使用",
            f"Put your own templates (*.plan-template.yaml, *.drill-template.yaml) in {own}",
        ).text(lang),
        file=sys.stderr,
    )
    return 0


def variable_dict(var: TemplateVariable, lang: str) -> dict[str, object]:
    return {
        "name": var.name,
        "label": var.label.text(lang),
        "type": var.type,
        "optional": var.optional,
        "required": var.required,
        "default": var.default,
        "example": var.example,
        "help": var.help,
    }


def info_dict(info: TemplateInfo, lang: str) -> dict[str, object]:
    """``kind``: the plan kind (for a drill template, of the plan it exercises);
    ``doc``: what the template makes (plan or drill)."""
    return {
        "id": info.id,
        "doc": info.doc.value,
        "doc_label": info.doc.label(lang),
        "kind": info.kind.value,
        "kind_label": info.kind.label(lang),
        "mode": info.mode.value if info.mode else None,
        "mode_label": info.mode.label(lang) if info.mode else None,
        "plan_template": info.plan_template,
        "output_suffix": info.output_suffix,
        "title": info.title.text(lang),
        "description": info.description.text(lang),
        "builtin": info.builtin,
        "path": str(info.path),
        "variables": [variable_dict(v, lang) for v in info.variables],
    }


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


_TYPE_HINTS = {"date": " [YYYY-MM-DD]", "bool": T(" [是/否]", " [yes/no]")}


def _print_details(info: TemplateInfo, lang: str) -> None:
    print(f"{info.id}  {info.title.text(lang)}（{info.kind_text(lang)}）")
    print(info.description.text(lang))
    print(f"{T('文件', 'File').text(lang)}: {info.path}")
    if info.doc is TemplateDoc.DRILL:
        print(
            f"{T('检验的预案类型', 'Kind of plan exercised').text(lang)}: {info.kind.label(lang)}"
        )
        if info.plan_template:
            label = T("配套的预案模板", "Matching plan template").text(lang)
            print(f"{label}: {info.plan_template}")
    print()
    head = (T("变量", "Variable"), T("名称", "Label"), T("默认值", "Default"), T("示例", "Example"))
    rows = [tuple(h.text(lang) for h in head)]
    for var in info.variables:
        if var.default is not None:
            default = var.default
        elif var.optional:
            default = T("（留空）", "(empty)").text(lang)
        else:
            default = T("（必填）", "(required)").text(lang)
        hint = _TYPE_HINTS.get(var.type, "")
        label = var.label.text(lang) + (hint.text(lang) if isinstance(hint, T) else hint)
        rows.append((var.name, label, default, var.example or ""))
    widths = [max(_width(r[c]) for r in rows) for c in range(3)]
    for row in rows:
        cells = [_pad(row[c], widths[c]) for c in range(3)]
        print("  ".join([*cells, row[3]]).rstrip())
    example = " ".join(
        f"--set {v.name}={_quote(v.example)}"
        for v in info.variables
        if v.example and not v.optional
    )
    print()
    print(T("示例：", "Example: ").text(lang))
    for line in example_commands(info, example):
        print(f"  {line}")


def example_commands(info: TemplateInfo, sets: str = "") -> list[str]:
    """The ``new`` command(s) that make a file from this template. For a drill whose
    plan template is known, the plan first, named as the drill expects, side by side."""
    sets = f" {sets}" if sets else ""
    commands = []
    if info.doc is TemplateDoc.DRILL and info.plan_template:
        plan_file = _plan_file(info)
        if plan_file:
            commands.append(f"python -m app new --template {info.plan_template} -o {plan_file}")
    commands.append(
        f"python -m app new --template {info.id}{sets} -o {info.id}{info.output_suffix}"
    )
    return commands


def _plan_file(info: TemplateInfo) -> str | None:
    # the value the example drill command uses: its example, else its default
    var = info.variable(info.plan_variable) if info.plan_variable else None
    name = (var.example if not var.optional and var.example else var.default) if var else None
    return _quote(name) if name else None


def _quote(value: str) -> str:
    return value if value and all(c.isalnum() or c in "-_.（）" for c in value) else f'"{value}"'


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
