"""Library history at scale: 500 plans with 50 versions each (run by hand, not collected).

    python tests/benchmarks/bench_history.py [--plans 500] [--versions 50] [--keep DIR]

The library is generated once into a temp folder (or ``--keep DIR``, reused when it is
already there): 500 plans in folders of 50, then 50 versions of each, one plan per
version, as a planner's saves make them (25,000 versions, each with its author, time
and what changed), with a release every 10 versions; a copy of the repository is the
shared location, as on an office's shared drive. Measured, against the targets:

* history of one plan (its 50 versions, who, when, what, releases): the first time in a
  session, which builds the history cache, and afterwards (target ≤ 0.2 s);
* sync with no changes: record, fetch, compare, send nothing (target ≤ 1 s);
* one save recorded as a version, and sync after one such save.

``bench_all.py`` runs the same measures and adds them to its table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGETS = {"history": 0.2, "sync": 1.0}
START = dt.datetime(2020, 1, 6, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
AUTHORS = [
    b"\xe5\xbc\xa0\xe4\xb8\x89 <zhangsan@example.cn>",
    b"\xe6\x9d\x8e\xe5\x9b\x9b <lisi@example.cn>",
]


def _plan_text(n: int, version: int) -> bytes:
    """A plan of a few kilobytes; each version changes one contact's mobile."""
    from app.storage import templates

    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = templates.render_template_text("confined-space-onsite", {}, use_examples=True)
    text = _TEMPLATE.replace("  title: ", f"  title: （{n:03d}）", 1)
    return (text + f"\n# 版本 {version}：值班手机 139{n:04d}{version:04d}\n").encode("utf-8")


_TEMPLATE: str | None = None


def build(folder: Path, plans: int, versions: int) -> Path:
    """The library folder with its history, and a shared copy beside it."""
    from dulwich.index import commit_tree
    from dulwich.objects import Blob, Commit, Tag
    from dulwich.refs import Ref

    from app.library.history import release_tag
    from app.library.repo import LibraryRepo

    library_dir = folder / "预案库"
    if (library_dir / ".git").is_dir() and (folder / "共享" / "预案库.git").is_dir():
        return library_dir
    shutil.rmtree(folder, ignore_errors=True)
    library_dir.mkdir(parents=True)
    library = LibraryRepo.init(library_dir)
    store = library.repo.object_store
    names = [f"单位{n // 50:02d}/现场处置方案-{n:03d}.plan.yaml" for n in range(plans)]
    files: dict[bytes, Any] = {}
    objects: list[tuple[Any, None]] = []
    parent = None
    moment = START

    def commit(message: str, author: bytes) -> Any:
        nonlocal parent, moment
        tree = commit_tree(
            _Memory(objects, store), [(p, sha, 0o100644) for p, sha in sorted(files.items())]
        )
        c = Commit()
        c.tree, c.parents = tree, [parent] if parent is not None else []
        c.author = c.committer = author
        c.author_time = c.commit_time = int(moment.timestamp())
        c.author_timezone = c.commit_timezone = 8 * 3600
        c.encoding = b"UTF-8"
        c.message = message.encode("utf-8") + b"\n"
        objects.append((c, None))
        parent = c.id
        moment += dt.timedelta(minutes=7)
        return c

    for n, name in enumerate(names):
        blob = Blob.from_string(_plan_text(n, 0))
        objects.append((blob, None))
        files[name.encode()] = blob.id
    commit(f"开启版本记录：{plans} 个文件", AUTHORS[0])
    tags: list[tuple[bytes, bytes]] = []
    for v in range(1, versions):
        for n, name in enumerate(names):
            blob = Blob.from_string(_plan_text(n, v))
            objects.append((blob, None))
            files[name.encode()] = blob.id
            c = commit(
                f"修改 通讯录 值班室：手机 139{n:04d}{v - 1:04d} → 139{n:04d}{v:04d}",
                AUTHORS[(n + v) % 2],
            )
            if v % 10 == 0:
                tag = Tag()
                tag.name = release_tag(name, f"1.{v // 10}").encode()
                tag.tagger = AUTHORS[0]
                tag.message = f"发布版本 1.{v // 10}\n".encode()
                tag.object = (Commit, c.id)
                tag.tag_time, tag.tag_timezone = c.commit_time, 8 * 3600
                objects.append((tag, None))
                tags.append((b"refs/tags/" + tag.name, tag.id))
        if len(objects) > 20_000:
            store.add_objects(objects)
            objects.clear()
    store.add_objects(objects)
    library.repo.refs[Ref(b"refs/heads/main")] = parent
    for ref, sha in tags:
        library.repo.refs[Ref(ref)] = sha
    for name in names:  # the folder holds the newest version of every plan
        path = library.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(library.read(parent, name) or b"")
    library.refresh_index(names)
    shared = folder / "共享" / "预案库.git"
    shutil.copytree(library_dir / ".git", shared)
    config = shared / "config"
    config.write_text(config.read_text("utf-8").replace("bare = false", "bare = true"), "utf-8")
    from app.library.sync import set_remote

    set_remote(library, str(shared))
    library.repo.refs[Ref(b"refs/remotes/origin/main")] = parent
    library.close()
    return library_dir


