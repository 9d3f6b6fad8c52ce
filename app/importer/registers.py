"""Rows of recognised tables → plan registers (contacts, resources, …) with readable ids.

Values are converted the way a planner writes them: "10套" is quantity 10 and unit 套,
"约200人" is 200, duties split at line breaks and semicolons, 重大/较大/一般 become risk
levels. References (a resource's keeper phone, a level's commanding body, a contact's
working group) are resolved once every table has been read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app.i18n import T
from app.importer.report import PART_NAMES, ImportReport
from app.importer.tables import TableRead
from app.model.plan import (
    Contact,
    Expert,
    Resource,
    ResponseLevel,
    Risk,
    Shelter,
    Team,
    WarningLevel,
)

MODELS: dict[str, type] = {
    "contacts": Contact,
    "resources": Resource,
    "teams": Team,
    "experts": Expert,
    "shelters": Shelter,
    "risks": Risk,
    "levels": ResponseLevel,
    "warnings": WarningLevel,
}
ID_PREFIX = {
    "contacts": "c",
    "resources": "m",
    "teams": "t",
    "experts": "e",
    "shelters": "sh",
    "risks": "r",
    "groups": "g",
    "warnings": "w",
    "procedures": "p",
}
LIST_FIELDS = {"duties", "triggers", "actions", "controls", "criteria"}
NAME_LIST_FIELDS = {"members", "deputies", "accident_types"}
INT_FIELDS = {"size", "capacity"}
FLOAT_FIELDS = {"area_m2"}

_ENUMERATOR = re.compile(
    r"^\s*(?:[(（]?\d{1,2}[)）.、．]|[①-⑳]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|[-•·●▪◆■])\s*"
)


def split_items(text: str) -> list[str]:
    """Duties and measures: one per line; a line is split at semicolons only where it
    numbers its items inline (1.巡检；2.报警). List numbers are dropped."""
    out: list[str] = []
    for line in re.split(r"\n+", text):
        pieces = [p for p in re.split(r"(?<=[；;])\s*", line) if p.strip()]
        numbered = sum(bool(_ENUMERATOR.match(p)) for p in pieces)
        for piece in pieces if len(pieces) > 1 and numbered >= 2 else [line]:
            item = _ENUMERATOR.sub("", piece).strip().rstrip("；;，,").strip()
            if item:
                out.append(item)
    return out


def split_names(text: str) -> list[str]:
    """One name per line when the cell has lines (a name may hold 、); else 、，; split."""
    if "\n" in text.strip():
        return [p.strip().rstrip("；;，,、") for p in text.splitlines() if p.strip()]
    return [p.strip() for p in re.split(r"[、，,；;/]+|\s{2,}", text) if p.strip()]


def parse_number(text: str) -> tuple[float | None, str]:
    """'10套' → (10, '套'); '1,200 kg' → (1200, 'kg'); '若干' → (None, '')."""
    match = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*([^\d\s,.;；，]{0,4})", text.replace("，", ","))
    if match is None:
        return None, ""
    value = float(match.group(1).replace(",", ""))
    return value, match.group(2)


def parse_date(text: str) -> dt.date | None:
    match = re.search(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})", text)
    if match is None:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


_RISK_WORDS = (
    ("重大", "major"),
    ("较大", "significant"),
    ("一般", "general"),
    ("低", "low"),
    ("红", "major"),
    ("橙", "significant"),
    ("黄", "general"),
    ("蓝", "low"),
)


def risk_level(text: str) -> str | None:
    return next((value for word, value in _RISK_WORDS if word in text), None)


_COLORS = (("红", "red"), ("橙", "orange"), ("黄", "yellow"), ("蓝", "blue"))


def warning_color(text: str) -> str | None:
    return next((value for word, value in _COLORS if word in text), None)


def parse_minutes(text: str) -> int | None:
    """'10分钟' → 10, '1小时' → 60, '立即' → 0, '30' → 30."""
    if re.search(r"立即|立刻|马上|第一时间", text):
        return 0
    number, unit = parse_number(text)
    if number is None:
        return None
    if unit.startswith(("小时", "h", "H", "时")):
        number *= 60
    elif unit.startswith(("秒", "s")):
        number /= 60
    return max(0, round(number))


_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V"}
_CN_ORDINAL = {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}
_SEVERITY = (("特别重大", "I"), ("重大", "II"), ("较大", "III"), ("一般", "IV"))


# A level written as a line: "一级响应：…", "Ⅰ级响应：…", "特别重大突发事件：…".
_TEXT_LEVEL = re.compile(
    r"^((?:[ⅠⅡⅢⅣ]|[一二三四]|I{1,3}|IV)级(?:应急)?响应|(?:特别重大|重大|较大|一般)"
    r"(?:突发事件|事故|事件)?)\s*[：:]\s*(.+)$"
)
# A working group written as a line: "（一）抢险救援组 组长：… 职责：…".
_TEXT_GROUP = re.compile(
    r"^(?:（[一二三四五六七八九十]+）|[0-9]+[.、．])?\s*(\S{2,20}?组)\s*[，,]?\s*组长\s*[：:]\s*"
    r"(.+?)(?:\s*[，,；;]?\s*职责\s*[：:]\s*(.+))?$"
)
_POSTS = ("总指挥", "副总指挥", "指挥长", "副指挥长")


def level_id(name: str) -> str | None:
    for ch, rid in _ROMAN.items():
        if ch in name:
            return rid
    match = re.search(r"(?<![A-Za-z])(IV|V|I{1,3})(?![A-Za-z])", name)
    if match:
        return match.group(1)
    match = re.search(r"([一二三四五])级", name) or re.search(r"([1-5])\s*级", name)
    if match:
        raw = match.group(1)
        return _CN_ORDINAL.get(raw) or ["I", "II", "III", "IV", "V"][int(raw) - 1]
    return next((rid for word, rid in _SEVERITY if word in name), None)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


@dataclass
class _Link:
    part: str
    index: int
    name: str
    phone: str
    what: str  # the row's own name, for a made-up contact name


@dataclass
class Registers:
    """The structured parts being built, as plain dicts until ``finish``."""

    report: ImportReport
    parts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    command: dict[str, Any] | None = None
    office: dict[str, Any] | None = None
    groups: list[dict[str, Any]] = field(default_factory=list)
    _links: list[_Link] = field(default_factory=list)
    _commanders: list[tuple[int, str]] = field(default_factory=list)
    _contact_groups: list[tuple[int, str]] = field(default_factory=list)
    _issuers: list[tuple[int, str]] = field(default_factory=list)
    _actors: list[tuple[int, int, str]] = field(default_factory=list)
    _unit_contacts: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    _makeups: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    _text_levels: list[dict[str, Any]] = field(default_factory=list)
    _index: tuple[dict[str, list[int]], dict[str, list[int]]] = field(
        default_factory=lambda: ({}, {})
    )
    _indexed: int = 0

    def rows(self, part: str) -> list[dict[str, Any]]:
        return self.parts.setdefault(part, [])

    def has(self, part: str) -> bool:
        if part == "organization":
            return bool(self.command or self.office or self.groups)
        return bool(self.parts.get(part))

    def any(self) -> bool:
        return any(self.parts.values()) or self.has("organization")

    def _next_id(self, part: str) -> str:
        # Every id of a part is made here, in order, so the count is the next free number.
        existing = self.groups if part == "groups" else self.rows(part)
        return f"{ID_PREFIX[part]}{len(existing) + 1}"

    # --- one table ---------------------------------------------------------------

    def add(self, read: TableRead, where: str) -> int:
        """Add the rows of a recognised table; return how many were taken."""
        assert read.part is not None
        taken = 0
        if read.part == "procedures":
            title = read.caption.strip() or where
            self.rows("procedures").append(
                {"id": self._next_id("procedures"), "title": title, "steps": []}
            )
        for texts, group in zip(read.rows, read.groups, strict=True):
            values = {f: texts[c].strip() for f, c in read.columns.items() if c < len(texts)}
            extra = [
                (read.headers[c], texts[c].strip())
                for c in read.extra
                if c < len(texts) and texts[c].strip()
            ]
            if read.part == "risks" and extra:
                # A risk has no note: columns such as L|S|R or a second 后果 column are
                # kept in its consequence, each with its header.
                consequence = read.columns.get("consequence")
                head = read.headers[consequence] if consequence is not None else ""
                labelled = [(head, values.pop("consequence", ""))]
                values["consequence"] = "；".join(
                    f"{h}：{v}" for h, v in [*labelled, *extra] if v and h
                )
                extra = []
            if read.part == "organization":
                ok = self._add_org(values)
            elif read.part == "procedures":
                ok = self._add_step(values, extra)
            else:
                ok = self._add_row(read.part, values, extra, group)
            taken += ok
        if read.part == "procedures" and not self.rows("procedures")[-1]["steps"]:
            self.rows("procedures").pop()
        if read.extra and read.part not in ("contacts", "resources", "procedures", "risks"):
            names = "、".join(read.headers[c] for c in read.extra)
            label = PART_NAMES[read.part]
            self.report.warn(
                T(
                    f"{label.zh}表（{where}）中的列“{names}”没有对应的字段，未导入。",
                    f"Columns '{names}' of the {label.en} table ({where}) have no field and were not imported.",
                )
            )
        return taken

    def _add_row(
        self, part: str, values: dict[str, str], extra: list[tuple[str, str]], group: str
    ) -> bool:
        values = {k: v for k, v in values.items() if v}
        if not values:
            return False
        data: dict[str, Any] = {}
        notes = [f"{h}：{v}" for h, v in extra]
        phone = values.pop("_phone", "")
        contact_name = values.pop("_contact", "")
        if part == "risks" and not values.get("hazard") and values.get("accident_types"):
            values["hazard"] = values["accident_types"]
        for key, text in values.items():
            self._convert(part, key, text, data, notes)
        if part == "contacts":
            if "name" not in data and data.get("org"):
                data["name"] = data.pop("org")
            if "org_unit" in data:
                self._contact_groups.append((len(self.rows(part)), data.pop("org_unit")))
            elif group:
                self._contact_groups.append((len(self.rows(part)), group))
        if group:
            slot = {"resources": "category", "teams": "specialty", "experts": "field"}.get(part)
            if slot and not data.get(slot):
                data[slot] = group
        if part == "warnings":
            data["id"] = self._next_id(part)
            if "issuer" in data:
                self._issuers.append((len(self.rows(part)), data.pop("issuer")))
            if "color" not in data and (color := warning_color(data.get("name", ""))):
                data["color"] = color
        elif part == "levels":
            name = data.get("name", "")
            given = str(data.pop("_id", "")).strip()
            rid = given if re.fullmatch(r"[^\s/]{1,64}", given) else level_id(name)
            taken = {r["id"] for r in self.rows(part)}
            if rid is None or rid in taken:
                rid = f"L{len(self.rows(part)) + 1}"
            data["id"] = rid
            if "commander" in data:
                self._commanders.append((len(self.rows(part)), data.pop("commander")))
        else:
            data["id"] = self._next_id(part)
        if notes and "note" in MODELS[part].model_fields:
            data["note"] = "；".join(filter(None, [data.get("note", ""), *notes]))
        row = self._validated(part, data)
        if row is None:
            return False
        self.rows(part).append(row)
        if part == "teams":
            phone = data.get("phone", "")  # a team keeps its own number; a match links it
        if part in ("resources", "shelters", "teams") and (phone or contact_name):
            if contact_name:  # 联系人 cells often read 王建国（0000-0000000）
                cited = parse_contacts(contact_name)
                contact_name, own_phone = cited[0] if cited else ("", "")
                phone = phone or own_phone
            if contact_name or phone:
                person = contact_name or data.get("keeper", "") or data.get("leader", "")
                index = len(self.rows(part)) - 1
                self._links.append(_Link(part, index, person, phone, data.get("name", "")))
        return True

    def _convert(
        self, part: str, key: str, text: str, data: dict[str, Any], notes: list[str]
    ) -> None:
        if key in LIST_FIELDS:
            data[key] = split_items(text)
        elif key in NAME_LIST_FIELDS:
            data[key] = split_names(text)
        elif key in INT_FIELDS or key in FLOAT_FIELDS or key == "quantity":
            number, unit = parse_number(text)
            if number is None:
                notes.append(f"{_label(part, key)}：{text}")
                return
            if key in INT_FIELDS:
                data[key] = int(number)
            elif key == "quantity":
                data[key] = int(number) if number.is_integer() else number
                if unit and "unit" not in data:
                    data.setdefault("_unit", unit)
            else:
                data[key] = number
        elif key == "expires":
            date = parse_date(text)
            if date is None:
                notes.append(f"{_label(part, key)}：{text}")
            else:
                data[key] = date
        elif key == "color":
            value = warning_color(text)
            if value is not None:
                data[key] = value
        elif key == "level" and part == "risks":
            value = risk_level(text)
            if value is None:
                notes.append(f"{_label(part, key)}：{text}")
            else:
                data[key] = value
        else:
            data[key] = text.replace("\n", " ") if key not in ("name",) else text.replace("\n", "")
        unit = data.pop("_unit", None)
        if unit and not data.get("unit"):
            data["unit"] = unit

    def _validated(self, part: str, data: dict[str, Any]) -> dict[str, Any] | None:
        model = MODELS[part]
        for _ in range(len(data) + 1):
            try:
                model.model_validate(data)
                return data
            except ValidationError as exc:
                bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
                if not bad or "id" in bad:
                    return None
                for key in bad:
                    data.pop(key, None)
        return None

    def _add_step(self, values: dict[str, str], extra: list[tuple[str, str]]) -> bool:
        action = values.get("action", "").strip()
        if not action:
            return False
        procedure = self.rows("procedures")[-1]
        steps = procedure["steps"]
        if values.get("_stage"):
            action = f"{values['_stage']}：{action}"
        step: dict[str, Any] = {"id": f"{procedure['id']}.{len(steps) + 1}", "action": action}
        notes = [values["note"]] if values.get("note") else []
        notes += [f"{h}：{v}" for h, v in extra]
        if values.get("within_min"):
            minutes = parse_minutes(values["within_min"])
            if minutes is None:
                notes.append(f"时限：{values['within_min']}")
            else:
                step["within_min"] = minutes
        if values.get("actor"):
            self._actors.append(
                (len(self.rows("procedures")) - 1, len(steps), values["actor"].replace("\n", ""))
            )
        if notes:
            step["note"] = "；".join(notes)
        steps.append(step)
        return True

    @staticmethod
    def is_group_line(text: str) -> bool:
        """``（一）抢险救援组 组长：… 职责：…`` is a group's description, not a heading."""
        match = _TEXT_GROUP.match(text.strip())
        return match is not None and match.group(3) is not None

    def text_line(self, text: str) -> None:
        """Read a body line for a response level or a working group written as text.

        The line stays in the body too (nothing is taken out of the text). Text levels are
        used only when no table gave levels (see ``finish``).
        """
        line = text.strip()
        if match := _TEXT_LEVEL.match(line):
            name, trigger = match.group(1), match.group(2).strip()
            rid = level_id(name)
            if rid is not None and rid not in {r["id"] for r in self._text_levels}:
                level: dict[str, Any] = {"id": rid, "name": name}
                if trigger:
                    level["triggers"] = [trigger]
                self._text_levels.append(level)
            return
        if match := _TEXT_GROUP.match(line):
            values = {"name": match.group(1), "lead": match.group(2).strip()}
            if match.group(3):
                values["duties"] = match.group(3).strip()
            if match.group(1) not in {g.get("name") for g in self.groups}:
                self._add_org(values)
                self.report.add_from_text("organization")

    def _add_org(self, values: dict[str, str]) -> bool:
        name = values.get("name", "").replace("\n", "")
        if not name:
            return False
        if name in _POSTS:  # 总指挥/副总指挥 are posts of the command body, not groups
            command = self.command
            if command is None:
                command = self.command = {"id": "hq", "name": "应急指挥部"}
            who = values.get("lead") or values.get("members") or values.get("_makeup") or name
            who = who.replace("\n", " ").strip()
            if name in ("总指挥", "指挥长") and "lead" not in command:
                command["lead"] = who
            else:
                command.setdefault("deputies", []).append(who)
            if values.get("duties"):
                command.setdefault("duties", []).extend(split_items(values["duties"]))
            return True
        unit: dict[str, Any] = {"name": name}
        lead_lines = [ln.strip() for ln in values.get("lead", "").splitlines() if ln.strip()]
        deputies = values.get("deputies", "")
        for line in list(lead_lines):
            match = re.match(r"^副职\s*[:：]\s*(.+)$", line)  # 负责人 cell: lead, then 副职：a、b
            if match:
                lead_lines.remove(line)
                deputies = "\n".join(filter(None, [deputies, match.group(1)]))
        if lead_lines:
            unit["lead"] = " ".join(lead_lines)
        if deputies:
            unit["deputies"] = split_names(deputies)
        if values.get("members"):
            unit["members"] = split_names(values["members"])
        if values.get("_contacts"):
            self._unit_contacts.append((unit, values["_contacts"]))
        if values.get("_makeup"):  # 组成及联系方式: lead, 副职：…, 成员：…, then contacts
            self._makeups.append(
                (unit, [ln.strip() for ln in values["_makeup"].splitlines() if ln.strip()])
            )
        if values.get("duties"):
            unit["duties"] = split_items(values["duties"])
        if self.command is None and re.search(r"指挥部|领导小组|指挥中心|委员会|指挥机构", name):
            unit["id"] = "hq"
            self.command = unit
        elif self.office is None and "办公室" in name:
            unit["id"] = "office"
            self.office = unit
        else:
            unit["id"] = self._next_id("groups")
            self.groups.append(unit)
        return True

    # --- after every table ------------------------------------------------------

    def _units(self) -> list[dict[str, Any]]:
        return [u for u in (self.command, self.office) if u] + self.groups

    def _unit_id(self, name: str, *, exact: bool = False) -> str | None:
        key = re.sub(r"\s", "", name)
        units = self._units()
        for unit in units:
            if unit["name"] == key:
                return unit["id"]
        if exact:
            return None
        hits = [u for u in units if key and (key in u["name"] or u["name"] in key)]
        return hits[0]["id"] if len(hits) == 1 else None

    def finish(self) -> dict[str, Any]:
        """Resolve references and return the data for ``Plan.model_validate``."""
        if self._text_levels and not self.rows("levels"):
            self.rows("levels").extend(self._text_levels)
            self.report.add_rows("levels", len(self._text_levels))
            self.report.add_from_text("levels", len(self._text_levels))
        contacts = self.rows("contacts")
        for row in contacts:  # exports print a contact's working group as its organisation
            unit = self._unit_id(row.get("org", ""), exact=True)
            if unit is not None:
                row["org_unit"] = unit
                del row["org"]
        for unit, lines in self._makeups:
            self._read_makeup(unit, lines)
        for unit, cell in self._unit_contacts:
            ids = self.cited_contacts(cell)
            found = [i for i in ids if i is not None]
            if found:
                unit["contacts"] = found
            if len(found) < len(ids):
                self.report.warn(
                    T(
                        f"“{unit['name']}”的联系方式中有 {len(ids) - len(found)} 项在通讯录中找不到，未导入。",
                        f"{len(ids) - len(found)} contacts of '{unit['name']}' are not in the contacts table and were not imported.",
                    )
                )
        for index, name in self._contact_groups:
            unit = self._unit_id(name)
            row = contacts[index]
            if unit is not None:
                row["org_unit"] = unit
            elif not row.get("org"):
                row["org"] = name
            else:
                row["note"] = "；".join(filter(None, [row.get("note"), name]))
        levels = self.rows("levels")
        for index, name in self._commanders:
            unit = self._unit_id(name)
            if unit is not None:
                levels[index]["commander"] = unit
            else:
                levels[index].setdefault("actions", []).insert(0, f"指挥机构：{name}")
        warnings = self.rows("warnings")
        for index, name in self._issuers:
            unit = self._unit_id(name)
            if unit is not None:
                warnings[index]["issuer"] = unit
            else:
                warnings[index].setdefault("actions", []).insert(0, f"发布机构：{name}")
        procedures = self.rows("procedures")
        for p_index, s_index, name in self._actors:
            step = procedures[p_index]["steps"][s_index]
            unit = self._unit_id(name)
            if unit is not None:
                step["actor"] = unit
            else:
                step["note"] = "；".join(filter(None, [f"执行：{name}", step.get("note")]))
        created = 0
        for link in self._links:
            cid = self._find_contact(link)
            if cid is None and link.part == "teams":
                continue  # a team's leader and number are its own unless they are a contact
            if cid is None:
                cid = self._next_id("contacts")
                entry: dict[str, Any] = {"id": cid, "name": link.name or f"{link.what}负责人"}
                if link.phone:
                    entry["phone"] = link.phone
                entry["note"] = T("由表格导入", "from a table").zh
                contacts.append(entry)
                created += 1
            row = self.rows(link.part)[link.index]
            row["contact"] = cid
            name = next((c.get("name") for c in contacts if c["id"] == cid), None)
            if link.part == "resources" and row.get("keeper") == name:
                del row["keeper"]  # exports print the contact's name where no keeper is set
            if link.part == "teams":
                entry = next(c for c in contacts if c["id"] == cid)
                numbers = _numbers(entry.get("phone", "")) | _numbers(entry.get("mobile", ""))
                if row.get("leader") == name and _numbers(row.get("phone", "")) <= numbers:
                    row.pop("leader", None)  # the export printed the contact in their place
                    row.pop("phone", None)
                else:
                    del row["contact"]
        if created:
            self.report.note(
                T(
                    f"为物资和场所表中的 {created} 位联系人在通讯录中新建了条目。",
                    f"Added {created} contacts from the resource and shelter tables.",
                )
            )
        data: dict[str, Any] = {p: rows for p, rows in self.parts.items() if rows}
        org: dict[str, Any] = {}
        if self.command:
            org["command"] = self.command
        if self.office:
            org["office"] = self.office
        if self.groups:
            org["groups"] = self.groups
        if org:
            data["organization"] = org
        return data

    def _find_contact(self, link: _Link) -> str | None:
        return self.contact_for(link.name, link.phone)

    def _read_makeup(self, unit: dict[str, Any], lines: list[str]) -> None:
        """One cell holding a unit's lead, 副职：…, 成员：… and its contacts, in that order."""
        tagged = re.compile(r"^(副职|成员)\s*[:：]\s*(.*)$")
        start = 0
        if lines and not tagged.match(lines[0]):
            later_tags = any(tagged.match(ln) for ln in lines[1:])
            if later_tags or not self._contact_at(lines, 0):
                unit["lead"] = lines[0]
                start = 1
        rest: list[str] = []
        for line in lines[start:]:
            match = tagged.match(line)
            if match is None:
                rest.append(line)
            elif match.group(1) == "副职":
                unit["deputies"] = unit.get("deputies", []) + split_names(match.group(2))
            else:
                unit["members"] = unit.get("members", []) + split_names(match.group(2))
        if rest:
            self._unit_contacts.append((unit, "\n".join(rest)))

    def _contact_at(self, lines: list[str], i: int) -> bool:
        return any(
            c.get("name") == lines[i]
            and lines[i + 1 : i + 1 + len(_own_numbers(c))] == _own_numbers(c)
            for c in self.rows("contacts")
        )

    def cited_contacts(self, cell: str) -> list[str | None]:
        """The contacts a table cell cites, None for each one not in the contacts table.

        Exports write each as its name on one line and its numbers on the lines below;
        those are matched against the contacts read, whatever the numbers look like
        ("见附件2"). Anything else is read as labels: 值班室（0000-0000000）."""
        lines = [ln.strip() for ln in cell.splitlines() if ln.strip()]
        contacts = self.rows("contacts")
        out: list[str | None] = []
        i = 0
        while i < len(lines):
            taken = {c for c in out if c}
            named = [c for c in contacts if c.get("name") == lines[i] and c["id"] not in taken]
            exact = next(
                (
                    c
                    for c in named
                    if lines[i + 1 : i + 1 + len(_own_numbers(c))] == _own_numbers(c)
                ),
                None,
            )
            if exact is not None:
                out.append(exact["id"])
                i += 1 + len(_own_numbers(exact))
                continue
            j = i + 1
            while j < len(lines) and is_phone(lines[j]):  # numbers below a name
                j += 1
            for name, phone in parse_contacts(lines[i]):
                phone = "\n".join(filter(None, [phone, *lines[i + 1 : j]]))
                out.append(self.contact_for(name, phone, {c for c in out if c}))
            i = j
        return out

    def _contact_index(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """number -> contacts and name -> contacts, in table order; contacts are only ever
        appended (and their numbers never change), so the index grows with them."""
        contacts = self.rows("contacts")
        numbers, names = self._index
        for k in range(self._indexed, len(contacts)):
            c = contacts[k]
            for number in _numbers(c.get("phone", "")) | _numbers(c.get("mobile", "")):
                numbers.setdefault(number, []).append(k)
            if c.get("name"):
                names.setdefault(c["name"], []).append(k)
        self._indexed = len(contacts)
        return numbers, names

    def contact_for(
        self, name: str, phone: str = "", exclude: set[str] | None = None
    ) -> str | None:
        """The contact cited by this name and these numbers: both agreeing first, then a
        real number, then the name, then a placeholder number (【待填写】)."""
        by_number_ix, by_name_ix = self._contact_index()
        every = self.rows("contacts")
        wanted = _numbers(phone)

        def pick(indexes: set[int]) -> list[dict[str, Any]]:
            found = (every[k] for k in sorted(indexes))
            return [c for c in found if not exclude or c["id"] not in exclude]

        by_number = pick({k for w in wanted for k in by_number_ix.get(w, ())})
        by_name = pick(set(by_name_ix.get(name, ()))) if name else []
        both = [c for c in by_name if c in by_number]
        real = any(w.isdigit() for w in wanted)
        for group in (both, by_number if real else [], by_name, by_number):
            if group:
                return group[0]["id"]
        return None


_LABEL = re.compile(r"^(?P<name>.*?)[(（](?P<phone>[^()（）]*)[)）]$")


def split_label(text: str) -> tuple[str, str]:
    """'值班室（0000-0000000）' → ('值班室', '0000-0000000'): how exports cite a contact."""
    match = _LABEL.match(text.strip())
    if match and (re.search(r"\d", match.group("phone")) or "待填写" in match.group("phone")):
        return match.group("name").strip(), match.group("phone").strip()
    return text.strip(), ""


def is_phone(text: str) -> bool:
    t = text.strip()
    if re.fullmatch(r"[\d\s\-+()（）转#*、,]{3,}", t) and re.search(r"\d{3}", t):
        return True
    return t.startswith("【") and (
        t == "【待填写】" or any(w in t for w in ("电话", "手机", "号码"))
    )


def parse_contacts(text: str, *, cited_list: bool = False) -> list[tuple[str, str]]:
    """A cell citing contacts → [(name, numbers)]. Reads both '值班室（0000-0000000）；…' and
    a name on one line followed by its numbers on lines of their own.

    ``cited_list``: labels joined by 、 in running text; a name may hold 、 itself
    (市委、市政府总值班室), so a label with numbers ends only at its closing bracket."""
    out: list[tuple[str, str]] = []
    if cited_list and re.search(r"[)）]\s*、", text + "、"):
        tokens = [t for t in re.split(r"(?<=[)）])\s*、", text) if t.strip()]
    else:
        tokens = split_labels(text)
    for token in tokens:
        name, phone = split_label(token)
        if is_phone(name) and out:
            last_name, last_phone = out[-1]
            out[-1] = (last_name, "\n".join(filter(None, [last_phone, name])))
        elif name:
            out.append((name, phone))
    return out


def split_labels(text: str) -> list[str]:
    """Labels joined by 、 or ；, where a label's own numbers may be joined by 、 too."""
    out: list[str] = []
    depth, current = 0, ""
    for ch in text.replace("\n", "\0"):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if ch == "\0" or (depth == 0 and ch in "、；;，,"):
            if current.strip():
                out.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        out.append(current.strip())
    return out


def _own_numbers(contact: dict[str, Any]) -> list[str]:
    """A contact's numbers as an export prints them under its name, one a line."""
    return list(dict.fromkeys(n for n in (contact.get("phone"), contact.get("mobile")) if n))


def _numbers(text: str) -> set[str]:
    """The phone numbers in a cell: digits only, or the text itself for a placeholder."""
    out: set[str] = set()
    for piece in re.split(r"[\n、,，;；/]+", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        digits = _digits(piece)
        out.add(digits if len(digits) >= 3 else piece)
    return out


def _label(part: str, key: str) -> str:
    model = MODELS.get(part)
    info = model.model_fields.get(key) if model is not None else None
    return (info.title if info is not None and info.title else key) or key
