"""The drill room's HTTP + WebSocket server (aiohttp), on a thread of its own.

Why aiohttp: one well-kept package gives both the HTTP server and WebSockets, with
body-size limits built in, and it runs its own asyncio loop, so the whole server lives
on one background thread and the console's GUI thread never waits on it (no ASGI
server and framework pair to keep in step, no second process).

Every URL is under ``/r/TOKEN/``: the page of the token's role (``/r/TOKEN/``), its
assets (``/r/TOKEN/a/NAME``, a fixed list read from ``app/room/static`` at start), its
view (``/r/TOKEN/api/view``), its submissions (``POST /r/TOKEN/api/submit``) and its
live updates (``/r/TOKEN/ws``). A request without a valid token gets 403 before any
handler runs, so nothing, not even a stylesheet, is served to someone without a link.
See the README's threat model for the rest (limits, headers, what ends a token).

Threads: ``start()`` returns once the socket is bound. ``publish(views)``, ``revoke``,
``devices()``, ``links()`` and ``stop()`` may be called from any thread. Submissions go
to the session's owner (``app.room.owner``) and are acknowledged only when the owner's
call has returned, i.e. when the entry is on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from app.drill.errors import DrillError
from app.drill.session import DrillSession
from app.i18n import T
from app.room import requests as room_requests
from app.room.net import RoomError, check_host, lan_addresses
from app.room.owner import Owner
from app.room.roster import (
    KINDS,
    SEAT,
    Member,
    Roster,
    forget_tokens,
    join_url,
    load_tokens,
    save_tokens,
)
from app.room.views import build_files, build_views
from app.storage.errors import StorageError
from app.storage.guard import is_regular_file

STATIC = Path(__file__).resolve().parent / "static"
ASSETS = {
    "room.js": "text/javascript; charset=utf-8",
    "room.css": "text/css; charset=utf-8",
}
MEMBER = web.RequestKey("member", Member)
TOKEN = web.RequestKey("token", str)
IMAGES = {  # attachments a page may show (no SVG: it can carry script)
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".bmp": "image/bmp",
}
MAX_IMAGE_BYTES = 16 * 1024 * 1024
Published = tuple[dict[str, dict[str, Any]], dict[str, list[list[str]]]]
PAGES = {"seat": "seat.html", "evaluator": "evaluator.html", "presenter": "presenter.html"}


@dataclass(frozen=True)
class Limits:
    max_body: int = 64 * 1024  # bytes of a request body (a long report is ~10 KB)
    rate: float = 20.0  # requests a second per token (or per address without one)
    burst: float = 40.0
    submit_rate: float = 5.0  # submissions a second per token
    submit_burst: float = 20.0
    ws_rate: float = 10.0  # messages a second per WebSocket
    max_sockets: int = 200  # live WebSockets in all
    max_sockets_per_member: int = 20  # one team may share a link on a few devices
    max_active: int = 256  # requests being handled at once
    call_timeout_s: float = 15.0  # waiting for the session owner


@dataclass
class Device:
    """A connected device, as the console lists it."""

    member: str  # Roster.ident
    name: str
    remote: str
    agent: str
    since: float
    ws: web.WebSocketResponse = field(repr=False)
    messages: float = 0.0
    window: float = 0.0
    seen: int | None = None  # the seq of the view this device holds


def _read_image(path: Path) -> bytes | None:
    if not is_regular_file(path, MAX_IMAGE_BYTES):  # no FIFO, device or huge file
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


class _Buckets:
    """Token buckets: ``allow(key)`` spends one unit if the key has one left."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._b: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        level, at = self._b.pop(key, (self.burst, now))
        level = min(self.burst, level + (now - at) * self.rate)
        ok = level >= 1.0
        self._b[key] = (level - 1.0 if ok else level, now)
        while len(self._b) > 4096:  # bounded memory under a flood of made-up keys
            self._b.popitem(last=False)
        return ok


