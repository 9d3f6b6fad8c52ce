"""A library folder as a git repository: the plumbing under history and sharing.

The repository is a real one (``.git`` in the library folder; the git command line and
any git host read it), written with dulwich so that users need no git installed.
PlanDrill versions the files it understands (plans, drills and drill journals); other
files already in the repository are carried along untouched.

Every write to the repository happens under ``LibraryRepo.locked()``: an operating-system
lock on ``.git/plandrill/lock`` (released by the system when a process dies), so two
PlanDrill processes never write at once, and lock files a killed process left behind
(``index.lock``, ``refs/heads/main.lock`` …) can be swept away safely. Objects are
written before the branch moves, and the branch moves in one atomic rename, so a kill at
any moment leaves the previous version or the new one, never a broken repository.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import re
import socket
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dulwich.errors import NotGitRepository
from dulwich.index import IndexEntry, commit_tree, index_entry_from_stat
from dulwich.objects import Blob, Commit, ObjectID, Tag, Tree
from dulwich.refs import Ref
from dulwich.repo import Repo

from app.i18n import T
from app.library.facts import DRILL_SUFFIX, PLAN_SUFFIX
from app.storage.atomic import os_error_reason, write_atomic
from app.storage.errors import StorageError

GIT_DIR = ".git"
STATE_DIR = "plandrill"  # PlanDrill's own files inside .git: lock, history cache, merge state
JOURNAL_SUFFIX = ".journal.jsonl"
VERSIONED_SUFFIXES = (PLAN_SUFFIX, DRILL_SUFFIX, JOURNAL_SUFFIX)
SKIP_DIRS = {GIT_DIR, ".venv", "__pycache__", "node_modules"}
BRANCH = b"main"
FILE_MODE = 0o100644
LOCK_TIMEOUT_S = 15.0
# Local ignores (not committed): backups, temp files of atomic saves, Word's lock files.
EXCLUDES = "*.bak\n.*.tmp\n~$*\n*.docx\n*.zip\n"

Changes = dict[str, bytes | None]  # library-relative posix path -> new content (None: delete)


class HistoryError(StorageError):
    """A history or sharing operation failed; the library is left as it was."""


@dataclass(frozen=True)
class Author:
    """Who a version is recorded for: the 修订人 of the plan's history."""

    name: str
    email: str

    def identity(self) -> bytes:
        name = re.sub(r"[<>\n]", "", self.name).strip() or "PlanDrill"
        email = re.sub(r"[<>\s]", "", self.email) or "plandrill@localhost"
        return f"{name} <{email}>".encode()

    @classmethod
    def parse(cls, text: str) -> Author:
        """'张三 <zhang@example.cn>' or just '张三'."""
        match = re.fullmatch(r"\s*(.*?)\s*<([^<>]*)>\s*", text)
        if match:
            return cls(match.group(1), match.group(2))
        name = text.strip()
        return cls(name, _default_email())


def _default_email() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment (a service, a container)
        user = "planner"
    host = re.sub(r"[^A-Za-z0-9.-]", "", socket.gethostname()) or "localhost"
    return f"{re.sub(r'[^A-Za-z0-9._-]', '', user) or 'planner'}@{host}"


def default_author(root: Path | None = None) -> Author:
    """The author when the app's settings name none: the repository's user.name/email
    (set by the git command line, if ever), else the computer's account name."""
    name = email = ""
    if root is not None:
        with contextlib.suppress(NotGitRepository, OSError, KeyError):
            config = Repo(str(root)).get_config_stack()
            with contextlib.suppress(KeyError):
                name = config.get((b"user",), b"name").decode("utf-8", "replace")
            with contextlib.suppress(KeyError):
                email = config.get((b"user",), b"email").decode("utf-8", "replace")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = T("编制人员", "planner").zh
    return Author(name, email or _default_email())


def is_versioned_name(name: str) -> bool:
    return name.endswith(VERSIONED_SUFFIXES) and not name.startswith((".", "~$"))


