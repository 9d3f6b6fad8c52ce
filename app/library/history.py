"""Versions of a library's plans: recorded on each save, released by name, restored.

* ``start(root, author)`` turns versions on for a library folder (its first version
  holds every plan, drill and journal in it).
* ``record_version(path, author)`` is the save hook: after a file is saved, its new
  content becomes a version, described in the plan's own words ("修改 通讯录 张三：手机
  …"), from ``app.compare.diff``.
* ``plan_history(path)`` lists a file's versions, newest first: who, when, what changed,
  and the releases. A cache in ``.git/plandrill/history.sqlite`` (rebuilt from the
  repository whenever it is missing or out of step) keeps this fast in a library of
  hundreds of plans with years of versions.
* ``release(path, author)`` (发布版本) names a release (1.0, 1.1 …; a git tag), fills the
  plan's 修订记录 from the changes since the last release, and records it.
* ``compare(path, old, new)`` gives the ``PlanDiff`` of two versions, for the terminal
  or the 修订对照表; ``restore(path, version, author)`` makes an old version the newest
  one. History is never rewritten.

A version is named by a release name (``1.1``), a version id or its first characters
(``3fa4c2d1``), or ``current`` for the file as it is on disk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from dulwich.objects import Commit, ObjectID, Tag
from dulwich.refs import Ref

from app.compare.diff import PlanDiff, diff_plans
from app.findings.ops import next_version, revise_plan
from app.i18n import T
from app.library.facts import DRILL_SUFFIX, PLAN_SUFFIX
from app.library.repo import (
    JOURNAL_SUFFIX,
    Author,
    HistoryError,
    LibraryRepo,
    commit_info,
    find_root,
)
from app.model.plan import Plan
from app.storage.errors import LoadError
from app.storage.plans import dumps_plan, loads_plan, save_plan

CURRENT = "current"
MAX_SUMMARY_ITEMS = 8  # changes spelled out in a 修订记录 entry; the rest are counted
SUBJECT_ITEMS = 2
CACHE_NAME = "history.sqlite"
CACHE_VERSION = "1"


@dataclass
class Version:
    """One version of one file."""

    id: str
    author: str
    email: str
    when: dt.datetime
    subject: str
    details: list[str]  # what changed, one line each, in the plan's words
    path: str  # library-relative
    deleted: bool = False
    merge: bool = False
    releases: list[str] = field(default_factory=list)
    blob: str = ""

    @property
    def short(self) -> str:
        return self.id[:8]


@dataclass
class LibraryVersion:
    """One version of the library: a save, a release, a sync."""

    id: str
    author: str
    when: dt.datetime
    subject: str
    paths: list[str]
    merge: bool = False


# --- describing changes ------------------------------------------------------------------


def _plan_of(data: bytes | None, name: str) -> Plan | None:
    if data is None:
        return None
    try:
        return loads_plan(data.decode("utf-8-sig"), name).model
    except (LoadError, UnicodeDecodeError):
        return None


def _meaningful(diff: PlanDiff, *, release: bool = False) -> list[str]:
    changes = diff.changes
    if release:  # the release itself changes these; the 修订记录 describes the rest
        changes = [
            c
            for c in changes
            if not (c.area == "meta" and c.key.split(".")[0] in ("version", "revision_history"))
        ]
    return [c.describe("zh") for c in changes]


def describe_change(rel: str, old: bytes | None, new: bytes | None) -> list[str]:
    """What a save changed, in the document's own words (Chinese: it is stored)."""
    name = rel.rsplit("/", 1)[-1]
    if new is None:
        return [f"删除文件 {name}"]
    if rel.endswith(PLAN_SUFFIX):
        after = _plan_of(new, rel)
        if after is None:
            return [f"修改 {name}（文件有格式错误，未能逐项对比）"]
        before = _plan_of(old, rel)
        if before is None:
            return [f"新建预案《{after.meta.title or name}》"] if old is None else [f"修改 {name}"]
        return _meaningful(diff_plans(before, after)) or ["保存（内容未变）"]
    if rel.endswith(DRILL_SUFFIX):
        return [("新建" if old is None else "修改") + f"演练文件 {name}"]
    if rel.endswith(JOURNAL_SUFFIX):
        return [f"记录演练过程 {name}"]
    return [("新增" if old is None else "修改") + f" {name}"]


