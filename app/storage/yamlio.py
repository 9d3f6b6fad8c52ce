"""Safe YAML reading and writing for files people edit by hand.

Reading is an iterative composer over libyaml's event stream (the C parser when it is
available). Building the data ourselves, instead of letting PyYAML compose nodes, lets
us in one pass:

* refuse anchors and aliases (no "billion laughs"), and any tag beyond plain data;
* bound nesting depth and node count (the C composer recurses and can crash the
  process on deeply nested input);
* report duplicate keys instead of keeping the last one;
* record the line of every value, so schema errors can point at the file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from yaml import events
from yaml.nodes import ScalarNode

from app.i18n import T
from app.storage.errors import LoadError
from app.storage.guard import read_input

try:  # libyaml is much faster; fall back to pure Python where it is missing
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _BaseLoader

    C_EXTENSION = True
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    C_EXTENSION = False

# The pure-Python parser of the same (locked) PyYAML: it decides what an error is when
# libyaml says something we do not know, so messages do not depend on libyaml's version.
_PureLoader = yaml.SafeLoader

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
# Every value costs about 500 bytes and 10 µs once composed with its line: a quarter of
# a million values stay near 150 MB and 3 s. The schema's own limits (``app.model.limits``:
# 5,000 entries of a kind, named by field) are lower; these bound what any YAML costs
# before it is checked.
MAX_NODES = 250_000
MAX_COLLECTION_ITEMS = 20_000  # items of one list or keys of one mapping

_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_ALLOWED_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

Path_ = tuple[str | int, ...]


@dataclass
class LineMap:
    """Where each value of a YAML document is (1-based lines): a mapping entry at its
    key, a list item where the item starts."""

    lines: dict[Path_, int] = field(default_factory=dict)

    def line_for(self, path: Path_) -> int | None:
        """The line of ``path`` or of its nearest ancestor present in the file."""
        p = tuple(path)
        while True:
            if p in self.lines:
                return self.lines[p]
            if not p:
                return None
            p = p[:-1]


@dataclass
class YamlDocument:
    data: Any
    lines: LineMap
    encoding: str = "utf-8"
    notes: list[T] = field(default_factory=list)
    digest: str | None = None  # content hash of the file read (None for text)


# --- decoding ---------------------------------------------------------------------------


def decode(raw: bytes, filename: str) -> tuple[str, str, list[T]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    notes: list[T] = []
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig", notes
        except UnicodeDecodeError as exc:
            # a UTF-8 mark in front of GBK text: guessing could garble every value
            raise LoadError(
                filename,
                T(
                    "文件开头标明为 UTF-8 编码，但内容不是有效的 UTF-8（可能是 GBK）",
                    "The file is marked as UTF-8 but its content is not valid UTF-8 (GBK?)",
                ),
                line=raw[: exc.start + 3].count(b"\n") + 1,
                hint=T("请用文本编辑器另存为 UTF-8 编码", "Save it as UTF-8 in a text editor"),
            ) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(
                filename,
                T(
                    "文件声明为 UTF-16 编码，但内容无法解码",
                    "The file claims UTF-16 but cannot be decoded",
                ),
                hint=T("请用文本编辑器另存为 UTF-8 编码", "Save it as UTF-8 in a text editor"),
            ) from exc
        notes.append(
            T("文件为 UTF-16 编码，保存时将改为 UTF-8", "UTF-16 file; it will be saved as UTF-8")
        )
        return text, "utf-16", notes
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise LoadError(
            filename,
            T(
                "文件含有空字符（NUL），不是文本文件",
                "The file contains NUL bytes; it is not a text file",
            ),
            line=line,
            hint=T(
                "请确认选择的是预案（.plan.yaml）或演练（.drill.yaml）文件",
                "Check that you chose a .plan.yaml or .drill.yaml file",
            ),
        )
    try:
        return raw.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise LoadError(
                filename,
                T(
                    "无法识别文件编码（既不是 UTF-8 也不是 GBK）",
                    "Unknown encoding (neither UTF-8 nor GBK)",
                ),
                line=line,
                hint=T("请用文本编辑器另存为 UTF-8 编码", "Save it as UTF-8 in a text editor"),
            ) from None
        notes.append(
            T(
                "文件为 GBK/GB18030 编码，已自动识别；保存时将改为 UTF-8",
                "GBK/GB18030 file read; it will be saved as UTF-8",
            )
        )
        return text, "gb18030", notes


# --- loading -----------------------------------------------------------------------------

_SYNTAX_HINTS: list[tuple[str, T]] = [
    (
        "mapping values are not allowed",
        T(
            "此处不能出现“键: 值”，常见原因是冒号后缺空格、缩进不一致或文本中含英文冒号未加引号",
            "a 'key: value' is not allowed here; check indentation, or quote text containing ':'",
        ),
    ),
    (
        "could not find expected ':'",
        T(
            "缺少冒号“:”，或上一行的引号没有闭合",
            "a ':' is missing, or a quote on the line above is not closed",
        ),
    ),
    (
        "did not find expected key",
        T(
            "缩进不一致，或列表项“- ”与键混在同一层",
            "inconsistent indentation, or a '- ' list item mixed with keys",
        ),
    ),
    (
        "did not find expected '-' indicator",
        T("列表项缩进不一致", "list items are not aligned"),
    ),
    (
        "tab character",
        T(
            "YAML 不允许用 Tab 缩进，请改用空格",
            "YAML does not allow tabs for indentation; use spaces",
        ),
    ),
    (
        "found unexpected end of stream",
        T("文件在引号或括号闭合前就结束了", "the file ends before a quote or bracket is closed"),
    ),
    (
        "found undefined alias",
        T("不支持 YAML 别名（*名称）", "YAML aliases (*name) are not supported"),
    ),
    (
        "control characters are not allowed",
        T("文件含有不可见的控制字符", "the file contains control characters"),
    ),
    (
        "found unknown escape character",
        T(
            "双引号内的反斜杠转义无效，可改用单引号",
            "invalid backslash escape in double quotes; use single quotes",
        ),
    ),
    (
        "while scanning a quoted scalar",
        T("引号没有闭合", "a quote is not closed"),
    ),
    (
        "expected ',' or ']'",  # libyaml: "did not find …"; PyYAML: "… but got"
        T(
            "方括号 [ 没有闭合，或列表的各项之间缺少逗号",
            "a '[' is not closed, or a comma is missing between list items",
        ),
    ),
    (
        "expected ',' or '}'",
        T(
            "花括号 { 没有闭合，或各项之间缺少逗号",
            "a '{' is not closed, or a comma is missing between items",
        ),
    ),
    (
        "did not find expected node content",
        T(
            "此处缺少内容，常见原因是多余的逗号、冒号或括号",
            "a value is missing here, often after a stray comma, colon or bracket",
        ),
    ),
    (
        "'\\t' that cannot start any token",  # PyYAML's wording of a tab
        T(
            "YAML 不允许用 Tab 缩进，请改用空格",
            "YAML does not allow tabs for indentation; use spaces",
        ),
    ),
    (
        "expected the node content",
        T(
            "此处缺少内容，常见原因是多余的逗号、冒号或括号",
            "a value is missing here, often after a stray comma, colon or bracket",
        ),
    ),
    (
        "expected a comment or a line break",
        T(
            "值的后面多出了内容（如引号或 | 之后还有文字），请给整段文字加引号",
            "something follows the value (after a closing quote or a |); quote the whole text",
        ),
    ),
    (
        "expected ' ', but found",
        T(
            "! 在 YAML 中表示标签，请给这段文字加引号",
            "! starts a tag in YAML; put the text in quotes",
        ),
    ),
    (
        "that cannot start any token",
        T(
            "值不能以 @、`、| 等字符开头，请给这段文字加引号",
            "a value cannot start with @, ` or |; put the text in quotes",
        ),
    ),
    (
        "did not find expected comment or line break",
        T(
            "值的后面多出了内容（如引号或 | 之后还有文字），请给整段文字加引号",
            "something follows the value (after a closing quote or a |); quote the whole text",
        ),
    ),
    (
        "expected alphabetic or numeric character",
        T(
            "& 和 * 在 YAML 中有特殊含义，请给这段文字加引号",
            "& and * are special in YAML; put the text in quotes",
        ),
    ),
    (
        "did not find expected whitespace or line break",
        T(
            "! 在 YAML 中表示标签，请给这段文字加引号",
            "! starts a tag in YAML; put the text in quotes",
        ),
    ),
    (
        "directive",
        T(
            "以 % 开头的行在 YAML 中是指令，请给这段文字加引号",
            "a line starting with % is a YAML directive; put the text in quotes",
        ),
    ),
    (
        "found unexpected non-alphabetical character",
        T(
            "以 % 开头的行在 YAML 中是指令，请给这段文字加引号",
            "a line starting with % is a YAML directive; put the text in quotes",
        ),
    ),
    (
        "block sequence entries are not allowed",
        T(
            "此处不能出现列表项“- ”，请检查缩进，或给含“- ”的文字加引号",
            "a '- ' list item is not allowed here; check indentation or quote the text",
        ),
    ),
    (
        "expected <block end>",
        T(
            "缩进不一致，或上一行的引号没有闭合",
            "inconsistent indentation, or a quote on a line above is not closed",
        ),
    ),
    (
        "document start>",
        T(
            "顶层内容缩进不一致，或文件中有多余的内容",
            "the top level is not aligned, or the file has stray content",
        ),
    ),
]

# A quoted value that opens on one line and is not closed there runs on until the next
# quote of its kind, and YAML reports the error only where that quote is found.
_QUOTE_OPENS = re.compile(r"""^\s*(?:-\s+)*(?:[^\s#'"][^#'"]*?:\s+)?(?P<q>['"])(?P<rest>.*)$""")
_CLOSES = {
    "'": re.compile(r"(?:[^']|'')*'"),
    '"': re.compile(r'(?:[^"\\]|\\.)*"'),
}


def _unclosed_quote_above(lines: list[str], line: int) -> int | None:
    """The line above ``line`` that opens a quoted value it does not close, if the
    lines in between hold no quote (so the value runs on to the error)."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if "'" not in text and '"' not in text:
            continue
        match = _QUOTE_OPENS.match(text)
        if match and not _CLOSES[match["q"]].match(match["rest"]):
            return number
        return None
    return None


class _Loader(_BaseLoader):
    """Our own loader class so that nothing we add leaks into PyYAML's globals."""


class _PyLoader(_PureLoader):
    """The pure-Python twin of ``_Loader``."""


LOADERS: dict[str, type] = (
    {"c": _Loader, "python": _PyLoader} if C_EXTENSION else {"python": _PyLoader}
)


def _line_of(mark: Any) -> int | None:
    return None if mark is None else mark.line + 1


def _syntax_error(filename: str, text: str, exc: yaml.MarkedYAMLError) -> tuple[LoadError, bool]:
    """Our message for a parser error, and whether one of our hints explained it."""
    mark = exc.problem_mark or exc.context_mark
    line = _line_of(mark)
    column = None if mark is None else mark.column + 1
    last = max(1, len(text.splitlines()))
    if line is not None and line > last:
        # "end of stream" points past the last line; the opening quote or bracket
        # (the context) is what the user has to fix
        context = _line_of(exc.context_mark)
        line, column = (context if context is not None and context <= last else last), None
    problem = str(exc.problem or exc)
    explain = next((hint for key, hint in _SYNTAX_HINTS if key in problem), None)
    known = explain is not None
    if explain is None:
        explain = T(f"不符合 YAML 格式（{problem}）", problem)
    opener = _unclosed_quote_above(text.splitlines(), line) if line is not None else None
    if opener is not None and line is not None and opener < line:
        # point at the quote to close; say where YAML noticed, since that is far away
        explain = T(
            f"第 {opener} 行的引号可能没有闭合，到第 {line} 行才被发现（{explain.zh}）",
            f"the quote on line {opener} may not be closed; noticed on line {line} ({explain.en})",
        )
        line, column = opener, None
    snippet = ""
    if line is not None:
        lines = text.splitlines()
        if 0 < line <= len(lines):
            snippet = lines[line - 1].strip()[:60]
    where_zh = f"第 {column} 列" if column else ""
    where_en = f"column {column}" if column else ""
    message = T(
        f"YAML 语法错误{('（' + where_zh + '）') if where_zh else ''}：{explain.zh}",
        f"YAML syntax error{(' at ' + where_en) if where_en else ''}: {explain.en}",
    )
    hint = T(f"该行内容：{snippet}", f"line reads: {snippet}") if snippet else None
    return LoadError(filename, message, line=line, column=column, hint=hint), known


def _refuse(filename: str, event: Any, message: T, hint: T | None = None) -> LoadError:
    return LoadError(filename, message, line=_line_of(event.start_mark), hint=hint)


_ALIAS_MSG = T(
    "不支持 YAML 锚点和别名（& 与 *）",
    "YAML anchors and aliases (& and *) are not supported",
)
_ALIAS_HINT = T("请把被引用的内容直接写出来", "Write the referenced content out in full")


def load_text(text: str, filename: str = "<text>", *, loader: str = "c") -> YamlDocument:
    """Parse one YAML document into plain data plus a line map.

    ``loader`` is "c" (libyaml, when installed) or "python"; both give the same data and
    the same messages. An error libyaml words in a way we do not know is diagnosed again
    by the pure-Python parser, which PlanDrill's messages are written against: libyaml
    0.2.5 (in PyYAML 6.0.3+ wheels) refuses flow nesting past 1000 levels in its scanner,
    before the event at which we would say "嵌套层级过深", and words it its own way."""
    cls = LOADERS.get(loader, _PyLoader)
    if cls is _PyLoader:
        return _compose(text, filename, _PyLoader)
    try:
        return _compose(text, filename, cls)
    except _UnknownSyntaxError as unknown:
        if unknown.index > _REDIAGNOSE_CHARS:
            raise unknown.error from None  # the slow parser would take seconds to get there
        try:
            return _compose(text, filename, _PyLoader)
        except _UnknownSyntaxError as pure:
            # still unexplained: the pinned PyYAML's words, the same on every machine
            raise pure.error from None


class _UnknownSyntaxError(Exception):
    """A parser error none of our hints explains; carries the message we would give."""

    def __init__(self, error: LoadError, index: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.index = index


# The pure-Python parser reads about 1.4 MB a second; past this it is not worth the wait.
_REDIAGNOSE_CHARS = 4_000_000


COUNT_HINT = T(
    "实际的预案和演练远少于此；请检查文件是否由程序错误生成，或拆分为多个文件",
    "Real plans and drills hold far fewer; check whether a program generated the file "
    "by mistake, or split it",
)
_DEPTH_MSG = T(
    f"嵌套层级过深（超过 {MAX_DEPTH} 层）",
    f"Nesting is too deep (over {MAX_DEPTH} levels)",
)
_DEPTH_HINT = T(
    "预案文件不需要这么多层，请检查缩进或括号",
    "Plan files never need this many levels; check indentation or brackets",
)


def _compose(text: str, filename: str, loader_class: type) -> YamlDocument:
    loader = loader_class(text)
    lines = LineMap()
    root: Any = None
    # Each frame: [container, path, pending_key, keys_seen]
    stack: list[list[Any]] = []
    nodes = 0
    documents = 0

    def place(value: Any, start_mark: Any) -> Path_ | None:
        """Attach value to the current container; return its path (None for a key)."""
        nonlocal root
        if not stack:
            root = value
            lines.lines[()] = _line_of(start_mark) or 1
            return ()
        frame = stack[-1]
        container, base = frame[0], frame[1]
        if len(container) >= MAX_COLLECTION_ITEMS:
            raise LoadError(
                filename,
                T(
                    f"条目过多：一个列表或映射超过 {MAX_COLLECTION_ITEMS} 项",
                    f"Too many entries: a list or mapping holds over {MAX_COLLECTION_ITEMS}",
                ),
                line=lines.lines.get(base) or _line_of(start_mark),
                hint=COUNT_HINT,
            )
        if isinstance(container, list):
            path = (*base, len(container))
            container.append(value)
        else:
            if frame[2] is _NO_KEY:
                if isinstance(value, (dict, list)):
                    raise LoadError(
                        filename,
                        T("不支持以列表或映射作为键", "Keys must be plain text, not lists or maps"),
                        line=_line_of(start_mark),
                    )
                if value in frame[3]:
                    raise LoadError(
                        filename,
                        T(
                            f"键“{value}”重复（第一次出现在第 {frame[3][value]} 行）",
                            f"duplicate key '{value}' (first on line {frame[3][value]})",
                        ),
                        line=_line_of(start_mark),
                        hint=T("请删除或合并重复的键", "Remove or merge the duplicate"),
                    )
                frame[3][value] = _line_of(start_mark)
                frame[2] = value
                return None
            key = frame[2]
            frame[2] = _NO_KEY
            path = (*base, key)
            container[key] = value
            # a field is where its key is: "contacts:" rather than its first item below
            lines.lines[path] = frame[3][key] or 0
            return path
        lines.lines[path] = _line_of(start_mark) or 0
        return path

    try:
        while True:
            event = loader.get_event()
            if isinstance(event, (events.StreamStartEvent, events.StreamEndEvent)):
                if isinstance(event, events.StreamEndEvent):
                    break
                continue
            if isinstance(event, events.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _refuse(
                        filename,
                        event,
                        T(
                            "文件包含多个 YAML 文档（---），只能有一个",
                            "The file holds several YAML documents (---); only one is allowed",
                        ),
                    )
                continue
            if isinstance(event, events.DocumentEndEvent):
                continue
            if isinstance(event, events.AliasEvent):
                raise _refuse(filename, event, _ALIAS_MSG, _ALIAS_HINT)
            if getattr(event, "anchor", None):
                raise _refuse(filename, event, _ALIAS_MSG, _ALIAS_HINT)
            nodes += 1
            if nodes > MAX_NODES:
                raise _refuse(
                    filename,
                    event,
                    T(
                        f"文件内容过多（超过 {MAX_NODES} 个数据项）",
                        f"Too many items (over {MAX_NODES})",
                    ),
                    COUNT_HINT,
                )
            if isinstance(event, events.ScalarEvent):
                value = _construct_scalar(loader, event, filename)
                place(value, event.start_mark)
            elif isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
                if event.tag not in _ALLOWED_COLLECTION_TAGS:
                    raise _refuse(filename, event, *_tag_message(event.tag))
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(filename, event, _DEPTH_MSG, _DEPTH_HINT)
                container: Any = {} if isinstance(event, events.MappingStartEvent) else []
                path = place(container, event.start_mark)
                assert path is not None  # a collection as a key raised in place()
                stack.append([container, path, _NO_KEY, {}])
            elif isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        error, known = _syntax_error(filename, text, exc)
        if not known:
            mark = exc.problem_mark or exc.context_mark
            raise _UnknownSyntaxError(error, 0 if mark is None else mark.index) from None
        raise error from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise LoadError(
            filename,
            T(
                f"文件含有不允许的控制字符（{char}）",
                f"The file contains a forbidden control character ({char})",
            ),
            line=line,
            hint=T("请删除该行中的不可见字符", "Remove the invisible character from that line"),
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError(filename, T(f"YAML 读取失败：{exc}", f"YAML error: {exc}")) from None
    finally:
        loader.dispose()
    return YamlDocument(data=root, lines=lines)


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


def _tag_message(tag: str | None) -> tuple[T, T]:
    return (
        T(
            f"不支持的 YAML 标签“{tag}”：出于安全考虑只接受普通数据",
            f"Unsupported YAML tag '{tag}': only plain data is accepted, for safety",
        ),
        T("请删除该标签", "Remove the tag"),
    )


def _construct_scalar(loader: Any, event: events.ScalarEvent, filename: str) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        if tag == "!" or not event.implicit[0]:
            tag = "tag:yaml.org,2002:str"
        else:
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
    if tag == _STR_TAG:  # most values are text: skip PyYAML's constructor machinery
        return event.value
    if tag not in _ALLOWED_SCALAR_TAGS:
        raise _refuse(filename, event, *_tag_message(tag))
    start: Any = event.start_mark  # libyaml's own Mark type: PyYAML's constructors take it
    end: Any = event.end_mark
    node = ScalarNode(tag, event.value, start, end, event.style)
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        # e.g. 2024-13-01 looks like a date but is none; keep the text so the schema
        # check can say which field wants a real date
        return event.value


def read_file(path: str | Path, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Read, decode and parse a YAML file with all the limits applied (``app.storage.guard``
    decides what may be read at all)."""
    p = Path(path)
    name = str(p)
    read = read_input(
        p,
        max_bytes=max_bytes,
        too_large_hint=T("请确认这是预案或演练文件", "Check that this is a plan or drill file"),
    )
    text, encoding, notes = decode(read.data, name)
    doc = load_text(text, name)
    doc.encoding = encoding
    doc.notes.extend(notes)
    doc.digest = read.digest
    return doc


# --- dumping -----------------------------------------------------------------------------


class _Dumper(_BaseDumper):
    def ignore_aliases(self, data: Any) -> bool:  # never write anchors ourselves
        return True


def _represent_str(dumper: Any, data: str) -> Any:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_enum(dumper: Any, data: Enum) -> Any:
    return _represent_str(dumper, str(data.value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_multi_representer(Enum, _represent_enum)
_Dumper.add_representer(dt.date, _Dumper.represent_date)


def dump_text(data: Any, header: str = "") -> str:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return header + text
