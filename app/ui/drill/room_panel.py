"""The console's drill room: start the room server for the running session, show the join
links, list the connected devices, revoke a link.

The session runner stays the only caller of the session (``app.ui.drill.runner``): a
device's submission reaches the GUI thread as a queued Qt signal (``RoomHook.call`` is
safe from the room's thread), is submitted to the runner like any console operation,
and its future completes in the runner's ``on_done``, after the journal has the entry.
Requests waiting together run in one runner operation (each acknowledged as its own
call returns), so a busy room costs the console one refresh per batch. The console's
log shows the entries as it shows its own. After every operation that
recorded something, a silent runner operation rebuilds the devices' views on the
runner's worker thread and hands them to the room; nothing here reads the session.

Off by default: the action 开启演练室 (Ctrl+Shift+O) in the View menu starts it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import time
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.drill.session import DrillSession
from app.room.roster import Roster, build_roster, saved_port
from app.ui.base import dialogs, tasks

if TYPE_CHECKING:
    from app.room.server import RoomServer
    from app.ui.drill.runner import Outcome, SessionRunner

KIND_LABELS = {"seat": "参演席位", "evaluator": "评估人员", "presenter": "投屏"}
DEFAULT_PORT = 8765


def qr_library() -> str | None:
    """A QR code library already installed (none is installed on purpose)."""
    for name in ("segno", "qrcode"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def _plain(text: str = "", *, size: float | None = None, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and device data: never rich text
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if size is not None or bold:
        font = QFont(label.font())
        if size is not None:
            font.setPointSizeF(size)
        font.setBold(bold)
        label.setFont(font)
    return label


class RoomPanel(QWidget):
    """The room's window: links big enough to read off a projector, devices, revoke."""

    def __init__(self, hook: RoomHook, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.hook = hook
        self.setObjectName("roomPanel")
        self.setWindowTitle(self.tr("演练室"))
        self.resize(1100, 760)
        layout = QVBoxLayout(self)
        self.status = _plain(size=13, bold=True)
        layout.addWidget(self.status)
        library = qr_library()
        self.qr_note = _plain(
            self.tr("未安装二维码库，请在设备浏览器中输入下方链接（或复制后发给设备）。")
            if library is None
            else self.tr("可用二维码库：{name}").format(name=library)
        )
        layout.addWidget(self.qr_note)
        self.links_area = QScrollArea()
        self.links_area.setWidgetResizable(True)
        layout.addWidget(self.links_area, 3)
        layout.addWidget(_plain(self.tr("已连接的设备"), size=12, bold=True))
        self.devices = QTableWidget(0, 4)
        self.devices.setHorizontalHeaderLabels(
            [self.tr("席位/角色"), self.tr("地址"), self.tr("连接时间"), self.tr("浏览器")]
        )
        self.devices.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.devices.verticalHeader().hide()
        self.devices.horizontalHeader().setStretchLastSection(True)
        self._rows: list[tuple[str, str, str, str]] = []
        layout.addWidget(self.devices, 2)
        row = QHBoxLayout()
        row.addStretch(1)
        self.stop_button = QPushButton(self.tr("关闭演练室"))
        self.stop_button.clicked.connect(lambda: self.hook.action.setChecked(False))
        row.addWidget(self.stop_button)
        layout.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh_devices)
        self.timer.start()

    def show_links(self, server: RoomServer) -> None:
        self.status.setText(
            self.tr("演练室已开启：{url}（仅限本机所选网络地址）").format(
                url=f"http://{server.host}:{server.port}/"
            )
        )
        box = QWidget()
        grid = QGridLayout(box)
        for n, link in enumerate(server.links()):
            kind = KIND_LABELS.get(link["kind"], link["kind"])
            grid.addWidget(_plain(f"{kind}：{link['name']}", size=13, bold=True), 2 * n, 0, 1, 3)
            url = _plain(link["url"], size=16)
            url.setFont(QFont("monospace", 16))
            grid.addWidget(url, 2 * n + 1, 0)
            copy = QPushButton(self.tr("复制链接"))
            copy.clicked.connect(
                lambda _=False, u=link["url"]: QGuiApplication.clipboard().setText(u)
            )
            grid.addWidget(copy, 2 * n + 1, 1)
            revoke = QPushButton(self.tr("收回并换新链接"))
            revoke.clicked.connect(
                lambda _=False, k=f"{link['kind']}:{link['key']}": self.hook.revoke(k)
            )
            grid.addWidget(revoke, 2 * n + 1, 2)
        grid.setColumnStretch(0, 1)
        self.links_area.setWidget(box)
        self.refresh_devices()

    def refresh_devices(self) -> None:
        server = self.hook.server
        devices = server.devices() if server is not None else []
        rows = [
            (d.name, d.remote, time.strftime("%H:%M:%S", time.localtime(d.since)), d.agent)
            for d in devices
        ]
        if rows == self._rows:
            return  # nothing changed: the table is not touched (no GUI time)
        self._rows = rows
        self.devices.setUpdatesEnabled(False)
        try:
            self.devices.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    self.devices.setItem(r, c, QTableWidgetItem(text))  # items are plain text
            self.devices.resizeColumnsToContents()
        finally:
            self.devices.setUpdatesEnabled(True)


