"""Government plans: structure per GB/T 46793 / 国办发〔2024〕5号, issued-document form,
the drawn response flow chart, and the 应急工作手册 in the filing package."""

from __future__ import annotations

import datetime as dt

import pytest

from app.checks import check_plan
from app.model.plan import Section, walk_sections
from app.storage.templates import render_template

TODAY = dt.date(2026, 11, 23)
GOVERNMENT = ["county-overall", "township", "community", "flood-drought-special"]
RESPONSE = {"应急响应", "分级响应", "响应分级", "预警和应急响应"}


def _chain(sections: list[Section], path: tuple) -> list[Section]:
    """The sections from the top chapter down to ``path``."""
    out = []
    items = sections
    for i in range(1, len(path), 2):
        section = items[path[i]]
        out.append(section)
        items = section.children
    return out


@pytest.mark.parametrize("template_id", GOVERNMENT)
def test_levels_and_level_procedures_sit_under_the_response_chapter(template_id: str) -> None:
    plan = render_template(template_id, {})
    leveled = any(p.level for p in plan.procedures)
    for path, section, _ in walk_sections(plan.sections):
        parts = {"levels"} | ({"procedures"} if leveled else set())
        if not parts & set(section.insert):
            continue
        titles = [s.title for s in _chain(plan.sections, path)]
        assert RESPONSE & set(titles), titles
        assert not {"信息报告", "先期处置"} & set(titles), titles


def test_township_grading_is_not_part_of_first_response() -> None:
    plan = render_template("township", {})
    titles = [s.title for s in plan.sections]
    assert titles.index("先期处置") < titles.index("应急响应")
    first = plan.sections[titles.index("先期处置")]
    assert not [c for c in first.children if "分级" in c.title]


def _codes(plan) -> list[str]:
    return [p.code for p in check_plan(plan, today=TODAY)]


def test_levels_filed_under_first_response_are_reported() -> None:
    plan = render_template("township", {})
    titles = [s.title for s in plan.sections]
    first = plan.sections[titles.index("先期处置")]
    grading = plan.sections[titles.index("应急响应")]
    plan.sections.remove(grading)
    first.children.append(grading.model_copy(update={"title": "响应分级", "element": None}))
    codes = _codes(plan)
    assert "complete.placement" in codes


def test_level_procedures_under_information_report_are_reported() -> None:
    plan = render_template("county-overall", {})
    response = next(s for s in plan.sections if s.element == "G.5")
    report = next(c for c in response.children if c.element == "G.5.1")
    grading = next(c for c in response.children if c.element == "G.5.3")
    grading.insert.remove("procedures")
    report.insert.append("procedures")
    problems = [p for p in check_plan(plan, today=TODAY) if p.code == "complete.placement"]
    assert problems and "信息报告" in problems[0].message.zh


def test_chapters_out_of_the_standards_order_are_reported() -> None:
    plan = render_template("county-overall", {})
    plan.sections.reverse()
    assert "complete.order" in _codes(plan)


def test_grading_outside_the_response_chapter_is_reported() -> None:
    plan = render_template("county-overall", {})
    response = next(s for s in plan.sections if s.element == "G.5")
    grading = next(c for c in response.children if c.element == "G.5.3")
    response.children.remove(grading)
    plan.sections.insert(plan.sections.index(response) + 1, grading)
    assert "complete.within" in _codes(plan)


# --- the issued-document form (GB/T 9704-2012) -------------------------------------------


def _exported(template_id: str, **meta: object) -> list[str]:
    from app.export import plan_docx_bytes
    from tests.docscan import text_of

    plan = render_template(template_id, {}, use_examples=True)
    for key, value in meta.items():
        setattr(plan.meta, key, value)
    data, _ = plan_docx_bytes(plan)
    return text_of(data)


