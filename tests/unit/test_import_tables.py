"""Word tables → contacts, resources, teams, experts, organisation, shelters, risks, levels."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from app.importer import import_docx
from app.importer.registers import level_id, parse_minutes, parse_number, split_items
from app.model.plan import Plan, walk_sections
from tests.wordfixtures import add_picture, add_table, save


def imported(tmp_path: Path, build, title: str = "某化工有限公司生产安全事故综合应急预案"):  # type: ignore[no-untyped-def]
    doc = Document()
    doc.add_paragraph(title)
    doc.add_heading("1 应急保障", 1)
    build(doc)
    return import_docx(save(doc, tmp_path / "t.docx"))


def section(plan: Plan, title: str):  # type: ignore[no-untyped-def]
    return next(s for _, s, _ in walk_sections(plan.sections) if s.title == title)


def test_contacts_with_merged_group_cells_two_line_header_and_empty_rows(tmp_path: Path) -> None:
    def build(doc) -> None:  # type: ignore[no-untyped-def]
        doc.add_paragraph("表1 应急联系人通讯录")
        rows = [
            ["序号", "工作组", "姓名", "职务", "联系方式", ""],
            ["", "", "", "", "办公电话", "手机"],
            ["1", "应急指挥部", "王建国", "总经理", "0000-1234567", "13800000001"],
            ["2", "", "李明", "副总经理", "0000-1234568", "13800000002"],
            ["", "", "", "", "", ""],
            ["3", "抢险救援组", "赵强", "车间主任", "", "13800000003"],
        ]
        # 序号/工作组/姓名/职务 span both header rows; 联系方式 spans two columns;
        # 应急指挥部 covers two data rows.
        add_table(
            doc,
            rows,
            [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 0, 5), (2, 1, 3, 1)],
        )

    result = imported(tmp_path, build)
    plan = result.plan
    people = [(c.name, c.title, c.phone, c.mobile) for c in plan.contacts]
    assert people == [
        ("王建国", "总经理", "0000-1234567", "13800000001"),
        ("李明", "副总经理", "0000-1234568", "13800000002"),
        ("赵强", "车间主任", None, "13800000003"),
    ]
    # no organisation table here: the group names are kept on the contact
    assert [c.org for c in plan.contacts] == ["应急指挥部", "应急指挥部", "抢险救援组"]
    assert [c.id for c in plan.contacts] == ["c1", "c2", "c3"]
    target = section(plan, "应急保障")
    assert target.insert == ["contacts"]
    assert "应急联系人通讯录" not in target.body  # the caption went with the table
    assert result.report.tables == {"contacts": 3}


def test_resources_with_title_row_units_in_quantities_and_a_picture_in_a_cell(
    tmp_path: Path,
) -> None:
    def build(doc) -> None:  # type: ignore[no-untyped-def]
        table = add_table(
            doc,
            [
                ["应急物资装备清单", "", "", "", "", "", ""],
                ["序号", "物资名称", "规格\n型号", "数量", "存放地点", "负责人", "联系电话"],
                ["1", "正压式空气呼吸器", "RHZK-6.8", "10套", "应急物资库", "孙七", "13900000007"],
                ["2", "消防沙", "", "若干", "罐区", "", ""],
                ["合计", "", "", "", "", "", ""],
            ],
            [(0, 0, 0, 6)],
        )
        run = table.cell(3, 1).paragraphs[0].add_run()
        from io import BytesIO

        from tests.wordfixtures import tiny_png

        run.add_picture(BytesIO(tiny_png()))

    result = imported(tmp_path, build)
    plan = result.plan
    first, second = plan.resources
    assert (first.name, first.model, first.quantity, first.unit, first.place) == (
        "正压式空气呼吸器", "RHZK-6.8", 10, "套", "应急物资库",
    )  # fmt: skip
    assert second.quantity is None and "数量：若干" in (second.note or "")
    # the keeper and their phone become a contact the resource points at
    contact = next(c for c in plan.contacts if c.id == first.contact)
    assert (contact.name, contact.phone) == ("孙七", "13900000007")
    assert first.keeper is None  # the contact carries the name; exports print it there
    assert result.report.images == 1
    assert result.report.tables == {"resources": 2}


def test_experts_teams_shelters_risks_levels_and_organisation(tmp_path: Path) -> None:
    def build(doc) -> None:  # type: ignore[no-untyped-def]
        doc.add_paragraph("应急专家名单")
        add_table(
            doc,
            [
                ["姓名", "专业", "工作单位", "职称", "联系电话"],
                ["周一", "化工安全", "某大学", "教授", "13700000001"],
            ],
        )
        add_table(
            doc,
            [
                ["队伍名称", "专业类别", "人数", "队长", "联系电话", "主要装备"],
                ["专职消防队", "消防", "约30人", "吴二", "0000-119", "消防车2辆"],
            ],
        )
        add_table(
            doc,
            [
                ["避难场所名称", "地址", "可容纳人数", "面积（㎡）"],
                ["厂区广场", "厂区东侧", "500", "2,000"],
            ],
        )
        add_table(
            doc,
            [
                ["风险点", "所在部位", "可能发生的事故类型", "风险等级", "管控措施"],
                ["液氯储罐", "储罐区", "中毒和窒息、泄漏", "重大风险", "1.定期巡检；2.设置报警仪"],
            ],
        )
        add_table(
            doc,
            [
                ["响应级别", "启动条件", "指挥机构", "响应措施"],
                ["Ⅰ级", "发生人员死亡", "应急指挥部", "请求政府支援"],
                ["二级", "发生泄漏", "应急指挥部", "启动公司预案"],
            ],
        )
        add_table(
            doc,
            [
                ["工作组", "组长", "成员", "职责"],
                ["应急指挥部", "总经理", "各部门负责人", "（1）决定启动响应；\n（2）批准终止响应"],
                ["应急办公室", "安全部部长", "安全员", "值守和信息报送"],
                ["抢险救援组", "生产副总", "张三、李四、王五", "负责现场抢险"],
            ],
        )

    result = imported(tmp_path, build)
    plan = result.plan
    assert [(e.name, e.field, e.org, e.title, e.phone) for e in plan.experts] == [
        ("周一", "化工安全", "某大学", "教授", "13700000001")
    ]
    team = plan.teams[0]
    assert (team.name, team.specialty, team.size, team.leader, team.phone, team.equipment) == (
        "专职消防队", "消防", 30, "吴二", "0000-119", "消防车2辆",
    )  # fmt: skip
    shelter = plan.shelters[0]
    assert (shelter.name, shelter.address, shelter.capacity, shelter.area_m2) == (
        "厂区广场", "厂区东侧", 500, 2000.0,
    )  # fmt: skip
    risk = plan.risks[0]
    assert (risk.hazard, risk.place, risk.level.value) == ("液氯储罐", "储罐区", "major")  # type: ignore[union-attr]
    assert risk.accident_types == ["中毒和窒息", "泄漏"]
    assert risk.controls == ["定期巡检；", "设置报警仪"] or risk.controls == [
        "定期巡检",
        "设置报警仪",
    ]
    assert [(lv.id, lv.name, lv.commander) for lv in plan.levels] == [
        ("I", "Ⅰ级", "hq"),
        ("II", "二级", "hq"),
    ]
    org = plan.organization
    assert org.command is not None and org.command.id == "hq"
    assert org.command.duties == ["决定启动响应", "批准终止响应"]
    assert org.office is not None and org.office.lead == "安全部部长"
    assert [(g.id, g.name, g.members) for g in org.groups] == [
        ("g1", "抢险救援组", ["张三", "李四", "王五"])
    ]
    assert section(plan, "应急保障").insert == [
        "experts", "teams", "shelters", "risks", "levels", "organization",
    ]  # fmt: skip


def test_unrecognised_tables_stay_as_text_in_their_section(tmp_path: Path) -> None:
    def build(doc) -> None:  # type: ignore[no-untyped-def]
        doc.add_paragraph("演练计划如下。")
        add_table(
            doc,
            [
                ["月份", "演练内容", "参加人员"],
                ["3月", "桌面推演", "全体"],
                ["", "", ""],
                ["9月", "实战演练", "车间"],
            ],
            [(1, 2, 3, 2)],
        )
        add_picture(doc)

    result = imported(tmp_path, build)
    body = section(result.plan, "应急保障").body
    assert body.splitlines() == [
        "演练计划如下。",
        "月份 | 演练内容 | 参加人员",
        "3月 | 桌面推演 | 全体",
        "9月 | 实战演练 |",
    ]
    assert result.report.text_tables == 1
    lines = result.report.lines("zh")
    assert any("1 个表格未识别（保留为文本）" in line for line in lines)
    assert any("表格未能识别（表头：月份 | 演练内容 | 参加人员）" in line for line in lines)


def test_two_tables_of_one_kind_merge_and_the_report_says_so(tmp_path: Path) -> None:
    def build(doc) -> None:  # type: ignore[no-untyped-def]
        add_table(doc, [["姓名", "电话"], ["甲", "1"]])
        doc.add_heading("2 外部联系方式", 1)
        add_table(doc, [["单位", "联系电话"], ["消防救援", "119"]])

    result = imported(tmp_path, build)
    assert [c.name for c in result.plan.contacts] == ["甲", "消防救援"]
    placed = [s.insert for _, s, _ in walk_sections(result.plan.sections)]
    assert placed == [["contacts"], []]
    assert any("并入" in line for line in result.report.lines("zh"))


def test_value_parsers() -> None:
    assert parse_number("10套") == (10.0, "套")
    assert parse_number("1,200 kg") == (1200.0, "kg")
    assert parse_number("若干") == (None, "")
    assert parse_minutes("1小时") == 60 and parse_minutes("立即") == 0 and parse_minutes("15") == 15
    assert split_items("1. 负责抢险；\n2. 负责警戒") == ["负责抢险", "负责警戒"]
    assert [level_id(n) for n in ("Ⅲ级响应", "IV级", "三级", "特别重大", "一般")] == [
        "III", "IV", "III", "I", "IV",
    ]  # fmt: skip


def test_procedures_written_as_steps_and_contact_cells(tmp_path: Path) -> None:
    """The layout official exports use: a procedure is a heading with numbered steps."""

    def build(doc) -> None:  # type: ignore[no-untyped-def]
        add_table(
            doc,
            [
                ["机构/工作组", "负责人", "成员", "主要职责", "联系方式"],
                [
                    "应急指挥部",
                    "总指挥：总经理\n副职：副总指挥：生产副总、副总指挥：安全副总",
                    "各部门负责人",
                    "1. 决定启动响应\n2. 批准终止响应",
                    "王建国\n13800000001\n值班室\n0000-1234567",
                ],
                ["抢险救援组", "组长：车间主任", "", "负责抢险", "李明\n13800000002"],
            ],
        )
        add_table(
            doc,
            [
                ["序号", "姓名/单位", "应急职务", "所在单位/部门", "办公电话", "手机"],
                ["1", "王建国", "总指挥", "应急指挥部", "", "13800000001"],
                ["2", "值班室", "值守", "示范公司", "0000-1234567", ""],
                ["3", "李明", "组长", "抢险救援组", "", "13800000002"],
            ],
        )
        add_table(
            doc,
            [
                ["响应级别", "启动条件", "指挥机构", "响应措施"],
                ["Ⅱ级响应", "发生泄漏", "应急指挥部", "启动预案"],
            ],
        )
        doc.add_heading("1.1 应急处置", 2)
        doc.add_paragraph("按程序处置。")
        doc.add_heading("1.1.1 泄漏处置", 3)
        doc.add_paragraph("响应级别：Ⅱ级响应。")
        doc.add_paragraph("启动条件：储罐泄漏。")
        doc.add_paragraph(
            "（1）应急指挥部：确认响应级别并启动应急响应（10分钟内）。联系：值班室（0000-1234567）。"
        )
        doc.add_paragraph("（2）抢险救援组：佩戴空气呼吸器关闭上游阀门（立即）。")
        doc.add_paragraph("（3）疏散下风向人员。注意风向变化。")
        doc.add_heading("1.2 后期处置", 2)
        doc.add_paragraph("（1）清理现场；")  # a plain numbered list stays text
        doc.add_paragraph("（2）恢复生产。")

    result = imported(tmp_path, build)
    plan = result.plan
    hq = plan.organization.command
    assert hq is not None
    assert (hq.lead, hq.deputies) == (
        "总指挥：总经理",
        ["副总指挥：生产副总", "副总指挥：安全副总"],
    )
    assert hq.duties == ["决定启动响应", "批准终止响应"]
    names = {c.id: c.name for c in plan.contacts}
    assert [names[c] for c in hq.contacts] == ["王建国", "值班室"]
    assert [names[c] for c in plan.organization.groups[0].contacts] == ["李明"]
    # a contact whose organisation is a working group of the plan belongs to it
    wang = next(c for c in plan.contacts if c.name == "王建国")
    assert (wang.org_unit, wang.org) == ("hq", None)
    (procedure,) = plan.procedures
    assert (procedure.title, procedure.level, procedure.trigger) == ("泄漏处置", "II", "储罐泄漏")
    first, second, third = procedure.steps
    assert (first.actor, first.action, first.within_min) == ("hq", "确认响应级别并启动应急响应", 10)
    assert [names[c] for c in first.contacts] == ["值班室"]
    assert (second.actor, second.within_min) == ("g1", 0)
    assert (third.actor, third.action, third.note) == (None, "疏散下风向人员", "注意风向变化")
    handling = section(plan, "应急处置")
    assert handling.insert == ["procedures"] and handling.children == []
    assert section(plan, "后期处置").body == "（1）清理现场；\n（2）恢复生产。"
    assert any("1 个处置程序（共 3 个步骤）" in line for line in result.report.lines("zh"))
