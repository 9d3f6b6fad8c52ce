"""Recovery files: written atomically, found again after a crash, never offered while live."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.storage.errors import SaveError
from app.storage.recovery import (
    RECOVERY_SUFFIX,
    RecoveryStore,
    new_session_id,
    process_alive,
)


def test_write_and_scan_round_trip(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "recovery")
    written = store.write(
        "s1-1",
        "schema: plandrill/plan@1\nmeta:\n  title: 甲\n",
        session="s1",
        schema="plandrill/plan@1",
        title="甲预案",
        original=tmp_path / "甲.plan.yaml",
    )
    assert written.name == "s1-1" + RECOVERY_SUFFIX
    [entry] = store.scan().entries
    assert entry.key == "s1-1"
    assert entry.session == "s1"
    assert entry.pid == os.getpid()
    assert entry.title == "甲预案"
    assert entry.text.endswith("title: 甲\n")
    assert entry.original_path == tmp_path / "甲.plan.yaml"
    assert entry.saved_at.tzinfo is not None


def test_write_replaces_and_leaves_no_temp_or_backup(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write("k", "one", session="s", schema="x")
    store.write("k", "two", session="s", schema="x")
    assert [e.text for e in store.scan().entries] == ["two"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k" + RECOVERY_SUFFIX]


def test_untitled_document_has_no_original(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write("k", "text", session="s", schema="x")
    assert store.scan().entries[0].original_path is None


def test_discard_removes_and_tolerates_missing(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write("k", "text", session="s", schema="x")
    store.discard("k")
    store.discard("k")
    assert store.scan().entries == []


def test_scan_of_missing_folder_is_empty(tmp_path: Path) -> None:
    assert RecoveryStore(tmp_path / "nowhere").scan().entries == []


def test_newest_first(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    old = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    new = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    store.write("a", "old", session="s", schema="x", now=old)
    store.write("b", "new", session="s", schema="x", now=new)
    assert [e.key for e in store.scan().entries] == ["b", "a"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b'{"format": 99, "text": "x"}',
        b'{"format": 1}',
        b'{"format": 1, "key": "k", "session": "s", "pid": 1, "saved_at": "x", "text": "t"}',
        b'{"format": 1, "key": "k", "session": "s", "pid": 1, '
        b'"saved_at": "2024-01-01T00:00:00+00:00", "text": 5}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_broken_files_are_listed_apart(tmp_path: Path, content: bytes) -> None:
    store = RecoveryStore(tmp_path)
    store.write("good", "text", session="s", schema="x")
    bad = tmp_path / ("bad" + RECOVERY_SUFFIX)
    bad.write_bytes(content)
    scan = store.scan()
    assert [e.key for e in scan.entries] == ["good"]
    assert scan.broken == [bad]
    kept = store.set_aside(bad)
    assert kept is not None and kept.read_bytes() == content
    assert store.scan().broken == []


def test_orphans_skip_live_sessions_of_this_process(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write("live-1", "a", session="live", schema="x")
    store.write("dead-1", "b", session="dead", schema="x")
    assert [e.key for e in store.orphans(live_sessions={"live"})] == ["dead-1"]
    assert {e.key for e in store.orphans()} == {"live-1", "dead-1"}


def _rewrite_pid(path: Path, pid: int) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["pid"] = pid
    path.write_text(json.dumps(payload), encoding="utf-8")


def test_files_of_a_running_process_are_not_orphans(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        path = store.write("k", "text", session="other", schema="x")
        _rewrite_pid(path, child.pid)
        assert store.orphans() == []
    finally:
        child.kill()
        child.wait()
    assert [e.key for e in store.orphans()] == ["k"]


def test_process_alive() -> None:
    assert process_alive(os.getpid())
    assert not process_alive(0)
    assert not process_alive(-5)
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not process_alive(child.pid)


def test_unwritable_folder_raises_save_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = RecoveryStore(blocker / "recovery")
    with pytest.raises(SaveError) as info:
        store.write("k", "text", session="s", schema="x")
    assert "自动保存" in info.value.text("zh")


def test_session_ids_are_unique() -> None:
    ids = {new_session_id() for _ in range(200)}
    assert len(ids) == 200
