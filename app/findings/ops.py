"""Changing findings: carry them from a journal into the drill file, set their status,
close them with a revision entry in the plan, and record a held drill in the plan.

The model-level functions change the ``Drill``/``Plan`` in place (the GUI wraps them
in undo commands); the file-level ones (``sync_journal``, ``close_in_files``,
``update_in_file``) load, change and save atomically, and refuse a file with schema
errors, since saving a salvaged model would drop what could not be read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.findings.links import element_label
from app.i18n import T
from app.model.drill import Drill, Finding, FindingStatus, element_digest
from app.model.plan import DrillRecord, Plan, Revision
from app.model.problems import Severity
from app.storage.documents import Loaded
from app.storage.drills import (
    linked_plan_path,
    load_drill,
    relative_plan_path,
    save_drill,
)
from app.storage.errors import StorageError
from app.storage.plans import load_plan, save_plan


class FindingError(StorageError):
    """The request makes no sense (unknown id, broken file …); nothing was written."""

    def __init__(self, message: T, *, hint: T | None = None, filename: str | None = None) -> None:
        super().__init__(filename or "", message, hint=hint)


# --- one finding -------------------------------------------------------------------------


def find_finding(drill: Drill, finding_id: str) -> Finding:
    for f in drill.findings:
        if f.id == finding_id:
            return f
    known = "、".join(f.id for f in drill.findings) or "—"
    raise FindingError(
        T(
            f"演练中没有编号为“{finding_id}”的问题（现有：{known}）",
            f"The drill has no finding '{finding_id}' (it has: {known.replace('、', ', ')})",
        )
    )


def set_status(drill: Drill, finding_id: str, status: FindingStatus | str) -> Finding:
    finding = find_finding(drill, finding_id)
    try:
        finding.status = FindingStatus(status)
    except ValueError:
        raise FindingError(
            T(
                f"整改状态“{status}”无效（应为 open、in_progress 或 closed）",
                f"Invalid status '{status}' (use open, in_progress or closed)",
            )
        ) from None
    return finding


def close_finding(drill: Drill, finding_id: str) -> Finding:
    return set_status(drill, finding_id, FindingStatus.CLOSED)


# --- journal → drill file ------------------------------------------------------------------


@dataclass
class MergeResult:
    added: list[Finding] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # journal id → id in the drill file
    already: int = 0  # carried over by an earlier sync


def _same(a: Finding, b: Finding) -> bool:
    """The same finding of the same session: by id, or by text after a renumbering."""
    if a.session is None or a.session != b.session:
        return False
    return a.id == b.id or a.text == b.text


def is_carried(held: Iterable[Finding], finding: Finding) -> bool:
    """Whether a session's finding is already among ``held`` (the drill file's)."""
    return any(_same(h, finding) for h in held)


def unsynced_findings(drill: Drill, drill_path: str | Path) -> list[tuple[Finding, Path]]:
    """Findings recorded in the drill's sessions that its file does not hold yet,
    with the journal each comes from (unreadable journals are skipped)."""
    from app.drill.session import replay
    from app.storage.drills import list_sessions
    from app.storage.errors import LoadError

    out: list[tuple[Finding, Path]] = []
    for info in reversed(list_sessions(drill_path)):
        if not info.readable:
            continue
        try:
            state = replay(info.path).state
        except LoadError:
            continue
        out += [(f, info.path) for f in state.findings if not is_carried(drill.findings, f)]
    return out


def note_baseline(plan: Plan | None, finding: Finding) -> None:
    """Record what the finding's element reads now, if not recorded yet."""
    if plan is not None and finding.ref and finding.baseline is None:
        finding.baseline = element_digest(plan, finding.ref)


def why_not_revised(plan: Plan, finding: Finding) -> T | None:
    """Why closing ``finding`` into a revision of ``plan`` is refused; None if allowed.

    A revision entry says the plan was changed because of the finding, so the element it
    names must differ from what it was when the problem was found (a removed element
    counts as changed). A finding about the plan as a whole (no ``ref``) is not checked.
    """
    if not finding.ref:
        return None
    now = element_digest(plan, finding.ref)
    if now is None:
        return None
    where = element_label(plan, finding.ref, short=False)
    if finding.baseline is None:
        return T(
            f"无法确认{where}是否已修订：问题 {finding.id} 记录时没有保存当时的预案内容",
            f"Cannot tell whether {where} was revised: finding {finding.id} kept no record "
            "of the plan as it was",
        )
    if finding.baseline == now:
        return T(
            f"{where}自发现问题 {finding.id} 以来没有修改，不能记为已修订",
            f"{where} has not changed since finding {finding.id}; it cannot be recorded as revised",
        )
    return None


