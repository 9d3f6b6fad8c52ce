"""Limits for templates a user writes: what jinja2's sandbox does not bound.

jinja2's ``SandboxedEnvironment`` limits what a template may *touch* (no internals, no
files). ``LimitedSandbox`` extends it with what a template may *compute*:

* every arithmetic operator is intercepted (which also stops jinja2 from folding
  constants such as ``9**9**9`` while it compiles): integers stay within
  ``MAX_INT_BITS``, checked before a product or power is computed, so repeated squaring
  stops at once; strings and lists built by ``*`` or ``+`` stay within ``max_value``;
* ``%`` formatting and ``str.format`` / ``format_map`` refuse a width or precision over
  ``MAX_WIDTH`` (``'%0999999999d' % 1``, ``'%.999999999f'``, ``'{:999999999}'``), a
  ``*`` width and widths taken from arguments (``'{:{w}}'``);
* a filter gets no number over ``max_value`` (``center``, ``indent``, ``truncate``…) and
  returns nothing larger.

``Watchdog`` bounds the run itself (a trace function counting steps and watching the
clock, so loops and recursion stop), and ``bounded_output`` the text it produces. Each
refusal is a ``TemplateLimit`` saying, in Chinese and English, which limit was hit; the
caller adds the template's file and line.
"""

from __future__ import annotations

import functools
import re
import string
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from app.i18n import T

MAX_WIDTH = 200  # width or precision in a format: a cover line needs a few dozen
MAX_INT_BITS = 4096  # about 1,233 decimal digits
MAX_VALUE = 10_000  # characters of a string, items of a list a template builds
MAX_STEPS = 200_000  # traced Python lines while one template renders
MAX_SECONDS = 2.0


class TemplateLimit(SecurityError):
    """A template went past one of the limits; ``reason`` says which, for the user."""

    def __init__(self, reason: T) -> None:
        super().__init__(reason.en)
        self.reason = reason


def _too_wide(found: int | str) -> TemplateLimit:
    return TemplateLimit(
        T(
            f"格式中的宽度或精度过大（{found}，上限 {MAX_WIDTH}）",
            f"a width or precision in a format is too large ({found}; limit {MAX_WIDTH})",
        )
    )


def _too_big_int() -> TemplateLimit:
    return TemplateLimit(
        T(
            f"计算出的整数过大（超过 {MAX_INT_BITS} 位二进制）",
            f"an integer grew too large (over {MAX_INT_BITS} bits)",
        )
    )


def too_long(limit: int) -> TemplateLimit:
    return TemplateLimit(
        T(
            f"生成的内容过长（超过 {limit} 个字符或项）",
            f"the template builds too much (over {limit} characters or items)",
        )
    )


def _bits(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return value.bit_length()


def _size(value: Any) -> int:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def check_value(value: Any, limit: int = MAX_VALUE) -> Any:
    """``value`` if it is within the limits, else ``TemplateLimit``."""
    if _bits(value) > MAX_INT_BITS:
        raise _too_big_int()
    if _size(value) > limit:
        raise too_long(limit)
    return value


# printf-style conversions: %[(name)][flags][width][.precision][length]type
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.S)
_DIGITS = re.compile(r"\d+")


def check_percent(fmt: str) -> None:
    """Refuse ``fmt % args`` whose widths or precisions are too large (or ``*``)."""
    for match in _PERCENT.finditer(fmt):
        for part in match.group(1, 2):
            if part == "*":
                raise _too_wide("*")
            if part and int(part) > MAX_WIDTH:
                raise _too_wide(int(part))


def check_format(fmt: str) -> None:
    """Refuse ``fmt.format(...)`` whose format specs are too wide or taken from arguments."""
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format raises the same error itself
    for _literal, field, spec, _conversion in parsed:
        if field is None or not spec:
            continue
        if "{" in spec:
            raise _too_wide(spec)
        for digits in _DIGITS.findall(spec):
            if int(digits) > MAX_WIDTH:
                raise _too_wide(int(digits))


