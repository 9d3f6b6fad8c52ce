"""A real full disk, a file size limit and a read-only folder during a save.

The operating system itself refuses the write; nothing is monkeypatched:

* ``RLIMIT_FSIZE``: a child process may not write past a few kilobytes (SIGXFSZ is
  ignored, so the write fails with EFBIG the way a quota does);
* a read-only folder (``chmod 555``). Root ignores permissions, so as root the child
  drops to ``nobody`` first; where even that cannot be arranged the case is skipped;
* a real full disk and a read-only file system: a small tmpfs, filled up or remounted
  read-only (root only, where mounting is allowed).

Every time the domain function raises a ``SaveError`` with a message a user can act on
(Chinese, naming the reason, saying the original is untouched), the CLI exits with 2 and
prints it, and the original file is byte-identical, its ``.bak`` too, with no temp file
left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.badinput.corpus import BASE_PLAN
from tests.badinput.guard import CliRun, CliRunner, snapshot, warm_cli
from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX limits and permissions")

SAMPLE_DRILL = ROOT / "resources" / "sample" / "无脚本综合演练.drill.yaml"  # 32 KB
LIMIT = 8 * 1024  # bytes a limited child may write to any one file
SMALL_PLAN = """\
schema: plandrill/plan@1
meta:
  title: 旧版本
  kind: enterprise_onsite
  unit:
    name: 甲公司
"""

# Runs one domain operation and reports how it failed, as JSON.
DOMAIN = r"""
import json, sys
from pathlib import Path
from app.storage.errors import StorageError

op, target, source = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
try:
    if op == "save_plan":
        from app.storage.plans import load_plan, save_plan
        save_plan(load_plan(source).model, target)
    elif op == "save_drill":
        from app.storage.drills import load_drill, save_drill
        save_drill(load_drill(source).model, target)
    elif op == "export_plan":
        from app.export import export_plan
        from app.storage.plans import load_plan
        export_plan(load_plan(source).model, target)
    elif op == "export_cards":
        from app.export import export_cards
        from app.storage.plans import load_plan
        export_cards(load_plan(source).model, target)
    elif op == "journal":
        from app.storage.journal import JournalWriter, read_journal
        acked = []
        try:
            with JournalWriter.create(target, {"drill": {"title": "演练"}}) as writer:
                for n in range(100_000):
                    acked.append(writer.append("note", {"text": "记录" * 50, "n": n}).seq)
        finally:
            print(json.dumps({"acked": acked}), file=sys.stderr)
    else:
        raise SystemExit(f"unknown op {op}")
except StorageError as exc:
    print(json.dumps({"error": type(exc).__name__, "zh": exc.text("zh"),
                      "en": exc.text("en"), "file": exc.filename}))
else:
    print(json.dumps({"error": None}))
