"""``python -m app import-docx`` as a user runs it, and the Word round trip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from app.cli import _wants_gui
from app.compare import diff_plans
from app.export import ExportOptions, plan_docx_bytes
from app.export.parts import TABLES, Lookup, steps_of
from app.importer import import_docx
from app.model.plan import Plan, walk_sections
from app.paths import sample_plan
from app.storage.plans import load_plan
from app.storage.templates import list_templates, render_template
from tests.helpers import run_cli
from tests.wordfixtures import (
    add_table,
    encrypted_docx,
    old_word_doc,
    page_break,
    save,
    toc_field,
    write_plan_docx,
)


def word_plan(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("示范化工有限公司").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("生产安全事故综合应急预案").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("版本号：2.0")
    page_break(doc)
    toc_field(doc, [("1 总则", 1), ("2 应急组织机构及职责", 2)])
    page_break(doc)
    doc.add_heading("1 总则", 1)
    doc.add_heading("1.1 适用范围", 2)
    doc.add_paragraph("本预案适用于本公司厂区。")
    doc.add_heading("2 应急组织机构及职责", 1)
    add_table(doc, [["姓名", "应急职务", "手机"], ["王建国", "总指挥", "13800000001"]])
    add_table(doc, [["月份", "事项"], ["3月", "演练"]])
    return save(doc, path)


def test_import_writes_a_valid_plan_and_lists_what_is_missing(tmp_path: Path) -> None:
    source = word_plan(tmp_path / "预案 2026.docx")
    before = source.read_bytes()
    target = tmp_path / "导入.plan.yaml"
    result = run_cli("import-docx", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    out = result.stdout.splitlines()
    assert out[0] == "识别到 3 个章节、1 个表格（通讯录 1 行），1 个表格未识别（保留为文本）。"
    assert any(line.startswith("已跳过") and "目录 2 行" in line for line in out)
    assert f"已写入 {target}" in out
    assert any(line.startswith("检查结果：") for line in out)
    assert any(line.startswith(f"{target}:") and "缺少法定要素" in line for line in out)
    assert source.read_bytes() == before
    loaded = load_plan(target)
    assert not loaded.problems
    plan = loaded.model
    assert [s.title for _, s, _ in walk_sections(plan.sections)] == [
        "总则",
        "适用范围",
        "应急组织机构及职责",
    ]
    assert plan.contacts[0].mobile == "13800000001"
    check = run_cli("validate", str(target))
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr


def test_default_output_force_and_kind(tmp_path: Path) -> None:
    source = word_plan(tmp_path / "plan.docx")
    first = run_cli("import-docx", str(source), "--kind", "专项")
    assert first.returncode == 0, first.stderr
    target = tmp_path / "plan.plan.yaml"
    assert load_plan(target).model.meta.kind.value == "enterprise_special"
    written = target.read_bytes()
    again = run_cli("import-docx", str(source))
    assert again.returncode == 2
    assert again.stderr.strip().count("\n") == 0 and "--force" in again.stderr
    assert target.read_bytes() == written
    forced = run_cli("import-docx", str(source), "--force", "--kind", "enterprise_onsite")
    assert forced.returncode == 0
    assert load_plan(target).model.meta.kind.value == "enterprise_onsite"
    assert (tmp_path / "plan.plan.yaml.bak").read_bytes() == written
    bad = run_cli(
        "import-docx", str(source), "--kind", "bogus", "-o", str(tmp_path / "x.plan.yaml")
    )
    assert bad.returncode == 2 and "未知的预案类型" in bad.stderr
    assert not (tmp_path / "x.plan.yaml").exists()


def test_english_output(tmp_path: Path) -> None:
    source = word_plan(tmp_path / "plan.docx")
    result = run_cli(
        "--lang", "en", "import-docx", str(source), "-o", str(tmp_path / "p.plan.yaml")
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Found 3 sections, 1 tables (contacts 1 rows)")


def _bomb(path: Path) -> None:
    # 70 MB of spaces inflate from a few tens of KB: over the 64 MB limit for one part
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("word/document.xml", "w", force_zip64=True) as handle,
    ):
        for _ in range(70):
            handle.write(b" " * (1024 * 1024))


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("旧版.doc", lambda p: p.write_bytes(old_word_doc()), "请用 Word 或 WPS 另存为 .docx"),
        ("加密.docx", lambda p: p.write_bytes(encrypted_docx()), "密码"),
        ("坏.docx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 200), "已损坏"),
        ("文本.docx", lambda p: p.write_text("不是文档", encoding="utf-8"), "不是 Word 文档"),
        ("空.docx", lambda p: p.write_bytes(b""), "文件是空的"),
        ("炸弹.docx", _bomb, "压缩炸弹"),
    ],
)
def test_unusable_inputs_exit_2_with_one_line(tmp_path: Path, name: str, make, words: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / name
    make(source)
    before = source.read_bytes()
    target = tmp_path / "out.plan.yaml"
    result = run_cli("import-docx", str(source), "-o", str(target))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and words in lines[0] and str(source) in lines[0]
    assert source.read_bytes() == before
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_import_docx_is_a_command_not_a_file_to_open() -> None:
    assert not _wants_gui(["import-docx", "a.docx"])
    assert not _wants_gui(["--lang", "en", "diff", "a", "b"])
    assert _wants_gui(["import_docx"])  # only the registered spelling is a command
    assert _wants_gui(["预案.plan.yaml"])


# --- the round trip: export → import → export keeps outline, texts and tables ---------------


def _text(element) -> str:  # type: ignore[no-untyped-def]
    out = []
    for node in element.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        else:
            out.append("\n" if node.tag == qn("w:br") else "\t")
    return "".join(out)


def document_content(data: bytes) -> list[tuple[str, str]]:
    """Every paragraph (its style and text) and every table row (its cells), in order."""
    body = Document(io.BytesIO(data)).element.body
    out: list[tuple[str, str]] = []
    for element in body.iterchildren():
        if element.tag == qn("w:p"):
            style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            text = _text(element).strip()
            if text:
                out.append((style.get(qn("w:val")) if style is not None else "", text))
        elif element.tag == qn("w:tbl"):
            for row in element.iter(qn("w:tr")):
                cells = [
                    "\n".join(_text(p) for p in tc.iter(qn("w:p"))) for tc in row.iter(qn("w:tc"))
                ]
                out.append(("row", " | ".join(cells)))
    return out


def plan_structure(plan: Plan) -> dict[str, object]:
    """Outline titles and levels, section texts, placed tables and the rows of every table
    as the export prints them (names for ids), and the procedures' steps."""
    lookup = Lookup(plan)

    def outline(root: str) -> list[tuple[int, str, str, tuple[str, ...]]]:
        return [
            (depth, s.title, s.body.strip(), tuple(s.insert))
            for _, s, depth in walk_sections(getattr(plan, root), (root,))
        ]

    return {
        "sections": outline("sections"),
        "appendices": outline("appendices"),
        "tables": {p: TABLES[p](plan, lookup).rows for p in TABLES if not plan.part_is_empty(p)},
        "procedures": [
            (p.title, p.level, p.trigger, [s.sentence() for s in steps_of(p, lookup)])
            for p in plan.procedures
        ],
        "meta": (
            plan.meta.title,
            plan.meta.unit.name,
            plan.meta.kind,
            plan.meta.code,
            plan.meta.version,
        ),
    }


