"""References by identity: who uses an entry, and a rename that carries through."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checks.integrity import check_references
from app.model import refs
from app.model.plan import Contact, Plan
from app.storage.plans import load_plan

PLAN = Path(__file__).parents[1] / "gui" / "data" / "editor-test.plan.yaml"


@pytest.fixture
def plan() -> Plan:
    plan = load_plan(PLAN).model
    plan.contacts[0].org_unit = "g-rescue"
    plan.organization.groups[0].contacts = ["c-duty", "c-119"]
    plan.procedures[0].steps[1].contacts = ["c-119"]
    return plan


def test_every_reference_is_found(plan: Plan) -> None:
    uses = {(u.path, u.register, u.ident) for u in refs.references(plan)}
    assert (("procedures", 0, "steps", 1, "actor"), "organization", "g-rescue") in uses
    assert (("procedures", 0, "level"), "levels", "II") in uses
    assert (("levels", 0, "commander"), "organization", "hq") in uses
    assert (("contacts", 0, "org_unit"), "organization", "g-rescue") in uses
    assert (("organization", "groups", 0, "contacts", 1), "contacts", "c-119") in uses


def test_users_of_leaves_out_rows_deleted_with_it(plan: Plan) -> None:
    users = refs.users_of(plan, "organization", "g-rescue")
    assert [u.path for u in users] == [  # in the file's order
        ("contacts", 0, "org_unit"),
        ("procedures", 0, "steps", 1, "actor"),
    ]
    outside = (("contacts", 0),)
    assert len(refs.users_of(plan, "organization", "g-rescue", outside=outside)) == 1
    assert refs.users_of(plan, "organization", "g-nobody") == []


def test_rename_edits_carry_through_scalars_and_lists(plan: Plan) -> None:
    edits = dict(refs.rename_edits(plan, "contacts", "c-119", "c-fire"))
    assert edits == {
        ("organization", "groups", 0, "contacts"): ["c-duty", "c-fire"],
        ("procedures", 0, "steps", 1, "contacts"): ["c-fire"],
    }
    for path, value in refs.rename_edits(plan, "organization", "g-rescue", "g-tank"):
        node = plan
        for part in path[:-1]:
            node = node[part] if isinstance(part, int) else getattr(node, part)
        setattr(node, str(path[-1]), value)
    plan.organization.groups[0].id = "g-tank"
    for path, value in edits.items():
        node = plan
        for part in path[:-1]:
            node = node[part] if isinstance(part, int) else getattr(node, part)
        setattr(node, str(path[-1]), value)
    plan.contacts[1].id = "c-fire"
    assert plan.procedures[0].steps[1].actor == "g-tank"
    assert plan.contacts[0].org_unit == "g-tank"
    assert not [p for p in check_references(plan) if p.code.startswith("ref.")]


def test_id_taken_spans_the_whole_register(plan: Plan) -> None:
    assert refs.id_taken(plan, "organization", "hq")  # the command body shares the ids
    assert not refs.id_taken(
        plan, "organization", "g-rescue", besides=("organization", "groups", 0)
    )
    plan.contacts.append(Contact(id="c-x"))
    assert refs.id_taken(plan, "contacts", "c-x")