def _check_operands(operator: str, left: Any, right: Any, limit: int) -> None:
    """Refuse an operation whose result would be too large, before it is computed."""
    for value in (left, right):
        if _bits(value) > MAX_INT_BITS:
            raise _too_big_int()
    if operator == "*":
        if _bits(left) + _bits(right) > MAX_INT_BITS:
            raise _too_big_int()
        for seq, times in ((left, right), (right, left)):
            if _size(seq) and isinstance(times, int) and _size(seq) * times > limit:
                raise too_long(limit)
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right > 0 and _bits(left) * right > MAX_INT_BITS:
                raise _too_big_int()
        elif isinstance(right, (int, float)) and abs(right) > MAX_INT_BITS:
            raise _too_big_int()
    elif operator == "+" and _size(left) + _size(right) > limit:
        raise too_long(limit)
    elif operator == "%" and isinstance(left, str):
        check_percent(left)


class LimitedSandbox(SandboxedEnvironment):
    """jinja2's sandbox, with limits on what a template may compute (see the module)."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    max_value = MAX_VALUE

    def value_limit(self) -> int:
        """How large a value may grow (a subclass may allow for long given values)."""
        return self.max_value

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        limit = self.value_limit()
        _check_operands(operator, left, right, limit)
        return check_value(super().call_binop(context, operator, left, right), limit)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__
        limit = self.value_limit()

        def checked(*args: Any, **kwargs: Any) -> str:
            check_format(fmt)
            for arg in (*args, *kwargs.values()):
                check_value(arg, limit)
            return str(check_value(wrapped(*args, **kwargs), limit))

        return checked

    def limit_filters(self) -> None:
        """Wrap every filter: no number argument or result beyond the limits."""
        self.filters = {name: self._limited(fn) for name, fn in self.filters.items()}

    def _limited(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        if getattr(fn, "_plandrill_limited", False):
            return fn

        @functools.wraps(fn)  # keeps jinja2's pass_context / pass_environment marks
        def limited(*args: Any, **kwargs: Any) -> Any:
            limit = self.value_limit()
            for arg in (*args, *kwargs.values()):
                number = isinstance(arg, (int, float)) and not isinstance(arg, bool)
                if number and abs(arg) > limit:
                    raise TemplateLimit(
                        T(
                            f"过滤器的数值参数过大（{arg:g}，上限 {limit}）",
                            f"a number given to a filter is too large ({arg:g}; limit {limit})",
                        )
                    )
            return check_value(fn(*args, **kwargs), limit)

        limited._plandrill_limited = True  # type: ignore[attr-defined]
        return limited


class Watchdog:
    """Stops a render that runs too many steps or too long (``with Watchdog(...):``).

    A trace function on the rendering thread counts every traced line and looks at the
    clock every thousand; ``frame_check`` may look at each frame of the template's own
    code (``filename``) as well.
    """

    def __init__(
        self,
        filename: str,
        *,
        steps: int = MAX_STEPS,
        seconds: float = MAX_SECONDS,
        frame_check: Callable[[FrameType], None] | None = None,
    ) -> None:
        self.filename = filename
        self.max_steps = steps
        self.seconds = seconds
        self.frame_check = frame_check
        self.steps = 0
        self.deadline = 0.0
        self._previous: Any = None

    def _trace(self, frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename == __file__:
            return None  # our own loop: a limit must stop inside the template, at its line
        self.steps += 1
        if self.steps > self.max_steps:
            raise TemplateLimit(
                T(
                    f"运算步骤过多（超过 {self.max_steps} 步），可能是循环或递归过多",
                    f"too many steps (over {self.max_steps}): too many loops or recursion",
                )
            )
        if self.steps % 1000 == 0 and time.monotonic() > self.deadline:
            raise TemplateLimit(
                T(
                    f"运行时间过长（超过 {self.seconds:g} 秒）",
                    f"the template ran too long (over {self.seconds:g} s)",
                )
            )
        if self.frame_check is not None and frame.f_code.co_filename == self.filename:
            self.frame_check(frame)
        return self._trace

    def __enter__(self) -> Watchdog:
        self.deadline = time.monotonic() + self.seconds
        self._previous = sys.gettrace()
        sys.settrace(self._trace)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._previous)


def bounded_output(chunks: Iterable[str], limit: int) -> Iterator[str]:
    """The chunks a template generates, stopping once they exceed ``limit`` characters."""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise too_long(limit)
        yield chunk


__all__ = [
    "MAX_INT_BITS",
    "MAX_SECONDS",
    "MAX_STEPS",
    "MAX_VALUE",
    "MAX_WIDTH",
    "LimitedSandbox",
    "TemplateLimit",
    "Watchdog",
    "bounded_output",
    "check_format",
    "check_percent",
    "check_value",
    "too_long",
]
