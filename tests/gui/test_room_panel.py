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


def _modules(image: Any, link: str) -> list[list[bool]]:
    """Read the code back off the panel's picture: one sample per module centre."""
    from app.room import qr

    n = qr.modules(link)
    scale = image.width() / n
    assert image.width() == image.height() and scale == int(scale)  # whole px per module
    size = n - 2 * qr.QUIET_ZONE

    def dark(x: int, y: int) -> bool:
        return image.pixelColor(int((x + 0.5) * scale), int((y + 0.5) * scale)).lightness() < 128

    # the quiet zone is white all round
    assert not any(
        dark(i, j)
        for i in range(n)
        for j in range(n)
        if min(i, j, n - 1 - i, n - 1 - j) < qr.QUIET_ZONE
    )
    return [[dark(qr.QUIET_ZONE + c, qr.QUIET_ZONE + r) for c in range(size)] for r in range(size)]


def test_the_panel_shows_one_scannable_code_per_link(
    qtbot: Any, console: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt as QtNs

    from app.room import qr

    hook = console.room
    assert hook.start(host="127.0.0.1")
    qtbot.waitUntil(lambda: hook.server is not None, timeout=10000)
    panel, server = hook.panel, hook.server
    links = server.links()
    assert {link["kind"] for link in links} == {"seat", "evaluator", "presenter"}

    def drawn() -> bool:
        return all(not panel.codes[f"{x['kind']}:{x['key']}"].pixmap().isNull() for x in links)

    qtbot.waitUntil(drawn, timeout=10000)  # drawn on a worker
    assert set(panel.codes) == {f"{x['kind']}:{x['key']}" for x in links}
    for link in links:
        label = panel.codes[f"{link['kind']}:{link['key']}"]
        image = label.pixmap().toImage()
        assert image.width() >= 240  # scannable off a projector
        assert _modules(image, link["url"]) == qr.matrix(link["url"])  # the code is its link
        names = [w.text() for w in label.parentWidget().findChildren(type(label))]
        assert link["name"] in names  # the member's name under its code
    panel.resize(1200, 900)
    panel.grab().save(str(tmp_path / "room-codes.png"))

    # a revoked link gets a new code at once (the others come from the cache)
    other = panel.codes["seat:u-hq"]
    hook.revoke("seat:u-hq")
    fresh = {x["key"]: x["url"] for x in server.links()}["u-hq"]
    qtbot.waitUntil(lambda: panel.codes["seat:u-hq"].property("link") == fresh, timeout=10000)
    assert panel.codes["seat:u-hq"] is not other
    image = panel.codes["seat:u-hq"].pixmap().toImage()
    assert _modules(image, fresh) == qr.matrix(fresh)

    # one code full-screen, for the projector; Esc closes it
    panel.show_full("seat:u-hq")
    full = panel.full
    screen = full.screen().geometry()
    qtbot.waitUntil(lambda: full.isVisible() and full.size() == screen.size(), timeout=5000)
    assert full.isFullScreen() and full.link == fresh
    side = full.code.pixmap().width()
    assert side >= min(screen.width(), screen.height()) - 200  # as big as the screen allows
    assert full.code.contentsRect().contains(full.code.contentsRect().center())
    assert full.code.height() >= side and full.code.width() >= side  # not clipped
    assert _modules(full.code.pixmap().toImage(), fresh) == qr.matrix(fresh)
    full.grab().save(str(tmp_path / "room-code-full.png"))
    qtbot.keyClick(full, QtNs.Key.Key_Escape)
    assert not full.isVisible()
    hook.stop()


def test_the_address_lookup_does_not_block_the_console(
    qtbot: Any, console: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time as clock

    import app.room.net
    from app.ui.drill import room_panel

    def slow() -> list[str]:
        clock.sleep(1.5)  # a host name that takes long to resolve (no DNS on a hotspot)
        return ["127.0.0.1"]

    asked: list[list[str]] = []

    def get_item(*args: Any) -> tuple[str, bool]:
        asked.append(list(args[3]))
        return args[3][0], True

    monkeypatch.setattr(app.room.net, "lan_addresses", slow)
    monkeypatch.setattr(room_panel.QInputDialog, "getItem", staticmethod(get_item))
    hook = console.room
    began = clock.perf_counter()
    hook.action.setChecked(True)
    assert clock.perf_counter() - began < 0.5  # the GUI thread did not wait for the lookup
    assert asked == []
    qtbot.waitUntil(lambda: hook.server is not None, timeout=15000)
    assert asked == [["127.0.0.1"]]
    hook.action.setChecked(False)
    assert hook.server is None
