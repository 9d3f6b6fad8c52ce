"""Sharing a library through a bare repository on a local folder (the office's shared
drive or USB disk): two machines, each with its own library folder, edit offline and
sync. Different elements merge with no conflict; the same field edited twice is one
conflict; every repository the tests create passes ``git fsck``."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.library import history
from app.library.merge import MINE, THEIRS
from app.library.repo import HistoryError, LibraryRepo
from app.library.sync import fetch_library, pending_merge, sync
from app.storage.plans import load_plan
from tests.git_helpers import LI, PLAN_NAME, ZHANG, edit, fsck_all, git, make_library, needs_git

pytestmark = needs_git


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Machine A's library, shared to a new folder; machine B fetched it."""
    plan_a = make_library(tmp_path / "甲电脑" / "预案库")
    history.start(plan_a.parent, ZHANG).close()
    shared = tmp_path / "共享盘" / "预案库.git"
    first = sync(plan_a.parent, ZHANG, remote=str(shared))
    assert first.created_remote and first.sent
    folder_b = tmp_path / "乙电脑" / "预案库"
    joined = fetch_library(str(shared), folder_b, LI)
    assert joined.received == [PLAN_NAME]
    plan_b = folder_b / PLAN_NAME
    assert plan_b.read_bytes() == plan_a.read_bytes()
    yield plan_a, plan_b, shared
    assert fsck_all(tmp_path) == 3


def _set(area: str, index: int, name: str, value: object):  # type: ignore[no-untyped-def]
    def change(plan):  # type: ignore[no-untyped-def]
        setattr(getattr(plan, area)[index], name, value)

    return change


def test_offline_edits_to_different_elements_merge_without_conflict(office) -> None:  # type: ignore[no-untyped-def]
    plan_a, plan_b, _shared = office
    edit(plan_a, _set("contacts", 1, "mobile", "13900000001"))  # saved, not yet recorded
    edit(plan_b, _set("contacts", 0, "phone", "0571-88880000"))
    edit(plan_b, _set("sections", 3, "title", "应急响应（修订）"))
    assert sync(plan_a.parent, ZHANG).sent
    result = sync(plan_b.parent, LI)
    assert result.conflicts == [] and result.merged == [PLAN_NAME] and result.sent
    assert result.others == ["张三"]
    back = sync(plan_a.parent, ZHANG)
    assert back.received == [PLAN_NAME] and back.others == ["李四"]
    for path in (plan_a, plan_b):
        plan = load_plan(path)
        assert not plan.problems
        assert plan.model.contacts[1].mobile == "13900000001"
        assert plan.model.contacts[0].phone == "0571-88880000"
        assert plan.model.sections[3].title == "应急响应（修订）"
    assert plan_a.read_bytes() == plan_b.read_bytes()
    assert git(plan_a.parent, "status", "--porcelain") == ""
    assert git(plan_b.parent, "status", "--porcelain") == ""
    # the history shows who did what, on both machines
    authors = {v.author for v in history.plan_history(plan_a)}
    assert {"张三", "李四"} <= authors
    assert sync(plan_a.parent, ZHANG).up_to_date


