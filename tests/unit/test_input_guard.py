"""The input guard (``app.storage.guard``): what may be read, and how much of it."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from app.storage.errors import LoadError
from app.storage.guard import check_input, current_digest, digest, is_regular_file, read_input
from app.storage.yamlio import read_file

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and sockets")


def refused(path: Path, **kw: int) -> str:
    with pytest.raises(LoadError) as info:
        read_input(path, max_bytes=kw.get("max_bytes", 1 << 20))
    assert info.value.filename == str(path)
    return info.value.text("zh")


def test_a_regular_file_is_read_with_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "a.plan.yaml"
    path.write_bytes(b"schema: plandrill/plan@1\n")
    got = read_input(path, max_bytes=100)
    assert got.data == b"schema: plandrill/plan@1\n"
    assert got.digest == digest(got.data) == current_digest(path, max_bytes=100)


def test_missing_folder_and_dangling_link(tmp_path: Path) -> None:
    assert "不存在" in refused(tmp_path / "nothing.plan.yaml")
    assert "文件夹" in refused(tmp_path)
    link = tmp_path / "dangling.plan.yaml"
    link.symlink_to(tmp_path / "gone")
    text = refused(link)
    assert "符号链接" in text and "不存在" in text and str(tmp_path / "gone") in text


@posix_only
def test_a_link_to_dev_zero_is_refused_without_reading(tmp_path: Path) -> None:
    link = tmp_path / "zero.plan.yaml"
    link.symlink_to("/dev/zero")
    text = refused(link)
    assert "设备文件" in text and "/dev/zero" in text


@posix_only
def test_a_fifo_is_refused_and_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.plan.yaml"
    os.mkfifo(fifo)
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(refused(fifo)), daemon=True)
    worker.start()
    worker.join(5)
    assert done and "管道" in done[0]


@posix_only
def test_a_socket_is_refused(tmp_path: Path) -> None:
    where = tmp_path / "s.plan.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(where))
        assert "套接字" in refused(where)
        assert not is_regular_file(where)
    finally:
        server.close()


def test_the_limit_applies_to_what_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """stat may say small while the file grows (or lies): the read still stops."""
    path = tmp_path / "grows.plan.yaml"
    path.write_bytes(b"x" * 10)
    real_stat = os.stat

    class Small:
        def __init__(self, info: os.stat_result) -> None:
            self._info = info

        def __getattr__(self, name: str) -> object:
            return 0 if name == "st_size" else getattr(self._info, name)

    monkeypatch.setattr(os, "stat", lambda p, *a, **k: Small(real_stat(p, *a, **k)))
    path.write_bytes(b"x" * 5000)
    assert "文件过大" in refused(path, max_bytes=1000)


def test_a_large_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.plan.yaml"
    path.write_bytes(b"x" * 3000)
    text = refused(path, max_bytes=1024)
    assert "文件过大" in text and "上限 1 KB" in text


@posix_only
def test_check_input_follows_links_to_regular_files(tmp_path: Path) -> None:
    target = tmp_path / "real.plan.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    link = tmp_path / "link.plan.yaml"
    link.symlink_to(target)
    assert check_input(link).st_size == 5
    assert read_file(link).data == {"a": 1}
    assert is_regular_file(link) and not is_regular_file(link, max_bytes=2)
