"""The one way a user's file is read: regular files only, and never more than a limit.

Every entry point (validate, export, package, diff, drill, library, import-docx, the
editor's Open, journals, reference documents, template overrides) reads the files a
user names through ``read_input``:

* the path is followed through symlinks and what it finally names must be a regular
  file: a folder, a FIFO (which would block the reader for ever), a device such as
  ``/dev/zero`` (which never ends) or a socket is refused, naming what it is;
* the file is opened without blocking and checked again on the open descriptor, so a
  file swapped for a FIFO between the two looks is refused too;
* the read stops one byte past the limit: the limit applies to what is read, not to
  what ``stat`` says (a file that grows while it is read, a size the system misreports);
* the content hash (SHA-256) of what was read comes with it, so a later save can tell
  whether the file changed on disk since (``app.storage.atomic.write_atomic(expect=)``).

Qt-free; raises ``LoadError`` with a Chinese (and English) message naming the file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from app.i18n import T
from app.storage.errors import LoadError

MB = 1024 * 1024
CHUNK = 1 * MB

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block open()
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def digest(data: bytes) -> str:
    """The content hash the storage layer compares files by."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Input:
    """What was read from a user's file, and its content hash."""

    path: Path
    data: bytes
    digest: str


def _size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def _limit_text(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"


def _kind_of(mode: int) -> T | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return T("这是一个文件夹，不是文件", "This is a folder, not a file")
    if stat.S_ISFIFO(mode):
        return T(
            "这是一个管道（FIFO），不是普通文件，读取它会一直等待",
            "This is a pipe (FIFO), not a regular file; reading it would wait for ever",
        )
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return T("这是一个设备文件，不是普通文件", "This is a device, not a regular file")
    if stat.S_ISSOCK(mode):
        return T("这是一个套接字（socket），不是普通文件", "This is a socket, not a regular file")
    return T("这不是普通文件", "This is not a regular file")


def _link_note(path: Path) -> tuple[str, str]:
    """ " (a symlink to X)" when ``path`` is a symlink, in both languages."""
    try:
        if not path.is_symlink():
            return "", ""
        target = os.path.realpath(path)
    except (OSError, ValueError):
        return "", ""
    return f"（符号链接，指向 {target}）", f" (a symbolic link to {target})"


def _not_regular(name: str, path: Path, kind: T, hint: T | None) -> LoadError:
    zh, en = _link_note(path)
    return LoadError(
        name,
        T(f"{kind.zh}{zh}", f"{kind.en}{en}"),
        hint=hint
        or T(
            "请选择一个普通文件（预案 .plan.yaml、演练 .drill.yaml 或 Word .docx）",
            "Choose a regular file (a .plan.yaml plan, a .drill.yaml drill or a .docx)",
        ),
    )


def _too_large(name: str, size: int | None, limit: int, hint: T | None) -> LoadError:
    if size is None:  # the file grew past the limit while it was read
        message = T(
            f"文件过大（读取时已超过上限 {_limit_text(limit)}）",
            f"File too large (past the {_limit_text(limit)} limit while reading)",
        )
    else:
        message = T(
            f"文件过大（{_size_text(size)}，上限 {_limit_text(limit)}）",
            f"File too large ({_size_text(size)}; limit {_limit_text(limit)})",
        )
    return LoadError(
        name,
        message,
        hint=hint or T("请确认选择的文件是否正确", "Check that this is the right file"),
    )


def _os_error(name: str, exc: OSError) -> LoadError:
    if isinstance(exc, FileNotFoundError):
        return LoadError(name, T("文件不存在", "File not found"))
    if isinstance(exc, IsADirectoryError):
        return LoadError(name, T("这是一个文件夹，不是文件", "This is a folder, not a file"))
    if isinstance(exc, PermissionError):
        return LoadError(
            name,
            T(
                "没有读取权限，或文件正被其他程序占用",
                "No permission to read, or another program holds the file",
            ),
            hint=T("请关闭占用该文件的程序后重试", "Close the other program and try again"),
        )
    if exc.errno == errno.ELOOP:
        return LoadError(
            name,
            T("符号链接形成了循环，指不到任何文件", "The symbolic links form a loop"),
        )
    if exc.errno == errno.ENAMETOOLONG:
        return LoadError(name, T("文件名或路径过长", "The file name or path is too long"))
    if exc.errno == errno.EIO:
        return LoadError(
            name,
            T("读取时磁盘出错（输入/输出错误）", "The disk failed while reading (I/O error)"),
        )
    reason = exc.strerror or type(exc).__name__
    return LoadError(name, T(f"读取失败：{reason}", f"Read failed: {reason}"))


def check_input(path: str | Path, *, hint: T | None = None) -> os.stat_result:
    """The ``stat`` of what ``path`` names, if it is a regular file; else ``LoadError``.

    A dangling symlink is reported as such; symlinks are followed to their target.
    """
    p = Path(path)
    name = str(p)
    try:
        info = os.stat(p)
    except FileNotFoundError:
        if os.path.lexists(p):
            target = os.path.realpath(p)
            raise LoadError(
                name,
                T(
                    f"这是一个符号链接，它指向的文件不存在：{target}",
                    f"This symbolic link points to a file that does not exist: {target}",
                ),
            ) from None
        raise _os_error(name, FileNotFoundError()) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        if isinstance(exc, ValueError):
            raise LoadError(name, T("文件名无效", "Invalid file name")) from None
        raise _os_error(name, exc) from None
    kind = _kind_of(info.st_mode)
    if kind is not None:
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(name, kind)
        raise _not_regular(name, p, kind, hint)
    return info


def is_regular_file(path: str | Path, max_bytes: int | None = None) -> bool:
    """Whether ``path`` names a regular file (within ``max_bytes``): for optional
    inputs such as pictures, which are skipped rather than refused."""
    try:
        info = check_input(path)
    except LoadError:
        return False
    return max_bytes is None or info.st_size <= max_bytes


def read_input(
    path: str | Path,
    *,
    max_bytes: int,
    hint: T | None = None,
    too_large_hint: T | None = None,
) -> Input:
    """Read a user's file with every check applied; raises ``LoadError`` saying why not.

    ``hint`` goes with a refusal of something that is no regular file, ``too_large_hint``
    with a file over ``max_bytes``.
    """
    p = Path(path)
    name = str(p)
    info = check_input(p, hint=hint)
    if info.st_size > max_bytes:
        raise _too_large(name, info.st_size, max_bytes, too_large_hint)
    try:
        fd = os.open(p, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_error(name, exc) from None
    try:
        opened = os.fstat(fd)
        kind = _kind_of(opened.st_mode)
        if kind is not None:  # replaced between the two looks
            raise _not_regular(name, p, kind, hint)
        if getattr(os, "O_NONBLOCK", 0):  # back to blocking reads for a regular file
            os.set_blocking(fd, True)
        buffer = bytearray()
        while len(buffer) <= max_bytes:
            chunk = os.read(fd, min(CHUNK, max_bytes + 1 - len(buffer)))
            if not chunk:
                break
            buffer += chunk
        if len(buffer) > max_bytes:
            raise _too_large(name, None, max_bytes, too_large_hint)
    except OSError as exc:
        raise _os_error(name, exc) from None
    finally:
        os.close(fd)
    data = bytes(buffer)
    return Input(p, data, digest(data))


def current_digest(path: str | Path, *, max_bytes: int) -> str | None:
    """The content hash of the file at ``path`` now; None when it is absent or cannot
    be read as a regular file within ``max_bytes`` (callers treat that as "changed")."""
    try:
        return read_input(path, max_bytes=max_bytes).digest
    except LoadError:
        return None


__all__ = [
    "Input",
    "check_input",
    "current_digest",
    "digest",
    "is_regular_file",
    "read_input",
]
