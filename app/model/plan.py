"""The plan schema (``plandrill/plan@1``): one source of truth for shape, labels and JSON Schema.

Shape only. Semantic rules (unique ids, references that must resolve, completeness,
due dates) live in ``app.checks`` so that a plan with mistakes can still be loaded,
edited and shown with its problems.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import Field, JsonValue

from app.model.base import MAX_MINUTES, Date, Id, LabeledEnum, Model, Text
from app.model.kinds import Industry, PlanKind, UnitScale

PLAN_SCHEMA: Final = "plandrill/plan@1"


def F(zh: str, en: str, default: Any = None, **kwargs: Any) -> Any:
    """A field with its Chinese label as ``title`` and its English label alongside."""
    extra: dict[str, JsonValue] = {"title_en": en}
    if "default_factory" in kwargs:
        return Field(title=zh, json_schema_extra=extra, **kwargs)
    return Field(default, title=zh, json_schema_extra=extra, **kwargs)


class ReviewForm(LabeledEnum):
    REVIEW = ("评审", "评审", "Expert review")
    DEMONSTRATION = ("论证", "论证", "Demonstration")


class RiskLevel(LabeledEnum):
    MAJOR = ("major", "重大风险", "Major")
    SIGNIFICANT = ("significant", "较大风险", "Significant")
    GENERAL = ("general", "一般风险", "General")
    LOW = ("low", "低风险", "Low")


class WarningColor(LabeledEnum):
    RED = ("red", "红色", "Red")
    ORANGE = ("orange", "橙色", "Orange")
    YELLOW = ("yellow", "黄色", "Yellow")
    BLUE = ("blue", "蓝色", "Blue")


class Numbering(LabeledEnum):
    DECIMAL = ("decimal", "1 / 1.1 / 1.1.1", "1 / 1.1 / 1.1.1")
    GONGWEN = ("gongwen", "一、/（一）/1./（1）", "一、/（一）/1./（1）")


# Structured parts that a section may place in its body, in schema order.
PARTS: tuple[str, ...] = (
    "organization",
    "contacts",
    "levels",
    "warnings",
    "risks",
    "resources",
    "teams",
    "experts",
    "shelters",
    "procedures",
)
Part = Literal[
    "organization",
    "contacts",
    "levels",
    "warnings",
    "risks",
    "resources",
    "teams",
    "experts",
    "shelters",
    "procedures",
]


# --- meta ---------------------------------------------------------------------------


class Unit(Model):
    name: Text = F("单位名称", "Unit name", "")
    industry: Industry | None = F("行业类型", "Industry")
    scale: UnitScale | None = F("规模", "Scale")
    address: Text | None = F("地址", "Address")
    principal: Text | None = F("主要负责人", "Principal")
    phone: Text | None = F("联系电话", "Phone")


class Revision(Model):
    version: Text = F("版本号", "Version", "")
    date: Date | None = F("日期", "Date")
    author: Text | None = F("修订人", "Author")
    summary: Text = F("修订内容", "Summary", "")


class Review(Model):
    form: ReviewForm = F("形式", "Form", ReviewForm.REVIEW)
    date: Date | None = F("日期", "Date")
    organizer: Text | None = F("组织单位", "Organiser")
    experts: list[Text] = F("专家", "Experts", default_factory=list)
    conclusion: Text | None = F("结论", "Conclusion")
    required_changes: list[Text] = F("修改意见", "Required changes", default_factory=list)


class Filing(Model):
    authority: Text | None = F("备案部门", "Filing authority")
    submitted: Date | None = F("报送日期", "Submitted on")
    registration_no: Text | None = F("备案编号", "Registration no.")
    registered: Date | None = F("登记日期", "Registered on")


class Issuance(Model):
    """How a government plan is issued as a 公文 (GB/T 9704-2012 §7.2.5, §7.3.2, §7.4).

    The 发文机关 is ``meta.unit.name`` and the 成文日期 ``meta.issued``; only what the
    plan did not already hold is here.
    """

    number: Text | None = F("发文字号", "Document number")  # 东政发〔2026〕3号
    to: Text | None = F("主送机关", "Addressed to")
    cc: Text | None = F("抄送机关", "Copied to")
    printer: Text | None = F("印发机关", "Printed by")  # usually the government's 办公室
    printed: Date | None = F("印发日期", "Printed on")


class DrillRecord(Model):
    date: Date = F("日期", "Date", ...)
    title: Text = F("演练名称", "Title", "")
    form: Text | None = F("形式", "Form")
    file: Text | None = F("演练文件", "Drill file")


class Meta(Model):
    title: Text = F("预案名称", "Plan title", "")
    kind: PlanKind = F("预案类型", "Plan kind", PlanKind.ENTERPRISE_COMPREHENSIVE)
    unit: Unit = F("编制单位", "Unit", default_factory=Unit)
    code: Text | None = F("预案编号", "Plan number")
    version: Text = F("版本号", "Version", "1.0")
    numbering: Numbering | None = F("标题编号方式", "Heading numbering")
    issued: Date | None = F("颁布日期", "Issued on")
    effective: Date | None = F("实施日期", "In force from")
    approved_by: Text | None = F("批准人", "Approved by")
    drafted_by: Text | None = F("编制人", "Drafted by")
    parent: Text | None = F("上级预案", "Parent plan")
    region: Text | None = F("行政区域", "Region")
    last_evaluated: Date | None = F("最近评估日期", "Last evaluated")
    # the dates the filing package's 风险评估报告 and 应急资源调查报告 carry
    risks_assessed: Date | None = F("风险评估日期", "Risk assessment date")
    resources_surveyed: Date | None = F("资源调查日期", "Resource survey date")
    revision_history: list[Revision] = F("修订记录", "Revision history", default_factory=list)
    review: Review | None = F("评审/论证", "Review")
    filing: Filing | None = F("备案", "Filing")
    issuance: Issuance | None = F("印发", "Issuance")
    drill_history: list[DrillRecord] = F("演练记录", "Drill history", default_factory=list)


# --- outline --------------------------------------------------------------------------


class Section(Model):
    id: Id = F("编号", "Id", ...)
    title: Text = F("标题", "Title", "")
    element: Text | None = F("对应要素", "Standard element")
    body: str = F("正文", "Text", "")
    insert: list[Part] = F("插入表格", "Tables placed here", default_factory=list)
    children: list[Section] = F("下级章节", "Subsections", default_factory=list)


# --- organisation and registers --------------------------------------------------------


class OrgUnit(Model):
    id: Id = F("编号", "Id", ...)
    name: Text = F("名称", "Name", "")
    lead: Text | None = F("负责人", "Lead")
    deputies: list[Text] = F("副职", "Deputies", default_factory=list)
    members: list[Text] = F("成员", "Members", default_factory=list)
    duties: list[Text] = F("职责", "Duties", default_factory=list)
    contacts: list[Id] = F("联系人", "Contacts", default_factory=list)


class Organization(Model):
    command: OrgUnit | None = F("应急指挥机构", "Command body")
    office: OrgUnit | None = F("办事机构", "Office")
    groups: list[OrgUnit] = F("工作组", "Working groups", default_factory=list)

    def units(self) -> list[OrgUnit]:
        """Every unit a procedure step or a level may name as its actor."""
        return [u for u in (self.command, self.office) if u is not None] + list(self.groups)

    def is_empty(self) -> bool:
        return not self.units()


class Contact(Model):
    id: Id = F("编号", "Id", ...)
    name: Text = F("姓名/单位", "Name", "")
    role: Text | None = F("应急职务", "Emergency role")
    title: Text | None = F("职务", "Position")
    org: Text | None = F("所在单位/部门", "Organisation")
    org_unit: Id | None = F("所属工作组", "Working group")
    phone: Text | None = F("办公电话", "Office phone")
    mobile: Text | None = F("手机", "Mobile")
    note: Text | None = F("备注", "Note")


class ResponseLevel(Model):
    id: Id = F("级别编号", "Level id", ...)
    name: Text = F("级别名称", "Name", "")
    triggers: list[Text] = F("启动条件", "Triggers", default_factory=list)
    commander: Id | None = F("指挥机构", "Commanded by")
    actions: list[Text] = F("响应措施", "Actions", default_factory=list)


class WarningLevel(Model):
    id: Id = F("编号", "Id", ...)
    name: Text = F("预警级别", "Name", "")
    color: WarningColor | None = F("颜色", "Colour")
    criteria: list[Text] = F("发布条件", "Criteria", default_factory=list)
    issuer: Id | None = F("发布机构", "Issued by")
    actions: list[Text] = F("预警措施", "Actions", default_factory=list)


class Risk(Model):
    id: Id = F("编号", "Id", ...)
    hazard: Text = F("风险/危险源", "Hazard", "")
    place: Text | None = F("场所/部位", "Place")
    accident_types: list[Text] = F("可能事故类型", "Possible accidents", default_factory=list)
    consequence: Text | None = F("后果及影响范围", "Consequences")
    level: RiskLevel | None = F("风险等级", "Risk level")
    controls: list[Text] = F("管控措施", "Controls", default_factory=list)


class Resource(Model):
    id: Id = F("编号", "Id", ...)
    name: Text = F("名称", "Name", "")
    category: Text | None = F("类别", "Category")
    model: Text | None = F("规格型号", "Model")
    quantity: int | float | None = F("数量", "Quantity")
    unit: Text | None = F("单位", "Unit of measure")
    performance: Text | None = F("主要性能", "Performance")
    place: Text | None = F("存放位置", "Stored at")
    keeper: Text | None = F("管理责任人", "Keeper")
    contact: Id | None = F("联系人", "Contact")
    expires: Date | None = F("有效期至", "Expires")
    note: Text | None = F("备注", "Note")


class Team(Model):
    id: Id = F("编号", "Id", ...)
    name: Text = F("队伍名称", "Team", "")
    specialty: Text | None = F("专业类别", "Specialty")
    size: int | None = F("人数", "Size")
    leader: Text | None = F("负责人", "Leader")
    contact: Id | None = F("联系人", "Contact")
    phone: Text | None = F("联系电话", "Phone")
    equipment: Text | None = F("主要装备", "Equipment")
    place: Text | None = F("驻地", "Based at")


class Expert(Model):
    id: Id = F("编号", "Id", ...)
    name: Text = F("姓名", "Name", "")
    field: Text | None = F("专业领域", "Field")
    org: Text | None = F("工作单位", "Organisation")
    title: Text | None = F("职称/职务", "Title")
    phone: Text | None = F("联系电话", "Phone")


class Shelter(Model):
    id: Id = F("编号", "Id", ...)
    name: Text = F("名称", "Name", "")
    address: Text | None = F("地址", "Address")
    capacity: int | None = F("容纳人数", "Capacity")
    area_m2: float | None = F("面积（㎡）", "Area (m²)")
    facilities: Text | None = F("配套设施", "Facilities")
    contact: Id | None = F("联系人", "Contact")


class Step(Model):
    id: Id = F("编号", "Id", ...)
    actor: Id | None = F("执行机构", "Actor")
    action: Text = F("处置措施", "Action", "")
    within_min: int | None = F("时限（分钟）", "Time limit (min)", ge=0, le=MAX_MINUTES)
    contacts: list[Id] = F("需联系", "Contacts", default_factory=list)
    note: Text | None = F("备注", "Note")


class Procedure(Model):
    id: Id = F("编号", "Id", ...)
    title: Text = F("名称", "Title", "")
    level: Id | None = F("响应级别", "Response level")
    trigger: Text | None = F("启动条件", "Trigger")
    steps: list[Step] = F("处置步骤", "Steps", default_factory=list)


# --- the plan ---------------------------------------------------------------------------


class Plan(Model):
    schema_: Literal["plandrill/plan@1"] = Field(
        PLAN_SCHEMA, alias="schema", title="格式版本", json_schema_extra={"title_en": "Schema"}
    )
    meta: Meta = F("基本信息", "Plan details", default_factory=Meta)
    sections: list[Section] = F("章节", "Sections", default_factory=list)
    organization: Organization = F(
        "组织机构及职责", "Organisation and duties", default_factory=Organization
    )
    contacts: list[Contact] = F("通讯录", "Contacts", default_factory=list)
    levels: list[ResponseLevel] = F("响应分级", "Response levels", default_factory=list)
    warnings: list[WarningLevel] = F("预警分级", "Warning levels", default_factory=list)
    risks: list[Risk] = F("风险清单", "Risks", default_factory=list)
    resources: list[Resource] = F("应急物资装备", "Resources", default_factory=list)
    teams: list[Team] = F("应急队伍", "Response teams", default_factory=list)
    experts: list[Expert] = F("应急专家", "Experts", default_factory=list)
    shelters: list[Shelter] = F("避难场所", "Shelters", default_factory=list)
    procedures: list[Procedure] = F("处置程序", "Procedures", default_factory=list)
    appendices: list[Section] = F("附件", "Appendices", default_factory=list)

    def part_is_empty(self, part: str) -> bool:
        value = getattr(self, part)
        if isinstance(value, Organization):
            return value.is_empty()
        return not value

    def numbering(self) -> Numbering:
        from app.model.kinds import rules_for

        if self.meta.numbering is not None:
            return self.meta.numbering
        return Numbering(rules_for(self.meta.kind).numbering)


def walk_sections(
    sections: list[Section], path: tuple[str | int, ...] = ("sections",)
) -> list[tuple[tuple[str | int, ...], Section, int]]:
    """Every section in outline order with its schema path and depth (1-based)."""
    out: list[tuple[tuple[str | int, ...], Section, int]] = []

    def visit(items: list[Section], base: tuple[str | int, ...], depth: int) -> None:
        for i, section in enumerate(items):
            here = (*base, i)
            out.append((here, section, depth))
            visit(section.children, (*here, "children"), depth + 1)

    visit(sections, path, 1)
    return out
