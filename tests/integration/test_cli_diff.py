"""``python -m app diff`` as a user runs it, and the 修订对照表 .docx it writes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from app.compare import build_comparison_docx, diff_plans
from app.model.plan import Contact, Plan, Revision, Section
from app.storage.plans import load_plan, save_plan
from tests.docscan import text_of
from tests.helpers import run_cli

BASE_PLAN = Path(__file__).resolve().parents[1] / "data" / "compare-base.plan.yaml"


@pytest.fixture
def base_plan_path() -> Path:
    return BASE_PLAN


def east_asia(style) -> str | None:  # type: ignore[no-untyped-def]
    """The East Asian font a paragraph style (or the one it is based on) sets."""
    while style is not None:
        rpr = style.element.rPr
        fonts = rpr.rFonts if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
    return None


@pytest.fixture
def versions(tmp_path: Path, base_plan_path: Path) -> tuple[Path, Path]:
    old = load_plan(base_plan_path).model
    new: Plan = old.model_copy(deep=True)
    new.meta.version = "2.0"
    new.sections[0].children[0].body = "本预案适用于本公司厂区和码头发生的生产安全事故的应急处置。"
    new.sections[4].children.append(
        Section(id="s-media", title="信息公开", body="由办公室统一发布。")
    )
    del new.sections[6].children[3]  # 7.4 其他保障
    new.sections.insert(1, new.sections.pop(3))  # 应急组织机构及职责 moves up
    new.contacts[0].phone = "0000-7654321"
    new.contacts.append(Contact(id="c-120", name="急救中心", phone="120"))
    a, b = tmp_path / "v1.plan.yaml", tmp_path / "v2.plan.yaml"
    save_plan(old, a)
    save_plan(new, b)
    return a, b


def test_identical_files(tmp_path: Path, base_plan_path: Path) -> None:
    result = run_cli("diff", str(base_plan_path), str(base_plan_path))
    assert result.returncode == 0
    assert result.stdout.strip() == "两个版本没有差异。"


def test_summary_lines_and_exit_1(versions: tuple[Path, Path]) -> None:
    result = run_cli("diff", *map(str, versions))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "共 7 处变化：新增 2，删除 1，移动 1，修改 3。",
        "修改 基本信息：版本号 1.0 → 2.0",
        "修改 章节 1.1 适用范围：正文已修改",
        "移动 章节 2 应急组织机构及职责：调整顺序（4 → 2）",
        "新增 章节 5.7 信息公开",
        "删除 章节 7.4 其他保障",
        "修改 通讯录 值班室：办公电话 0000-0000000 → 0000-7654321",
        "新增 通讯录 急救中心",
    ]
    english = run_cli("--lang", "en", "diff", *map(str, versions))
    assert english.returncode == 1
    assert english.stdout.splitlines()[:3] == [
        "7 changes: 2 added, 1 removed, 1 moved, 3 changed.",
        "changed Plan details: Version 1.0 → 2.0",
        "changed Sections 1.1 适用范围: Text changed",
    ]


def test_comparison_table_docx(tmp_path: Path, versions: tuple[Path, Path]) -> None:
    target = tmp_path / "修订对照表.docx"
    result = run_cli("diff", *map(str, versions), "-o", str(target))
    assert result.returncode == 1
    assert f"已写入修订对照表 {target}" in result.stdout
    doc = Document(str(target))
    title = next(p for p in doc.paragraphs if p.text)
    assert title.text == "《生产安全事故综合应急预案》修订对照表"
    assert (title.style.font.size.pt, east_asia(title.style)) == (22, "方正小标宋简体")
    assert any("原版本 1.0 → 修订版本 2.0" in p.text for p in doc.paragraphs)
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["原条款", "修订后条款", "修订理由"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == 7
    # the reason column: the record gives none here (a marked gap), then what was done
    assert all(r[2].startswith("【待填写：修订理由】") for r in rows)
    rows = [[r[0], r[1], r[2].splitlines()[-1][1:-1]] for r in rows]  # "（…）"
    by_note = {r[2]: r for r in rows}
    version = by_note["修改版本号"]
    assert version[0] == "基本信息 · 版本号\n1.0" and version[1] == "基本信息 · 版本号\n2.0"
    scope = by_note["修改正文"]
    assert scope[0].startswith("1.1 适用范围\n本预案适用于本公司厂区内")
    assert scope[1].startswith("1.1 适用范围\n本预案适用于本公司厂区和码头")
    assert any(
        r[1].startswith("5.7 信息公开\n由办公室统一发布。") and r[0] == "（无）" for r in rows
    )
    assert any(
        r[0].startswith("7.4 其他保障") and r[1] == "（删除）" and r[2] == "删除" for r in rows
    )
    assert any(
        r[2] == "调整顺序（4 → 2）" and r[1].startswith("2 应急组织机构及职责") for r in rows
    )
    assert any(r[1].startswith("通讯录 · 值班室") and r[2] == "修改办公电话" for r in rows)
    # deleted text is struck through on the left, new text bold and underlined in the middle
    scope_row = next(row for row in table.rows[1:] if row.cells[2].text.endswith("（修改正文）"))
    old_runs = [r for p in scope_row.cells[0].paragraphs for r in p.runs]
    new_runs = [r for p in scope_row.cells[1].paragraphs for r in p.runs]
    assert (
        "".join(r.text for r in old_runs if r.font.strike)
        == "内火灾、爆炸、危险化学品泄漏、中毒窒息等"
    )
    assert "".join(r.text for r in new_runs if r.bold and r.underline) == "和码头"
    heading = new_runs[0]
    assert heading.text == "1.1 适用范围" and heading.bold and not heading.underline
    cell_style = scope_row.cells[1].paragraphs[0].style
    assert east_asia(cell_style) == "仿宋_GB2312"
    assert east_asia(table.rows[0].cells[0].paragraphs[0].style) == "黑体"
    # GB/T 9704 page: A4, margins 37/35/28/26 mm, "— N —" page numbers on odd and even pages
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [37, 35, 28, 26]
    assert round((section.page_width - section.left_margin - section.right_margin) / Mm(1)) == 156
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in "".join(p.text for p in footer.paragraphs)
        jc = footer._element.find(f".//{qn('w:jc')}")
        assert jc is not None and jc.get(qn("w:val")) == align  # GB/T 9704 §7.5


def test_no_changes_table_and_output_rules(tmp_path: Path, base_plan_path: Path) -> None:
    target = tmp_path / "same.docx"
    result = run_cli("diff", str(base_plan_path), str(base_plan_path), "-o", str(target))
    assert result.returncode == 0
    doc = Document(str(target))
    assert doc.tables[0].rows[1].cells[0].text == "两个版本没有差异"
    written = target.read_bytes()
    again = run_cli("diff", str(base_plan_path), str(base_plan_path), "-o", str(target))
    assert again.returncode == 2 and "--force" in again.stderr
    assert target.read_bytes() == written
    assert (
        run_cli(
            "diff", str(base_plan_path), str(base_plan_path), "-o", str(target), "--force"
        ).returncode
        == 0
    )
    wrong = run_cli("diff", str(base_plan_path), str(base_plan_path), "-o", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 2 and ".docx" in wrong.stderr


def test_unreadable_version_exits_2(tmp_path: Path, base_plan_path: Path) -> None:
    bad = tmp_path / "bad.plan.yaml"
    bad.write_text("meta: [", encoding="utf-8")
    target = tmp_path / "t.docx"
    result = run_cli("diff", str(base_plan_path), str(bad), "-o", str(target))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(bad) in lines[0]
    assert not target.exists()
    missing = run_cli("diff", str(base_plan_path), str(tmp_path / "none.plan.yaml"))
    assert missing.returncode == 2 and "文件不存在" in missing.stderr


def test_comparison_table_gives_reasons_chinese_dates_and_a_sign_off(
    tmp_path: Path, base_plan_path: Path
) -> None:
    """Issue 17: ISO dates, the kind of a change instead of its reason, no 落款."""
    old = load_plan(base_plan_path).model
    new: Plan = old.model_copy(deep=True)
    new.meta.version = "2.0"
    new.meta.last_evaluated = dt.date(2026, 2, 20)
    new.sections[0].children[0].body = "本预案适用于本公司厂区和码头发生的生产安全事故的应急处置。"
    new.meta.revision_history.append(
        Revision(
            version="2.0",
            date=dt.date(2026, 3, 15),
            summary="1. 新建码头投用，适用范围增加码头；\n2. 按评估结论补记最近评估日期。",
        )
    )
    d = Document(io.BytesIO(build_comparison_docx(diff_plans(old, new))))
    (table,) = d.tables
    rows = {r.cells[0].text.split("\n")[0]: r.cells[2].text for r in table.rows[1:]}
    assert rows["1.1 适用范围"] == "新建码头投用，适用范围增加码头\n（修改正文）"
    assert rows["基本信息 · 最近评估日期"].startswith("按评估结论补记最近评估日期")
    assert rows["基本信息 · 修订记录"].startswith("【待填写：修订理由】")  # the record says not
    text = "\n".join(text_of(build_comparison_docx(diff_plans(old, new))))
    assert "2026年2月20日" in text and "2026-02-20" not in text  # dates in Chinese
    assert "2026-03-15" not in text
    closing = [p.text for p in d.paragraphs if p.text][-2:]
    assert closing == ["示范化工有限公司", "2026年3月15日"]
    assert d.paragraphs[-1].style.style_id == d.paragraphs[-2].style.style_id  # 落款 style
    # without a record of the version: both parts of the 落款 are marked gaps
    new.meta.revision_history.clear()
    new.meta.unit.name = ""
    d = Document(io.BytesIO(build_comparison_docx(diff_plans(old, new))))
    closing = [p.text for p in d.paragraphs if p.text][-2:]
    assert closing == ["【待填写：修订单位】", "【待填写：修订日期】"]
