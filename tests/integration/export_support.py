"""Reading exported .docx files back in the Word export tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from lxml import etree

from app.model.plan import Plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def xml_parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {
            name: etree.fromstring(z.read(name))
            for name in z.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }


def styles_by_id(parts: dict[str, etree._Element]) -> dict[str, etree._Element]:
    return {s.get(f"{W}styleId"): s for s in parts["word/styles.xml"].iter(f"{W}style")}


def used_style_ids(parts: dict[str, etree._Element]) -> set[str]:
    used: set[str] = set()
    for name, root in parts.items():
        if name == "word/document.xml" or name.startswith(("word/footer", "word/header")):
            used |= {el.get(f"{W}val") for el in root.iter(f"{W}pStyle")}
    return used


def style_value(styles: dict[str, etree._Element], style_id: str, path: str, attr: str):  # type: ignore[no-untyped-def]
    """The value a style (or the style it is based on) gives ``path/@attr``."""
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles[style_id]
        el = style.find(path)
        if el is not None and el.get(f"{W}{attr}") is not None:
            return el.get(f"{W}{attr}")
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return None


def paragraphs_with_style(path: Path) -> list[tuple[str, str]]:
    d = docx.Document(str(path))
    return [(p.style.name, p.text) for p in d.paragraphs]


def full_text(path: Path) -> str:
    d = docx.Document(str(path))
    out = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            out.extend(cell.text for cell in row.cells)
    return "\n".join(out)


def rich_plan(**meta: object) -> Plan:
    """A plan with every structured part, some placed and some not."""
    data = {
        "schema": "plandrill/plan@1",
        "meta": {
            "title": "生产安全事故综合应急预案",
            "kind": "enterprise_comprehensive",
            "unit": {"name": "示范化工有限公司", "principal": "王建国"},
            "code": "SF-2026-01",
            "version": "2.0",
            "issued": "2026-03-01",
            "effective": "2026-03-15",
            "approved_by": "王建国",
            "revision_history": [
                {"version": "1.0", "date": "2023-01-10", "summary": "首次发布", "author": "李四"},
                {
                    "version": "2.0",
                    "date": "2026-03-01",
                    "summary": "调整组织机构",
                    "author": "张三",
                },
            ],
            **meta,
        },
        "sections": [
            {
                "id": "s1",
                "title": "总则",
                "children": [
                    {"id": "s1a", "title": "适用范围", "body": "本预案适用于本公司。\n第二段。"},
                    {
                        "id": "s1b",
                        "title": "1.2 响应分级",
                        "body": "分为两级。",
                        "insert": ["levels"],
                    },
                ],
            },
            {"id": "s2", "title": "应急组织机构及职责", "insert": ["organization"]},
            {
                "id": "s3",
                "title": "应急响应",
                "children": [
                    {
                        "id": "s3a",
                        "title": "应急处置",
                        "body": "按程序处置。",
                        "insert": ["procedures"],
                    },
                    {"id": "s3b", "title": "响应终止", "body": "宣布终止。"},
                ],
            },
        ],
        "organization": {
            "command": {
                "id": "hq",
                "name": "应急指挥部",
                "lead": "总经理",
                "duties": ["决定启动和终止应急响应", "批准对外发布信息"],
                "contacts": ["c-duty"],
            },
            "groups": [
                {
                    "id": "g1",
                    "name": "抢险救援组",
                    "lead": "生产副总",
                    "members": ["甲", "乙"],
                    "duties": ["泄漏控制"],
                    "contacts": ["c-rescue"],
                },
                {"id": "g2", "name": "医疗救护组", "lead": "行政经理"},
            ],
        },
        "contacts": [
            {"id": "c-duty", "name": "值班室", "role": "24小时值班", "phone": "0571-8888 1234"},
            {"id": "c-rescue", "name": "赵六", "role": "抢险组长", "mobile": "13900000001"},
            {"id": "c-119", "name": "消防救援", "phone": "119"},
        ],
        "levels": [
            {"id": "I", "name": "Ⅰ级响应", "triggers": ["重大泄漏"], "commander": "hq"},
            {"id": "II", "name": "Ⅱ级响应", "triggers": ["一般泄漏"], "commander": "hq"},
        ],
        "risks": [{"id": "r1", "hazard": "液氯储罐", "place": "储罐区", "level": "major"}],
        "resources": [
            {
                "id": "m1",
                "name": "正压式空气呼吸器",
                "quantity": 10,
                "unit": "套",
                "contact": "c-rescue",
            }
        ],
        "teams": [{"id": "t1", "name": "专职消防队", "size": 12, "contact": "c-119"}],
        "procedures": [
            {
                "id": "p1",
                "title": "危险化学品泄漏处置",
                "level": "II",
                "trigger": "储罐区报警",
                "steps": [
                    {"id": "st1", "actor": "hq", "action": "启动应急响应", "within_min": 10},
                    {
                        "id": "st2",
                        "actor": "g1",
                        "action": "关闭泄漏点上游阀门",
                        "within_min": 15,
                        "contacts": ["c-119"],
                    },
                    {"id": "st3", "actor": "g2", "action": "救护中毒人员", "within_min": 120},
                ],
            }
        ],
        "appendices": [
            {"id": "a1", "title": "通讯录", "insert": ["contacts"]},
            {"id": "a2", "title": "物资清单", "insert": ["resources"]},
        ],
    }
    return Plan.model_validate(data)
