"""``library history|release|sync|restore``: versions and sharing of a library.

    python -m app library history FOLDER [FILE] [--start] [--compare OLD [NEW] [-o 对照表.docx]]
    python -m app library release FOLDER FILE [--name 1.1] [--date YYYY-MM-DD]
    python -m app library sync FOLDER [--remote LOCATION] [--choose N=mine|theirs …] [--all mine|theirs]
    python -m app library restore FOLDER FILE VERSION

A version is named by its release (``1.1``), its version id or the first characters of
it (as ``history`` prints them), or ``current``. ``--author "张三 <zhang@example.cn>"``
names who the versions are recorded for (default: the library's setting, else the
computer's account name). Exit codes: 0 done; 1 ``sync`` left conflicts to choose or
``history --compare`` found differences; 2 nothing done (a clear message says why).
The GUI's library window calls the same functions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from app.cli import UsageError
from app.i18n import T, current_language
from app.progress import Cancelled
from app.storage.errors import SaveError, StorageError


def register(lib: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    who = argparse.ArgumentParser(add_help=False)
    who.add_argument(
        "--author",
        metavar="'姓名 <email>'",
        help=T(
            "记录版本时的修订人（默认：预案库的设置或本机用户名）",
            "who the versions are recorded for (default: the library's setting or the login)",
        ).text(),
    )
    history = lib.add_parser(
        "history",
        parents=[common, who],
        help=T("预案库或一个文件的版本记录；开启版本记录；对比两个版本", "versions").text(),
        description=T(
            "列出预案库最近的版本，或一个文件的全部版本（谁、何时、改了什么）。--start 为文件夹开启版本记录；"
            "--compare 对比两个版本，-o 写出修订对照表。",
            "List the library's latest versions, or one file's versions (who, when, what "
            "changed). --start turns versions on; --compare compares two versions, -o writes "
            "the comparison table.",
        ).text(),
    )
    history.add_argument("file", metavar="FILE", nargs="?")
    history.add_argument(
        "--start",
        action="store_true",
        help=T("为该文件夹开启版本记录", "turn versions on for the folder").text(),
    )
    history.add_argument("--limit", type=int, default=30, help=argparse.SUPPRESS)
    history.add_argument(
        "--compare",
        nargs="+",
        metavar="VERSION",
        help=T(
            "对比两个版本：旧版本 [新版本，默认 current]",
            "compare two versions: OLD [NEW, default current]",
        ).text(),
    )
    history.add_argument("-o", "--output", metavar="对照表.docx")
    history.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    history.add_argument("--format", choices=["text", "json"], default="text")
    history.set_defaults(handler=run_history)

    release = lib.add_parser(
        "release",
        parents=[common, who],
        help=T("发布版本：命名版本并填写修订记录", "release: name a version, fill 修订记录").text(),
        description=T(
            "发布预案的一个版本（1.0、1.1……），并根据上次发布以来的修改填写预案的修订记录。",
            "Release a version of the plan (1.0, 1.1 …) and fill its revision record from the "
            "changes since the last release.",
        ).text(),
    )
    release.add_argument("file", metavar="FILE")
    release.add_argument(
        "--name",
        metavar="1.1",
        help=T("版本号（默认：上次发布的下一个）", "the version (default: the next)").text(),
    )
    release.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help=T("修订记录中的日期（默认今天）", "the date in the record (default today)").text(),
    )
    release.set_defaults(handler=run_release)

    sync = lib.add_parser(
        "sync",
        parents=[common, who],
        help=T("同步：与共享位置交换修改", "sync with the shared location").text(),
        description=T(
            "记录本机的修改，取得其他人的修改并合并，再发送本机的修改。共享位置可以是共享文件夹、U 盘上的文件夹"
            "（第一次同步时建立）或 git 服务器（HTTPS/SSH）。文件夹还没有预案库时，从共享位置取得。"
            "同一处内容双方改得不同时，列出冲突，退出码为 1，用 --choose 或 --all 选择后再次同步。",
            "Record this machine's edits, fetch and merge the others', send. The shared "
            "location is a shared folder, a folder on a USB disk (created on the first sync) "
            "or a git server (HTTPS/SSH). An empty folder gets the shared library. Conflicts "
            "are listed (exit 1); choose with --choose or --all and sync again.",
        ).text(),
    )
    sync.add_argument(
        "--remote",
        metavar="LOCATION",
        help=T("设置共享位置（文件夹路径或服务器地址）", "set the shared location").text(),
    )
    sync.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="N=mine|theirs",
        help=T("第 N 处冲突保留本机（mine）或对方（theirs）的修改", "resolve conflict N").text(),
    )
    sync.add_argument(
        "--all",
        choices=["mine", "theirs"],
        help=T("其余冲突都保留本机或对方的修改", "resolve the other conflicts").text(),
    )
    sync.add_argument(
        "--abandon",
        action="store_true",
        help=T("放弃等待选择的合并（下次同步时重新合并）", "forget the waiting merge").text(),
    )
    sync.set_defaults(handler=run_sync)

    restore = lib.add_parser(
        "restore",
        parents=[common, who],
        help=T("把文件恢复为以前的版本（作为新版本记录）", "restore an old version").text(),
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("version", metavar="VERSION")
    restore.set_defaults(handler=run_restore)


def _folder(args: argparse.Namespace, must_exist: bool = True) -> Path:
    folder = Path(args.folder)
    if must_exist and not folder.is_dir():
        raise UsageError(T(f"文件夹不存在：{folder}", f"no such folder: {folder}"))
    return folder


def _file(args: argparse.Namespace) -> Path:
    folder = _folder(args)
    path = Path(args.file)
    if not path.exists() and (folder / path).exists():
        path = folder / path
    if not path.is_file():
        raise UsageError(T(f"文件不存在：{args.file}", f"no such file: {args.file}"))
    return path


def _author(args: argparse.Namespace, folder: Path) -> Any:
    from app.library.repo import Author, default_author

    return Author.parse(args.author) if args.author else default_author(folder)


def _fail(exc: StorageError) -> UsageError:
    return UsageError(
        T(f"{exc.location()}：{exc.text('zh')}", f"{exc.location()}: {exc.text('en')}")
    )


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def run_history(args: argparse.Namespace) -> int:
    from app.library import history

    folder = _folder(args)
    lang = current_language()
    try:
        if args.start:
            history.start(folder, _author(args, folder)).close()
            print(T(f"已为 {folder} 开启版本记录", f"Versions are on for {folder}").text(lang))
            if not args.file:
                return 0
        if args.compare:
            return _compare(args, lang)
        if args.file:
            versions = history.plan_history(_file(args))
            if args.format == "json":
                print(
                    json.dumps([_version_record(v) for v in versions], ensure_ascii=False, indent=2)
                )
                return 0
            for v in versions:
                tags = "".join(f" [{T('发布', 'release').text(lang)} {r}]" for r in v.releases)
                print(f"{v.short}  {_when(v.when)}  {v.author}{tags}  {v.subject}")
                for line in v.details if v.details != [v.subject] else []:
                    print(f"          {line}")
            return 0
        rows = history.library_history(folder, args.limit)
    except StorageError as exc:
        raise _fail(exc) from None
    if args.format == "json":
        data = [
            {
                "id": r.id,
                "author": r.author,
                "when": r.when.isoformat(),
                "subject": r.subject,
                "files": r.paths,
            }
            for r in rows
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        files = "、".join(p.rsplit("/", 1)[-1] for p in r.paths[:3])
        more = (
            T(f" 等 {len(r.paths)} 个文件", f" and others ({len(r.paths)})").text(lang)
            if len(r.paths) > 3
            else ""
        )
        where = f"  （{files}{more}）" if files else ""
        print(f"{r.id[:8]}  {_when(r.when)}  {r.author}  {r.subject}{where}")
    return 0


def _version_record(v: Any) -> dict[str, Any]:
    return {
        "id": v.id,
        "author": v.author,
        "email": v.email,
        "when": v.when.isoformat(),
        "subject": v.subject,
        "changes": v.details,
        "releases": v.releases,
        "deleted": v.deleted,
    }


def _compare(args: argparse.Namespace, lang: str) -> int:
    from app.compare.docx_report import write_comparison_docx
    from app.library import history

    if not args.file:
        raise UsageError(T("--compare 需要指定预案文件", "--compare needs a plan file"))
    if len(args.compare) > 2:
        raise UsageError(T("--compare 最多两个版本", "--compare takes at most two versions"))
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
    old, new = args.compare[0], (args.compare[1] if len(args.compare) > 1 else history.CURRENT)
    diff = history.compare(_file(args), old, new)
    for line in diff.lines(lang):
        print(line)
    if target is not None:
        try:
            write_comparison_docx(diff, target, lang)
        except SaveError as exc:
            raise _fail(exc) from None
        print(T(f"已写入修订对照表 {target}", f"Wrote the comparison table {target}").text(lang))
    return 0 if diff.is_empty else 1


def run_release(args: argparse.Namespace) -> int:
    from app.library import history

    path = _file(args)
    lang = current_language()
    try:
        result = history.release(
            path, _author(args, _folder(args)), name=args.name, today=args.date
        )
    except StorageError as exc:
        raise _fail(exc) from None
    print(T(f"已发布版本 {result.name}", f"Released version {result.name}").text(lang))
    print(T(f"修订记录：{result.summary}", f"Revision record: {result.summary}").text(lang))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from app.library import history

    path = _file(args)
    lang = current_language()
    try:
        new = history.restore(path, args.version, _author(args, _folder(args)))
    except StorageError as exc:
        raise _fail(exc) from None
    if new is None:
        print(T("文件已经是这个版本，未做改动", "The file already holds that version").text(lang))
    else:
        print(
            T(
                f"已恢复为版本 {args.version}，并记录为新版本 {new[:8]}（原文件保留为 .bak）",
                f"Restored version {args.version} as the new version {new[:8]} (the old file is kept as .bak)",
            ).text(lang)
        )
    return 0


def _parse_choices(args: argparse.Namespace, conflicts: list[Any]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for item in args.choose:
        number, _, side = item.partition("=")
        if not number.isdigit() or side not in ("mine", "theirs"):
            raise UsageError(
                T(
                    f"无法理解 --choose {item}：应为 N=mine 或 N=theirs",
                    f"bad --choose {item}: use N=mine or N=theirs",
                )
            )
        index = int(number) - 1
        if not 0 <= index < len(conflicts):
            raise UsageError(T(f"没有第 {number} 处冲突", f"there is no conflict {number}"))
        chosen[conflicts[index].id] = side
    if args.all:
        for conflict in conflicts:
            chosen.setdefault(conflict.id, args.all)
    return chosen


def _print_conflicts(conflicts: list[Any], lang: str) -> None:
    for n, c in enumerate(conflicts, 1):
        print(f"{n}. {c.file}：{c.where.text(lang)}（{c.kind_label().text(lang)}）")
        mine = c.mine.replace("\n", " / ") or T("（无）", "(none)").text(lang)
        theirs = c.theirs.replace("\n", " / ") or T("（无）", "(none)").text(lang)
        print(f"   {T('本机', 'mine').text(lang)}：{mine[:200]}")
        print(f"   {T('对方', 'theirs').text(lang)}：{theirs[:200]}")


def run_sync(args: argparse.Namespace) -> int:
    from app.library import sync as sharing
    from app.library.repo import find_root

    folder = _folder(args, must_exist=False)
    lang = current_language()
    author = _author(args, folder)
    try:
        if args.abandon:
            sharing.abandon_merge(folder)
            print(T("已放弃等待选择的合并", "The waiting merge was forgotten").text(lang))
            return 0
        root = find_root(folder) if folder.exists() else None
        if root is None or root.resolve() != folder.resolve():  # not a library yet: join one
            if not args.remote:
                raise UsageError(
                    T(
                        f"{folder} 还不是共享的预案库；请用 --remote 指明共享位置",
                        f"{folder} is not a shared library yet; name the shared location with --remote",
                    )
                )
            result = sharing.fetch_library(args.remote, folder, author)
        else:
            choices: dict[str, str] = {}
            if args.choose or args.all:
                waiting = sharing.sync(folder, author, remote=args.remote)
                if not waiting.conflicts:
                    print(waiting.summary().text(lang))
                    return 0
                choices = _parse_choices(args, waiting.conflicts)
            result = sharing.sync(folder, author, remote=args.remote, choices=choices)
    except Cancelled:
        raise KeyboardInterrupt from None
    except StorageError as exc:
        raise _fail(exc) from None
    print(result.summary().text(lang))
    if result.conflicts:
        _print_conflicts(result.conflicts, lang)
        print(
            T(
                "用 --choose N=mine（保留本机）或 N=theirs（采用对方），或 --all mine|theirs，再运行一次 sync；"
                "也可以在预案库窗口中逐项对照选择。",
                "Choose with --choose N=mine|theirs or --all mine|theirs and sync again, or side "
                "by side in the library window.",
            ).text(lang),
            file=sys.stderr,
        )
        return 1
    return 0
