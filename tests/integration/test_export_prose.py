"""Section bodies with structure (issue 20): lists, bold, tables and pictures reach Word
as numbered paragraphs, bold runs, real tables and inline figures; plain bodies export
exactly as before."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from app.export import ExportOptions, plan_docx_bytes
from app.export.text import clean, lines
from app.model.plan import Section, walk_sections
from app.model.prose import (
    Para,
    Picture,
    Run,
    Table,
    paragraphs,
    parse,
    plain_line,
    to_markdown,
)
from app.paths import sample_plan
from app.storage.plans import load_plan
from app.storage.templates import list_templates, render_template
from tests.helpers import minimal_plan
from tests.strategies import CHAR, fuzz_settings

BODY = """本节说明应急处置要点，其中**立即报告**是第一要务，*不得迟报*。
- 切断泄漏源
- 疏散无关人员
  1. 沿上风向撤离
  2. 到集合点清点人数
- 设立警戒区

|岗位|负责人|电话|
|---|---|---|
|现场指挥|王强|138 0000 0001|
|警戒 \\| 疏散|赵磊|138 0000 0002|

![厂区疏散路线图](images/route.png)
处置结束后恢复生产。"""


def _plans():
    yield "sample", load_plan(sample_plan()).model
    for info in list_templates():
        if info.output_suffix.endswith(".plan.yaml"):
            yield info.id, render_template(info.id, {}, use_examples=True)


def test_every_template_and_the_sample_read_as_plain_paragraphs() -> None:
    """Nothing in a shipped plan turns into a list, table or picture: each line stays the
    one paragraph it exported as before Markdown (byte-identical document.xml was
    checked against main when this format came in)."""
    seen = 0
    for name, plan in _plans():
        tree = walk_sections(plan.sections) + walk_sections(plan.appendices, ("appendices",))
        for _, section, _ in tree:
            blocks = parse(section.body)
            assert all(isinstance(b, Para) and b.depth == 0 for b in blocks), name
            assert [b.text for b in blocks] == lines(section.body), (name, section.title)
            seen += bool(blocks)
    assert seen > 50


def test_plain_lines_stay_one_paragraph_each() -> None:
    body = "第一段\n　　第二段（全角空格缩进）  \n\n第三段 * 不是强调\n2. 不是列表的开头"
    assert paragraphs(body) == lines(body)


def test_structure_is_read() -> None:
    blocks = parse(BODY)
    items = [(b.depth, b.number, b.text) for b in blocks if isinstance(b, Para) and b.depth]
    assert items == [
        (1, 1, "切断泄漏源"),
        (1, 2, "疏散无关人员"),
        (2, 1, "沿上风向撤离"),
        (2, 2, "到集合点清点人数"),
        (1, 3, "设立警戒区"),
    ]
    first = blocks[0]
    assert isinstance(first, Para)
    assert [r.text for r in first.runs if r.bold] == ["立即报告"]
    assert [r.text for r in first.runs if r.em] == ["不得迟报"]
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.head == ("岗位", "负责人", "电话")
    assert table.rows[1] == ("警戒 | 疏散", "赵磊", "138 0000 0002")
    (picture,) = [b for b in blocks if isinstance(b, Picture)]
    assert (picture.src, picture.caption) == ("images/route.png", "厂区疏散路线图")


@pytest.fixture
def exported(tmp_path: Path) -> bytes:
    (tmp_path / "images").mkdir()
    Image.new("RGB", (3000, 1500), "white").save(tmp_path / "images" / "route.png")
    plan = minimal_plan()
    plan.sections = [Section(id="s1", title="应急处置", body=BODY)]
    data, report = plan_docx_bytes(plan, options=ExportOptions(base_dir=tmp_path))
    assert not [p for p in report.warnings if p.code == "export.picture_missing"]
    return data


def test_word_has_the_table_the_list_the_bold_and_the_figure(exported: bytes) -> None:
    d = docx.Document(io.BytesIO(exported))
    tables = [t for t in d.tables if t.cell(0, 0).text == "岗位"]
    assert len(tables) == 1
    assert [c.text for c in tables[0].rows[2].cells] == ["警戒 | 疏散", "赵磊", "138 0000 0002"]
    texts = [p.text for p in d.paragraphs]
    # a level-1 section's items take the level-2 markers, their sub-items the level-3 ones
    assert "（一）切断泄漏源" in texts
    assert "（三）设立警戒区" in texts
    assert "1.沿上风向撤离" in texts
    assert "处置结束后恢复生产。" in texts
    bold = [r.text for p in d.paragraphs for r in p.runs if r.bold]
    assert "立即报告" in bold
    italic = [r.text for p in d.paragraphs for r in p.runs if r.italic]
    assert "不得迟报" in italic
    assert "图1　厂区疏散路线图" in texts
    media = [n for n in zipfile.ZipFile(io.BytesIO(exported)).namelist() if "media/" in n]
    assert len(media) == 1
    # fitted to the 156 mm text block
    (shape,) = d.inline_shapes
    assert 150 <= shape.width.mm <= 157
    assert abs(shape.height.mm * 2 - shape.width.mm) < 1


def test_a_missing_picture_leaves_a_placeholder_and_a_warning() -> None:
    plan = minimal_plan()
    plan.sections = [Section(id="s1", title="平面布置", body="![平面布置图](images/none.png)")]
    data, report = plan_docx_bytes(plan)
    assert [p.code for p in report.warnings] == ["export.picture_missing"]
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "【待填写：图片】" in texts
    assert "图1　平面布置图" in texts


@pytest.mark.parametrize(
    "body",
    [
        BODY,
        "a\nb",
        "注意**：重要：**其他",
        "x_y*z\\q\\",
        "- a\n  - b\n  c\n- d",
        "1. 一\n2. 二\n\n正文",
        "|甲|\n|---|\n|a\\|b|",
    ],
)
def test_markdown_written_back_reads_the_same(body: str) -> None:
    blocks = parse(body)
    assert parse(to_markdown(blocks)) == blocks


def test_a_plain_body_is_written_back_unchanged() -> None:
    for _, plan in _plans():
        for _, section, _ in walk_sections(plan.sections):
            body = "\n".join(lines(section.body))
            assert to_markdown(parse(body)) == body


def test_bold_ending_in_punctuation_survives() -> None:
    para = Para((Run("注意："), Run("严禁烟火！", bold=True), Run("违者重罚")))
    (back,) = parse(to_markdown([para]))
    assert isinstance(back, Para)
    assert [r.text for r in back.runs if r.bold] == ["严禁烟火"]


@fuzz_settings(60)
@given(st.lists(st.text(CHAR | st.sampled_from("*_\\-+|![]()1.　 "), max_size=40), max_size=6))
def test_any_plain_line_escaped_reads_back_as_itself(texts: list[str]) -> None:
    """What an importer writes (``plain_line``) is never read as markup."""
    texts = [" ".join(t.split()) for t in texts]
    body = "\n".join(plain_line(t) for t in texts if t.strip())
    assert [c for p in paragraphs(body) if (c := clean(p).strip())] == lines("\n".join(texts))
