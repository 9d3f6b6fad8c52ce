"""A plan checked against itself: unique ids, references that resolve, leftovers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from app.i18n import T
from app.model.plan import PARTS, Plan, walk_sections
from app.model.problems import Path, Problem, Severity

# Registers whose rows carry ids, with how users call them.
REGISTERS: dict[str, T] = {
    "contacts": T("通讯录", "contacts"),
    "levels": T("响应分级", "response levels"),
    "warnings": T("预警分级", "warning levels"),
    "risks": T("风险清单", "risks"),
    "resources": T("物资装备", "resources"),
    "teams": T("应急队伍", "teams"),
    "experts": T("专家", "experts"),
    "shelters": T("避难场所", "shelters"),
    "procedures": T("处置程序", "procedures"),
}

PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|【[^】]*待[^】]*】|XXX|ＸＸＸ|×××|（待填）|\(待填\)|TBD"
)


def org_units(plan: Plan) -> Iterator[tuple[Path, str]]:
    org = plan.organization
    if org.command is not None:
        yield ("organization", "command"), org.command.id
    if org.office is not None:
        yield ("organization", "office"), org.office.id
    for i, group in enumerate(org.groups):
        yield ("organization", "groups", i), group.id


def _duplicates(items: Iterable[tuple[Path, str]], what: T) -> list[Problem]:
    seen: dict[str, Path] = {}
    out: list[Problem] = []
    for path, ident in items:
        if ident in seen:
            out.append(
                Problem(
                    Severity.ERROR,
                    "ids.duplicate",
                    T(f"{what.zh}中编号“{ident}”重复", f"duplicate id '{ident}' in {what.en}"),
                    (*path, "id"),
                    hint=T(
                        "编号用于相互引用，必须唯一",
                        "Ids are used for references and must be unique",
                    ),
                )
            )
        else:
            seen[ident] = path
    return out


def check_ids(plan: Plan) -> list[Problem]:
    out: list[Problem] = []
    sections = [(p, s.id) for p, s, _ in walk_sections(plan.sections)]
    sections += [(p, s.id) for p, s, _ in walk_sections(plan.appendices, ("appendices",))]
    out += _duplicates(sections, T("章节和附件", "sections and appendices"))
    out += _duplicates(org_units(plan), T("组织机构", "organisation"))
    for name, what in REGISTERS.items():
        out += _duplicates((((name, i), row.id) for i, row in enumerate(getattr(plan, name))), what)
    steps = [
        (("procedures", i, "steps", j), step.id)
        for i, proc in enumerate(plan.procedures)
        for j, step in enumerate(proc.steps)
    ]
    out += _duplicates(steps, T("处置步骤", "procedure steps"))
    return out


def _missing_ref(path: Path, value: str, what: T, target: T) -> Problem:
    return Problem(
        Severity.ERROR,
        "ref.missing",
        T(
            f"{what.zh}引用的{target.zh}“{value}”不存在",
            f"{what.en} names {target.en} '{value}', which does not exist",
        ),
        path,
        hint=T(
            f"请从已有的{target.zh}中选择，或先添加它",
            f"Pick an existing one or add it to {target.en} first",
        ),
    )


_ORG = T("工作组/指挥机构", "working group or command body")
_CONTACT = T("联系人", "contact")
_LEVEL = T("响应级别", "response level")


def check_references(plan: Plan) -> list[Problem]:
    out: list[Problem] = []
    org_ids = {ident for _, ident in org_units(plan)}
    contact_ids = {c.id for c in plan.contacts}
    level_ids = {lv.id for lv in plan.levels}

    def org(path: Path, value: str | None, what: T) -> None:
        if value is not None and value not in org_ids:
            out.append(_missing_ref(path, value, what, _ORG))

    def contact(path: Path, value: str | None, what: T) -> None:
        if value is not None and value not in contact_ids:
            out.append(_missing_ref(path, value, what, _CONTACT))

    for i, proc in enumerate(plan.procedures):
        base: Path = ("procedures", i)
        label = T(f"处置程序“{proc.title or proc.id}”", f"procedure '{proc.title or proc.id}'")
        if proc.level is not None and proc.level not in level_ids:
            out.append(_missing_ref((*base, "level"), proc.level, label, _LEVEL))
        for j, step in enumerate(proc.steps):
            spath: Path = (*base, "steps", j)
            slabel = T(f"{label.zh}第 {j + 1} 步", f"step {j + 1} of {label.en}")
            if step.actor is None:
                out.append(
                    Problem(
                        Severity.WARNING,
                        "ref.no_actor",
                        T(f"{slabel.zh}未指定执行机构", f"{slabel.en} has no actor"),
                        (*spath, "actor"),
                    )
                )
            org((*spath, "actor"), step.actor, slabel)
            for k, cid in enumerate(step.contacts):
                contact((*spath, "contacts", k), cid, slabel)
    for i, level in enumerate(plan.levels):
        org(
            ("levels", i, "commander"),
            level.commander,
            T(f"响应级别“{level.name or level.id}”", f"level '{level.id}'"),
        )
    for i, warning in enumerate(plan.warnings):
        org(
            ("warnings", i, "issuer"),
            warning.issuer,
            T(f"预警“{warning.name or warning.id}”", f"warning '{warning.id}'"),
        )
    for path, unit_id in org_units(plan):
        unit = _unit_at(plan, path)
        for k, cid in enumerate(unit.contacts):
            contact(
                (*path, "contacts", k),
                cid,
                T(f"“{unit.name or unit_id}”", f"'{unit.name or unit_id}'"),
            )
    for i, c in enumerate(plan.contacts):
        org(
            ("contacts", i, "org_unit"),
            c.org_unit,
            T(f"联系人“{c.name or c.id}”", f"contact '{c.name or c.id}'"),
        )
    for name in ("resources", "teams", "shelters"):
        for i, row in enumerate(getattr(plan, name)):
            what = T(
                f"{REGISTERS[name].zh}“{row.name or row.id}”",
                f"{REGISTERS[name].en} '{row.name or row.id}'",
            )
            contact((name, i, "contact"), row.contact, what)
    return out


def _unit_at(plan: Plan, path: Path):
    org = plan.organization
    if path[1] == "command":
        return org.command
    if path[1] == "office":
        return org.office
    return org.groups[path[2]]  # type: ignore[index]


def check_placement(plan: Plan) -> list[Problem]:
    """A structured part placed in two sections would print twice."""
    out: list[Problem] = []
    placed: dict[str, Path] = {}
    nodes = walk_sections(plan.sections) + walk_sections(plan.appendices, ("appendices",))
    for path, section, _ in nodes:
        for k, part in enumerate(section.insert):
            if part in placed:
                out.append(
                    Problem(
                        Severity.WARNING,
                        "layout.part_twice",
                        T(
                            f"表格“{_part_label(part).zh}”被放在了多个章节中，导出时会重复",
                            f"table '{part}' is placed in several sections and would print twice",
                        ),
                        (*path, "insert", k),
                    )
                )
            else:
                placed[part] = path
    return out


def _part_label(part: str) -> T:
    from app.model.validation import field_info

    label, _ = field_info(Plan, (part,))
    return label or T(part, part)


def _texts(plan: Plan) -> Iterator[tuple[Path, str]]:
    yield ("meta", "title"), plan.meta.title
    yield ("meta", "unit", "name"), plan.meta.unit.name
    for path, section, _ in walk_sections(plan.sections) + walk_sections(
        plan.appendices, ("appendices",)
    ):
        yield (*path, "title"), section.title
        yield (*path, "body"), section.body
    for name in ("contacts", "resources", "teams", "experts", "shelters"):
        for i, row in enumerate(getattr(plan, name)):
            for key, value in row:
                if isinstance(value, str):
                    yield (name, i, key), value


def check_placeholders(plan: Plan) -> list[Problem]:
    return placeholder_problems(_texts(plan))


def placeholder_problems(texts: Iterable[tuple[Path, str]]) -> list[Problem]:
    """One warning per text that still holds a placeholder, where it sits (plans, drills)."""
    out: list[Problem] = []
    for path, text in texts:
        match = PLACEHOLDER.search(text or "")
        if match:
            out.append(
                Problem(
                    Severity.WARNING,
                    "content.placeholder",
                    T(
                        f"含有未填写的占位内容“{match.group(0)[:20]}”",
                        f"unfilled placeholder '{match.group(0)[:20]}'",
                    ),
                    path,
                    hint=T("请填写实际内容", "Fill in the real content"),
                )
            )
    return out


__all__ = [
    "PARTS",
    "check_ids",
    "check_placeholders",
    "check_placement",
    "check_references",
    "placeholder_problems",
]
