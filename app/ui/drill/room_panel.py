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

Each link is shown as a QR code (at least 300 px, black on white with its quiet zone,
the member's name under it) that a phone scans off the screen or the projector; one
click shows a code full-screen. The codes are drawn on a worker thread (segno takes
about 10 ms a code), as is the lookup of the laptop's addresses (it resolves the host
name, which can take seconds on a network without DNS).

Off by default: the action 开启演练室 (Ctrl+Shift+O) in the View menu starts it.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
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
from app.room import net, qr
from app.room.roster import Roster, build_roster, saved_port
from app.ui.base import dialogs, tasks

if TYPE_CHECKING:
    from app.room.server import RoomServer
    from app.ui.drill.runner import Outcome, SessionRunner

KIND_LABELS = {"seat": "参演席位", "evaluator": "评估人员", "presenter": "投屏"}
DEFAULT_PORT = 8765
COLUMNS = 3  # codes per row in the panel


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


class FullCode(QWidget):
    """One member's code as large as the screen allows, its name under it."""

    def __init__(self, name: str, link: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("roomCode")
        self.setWindowTitle(name)
        self.setStyleSheet("background: #ffffff; color: #000000;")
        self.link = link
        self.modules = qr.modules(link)
        layout = QVBoxLayout(self)
        self.code = QLabel()
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setMinimumSize(qr.MIN_PX, qr.MIN_PX)  # never clipped, even in a small window
        layout.addWidget(self.code, 1)
        self.name = _plain(name, size=28, bold=True)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.name)
        hint = _plain(self.tr("按 Esc 或点击关闭"), size=11)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        self._side = 0

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        room = min(self.width() - 40, self.height() - 160)
        # whole pixels per module keep the edges sharp; drawn again only when that changes
        side = max(qr.MIN_PX, room - room % self.modules)
        if side != self._side:
            self._side = side
            pixmap = QPixmap()
            pixmap.loadFromData(qr.png(self.link, side), "PNG")
            self.code.setPixmap(pixmap)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: Any) -> None:
        self.close()


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
        self.qr_note = _plain(
            self.tr("用手机扫描席位或角色的二维码加入；点“全屏显示”可把一个二维码放大到整个屏幕。")
        )
        layout.addWidget(self.qr_note)
        self.links_area = QScrollArea()
        self.links_area.setWidgetResizable(True)
        layout.addWidget(self.links_area, 5)
        layout.addWidget(_plain(self.tr("已连接的设备"), size=12, bold=True))
        self.devices = QTableWidget(0, 4)
        self.devices.setHorizontalHeaderLabels(
            [self.tr("席位/角色"), self.tr("地址"), self.tr("连接时间"), self.tr("浏览器")]
        )
        self.devices.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.devices.verticalHeader().hide()
        self.devices.horizontalHeader().setStretchLastSection(True)
        self._rows: list[tuple[str, str, str, str]] = []
        self.codes: dict[str, QLabel] = {}  # member ident -> its QR code
        self.links: dict[str, dict[str, str]] = {}  # member ident -> its link
        self._png: dict[str, bytes] = {}  # url -> PNG of its code
        self.full: FullCode | None = None
        layout.addWidget(self.devices, 1)
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
        self.codes = {}
        self.links = {}
        for n, link in enumerate(server.links()):
            ident = f"{link['kind']}:{link['key']}"
            self.links[ident] = link
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            col = QVBoxLayout(card)
            code = QLabel()
            code.setAlignment(Qt.AlignmentFlag.AlignCenter)
            code.setMinimumSize(qr.MIN_PX, qr.MIN_PX)
            code.setStyleSheet("background: #ffffff;")  # the quiet zone stays white in dark themes
            self.codes[ident] = code
            col.addWidget(code)
            name = _plain(link["name"], size=14, bold=True)
            name.setAlignment(Qt.AlignmentFlag.AlignCenter)
            col.addWidget(name)
            kind = _plain(KIND_LABELS.get(link["kind"], link["kind"]), size=11)
            kind.setAlignment(Qt.AlignmentFlag.AlignCenter)
            col.addWidget(kind)
            url = _plain(link["url"])
            url.setFont(QFont("monospace", 9))
            col.addWidget(url)
            buttons = QHBoxLayout()
            full = QPushButton(self.tr("全屏显示"))
            full.clicked.connect(lambda _=False, i=ident: self.show_full(i))
            buttons.addWidget(full)
            copy = QPushButton(self.tr("复制链接"))
            copy.clicked.connect(
                lambda _=False, u=link["url"]: QGuiApplication.clipboard().setText(u)
            )
            buttons.addWidget(copy)
            revoke = QPushButton(self.tr("收回并换新链接"))
            revoke.clicked.connect(lambda _=False, i=ident: self.hook.revoke(i))
            buttons.addWidget(revoke)
            col.addLayout(buttons)
            grid.addWidget(card, n // COLUMNS, n % COLUMNS)
        self.links_area.setWidget(box)
        self._draw_codes()
        self.refresh_devices()

    def _draw_codes(self) -> None:
        """PNGs made on a worker (about 10 ms each), kept per link: a revoke redraws one."""
        wanted = [link["url"] for link in self.links.values() if link["url"] not in self._png]
        if not wanted:
            self._set_codes({})
            return
        tasks.run_in_thread(
            lambda: {url: qr.png(url) for url in wanted}, self._set_codes, owner=self
        )

    def _set_codes(self, made: dict[str, bytes]) -> None:
        self._png.update(made)
        for ident, label in self.codes.items():
            data = self._png.get(self.links[ident]["url"])
            if data is not None and label.property("link") != self.links[ident]["url"]:
                pixmap = QPixmap()
                pixmap.loadFromData(data, "PNG")
                label.setPixmap(pixmap)
                label.setProperty("link", self.links[ident]["url"])

    def show_full(self, ident: str) -> None:
        """One code over the whole screen, for the projector (Esc or a click closes it)."""
        link = self.links.get(ident)
        if link is None:
            return
        if self.full is not None:
            self.full.close()
        self.full = FullCode(link["name"], link["url"], self)
        self.full.showFullScreen()

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
        self._choosing = False  # the addresses are being looked up for the dialog
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
        snap = self.console.snapshot
        session = self.runner.session
        if snap is None or session is None:
            return False
        if host is None:
            # the addresses are looked up on a worker: resolving the host name can hang
            self._choosing = True
            tasks.run_in_thread(net.lan_addresses, self._choose, self._import_failed, owner=self)
            return True
        return self._begin(str(host))

    def _choose(self, addresses: list[str]) -> None:
        if not self._choosing or self.server is not None:
            return  # closed again while the addresses were looked up
        self._choosing = False
        host, ok = QInputDialog.getItem(
            self.console,
            self.tr("开启演练室"),
            self.tr("设备通过哪个网络地址访问本机（局域网或热点）："),
            addresses,
            0,
            True,
        )
        if not ok or not self._begin(str(host)):
            self._uncheck()

    def _begin(self, chosen: str) -> bool:
        snap = self.console.snapshot
        session = self.runner.session
        if snap is None or session is None:
            return False
        journal = session.path  # fixed when the session opened: safe to read
        roster = build_roster(snap.drill, snap.plan)
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
        self._choosing = False
        self.refresh_timer.stop()
        if server is not None:
            server.stop()
        if self.panel is not None:
            self.panel.hide()
        self._uncheck()


__all__ = ["FullCode", "RoomHook", "RoomPanel"]