def starter_plans() -> dict[str, Plan]:
    plans = {"sample": load_plan(sample_plan()).model}
    for info in list_templates():
        plans[info.id] = render_template(info.id, {})
    return plans


STARTERS = starter_plans()


@pytest.mark.parametrize("name", sorted(STARTERS))
def test_export_import_export_keeps_every_starter_plan(tmp_path: Path, name: str) -> None:
    plan = STARTERS[name]
    first, _ = plan_docx_bytes(plan)
    path = tmp_path / f"{name}.docx"
    path.write_bytes(first)
    result = import_docx(path)
    assert result.report.warnings == []
    assert plan_structure(result.plan) == plan_structure(plan)
    again, _ = plan_docx_bytes(result.plan)
    assert document_content(again) == document_content(first)


@pytest.mark.parametrize("numbering", ["gongwen", "decimal"])
def test_round_trip_in_both_numberings_with_examples(tmp_path: Path, numbering: str) -> None:
    plan = render_template("hazchem-leak-special", {}, use_examples=True)
    options = ExportOptions(numbering=numbering, toc_levels=3, duplex=False)
    first, _ = plan_docx_bytes(plan, options=options)
    path = tmp_path / "leak.docx"
    path.write_bytes(first)
    again = import_docx(path).plan
    assert plan_structure(again) == plan_structure(plan)
    assert document_content(plan_docx_bytes(again, options=options)[0]) == document_content(first)