def _subject(lines: list[str]) -> str:
    head = "；".join(lines[:SUBJECT_ITEMS])
    if len(lines) > SUBJECT_ITEMS:
        head += f" 等 {len(lines)} 处"
    return head if len(head) <= 160 else head[:159] + "…"


def message_for(lines: list[str], subject: str | None = None) -> str:
    """A version's message: a subject line, then every change on a line of its own."""
    first = subject or _subject(lines)
    body = [line for line in lines if line != first]
    return first + ("\n\n" + "\n".join(body) if body else "")


def _split_message(message: str) -> tuple[str, list[str]]:
    subject, _, body = message.partition("\n")
    details = [line for line in body.strip().splitlines() if line.strip()]
    return subject.strip(), details or [subject.strip()]


# --- turning versions on, recording saves ---------------------------------------------------


def start(root: str | Path, author: Author) -> LibraryRepo:
    """Turn versions on for a library folder; its files become the first version."""
    library = LibraryRepo.init(root)
    with library.locked():
        pending = library.pending()
        if pending or library.head() is None:
            changes = {rel: _read(library, rel) for rel in pending}
            count = sum(1 for v in changes.values() if v is not None)
            library.record(
                changes,
                message_for([f"开启版本记录：{count} 个文件"]),
                author,
            )
    return library


def _read(library: LibraryRepo, rel: str) -> bytes | None:
    try:
        return library.path(rel).read_bytes()
    except FileNotFoundError:
        return None


def _record_unlocked(
    library: LibraryRepo, rels: list[str], author: Author, subject: str | None = None
) -> ObjectID | None:
    head = library.head()
    changes: dict[str, bytes | None] = {}
    lines: list[str] = []
    for rel in rels:
        data = _read(library, rel)
        old = library.read(head, rel)
        if data == old:
            continue
        changes[rel] = data
        lines += describe_change(rel, old, data)
    if not changes:
        library.refresh_index(rels)  # a killed writer may have left the index behind
        return None
    return library.record(changes, message_for(lines, subject), author)


def record_version(path: str | Path, author: Author) -> str | None:
    """The save hook: record the saved file as a version if its folder keeps versions.

    Returns the new version id, or None when nothing was recorded (no library, or the
    content is the same as the current version). Raises ``HistoryError``.
    """
    library = LibraryRepo.find(path)
    if library is None:
        return None
    with library, library.locked():
        commit = _record_unlocked(library, [library.rel(path)], author)
    return commit.decode() if commit is not None else None


def record_pending(root: str | Path, author: Author, subject: str | None = None) -> str | None:
    """Record every changed file of the library as one version (before syncing, or
    when edits were made with another program)."""
    with LibraryRepo.open(root) as library, library.locked():
        commit = _record_unlocked(library, sorted(library.pending()), author, subject)
    return commit.decode() if commit is not None else None


# --- the history cache -------------------------------------------------------------------------


