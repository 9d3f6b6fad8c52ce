"""A corpus of hostile and broken files, generated on the fly (nothing binary is committed).

Each ``Bad`` is a file name, its bytes and what a user must be told about it: fragments
of the Chinese message, and the line it must point at where there is one. ``refused``
files cannot be opened at all (``LoadError``, exit 2); the others open with located
problems (schema errors, dangling references), the way a half-finished plan should.
"""

from __future__ import annotations

import codecs
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import yaml

from tests.helpers import ROOT

SAMPLE_PLAN = ROOT / "resources" / "sample" / "化工企业综合应急预案.plan.yaml"
SAMPLE_DRILL = ROOT / "resources" / "sample" / "液氯泄漏桌面推演.drill.yaml"


@dataclass(frozen=True)
class Bad:
    name: str
    data: bytes = field(repr=False)
    says: tuple[str, ...] = ()  # each must appear in the (Chinese) message
    line: int | None = None  # the line the message must point at
    refused: bool = True  # False: opens, with problems (or cleanly, for encodings)
    problem: str | None = None  # for files that open: the code (prefix) of a problem to report
    line_slack: int = 0  # the line may be this much later (YAML notices some mistakes late)

    @property
    def id(self) -> str:
        return self.name


# A drill under a plan's name: refused where a plan is required (diff, drill new), read
# as the drill its schema line says it is by validate, library status and the editor,
# and pointed to ``export --doc`` by export.
DRILL_NAMED_PLAN = "drill-schema-in-plan.plan.yaml"


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first occurrence of ``fragment``."""
    at = text.index(fragment)
    return text.count("\n", 0, at) + 1


# --- a small plan whose every part is easy to break --------------------------------------

BASE_PLAN = """\
schema: plandrill/plan@1
meta:
  title: 液氯泄漏现场处置方案
  kind: enterprise_onsite
  unit:
    name: 示范化工有限公司
  version: '1.0'
  issued: 2026-03-01
sections:
- id: s1
  title: 事故风险分析
  body: 储罐区存放液氯。
- id: s2
  title: 应急工作职责
  insert: [organization]
- id: s3
  title: 应急处置
  body: 按程序处置。
  insert: [procedures]
- id: s4
  title: 注意事项
  body: 佩戴正压式空气呼吸器。
organization:
  command:
    id: hq
    name: 现场指挥部
    lead: 车间主任
  groups:
  - id: g-rescue
    name: 抢险组
    lead: 班长
contacts:
- id: c-duty
  name: 值班室
  phone: 0571-88881234
- id: c-fire
  name: 消防救援
  phone: '119'
levels:
- id: I
  name: 一级响应
  commander: hq
procedures:
- id: p1
  title: 泄漏处置
  level: I
  steps:
  - id: st1
    actor: hq
    action: 启动现场处置方案
    within_min: 5
    contacts: [c-duty]
  - id: st2
    actor: g-rescue
    action: 关闭上游阀门
    within_min: 10
