"""Undo commands: every edit of a document is one of these, pushed on its QUndoStack.

Commands address the document by schema path (``("contacts", 3, "phone")``) and change
the pure model through the document, never widgets; widgets follow the document's
signals. Redo after undo replays in stack order, so the paths stay valid.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.model.problems import Path

if TYPE_CHECKING:
    from app.ui.document import Document

# Typing pauses longer than this start a new undo step.
BURST_SECONDS = 2.0
_MERGE_ID = 0x504C  # any constant; only SetValueCommands with merge=True use it


class DocumentCommand(QUndoCommand):
    """Base: announces, after undo and redo (not the first push), where it changed."""

    def __init__(self, doc: Document, text: str, focus: Path) -> None:
        super().__init__(text)
        self.doc = doc
        self.focus = focus
        self._pushed = False

    def redo(self) -> None:
        self.apply()
        if self._pushed:
            self.doc.focus_requested.emit(self.focus)
        self._pushed = True

    def undo(self) -> None:
        self.revert()
        self.doc.focus_requested.emit(self.focus)

    def apply(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def revert(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class SetValueCommand(DocumentCommand):
    """Set the value at a path. Typing bursts on the same field merge into one step."""

    def __init__(
        self, doc: Document, path: Path, old: Any, new: Any, text: str, *, merge: bool = False
    ) -> None:
        super().__init__(doc, text, path)
        self.path = path
        self.old = old
        self.new = new
        self.merge = merge
        self.closed = False
        self.last_time = time.monotonic()

    def apply(self) -> None:
        self.doc._assign(self.path, self.new)

    def revert(self) -> None:
        self.doc._assign(self.path, self.old)

    def id(self) -> int:
        return _MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetValueCommand)
            and other.merge
            and not self.closed
            and other.path == self.path
            and other.last_time - self.last_time <= BURST_SECONDS
        ):
            return False
        self.new = other.new
        self.last_time = other.last_time
        if self.new == self.old:
            self.setObsolete(True)  # typed and deleted back: nothing to undo
        return True


class InsertCommand(DocumentCommand):
    def __init__(self, doc: Document, list_path: Path, index: int, item: Any, text: str) -> None:
        super().__init__(doc, text, (*list_path, index))
        self.list_path = list_path
        self.index = index
        self.item = item

    def apply(self) -> None:
        self.doc._insert(self.list_path, self.index, self.item)

    def revert(self) -> None:
        self.doc._pop(self.list_path, self.index)


class RemoveCommand(DocumentCommand):
    def __init__(self, doc: Document, list_path: Path, index: int, text: str) -> None:
        super().__init__(doc, text, (*list_path, index))
        self.list_path = list_path
        self.index = index
        self.item: Any = None

    def apply(self) -> None:
        self.item = self.doc._pop(self.list_path, self.index)

    def revert(self) -> None:
        self.doc._insert(self.list_path, self.index, self.item)


class MoveCommand(DocumentCommand):
    """Move a list item, possibly into another list (sections: indent, outdent, drag).

    ``dst_list`` is addressed as it is *after* the item has left ``src_list``.
    """

    def __init__(
        self,
        doc: Document,
        src_list: Path,
        src_index: int,
        dst_list: Path,
        dst_index: int,
        text: str,
    ) -> None:
        super().__init__(doc, text, (*dst_list, dst_index))
        self.src_list = src_list
        self.src_index = src_index
        self.dst_list = dst_list
        self.dst_index = dst_index

    def apply(self) -> None:
        self.doc._move(self.src_list, self.src_index, self.dst_list, self.dst_index)
        self.focus = (*self.dst_list, self.dst_index)

    def revert(self) -> None:
        self.doc._move(self.dst_list, self.dst_index, self.src_list, self.src_index)
        self.focus = (*self.src_list, self.src_index)