def find_root(path: str | Path) -> Path | None:
    """The library folder (holding ``.git``) that contains ``path``, if any."""
    here = Path(os.path.abspath(path))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / GIT_DIR).is_dir():
            return folder
    return None


def _ns(value: int | float | tuple[int, int]) -> int:
    if isinstance(value, tuple):
        return value[0] * 1_000_000_000 + value[1]
    return int(value * 1_000_000_000)


@dataclass(frozen=True)
class CommitInfo:
    id: str
    author: str  # the name only
    email: str
    when: dt.datetime  # aware, in the author's time zone
    message: str
    parents: tuple[str, ...]

    @property
    def short(self) -> str:
        return self.id[:8]

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]


def commit_info(commit: Commit) -> CommitInfo:
    raw = commit.author.decode("utf-8", "replace")
    match = re.fullmatch(r"(.*?)\s*<([^>]*)>", raw)
    name, email = (match.group(1), match.group(2)) if match else (raw, "")
    zone = dt.timezone(dt.timedelta(seconds=commit.author_timezone))
    return CommitInfo(
        commit.id.decode(),
        name,
        email,
        dt.datetime.fromtimestamp(commit.author_time, zone),
        commit.message.decode("utf-8", "replace").strip(),
        tuple(p.decode() for p in commit.parents),
    )


