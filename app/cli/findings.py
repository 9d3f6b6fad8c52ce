"""``findings``: the problems drills found, and their way back into the plan.

    python -m app findings list PLAN|DRILL … [--status active|open|in_progress|closed|all]
                                            [--overdue] [--format text|json]
    python -m app findings sync JOURNAL|DRILL [--history] [--plan PLAN]
    python -m app findings close DRILL ID [--revise [PLAN]] [--summary TEXT] [--author NAME]
                                          [--bump | --version V]
    python -m app findings update DRILL ID [--status S] [--owner NAME] [--due DATE] [--ref REF]
                                           [--baseline]

``list`` of a plan shows the findings of the drill files next to it that exercise it;
it exits 1 when a finding it lists is overdue (0 otherwise), as ``library status`` does,
so a scheduled check can act on it. ``close --revise`` is refused while the plan element
the finding names reads as it did when the problem was found (``update --baseline``
records that for an older finding). ``sync`` carries the findings a session recorded into the drill file (given a drill, of
all its sessions); ``--history`` also adds each ended session to the plan's
``meta.drill_history``. ``close --revise`` adds a revision entry to the plan.
Bad input: one line and exit 2, nothing written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from app.cli import UsageError
from app.cli.drill import _missing_action
from app.cli.drill import _usage as _storage_usage
from app.i18n import T, current_language
from app.storage.errors import LoadError, SaveError

STATUS_FILTERS = ("active", "open", "in_progress", "closed", "all")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "findings",
        help=T(
            "演练发现的问题：列出、写入演练文件、关闭并修订预案",
            "drill findings: list, sync from a session, close and revise the plan",
        ).text(),
    )
    commands = p.add_subparsers(dest="findings_command", metavar="ACTION", parser_class=type(p))

    ls = commands.add_parser(
        "list", help=T("列出预案或演练的问题", "list the findings of plans or drills").text()
    )
    ls.add_argument("paths", nargs="+", metavar="PLAN|DRILL")
    ls.add_argument(
        "--status",
        choices=STATUS_FILTERS,
        default="active",
        help=T(
            "按整改状态筛选（默认 active：未完成的）", "filter by status (default: not closed)"
        ).text(),
    )
    ls.add_argument(
        "--overdue", action="store_true", help=T("只列逾期的", "only overdue ones").text()
    )
    ls.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help=T("按此日期判断逾期", "judge overdue as of this day").text(),
    )
    ls.add_argument("--format", choices=["text", "json"], default="text")
    ls.set_defaults(handler=run_list)

    sync = commands.add_parser(
        "sync",
        help=T(
            "把演练记录中的问题写入演练文件", "carry a session's findings into the drill file"
        ).text(),
    )
    sync.add_argument("source", metavar="JOURNAL|DRILL")
    sync.add_argument(
        "--history",
        action="store_true",
        help=T(
            "同时把已结束的演练记入预案的演练记录（meta.drill_history）",
            "also record each ended session in the plan's meta.drill_history",
        ).text(),
    )
    sync.add_argument(
        "--plan",
        metavar="PLAN",
        help=T("演练记录写入此预案（默认：演练关联的预案）", "the plan to record in").text(),
    )
    sync.set_defaults(handler=run_sync)

    close = commands.add_parser(
        "close", help=T("关闭问题（整改完成）", "close a finding (fixed)").text()
    )
    close.add_argument("drill", metavar="DRILL")
    close.add_argument("finding", metavar="ID")
    close.add_argument(
        "--revise",
        nargs="?",
        const=True,
        metavar="PLAN",
        help=T(
            "在预案的修订记录中加一条（默认：演练关联的预案）",
            "add a revision-history entry to the plan (default: the drill's plan)",
        ).text(),
    )
    close.add_argument("--summary", help=T("修订内容（默认由问题生成）", "revision summary").text())
    close.add_argument("--author", help=T("修订人", "revision author").text())
    bump = close.add_mutually_exclusive_group()
    bump.add_argument(
        "--bump",
        action="store_true",
        help=T("版本号加一（如 1.0→1.1）", "raise the version").text(),
    )
    bump.add_argument("--version", dest="new_version", help=T("新的版本号", "new version").text())
    close.add_argument(
        "--date", metavar="YYYY-MM-DD", help=T("修订日期（默认今天）", "revision date").text()
    )
    close.set_defaults(handler=run_close)

    upd = commands.add_parser(
        "update",
        help=T("修改问题的状态、责任人、期限或预案内容", "change a finding").text(),
    )
    upd.add_argument("drill", metavar="DRILL")
    upd.add_argument("finding", metavar="ID")
    upd.add_argument("--status", choices=["open", "in_progress", "closed"])
    upd.add_argument("--owner", help=T("整改责任人（空字符串清除）", "owner ('' clears)").text())
    upd.add_argument(
        "--due",
        metavar="YYYY-MM-DD",
        help=T("整改期限（none 清除）", "due date (none clears)").text(),
    )
    upd.add_argument(
        "--ref",
        help=T(
            "涉及的预案内容，如 steps/gen-ii-02（none 清除）", "plan element (none clears)"
        ).text(),
    )
    upd.add_argument(
        "--baseline",
        action="store_true",
        help=T(
            "记下所涉预案内容的当前文字，修订后才能“关闭并记入修订”",
            "record what the plan element reads now (closing into a revision needs a change)",
        ).text(),
    )
    upd.set_defaults(handler=run_update)

    p.set_defaults(handler=lambda args: _missing_action(p))


def _usage(exc: Exception) -> UsageError:
    from app.findings import FindingError

    if isinstance(exc, (LoadError, SaveError)):
        return _storage_usage(exc)
    if isinstance(exc, FindingError):
        where = f"{exc.filename}: " if exc.filename else ""
        return UsageError(T(where + exc.text("zh"), where + exc.text("en")))
    return UsageError(T(str(exc), str(exc)))


def _date(value: str | None, what: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            T(
                f"{what}“{value}”不是日期，请写成 YYYY-MM-DD（如 2026-07-31）",
                f"{what} '{value}' is not a date; write YYYY-MM-DD (e.g. 2026-07-31)",
            )
        ) from None


def _existing(path: Path, what: T) -> Path:
    if not path.is_file():
        raise UsageError(T(f"{path}: {what.zh}不存在", f"{path}: the {what.en} does not exist"))
    return path


# --- list -------------------------------------------------------------------------------------


def _rows_for(path: Path, today: dt.date) -> list[dict[str, Any]]:
    from app.cli.drill_export import is_drill_file
    from app.findings import (
        FindingError,
        LinkedFinding,
        element_label,
        findings_of,
        linked_findings,
        unsynced_findings,
    )
    from app.findings.ops import load_drill_for_change
    from app.storage.drills import load_linked_plan
    from app.storage.plans import load_plan

    rows: list[dict[str, Any]] = []
    if is_drill_file(path):
        try:
            drill = load_drill_for_change(path)
        except (LoadError, FindingError) as exc:
            raise _usage(exc) from None
        plan = None
        try:
            loaded = load_linked_plan(path, drill)
            plan = loaded.model if loaded is not None else None
        except LoadError:
            pass
        items: list[tuple[LinkedFinding, bool]] = [(lf, True) for lf in findings_of(drill, path)]
        items += [
            (LinkedFinding(f, journal, drill.meta.title), False)
            for f, journal in unsynced_findings(drill, path)
        ]
    else:
        try:
            loaded_plan = load_plan(path)
        except LoadError as exc:
            raise _usage(exc) from None
        plan = loaded_plan.model
        linked = linked_findings(path)
        items = [(lf, True) for lf in linked.findings]
        for p in linked.problems:
            print(f"{p.file}: {p.severity.label.text()}: {p.text()}", file=sys.stderr)
        for drill_path, drill in linked.drills:
            waiting = unsynced_findings(drill, drill_path)
            if waiting:
                print(
                    T(
                        f"{drill_path.name}：演练记录中还有 {len(waiting)} 项问题未写入演练文件，"
                        f"请运行 python -m app findings sync {drill_path.name}",
                        f"{drill_path.name}: {len(waiting)} finding(s) in its sessions are not in "
                        f"the drill file yet; run python -m app findings sync {drill_path.name}",
                    ).text(),
                    file=sys.stderr,
                )
    for lf, in_file in items:
        f = lf.finding
        rows.append(
            {
                "file": str(lf.drill_path),
                "drill": lf.drill_title,
                "id": f.id,
                "text": f.text,
                "severity": f.severity.value,
                "severity_label": f.severity.label(current_language()),
                "status": f.status.value,
                "status_label": f.status.label(current_language()),
                "owner": f.owner,
                "due": f.due.isoformat() if f.due else None,
                "overdue": lf.overdue(today),
                "days_overdue": (today - f.due).days if lf.overdue(today) and f.due else 0,
                "ref": f.ref,
                "element": element_label(plan, f.ref) if f.ref else None,
                "session": f.session,
                "in_drill_file": in_file,
            }
        )
    return rows


def run_list(args: argparse.Namespace) -> int:
    lang = current_language()
    today = _date(args.today, "--today") or dt.date.today()
    rows: list[dict[str, Any]] = []
    for name in args.paths:
        rows += _rows_for(_existing(Path(name), T("文件", "file")), today)
    if args.status == "active":
        rows = [r for r in rows if r["status"] != "closed"]
    elif args.status != "all":
        rows = [r for r in rows if r["status"] == args.status]
    if args.overdue:
        rows = [r for r in rows if r["overdue"]]
    late = (
        1 if any(r["overdue"] for r in rows) else 0
    )  # 1: something is overdue, as in library status
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return late
    if not rows:
        print(T("没有符合条件的问题", "No findings match").text(lang))
        return 0
    for r in rows:
        due = r["due"] or "—"
        if r["overdue"]:
            due += T(f"（逾期 {r['days_overdue']} 天）", f" ({r['days_overdue']} d overdue)").text(
                lang
            )
        where = r["element"] or r["ref"] or "—"
        pending = (
            "" if r["in_drill_file"] else T("［未写入演练文件］", " [not in drill file]").text(lang)
        )
        print(
            "\t".join(
                [
                    r["id"],
                    r["severity_label"],
                    r["status_label"],
                    due,
                    r["owner"] or "—",
                    where,
                    r["text"] + pending,
                    Path(r["file"]).name,
                ]
            )
        )
    overdue = sum(r["overdue"] for r in rows)
    print(
        T(
            f"共 {len(rows)} 项，其中逾期 {overdue} 项",
            f"{len(rows)} finding(s), {overdue} overdue",
        ).text(lang),
        file=sys.stderr,
    )
    return late


# --- sync -------------------------------------------------------------------------------------


def run_sync(args: argparse.Namespace) -> int:
    from app.cli.drill_export import is_drill_file
    from app.findings import FindingError, sync_journal
    from app.storage.drills import list_sessions

    lang = current_language()
    source = _existing(Path(args.source), T("文件", "file"))
    if is_drill_file(source):
        journals = [s.path for s in reversed(list_sessions(source)) if s.readable]
        if not journals:
            raise UsageError(
                T(
                    f"{source}: 该演练还没有可读的演练记录",
                    f"{source}: the drill has no readable session",
                )
            )
        drill_path: Path | None = source
    else:
        journals, drill_path = [source], None
    for journal in journals:
        try:
            result = sync_journal(
                journal,
                drill_path=drill_path,
                record_history=args.history and (drill_path is None or _ended(journal)),
                plan_path=args.plan,
            )
        except (LoadError, SaveError, FindingError) as exc:
            raise _usage(exc) from None
        m = result.merge
        renamed = "".join(
            T(f"；{old} 改编号为 {new}", f"; {old} renumbered {new}").text(lang)
            for old, new in m.renamed.items()
        )
        print(
            T(
                f"{journal.name}：写入 {len(m.added)} 项问题到 {result.drill_path.name}"
                f"（已写入过 {m.already} 项）{renamed}",
                f"{journal.name}: {len(m.added)} finding(s) written to {result.drill_path.name} "
                f"({m.already} carried before){renamed}",
            ).text(lang)
        )
        if result.drill_record is not None and result.plan_path is not None:
            rec = result.drill_record
            print(
                T(
                    f"已在 {result.plan_path.name} 的演练记录中加入：{rec.date} {rec.title}（{rec.form}）",
                    f"Recorded in {result.plan_path.name}: {rec.date} {rec.title} ({rec.form})",
                ).text(lang)
            )
        elif args.history and result.finished and result.plan_path is not None:
            print(
                T(
                    f"{result.plan_path.name} 中已有这次演练的记录",
                    f"{result.plan_path.name} already records this drill",
                ).text(lang)
            )
    return 0


def _ended(journal: Path) -> bool:
    from app.storage.drills import session_info

    return session_info(journal).finished


# --- close / update ---------------------------------------------------------------------------


def run_close(args: argparse.Namespace) -> int:
    from app.findings import FindingError, close_in_files
    from app.model.drill import FindingStatus

    lang = current_language()
    drill = _existing(Path(args.drill), T("演练文件", "drill file"))
    revise: Path | bool | None = None
    if args.revise is True:
        revise = True
    elif args.revise:
        revise = _existing(Path(args.revise), T("预案文件", "plan file"))
    if revise is None and (args.summary or args.bump or args.new_version or args.author):
        raise UsageError(
            T(
                "--summary、--author、--bump、--version 需要与 --revise 一起使用",
                "--summary, --author, --bump and --version go with --revise",
            )
        )
    try:
        result = close_in_files(
            drill,
            args.finding,
            revise=revise,
            summary=args.summary,
            author=args.author,
            bump=args.bump,
            version=args.new_version,
            today=_date(args.date, "--date"),
        )
    except (LoadError, SaveError, FindingError) as exc:
        raise _usage(exc) from None
    if result.was is FindingStatus.CLOSED:
        print(
            T(
                f"问题 {args.finding} 已是已完成状态", f"Finding {args.finding} was closed already"
            ).text(lang)
        )
    else:
        print(
            T(
                f"已关闭问题 {args.finding}：{drill}", f"Closed finding {args.finding}: {drill}"
            ).text(lang)
        )
    if result.revision is not None and result.plan_path is not None:
        rev = result.revision
        if result.revision_added:
            print(
                T(
                    f"已在 {result.plan_path.name} 的修订记录中加入：{rev.version} {rev.date} {rev.summary}",
                    f"Added to the revision history of {result.plan_path.name}: "
                    f"{rev.version} {rev.date} {rev.summary}",
                ).text(lang)
            )
        else:
            print(
                T(
                    f"{result.plan_path.name} 的修订记录中已有这一条，未重复加入",
                    f"{result.plan_path.name} already has this revision entry",
                ).text(lang)
            )
    return 0


def _none(value: str | None) -> Any:
    from app.findings.ops import UNSET

    if value is None:
        return UNSET
    return None if value.strip().lower() in ("", "none") else value


def run_update(args: argparse.Namespace) -> int:
    from app.findings import FindingError, update_in_file
    from app.findings.ops import UNSET

    lang = current_language()
    drill = _existing(Path(args.drill), T("演练文件", "drill file"))
    due: Any = UNSET
    if args.due is not None:
        due = None if args.due.strip().lower() in ("", "none") else _date(args.due, "--due")
    if (
        args.status is None
        and args.owner is None
        and args.due is None
        and args.ref is None
        and not args.baseline
    ):
        raise UsageError(
            T(
                "请指定要修改的内容：--status、--owner、--due、--ref 或 --baseline",
                "Say what to change: --status, --owner, --due, --ref or --baseline",
            )
        )
    ref = _none(args.ref)
    if ref not in (UNSET, None):
        _check_ref(drill, ref)
    try:
        finding = update_in_file(
            drill,
            args.finding,
            status=args.status,
            owner=_none(args.owner),
            due=due,
            ref=ref,
            baseline=args.baseline,
        )
    except (LoadError, SaveError, FindingError) as exc:
        raise _usage(exc) from None
    print(
        T(
            f"已修改问题 {finding.id}：{finding.status.zh}，责任人 {finding.owner or '—'}，"  # type: ignore[attr-defined]
            f"期限 {finding.due or '—'}，预案内容 {finding.ref or '—'}",
            f"Changed finding {finding.id}: {finding.status.en}, owner {finding.owner or '-'}, "  # type: ignore[attr-defined]
            f"due {finding.due or '-'}, plan element {finding.ref or '-'}",
        ).text(lang)
    )
    return 0


def _check_ref(drill_path: Path, ref: str) -> None:
    """A new ref must name an element of the drill's plan (when the plan can be read)."""
    from app.model.drill import resolve_plan_ref
    from app.storage.drills import load_drill, load_linked_plan

    try:
        drill = load_drill(drill_path).model
        loaded = load_linked_plan(drill_path, drill)
    except LoadError:
        return
    if loaded is not None and resolve_plan_ref(loaded.model, ref) is None:
        raise UsageError(
            T(
                f"预案 {loaded.path} 中找不到“{ref}”（可写 procedures/<程序>/steps/<步骤>、steps/<步骤>、sections/<章节> 等）",
                f"The plan {loaded.path} has no '{ref}' (use procedures/<p>/steps/<s>, steps/<s>, sections/<id> …)",
            )
        )