REVISE_FIRST = T(
    "请先在预案中修订该内容再关闭；只关闭问题而不记修订，请去掉“记入修订记录”"
    "（命令行：去掉 --revise）。旧问题可先用 findings update 演练文件 编号 --baseline "
    "记下当前内容，修订后再关闭",
    "Revise the element in the plan first, then close; to close without a revision entry "
    "leave out --revise. For an older finding, record the current text with "
    "findings update DRILL ID --baseline, revise, then close",
)


def _free_id(taken: set[str]) -> str:
    n = len(taken) + 1
    while f"F{n}" in taken:
        n += 1
    for k in range(1, n + 1):  # the lowest free number reads best
        if f"F{k}" not in taken:
            return f"F{k}"
    return f"F{n}"


def merge_findings(drill: Drill, incoming: Iterable[Finding]) -> MergeResult:
    """Add the findings a session recorded that the drill file does not hold yet.

    A finding already carried (same session, same id or text) is left as the drill file
    has it: its status or owner may have been changed since. An id taken by another
    finding gets the next free ``F<n>``.
    """
    result = MergeResult()
    incoming = list(incoming)
    batch = {f.id for f in incoming}  # a renumbered one must not take a later one's id
    for f in incoming:
        if is_carried(drill.findings, f):
            result.already += 1
            continue
        new = f.model_copy(deep=True)
        taken = {e.id for e in drill.findings}
        if new.id in taken:
            taken |= batch
            new.id = _free_id(taken)
            result.renamed[f.id] = new.id
        drill.findings = [*drill.findings, new]
        result.added.append(new)
    return result


@dataclass
class SyncResult:
    drill_path: Path
    session: str
    finished: bool
    merge: MergeResult
    plan_path: Path | None = None
    drill_record: DrillRecord | None = None  # added to the plan's drill_history
    drill_saved: bool = False
    plan_saved: bool = False


def _usable(loaded: Loaded, what: T) -> None:
    if loaded.has_errors:
        first = next(p for p in loaded.problems if p.severity is Severity.ERROR)
        where = f"{loaded.path}:{first.line}" if first.line else str(loaded.path)
        raise FindingError(
            T(
                f"{what.zh}有格式错误（{where}：{first.message.zh}），未作修改",
                f"The {what.en} has schema errors ({where}: {first.message.en}); nothing changed",
            ),
            hint=T(
                "请先用 python -m app validate 检查并修正", "Run python -m app validate and fix it"
            ),
        )


def load_drill_for_change(path: Path) -> Drill:
    """A drill file that can be saved back without losing anything (LoadError if unreadable)."""
    loaded = load_drill(path)
    _usable(loaded, T("演练文件", "drill file"))
    return loaded.model


def load_plan_for_change(path: Path) -> Plan:
    loaded = load_plan(path)
    _usable(loaded, T("预案文件", "plan file"))
    return loaded.model


def _plan_of(drill_path: Path, drill: Drill, named: str | Path | None) -> tuple[Path, Plan]:
    """The plan to change: the one named, else the drill's own (``meta.plan``)."""
    path = Path(named) if named is not None else linked_plan_path(drill_path, drill)
    if path is None:
        raise FindingError(
            T(
                "演练没有关联预案（meta.plan），请指定预案文件",
                "The drill names no plan (meta.plan); name the plan file",
            ),
            filename=str(drill_path),
        )
    return path, load_plan_for_change(path)


def held_on(started_wall: str | None, drill: Drill) -> dt.date | None:
    """The day a session was held: its start, else the drill's planned date."""
    if started_wall:
        try:
            return dt.datetime.fromisoformat(started_wall).date()
        except ValueError:
            pass
    return drill.meta.date


