"""Small helpers for the GUI tests (no fixtures here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication


def wait_checked(qtbot: Any, window: Any, timeout: int = 5000) -> None:
    """Wait until the debounced background check of the window's document is back."""
    qtbot.waitUntil(lambda: not window.doc.is_checking(), timeout=timeout)


def flush() -> None:
    QApplication.processEvents()


def editor_page(window: Any) -> Any:
    return window.editor.pages.currentWidget()