"""


def _edit(name: str, old: str, new: str, *, at: int = 0, **kw: object) -> Bad:
    """BASE_PLAN with the lines ``old`` replaced by ``new``; the message must point at
    the first new line (or ``at`` lines below it)."""
    assert BASE_PLAN.count(old) == 1, old
    line = line_of(BASE_PLAN, old) + at
    return Bad(name, BASE_PLAN.replace(old, new).encode("utf-8"), line=line, **kw)  # type: ignore[arg-type]


def schema_cases() -> list[Bad]:
    """Valid YAML that breaks the schema or the plan's own rules: the file still opens."""
    dup_contact = "- id: c-fire\n  name: 消防救援\n  phone: '119'\n- id: c-duty\n  name: 重复\n"
    return [
        _edit(
            "wrong-type-sections.plan.yaml",
            "- id: s4\n  title: 注意事项\n  body: 佩戴正压式空气呼吸器。\n",
            "- 注意事项\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "wrong-type-phone.plan.yaml",
            "  phone: 0571-88881234\n",
            "  phone: [0571, 88881234]\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "wrong-type-minutes.plan.yaml",
            "    within_min: 10\n",
            "    within_min: 十分钟\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "negative-minutes.plan.yaml",
            "    within_min: 5\n",
            "    within_min: -5\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "bad-date.plan.yaml",
            "  issued: 2026-03-01\n",
            "  issued: 2026-13-45\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "bad-kind.plan.yaml",
            "  kind: enterprise_onsite\n",
            "  kind: 随便写的类型\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "unknown-key.plan.yaml",
            "  title: 事故风险分析\n",
            "  titel: 事故风险分析\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "unknown-top-key.plan.yaml",
            "contacts:\n",
            "contactz:\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "id-collision.plan.yaml",
            "- id: c-fire\n  name: 消防救援\n  phone: '119'\n",
            dup_contact,
            refused=False,
            problem="ids.duplicate",
            at=3,
        ),
        _edit(
            "id-collision-sections.plan.yaml",
            "- id: s4\n",
            "- id: s1\n",
            refused=False,
            problem="ids.duplicate",
        ),
        _edit(
            "missing-actor.plan.yaml",
            "    actor: g-rescue\n",
            "    actor: g-nobody\n",
            refused=False,
            problem="ref.missing",
        ),
        _edit(
            "missing-contact.plan.yaml",
            "    contacts: [c-duty]\n",
            "    contacts: [c-gone]\n",
            refused=False,
            problem="ref.missing",
        ),
        _edit(
            "missing-level.plan.yaml",
            "  level: I\n",
            "  level: IV\n",
            refused=False,
            problem="ref.missing",
        ),
        _edit(
            "missing-part.plan.yaml",
            "  insert: [procedures]\n",
            "  insert: [procedurez]\n",
            refused=False,
            problem="schema.",
        ),
        _edit(
            "drill-schema-in-plan.plan.yaml",
            "schema: plandrill/plan@1\n",
            "schema: plandrill/drill@1\n",
            says=("演练文件",),
        ),
        _edit(
            "future-schema.plan.yaml",
            "schema: plandrill/plan@1\n",
            "schema: plandrill/plan@9\n",
            says=("plandrill/plan@9",),
        ),
    ]


# --- YAML syntax broken at many places -----------------------------------------------------

# kind -> (how to break a line, which lines qualify)
_Mutation = tuple[Callable[[str], str], Callable[[str], bool]]


def _has_value(line: str) -> bool:
    return bool(re.match(r"^\s*(- )?[A-Za-z_]+: \S", line)) and "#" not in line


def _content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


SYNTAX_MUTATIONS: dict[str, _Mutation] = {
    "unclosed-double-quote": (lambda s: s.replace(": ", ': "', 1), _has_value),
    "unclosed-single-quote": (lambda s: s.replace(": ", ": '", 1), _has_value),
    "unclosed-bracket": (lambda s: s.replace(": ", ": [", 1), _has_value),
    "unclosed-brace": (lambda s: s.replace(": ", ": {", 1), _has_value),
    "bad-indentation": (lambda s: "   " + s, _content),
    "tab-indentation": (lambda s: "\t" + s, _content),
    "stray-colon": (lambda s: s.replace(": ", ": : ", 1), _has_value),
    "key-after-value": (lambda s: s + " extra: 1", _has_value),
}


def syntax_cases(per_kind: int, seed: int = 20261123) -> list[Bad]:
    """The sample plan broken at ``per_kind`` different lines for each kind of mistake."""
    text = SAMPLE_PLAN.read_text(encoding="utf-8")
    lines = text.split("\n")
    rng = random.Random(seed)
    out: list[Bad] = []
    for kind, (mutate, fits) in SYNTAX_MUTATIONS.items():
        candidates = [i for i, line in enumerate(lines) if fits(line)]
        rng.shuffle(candidates)
        found = 0
        for i in candidates:
            broken = lines[:]
            broken[i] = mutate(broken[i])
            text = "\n".join(broken)
            if not _breaks_yaml(text):
                continue  # e.g. more indentation inside a block of text is still text
            name = f"syntax-{kind}-L{i + 1}.plan.yaml"
            out.append(Bad(name, text.encode(), line=i + 1, line_slack=1))
            found += 1
            if found == per_kind:
                break
    return out


def _breaks_yaml(text: str) -> bool:
    try:
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return True
    return False


# --- hostile YAML ------------------------------------------------------------------------