class HistoryCache:
    """Which versions touched which file, kept in sqlite beside the repository.

    Only a cache: it is rebuilt from the repository when missing, damaged, or when the
    repository's history no longer contains what it knew (someone reset the branch with
    the git command line).
    """

    def __init__(self, library: LibraryRepo) -> None:
        self.library = library
        library.state.mkdir(parents=True, exist_ok=True)
        self.path = library.state / CACHE_NAME
        self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        for _attempt in range(2):
            try:
                db = sqlite3.connect(self.path, timeout=10)
                db.executescript(
                    """
                    CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
                    CREATE TABLE IF NOT EXISTS commits (
                        id TEXT PRIMARY KEY, seq INTEGER, parents TEXT, time INTEGER,
                        tz INTEGER, author TEXT, email TEXT, message TEXT);
                    CREATE TABLE IF NOT EXISTS touches (path TEXT, id TEXT, blob TEXT);
                    CREATE INDEX IF NOT EXISTS touches_path ON touches (path);
                    CREATE INDEX IF NOT EXISTS commits_seq ON commits (seq);
                    """
                )
                row = db.execute("SELECT value FROM state WHERE key='version'").fetchone()
                if row is None:
                    db.execute("INSERT INTO state VALUES ('version', ?)", (CACHE_VERSION,))
                    db.commit()
                elif row[0] != CACHE_VERSION:
                    raise sqlite3.DatabaseError("old cache")
                return db
            except sqlite3.DatabaseError:
                with contextlib.suppress(Exception):
                    db.close()
                with contextlib.suppress(OSError):
                    self.path.unlink()
        return sqlite3.connect(":memory:")  # pragma: no cover (the folder is unwritable)

    def close(self) -> None:
        self.db.close()

    def _state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _clear(self) -> None:
        self.db.executescript("DELETE FROM commits; DELETE FROM touches; DELETE FROM state;")
        self.db.execute("INSERT INTO state VALUES ('version', ?)", (CACHE_VERSION,))

    def update(self) -> None:
        head = self.library.head()
        tip = self._state("tip")
        head_text = head.decode() if head is not None else ""
        if head_text == (tip or ""):
            return
        if not self._walk(head, tip):
            self._clear()  # the branch was moved back: start over
            self._walk(head, None)
        self.db.execute("INSERT OR REPLACE INTO state VALUES ('tip', ?)", (head_text,))
        self.db.commit()

    def _known(self, commit_id: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM commits WHERE id=?", (commit_id,)).fetchone() is not None
        )

    def _walk(self, head: ObjectID | None, tip: str | None) -> bool:
        """Index the versions from ``head`` back to what is known; False when ``tip``
        (the head indexed last time) is not among the ancestors of ``head``."""
        if head is None:
            return tip is None
        repo = self.library.repo
        store = repo.object_store
        found_tip = tip is None
        new: dict[str, Commit] = {}
        stack = [head]
        while stack:
            cid = stack.pop()
            text = cid.decode()
            if text in new:
                continue
            if self._known(text):
                found_tip = found_tip or text == tip
                continue
            commit = repo[cid]
            assert isinstance(commit, Commit)
            new[text] = commit
            stack.extend(commit.parents)
        if not found_tip:
            return False
        # parents before children: each version's number is above its parents'
        row = self.db.execute("SELECT MAX(seq) FROM commits").fetchone()
        seq = (row[0] or 0) if row else 0
        done: set[str] = set()
        order: list[str] = []
        for start in new:
            todo = [(start, False)]
            while todo:
                cid_text, ready = todo.pop()
                if cid_text in done:
                    continue
                if ready:
                    done.add(cid_text)
                    order.append(cid_text)
                    continue
                todo.append((cid_text, True))
                for parent in new[cid_text].parents:
                    if parent.decode() in new and parent.decode() not in done:
                        todo.append((parent.decode(), False))
        commits, touches = [], []
        for cid_text in order:
            commit = new[cid_text]
            seq += 1
            info = commit_info(commit)
            commits.append(
                (
                    cid_text,
                    seq,
                    " ".join(info.parents),
                    commit.author_time,
                    commit.author_timezone,
                    info.author,
                    info.email,
                    info.message,
                )
            )
            for path, blob in _touched(store, commit).items():
                touches.append((path, cid_text, blob))
        self.db.executemany("INSERT OR IGNORE INTO commits VALUES (?,?,?,?,?,?,?,?)", commits)
        self.db.executemany("INSERT INTO touches VALUES (?,?,?)", touches)
        return True

    def versions(self, rel: str) -> list[tuple[str, str, int, int, str, str, str, str]]:
        return self.db.execute(
            "SELECT c.id, c.parents, c.time, c.tz, c.author, c.email, c.message, t.blob "
            "FROM touches t JOIN commits c ON c.id = t.id WHERE t.path = ? "
            "ORDER BY c.seq DESC",
            (rel,),
        ).fetchall()

    def recent(self, limit: int) -> list[tuple[str, str, int, int, str, str, str]]:
        return self.db.execute(
            "SELECT c.id, c.parents, c.time, c.tz, c.author, c.message, "
            "(SELECT group_concat(path, char(10)) FROM touches t WHERE t.id = c.id) "
            "FROM commits c ORDER BY c.seq DESC LIMIT ?",
            (limit,),
        ).fetchall()