def sync_journal(
    journal: str | Path,
    *,
    drill_path: str | Path | None = None,
    record_history: bool = False,
    plan_path: str | Path | None = None,
) -> SyncResult:
    """Carry a session's findings into its drill file; with ``record_history`` also add
    the session to the plan's ``meta.drill_history`` (only for an ended session).

    Raises ``LoadError`` (unreadable journal, drill or plan), ``FindingError`` (files
    with schema errors, a session not ended) or ``SaveError``; nothing is written then.
    """
    from app.drill.session import replay

    result = replay(journal)
    header = result.read.header
    if drill_path is None:
        name = header.get("drill_file")
        if not isinstance(name, str) or not name:
            raise FindingError(
                T("演练记录中没有演练文件名", "The journal does not name its drill file"),
                hint=T("请用 --drill 指定演练文件", "Name the drill file with --drill"),
                filename=str(journal),
            )
        drill_path = result.read.path.parent / Path(name).name
    dpath = Path(drill_path)
    drill = load_drill_for_change(dpath)
    state = result.state
    merge = merge_findings(drill, state.findings)
    out = SyncResult(dpath, state.session_id, state.ended, merge)
    plan: Plan | None = None
    if any(f.ref and f.baseline is None for f in merge.added):
        try:
            _, known = _plan_of(dpath, drill, plan_path)
        except (StorageError, FindingError):
            known = None  # no readable plan: the findings stay without a baseline
        for f in merge.added:
            note_baseline(known, f)
    if record_history:
        if not state.ended:
            raise FindingError(
                T(
                    "该演练记录尚未结束，不能记入预案的演练记录",
                    "The session has not ended; it cannot be recorded as a held drill",
                ),
                hint=T(
                    "在演练控制台结束演练后再试", "End the drill in the drill console, then retry"
                ),
                filename=str(journal),
            )
        ppath, plan = _plan_of(dpath, drill, plan_path)
        when = held_on(state.started_wall, drill) or dt.date.today()
        out.plan_path = ppath
        out.drill_record = record_drill(
            plan, drill, held=when, drill_file=relative_plan_path(dpath, ppath)
        )
    # the plan first: if the drill file then fails, a rerun finds the record and adds nothing
    if plan is not None and out.plan_path is not None and out.drill_record is not None:
        save_plan(plan, out.plan_path)
        out.plan_saved = True
    if merge.added:
        save_drill(drill, dpath)
        out.drill_saved = True
    return out


# --- the plan's drill history and revision history ---------------------------------------


def record_drill(
    plan: Plan, drill: Drill, *, held: dt.date, drill_file: str | None = None
) -> DrillRecord | None:
    """Add the drill to ``meta.drill_history`` (None when that day's entry exists)."""
    for rec in plan.meta.drill_history:
        if rec.date == held and (rec.file == drill_file or rec.title == drill.meta.title):
            return None
    record = DrillRecord(
        date=held,
        title=drill.meta.title,
        form=drill.meta.form.zh,  # type: ignore[attr-defined]
        file=drill_file,
    )
    history = sorted([*plan.meta.drill_history, record], key=lambda r: r.date)
    plan.meta.drill_history = history
    return record


_LAST_NUMBER = re.compile(r"(\d+)(?!.*\d)")


def next_version(version: str) -> str:
    """1.0 → 1.1, 2 → 2.1, V1.9 → V1.10, 2026版 → 2026.1版; empty → 1.1."""
    v = (version or "").strip()
    if not v:
        return "1.1"
    match = _LAST_NUMBER.search(v)
    if match is None:
        return f"{v}.1"
    head = v[: match.start()]
    if "." not in v and not re.search(r"\d+\.\d+", v):
        return f"{head}{match.group(1)}.1{v[match.end() :]}"
    return f"{head}{int(match.group(1)) + 1}{v[match.end() :]}"


def revision_summary(plan: Plan | None, drill_title: str, finding: Finding) -> str:
    """根据“<drill>”发现的问题 F1，修订<element>：<finding text>."""
    where = element_label(plan, finding.ref, short=False) if finding.ref else ""
    about = f"，修订{where}" if where else ""
    return f"根据“{drill_title or '演练'}”发现的问题 {finding.id}{about}：{finding.text}"


