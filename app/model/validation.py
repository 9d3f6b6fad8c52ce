"""Turn pydantic validation errors into located, bilingual problems, and salvage data.

A file with schema errors still opens in the editor: ``salvage`` removes (or repairs)
exactly the offending values so the rest of the document can be used, and reports
what it removed.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.i18n import T
from app.model.base import LabeledEnum
from app.model.problems import Path, Problem, Severity

M = TypeVar("M", bound=BaseModel)
LineLookup = Callable[[Path], int | None]


def _unwrap(annotation: Any) -> Any:
    """Strip Optional / list / Annotated to the inner type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        return _unwrap(models[0] if models else args[0])
    return annotation


def _step(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _step(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _step(args[0]) if len(args) == 1 else annotation
    return annotation


def field_info(model: type[BaseModel], path: Path) -> tuple[T | None, Any]:
    """The label (zh/en) and the annotation of the field at ``path``."""
    current: Any = model
    label: T | None = None
    annotation: Any = None
    for part in path:
        inner = _step(current)
        if isinstance(part, int):
            if typing.get_origin(inner) is list:
                current = typing.get_args(inner)[0]
                annotation = current
            continue
        inner = _unwrap(inner)
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return label, annotation
        field = inner.model_fields.get(str(part))
        if field is None:
            field = next((f for f in inner.model_fields.values() if f.alias == part), None)
        if field is None:
            return None, None
        en = (field.json_schema_extra or {}).get("title_en", str(part))  # type: ignore[union-attr]
        label = T(field.title or str(part), str(en))
        annotation = field.annotation
        current = field.annotation
    return label, annotation


def real_path(data: Any, loc: tuple[Any, ...]) -> Path:
    """The longest prefix of ``loc`` that addresses something in ``data``.

    Union members add type names to pydantic's locations; this trims them off.
    """
    out: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and not isinstance(part, int):
            out.append(part)  # a missing key: keep it so the message can name it
            break
        else:
            break
    return tuple(out)


def _enum_choices(annotation: Any) -> tuple[str, str] | None:
    inner = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, Enum):
        if issubclass(inner, LabeledEnum):
            zh = "、".join(f"{m.value}（{m.zh}）" if m.zh != m.value else m.value for m in inner)  # type: ignore[attr-defined]
            en = ", ".join(f"{m.value} ({m.en})" for m in inner)  # type: ignore[attr-defined]
            return zh, en
        values = ", ".join(str(m.value) for m in inner)
        return values, values
    if typing.get_origin(inner) is typing.Literal:  # e.g. the part names of ``insert``
        literals = [str(v) for v in typing.get_args(inner)]
        return "、".join(literals), ", ".join(literals)
    return None


def _number(value: Any) -> Any:
    """527040.0 as 527040: limits read as the user would write them."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def describe(model: type[BaseModel], data: Any, error: ErrorDetails) -> tuple[Path, T]:
    """A located, user-worded message for one pydantic error."""
    path = real_path(data, tuple(error["loc"]))
    label, annotation = field_info(model, path)
    name = label or T(str(path[-1]) if path else "", str(path[-1]) if path else "")
    kind = error["type"]
    given = error.get("input")
    given_s = str(given)[:40] if not isinstance(given, (dict, list)) else ""
    if kind == "missing":
        msg = T(f"缺少必填项“{name.zh}”", f"'{name.en}' is required")
    elif kind == "extra_forbidden":
        key = path[-1] if path else ""
        msg = T(f"未知字段“{key}”（是否拼写错误？）", f"unknown field '{key}' (a typo?)")
    elif kind in ("string_type",):
        msg = T(f"“{name.zh}”应为文本", f"'{name.en}' should be text")
    elif kind.startswith("int_"):
        msg = T(
            f"“{name.zh}”应为整数，而不是“{given_s}”",
            f"'{name.en}' should be a whole number, not '{given_s}'",
        )
    elif kind.startswith("float_"):
        msg = T(
            f"“{name.zh}”应为数字，而不是“{given_s}”",
            f"'{name.en}' should be a number, not '{given_s}'",
        )
    elif kind.startswith("bool_"):
        msg = T(f"“{name.zh}”应为 true 或 false", f"'{name.en}' should be true or false")
    elif kind == "date_range":
        ctx = error.get("ctx", {})
        low, high = ctx.get("min_year", ""), ctx.get("max_year", "")
        msg = T(
            f"“{name.zh}”的日期 {ctx.get('date', given_s)} 超出可用范围（{low} 至 {high} 年），"
            "请检查年份",
            f"'{name.en}' {ctx.get('date', given_s)} is outside the usable years {low} to {high}; "
            "check the year",
        )
    elif kind.startswith("date_") or kind.startswith("datetime_"):
        msg = T(
            f"“{name.zh}”应为日期，格式如 2024-03-01，而不是“{given_s}”",
            f"'{name.en}' should be a date like 2024-03-01, not '{given_s}'",
        )
    elif kind in ("enum", "literal_error"):
        choices = _enum_choices(annotation)
        if choices is None:
            expected = str(error.get("ctx", {}).get("expected", ""))
            choices = (expected, expected)
        msg = T(
            f"“{name.zh}”的取值“{given_s}”无效，可选：{choices[0]}",
            f"'{name.en}' has an invalid value '{given_s}'; choose from: {choices[1]}",
        )
    elif kind == "list_type":
        msg = T(
            f"“{name.zh}”应为列表（每项以“- ”开头）",
            f"'{name.en}' should be a list (items start with '- ')",
        )
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        msg = T(
            f"“{name.zh}”应为键值对（“键: 值”）", f"'{name.en}' should be a mapping ('key: value')"
        )
    elif kind == "string_pattern_mismatch":
        msg = T(
            f"“{name.zh}”“{given_s}”不能含空格或“/”",
            f"'{name.en}' '{given_s}' must not contain spaces or '/'",
        )
    elif kind == "string_too_short":
        msg = T(f"“{name.zh}”不能为空", f"'{name.en}' must not be empty")
    elif kind == "string_too_long":
        msg = T(f"“{name.zh}”过长", f"'{name.en}' is too long")
    elif kind == "finite_number":
        msg = T(
            f"“{name.zh}”应为有限的数字，不能是无穷大或非数字（.inf、.nan）",
            f"'{name.en}' must be a finite number, not infinity or NaN (.inf, .nan)",
        )
    elif kind in ("less_than_equal", "less_than"):
        limit = _number(next(iter(error.get("ctx", {}).values()), ""))
        msg = T(f"“{name.zh}”不能大于 {limit}", f"'{name.en}' must not be above {limit}")
    elif kind in ("greater_than_equal", "greater_than"):
        limit = next(iter(error.get("ctx", {}).values()), "")
        msg = T(f"“{name.zh}”不能小于 {limit}", f"'{name.en}' must not be below {limit}")
    else:
        msg = T(
            f"“{name.zh}”取值无效：{error.get('msg', '')}",
            f"'{name.en}' is invalid: {error.get('msg', '')}",
        )
    return path, msg


def problems_from(
    model: type[BaseModel],
    data: Any,
    exc: ValidationError,
    line_for: LineLookup,
    filename: str | None = None,
) -> list[Problem]:
    seen: set[tuple[Path, str]] = set()
    out: list[Problem] = []
    for error in exc.errors(include_url=False):
        path, message = describe(model, data, error)
        key = (path, error["type"].split("_")[0])
        if key in seen:  # union members report the same value once each
            continue
        seen.add(key)
        out.append(
            Problem(
                severity=Severity.ERROR,
                code=f"schema.{error['type']}",
                message=message,
                path=path,
                line=line_for(path),
                file=filename,
            )
        )
    return out


def _delete(data: Any, path: Path) -> bool:
    if not path:
        return False
    parent = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = path[-1]
    try:
        if isinstance(parent, list) and isinstance(last, int):
            parent.pop(last)
        elif isinstance(parent, dict):
            del parent[last]
        else:
            return False
    except (KeyError, IndexError):
        return False
    return True


def _set(data: Any, path: Path, value: Any) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value


def salvage(model: type[M], data: Any) -> tuple[M, list[Path]]:
    """Validate ``data``; on errors remove or repair the offending values until it fits.

    Returns the model and the paths that were dropped. A missing ``id`` is filled in
    instead of dropping the whole item (which would lose its text).
    """
    work = copy.deepcopy(data) if isinstance(data, dict) else {}
    dropped: list[Path] = []
    counter = 0
    for _ in range(200):
        fixed_before = counter
        try:
            return model.model_validate(work), dropped
        except ValidationError as exc:
            fixes: list[Path] = []
            for error in exc.errors(include_url=False):
                path = real_path(work, tuple(error["loc"]))
                if error["type"] == "missing":
                    if path and path[-1] == "id":
                        counter += 1
                        _set(work, path, f"auto-{counter}")
                        continue
                    # drop the nearest enclosing list item, else the mapping holding it
                    idx = max((i for i, p in enumerate(path) if isinstance(p, int)), default=None)
                    path = path[: idx + 1] if idx is not None else path[:-1]
                fixes.append(path)
            # delete deepest / last first so earlier indices stay valid
            changed = counter != fixed_before
            for path in sorted(set(fixes), key=_deepest_last_first, reverse=True):
                if _delete(work, path):
                    dropped.append(path)
                    changed = True
            if not changed:
                break
    return model(), dropped


def _deepest_last_first(path: Path) -> tuple[int, list[str]]:
    return len(path), [str(x).zfill(8) for x in path]
