"""Atomic saves: backups, read-only targets, full disks, locked files."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from app.storage import atomic
from app.storage.atomic import backup_path, write_atomic
from app.storage.errors import SaveError


def test_new_file_then_backup_of_previous(tmp_path) -> None:
    target = tmp_path / "预案 一.plan.yaml"
    write_atomic(target, b"v1")
    assert target.read_text() == "v1"
    assert not backup_path(target).exists()
    write_atomic(target, b"v2")
    assert target.read_text() == "v2"
    assert backup_path(target).read_text() == "v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, target.name + ".bak"])


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_mode_of_existing_file_is_kept(tmp_path) -> None:
    target = tmp_path / "a.plan.yaml"
    target.write_text("x")
    target.chmod(0o640)
    write_atomic(target, b"y")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_read_only_target_is_refused_and_untouched(tmp_path) -> None:
    target = tmp_path / "a.plan.yaml"
    target.write_text("original")
    target.chmod(stat.S_IREAD)
    try:
        with pytest.raises(SaveError) as info:
            write_atomic(target, b"new")
        assert "只读" in info.value.text("zh")
        assert target.read_text() == "original"
        assert [p.name for p in tmp_path.iterdir()] == ["a.plan.yaml"]
    finally:
        target.chmod(stat.S_IREAD | stat.S_IWRITE)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.EROFS, "只读"),
        (errno.EACCES, "占用"),
        (errno.EIO, "保存失败"),
    ],
)
def test_write_failures_leave_original_and_no_temp(tmp_path, monkeypatch, code, words) -> None:
    target = tmp_path / "a.plan.yaml"
    target.write_text("original")

    def failing_fsync(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(SaveError) as info:
        write_atomic(target, b"new content")
    assert words in info.value.text("zh")
    assert "原文件未改动" in info.value.text("zh")
    assert target.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["a.plan.yaml"]


def test_locked_target_on_replace(tmp_path, monkeypatch) -> None:
    # Windows refuses os.replace while WPS or Word holds the file open.
    target = tmp_path / "a.plan.yaml"
    target.write_text("original")

    def locked(src: str, dst: object) -> None:
        raise PermissionError(errno.EACCES, "locked")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(SaveError) as info:
        write_atomic(target, b"new", backup=False)
    assert "占用" in info.value.text("zh")
    assert target.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["a.plan.yaml"]


def test_missing_folder(tmp_path) -> None:
    with pytest.raises(SaveError) as info:
        write_atomic(tmp_path / "nope" / "a.plan.yaml", b"x")
    assert "文件夹不存在" in info.value.text("zh")


def test_stale_temp_files_are_cleaned(tmp_path) -> None:
    (tmp_path / ".a.plan.yaml.abc.tmp").write_text("half")
    (tmp_path / "keep.txt").write_text("k")
    atomic.cleanup_stale_temps(tmp_path, "a.plan.yaml")
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
