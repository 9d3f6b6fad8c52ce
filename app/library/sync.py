"""Sharing a library: a shared location, and 同步 (sync) with it.

The shared location is a git repository without a working folder: a folder on a shared
drive or a USB disk (the office case, no server; it is created on the first sync), or a
git server over HTTPS or SSH. Each machine keeps its own library folder and works
offline; ``sync`` then

1. records the edits not yet recorded as a version of this machine;
2. fetches what the others sent, with their releases;
3. puts the two together: when only one side changed, it takes that side; when both
   did, each plan (and drill) is merged in the plan's terms (``app.library.merge``),
   file by file; the merged files are checked before anything is written;
4. writes the new files into the folder, records the merge, and sends it back.

When the same field was changed two ways, nothing is written and nothing sent: the
conflicts are returned (and remembered in ``.git/plandrill/merge.json``) until someone
chooses, in the library window or with ``library sync --choose``; ``sync`` with the
choices then finishes the merge against the same version of the others' work.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dulwich.client import get_transport_and_path
from dulwich.errors import GitProtocolError, HangupException, NotGitRepository
from dulwich.graph import find_merge_base
from dulwich.objects import Commit, ObjectID, Tag
from dulwich.pack import pack_objects_to_data
from dulwich.refs import Ref
from dulwich.repo import Repo

from app.i18n import T
from app.library.history import _record_unlocked
from app.library.merge import MINE, THEIRS, Conflict, merge_file
from app.library.repo import BRANCH, Author, HistoryError, LibraryRepo, commit_info
from app.progress import Progress

REMOTE = b"origin"
PENDING = "merge.json"
MAX_ROUNDS = 3  # the others may send again while we merge: fetch and merge anew


@dataclass
class SyncResult:
    remote: str
    recorded: str | None = None  # the version recording this machine's unrecorded edits
    received: list[str] = field(default_factory=list)  # files the others changed
    merged: list[str] = field(default_factory=list)  # files both sides changed, merged
    sent: bool = False
    created_remote: bool = False
    conflicts: list[Conflict] = field(default_factory=list)  # undecided: nothing written
    decided: list[Conflict] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # who made the received versions

    @property
    def up_to_date(self) -> bool:
        return not (self.received or self.merged or self.sent or self.conflicts)

    def summary(self) -> T:
        if self.conflicts:
            n = len(self.conflicts)
            return T(
                f"有 {n} 处修改冲突，需要选择保留哪一方；在作出选择之前，没有写入或发送任何内容",
                f"{n} conflicting change(s) need a choice; nothing was written or sent",
            )
        if self.up_to_date:
            return T("已是最新，没有需要同步的修改", "Up to date: nothing to sync")
        parts_zh, parts_en = [], []
        if self.received:
            who = "、".join(self.others[:3])
            parts_zh.append(
                f"收到 {len(self.received)} 个文件的修改" + (f"（{who}）" if who else "")
            )
            parts_en.append(f"received changes to {len(self.received)} file(s)")
        if self.merged:
            parts_zh.append(f"合并 {len(self.merged)} 个双方都修改过的文件")
            parts_en.append(f"merged {len(self.merged)} file(s) changed on both sides")
        if self.sent:
            parts_zh.append("已发送本机的修改")
            parts_en.append("sent this machine's changes")
        return T("；".join(parts_zh), "; ".join(parts_en))


# --- the shared location --------------------------------------------------------------------


def is_url(location: str) -> bool:
    return "://" in location or (
        "@" in location and ":" in location.split("@", 1)[1] and not os.path.isabs(location)
    )


def remote_of(root: str | Path) -> str | None:
    with LibraryRepo.open(root) as library:
        return _remote(library)


def _remote(library: LibraryRepo) -> str | None:
    try:
        value = library.repo.get_config().get((b"remote", REMOTE), b"url")
    except KeyError:
        return None
    return value.decode("utf-8", "surrogateescape")


def set_remote(library: LibraryRepo, location: str) -> None:
    text = location.strip()
    if not is_url(text):
        text = os.path.abspath(text)
    config = library.repo.get_config()
    config.set((b"remote", REMOTE), b"url", text.encode("utf-8", "surrogateescape"))
    config.set((b"remote", REMOTE), b"fetch", b"+refs/heads/*:refs/remotes/" + REMOTE + b"/*")
    config.write_to_path()


def _ensure_shared_folder(location: str) -> bool:
    """A shared folder that does not exist yet (or is empty) becomes the shared store.
    Returns whether it was created."""
    if is_url(location):
        return False
    folder = Path(location)
    if folder.exists() and not folder.is_dir():
        raise HistoryError(
            location, T("共享位置是一个文件，不是文件夹", "The shared location is a file")
        )
    if folder.is_dir() and any(folder.iterdir()):
        try:
            Repo(str(folder)).close()
        except NotGitRepository:
            raise HistoryError(
                location,
                T(
                    "该文件夹不是共享预案库，里面已有别的文件",
                    "This folder holds other files, not a shared library",
                ),
                hint=T(
                    "请选择一个空文件夹或已有的共享预案库",
                    "Choose an empty folder or an existing shared library",
                ),
            ) from None
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        Repo.init_bare(str(folder), default_branch=BRANCH).close()
    except OSError as exc:
        raise _unreachable(location, exc) from None
    return True


def _unreachable(location: str, exc: BaseException) -> HistoryError:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return HistoryError(
        location,
        T(f"无法连接共享位置：{reason}", f"Cannot reach the shared location: {reason}"),
        hint=T(
            "请检查共享文件夹或 U 盘是否接好、网络是否可用、地址和权限是否正确；本机的修改都已保存，可以稍后再同步",
            "Check the shared drive or USB disk, the network, the address and the permissions; "
            "this machine's work is saved, sync again later",
        ),
    )


# --- helpers ---------------------------------------------------------------------------


def _pending_path(library: LibraryRepo) -> Path:
    return library.state / PENDING


def pending_merge(root: str | Path) -> str | None:
    """The others' version a merge waits on (conflicts to choose), if any."""
    with LibraryRepo.open(root) as library:
        return _read_pending(library)


