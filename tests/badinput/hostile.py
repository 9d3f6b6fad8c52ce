"""A second corpus: what a careful attacker or an unlucky user hands PlanDrill (issue 23).

Families, each with more of the same kind than the issue named:

* ``special``: paths that are no regular file: a FIFO, links to /dev/zero and
  /dev/urandom, a dangling link, a link loop, a folder, a link to a folder;
* ``dates``: years the date arithmetic cannot reach (9999-12-31, 9997-…, 0001-01-01)
  or no plan has (1899, 2101), in every date field of a plan and a drill;
* ``numbers``: times, quantities and weights that are .inf, .nan, huge or longer
  than Python converts;
* ``counts``: registers, lists, outlines, steps, injects and cards past the limits,
  and a YAML of too many values;
* ``names``: titles and unit names that no file system takes as they are (device
  names, reserved characters, control characters, dots and spaces, ``../``, 60 emoji,
  84 and 300 CJK characters);
* ``journals``: session records with Infinity, NaN, huge and over-long numbers.

Each case is a ``Case``: a file name, how to make it in a folder, and what must be said.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.badinput.corpus import BASE_PLAN, SAMPLE_DRILL, SAMPLE_PLAN, line_of

LIMIT = 5_000  # app.model.base.MAX_ITEMS, spelled out: the test says what it expects


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None] = field(repr=False)
    refused: bool = True  # False: the file opens, with located problems
    says: tuple[str, ...] = ()  # every fragment must be in the message
    line: int | None = None
    problem: str | None = None  # for files that open: a problem code (prefix) to report
    posix: bool = False  # needs FIFOs, devices or symlinks

    @property
    def id(self) -> str:
        return self.name


def _text(name: str, text: str, **kw: object) -> Case:
    def make(folder: Path) -> None:
        (folder / name).write_text(text, encoding="utf-8")

    return Case(name, make, **kw)  # type: ignore[arg-type]


def _link(name: str, target: str, **kw: object) -> Case:
    def make(folder: Path) -> None:
        (folder / name).symlink_to(target)

    return Case(name, make, posix=True, **kw)  # type: ignore[arg-type]


# --- not a regular file --------------------------------------------------------------


def special_cases(suffix: str = ".plan.yaml") -> list[Case]:
    def fifo(folder: Path) -> None:
        os.mkfifo(folder / f"fifo{suffix}")

    def loop(folder: Path) -> None:
        (folder / f"loop-a{suffix}").symlink_to(f"loop-b{suffix}")
        (folder / f"loop-b{suffix}").symlink_to(f"loop-a{suffix}")

    def folder_case(folder: Path) -> None:
        (folder / f"folder{suffix}").mkdir()

    def link_to_folder(folder: Path) -> None:
        (folder / f"linked-folder{suffix}").symlink_to(".", target_is_directory=True)

    return [
        Case(f"fifo{suffix}", fifo, says=("管道",), posix=True),
        _link(f"zero{suffix}", "/dev/zero", says=("设备文件", "/dev/zero")),
        _link(f"urandom{suffix}", "/dev/urandom", says=("设备文件",)),
        _link(f"dangling{suffix}", "does-not-exist.plan.yaml", says=("符号链接", "不存在")),
        Case(f"loop-a{suffix}", loop, says=("循环",), posix=True),
        Case(f"folder{suffix}", folder_case, says=("文件夹",)),
        Case(f"linked-folder{suffix}", link_to_folder, says=("文件夹",), posix=True),
    ]


# --- dates ---------------------------------------------------------------------------

_META_END = "  issued: 2026-03-01\n"


def _plan_with(name: str, extra_meta: str, at: str, **kw: object) -> Case:
    """BASE_PLAN with ``extra_meta`` in place of its issue date; must point at ``at``."""
    text = BASE_PLAN.replace(_META_END, extra_meta)
    return _text(name, text, line=line_of(text, at), **kw)


def date_cases() -> list[Case]:
    says = ("超出可用范围",)
    kw = {"refused": False, "problem": "schema.date_range", "says": says}
    out = [
        _plan_with(f"date-issued-{day}.plan.yaml", f"  issued: {day}\n", f"issued: {day}", **kw)
        for day in ("9999-12-31", "9997-06-01", "0001-01-01", "1899-12-31", "2101-01-01")
    ]
    out += [
        _plan_with(
            "date-revision-9999.plan.yaml",
            "  issued: 2026-03-01\n  revision_history:\n  - version: '1.0'\n    date: 9999-12-31\n",
            "date: 9999-12-31",
            **kw,
        ),
        _plan_with(
            "date-evaluated-9999.plan.yaml",
            "  issued: 2026-03-01\n  last_evaluated: 9999-12-31\n",
            "last_evaluated",
            **kw,
        ),
        _plan_with(
            "date-review-9999.plan.yaml",
            "  issued: 2026-03-01\n  review:\n    form: 评审\n    date: 9999-12-31\n",
            "date: 9999-12-31",
            **kw,
        ),
        _plan_with(
            "date-filing-9999.plan.yaml",
            "  issued: 2026-03-01\n  filing:\n    authority: 应急管理局\n"
            "    submitted: 9999-12-31\n",
            "submitted",
            **kw,
        ),
        _plan_with(
            "date-drill-history-9999.plan.yaml",
            "  issued: 2026-03-01\n  drill_history:\n  - date: 9999-12-31\n    title: 演练\n",
            "date: 9999-12-31",
            **kw,
        ),
        _plan_with(
            "date-everywhere-9999.plan.yaml",
            "  issued: 9999-12-31\n  effective: 9999-12-31\n  last_evaluated: 9998-01-01\n"
            "  revision_history:\n  - version: '1.0'\n    date: 9997-02-28\n"
            "  drill_history:\n  - date: 9999-06-30\n",
            "issued: 9999",
            **kw,
        ),
    ]
    drill = SAMPLE_DRILL.read_text(encoding="utf-8")
    assert "  date: 2026-06-16\n" in drill
    for day in ("9999-12-31", "0001-01-01"):
        text = drill.replace("  date: 2026-06-16\n", f"  date: {day}\n")
        out.append(_text(f"date-{day}.drill.yaml", text, line=line_of(text, f"date: {day}"), **kw))
    return out


# --- numbers -------------------------------------------------------------------------


def _base_edit(name: str, old: str, new: str, **kw: object) -> Case:
    assert BASE_PLAN.count(old) == 1, old
    text = BASE_PLAN.replace(old, new)
    return _text(name, text, line=line_of(text, new.strip().splitlines()[0]), **kw)


def number_cases() -> list[Case]:
    kw = {"refused": False, "problem": "schema."}
    out = [
        _base_edit(
            f"step-within-{tag}.plan.yaml", "    within_min: 10\n", f"    within_min: {v}\n", **kw
        )
        for tag, v in (("inf", ".inf"), ("nan", ".nan"), ("huge", "1" + "0" * 30))
    ]
    resources = "resources:\n- id: r1\n  name: 空气呼吸器\n  quantity: {q}\n  unit: 套\n"
    for tag, q in (("inf", ".inf"), ("nan", ".nan"), ("digits", "9" * 5000)):
        text = BASE_PLAN + resources.format(q=q)
        out.append(_text(f"quantity-{tag}.plan.yaml", text, line=line_of(text, "quantity:"), **kw))
    drill = SAMPLE_DRILL.read_text(encoding="utf-8")
    edits = {  # tag: (old, new, the text of the line the message points at)
        "at-inf": ("  at_min: 8\n", "  at_min: .inf\n", "at_min: .inf"),
        "at-neg-inf": ("  at_min: 8\n", "  at_min: -.inf\n", "at_min: -.inf"),
        "at-nan": ("  at_min: 8\n", "  at_min: .nan\n", "at_min: .nan"),
        "at-huge": ("  at_min: 8\n", "  at_min: 1e300\n", "at_min: 1e300"),
        "at-years": ("  at_min: 8\n", "  at_min: 1e18\n", "at_min: 1e18"),
        "within-inf": ("within_min: 15}", "within_min: .inf}", "within_min: .inf"),
        "delay-nan": ("delay_min: 3}", "delay_min: .nan}", "delay_min: .nan"),
        "duration-huge": ("  duration_min: 60\n", "  duration_min: 1e40\n", "duration_min: 1e40"),
        "speed-inf": ("  duration_min: 60\n", "  duration_min: 60\n  speed: .inf\n", "speed: .inf"),
    }
    for tag, (old, new, at) in edits.items():
        assert old in drill, old
        text = drill.replace(old, new, 1)
        out.append(_text(f"{tag}.drill.yaml", text, line=line_of(text, at), **kw))
    return out


# --- counts --------------------------------------------------------------------------


def count_cases() -> list[Case]:
    head = "schema: plandrill/plan@1\nmeta: {title: 预案, kind: enterprise_onsite}\n"
    contacts = "".join(f"- {{id: c{i}, name: 联系人{i}}}\n" for i in range(LIMIT + 1))
    steps = "".join(f"  - {{id: s{i}, action: 第{i}步}}\n" for i in range(LIMIT + 1))
    sections = "".join(f"- {{id: s{i}, title: 第{i}节}}\n" for i in range(LIMIT // 2))
    kids = ", ".join(f"{{id: k{i}}}" for i in range(LIMIT // 2 + 1))
    members = ", ".join(["甲"] * 1_500_000)
    values = "".join(f"x{k}: [{', '.join(['1'] * 19_000)}]\n" for k in range(14))
    drill = SAMPLE_DRILL.read_text(encoding="utf-8")
    script = drill.index("script:\n") + len("script:\n")
    injects = "".join(f"- {{id: extra{i}, text: 注入{i}}}\n" for i in range(LIMIT + 1))
    too_many = ("条目过多",)
    out = [
        _text(
            "contacts-5001.plan.yaml",
            head + "contacts:\n" + contacts,
            says=(*too_many, "通讯录"),
            line=3 + LIMIT + 1,
        ),
        _text(
            "steps-5001.plan.yaml",
            head + "procedures:\n- id: p1\n  steps:\n" + steps,
            says=(*too_many, "处置步骤"),
            line=5 + LIMIT + 1,
        ),
        _text(
            "outline-over.plan.yaml",
            head + "sections:\n" + sections + f"- {{id: parent, children: [{kids}]}}\n",
            says=(*too_many, "全文"),
            line=4 + LIMIT // 2,
        ),
        _text(
            "members-1.5m.plan.yaml",
            head + f"organization:\n  groups:\n  - id: g\n    members: [{members}]\n",
            says=too_many,
            line=6,
        ),
        _text("values-266k.plan.yaml", head + values, says=("文件内容过多",)),
        _text(
            "injects-5001.drill.yaml",
            drill[:script] + injects + drill[script:],
            says=(*too_many, "演练脚本"),
        ),
    ]
    return out


def big_but_fine() -> Case:
    """At the limit: opens, and every command stays within time and memory."""
    head = "schema: plandrill/plan@1\nmeta: {title: 大型预案, kind: enterprise_onsite}\n"
    rows = "".join(
        f"- {{id: c{i}, name: 联系人{i}, role: 成员, phone: 0571-8888{i:04d}}}\n"
        for i in range(LIMIT)
    )
    return _text("contacts-5000.plan.yaml", head + "contacts:\n" + rows, refused=False)


# --- names ---------------------------------------------------------------------------

TITLES = {
    "con": "CON",
    "nul-ext": "NUL.txt",
    "com1": "COM1",
    "lpt9": "lpt9 ",
    "dots": "预案. . .",
    "spaces": "   ",
    "dotdot": "../../../../tmp/逃逸",
    "backslashes": "..\\..\\Windows\\预案",
    "reserved": 'a<b>c:"d"/e\\f|g?h*i',
    "control": "\x01标题\x1f\t制表\x08",
    "bidi": "\u202e预案fdp.exe",
    "emoji-60": "😀" * 60,
    "cjk-84": "应" * 84,
    "cjk-300": "应" * 300,
    "family-emoji": "👨\u200d👩\u200d👧" * 40,
}


def name_cases() -> list[Case]:
    out = []
    for tag, title in TITLES.items():
        quoted = json.dumps(title, ensure_ascii=False)  # JSON strings are YAML strings
        text = BASE_PLAN.replace("  title: 液氯泄漏现场处置方案\n", f"  title: {quoted}\n")
        text = text.replace("    name: 示范化工有限公司\n", f"    name: {quoted}\n")
        out.append(_text(f"title-{tag}.plan.yaml", text, refused=False))
    return out


# --- journals ------------------------------------------------------------------------


def journal_cases(good: str) -> list[Case]:
    """Session records made from the good journal ``good`` (its text)."""
    lines = good.splitlines()

    def every(pattern: str, value: str) -> str:
        return "\n".join(re.sub(pattern, value, line) for line in lines) + "\n"

    def later(pattern: str, value: str) -> str:
        out = [lines[0], *(re.sub(pattern, value, line) for line in lines[1:])]
        return "\n".join(out) + "\n"

    stamp = ".20260101-000000.journal.jsonl"
    number = r'"scn":[0-9.]+'
    said = ("无效或超出范围",)
    return [
        _text(f"inf{stamp}", every(number, '"scn":Infinity'), says=said, line=1),
        _text(f"nan{stamp}", every(number, '"scn":NaN'), says=said, line=1),
        _text(f"huge{stamp}", every(number, '"scn":1e308'), says=said, line=1),
        _text(f"digits{stamp}", every(number, '"scn":' + "9" * 5000), says=said, line=1),
        _text(f"later-inf{stamp}", later(number, '"scn":-Infinity'), refused=False),
        _text(f"later-negative{stamp}", later(number, '"scn":-5'), refused=False),
    ]


def sample_files(folder: Path) -> None:
    """The plan the drill cases exercise, next to them."""
    (folder / SAMPLE_PLAN.name).write_bytes(SAMPLE_PLAN.read_bytes())