def _touched(store: object, commit: Commit) -> dict[str, str]:
    """Files whose content differs from every parent's (git's own rule for a file's
    history): path -> blob id, '' when deleted."""
    from dulwich.object_store import BaseObjectStore

    assert isinstance(store, BaseObjectStore)
    if not commit.parents:
        return {
            e.path.decode("utf-8", "surrogateescape"): e.sha.decode()
            for e in store.iter_tree_contents(commit.tree)
            if e.path is not None and e.sha is not None
        }
    common: dict[str, str] | None = None
    for parent_id in commit.parents:
        parent = store[parent_id]
        assert isinstance(parent, Commit)
        changed: dict[str, str] = {}
        for (old_path, new_path), _modes, (_old, new_sha) in store.tree_changes(
            parent.tree, commit.tree
        ):
            if new_path is not None:
                changed[new_path.decode("utf-8", "surrogateescape")] = (
                    new_sha.decode() if new_sha else ""
                )
            elif old_path is not None:
                changed[old_path.decode("utf-8", "surrogateescape")] = ""
        common = changed if common is None else {k: v for k, v in common.items() if k in changed}
    return common or {}


# --- releases --------------------------------------------------------------------------------

_REF_BAD = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|/\.|\.lock(?=/|$)")


def _ref_part(text: str) -> str:
    cleaned = _REF_BAD.sub("_", text).strip("/.") or "_"
    return re.sub(r"/+", "/", cleaned)


def release_key(rel: str) -> str:
    """The tag prefix of a plan's releases: its path without the suffix."""
    stem = rel[: -len(PLAN_SUFFIX)] if rel.endswith(PLAN_SUFFIX) else rel
    return "/".join(_ref_part(part) for part in stem.split("/"))


def release_tag(rel: str, name: str) -> str:
    """'单位/综合应急预案@1.1': readable on any git host, one per plan and release."""
    return f"{release_key(rel)}@{_ref_part(name).replace('/', '_')}"


@dataclass(frozen=True)
class Release:
    name: str
    tag: str
    commit: str
    when: dt.datetime | None


def releases(library: LibraryRepo, rel: str) -> list[Release]:
    """A plan's releases, oldest first."""
    key = release_key(rel)
    folder, _, stem = key.rpartition("/")
    base = b"refs/tags/" + (folder.encode() + b"/" if folder else b"")
    out: list[Release] = []
    for name, sha in library.repo.refs.as_dict(Ref(base.rstrip(b"/"))).items():
        text = name.decode("utf-8", "replace")
        if "/" in text or not text.startswith(stem + "@"):
            continue
        when = None
        obj = library.repo[sha]
        if isinstance(obj, Tag):
            zone = dt.timezone(dt.timedelta(seconds=obj.tag_timezone))
            when = dt.datetime.fromtimestamp(obj.tag_time, zone)
            while isinstance(obj, Tag):
                obj = library.repo[obj.object[1]]
        if not isinstance(obj, Commit):
            continue
        if when is None:
            zone = dt.timezone(dt.timedelta(seconds=obj.commit_timezone))
            when = dt.datetime.fromtimestamp(obj.commit_time, zone)
        message = ""
        tag_obj = library.repo[sha]
        if isinstance(tag_obj, Tag):
            message = tag_obj.message.decode("utf-8", "replace")
        release_name = _release_name(message) or text[len(stem) + 1 :]
        out.append(
            Release(release_name, (folder + "/" if folder else "") + text, obj.id.decode(), when)
        )
    moments = [r.when for r in out]
    seq: dict[str, int] = {}
    if len(set(moments)) < len(moments):  # released within one second: ask the history
        cache = HistoryCache(library)
        try:
            cache.update()
            seq = dict(cache.db.execute("SELECT id, seq FROM commits").fetchall())
        finally:
            cache.close()
    out.sort(key=lambda r: (r.when or _EPOCH, seq.get(r.commit, 0)))
    return out


