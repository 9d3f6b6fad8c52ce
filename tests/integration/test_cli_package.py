"""``python -m app package``: the filing package as a user builds it. Every document is
reopened and its content asserted; writing is checked to be all-or-nothing."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from app.filing import PackageExists, PackageOptions, build_package, element_rows
from app.filing import package as package_module
from app.model.plan import Plan
from app.progress import Cancelled, Progress
from app.storage.errors import SaveError
from app.storage.plans import load_plan, save_plan
from app.storage.templates import render_template
from tests.helpers import run_cli
from tests.integration.export_support import full_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TODAY = "2026-03-01"
ENTERPRISE_FILES = [
    "00_应急预案备案材料清单_草稿.docx",
    "01_生产安全事故应急预案备案申报表_草稿.docx",
    "02_应急预案评审意见_草稿.docx",
    "03_示范化工有限公司生产安全事故综合应急预案_草稿.docx",
    "04_岗位应急处置卡_草稿.docx",
    "05_生产安全事故风险评估报告_草稿.docx",
    "06_生产安全事故应急资源调查报告_草稿.docx",
    "07_应急预案评审表_草稿.docx",
]
GOVERNMENT_FILES = [
    "00_应急预案备案材料清单_草稿.docx",
    "01_应急预案备案申报表_草稿.docx",
    "02_应急预案编制说明_草稿.docx",
    "03_东江区突发事件总体应急预案_草稿.docx",
    "04_应急工作手册_草稿.docx",
    "05_突发事件风险评估报告_草稿.docx",
    "06_应急资源调查报告_草稿.docx",
]


def _clean(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stdout + result.stderr


def new_plan(folder: Path, template: str, *sets: str) -> Path:
    path = folder / f"{template}.plan.yaml"
    args = [a for s in sets for a in ("--set", s)]
    result = run_cli("new", "--template", template, "--example", *args, "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


def rows_of(path: Path, header: str) -> list[list[str]]:
    """Body rows of every table whose header row holds ``header``."""
    out: list[list[str]] = []
    for table in docx.Document(str(path)).tables:
        if header in [c.text for c in table.rows[0].cells]:
            out += [[c.text for c in row.cells] for row in table.rows[1:]]
    return out


def red_runs(path: Path) -> list[str]:
    root = etree.fromstring(docx.Document(str(path)).element.xml.encode())
    return [
        "".join(t.text or "" for t in r.iter(f"{W}t"))
        for r in root.iter(f"{W}r")
        if (c := r.find(f"{W}rPr/{W}rStyle")) is not None and c.get(f"{W}val") == "PDPlaceholder"
    ]


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- the enterprise package --------------------------------------------------------------


@pytest.fixture(scope="module")
def enterprise(tmp_path_factory) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("enterprise")
    plan = new_plan(root, "hazchem-comprehensive", "issued=2026-02-10")
    out = root / "out"
    result = run_cli("package", str(plan), "-o", str(out), "--zip", "--today", TODAY)
    _clean(result)
    assert result.returncode == 0, result.stderr
    folder = out / "示范化工有限公司生产安全事故综合应急预案_备案材料_草稿_2026-03-01"
    return {"plan": load_plan(plan).model, "folder": folder, "result": result, "out": out}


def test_enterprise_package_holds_the_right_files(enterprise) -> None:
    folder: Path = enterprise["folder"]
    assert sorted(p.name for p in folder.iterdir()) == ENTERPRISE_FILES
    assert sorted(p.name for p in enterprise["out"].iterdir()) == [
        folder.name,
        f"{folder.name}.zip",
    ]
    for name in ENTERPRISE_FILES:  # every one opens
        assert docx.Document(str(folder / name)).paragraphs
    stdout = enterprise["result"].stdout
    assert f"已生成备案材料：{folder}" in stdout
    assert "备案期限：2026年3月16日" in stdout
    assert "应当对应急预案进行评审" in stdout


def test_application_form_is_prefilled(enterprise) -> None:
    text = full_text(enterprise["folder"] / ENTERPRISE_FILES[1])
    for value in (
        "示范化工有限公司",
        "东江化工园区纬三路8号",
        "王建国",
        "0000-0000000",
        "SFHG-YA-2026-01",
        "综合应急预案",
        "2026年2月10日",
        "危险化学品；中型",
        "申报单位",
        "（盖章）",
        "主要负责人（签字）",
        "备案编号",
    ):
        assert value in text, value
    materials = text[text.index("1. 应急预案评审意见") :]
    assert "2. 《示范化工有限公司生产安全事故综合应急预案》（电子文档）" in materials
    assert "6. 应急预案评审表" in materials
    # no review recorded, no filing authority: marked, in place
    assert "【缺少：评审/论证记录】" in red_runs(enterprise["folder"] / ENTERPRISE_FILES[1])
    assert "【缺少：备案部门】" in text


def test_risk_report_rows(enterprise) -> None:
    plan: Plan = enterprise["plan"]
    path = enterprise["folder"] / ENTERPRISE_FILES[5]
    hazards = [r[1] for r in rows_of(path, "场所/部位") if r[0].isdigit()]
    assert hazards[: len(plan.risks)] == [r.hazard for r in plan.risks]
    levels = {r[0]: r[1] for r in rows_of(path, "数量")}
    assert levels["重大风险"] == "4" and levels["较大风险"] == "3" and levels["合计"] == "10"
    assert "【待补充：各类事故发生的可能性分析】" in red_runs(path)


def test_resource_survey_rows(enterprise) -> None:
    plan: Plan = enterprise["plan"]
    path = enterprise["folder"] / ENTERPRISE_FILES[6]
    assert [r[1] for r in rows_of(path, "规格型号")] == [r.name for r in plan.resources]
    assert "专职消防（气防）队" in [r[1] for r in rows_of(path, "队伍名称")]
    assert "【缺少：应急专家】" in red_runs(path)


def test_review_form_rows_and_the_plan_agree(enterprise) -> None:
    plan: Plan = enterprise["plan"]
    path = enterprise["folder"] / ENTERPRISE_FILES[7]
    rows = rows_of(path, "预案中的位置")
    expected = element_rows(plan)
    assert [r[1] for r in rows] == [e.element.title for e in expected]
    # the places it names are headings of the exported plan
    headings = {
        p.text for p in docx.Document(str(enterprise["folder"] / ENTERPRISE_FILES[3])).paragraphs
    }
    # a 公文 sub-heading is named with its parents' numbers: 四、（一）信息报告
    parents = re.compile(r"^([一二三四五六七八九十]+、)?(（[一二三四五六七八九十]+）)?(\d+\.)?$")
    for row in rows:
        where = row[3]
        if not where.startswith("附件"):
            assert any(
                where.endswith(h) and parents.match(where[: len(where) - len(h)])
                for h in headings
                if h
            ), where


def test_review_opinion_gap(enterprise) -> None:
    path = enterprise["folder"] / ENTERPRISE_FILES[2]
    assert "【缺少：评审/论证记录】" in red_runs(path)
    assert "第二十一条" in full_text(path)


def test_checklist_lists_files_deadline_and_gaps(enterprise) -> None:
    path = enterprise["folder"] / ENTERPRISE_FILES[0]
    text = full_text(path)
    assert "备案期限为2026年3月16日" in text
    assert "截至2026年3月1日，距备案期限还有11个工作日" in text
    assert "《生产安全事故应急预案管理办法》第二十六条" in text
    listed = rows_of(path, "材料名称")
    for name in ENTERPRISE_FILES[1:]:  # each file by the number its name begins with
        assert any(r[0] == str(int(name[:2])) for r in listed), name
    assert not any(".docx" in cell for r in listed for cell in r)  # names, never files
    assert any(r[2] == "须另附" and "评审意见（纪要）原件" in r[1] for r in listed)
    gaps = rows_of(path, "补充方法")
    markers = {r[2] for r in gaps}
    assert {"【缺少：评审/论证记录】", "【缺少：备案部门】", "【缺少：应急专家】"} <= markers
    stderr = enterprise["result"].stderr
    assert f"有 {len(gaps)} 处缺项" in stderr


def test_zip_holds_the_same_files(enterprise) -> None:
    folder: Path = enterprise["folder"]
    with zipfile.ZipFile(folder.with_name(folder.name + ".zip")) as z:
        names = z.namelist()
        assert names == [f"{folder.name}/{n}" for n in ENTERPRISE_FILES]
        for n in ENTERPRISE_FILES:
            assert z.read(f"{folder.name}/{n}") == (folder / n).read_bytes()


# --- the government package --------------------------------------------------------------


def test_government_package(tmp_path) -> None:
    plan = new_plan(tmp_path, "county-overall", "issued=2026-09-18")
    result = run_cli("package", str(plan), "--today", "2026-10-23")  # next to the plan
    _clean(result)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "东江区突发事件总体应急预案_备案材料_草稿_2026-10-23"
    assert sorted(p.name for p in folder.iterdir()) == GOVERNMENT_FILES
    application = full_text(folder / GOVERNMENT_FILES[1])
    assert "东江区人民政府" in application and "2026年9月18日" in application
    assert "印发日期" in application and "评审情况" not in application
    notes = full_text(folder / GOVERNMENT_FILES[2])
    for part in ("编制依据", "编制过程", "主要内容", "征求意见和采纳情况"):
        assert part in notes
    assert "2026年9月18日：东江区人民政府印发实施" in notes
    checklist = full_text(folder / GOVERNMENT_FILES[0])
    assert "国办发〔2024〕5号" in checklist
    assert "备案期限为2026年10月22日" in checklist  # across 中秋 and 国庆
    assert "已超过备案期限1天" in checklist
    assert "应急预案正式印发文本" in checklist
    survey = folder / GOVERNMENT_FILES[6]
    assert "区中心广场" in [r[1] for r in rows_of(survey, "容纳人数")]


# --- safe writing --------------------------------------------------------------------------


def test_existing_package_needs_force(tmp_path) -> None:
    plan = new_plan(tmp_path, "confined-space-onsite")
    out = tmp_path / "out"
    args = ("package", str(plan), "-o", str(out), "--name", "备案", "--zip", "--today", TODAY)
    assert run_cli(*args).returncode == 0
    before = snapshot(out)
    result = run_cli(*args)
    _clean(result)
    assert result.returncode == 2
    assert "备案材料已存在" in result.stderr and "--force" in result.stderr
    assert snapshot(out) == before
    # --force replaces it (a new plan title shows in the new files) and leaves no temp folder
    data = load_plan(plan).model
    data.meta.title = "有限空间作业现场处置方案（修订）"
    save_plan(data, plan)
    result = run_cli(*args, "--force")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["备案", "备案.zip"]
    names = [p.name for p in (out / "备案").iterdir()]
    assert any("修订" in n for n in names)
    assert not any("修订" in n for n in before)


def test_output_that_is_a_file_or_unreadable_plan_exits_2(tmp_path) -> None:
    plan = new_plan(tmp_path, "confined-space-onsite")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = run_cli("package", str(plan), "-o", str(blocker))
    _clean(result)
    assert result.returncode == 2 and "不是文件夹" in result.stderr
    bad = tmp_path / "bad.plan.yaml"
    bad.write_text("meta: [", encoding="utf-8")
    result = run_cli("package", str(bad), "-o", str(tmp_path / "o"))
    _clean(result)
    assert result.returncode == 2
    assert not (tmp_path / "o").exists()


def hazchem(**values: str) -> Plan:
    return render_template("hazchem-comprehensive", values, use_examples=True)


class CancelAfter(Progress):
    def __init__(self, reports: int) -> None:
        super().__init__()
        self.left = reports
        self.seen: list[tuple[int, int]] = []

    def report(self, done, total, label) -> None:  # type: ignore[no-untyped-def]
        self.seen.append((done, total))
        self.left -= 1
        if self.left == 0:
            self.cancel()
        super().report(done, total, label)


@pytest.mark.parametrize("reports", [1, 5, 30, 60])
def test_a_cancelled_build_leaves_nothing_behind(tmp_path, reports: int) -> None:
    options = PackageOptions(zip=True, today=dt.date(2026, 3, 1))
    with pytest.raises(Cancelled):
        build_package(hazchem(), tmp_path, options=options, progress=CancelAfter(reports))
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_replacement_keeps_the_old_package(tmp_path) -> None:
    options = PackageOptions(zip=True, today=dt.date(2026, 3, 1), name="备案")
    build_package(hazchem(), tmp_path, options=options)
    before = snapshot(tmp_path)
    forced = PackageOptions(zip=True, today=dt.date(2026, 3, 1), name="备案", force=True)
    with pytest.raises(Cancelled):
        build_package(hazchem(), tmp_path, options=forced, progress=CancelAfter(40))
    assert snapshot(tmp_path) == before


def test_a_failed_write_leaves_nothing_and_keeps_the_old_package(tmp_path, monkeypatch) -> None:
    options = PackageOptions(today=dt.date(2026, 3, 1), name="备案")
    build_package(hazchem(), tmp_path, options=options)
    before = snapshot(tmp_path)
    real = package_module.write_atomic
    calls = {"n": 0}

    def failing(path, data, *, backup=True):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise SaveError(str(path), package_module.T("磁盘空间不足", "disk full"))
        real(path, data, backup=backup)

    monkeypatch.setattr(package_module, "write_atomic", failing)
    with pytest.raises(SaveError):
        build_package(
            hazchem(), tmp_path, options=PackageOptions(**{**options.__dict__, "force": True})
        )
    assert snapshot(tmp_path) == before


def test_exists_is_refused_before_any_work(tmp_path) -> None:
    (tmp_path / "备案").mkdir()
    progress = CancelAfter(10_000)
    with pytest.raises(PackageExists):
        build_package(hazchem(), tmp_path, options=PackageOptions(name="备案"), progress=progress)
    assert progress.seen == []
    assert [p.name for p in tmp_path.iterdir()] == ["备案"]


def test_progress_runs_forward_to_the_end(tmp_path) -> None:
    progress = CancelAfter(10_000)
    build_package(hazchem(), tmp_path, options=PackageOptions(zip=True), progress=progress)
    done = [d for d, _ in progress.seen]
    assert done == sorted(done)
    assert progress.seen[-1][0] == progress.seen[-1][1]
    assert len({t for _, t in progress.seen}) == 1  # one total for the whole package


def test_a_plan_without_groups_still_gets_a_package(tmp_path) -> None:
    plan = Plan.model_validate(
        {"meta": {"title": "现场处置方案", "kind": "enterprise_onsite", "unit": {"name": "甲公司"}}}
    )
    report = build_package(plan, tmp_path, options=PackageOptions(today=dt.date(2026, 3, 1)))
    cards = next(i for i in report.items if i.key == "cards")
    assert not cards.generated and "工作组" in cards.note
    names = sorted(p.name for p in report.folder.iterdir())
    assert "04_岗位应急处置卡_草稿.docx" not in names and len(names) == 7
    checklist = full_text(report.folder / "00_应急预案备案材料清单_草稿.docx")
    assert "未生成" in checklist
    assert "【缺少：风险清单】" in full_text(
        report.folder / "05_生产安全事故风险评估报告_草稿.docx"
    )
    assert "【缺少：颁布日期】" in checklist


def test_filing_documents_use_the_official_document_styles(enterprise) -> None:
    """Fonts come from the GB/T 9704 style sheet, never from runs: Word shows the
    official fonts wherever they are installed."""
    for name in ENTERPRISE_FILES:
        if name.startswith(("03_", "04_")):
            continue  # the plan and the cards: the export's own tests
        path = enterprise["folder"] / name
        with zipfile.ZipFile(path) as z:
            body = etree.fromstring(z.read("word/document.xml"))
            styles = etree.fromstring(z.read("word/styles.xml"))
        assert body.find(f".//{W}rFonts") is None, name
        east_asia = {
            s.get(f"{W}styleId"): s.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")
            for s in styles.iter(f"{W}style")
            if s.find(f"{W}rPr/{W}rFonts") is not None
        }
        assert east_asia["Title"] == "方正小标宋简体"
        assert east_asia["BodyText"] == "仿宋_GB2312"
        assert east_asia["Heading1"] == "黑体"
        first = docx.Document(str(path)).paragraphs[0]
        assert first.style.style_id == "Title", name
        page = docx.Document(str(path)).sections[0]
        assert round(page.page_width.mm) == 210 and round(page.top_margin.mm) == 37


def test_a_government_plans_missing_date_is_named_as_its_form_names_it(tmp_path) -> None:
    """The 清单 row of a government plan says 印发日期; its gap marker said 颁布日期."""
    plan = Plan.model_validate(
        {"meta": {"title": "总体应急预案", "kind": "gov_overall", "unit": {"name": "乙区人民政府"}}}
    )
    report = build_package(plan, tmp_path, options=PackageOptions(today=dt.date(2026, 3, 1)))
    checklist = next(p for p in report.folder.iterdir() if p.name.startswith("00_"))
    text = full_text(checklist)
    assert "【缺少：印发日期】" in text and "颁布日期" not in text
