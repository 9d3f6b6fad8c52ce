"""Autosave and crash-recovery files (Qt-free).

While a document has unsaved changes, the editor writes its whole text to a recovery
file every few seconds. A clean close (or a save) removes the file; after a crash or a
power cut it is still there, and the next start offers to restore it.

Each recovery file is one JSON object (so it is written in one atomic step) holding the
document's YAML text and where it came from. The folder is passed in: the UI decides
where user data lives (``PLANDRILL_HOME`` in tests), this module only reads and writes.

A file belongs to an editor *session*. A session is live while its process runs and it
has not been closed; files of sessions that are not live are orphans, i.e. left by a
crash, and are the ones to offer for restoring.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import T
from app.storage.atomic import write_atomic
from app.storage.errors import LoadError, SaveError
from app.storage.guard import read_input

RECOVERY_SUFFIX = ".recovery.json"
MAX_RECOVERY_BYTES = 64 * 1024 * 1024  # the text of a plan (16 MB at most), escaped as JSON
FORMAT = 1


def new_session_id() -> str:
    return uuid.uuid4().hex[:12]


def this_host() -> str:
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (never kills anything)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return True  # never called elsewhere; tells the type checker what follows is Windows
    import ctypes
    from ctypes import wintypes

    query_limited_information = 0x1000
    still_active = 259
    error_access_denied = 5
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == error_access_denied
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


@dataclass(frozen=True)
class RecoveryEntry:
    """One recovery file: a document's text as it was at the last autosave."""

    key: str
    file: Path
    session: str
    pid: int
    host: str
    schema: str
    title: str
    original: str | None  # the file the document was opened from or saved to
    saved_at: dt.datetime
    text: str

    @property
    def original_path(self) -> Path | None:
        return Path(self.original) if self.original else None


@dataclass
class Scan:
    entries: list[RecoveryEntry] = field(default_factory=list)
    broken: list[Path] = field(default_factory=list)


class RecoveryStore:
    """Recovery files in one folder, one file per open document."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}{RECOVERY_SUFFIX}"

    def write(
        self,
        key: str,
        text: str,
        *,
        session: str,
        schema: str,
        title: str = "",
        original: str | Path | None = None,
        now: dt.datetime | None = None,
    ) -> Path:
        """Write (or replace) the recovery file for ``key`` atomically."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SaveError(
                str(self.folder),
                T(
                    f"无法创建自动保存文件夹：{exc.strerror or exc}",
                    f"Cannot create the autosave folder: {exc.strerror or exc}",
                ),
            ) from None
        payload = {
            "format": FORMAT,
            "key": key,
            "session": session,
            "pid": os.getpid(),
            "host": this_host(),
            "schema": schema,
            "title": title,
            "original": str(original) if original else None,
            "saved_at": (now or dt.datetime.now(dt.UTC)).isoformat(),
            "text": text,
        }
        data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
        target = self.path_for(key)
        write_atomic(target, data, backup=False)
        return target

    def discard(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(key).unlink()

    def scan(self) -> Scan:
        """Every readable recovery file, newest first; unreadable ones listed apart."""
        out = Scan()
        if not self.folder.is_dir():
            return out
        for file in sorted(self.folder.glob(f"*{RECOVERY_SUFFIX}")):
            entry = _read_entry(file)
            if entry is None:
                out.broken.append(file)
            else:
                out.entries.append(entry)
        out.entries.sort(key=lambda e: e.saved_at, reverse=True)
        return out

    def orphans(self, live_sessions: Collection[str] = ()) -> list[RecoveryEntry]:
        """Recovery files whose editor is gone: the ones to offer after a crash.

        A file is kept out of the list while its session is live: listed in
        ``live_sessions`` (this process), or owned by another process still running on
        this machine.
        """
        me = os.getpid()
        host = this_host()
        out = []
        for entry in self.scan().entries:
            if entry.session in live_sessions:
                continue
            if entry.host == host and entry.pid != me and process_alive(entry.pid):
                continue
            out.append(entry)
        return out

    def set_aside(self, path: Path) -> Path | None:
        """Rename an unreadable recovery file so it is not offered again; keep it."""
        target = path.with_name(path.name + ".broken")
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target


def _read_entry(file: Path) -> RecoveryEntry | None:
    try:
        payload = json.loads(read_input(file, max_bytes=MAX_RECOVERY_BYTES).data.decode("utf-8"))
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            return None
        saved_at = dt.datetime.fromisoformat(str(payload["saved_at"]))
        text = payload["text"]
        if not isinstance(text, str):
            return None
        original = payload.get("original")
        return RecoveryEntry(
            key=str(payload["key"]),
            file=file,
            session=str(payload["session"]),
            pid=int(payload["pid"]),
            host=str(payload.get("host", "")),
            schema=str(payload.get("schema", "")),
            title=str(payload.get("title", "")),
            original=str(original) if original else None,
            saved_at=saved_at,
            text=text,
        )
    except (OSError, LoadError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