_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


_NAME_LINE = re.compile(r"^发布版本\s+(\S+)", re.MULTILINE)


def _release_name(message: str) -> str | None:
    match = _NAME_LINE.search(message)
    return match.group(1) if match else None


@dataclass
class ReleaseResult:
    name: str
    commit: str
    tag: str
    summary: str
    first: bool  # no release before this one


def _load_current(path: Path) -> Plan:
    from app.storage.plans import load_plan

    try:
        loaded = load_plan(path)
    except LoadError as exc:
        raise HistoryError(str(path), exc.message, hint=exc.hint) from None
    if loaded.dropped:
        raise HistoryError(
            str(path),
            T(
                f"预案有 {len(loaded.dropped)} 处格式错误，发布时会丢失这些内容",
                f"The plan has {len(loaded.dropped)} malformed value(s) a release would lose",
            ),
            hint=T("请先用 validate 查看并改正", "Check it with validate and fix them first"),
        )
    return loaded.model


def default_release_name(plan: Plan, previous: list[Release]) -> str:
    """The next release: one up from the last release, else the plan's own version
    (unless its 修订记录 already has it)."""
    if previous:
        return next_version(previous[-1].name)
    version = plan.meta.version.strip() or "1.0"
    if any(r.version == version for r in plan.meta.revision_history):
        return next_version(version)
    return version


def next_release_name(path: str | Path) -> str:
    """What 发布版本 proposes for the plan now."""
    plan_path = Path(path)
    with _library_for(plan_path) as library:
        previous = releases(library, library.rel(plan_path))
    return default_release_name(_load_current(plan_path), previous)


def release_summary(lines: list[str]) -> str:
    """A 修订记录 entry from the changes: the first few spelled out, the rest counted."""
    shown = lines[:MAX_SUMMARY_ITEMS]
    text = "；".join(shown)
    if len(lines) > len(shown):
        text += f"；等共 {len(lines)} 处修改"
    return text