def _billion_laughs() -> str:
    rows = ['a: &a ["哈哈哈哈哈哈哈哈哈"]']
    for n in range(1, 10):
        prev, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        rows.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    return "schema: plandrill/plan@1\n" + "\n".join(rows) + "\n"


def _deep_block(levels: int) -> str:
    return "schema: plandrill/plan@1\n" + "".join(f"{'  ' * i}k{i}:\n" for i in range(levels))


def _gbk_safe(text: str) -> str:
    """The sample plan without the few characters GBK cannot encode."""
    return "".join(ch if _encodes(ch, "gbk") else "?" for ch in text)


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def hostile_yaml_cases() -> list[Bad]:
    sample = SAMPLE_PLAN.read_bytes()
    rng = random.Random(7)
    junk = bytes(rng.randrange(1, 256) for _ in range(64 * 1024))  # no NUL: tests decoding
    junk_nul = bytes(rng.randrange(0, 256) for _ in range(64 * 1024))
    nul_at = sample.index(b"\n", 4000) + 1
    return [
        Bad(
            "python-object.plan.yaml",
            b"schema: plandrill/plan@1\nmeta: !!python/object/apply:os.system ['touch pwned']\n",
            says=("标签", "python/object/apply:os.system"),
            line=2,
        ),
        Bad(
            "python-name.plan.yaml",
            b"schema: plandrill/plan@1\nmeta:\n  title: !!python/name:os.system\n",
            says=("标签",),
            line=3,
        ),
        Bad(
            "custom-tag.plan.yaml",
            b"schema: plandrill/plan@1\nsections: !include /etc/passwd\n",
            says=("标签",),
            line=2,
        ),
        Bad("alias-bomb.plan.yaml", _billion_laughs().encode(), says=("别名",), line=2),
        Bad(
            "merge-key.plan.yaml",
            b"schema: plandrill/plan@1\nbase: &b {title: x}\nmeta:\n  <<: *b\n",
            says=("别名",),
            line=2,
        ),
        Bad(
            "deep-flow.plan.yaml",
            b"schema: plandrill/plan@1\nsections: " + b"[" * 200_000 + b"]" * 200_000 + b"\n",
            says=("嵌套层级过深",),
            line=2,
        ),
        Bad(
            "deep-block.plan.yaml",
            _deep_block(3000).encode(),
            says=("嵌套层级过深",),
            line=66,
        ),
        Bad(
            "huge-50mb.plan.yaml",
            b"schema: plandrill/plan@1\nmeta:\n  title: '"
            + "很长的标题".encode() * (50 * 1024 * 1024 // 15)
            + b"'\n",
            says=("文件过大",),
        ),
        Bad(
            "long-line.plan.yaml",
            b"schema: plandrill/plan@1\nmeta:\n  title: " + b"x" * 4_000_000 + b"\n",
            refused=False,
        ),
        Bad("binary-junk.plan.yaml", junk, says=("编码",)),
        Bad("binary-junk-nul.plan.yaml", junk_nul, says=("空字符",)),
        Bad(
            "nul-bytes.plan.yaml",
            sample[:nul_at] + b"\x00\x00" + sample[nul_at:],
            says=("空字符",),
            line=sample[:nul_at].count(b"\n") + 1,
        ),
        Bad(
            "control-char.plan.yaml",
            b"schema: plandrill/plan@1\nmeta:\n  title: a\x07b\n",
            says=("控制字符",),
            line=3,
        ),
        Bad("empty.plan.yaml", b"", says=("空",)),
        Bad("whitespace.plan.yaml", b"  \n\n# only a comment\n", says=("空",)),
        Bad("top-level-list.plan.yaml", b"- a\n- b\n", says=("顶层",), line=1),
        Bad("top-level-scalar.plan.yaml", "只是一行字\n".encode(), says=("顶层",), line=1),
        Bad(
            "two-documents.plan.yaml",
            b"schema: plandrill/plan@1\n---\nschema: plandrill/plan@1\n",
            says=("多个 YAML 文档",),
            line=2,
        ),
        Bad(
            "duplicate-key.plan.yaml",
            b"schema: plandrill/plan@1\nmeta:\n  title: a\n  title: b\n",
            says=("重复",),
            line=4,
        ),
        Bad(
            "duplicate-top-key.plan.yaml",
            b"schema: plandrill/plan@1\nsections: []\ncontacts: []\nsections: []\n",
            says=("重复", "第一次出现在第 2 行"),
            line=4,
        ),
        Bad(
            "complex-key.plan.yaml",
            b"schema: plandrill/plan@1\n? [a, b]\n: c\n",
            says=("键",),
            line=2,
        ),
        Bad(
            "utf16-no-bom.plan.yaml",
            SAMPLE_PLAN.read_text(encoding="utf-8").encode("utf-16-le"),
            says=("空字符",),
        ),
        Bad(
            "utf8-bom-then-gbk.plan.yaml",
            codecs.BOM_UTF8 + _gbk_safe(SAMPLE_PLAN.read_text(encoding="utf-8")).encode("gbk"),
            says=("UTF-8",),
            line=1,
        ),
    ]


def encoding_cases() -> list[Bad]:
    """The sample plan in the encodings Windows editors write: each must read the same."""
    text = _gbk_safe(SAMPLE_PLAN.read_text(encoding="utf-8"))
    return [
        Bad("gbk.plan.yaml", text.encode("gbk"), refused=False),
        Bad("gb18030.plan.yaml", text.encode("gb18030"), refused=False),
        Bad("utf16-le-bom.plan.yaml", text.encode("utf-16"), refused=False),
        Bad(
            "utf16-be-bom.plan.yaml", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), refused=False
        ),
        Bad("utf8-bom.plan.yaml", codecs.BOM_UTF8 + text.encode("utf-8"), refused=False),
        Bad("crlf.plan.yaml", text.replace("\n", "\r\n").encode("utf-8"), refused=False),
        Bad(
            "crlf-utf16.plan.yaml",
            codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"),
            refused=False,
        ),
    ]


