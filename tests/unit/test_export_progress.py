"""Progress and cancellation: a cancelled or failed export writes nothing."""

from __future__ import annotations

import threading

import pytest

from app.export import Cancelled, ExportError, ExportOptions, Progress, export_cards, export_plan
from app.i18n import T
from app.storage.errors import SaveError
from app.storage.plans import load_plan


def test_report_calls_back_and_raises_once_cancelled() -> None:
    seen: list[tuple[int, int, str]] = []
    progress = Progress(lambda d, t, label: seen.append((d, t, label.zh)))
    progress.report(1, 4, T("封面", "Cover"))
    assert seen == [(1, 4, "封面")]
    assert (progress.done, progress.total, progress.label.en) == (1, 4, "Cover")
    progress.cancel()
    assert progress.cancelled
    with pytest.raises(Cancelled):
        progress.report(2, 4, T("正文", "Body"))
    assert len(seen) == 1


def test_cancel_from_another_thread() -> None:
    progress = Progress()
    thread = threading.Thread(target=progress.cancel)
    thread.start()
    thread.join()
    with pytest.raises(Cancelled):
        progress.check()


def test_export_reports_monotonic_progress_to_the_end(sample_plan_path, tmp_path) -> None:
    plan = load_plan(sample_plan_path).model
    seen: list[tuple[int, int]] = []
    labels: list[str] = []

    def record(done: int, total: int, label: T) -> None:
        seen.append((done, total))
        labels.append(label.zh)

    export_plan(plan, tmp_path / "a.docx", progress=Progress(record))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert all(0 <= d <= t for d, t in seen)
    assert seen[-1][0] == seen[-1][1]
    assert any(label.startswith("正文：") for label in labels)
    assert any(label.startswith("附件") for label in labels)


@pytest.mark.parametrize("export", [export_plan, export_cards])
def test_cancel_midway_leaves_the_old_file_alone(sample_plan_path, tmp_path, export) -> None:
    plan = load_plan(sample_plan_path).model
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous export")
    progress = Progress()
    calls = 0

    def cancel_on_third(done: int, total: int, label: T) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            progress.cancel()

    progress._callback = cancel_on_third
    with pytest.raises(Cancelled):
        export(plan, out, progress=progress)
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_bad_reference_writes_nothing(sample_plan_path, tmp_path) -> None:
    plan = load_plan(sample_plan_path).model
    bad = tmp_path / "ref.docx"
    bad.write_bytes(b"not a docx")
    with pytest.raises(ExportError):
        export_plan(plan, tmp_path / "out.docx", options=ExportOptions(reference_doc=bad))
    assert not (tmp_path / "out.docx").exists()


def test_unwritable_target_is_a_save_error(sample_plan_path, tmp_path) -> None:
    plan = load_plan(sample_plan_path).model
    with pytest.raises(SaveError):
        export_plan(plan, tmp_path / "no such folder" / "out.docx")