def release(
    path: str | Path,
    author: Author,
    *,
    name: str | None = None,
    today: dt.date | None = None,
) -> ReleaseResult:
    """发布版本: name a release of the plan and add it to the plan's 修订记录."""
    plan_path = Path(path)
    library = LibraryRepo.find(plan_path)
    if library is None:
        raise HistoryError(
            str(plan_path),
            T("该预案所在文件夹尚未开启版本记录", "The plan's folder does not keep versions"),
            hint=T("请先在预案库中开启版本记录", "Turn versions on for the library first"),
        )
    if not plan_path.name.endswith(PLAN_SUFFIX):
        raise HistoryError(str(plan_path), T("只有预案文件可以发布版本", "Only plans are released"))
    today = today or dt.date.today()
    with library, library.locked():
        rel = library.rel(plan_path)
        _record_unlocked(library, [rel], author)
        plan = _load_current(plan_path)
        previous = releases(library, rel)
        release_name = (name or default_release_name(plan, previous)).strip()
        if not release_name:
            raise HistoryError(str(plan_path), T("版本号不能为空", "The version is empty"))
        if any(r.name == release_name for r in previous):
            raise HistoryError(
                str(plan_path),
                T(f"版本 {release_name} 已经发布过", f"Release {release_name} exists already"),
                hint=T("请换一个版本号", "Choose another version number"),
            )
        if previous:
            base_plan = _plan_of(library.read(ObjectID(previous[-1].commit.encode()), rel), rel)
        else:
            cache = HistoryCache(library)
            try:
                cache.update()
                rows = cache.versions(rel)
            finally:
                cache.close()
            oldest = next((r for r in reversed(rows) if r[7]), None)
            base_plan = (
                _plan_of(library.read_blob(ObjectID(oldest[7].encode())), rel) if oldest else None
            )
        lines = _meaningful(diff_plans(base_plan, plan), release=True) if base_plan else []
        if not lines and previous:
            raise HistoryError(
                str(plan_path),
                T(
                    f"自上次发布（{previous[-1].name}）以来预案没有修改",
                    f"Nothing changed since the last release ({previous[-1].name})",
                ),
            )
        summary = release_summary(lines) if lines else "首次发布"
        revise_plan(plan, summary, date=today, author=author.name, version=release_name)
        save_plan(plan, plan_path)
        commit = library.record(
            {rel: dumps_plan(plan).encode("utf-8")},
            message_for(
                lines or ["首次发布"], f"发布版本 {release_name}：{_subject(lines or ['首次发布'])}"
            ),
            author,
        )
        tag = release_tag(rel, release_name)
        library.tag(tag, commit, f"发布版本 {release_name}\n\n{summary}", author)
    return ReleaseResult(release_name, commit.decode(), tag, summary, not previous)


# --- history, versions, compare, restore -------------------------------------------------------


def _library_for(path: Path) -> LibraryRepo:
    library = LibraryRepo.find(path)
    if library is None:
        root = find_root(path)
        if root is not None:
            LibraryRepo.open(root)  # raises with the reason
        raise HistoryError(
            str(path),
            T("该文件所在文件夹尚未开启版本记录", "The file's folder does not keep versions"),
            hint=T("请先在预案库中开启版本记录", "Turn versions on for the library first"),
        )
    return library


def plan_history(path: str | Path) -> list[Version]:
    """A file's versions, newest first."""
    file_path = Path(path)
    with _library_for(file_path) as library:
        rel = library.rel(file_path)
        cache = HistoryCache(library)
        try:
            cache.update()
            rows = cache.versions(rel)
        finally:
            cache.close()
        named: dict[str, list[str]] = {}
        for r in releases(library, rel):
            named.setdefault(r.commit, []).append(r.name)
    out: list[Version] = []
    for cid, parents, when, tz, author, email, message, blob in rows:
        subject, details = _split_message(message)
        zone = dt.timezone(dt.timedelta(seconds=tz))
        out.append(
            Version(
                cid,
                author,
                email,
                dt.datetime.fromtimestamp(when, zone),
                subject,
                details,
                rel,
                deleted=not blob,
                merge=len(parents.split()) > 1,
                releases=named.get(cid, []),
                blob=blob,
            )
        )
    return out


def library_history(root: str | Path, limit: int = 50) -> list[LibraryVersion]:
    """The library's latest versions, newest first, with the files each touched."""
    with LibraryRepo.open(root) as library:
        cache = HistoryCache(library)
        try:
            cache.update()
            rows = cache.recent(limit)
        finally:
            cache.close()
    out = []
    for cid, parents, when, tz, author, message, paths in rows:
        zone = dt.timezone(dt.timedelta(seconds=tz))
        out.append(
            LibraryVersion(
                cid,
                author,
                dt.datetime.fromtimestamp(when, zone),
                _split_message(message)[0],
                sorted((paths or "").split("\n")) if paths else [],
                merge=len(parents.split()) > 1,
            )
        )
    return out


