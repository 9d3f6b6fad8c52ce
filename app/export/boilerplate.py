"""Boilerplate text (cover captions, 发布令 …) as jinja2 templates users may override.

Templates are rendered in a locked-down sandbox: no file access (``include``,
``import`` and ``extends`` find nothing), no attributes beyond plain data, a short list
of filters, size limits on every value a template builds, and a budget of steps and
seconds, so a hostile override can neither run code, read files, nor hang the export.
A template renders plain text; each line becomes one paragraph, and a line may start
with a marker:

``#`` title, ``##`` subtitle, ``^`` centred, ``>`` right-aligned (signatures, dates),
``<`` flush left, ``---`` an empty line (``--- 3``: three). Other lines are body text
with the first line indented two characters.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.export.errors import ExportError
from app.export.text import chinese_number, clean, cn_date
from app.i18n import T
from app.storage import sandbox
from app.storage.errors import LoadError
from app.storage.guard import read_input
from app.storage.sandbox import LimitedSandbox, TemplateLimit, Watchdog, bounded_output, too_long

# Templates a user may override, by file name, with what they are for.
TEMPLATES: dict[str, T] = {
    "cover.j2": T("封面", "cover"),
    "approval.j2": T("批准页（发布令）", "approval page (release order)"),
    "card_note.j2": T("处置卡页脚说明", "note at the foot of each response card"),
    "gov_cover.j2": T("政府预案封面", "cover of a government plan"),
    "notice.j2": T("印发通知（政府预案）", "issuing notice (government plans)"),
}

MAX_TEMPLATE_BYTES = 16 * 1024
MAX_VALUE = sandbox.MAX_VALUE  # characters in any string, items in any list a template builds
MAX_OUTPUT = 100_000
# What the plan itself hands a template (a long title) may be as long as it is: the
# limits bound what a template builds beyond that.
_GIVEN: ContextVar[int] = ContextVar("given", default=0)


def _max_value() -> int:
    return MAX_VALUE + _GIVEN.get()


MAX_STEPS = sandbox.MAX_STEPS  # traced lines while rendering one template
MAX_SECONDS = sandbox.MAX_SECONDS

_SAFE_STR_METHODS = frozenset(
    {
        "strip",
        "lstrip",
        "rstrip",
        "upper",
        "lower",
        "title",
        "capitalize",
        "startswith",
        "endswith",
        "split",
        "splitlines",
        "replace",
        "isdigit",
        "isspace",
        "count",
        "find",
    }
)
_SAFE_DATE_ATTRS = frozenset({"year", "month", "day", "isoformat", "weekday"})
_SAFE_DICT_METHODS = frozenset({"get", "items", "keys", "values"})


def _size(value: Any) -> int:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def _check(value: Any) -> Any:
    if _size(value) > _max_value():
        raise SecurityError("value too large")
    return value


def _safe_replace(s: Any, old: Any, new: Any, count: Any = None) -> str:
    s, old, new = str(s), str(old), str(new)
    n = s.count(old) if old else len(s) + 1
    if count is not None:
        n = min(n, int(count))
    if len(s) + n * max(len(new) - len(old), 0) > _max_value():
        raise SecurityError("value too large")
    return s.replace(old, new) if count is None else s.replace(old, new, int(count))


def _safe_join(value: Iterable[Any], sep: str = "") -> str:
    items = [str(v) for v in value]
    if sum(map(len, items)) + len(sep) * len(items) > _max_value():
        raise SecurityError("value too large")
    return str(sep).join(items)


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)  # keeps jinja2's pass_context / pass_environment marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        return _check(fn(*args, **kwargs))

    return guarded


class _Env(LimitedSandbox, ImmutableSandboxedEnvironment):
    def value_limit(self) -> int:
        return _max_value()

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, str):
            return attr in _SAFE_STR_METHODS
        if isinstance(obj, dict):
            return attr in _SAFE_DICT_METHODS
        if hasattr(obj, "isoformat"):
            return attr in _SAFE_DATE_ATTRS
        return not callable(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and (
            not isinstance(right, (int, float)) or abs(right) > 64 or abs(left) > 10**6
        ):
            raise SecurityError("power too large")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            _check(value)
        if getattr(__obj, "__name__", "") == "replace" and isinstance(
            getattr(__obj, "__self__", None), str
        ):
            return _safe_replace(__obj.__self__, *args, **kwargs)
        return _check(super().call(__context, __obj, *args, **kwargs))


def _bounded_range(*args: int) -> range:
    r = range(*args)
    if len(r) > 1000:
        raise SecurityError("range too large")
    return r


def _no_files(name: str) -> None:
    return None  # include / import / extends find nothing


def _make_env() -> _Env:
    env = _Env(
        loader=jinja2.FunctionLoader(_no_files),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        finalize=lambda v: "" if v is None else v,
    )
    env.globals.clear()
    env.globals["range"] = _bounded_range
    allowed = {
        "default",
        "d",
        "upper",
        "lower",
        "title",
        "capitalize",
        "trim",
        "length",
        "count",
        "first",
        "last",
        "list",
        "sort",
        "unique",
        "reverse",
        "int",
        "float",
        "string",
        "round",
        "abs",
        "min",
        "max",
        "sum",
        "select",
        "reject",
        "selectattr",
        "rejectattr",
        "map",
        "truncate",
        "wordcount",
    }
    filters = {name: _guard(fn) for name, fn in env.filters.items() if name in allowed}
    filters["replace"] = _safe_replace
    filters["join"] = _safe_join
    filters["cn_date"] = _guard(cn_date)
    filters["cn_number"] = _guard(lambda n: chinese_number(int(n)))
    env.filters.clear()
    env.filters.update(filters)
    env.tests = {k: v for k, v in env.tests.items() if k not in ("callable",)}
    env.limit_filters()
    return env


_ENV = _make_env()


@dataclass(frozen=True)
class Line:
    """One rendered line: which kind of paragraph, and its text."""

    kind: str  # title, subtitle, center, right, left, body, blank
    text: str


_MARKERS = (("##", "subtitle"), ("#", "title"), ("^", "center"), (">", "right"), ("<", "left"))
_BLANK = re.compile(r"^-{3,}\s*(\d+)?\s*$")


def parse_lines(text: str) -> list[Line]:
    out: list[Line] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        blank = _BLANK.match(line)
        if blank:
            out.extend([Line("blank", "")] * min(int(blank.group(1) or 1), 40))
            continue
        for marker, kind in _MARKERS:
            if line.startswith(marker):
                out.append(Line(kind, line[len(marker) :].strip()))
                break
        else:
            out.append(Line("body", line))
    return out


def _template_line(exc: BaseException, filename: str) -> int | None:
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    tb = exc.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def _explain(exc: BaseException) -> T:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return T(f"模板语法错误：{exc.message}", f"template syntax error: {exc.message}")
    if isinstance(exc, jinja2.UndefinedError):
        return T(
            f"模板使用了不存在的变量或属性（{exc.message}）",
            f"the template uses an unknown variable or attribute ({exc.message})",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return T(
            "模板不能引用其他文件（include / import / extends）",
            "templates cannot use other files (include / import / extends)",
        )
    if isinstance(exc, TemplateLimit):
        return T(f"模板超出限制：{exc.reason.zh}，已停止", f"the template {exc.reason.en}; stopped")
    if isinstance(exc, RecursionError):
        return T("模板递归过深，已停止", "the template recursed too deeply; stopped")
    if isinstance(exc, (SecurityError, MemoryError, OverflowError)):
        return T(
            "模板做了不允许的操作（访问内部属性、生成过大的内容或运行过久），已停止",
            "the template did something not allowed (internal attributes, too much output or too long a run) and was stopped",
        )
    detail = str(exc)[:200] or type(exc).__name__
    return T(f"模板出错：{detail}", f"template error: {detail}")


def render_source(source: str, context: Mapping[str, Any], filename: str) -> str:
    """Render one template text in the sandbox; raise ``ExportError`` naming its line."""
    hint = T(
        "请修改该模板，或删除它以使用内置模板",
        "Fix the template, or delete it to use the built-in one",
    )
    if len(source.encode("utf-8", "surrogatepass")) > MAX_TEMPLATE_BYTES:
        raise ExportError(
            T("模板文件过大（超过 16 KB）", "The template is larger than 16 KB"),
            filename=filename,
            hint=hint,
        )
    given = max((_size(v) for v in context.values()), default=0)
    limit = MAX_VALUE + given

    def check_locals(frame: FrameType) -> None:
        # {% set b = a ~ a %} grows a value per statement: look at each one
        for value in frame.f_locals.values():
            if _size(value) > limit:
                raise too_long(limit)

    try:
        code = _ENV.compile(source, name=filename, filename=filename)
        template = _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None)
        allowance = _GIVEN.set(given)
        try:
            with Watchdog(filename, steps=MAX_STEPS, seconds=MAX_SECONDS, frame_check=check_locals):
                chunks = template.generate(**dict(context))
                pieces = list(bounded_output(chunks, MAX_OUTPUT + 2 * given))
        finally:
            _GIVEN.reset(allowance)
    except ExportError:
        raise
    except Exception as exc:
        raise ExportError(
            _explain(exc), filename=filename, line=_template_line(exc, filename), hint=hint
        ) from None
    return clean("".join(pieces))


class Templates:
    """The built-in templates, overridden by same-named files in ``folder``."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        if self.folder is not None and not self.folder.is_dir():
            raise ExportError(
                T(
                    f"模板文件夹不存在：{self.folder}",
                    f"The template folder does not exist: {self.folder}",
                )
            )

    def source(self, name: str) -> tuple[str, str]:
        """The template text and the file name errors should mention."""
        if self.folder is not None:
            path = self.folder / name
            if os.path.lexists(path):  # present: it must be readable, or the export stops
                try:
                    data = read_input(path, max_bytes=MAX_TEMPLATE_BYTES).data
                except LoadError as exc:
                    raise ExportError(
                        T(
                            f"无法读取模板：{exc.text('zh')}",
                            f"Cannot read the template: {exc.text('en')}",
                        ),
                        filename=str(path),
                    ) from None
                return _decode(data, str(path)), str(path)
        text = resources.files("app.export").joinpath("templates", name).read_text("utf-8")
        return text, f"<内置模板 {name}>"

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        source, filename = self.source(name)
        return render_source(source, context, filename)

    def lines(self, name: str, context: Mapping[str, Any]) -> list[Line]:
        return parse_lines(self.render(name, context))


def _decode(data: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExportError(
        T("模板文件不是 UTF-8 或 GBK 编码的文本", "The template is not UTF-8 or GBK text"),
        filename=filename,
    )


def default_template_text(name: str) -> str:
    return resources.files("app.export").joinpath("templates", name).read_text("utf-8")
