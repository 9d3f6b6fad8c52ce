"""Procedures (处置程序) written as text: a heading, then numbered steps.

Official exports print each procedure as a heading followed by 响应级别/启动条件 lines and
one numbered paragraph per step: "（1）应急指挥部：确认响应级别并启动应急响应（10分钟内）。
联系：值班室（0000-0000000）。" Word plans written by hand often look the same. Such a
section becomes a structured procedure again: the actor is a working group of the plan,
the time limit and the contacts are read back, and the section that held it places the
procedures (``insert: [procedures]``).
"""

from __future__ import annotations

import re
from typing import Any

from app.i18n import T
from app.importer.outline import Node, OutlineBuilder
from app.importer.registers import Registers, parse_contacts

_STEP = re.compile(
    r"^\s*(?:[（(]\s*(?P<a>\d{1,3}|[一二三四五六七八九十]{1,4})\s*[)）]|(?P<b>\d{1,3})[.．、]|(?P<c>[①-⑳]))\s*(?P<text>\S.*)$"
)
_TIME = re.compile(r"[（(](?P<limit>立即|\d+\s*分钟内|\d+\s*小时内)[)）]。")
_LEVEL = re.compile(r"^响应级别[:：]\s*(?P<v>.+?)。?$")
_TRIGGER = re.compile(r"^启动条件[:：]\s*(?P<v>.+?)。?$")
_ACTOR = re.compile(r"^(?P<actor>[^：:。，,]{1,30})[：:](?P<rest>.+)$")


def _minutes(limit: str) -> int:
    if limit == "立即":
        return 0
    number = int(re.sub(r"\D", "", limit))
    return number * 60 if "小时" in limit else number


def _split_sentence(text: str) -> tuple[str, str]:
    """At the first full stop outside brackets: (the sentence, what follows)."""
    depth = 0
    for k, ch in enumerate(text):
        if ch in "(（【“":
            depth += 1
        elif ch in ")）】”":
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            return text[:k], text[k + 1 :]
    return text.rstrip("。"), ""


class _Reader:
    def __init__(self, registers: Registers) -> None:
        self.registers = registers

    def step(self, text: str) -> dict[str, Any]:
        step: dict[str, Any] = {}
        match = _ACTOR.match(text)
        if match is not None:
            unit = self.registers._unit_id(match.group("actor"), exact=True)
            if unit is not None:
                step["actor"] = unit
                text = match.group("rest").strip()
        timed = _TIME.search(text)
        if timed is not None:
            step["action"] = text[: timed.start()].strip()
            step["within_min"] = _minutes(timed.group("limit"))
            tail = text[timed.end() :]
        else:
            step["action"], tail = _split_sentence(text)
        tail = tail.strip()
        notes: list[str] = []
        if tail.startswith(("联系：", "联系:")):
            cited, tail = _split_sentence(tail[3:])
            ids: list[str] = []
            for name, phone in parse_contacts(cited, cited_list=True):
                cid = self.registers.contact_for(name, phone, set(ids))
                if cid is None:
                    notes.append(f"联系：{name}{f'（{phone}）' if phone else ''}")
                else:
                    ids.append(cid)
            if ids:
                step["contacts"] = ids
        if tail.strip():
            notes.append(tail.strip().rstrip("。"))
        if notes:
            step["note"] = "；".join(notes)
        return step

    def signals(self, text: str) -> int:
        match = _ACTOR.match(text)
        known = match is not None and self.registers._unit_id(match.group("actor"), exact=True)
        return int(bool(known)) + int(bool(_TIME.search(text)))


def _as_procedure(node: Node, reader: _Reader) -> dict[str, Any] | None:
    """The procedure this section spells out, or None when it is ordinary text."""
    if node.children or node.insert or not node.body:
        return None
    level = trigger = ""
    steps: list[str] = []
    for k, line in enumerate(node.body):
        if not steps and k < 2 and (m := _LEVEL.match(line)):
            level = m.group("v")
            continue
        if not steps and k < 2 and (m := _TRIGGER.match(line)):
            trigger = m.group("v")
            continue
        match = _STEP.match(line)
        if match is None:
            return None
        steps.append(match.group("text"))
    if not steps:
        return None
    signals = sum(reader.signals(s) > 0 for s in steps)
    if not (level or trigger or signals * 2 >= len(steps)):
        return None
    procedure: dict[str, Any] = {"title": node.title, "steps": [reader.step(s) for s in steps]}
    if level:
        found = next(
            (r["id"] for r in reader.registers.rows("levels") if r.get("name") == level), None
        )
        if found is not None:
            procedure["level"] = found
        else:
            trigger = "；".join(filter(None, [f"响应级别：{level}", trigger]))
    if trigger:
        procedure["trigger"] = trigger
    return procedure


def extract_procedures(builder: OutlineBuilder, registers: Registers) -> int:
    """Turn procedure-shaped sections into procedures; return how many."""
    reader = _Reader(registers)
    found = 0

    def visit(nodes: list[Node], parent: Node | None) -> None:
        nonlocal found
        for node in list(nodes):
            procedure = _as_procedure(node, reader) if parent is not None else None
            if procedure is None:
                visit(node.children, node)
                continue
            assert parent is not None
            nodes.remove(node)
            pid = registers._next_id("procedures")
            procedure = {"id": pid, **procedure}
            for k, step in enumerate(procedure["steps"], 1):
                step["id"] = f"{pid}.{k}"
            registers.rows("procedures").append(procedure)
            found += 1
            if "procedures" in builder.placed:
                if builder.placed["procedures"] != parent.title:
                    builder.report.note(
                        T(
                            f"“{parent.title}”中的处置程序已并入“{builder.placed['procedures']}”处的处置程序。",
                            f"The procedures in '{parent.title}' were merged into those in '{builder.placed['procedures']}'.",
                        )
                    )
            else:
                builder.placed["procedures"] = parent.title
                parent.insert.append("procedures")

    visit(builder.sections, None)
    visit(builder.appendices, None)
    if found:
        steps = sum(len(p["steps"]) for p in registers.rows("procedures")[-found:])
        builder.report.note(
            T(
                f"识别到 {found} 个处置程序（共 {steps} 个步骤）。",
                f"Found {found} procedures ({steps} steps).",
            )
        )
    return found
