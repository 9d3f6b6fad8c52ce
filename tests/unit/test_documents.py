"""Plan documents: schema errors with lines, salvage, dump format, round trips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model.plan import (
    Contact,
    Meta,
    Organization,
    OrgUnit,
    Plan,
    Procedure,
    Resource,
    ResponseLevel,
    Section,
    Step,
    Unit,
)
from app.storage.errors import LoadError
from app.storage.plans import dumps_plan, load_plan, loads_plan, save_plan


def test_sample_plan_loads_clean(sample_plan_path) -> None:
    loaded = load_plan(sample_plan_path)
    assert not loaded.problems
    assert loaded.model.meta.title
    assert loaded.model.sections


SCHEMA_CASES = [
    # (yaml, expected path, line, words in the zh message)
    ("meta:\n  kind: nonsense\n", ("meta", "kind"), 2, ["预案类型", "enterprise_comprehensive"]),
    ("meta:\n  title: x\n  titel: y\n", ("meta", "titel"), 3, ["未知字段", "titel"]),
    ("contacts:\n  - id: c1\n  - name: 张三\n", ("contacts", 1, "id"), 3, ["缺少必填项", "编号"]),
    ("contacts: 张三\n", ("contacts",), 1, ["通讯录", "列表"]),
    ("meta:\n  issued: 2024-13-01\n", ("meta", "issued"), 2, ["颁布日期", "日期"]),
    ("meta:\n  issued: 明年\n", ("meta", "issued"), 2, ["颁布日期", "日期"]),
    ("resources:\n  - id: r1\n    quantity: 很多\n", ("resources", 0, "quantity"), 3, ["数量"]),
    ("procedures:\n  - id: p 1\n", ("procedures", 0, "id"), 2, ["空格"]),
    (
        "procedures:\n  - id: p1\n    steps:\n      - id: s1\n        within_min: -5\n",
        ("procedures", 0, "steps", 0, "within_min"),
        5,
        ["时限"],
    ),
    (
        "sections:\n  - id: s1\n    insert: [nonsense]\n",
        ("sections", 0, "insert", 0),
        3,
        ["插入表格"],
    ),
]


@pytest.mark.parametrize(("text", "path", "line", "words"), SCHEMA_CASES)
def test_schema_errors_are_located_and_worded(text, path, line, words) -> None:
    loaded = loads_plan("schema: plandrill/plan@1\n" + text, "x.plan.yaml")
    errors = [p for p in loaded.problems if p.severity.value == "error"]
    assert errors, loaded.problems
    problem = errors[0]
    assert problem.path == path
    assert problem.line == line + 1
    for word in words:
        assert word in problem.text("zh")
    assert problem.text("en") and problem.text("en") != problem.text("zh")
    assert problem.file == "x.plan.yaml"


def test_numbers_in_text_fields_stay_text() -> None:
    loaded = loads_plan(
        "schema: plandrill/plan@1\ncontacts:\n  - id: c1\n    mobile: 13800138000\nmeta:\n  version: 2.0\n"
    )
    assert not loaded.problems
    assert loaded.model.contacts[0].mobile == "13800138000"
    assert loaded.model.meta.version == "2.0"


def test_salvage_keeps_everything_that_is_valid() -> None:
    text = """schema: plandrill/plan@1
meta:
  title: 预案
  bogus: 1
contacts:
  - id: c1
    name: 甲
  - name: 没有编号的联系人
  - id: c3
    name: 丙
    mobile: [1, 2]
sections:
  - id: s1
    title: 总则
    body: 正文保留