class _Memory:
    """commit_tree's object store: new trees go to the pack being built."""

    def __init__(self, objects: list[tuple[Any, None]], store: Any) -> None:
        self.objects = objects
        self.store = store

    def add_object(self, obj: Any) -> None:
        self.objects.append((obj, None))


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def measure(folder: Path, plans: int = 500, versions: int = 50, repeat: int = 5) -> dict[str, Any]:
    from app.library import history, sync
    from app.library.repo import Author, LibraryRepo

    started = time.perf_counter()
    library_dir = build(folder, plans, versions)
    built = time.perf_counter() - started
    with LibraryRepo.open(library_dir) as library:
        cache = library.state / history.CACHE_NAME
    if cache.exists():
        cache.unlink()
    middle = plans // 2
    plan = library_dir / f"单位{middle // 50:02d}" / f"现场处置方案-{middle:03d}.plan.yaml"
    first = timed(lambda: history.plan_history(plan), 1)[0]
    rows = history.plan_history(plan)
    warm = timed(lambda: history.plan_history(plan), repeat)
    author = Author("张三", "zhangsan@example.cn")
    sync.sync(library_dir, author)  # the first sync of a session opens the packs
    nothing = timed(lambda: sync.sync(library_dir, author), repeat)
    assert sync.sync(library_dir, author).up_to_date
    text = plan.read_text("utf-8")

    def one_save() -> None:
        plan.write_text(text + f"\n# 保存于 {time.time()}\n", "utf-8")
        history.record_version(plan, author)

    saves = timed(one_save, repeat)
    after_save = timed(lambda: (one_save(), sync.sync(library_dir, author)), 2)
    return {
        "built_s": built,
        "versions": len(rows),
        "releases": sum(len(r.releases) for r in rows),
        "history_first_s": first,
        "history_s": warm,
        "sync_s": nothing,
        "save_s": saves,
        "save_sync_s": after_save,
    }


def rows_for(
    result: dict[str, Any], plans: int, versions: int
) -> list[tuple[str, str, str, bool | None]]:
    best = min(result["history_s"])
    sync_best = min(result["sync_s"])
    name = f"{plans} plans × {versions} versions"
    return [
        (
            f"history of one plan ({name})",
            f"{best * 1000:.0f} ms (median {statistics.median(result['history_s']) * 1000:.0f}; "
            f"{result['versions']} versions, first in a session {result['history_first_s']:.1f} s)",
            f"≤ {TARGETS['history'] * 1000:.0f} ms",
            best <= TARGETS["history"],
        ),
        (
            "sync with no changes",
            f"{sync_best * 1000:.0f} ms (median {statistics.median(result['sync_s']) * 1000:.0f})",
            f"≤ {TARGETS['sync']:.1f} s",
            sync_best <= TARGETS["sync"],
        ),
        (
            "save recorded as a version; then sync",
            f"{min(result['save_s']) * 1000:.0f} ms; {min(result['save_sync_s']) * 1000:.0f} ms",
            "",
            None,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--versions", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="plandrill-history-"))
    try:
        result = measure(folder, args.plans, args.versions)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"library generated in {result['built_s']:.0f} s")
    for name, value, target, ok in rows_for(result, args.plans, args.versions):
        mark = "" if ok is None else ("yes" if ok else "NO")
        print(f"{name:<48} {value:<60} {target:<9} {mark}")
    return (
        0 if all(ok is not False for *_, ok in rows_for(result, args.plans, args.versions)) else 1
    )


if __name__ == "__main__":
    os.environ.setdefault("PLANDRILL_LANG", "zh")
    sys.exit(main())
