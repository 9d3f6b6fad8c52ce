"""New from template: the wizard lists the templates, asks for the values, renders."""

from __future__ import annotations

from typing import Any

import pytest

from app.storage.templates import list_templates, render_template
from app.ui.template_wizard import TemplateWizard


@pytest.fixture
def wizard(qtbot: Any) -> TemplateWizard:
    wizard = TemplateWizard(list_templates())
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _choose(wizard: TemplateWizard, template_id: str) -> None:
    items = [wizard.choose.list.item(i) for i in range(wizard.choose.list.count())]
    row = next(i for i, item in enumerate(items) if item.data(256).id == template_id)
    wizard.choose.list.setCurrentRow(row)
    wizard.next()
    assert wizard.currentPage() is wizard.values_page


def test_lists_every_template_with_its_kind(wizard: TemplateWizard) -> None:
    texts = [wizard.choose.list.item(i).text() for i in range(wizard.choose.list.count())]
    assert len(texts) == len(list_templates()) >= 8
    assert any("有限空间" in t and "现场处置方案" in t for t in texts)
    assert wizard.choose.description.text()


def test_values_render_a_plan(wizard: TemplateWizard) -> None:
    _choose(wizard, "confined-space-onsite")
    fields = wizard.values_page.fields
    assert "unit.name" in fields and "workshop" in fields
    fields["unit.name"].setText("甲化工有限公司")
    fields["drafted"].setText("2026-05-06")
    assert wizard.values_page.validatePage()
    plan = wizard.plan
    assert plan is not None
    assert plan.meta.unit.name == "甲化工有限公司"
    expected = render_template(
        "confined-space-onsite", {"unit.name": "甲化工有限公司", "drafted": "2026-05-06"}
    )
    assert plan == expected


def test_bad_values_keep_the_wizard_open_with_the_reason(wizard: TemplateWizard) -> None:
    _choose(wizard, "confined-space-onsite")
    wizard.values_page.fields["drafted"].setText("明年")
    assert not wizard.values_page.validatePage()
    assert "日期" in wizard.values_page.error.text()
    assert wizard.plan is None


def test_examples_fill_the_empty_fields(wizard: TemplateWizard) -> None:
    _choose(wizard, "hazchem-comprehensive")
    wizard.values_page.fields["unit.name"].setText("乙公司")
    wizard.values_page.fill_examples()
    assert wizard.values_page.fields["unit.name"].text() == "乙公司"
    assert wizard.values_page.fields["region"].text() == "东江区"


def test_window_new_from_template(window: Any, fake_dialogs: Any, qtbot: Any) -> None:
    plan = render_template("township", {"town": "青石镇"})
    fake_dialogs.answer("new_from_template", plan)
    window.template_action.trigger()
    assert window.doc is not None and window.doc.model == plan
    assert window.doc.path is None
    assert window.isWindowModified()  # what was typed into the wizard is not saved yet
    fake_dialogs.answer("new_from_template", None)  # cancelled: nothing changes
    fake_dialogs.answer("ask_unsaved_changes", "discard")
    assert not window.new_from_template()
    assert window.doc.model == plan


def test_dates_as_users_write_them_and_messages_by_label(wizard: TemplateWizard) -> None:
    _choose(wizard, "confined-space-onsite")
    fields = wizard.values_page.fields
    fields["unit.name"].setText("甲化工有限公司")
    fields["drafted"].setText("2026年3月15日")
    assert wizard.values_page.validatePage()
    assert wizard.plan is not None
    fields["drafted"].setText("2026年2月30日")
    assert not wizard.values_page.validatePage()
    shown = wizard.values_page.error.text()
    assert "2026年2月30日" in shown
    assert "drafted" not in shown  # the form's label, never the variable's name
