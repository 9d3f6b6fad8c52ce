"""Per-file scan results keyed by path, modification time and size.

A rescan (a file changed on disk, the user pressed refresh) rereads only the files
whose stamp changed. With a ``folder`` the cache also survives the session: one JSON
file per library root, written atomically; a stale, foreign or damaged cache file is
ignored, never an error. A drill's entry is also stale when its plan file changed,
since the drill's checks look into the plan.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app import __version__
from app.i18n import T
from app.library.facts import Facts, Stamp, linked_plan, stamp_of
from app.model.plan import Meta
from app.storage.atomic import write_atomic
from app.storage.errors import SaveError

FORMAT = 1


def _json_date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def facts_to_json(facts: Facts) -> dict[str, Any]:
    drill = dict(facts.drill)
    if drill:
        drill["date"] = _json_date(drill.get("date"))
        drill["findings"] = [
            {"status": f["status"], "due": _json_date(f.get("due"))}
            for f in drill.get("findings", [])
        ]
    return {
        "doc": facts.doc,
        "title": facts.title,
        "meta": facts.meta.model_dump(mode="json", exclude_none=True) if facts.meta else None,
        "errors": facts.errors,
        "warnings": facts.warnings,
        "checked": facts.checked,
        "reason": list(facts.reason) if facts.reason else None,
        "drill": drill,
        "linked": list(facts.linked) if facts.linked else None,
    }


def facts_from_json(data: dict[str, Any]) -> Facts:
    """Raises KeyError, TypeError or ValueError for anything unexpected."""
    meta = Meta.model_validate(data["meta"]) if data["meta"] is not None else None
    drill = dict(data["drill"])
    if drill:
        drill["date"] = _date(drill.get("date"))
        drill["findings"] = [
            {"status": str(f["status"]), "due": _date(f.get("due"))} for f in drill["findings"]
        ]
    reason = data["reason"]
    linked = data["linked"]
    return Facts(
        doc=str(data["doc"]),
        title=str(data["title"]),
        meta=meta,
        errors=int(data["errors"]),
        warnings=int(data["warnings"]),
        checked=bool(data["checked"]),
        reason=T(str(reason[0]), str(reason[1])) if reason else None,
        drill=drill,
        linked=(int(linked[0]), int(linked[1])) if linked else None,
    )


class ScanCache:
    """What each file said at its last read. Thread-safe; one per library window."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self._items: dict[str, tuple[Stamp, Facts]] = {}
        self._lock = threading.Lock()
        self._dirty = False
        self._loaded_for: str | None = None
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def lookup(self, path: Path, stamp: Stamp | None, *, need_checked: bool) -> Facts | None:
        if stamp is None:
            return None
        with self._lock:
            item = self._items.get(str(path))
        if item is None or item[0] != stamp:
            self.misses += 1
            return None
        facts = item[1]
        if need_checked and not facts.checked:
            self.misses += 1
            return None
        if facts.doc == "drill" and facts.checked:
            target = linked_plan(path, facts.drill.get("plan"))
            if target is not None and stamp_of(target) != facts.linked:
                self.misses += 1
                return None  # its plan changed: the drill's checks must be redone
        self.hits += 1
        return facts

    def store(self, path: Path, stamp: Stamp | None, facts: Facts) -> None:
        if stamp is None:
            return
        with self._lock:
            self._items[str(path)] = (stamp, facts)
            self._dirty = True

    def forget_missing(self, present: set[str]) -> None:
        """Drop files that are gone, so the cache does not grow without end."""
        with self._lock:
            for key in [k for k in self._items if k not in present]:
                del self._items[key]
                self._dirty = True

    # --- persistence -----------------------------------------------------------------------

    def file_for(self, root: Path) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha1(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
        return self.folder / f"library-{key}.json"

    def load(self, root: Path) -> None:
        """Take what the last session knew about ``root`` (once per root)."""
        target = self.file_for(root)
        if target is None or self._loaded_for == str(root):
            return
        self._loaded_for = str(root)
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return
        if data.get("version") != __version__ or data.get("root") != str(root.resolve()):
            return  # other checks may count differently: start afresh
        items = data.get("files")
        if not isinstance(items, dict):
            return
        loaded: dict[str, tuple[Stamp, Facts]] = {}
        for key, item in items.items():
            try:
                stamp = (int(item["stamp"][0]), int(item["stamp"][1]))
                loaded[key] = (stamp, facts_from_json(item["facts"]))
            except (KeyError, TypeError, ValueError, IndexError, ValidationError):
                continue
        with self._lock:
            for key, value in loaded.items():
                self._items.setdefault(key, value)

    def save(self, root: Path) -> T | None:
        """Write the cache for ``root``; returns why it could not (it is only a cache)."""
        target = self.file_for(root)
        if target is None:
            return None
        with self._lock:
            if not self._dirty:
                return None
            items = {
                key: {"stamp": list(stamp), "facts": facts_to_json(facts)}
                for key, (stamp, facts) in self._items.items()
                if facts.checked
            }
            self._dirty = False
        data = {
            "format": FORMAT,
            "version": __version__,
            "root": str(root.resolve()),
            "files": items,
        }
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            write_atomic(target, text.encode("utf-8"), backup=False)
        except (OSError, SaveError) as exc:
            message = exc.message if isinstance(exc, SaveError) else T(str(exc), str(exc))
            return message
        return None
