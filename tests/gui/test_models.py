"""Every item model passes Qt's model tester, also while the document changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.model.plan import Contact, Section
from app.storage.plans import load_plan
from app.ui.document import Document
from app.ui.editors.registers import REGISTERS, register_editor
from app.ui.fields import specs_for
from app.ui.models.outline import OutlineModel
from app.ui.models.problems import ProblemsModel
from app.ui.models.tables import ListSource, OrgSource, RecordTableModel
from app.ui.plan_type import PLAN_TYPE


@pytest.fixture
def doc(editor_plan_path: Path, qapp: Any) -> Document:
    return Document.from_loaded(PLAN_TYPE, load_plan(editor_plan_path))


def _churn(doc: Document) -> None:
    """Edits of every kind while the tester watches."""
    doc.insert_item(("contacts",), 1, Contact(id="c-new", name="新联系人"))
    doc.set_value(("contacts", 0, "phone"), "110")
    doc.move_item(("contacts",), 0, ("contacts",), 3)
    doc.remove_item(("organization", "groups"), 0)
    doc.insert_item(("sections",), 0, Section(id="s-new", title="新章节"))
    doc.move_item(("sections",), 0, ("sections", 1, "children"), 0)
    doc.set_value(("sections", 0, "title"), "总则（新）")
    doc.set_value(("meta", "numbering"), "decimal")  # away from the 公文 default
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()


def test_outline_model(qtmodeltester: Any, doc: Document) -> None:
    model = OutlineModel(doc)
    qtmodeltester.check(model)
    _churn(doc)
    qtmodeltester.check(model)


@pytest.mark.parametrize("part", sorted(REGISTERS))
def test_register_models(qtmodeltester: Any, doc: Document, part: str) -> None:
    model = register_editor(doc, part).model
    qtmodeltester.check(model)
    _churn(doc)
    qtmodeltester.check(model)


def test_organization_model(qtmodeltester: Any, doc: Document) -> None:
    from app.model.plan import OrgUnit

    model = RecordTableModel(doc, OrgSource(), specs_for(OrgUnit))
    qtmodeltester.check(model)
    _churn(doc)
    doc.set_value(("organization", "command"), None)
    qtmodeltester.check(model)
    assert model.rowCount() == len(doc.model.organization.groups)


def test_steps_and_history_models(qtmodeltester: Any, doc: Document) -> None:
    from app.model.plan import Revision, Step

    steps = RecordTableModel(
        doc, ListSource(("procedures", 0, "steps"), Step, "st"), specs_for(Step)
    )
    history = RecordTableModel(
        doc, ListSource(("meta", "revision_history"), Revision), specs_for(Revision)
    )
    qtmodeltester.check(steps)
    qtmodeltester.check(history)
    _churn(doc)
    doc.remove_item(("procedures",), 0)
    assert steps.rowCount() == 0
    qtmodeltester.check(steps)


def test_problems_model(qtmodeltester: Any, doc: Document, qtbot: Any) -> None:
    model = ProblemsModel(doc)
    doc.set_value(("procedures", 0, "steps", 0, "actor"), "nobody")
    doc.check_now()
    qtbot.waitUntil(lambda: not doc.is_checking(), timeout=5000)
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_headers_come_from_the_schema(doc: Document) -> None:
    from PySide6.QtCore import Qt

    from app.i18n import set_language

    model = register_editor(doc, "contacts").model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["编号", "姓名/单位", "应急职务"]
    set_language("en")
    try:
        assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"
    finally:
        set_language("zh")
