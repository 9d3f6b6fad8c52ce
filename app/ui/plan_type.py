"""Plans as a document type of the window shell."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.checks import check_plan
from app.checks.completeness import normalize
from app.i18n import T
from app.model.kinds import Element, PlanKind, rules_for
from app.model.plan import PLAN_SCHEMA, Meta, Plan, Section, walk_sections
from app.model.problems import Problem
from app.storage.plans import PLAN_SUFFIX, dumps_plan, save_plan
from app.storage.yamlio import LineMap
from app.ui.document import Document, DocumentType, register_document_type
from app.ui.editor_base import DocumentEditor


def _skeleton(elements: tuple[Element, ...], prefix: str) -> list[Section]:
    """Headings for a kind's elements, nested by their clause numbers (6.1 ⊃ 6.1.1)."""
    if not elements:
        return []
    base = min(e.id.count(".") for e in elements)
    out: list[Section] = []
    stack: list[tuple[int, Section]] = []
    for n, element in enumerate(elements, start=1):
        depth = element.id.count(".") - base + 1
        section = Section(id=f"{prefix}{n}", title=element.title, element=element.id)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else out).append(section)
        stack.append((depth, section))
    return out


def new_plan(kind: PlanKind = PlanKind.ENTERPRISE_COMPREHENSIVE) -> Plan:
    """A blank plan of ``kind``: headings of the elements it is expected to have, no text.

    The recommended (standard) outline first; binding elements it does not cover are
    added at the end, so a blank plan lacks content but no heading.
    """
    rules = rules_for(kind)
    sections = _skeleton(rules.standard or rules.required, "s")
    titles = {normalize(s.title) for _, s, _ in walk_sections(sections)}
    extra = [
        e
        for e in rules.required
        if not any(normalize(name) in titles for name in e.names)
        and not any(p in ("organization", "contacts", "resources") for p in e.parts)
        and not e.id.startswith("A16")  # attachments (Art. 16) go to the appendices
    ]
    for n, element in enumerate(extra, start=len(walk_sections(sections)) + 1):
        sections.append(Section(id=f"s{n}", title=element.title, element=element.id))
    appendix_elements = rules.appendices or tuple(
        e for e in rules.required if e.id.startswith("A16")
    )
    return Plan(
        meta=Meta(kind=kind),
        sections=sections,
        appendices=_skeleton(appendix_elements, "a"),
    )


def _check(plan: Plan, lines: LineMap | None, filename: str | None) -> list[Problem]:
    problems = check_plan(plan, lines=lines, filename=filename)
    if filename is not None:  # overdue findings of the drills next to the plan
        from app.findings import finding_problems, linked_findings

        problems += finding_problems(
            plan, linked_findings(Path(filename)), lines=lines, filename=filename
        )
    return problems


def _save(plan: Plan, path: Path, *, expect: str | None = None) -> str:
    return save_plan(plan, path, expect=expect)


def _editor(doc: Document, parent: QWidget | None) -> DocumentEditor:
    from app.ui.plan_editor import PlanEditor

    return PlanEditor(doc, parent)


PLAN_TYPE = DocumentType(
    schema_id=PLAN_SCHEMA,
    model=Plan,
    suffix=PLAN_SUFFIX,
    label=T("预案", "plan"),
    save=_save,
    dumps=dumps_plan,
    check=_check,
    new=new_plan,
    title_of=lambda plan: plan.meta.title,
    kind_of=lambda plan: T(plan.meta.kind.zh, plan.meta.kind.en),
    editor=_editor,
)

register_document_type(PLAN_TYPE)
