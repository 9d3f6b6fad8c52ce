"""A filing package with unfilled values (issue 17, item 1): counted per document in the
清单, built only as a 草稿 (every page header and every name) unless the user insists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from app.export.layer.draft import draft_headers
from app.export.layer.placeholders import count_docx
from app.filing import GapsRemain, PackageOptions, build_package
from app.storage.plans import load_plan
from tests.conftest import SAMPLE_PLAN
from tests.helpers import run_cli
from tests.integration.test_cli_package import rows_of

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def sample_package(tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("drafts")
    plan = load_plan(SAMPLE_PLAN).model
    return build_package(plan, out, options=PackageOptions(today=TODAY)), plan, out


def test_a_package_with_gaps_is_a_draft_on_every_page_and_in_every_name(sample_package) -> None:
    report, _, _ = sample_package
    assert report.draft and report.marks > 0
    assert "_草稿_" in report.folder.name
    for path in report.folder.iterdir():
        assert path.stem.endswith("_草稿"), path.name
        headers = draft_headers(path.read_bytes())
        assert headers and all("草稿" in h for h in headers), path.name
        for section in docx.Document(str(path)).sections:  # every section shows it
            assert (
                "草稿" in section.header.paragraphs[0].text or section.header.is_linked_to_previous
            )


def test_checklist_gives_every_document_its_gap_count(sample_package) -> None:
    report, _, _ = sample_package
    checklist = next(report.folder.glob("00_*"))
    listed = rows_of(checklist, "材料名称")
    by_number = {str(int(i.filename[:2])): i for i in report.items if i.filename[:2].isdigit()}
    plan_item = next(i for i in report.items if i.key == "plan")
    assert plan_item.marks == count_docx((report.folder / plan_item.filename).read_bytes()) > 0
    seen = 0
    for row in listed:
        item = by_number.get(row[0])
        if item is None or item.key == "checklist":
            continue
        seen += 1
        if item.marks:
            assert row[2] == f"草稿\n待填写{item.marks}处" or f"待填写{item.marks}处" in row[2]
            assert "已生成" not in row[2]
        else:
            assert row[2] == "已生成"
    assert seen == len(report.items) - 1  # every document but the checklist itself
    where = rows_of(checklist, "章节")
    assert sum(int(r[3]) for r in where) == report.marks


def test_final_is_refused_while_gaps_remain(tmp_path, sample_plan_path) -> None:
    plan = load_plan(sample_plan_path).model
    with pytest.raises(GapsRemain) as caught:
        build_package(plan, tmp_path, options=PackageOptions(today=TODAY, final=True))
    assert "不能生成正式备案材料" in caught.value.text("zh")
    assert "待填写" in caught.value.text("zh")
    assert list(tmp_path.iterdir()) == []  # nothing written
    report = build_package(
        plan, tmp_path, options=PackageOptions(today=TODAY, final=True, accept_gaps=True)
    )
    assert not report.draft and "草稿" not in report.folder.name
    assert not any(
        "草稿" in h for p in report.folder.iterdir() for h in draft_headers(p.read_bytes())
    )


def test_cli_says_how_many_gaps_and_where(tmp_path: Path, sample_plan_path) -> None:
    out = tmp_path / "out"
    result = run_cli("package", str(sample_plan_path), "-o", str(out), "--today", "2026-03-01")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "待填写内容共" in result.stderr and "草稿" in result.stderr
    assert "_草稿.docx：待填写" in result.stderr
    refused = run_cli("package", str(sample_plan_path), "-o", str(tmp_path / "f"), "--final")
    assert refused.returncode == 2
    assert "不能生成正式备案材料" in refused.stderr and "Traceback" not in refused.stderr
