"""Checks, table-driven: integrity, completeness, due dates, review and filing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.checks import check_plan
from app.checks.completeness import normalize
from app.checks.dues import add_months, compute_dues
from app.checks.workdays import Calendar, parse_calendar
from app.model.plan import Plan
from app.model.problems import Severity
from app.storage.plans import load_plan

TODAY = dt.date(2026, 11, 23)


def plan_from(**parts: Any) -> Plan:
    data: dict[str, Any] = {
        "meta": {"title": "预案", "kind": "enterprise_onsite", "unit": {"name": "甲"}}
    }
    for key, value in parts.items():
        if key == "meta":
            data["meta"] = {**data["meta"], **value}
        else:
            data[key] = value
    return Plan.model_validate(data)


def codes(plan: Plan, severity: Severity | None = None) -> list[str]:
    return [
        p.code for p in check_plan(plan, today=TODAY) if severity is None or p.severity is severity
    ]


ORG = {"command": {"id": "hq", "name": "指挥部"}, "groups": [{"id": "g1", "name": "救援组"}]}

INTEGRITY_CASES = [
    (
        "unknown actor",
        {
            "organization": ORG,
            "procedures": [{"id": "p", "steps": [{"id": "s", "actor": "ghost"}]}],
        },
        "ref.missing",
        ("procedures", 0, "steps", 0, "actor"),
    ),
    (
        "no actor",
        {"procedures": [{"id": "p", "steps": [{"id": "s", "action": "报警"}]}]},
        "ref.no_actor",
        ("procedures", 0, "steps", 0, "actor"),
    ),
    (
        "unknown step contact",
        {
            "organization": ORG,
            "procedures": [
                {"id": "p", "steps": [{"id": "s", "actor": "g1", "contacts": ["nobody"]}]}
            ],
        },
        "ref.missing",
        ("procedures", 0, "steps", 0, "contacts", 0),
    ),
    (
        "unknown level commander",
        {"organization": ORG, "levels": [{"id": "I", "commander": "boss"}]},
        "ref.missing",
        ("levels", 0, "commander"),
    ),
    (
        "unknown procedure level",
        {"levels": [{"id": "I"}], "procedures": [{"id": "p", "level": "IV"}]},
        "ref.missing",
        ("procedures", 0, "level"),
    ),
    (
        "unknown warning issuer",
        {"warnings": [{"id": "w", "issuer": "x"}]},
        "ref.missing",
        ("warnings", 0, "issuer"),
    ),
    (
        "unknown group contact",
        {"organization": {"groups": [{"id": "g1", "contacts": ["c9"]}]}},
        "ref.missing",
        ("organization", "groups", 0, "contacts", 0),
    ),
    (
        "unknown contact group",
        {"contacts": [{"id": "c1", "org_unit": "g9"}]},
        "ref.missing",
        ("contacts", 0, "org_unit"),
    ),
    (
        "unknown resource contact",
        {"resources": [{"id": "r1", "contact": "c9"}]},
        "ref.missing",
        ("resources", 0, "contact"),
    ),
    (
        "unknown shelter contact",
        {"shelters": [{"id": "h1", "contact": "c9"}]},
        "ref.missing",
        ("shelters", 0, "contact"),
    ),
    (
        "duplicate contact",
        {"contacts": [{"id": "c1"}, {"id": "c1"}]},
        "ids.duplicate",
        ("contacts", 1, "id"),
    ),
    (
        "duplicate group",
        {"organization": {"command": {"id": "x"}, "groups": [{"id": "x"}]}},
        "ids.duplicate",
        ("organization", "groups", 0, "id"),
    ),
    (
        "duplicate section across appendices",
        {"sections": [{"id": "s1", "body": "a"}], "appendices": [{"id": "s1", "body": "b"}]},
        "ids.duplicate",
        ("appendices", 0, "id"),
    ),
    (
        "duplicate step across procedures",
        {
            "procedures": [
                {"id": "p1", "steps": [{"id": "s"}]},
                {"id": "p2", "steps": [{"id": "s"}]},
            ]
        },
        "ids.duplicate",
        ("procedures", 1, "steps", 0, "id"),
    ),
    (
        "part placed twice",
        {"sections": [{"id": "a", "insert": ["contacts"]}, {"id": "b", "insert": ["contacts"]}]},
        "layout.part_twice",
        ("sections", 1, "insert", 0),
    ),
    (
        "placeholder left",
        {"contacts": [{"id": "c1", "name": "XXX", "phone": "【待填写】"}]},
        "content.placeholder",
        ("contacts", 0, "name"),
    ),
    (
        "template tag left",
        {"meta": {"title": "{{ unit.name }}预案"}},
        "content.placeholder",
        ("meta", "title"),
    ),
]


@pytest.mark.parametrize(
    ("name", "parts", "code", "path"), INTEGRITY_CASES, ids=[c[0] for c in INTEGRITY_CASES]
)
def test_integrity(name: str, parts: dict, code: str, path: tuple) -> None:
    found = [p for p in check_plan(plan_from(**parts), today=TODAY) if p.code == code]
    assert found, f"{code} expected"
    assert path in [p.path for p in found]


def test_valid_references_raise_nothing() -> None:
    plan = plan_from(
        organization={**ORG, "groups": [{"id": "g1", "contacts": ["c1"]}]},
        contacts=[{"id": "c1", "org_unit": "g1"}],
        levels=[{"id": "I", "commander": "hq"}],
        procedures=[
            {"id": "p", "level": "I", "steps": [{"id": "s", "actor": "g1", "contacts": ["c1"]}]}
        ],
    )
    assert not [c for c in codes(plan) if c.startswith(("ref.", "ids."))]


def test_deleting_a_group_breaks_its_steps() -> None:
    plan = plan_from(
        organization=ORG, procedures=[{"id": "p", "steps": [{"id": "s", "actor": "g1"}]}]
    )
    assert "ref.missing" not in codes(plan)
    plan.organization.groups = []
    assert "ref.missing" in codes(plan)


ONSITE_COMPLETE = {
    "sections": [
        {"id": "a", "title": "一、事故风险描述", "body": "有限空间内可能存在硫化氢。"},
        {"id": "b", "title": "二、应急工作职责", "body": "班组长负责现场指挥。"},
        {"id": "c", "title": "三、应急处置", "body": "立即撤离。"},
        {"id": "d", "title": "四、注意事项", "body": "严禁盲目施救。"},
    ],
    "contacts": [{"id": "c1", "name": "值班室"}],
}


def test_complete_onsite_plan_has_no_completeness_findings() -> None:
    assert not [c for c in codes(plan_from(**ONSITE_COMPLETE)) if c.startswith("complete.")]


@pytest.mark.parametrize(
    ("drop", "severity", "code"),
    [
        ("d", Severity.ERROR, "complete.missing"),  # 注意事项: 办法第十五条 + GB/T 8.4
        ("a", Severity.WARNING, "complete.missing"),  # 事故风险描述: GB/T 8.1 only
    ],
)
def test_missing_elements(drop: str, severity: Severity, code: str) -> None:
    data = dict(ONSITE_COMPLETE)
    data["sections"] = [s for s in data["sections"] if s["id"] != drop]
    found = [p for p in check_plan(plan_from(**data), today=TODAY) if p.code == code]
    assert any(p.severity is severity for p in found)


def test_heading_without_content_is_empty_not_present() -> None:
    data = dict(ONSITE_COMPLETE)
    data["sections"] = [*data["sections"][:3], {"id": "d", "title": "四、注意事项", "body": "  \n"}]
    found = [p for p in check_plan(plan_from(**data), today=TODAY) if p.code == "complete.empty"]
    assert found and found[0].path == ("sections", 3)


def test_structured_part_satisfies_element() -> None:
    data = dict(ONSITE_COMPLETE)
    data["sections"] = [s for s in data["sections"] if s["id"] != "a"]
    data["risks"] = [{"id": "r1", "hazard": "硫化氢"}]
    assert "complete.missing" not in codes(plan_from(**data), Severity.WARNING)


def test_element_tag_wins_over_title() -> None:
    data = dict(ONSITE_COMPLETE)
    data["sections"] = [
        *data["sections"][:3],
        {"id": "d", "title": "其他要求", "element": "8.4", "body": "x"},
    ]
    plan = plan_from(**data)
    assert "complete.missing" not in codes(plan, Severity.WARNING)


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("一、总则", "总则"),
        ("（二）响应分级", "响应分级"),
        ("3.1.2 信息报告", "信息报告"),
        ("第一章 总则", "总则"),
        ("1 总则", "总则"),
    ],
)
def test_title_normalisation(title: str, key: str) -> None:
    assert normalize(title) == key


def test_sample_plan_has_no_errors(sample_plan_path) -> None:
    loaded = load_plan(sample_plan_path)
    problems = check_plan(loaded.model, lines=loaded.lines, today=TODAY)
    assert not [p for p in problems if p.severity is Severity.ERROR], problems
    assert all(p.line for p in problems)


# --- due dates ---------------------------------------------------------------------------

DUE_CASES = [
    # kind, industry, meta extras, expected codes present, absent
    (
        "enterprise_onsite",
        None,
        {"issued": "2026-01-01", "drill_history": [{"date": "2026-03-01"}]},
        {"due.drill"},
        set(),
    ),
    (
        "enterprise_onsite",
        None,
        {"issued": "2026-01-01", "drill_history": [{"date": "2026-08-01"}]},
        set(),
        {"due.drill"},
    ),
    (
        "enterprise_special",
        None,
        {"issued": "2026-01-01", "drill_history": [{"date": "2026-03-01"}]},
        set(),
        {"due.drill"},
    ),
    (
        "enterprise_special",
        "hazchem",
        {"issued": "2026-01-01", "drill_history": [{"date": "2026-03-01"}]},
        {"due.drill"},
        set(),
    ),
    (
        "gov_special",
        None,
        {"issued": "2024-01-01", "drill_history": [{"date": "2024-06-01"}]},
        set(),
        {"due.drill"},
    ),
    (
        "gov_special",
        None,
        {"issued": "2022-01-01", "drill_history": [{"date": "2023-06-01"}]},
        {"due.drill"},
        set(),
    ),
    ("enterprise_special", None, {"issued": "2023-01-01"}, {"due.revision", "due.drill"}, set()),
    (
        "enterprise_special",
        None,
        {"issued": "2023-01-01", "revision_history": [{"date": "2025-06-01"}]},
        set(),
        {"due.revision"},
    ),
    (
        "enterprise_special",
        None,
        {"issued": "2024-01-01", "last_evaluated": "2026-10-01"},
        set(),
        {"due.revision"},
    ),
    ("enterprise_special", None, {"issued": "2023-12-15"}, {"due.revision_soon"}, {"due.revision"}),
    ("enterprise_special", None, {"issued": "2026-10-01"}, {"due.filing"}, set()),
    ("enterprise_special", None, {"issued": "2026-11-20"}, {"due.filing_soon"}, {"due.filing"}),
    (
        "enterprise_special",
        None,
        {"issued": "2026-10-01", "filing": {"submitted": "2026-10-20"}},
        set(),
        {"due.filing", "due.filing_soon"},
    ),
    ("township", None, {"issued": "2020-01-01"}, {"due.revision"}, {"due.drill"}),
]


@pytest.mark.parametrize(("kind", "industry", "meta", "present", "absent"), DUE_CASES)
def test_due_dates(kind, industry, meta, present, absent) -> None:
    unit = {"name": "甲", **({"industry": industry} if industry else {})}
    found = set(codes(plan_from(meta={"kind": kind, "unit": unit, **meta})))
    assert present <= found, found
    assert not (absent & found), found


def test_filing_deadline_counts_working_days() -> None:
    plan = plan_from(meta={"kind": "enterprise_special", "issued": "2025-09-20"})
    assert compute_dues(plan).filing_due == dt.date(2025, 10, 23)


@pytest.mark.parametrize(
    ("industry", "scale", "form", "expected"),
    [
        ("hazchem", None, None, "review.missing"),
        ("hazchem", None, "论证", "review.form"),
        (None, "medium", "论证", "review.form"),
        (None, "small", "论证", None),
        ("mining", None, "评审", None),
        (None, None, None, "review.missing"),
    ],
)
def test_review_rules(industry, scale, form, expected) -> None:
    unit: dict[str, Any] = {"name": "甲"}
    if industry:
        unit["industry"] = industry
    if scale:
        unit["scale"] = scale
    meta: dict[str, Any] = {"kind": "enterprise_special", "unit": unit, "issued": "2026-11-01"}
    if form:
        meta["review"] = {"form": form, "date": "2026-10-20"}
    found = [c for c in codes(plan_from(meta=meta)) if c.startswith("review.")]
    assert found == ([expected] if expected else [])
    if expected:
        assert all(
            p.severity is Severity.ERROR
            for p in check_plan(plan_from(meta=meta), today=TODAY)
            if p.code == expected
        )


def test_government_plans_have_no_enterprise_review_rule() -> None:
    plan = plan_from(meta={"kind": "gov_special", "issued": "2026-11-01"})
    assert not [c for c in codes(plan) if c.startswith("review.")]


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)


def test_calendar_weekends_holidays_and_adjusted_workdays() -> None:
    cal = parse_calendar("holidays:\n  - [2025-10-01, 2025-10-08]\nworkdays:\n  - 2025-10-11\n")
    assert not cal.is_workday(dt.date(2025, 10, 6))
    assert cal.is_workday(dt.date(2025, 10, 11))  # a Saturday worked in lieu
    assert not cal.is_workday(dt.date(2025, 10, 12))
    assert cal.add_workdays(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)
    plain = Calendar()
    assert plain.add_workdays(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)
    assert plain.workdays_between(dt.date(2026, 11, 20), dt.date(2026, 11, 27)) == 5
