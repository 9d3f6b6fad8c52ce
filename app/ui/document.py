"""The Qt-side document: a model (plan, later drill) with its file, undo stack and problems.

One ``Document`` per open file. It owns the pydantic model and is the only thing that
changes it: editors call ``set_value`` / ``insert_item`` / ``remove_item`` / ``move_item``,
which push undo commands; the commands change the model through ``_assign`` & co., which
announce every change by signal. Table models and forms listen to the signals.

What differs between plans and drills is collected in a ``DocumentType`` (how to load,
save, check and edit it), registered by schema id; the window shell is the same.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.i18n import T
from app.model.problems import Path as SchemaPath
from app.model.problems import Problem, Severity
from app.storage.atomic import disk_digest
from app.storage.documents import KNOWN_SCHEMAS, Loaded, parse, schema_of
from app.storage.yamlio import LineMap, load_text, read_file
from app.ui.base import tasks
from app.ui.commands import InsertCommand, MoveCommand, RemoveCommand, SetValueCommand
from app.ui.versioning import record_saved_version

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.editor_base import DocumentEditor


@dataclass(frozen=True)
class DocumentType:
    """Everything the window shell needs to know about one kind of document."""

    schema_id: str
    model: type[BaseModel]
    suffix: str  # ".plan.yaml"
    label: T  # what users call it: 预案 / plan
    save: Callable[..., str]  # (model, path, *, expect=digest or None) -> new digest
    dumps: Callable[[Any], str]
    check: Callable[[Any, LineMap | None, str | None], list[Problem]]
    new: Callable[..., Any]  # a blank model
    title_of: Callable[[Any], str]
    kind_of: Callable[[Any], T]  # e.g. the plan kind, for the status bar
    editor: Callable[[Document, QWidget | None], DocumentEditor]


_TYPES: dict[str, DocumentType] = {}


def register_document_type(doc_type: DocumentType) -> None:
    _TYPES[doc_type.schema_id] = doc_type


def document_types() -> list[DocumentType]:
    return list(_TYPES.values())


def document_type(schema_id: str) -> DocumentType:
    return _TYPES[schema_id]


def type_for(path: Path, data: Any) -> DocumentType:
    """The type named by the file's ``schema:``, else by its suffix, else a plan."""
    found = schema_of(data)
    if found in _TYPES:
        return _TYPES[found]
    name = path.name.lower()
    for doc_type in _TYPES.values():
        if name.endswith(doc_type.suffix):
            return doc_type
    return next(iter(_TYPES.values()))


def load_document(path: str | Path) -> tuple[DocumentType, Loaded[Any]]:
    """Read any registered kind of document; raises LoadError if it is not one."""
    p = Path(path)
    raw = read_file(p)
    doc_type = type_for(p, raw.data)
    return doc_type, parse(raw, doc_type.model, doc_type.schema_id, str(p), p)


def resolve(root: Any, path: SchemaPath) -> Any:
    node = root
    for part in path:
        node = node[part] if isinstance(part, int) else getattr(node, part)
    return node


def try_resolve(root: Any, path: SchemaPath) -> tuple[bool, Any]:
    try:
        return True, resolve(root, path)
    except (AttributeError, IndexError, TypeError, KeyError):
        return False, None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a == b or os.path.abspath(a) == os.path.abspath(b) or a.samefile(b)
    except OSError:
        return False