class RoomHook(QObject):
    """Owns the room of one console: the action, the server, the panel."""

    requested = Signal(object)  # (fn, future), emitted from the room's thread

    def __init__(self, console: Any, runner: SessionRunner) -> None:
        super().__init__(console)
        self.console = console
        self.runner = runner
        self.server: RoomServer | None = None
        self.panel: RoomPanel | None = None
        self.action = QAction(self.tr("开启演练室…"), console)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        keys = self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.action.setToolTip(
            self.tr("开启或关闭演练室：各席位、评估人员和投屏用自己的设备加入") + f"（{keys}）"
        )
        self.action.toggled.connect(self._toggled)
        console.addAction(self.action)
        self.requested.connect(self._run, Qt.ConnectionType.QueuedConnection)
        runner.finished.connect(self._finished)
        self._refresh_queued = False
        self._lock = threading.Lock()
        self._pending: list[tuple[Any, Future[Any]]] = []
        self._batch_queued = False
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(5000)  # statuses that change with time (overdue)
        self.refresh_timer.timeout.connect(self.refresh)

    # --- the owner side (Owner protocol) -----------------------------------------------

    def call(self, fn: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.requested.emit((fn, future))
        return future

    def _run(self, item: tuple[Any, Future[Any]]) -> None:
        fn, future = item
        if self.runner.closed or self.server is None:
            future.set_exception(RuntimeError("the room is closed"))
            return
        with self._lock:
            self._pending.append((fn, future))
            if self._batch_queued:
                return  # the queued batch takes this one too
            self._batch_queued = True
        # One runner operation for every request waiting when it runs: under load the
        # console refreshes once per batch, not once per device.
        self.runner.submit(self.tr("演练室提交"), self._batch, self._batch_done)

    def _batch(self, session: DrillSession) -> int:
        with self._lock:
            work, self._pending = self._pending, []
            self._batch_queued = False
        for fn, future in work:
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(session))  # after the call returned: on disk
            except BaseException as exc:  # the device hears of it; the others go on
                future.set_exception(exc)
        return len(work)

    def _batch_done(self, outcome: Outcome) -> None:
        if not outcome.ok:  # a bug in the batch itself: nobody may wait forever
            with self._lock:
                work, self._pending = self._pending, []
                self._batch_queued = False
            for _, future in work:
                if not future.done():
                    future.set_exception(outcome.error or RuntimeError("failed"))

    def _finished(self, outcome: Outcome) -> None:
        if self.server is not None and outcome.entries:
            self.refresh()

    def refresh(self) -> None:
        server = self.server
        if server is None or self.runner.closed or self._refresh_queued:
            return  # one queued rebuild reads the latest state anyway: coalesce
        self._refresh_queued = True

        def views(session: DrillSession) -> None:
            # built and handed over on the runner's worker thread: no GUI time
            self._refresh_queued = False
            server.publish(server.views_for(session))

        def settled(outcome: Outcome) -> None:
            self._refresh_queued = False  # also when the call failed

        self.runner.submit("room", views, settled, silent=True)

    # --- start and stop --------------------------------------------------------------

    def _toggled(self, on: bool) -> None:
        if on and self.server is None and not self.start():
            self._uncheck()
        elif not on:
            self.stop()

    def start(self, host: str | None = None) -> bool:
        """Ask for the address (unless given) and open the room; False if not opening."""
        from app.room.net import lan_addresses

        snap = self.console.snapshot
        session = self.runner.session
        if snap is None or session is None:
            return False
        if host is None:
            host, ok = QInputDialog.getItem(
                self.console,
                self.tr("开启演练室"),
                self.tr("设备通过哪个网络地址访问本机（局域网或热点）："),
                lan_addresses(),
                0,
                True,
            )
            if not ok:
                return False
        journal = session.path  # fixed when the session opened: safe to read
        roster = build_roster(snap.drill, snap.plan)
        chosen = str(host)
        if "app.room.server" in sys.modules:
            return self._open(chosen, journal, roster)

        def imported(_: Any) -> None:
            self._open(chosen, journal, roster)

        # aiohttp's first import takes about a second: done off the GUI thread
        tasks.run_in_thread(
            partial(importlib.import_module, "app.room.server"),
            imported,
            self._import_failed,
            owner=self,
        )
        return True

    def _import_failed(self, exc: BaseException, trace: str) -> None:
        self._uncheck()
        dialogs.show_error(self.console, self.tr("开启演练室"), str(exc), trace)

    def _open(self, host: str, journal: Path, roster: Roster) -> bool:
        from app.room.server import RoomError, RoomServer

        if self.runner.closed:
            self._uncheck()
            return False
        port = saved_port(journal) or DEFAULT_PORT
        server: RoomServer | None = None
        error: RoomError | None = None
        for attempt in (port, 0):  # the usual port, else any free one
            try:
                server = RoomServer(roster, self, host=host, port=attempt, journal=journal)
                server.start()
                break
            except RoomError as exc:
                server, error = None, exc
        if server is None:
            self._uncheck()
            message = error.message.zh if error is not None else ""
            dialogs.show_warning(self.console, self.tr("开启演练室"), message)
            return False
        self.server = server
        self.refresh()
        self.refresh_timer.start()
        if self.panel is None:
            self.panel = RoomPanel(self, self.console)
        self.panel.show_links(server)
        self.panel.show()
        self.panel.raise_()
        return True

    def _uncheck(self) -> None:
        if self.action.isChecked():
            self.action.blockSignals(True)
            self.action.setChecked(False)
            self.action.blockSignals(False)

    def revoke(self, ident: str) -> None:
        if self.server is None:
            return
        self.server.revoke(ident)
        if self.panel is not None:
            self.panel.show_links(self.server)

    def stop(self) -> None:
        """Close every connection and invalidate every link (also when the console closes)."""
        server, self.server = self.server, None
        self.refresh_timer.stop()
        if server is not None:
            server.stop()
        if self.panel is not None:
            self.panel.hide()
        self._uncheck()


__all__ = ["RoomHook", "RoomPanel", "qr_library"]