def encoding_reference_text() -> str:
    """What every ``encoding_cases`` file says, as UTF-8 text."""
    return _gbk_safe(SAMPLE_PLAN.read_text(encoding="utf-8"))


# --- drills and journals -------------------------------------------------------------------


def drill_cases() -> list[Bad]:
    text = SAMPLE_DRILL.read_text(encoding="utf-8")
    plan_line = "  plan: 化工企业综合应急预案.plan.yaml\n"
    assert plan_line in text

    def with_plan(name: str, target: str, says: tuple[str, ...]) -> Bad:
        new = text.replace(plan_line, f"  plan: {target}\n")
        return Bad(
            name,
            new.encode(),
            says=says,
            line=line_of(new, f"  plan: {target}"),
            refused=False,
            problem="plan.unreadable",
        )

    return [
        with_plan("missing-plan.drill.yaml", "不存在的预案.plan.yaml", ("不存在",)),
        with_plan("broken-plan.drill.yaml", "nul-bytes.plan.yaml", ("空字符",)),
        with_plan("plan-is-folder.drill.yaml", "..", ("文件夹",)),
        with_plan("plan-is-drill.drill.yaml", "missing-plan.drill.yaml", ("演练文件",)),
        Bad(
            "drill-syntax.drill.yaml",
            text.replace("  form: tabletop\n", "  form: [tabletop\n").encode(),
            line=line_of(text, "  form: tabletop") + 1,
        ),
        Bad(
            "drill-tag.drill.yaml",
            b"schema: plandrill/drill@1\nmeta: !!python/object:os.system {}\n",
            says=("标签",),
            line=2,
        ),
    ]


def journal_cases() -> Iterator[Bad]:
    """Session journals that are not journals at all (for ``drill metrics``)."""
    stamp = ".20260101-000000.journal.jsonl"
    rng = random.Random(11)
    yield Bad("torn-header" + stamp, b'{"seq":0,"type":"session"', says=("演练记录",), line=1)
    yield Bad(
        "random" + stamp, bytes(rng.randrange(256) for _ in range(4096)), says=("演练记录",), line=1
    )
    yield Bad("empty" + stamp, b"", says=("空",))
    yield Bad("json-list" + stamp, b"[1, 2, 3]\n", says=("演练记录",), line=1)
    yield Bad("yaml-instead" + stamp, SAMPLE_DRILL.read_bytes(), says=("演练记录",), line=1)


