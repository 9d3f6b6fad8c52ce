"""Findings: carried from a session into the drill file, linked to plan elements,
closed with a revision entry, reported when overdue, found from the plan's side."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.findings import (
    FindingError,
    by_element,
    canonical_ref,
    close_in_files,
    element_label,
    finding_problems,
    findings_under,
    linked_findings,
    merge_findings,
    next_version,
    record_drill,
    ref_path,
    revise_plan,
    sync_journal,
    unsynced_findings,
    update_in_file,
    why_not_revised,
)
from app.model.drill import (
    Drill,
    Finding,
    FindingSeverity,
    FindingStatus,
    element_digest,
    resolve_plan_ref,
)
from app.model.problems import Severity
from app.storage.drills import load_drill, save_drill
from app.storage.plans import load_plan, save_plan
from tests.drill_docs_sessions import record_sample
from tests.drill_samples import SAMPLE_PLAN, copy_sample

TODAY = dt.date(2026, 8, 10)


@pytest.fixture
def played(tmp_path: Path) -> tuple[Path, Path, Path]:
    drill, journal = record_sample(tmp_path)
    return drill, journal, tmp_path / SAMPLE_PLAN.name


def _finding(ident: str, text: str, session: str | None = "S1", **kw) -> Finding:  # type: ignore[no-untyped-def]
    return Finding(id=ident, text=text, session=session, **kw)


# --- merging a session's findings into the drill file --------------------------------------------


def test_merge_adds_new_skips_carried_and_renumbers_clashes() -> None:
    drill = Drill(findings=[_finding("F1", "手工记录的问题", session=None)])
    incoming = [_finding("F1", "关阀超时"), _finding("F2", "口径不一")]
    result = merge_findings(drill, incoming)
    assert [f.text for f in result.added] == ["关阀超时", "口径不一"]
    assert result.renamed == {"F1": "F3"}  # F1 was taken, F2 is the session's own
    assert [f.id for f in drill.findings] == ["F1", "F3", "F2"]
    again = merge_findings(drill, incoming)  # a second sync adds nothing, even the renamed one
    assert again.added == [] and again.already == 2
    assert len(drill.findings) == 3


def test_merge_keeps_what_the_drill_file_changed_since() -> None:
    drill = Drill(findings=[_finding("F1", "关阀超时", status=FindingStatus.CLOSED, owner="张三")])
    merge_findings(drill, [_finding("F1", "关阀超时")])
    assert drill.findings[0].status is FindingStatus.CLOSED and drill.findings[0].owner == "张三"


def test_sync_carries_session_findings_into_the_drill_file_once(played) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, _ = played
    assert load_drill(drill_path).model.findings == []
    before = load_drill(drill_path).model
    assert [f.text for f, _ in unsynced_findings(before, drill_path)] == [
        "抢险救援组关阀超时，个体防护未到位",
        "媒体询问无人答复，对外口径未明确",
    ]
    result = sync_journal(journal)
    assert result.drill_saved and len(result.merge.added) == 2
    held = load_drill(drill_path).model.findings
    assert [f.id for f in held] == ["F1", "F2"]
    assert held[0].severity is FindingSeverity.SERIOUS
    assert held[0].due == dt.date(2026, 7, 31) and held[0].owner == "生产副总经理"
    assert held[0].ref == "procedures/gen-ii/steps/gen-ii-02"
    assert held[0].session == result.session
    assert unsynced_findings(load_drill(drill_path).model, drill_path) == []
    second = sync_journal(journal)
    assert second.merge.added == [] and not second.drill_saved
    assert len(load_drill(drill_path).model.findings) == 2


def test_sync_records_the_held_drill_in_the_plan_once(played) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, plan_path = played
    result = sync_journal(journal, record_history=True)
    assert result.plan_saved and result.drill_record is not None
    history = load_plan(plan_path).model.meta.drill_history
    assert [(r.date, r.title, r.form, r.file) for r in history] == [
        (dt.date(2026, 6, 16), "液氯储罐泄漏事故桌面推演", "桌面演练", drill_path.name)
    ]
    again = sync_journal(journal, record_history=True)
    assert again.drill_record is None and not again.plan_saved
    assert len(load_plan(plan_path).model.meta.drill_history) == 1


def test_sync_refuses_history_for_a_session_not_ended(tmp_path: Path) -> None:
    _drill_path, journal = record_sample(tmp_path, end=False)
    plan_path = tmp_path / SAMPLE_PLAN.name
    plan_before = plan_path.read_bytes()
    with pytest.raises(FindingError) as err:
        sync_journal(journal, record_history=True)
    assert "尚未结束" in err.value.text("zh")
    assert plan_path.read_bytes() == plan_before


def test_sync_refuses_a_drill_file_with_schema_errors(played) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, _ = played
    text = drill_path.read_text(encoding="utf-8").replace("form: tabletop", "form: 沙盘")
    drill_path.write_text(text, encoding="utf-8")
    with pytest.raises(FindingError) as err:
        sync_journal(journal)
    assert "格式错误" in err.value.text("zh")
    assert drill_path.read_text(encoding="utf-8") == text  # untouched, nothing salvaged away


# --- the link to the plan ------------------------------------------------------------------------


def test_ref_forms_resolve_to_schema_paths() -> None:
    plan = load_plan(SAMPLE_PLAN).model
    proc = next(i for i, p in enumerate(plan.procedures) if p.id == "gen-ii")
    step = next(i for i, s in enumerate(plan.procedures[proc].steps) if s.id == "gen-ii-02")
    assert ref_path(plan, "procedures/gen-ii/steps/gen-ii-02") == (
        "procedures",
        proc,
        "steps",
        step,
    )
    assert ref_path(plan, "steps/gen-ii-02") == ("procedures", proc, "steps", step)
    assert canonical_ref(plan, "/steps/gen-ii-02/") == "procedures/gen-ii/steps/gen-ii-02"
    assert ref_path(plan, "procedures/gen-ii") == ("procedures", proc)
    # a nested section: response → report
    path = ref_path(plan, "sections/report")
    assert path is not None and path[0] == "sections" and "children" in path
    node = plan
    for part in path:
        node = node[part] if isinstance(part, int) else getattr(node, part)  # type: ignore[index]
    assert node.id == "report"  # type: ignore[attr-defined]
    assert ref_path(plan, "organization/g-rescue")[:2] == ("organization", "groups")  # type: ignore[index]
    contact = next(i for i, c in enumerate(plan.contacts) if c.id == "c-duty")
    assert ref_path(plan, "contacts/c-duty") == ("contacts", contact)
    assert ref_path(plan, "meta") == ("meta",)
    for missing in ("steps/nope", "sections/nope", "procedures/gen-ii/steps/x", "bogus/1", ""):
        assert ref_path(plan, missing) is None
    assert element_label(plan, "sections/report") == "章节“信息报告”"
    assert element_label(plan, "steps/nope").endswith("（预案中已不存在）")


def test_finding_link_survives_save_and_reload_of_both_files(played, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, plan_path = played
    sync_journal(journal)
    plan = load_plan(plan_path).model
    before = {
        f.id: (ref_path(plan, f.ref or ""), element_label(plan, f.ref))
        for f in load_drill(drill_path).model.findings
    }
    # save both files as the editor would, then read them back
    save_plan(load_plan(plan_path).model, plan_path)
    save_drill(load_drill(drill_path).model, drill_path)
    plan2 = load_plan(plan_path).model
    after = {
        f.id: (ref_path(plan2, f.ref or ""), element_label(plan2, f.ref))
        for f in load_drill(drill_path).model.findings
    }
    assert after == before
    assert all(path is not None for path, _ in after.values())
    linked = linked_findings(plan_path)
    assert [(p.name, len(d.findings)) for p, d in linked.drills] == [(drill_path.name, 2)]
    index = by_element(plan2, linked.findings)
    assert sorted(lf.finding.id for items in index.values() for lf in items) == ["F1", "F2"]
    proc_path = after["F1"][0][:2]  # ("procedures", n): the procedure shows its step's finding
    assert [lf.finding.id for lf in findings_under(index, proc_path)] == ["F1"]


def test_linked_findings_only_take_drills_of_this_plan(tmp_path: Path) -> None:
    drill_path = copy_sample(tmp_path)
    drill = load_drill(drill_path).model
    drill.findings = [Finding(id="F1", text="本预案的问题", ref="sections/report")]
    save_drill(drill, drill_path)
    other = drill.model_copy(deep=True)
    other.meta.plan = "别的预案.plan.yaml"
    other.findings = [Finding(id="F1", text="别的预案的问题")]
    save_drill(other, tmp_path / "别的演练.drill.yaml")
    (tmp_path / "坏的.drill.yaml").write_text("meta: [\n", encoding="utf-8")
    linked = linked_findings(tmp_path / SAMPLE_PLAN.name)
    assert [lf.finding.text for lf in linked.findings] == ["本预案的问题"]
    assert [p.code for p in linked.problems] == ["finding.drill_unreadable"]
    assert "坏的.drill.yaml" in linked.problems[0].message.zh


def test_overdue_findings_become_problems_on_their_element(tmp_path: Path) -> None:
    drill_path = copy_sample(tmp_path)
    plan_path = tmp_path / SAMPLE_PLAN.name
    drill = load_drill(drill_path).model
    drill.findings = [
        Finding(
            id="F1", text="逾期未改", due=dt.date(2026, 8, 1), ref="steps/gen-ii-02", owner="张三"
        ),
        Finding(id="F2", text="已改完", due=dt.date(2026, 8, 1), status=FindingStatus.CLOSED),
        Finding(id="F3", text="未到期", due=dt.date(2026, 9, 1), ref="sections/report"),
        Finding(id="F4", text="指向已删除的步骤", ref="steps/gone"),
    ]
    save_drill(drill, drill_path)
    loaded = load_plan(plan_path)
    linked = linked_findings(plan_path)
    problems = finding_problems(
        loaded.model, linked, TODAY, lines=loaded.lines, filename=str(plan_path)
    )
    assert [p.code for p in problems] == ["finding.overdue", "finding.dangling"]
    overdue = problems[0]
    assert overdue.severity is Severity.WARNING
    assert (
        "F1" in overdue.message.zh
        and "逾期 9 天" in overdue.message.zh
        and "张三" in overdue.message.zh
    )
    assert overdue.path == ref_path(loaded.model, "steps/gen-ii-02")
    assert overdue.line == loaded.lines.line_for(overdue.path) and overdue.line is not None
    assert overdue.file == str(plan_path)
    assert "F4" in problems[1].message.zh
    assert all(p.message.en for p in problems)


# --- closing, revising, updating -----------------------------------------------------------------


def test_close_with_revision_adds_one_entry_and_bumps_the_version(played) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, plan_path = played
    sync_journal(journal)
    _revise(plan_path, _ref_of(drill_path, "F1"))
    version = load_plan(plan_path).model.meta.version
    result = close_in_files(drill_path, "F1", revise=True, bump=True, author="李明", today=TODAY)
    assert result.drill_saved and result.revision_added
    closed = {f.id: f.status for f in load_drill(drill_path).model.findings}
    assert closed == {"F1": FindingStatus.CLOSED, "F2": FindingStatus.OPEN}
    meta = load_plan(plan_path).model.meta
    assert meta.version == next_version(version) != version
    last = meta.revision_history[-1]
    assert (last.version, last.date, last.author) == (meta.version, TODAY, "李明")
    assert "F1" in last.summary and "抢险救援组关阀超时" in last.summary
    assert "专职消防" in last.summary  # the full step, not an abbreviation
    # closing again changes nothing and adds no second entry
    again = close_in_files(drill_path, "F1", revise=plan_path, bump=True, today=TODAY)
    assert again.was is FindingStatus.CLOSED and not again.drill_saved and not again.revision_added
    assert len(load_plan(plan_path).model.meta.revision_history) == len(meta.revision_history)
    assert load_plan(plan_path).model.meta.version == meta.version


def _ref_of(drill_path: Path, ident: str) -> str:
    ref = next(f for f in load_drill(drill_path).model.findings if f.id == ident).ref
    assert ref
    return ref


def _revise(plan_path: Path, ref: str) -> None:
    plan = load_plan(plan_path).model
    step = resolve_plan_ref(plan, ref)
    step.action += "（到场后5分钟内关闭紧急切断阀）"  # type: ignore[union-attr]
    save_plan(plan, plan_path)


def test_a_finding_closes_into_a_revision_only_once_its_element_changed(played) -> None:  # type: ignore[no-untyped-def]
    """Issue 18 item 9: close --revise --bump wrote 1.1 and 「修订…第5步」 for an unchanged step."""
    drill_path, journal, plan_path = played
    sync_journal(journal)
    f1 = next(f for f in load_drill(drill_path).model.findings if f.id == "F1")
    plan = load_plan(plan_path).model
    assert f1.baseline == element_digest(plan, _ref_of(drill_path, "F1"))  # noted when found
    before = (drill_path.read_bytes(), plan_path.read_bytes())
    with pytest.raises(FindingError) as refused:
        close_in_files(drill_path, "F1", revise=True, bump=True, today=TODAY)
    assert "以来没有修改" in refused.value.text("zh")
    assert (drill_path.read_bytes(), plan_path.read_bytes()) == before  # nothing written
    close_in_files(drill_path, "F2", today=TODAY)  # closing without a revision is always fine
    _revise(plan_path, _ref_of(drill_path, "F1"))
    assert close_in_files(drill_path, "F1", revise=True, bump=True, today=TODAY).revision_added


def test_an_older_finding_without_baseline_records_one_first(played) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, plan_path = played
    sync_journal(journal)
    drill = load_drill(drill_path).model
    for f in drill.findings:
        f.baseline = None  # as in a drill file written before baselines existed
    save_drill(drill, drill_path)
    with pytest.raises(FindingError) as refused:
        close_in_files(drill_path, "F1", revise=True, today=TODAY)
    assert "无法确认" in refused.value.text("zh")
    update_in_file(drill_path, "F1", baseline=True)  # findings update DRILL F1 --baseline
    with pytest.raises(FindingError):
        close_in_files(drill_path, "F1", revise=True, today=TODAY)
    _revise(plan_path, _ref_of(drill_path, "F1"))
    assert close_in_files(drill_path, "F1", revise=True, today=TODAY).revision_added


def test_a_new_ref_takes_the_new_elements_baseline(played) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, plan_path = played
    sync_journal(journal)
    update_in_file(drill_path, "F2", ref="contacts/c-duty")
    f2 = load_drill(drill_path).model.findings[1]
    assert f2.baseline == element_digest(load_plan(plan_path).model, "contacts/c-duty")
    assert why_not_revised(load_plan(plan_path).model, f2) is not None


def test_close_checks_both_files_before_writing_either(played) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, plan_path = played
    sync_journal(journal)
    drill_before = drill_path.read_bytes()
    with pytest.raises(FindingError):
        close_in_files(drill_path, "F9", revise=True)
    broken = plan_path.read_text(encoding="utf-8").replace("kind: ", "kind: 不存在的类型 #", 1)
    plan_path.write_text(broken, encoding="utf-8")
    with pytest.raises(FindingError):
        close_in_files(drill_path, "F1", revise=True)
    assert drill_path.read_bytes() == drill_before


def test_update_changes_status_owner_due_and_ref(played) -> None:  # type: ignore[no-untyped-def]
    drill_path, journal, _ = played
    sync_journal(journal)
    update_in_file(
        drill_path,
        "F2",
        status="in_progress",
        owner="王五",
        due=dt.date(2026, 9, 30),
        ref="contacts/c-duty",
    )
    f2 = load_drill(drill_path).model.findings[1]
    assert (f2.status, f2.owner, f2.due, f2.ref) == (
        FindingStatus.IN_PROGRESS,
        "王五",
        dt.date(2026, 9, 30),
        "contacts/c-duty",
    )
    with pytest.raises(FindingError):
        update_in_file(drill_path, "F2", status="done")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("1.0", "1.1"),
        ("2", "2.1"),
        ("V1.9", "V1.10"),
        ("2026版", "2026.1版"),
        ("", "1.1"),
        ("试行", "试行.1"),
    ],
)
def test_next_version(before: str, after: str) -> None:
    assert next_version(before) == after


def test_revise_and_record_in_memory() -> None:
    plan = load_plan(SAMPLE_PLAN).model
    drill = load_drill(SAMPLE_PLAN.with_name("液氯泄漏桌面推演.drill.yaml")).model
    rev, added = revise_plan(plan, "修订信息报告", date=TODAY, version="2.0")
    assert added and plan.meta.version == "2.0" and rev.version == "2.0"
    assert revise_plan(plan, "修订信息报告", date=TODAY) == (rev, False)
    record = record_drill(plan, drill, held=dt.date(2026, 6, 16), drill_file="x.drill.yaml")
    assert record is not None and record.form == "桌面演练"
    assert record_drill(plan, drill, held=dt.date(2026, 6, 16), drill_file="x.drill.yaml") is None
