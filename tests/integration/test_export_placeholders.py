"""The placeholder policy (issue 17, item 1): every unfilled value in every document is
in the one placeholder style, visible in print, and counted."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from app.export import cards_docx_bytes, plan_docx_bytes
from app.export.layer import placeholders
from app.storage.plans import load_plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def runs_with_todo(data: bytes) -> tuple[int, list[str]]:
    """(runs holding 【待填写, texts of those outside the placeholder style)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    total, bare = 0, []
    for run in root.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if "【待填写" in text or "【缺少" in text or "【待补充" in text:
            total += 1
            style = run.find(f"{W}rPr/{W}rStyle")
            if style is None or style.get(f"{W}val") != placeholders.STYLE_ID:
                bare.append(text)
    return total, bare


def style_of(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    found = styles.findall(f"{W}style[@{W}styleId='{placeholders.STYLE_ID}']")
    assert len(found) == 1  # defined once
    return found[0]


@pytest.mark.parametrize("kind", ["plan", "cards"])
def test_sample_exports_have_no_unmarked_placeholder(sample_plan_path, kind) -> None:
    plan = load_plan(sample_plan_path).model
    build = plan_docx_bytes if kind == "plan" else cards_docx_bytes
    data, report = build(plan)
    total, bare = runs_with_todo(data)
    assert total > 0  # the sample has unfilled values
    assert bare == []
    assert report.placeholders == placeholders.count_docx(data) >= total
    rpr = style_of(data).find(f"{W}rPr")
    assert rpr.find(f"{W}color").get(f"{W}val") == placeholders.COLOR
    assert rpr.find(f"{W}u").get(f"{W}val") == "single"  # survives a black-and-white print
    assert rpr.find(f"{W}shd").get(f"{W}fill") == placeholders.SHADE


def body(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}">{xml}</w:body>')


def test_a_marker_split_over_runs_is_marked_whole() -> None:
    root = body(
        "<w:p><w:r><w:t>电话：【待</w:t></w:r><w:r><w:rPr><w:color w:val='000000'/></w:rPr>"
        "<w:t>填写：值班电话】。</w:t></w:r></w:p>"
    )
    assert placeholders.mark_placeholders(root) == 1
    assert placeholders.unmarked_placeholders(root) == []
    texts = ["".join(t.text or "" for t in r.iter(f"{W}t")) for r in root.iter(f"{W}r")]
    assert "".join(texts) == "电话：【待填写：值班电话】。"
    marked = [
        t for r, t in zip(root.iter(f"{W}r"), texts, strict=True) if placeholders.is_marked(r)
    ]
    assert marked == ["【待", "填写：值班电话】"]
    for run in root.iter(f"{W}r"):
        if placeholders.is_marked(run):
            assert run.find(f"{W}rPr/{W}color") is None  # the style decides the colour
    assert placeholders.mark_placeholders(root) == 1  # idempotent


def test_placeholder_text() -> None:
    assert placeholders.placeholder("单位全称") == "【待填写：单位全称】"
    assert placeholders.placeholder() == "【待填写】"
