"""Command line: ``python -m app SUBCOMMAND …``; with no subcommand it opens the GUI.

Each subcommand lives in its own module with ``register(subparsers)``; the handler it
sets returns the exit code. Handlers call the same functions the GUI calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from app import APP_NAME, __version__
from app.i18n import T, language_from_env, set_language

# Modules under app.cli that provide subcommands, in help order.
COMMAND_MODULES = [
    "validate",
    "schema",
    "library",
    "templates",
    "new",
    "export",
    "drill",
    "import_docx",
    "import_excel",
    "export_excel",
    "diff",
    "package",
    "findings",
]

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """Bad arguments or an unusable input: one line for the user, exit 2."""

    def __init__(self, message: T) -> None:
        super().__init__(message.en)
        self.message = message


def date_arg(text: str) -> dt.date:
    """An argparse type for YYYY-MM-DD dates within the years the schema accepts."""
    from app.model.base import MAX_YEAR, MIN_YEAR

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            T(f"“{text}”不是日期（YYYY-MM-DD）", f"'{text}' is not a date (YYYY-MM-DD)").text()
        ) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(
            T(
                f"日期“{text}”超出可用范围（{MIN_YEAR} 至 {MAX_YEAR} 年）",
                f"the date '{text}' is outside the years {MIN_YEAR} to {MAX_YEAR}",
            ).text()
        )
    return day


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {T('参数错误', 'usage error').text()}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, only that subcommand's module is imported, so a
    command pays for its own dependencies and nobody else's (``--help`` loads all)."""
    parser = _Parser(
        prog="python -m app",
        description=T(
            f"{APP_NAME} 应急预案与演练工作台。不带子命令时打开图形界面。",
            f"{APP_NAME}, the emergency plan and drill workbench. Without a subcommand it opens the GUI.",
        ).text(),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--lang", choices=["zh", "en"], help="zh（默认）或 en / output language")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    modules = COMMAND_MODULES
    if command is not None and command.replace("-", "_") in COMMAND_MODULES:
        modules = [command.replace("-", "_")]
    for name in modules:
        importlib.import_module(f"app.cli.{name}").register(sub)
    return parser


def _first_command(argv: Sequence[str]) -> str | None:
    rest = _without_lang(argv)
    return rest[0] if rest and not rest[0].startswith("-") else None


def _without_lang(argv: Sequence[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--lang":
            skip = True
            continue
        if arg.startswith("--lang="):
            continue
        out.append(arg)
    return out


def _command_names() -> set[str]:
    # A module name cannot hold a hyphen: module import_docx registers "import-docx".
    return {name.replace("_", "-") for name in COMMAND_MODULES}


def _wants_gui(argv: Sequence[str]) -> bool:
    commands = _command_names() | {"-h", "--help", "--version"}
    rest = [a for a in argv if a not in ("--lang", "zh", "en")]
    return not rest or (rest[0] not in commands and not rest[0].startswith("-"))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    set_language(language_from_env())
    if _wants_gui(args_list):
        from app.ui.main import run_gui  # Qt is imported only for the GUI

        return run_gui([a for a in args_list if a not in ("--lang", "zh", "en")])
    if _without_lang(args_list) == ["--version"]:
        print(f"{APP_NAME} {__version__}")  # before any subcommand is imported
        return EXIT_OK
    parser = build_parser(_first_command(args_list))
    args = parser.parse_args(args_list)
    if args.lang:
        set_language(args.lang)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_UNREADABLE
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"{parser.prog}: {exc.message.text()}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # output piped into head/more that closed early
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print(T("已取消", "cancelled").text(), file=sys.stderr)
        return 130
    except Exception:  # the last line of defence: a short message and a log, no traceback
        log = _write_crash_log(args_list)
        if log is None:
            message = T(
                "内部错误，且无法写入错误日志；请把上面的命令和所用文件发给维护人员",
                "internal error, and no log could be written; please send the command "
                "and its files to the maintainers",
            )
        else:
            message = T(
                f"内部错误，请把日志 {log} 发给维护人员",
                f"internal error; please send {log} to the maintainers",
            )
        print(message.text(), file=sys.stderr)
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def _write_crash_log(argv: Sequence[str]) -> Path | None:
    """A log of this crash of its own in the user's data folder (``app.paths``)."""
    from app.paths import new_crash_log

    text = (
        f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
        f"command: {' '.join(argv)}\n\n{traceback.format_exc()}"
    )
    return new_crash_log(text)