def _read_pending(library: LibraryRepo) -> str | None:
    try:
        data = json.loads(_pending_path(library).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("theirs") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _write_pending(library: LibraryRepo, theirs: ObjectID) -> None:
    from app.storage.atomic import write_atomic

    library.state.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"theirs": theirs.decode()}).encode()
    write_atomic(_pending_path(library), data, backup=False)


def _clear_pending(library: LibraryRepo) -> None:
    with contextlib.suppress(FileNotFoundError):
        _pending_path(library).unlink()


def abandon_merge(root: str | Path) -> None:
    """Forget a merge that waits for choices (the next sync fetches and merges anew)."""
    with LibraryRepo.open(root) as library, library.locked():
        _clear_pending(library)


def _is_ancestor(library: LibraryRepo, older: ObjectID, newer: ObjectID) -> bool:
    if older == newer:
        return True
    return older in find_merge_base(library.repo, [older, newer])


def _changed(
    library: LibraryRepo, old: ObjectID | None, new: ObjectID | None
) -> dict[str, ObjectID | None]:
    a, b = library.files(old), library.files(new)
    return {p: b.get(p) for p in sorted(set(a) | set(b)) if a.get(p) != b.get(p)}


# --- fetching and sending -------------------------------------------------------------------


def _fetch(library: LibraryRepo, location: str) -> tuple[ObjectID | None, dict[Ref, ObjectID]]:
    """Bring the others' versions and releases in; returns their branch head and refs."""
    try:
        client, path = get_transport_and_path(location)
        result = client.fetch(path, library.repo)
    except (OSError, GitProtocolError, HangupException, NotGitRepository, ValueError) as exc:
        raise _unreachable(location, exc) from None
    except Exception as exc:  # urllib3 and ssh failures have their own classes
        if type(exc).__module__.split(".")[0] in ("urllib3", "dulwich", "ssl", "socket"):
            raise _unreachable(location, exc) from None
        raise
    refs: dict[Ref, ObjectID] = {k: v for k, v in (result.refs or {}).items() if v is not None}
    head = refs.get(Ref(b"refs/heads/" + BRANCH))
    if head is None:
        branches = sorted(k for k in refs if k.startswith(b"refs/heads/"))
        head = refs[branches[0]] if branches else None
    local = library.repo.refs
    if head is not None:
        local[Ref(b"refs/remotes/" + REMOTE + b"/" + BRANCH)] = head
    for ref, sha in refs.items():  # their releases, unless one of the same name is here
        if ref.startswith(b"refs/tags/") and not ref.endswith(b"^{}") and ref not in local:
            with contextlib.suppress(KeyError):
                library.repo[sha]
                local.add_if_new(ref, sha)
    return head, refs


