"""Structural comparison of plan versions: what was added, removed, moved and changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.compare import ChangeKind, PlanDiff, diff_plans
from app.model.plan import Contact, Plan, Section
from app.storage.plans import load_plan

BASE_PLAN = Path(__file__).resolve().parents[1] / "data" / "compare-base.plan.yaml"


@pytest.fixture
def base_plan_path() -> Path:
    return BASE_PLAN


@pytest.fixture
def old(base_plan_path: Path) -> Plan:
    return load_plan(base_plan_path).model


def edited(plan: Plan) -> Plan:
    return plan.model_copy(deep=True)


def kinds(diff: PlanDiff) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.area, c.title) for c in diff.changes]


def test_identical_versions_have_no_changes(old: Plan) -> None:
    diff = diff_plans(old, edited(old))
    assert diff.is_empty
    assert diff.lines("zh") == ["两个版本没有差异。"]
    assert diff.lines("en") == ["No changes."]


def test_meta_changes_one_line_per_field(old: Plan) -> None:
    new = edited(old)
    new.meta.version = "2.0"
    new.meta.issued = dt.date(2026, 5, 1)
    new.meta.unit.principal = "李卫东"
    diff = diff_plans(old, new)
    assert [(c.key, c.fields[0].old, c.fields[0].new) for c in diff.changes] == [
        ("unit.principal", "王建国", "李卫东"),
        ("version", "1.0", "2.0"),
        ("issued", "", "2026年5月1日"),  # dates as documents write them
    ]
    lines = diff.lines("zh")
    assert "修改 基本信息：版本号 1.0 → 2.0" in lines
    assert "修改 基本信息：编制单位·主要负责人 王建国 → 李卫东" in lines
    assert "changed Plan details: Version 1.0 → 2.0" in diff.lines("en")


def test_sections_added_removed_changed(old: Plan) -> None:
    new = edited(old)
    general = new.sections[0]
    general.children[0].body += "包括相关方人员。"  # 1.1 适用范围
    general.children[1].title = "响应分级原则"  # 1.2
    new.sections[1].insert = ["contacts"]  # 2 应急预案体系 now holds a table
    response = new.sections[4]
    del response.children[4]  # 5.5 应急支援
    response.children.append(Section(id="s-media", title="信息公开", body="由办公室统一发布。"))
    diff = diff_plans(old, new)
    assert kinds(diff) == [
        ("changed", "sections", "适用范围"),
        ("changed", "sections", "响应分级原则"),
        ("changed", "sections", "应急预案体系"),
        ("removed", "sections", "应急支援"),
        ("added", "sections", "信息公开"),
    ]
    body, title, insert, removed, added = diff.changes
    assert [f.name for f in body.fields] == ["body"]
    assert body.old_number == body.new_number == "1.1"
    assert (title.old_title, title.new_title) == ("响应分级", "响应分级原则")
    assert insert.fields[0].new == "通讯录"
    assert removed.old_number == "5.5" and removed.new_path is None
    assert added.new_number == "5.6" and added.old_path is None
    lines = diff.lines("zh")
    assert lines[0] == "共 5 处变化：新增 1，删除 1，移动 0，修改 3。"
    assert "修改 章节 1.1 适用范围：正文已修改" in lines
    assert "修改 章节 1.2 响应分级原则：标题 响应分级 → 响应分级原则" in lines
    assert "删除 章节 5.5 应急支援" in lines
    assert "新增 章节 5.6 信息公开" in lines


def test_sections_moved_reordered_and_reparented(old: Plan) -> None:
    new = edited(old)
    new.sections.insert(1, new.sections.pop(3))  # 应急组织机构及职责 before 应急预案体系
    after = new.sections.pop(5)  # 后期处置 goes under 应急响应
    new.sections[4].children.append(after)
    diff = diff_plans(old, new)
    assert kinds(diff) == [
        ("moved", "sections", "应急组织机构及职责"),
        ("moved", "sections", "后期处置"),
    ]
    reorder, reparent = diff.changes
    assert (reorder.old_number, reorder.new_number) == ("4", "2")
    assert reorder.explain().zh == "调整顺序（4 → 2）"
    assert reparent.old_parent == "" and reparent.new_parent == "应急响应"
    assert reparent.explain().zh == "由顶层移至“应急响应”下（6 → 5.7）"


def test_sections_match_by_title_when_ids_differ(old: Plan) -> None:
    """A plan imported from Word has positional ids; its sections still pair with the old ones."""
    new = edited(old)
    for k, section in enumerate(new.sections, 1):
        section.id = f"s{k}"
    new.sections.insert(0, Section(id="s0", title="编制说明", body="根据评估结果修订。"))
    diff = diff_plans(old, new)
    assert kinds(diff) == [("added", "sections", "编制说明")]


def test_rows_added_removed_changed_moved(old: Plan) -> None:
    new = edited(old)
    new.contacts[0].phone = "0000-1111111"
    new.contacts.insert(0, Contact(id="c-120", name="急救中心", phone="120"))
    new.contacts.reverse()  # 119 first, then 值班室, then the new 急救中心
    new.resources[0].quantity = 12
    new.risks = []
    new.organization.groups[0].lead = "生产总监"
    new.procedures[0].steps[1].within_min = 10
    diff = diff_plans(old, new)
    assert kinds(diff) == [
        ("changed", "organization", "抢险救援组"),
        ("moved", "contacts", "消防救援"),
        ("changed", "contacts", "值班室"),
        ("added", "contacts", "急救中心"),
        ("removed", "risks", "液氯储罐"),
        ("changed", "resources", "正压式空气呼吸器"),
        ("changed", "procedures", "危险化学品泄漏处置 · 佩戴防护装备关闭泄漏点上游阀门"),
    ]
    lines = diff.lines("zh")
    assert "修改 通讯录 值班室：办公电话 0000-0000000 → 0000-1111111" in lines
    assert "修改 应急物资装备 正压式空气呼吸器：数量 10 → 12" in lines
    assert "修改 工作组 抢险救援组：负责人 生产副总经理 → 生产总监" in lines
    assert "移动 通讯录 消防救援：调整顺序（第 2 行 → 第 1 行）" in lines
    step = diff.changes[-1]
    assert step.new_number == "步骤2"
    assert step.fields[0].label.zh == "时限（分钟）"


def test_rows_match_by_name_when_ids_differ_and_references_read_as_names(old: Plan) -> None:
    new = edited(old)
    for k, contact in enumerate(new.contacts, 1):
        contact.id = f"c{k}"
    new.procedures[0].steps[0].actor = "g-medical"
    diff = diff_plans(old, new)
    assert len(diff.changes) == 1
    (change,) = diff.changes
    assert change.fields[0].old == "应急指挥部" and change.fields[0].new == "医疗救护组"


def test_counts_and_kinds(old: Plan) -> None:
    new = edited(old)
    new.meta.version = "1.1"
    new.appendices.pop()
    diff = diff_plans(old, new)
    assert diff.counts() == {
        ChangeKind.ADDED: 0,
        ChangeKind.REMOVED: 1,
        ChangeKind.MOVED: 0,
        ChangeKind.CHANGED: 1,
    }
    removed = diff.changes[-1]
    assert removed.area == "appendices" and removed.old_number == "附件3"


def test_sections_are_cited_by_the_numbers_the_plan_prints(old: Plan) -> None:
    old.meta.numbering = "gongwen"  # type: ignore[assignment]
    new = edited(old)
    new.sections[0].children[1].body += "（修订）"
    new.sections[4].title = "应急响应与处置"
    diff = diff_plans(old, new)
    # a 公文 sub-number alone locates nothing in a table of changes: its chapter's leads
    assert [(c.new_number, c.new_title) for c in diff.changes] == [
        ("一、（二）", "响应分级"),
        ("五、", "应急响应与处置"),
    ]
    assert diff.changes[0].heading() == "一、（二）响应分级"
