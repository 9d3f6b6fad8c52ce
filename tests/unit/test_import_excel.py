"""Excel and CSV registers: import, column mapping remembered, export and back (issue 19)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.export.excel import registers_xlsx_bytes
from app.export.parts import TABLES, Lookup
from app.importer.excel import Mapping, MappingMemory, import_excel, merge_registers
from app.model.plan import Plan
from app.paths import sample_plan
from app.storage.errors import LoadError
from app.storage.plans import load_plan

PARTS = ("contacts", "resources", "teams", "experts", "shelters")
ROOT = Path(__file__).resolve().parents[2]


def _without_registers(plan: Plan) -> Plan:
    empty = plan.model_copy(deep=True)
    for part in PARTS:
        setattr(empty, part, [])
    return empty


def _tables(plan: Plan) -> dict[str, list[list[object]]]:
    lookup = Lookup(plan)
    return {p: TABLES[p](plan, lookup).rows for p in PARTS if not plan.part_is_empty(p)}


def test_exported_workbook_imports_back_the_same_registers(tmp_path: Path) -> None:
    plan = load_plan(sample_plan()).model
    path = tmp_path / "名录.xlsx"
    path.write_bytes(registers_xlsx_bytes(plan))
    result = import_excel(path)
    again = merge_registers(_without_registers(plan), result)
    assert _tables(again) == _tables(plan)
    assert {s.part for s in result.sheets} == {p for p in PARTS if getattr(plan, p)}


def _xlsx(
    path: Path, rows: list[list[object]], merges: list[str] = (), title: str = "Sheet1"
) -> Path:  # type: ignore[assignment]
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    book.save(path)
    return path


def test_title_row_two_header_rows_and_merged_cells(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "物资.xlsx",
        [
            ["应急物资储备表", None, None, None],
            ["物资名称", "数量", "存放", None],
            [None, None, "地点", "负责人"],
            ["编织袋", 5000, "一号仓库", "王强"],
            ["救生衣", 200, "一号仓库", "王强"],
        ],
        ["A1:D1", "A2:A3", "B2:B3", "C2:D2"],
    )
    result = import_excel(path)
    rows = result.parts["resources"]
    assert [(r["name"], r["quantity"], r["place"], r["keeper"]) for r in rows] == [
        ("编织袋", 5000, "一号仓库", "王强"),
        ("救生衣", 200, "一号仓库", "王强"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_csv_in_utf8_and_gbk(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "通讯录.csv"
    text = "姓名,职务,联系电话\r\n张建国,总经理,13800000001\r\n刘洋,副总经理,13800000002\r\n"
    path.write_bytes(text.encode(encoding))
    result = import_excel(path)
    assert [(c["name"], c["title"], c["phone"]) for c in result.parts["contacts"]] == [
        ("张建国", "总经理", "13800000001"),
        ("刘洋", "副总经理", "13800000002"),
    ]


def test_chinese_header_synonyms(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "队伍.xlsx",
        [
            ["序号", "救援队伍", "专业类型", "队员人数", "队长", "手机", "驻地地址"],
            [1, "消防救援大队", "消防", "45人", "赵刚", 13900000001, "城东路1号"],
        ],
    )
    team = import_excel(path).parts["teams"][0]
    assert (team["name"], team["specialty"], team["size"], team["leader"], team["place"]) == (
        "消防救援大队",
        "消防",
        45,
        "赵刚",
        "城东路1号",
    )
    assert team["phone"] == "13900000001"  # a number cell, not 13900000001.0


def test_a_mapping_is_used_and_remembered(tmp_path: Path) -> None:
    rows: list[list[object]] = [["人", "号码", "地方"], ["张建国", "13800000001", "一车间"]]
    path = _xlsx(tmp_path / "奇怪.xlsx", rows)
    with pytest.raises(LoadError) as bad:
        import_excel(path)
    assert "没有识别出任何名录" in bad.value.text("zh") and "人 | 号码 | 地方" in bad.value.text(
        "zh"
    )
    memory = MappingMemory(tmp_path / "settings" / "excel-columns.json")
    mapping = Mapping("contacts", {"name": "人", "mobile": "号码", "org": "地方"})
    first = import_excel(path, mapping=mapping)
    memory.remember(first.sheets[0].headers, mapping)
    again = import_excel(_xlsx(tmp_path / "又一份.xlsx", rows), memory=MappingMemory(memory.path))
    assert again.sheets[0].remembered
    assert [(c["name"], c["mobile"], c["org"]) for c in again.parts["contacts"]] == [
        ("张建国", "13800000001", "一车间")
    ]


def test_merge_gives_fresh_ids_and_links_working_groups(tmp_path: Path) -> None:
    plan = load_plan(sample_plan()).model
    group = plan.organization.groups[0]
    path = tmp_path / "c.csv"
    path.write_text(f"姓名,所在部门,手机\n新同事,{group.name},13700000009\n", encoding="utf-8")
    merged = merge_registers(plan, import_excel(path))
    added = merged.contacts[-1]
    assert added.name == "新同事" and added.org_unit == group.id
    assert len({c.id for c in merged.contacts}) == len(merged.contacts) == len(plan.contacts) + 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel"),
        (b"", "文件是空的"),
        (b"PK\x03\x04garbage", "已损坏"),
    ],
)
def test_bad_files_say_what_in_chinese(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(data)
    with pytest.raises(LoadError) as bad:
        import_excel(path)
    assert words in bad.value.text("zh")
    assert bad.value.filename == str(path)


def test_rows_without_a_name_are_reported_with_their_row(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "s.xlsx",
        [["姓名", "电话"], ["张三", "1"], ["", "13800000000"], ["李四", "2"]],
        title="通讯录",
    )
    result = import_excel(path)
    assert [c["name"] for c in result.parts["contacts"]] == ["张三", "李四"]
    assert result.sheets[0].skipped_rows == [3]
    assert any("工作表“通讯录”第 3 行" in w.zh for w in result.report.warnings)


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PLANDRILL_HOME": str(home), "PLANDRILL_LANG": "zh"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_cli_export_then_import_excel(tmp_path: Path) -> None:
    import shutil

    from app.storage.plans import save_plan

    plan = tmp_path / "预案.plan.yaml"
    shutil.copy(sample_plan(), plan)
    done = _cli("export-excel", str(plan), "-o", str(tmp_path / "名录.xlsx"), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "通讯录" in done.stdout
    original = load_plan(plan).model
    save_plan(_without_registers(original), plan)
    done = _cli("import-excel", str(tmp_path / "名录.xlsx"), "--into", str(plan), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "工作表“应急联系方式”：通讯录" in done.stdout
    assert _tables(load_plan(plan).model) == _tables(original)


def test_cli_column_mapping_is_remembered(tmp_path: Path) -> None:
    import shutil

    plan = tmp_path / "预案.plan.yaml"
    shutil.copy(sample_plan(), plan)
    sheet = _xlsx(tmp_path / "人.xlsx", [["人", "号码"], ["新同事", "13700000009"]])
    done = _cli("import-excel", str(sheet), "--into", str(plan), home=tmp_path)
    assert done.returncode == 2 and "没有识别出任何名录" in done.stderr
    args = ["--part", "contacts", "--column", "人=姓名", "--column", "号码=手机"]
    done = _cli("import-excel", str(sheet), "--into", str(plan), *args, home=tmp_path)
    assert done.returncode == 0, done.stderr
    done = _cli("import-excel", str(sheet), "--into", str(plan), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "沿用记住的列对应" in done.stdout
    assert [c.mobile for c in load_plan(plan).model.contacts].count("13700000009") == 2


def test_a_title_typed_above_the_header(tmp_path: Path) -> None:
    path = tmp_path / "物资.csv"
    text = "应急物资储备表,,\n填报日期：2026年3月1日,,\n物资名称,数量,存放地点\n灭火器,120,各车间\n"
    path.write_bytes(text.encode("gbk"))
    rows = import_excel(path).parts["resources"]
    assert [(r["name"], r["quantity"], r["place"]) for r in rows] == [("灭火器", 120, "各车间")]


def test_replace_keeps_contacts_the_plan_cites(tmp_path: Path) -> None:
    plan = load_plan(sample_plan()).model
    path = tmp_path / "c.csv"
    path.write_text("姓名,手机\n新同事,13700000009\n", encoding="utf-8")
    merged = merge_registers(plan, import_excel(path), replace=True)
    cited = {c for u in plan.organization.units() for c in u.contacts}
    cited |= {c for p in plan.procedures for s in p.steps for c in s.contacts}
    cited |= {r.contact for part in ("resources", "teams", "shelters") for r in getattr(plan, part)}
    kept = [c.id for c in merged.contacts[:-1]]
    assert kept == [c.id for c in plan.contacts if c.id in cited]  # the rest were replaced
    assert merged.contacts[-1].name == "新同事"


def test_a_sheet_too_large_for_a_register_is_refused_by_name(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "名录"
    book.active["A1"] = "姓名"
    book.active.cell(row=60000, column=60, value="x")  # one stray cell far away
    path = tmp_path / "大.xlsx"
    book.save(path)
    with pytest.raises(LoadError) as bad:
        import_excel(path)
    assert "工作表“名录”过大" in bad.value.text("zh") and "60000 行 × 60 列" in bad.value.text("zh")


def test_a_word_document_is_not_a_workbook(tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "预案.xlsx"
    Document().save(str(path))
    with pytest.raises(LoadError) as bad:
        import_excel(path)
    assert "这是 Word 文档" in bad.value.text("zh")
