"""Atomic file replacement with a backup of the previous version.

The new content goes to a temporary file in the same folder, is flushed and fsynced,
and only then replaces the target in one ``os.replace``. A crash at any moment leaves
either the old file or the new one, never a mixture. The previous version is kept as
``<name>.bak``.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from app.i18n import T
from app.storage import names
from app.storage.errors import ConflictError, LoadError, SaveError
from app.storage.guard import check_input, current_digest, digest

BACKUP_SUFFIX = ".bak"
# A save killed midway leaves its temp file; the next save of the same file removes
# those older than this (a younger one may belong to a save still running elsewhere).
STALE_SECONDS = 600.0


# A temp file is named .<target>.<random>.tmp: the target's part is cut so that a target
# of 255 units or bytes still has a temp name the file system accepts.
_TEMP_STEM = names.MAX_COMPONENT - 16


def _temp_prefix(name: str) -> str:
    return f".{names.fit(name, _TEMP_STEM, _TEMP_STEM)}."


def backup_path(path: Path) -> Path:
    room = names.MAX_COMPONENT - len(BACKUP_SUFFIX)  # a name of 255 still has a backup
    return path.with_name(names.fit(path.name, room, room) + BACKUP_SUFFIX)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def os_error_reason(exc: OSError) -> T:
    """Why a write failed, in words a user can act on (not the C library's English)."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return T("磁盘空间不足", "the disk is full")
    if code == errno.EFBIG:
        return T(
            "文件超出了系统或磁盘配额允许的大小",
            "the file is larger than the system or quota allows",
        )
    if code == errno.EROFS:
        return T("所在磁盘为只读", "the drive is read-only")
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return T("没有写入权限", "no permission to write")
    reason = exc.strerror or str(exc)
    return T(f"系统错误：{reason}", f"system error: {reason}")


def _explain(exc: OSError, path: Path) -> tuple[T, T]:
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (
            T("磁盘空间不足，文件未保存", "The disk is full; nothing was saved"),
            T(
                "请清理磁盘空间或另存到其他位置，原文件未改动",
                "Free some space or save elsewhere; the original is untouched",
            ),
        )
    if code == errno.EROFS:
        return (
            T("所在磁盘为只读，无法保存", "The drive is read-only"),
            T("请另存到其他位置，原文件未改动", "Save elsewhere; the original is untouched"),
        )
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return (
            T(
                "没有写入权限，或文件正被其他程序（如 WPS、Word、杀毒软件）占用",
                "No permission to write, or another program (WPS, Word, antivirus) holds the file",
            ),
            T(
                "请关闭占用该文件的程序或另存到其他位置，原文件未改动",
                "Close the other program or save elsewhere; the original is untouched",
            ),
        )
    if code == errno.EFBIG:
        return (
            T(
                "文件超出了系统或磁盘配额允许的大小，文件未保存",
                "The file is larger than the system or quota allows; nothing was saved",
            ),
            T(
                "请另存到其他磁盘，或请管理员调整限制，原文件未改动",
                "Save to another drive or ask for the limit to be raised; the original is "
                "untouched",
            ),
        )
    reason = os_error_reason(exc)
    return (
        T(f"保存失败（{reason.zh}）", f"Save failed: {reason.en}"),
        T("原文件未改动", "The original is untouched"),
    )


def _copy_mode(source: Path, target_fd: int) -> None:
    try:
        mode = stat.S_IMODE(source.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError, NotImplementedError, AttributeError):
        os.fchmod(target_fd, mode)


def _is_read_only(path: Path) -> bool:
    # The mode bits matter even for root: a read-only flag is the user's intent.
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & stat.S_IWUSR) or not os.access(path, os.W_OK)


# How much of a target is read to compare it with what was loaded (any file PlanDrill
# writes is far smaller; a larger one counts as changed).
MAX_COMPARED_BYTES = 256 * 1024 * 1024


def disk_digest(path: str | Path) -> str | None:
    """The content hash of ``path`` now (None: absent, or no regular file to read)."""
    return current_digest(path, max_bytes=MAX_COMPARED_BYTES)


# ``expect`` for a target that was not there when the command looked: one that appears
# meanwhile is someone else's, and is not replaced either.
NOT_THERE = "absent"


def target_state(path: str | Path) -> str | None:
    """What ``path`` holds now, as ``expect`` for a later ``write_atomic`` (None when it
    cannot be read: the write then says why)."""
    return disk_digest(path) if os.path.lexists(path) else NOT_THERE


def _check_unchanged(target: Path, expect: str | None) -> None:
    """Refuse to replace a file that changed on disk since it was read (``expect``)."""
    if expect is None or not os.path.lexists(target):
        return  # nothing to compare, or nothing there any more to lose
    if disk_digest(target) != expect:
        raise ConflictError(str(target))


def write_atomic(
    path: str | Path, data: bytes, *, backup: bool = True, expect: str | None = None
) -> str:
    """Replace ``path`` with ``data`` atomically; keep the old file as ``.bak``.

    ``expect`` is the content hash the file had when it was read (``Loaded.digest``):
    when the file on disk differs from it now, nothing is written and ``ConflictError``
    says so. Returns the content hash of what was written. Raises SaveError with a
    user-facing message; the target is then unchanged.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    name = str(target)
    if os.path.lexists(target):
        try:
            check_input(target)
        except LoadError as exc:
            if not target.is_dir():  # a folder is said below, by the OS error
                raise SaveError(
                    name,
                    T(f"无法写入：{exc.message.zh}", f"Cannot write there: {exc.message.en}"),
                    hint=T("请另选一个文件名", "Choose another file name"),
                ) from None
    _check_unchanged(target, expect)
    if not folder.is_dir():
        raise SaveError(
            name,
            T("保存位置的文件夹不存在", "The folder to save into does not exist"),
            hint=T("请选择一个已有的文件夹", "Choose an existing folder"),
        )
    if target.exists() and _is_read_only(target):
        raise SaveError(
            name,
            T("文件为只读，无法覆盖", "The file is read-only"),
            hint=T(
                "请取消只读属性或另存为新文件，原文件未改动",
                "Clear the read-only flag or save under a new name; the original is untouched",
            ),
        )
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            _copy_mode(target, handle.fileno())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _check_unchanged(target, expect)  # again: the smallest window before the replace
        if backup and target.exists():
            _write_backup(target)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
        cleanup_stale_temps(folder, target.name, older_than=STALE_SECONDS)
    except OSError as exc:
        message, hint = _explain(exc, target)
        raise SaveError(name, message, hint=hint) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return digest(data)


def _write_backup(target: Path) -> None:
    """Copy the current file to ``<name>.bak`` atomically as well."""
    bak = backup_path(target)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(bak.name), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(target, "rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cleanup_stale_temps(folder: str | Path, name: str, older_than: float = 0.0) -> None:
    """Remove the temp files killed saves left behind for ``name`` and its backup.

    ``older_than`` (seconds) spares the temp file of a save still running elsewhere.
    """
    now = time.time()
    for leftover in Path(folder).glob(f"{glob.escape(_temp_prefix(name))}*.tmp"):  # ".bak" too
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime >= older_than:
                leftover.unlink()
