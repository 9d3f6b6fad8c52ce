"""What the window shell expects from the editor of one kind of document.

The plan editor implements it now; the drill planner will implement it for drill files
and reuse the same window (menus, file handling, autosave, problems, find).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.model.problems import Path
from app.ui.document import Document


class DocumentEditor(QWidget):
    """The central widget for one document.

    Signals:
        location_changed(path): the user moved to another part of the document.
    """

    location_changed = Signal(object)

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc

    def select_path(self, path: Path, span: tuple[int, int] | None = None) -> bool:
        """Show the part of the document at ``path`` and focus the field (select ``span``)."""
        raise NotImplementedError

    def current_path(self) -> Path:
        return ()

    def edit_actions(self) -> list[QAction]:
        """Document-specific actions for the window's menus (e.g. section operations)."""
        return []

    def retranslate(self) -> None:
        """Re-set every text after a language switch."""

    def save_state(self) -> QByteArray:
        return QByteArray()

    def restore_state(self, state: QByteArray) -> None:
        """Restore splitter sizes etc. saved by ``save_state``."""
