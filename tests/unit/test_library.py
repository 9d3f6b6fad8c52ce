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


def write_plan(folder: Path, name: str, sections: list[Any] | None = None, **meta: Any) -> Path:
    base = {"title": name, "kind": "enterprise_special", "unit": {"name": "甲公司"}}
    plan = Plan.model_validate({"meta": {**base, **meta}, "sections": sections or []})
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
        # the one element whose absence is an error for a government special plan
        sections=[{"id": "levels", "title": "响应分级", "body": "分为Ⅰ级、Ⅱ级、Ⅲ级、Ⅳ级。"}],
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


# --- an enterprise library: yearly, half-yearly and on-site drills, drill files -----------


def build_enterprise(tmp_path: Path) -> Path:
    root = tmp_path / "乙公司预案库"
    root.mkdir()
    unit = {"name": "乙公司", "industry": "industry_trade"}
    filed = {"submitted": "2020-01-01"}
    # drilled (tabletop) 2026-04-20: next drill due 2027-04-20, live this time
    write_plan(
        root,
        "综合预案",
        kind="enterprise_comprehensive",
        unit=unit,
        issued="2025-04-01",
        filing=filed,
        drill_history=[{"date": "2026-04-20", "form": "桌面推演"}],
    )
    # evaluation due 2027-02; its last drill is a drill file (tabletop, 2026-10-10)
    write_plan(
        root,
        "火灾专项",
        kind="enterprise_special",
        unit=unit,
        parent="综合预案.plan.yaml",
        issued="2024-02-01",
        filing=filed,
    )
    write_drill(
        root,
        "火灾桌面推演",
        meta={
            "title": "火灾桌面推演",
            "plan": "火灾专项.plan.yaml",
            "date": dt.date(2026, 10, 10),
            "form": "tabletop",
        },
        findings=[
            {"id": "f1", "text": "疏散指示不清", "status": "open", "due": dt.date(2026, 12, 31)},
            {"id": "f2", "text": "已整改", "status": "closed", "due": dt.date(2026, 1, 1)},
        ],
    )
    # a hazardous-chemicals unit drills every half year: overdue since 2026-09-01
    write_plan(
        root,
        "危化品泄漏专项",
        kind="enterprise_special",
        unit={"name": "乙公司", "industry": "hazchem"},
        parent="综合预案",
        issued="2026-01-15",
        filing=filed,
        drill_history=[{"date": "2026-03-01", "form": "实战演练"}],
    )
    # on-site plan issued 2026-08: first drill due 2027-02, live, twice a year
    write_plan(
        root,
        "配电室现场处置方案",
        kind="enterprise_onsite",
        unit=unit,
        parent="火灾专项",
        issued="2026-08-01",
        filing=filed,
    )
    # not issued, never drilled: a floating drill in the least busy month
    write_plan(root, "未颁布专项", kind="enterprise_special", unit=unit, parent="综合预案")
    return root


def test_enterprise_overdue_set_and_schedule(tmp_path) -> None:
    library = scan_library(build_enterprise(tmp_path), today=TODAY)
    assert {e.title for e in library.overdue()} == {"危化品泄漏专项"}
    fire = next(e for e in library.plans() if e.title == "火灾专项")
    assert fire.last_drill == dt.date(2026, 10, 10) and fire.last_drill_form == "桌面"
    assert fire.open_findings == 1 and fire.overdue_findings == 0
    rows = propose(library, 2027)
    got = sorted((r.entry.title, r.activity, r.month, r.form) for r in rows)
    assert got == sorted(
        [
            ("危化品泄漏专项", "drill", 1, "桌面"),
            ("危化品泄漏专项", "drill", 7, "实战"),
            ("配电室现场处置方案", "drill", 2, "实战"),
            ("配电室现场处置方案", "drill", 8, "实战"),
            ("火灾专项", "evaluation", 2, None),
            ("未颁布专项", "drill", 3, "桌面"),
            ("综合预案", "drill", 4, "实战"),
            ("火灾专项", "drill", 10, "实战"),
        ]
    )
    reasons = {(r.entry.title, r.month): r.reason for r in rows}
    assert "逾期" in reasons[("危化品泄漏专项", 1)].zh
    assert "办法第三十三条" in reasons[("危化品泄漏专项", 1)].zh
    assert "尚无演练记录" in reasons[("未颁布专项", 3)].zh
    assert "办法第三十五条" in reasons[("火灾专项", 2)].zh
    assert "2027年10月10日" in reasons[("火灾专项", 10)].zh  # a date as documents write it
    assert all(r.responsible == "乙公司" for r in rows)
    assert library.unit_name() == "乙公司"


