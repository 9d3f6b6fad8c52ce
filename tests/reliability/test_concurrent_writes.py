"""A write never replaces a file that changed on disk after it was read.

``write_atomic(expect=)`` compares content hashes, so a change that keeps size and
modification time counts too. The CLI's ``--force`` writes fingerprint their target
when they decide to replace it: a save that lands while the command runs (the editor
saving the same plan) is not overwritten; the command says so and exits 2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.export import plan_docx_bytes
from app.storage.atomic import NOT_THERE, backup_path, target_state, write_atomic
from app.storage.errors import ConflictError
from app.storage.guard import digest
from app.storage.plans import load_plan, loads_plan, save_plan
from app.storage.templates import list_templates
from tests.badinput.corpus import BASE_PLAN


def test_write_atomic_refuses_a_changed_file_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "a.plan.yaml"
    target.write_bytes(b"one\n")
    seen = digest(b"one\n")
    info = target.stat()
    target.write_bytes(b"two\n")  # same size, and the old time put back
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(ConflictError) as caught:
        write_atomic(target, b"mine\n", expect=seen)
    assert "已被修改" in caught.value.text("zh") and caught.value.filename == str(target)
    assert target.read_bytes() == b"two\n" and not backup_path(target).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.plan.yaml"]  # no temp file left
    assert write_atomic(target, b"mine\n", expect=digest(b"two\n")) == digest(b"mine\n")


def test_a_file_that_appeared_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "new.plan.yaml"
    assert target_state(target) == NOT_THERE
    target.write_bytes(b"theirs\n")
    with pytest.raises(ConflictError):
        write_atomic(target, b"mine\n", expect=NOT_THERE)
    assert target.read_bytes() == b"theirs\n"


def test_a_deleted_file_may_be_written_again(tmp_path: Path) -> None:
    target = tmp_path / "gone.plan.yaml"
    write_atomic(target, b"mine\n", expect=digest(b"was here\n"))
    assert target.read_bytes() == b"mine\n"


def test_save_plan_returns_the_digest_a_next_save_expects(tmp_path: Path) -> None:
    plan = loads_plan(BASE_PLAN).model
    target = tmp_path / "p.plan.yaml"
    first = save_plan(plan, target)
    assert load_plan(target).digest == first
    plan.meta.version = "2.0"
    second = save_plan(plan, target, expect=first)
    with pytest.raises(ConflictError):
        save_plan(plan, target, expect=first)  # first is no longer what is there
    assert load_plan(target).digest == second


def test_import_docx_force_does_not_replace_a_plan_saved_while_it_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import app.cli.import_docx as command

    source = tmp_path / "预案.docx"
    source.write_bytes(plan_docx_bytes(loads_plan(BASE_PLAN).model)[0])
    target = tmp_path / "预案.plan.yaml"
    target.write_text(BASE_PLAN, encoding="utf-8")
    edited = BASE_PLAN.replace("version: '1.0'", "version: '1.1'")
    real = command.import_docx

    def slow_import(*args: Any, **kwargs: Any) -> Any:
        target.write_text(edited, encoding="utf-8")  # the editor saves meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(command, "import_docx", slow_import)
    code = main(["import-docx", str(source), "-o", str(target), "--force"])
    err = capsys.readouterr().err
    assert code == 2 and "已被修改" in err and str(target) in err
    assert target.read_text(encoding="utf-8") == edited
    # run again: the command looks at the plan as it is now, and replaces it
    monkeypatch.setattr(command, "import_docx", real)
    assert main(["import-docx", str(source), "-o", str(target), "--force"]) == 0
    assert load_plan(backup_path(target)).model.meta.version == "1.1"


def test_new_force_refuses_a_target_that_changed_while_it_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import app.cli.new as command

    target = tmp_path / "新预案.plan.yaml"
    target.write_text(BASE_PLAN, encoding="utf-8")
    real = command.render_template

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        target.write_text(BASE_PLAN + "# 编辑器刚保存\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(command, "render_template", meanwhile)
    template = list_templates()[0].id
    code = main(["new", "--template", template, "-o", str(target), "--force"])
    assert code == 2 and "已被修改" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8").endswith("# 编辑器刚保存\n")
