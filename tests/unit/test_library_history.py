"""Versions of a library's plans: recorded saves, releases filling the 修订记录, comparing
and restoring versions. Every repository a test makes must pass ``git fsck``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.library import history
from app.library.repo import HistoryError, LibraryRepo
from app.storage.plans import load_plan
from tests.git_helpers import LI, ZHANG, edit, fsck_all, git, make_library, needs_git

pytestmark = needs_git
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = make_library(tmp_path / "预案库")
    history.start(path.parent, ZHANG).close()
    yield path
    assert fsck_all(tmp_path) >= 1


def _mobile(number: str):  # type: ignore[no-untyped-def]
    def change(p):  # type: ignore[no-untyped-def]
        p.contacts[1].mobile = number

    return change


def test_start_records_every_plan_as_the_first_version(plan: Path) -> None:
    log = git(plan.parent, "log", "--format=%an|%ae|%s")
    assert log.strip() == "张三|zhangsan@example.cn|开启版本记录：1 个文件"
    assert git(plan.parent, "ls-files").strip() == plan.name
    assert git(plan.parent, "status", "--porcelain") == ""


def test_a_save_becomes_a_version_described_in_the_plans_words(plan: Path) -> None:
    edit(plan, _mobile("13912345678"))
    commit = history.record_version(plan, LI)
    assert commit is not None
    versions = history.plan_history(plan)
    assert versions[0].id == commit
    newest = versions[0]
    assert newest.author == "李四"
    assert newest.details == ["修改 通讯录 王建国：手机 【待填写】 → 13912345678"]
    assert "c-commander" not in newest.subject  # names, never ids
    assert git(plan.parent, "log", "-1", "--format=%an %s").strip() == (
        "李四 修改 通讯录 王建国：手机 【待填写】 → 13912345678"
    )
    assert git(plan.parent, "status", "--porcelain") == ""
    # saving the same content again records nothing
    edit(plan, _mobile("13912345678"))
    assert history.record_version(plan, LI) is None
    assert len(history.plan_history(plan)) == 2


def test_no_version_outside_a_library_or_in_a_repository_planDrill_does_not_manage(
    tmp_path: Path,
) -> None:
    loose = make_library(tmp_path / "散放")
    assert history.record_version(loose, ZHANG) is None
    other = make_library(tmp_path / "别的仓库")
    git(other.parent, "init", "-q")
    assert history.record_version(other, ZHANG) is None
    assert git(other.parent, "rev-list", "--all").strip() == ""
    with pytest.raises(HistoryError, match="未由 PlanDrill 管理"):
        history.plan_history(other)


def test_release_names_a_version_and_fills_the_revision_record(plan: Path) -> None:
    edit(plan, _mobile("13912345678"))
    history.record_version(plan, ZHANG)

    def body(p):  # type: ignore[no-untyped-def]
        p.sections[1].body += "\n新增：储罐区液位监测。"

    edit(plan, body)  # not recorded yet: the release records it first
    result = history.release(plan, LI, today=DAY)
    assert result.name == "1.1"  # the sample's 修订记录 already has 1.0
    saved = load_plan(plan).model
    assert saved.meta.version == "1.1"
    entry = saved.meta.revision_history[-1]
    assert (entry.version, entry.date, entry.author) == ("1.1", DAY, "李四")
    assert "章节 二、事故风险描述：正文已修改" in entry.summary
    assert "通讯录 王建国：手机 【待填写】 → 13912345678" in entry.summary
    assert git(plan.parent, "tag", "-l").strip() == "综合应急预案@1.1"
    assert git(plan.parent, "cat-file", "-t", "综合应急预案@1.1").strip() == "tag"
    assert git(plan.parent, "status", "--porcelain") == ""
    newest = history.plan_history(plan)[0]
    assert newest.releases == ["1.1"] and newest.subject.startswith("发布版本 1.1")

    # nothing changed since: no second release
    with pytest.raises(HistoryError, match="没有修改"):
        history.release(plan, LI, today=DAY)
    edit(plan, _mobile("13800000000"))
    second = history.release(plan, LI, name="2.0", today=DAY)
    assert second.summary == "修改 通讯录 王建国：手机 13912345678 → 13800000000"
    assert [r.name for r in history.releases(LibraryRepo.open(plan.parent), plan.name)] == [
        "1.1",
        "2.0",
    ]
    with pytest.raises(HistoryError, match="已经发布过"):
        edit(plan, _mobile("13700000000"))
        history.release(plan, LI, name="2.0", today=DAY)


def test_first_release_of_a_new_plan_is_its_own_version(tmp_path: Path) -> None:
    path = make_library(tmp_path / "库")

    def fresh(p):  # type: ignore[no-untyped-def]
        p.meta.revision_history = []

    edit(path, fresh)
    history.start(path.parent, ZHANG).close()
    result = history.release(path, ZHANG, today=DAY)
    assert (result.name, result.summary, result.first) == ("1.0", "首次发布", True)
    assert load_plan(path).model.meta.revision_history[-1].summary == "首次发布"
    fsck_all(tmp_path)


def test_any_two_versions_compare_with_the_plan_comparison(plan: Path) -> None:
    edit(plan, _mobile("13912345678"))
    history.release(plan, ZHANG, today=DAY)
    edit(plan, _mobile("13800000000"))
    first_id = history.plan_history(plan)[-1].id
    diff = history.compare(plan, "1.1", "current")
    assert [c.describe("zh") for c in diff.changes] == [
        "修改 通讯录 王建国：手机 13912345678 → 13800000000"
    ]
    older = history.compare(plan, first_id[:8], "1.1")
    described = [c.describe("zh") for c in older.changes]
    assert "修改 基本信息：版本号 1.0 → 1.1" in described
    with pytest.raises(HistoryError, match="找不到版本"):
        history.compare(plan, "9.9")


def test_restore_makes_an_old_version_the_newest_without_rewriting_history(plan: Path) -> None:
    original = plan.read_bytes()
    first = history.plan_history(plan)[-1].id
    edit(plan, _mobile("13912345678"))
    history.record_version(plan, ZHANG)
    before = git(plan.parent, "rev-list", "HEAD").split()
    restored = history.restore(plan, first[:10], LI)
    assert restored is not None
    assert plan.read_bytes() == original
    after = git(plan.parent, "rev-list", "HEAD").split()
    assert after[1:] == before  # one new version on top, nothing rewritten
    newest = history.plan_history(plan)[0]
    assert newest.author == "李四" and newest.subject.startswith("恢复到")
    assert newest.details == ["修改 通讯录 王建国：手机 13912345678 → 【待填写】"]
    assert (plan.parent / (plan.name + ".bak")).exists()  # the replaced file is kept
    assert history.restore(plan, first[:10], LI) is None  # already that content


def test_the_history_cache_follows_the_repository(plan: Path) -> None:
    edit(plan, _mobile("13912345678"))
    history.record_version(plan, ZHANG)
    edit(plan, _mobile("13800000000"))
    history.record_version(plan, ZHANG)
    assert len(history.plan_history(plan)) == 3
    # someone moves the branch back with the git command line: the cache starts over
    git(plan.parent, "reset", "-q", "--hard", "HEAD~1")
    assert history.plan_history(plan)[0].details[0].endswith("13912345678")
    assert len(history.plan_history(plan)) == 2
    (LibraryRepo.open(plan.parent).state / history.CACHE_NAME).write_bytes(b"not sqlite")
    assert len(history.plan_history(plan)) == 2


def test_edits_made_elsewhere_are_recorded_together(plan: Path) -> None:
    second = plan.with_name("现场处置方案.plan.yaml")
    second.write_bytes(plan.read_bytes())
    edit(plan, _mobile("13912345678"))
    assert history.record_pending(plan.parent, ZHANG) is not None
    touched = history.library_history(plan.parent)[0].paths
    assert touched == sorted([plan.name, second.name])
    assert history.record_pending(plan.parent, ZHANG) is None