def test_government_unit_name_is_the_overall_plans(tmp_path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    write_plan(root, "a", kind="gov_department", unit={"name": "交通局"})
    write_plan(root, "b", kind="gov_department", unit={"name": "交通局"})
    write_plan(root, "c", kind="gov_overall", unit={"name": "东江区人民政府"})
    assert scan_library(root, today=TODAY).unit_name() == "东江区人民政府"


# --- quick scans and the cache ---------------------------------------------------------


def _starter_library(folder: Path) -> list[Path]:
    from app.storage import templates

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for info in templates.list_templates(doc=None):
        suffix = ".drill.yaml" if info.doc.value == "drill" else ".plan.yaml"
        render = (
            templates.render_drill_text
            if info.doc.value == "drill"
            else templates.render_template_text
        )
        path = folder / f"{info.id}{suffix}"
        path.write_text(render(info.id, {}, use_examples=True), encoding="utf-8")
        paths.append(path)
    return paths


def test_quick_read_gives_the_same_details_as_a_full_read(tmp_path) -> None:
    from app.library.facts import read_facts

    paths = _starter_library(tmp_path)
    assert len(paths) >= 10
    for path in paths:
        quick = read_facts(path, TODAY, quick=True)
        full = read_facts(path, TODAY)
        assert not quick.checked and full.checked, path.name
        assert quick.doc == full.doc and quick.title == full.title, path.name
        assert quick.meta == full.meta, path.name
        assert quick.drill == full.drill, path.name


def test_quick_scan_then_full_scan(tmp_path) -> None:
    from app.library import ScanCache

    root = build(tmp_path)
    cache = ScanCache()
    quick = scan_library(root, today=TODAY, cache=cache, quick=True)
    assert not quick.complete
    assert {e.title for e in quick.overdue()} == {"地震预案", "有限空间处置方案", "地震桌面推演"}
    full = scan_library(root, today=TODAY, cache=cache)
    assert full.complete and all(e.checked for e in full.entries)
    fresh = scan_library(root, today=TODAY)
    assert full.entries == fresh.entries


def test_flow_style_or_odd_files_fall_back_to_a_full_read(tmp_path) -> None:
    from app.library.facts import read_facts, top_level_blocks

    assert top_level_blocks("{meta: {title: a}}\n", {"meta"}) is None
    assert top_level_blocks('"meta":\n  title: a\n', {"meta"}) is None
    text = "# c\nschema: x\nmeta:\n  title: a\n# note\n  kind: k\nsections:\n- id: s\n  title: t\n"
    assert top_level_blocks(text, {"meta"}) == "meta:\n  title: a\n# note\n  kind: k\n"
    path = tmp_path / "flow.plan.yaml"
    path.write_text("{schema: plandrill/plan@1, meta: {title: 流式, kind: gov_special}}\n")
    facts = read_facts(path, TODAY, quick=True)
    assert facts.checked and facts.title == "流式"  # read whole: flow style has no blocks


def test_a_rescan_rereads_only_changed_files(tmp_path, monkeypatch) -> None:
    import os

    import app.library as library_module
    from app.library import ScanCache

    root = build(tmp_path)
    cache = ScanCache()
    first = scan_library(root, today=TODAY, cache=cache)
    read: list[str] = []
    real = library_module.read_facts

    def counting(path: Path, today: dt.date, *, quick: bool = False):  # type: ignore[no-untyped-def]
        read.append(path.name)
        return real(path, today, quick=quick)

    monkeypatch.setattr(library_module, "read_facts", counting)
    again = scan_library(root, today=TODAY, cache=cache)
    assert read == [] and again.entries == first.entries
    flood = root / "专项" / "防汛预案.plan.yaml"
    text = flood.read_text(encoding="utf-8").replace("title: 防汛预案", "title: 防汛抗旱预案")
    flood.write_text(text, encoding="utf-8")
    os.utime(flood, ns=(flood.stat().st_atime_ns, flood.stat().st_mtime_ns + 10**9))
    changed = scan_library(root, today=TODAY, cache=cache)
    assert read == ["防汛预案.plan.yaml"]
    assert "防汛抗旱预案" in {e.title for e in changed.plans()}
    # a drill is reread when the plan it checks against changes
    read.clear()
    quake = root / "专项" / "地震预案.plan.yaml"
    quake.write_text(quake.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    scan_library(root, today=TODAY, cache=cache)
    assert sorted(read) == ["地震桌面推演.drill.yaml", "地震预案.plan.yaml"]


def test_cached_counts_follow_the_day(tmp_path) -> None:
    from app.library import ScanCache

    root = build(tmp_path)
    cache = ScanCache()
    scan_library(root, today=TODAY, cache=cache)
    later = dt.date(2030, 1, 1)
    cached = scan_library(root, today=later, cache=cache)
    assert cached.entries == scan_library(root, today=later).entries


def test_the_cache_survives_the_session_and_ignores_damage(tmp_path) -> None:
    from app.library import ScanCache

    root = build(tmp_path)
    folder = tmp_path / "cache"
    first = ScanCache(folder)
    expected = scan_library(root, today=TODAY, cache=first).entries
    assert first.save(root) is None
    [stored] = list(folder.glob("library-*.json"))
    second = ScanCache(folder)
    assert scan_library(root, today=TODAY, cache=second).entries == expected
    assert second.misses == 0 and second.hits == len(expected)
    stored.write_text("{not json", encoding="utf-8")
    third = ScanCache(folder)
    assert scan_library(root, today=TODAY, cache=third).entries == expected
    assert third.hits == 0


def test_parents_outside_the_library_and_several_parents(tmp_path) -> None:
    # a county plan names the city's plan: a higher authority's, not a broken link
    write_plan(tmp_path, "区总体", kind="gov_overall", parent="市总体应急预案")
    # several parents separated by semicolons: the one in the library is taken
    write_plan(tmp_path, "区防汛", kind="gov_special", parent="市防汛预案；区总体")
    write_plan(tmp_path, "区地震", kind="gov_special", parent="市地震预案；省地震预案")
    system = build_system(scan_library(tmp_path, today=TODAY))
    [top] = [n for n in system.roots if n.entry.title == "区总体"]
    assert [c.entry.title for c in top.children] == ["区防汛"]
    assert system.external_parent(top.entry) == "市总体应急预案"
    assert {(i.entry.title, i.code) for i in system.issues} == {("区地震", "broken")}


def test_plans_cited_with_their_unit_or_in_book_title_marks(tmp_path) -> None:
    unit = {"name": "示范化工有限公司"}
    write_plan(tmp_path, "生产安全事故综合应急预案", kind="enterprise_comprehensive", unit=unit)
    write_plan(
        tmp_path,
        "火灾专项",
        kind="enterprise_special",
        unit=unit,
        parent="示范化工有限公司生产安全事故综合应急预案",
    )
    write_plan(
        tmp_path,
        "泄漏专项",
        kind="enterprise_special",
        unit=unit,
        parent="《生产安全事故综合应急预案》",
    )
    system = build_system(scan_library(tmp_path, today=TODAY))
    [top] = system.roots
    assert sorted(c.entry.title for c in top.children) == sorted(["火灾专项", "泄漏专项"])
    assert system.issues == []