# Plain python-docx documents (Word's own heading styles, tables headed by the schema's
# labels) import as well; tests/wordfixtures.py writes them.

BASE_PLAN = Path(__file__).resolve().parents[1] / "data" / "compare-base.plan.yaml"


def _rows(plan: Plan) -> dict[str, list[tuple[object, ...]]]:
    names = {u.id: u.name for u in plan.organization.units()}
    return {
        "contacts": [(c.name, c.role, c.title, c.org, c.phone, c.mobile) for c in plan.contacts],
        "resources": [
            (r.name, r.model, r.quantity, r.unit, r.place, r.keeper) for r in plan.resources
        ],
        "risks": [(r.hazard, r.place, tuple(r.accident_types), r.level) for r in plan.risks],
        "levels": [
            (lv.id, lv.name, tuple(lv.triggers), names.get(lv.commander or ""), tuple(lv.actions))
            for lv in plan.levels
        ],
        "organization": [(u.name, u.lead, tuple(u.duties)) for u in plan.organization.units()],
        "procedures": [
            (p.title, tuple((names.get(s.actor or ""), s.action, s.within_min) for s in p.steps))
            for p in plan.procedures
        ],
        "teams": [(t.name, t.leader, t.phone) for t in plan.teams],
        "experts": [(e.name, e.field, e.phone) for e in plan.experts],
        "shelters": [(s.name, s.address, s.capacity) for s in plan.shelters],
    }


def _outline(plan: Plan, root: str) -> list[tuple[int, str, str, tuple[str, ...]]]:
    return [
        (depth, s.title, s.body.strip(), tuple(s.insert))
        for _, s, depth in walk_sections(getattr(plan, root), (root,))
    ]


def assert_round_trip(original: Plan, again: Plan) -> None:
    assert _outline(again, "sections") == _outline(original, "sections")
    assert _outline(again, "appendices") == _outline(original, "appendices")
    assert _rows(again) == _rows(original)
    assert (again.meta.title, again.meta.unit.name, again.meta.kind) == (
        original.meta.title, original.meta.unit.name, original.meta.kind,
    )  # fmt: skip
    assert (again.meta.code, again.meta.version) == (original.meta.code, original.meta.version)


def test_round_trip_through_a_plain_word_writer(tmp_path: Path) -> None:
    original = load_plan(BASE_PLAN).model
    docx = write_plan_docx(original, tmp_path / "sample.docx")
    result = import_docx(docx)
    assert_round_trip(original, result.plan)
    assert not result.report.warnings
    # what a plain Word page cannot carry: the unit's industry, scale and principal, and a
    # procedure's response level (the cover and table do not print them)
    lossy = {("meta", "unit.industry"), ("meta", "unit.scale"), ("meta", "unit.principal")}
    lossy.add(("procedures", "level"))
    changes = diff_plans(original, result.plan).changes
    assert {(c.area, f.name) for c in changes for f in c.fields} == lossy
    assert all(c.kind.value == "changed" for c in changes)


def test_plain_word_writer_in_gongwen_numbering(tmp_path: Path) -> None:
    original = load_plan(BASE_PLAN).model
    original.meta.numbering = "gongwen"  # type: ignore[assignment]
    docx = write_plan_docx(original, tmp_path / "gw.docx")
    again = import_docx(docx).plan
    assert_round_trip(original, again)
    assert again.numbering().value == "gongwen"
