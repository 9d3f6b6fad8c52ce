"""``validate`` after an import reports only what the source plans really lack (issue 19).

For every plan of the import corpus the problems the source document truly has are listed
by hand (an element it has no chapter for, a detail it never states); anything else the
checks report was caused by the import.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.checks import check_plan
from app.importer import import_docx
from tests.import_corpus import CASES

_COMMON = {"due.filing_soon", "review.missing"}
REAL: dict[int, set[str]] = {
    0: {  # 企业综合: no risk, warning, 预案体系/管理 chapters; 保障 holds only supplies
        *(
            f"complete.missing:{e}"
            for e in (
                "事故风险描述",
                "应急预案体系",
                "预警及信息报告",
                "应急预案管理",
                "向上级应急管理机构报告的内容",
                "信息报告",
                "预警",
                "响应启动",
                "应急支援",
                "响应终止",
                "后期处置",
                "通信与信息保障",
                "应急队伍保障",
                "其他保障",
                "生产经营单位概况",
                "风险评估的结果",
                "预案体系与衔接",
                "格式化文本",
                "关键的路线、标识和图纸",
                "有关协议或者备忘录",
            )
        ),
    },
    1: {  # 企业专项: no organisation, 保障, contacts or supplies; steps name no actor
        *(
            f"complete.missing:{e}"
            for e in (
                "应急指挥机构与职责",
                "应急组织机构及职责",
                "应急组织机构和人员的联系方式",
                "应急物资储备清单",
                "响应启动",
                "应急保障",
                "应急物资装备的名录或清单",
                "有关应急部门、机构或人员的联系方式",
            )
        ),
        "meta.approved_by",
        "ref.no_actor",
    },
    2: {"meta.approved_by"},
    3: {  # 政府总体: no cover (so no date), no 风险防控/监测预警/保障/管理 chapters; its
        # 应急响应 holds only 响应分级 and 响应结束: no 信息报告 or 先期处置 step is written
        *(
            f"complete.missing:{e}"
            for e in ("风险防控", "监测预警", "应急保障", "预案管理", "信息报告", "先期处置")
        ),
        "meta.issued",
    },
    4: {  # 政府专项: 应急响应 holds only 响应分级 (no 处置措施); the cover is dated
        # "2026年3月1日发布" but prints no 发文字号 anywhere
        *(f"complete.missing:{e}" for e in ("监测预警", "后期处置", "预案管理", "处置措施")),
        "meta.doc_number",
    },
    5: {  # 乡镇: no levels, risk list or resources chapter (the appendix is contacts only);
        # dated on the cover, no 发文字号 in the text
        *(
            f"complete.missing:{e}"
            for e in (
                "预警传播",
                "信息报告",
                "自救互救",
                "临时安置",
                "响应分级",
                "应急响应",
                "风险隐患排查",
                "应急保障",
            )
        ),
        "meta.doc_number",
    },
    6: {  # 村: dated on the cover, no 发文字号 in the text
        *(
            f"complete.missing:{e}"
            for e in ("风险隐患监测", "信息报告", "应急处置措施", "应急资源调用")
        ),
        "meta.doc_number",
    },
}


def _key(code: str, message: str) -> str:
    if code.startswith("complete."):
        return f"{code}:{message.split('“')[1].split('”')[0]}"
    return code


@pytest.mark.parametrize("index", range(len(CASES)))
def test_validate_after_import_reports_only_real_problems(tmp_path: Path, index: int) -> None:
    case = CASES[index]
    plan = import_docx(case.build(tmp_path / "p.docx")).plan
    problems = check_plan(plan, today=dt.date(2026, 3, 2))
    found = {_key(p.code, p.message.zh) for p in problems}
    caused = found - REAL[index] - _COMMON
    assert not caused, [p.message.zh for p in problems if _key(p.code, p.message.zh) in caused]


def test_a_chapter_under_another_name_is_tagged_with_its_element(tmp_path: Path) -> None:
    plan = import_docx(CASES[5].build(tmp_path / "t.docx")).plan
    chapter = next(s for s in plan.sections if s.title == "组织机构")
    assert chapter.element == "T.1"  # 组织体系 of a township plan
