"""The annual work plan keeps its own rule 「按各月工作量均衡安排」, and the plan-system
document counts drills as the work plan does (issue 17, item 8)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import docx

from app.library import scan_library
from app.library.reports import system_docx_bytes, work_plan_docx_bytes
from app.library.workplan import propose
from tests.unit.test_library import TODAY, write_drill, write_plan

HAZCHEM = {"name": "丙化工", "industry": "hazchem"}  # a key sector: drills every half year


def _never_drilled(root, n: int) -> None:
    for i in range(n):
        write_plan(root, f"专项{i + 1:02d}", kind="enterprise_special", unit=HAZCHEM)


def test_never_drilled_plans_are_spread_over_the_months(tmp_path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    _never_drilled(root, 6)
    rows = propose(scan_library(root, today=TODAY), 2027)
    months = Counter(r.month for r in rows)
    assert len(rows) == 12  # each plan twice a year
    assert months == dict.fromkeys(range(1, 13), 1)  # not all in January and July
    for title in {r.entry.title for r in rows}:
        mine = sorted(r.month for r in rows if r.entry.title == title)
        assert mine[1] - mine[0] == 6  # each plan's two drills half a year apart
    assert all("尚无演练记录" in r.reason.zh for r in rows if r.month <= 6)


def test_the_balance_counts_the_anchored_work_and_is_deterministic(tmp_path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    # anchored: drilled 2026-02-15, due again 2027-02-15 (yearly: an ordinary unit)
    write_plan(
        root,
        "综合预案",
        kind="enterprise_comprehensive",
        unit={"name": "丙化工"},
        drill_history=[{"date": "2026-02-15", "form": "桌面推演"}],
    )
    _never_drilled(root, 3)
    first = propose(scan_library(root, today=TODAY), 2027)
    again = propose(scan_library(root, today=TODAY), 2027)
    assert [(r.entry.title, r.month) for r in first] == [(r.entry.title, r.month) for r in again]
    pairs = {
        r.entry.title: r.month for r in first if r.entry.title.startswith("专项") and r.month <= 6
    }
    # February holds the anchored drill: the pairs take January, March and April first
    assert sorted(pairs.values()) == [1, 3, 4]
    assert pairs == {"专项01": 1, "专项02": 3, "专项03": 4}  # in title order


def test_system_document_counts_drills_as_the_work_plan_does(tmp_path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    write_plan(root, "综合预案", kind="enterprise_comprehensive", unit={"name": "丙化工"})
    # a drill file not yet held (no date): planned, not a drill on record
    write_drill(root, "计划中的推演", meta={"title": "计划中的推演", "plan": "综合预案.plan.yaml"})
    write_plan(
        root,
        "火灾专项",
        kind="enterprise_special",
        unit={"name": "丙化工"},
        parent="综合预案.plan.yaml",
        drill_history=[{"date": "2026-03-01", "form": "桌面推演"}],
    )
    write_drill(
        root,
        "火灾推演",
        meta={"title": "火灾推演", "plan": "火灾专项.plan.yaml", "date": dt.date(2026, 3, 1)},
    )  # the same drill as the record: counted once
    library = scan_library(root, today=TODAY)
    held = {e.title: e.drills_held for e in library.plans()}
    assert held == {"综合预案": 0, "火灾专项": 1}
    plan_text = [
        p.text for p in docx.Document(io.BytesIO(work_plan_docx_bytes(library, 2027))).paragraphs
    ]
    table_text = [
        [c.text for c in row.cells]
        for t in docx.Document(io.BytesIO(work_plan_docx_bytes(library, 2027))).tables
        for row in t.rows
    ]
    never = {r[2] for r in table_text if len(r) > 5 and "尚无演练记录" in r[5]}
    assert never == {"综合预案"}
    assert plan_text
    data, _ = system_docx_bytes(library, cjk=False)
    d = docx.Document(io.BytesIO(data))
    rows = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    head = next(r for r in rows if "演练" in r)
    col = head.index("演练")
    counts = {r[1]: r[col] for r in rows if r[1] in held}
    assert counts == {"综合预案": "0", "火灾专项": "1"}
    intro = next(p.text for p in d.paragraphs if "应急预案库共有" in p.text)
    assert "已开展演练 1 次" in intro


def test_system_document_names_no_file(tmp_path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    write_plan(root, "综合预案", kind="enterprise_comprehensive", unit={"name": "丙化工"})
    write_plan(
        root,
        "火灾专项",
        kind="enterprise_special",
        unit={"name": "丙化工"},
        parent="../其他/总体预案.plan.yaml",  # a broken link, written as a path
    )
    write_drill(root, "推演", meta={"title": "推演", "plan": "不存在.plan.yaml"})
    data, _ = system_docx_bytes(scan_library(root, today=TODAY), cjk=False)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "上级预案“总体预案”在预案库中找不到" in text
    assert "演练所针对的预案“不存在”在预案库中找不到" in text
    assert ".yaml" not in text