def _send(library: LibraryRepo, location: str, expected: ObjectID | None) -> str:
    """Send the branch and the releases; 'sent', 'nothing', or 'moved' when the others
    sent something since ``expected`` (then fetch and merge again)."""
    head = library.head()
    if head is None:
        return "nothing"
    ref = Ref(b"refs/heads/" + BRANCH)
    tags = library.repo.refs.as_dict(Ref(b"refs/tags"))
    outcome = {"state": "nothing"}

    branches: set[ObjectID] = set()

    def update_refs(remote: dict[Ref, ObjectID]) -> dict[Ref, ObjectID]:
        wanted: dict[Ref, ObjectID] = {}
        branches.update(sha for name, sha in remote.items() if name.startswith(b"refs/heads/"))
        current = remote.get(ref)
        if current != expected and current != head:
            outcome["state"] = "moved"
            return {}
        if current != head:
            wanted[ref] = head
        for name, sha in tags.items():
            full = Ref(b"refs/tags/" + name)
            if full not in remote:
                wanted[full] = sha
        if wanted:
            outcome["state"] = "sent"
        return wanted

    def pack(have: Any, want: Any, *, ofs_delta: bool = False, progress: Any = None) -> Any:
        if not have:  # a new shared location: everything
            return library.repo.generate_pack_data(
                set(have), set(want), progress=progress, ofs_delta=ofs_delta
            )
        objects = _new_objects(library, branches or set(have), set(want))
        return pack_objects_to_data([(obj, None) for obj in objects])

    try:
        client, path = get_transport_and_path(location)
        result = client.send_pack(path.encode("utf-8"), update_refs, generate_pack_data=pack)
    except (OSError, GitProtocolError, HangupException, NotGitRepository, ValueError) as exc:
        raise _unreachable(location, exc) from None
    except Exception as exc:
        if type(exc).__module__.split(".")[0] in ("urllib3", "dulwich", "ssl", "socket"):
            raise _unreachable(location, exc) from None
        raise
    failed = {k: v for k, v in (result.ref_status or {}).items() if v}
    if failed.get(ref):
        return "moved"
    if outcome["state"] == "sent":
        library.repo.refs[Ref(b"refs/remotes/" + REMOTE + b"/" + BRANCH)] = head
    return outcome["state"]


def _new_objects(library: LibraryRepo, have: set[ObjectID], want: set[ObjectID]) -> list[Any]:
    """The objects the other side lacks, found with the history cache's parent links
    (dulwich's generic search walks every ancestor of every release: seconds, not
    milliseconds, in a library with years of versions)."""
    from app.library.history import HistoryCache

    cache = HistoryCache(library)
    try:
        cache.update()
        rows = cache.db.execute("SELECT id, parents FROM commits").fetchall()
    finally:
        cache.close()
    parents = {ObjectID(c.encode()): [ObjectID(p.encode()) for p in ps.split()] for c, ps in rows}
    repo, store = library.repo, library.repo.object_store
    known: set[ObjectID] = set()
    todo: list[ObjectID] = []
    for sha in have:  # a release is a tag: what the other side has is its commit
        try:
            obj = repo[sha]
            while isinstance(obj, Tag):
                obj = repo[obj.object[1]]
        except KeyError:
            continue
        todo.append(obj.id)
    while todo:
        cid = todo.pop()
        if cid not in known:
            known.add(cid)
            todo.extend(parents.get(cid, []))
    out: list[Any] = []
    seen: set[ObjectID] = set()

    def add(sha: ObjectID) -> None:
        if sha not in seen:
            seen.add(sha)
            out.append(repo[sha])

    commits: list[ObjectID] = []
    for sha in want:
        obj = repo[sha]
        while isinstance(obj, Tag):
            add(obj.id)
            obj = repo[obj.object[1]]
        if isinstance(obj, Commit):
            commits.append(obj.id)
    while commits:
        cid = commits.pop()
        if cid in known or cid in seen:
            continue
        commit = repo[cid]
        assert isinstance(commit, Commit)
        add(commit.id)
        add(commit.tree)
        if commit.parents:
            first = repo[commit.parents[0]]
            assert isinstance(first, Commit)
            changes = store.tree_changes(first.tree, commit.tree, include_trees=True)
            for _paths, _modes, (_old, new_sha) in changes:
                if new_sha is not None:
                    add(new_sha)
        else:
            for entry in store.iter_tree_contents(commit.tree, include_trees=True):
                if entry.sha is not None:
                    add(entry.sha)
        commits.extend(commit.parents)
    return out


