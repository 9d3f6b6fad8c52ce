"""``python -m app drill serve``: the links on the first line, commands on stdin, clear refusals."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.drill_samples import copy_sample
from tests.helpers import ROOT, run_cli
from tests.room.support import http, submit


def _serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "drill", "serve", *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_serve_prints_links_then_obeys_stdin(tmp_path: Path) -> None:
    drill = copy_sample(tmp_path)
    child = _serve(str(drill), "--port", "0", "--hold")
    try:
        links = json.loads(child.stdout.readline())
        kinds = [link["kind"] for link in links]
        assert kinds == ["seat"] * 4 + ["evaluator", "presenter"]
        assert all(set(link) == {"kind", "key", "name", "url"} for link in links)
        seat = next(link["url"] for link in links if link["key"] == "u-hq")
        assert http(seat)[0] == 200
        for command in ("start", "next"):
            child.stdin.write(command + "\n")
            child.stdin.flush()
            assert json.loads(child.stdout.readline())["ok"] is True
        child.stdin.write("deliver nope\n")
        child.stdin.flush()
        reply = json.loads(child.stdout.readline())
        assert reply["ok"] is False and "nope" in reply["error"]
        assert submit(seat, {"kind": "receipt", "inject": 1})[0] == 200
        host, port = seat.split("/")[2].split(":")
        with socket.create_connection((host, int(port)), timeout=5) as raw:
            raw.sendall(b"GET /\x00" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n")
            raw.recv(100)
        assert http(seat + "api/submit", raw=b"{bad")[0] == 400
        child.stdin.write("quit\n")
        child.stdin.flush()
        assert child.wait(20) == 0
        assert "Traceback" not in child.stderr.read()  # hostile requests: no trace printed
    finally:
        if child.poll() is None:
            child.kill()
    # the room is gone and the session is resumable (never ended)
    sessions = run_cli("drill", "sessions", str(drill))
    assert "未结束，可继续" in sessions.stdout


def test_serve_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    missing = run_cli("drill", "serve", str(tmp_path / "无.drill.yaml"))
    assert missing.returncode == 2 and "演练文件不存在" in missing.stderr
    assert "Traceback" not in missing.stderr
    drill = copy_sample(tmp_path)
    wildcard = run_cli("drill", "serve", str(drill), "--host", "0.0.0.0")
    assert wildcard.returncode == 2 and "不能监听所有地址" in wildcard.stderr
    not_ip = run_cli("drill", "serve", str(drill), "--host", "meeting-room")
    assert not_ip.returncode == 2 and "不是 IP 地址" in not_ip.stderr
    port = run_cli("drill", "serve", str(drill), "--port", "70000")
    assert port.returncode == 2 and "端口" in port.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = run_cli("drill", "serve", str(drill), "--port", str(taken.getsockname()[1]))
    assert busy.returncode == 2 and "无法在 127.0.0.1" in busy.stderr
    assert "Traceback" not in busy.stderr
    broken = tmp_path / "坏.drill.yaml"
    broken.write_text("schema: plandrill/drill@1\nmeta: [\n", encoding="utf-8")
    bad = run_cli("drill", "serve", str(broken))
    assert bad.returncode == 2 and str(broken) in bad.stderr
