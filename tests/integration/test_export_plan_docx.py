"""The exported plan .docx, opened again and checked against GB/T 9704-2012."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.export import ExportError, ExportOptions, export_plan, plan_docx_bytes
from app.export.plan_docx import write_reference_doc
from app.export.text import clean
from app.model.kinds import PlanKind
from app.model.plan import Plan
from app.storage.plans import load_plan
from tests.integration.export_support import (
    W,
    full_text,
    paragraphs_with_style,
    rich_plan,
    style_value,
    styles_by_id,
    used_style_ids,
    xml_parts,
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "plan.docx"
    export_plan(rich_plan(), out)
    return out


@pytest.fixture(scope="module")
def parts(exported: Path):  # type: ignore[no-untyped-def]
    return xml_parts(exported)


def test_page_is_a4_with_gbt_9704_margins_and_grid(exported: Path, parts) -> None:
    d = docx.Document(str(exported))
    for section in d.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [37, 35]
        assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [28, 26]
        grid = section._sectPr.find(f"{W}docGrid")
        assert grid.get(f"{W}type") == "linesAndChars"
        assert grid.get(f"{W}linePitch") == "579"
        assert -900 < int(grid.get(f"{W}charSpace")) < -800
    styles = styles_by_id(parts)
    body = styles["BodyText"]
    spacing = body.find(f"{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")
    assert body.find(f"{W}pPr/{W}ind").get(f"{W}firstLineChars") == "200"


def test_every_style_in_use_has_its_east_asian_font(parts) -> None:
    styles = styles_by_id(parts)
    used = used_style_ids(parts)
    assert {"Title", "BodyText", "Heading1", "Heading2", "Heading3", "Footer"} <= used
    for style_id in used:
        assert style_value(styles, style_id, f"{W}rPr/{W}rFonts", "eastAsia"), style_id
        assert style_value(styles, style_id, f"{W}rPr/{W}rFonts", "ascii"), style_id
    for rfonts in parts["word/styles.xml"].iter(f"{W}rFonts"):
        assert not any("heme" in a for a in rfonts.attrib)
    expected = {
        "Title": "方正小标宋简体",
        "BodyText": "仿宋_GB2312",
        "Heading1": "黑体",
        "Heading2": "楷体_GB2312",
        "Heading3": "仿宋_GB2312",
        "Heading4": "仿宋_GB2312",
        "Footer": "宋体",
    }
    for style_id, font in expected.items():
        assert style_value(styles, style_id, f"{W}rPr/{W}rFonts", "eastAsia") == font
    assert style_value(styles, "BodyText", f"{W}rPr/{W}rFonts", "ascii") == "Times New Roman"
    assert style_value(styles, "Title", f"{W}rPr/{W}sz", "val") == "44"  # 2号
    assert style_value(styles, "BodyText", f"{W}rPr/{W}sz", "val") == "32"  # 3号
    assert style_value(styles, "Footer", f"{W}rPr/{W}sz", "val") == "28"  # 4号
    assert style_value(styles, "Footer", f"{W}rPr/{W}rFonts", "ascii") == "宋体"  # 半角宋体


@pytest.fixture(scope="module")
def decimal_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "decimal.docx"
    export_plan(rich_plan(), out, options=ExportOptions(numbering="decimal"))
    return out


def test_headings_are_numbered_from_the_outline(decimal_export: Path, parts) -> None:
    headings = [(s, t) for s, t in paragraphs_with_style(decimal_export) if s.startswith("Heading")]
    assert headings[:8] == [
        ("Heading 1", "1　总则"),
        ("Heading 2", "1.1　适用范围"),
        ("Heading 2", "1.2　响应分级"),  # the "1.2" the user typed is not doubled
        ("Heading 1", "2　应急组织机构及职责"),
        ("Heading 1", "3　应急响应"),
        ("Heading 2", "3.1　应急处置"),
        ("Heading 3", "3.1.1　危险化学品泄漏处置"),  # a procedure, under its section
        ("Heading 2", "3.2　响应终止"),
    ]
    styles = styles_by_id(parts)
    for level in range(1, 5):
        assert style_value(styles, f"Heading{level}", f"{W}pPr/{W}outlineLvl", "val") == str(
            level - 1
        )


def test_gongwen_numbering_is_the_default(exported: Path) -> None:
    # GB/T 9704-2012 §7.3.3 for every kind, enterprise plans included (issue 17, item 2)
    headings = [t for s, t in paragraphs_with_style(exported) if s.startswith("Heading")]
    assert headings[:8] == [
        "一、总则",
        "（一）适用范围",
        "（二）响应分级",
        "二、应急组织机构及职责",
        "三、应急响应",
        "（一）应急处置",
        "1.危险化学品泄漏处置",
        "（二）响应终止",
    ]


@pytest.mark.parametrize("kind", [k.value for k in PlanKind])
def test_every_kind_exports_gongwen_numbers_by_default(kind: str) -> None:
    """GB/T 9704 一、（一）1. for every kind; decimal only when the plan asks for it."""
    plan = rich_plan(kind=kind)
    assert plan.meta.numbering is None
    data, _ = plan_docx_bytes(plan)
    d = docx.Document(io.BytesIO(data))
    headings = [p.text for p in d.paragraphs if p.style.name.lower().startswith("heading")]
    assert headings[:3] == ["一、总则", "（一）适用范围", "（二）响应分级"], kind
    chosen = rich_plan(kind=kind, numbering="decimal")
    d = docx.Document(io.BytesIO(plan_docx_bytes(chosen)[0]))
    headings = [p.text for p in d.paragraphs if p.style.name.lower().startswith("heading")]
    assert headings[:3] == ["1　总则", "1.1　适用范围", "1.2　响应分级"], kind


def test_government_plans_default_to_gongwen_without_approval_page(tmp_path) -> None:
    out = tmp_path / "gov.docx"
    export_plan(rich_plan(kind="gov_special"), out)
    text = [t for _, t in paragraphs_with_style(out)]
    assert "一、总则" in text
    assert "发　布　令" not in text
    enterprise = tmp_path / "ent.docx"
    export_plan(rich_plan(), enterprise)
    assert "发　布　令" in [t for _, t in paragraphs_with_style(enterprise)]


def test_page_numbers_odd_right_even_left_none_on_cover(exported: Path) -> None:
    d = docx.Document(str(exported))
    assert d.settings.odd_and_even_pages_header_footer
    cover, front, body = d.sections
    for footer in (cover.footer, cover.even_page_footer):
        assert footer.paragraphs[0].text == ""
        assert not footer._element.xpath(".//w:instrText")
    for section in (front, body):
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            p = footer.paragraphs[0]
            assert p.text.startswith("— ") and p.text.endswith(" —")
            assert p.style.name == "Footer"
            assert [t.text.strip() for t in p._p.xpath(".//w:instrText")] == ["PAGE"]
            assert p._p.find(f"{W}pPr/{W}jc").get(f"{W}val") == side
    assert front._sectPr.find(f"{W}pgNumType").get(f"{W}fmt") == "upperRoman"
    number = body._sectPr.find(f"{W}pgNumType")
    assert (number.get(f"{W}fmt"), number.get(f"{W}start")) == ("decimal", "1")


def test_cover_has_the_plan_facts(exported: Path) -> None:
    d = docx.Document(str(exported))
    cover = []
    for p in d.paragraphs:
        if p._p.find(f"{W}pPr/{W}sectPr") is not None:
            break
        cover.append((p.style.name, p.text))
    texts = [t for _, t in cover]
    assert "编号：SF-2026-01" in texts
    assert "版本号：2.0" in texts
    assert ("封面副标题", "示范化工有限公司") in cover
    assert ("封面标题", "生产安全事故综合应急预案") in cover
    assert "颁布日期：2026年3月1日" in texts
    assert "实施日期：2026年3月15日" in texts


def test_toc_field_shows_its_numbers_without_a_prompt(parts) -> None:
    body = parts["word/document.xml"]
    instr = [t.text for t in body.iter(f"{W}instrText")]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instr
    # issue 17: no "update fields?" prompt on opening; the cached numbers are the computed ones
    assert parts["word/settings.xml"].find(f"{W}updateFields") is None
    # each line: the entry, a tab, then the PAGEREF field with its cached page number
    lines = ["".join(t.text for t in h.iter(f"{W}t")) for h in body.iter(f"{W}hyperlink")]
    titles = [h.find(f"{W}r/{W}t").text for h in body.iter(f"{W}hyperlink")]
    assert all(ln[len(t) :].isdigit() for ln, t in zip(lines, titles, strict=True))
    links = titles
    assert "一、总则" in links and "（一）适用范围" in links
    assert "1.危险化学品泄漏处置" not in links  # level 3 is beyond --toc-levels 2
    assert "附件1　通讯录" in links and "附件4　应急队伍" in links
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    anchors = {h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink")}
    assert anchors <= bookmarks


def test_tables_where_sections_place_them(exported: Path) -> None:
    d = docx.Document(str(exported))
    contacts = next(t for t in d.tables if t.rows[0].cells[1].text == "姓名/单位")
    rows = [[c.text for c in r.cells] for r in contacts.rows]
    assert rows[1][:4] == ["1", "值班室", "24小时值班", "0571-8888 1234"]
    assert "13900000001" in rows[2]
    org = next(t for t in d.tables if t.rows[0].cells[0].text == "机构/工作组")
    assert [c.text for c in org.rows[0].cells] == ["机构/工作组", "组成及联系方式", "主要职责"]
    assert org.rows[1].cells[0].text == "应急指挥部"
    assert "1. 决定启动和终止应急响应" in org.rows[1].cells[2].text
    assert org.rows[1].cells[1].text.endswith("值班室\n0571-8888 1234")  # the number on a line
    resources = next(t for t in d.tables if t.rows[0].cells[1].text == "名称")
    assert [c.text for c in resources.rows[1].cells][:3] == ["1", "正压式空气呼吸器", "10套"]
    assert "13900000001" in [c.text for c in resources.rows[1].cells]  # phone from its contact
    for table in d.tables:
        trs = table._tbl.findall(f"{W}tr")
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)


def test_revision_record(exported: Path) -> None:
    d = docx.Document(str(exported))
    record = next(t for t in d.tables if t.rows[0].cells[3].text == "修订内容")
    rows = [[c.text for c in r.cells] for r in record.rows]
    assert rows[1] == ["1", "1.0", "2023年1月10日", "首次发布", "李四"]
    assert rows[2] == ["2", "2.0", "2026年3月1日", "调整组织机构", "张三"]
    assert record._tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None


def test_procedures_are_numbered_steps_with_actor_and_time(exported: Path) -> None:
    text = [t for _, t in paragraphs_with_style(exported)]
    assert "（1）应急指挥部：启动应急响应（10分钟内）。" in text
    assert "（2）抢险救援组：关闭泄漏点上游阀门（15分钟内）。联系：消防救援（119）。" in text
    assert "（3）医疗救护组：救护中毒人员（2小时内）。" in text
    assert "响应级别：Ⅱ级响应。" in text and "启动条件：储罐区报警。" in text


def test_appendices_start_new_pages_and_unplaced_parts_are_kept(exported: Path, parts) -> None:
    paras = paragraphs_with_style(exported)
    labels = [(i, t) for i, (s, t) in enumerate(paras) if s == "附件标识"]
    assert [t for _, t in labels] == ["附件1", "附件2", "附件3", "附件4"]
    titles = [paras[i + 1] for i, _ in labels]
    assert titles == [
        ("附件标题", "通讯录"),
        ("附件标题", "物资清单"),
        ("附件标题", "风险清单"),  # risks: placed nowhere, appended
        ("附件标题", "应急队伍"),  # teams: placed nowhere, appended
    ]
    styles = styles_by_id(parts)
    assert styles["PDAppendixLabel"].find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert style_value(styles, "PDAppendixLabel", f"{W}rPr/{W}rFonts", "eastAsia") == "黑体"
    assert style_value(styles, "PDAppendixTitle", f"{W}pPr/{W}jc", "val") == "center"
    text = full_text(exported)
    assert "液氯储罐" in text and "专职消防队" in text


def test_report_names_the_appended_parts(tmp_path) -> None:
    report = export_plan(rich_plan(), tmp_path / "a.docx")
    codes = [(p.code, p.message.zh) for p in report.problems]
    assert ("export.part_appended", "“风险清单”没有放在任何章节中，已作为附件3输出") in codes


def test_sample_plan_exports(sample_plan_path, tmp_path) -> None:
    plan = load_plan(sample_plan_path).model
    out = tmp_path / "sample.docx"
    report = export_plan(plan, out)
    assert report.path == out
    text = full_text(out)
    assert "生产安全事故综合应急预案" in text
    assert "0000-0000000" in text  # the duty phone, in the contacts appendix


def test_export_keeps_a_backup_of_the_previous_file(tmp_path) -> None:
    out = tmp_path / "a.docx"
    out.write_bytes(b"edited by hand in Word")
    export_plan(rich_plan(), out)
    assert (tmp_path / "a.docx.bak").read_bytes() == b"edited by hand in Word"
    docx.Document(str(out))


def test_reference_doc_supplies_styles_page_setup_and_cover(tmp_path) -> None:
    ref = tmp_path / "ref.docx"
    write_reference_doc(ref)
    # the user restyles the reference in Word: a bigger body, a Letter page, a logo line
    d = docx.Document(str(ref))
    d.styles["Body Text"].font.size = docx.shared.Pt(15)
    d.sections[0].page_width = Mm(216)
    d.paragraphs[0].insert_paragraph_before("【单位标志】{{ unit }}")
    d.save(str(ref))
    out = tmp_path / "out.docx"
    report = export_plan(rich_plan(), out, options=ExportOptions(reference_doc=ref))
    assert not report.warnings
    result = docx.Document(str(out))
    assert result.styles["Body Text"].font.size == docx.shared.Pt(15)
    assert all(round(s.page_width.mm) == 216 for s in result.sections)
    texts = [p.text for p in result.paragraphs]
    assert "【单位标志】示范化工有限公司" in texts
    assert "生产安全事故综合应急预案" in texts
    assert not [t for t in texts if "{{" in t]
    assert "以下各页只用于展示样式" not in "".join(texts)


def test_reference_without_our_styles_falls_back_and_says_so(tmp_path) -> None:
    ref = tmp_path / "plain.docx"
    docx.Document().save(str(ref))
    out = tmp_path / "out.docx"
    report = export_plan(rich_plan(), out, options=ExportOptions(reference_doc=ref))
    missing = " ".join(p.message.zh for p in report.warnings)
    assert "表格文字" in missing and "附件标识" in missing
    result = docx.Document(str(out))
    assert "附件1" in [p.text for p in result.paragraphs]
    assert result.paragraphs[0].text.startswith("编号")  # the built-in cover


def test_template_override_changes_the_release_order(tmp_path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "approval.j2").write_text(
        "# 颁 布 令\n经{{ unit }}研究，批准发布《{{ title }}》。\n> {{ issued | cn_date }}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.docx"
    export_plan(rich_plan(), out, options=ExportOptions(template_dir=folder))
    paras = paragraphs_with_style(out)
    assert ("Title", "颁 布 令") in paras
    assert ("Body Text", "经示范化工有限公司研究，批准发布《生产安全事故综合应急预案》。") in paras
    assert ("落款", "2026年3月1日") in paras


def test_hostile_override_stops_the_export(tmp_path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "cover.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(ExportError):
        export_plan(rich_plan(), tmp_path / "out.docx", options=ExportOptions(template_dir=folder))
    assert not (tmp_path / "out.docx").exists()


def test_options_leave_out_front_matter(tmp_path) -> None:
    out = tmp_path / "bare.docx"
    options = ExportOptions(toc_levels=0, approval_page=False, revision_record=False, duplex=False)
    export_plan(rich_plan(), out, options=options)
    d = docx.Document(str(out))
    assert len(d.sections) == 2  # cover and body
    texts = [p.text for p in d.paragraphs]
    assert "目　　录" not in texts and "修订记录" not in texts and "发　布　令" not in texts
    assert not any("TOC" in (t.text or "") for t in d.element.body.iter(f"{W}instrText"))


def test_an_empty_plan_still_exports(tmp_path) -> None:
    out = tmp_path / "empty.docx"
    export_plan(Plan(), out)
    docx.Document(str(out))


NASTY = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), min_size=0, max_size=300
) | st.sampled_from(["😀🚒🧯" * 10, "x" * 3000, "\x00\x01\ud800", "<w:p>&amp;</w:p>", "{{ 1 }}"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=NASTY, body=NASTY, name=NASTY, phone=NASTY)
def test_any_text_exports_safely(title: str, body: str, name: str, phone: str) -> None:
    plan = rich_plan()
    # straight into the models: text from the GUI or a paste is not always validated text
    plan.meta.__dict__["title"] = title
    plan.sections[0].__dict__["title"] = title
    plan.sections[0].__dict__["body"] = body
    plan.contacts[0].__dict__["name"] = name
    plan.contacts[0].__dict__["phone"] = phone
    plan.organization.groups[0].__dict__["duties"] = [body]
    plan.procedures[0].steps[0].__dict__["action"] = body
    data, _ = plan_docx_bytes(plan)
    d = docx.Document(io.BytesIO(data))
    text = full_text_of(d)
    for value in (title, body, name, phone):
        for line in clean(value).split("\n"):
            if line.strip():
                assert line.strip() in text


def full_text_of(d) -> str:  # type: ignore[no-untyped-def]
    out = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            out.extend(cell.text for cell in row.cells)
    return "\n".join(out)


def test_very_wide_tables_get_landscape_pages(tmp_path) -> None:
    plan = rich_plan()
    plan.resources[0] = plan.resources[0].model_copy(
        update={
            "category": "个体防护",
            "model": "6.8L",
            "performance": "使用时间不少于45分钟",
            "place": "应急物资库",
            "keeper": "赵六",
            "expires": "2028-01-01",
            "note": "每月检查",
        }
    )
    out = tmp_path / "wide.docx"
    export_plan(plan, out)
    d = docx.Document(str(out))
    turned = [s for s in d.sections if s._sectPr.find(f"{W}pgSz").get(f"{W}orient")]
    assert len(turned) == 1
    page = turned[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (297, 210)
    margins = [round(m.mm) for m in (page.top_margin, page.bottom_margin)]
    assert margins == [28, 26]  # the binding side is at the top
    assert [round(m.mm) for m in (page.left_margin, page.right_margin)] == [35, 37]
    assert page._sectPr.find(f"{W}pgNumType").get(f"{W}start") is None  # numbers go on
    resources = next(t for t in d.tables if t.rows[0].cells[1].text == "名称")
    assert len(resources.columns) >= 9
    assert sum(int(g.get(f"{W}w")) for g in resources._tbl.iter(f"{W}gridCol")) > 12000
    # the label of the turned appendix does not add a page to the section break
    label = next(p for p in d.paragraphs if p.text == "附件2")
    assert label._p.find(f"{W}pPr/{W}pageBreakBefore").get(f"{W}val") == "0"
    last = d.sections[-1]  # back to portrait for the appendices after it
    assert last._sectPr.find(f"{W}pgSz").get(f"{W}orient") is None


def test_decimal_headings_have_no_gongwen_indent(decimal_export: Path, parts) -> None:
    """Decimal numbering (1 / 1.1 / 1.1.1) is a clean option: headings flush left; the
    two-character indent belongs to 一、（一） headings (issue 17, item 2)."""
    styles = styles_by_id(xml_parts(decimal_export))
    for level in range(1, 5):
        assert style_value(styles, f"Heading{level}", f"{W}pPr/{W}ind", "firstLineChars") in (
            None,
            "0",
        )
    gongwen = styles_by_id(parts)  # the default export
    for level in range(1, 5):
        assert style_value(gongwen, f"Heading{level}", f"{W}pPr/{W}ind", "firstLineChars") == "200"
