"""Append-only journals (JSON Lines) that survive a crash or a power cut.

A drill session records every event as one line of JSON in a journal file. The rules:

* ``JournalWriter.append`` writes the whole line, flushes it and fsyncs the file before
  it returns. An entry is recorded only once ``append`` has returned; the UI must not
  show it as recorded before that.
* Lines are only ever added. Each line carries ``seq`` (0, 1, 2, …) and ``type``; line
  0 is the header (``type: "session"``, ``schema: plandrill/journal@1``).
* A crash in the middle of a write can leave a partial last line. Reading tolerates
  it and reports it (with its line number); reopening for append cuts it off first,
  so new entries never glue onto the fragment. Only an entry whose ``append`` never
  returned can be lost this way.
* A damaged line in the middle (disk fault, hand edit) is reported as an error with
  its line number and skipped; the lines around it are still read. Reading never
  raises for content; ``LoadError`` only when the file is missing, unreadable or not
  a journal at all.
* One writer at a time: the writer holds an OS lock on the file, released by the
  OS if the process dies.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.i18n import T
from app.model.problems import Problem, Severity
from app.storage.atomic import _fsync_dir, os_error_reason
from app.storage.errors import LoadError, SaveError
from app.storage.guard import check_input, read_input

JOURNAL_SCHEMA = "plandrill/journal@1"
HEADER_TYPE = "session"
MAX_JOURNAL_BYTES = 256 * 1024 * 1024
_LOCK_OFFSET = 0x7FFF_FFFF


@dataclass(frozen=True)
class Entry:
    """One journal line: its sequence number, type and all its fields."""

    seq: int
    type: str
    data: dict[str, Any]
    line: int = 0

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass
class JournalRead:
    """What was read from a journal file, and what was wrong with it."""

    path: Path
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    torn_line: int | None = None  # the partial last line a crash left, if any
    good_bytes: int = 0  # length of the file up to the end of the last good line

    @property
    def header(self) -> Entry:
        return self.entries[0]

    @property
    def damaged(self) -> bool:
        """True when a line other than a torn last line was unreadable."""
        return any(p.severity is Severity.ERROR for p in self.problems)


def _torn(path: Path, line: int) -> Problem:
    return Problem(
        Severity.WARNING,
        "journal.torn_tail",
        T(
            f"演练记录第 {line} 行不完整（程序上次异常退出时未写完），已忽略；此前的记录完整",
            f"line {line} of the drill record is incomplete (the program stopped while writing it); "
            "it was ignored and every earlier entry is intact",
        ),
        line=line,
        file=str(path),
    )


def _damaged(path: Path, line: int, why: T) -> Problem:
    return Problem(
        Severity.ERROR,
        "journal.damaged_line",
        T(
            f"演练记录第 {line} 行已损坏（{why.zh}），已跳过；其后的记录照常读取",
            f"line {line} of the drill record is damaged ({why.en}); it was skipped and "
            "the lines after it were read",
        ),
        line=line,
        file=str(path),
        hint=T(
            "该文件可能被手工修改或磁盘出错，请保留原文件备查",
            "The file may have been edited by hand or hit a disk fault; keep it for inspection",
        ),
    )


def _not_a_journal(path: Path, why: T) -> LoadError:
    return LoadError(
        str(path),
        T(f"这不是 PlanDrill 演练记录：{why.zh}", f"Not a PlanDrill drill record: {why.en}"),
        line=1,
    )


# Times are seconds (a few hours), scores 0–100, seeds below 2**63: a number beyond
# these bounds, Infinity or NaN comes from a damaged or forged line, never from a session.
MAX_JOURNAL_FLOAT = 1e10
MAX_JOURNAL_INT = 2**63


class _BadNumber(ValueError):
    pass


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_JOURNAL_FLOAT:
        raise _BadNumber(text)
    return value


def _int(text: str) -> int:
    if len(text) > 20:
        raise _BadNumber(text[:20])
    value = int(text)
    if abs(value) > MAX_JOURNAL_INT:
        raise _BadNumber(text)
    return value


def _constant(text: str) -> Any:
    raise _BadNumber(text)  # Infinity, -Infinity, NaN


def _parse(raw: bytes) -> tuple[dict[str, Any] | None, T | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, T("不是 UTF-8 文本", "not UTF-8 text")
    try:
        obj = json.loads(text, parse_float=_float, parse_int=_int, parse_constant=_constant)
    except _BadNumber as exc:
        return None, T(
            f"含有无效或超出范围的数值（{exc}）", f"holds an invalid or huge number ({exc})"
        )
    except ValueError:
        return None, T("不是有效的 JSON", "not valid JSON")
    if not isinstance(obj, dict):
        return None, T("不是 JSON 对象", "not a JSON object")
    if not isinstance(obj.get("seq"), int) or isinstance(obj.get("seq"), bool):
        return None, T("缺少序号 seq", "no 'seq' number")
    if not isinstance(obj.get("type"), str):
        return None, T("缺少类型 type", "no 'type'")
    return obj, None


def read_journal(path: str | Path) -> JournalRead:
    """Read every good entry; report a torn last line and damaged lines as problems."""
    p = Path(path)
    if not os.path.lexists(p):
        raise LoadError(str(p), T("演练记录文件不存在", "The drill record does not exist"))
    raw = read_input(
        p,
        max_bytes=MAX_JOURNAL_BYTES,
        too_large_hint=T("这不像是演练记录文件", "This does not look like a drill record"),
    ).data
    out = JournalRead(p)
    if not raw.strip(b"\x00 \r\n\t"):
        raise _not_a_journal(p, T("文件是空的", "the file is empty"))
    chunks = raw.split(b"\n")
    complete, tail = chunks[:-1], chunks[-1]
    offset = 0
    expected = 0
    for index, chunk in enumerate(complete, start=1):
        offset += len(chunk) + 1
        if not chunk.strip():
            continue  # a blank line carries nothing; tolerate it quietly
        obj, why = _parse(chunk.rstrip(b"\r"))
        if obj is None:
            if index == 1:
                raise _not_a_journal(p, why or T("", ""))
            out.problems.append(_damaged(p, index, why or T("", "")))
            expected += 1  # it held one entry: do not also report a gap after it
            continue
        if index == 1 and (obj.get("type") != HEADER_TYPE or obj.get("schema") != JOURNAL_SCHEMA):
            raise _not_a_journal(p, T("缺少记录头", "no journal header"))
        if obj["seq"] != expected:
            out.problems.append(
                _damaged(
                    p,
                    index,
                    T(
                        f"序号为 {obj['seq']}，应为 {expected}",
                        f"sequence number {obj['seq']}, expected {expected}",
                    ),
                )
            )
        expected = obj["seq"] + 1
        out.entries.append(Entry(obj["seq"], obj["type"], obj, index))
        out.good_bytes = offset
    if tail.strip(b"\x00 \r\t"):
        # A line without its newline: its append never returned. Keep it if it is whole.
        line = len(complete) + 1
        obj, _why = _parse(tail.rstrip(b"\r"))
        if obj is not None and obj["seq"] == expected and out.entries:
            out.entries.append(Entry(obj["seq"], obj["type"], obj, line))
            out.good_bytes = len(raw)
        elif not out.entries:
            raise _not_a_journal(p, T("缺少记录头", "no journal header"))
        else:
            out.torn_line = line
            out.problems.append(_torn(p, line))
    if not out.entries:
        raise _not_a_journal(p, T("缺少记录头", "no journal header"))
    return out


def _dumps(obj: dict[str, Any]) -> bytes:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8") + b"\n"


def _lock(fd: int, path: Path) -> None:
    """Hold an exclusive lock so two windows never write one journal."""
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            # Lock one byte far past the end: Windows locks are mandatory, and a lock
            # on real content would stop readers (session lists, metrics) as well.
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            finally:
                os.lseek(fd, 0, os.SEEK_END)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise SaveError(
            str(path),
            T(
                "该演练记录正被另一个窗口或程序使用",
                "Another window or program is using this drill record",
            ),
            hint=T("请先关闭另一处打开的同一场演练", "Close the other copy of this session first"),
        ) from None


def _save_error(path: Path, exc: OSError) -> SaveError:
    reason = os_error_reason(exc)
    return SaveError(
        str(path),
        T(f"无法写入演练记录：{reason.zh}", f"Cannot write the drill record: {reason.en}"),
        hint=T(
            "最后一条未记录成功；请检查磁盘空间和写入权限",
            "The last entry was not recorded; check disk space and permissions",
        ),
    )


class JournalWriter:
    """Appends entries to one journal file, each fsynced before ``append`` returns."""

    def __init__(self, path: Path, fd: int, next_seq: int) -> None:
        self.path = path
        self._fd = fd
        self._next = next_seq

    @property
    def next_seq(self) -> int:
        return self._next

    @classmethod
    def create(cls, path: str | Path, header: dict[str, Any]) -> JournalWriter:
        """Create a new journal (never overwrites) and write its header as entry 0."""
        p = Path(path)
        try:
            # 0600: a journal holds evaluators' notes and marks; it is data, never executable
            fd = os.open(
                p, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
            )
        except FileExistsError:
            raise SaveError(
                str(p), T("演练记录文件已存在", "The drill record already exists")
            ) from None
        except OSError as exc:
            raise _save_error(p, exc) from None
        try:
            _lock(fd, p)
        except SaveError:
            os.close(fd)
            raise
        writer = cls(p, fd, 0)
        try:
            writer.append(HEADER_TYPE, {"schema": JOURNAL_SCHEMA, **header})
        except BaseException:
            writer.close()  # a journal without its header is no journal: remove it
            with contextlib.suppress(OSError):
                p.unlink()
            raise
        with contextlib.suppress(OSError):
            _fsync_dir(p.parent if str(p.parent) else Path("."))
        return writer

    @classmethod
    def reopen(cls, path: str | Path) -> tuple[JournalWriter, JournalRead]:
        """Open an existing journal for appending, after cutting off a torn last line."""
        p = Path(path)
        if os.path.lexists(p):
            check_input(p)  # a FIFO or a device is no journal to append to
        try:
            fd = os.open(p, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            raise LoadError(
                str(p), T("演练记录文件不存在", "The drill record does not exist")
            ) from None
        except OSError as exc:
            raise _save_error(p, exc) from None
        try:
            _lock(fd, p)
            read = read_journal(p)  # read under the lock: nobody else appends now
            size = os.fstat(fd).st_size
            if read.good_bytes < size:
                os.ftruncate(fd, read.good_bytes)
            os.lseek(fd, 0, os.SEEK_END)
            if read.good_bytes and not _ends_with_newline(fd, read.good_bytes):
                os.write(fd, b"\n")  # a whole last entry that lacked only its newline
            os.fsync(fd)
        except OSError as exc:
            os.close(fd)
            raise _save_error(p, exc) from None
        except BaseException:
            os.close(fd)
            raise
        return cls(p, fd, read.entries[-1].seq + 1), read

    def append(self, type_: str, fields: dict[str, Any] | None = None) -> Entry:
        """Write one entry; it is on disk when this returns. Raises SaveError."""
        if self._fd < 0:
            raise SaveError(str(self.path), T("演练记录已关闭", "The drill record is closed"))
        obj: dict[str, Any] = {"seq": self._next, "type": type_, **(fields or {})}
        obj["seq"], obj["type"] = self._next, type_
        data = _dumps(obj)
        start = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as exc:
            with contextlib.suppress(OSError):  # leave no fragment for the next entry
                os.ftruncate(self._fd, start)
            raise _save_error(self.path, exc) from None
        self._next += 1
        return Entry(obj["seq"], type_, obj)

    def close(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ends_with_newline(fd: int, size: int) -> bool:
    os.lseek(fd, size - 1, os.SEEK_SET)
    last = os.read(fd, 1)
    os.lseek(fd, 0, os.SEEK_END)
    return last == b"\n"


__all__ = [
    "HEADER_TYPE",
    "JOURNAL_SCHEMA",
    "Entry",
    "JournalRead",
    "JournalWriter",
    "read_journal",
]
