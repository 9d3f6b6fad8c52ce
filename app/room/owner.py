"""The owner of a drill session: the one thread that calls it, fed through a queue.

The room server never touches the session. It hands a function to the owner with
``owner.call(fn)`` and gets a ``concurrent.futures.Future``; the owner runs ``fn(session)``
on its own thread, one call after another, and completes the future with the result
only after the call returned, i.e. after the journal entry was fsynced. After a call
that recorded something it rebuilds the views (``room.views_for``) on the same thread
and hands them to the room (``room.publish``).

``LoopOwner`` is the owner of the headless ``drill serve``: a plain loop on the calling
thread that also polls the session (due injects, checkpoints) four times a second.
In the console the owner is the session runner (``app.ui.drill.room_panel``).
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol

from app.drill.session import DrillSession


class Owner(Protocol):
    def call(self, fn: Callable[[DrillSession], Any]) -> Future[Any]: ...


class ViewSink(Protocol):
    def views_for(self, session: DrillSession) -> Any: ...

    def publish(self, views: Any) -> None: ...


class LoopOwner:
    """Runs session calls from a queue on the thread that calls ``run``."""

    POLL_S = 0.25
    BATCH = 32  # calls run between two publications at most
    REFRESH_S = 5.0  # statuses that change with time alone (overdue) reach evaluators

    def __init__(self, session: DrillSession) -> None:
        self.session = session
        self._queue: queue.Queue[tuple[Callable[[DrillSession], Any], Future[Any]] | None] = (
            queue.Queue()
        )
        self._stop = threading.Event()
        self.sink: ViewSink | None = None

    def call(self, fn: Callable[[DrillSession], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        if self._stop.is_set():
            future.set_exception(RuntimeError("the session owner has stopped"))
        else:
            self._queue.put((fn, future))
        return future

    def stop(self) -> None:
        self._stop.set()
        self._queue.put(None)

    def _publish(self) -> None:
        if self.sink is not None:
            self.sink.publish(self.sink.views_for(self.session))

    def _run(self, fn: Callable[[DrillSession], Any], future: Future[Any]) -> None:
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(fn(self.session))
            except BaseException as exc:  # the device hears of it, the loop goes on
                future.set_exception(exc)

    def run(self) -> None:
        """Serve calls until ``stop``; publishes after every change."""
        session = self.session
        seen = session.state.last_seq
        self._publish()
        last_poll = last_publish = time.monotonic()
        while not self._stop.is_set():
            try:
                item = self._queue.get(timeout=self.POLL_S)
            except queue.Empty:
                item = None
            # Run what is queued, then publish once: under load the views are rebuilt per
            # batch, not per entry (each call is still acknowledged when it returns).
            for _ in range(self.BATCH):
                if item is None:
                    break
                self._run(*item)
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    item = None
            if item is not None:
                self._run(*item)
            now = time.monotonic()
            if now - last_poll >= self.POLL_S:
                last_poll = now
                with contextlib.suppress(Exception):  # a full disk: the next poll tries again
                    session.poll()
            if session.state.last_seq != seen or now - last_publish >= self.REFRESH_S:
                seen = session.state.last_seq
                last_publish = now
                self._publish()
        while True:  # refuse what is still queued: nobody will run it
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item[1].set_exception(RuntimeError("the session owner has stopped"))


__all__ = ["LoopOwner", "Owner", "ViewSink"]