# --- Word files ----------------------------------------------------------------------------


def _zip(parts: dict[str, bytes], *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class _Member:
    """One zip member, already compressed (raw deflate)."""

    name: str
    deflated: bytes
    crc: int
    size: int


def _member(name: str, data: bytes) -> _Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return _Member(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def _repeated(name: str, head: bytes, fill: int, megabytes: int, tail: bytes) -> _Member:
    """``head``, then ``megabytes`` MB of the byte ``fill``, then ``tail``, deflated
    without compressing them: each piece is deflated once from a fresh state and ends on
    a byte boundary, so one compressed megabyte can be repeated as often as wanted."""
    block = bytes([fill]) * (1 << 20)

    def piece(data: bytes, final: bool = False) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    deflated = piece(head) + piece(block) * megabytes + piece(tail, final=True)
    return _Member(name, deflated, crc, len(head) + megabytes * (1 << 20) + len(tail))


def _raw_zip(members: list[_Member]) -> bytes:
    """A zip archive of already-deflated members (zipfile can only deflate itself)."""
    out = io.BytesIO()
    central = []
    for m in members:
        name = m.name.encode("utf-8")
        offset = out.tell()
        fields = (20, 0x800, 8, 0, 0x21, m.crc, len(m.deflated), m.size, len(name))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + m.deflated)
        central.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset) + name
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    count = len(members)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()


_XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document>'


def _with_part(docx_bytes: bytes, replaced: _Member) -> bytes:
    """A copy of a real .docx with one part replaced."""
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    return _raw_zip(
        [
            replaced if info.filename == replaced.name else _member(info.filename, src.read(info))
            for info in src.infolist()
        ]
    )


def _bomb(docx_bytes: bytes, part: str, megabytes: int) -> bytes:
    """A real .docx whose ``part`` inflates to well-formed XML of ``megabytes`` MB."""
    return _with_part(docx_bytes, _repeated(part, _XML_HEAD, 0x20, megabytes, b"</w:document>"))


BILLION_LAUGHS_XML = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def xxe_xml(secret_path: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret_path}">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>""".encode()


def docx_cases(real_docx: bytes) -> list[Bad]:
    """Files that claim to be .docx (for ``import-docx`` and ``--reference-doc``).

    ``real_docx`` is a good export; the bombs are built from it, so every other part
    is valid and only the size gives them away.
    """
    rng = random.Random(3)
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(rng.randrange(256) for _ in range(8192))
    megabytes = 512  # past every limit, and more than the bound the CLI tests allow
    return [
        Bad(
            "word-zip-bomb-document.docx",
            _bomb(real_docx, "word/document.xml", megabytes),
            says=("压缩炸弹",),
        ),
        Bad(
            "word-zip-bomb-styles.docx",
            _bomb(real_docx, "word/styles.xml", megabytes),
            says=("压缩炸弹",),
        ),
        Bad(
            "word-zip-bomb-many-parts.docx",
            _raw_zip([_repeated(f"word/media/image{i}.png", b"", 0, 8, b"") for i in range(160)]),
            says=("压缩炸弹",),
        ),
        Bad("word-old-word.doc", ole, says=(".docx",)),
        Bad("word-old-word-renamed.docx", ole, says=(".docx",)),
        Bad(
            "word-random-bytes.docx",
            bytes(rng.randrange(256) for _ in range(20_000)),
            says=(".docx",),
        ),
        Bad("word-empty.docx", b"", says=("空",)),
        Bad("word-text.docx", "这只是一个文本文件\n".encode(), says=(".docx",)),
        Bad(
            "word-pdf.docx",
            b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)),
            says=(".docx",),
        ),
        Bad("word-truncated.docx", real_docx[: len(real_docx) // 2], says=(".docx",)),
        Bad("word-zip-without-word.docx", _zip({"hello.txt": b"hi"}), says=(".docx",)),
        Bad(
            "word-not-xml.docx",
            _with_part(real_docx, _member("word/document.xml", b"<w:document><w:body>unclosed")),
            says=(".docx",),
        ),
        Bad(
            "word-xml-bomb.docx",
            _with_part(real_docx, _member("word/document.xml", BILLION_LAUGHS_XML)),
        ),
    ]