class LibraryRepo:
    """One library folder with its repository."""

    def __init__(self, root: Path, repo: Repo) -> None:
        self.root = root
        self.repo = repo
        self.state = Path(repo.controldir()) / STATE_DIR
        # objects reach the disk before the branch names them (git's own setting for
        # this is spelled differently by each git version: set it here, not in config)
        store = repo.object_store
        if hasattr(store, "fsync_object_files"):
            store.fsync_object_files = True

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, root: str | Path) -> LibraryRepo:
        folder = Path(root)
        try:
            repo = Repo(str(folder))
        except NotGitRepository:
            raise HistoryError(
                str(folder),
                T("该文件夹尚未开启版本记录", "This folder does not keep versions yet"),
                hint=T(
                    "在预案库窗口中点“开启版本记录”，或运行 library history FOLDER --start",
                    "Turn versions on in the library window, or run library history FOLDER --start",
                ),
            ) from None
        except OSError as exc:
            raise HistoryError(
                str(folder), _because("无法读取版本记录", "Cannot read the versions", exc)
            ) from None
        if repo.bare:
            raise HistoryError(
                str(folder),
                T("这是共享用的版本库，不是预案库文件夹", "This is a shared store, not a library"),
                hint=T("请打开预案库所在的文件夹", "Open the library folder instead"),
            )
        library = cls(folder, repo)
        if not library.is_marked():
            raise HistoryError(
                str(folder),
                T(
                    "该文件夹是一个未由 PlanDrill 管理的版本库",
                    "This folder is a repository PlanDrill does not manage",
                ),
                hint=T(
                    "如需由 PlanDrill 记录版本，请运行 library history FOLDER --start",
                    "To let PlanDrill keep its versions, run library history FOLDER --start",
                ),
            )
        return library

    def is_marked(self) -> bool:
        """Whether PlanDrill keeps this library's versions (set when versions were turned
        on or the library was fetched from a shared store): saves record versions only
        there, never in some other repository a plan happens to sit in."""
        try:
            return self.repo.get_config().get_boolean((b"plandrill",), b"library", False)
        except (KeyError, ValueError):
            return False

    @classmethod
    def find(cls, path: str | Path) -> LibraryRepo | None:
        root = find_root(path)
        if root is None:
            return None
        try:
            return cls.open(root)
        except HistoryError:
            return None

    @classmethod
    def init(cls, root: str | Path) -> LibraryRepo:
        """Make ``root`` a library with versions (an empty repository on branch main,
        or the repository already there, now managed by PlanDrill)."""
        folder = Path(root)
        if (folder / GIT_DIR).exists():
            try:
                repo = Repo(str(folder))
            except (NotGitRepository, OSError):
                raise HistoryError(
                    str(folder / GIT_DIR),
                    T("文件夹中的 .git 不是可用的版本库", "The folder's .git is not a repository"),
                ) from None
            library = cls(folder, repo)
            library.configure()
            return library
        try:
            repo = Repo.init(str(folder), default_branch=BRANCH)
        except OSError as exc:
            raise HistoryError(
                str(folder),
                _because("无法开启版本记录", "Cannot turn versions on", exc),
            ) from None
        library = cls(folder, repo)
        library.configure()
        return library

    def configure(self) -> None:
        """Settings every PlanDrill library has: file names as written, local ignores."""
        config = self.repo.get_config()
        config.set((b"plandrill",), b"library", True)
        config.set((b"core",), b"quotepath", False)  # Chinese file names as they are
        config.write_to_path()
        info = Path(self.repo.controldir()) / "info"
        info.mkdir(exist_ok=True)
        exclude = info / "exclude"
        if not exclude.exists() or "*.bak" not in exclude.read_text("utf-8", "replace"):
            with open(exclude, "a", encoding="utf-8") as handle:
                handle.write(EXCLUDES)

    def close(self) -> None:
        self.repo.close()

    def __enter__(self) -> LibraryRepo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- locking -------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
        """Hold the library's write lock; sweep what killed writers left behind."""
        self.state.mkdir(parents=True, exist_ok=True)
        handle = open(self.state / "lock", "a+b")  # noqa: SIM115 (held for the block)
        try:
            deadline = time.monotonic() + timeout
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    raise HistoryError(
                        str(self.root),
                        T(
                            "预案库正被另一个窗口或命令使用",
                            "Another window or command is using the library",
                        ),
                        hint=T("请稍后再试", "Try again in a moment"),
                    )
                time.sleep(0.05)
            try:
                self._sweep_stale_locks()
                yield
            finally:
                _unlock(handle)
        finally:
            handle.close()

    def _sweep_stale_locks(self) -> None:
        # We hold the library lock, so no PlanDrill writer is running: a *.lock file
        # dulwich writes through (index, refs, loose objects) is a killed writer's.
        control = Path(self.repo.controldir())
        for folder, _dirs, files in os.walk(control):
            for name in files:
                if name.endswith(".lock"):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(folder, name))
        for leftover in (control / "objects" / "pack").glob("tmp_pack_*"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    # --- paths ---------------------------------------------------------------------------

    def rel(self, path: str | Path) -> str:
        """The library-relative posix path of a file inside the library."""
        full = Path(os.path.abspath(path))
        base = Path(os.path.abspath(self.root))
        try:
            rel = full.relative_to(base)
        except ValueError:
            raise HistoryError(
                str(path),
                T("该文件不在预案库文件夹中", "The file is not inside the library folder"),
            ) from None
        return rel.as_posix()

    def path(self, rel: str) -> Path:
        return self.root.joinpath(*rel.split("/"))

    # --- reading -------------------------------------------------------------------------

    def head(self) -> ObjectID | None:
        try:
            return self.repo.refs[Ref(b"HEAD")]
        except KeyError:
            return None

    def branch_ref(self) -> Ref:
        chain, _ = self.repo.refs.follow(Ref(b"HEAD"))
        return chain[-1] if chain else Ref(b"refs/heads/" + BRANCH)

    def commit(self, commit_id: ObjectID | str) -> Commit:
        obj = self.repo[commit_id.encode() if isinstance(commit_id, str) else commit_id]
        if isinstance(obj, Tag):
            obj = self.repo[obj.object[1]]
        if not isinstance(obj, Commit):
            raise KeyError(commit_id)
        return obj

    def files(self, commit_id: ObjectID | None) -> dict[str, ObjectID]:
        """Every file of a version: path -> blob id."""
        if commit_id is None:
            return {}
        tree = self.commit(commit_id).tree
        return {
            entry.path.decode("utf-8", "surrogateescape"): entry.sha
            for entry in self.repo.object_store.iter_tree_contents(tree)
            if entry.path is not None
            and entry.sha is not None
            and entry.mode is not None
            and stat.S_ISREG(entry.mode)
        }

    def blob_at(self, commit_id: ObjectID | None, rel: str) -> ObjectID | None:
        if commit_id is None:
            return None
        tree: Tree | Blob = self.repo[self.commit(commit_id).tree]  # type: ignore[assignment]
        for part in rel.split("/"):
            if not isinstance(tree, Tree):
                return None
            try:
                _mode, sha = tree[part.encode("utf-8", "surrogateescape")]
            except KeyError:
                return None
            tree = self.repo[sha]  # type: ignore[assignment]
        return tree.id if isinstance(tree, Blob) else None

    def read_blob(self, blob_id: ObjectID) -> bytes:
        blob = self.repo[blob_id]
        assert isinstance(blob, Blob)
        return blob.as_raw_string()

    def read(self, commit_id: ObjectID | None, rel: str) -> bytes | None:
        blob = self.blob_at(commit_id, rel)
        return self.read_blob(blob) if blob is not None else None

    def working_files(self) -> list[str]:
        """The versioned files in the folder now (plans, drills, journals)."""
        out: list[str] = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                if is_versioned_name(name):
                    out.append(self.rel(Path(folder) / name))
        return out

    def working_blob(
        self, rel: str, index: dict[bytes, IndexEntry] | None = None
    ) -> ObjectID | None:
        """The blob id of the file as it is on disk (None if absent); the index's stat
        cache spares reading files that did not change."""
        path = self.path(rel)
        try:
            st = path.stat()
        except OSError:
            return None
        if index is not None:
            entry = index.get(rel.encode("utf-8", "surrogateescape"))
            if (
                entry is not None
                and entry.size == st.st_size
                and _ns(entry.mtime) == st.st_mtime_ns
                and (not entry.ino or entry.ino == st.st_ino)
            ):
                return entry.sha
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return Blob.from_string(data).id

    def _index_entries(self) -> dict[bytes, IndexEntry]:
        try:
            index = self.repo.open_index()
        except (OSError, ValueError):
            return {}
        return {path: e for path, e in index.items() if isinstance(e, IndexEntry)}

    def pending(self, only: Iterable[str] | None = None) -> dict[str, ObjectID | None]:
        """Versioned files whose content on disk differs from the current version:
        path -> blob id on disk (None: deleted)."""
        head_files = self.files(self.head())
        index = self._index_entries()
        if only is not None:
            candidates = sorted(set(only))
        else:
            tracked = {p for p in head_files if is_versioned_name(p.rsplit("/", 1)[-1])}
            candidates = sorted(tracked | set(self.working_files()))
        out: dict[str, ObjectID | None] = {}
        for rel in candidates:
            now = self.working_blob(rel, index)
            if now != head_files.get(rel):
                out[rel] = now
        return out

    def tags(self) -> dict[str, list[str]]:
        """commit id -> the tag names pointing at it."""
        out: dict[str, list[str]] = {}
        for ref, sha in self.repo.refs.as_dict(Ref(b"refs/tags")).items():
            try:
                obj = self.repo[sha]
                while isinstance(obj, Tag):
                    obj = self.repo[obj.object[1]]
            except KeyError:
                continue
            out.setdefault(obj.id.decode(), []).append(ref.decode("utf-8", "replace"))
        return out

    # --- writing (under ``locked``) ---------------------------------------------------------

    def record(
        self,
        changes: Changes,
        message: str,
        author: Author,
        *,
        parents: list[ObjectID] | None = None,
        base: ObjectID | None = None,
        when: dt.datetime | None = None,
    ) -> ObjectID:
        """Commit ``changes`` on top of ``base`` (default: the current version) and move
        the branch there. The files on disk are not touched; the index learns the
        changed paths. Returns the new commit id."""
        store = self.repo.object_store
        old_head = self.head()
        start = base if base is not None else old_head
        files: dict[bytes, tuple[ObjectID, int]] = {}
        if start is not None:
            for entry in store.iter_tree_contents(self.commit(start).tree):
                assert entry.path is not None and entry.sha is not None and entry.mode is not None
                files[entry.path] = (entry.sha, entry.mode)
        for rel, data in changes.items():
            key = rel.encode("utf-8", "surrogateescape")
            if data is None:
                files.pop(key, None)
                continue
            blob = Blob.from_string(data)
            store.add_object(blob)
            files[key] = (blob.id, FILE_MODE)
        tree = commit_tree(store, [(p, sha, mode) for p, (sha, mode) in sorted(files.items())])
        moment = when or dt.datetime.now().astimezone()
        delta = moment.utcoffset()
        offset = int(delta.total_seconds()) if delta is not None else 0
        commit = Commit()
        commit.tree = tree
        commit.parents = parents if parents is not None else ([old_head] if old_head else [])
        commit.author = commit.committer = author.identity()
        commit.author_time = commit.commit_time = int(moment.timestamp())
        commit.author_timezone = commit.commit_timezone = offset
        commit.encoding = b"UTF-8"
        commit.message = message.strip().encode("utf-8") + b"\n"
        store.add_object(commit)
        ref = self.branch_ref()
        if old_head is None:
            ok = self.repo.refs.add_if_new(ref, commit.id)
        else:
            ok = self.repo.refs.set_if_equals(ref, old_head, commit.id)
        if not ok:
            raise HistoryError(
                str(self.root),
                T(
                    "版本记录被同时修改，未能记录",
                    "The versions changed meanwhile; nothing recorded",
                ),
                hint=T("请重试", "Try again"),
            )
        self.refresh_index(changes)
        return commit.id

    def refresh_index(self, paths: Iterable[str]) -> None:
        """Make the index say what the current version holds for ``paths``, with the
        files' stat when they match it (so ``git status`` shows them clean)."""
        try:
            index = self.repo.open_index()
        except (OSError, ValueError):
            return
        head_files = self.files(self.head())
        for rel in paths:
            key = rel.encode("utf-8", "surrogateescape")
            sha = head_files.get(rel)
            if sha is None:
                if key in index:
                    del index[key]
                continue
            try:
                st = self.path(rel).stat()
                on_disk = self.working_blob(rel)
            except OSError:
                st, on_disk = None, None
            if st is not None and on_disk == sha:
                index[key] = index_entry_from_stat(st, sha, FILE_MODE)
            else:  # the file differs from the version: an entry git will re-check
                index[key] = IndexEntry(0, 0, 0, 0, FILE_MODE, 0, 0, 0, sha)
        index.write()

    def write_file(self, rel: str, data: bytes | None) -> None:
        """Put a version's content in the folder (atomically), or remove the file."""
        path = self.path(rel)
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, backup=False)

    def tag(self, name: str, commit_id: ObjectID, message: str, author: Author) -> None:
        tag = Tag()
        tag.tagger = author.identity()
        tag.message = message.strip().encode("utf-8") + b"\n"
        tag.name = name.encode("utf-8")
        tag.object = (Commit, commit_id)
        moment = dt.datetime.now().astimezone()
        tag.tag_time = int(moment.timestamp())
        offset = moment.utcoffset()
        tag.tag_timezone = int(offset.total_seconds()) if offset else 0
        self.repo.object_store.add_object(tag)
        if not self.repo.refs.add_if_new(Ref(b"refs/tags/" + tag.name), tag.id):
            raise HistoryError(
                str(self.root),
                T(f"版本名称“{name}”已经用过", f"The release name '{name}' is taken"),
                hint=T("请换一个版本号", "Choose another version number"),
            )


def _because(zh: str, en: str, exc: OSError) -> T:
    reason = os_error_reason(exc)
    return T(f"{zh}：{reason.zh}", f"{en}: {reason.en}")


def _try_lock(handle: BinaryIO) -> bool:
    fileno = handle.fileno()
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fileno, 0, os.SEEK_SET)  # the lock covers the first byte
        try:
            msvcrt.locking(fileno, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fileno, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: BinaryIO) -> None:
    fileno = handle.fileno()
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fileno, 0, os.SEEK_SET)
            msvcrt.locking(fileno, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fileno, fcntl.LOCK_UN)