def _sig(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class Document(QObject):
    """A document being edited: model, file, undo stack, dirty state, line map, problems.

    Signals:
        value_changed(path): the value at ``path`` was replaced.
        structure_about_to_change(list_paths) / structure_changed(list_paths): items
            are about to be / were inserted, removed or moved in these lists.
        model_about_to_be_replaced() / model_replaced(): the whole model changes (reload).
        changed(): any edit (after the more specific signal).
        problems_changed(): ``problems`` was updated.
        path_changed(): the file name changed (save as).
        modified_changed(bool): follows the undo stack's clean state.
        focus_requested(path): undo/redo changed something here; editors may show it.
        rejected(T): an edit was refused (invalid value); the message says why.
    """

    value_changed = Signal(object)
    structure_about_to_change = Signal(object)
    structure_changed = Signal(object)
    model_about_to_be_replaced = Signal()
    model_replaced = Signal()
    changed = Signal()
    problems_changed = Signal()
    path_changed = Signal()
    modified_changed = Signal(bool)
    focus_requested = Signal(object)
    rejected = Signal(object)
    checking_changed = Signal(bool)

    CHECK_DELAY_MS = 300

    def __init__(
        self,
        doc_type: DocumentType,
        model: BaseModel,
        *,
        path: str | Path | None = None,
        lines: LineMap | None = None,
        load_problems: list[Problem] | None = None,
        dropped: list[SchemaPath] | None = None,
        digest: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc_type = doc_type
        self.model: Any = model
        self.path: Path | None = Path(path) if path else None
        self.lines: LineMap | None = lines
        self.load_problems: list[Problem] = list(load_problems or [])
        self.dropped: list[SchemaPath] = list(dropped or [])
        self.problems: list[Problem] = list(self.load_problems)
        self.undo_stack = QUndoStack(self)
        # A bound slot, not a lambda: it is disconnected before the stack is destroyed.
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.disk_signature = _sig(self.path) if self.path else None
        # content hashes: what this window's model is based on (a save must find it still
        # on disk, or ask), and what it last saw there (an outside change asks to reload)
        self.base_digest: str | None = digest
        self.seen_digest: str | None = digest
        self.edits = 0  # grows with every change; autosave and find compare it
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(self.CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_now)
        self._check_generation = 0
        self._checking = False
        self._check_pending = False
        self._refresh_lines = False

    @classmethod
    def from_loaded(
        cls, doc_type: DocumentType, loaded: Loaded[Any], parent: QObject | None = None
    ) -> Document:
        return cls(
            doc_type,
            loaded.model,
            path=loaded.path,
            lines=loaded.lines,
            load_problems=loaded.problems,
            dropped=loaded.dropped,
            digest=loaded.digest,
            parent=parent,
        )

    # --- state -------------------------------------------------------------------------

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def set_path(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self.path_changed.emit()

    def title(self) -> str:
        return self.doc_type.title_of(self.model)

    def get(self, path: SchemaPath) -> Any:
        return resolve(self.model, path)

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for p in self.problems:
            out[p.severity] += 1
        return out

    # --- editing (public: pushes undo commands) -----------------------------------------

    def set_value(
        self, path: SchemaPath, value: Any, *, text: str = "", merge: bool = False
    ) -> bool:
        """Set one value, undoably. Invalid values are refused with ``rejected``."""
        parent_path, key = path[:-1], path[-1]
        parent = resolve(self.model, parent_path)
        old = parent[key] if isinstance(key, int) else getattr(parent, key)
        if isinstance(key, str):
            try:  # validate and coerce exactly as loading would, then put the old back
                setattr(parent, key, value)
            except ValidationError as exc:
                self.rejected.emit(_explain(type(parent), key, exc))
                return False
            value = getattr(parent, key)
            parent.__dict__[key] = old
        if value == old and type(value) is type(old):
            return True
        self.undo_stack.push(
            SetValueCommand(self, path, old, value, text or _default_text(), merge=merge)
        )
        return True

    def close_burst(self) -> None:
        """End the current typing burst: the next keystroke starts a new undo step."""
        count = self.undo_stack.count()
        if count and self.undo_stack.index() == count:
            top = self.undo_stack.command(count - 1)
            if isinstance(top, SetValueCommand):
                top.closed = True

    def insert_item(self, list_path: SchemaPath, index: int, item: Any, *, text: str = "") -> None:
        self.undo_stack.push(InsertCommand(self, list_path, index, item, text or _default_text()))

    def append_item(self, list_path: SchemaPath, item: Any, *, text: str = "") -> int:
        index = len(resolve(self.model, list_path))
        self.insert_item(list_path, index, item, text=text)
        return index

    def remove_item(self, list_path: SchemaPath, index: int, *, text: str = "") -> None:
        self.undo_stack.push(RemoveCommand(self, list_path, index, text or _default_text()))

    def move_item(
        self,
        src_list: SchemaPath,
        src_index: int,
        dst_list: SchemaPath,
        dst_index: int,
        *,
        text: str = "",
    ) -> SchemaPath | None:
        """Move an item; paths as they are now. Returns where the item ends up.

        ``dst_index`` counts in the destination list as it is now (before the move).
        Refuses (returns None) to move an item into itself.
        """
        item_path = (*src_list, src_index)
        if dst_list[: len(item_path)] == item_path:
            return None
        # Address the destination as it will be once the item has left its list.
        dst = list(dst_list)
        n = len(src_list)
        if (
            len(dst) > n
            and tuple(dst[:n]) == src_list
            and isinstance(dst[n], int)
            and dst[n] > src_index
        ):
            dst[n] -= 1
        if tuple(dst) == src_list and dst_index > src_index:
            dst_index -= 1
        final = tuple(dst)
        if final == src_list and dst_index == src_index:
            return item_path
        self.undo_stack.push(
            MoveCommand(self, src_list, src_index, final, dst_index, text or _default_text())
        )
        return (*final, dst_index)

    @contextlib.contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Group several edits into one undo step."""
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    # --- raw changes (commands only) ----------------------------------------------------

    def _assign(self, path: SchemaPath, value: Any) -> None:
        parent = resolve(self.model, path[:-1])
        key = path[-1]
        if isinstance(key, int):
            parent[key] = value
        else:
            # Values were validated when the command was made; skip revalidation so that
            # undo restores exactly the old object (identity matters to the editors).
            parent.__dict__[key] = value
        self._edited()
        self.value_changed.emit(path)
        self.changed.emit()

    def _insert(self, list_path: SchemaPath, index: int, item: Any) -> None:
        self.structure_about_to_change.emit((list_path,))
        resolve(self.model, list_path).insert(index, item)
        self._edited()
        self.structure_changed.emit((list_path,))
        self.changed.emit()

    def _pop(self, list_path: SchemaPath, index: int) -> Any:
        self.structure_about_to_change.emit((list_path,))
        item = resolve(self.model, list_path).pop(index)
        self._edited()
        self.structure_changed.emit((list_path,))
        self.changed.emit()
        return item

    def _move(
        self, src_list: SchemaPath, src_index: int, dst_list: SchemaPath, dst_index: int
    ) -> None:
        lists = (src_list,) if src_list == dst_list else (src_list, dst_list)
        self.structure_about_to_change.emit(lists)
        item = resolve(self.model, src_list).pop(src_index)
        resolve(self.model, dst_list).insert(dst_index, item)
        self._edited()
        self.structure_changed.emit(lists)
        self.changed.emit()

    def _edited(self) -> None:
        self.edits += 1
        self.schedule_check()

    # --- whole-model changes -------------------------------------------------------------

    def replace(self, loaded: Loaded[Any]) -> None:
        """Take the model of a fresh load (reload from disk). Clears undo history."""
        self.model_about_to_be_replaced.emit()
        self._check_generation += 1  # a check in flight is about the old model
        self.model = loaded.model
        self.lines = loaded.lines
        self.load_problems = list(loaded.problems)
        self.dropped = list(loaded.dropped)
        self.problems = list(self.load_problems)
        self.disk_signature = _sig(self.path) if self.path else None
        self.base_digest = self.seen_digest = loaded.digest
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.edits += 1
        self.model_replaced.emit()
        self.problems_changed.emit()
        self.changed.emit()
        self.schedule_check(0)

    def save(
        self,
        path: str | Path | None = None,
        *,
        runner: Callable[[Callable[[], str]], Any] | None = None,
        overwrite: bool = False,
    ) -> None:
        """Write the model to ``path`` (or its own path). Raises SaveError; nothing lost.

        Saving over its own file refuses with ``ConflictError`` when that file changed on
        disk since it was loaded or saved here (content hash), unless ``overwrite``.
        ``runner(job)`` may run the writing elsewhere (the window runs it on a worker
        thread and waits, and returns the job's result); the job works on a copy, so the
        model is never shared.
        """
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("no file name")
        index = self.undo_stack.index()
        thaw = self.snapshot()
        save = self.doc_type.save
        own = self.path is not None and _same_file(target, self.path)
        expect = self.base_digest if own and not overwrite else None

        def job() -> str:
            digest = save(thaw(), target, expect=expect)
            record_saved_version(target)  # a version, when the library keeps versions
            return digest

        written = (runner or (lambda run: run()))(job)
        if target != self.path:
            self.set_path(target)
        self.disk_signature = _sig(target)
        self.base_digest = self.seen_digest = written if isinstance(written, str) else None
        self.dropped = []
        self.load_problems = []
        if self.undo_stack.index() == index:  # nothing changed while writing
            self.undo_stack.setClean()
        self._refresh_lines = True
        self.schedule_check(0)

    def disk_changed(self) -> bool:
        """Whether the file on disk differs from what was last loaded, saved or accepted
        here: by content, so an edit that keeps size and time is noticed too."""
        if self.path is None:
            return False
        if self.seen_digest is None:
            return _sig(self.path) != self.disk_signature
        return disk_digest(self.path) != self.seen_digest

    def conflicts(self, target: str | Path | None = None) -> bool:
        """Whether saving to ``target`` (its own file) would overwrite a change made on
        disk since this window loaded or saved it."""
        where = Path(target) if target else self.path
        if where is None or self.path is None or not _same_file(where, self.path):
            return False
        if self.base_digest is None or not os.path.lexists(where):
            return False
        return disk_digest(where) != self.base_digest

    def accept_disk_version(self) -> None:
        """Treat the current file on disk as seen (the user chose to keep theirs): no more
        reload questions for it; saving over it still asks (``conflicts``)."""
        self.disk_signature = _sig(self.path) if self.path else None
        self.seen_digest = disk_digest(self.path) if self.path else None

    def snapshot(self) -> Callable[[], Any]:
        """A copy for worker threads (checks, autosave, export): call the result there.

        Dumping is fast (pydantic-core) and done here, while the model cannot change;
        building the copy from the dump happens on the worker. A deep copy on the GUI
        thread would take ~0.15 s for a 300-page plan.
        """
        data = self.model.model_dump(mode="python", by_alias=True, round_trip=True)
        model_type = type(self.model)
        return lambda: model_type.model_validate(data)

    # --- checks (debounced, off the GUI thread) ------------------------------------------

    def schedule_check(self, delay_ms: int | None = None) -> None:
        self._check_timer.start(self.CHECK_DELAY_MS if delay_ms is None else delay_ms)

    def check_now(self) -> None:
        self._check_timer.stop()
        if self._checking:  # one at a time; run again when this one is back
            self._check_pending = True
            return
        self._check_generation += 1
        generation = self._check_generation
        thaw = self.snapshot()
        check = self.doc_type.check
        dumps = self.doc_type.dumps
        refresh = self._refresh_lines
        self._refresh_lines = False
        lines = self.lines
        filename = str(self.path) if self.path else None

        def job() -> tuple[list[Problem], LineMap | None]:
            snapshot = thaw()
            new_lines = load_text(dumps(snapshot)).lines if refresh else lines
            return check(snapshot, new_lines, filename), new_lines

        self._checking = True
        self.checking_changed.emit(True)
        tasks.run_in_thread(
            job, lambda r: self._checked(generation, r), self._check_failed, owner=self
        )

    def _checked(self, generation: int, result: tuple[list[Problem], LineMap | None]) -> None:
        self._checking = False
        self.checking_changed.emit(False)
        problems, lines = result
        if lines is not None:
            self.lines = lines
        if generation == self._check_generation:
            self.problems = self.load_problems + problems
            self.problems_changed.emit()
        if self._check_pending:
            self._check_pending = False
            self.check_now()

    def _check_failed(self, exc: BaseException, trace: str) -> None:
        self._checking = False
        self.checking_changed.emit(False)
        self.problems = [
            *self.load_problems,
            Problem(
                Severity.ERROR,
                "internal.check",
                T(f"检查时出现内部错误：{exc}", f"Internal error while checking: {exc}"),
            ),
        ]
        self.problems_changed.emit()

    def is_checking(self) -> bool:
        return self._checking or self._check_timer.isActive()


def _default_text() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Document", "编辑")


def _explain(model: type[BaseModel], key: str, exc: ValidationError) -> T:
    from app.model.validation import describe

    errors = exc.errors(include_url=False)
    if not errors:
        return T("取值无效", "Invalid value")
    error = dict(errors[0])
    error["loc"] = (key, *tuple(error.get("loc", ()))[1:])
    _, message = describe(model, {key: error.get("input")}, error)
    return message


__all__ = [
    "KNOWN_SCHEMAS",
    "Document",
    "DocumentType",
    "document_type",
    "document_types",
    "load_document",
    "register_document_type",
    "resolve",
    "try_resolve",
]