# --- putting the two sides together -----------------------------------------------------------


def _apply(library: LibraryRepo, mine: ObjectID | None, changes: dict[str, bytes | None]) -> None:
    """Write what the folder must now hold (files first: a kill before the branch moves
    leaves edits that the next sync records again, never a lost one)."""
    current = library.files(mine)
    for rel, data in changes.items():
        if data is None and rel not in current and not library.path(rel).exists():
            continue
        library.write_file(rel, data)


def _merge(
    library: LibraryRepo,
    mine: ObjectID,
    theirs: ObjectID,
    choices: dict[str, str],
    result: SyncResult,
    author: Author,
) -> ObjectID | None:
    """Merge the others' head into ours; None when conflicts remain (nothing written)."""
    bases = find_merge_base(library.repo, [mine, theirs])
    base = bases[0] if bases else None
    ours, others = _changed(library, base, mine), _changed(library, base, theirs)
    outcome: dict[str, bytes | None] = {}
    conflicts: list[Conflict] = []
    decided: list[Conflict] = []
    for rel in sorted(set(ours) | set(others)):
        if rel not in others or ours.get(rel) == others.get(rel):
            continue  # only we changed it, or both the same way
        theirs_blob = others[rel]
        theirs_data = library.read_blob(theirs_blob) if theirs_blob else None
        if rel not in ours:
            outcome[rel] = theirs_data
            result.received.append(rel)
            continue
        base_data = library.read(base, rel)
        mine_data = library.read(mine, rel)
        prefix = f"{rel}::"
        mine_choices = {k[len(prefix) :]: v for k, v in choices.items() if k.startswith(prefix)}
        merged = merge_file(rel, base_data, mine_data, theirs_data, mine_choices)
        conflicts += merged.unresolved
        decided += [c for c in merged.conflicts if c.choice is not None]
        if merged.data != mine_data:
            outcome[rel] = merged.data
        result.merged.append(rel)
    result.others = _authors(library, base, theirs)
    if conflicts:
        result.conflicts = conflicts
        return None
    result.decided = decided
    _apply(library, mine, outcome)
    lines = [f"合并 {rel}" for rel in result.merged]
    for c in decided:
        side = "本机" if c.choice == MINE else "对方"
        lines.append(f"{c.file}：{c.where.zh} 采用{side}的修改")
    who = "、".join(result.others[:3]) or "其他人"
    subject = f"同步：合并{who}的修改"
    message = subject + ("\n\n" + "\n".join(lines) if lines else "")
    return library.record(outcome, message, author, parents=[mine, theirs], base=mine)


def _authors(library: LibraryRepo, base: ObjectID | None, head: ObjectID) -> list[str]:
    names: list[str] = []
    stack: list[ObjectID] = [head]
    seen: set[ObjectID] = set()
    while stack and len(seen) < 200:
        cid = stack.pop()
        if cid in seen or cid == base:
            continue
        seen.add(cid)
        commit = library.repo[cid]
        if not isinstance(commit, Commit):
            continue
        name = commit_info(commit).author
        if name not in names:
            names.append(name)
        if base is not None and base in commit.parents:
            continue
        stack.extend(commit.parents)
    return names


