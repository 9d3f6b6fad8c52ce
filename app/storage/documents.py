"""Load and save schema documents (plans, drills) as YAML files.

Loading never raises for content problems: schema errors become located problems,
and the offending values are salvaged away so that the document can still be opened.
It raises ``LoadError`` only when the file is not a document at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from app.i18n import T
from app.model.limits import Excess, find_excess
from app.model.problems import Problem, Severity
from app.model.validation import problems_from, salvage
from app.storage.atomic import write_atomic
from app.storage.errors import LoadError
from app.storage.yamlio import (
    COUNT_HINT,
    LineMap,
    YamlDocument,
    dump_text,
    load_text,
    read_file,
)

M = TypeVar("M", bound=BaseModel)

# schema id -> (what the file is called, in both languages)
KNOWN_SCHEMAS: dict[str, T] = {
    "plandrill/plan@1": T("预案文件", "plan file"),
    "plandrill/drill@1": T("演练文件", "drill file"),
}


@dataclass
class Loaded(Generic[M]):
    """A document as read from disk, with what was wrong with it."""

    model: M
    path: Path | None = None
    lines: LineMap = field(default_factory=LineMap)
    problems: list[Problem] = field(default_factory=list)
    dropped: list[tuple[str | int, ...]] = field(default_factory=list)
    encoding: str = "utf-8"
    digest: str | None = None  # content hash of the file as read: saves compare it

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def schema_of(data: Any) -> str | None:
    if isinstance(data, dict):
        value = data.get("schema")
        return value if isinstance(value, str) else None
    return None


def parse(
    doc: YamlDocument, model: type[M], schema_id: str, filename: str, path: Path | None = None
) -> Loaded[M]:
    data = doc.data
    expected = KNOWN_SCHEMAS.get(schema_id, T(schema_id, schema_id))
    if data is None:
        raise LoadError(filename, T("文件是空的", "The file is empty"))
    if not isinstance(data, dict):
        raise LoadError(
            filename,
            T(
                f"这不是{expected.zh}：顶层应为“键: 值”形式",
                f"Not a {expected.en}: the top level must be 'key: value' pairs",
            ),
            line=1,
        )
    problems: list[Problem] = [
        Problem(Severity.INFO, "file.encoding", note, (), 1, filename) for note in doc.notes
    ]
    found = schema_of(data)
    if found is None:
        problems.append(
            Problem(
                Severity.WARNING,
                "file.schema_missing",
                T(
                    f"缺少格式声明 schema: {schema_id}，已按{expected.zh}读取",
                    f"No 'schema: {schema_id}' line; read as a {expected.en}",
                ),
                ("schema",),
                1,
                filename,
            )
        )
        data = {"schema": schema_id, **data}
    elif found != schema_id:
        other = KNOWN_SCHEMAS.get(found)
        if other is not None:
            raise LoadError(
                filename,
                T(
                    f"这是{other.zh}，不是{expected.zh}",
                    f"This is a {other.en}, not a {expected.en}",
                ),
                line=doc.lines.line_for(("schema",)),
            )
        raise LoadError(
            filename,
            T(
                f"不支持的格式版本“{found}”（应为 {schema_id}）",
                f"Unsupported schema '{found}' (expected {schema_id})",
            ),
            line=doc.lines.line_for(("schema",)),
            hint=T(
                "该文件可能来自更新版本的 PlanDrill", "The file may come from a newer PlanDrill"
            ),
        )
    excess = find_excess(model, data)
    if excess is not None:
        raise _too_many(filename, excess, doc.lines)
    try:
        obj = model.model_validate(data)
        dropped: list[tuple[str | int, ...]] = []
    except ValidationError as exc:
        problems.extend(problems_from(model, data, exc, doc.lines.line_for, filename))
        obj, dropped = salvage(model, data)
    return Loaded(
        model=obj,
        path=path,
        lines=doc.lines,
        problems=problems,
        dropped=dropped,
        encoding=doc.encoding,
        digest=doc.digest,
    )


def _too_many(filename: str, excess: Excess, lines: LineMap) -> LoadError:
    label, limit = excess.label, excess.limit
    if excess.whole_document:
        message = T(
            f"条目过多：“{label.zh}”及其同类条目全文超过 {limit} 项",
            f"Too many entries: '{label.en}' and the entries of its kind exceed {limit} "
            "in the whole file",
        )
    else:
        message = T(
            f"条目过多：“{label.zh}”超过 {limit} 项",
            f"Too many entries: '{label.en}' exceeds {limit}",
        )
    return LoadError(
        filename,
        message,
        line=lines.line_for(excess.path),
        hint=COUNT_HINT,
    )


def load(path: str | Path, model: type[M], schema_id: str) -> Loaded[M]:
    p = Path(path)
    doc = read_file(p)
    return parse(doc, model, schema_id, str(p), p)


def loads(text: str, model: type[M], schema_id: str, filename: str = "<text>") -> Loaded[M]:
    return parse(load_text(text, filename), model, schema_id, filename)


def _prune(value: Any) -> Any:
    """Drop None and empty containers from mappings; they are the defaults."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = _prune(item)
            if item is None or (isinstance(item, (list, dict)) and not item):
                continue
            out[key] = item
        return out
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def to_data(obj: BaseModel) -> dict[str, Any]:
    data = obj.model_dump(mode="python", by_alias=True, exclude_none=True)
    pruned = _prune(data)
    assert isinstance(pruned, dict)
    return pruned


def dumps(obj: BaseModel, header: str = "") -> str:
    return dump_text(to_data(obj), header=header)


def save(
    obj: BaseModel,
    path: str | Path,
    header: str = "",
    *,
    backup: bool = True,
    expect: str | None = None,
) -> str:
    """Save atomically; with ``expect`` (the digest it was loaded with) refuse with
    ``ConflictError`` when the file changed on disk since. Returns the new digest."""
    return write_atomic(path, dumps(obj, header).encode("utf-8"), backup=backup, expect=expect)
