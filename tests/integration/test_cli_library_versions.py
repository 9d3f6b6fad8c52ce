"""``library history|release|sync|restore`` as a planner types them, and ``package``
recording (and insisting on) the version it was built from."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

from app.storage.plans import load_plan
from tests.git_helpers import PLAN_NAME, fsck_all, git, make_library, needs_git
from tests.helpers import run_cli

pytestmark = needs_git
ZHANG = "张三 <zhangsan@example.cn>"
LI = "李四 <lisi@example.cn>"


def _ok(*args: str) -> str:
    done = run_cli(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_two_machines_share_a_library_through_a_folder(tmp_path: Path) -> None:
    plan_a = make_library(tmp_path / "甲" / "预案库")
    folder_a, folder_b = plan_a.parent, tmp_path / "乙" / "预案库"
    shared = tmp_path / "U盘" / "预案库.git"
    assert "已为" in _ok("library", "history", str(folder_a), "--start", "--author", ZHANG)
    assert "已发送" in _ok(
        "library", "sync", str(folder_a), "--remote", str(shared), "--author", ZHANG
    )
    assert "收到 1 个文件的修改" in _ok(
        "library", "sync", str(folder_b), "--remote", str(shared), "--author", LI
    )
    plan_b = folder_b / PLAN_NAME
    for path, name in ((plan_a, "王建军"), (plan_b, "王建民")):
        path.write_text(path.read_text("utf-8").replace("name: 王建国", f"name: {name}"), "utf-8")
    _ok("library", "sync", str(folder_a), "--author", ZHANG)
    waiting = run_cli("library", "sync", str(folder_b), "--author", LI)
    assert waiting.returncode == 1, waiting.stdout + waiting.stderr
    assert "1 处修改冲突" in waiting.stdout
    assert (
        "1. 综合应急预案.plan.yaml：通讯录 › 王建民 › 姓名/单位（双方都修改了）" in waiting.stdout
    )
    assert "本机：王建民" in waiting.stdout and "对方：王建军" in waiting.stdout
    assert "--choose" in waiting.stderr
    done = _ok("library", "sync", str(folder_b), "--choose", "1=theirs", "--author", LI)
    assert "合并 1 个双方都修改过的文件" in done
    _ok("library", "sync", str(folder_a), "--author", ZHANG)
    assert load_plan(plan_a).model.contacts[1].name == "王建军"
    assert plan_a.read_bytes() == plan_b.read_bytes()

    out = _ok(
        "library", "release", str(folder_a), PLAN_NAME, "--author", ZHANG, "--date", "2026-12-07"
    )
    assert "已发布版本 1.1" in out and "修订记录：" in out and "王建军" in out
    listed = _ok("library", "history", str(folder_a), PLAN_NAME)
    assert "[发布 1.1]" in listed and "李四" in listed and "张三" in listed
    assert "修改 通讯录 王建民：姓名/单位 王建国 → 王建民" in listed
    table = tmp_path / "修订对照表.docx"
    compared = run_cli("library", "history", str(folder_a), PLAN_NAME, "--compare", "current")
    assert compared.returncode == 0  # current against current: the same
    first = git(folder_a, "rev-list", "--max-parents=0", "HEAD").strip()[:8]
    compared = run_cli(
        "library", "history", str(folder_a), PLAN_NAME, "--compare", first, "1.1", "-o", str(table)
    )
    assert compared.returncode == 1, compared.stdout + compared.stderr  # they differ
    assert "修改 通讯录 王建军：姓名/单位 王建国 → 王建军" in compared.stdout
    cells = [c.text for t in docx.Document(str(table)).tables for row in t.rows for c in row.cells]
    assert any("王建军" in c for c in cells) and any("王建国" in c for c in cells)

    restored = _ok("library", "restore", str(folder_a), PLAN_NAME, first, "--author", ZHANG)
    assert "已恢复为版本" in restored
    assert load_plan(plan_a).model.contacts[1].name == "王建国"
    assert "恢复到" in _ok("library", "history", str(folder_a), PLAN_NAME).splitlines()[0]
    assert fsck_all(tmp_path) == 3


def test_package_records_the_version_and_refuses_unrecorded_edits(tmp_path: Path) -> None:
    plan = make_library(tmp_path / "预案库")
    _ok("library", "history", str(plan.parent), "--start", "--author", ZHANG)
    _ok("library", "release", str(plan.parent), PLAN_NAME, "--author", ZHANG)
    out = tmp_path / "备案"
    built = _ok("package", str(plan), "-o", str(out), "--today", "2026-12-07")
    assert "依据版本：发布版本 1.1" in built
    head = git(plan.parent, "rev-parse", "HEAD").strip()
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    for document in folder.glob("*.docx"):
        props = docx.Document(str(document)).core_properties
        assert (props.version, props.identifier) == ("1.1", head), document.name
        with zipfile.ZipFile(document) as z:
            assert z.testzip() is None
    # an edit not recorded as a version: refused, nothing written
    plan.write_text(plan.read_text("utf-8").replace("name: 王建国", "name: 王建军"), "utf-8")
    refused = run_cli("package", str(plan), "-o", str(tmp_path / "备案2"))
    assert refused.returncode == 2
    assert "尚未记录为版本的修改" in refused.stderr and "--allow-uncommitted" in refused.stderr
    assert not (tmp_path / "备案2").exists()
    allowed = _ok(
        "package",
        str(plan),
        "-o",
        str(tmp_path / "备案3"),
        "--allow-uncommitted",
        "--today",
        "2026-12-07",
    )
    assert "含未记录的修改" in allowed
    # outside a library nothing changes: no version to record, no refusal
    loose = make_library(tmp_path / "散放")
    assert "依据版本" not in _ok("package", str(loose), "-o", str(tmp_path / "备案4"))
    fsck_all(tmp_path)