def _fast_forward(
    library: LibraryRepo, mine: ObjectID | None, theirs: ObjectID, result: SyncResult
) -> None:
    changes = _changed(library, mine, theirs)
    data = {rel: (library.read_blob(blob) if blob else None) for rel, blob in changes.items()}
    _apply(library, mine, data)
    ref = library.branch_ref()
    ok = (
        library.repo.refs.set_if_equals(ref, mine, theirs)
        if mine is not None
        else library.repo.refs.add_if_new(ref, theirs)
    )
    if not ok:
        raise HistoryError(
            str(library.root), T("版本记录被同时修改", "The versions changed meanwhile")
        )
    library.refresh_index(changes)
    result.received += list(changes)
    result.others = _authors(library, mine, theirs)


# --- sync ---------------------------------------------------------------------------------------


def sync(
    root: str | Path,
    author: Author,
    *,
    remote: str | None = None,
    choices: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> SyncResult:
    """同步: record, fetch, merge, send. Raises HistoryError (nothing lost)."""
    choices = {k: v for k, v in (choices or {}).items() if v in (MINE, THEIRS)}
    steps = _Steps(progress)
    with LibraryRepo.open(root) as library, library.locked():
        if remote:
            set_remote(library, remote)
        location = _remote(library)
        if not location:
            raise HistoryError(
                str(root),
                T("尚未设置共享位置", "No shared location is set"),
                hint=T(
                    "请先选择共享文件夹、U 盘上的文件夹或服务器地址",
                    "Choose a shared folder, a folder on a USB disk or a server address first",
                ),
            )
        result = SyncResult(location)
        steps.step(T("记录本机的修改", "Recording this machine's edits"))
        recorded = _record_unlocked(library, sorted(library.pending()), author)
        result.recorded = recorded.decode() if recorded else None
        waiting = _read_pending(library)
        if choices and waiting is None:
            raise HistoryError(str(root), T("没有等待选择的冲突", "No conflicts wait for a choice"))
        for _round in range(MAX_ROUNDS):
            if choices and waiting is not None and _round == 0:
                theirs: ObjectID | None = ObjectID(waiting.encode())
            else:
                steps.step(T("取得共享位置的修改", "Fetching from the shared location"))
                result.created_remote = _ensure_shared_folder(location) or result.created_remote
                theirs, _refs = _fetch(library, location)
            mine = library.head()
            steps.step(T("合并双方的修改", "Putting the changes together"))
            if theirs is not None and mine != theirs:
                if mine is None or _is_ancestor(library, mine, theirs):
                    _fast_forward(library, mine, theirs, result)
                elif not _is_ancestor(library, theirs, mine):
                    merged = _merge(library, mine, theirs, choices, result, author)
                    if merged is None:
                        _write_pending(library, theirs)
                        return result
            _clear_pending(library)
            steps.step(T("发送本机的修改", "Sending this machine's changes"))
            state = _send(library, location, theirs)
            if state != "moved":
                result.sent = state == "sent"
                return result
            choices = {}  # they sent again: merge what is there now
        raise HistoryError(
            location,
            T("共享位置一直在被其他人更新", "Others keep updating the shared location"),
            hint=T(
                "本机的修改已保存，请稍后再同步", "This machine's work is saved; sync again later"
            ),
        )


class _Steps:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.done = 0

    def step(self, label: T) -> None:
        if self.progress is not None:
            self.progress.report(self.done, 4, label)  # raises Cancelled when asked to stop
        self.done = min(self.done + 1, 3)


def fetch_library(
    location: str, folder: str | Path, author: Author, progress: Progress | None = None
) -> SyncResult:
    """Make ``folder`` a copy of a shared library (a new machine joins the office), or
    join the folder's own plans with it."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    with LibraryRepo.init(target) as library:
        has_files = bool(library.working_files())
    if has_files:  # the folder's own plans become its first version, then merge
        from app.library.history import start

        start(target, author).close()
    return sync(target, author, remote=location, progress=progress)


def choices_from(
    conflicts: Iterable[Conflict], pick: Callable[[Conflict], str | None]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for conflict in conflicts:
        side = pick(conflict)
        if side in (MINE, THEIRS):
            out[conflict.id] = side
    return out


__all__ = [
    "SyncResult",
    "abandon_merge",
    "choices_from",
    "fetch_library",
    "is_url",
    "pending_merge",
    "remote_of",
    "set_remote",
    "sync",
]
