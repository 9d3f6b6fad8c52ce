"""``drill``: make a drill from a plan, list a drill's sessions, compute a session's metrics,
open a drill room without the console (``serve``, ``app.room.serve``).

    python -m app drill new --from-plan PLAN.plan.yaml --level II -o X.drill.yaml [--force]
    python -m app drill sessions X.drill.yaml
    python -m app drill metrics X.<session>.journal.jsonl [-o metrics.json] [--format json]
    python -m app drill serve X.drill.yaml [--host H] [--port P] [--new]

Bad input gives one line and exit 2, and nothing is written. ``metrics`` exits 1 when
the journal had damaged lines (the metrics then cover what could be read).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import UsageError
from app.i18n import T, current_language
from app.model.problems import Severity
from app.storage.errors import LoadError, SaveError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "drill",
        help=T(
            "演练：由预案生成演练、列出演练记录、统计演练结果、开启演练室",
            "drills: new, sessions, metrics, serve",
        ).text(),
    )
    commands = p.add_subparsers(dest="drill_command", metavar="ACTION", parser_class=type(p))

    new = commands.add_parser(
        "new",
        help=T("由预案的处置程序生成有脚本演练", "generate a scripted drill from a plan").text(),
    )
    new.add_argument("--from-plan", required=True, metavar="PLAN", dest="plan")
    new.add_argument("--level", help=T("响应级别编号，如 II", "response level id, e.g. II").text())
    new.add_argument(
        "--seed",
        type=int,
        help=T("情景抽取种子（同一种子生成同一情景）", "story seed (same seed, same story)").text(),
    )
    new.add_argument("-o", "--output", metavar="FILE")
    new.add_argument(
        "--force", action="store_true", help=T("覆盖已有文件", "overwrite an existing file").text()
    )
    new.set_defaults(handler=run_new)

    sessions = commands.add_parser(
        "sessions", help=T("列出演练的记录（会话）", "list the sessions of a drill").text()
    )
    sessions.add_argument("drill", metavar="DRILL")
    sessions.set_defaults(handler=run_sessions)

    metrics = commands.add_parser(
        "metrics", help=T("由演练记录统计结果", "metrics of a session journal").text()
    )
    metrics.add_argument("journal", metavar="JOURNAL")
    metrics.add_argument("-o", "--output", metavar="FILE", help="JSON")
    metrics.add_argument("--format", choices=["text", "json"], default="text")
    metrics.set_defaults(handler=run_metrics)

    serve = commands.add_parser(
        "serve",
        help=T(
            "开启演练室（无控制台）：各席位、评估人员和投屏用自己的设备加入",
            "open the drill room without the console",
        ).text(),
    )
    serve.add_argument("drill", metavar="DRILL")
    serve.add_argument("--host", default="127.0.0.1", help=T("监听地址", "address").text())
    serve.add_argument("--port", type=int, default=None, help=T("端口", "port").text())
    serve.add_argument(
        "--new", action="store_true", help=T("不续接未结束的记录", "start a new session").text()
    )
    serve.add_argument(
        "--hold", action="store_true", help=T("不自动开始计时", "do not start the clock").text()
    )
    serve.set_defaults(handler=run_serve)

    p.set_defaults(handler=lambda args: _missing_action(p))


def _missing_action(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _where(exc: LoadError | SaveError) -> str:
    return f"{exc.filename}:{exc.line}" if exc.line else exc.filename


def _usage(exc: LoadError | SaveError) -> UsageError:
    return UsageError(T(f"{_where(exc)}: {exc.text('zh')}", f"{_where(exc)}: {exc.text('en')}"))


# --- new ------------------------------------------------------------------------------------


def run_new(args: argparse.Namespace) -> int:
    from app.drill.errors import GenerateError
    from app.drill.from_plan import default_output, load_plan_for_drill, write_drill_from_plan
    from app.drill.generate import plan_levels, procedures_for

    plan_path = Path(args.plan)
    try:
        plan = load_plan_for_drill(plan_path)
    except GenerateError as exc:
        raise UsageError(exc.message) from None
    level = args.level
    if level is None and plan_levels(plan):
        usable = [lv for lv in plan_levels(plan) if procedures_for(plan, lv)]
        if len(usable) != 1:
            choices = "、".join(usable) or "—"
            raise UsageError(
                T(
                    f"请用 --level 指定响应级别（可选：{choices}）",
                    f"Give the response level with --level (one of: {', '.join(usable) or '-'})",
                )
            )
        level = usable[0]
    output = Path(args.output) if args.output else default_output(plan_path, level)
    try:
        drill = write_drill_from_plan(
            plan, plan_path, level, output, seed=args.seed, force=args.force
        )
    except GenerateError as exc:
        raise UsageError(exc.message) from None
    print(
        T(
            f"已生成演练 {output}：{len(drill.script)} 条注入，{len(drill.participants)} 名参演人员，"
            f"{len(drill.evaluation.criteria)} 个评估项",
            f"Wrote {output}: {len(drill.script)} injects, {len(drill.participants)} participants, "
            f"{len(drill.evaluation.criteria)} criteria",
        ).text()
    )
    return 0


# --- sessions -------------------------------------------------------------------------------


def run_sessions(args: argparse.Namespace) -> int:
    from app.storage.drills import list_sessions

    drill = Path(args.drill)
    if not drill.is_file():
        raise UsageError(T(f"{drill}: 演练文件不存在", f"{drill}: the drill file does not exist"))
    found = list_sessions(drill)
    if not found:
        print(T("该演练还没有记录", "This drill has no sessions yet").text())
        return 0
    for info in found:
        if info.error is not None:
            state = T("无法读取", "unreadable")
        elif info.finished:
            state = T("已结束", "ended")
        else:
            state = T("未结束，可继续", "not ended, can be resumed")
        count = T(f"{info.entries} 条", f"{info.entries} entries")
        print(f"{info.id}\t{info.started or '-'}\t{state.text()}\t{count.text()}\t{info.path}")
    return 0


# --- serve ----------------------------------------------------------------------------------


def run_serve(args: argparse.Namespace) -> int:
    from app.room.serve import serve
    from app.room.server import RoomError

    if args.port is not None and not 0 <= args.port < 65536:
        raise UsageError(T("端口应在 0 到 65535 之间", "The port must be 0 to 65535"))
    try:
        return serve(
            Path(args.drill), host=args.host, port=args.port, new=args.new, start=not args.hold
        )
    except RoomError as exc:
        raise UsageError(exc.message) from None


# --- metrics --------------------------------------------------------------------------------


def run_metrics(args: argparse.Namespace) -> int:
    from app.drill.metrics import metrics_from_journal
    from app.storage.atomic import write_atomic

    lang = current_language()
    journal = _journal_of(Path(args.journal))
    try:
        metrics = metrics_from_journal(journal)
    except LoadError as exc:
        raise _usage(exc) from None
    for p in metrics.problems:
        where = f"{p.file}:{p.line}" if p.line else str(p.file or journal)
        print(f"{where}: {p.severity.label.text(lang)}: {p.text(lang)}", file=sys.stderr)
    if args.output:
        try:
            write_atomic(args.output, (metrics.to_json(lang) + "\n").encode("utf-8"), backup=False)
        except SaveError as exc:
            raise _usage(exc) from None
        print(T(f"已写入 {args.output}", f"Wrote {args.output}").text(lang))
    elif args.format == "json":
        sys.stdout.write(metrics.to_json(lang) + "\n")
    else:
        print(metrics.summary(lang))
    return 1 if any(p.severity is Severity.ERROR for p in metrics.problems) else 0


def _journal_of(path: Path) -> Path:
    """A journal as given, or the newest session of a drill file."""
    from app.storage.drills import DRILL_SUFFIX, list_sessions

    if not path.name.lower().endswith(DRILL_SUFFIX):
        return path
    if not path.is_file():
        raise UsageError(T(f"{path}: 演练文件不存在", f"{path}: the drill file does not exist"))
    sessions = [s for s in list_sessions(path) if s.readable]
    if not sessions:
        raise UsageError(
            T(f"{path}: 该演练还没有可读的记录", f"{path}: this drill has no readable session")
        )
    return sessions[0].path