"""
    loaded = loads_plan(text)
    plan = loaded.model
    assert plan.meta.title == "预案"
    assert [c.name for c in plan.contacts] == ["甲", "没有编号的联系人", "丙"]
    assert plan.contacts[1].id.startswith("auto-")
    assert plan.contacts[2].mobile is None
    assert plan.sections[0].body == "正文保留"
    assert ("meta", "bogus") in loaded.dropped
    assert ("contacts", 2, "mobile") in loaded.dropped
    assert loaded.has_errors


def test_wrong_schema_and_other_documents() -> None:
    with pytest.raises(LoadError) as info:
        loads_plan("schema: plandrill/drill@1\nmeta: {}\n")
    assert "演练文件" in info.value.text("zh")
    with pytest.raises(LoadError) as info:
        loads_plan("schema: plandrill/plan@9\n")
    assert "plan@9" in info.value.text("zh")
    assert info.value.line == 1
    with pytest.raises(LoadError):
        loads_plan("- just\n- a list\n")
    with pytest.raises(LoadError):
        loads_plan("")


def test_missing_schema_is_a_warning() -> None:
    loaded = loads_plan("meta:\n  title: x\n")
    assert [p.code for p in loaded.problems] == ["file.schema_missing"]
    assert loaded.model.meta.title == "x"


def test_dump_is_readable() -> None:
    plan = Plan(
        meta=Meta(title="预案", unit=Unit(name="甲")),
        sections=[Section(id="s1", title="总则", body="第一段。\n第二段。")],
    )
    text = dumps_plan(plan)
    assert text.startswith("# PlanDrill")
    assert text.index("schema:") < text.index("meta:") < text.index("sections:")
    assert "body: |" in text
    assert "null" not in text and "[]" not in text and "{}" not in text
    assert "kind: enterprise_comprehensive" in text


def test_save_and_load_round_trip(tmp_path, sample_plan_path) -> None:
    plan = load_plan(sample_plan_path).model
    out = tmp_path / "副本 计划.plan.yaml"
    save_plan(plan, out)
    assert load_plan(out).model == plan


# --- property: save/load is identity over generated plans ---------------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff"),
    max_size=30,
)
_line = _text.map(str.strip)
_ids = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
_opt = st.none() | _line
_date = st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))


@st.composite
def sections(draw, depth: int = 0) -> Section:
    children = draw(st.lists(sections(depth + 1), max_size=2)) if depth < 2 else []
    return Section(
        id=draw(_ids),
        title=draw(_line),
        body=draw(_text),
        insert=draw(st.lists(st.sampled_from(["contacts", "levels", "risks"]), max_size=2)),
        children=children,
    )


@st.composite
def plans(draw) -> Plan:
    return Plan(
        meta=Meta(
            title=draw(_line),
            unit=Unit(name=draw(_line), address=draw(_opt)),
            version=draw(_line),
            issued=draw(_date),
            code=draw(_opt),
        ),
        sections=draw(st.lists(sections(), max_size=3)),
        organization=Organization(
            command=draw(
                st.none()
                | st.builds(OrgUnit, id=_ids, name=_line, duties=st.lists(_line, max_size=3))
            ),
            groups=draw(
                st.lists(
                    st.builds(OrgUnit, id=_ids, name=_line, members=st.lists(_line, max_size=2)),
                    max_size=3,
                )
            ),
        ),
        contacts=draw(
            st.lists(st.builds(Contact, id=_ids, name=_line, phone=_opt, mobile=_opt), max_size=4)
        ),
        levels=draw(
            st.lists(
                st.builds(ResponseLevel, id=_ids, name=_line, triggers=st.lists(_line, max_size=2)),
                max_size=3,
            )
        ),
        resources=draw(
            st.lists(
                st.builds(
                    Resource,
                    id=_ids,
                    name=_line,
                    quantity=st.none() | st.integers(0, 10**6) | st.floats(0, 1e6, allow_nan=False),
                    expires=_date,
                ),
                max_size=3,
            )
        ),
        procedures=draw(
            st.lists(
                st.builds(
                    Procedure,
                    id=_ids,
                    title=_line,
                    steps=st.lists(
                        st.builds(
                            Step, id=_ids, action=_text, within_min=st.none() | st.integers(0, 600)
                        ),
                        max_size=3,
                    ),
                ),
                max_size=2,
            )
        ),
        appendices=draw(st.lists(sections(2), max_size=2)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_dump_load_round_trip_is_identity(plan: Plan) -> None:
    loaded = loads_plan(dumps_plan(plan))
    assert not loaded.problems
    assert loaded.model == plan
