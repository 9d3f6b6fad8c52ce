"""Every document PlanDrill writes shows names, never ids, and no program text (issue 17).

Each document kind is generated from the sample plan, every plan template, the sample
drills and every drill template (``tests/docscan.py``); all its text (body, tables,
headers, footers) is read back with python-docx and searched for the program ids of the
source data and for Latin words outside a short allow-list and the user's own words.
"""

from __future__ import annotations

import pytest

from tests import docscan

KINDS = [
    "预案文本",
    "处置卡",
    "备案材料：应急预案备案材料清单",
    "备案材料：生产安全事故应急预案备案申报表",
    "备案材料：应急预案备案申报表",
    "备案材料：应急预案评审意见",
    "备案材料：应急预案评审表",
    "备案材料：应急预案编制说明",
    "备案材料：生产安全事故风险评估报告",
    "备案材料：突发事件风险评估报告",
    "备案材料：生产安全事故应急资源调查报告",
    "备案材料：应急资源调查报告",
    "演练工作方案",
    "演练脚本（导调版）",
    "演练脚本（参演人员版）",
    "演练评估方案",
    "任务卡",
    "演练评估报告",
    "演练总结报告",
    "年度工作计划",
    "预案体系",
    "修订对照表",
]


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[docscan.Doc]:
    return docscan.generate_all(tmp_path_factory.mktemp("docs"))


def test_every_kind_is_generated_from_every_source(documents) -> None:
    kinds = {d.kind for d in documents}
    expected = {k if isinstance(k, str) else k.values[0] for k in KINDS}
    assert kinds == expected
    plans = {d.source for d in documents if d.kind == "预案文本"}
    assert len(plans) == 9  # the sample and the eight plan templates
    scripts = {d.source for d in documents if d.kind == "演练脚本（导调版）"}
    assert len(scripts) == 4  # two sample drills, two drill templates
    assert all(d.ids for d in documents)  # there were ids to find


@pytest.mark.parametrize("kind", KINDS)
def test_documents_show_names_not_ids(documents, kind) -> None:
    hits = []
    for d in documents:
        if d.kind != kind:
            continue
        for word, line in docscan.program_text(docscan.text_of(d.data), d.ids, d.words):
            hits.append(f"{d.source}: {word!r} in {line[:80]}")
    assert hits == []


def test_the_scan_finds_what_the_issue_saw() -> None:
    lines = [
        "1. 执行处置程序 fire-i，Ⅱ级措施继续执行",
        "i03 决策“维持Ⅲ级响应”后 3 分钟",
        "下达给 all",
        "〔e03a〕关阀堵漏",
        "评估项 c-judge：研判是否准确",
        "全部问题用 python -m app validate 查看",
        "01_生产安全事故应急预案备案申报表.docx",
    ]
    ids = {"fire-i", "i03", "e03a", "c-judge"}
    found = {word for word, _ in docscan.program_text(lines, ids)}
    assert {"fire-i", "i03", "all", "e03a", "c-judge", "python", "validate", "docx"} <= found


def test_the_scan_lets_standards_units_and_the_users_words_through() -> None:
    lines = [
        "依据GB/T 29639—2020附录A和AQ/T 9007—2019编写",
        "规格型号：MFTZ/ABC35；可燃气/O₂/H₂S/CO；流量3000 m³/h；0.5 mg/m³",
        "情景时间 T+00:08",
    ]
    data = {"resources": [{"id": "r1", "model": "MFTZ/ABC35", "text": "可燃气/O₂/H₂S/CO"}]}
    assert docscan.user_words(data) == {"MFTZ", "ABC35", "CO"}
    assert docscan.program_text(lines, {"r1"}, docscan.user_words(data)) == []
    # an enum value or an id the user never wrote stays a hit
    assert docscan.user_words({"meta": {"form": "tabletop"}}) == set()
