"""A real drill room for tests: the sample drill's session, its owner loop on a thread,
the aiohttp server on 127.0.0.1 with an OS-chosen port; plain HTTP and WebSocket clients."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from app.drill import DrillSession
from app.model.drill import Drill
from app.room.owner import LoopOwner
from app.room.roster import build_roster
from app.room.server import Limits, RoomServer
from app.storage.drills import load_drill, load_linked_plan
from app.storage.journal import read_journal
from tests.drill_samples import copy_sample


@dataclass
class Room:
    session: DrillSession
    owner: LoopOwner
    server: RoomServer
    thread: threading.Thread

    def links(self) -> dict[str, str]:
        """member key -> join url"""
        return {link["key"]: link["url"] for link in self.server.links()}

    def url(self, key: str) -> str:
        return self.links()[key]

    def call(self, fn: Callable[[DrillSession], Any]) -> Any:
        return self.owner.call(fn).result(10)

    def sync(self) -> None:
        """Wait until the room holds the views of the session's last entry."""
        seq = self.call(lambda s: s.state.last_seq)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            views = dict(self.server._views)
            if views and all(v.get("seq") == seq for v in views.values()):
                return
            time.sleep(0.01)
        raise AssertionError("the room never got the views of the last entry")

    def journal(self) -> list[dict[str, Any]]:
        return [
            {"seq": e.seq, "type": e.type, **e.data}
            for e in read_journal(self.session.path).entries
        ]

    def close(self) -> None:
        self.server.stop()
        self.owner.stop()
        self.thread.join(10)
        self.session.close()


def open_room(folder: Path, drill: Drill | None = None, limits: Limits | None = None) -> Room:
    path = copy_sample(folder)
    if drill is None:
        drill = load_drill(path).model
    linked = load_linked_plan(path, drill) if drill.meta.plan else None
    plan = linked.model if linked is not None else None
    session = DrillSession.create(drill, path, plan=plan)
    owner = LoopOwner(session)
    server = RoomServer(
        build_roster(session.drill, session.plan),
        owner,
        host="127.0.0.1",
        port=0,
        journal=session.path,
        limits=limits,
    )
    owner.sink = server
    server.start()
    thread = threading.Thread(target=owner.run, daemon=True)
    thread.start()
    return Room(session, owner, server, thread)


def http(
    url: str,
    payload: Any = None,
    *,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, Any]:
    """(status, JSON or text) of one request; never raises for an HTTP error."""
    body = raw if raw is not None else (None if payload is None else json.dumps(payload).encode())
    head = {"Content-Type": "application/json"} if body is not None else {}
    head.update(headers or {})
    request = urllib.request.Request(url, data=body, headers=head, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, data, kind = (
                response.status,
                response.read(),
                response.headers.get_content_type(),
            )
    except urllib.error.HTTPError as exc:
        status, data, kind = exc.code, exc.read(), exc.headers.get_content_type()
    if kind == "application/json":
        return status, json.loads(data)
    return status, data.decode("utf-8", "replace")


def submit(url: str, payload: dict[str, Any]) -> tuple[int, Any]:
    return http(url + "api/submit", payload)


def ws_url(url: str) -> str:
    return url.replace("http://", "ws://") + "ws"


def apply_patch(view: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """What the page does with a patch (room.js ``patch``)."""
    assert patch["base"] == view["seq"], (patch["base"], view["seq"])
    out = {**view, **patch["set"], "seq": patch["seq"]}
    for key, more in patch["append"].items():
        out[key] = [*out.get(key, []), *more]
    return out


_held: dict[int, dict[str, Any]] = {}  # id(ws) -> the view it holds


async def next_view(ws: aiohttp.ClientWebSocketResponse, timeout: float = 5.0) -> dict[str, Any]:
    """The device's view after the next full view or patch it receives."""
    while True:
        msg = await asyncio.wait_for(ws.receive(), timeout)
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"socket ended: {msg.type} {msg.data} {msg.extra}")
        data = json.loads(msg.data)
        if data["type"] == "view":
            _held[id(ws)] = data["view"]
            return data["view"]
        if data["type"] == "patch":
            _held[id(ws)] = apply_patch(_held[id(ws)], data)
            return _held[id(ws)]
