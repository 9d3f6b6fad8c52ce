"""The append-only journal: fsync per entry, torn last lines, damaged lines, locking."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.model.problems import Severity
from app.storage.drills import (
    find_unfinished,
    journal_path,
    list_sessions,
    new_session_id,
)
from app.storage.errors import LoadError, SaveError
from app.storage.journal import JOURNAL_SCHEMA, JournalWriter, read_journal


def _write(path: Path, n: int = 3) -> None:
    with JournalWriter.create(path, {"session": "s1"}) as w:
        for i in range(n):
            w.append("note", {"text": f"第{i}条"})


def test_entries_round_trip_with_header(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    with JournalWriter.create(path, {"session": "s1", "drill": {"meta": {"title": "演练"}}}) as w:
        entry = w.append("note", {"text": "换行\n也不破坏一行一条", "who": "张三"})
        assert entry.seq == 1
    read = read_journal(path)
    assert [e.seq for e in read.entries] == [0, 1]
    assert read.header.get("schema") == JOURNAL_SCHEMA
    assert read.entries[1].get("text") == "换行\n也不破坏一行一条"
    assert read.problems == [] and read.torn_line is None
    assert len(path.read_bytes().splitlines()) == 2


def test_append_is_fsynced_before_it_returns(tmp_path: Path, monkeypatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    path = tmp_path / "a.journal.jsonl"
    w = JournalWriter.create(path, {"session": "s1"})
    before = len(synced)
    w.append("note", {"text": "x"})
    assert len(synced) == before + 1
    # and the bytes are in the file, readable by another reader, before append returned
    assert read_journal(path).entries[-1].get("text") == "x"
    w.close()


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    _write(path)
    before = path.read_bytes()
    with pytest.raises(SaveError):
        JournalWriter.create(path, {"session": "s2"})
    assert path.read_bytes() == before


def test_torn_last_line_is_tolerated_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    _write(path, 3)
    with path.open("ab") as f:
        f.write(b'{"seq":4,"type":"note","text":"\xe5\x86')  # cut mid-character
    read = read_journal(path)
    assert [e.seq for e in read.entries] == [0, 1, 2, 3]
    assert read.torn_line == 5
    assert not read.damaged
    [problem] = read.problems
    assert problem.severity is Severity.WARNING
    assert problem.line == 5
    assert "第 5 行" in problem.message.zh and "line 5" in problem.message.en


def test_whole_last_entry_without_newline_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    _write(path, 1)
    with path.open("ab") as f:
        f.write(b'{"seq":2,"type":"note","text":"done"}')
    read = read_journal(path)
    assert read.entries[-1].get("text") == "done"
    assert read.problems == []
    w, _ = JournalWriter.reopen(path)
    assert w.append("note", {"text": "after"}).seq == 3
    w.close()
    assert [e.seq for e in read_journal(path).entries] == [0, 1, 2, 3]


def test_reopen_cuts_the_torn_tail_then_appends(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    _write(path, 2)
    with path.open("ab") as f:
        f.write(b'{"seq":3,"ty')
    w, read = JournalWriter.reopen(path)
    assert read.torn_line == 4
    assert w.append("note", {"text": "继续"}).seq == 3
    w.close()
    again = read_journal(path)
    assert [e.seq for e in again.entries] == [0, 1, 2, 3]
    assert again.problems == []


def test_zero_filled_tail_after_power_cut(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    _write(path, 2)
    with path.open("ab") as f:
        f.write(b"\x00" * 4096)
    read = read_journal(path)
    assert [e.seq for e in read.entries] == [0, 1, 2]
    w, _ = JournalWriter.reopen(path)
    w.append("note", {"text": "x"})
    w.close()
    assert read_journal(path).problems == []


def test_damaged_middle_line_is_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    _write(path, 4)
    lines = path.read_bytes().split(b"\n")
    lines[2] = b'{"seq":2,"type":"note","te##garbage'
    path.write_bytes(b"\n".join(lines))
    read = read_journal(path)
    assert [e.seq for e in read.entries] == [0, 1, 3, 4]
    assert read.damaged
    [problem] = [p for p in read.problems if p.severity is Severity.ERROR]
    assert problem.line == 3
    assert "第 3 行已损坏" in problem.message.zh


def test_sequence_gap_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    _write(path, 4)
    lines = path.read_bytes().split(b"\n")
    del lines[2]
    path.write_bytes(b"\n".join(lines))
    read = read_journal(path)
    assert read.damaged
    assert any("序号为 3，应为 2" in p.message.zh for p in read.problems)


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"not json\n", b'{"seq":0,"type":"note"}\n', b"\xff\xfe\x00garbage", b"[1,2]\n"],
)
def test_not_a_journal_is_a_load_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.journal.jsonl"
    path.write_bytes(content)
    with pytest.raises(LoadError) as err:
        read_journal(path)
    assert err.value.message.zh


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        read_journal(tmp_path / "nope.journal.jsonl")
    assert "不存在" in err.value.message.zh


@pytest.mark.skipif(os.name != "posix", reason="flock semantics")
def test_one_writer_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    w = JournalWriter.create(path, {"session": "s1"})
    with pytest.raises(SaveError) as err:
        JournalWriter.reopen(path)
    assert "另一个" in err.value.message.zh
    w.close()
    w2, _ = JournalWriter.reopen(path)
    w2.close()


def test_failed_write_leaves_no_fragment(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.journal.jsonl"
    w = JournalWriter.create(path, {"session": "s1"})
    real_write = os.write

    def half_then_fail(fd: int, data) -> int:  # type: ignore[no-untyped-def]
        if fd == w._fd:
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_fail)
    with pytest.raises(SaveError) as err:
        w.append("note", {"text": "这一条写不进去"})
    assert "未记录成功" in (err.value.hint.zh if err.value.hint else "")
    monkeypatch.setattr(os, "write", real_write)
    assert w.append("note", {"text": "下一条"}).seq == 1
    w.close()
    read = read_journal(path)
    assert read.problems == []
    assert [e.get("text") for e in read.entries[1:]] == ["下一条"]


def test_lines_are_plain_json(tmp_path: Path) -> None:
    path = tmp_path / "a.journal.jsonl"
    _write(path, 2)
    for line in path.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        assert isinstance(obj["seq"], int) and isinstance(obj["type"], str)


# --- sessions next to a drill ------------------------------------------------------------


def test_session_files_sit_next_to_the_drill(tmp_path: Path) -> None:
    drill = tmp_path / "演练 一.drill.yaml"
    assert journal_path(drill, "20260315-093000").name == "演练 一.20260315-093000.journal.jsonl"
    first = new_session_id(drill)
    journal_path(drill, first).write_text("x")
    assert new_session_id(drill) != first


def test_list_sessions_and_find_unfinished(tmp_path: Path) -> None:
    drill = tmp_path / "d.drill.yaml"
    drill.write_text("schema: plandrill/drill@1\n", encoding="utf-8")
    with JournalWriter.create(
        journal_path(drill, "20260101-090000"), {"session": "20260101-090000"}
    ) as w:
        w.append("start")
        w.append("end")
    with JournalWriter.create(
        journal_path(drill, "20260102-090000"), {"session": "20260102-090000"}
    ) as w:
        w.append("start")
    with JournalWriter.create(
        journal_path(drill, "20260103-090000"), {"session": "20260103-090000"}
    ) as w:
        w.append("start")
    broken = journal_path(drill, "20260104-090000")
    broken.write_bytes(b"garbage\n")
    (tmp_path / "other.20260105-090000.journal.jsonl").write_text("{}")  # another drill's
    sessions = list_sessions(drill)
    assert [s.id for s in sessions] == [
        "20260104-090000",
        "20260103-090000",
        "20260102-090000",
        "20260101-090000",
    ]
    assert not sessions[0].readable
    assert [s.finished for s in sessions[1:]] == [False, False, True]
    unfinished = find_unfinished(drill)
    assert unfinished is not None and unfinished.id == "20260103-090000"


def test_a_cut_anywhere_keeps_every_whole_entry_before_it(tmp_path: Path) -> None:
    """A power cut can stop the file at any byte: what precedes the cut is always kept."""
    path = tmp_path / "full.journal.jsonl"
    with JournalWriter.create(path, {"session": "s1"}) as w:
        for i in range(12):
            w.append("note", {"text": "记录" * (i + 1), "n": i})
    data = path.read_bytes()
    header_end = data.index(b"\n") + 1
    ends = [i + 1 for i, byte in enumerate(data) if byte == 0x0A]
    cut_file = tmp_path / "cut.journal.jsonl"
    for cut in range(header_end, len(data) + 1):
        cut_file.write_bytes(data[:cut])
        read = read_journal(cut_file)
        whole = sum(end <= cut for end in ends)
        partial = cut not in ends
        kept = [e.seq for e in read.entries]
        # a whole last entry missing only its newline is kept too
        assert kept[:whole] == list(range(whole)), cut
        assert len(kept) in (whole, whole + 1)
        assert not read.damaged
        assert (read.torn_line is not None) == (partial and len(kept) == whole)
        w, _ = JournalWriter.reopen(cut_file)
        w.append("note", {"text": "续写"})
        w.close()
        again = read_journal(cut_file)
        assert again.problems == [] and [e.seq for e in again.entries] == list(range(len(kept) + 1))


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_new_journal_is_private_data_not_an_executable(tmp_path: Path) -> None:
    """Issue 18 item 10: the journal was created 0755 (os.open's default mode)."""
    import stat

    path = tmp_path / "a.journal.jsonl"
    old = os.umask(0o022)
    try:
        _write(path, 1)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
