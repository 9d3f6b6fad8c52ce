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


def make_true_immortal() -> None:
    refcount = ctypes.c_ssize_t.from_address(id(True))
    refcount.value += _TOP_UP


def apply() -> bool:
    """Apply the cure where needed; returns whether it was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not emit_leaks_true():
        return False
    make_true_immortal()
    return True


APPLIED = apply()
