"""PySide6 6.12 on Python 3.11 drops a reference to True per emit, and to None per call
of a method that returns nothing; app.ui cures both."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import ROOT

SCRIPT = textwrap.dedent(
    """
    import app.ui  # noqa: F401  (applies the cure)
    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        ping = Signal(object)

    source = Source()
    source.ping.connect(lambda value: None)
    for n in range(50_000):
        source.ping.emit(n)
    print("still alive")
    """
)


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )


def test_many_emits_do_not_abort_the_interpreter() -> None:
    result = _run(SCRIPT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "still alive" in result.stdout


def test_cure_applies_only_where_the_leak_is() -> None:
    from app.ui.base import qtfix

    if sys.version_info >= (3, 12):
        assert not qtfix.APPLIED
    else:
        assert (sys.getrefcount(True) > (1 << 39)) == qtfix.APPLIED


def test_without_the_cure_the_interpreter_aborts_where_the_leak_is() -> None:
    from app.ui.base import qtfix

    if not qtfix.APPLIED:
        return  # a fixed PySide6 or Python 3.12+: nothing to prove
    result = _run(SCRIPT.replace("import app.ui  # noqa: F401  (applies the cure)", ""))
    assert result.returncode != 0
    assert "deallocating True" in result.stderr


VOID_SCRIPT = textwrap.dedent(
    """
    import app.ui  # noqa: F401  (applies the cure)
    from PySide6.QtWidgets import QApplication, QLabel

    qapp = QApplication([])
    label = QLabel()
    for n in range(50_000):  # a console clock: setText ten times a second, for hours
        label.setText(str(n))
        label.update()
    print("still alive")
    """
)


def test_many_void_calls_do_not_abort_the_interpreter() -> None:
    result = _run(VOID_SCRIPT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "still alive" in result.stdout


def test_without_the_cure_void_calls_abort_where_the_leak_is() -> None:
    if sys.version_info >= (3, 12) or sys.getrefcount(None) < (1 << 39):
        return  # a fixed PySide6 or Python 3.12+: nothing to prove
    result = _run(VOID_SCRIPT.replace("import app.ui  # noqa: F401  (applies the cure)", ""))
    assert result.returncode != 0
    assert "deallocating None" in result.stderr