"""


# --- how the children are limited -----------------------------------------------------------

FILE_SIZE_LIMIT = {"fsize": LIMIT}
PERMISSIONS_BIND = {"drop_dac": True}  # as root: give up overriding permissions


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRunner]:
    """Commands forked from a warm helper; each child applies its limits first."""
    with warm_cli(tmp_path_factory, "faults") as cli:
        yield cli


def run_domain(runner: CliRunner, op: str, target: Path, source: Path, limits: dict) -> dict:
    run = runner.run([op, str(target), str(source)], cwd=ROOT, limits=limits, code=DOMAIN)
    if run.returncode == 98:
        pytest.skip(f"cannot apply {limits} here: {run.stderr.strip()}")
    assert run.returncode == 0 and "Traceback" not in run.output, run.describe()
    result = json.loads(run.stdout.strip().splitlines()[-1])
    if op == "journal":
        result.update(json.loads(run.stderr.strip().splitlines()[-1]))
    return result


def run_cli(runner: CliRunner, args: list[str], cwd: Path, limits: dict) -> CliRun:
    run = runner.run(args, cwd=cwd, limits=limits)
    assert run.returncode != 98, run.describe()
    assert "Traceback" not in run.output and "内部错误" not in run.output, run.describe()
    return run


def assert_clear(message: str, reason: str) -> None:
    """A message a user can act on: the reason, in Chinese, and that nothing was lost."""
    assert reason in message, message
    assert "原文件未改动" in message or "最后一条未记录成功" in message, message
    assert "Errno" not in message and "File too large" not in message, message


# --- the folder with the originals --------------------------------------------------------


def _originals(folder: Path) -> dict[str, Path]:
    """Small old versions of each kind of file, with backups, as after some saves."""
    from app.export import export_plan
    from app.storage.plans import loads_plan

    plan = folder / "预案.plan.yaml"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    (folder / "预案.plan.yaml.bak").write_text(SMALL_PLAN.replace("旧版本", "更旧"), "utf-8")
    drill = folder / "演练.drill.yaml"
    drill.write_text("schema: plandrill/drill@1\nmeta:\n  title: 旧演练\n", encoding="utf-8")
    document = folder / "预案.docx"
    document.write_bytes(b"old document")  # stands for any earlier file at the target
    cards = folder / "处置卡.docx"
    cards.write_bytes(b"old cards")
    # a small plan whose text alone is past the file size limit: quick to export
    newer = BASE_PLAN.replace("  body: 储罐区存放液氯。", "  body: " + "储罐区存放液氯。" * 500)
    newer = newer.replace("    action: 关闭上游阀门", "    action: " + "关闭上游阀门，" * 500)
    (folder / "新.plan.yaml").write_text(newer, encoding="utf-8")
    shutil.copy(SAMPLE_DRILL, folder / "新.drill.yaml")
    export_plan(loads_plan(newer).model, folder / "导入.docx")
    return {"plan": plan, "drill": drill, "docx": document, "cards": cards}


DOMAIN_OPS = [
    ("save_plan", "预案.plan.yaml", "新.plan.yaml"),
    ("save_drill", "演练.drill.yaml", "新.drill.yaml"),
    ("export_plan", "预案.docx", "新.plan.yaml"),
    ("export_cards", "处置卡.docx", "新.plan.yaml"),
]

CLI_OPS = [
    ["export", "新.plan.yaml", "-o", "预案.docx"],
    ["export", "新.plan.yaml", "--cards", "-o", "处置卡.docx"],
    ["import-docx", "导入.docx", "-o", "预案.plan.yaml", "--force"],
    ["new", "--template", "hazchem-comprehensive", "-o", "预案.plan.yaml", "--force"],
    ["drill", "new", "--from-plan", "新.plan.yaml", "-o", "演练.drill.yaml", "--force"],
    ["diff", "预案.plan.yaml", "新.plan.yaml", "-o", "预案.docx", "--force"],
]


def _check_all(runner: CliRunner, folder: Path, limits: dict, reason: str) -> None:
    """Every domain save and every CLI write into ``folder`` fails cleanly."""
    before = snapshot(folder)
    for op, target, source in DOMAIN_OPS:
        result = run_domain(runner, op, folder / target, folder / source, limits)
        assert result["error"] == "SaveError", (op, result)
        assert result["file"] == str(folder / target)
        assert_clear(result["zh"], reason)
        assert snapshot(folder) == before, op
    for args in CLI_OPS:
        run = run_cli(runner, args, folder, limits)
        assert run.returncode == 2, run.describe()
        assert_clear(run.stderr, reason)
        assert snapshot(folder) == before, args


# --- the cases ----------------------------------------------------------------------------


def test_file_size_limit(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "预案库"
    folder.mkdir()
    _originals(folder)
    _check_all(runner, folder, FILE_SIZE_LIMIT, "超出了系统或磁盘配额允许的大小")


def test_file_size_limit_mid_drill_keeps_every_acknowledged_entry(
    runner: CliRunner, tmp_path: Path
) -> None:
    from app.storage.journal import read_journal

    journal = tmp_path / "演练.20260101-090000.journal.jsonl"
    result = run_domain(runner, "journal", journal, journal, FILE_SIZE_LIMIT)
    assert result["error"] == "SaveError"
    assert_clear(result["zh"], "超出了系统或磁盘配额允许的大小")
    read = read_journal(journal)
    assert not read.problems  # the refused entry left no fragment behind
    assert [e.seq for e in read.entries] == [0, *result["acked"]]
    assert len(result["acked"]) > 5 and journal.stat().st_size <= LIMIT


PROBE = """
import pathlib, sys
try:
    pathlib.Path(sys.argv[1]).touch()
except PermissionError:
    raise SystemExit(1)
"""


def test_read_only_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    _originals(folder)
    folder.chmod(0o555)
    try:
        probe = runner.run([str(folder / "probe")], cwd=ROOT, limits=PERMISSIONS_BIND, code=PROBE)
        if probe.returncode == 98:
            pytest.skip(f"cannot give up root's overriding here: {probe.stderr.strip()}")
        if probe.returncode == 0:
            pytest.skip("permissions do not bind here, even for a root without overriding")
        assert probe.returncode == 1, probe.describe()
        _check_all(runner, folder, PERMISSIONS_BIND, "没有写入权限")
    finally:
        folder.chmod(0o755)


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
    )
    return done.returncode == 0


@contextlib.contextmanager
def small_disk(tmp_path: Path, size: str = "2m") -> Iterator[Path]:
    where = tmp_path / "disk"
    where.mkdir()
    if not _mount_tmpfs(where, size):
        pytest.skip("needs root allowed to mount a small tmpfs")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)
        if os.path.ismount(where):
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_real_full_disk(runner: CliRunner, tmp_path: Path) -> None:
    with small_disk(tmp_path) as disk:
        folder = disk / "预案库"
        folder.mkdir()
        _originals(folder)
        fd = os.open(disk / "filler.bin", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            with contextlib.suppress(OSError):
                while True:  # every last block
                    os.write(fd, b"\0" * 4096)
        finally:
            os.close(fd)
        assert shutil.disk_usage(disk).free < 4096
        _check_all(runner, folder, {}, "磁盘空间不足")


def test_read_only_file_system(runner: CliRunner, tmp_path: Path) -> None:
    with small_disk(tmp_path, "8m") as disk:
        folder = disk / "预案库"
        folder.mkdir()
        _originals(folder)
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        if remount.returncode != 0:
            pytest.skip("cannot remount read-only here")
        _check_all(runner, folder, {}, "只读")