def test_the_same_field_edited_twice_is_one_conflict_until_chosen(office) -> None:  # type: ignore[no-untyped-def]
    plan_a, plan_b, _shared = office
    edit(plan_a, _set("contacts", 1, "mobile", "13900000001"))
    edit(plan_b, _set("contacts", 1, "mobile", "13900000002"))
    edit(plan_b, _set("contacts", 0, "phone", "0571-88880000"))
    sync(plan_a.parent, ZHANG)
    history.record_pending(plan_b.parent, LI)  # sync records it first anyway
    before = plan_b.read_bytes()
    head_before = git(plan_b.parent, "rev-parse", "HEAD")
    waiting = sync(plan_b.parent, LI)
    [conflict] = waiting.conflicts
    assert conflict.file == PLAN_NAME and conflict.where.zh == "通讯录 › 王建国 › 手机"
    assert (conflict.mine, conflict.theirs) == ("13900000002", "13900000001")
    assert not waiting.sent and plan_b.read_bytes() == before  # nothing written or sent
    assert git(plan_b.parent, "rev-parse", "HEAD") == head_before
    assert pending_merge(plan_b.parent) is not None
    # the same question again until answered
    assert [c.id for c in sync(plan_b.parent, LI).conflicts] == [conflict.id]
    done = sync(plan_b.parent, LI, choices={conflict.id: THEIRS})
    assert done.conflicts == [] and done.sent and [c.choice for c in done.decided] == [THEIRS]
    assert pending_merge(plan_b.parent) is None
    sync(plan_a.parent, ZHANG)
    for path in (plan_a, plan_b):
        plan = load_plan(path).model
        assert plan.contacts[1].mobile == "13900000001"
        assert plan.contacts[0].phone == "0571-88880000"
    merge = git(plan_b.parent, "log", "-1", "--format=%P%n%B").splitlines()
    assert len(merge[0].split()) == 2  # a real merge: both lines of work are kept
    assert any("通讯录 › 王建国 › 手机 采用对方的修改" in line for line in merge)


def test_keeping_mine_sends_mine(office) -> None:  # type: ignore[no-untyped-def]
    plan_a, plan_b, _shared = office
    edit(plan_a, _set("contacts", 1, "mobile", "13900000001"))
    edit(plan_b, _set("contacts", 1, "mobile", "13900000002"))
    sync(plan_a.parent, ZHANG)
    [conflict] = sync(plan_b.parent, LI).conflicts
    sync(plan_b.parent, LI, choices={conflict.id: MINE})
    sync(plan_a.parent, ZHANG)
    assert load_plan(plan_a).model.contacts[1].mobile == "13900000002"


def test_new_and_deleted_plans_and_releases_travel(office) -> None:  # type: ignore[no-untyped-def]
    plan_a, plan_b, _shared = office
    other = plan_b.with_name("现场处置方案.plan.yaml")
    other.write_bytes(plan_b.read_bytes())
    history.release(plan_a, ZHANG)
    sync(plan_a.parent, ZHANG)
    sync(plan_b.parent, LI)
    sync(plan_a.parent, ZHANG)
    assert (plan_a.parent / other.name).exists()
    assert "综合应急预案@1.1" in git(plan_b.parent, "tag", "-l")
    assert load_plan(plan_b).model.meta.version == "1.1"
    (plan_a.parent / other.name).unlink()
    sync(plan_a.parent, ZHANG)
    sync(plan_b.parent, LI)
    assert not other.exists()


def test_an_unreachable_shared_location_loses_nothing(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan_a, _plan_b, shared = office
    edit(plan_a, _set("contacts", 1, "mobile", "13900000001"))
    moved = tmp_path / "拔下的U盘"
    shared.rename(moved)
    shared.parent.rmdir()
    (tmp_path / "共享盘").write_text("not a folder")  # the drive letter now points elsewhere
    with pytest.raises(HistoryError, match="共享位置"):
        sync(plan_a.parent, ZHANG)
    # the edit is recorded locally all the same; with the disk back, sync goes through
    assert history.plan_history(plan_a)[0].details[0].endswith("13900000001")
    (tmp_path / "共享盘").unlink()
    (tmp_path / "共享盘").mkdir()
    moved.rename(shared)
    assert sync(plan_a.parent, ZHANG).sent


def test_a_folder_with_other_files_is_not_taken_as_shared_store(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan_a, _b, _shared = office
    busy = tmp_path / "别的文件夹"
    busy.mkdir()
    (busy / "通知.txt").write_text("x", encoding="utf-8")
    with pytest.raises(HistoryError, match="不是共享预案库"):
        sync(plan_a.parent, ZHANG, remote=str(busy))
    with LibraryRepo.open(plan_a.parent):
        pass