@pytest.mark.parametrize("template_id", GOVERNMENT)
def test_government_plan_is_issued_with_a_notice_sign_off_and_imprint(template_id: str) -> None:
    plan = render_template(template_id, {}, use_examples=True)
    issuer, title = plan.meta.unit.name, plan.meta.title
    number = plan.meta.issuance.number
    assert "〔2026〕" in number
    text = _exported(template_id, issued=dt.date(2026, 3, 15))
    assert f"{issuer}文件" in text
    assert number in text  # 发文字号 from the data
    # the 标题, broken after 关于印发 when it takes two lines (words whole, GB/T 9704 §7.3.1)
    heading = f"{issuer}关于印发{title}的通知"
    assert heading in text or f"{issuer}关于印发 {title}的通知" in text
    assert f"现将《{title}》印发给你们，请认真贯彻执行。" in text
    at = text.index(f"现将《{title}》印发给你们，请认真贯彻执行。")
    assert text[at + 1 : at + 3] == [issuer, "2026年3月15日"]  # 署名 and 成文日期
    cc = max(i for i, t in enumerate(text) if t.startswith("抄送："))  # 版记, after the 附件
    assert cc > max(i for i, t in enumerate(text) if t.startswith("附件"))
    assert text[cc].endswith("。") and "【" not in text[cc]
    assert text[cc + 1 : cc + 3] == [plan.meta.issuance.printer, "2026年3月15日印发"]
    assert not [t for t in text if "颁布日期" in t]


def test_a_missing_date_is_a_marker_never_today() -> None:
    text = _exported("county-overall", issued=None)
    today = dt.date.today()
    assert not [t for t in text if f"{today.year}年{today.month}月{today.day}日" in t]
    assert text.count("【待填写：成文日期】") == 2  # cover and sign-off
    assert "【待填写：印发日期】印发" in text


def test_enterprise_plan_keeps_its_release_cover() -> None:
    text = _exported("hazchem-comprehensive")
    assert [t for t in text if t.startswith("颁布日期")]
    assert not [t for t in text if "印发给你们" in t or t.startswith("抄送：")]


# --- the response flow chart ---------------------------------------------------------------