def resolve_version(library: LibraryRepo, rel: str, spec: str) -> ObjectID | None:
    """The commit a version name means (None for ``current``); HistoryError if unknown."""
    text = spec.strip()
    if text.lower() in (CURRENT, "当前"):
        return None
    for r in releases(library, rel):
        if r.name == text:
            return ObjectID(r.commit.encode())
    if re.fullmatch(r"[0-9a-fA-F]{4,40}", text):
        cache = HistoryCache(library)
        try:
            cache.update()
            ids = [row[0] for row in cache.versions(rel) if row[0].startswith(text.lower())]
            if not ids:  # any version of the library, even one not touching the file
                ids = [
                    row[0]
                    for row in cache.db.execute(
                        "SELECT id FROM commits WHERE id LIKE ?", (text.lower() + "%",)
                    ).fetchall()
                ]
        finally:
            cache.close()
        if len(ids) == 1:
            return ObjectID(ids[0].encode())
        if len(ids) > 1:
            raise HistoryError(
                rel,
                T(f"“{text}”对应多个版本，请多写几位", f"'{text}' matches several versions"),
            )
    raise HistoryError(
        rel,
        T(f"找不到版本“{text}”", f"No version '{text}'"),
        hint=T(
            "可用 library history 查看版本号和发布名称",
            "library history lists the versions and releases",
        ),
    )


def version_text(path: str | Path, spec: str) -> bytes:
    """The file's content at a version (``current``: as on disk)."""
    file_path = Path(path)
    with _library_for(file_path) as library:
        rel = library.rel(file_path)
        commit = resolve_version(library, rel, spec)
        data = _read(library, rel) if commit is None else library.read(commit, rel)
    if data is None:
        raise HistoryError(
            str(file_path),
            T(f"版本“{spec}”中没有这个文件", f"The file does not exist in version '{spec}'"),
        )
    return data


def plan_at(path: str | Path, spec: str) -> Plan:
    data = version_text(path, spec)
    plan = _plan_of(data, str(path))
    if plan is None:
        raise HistoryError(
            str(path),
            T(f"版本“{spec}”中的预案无法读取", f"The plan in version '{spec}' cannot be read"),
        )
    return plan


def compare(path: str | Path, old: str, new: str = CURRENT) -> PlanDiff:
    """Two versions of a plan, compared as the 修订对照表 compares them."""
    return diff_plans(plan_at(path, old), plan_at(path, new))


def restore(path: str | Path, spec: str, author: Author) -> str | None:
    """Make an old version the newest: its content is saved (the file on disk is kept
    as .bak) and recorded as a new version. Returns the new version id, or None when
    the file already holds that content."""
    file_path = Path(path)
    with _library_for(file_path) as library, library.locked():
        rel = library.rel(file_path)
        commit = resolve_version(library, rel, spec)
        if commit is None:
            return None
        _record_unlocked(library, [rel], author)  # the edits on disk stay in the history
        data = library.read(commit, rel)
        if data is None:
            raise HistoryError(
                str(file_path),
                T(f"版本“{spec}”中没有这个文件", f"The file does not exist in version '{spec}'"),
            )
        head = library.head()
        old = library.read(head, rel)
        if old == data:
            return None
        from app.storage.atomic import write_atomic

        file_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(file_path, data)
        label = _version_label(library, rel, commit)
        lines = describe_change(rel, old, data)
        new = library.record({rel: data}, message_for(lines, f"恢复到{label}"), author)
    return new.decode()


def _version_label(library: LibraryRepo, rel: str, commit: ObjectID) -> str:
    names = [r.name for r in releases(library, rel) if r.commit == commit.decode()]
    if names:
        return f"发布版本 {names[-1]}"
    info = commit_info(library.commit(commit))
    return f" {info.when:%Y-%m-%d %H:%M} 的版本（{info.author}）"


__all__ = [
    "CURRENT",
    "HistoryCache",
    "LibraryVersion",
    "Release",
    "ReleaseResult",
    "Version",
    "compare",
    "describe_change",
    "library_history",
    "next_release_name",
    "plan_at",
    "plan_history",
    "record_pending",
    "record_version",
    "release",
    "release_tag",
    "releases",
    "resolve_version",
    "restore",
    "start",
    "version_text",
]
