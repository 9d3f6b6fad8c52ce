"""kill -9 of a headless drill room while devices submit: no acknowledged entry is lost.

Each round starts ``python -m app drill serve``, lets a few simulated devices submit
actions, receipts and marks as fast as the room acknowledges them, and kills the
process with SIGKILL at a random moment. The journal must then hold every entry the
room had acknowledged (same seq, same text). The next round resumes the session: the
room comes back on the same port with the same links, so the devices carry on.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.drill import replay
from tests.drill_samples import copy_sample
from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")
ROUNDS = 4


def _start(drill: Path, port: int | None) -> tuple[subprocess.Popen[str], list[dict]]:
    args = [sys.executable, "-m", "app", "drill", "serve", str(drill)]
    if port is not None:
        args += ["--port", str(port)]
    child = subprocess.Popen(
        args,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line, "the room printed no links"
    return child, json.loads(line)


def _post(url: str, payload: dict) -> dict | None:
    request = urllib.request.Request(
        url + "api/submit",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, ConnectionError, OSError, ValueError):
        return None  # refused, or killed mid-request: not acknowledged


def _device(
    url: str, kind: str, tag: str, acked: list[tuple[int, str]], stop: threading.Event
) -> None:
    i = 0
    while not stop.is_set():
        i += 1
        text = f"{tag}-{i}"
        if kind == "seat":
            payload = {"kind": "action", "text": text}
        else:
            payload = {"kind": "observation", "text": text}
        reply = _post(url, payload)
        if reply and reply.get("ok"):
            acked.append((reply["seq"], text))
        elif reply is None:
            time.sleep(0.02)


def test_kill_9_loses_no_acknowledged_entry(tmp_path: Path) -> None:
    drill = copy_sample(tmp_path)
    rng = random.Random(21)
    acked: list[tuple[int, str]] = []
    port: int | None = 0
    first_links: list[dict] | None = None
    for round_ in range(ROUNDS):
        child, links = _start(drill, port)
        port = None  # later rounds: the port the tokens file remembers
        if first_links is None:
            first_links = links
        else:
            assert links == first_links  # same port, same tokens: devices keep their links
        stop = threading.Event()
        devices = [
            threading.Thread(
                target=_device,
                args=(link["url"], link["kind"], f"r{round_}-{link['key']}", acked, stop),
            )
            for link in links
            if link["kind"] in ("seat", "evaluator")
        ]
        for d in devices:
            d.start()
        time.sleep(rng.uniform(0.4, 1.6))
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        stop.set()
        for d in devices:
            d.join(10)
        if child.stdin:
            child.stdin.close()
        if child.stdout:
            child.stdout.close()
        # every acknowledged entry is on disk, as acknowledged
        journal = next(tmp_path.glob("*.journal.jsonl"))
        state = replay(journal)
        by_seq = {a.seq: a.text for a in state.state.actions}
        by_seq.update({n.seq: n.text for n in state.state.notes})
        lost = [(seq, text) for seq, text in acked if by_seq.get(seq) != text]
        assert lost == [], f"round {round_}: lost {lost[:5]}"
    assert len(acked) > 20 * ROUNDS  # the devices really were submitting
    assert len({seq for seq, _ in acked}) == len(acked)


def test_a_retry_after_kill_9_is_recorded_once(tmp_path: Path) -> None:
    """The app dies after writing an entry but before the device heard of it: the device
    sends the same request again to the resumed room and gets the same seq."""
    drill = copy_sample(tmp_path)
    child, links = _start(drill, 0)
    seat = next(link["url"] for link in links if link["kind"] == "seat")
    evaluator = next(link["url"] for link in links if link["kind"] == "evaluator")
    sent = [
        (seat, {"kind": "action", "text": "杀进程前的行动", "rid": "k1"}),
        (evaluator, {"kind": "observation", "text": "杀进程前的观察", "rid": "k2"}),
    ]
    first = [_post(url, payload) for url, payload in sent]
    assert all(reply and reply.get("ok") for reply in first)
    child.send_signal(signal.SIGKILL)  # before the answers could be relied on
    child.wait(10)
    for pipe in (child.stdin, child.stdout):
        if pipe:
            pipe.close()
    child, again = _start(drill, None)
    try:
        assert again == links
        retried = [_post(url, payload) for url, payload in sent]
        assert retried == first  # the same seq: recorded once
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        for pipe in (child.stdin, child.stdout):
            if pipe:
                pipe.close()
    state = replay(next(tmp_path.glob("*.journal.jsonl"))).state
    assert [a.text for a in state.actions].count("杀进程前的行动") == 1
    assert [n.text for n in state.notes].count("杀进程前的观察") == 1