def revise_plan(
    plan: Plan,
    summary: str,
    *,
    date: dt.date,
    author: str | None = None,
    bump: bool = False,
    version: str | None = None,
) -> tuple[Revision, bool]:
    """Add a revision-history entry; ``bump`` raises the version (or set ``version``).

    Returns the entry and whether it was added (the same summary on the same day is
    not added twice, so closing again does nothing more).
    """
    for rev in plan.meta.revision_history:
        if rev.summary == summary and rev.date == date:
            return rev, False
    new_version = version or (next_version(plan.meta.version) if bump else plan.meta.version)
    revision = Revision(version=new_version, date=date, author=author, summary=summary)
    plan.meta.revision_history = [*plan.meta.revision_history, revision]
    if new_version != plan.meta.version:
        plan.meta.version = new_version
    return revision, True


@dataclass
class CloseResult:
    finding: Finding
    was: FindingStatus
    drill_saved: bool
    revision: Revision | None = None
    revision_added: bool = False
    plan_path: Path | None = None


def close_in_files(
    drill_path: str | Path,
    finding_id: str,
    *,
    revise: str | Path | bool | None = None,
    summary: str | None = None,
    author: str | None = None,
    bump: bool = False,
    version: str | None = None,
    today: dt.date | None = None,
) -> CloseResult:
    """Close a finding in its drill file; with ``revise`` (a plan path, or True for the
    drill's own plan) add a revision entry to the plan. Both files are checked before
    either is written; the plan is written first."""
    today = today or dt.date.today()
    dpath = Path(drill_path)
    drill = load_drill_for_change(dpath)
    finding = find_finding(drill, finding_id)
    was = finding.status
    plan: Plan | None = None
    ppath: Path | None = None
    if revise:
        ppath, plan = _plan_of(dpath, drill, None if isinstance(revise, bool) else revise)
    close_finding(drill, finding_id)
    out = CloseResult(finding, was, drill_saved=False, plan_path=ppath)
    if plan is not None and ppath is not None:
        refused = why_not_revised(plan, finding)
        if refused is not None:
            raise FindingError(refused, hint=REVISE_FIRST, filename=str(ppath))
        text = summary or revision_summary(plan, drill.meta.title, finding)
        out.revision, out.revision_added = revise_plan(
            plan, text, date=today, author=author, bump=bump, version=version
        )
        if out.revision_added:
            save_plan(plan, ppath)
    if was is not FindingStatus.CLOSED:
        save_drill(drill, dpath)
        out.drill_saved = True
    return out


UNSET: object = object()  # "leave this field as it is"


def update_in_file(
    drill_path: str | Path,
    finding_id: str,
    *,
    status: FindingStatus | str | None = None,
    owner: object = UNSET,
    due: object = UNSET,
    ref: object = UNSET,
    baseline: bool = False,
) -> Finding:
    """Change a finding's status, owner, due date or plan element, and save the drill.

    A new ``ref``, or ``baseline``, records what the element reads now in the drill's
    plan, so that a later close into a revision can tell whether it was revised."""
    dpath = Path(drill_path)
    drill = load_drill_for_change(dpath)
    finding = find_finding(drill, finding_id)
    if baseline or ref is not UNSET:
        plan: Plan | None = None
        try:
            plan = _plan_of(dpath, drill, None)[1]
        except StorageError:
            if baseline:
                raise
        new_ref = finding.ref if ref is UNSET else ref
        finding.baseline = (
            element_digest(plan, new_ref) if plan is not None and isinstance(new_ref, str) else None
        )
    if status is not None:
        set_status(drill, finding_id, status)
    try:
        if owner is not UNSET:
            finding.owner = owner  # type: ignore[assignment]
        if due is not UNSET:
            finding.due = due  # type: ignore[assignment]
        if ref is not UNSET:
            finding.ref = ref  # type: ignore[assignment]
    except ValueError as exc:
        raise FindingError(T(f"取值无效：{exc}", f"Invalid value: {exc}")) from None
    save_drill(drill, dpath)
    return finding


__all__ = [
    "REVISE_FIRST",
    "UNSET",
    "CloseResult",
    "FindingError",
    "MergeResult",
    "SyncResult",
    "close_finding",
    "close_in_files",
    "element_digest",
    "find_finding",
    "held_on",
    "is_carried",
    "load_drill_for_change",
    "load_plan_for_change",
    "merge_findings",
    "next_version",
    "note_baseline",
    "record_drill",
    "revise_plan",
    "revision_summary",
    "set_status",
    "sync_journal",
    "unsynced_findings",
    "update_in_file",
    "why_not_revised",
]