def _refuse(status: int, message: T, **extra: Any) -> web.Response:
    return web.json_response(
        {"ok": False, "error": message.zh, **extra}, status=status, dumps=_dumps
    )


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def view_patch(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any] | None:
    """What turns ``old`` into ``new``: top-level keys to set, lists to extend.

    Views mostly grow (an inject delivered, an action logged), so a device that holds
    ``old`` gets a few hundred bytes instead of its whole view again. None when the
    change cannot be said so (a key gone).
    """
    if set(old) - set(new):
        return None
    put: dict[str, Any] = {}
    append: dict[str, Any] = {}
    for key, value in new.items():
        was = old.get(key)
        if was == value or key == "seq":
            continue
        if (
            isinstance(was, list)
            and isinstance(value, list)
            and len(value) > len(was)
            and value[: len(was)] == was
        ):
            append[key] = value[len(was) :]
        else:
            put[key] = value
    return {"type": "patch", "base": old["seq"], "seq": new["seq"], "set": put, "append": append}


class RoomServer:
    """Serves one drill session's room; see the module docstring."""

    def __init__(
        self,
        roster: Roster,
        owner: Owner,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        journal: Path | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.roster = roster
        self.owner = owner
        self.host = check_host(host)
        self.port = port
        self.journal = journal
        self.limits = limits or Limits()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._views: dict[str, dict[str, Any]] = {}
        self._texts: dict[str, str] = {}
        self._attachments: dict[str, list[list[str]]] = {}
        self._devices: list[Device] = []
        self._rate = _Buckets(self.limits.rate, self.limits.burst)
        self._submit_rate = _Buckets(self.limits.submit_rate, self.limits.submit_burst)
        self._active = 0
        self._done: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
        self._inflight: dict[tuple[str, str], Future[Any]] = {}
        self._seats_closed = False
        self._tasks: set[asyncio.Future[Any]] = set()
        self._files: dict[str, bytes] = {}
        self.refused = 0  # requests refused (for tests and the console)
        self.on_devices: Callable[[], None] | None = None  # called on the room thread

    # --- life ---------------------------------------------------------------------------

    def start(self) -> int:
        """Bind and serve; returns the port. Raises ``RoomError`` if it cannot."""
        for name in [*ASSETS, *PAGES.values()]:
            self._files[name] = (STATIC / name).read_bytes()
        with self._lock:
            if self.journal is not None:
                load_tokens(self.roster, self.journal)
            self.roster.issue()
        ready = threading.Event()
        errors: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._serve, args=(ready, errors), name="drill-room", daemon=True
        )
        self._thread.start()
        ready.wait()
        if not errors:
            with self._lock:
                self._save()  # with the port: a crash and a resume keep every link
        if errors:
            self._thread.join()
            exc = errors[0]
            raise RoomError(
                T(
                    f"无法在 {self.host}:{self.port} 开启演练室：{exc}",
                    f"Cannot open the room on {self.host}:{self.port}: {exc}",
                )
            ) from exc
        return self.port

    def _serve(self, ready: threading.Event, errors: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._setup())
        except BaseException as exc:  # reported by start()
            errors.append(exc)
            ready.set()
            loop.close()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _setup(self) -> None:
        # A malformed request from a device is refused with 400 and counted; aiohttp would
        # also print it with a traceback on stderr, which a room under attack must not do.
        logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
        app = web.Application(
            client_max_size=self.limits.max_body,
            middlewares=[self._guard],
            handler_args={"max_line_size": 8190, "max_field_size": 8190},
        )
        app.router.add_get("/r/{token}", self._slash)
        app.router.add_get("/r/{token}/", self._page)
        app.router.add_get("/r/{token}/a/{name}", self._asset)
        app.router.add_get("/r/{token}/api/view", self._view)
        app.router.add_get("/r/{token}/f/{n}/{k}", self._attachment)
        app.router.add_post("/r/{token}/api/submit", self._submit)
        app.router.add_get("/r/{token}/ws", self._ws)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, backlog=128)
        await site.start()
        server = site._server  # the bound port, when 0 was asked for
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        self._runner = runner

    def stop(self) -> None:
        """Close every connection, invalidate every token and stop (idempotent)."""
        loop = self._loop
        if loop is None or self._thread is None:
            return
        if loop.is_running():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        self._loop = None
        if self.journal is not None:
            forget_tokens(self.journal)

    async def _shutdown(self) -> None:
        with self._lock:
            self.roster.invalidate()
            devices = list(self._devices)
        await asyncio.gather(
            *(self._close(d, T("演练室已关闭", "The room was closed")) for d in devices),
            return_exceptions=True,
        )
        if self._runner is not None:
            await self._runner.cleanup()

    # --- data in ------------------------------------------------------------------------

    def views_for(self, session: DrillSession) -> Published:
        """Build the views, and where their attachments are (on the owner's thread)."""
        with self._lock:
            roster = Roster(list(self.roster.members))
        return build_views(session, roster), build_files(session, roster)

    def publish(self, published: Published) -> None:
        """New views from the owner: devices whose view changed get it (any thread)."""
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self._take_views, *published)

    def _take_views(
        self, views: dict[str, dict[str, Any]], files: dict[str, list[list[str]]]
    ) -> None:
        self._attachments = files
        ended = False
        for ident, view in views.items():
            old = self._views.get(ident)
            if old == view:
                continue  # (a deep compare is cheaper than encoding)
            self._views[ident] = view
            self._texts.pop(ident, None)  # the full text is encoded when a device needs it
            ended = ended or bool(view.get("ended"))
            with self._lock:
                targets = [d for d in self._devices if d.member == ident]
            patch_text = None
            if old is not None and any(d.seen == old.get("seq") for d in targets):
                patch = view_patch(old, view)
                patch_text = None if patch is None else _dumps(patch)
            for device in targets:
                base = old.get("seq") if old is not None else None
                text = patch_text if patch_text is not None and device.seen == base else None
                device.seen = view["seq"]  # now: the next change patches from this one
                self._spawn(self._send(device, text or self._full(ident)))
        if ended and not self._seats_closed:
            # The drill is over: seat links die; evaluators and the presenter stay for the
            # evaluation that follows the drill, until the room is closed.
            self._seats_closed = True
            self._invalidate((SEAT,), T("演练已结束，此链接已失效", "The drill has ended"))

    def _full(self, ident: str) -> str:
        text = self._texts.get(ident)
        if text is None:
            text = self._texts[ident] = _dumps({"type": "view", "view": self._views[ident]})
        return text

    def _invalidate(self, kinds: tuple[str, ...], why: T) -> None:
        with self._lock:
            self.roster.invalidate(kinds)
            self._save()
            idents = {Roster.ident(m) for m in self.roster.members if m.kind in kinds}
            devices = [d for d in self._devices if d.member in idents]
        for device in devices:
            self._spawn(self._close(device, why))

    def revoke(self, ident: str) -> str | None:
        """Give a member a new token, dropping its devices; returns the new token."""
        with self._lock:
            member = self.roster.member(ident)
            if member is None:
                return None
            token = self.roster.revoke(member)
            self._save()
            devices = [d for d in self._devices if d.member == ident]
        loop = self._loop
        if loop is not None and loop.is_running():
            for device in devices:
                asyncio.run_coroutine_threadsafe(
                    self._close(device, T("此链接已被收回", "This link was revoked")), loop
                )
        return token

    def _save(self) -> None:
        if self.journal is not None:
            with contextlib.suppress(OSError):
                save_tokens(self.roster, self.journal, self.port, self.host)

    # --- what the console reads -----------------------------------------------------------

    def _authority(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def url(self, token: str) -> str:
        return join_url(self.host, self.port, token)

    def links(self) -> list[dict[str, str]]:
        """One object per member: kind, key, name, url (for the CLI's first line)."""
        with self._lock:
            members = list(self.roster.members)
            tokens = {i: t for t, i in self.roster.tokens.items()}
        out = []
        for kind in KINDS:
            for m in members:
                token = tokens.get(Roster.ident(m))
                if m.kind == kind and token:
                    out.append(
                        {"kind": m.kind, "key": m.key, "name": m.name, "url": self.url(token)}
                    )
        return out

    def devices(self) -> list[Device]:
        with self._lock:
            return list(self._devices)

    # --- the guard ----------------------------------------------------------------------

    @web.middleware
    async def _guard(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        response = await self._checked(request, handler)
        headers = response.headers
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Cache-Control"] = "no-store"
        headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' ws://{self._authority()}; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'"
        )
        return response

    async def _checked(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        parts = request.path.split("/")
        token = parts[2] if len(parts) >= 3 and parts[1] == "r" else ""
        with self._lock:
            member = self.roster.by_token(token) if token else None
        key = f"t:{token}" if member is not None else f"ip:{request.remote}"
        if not self._rate.allow(key):
            self.refused += 1
            return _refuse(429, T("请求过于频繁，请稍后再试", "Too many requests"))
        if request.host != self._authority():
            self.refused += 1
            return _refuse(421, T("地址不符", "Wrong host"))
        if member is None:
            self.refused += 1
            return _refuse(403, T("链接无效或已失效，请向导调人员索取新链接", "Invalid link"))
        if self._active >= self.limits.max_active:
            self.refused += 1
            return _refuse(503, T("服务器繁忙，请稍后再试", "Busy, try again"))
        request[MEMBER] = member
        request[TOKEN] = token
        self._active += 1
        try:
            return await handler(request)
        except web.HTTPRequestEntityTooLarge:
            self.refused += 1
            return _refuse(413, T("提交的内容过大", "The request is too large"))
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            if exc.status == 404:
                return _refuse(404, T("没有这个页面", "Not found"))
            if exc.status == 405:
                return _refuse(405, T("不支持此操作", "Method not allowed"))
            raise
        finally:
            self._active -= 1

    # --- handlers -------------------------------------------------------------------------

    async def _slash(self, request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(f"/r/{request[TOKEN]}/")  # a link typed without "/"

    async def _page(self, request: web.Request) -> web.Response:
        member: Member = request[MEMBER]
        return web.Response(
            body=self._files[PAGES[member.kind]], content_type="text/html", charset="utf-8"
        )

    async def _asset(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in ASSETS:
            return _refuse(404, T("没有这个文件", "Not found"))
        return web.Response(body=self._files[name], headers={"Content-Type": ASSETS[name]})

    async def _attachment(self, request: web.Request) -> web.Response:
        """The k-th image of the member's n-th inject (only injects it received)."""
        files = self._attachments.get(Roster.ident(request[MEMBER]), [])
        try:
            n, k = int(request.match_info["n"]), int(request.match_info["k"])
            path = Path(files[n - 1][k]) if n >= 1 else None
        except (ValueError, IndexError):
            path = None
        kind = IMAGES.get(path.suffix.lower()) if path is not None else None
        if path is None or kind is None:
            return _refuse(404, T("没有这个附件", "No such attachment"))
        data = await asyncio.get_running_loop().run_in_executor(None, _read_image, path)
        if data is None:
            return _refuse(404, T("附件图片无法读取", "The attachment cannot be read"))
        return web.Response(body=data, headers={"Content-Type": kind})

    async def _view(self, request: web.Request) -> web.Response:
        view = self._views.get(Roster.ident(request[MEMBER]))
        return web.json_response({"ok": True, "view": view}, dumps=_dumps)

    async def _submit(self, request: web.Request) -> web.Response:
        member: Member = request[MEMBER]
        token: str = request[TOKEN]
        if request.content_type != "application/json":
            return _refuse(415, T("提交格式应为 JSON", "Send JSON"))
        if (request.content_length or 0) > self.limits.max_body:
            self.refused += 1
            return _refuse(413, T("提交的内容过大", "The request is too large"))
        try:
            payload = await request.json()
        except (ValueError, UnicodeDecodeError):
            self.refused += 1
            return _refuse(400, T("提交的内容不是有效的 JSON", "Not valid JSON"))
        try:
            checked = room_requests.check(member, payload)
        except room_requests.RequestError as exc:
            self.refused += 1
            return _refuse(exc.status, exc.message)
        rid = checked.rid  # also kept in the journal entry: the dedupe survives a restart
        key = (Roster.ident(member), rid) if rid is not None else None
        if key is not None and key in self._done:
            return web.json_response(self._done[key], dumps=_dumps)  # a retry of a done one
        future = self._inflight.get(key) if key is not None else None
        if future is None:  # (else: a retry while the first is still being recorded)
            if not self._submit_rate.allow(token):
                self.refused += 1
                return _refuse(429, T("提交过于频繁，请稍后再试", "Too many submissions"))
            future = self.owner.call(partial(room_requests.apply, member=member, request=checked))
            if key is not None:
                self._inflight[key] = future
                future.add_done_callback(
                    partial(self._settle_soon, asyncio.get_running_loop(), key)
                )
        try:
            # shielded: a device that stops waiting does not cancel a call under way
            waiting = asyncio.shield(asyncio.wrap_future(future))
            seq = await asyncio.wait_for(waiting, self.limits.call_timeout_s)
        except DrillError as exc:
            return _refuse(400, exc.message)
        except StorageError as exc:
            return _refuse(503, T(f"记录未能写入：{exc.text('zh')}", "Not recorded"))
        except TimeoutError:
            return _refuse(
                504, T("控制台未及时确认，请稍后查看是否已记录", "Not confirmed in time")
            )
        except Exception:
            return _refuse(500, T("控制台无法记录这项提交", "The console could not record it"))
        return web.json_response({"ok": True, "seq": seq}, dumps=_dumps)

    def _settle_soon(
        self, loop: asyncio.AbstractEventLoop, key: tuple[str, str], future: Future[Any]
    ) -> None:
        with contextlib.suppress(RuntimeError):  # the room closed meanwhile
            loop.call_soon_threadsafe(self._settled, key, future)  # from the owner's thread

    def _settled(self, key: tuple[str, str], future: Future[Any]) -> None:
        """A call with a request id is over: retries of it get the same answer."""
        self._inflight.pop(key, None)
        if not future.cancelled() and future.exception() is None:
            self._done[key] = {"ok": True, "seq": future.result()}
            while len(self._done) > 2000:
                self._done.popitem(last=False)

    async def _ws(self, request: web.Request) -> web.StreamResponse:
        member: Member = request[MEMBER]
        ident = Roster.ident(member)
        with self._lock:
            mine = sum(d.member == ident for d in self._devices)
            total = len(self._devices)
        if total >= self.limits.max_sockets or mine >= self.limits.max_sockets_per_member:
            self.refused += 1
            return _refuse(503, T("连接数已满", "Too many connections"))
        ws = web.WebSocketResponse(timeout=2.0, heartbeat=20.0, max_msg_size=4096, compress=False)
        await ws.prepare(request)
        device = Device(
            ident,
            member.name,
            str(request.remote or ""),
            request.headers.get("User-Agent", "")[:120],
            time.time(),
            ws,
            window=time.monotonic(),
        )
        with self._lock:
            self._devices.append(device)
        self._devices_changed()
        try:
            async for msg in ws:
                if not await self._ws_message(device, msg):
                    break
        finally:
            with self._lock:
                if device in self._devices:
                    self._devices.remove(device)
            self._devices_changed()
        return ws

    async def _ws_message(self, device: Device, msg: Any) -> bool:
        ws = device.ws
        now = time.monotonic()
        if now - device.window >= 1.0:
            device.window, device.messages = now, 0.0
        device.messages += 1
        if device.messages > self.limits.ws_rate:
            self.refused += 1
            await ws.close(code=1008, message="消息过于频繁".encode())
            return False
        data: Any = None
        if msg.type == WSMsgType.TEXT:
            with contextlib.suppress(ValueError):
                data = json.loads(msg.data)
        if not isinstance(data, dict) or data.get("type") not in ("hello", "ping"):
            self.refused += 1
            with contextlib.suppress(Exception):
                await ws.send_str(_dumps({"type": "error", "error": "消息格式无效"}))
            await ws.close(code=1003, message="消息格式无效".encode())
            return False
        if data["type"] == "ping":
            await ws.send_str(_dumps({"type": "pong"}))
            return True
        seen = data.get("seq")
        view = self._views.get(device.member)
        if view is None:
            await ws.send_str(_dumps({"type": "wait"}))
        elif not isinstance(seen, int) or seen != view.get("seq"):
            device.seen = view["seq"]
            await ws.send_str(self._full(device.member))
        else:
            device.seen = seen
            await ws.send_str(_dumps({"type": "same", "seq": seen}))
        return True

    async def _send(self, device: Device, text: str) -> None:
        try:
            await asyncio.wait_for(device.ws.send_str(text), 5.0)
        except Exception:  # a device gone or stuck: drop it, it reconnects and catches up
            with contextlib.suppress(Exception):
                await device.ws.close(code=1011)

    async def _close(self, device: Device, why: T) -> None:
        with contextlib.suppress(Exception):
            await device.ws.send_str(_dumps({"type": "closed", "reason": why.zh}))
        with contextlib.suppress(Exception):
            await device.ws.close(code=1008, message=why.zh.encode())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self._tasks.discard)

    def _devices_changed(self) -> None:
        if self.on_devices is not None:
            with contextlib.suppress(Exception):
                self.on_devices()


__all__ = ["Device", "Limits", "RoomError", "RoomServer", "check_host", "lan_addresses"]
