"""The filing documents, built in memory and read back: what each one says, what it
marks as missing, and the review facts they rest on."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
import pytest
from lxml import etree

from app.filing import (
    element_rows,
    filing_deadline,
    resource_report,
    review_form,
    review_opinion,
    review_requirement,
    risk_report,
    safe_name,
)
from app.filing.document import FilingDoc, mark_gaps
from app.filing.forms import drafting_notes
from app.i18n import T
from app.model.kinds import rules_for
from app.model.plan import Plan, RiskLevel
from app.storage.templates import render_template

TODAY = dt.date(2026, 3, 20)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def hazchem() -> Plan:
    return render_template("hazchem-comprehensive", {}, use_examples=True)


def county() -> Plan:
    return render_template("county-overall", {}, use_examples=True)


def bare(**meta: Any) -> Plan:
    data = {"title": "现场处置方案", "kind": "enterprise_onsite", "unit": {"name": "甲公司"}}
    return Plan.model_validate({"meta": {**data, **meta}})


def read(doc: FilingDoc) -> docx.document.Document:
    return docx.Document(io.BytesIO(doc.to_bytes()))


def texts(doc: FilingDoc) -> str:
    d = read(doc)
    out = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            out.extend(c.text for c in row.cells)
    return "\n".join(out)


def table_rows(doc: FilingDoc, header: str) -> list[list[str]]:
    """The body rows of the first table whose header row holds ``header``."""
    for table in read(doc).tables:
        head = [c.text for c in table.rows[0].cells]
        if header in head:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table with a {header} column")


def marked_runs(doc: FilingDoc) -> list[str]:
    """Texts of the runs in the placeholder style (bold, dark red): the gap markers."""
    document = read(doc)
    root = etree.fromstring(document.element.xml.encode())
    style = document.styles.element.find(f"{W}style[@{W}styleId='PDPlaceholder']")
    assert style is not None
    assert style.find(f"{W}rPr/{W}b") is not None
    assert style.find(f"{W}rPr/{W}color").get(f"{W}val") == "C00000"
    out = []
    for run in root.iter(f"{W}r"):
        rstyle = run.find(f"{W}rPr/{W}rStyle")
        if rstyle is not None and rstyle.get(f"{W}val") == "PDPlaceholder":
            out.append("".join(t.text or "" for t in run.iter(f"{W}t")))
    return out


# --- 风险评估报告 ------------------------------------------------------------------------------


def test_risk_report_lists_every_risk_and_counts_levels() -> None:
    plan = hazchem()
    doc = risk_report(plan, TODAY)
    hazards = [r[1] for r in table_rows(doc, "危险有害因素") if r[0].isdigit()]
    assert hazards == [r.hazard for r in plan.risks]
    counts = {row[0]: row[1] for row in table_rows(doc, "数量")}
    expected = {lv.zh: str(sum(r.level is lv for r in plan.risks)) for lv in RiskLevel}
    assert {k: counts[k] for k in expected} == expected
    assert counts["合计"] == str(len(plan.risks))
    text = texts(doc)
    for kind in {k for r in plan.risks for k in r.accident_types}:
        assert kind in text
    # controls, one row per risk, and the full summary table
    controls = table_rows(doc, "管控措施")
    assert len(controls) == len(plan.risks)
    assert plan.risks[0].controls[0] in controls[0][3]
    assert "风险评估结果汇总表" in text
    assert "示范化工有限公司" in text
    assert "【缺少：风险清单】" not in text


def test_risk_report_without_risks_marks_the_gap_instead_of_crashing() -> None:
    doc = risk_report(bare(), TODAY)
    text = texts(doc)
    assert "【缺少：风险清单】" in text
    assert [g.what.zh for g in doc.gaps].count("风险清单") == 1
    assert "【缺少：风险清单】" in marked_runs(doc)


def test_risk_report_marks_each_missing_field() -> None:
    plan = Plan.model_validate(
        {
            "meta": {"title": "方案", "kind": "enterprise_onsite", "unit": {"name": "甲"}},
            "risks": [{"id": "r1", "hazard": "液氨储罐"}],
        }
    )
    doc = risk_report(plan, TODAY)
    text = texts(doc)
    for field in ("场所/部位", "可能事故类型", "后果及影响范围", "风险等级", "管控措施"):
        assert f"【缺少：“液氨储罐”的{field}】" in text
    assert "未定级" in text


def test_government_survey_keeps_all_teams_as_its_own() -> None:
    plan = county()
    doc = resource_report(plan, TODAY)
    assert [r[1] for r in table_rows(doc, "队伍名称")] == [t.name for t in plan.teams]
    assert "外部救援队伍" not in texts(doc)


def test_government_risk_report_is_titled_for_emergencies() -> None:
    doc = risk_report(county(), TODAY)
    assert read(doc).paragraphs[0].text == "突发事件风险评估报告"
    text = texts(doc)
    assert "国办发〔2024〕5号" in text
    assert "可能发生的突发事件类别" in text
    assert "事故风险描述" not in text  # an enterprise element the plan does not have


# --- 应急资源调查报告 --------------------------------------------------------------------------


def test_resource_report_lists_own_and_outside_resources() -> None:
    plan = hazchem()
    doc = resource_report(plan, TODAY)
    names = [r[1] for r in table_rows(doc, "规格型号")]
    assert names == [r.name for r in plan.resources]
    own = [r[1] for r in table_rows(doc, "队伍名称")]
    assert own == ["专职消防（气防）队", "兼职应急救援队"]
    text = texts(doc)
    # numbered after the tables before it: 表1 teams, 表2 supplies (no shelters, no experts)
    assert "表3　外部救援队伍" in text and "东江化工园区消防救援站" in text
    outside = [r[1] for r in table_rows(doc, "职责/用途")]
    assert "消防救援" in outside and "东江区应急管理局" in outside
    assert not [n for n in outside if "组长" in n]  # the unit's own people stay out
    assert "与东江化工园区消防救援站的联防互助协议" in text  # from the agreements appendix
    assert "（1）（1）" not in text
    assert "便携式四合一气体检测仪" in text  # a monitoring means found in the supplies
    assert "【缺少：应急专家】" in text  # the template registers none


def test_resource_report_of_an_empty_plan_marks_every_register() -> None:
    doc = resource_report(bare(), TODAY)
    text = texts(doc)
    for what in (
        "应急队伍",
        "应急物资装备清单",
        "应急专家",
        "外部联络和支援单位",
        "应急救援协议或备忘录",
    ):
        assert f"【缺少：{what}】" in text
    assert "【待补充：监测报警手段】" in text


def test_expired_supplies_are_named() -> None:
    plan = Plan.model_validate(
        {
            "meta": {"title": "方案", "kind": "enterprise_onsite", "unit": {"name": "甲"}},
            "resources": [
                {"id": "m1", "name": "空气呼吸器", "expires": "2025-12-31"},
                {"id": "m2", "name": "灭火器", "expires": "2027-01-01"},
            ],
        }
    )
    text = texts(resource_report(plan, TODAY))
    assert "空气呼吸器（有效期至2025年12月31日）" in text
    assert "灭火器（有效期至" not in text


# --- 评审表 and 评审意见 -----------------------------------------------------------------------


@pytest.mark.parametrize("template", ["hazchem-comprehensive", "confined-space-onsite"])
def test_review_form_has_one_row_per_element_with_its_source(template: str) -> None:
    plan = render_template(template, {}, use_examples=True)
    doc = review_form(plan, TODAY)
    rules = rules_for(plan.meta.kind)
    expected = [e.title for e in rules.required + rules.standard + rules.appendices]
    rows = [
        row
        for table in read(doc).tables
        if [c.text for c in table.rows[0].cells][:2] == ["序号", "要素"]
        for row in ([c.text for c in r.cells] for r in table.rows[1:])
    ]
    assert [r[1] for r in rows] == expected
    assert all("□符合" in r[4] and "□不符合" in r[4] for r in rows)
    sources = [r[2] for r in rows]
    assert sources[0].startswith("办法第")
    where = {e.element.title: e.where for e in element_rows(plan)}
    assert [r[3] for r in rows] == [where[t] for t in expected]
    text = texts(doc)
    assert "风险评估和应急资源调查的全面性" in text and "应急预案的衔接性" in text
    assert "评审组长（签字）" in text
    assert "签字" in [c.text for c in read(doc).tables[-1].rows[0].cells]


def test_review_form_says_review_or_demonstration_and_why() -> None:
    small = bare(unit={"name": "甲", "industry": "industry_trade", "scale": "small"})
    doc = review_form(small, TODAY)
    assert read(doc).paragraphs[0].text == "应急预案论证表"
    assert "可以根据自身需要对应急预案进行论证" in texts(doc)
    formal = hazchem()
    doc = review_form(formal, TODAY)
    assert read(doc).paragraphs[0].text == "应急预案评审表"
    assert "危险化学品" in texts(doc) and "应当对应急预案进行评审" in texts(doc)


def test_review_opinion_without_a_record_is_a_marked_gap() -> None:
    doc = review_opinion(hazchem(), TODAY)
    text = texts(doc)
    assert "【缺少：评审/论证记录】" in text
    assert "【缺少：评审/论证记录】" in marked_runs(doc)
    assert "第二十一条" in text


def with_review(plan: Plan, **review: Any) -> Plan:
    data = plan.model_dump(by_alias=True)
    data["meta"]["review"] = review
    return Plan.model_validate(data)


def test_review_opinion_summarises_the_record() -> None:
    plan = with_review(
        hazchem(),
        form="评审",
        date="2026-01-28",
        organizer="示范化工有限公司",
        experts=["张三", "李四", "王五"],
        conclusion="原则通过",
        required_changes=["补充堵漏器材", "明确衔接条件"],
    )
    doc = review_opinion(plan, TODAY)
    text = texts(doc)
    assert "2026年1月28日" in text
    assert "张三、李四、王五（共3人）" in text
    assert "原则通过" in text
    assert [r[1] for r in table_rows(doc, "修改意见")] == ["补充堵漏器材", "明确衔接条件"]
    assert not doc.gaps


def test_demonstration_recorded_where_a_review_is_required_is_marked() -> None:
    plan = with_review(
        hazchem(),
        form="论证",
        date="2026-01-28",
        experts=["张三"],
        conclusion="通过",
        organizer="甲",
    )
    doc = review_opinion(plan, TODAY)
    assert any("评审（本单位应组织评审" in m for m in marked_runs(doc))


# --- facts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "applies", "formal", "known"),
    [
        ({"industry": "hazchem"}, True, True, True),
        ({"industry": "mining", "scale": "small"}, True, True, True),
        ({"industry": "industry_trade", "scale": "medium"}, True, True, True),
        ({"industry": "industry_trade", "scale": "small"}, True, False, True),
        ({}, True, False, False),
    ],
)
def test_review_requirement_follows_article_21(unit, applies, formal, known) -> None:
    req = review_requirement(bare(unit={"name": "甲", **unit}))
    assert (req.applies, req.formal, req.known) == (applies, formal, known)
    assert "第二十一条" in req.reason
    assert req.reason_t.en


def test_government_plans_are_examined_not_reviewed() -> None:
    req = review_requirement(county())
    assert not req.applies
    assert "国办发〔2024〕5号" in req.reason


def test_filing_deadline_states() -> None:
    plan = bare(issued="2026-02-10")
    d = filing_deadline(plan, dt.date(2026, 3, 16))
    assert d.due == dt.date(2026, 3, 16) and not d.passed
    assert "最后一天" in d.status().zh
    d = filing_deadline(plan, dt.date(2026, 3, 17))
    assert d.passed and "已超过备案期限1天" in d.status().zh
    filed = bare(issued="2026-02-10", filing={"submitted": "2026-03-18"})
    d = filing_deadline(filed, dt.date(2026, 4, 1))
    assert not d.passed and d.submitted_late and "已超过备案期限" in d.status().zh
    assert "无法计算" in filing_deadline(bare(), TODAY).status().zh


def test_element_rows_locate_sections_as_the_export_numbers_them() -> None:
    rows = {r.element.id: r for r in element_rows(hazchem())}
    # 公文 numbers by default; a sub-heading's label carries its parents' numbers
    assert rows["6.3.1"].where == "四、（一）信息报告"
    assert rows["A16.1"].where == "四、（一）3.向上级报告的内容"
    assert rows["9.8"].where == "附件8　有关协议或者备忘录"
    empty = bare()
    missing = element_rows(empty)
    assert all(r.where == "未找到" and not r.present for r in missing)


def test_element_rows_name_an_empty_heading() -> None:
    plan = Plan.model_validate(
        {
            "meta": {"title": "方案", "kind": "enterprise_onsite", "unit": {"name": "甲"}},
            "sections": [{"id": "s1", "title": "注意事项"}],
        }
    )
    row = next(r for r in element_rows(plan) if r.element.title == "注意事项")
    assert row.empty_heading and row.where == "有标题无内容：一、注意事项"


# --- 编制说明 ----------------------------------------------------------------------------------


def test_drafting_notes_prefill_from_the_plan() -> None:
    plan = county()
    doc = drafting_notes(plan, TODAY)
    text = texts(doc)
    assert "《中华人民共和国突发事件应对法》" in text  # from 总则 › 编制依据
    assert "上位预案：江州市突发事件总体应急预案" in text
    assert "东江区应急管理局牵头编制" in text
    assert "一、总则" in text and "九、附则" in text  # 分级响应 sits in 应急处置与救援
    assert f"设{len(plan.organization.groups)}个工作组" in text
    assert "【待补充：征求意见的范围、方式和意见采纳情况】" in text
    assert "【缺少：印发日期】" in text  # the template has no issue date


# --- marking -----------------------------------------------------------------------------------


def test_mark_gaps_splits_runs_and_keeps_the_text() -> None:
    doc = FilingDoc("测试")
    doc.para("前文" + doc.gap(T("甲", "a"), T("补", "b")) + "中间【待填写：电话】后文")
    doc.para("没有缺项的段落")
    assert marked_runs(doc) == ["【缺少：甲】", "【待填写：电话】"]
    paragraphs = [p.text for p in read(doc).paragraphs]
    assert "前文【缺少：甲】中间【待填写：电话】后文" in paragraphs


def test_mark_gaps_is_harmless_on_text_without_markers() -> None:
    root = etree.fromstring(
        f'<w:body xmlns:w="{W[1:-1]}"><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body>'
    )
    mark_gaps(root)
    assert [t.text for t in root.iter(f"{W}t")] == ["正文"]
    assert root.find(f".//{W}color") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("示范/化工:预案?", "示范_化工_预案_"),
        ("CON", "_CON"),
        ("  预案.  ", "预案"),
        ("", "预案"),
        ("甲" * 200, "甲" * 80),
    ],
)
def test_safe_name(text: str, expected: str) -> None:
    assert safe_name(text) == expected
    assert not re.search(r'[<>:"/\\|?*]', safe_name(text))
