"""Addresses for the drill room, without importing the server (and aiohttp).

``check_host`` refuses anything but one IP address of this machine (never a wildcard);
``lan_addresses`` lists the addresses a device on the LAN or hotspot could reach.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

from app.i18n import T


class RoomError(Exception):
    """The room cannot start (address taken, not an address of this machine…)."""

    def __init__(self, message: T) -> None:
        super().__init__(message.en)
        self.message = message


def check_host(host: str) -> str:
    """The address to bind: one interface of this machine, never a wildcard."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise RoomError(T(f"“{host}”不是 IP 地址", f"'{host}' is not an IP address")) from None
    if ip.is_unspecified:
        raise RoomError(
            T(
                "请选定一个网络地址（如本机的局域网或热点地址），不能监听所有地址",
                "Choose one address (the LAN or hotspot address), not all of them",
            )
        )
    return str(ip)


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses a device could reach, loopback last."""
    found: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.254.254.254", 1))  # no packet is sent: picks the default route
        found.append(s.getsockname()[0])
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    out = [a for a in dict.fromkeys(found) if not a.startswith("127.")]
    return [*out, "127.0.0.1"]


__all__ = ["RoomError", "check_host", "lan_addresses"]
