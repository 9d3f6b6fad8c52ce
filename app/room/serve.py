"""``python -m app drill serve DRILL.drill.yaml [--host H] [--port P]``: a room without
the console.

It resumes the drill's unfinished session if there is one (``--new`` starts another),
opens the room, prints the join links as one line of JSON (a list of objects: ``kind``
seat/evaluator/presenter, ``key``, ``name``, ``url``), starts the clock (or resumes
it), and drives the session in a plain loop: scripted injects go out on time, devices'
submissions are recorded. Commands on standard input steer it, one a line: ``start``,
``pause``, ``resume``, ``next``, ``deliver ID``, ``end``, ``quit``; each answers with one
JSON line. SIGINT/SIGTERM or ``quit`` close the room (links die) and keep the session
resumable.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from app.drill.errors import DrillError
from app.drill.session import DrillSession
from app.i18n import T
from app.model.problems import Severity
from app.room.owner import LoopOwner
from app.room.roster import build_roster, saved_port
from app.room.server import RoomError, RoomServer
from app.storage.drills import find_unfinished, load_drill, load_linked_plan
from app.storage.errors import StorageError

DEFAULT_PORT = 8765


def open_session(drill_path: Path, *, new: bool = False) -> DrillSession:
    """Resume the unfinished session of a drill, or create one. Raises ``RoomError``."""
    if not drill_path.is_file():
        raise RoomError(T(f"{drill_path}: 演练文件不存在", f"{drill_path}: no such drill file"))
    try:
        unfinished = None if new else find_unfinished(drill_path)
        if unfinished is not None:
            return DrillSession.reopen(unfinished.path)
        loaded = load_drill(drill_path)
        errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
        if errors:
            first = errors[0]
            raise RoomError(
                T(
                    f"{drill_path}:{first.line or 1}: 演练文件有错误（{first.message.zh}），"
                    "请先用 validate 检查并修正",
                    f"{drill_path}:{first.line or 1}: the drill has errors "
                    f"({first.message.en}); run validate first",
                )
            )
        linked = load_linked_plan(drill_path, loaded.model)
        plan = linked.model if linked is not None and not linked.has_errors else None
        return DrillSession.create(loaded.model, drill_path, plan=plan)
    except StorageError as exc:
        where = f"{exc.filename}:{exc.line}" if exc.line else exc.filename
        raise RoomError(T(f"{where}: {exc.text('zh')}", f"{where}: {exc.text('en')}")) from None


def _command(session: DrillSession, *, line: str) -> Any:
    word, _, rest = line.strip().partition(" ")
    if word == "start":
        return session.start().seq
    if word == "pause":
        return session.pause().seq
    if word == "resume":
        return session.resume().seq
    if word == "next":
        entry = session.next()
        return None if entry is None else entry.seq
    if word == "deliver":
        return session.deliver(rest.strip()).seq
    if word == "end":
        return session.end().seq
    raise DrillError(T(f"未知命令“{word}”", f"Unknown command '{word}'"))


def _read_commands(owner: LoopOwner, stdin: TextIO, out: TextIO, lock: threading.Lock) -> None:
    for line in stdin:
        if not line.strip():
            continue
        if line.strip() == "quit":
            owner.stop()
            return
        future = owner.call(partial(_command, line=line))
        try:
            reply: dict[str, Any] = {"ok": True, "seq": future.result()}
        except DrillError as exc:
            reply = {"ok": False, "error": exc.message.text()}
        except Exception as exc:
            reply = {"ok": False, "error": str(exc)}
        with lock:
            out.write(json.dumps(reply, ensure_ascii=False) + "\n")
            out.flush()


def serve(
    drill_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    new: bool = False,
    start: bool = True,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    session = open_session(drill_path, new=new)
    try:
        for problem in session.problems:
            print(problem.text(), file=sys.stderr)
        roster = build_roster(session.drill, session.plan)
        owner = LoopOwner(session)
        if port is None:
            port = saved_port(session.path) or DEFAULT_PORT
        server = RoomServer(roster, owner, host=host, port=port, journal=session.path)
        owner.sink = server
        server.start()
        lock = threading.Lock()
        try:
            with lock:
                out.write(json.dumps(server.links(), ensure_ascii=False) + "\n")
                out.flush()
            if start and not session.ended:
                try:
                    if not session.state.started:
                        session.start()
                    elif session.clock_state.value == "paused":
                        session.resume()
                except DrillError:
                    pass
            for sig in (signal.SIGINT, signal.SIGTERM):
                # not on the main thread (tests): quit by stdin instead
                with contextlib.suppress(ValueError):
                    signal.signal(sig, lambda *_: owner.stop())
            reader = threading.Thread(
                target=_read_commands,
                args=(owner, stdin or sys.stdin, out, lock),
                name="drill-room-commands",
                daemon=True,
            )
            reader.start()
            owner.run()
        finally:
            server.stop()
    finally:
        session.close()
    return 0


__all__ = ["DEFAULT_PORT", "open_session", "serve"]
