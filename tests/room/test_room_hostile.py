"""Hostile input against the drill room: bad and borrowed tokens, oversized bodies, script
payloads, malformed WebSocket frames, a request flood. Clear refusals, no crash, and
nothing in the journal that should not be there."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from app.room.server import STATIC
from tests.room.support import Room, http, next_view, open_room, submit, ws_url

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    r = open_room(tmp_path)
    r.call(lambda s: (s.start(), s.poll()))
    r.sync()
    yield r
    # still alive after all that: a seat can still record
    assert submit(r.url("u-hq"), {"kind": "action", "text": "收尾检查"})[0] == 200
    r.close()


def _base(room: Room) -> str:
    return room.url("u-hq").split("/r/")[0]


def _count(room: Room) -> int:
    return len(room.journal())


def test_missing_wrong_and_made_up_tokens_get_nothing(room: Room) -> None:
    base = _base(room)
    before = _count(room)
    token = room.url("u-hq").rstrip("/").rsplit("/", 1)[1]
    for path in (
        "/",
        "/r/",
        "/r//",
        "/r/x/",
        "/r/" + token[:-1] + "/",
        "/r/" + token.upper() + "/",
        "/r/x/a/room.js",
        "/r/x/a/room.css",
        "/r/x/api/view",
        "/r/x/ws",
        "/app/room/server.py",
        "/static/room.js",
    ):
        status, body = http(base + path)
        assert status in (403, 404), path
        assert "use strict" not in str(body) and "--ink" not in str(body)
        if status == 403:
            assert body["error"].startswith("链接无效")
    status, body = http(base + "/r/x/api/submit", {"kind": "action", "text": "x"})
    assert status == 403
    assert _count(room) == before


def test_a_token_opens_only_its_own_role(room: Room) -> None:
    before = _count(room)
    seat, ev, pres = room.url("u-hq"), room.url("u-eval"), room.url("presenter")
    assert submit(seat, {"kind": "mark", "criterion": "c1", "score": 100})[0] == 403
    assert submit(seat, {"kind": "observation", "text": "x"})[0] == 403
    assert submit(ev, {"kind": "action", "text": "x"})[0] == 403
    assert submit(ev, {"kind": "report", "items": ["x"] * 6})[0] == 403
    for kind in ("action", "mark", "receipt", "observation", "decision"):
        assert submit(pres, {"kind": kind, "text": "x"})[0] == 403
    # a seat cannot answer an inject it never received (the rescue group got none)
    status, body = submit(room.url("u-rescue"), {"kind": "receipt", "inject": 1})
    assert status == 400 and "没有第 1 条注入" in body["error"]
    assert _count(room) == before
    # each role's page is its own
    assert 'data-role="seat"' in http(seat)[1]
    assert 'data-role="evaluator"' in http(ev)[1]
    assert 'data-role="presenter"' in http(pres)[1]
    seat_view = http(seat + "api/view")[1]["view"]
    assert "criteria" not in seat_view and "log" not in seat_view


def test_oversized_and_malformed_bodies_are_refused(room: Room) -> None:
    before = _count(room)
    seat = room.url("u-hq")
    big = json.dumps({"kind": "action", "text": "x" * 200_000}).encode()
    assert http(seat + "api/submit", raw=big)[0] == 413
    long_text = submit(seat, {"kind": "action", "text": "长" * 2001})
    assert long_text[0] == 413 and "最多 2000 字" in long_text[1]["error"]
    assert http(seat + "api/submit", raw=b"{not json")[0] == 400
    assert http(seat + "api/submit", raw=b"\xff\xfe\x00")[0] == 400
    assert http(seat + "api/submit", raw=b"[1,2]")[0] == 400
    assert http(seat + "api/submit", raw=b"x", headers={"Content-Type": "text/plain"})[0] == 415
    for bad in (
        {"kind": "action", "text": 5},
        {"kind": "action", "text": ["x"]},
        {"kind": "action"},
        {"kind": "action", "text": "x", "inject": "1"},
        {"kind": "action", "text": "x", "inject": True},
        {"kind": "action", "text": "x", "inject": 10**12},
        {"kind": "report", "items": "x"},
        {"kind": "report", "items": [""] * 6},
        {"kind": "report", "items": [1, 2, 3, 4, 5, 6]},
        {"kind": "decision", "inject": 1, "option": 99},
        {"kind": "decision", "inject": 1, "option": -1},
        {"kind": "nothing"},
        {"kind": None},
    ):
        status, body = submit(seat, bad)
        assert status in (400, 403, 413), bad
        assert body["ok"] is False and re.search(r"[\u4e00-\u9fff]", body["error"]), bad
    ev = room.url("u-eval")
    for bad in (
        {"kind": "mark", "criterion": "c1", "score": 101},
        {"kind": "mark", "criterion": "c1", "score": "80"},
        {"kind": "mark", "criterion": "c1"},
        {"kind": "mark", "criterion": "c1", "score": 5, "level": "achieved"},
        {"kind": "mark", "criterion": "nope", "score": 5},
        {"kind": "mark", "criterion": "c1", "level": "<b>"},
        {"kind": "observation", "text": "x", "expected": "nope"},
    ):
        status, body = submit(ev, bad)
        assert status == 400, bad
    nan = http(ev + "api/submit", raw=b'{"kind":"mark","criterion":"c1","score":NaN}')
    assert nan[0] == 400
    assert _count(room) == before
    # a bad request line or header block gets a refusal from the parser, not a crash
    host, port = room.server.host, room.server.port
    with socket.create_connection((host, port), timeout=5) as raw:
        raw.sendall(b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert re.match(rb"HTTP/1\.[01] 4\d\d ", raw.recv(100))


def test_script_and_html_are_kept_as_text_and_never_run(room: Room) -> None:
    seat, ev = room.url("u-hq"), room.url("u-eval")
    ack = submit(seat, {"kind": "action", "text": XSS, "inject": 1})[1]
    report = submit(seat, {"kind": "report", "items": [XSS] * 6})[1]
    obs = submit(ev, {"kind": "observation", "text": XSS, "inject": "i1"})[1]
    mark = submit(ev, {"kind": "mark", "criterion": "c1", "score": 60, "note": XSS})[1]
    journal = {e["seq"]: e for e in room.journal()}
    assert journal[ack["seq"]]["text"] == XSS  # data, stored exactly as typed
    assert XSS in journal[report["seq"]]["text"]
    assert journal[obs["seq"]]["text"] == XSS
    assert journal[mark["seq"]]["note"] == XSS
    room.sync()
    log = http(ev + "api/view")[1]["view"]["log"]
    assert any(a["text"] == XSS for a in log)  # evaluators see it, as text
    # the pages put data in with textContent only, and carry a strict CSP
    script = (STATIC / "room.js").read_text(encoding="utf-8")
    code = re.sub(r"//[^\n]*", "", script)
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ):
        assert sink not in code
    request = urllib.request.urlopen(seat, timeout=5)
    csp = request.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert request.headers["X-Content-Type-Options"] == "nosniff"
    assert request.headers["Referrer-Policy"] == "no-referrer"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # control characters are dropped, not stored
    ack = submit(seat, {"kind": "action", "text": "a\x00b\x1bc\u2028d"})[1]
    assert {e["seq"]: e for e in room.journal()}[ack["seq"]]["text"] == "abcd"


def test_no_directory_listing_and_no_path_tricks(room: Room) -> None:
    seat = room.url("u-hq")
    for path in (
        "a/",
        "a",
        "a/..%2fserver.py",
        "a/%2e%2e/server.py",
        "a/../../server.py",
        "a/seat.html",
        "a/room.js.map",
        "a/.",
        "api/",
        "static/room.js",
    ):
        status, body = http(seat + path)
        assert status in (403, 404), path
        assert "import" not in str(body)
    assert http(seat + "a/room.js")[0] == 200
    status, page = http(seat.rstrip("/"))  # typed without the slash: sent to the page
    assert status == 200 and 'data-role="seat"' in page
    assert http(_base(room) + "/r/nope")[0] == 403
    assert http(seat + "api/view", method="DELETE")[0] == 405
    # a forged Host header (DNS rebinding) is refused
    assert http(seat, headers={"Host": "evil.example:80"})[0] == 421


def test_malformed_websocket_frames_close_that_socket_only(room: Room) -> None:
    seat = room.url("u-hq")

    async def one(send: object) -> tuple[object, object]:
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(ws_url(seat))
            if isinstance(send, bytes):
                await ws.send_bytes(send)
            else:
                await ws.send_str(str(send))
            while True:
                msg = await asyncio.wait_for(ws.receive(), 5)
                if msg.type in (
                    aiohttp.WSMsgType.CLOSE,
                    aiohttp.WSMsgType.CLOSED,
                    aiohttp.WSMsgType.CLOSING,
                    aiohttp.WSMsgType.ERROR,
                ):
                    return ws.close_code, msg.type
                if msg.type == aiohttp.WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    assert data["type"] in ("error", "closed"), data

    async def run() -> None:
        for frame in (
            "not json",
            "[]",
            "null",
            '{"type":"submit"}',
            '{"type":1}',
            b"\x00\x01binary",
            "{" * 3000,
            "x" * 10_000,
        ):
            code, _ = await one(frame)
            assert code in (1003, 1009), (frame, code)
        # a sound client still gets its view
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(ws_url(seat))
            await ws.send_str(json.dumps({"type": "hello", "seq": "NaN"}))
            view = await next_view(ws)
            assert view["role"] == "seat"
            await ws.send_str(json.dumps({"type": "hello", "seq": view["seq"]}))
            same = json.loads((await asyncio.wait_for(ws.receive(), 5)).data)
            assert same == {"type": "same", "seq": view["seq"]}
            # flooding its socket closes it (policy), the room goes on
            for _ in range(50):
                await ws.send_str('{"type":"ping"}')
            codes = []
            while not ws.closed:
                msg = await asyncio.wait_for(ws.receive(), 5)
                if msg.type != aiohttp.WSMsgType.TEXT:
                    codes.append(ws.close_code)
            assert codes and codes[-1] == 1008

    before = _count(room)
    asyncio.run(run())
    assert _count(room) == before
    deadline = time.monotonic() + 5
    while room.server.devices() and time.monotonic() < deadline:
        time.sleep(0.02)  # the server side of the last socket winds down
    assert room.server.devices() == []


def test_a_thousand_requests_a_second_are_refused_cheaply(room: Room) -> None:
    seat = room.url("u-hq")
    before = _count(room)

    async def flood(url: str, n: int, post: bool) -> list[int]:
        connector = aiohttp.TCPConnector(limit=50)
        async with aiohttp.ClientSession(connector=connector) as client:

            async def one(i: int) -> int:
                if post:
                    async with client.post(url, json={"kind": "nothing", "i": i}) as r:
                        return r.status
                async with client.get(url) as r:
                    return r.status

            return list(await asyncio.gather(*(one(i) for i in range(n))))

    started = time.monotonic()
    statuses = asyncio.run(flood(seat + "api/view", 1000, False))
    statuses += asyncio.run(flood(seat + "api/submit", 500, True))
    statuses += asyncio.run(flood(_base(room) + "/r/guess/api/view", 500, False))
    took = time.monotonic() - started
    assert set(statuses) <= {200, 403, 429}
    assert statuses.count(429) >= 1500 - 3 * 60  # past the burst, all refused
    assert took < 30
    assert _count(room) == before  # the flood wrote nothing
    time.sleep(2.1)  # the bucket refills: the real seat is served again
