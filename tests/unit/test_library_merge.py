"""The three-way merge of plans in the plan's terms: edits to different elements never
conflict, the same field edited twice is one conflict described in the plan's words, and
the merged file must validate."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.library.merge import (
    MINE,
    THEIRS,
    WHOLE_FILE,
    merge_data,
    merge_file,
    merge_order,
    plain,
)
from app.model.plan import Plan
from app.storage.plans import dumps_plan, loads_plan
from tests.git_helpers import SAMPLE


@pytest.fixture
def base() -> dict[str, Any]:
    return plain(loads_plan(SAMPLE.read_text(encoding="utf-8")).model)


def _contact(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(c for c in data["contacts"] if c["id"] == ident)


def _section(items: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    for item in items:
        if item["id"] == ident:
            return item
        found = _section(item.get("children", []), ident) if item.get("children") else None
        if found:
            return found
    return {}


def _valid(data: dict[str, Any]) -> Plan:
    return Plan.model_validate(data)


def test_edits_to_different_contacts_and_sections_merge_without_conflict(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _contact(mine, "c-commander")["mobile"] = "13900000001"
    _contact(theirs, "c-duty")["phone"] = "0571-88880000"
    _section(mine["sections"], "risk")["title"] = "事故风险描述（修订）"
    _section(theirs["sections"], "general")["body"] = "新的总则正文。"
    result = merge_data(base, mine, theirs)
    assert result.conflicts == []
    merged = _valid(result.data)
    assert _contact(result.data, "c-commander")["mobile"] == "13900000001"
    assert _contact(result.data, "c-duty")["phone"] == "0571-88880000"
    assert merged.sections[1].title == "事故风险描述（修订）"
    assert merged.sections[0].body == "新的总则正文。"
    assert [s.id for s in merged.sections] == [s["id"] for s in base["sections"]]


def test_the_same_field_edited_twice_is_one_conflict_in_the_plans_words(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _contact(mine, "c-commander")["mobile"] = "13900000001"
    _contact(theirs, "c-commander")["mobile"] = "13900000002"
    _contact(theirs, "c-duty")["phone"] = "0571-88880000"  # merges alongside
    result = merge_data(base, mine, theirs)
    [conflict] = result.conflicts
    assert conflict.key == "contacts[c-commander].mobile"
    assert conflict.where.zh == "通讯录 › 王建国 › 手机"
    assert conflict.where.en == "Contacts › 王建国 › Mobile"
    assert (conflict.base, conflict.mine, conflict.theirs) == (
        "【待填写】",
        "13900000001",
        "13900000002",
    )
    assert conflict.kind == "changed" and conflict.choice is None
    # undecided: mine is kept; the rest of theirs is in
    assert _contact(result.data, "c-commander")["mobile"] == "13900000001"
    assert _contact(result.data, "c-duty")["phone"] == "0571-88880000"
    chosen = merge_data(base, mine, theirs, choices={conflict.key: THEIRS})
    assert chosen.unresolved == [] and chosen.conflicts[0].choice == THEIRS
    assert _contact(chosen.data, "c-commander")["mobile"] == "13900000002"


def test_elements_added_on_both_sides_keep_their_places(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["contacts"].insert(1, {"id": "c-new-1", "name": "赵六", "mobile": "13600000000"})
    theirs["contacts"].append({"id": "c-new-2", "name": "钱七"})
    del theirs["resources"][0]  # deleted there, untouched here: deleted
    result = merge_data(base, mine, theirs)
    assert result.conflicts == []
    ids = [c["id"] for c in result.data["contacts"]]
    assert ids[:3] == ["c-duty", "c-new-1", "c-commander"] and ids[-1] == "c-new-2"
    assert [r["id"] for r in result.data["resources"]] == [r["id"] for r in base["resources"][1:]]
    _valid(result.data)


def test_a_deleted_element_edited_on_the_other_side_is_a_conflict(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["resources"] = [r for r in mine["resources"] if r["id"] != "m-scba"]
    next(r for r in theirs["resources"] if r["id"] == "m-scba")["quantity"] = 12
    result = merge_data(base, mine, theirs)
    [conflict] = result.conflicts
    assert conflict.kind == "deleted_mine"
    assert conflict.where.zh == "应急物资装备 › 正压式空气呼吸器"
    assert "数量：12" in conflict.theirs and conflict.mine == ""
    assert all(r["id"] != "m-scba" for r in result.data["resources"])  # mine: deleted
    kept = merge_data(base, mine, theirs, choices={conflict.key: THEIRS})
    assert any(r["id"] == "m-scba" and r["quantity"] == 12 for r in kept.data["resources"])


def test_steps_are_matched_by_id_inside_their_procedure(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["procedures"][0]["steps"][0]["within_min"] = 3
    theirs["procedures"][0]["steps"][1]["action"] = "改写后的处置措施"
    theirs["procedures"][0]["steps"].insert(0, {"id": "st-new", "action": "新增的第一步"})
    result = merge_data(base, mine, theirs)
    assert result.conflicts == []
    steps = result.data["procedures"][0]["steps"]
    assert steps[0]["id"] == "st-new" and steps[1]["within_min"] == 3
    assert steps[2]["action"] == "改写后的处置措施"


def test_a_section_moved_here_and_edited_there_is_both(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    moved = mine["sections"].pop(1)  # 事故风险描述 goes under 总则
    mine["sections"][0].setdefault("children", []).append(moved)
    _section(theirs["sections"], "risk")["body"] = "对方改写的风险描述。"
    result = merge_data(base, mine, theirs)
    assert result.conflicts == []
    general = result.data["sections"][0]
    assert general["children"][-1]["id"] == "risk"
    assert general["children"][-1]["body"] == "对方改写的风险描述。"
    assert all(s["id"] != "risk" for s in result.data["sections"])
    _valid(result.data)


def test_a_section_moved_two_ways_is_a_place_conflict(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["sections"][0].setdefault("children", []).append(mine["sections"].pop(1))
    theirs["sections"][2].setdefault("children", []).append(theirs["sections"].pop(1))
    result = merge_data(base, mine, theirs)
    [conflict] = result.conflicts
    assert conflict.kind == "changed" and conflict.where.zh == "章节 › 事故风险描述 › 所在位置"
    assert conflict.mine == "“总则”之下" and conflict.theirs == "“应急组织机构及职责”之下"
    _valid(result.data)


def test_lists_of_values_and_texts_merge_by_item_and_line(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    group_m = mine["organization"]["groups"][1]
    group_t = theirs["organization"]["groups"][1]
    group_m["duties"] = [*group_m["duties"], "本机新增的职责"]
    group_t["duties"] = ["对方改写的第一项职责", *group_t["duties"][1:]]
    body = "第一段。\n第二段。\n第三段。\n"
    for side in (base, mine, theirs):
        _section(side["sections"], "general")["body"] = body
    _section(mine["sections"], "general")["body"] = "第一段（改）。\n第二段。\n第三段。\n"
    _section(theirs["sections"], "general")["body"] = "第一段。\n第二段。\n第三段（改）。\n"
    result = merge_data(base, mine, theirs)
    assert result.conflicts == []
    duties = result.data["organization"]["groups"][1]["duties"]
    assert duties[0] == "对方改写的第一项职责" and duties[-1] == "本机新增的职责"
    assert (
        _section(result.data["sections"], "general")["body"]
        == "第一段（改）。\n第二段。\n第三段（改）。\n"
    )
    # the same line changed two ways is a conflict of the whole field
    _section(theirs["sections"], "general")["body"] = "第一段（对方）。\n第二段。\n第三段。\n"
    [conflict] = merge_data(base, mine, theirs).conflicts
    assert conflict.where.zh == "章节 › 总则 › 正文"


def test_merge_order_places_additions_after_their_neighbour() -> None:
    assert merge_order(list("abc"), list("abxc"), list("abcy"), set("abcxy")) == list("abxcy")
    # theirs reordered, mine added x after c: theirs' order, x still right after c
    assert merge_order(list("abc"), list("abcx"), list("cab"), set("abcx")) == list("cxab")
    assert merge_order(list("abc"), list("ac"), list("abc"), set("ac")) == list("ac")


def _text(data: dict[str, Any]) -> bytes:
    return dumps_plan(Plan.model_validate(data)).encode("utf-8")


def test_merge_file_writes_a_valid_plan_and_refuses_new_errors(base: dict) -> None:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _contact(mine, "c-commander")["mobile"] = "13900000001"
    _contact(theirs, "c-duty")["phone"] = "0571-88880000"
    merged = merge_file("预案.plan.yaml", _text(base), _text(mine), _text(theirs))
    assert merged.conflicts == [] and merged.data is not None
    plan = loads_plan(merged.data.decode("utf-8"))
    assert not plan.problems
    assert plan.model.contacts[1].mobile == "13900000001"

    # both sides add a contact with the same new id: the merge would have duplicates? no:
    # matched by id, the two versions conflict field by field
    mine2, theirs2 = copy.deepcopy(base), copy.deepcopy(base)
    mine2["contacts"].append({"id": "c-x", "name": "甲"})
    theirs2["contacts"].append({"id": "c-x", "name": "乙"})
    [added] = merge_file("预案.plan.yaml", _text(base), _text(mine2), _text(theirs2)).conflicts
    assert added.key == "contacts[c-x].name"

    # theirs deletes the working group mine's new step names: the merged plan has a
    # broken reference neither side had, so the whole file needs a choice
    mine3, theirs3 = copy.deepcopy(base), copy.deepcopy(base)
    group = theirs3["organization"]["groups"].pop()
    mine3["procedures"][0]["steps"].append({"id": "st-x", "actor": group["id"], "action": "新步骤"})
    for proc in theirs3["procedures"]:  # theirs also drops every use of it
        for step in proc["steps"]:
            if step.get("actor") == group["id"]:
                step.pop("actor")
    for level in theirs3.get("levels", []):
        if level.get("commander") == group["id"]:
            level.pop("commander")
    result = merge_file("预案.plan.yaml", _text(base), _text(mine3), _text(theirs3))
    whole = [c for c in result.conflicts if c.key == WHOLE_FILE]
    assert whole and result.problems, result.conflicts
    assert result.data == _text(mine3)  # undecided: mine, untouched
    take = merge_file(
        "预案.plan.yaml", _text(base), _text(mine3), _text(theirs3), {WHOLE_FILE: THEIRS}
    )
    assert take.data == _text(theirs3) and take.unresolved == []
    keep = merge_file(
        "预案.plan.yaml", _text(base), _text(mine3), _text(theirs3), {WHOLE_FILE: MINE}
    )
    assert keep.data == _text(mine3)


def test_a_file_deleted_here_and_changed_there_needs_a_choice(base: dict) -> None:
    theirs = copy.deepcopy(base)
    _contact(theirs, "c-duty")["phone"] = "0571-88880000"
    result = merge_file("预案.plan.yaml", _text(base), None, _text(theirs))
    [conflict] = result.conflicts
    assert conflict.key == WHOLE_FILE and conflict.kind == "deleted_mine"
    assert result.data is None
