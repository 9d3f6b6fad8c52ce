"""``schema``: print the JSON Schema of plan (or drill) files for external editors."""

from __future__ import annotations

import argparse
import json
import sys

from app.i18n import T


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema", help=T("输出 JSON Schema，供其他编辑器校验", "print the JSON Schema").text()
    )
    p.add_argument("which", nargs="?", choices=["plan", "drill"], default="plan")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.model.plan import Plan

    models = {"plan": Plan}
    try:
        from app.model.drill import Drill

        models["drill"] = Drill
    except ImportError:
        pass
    model = models.get(args.which)
    if model is None:
        print(T("尚不支持", "not available").text(), file=sys.stderr)
        return 2
    json.dump(model.model_json_schema(by_alias=True), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
