"""Work around a reference-count bug in PySide6 6.12 on Python 3.11.

``SignalInstance.emit()`` and ``.disconnect()`` return ``True`` without taking a
reference to it, so every call made from Python drops one reference to ``True``. On
Python 3.12+ ``True`` is immortal and nothing happens; on 3.11 its count reaches zero
after a few thousand emits (a few minutes of typing) and the interpreter aborts with
"deallocating True or False".

Every signal emitted from Python anywhere (ours, pytest-qt's, Qt's Python helpers) is
affected, so the cure is global: if the leak is present, give ``True`` the effectively
endless reference count that Python 3.12 gives it by design. ``True`` is a singleton
that a healthy interpreter never frees, so extra references cannot do harm.

The same release drops a reference to ``None`` on every call of a method that returns
nothing (``setText``, ``update``, ``setPixelSize``…): a window that refreshes a few
times a second (the drill console's clock, the presenter) reaches zero within minutes
and aborts with "deallocating None". The same cure, measured the same way, applies.
"""

from __future__ import annotations

import ctypes
import sys

# 2**40 emits is more than a lifetime of editing; far from overflowing the count.
_TOP_UP = 1 << 40


def emit_leaks_true() -> bool:
    """Whether ``emit()`` drops a reference to True (measured, not assumed)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before


def void_call_leaks_none() -> bool:
    """Whether a method returning nothing drops a reference to None (measured)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return sys.getrefcount(None) <= before - 32  # other code may take a few meanwhile


def make_immortal(obj: object) -> None:
    refcount = ctypes.c_ssize_t.from_address(id(obj))
    refcount.value += _TOP_UP


def make_true_immortal() -> None:
    make_immortal(True)


def apply() -> bool:
    """Apply the cures where needed; returns whether any was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    applied = False
    if emit_leaks_true():
        make_true_immortal()
        applied = True
    if void_call_leaks_none():
        make_immortal(None)
        applied = True
    return applied


APPLIED = apply()
