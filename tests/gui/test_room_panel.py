"""The console's drill room: devices' submissions go through the session runner (the
console shows them), the panel lists links and devices, a link can be revoked, and
closing the console closes the room."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from app.drill import FakeTime
from app.room.roster import tokens_path
from tests.gui.drill_support import SCRIPTED, copy_samples, elapse, key, open_console
from tests.room.support import http, submit, ws_url

HTML = "<b>粗体</b><img src=x>"


@pytest.fixture
def console(qtbot: Any, tmp_path: Path) -> Any:
    time = FakeTime()
    c = open_console(qtbot, copy_samples(tmp_path) / SCRIPTED, time, presenter=False)
    key(qtbot, c, "F5")
    elapse(qtbot, c, time, 1)
    return c


def _in_thread(fn: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def run() -> None:
        out["result"] = fn()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    out["thread"] = thread
    return out


def test_the_room_records_through_the_console(qtbot: Any, console: Any, tmp_path: Path) -> None:
    hook = console.room
    assert not hook.action.isChecked() and hook.server is None  # off by default
    assert hook.action in console.view_menu.actions()
    assert hook.start(host="127.0.0.1")
    qtbot.waitUntil(lambda: hook.server is not None, timeout=10000)  # aiohttp loads off-thread
    server = hook.server
    links = {link["key"]: link["url"] for link in server.links()}
    qtbot.waitUntil(lambda: bool(server._views.get("seat:u-hq", {}).get("injects")), timeout=5000)

    # a device connects: the panel lists it
    connected = threading.Event()
    release = threading.Event()

    async def device() -> None:
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(ws_url(links["u-hq"]), headers={"User-Agent": HTML})
            await ws.send_str(json.dumps({"type": "hello", "seq": -1}))
            await ws.receive()
            connected.set()
            while not release.is_set():
                await asyncio.sleep(0.05)
            await ws.close()

    dev = _in_thread(lambda: asyncio.run(device()))
    qtbot.waitUntil(connected.is_set, timeout=5000)
    hook.panel.refresh_devices()
    assert hook.panel.devices.rowCount() == 1
    assert hook.panel.devices.item(0, 0).text() == "应急救援指挥部（总经理）"
    assert hook.panel.devices.item(0, 3).text() == HTML  # shown as typed, never rendered
    hook.panel.grab().save(str(tmp_path / "room-panel.png"))

    # a seat's action lands in the journal through the runner, and the console has it
    job = _in_thread(lambda: submit(links["u-hq"], {"kind": "action", "text": HTML, "inject": 1}))
    qtbot.waitUntil(lambda: "result" in job, timeout=10000)
    status, ack = job["result"]
    assert status == 200 and ack["ok"]
    qtbot.waitUntil(lambda: any(a.text == HTML for a in console.snapshot.actions), timeout=5000)
    action = next(a for a in console.snapshot.actions if a.text == HTML)
    assert action.who == "u-hq" and action.seq == ack["seq"]
    # an evaluator's mark reaches the console's evaluation
    job = _in_thread(
        lambda: submit(links["u-eval"], {"kind": "mark", "criterion": "c1", "score": 70})
    )
    qtbot.waitUntil(lambda: "result" in job, timeout=10000)
    assert job["result"][0] == 200
    qtbot.waitUntil(lambda: console.snapshot.evaluation.score == 70.0, timeout=5000)

    # revoke: the old link dies at once, the panel shows the new one
    release.set()
    dev["thread"].join(5)
    hook.revoke("seat:u-hq")
    assert http(links["u-hq"])[0] == 403
    fresh = {link["key"]: link["url"] for link in server.links()}["u-hq"]
    assert fresh != links["u-hq"] and http(fresh)[0] == 200

    # closing the console closes the room: links dead, tokens forgotten
    journal = console.runner.session.path
    assert tokens_path(journal).is_file()
    console._closing = True
    console.close()
    assert hook.server is None
    assert not tokens_path(journal).exists()
    with pytest.raises(OSError):
        http(fresh)
