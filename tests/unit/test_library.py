"""The plan library: scanning, due dates, plan system links, the annual work plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.library import iter_documents, scan_library
from app.library.system import build_system
from app.library.workplan import propose
from app.model.plan import Plan
from app.progress import Cancelled, Progress
from app.storage.plans import save_plan
from app.storage.yamlio import dump_text

TODAY = dt.date(2026, 11, 23)


def write_plan(folder: Path, name: str, **meta: Any) -> Path:
    base = {"title": name, "kind": "enterprise_special", "unit": {"name": "甲公司"}}
    plan = Plan.model_validate({"meta": {**base, **meta}})
    path = folder / f"{name}.plan.yaml"
    save_plan(plan, path, backup=False)
    return path


def write_drill(folder: Path, name: str, **data: Any) -> Path:
    path = folder / f"{name}.drill.yaml"
    path.write_text(dump_text({"schema": "plandrill/drill@1", **data}), encoding="utf-8")
    return path


def build(tmp_path: Path) -> Path:
    root = tmp_path / "预案库"
    (root / "专项").mkdir(parents=True)
    (root / "演练").mkdir()
    write_plan(
        root,
        "总体预案",
        kind="gov_overall",
        issued="2025-06-01",
        filing={"submitted": "2025-06-10"},
    )
    # special plan under the overall plan, drilled 2024-03: due 2027-03 (every 3 years)
    write_plan(
        root / "专项",
        "防汛预案",
        kind="gov_special",
        parent="../总体预案.plan.yaml",
        issued="2024-01-10",
        filing={"submitted": "2024-01-20"},
        drill_history=[{"date": "2024-03-15", "form": "桌面推演"}],
    )
    # special plan, linked by title, revision overdue (issued 2022), never drilled
    write_plan(
        root / "专项",
        "地震预案",
        kind="gov_special",
        parent="总体预案",
        issued="2022-05-01",
        filing={"submitted": "2022-05-10"},
    )
    # orphan department plan, drilled recently
    write_plan(
        root,
        "交通局部门预案",
        kind="gov_department",
        issued="2026-01-05",
        filing={"submitted": "2026-01-10"},
        drill_history=[{"date": "2026-05-01"}],
    )
    # broken link
    write_plan(
        root,
        "卫健委部门预案",
        kind="gov_department",
        parent="不存在的预案",
        issued="2026-02-01",
        filing={"submitted": "2026-02-05"},
    )
    # enterprise on-site plan: half-yearly drills
    write_plan(
        root,
        "有限空间处置方案",
        kind="enterprise_onsite",
        issued="2026-03-01",
        parent="无此预案",
        filing={"submitted": "2026-03-05"},
    )
    # a drill file exercising the 地震预案 with findings
    write_drill(
        root / "演练",
        "地震桌面推演",
        meta={
            "title": "地震桌面推演",
            "plan": "../专项/地震预案.plan.yaml",
            "date": dt.date(2026, 9, 1),
        },
        findings=[
            {"id": "f1", "text": "通讯录过期", "status": "open", "due": dt.date(2026, 10, 1)},
            {"id": "f2", "text": "物资不足", "status": "in_progress", "due": dt.date(2027, 1, 1)},
            {"id": "f3", "text": "已整改", "status": "closed", "due": dt.date(2026, 10, 1)},
        ],
    )
    write_drill(
        root / "演练", "孤立演练", meta={"title": "孤立演练", "plan": "../nowhere.plan.yaml"}
    )
    # unreadable files
    (root / "坏文件.plan.yaml").write_text("meta: [\n", encoding="utf-8")
    (root / "二进制.plan.yaml").write_bytes(b"\x00\x01\x02")
    (root / "其他.txt").write_text("ignored", encoding="utf-8")
    (root / "总体预案.plan.yaml.bak").write_text("ignored", encoding="utf-8")
    return root


def test_scan_lists_every_document_and_isolates_bad_files(tmp_path) -> None:
    root = build(tmp_path)
    seen: list[tuple[int, int]] = []
    library = scan_library(
        root, today=TODAY, progress=Progress(lambda i, n, label: seen.append((i, n)))
    )
    names = sorted(e.path.name for e in library.entries)
    assert len(names) == 10
    assert "其他.txt" not in names and not any(n.endswith(".bak") for n in names)
    assert len(library.plans()) == 6 and len(library.drills()) == 2
    bad = {e.path.name: e for e in library.unreadable()}
    assert set(bad) == {"坏文件.plan.yaml", "二进制.plan.yaml"}
    assert "第 1 行" in bad["坏文件.plan.yaml"].reason.zh
    assert seen[-1] == (10, 10)


def test_scan_can_be_cancelled(tmp_path) -> None:
    root = build(tmp_path)

    def stop_after_three(done: int, total: int, label: object) -> None:
        if done == 3:
            progress.cancel()

    progress = Progress(stop_after_three)
    with pytest.raises(Cancelled):
        scan_library(root, today=TODAY, progress=progress)


def test_due_dates_and_overdue_set(tmp_path) -> None:
    library = scan_library(build(tmp_path), today=TODAY)
    by_title = {e.title: e for e in library.plans()}
    flood = by_title["防汛预案"]
    assert flood.last_drill == dt.date(2024, 3, 15)
    assert flood.drill_due == dt.date(2027, 3, 15)
    quake = by_title["地震预案"]
    assert quake.revision_due == dt.date(2025, 5, 1)
    # the drill file dated 2026-09-01 counts as its last drill
    assert quake.last_drill == dt.date(2026, 9, 1)
    assert quake.open_findings == 2 and quake.overdue_findings == 1
    overdue = {e.title for e in library.overdue()}
    assert overdue == {"地震预案", "有限空间处置方案", "地震桌面推演"}
    onsite = by_title["有限空间处置方案"]
    assert onsite.drill_due == dt.date(2026, 9, 1)  # issued 2026-03, half-yearly, never drilled


def test_plan_system_links_and_issues(tmp_path) -> None:
    library = scan_library(build(tmp_path), today=TODAY)
    system = build_system(library)
    tree = {node.entry.title: [c.entry.title for c in node.children] for node, _ in system.walk()}
    assert sorted(tree["总体预案"]) == ["地震预案", "防汛预案"]
    roots = sorted(n.entry.title for n in system.roots)
    assert "总体预案" in roots and "防汛预案" not in roots
    issues = {(i.entry.title, i.code) for i in system.issues}
    assert ("交通局部门预案", "orphan") in issues
    assert ("卫健委部门预案", "broken") in issues
    assert ("有限空间处置方案", "broken") in issues
    assert ("孤立演练", "drill_broken") in issues
    quake = next(n for n, _ in system.walk() if n.entry.title == "地震预案")
    assert [d.title for d in quake.drills] == ["地震桌面推演"]


def test_parent_cycle_is_reported(tmp_path) -> None:
    write_plan(tmp_path, "甲", kind="gov_special", parent="乙")
    write_plan(tmp_path, "乙", kind="gov_special", parent="甲")
    system = build_system(scan_library(tmp_path, today=TODAY))
    assert {i.code for i in system.issues} >= {"broken"}


def test_annual_work_plan(tmp_path) -> None:
    library = scan_library(build(tmp_path), today=TODAY)
    rows = propose(library, 2027)
    got = {(r.entry.title, r.activity, r.month) for r in rows}
    # 防汛 drill falls due 2027-03; 地震 evaluation overdue -> January
    assert ("防汛预案", "drill", 3) in got
    assert ("地震预案", "evaluation", 1) in got
    # the on-site plan is overdue: two live drills, January and July
    onsite = [r for r in rows if r.entry.title == "有限空间处置方案"]
    assert [(r.month, r.form) for r in onsite] == [(1, "实战"), (7, "实战")]
    # the department plan drilled in 2026-05 is not due again until 2029
    assert not [r for r in rows if r.entry.title == "交通局部门预案" and r.activity == "drill"]
    # last drill of 防汛 was a tabletop: alternate to a live drill
    assert (
        next(r.form for r in rows if r.entry.title == "防汛预案" and r.activity == "drill")
        == "实战"
    )
    assert all(1 <= r.month <= 12 and r.quarter == (r.month - 1) // 3 + 1 for r in rows)
    assert rows == sorted(rows, key=lambda r: (r.month, r.activity, r.entry.title))


def test_iter_documents_skips_hidden_and_tool_folders(tmp_path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.plan.yaml").write_text("", encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / ".hidden.plan.yaml").write_text("", encoding="utf-8")
    (tmp_path / "a" / "b.drill.yaml").write_text("", encoding="utf-8")
    assert [p.name for p in iter_documents(tmp_path)] == ["b.drill.yaml"]