def _appendix_of(data: bytes, title: str) -> list:
    """The body elements of the appendix titled ``title`` (up to the next 附件 label)."""
    import io

    import docx

    body = docx.Document(io.BytesIO(data)).element.body
    items = list(body)
    texts = ["".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")) for el in items]
    start = texts.index(title)
    end = next((i for i in range(start + 1, len(items)) if texts[i].startswith("附件")), len(items))
    return items[start:end]


@pytest.mark.parametrize(
    ("template_id", "title"),
    [("county-overall", "突发事件应急响应流程"), ("township", "突发事件信息报告和先期处置流程")],
)
def test_response_flow_appendix_is_a_drawn_figure(template_id: str, title: str) -> None:
    from app.export import plan_docx_bytes

    plan = render_template(template_id, {}, use_examples=True)
    data, _ = plan_docx_bytes(plan)
    part = _appendix_of(data, title)
    text = ["".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")) for el in part]
    assert not [t for t in text if "→" in t]
    drawings = [d for el in part for d in el.iter() if d.tag.endswith("}inline")]
    assert len(drawings) == 1  # an inline picture
    assert f"图1　{title}" in text  # with its 图 caption


def test_flow_chart_is_built_from_the_plans_levels() -> None:
    from app.export.flowchart import flow_png, response_flow

    plan = render_template("county-overall", {}, use_examples=True)
    flow = response_flow(plan)
    assert [s.title for s in flow.stages()] == [
        "信息报告",
        "先期处置",
        "分级响应",
        "应急结束",
        "后期处置",
    ]
    assert [s.title for s in flow.levels] == [lv.name for lv in plan.levels]
    assert "区级一级、二级响应处置" in flow.levels[1].detail
    drawn = flow_png(flow)
    assert drawn is not None
    png, width_mm, height_mm = drawn
    assert png.startswith(b"\x89PNG") and width_mm == 156 and height_mm > 100


def test_without_a_chinese_font_the_flow_is_text_without_arrows(monkeypatch) -> None:
    from app.export import plan_docx, plan_docx_bytes
    from tests.docscan import text_of

    monkeypatch.setattr(plan_docx, "flow_png", lambda flow: None)
    plan = render_template("county-overall", {}, use_examples=True)
    data, report = plan_docx_bytes(plan)
    text = text_of(data)
    assert "1. 信息报告：接报、核实、报告；由事发地乡镇（街道）、区委区政府总值班室" in text
    assert not [t for t in text if "→" in t]
    assert any(p.code == "export.no_cjk_font" for p in report.warnings)


# --- the filing package: 应急工作手册 for government plans ------------------------------------


def _package(template_id: str):
    from app.filing.package import PackageOptions, build_documents

    plan = render_template(template_id, {}, use_examples=True)
    files, _ = build_documents(plan, options=PackageOptions(today=dt.date(2026, 3, 1)))
    return {f.item.key: f for f in files}, [f.item.title for f in files]


def test_county_package_has_a_handbook_not_position_cards() -> None:
    from tests.docscan import text_of

    files, titles = _package("county-overall")
    assert "应急工作手册" in titles and "岗位应急处置卡" not in titles
    handbook = files["cards"]
    assert handbook.item.filename.startswith("04_应急工作手册")
    text = text_of(handbook.data)
    assert "应急工作手册" in text
    # by department: duties, steps with time limits, contacts
    assert "一、东江区突发事件应急委员会" in text
    assert any(t.startswith("（一）职责") for t in text)
    assert any("处置工作程序" in t for t in text)
    assert any("30分钟内" in t for t in text)
    assert any(t.startswith("联系人") for t in text)
    assert not [t for t in text if "岗位应急处置卡" in t]


def test_enterprise_package_still_has_position_cards() -> None:
    _, titles = _package("hazchem-comprehensive")
    assert "岗位应急处置卡" in titles and "应急工作手册" not in titles


def test_meta_checks_name_the_government_date_and_number() -> None:
    plan = render_template("county-overall", {}, use_examples=True)
    issued = [p for p in check_plan(plan, today=TODAY) if p.code == "meta.issued"]
    assert issued and "成文日期" in issued[0].message.zh
    plan.meta.issued = dt.date(2026, 11, 2)
    plan.meta.issuance.number = None
    codes = _codes(plan)
    assert "meta.doc_number" in codes and "meta.approved_by" not in codes


def test_an_unissued_enterprise_plan_is_not_asked_for_its_approver() -> None:
    plan = render_template("hazchem-comprehensive", {})
    plan.meta.approved_by = None
    plan.meta.issued = None
    assert "meta.approved_by" not in _codes(plan)


def test_a_two_line_notice_title_breaks_after_guanyu_yinfa() -> None:
    import io

    import docx

    from app.export import plan_docx_bytes

    plan = render_template("county-overall", {}, use_examples=True)
    data, _ = plan_docx_bytes(plan)
    body = docx.Document(io.BytesIO(data)).element.body
    title = next(
        p for p in body.iter() if p.tag.endswith("}p") and "的通知" in "".join(p.itertext())
    )
    pieces = [
        el.text if el.tag.endswith("}t") else "|"
        for el in title.iter()
        if el.tag.endswith(("}t", "}br"))
    ]
    assert "".join(pieces) == "东江区人民政府关于印发|东江区突发事件总体应急预案的通知"


def test_only_a_response_flow_appendix_is_drawn() -> None:
    from app.export.plan_docx import FLOW_TITLE

    assert FLOW_TITLE.search("突发事件应急响应流程")
    assert FLOW_TITLE.search("突发事件信息报告和先期处置流程")
    assert not FLOW_TITLE.search("应急物资采购流程")
