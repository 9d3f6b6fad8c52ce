"""``python -m app export`` as a user runs it: outputs, messages and exit codes."""

from __future__ import annotations

import docx
import pytest

from app.storage.plans import save_plan
from tests.helpers import run_cli
from tests.integration.export_support import W, rich_plan


def _clean(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stdout + result.stderr


def test_exports_the_sample_next_to_it(sample_plan_path, tmp_path) -> None:
    plan = tmp_path / "化工企业综合应急预案.plan.yaml"
    plan.write_bytes(sample_plan_path.read_bytes())
    result = run_cli("export", str(plan))
    _clean(result)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "化工企业综合应急预案.docx"
    assert f"已导出预案：{out}" in result.stdout
    d = docx.Document(str(out))
    assert any(p.text == "一、总则" for p in d.paragraphs)


def test_output_option_and_english(sample_plan_path, tmp_path) -> None:
    out = tmp_path / "out.docx"
    result = run_cli("--lang", "en", "export", str(sample_plan_path), "-o", str(out))
    assert result.returncode == 0
    assert f"Exported the plan: {out}" in result.stdout
    assert out.exists()


def test_cards(tmp_path) -> None:
    plan = tmp_path / "p.plan.yaml"
    save_plan(rich_plan(), plan)
    result = run_cli("export", str(plan), "--cards")
    _clean(result)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "p.处置卡.docx"
    assert "已导出 3 张处置卡" in result.stdout
    d = docx.Document(str(out))
    titles = [p.text for p in d.paragraphs if p.style.name.startswith("Title")]
    assert titles == ["应急指挥部应急处置卡", "抢险救援组应急处置卡", "医疗救护组应急处置卡"]
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert "13900000001" in cells


def test_missing_plan_exits_2(tmp_path) -> None:
    result = run_cli("export", str(tmp_path / "none.plan.yaml"))
    _clean(result)
    assert result.returncode == 2
    assert "文件不存在" in result.stderr
    assert not list(tmp_path.iterdir())


def test_unreadable_plan_exits_2(tmp_path) -> None:
    plan = tmp_path / "bad.plan.yaml"
    plan.write_text("meta: [unclosed\n", encoding="utf-8")
    result = run_cli("export", str(plan))
    _clean(result)
    assert result.returncode == 2
    assert f"{plan}:1" in result.stderr and "无法读取" in result.stderr
    assert not (tmp_path / "bad.docx").exists()


BROKEN = (
    "schema: plandrill/plan@1\n"
    "meta:\n  title: 测试\n  unit: {name: 甲}\n  kind: enterprise_onsite\n"
    "sections:\n  - {id: s1, title: 注意事项, body: 佩戴防护用品}\n"
    "procedures:\n  - id: p1\n    steps:\n      - {id: s1, actor: ghost, action: 报警}\n"
)


def test_plan_with_errors_exports_with_a_warning(tmp_path) -> None:
    plan = tmp_path / "bad.plan.yaml"
    plan.write_text(BROKEN, encoding="utf-8")
    result = run_cli("export", str(plan))
    _clean(result)
    assert result.returncode == 0
    assert f"{plan}:11: 错误:" in result.stderr and "ghost" in result.stderr
    assert "仍照常导出" in result.stderr
    assert (tmp_path / "bad.docx").exists()


def test_strict_refuses_a_plan_with_errors(tmp_path) -> None:
    plan = tmp_path / "bad.plan.yaml"
    plan.write_text(BROKEN, encoding="utf-8")
    result = run_cli("export", str(plan), "--strict")
    assert result.returncode == 1
    assert "未导出" in result.stderr
    assert not (tmp_path / "bad.docx").exists()


def test_schema_errors_still_export_what_can_be_read(tmp_path) -> None:
    plan = tmp_path / "typo.plan.yaml"
    plan.write_text(
        "schema: plandrill/plan@1\nmeta:\n  title: 测试\n  titel: 错字\n  unit: {name: 甲}\n"
        "sections:\n  - {id: s1, title: 总则, body: 正文}\n",
        encoding="utf-8",
    )
    result = run_cli("export", str(plan))
    assert result.returncode == 0
    assert f"{plan}:4: 错误:" in result.stderr
    d = docx.Document(str(tmp_path / "typo.docx"))
    assert "正文" in [p.text for p in d.paragraphs]


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "参考文档不存在"), (b"not a zip file", "不是有效的 Word")],
)
def test_bad_reference_doc_exits_2(sample_plan_path, tmp_path, content, words) -> None:
    ref = tmp_path / "ref.docx"
    if content is not None:
        ref.write_bytes(content)
    out = tmp_path / "out.docx"
    result = run_cli("export", str(sample_plan_path), "-o", str(out), "--reference-doc", str(ref))
    _clean(result)
    assert result.returncode == 2
    assert words in result.stderr and str(ref) in result.stderr
    assert not out.exists()


def test_reference_written_then_used(sample_plan_path, tmp_path) -> None:
    ref = tmp_path / "ref.docx"
    tpl = tmp_path / "tpl"
    result = run_cli("export", "--write-reference", str(ref), "--write-templates", str(tpl))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tpl.iterdir()) == [
        "approval.j2",
        "card_note.j2",
        "cover.j2",
        "gov_cover.j2",  # a government plan's cover and its 印发通知
        "notice.j2",
    ]
    out = tmp_path / "out.docx"
    result = run_cli(
        "export",
        str(sample_plan_path),
        "-o",
        str(out),
        "--reference-doc",
        str(ref),
        "--templates",
        str(tpl),
    )
    assert result.returncode == 0, result.stderr
    assert "警告" not in result.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "示范化工有限公司" in texts and not [t for t in texts if "{{" in t]


def test_broken_template_names_file_and_line(sample_plan_path, tmp_path) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "approval.j2").write_text("# 发布令\n{{ 单位 }}\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    result = run_cli("export", str(sample_plan_path), "-o", str(out), "--templates", str(tpl))
    _clean(result)
    assert result.returncode == 2
    assert f"{tpl / 'approval.j2'}:2:" in result.stderr
    assert not out.exists()


def test_unwritable_output_exits_2(sample_plan_path, tmp_path) -> None:
    out = tmp_path / "missing folder" / "out.docx"
    result = run_cli("export", str(sample_plan_path), "-o", str(out))
    _clean(result)
    assert result.returncode == 2
    assert "文件夹不存在" in result.stderr


def test_no_plan_is_a_usage_error() -> None:
    result = run_cli("export")
    assert result.returncode == 2
    assert "请指定" in result.stderr


def test_options_reach_the_document(sample_plan_path, tmp_path) -> None:
    out = tmp_path / "out.docx"
    result = run_cli(
        "export",
        str(sample_plan_path),
        "-o",
        str(out),
        "--numbering",
        "gongwen",
        "--toc-levels",
        "0",
        "--no-approval-page",
        "--no-revision-record",
        "--single-sided",
    )
    assert result.returncode == 0, result.stderr
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert "一、总则" in texts and "目　　录" not in texts and "发　布　令" not in texts
    numbers = [s._sectPr.find(f"{W}pgNumType") for s in d.sections]
    assert numbers[0] is None  # the cover, then straight into the body from page 1
    assert (numbers[1].get(f"{W}fmt"), numbers[1].get(f"{W}start")) == ("decimal", "1")
    assert all(n.get(f"{W}start") is None for n in numbers[2:])  # landscape appendices
