"""Limits a plan or drill must keep (``app.model.limits``, ``app.model.base``), and the
date arithmetic that must survive the last dates there are."""

from __future__ import annotations

import datetime as dt

import pytest

from app.checks import check_plan
from app.checks.dues import add_months, compute_dues
from app.checks.workdays import Calendar
from app.model.base import MAX_ITEMS
from app.model.plan import Meta, Plan
from app.storage import yamlio
from app.storage.drills import loads_drill
from app.storage.errors import LoadError
from app.storage.plans import loads_plan

HEAD = "schema: plandrill/plan@1\nmeta: {title: 预案, kind: enterprise_onsite}\n"


def refused(text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        loads_plan(text, "p.plan.yaml")
    return info.value


def test_a_register_past_the_limit_is_refused_at_its_entry() -> None:
    rows = "".join(f"- {{id: c{i}, name: 人{i}}}\n" for i in range(MAX_ITEMS + 1))
    error = refused(HEAD + "contacts:\n" + rows)
    assert "条目过多" in error.text("zh") and "通讯录" in error.text("zh")
    assert error.line == 3 + 1 + MAX_ITEMS  # the first entry too many
    loads_plan(HEAD + "contacts:\n" + rows[: rows.rindex("- {")], "ok")  # the limit itself is fine


def test_sections_count_over_the_whole_outline() -> None:
    half = MAX_ITEMS // 2 + 1
    kids = ", ".join(f"{{id: k{i}}}" for i in range(half))
    text = HEAD + "sections:\n" + "".join(f"- {{id: s{i}}}\n" for i in range(half))
    text += f"- {{id: parent, children: [{kids}]}}\n"
    error = refused(text)
    assert "下级章节" in error.text("zh") and "全文" in error.text("zh")


def test_a_list_of_text_past_the_limit_names_its_field() -> None:
    members = ", ".join(["甲"] * (MAX_ITEMS + 1))
    text = HEAD + f"organization:\n  groups:\n  - id: g\n    members: [{members}]\n"
    error = refused(text)
    assert "成员" in error.text("zh") and error.line == 6


def test_yaml_collections_and_nodes_are_bounded_before_the_schema(monkeypatch) -> None:
    with pytest.raises(LoadError) as info:
        yamlio.load_text(
            "a:\n  b: [" + ", ".join(["1"] * (yamlio.MAX_COLLECTION_ITEMS + 5)) + "]\n"
        )
    assert "条目过多" in info.value.text("zh") and info.value.line == 2


@pytest.mark.parametrize("year", ["9999-12-31", "9997-06-01", "1899-12-31", "2101-01-01"])
def test_dates_outside_the_usable_years_are_located_problems(year: str) -> None:
    text = HEAD.replace("kind: enterprise_onsite}", f"kind: enterprise_onsite, issued: {year}}}")
    loaded = loads_plan(text, "p.plan.yaml")
    found = [p for p in loaded.problems if p.code == "schema.date_range"]
    assert [p.line for p in found] == [2]
    assert year in found[0].message.zh and "1900 至 2100" in found[0].message.zh
    assert loaded.model.meta.issued is None  # dropped: the rest of the plan opens
    check_plan(loaded.model, today=dt.date(2026, 6, 1))  # and checks without error


def test_the_usable_years_themselves_are_fine() -> None:
    for year in ("1900-01-01", "2100-12-31"):
        text = HEAD.replace(
            "kind: enterprise_onsite}", f"kind: enterprise_onsite, issued: {year}}}"
        )
        assert not loads_plan(text).problems


@pytest.mark.parametrize(
    ("value", "code"),
    [(".inf", "finite_number"), (".nan", "finite_number"), ("1e300", "less_than_equal")],
)
def test_drill_times_must_be_finite_and_within_a_year(value: str, code: str) -> None:
    text = (
        "schema: plandrill/drill@1\nmeta: {title: 演练}\nscript:\n"
        f"- {{id: i1, text: 起火, at_min: {value}}}\n"
    )
    loaded = loads_drill(text, "d.drill.yaml")
    assert [(p.code, p.line) for p in loaded.problems] == [(f"schema.{code}", 4)]


def test_due_dates_past_9999_are_none_not_an_error() -> None:
    assert add_months(dt.date(9999, 6, 1), 36) is None
    assert add_months(dt.date(9999, 1, 31), 6) == dt.date(9999, 7, 31)
    assert Calendar().add_workdays(dt.date(9999, 12, 20), 20) is None
    # a plan built in code skips the schema: the arithmetic must hold on its own
    meta = Meta.model_construct(**{**Meta().__dict__, "issued": dt.date(9999, 12, 31)})
    dues = compute_dues(Plan.model_construct(**{**Plan().__dict__, "meta": meta}))
    assert dues.revision_due is None and dues.drill_due is None and dues.filing_due is None
