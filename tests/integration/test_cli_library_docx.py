"""``library plan -o`` and ``library system -o``: the Word files, reopened and read."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx

from tests.helpers import run_cli
from tests.integration.export_support import W, xml_parts
from tests.unit.test_library import build, build_enterprise

TODAY = "2026-11-23"


def _tables(path: Path) -> list[list[list[str]]]:
    d = docx.Document(str(path))
    return [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.style_id, p.text) for p in docx.Document(str(path)).paragraphs]


def test_work_plan_docx_rows_months_and_forms(tmp_path) -> None:
    out = tmp_path / "工作计划.docx"
    result = run_cli(
        "library", "plan", str(build_enterprise(tmp_path)), "--year", "2027",
        "--today", TODAY, "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "已写入工作计划" in result.stdout and out.exists()
    paragraphs = _paragraphs(out)
    title = next(text for style, text in paragraphs if style == "Title")
    assert title.replace("\n", "") == "乙公司2027年度应急演练和预案修订工作计划"
    texts = [t for _, t in paragraphs]
    assert any(
        "全年计划开展应急演练 7 次（桌面推演 2 次、实战演练 5 次），预案评估 1 项" in t
        for t in texts
    )
    headings = [t for s, t in paragraphs if s == "Heading2"]
    assert headings == [
        "（一）第一季度（1—3月）",
        "（二）第二季度（4—6月）",
        "（三）第三季度（7—9月）",
        "（四）第四季度（10—12月）",
    ]
    tables = _tables(out)
    assert len(tables) == 4  # one per quarter, each with work in it
    head = tables[0][0]
    assert head == ["序号", "月份", "预案名称", "工作内容", "责任单位", "安排依据"]
    rows = [row for table in tables for row in table[1:]]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 9)]
    got = {(row[1], row[2], row[3]) for row in rows}
    assert got == {
        ("1月", "危化品泄漏专项", "桌面推演"),
        ("2月", "火灾专项", "预案评估"),
        ("2月", "配电室现场处置方案", "实战演练"),
        ("3月", "未颁布专项", "桌面推演"),
        ("4月", "综合预案", "实战演练"),
        ("7月", "危化品泄漏专项", "实战演练"),
        ("8月", "配电室现场处置方案", "实战演练"),
        ("10月", "火灾专项", "实战演练"),
    }
    assert all(row[4] == "乙公司" for row in rows)
    assert any("办法第三十三条" in row[5] for row in rows)
    # quarter 1 holds January to March only
    assert {row[1] for row in tables[0][1:]} == {"1月", "2月", "3月"}
    notes = [t for t in texts if t[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert any("第三十三条" in n for n in notes) and any("逾期" in n for n in notes)
    assert texts[-1] == "2026年11月23日" and texts[-2] == "乙公司"
    # official format: A4, GB/T 9704 margins, page numbers in the footer
    parts = xml_parts(out)
    sect = parts["word/document.xml"].find(f".//{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert sect.find(f"{W}pgMar").get(f"{W}top") == "2098"  # 37 mm
    assert any("PAGE" in "".join(r.itertext()) or r.find(f".//{W}instrText") is not None
               for name, r in parts.items() if name.startswith("word/footer"))  # fmt: skip


def test_work_plan_refuses_to_overwrite_without_force(tmp_path) -> None:
    root = build(tmp_path)
    out = tmp_path / "计划.docx"
    out.write_bytes(b"keep me")
    result = run_cli("library", "plan", str(root), "--year", "2027", "-o", str(out))
    assert result.returncode == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"keep me"
    forced = run_cli(
        "library", "plan", str(root), "--year", "2027", "-o", str(out), "--force",
        "--unit", "东江区应急管理局",
    )  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert zipfile.is_zipfile(out)
    assert (tmp_path / "计划.docx.bak").read_bytes() == b"keep me"
    title = next(t for s, t in _paragraphs(out) if s == "Title")
    assert title.replace("\n", "") == "东江区应急管理局2027年度应急演练和预案修订工作计划"
    bad = run_cli("library", "plan", str(root), "--year", "2027", "-o", str(tmp_path / "x.txt"))
    assert bad.returncode == 2 and ".docx" in bad.stderr


def test_system_docx_has_the_diagram_the_table_and_the_issues(tmp_path) -> None:
    out = tmp_path / "预案体系.docx"
    result = run_cli("library", "system", str(build(tmp_path)), "-o", str(out))
    assert result.returncode == 1  # broken links are reported
    assert "已写入预案体系" in result.stdout
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert media and all(n.endswith(".png") for n in media)
        assert z.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
    body = xml_parts(out)["word/document.xml"]
    drawings = list(body.iter(f"{W}drawing"))
    assert len(drawings) == len(media)
    texts = [t for _, t in _paragraphs(out)]
    assert "图1　应急预案体系图" in texts
    [table] = _tables(out)
    assert table[0] == [
        "序号",
        "预案名称",
        "类型",
        "编制单位",
        "上级预案",
        "版本",
        "颁布日期",
        "演练",
    ]
    assert [row[1] for row in table[1:4]] == ["总体预案", "地震预案", "防汛预案"]
    quake = next(row for row in table if row[1] == "地震预案")
    assert quake[4] == "总体预案" and quake[7] == "1"
    assert any("“不存在的预案”在预案库中找不到" in t for t in texts)
    assert any("孤立演练" in t for t in texts)


def test_status_json(tmp_path) -> None:
    result = run_cli(
        "library", "status", str(build(tmp_path)), "--today", TODAY, "--format", "json"
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["plans"] == 6 and data["drills"] == 2 and data["unreadable"] == 2
    by_title = {e["title"]: e for e in data["entries"]}
    quake = by_title["地震预案"]
    assert quake["revision_due"] == "2025-05-01" and quake["open_findings"] == 2
    assert quake["overdue"] and quake["kind"] == "gov_special"
    bad = by_title["坏文件.plan.yaml"]
    assert bad["doc"] == "unreadable" and bad["reason"].startswith("第 1 行")
    overdue = run_cli("library", "status", str(build(tmp_path / "b")), "--today", TODAY,
                      "--format", "json", "--overdue")  # fmt: skip
    assert {e["title"] for e in json.loads(overdue.stdout)["entries"]} == {
        "地震预案",
        "有限空间处置方案",
        "地震桌面推演",
    }


def test_work_plan_in_english(tmp_path) -> None:
    out = tmp_path / "plan.docx"
    result = run_cli(
        "--lang", "en", "library", "plan", str(build_enterprise(tmp_path)), "--year", "2027",
        "--today", TODAY, "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Wrote the work plan" in result.stdout
    paragraphs = _paragraphs(out)
    assert paragraphs[0][1] == "乙公司 2027 work plan for emergency drills and plan revision"
    assert "1.1 First quarter (January–March)" in [t for s, t in paragraphs if s == "Heading2"]
    head = _tables(out)[0][0]
    assert head == ["No.", "Month", "Plan", "Task", "Responsible", "Why"]
    assert any("Art. 33" in row[5] for table in _tables(out) for row in table[1:])
