"""The 应急工作手册 of a government plan: by department, what it does and whom it calls.

国办发〔2024〕5号 (as read in domain-cn §3.2, provincial mirror of the national article):
「应急预案涉及的有关部门、单位等可以结合实际编制应急工作手册，内容一般包括应急响应措施、
处置工作程序、应急救援队伍、物资装备、联络人员和电话等」; GB/T 46793.2-2025 附录D gives an
应急工作手册模板 for 乡镇（街道）(its 目次, domain-cn "2026 update"). A government plan gets
this handbook where an enterprise plan gets 岗位应急处置卡 (办法 Art. 19).

One chapter per department or working group of the plan's organisation, in its order:
职责; 应急响应措施 (the levels it commands and their measures); 处置工作程序 (the steps
it carries out, by procedure, with time limits); 应急救援队伍和物资装备 (those it keeps or
is the contact of); 联络人员和电话. Everything comes from the plan; a department with
no entry under a heading says so rather than leaving the heading empty.
"""

from __future__ import annotations

from app.export.errors import ExportError, ExportReport
from app.export.gongwen import Column, GongwenDocument, Numberer, PageNumbers, Scheme
from app.export.parts import Lookup, limit_text
from app.export.plan_docx import ExportOptions
from app.export.text import ensure_period
from app.i18n import T
from app.model.plan import OrgUnit, Plan
from app.progress import Progress, Steps

TITLE = "应急工作手册"


def _contact_ids(plan: Plan, unit: OrgUnit) -> list[str]:
    ids = list(unit.contacts) + [c.id for c in plan.contacts if c.org_unit == unit.id]
    for procedure in plan.procedures:
        for step in procedure.steps:
            if step.actor == unit.id:
                ids += step.contacts
    return list(dict.fromkeys(ids))


def _chapter(
    doc: GongwenDocument, plan: Plan, unit: OrgUnit, lookup: Lookup, n: Numberer, *, first: bool
) -> None:
    # each department's chapter on its own pages, so it can be handed to that department
    doc.heading(n.title(1, lookup.unit_name(unit.id)), 1, toc=False, page_break=not first)
    lead = [x for x in (unit.lead, *unit.deputies) if x]
    if lead:
        doc.paragraph(ensure_period("负责人：" + "；".join(lead)), "body")
    if unit.members:
        doc.paragraph(ensure_period("组成：" + "、".join(unit.members)), "body")

    doc.heading(n.title(2, "职责"), 2, toc=False)
    for i, duty in enumerate(unit.duties, 1):
        doc.paragraph(ensure_period(f"{i}. {duty}"), "body")
    if not unit.duties:
        doc.paragraph("按预案“组织指挥体系”的规定履行职责。", "body")

    doc.heading(n.title(2, "应急响应措施"), 2, toc=False)
    commanded = [lv for lv in plan.levels if lv.commander == unit.id]
    for level in commanded:
        name = lookup.level_name(level.id)
        doc.paragraph(ensure_period(f"{name}：" + "；".join(level.actions or ["组织指挥"])), "body")
    if not commanded:
        doc.paragraph(
            "在启动的响应级别下，服从指挥机构统一指挥，按本手册处置工作程序行动。", "body"
        )

    doc.heading(n.title(2, "处置工作程序"), 2, toc=False)
    acted = False
    for procedure in plan.procedures:
        mine = [s for s in procedure.steps if s.actor == unit.id]
        if not mine:
            continue
        acted = True
        head = lookup.procedure(procedure.id)
        if procedure.level:
            head += f"（{lookup.level_name(procedure.level)}）"
        doc.paragraph(head, "strong")
        for i, step in enumerate(mine, 1):
            text = step.action.rstrip("。；;")
            if step.within_min is not None:
                text += f"（{limit_text(step.within_min)}）"
            calls = [lookup.contact_label(c) for c in step.contacts]
            line = ensure_period(f"{i}. {text}")
            if calls:
                line += "联系：" + "、".join(calls) + "。"
            doc.paragraph(line, "body")
    if not acted:
        doc.paragraph("预案的处置程序中没有列明本部门（单位）的步骤，按指挥机构指令行动。", "body")

    doc.heading(n.title(2, "应急救援队伍和物资装备"), 2, toc=False)
    own = set(_contact_ids(plan, unit))
    name = lookup.unit_name(unit.id)
    teams = [t for t in plan.teams if t.contact in own or (t.leader and t.leader in name)]
    stock = [r for r in plan.resources if r.contact in own or (r.keeper and r.keeper in name)]
    for team in teams:
        doc.paragraph(
            ensure_period(
                f"队伍：{team.name}" + (f"（{team.specialty}）" if team.specialty else "")
            ),
            "body",
        )
    for r in stock:
        amount = f"{r.quantity:g}{r.unit or ''}" if isinstance(r.quantity, int | float) else ""
        where = f"，存放于{r.place}" if r.place else ""
        doc.paragraph(ensure_period(f"物资：{r.name}{amount}{where}"), "body")
    if not teams and not stock:
        doc.paragraph("本部门（单位）不直接管理应急队伍和物资，需要时向指挥机构申请调用。", "body")

    doc.heading(n.title(2, "联络人员和电话"), 2, toc=False)
    rows = []
    for cid in _contact_ids(plan, unit):
        contact = lookup.contacts.get(cid)
        if contact is not None:
            rows.append(
                [
                    lookup.contact(cid),
                    contact.role or contact.title or "",
                    lookup.phones(contact, "\n"),
                ]
            )
    if rows:
        doc.table(
            [Column("联系人（单位）", 2.4), Column("职责", 2.2), Column("电话", 1.8, "center")],
            rows,
        )
    else:
        doc.paragraph("联络人员和电话见预案附件通讯录。", "body")


def workbook_docx_bytes(
    plan: Plan, *, options: ExportOptions | None = None, progress: Progress | None = None
) -> tuple[bytes, ExportReport]:
    """The handbook as .docx bytes; ``ExportError`` when the plan has no organisation."""
    options = options or ExportOptions()
    units = plan.organization.units()
    if not units:
        raise ExportError(
            T(
                "预案没有应急组织机构，无法按部门生成应急工作手册",
                "The plan has no organisation to write a handbook for",
            ),
            hint=T("在“组织机构及职责”中添加指挥机构和工作组", "Add the command body and groups"),
        )
    report = ExportReport(path=None)
    steps = Steps(progress, len(units) + 1)
    lookup = Lookup(plan)
    doc = GongwenDocument(duplex=options.duplex)
    doc.set_properties(title=f"{plan.meta.title}{TITLE}", author=plan.meta.unit.name, subject=TITLE)
    doc.begin_section(PageNumbers.ARABIC)
    doc.paragraph(plan.meta.title, "subtitle")
    doc.paragraph(TITLE, "title")
    doc.paragraph(
        f"本手册依据《{plan.meta.title}》编制，按部门（单位）列明应急职责、应急响应措施、"
        "处置工作程序、应急救援队伍和物资装备、联络人员和电话，供各部门（单位）对照执行；"
        "预案修订时同步更新。",
        "body",
    )
    numberer = Numberer(Scheme.GONGWEN)
    for i, unit in enumerate(units):
        steps.step(T(f"手册：{lookup.unit_name(unit.id)}", f"Handbook: {unit.name}"))
        _chapter(doc, plan, unit, lookup, numberer, first=i == 0)
    steps.step(T("生成文件", "Writing the file"))
    data = doc.to_bytes()
    report.count = len(units)
    report.placeholders = doc.placeholders
    return data, report
