"""The two reports a plan is written from (GB/T 29639-2020 4.4/4.5, 附录A/附录B), built
from the plan's own registers:

* 风险评估报告: risk identification (危险有害因素辨识), possible accident types (事故类别),
  consequences and reach (后果及影响范围), risk levels with counts, conclusions and
  controls, and the full summary table (风险评估结果汇总表).
* 应急资源调查报告: the unit's own teams, equipment and supplies, sites and experts,
  monitoring and alarm means, and what it can call on outside (external teams,
  contacts, 协议/备忘录), with counts.

Nothing is invented: where the plan holds no data, the report says so with a marked gap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from app.export.gongwen import Cell, Column
from app.export.layer.placeholders import date_or_placeholder
from app.export.names import name_of
from app.export.parts import (
    Lookup,
    experts_table,
    resources_table,
    risks_table,
    shelters_table,
    teams_table,
)
from app.export.text import cn_date, lines, strip_typed_number
from app.filing.document import FilingDoc
from app.filing.facts import (
    filled,
    full_title,
    is_enterprise,
    is_external_contact,
    is_external_team,
)
from app.i18n import T
from app.model.plan import Plan, RiskLevel, Section

LEVELS = list(RiskLevel)


def risk_report_title(plan: Plan) -> str:
    return "生产安全事故风险评估报告" if is_enterprise(plan) else "突发事件风险评估报告"


def resource_report_title(plan: Plan) -> str:
    return "生产安全事故应急资源调查报告" if is_enterprise(plan) else "应急资源调查报告"


def _subtitle(plan: Plan, dated: str) -> str:
    unit = filled(plan.meta.unit.name) or "【缺少：单位名称】"
    return f"{unit}　{dated}"


def risk_report_date(plan: Plan) -> str:
    """The day the risks were assessed (data), else a marked gap; never the build day."""
    return date_or_placeholder(plan.meta.risks_assessed, "风险评估日期")


def resource_report_date(plan: Plan) -> str:
    """The day the resources were surveyed (data), else a marked gap."""
    return date_or_placeholder(plan.meta.resources_surveyed, "资源调查日期")


def _unit(doc: FilingDoc, plan: Plan) -> str:
    return doc.value(
        plan.meta.unit.name,
        T("单位名称", "the unit name"),
        T("在预案基本信息中填写编制单位名称", "Fill in the unit name in the plan details"),
    )


# --- 风险评估报告 ----------------------------------------------------------------------------

NO_RISKS = T("风险清单", "the risk register")
NO_RISKS_HINT = T(
    "在预案“风险清单”中逐项登记危险有害因素、场所、可能事故类型、后果、风险等级和管控措施",
    "Enter each hazard with its place, accident types, consequences, level and controls "
    "under Risks",
)


def risk_report(plan: Plan, today: dt.date) -> FilingDoc:
    title = risk_report_title(plan)
    doc = FilingDoc(title, author=plan.meta.unit.name)
    dated = risk_report_date(plan)
    doc.title(title, _subtitle(plan, dated))
    risks = plan.risks
    unit = _unit(doc, plan)
    plan_title = full_title(plan)
    event = "事故" if is_enterprise(plan) else "突发事件"

    doc.heading("评估对象和依据")
    address = filled(plan.meta.unit.address)
    where = f"（{address}）" if address else ""
    if is_enterprise(plan):
        basis = (
            "依据 GB/T 29639—2020《生产经营单位生产安全事故应急预案编制导则》4.4 和附录A，"
            "辨识危险有害因素，确定可能发生的事故类别，分析各类事故发生的可能性、危害后果和影响范围，"
            "评估确定相应的风险等级。"
        )
    else:
        basis = (
            "依据《突发事件应急预案管理办法》（国办发〔2024〕5号）关于在风险评估基础上编制应急预案的要求，"
            "辨识本行政区域内的主要风险，确定可能发生的突发事件类别，分析其后果和影响范围，评估风险等级。"
        )
    doc.para(f"评估对象：{unit}{where}。")
    doc.para(basis)
    if is_enterprise(plan):
        doc.para(f"本报告的评估结果是《{plan_title}》“事故风险描述”和附件“风险评估的结果”的依据。")
    else:
        doc.para(f"本报告的评估结果是编制《{plan_title}》风险防控和应急准备内容的依据。")
    doc.para(
        "评估方法和过程："
        + doc.gap(
            T("评估方法、评估人员和评估过程", "the assessment method, team and process"),
            T(
                "写明采用的方法（如风险矩阵法、作业条件危险性分析法）、参加人员和开展时间",
                "State the method used (risk matrix, LEC…), who took part and when",
            ),
            todo=True,
        )
    )

    doc.heading("危险有害因素辨识")
    if not risks:
        doc.para(
            doc.gap(NO_RISKS, NO_RISKS_HINT) + "：预案中没有登记任何风险，无法进行辨识和评估。"
        )
    else:
        label = doc.next_label()
        doc.para(f"共辨识危险有害因素（风险点）{len(risks)}项，见{label}。")
        rows: list[list[Cell]] = [
            [str(i), name_of(r), r.place or _missing_cell(doc, name_of(r), "场所/部位")]
            for i, r in enumerate(risks, 1)
        ]
        doc.table(
            [Column("序号", 0.9, "center"), Column("危险有害因素", 4), Column("场所/部位", 4)],
            rows,
            caption=f"{label}　危险有害因素辨识",
        )

    doc.heading(f"可能发生的{event}类别")
    kinds: dict[str, list[int]] = {}
    untyped: list[str] = []
    for i, r in enumerate(risks):
        if not r.accident_types:
            untyped.append(name_of(r))
        for kind in r.accident_types:
            kinds.setdefault(kind.strip(), []).append(i)
    if not risks:
        doc.para(doc.gap(NO_RISKS, NO_RISKS_HINT))
    else:
        if kinds:
            names = "、".join(kinds)
            label = doc.next_label()
            doc.para(f"可能发生的{event}类别共{len(kinds)}类：{names}。各类别涉及的风险见{label}。")
            rows = [
                [
                    str(n),
                    kind,
                    "、".join(risks[i].hazard or risks[i].id for i in idx),
                    "、".join(dict.fromkeys(risks[i].place for i in idx if risks[i].place)),
                ]
                for n, (kind, idx) in enumerate(kinds.items(), 1)
            ]
            doc.table(
                [
                    Column("序号", 0.9, "center"),
                    Column(f"{event}类别", 2),
                    Column("涉及的危险有害因素", 4),
                    Column("场所/部位", 3.4),
                ],
                rows,
                caption=f"{label}　可能发生的{event}类别",
            )
        for name in untyped:
            doc.para(
                f"“{name}”："
                + doc.gap(
                    T(f"“{name}”的可能事故类型", f"the accident types of '{name}'"),
                    T("在风险清单中填写该风险可能导致的事故类型", "Fill in its accident types"),
                )
            )

    doc.heading(f"{event}风险分析")
    doc.heading(f"{event}发生的可能性", 2)
    doc.para(
        doc.gap(
            T(f"各类{event}发生的可能性分析", "the likelihood of each accident type"),
            T(
                "结合设备设施状况、管控措施落实情况和本单位及同类单位事故案例，分析各类事故发生的可能性",
                "Analyse how likely each accident type is, from equipment condition, controls "
                "and past accidents",
            ),
            todo=True,
        )
    )
    doc.heading("危害后果和影响范围", 2)
    if not risks:
        doc.para(doc.gap(NO_RISKS, NO_RISKS_HINT))
    else:
        label = doc.next_label()
        doc.para(f"各风险可能导致的{event}、危害后果和影响范围见{label}。")
        rows = [
            [
                str(i),
                name_of(r),
                "、".join(r.accident_types) or _missing_cell(doc, name_of(r), "可能事故类型"),
                r.consequence or _missing_cell(doc, name_of(r), "后果及影响范围"),
            ]
            for i, r in enumerate(risks, 1)
        ]
        doc.table(
            [
                Column("序号", 0.9, "center"),
                Column("危险有害因素", 2.6),
                Column("可能事故类型", 2.4),
                Column("危害后果和影响范围", 5),
            ],
            rows,
            caption=f"{label}　危害后果和影响范围",
        )

    doc.heading("风险等级评估")
    counts = Counter(r.level for r in risks)
    if not risks:
        doc.para(doc.gap(NO_RISKS, NO_RISKS_HINT))
    else:
        label = doc.next_label()
        doc.para(f"按风险等级统计见{label}，各风险的等级见附表。{_count_sentence(counts)}")
        rows = []
        for level in LEVELS:
            named = [name_of(r) for r in risks if r.level is level]
            rows.append([level.zh, str(len(named)), "、".join(named) or "—"])
        unrated = [name_of(r) for r in risks if r.level is None]
        if unrated:
            marker = doc.gap(
                T("部分风险的风险等级", "the level of some risks"),
                T("在风险清单中为每项风险评定等级", "Rate every risk in the register"),
            )
            rows.append([f"未定级 {marker}", str(len(unrated)), "、".join(unrated)])
        rows.append(["合计", str(len(risks)), ""])
        doc.table(
            [Column("风险等级", 2.2, "center"), Column("数量", 1.2, "center"), Column("风险", 6)],
            rows,
            caption=f"{label}　风险等级统计",
        )

    doc.heading("结论与管控措施")
    if not risks:
        doc.para(doc.gap(NO_RISKS, NO_RISKS_HINT) + "：补充风险清单后重新生成本报告。")
    else:
        kind_text = f"，可能导致{'、'.join(kinds)}等{len(kinds)}类{event}" if kinds else ""
        doc.para(f"共辨识危险有害因素{len(risks)}项{kind_text}。{_count_sentence(counts)}")
        top = [name_of(r) for r in risks if r.level in (RiskLevel.MAJOR, RiskLevel.SIGNIFICANT)]
        if top:
            doc.para(
                f"{'、'.join(top)}为重大或较大风险，是应急准备的重点，应在专项应急预案或现场处置方案中"
                "明确针对性的处置措施，并在应急资源调查中核实所需的队伍、物资和装备。"
            )
        label = doc.next_label()
        doc.para(f"各风险的管控措施见{label}。")
        rows = [
            [
                str(i),
                name_of(r),
                r.level.zh if r.level else _missing_cell(doc, name_of(r), "风险等级"),
                [f"{n}. {c}" for n, c in enumerate(r.controls, 1)]
                if len(r.controls) > 1
                else (r.controls[0] if r.controls else _missing_cell(doc, name_of(r), "管控措施")),
            ]
            for i, r in enumerate(risks, 1)
        ]
        doc.table(
            [
                Column("序号", 0.9, "center"),
                Column("危险有害因素", 2.6),
                Column("风险等级", 1.6, "center"),
                Column("管控措施", 6),
            ],
            rows,
            caption=f"{label}　管控措施",
        )
    doc.closing([unit, dated])
    if risks:
        # the summary of every column on landscape pages, after the signature: an annex
        summary = risks_table(plan, Lookup(plan))
        doc.table(summary.columns, summary.rows, caption="附表　风险评估结果汇总表", landscape=True)
    return doc


def _count_sentence(counts: Counter) -> str:
    parts = [f"{level.zh}{counts[level]}项" for level in LEVELS if counts.get(level)]
    if counts.get(None):
        parts.append(f"未定级{counts[None]}项")
    return f"其中{'，'.join(parts)}。" if parts else ""


def _missing_cell(doc: FilingDoc, name: str, field: str) -> str:
    return doc.gap(
        T(f"“{name}”的{field}", f"the {field} of '{name}'"),
        T(f"在风险清单中填写“{name}”的{field}", f"Fill in the {field} of '{name}'"),
    )


# --- 应急资源调查报告 --------------------------------------------------------------------------

MONITORING = re.compile(r"监测|检测|报警|侦检|预警|广播|监控|警报|气象")
AGREEMENT = re.compile(r"协议|备忘录")


def agreements(plan: Plan) -> list[tuple[str, list[str]]]:
    """The plan's appendices about agreements and memoranda (GB/T 29639 9.8), each with
    the agreements it lists (one a line, or its subsections)."""
    out: list[tuple[str, list[str]]] = []

    def visit(items: list[Section]) -> None:
        for s in items:
            if AGREEMENT.search(s.title or ""):
                entries = [strip_typed_number(ln).rstrip("；;。") for ln in lines(s.body)]
                entries += [c.title for c in s.children if c.title]
                out.append((s.title, entries))
            else:
                visit(s.children)

    visit(plan.appendices)
    return out


def resource_report(plan: Plan, today: dt.date) -> FilingDoc:
    title = resource_report_title(plan)
    doc = FilingDoc(title, author=plan.meta.unit.name)
    dated = resource_report_date(plan)
    doc.title(title, _subtitle(plan, dated))
    enterprise = is_enterprise(plan)
    own = "本单位" if enterprise else "本级"
    unit = _unit(doc, plan)
    lookup = Lookup(plan)
    # a government's teams are all its own to call on; a firm's may belong to others
    external_teams = [t for t in plan.teams if enterprise and is_external_team(plan, t, lookup)]
    internal_teams = [t for t in plan.teams if t not in external_teams]
    external_contacts = [c for c in plan.contacts if is_external_contact(plan, c)]
    pacts = agreements(plan)
    as_of = plan.meta.resources_surveyed or today  # expired as of the survey
    expired = [r for r in plan.resources if r.expires is not None and r.expires < as_of]
    monitoring = [r for r in plan.resources if MONITORING.search(f"{r.category or ''}{r.name}")]

    doc.heading("调查对象和依据")
    basis = (
        "GB/T 29639—2020《生产经营单位生产安全事故应急预案编制导则》4.5 和附录B"
        if enterprise
        else ("《突发事件应急预案管理办法》（国办发〔2024〕5号）")
    )
    doc.para(
        f"调查对象：{unit}的应急队伍、物资装备、应急场所、专家和监测报警手段，以及可请求援助的"
        f"外部应急资源。本报告依据{basis}编写，数据取自《{full_title(plan)}》登记的应急队伍、"
        "应急物资装备、应急专家、避难场所、通讯录和有关协议。"
    )
    doc.para(
        "调查时间和方式："
        + doc.gap(
            T("调查时间、调查人员和核实方式", "when and how the survey was made"),
            T(
                "写明调查时间、参加人员，以及现场清点、台账核对等核实方式",
                "State when, by whom, and how the figures were checked (count, ledger)",
            ),
            todo=True,
        )
    )

    doc.heading(f"{own}应急资源")
    doc.heading("应急队伍", 2)
    if internal_teams:
        size = sum(t.size or 0 for t in internal_teams)
        people = f"，共{size}人" if size else ""
        label = doc.next_label()
        doc.para(f"{own}有应急队伍{len(internal_teams)}支{people}，见{label}。")
        table = teams_table(plan.model_copy(update={"teams": internal_teams}), lookup)
        doc.table(table.columns, table.rows, caption=f"{label}　应急队伍")
    else:
        doc.para(
            doc.gap(
                T("应急队伍", "response teams"),
                T(
                    "在预案“应急队伍”中登记专职或兼职应急救援队伍（名称、人数、负责人、装备）",
                    "Enter the unit's response teams under Teams",
                ),
            )
        )
    table = resources_table(plan, lookup) if plan.resources else None
    if table is not None:
        doc.orient(FilingDoc.is_wide(table.columns))  # the heading goes with its table
    doc.heading("应急物资和装备", 2)
    if table is not None:
        by_kind = Counter((r.category or "未分类") for r in plan.resources)
        kinds = "，".join(f"{k}{n}种" for k, n in by_kind.items())
        label = doc.next_label()
        doc.para(f"{own}储备应急物资和装备{len(plan.resources)}种（{kinds}），见{label}。")
        doc.table(table.columns, table.rows, caption=f"{label}　应急物资和装备")
        doc.portrait()
        if expired:
            names = "、".join(f"{r.name}（有效期至{cn_date(r.expires)}）" for r in expired)
            doc.para(f"已超过有效期、需要更新的物资：{names}。")
    else:
        doc.para(
            doc.gap(
                T("应急物资装备清单", "the supplies and equipment list"),
                T(
                    "在预案“应急物资装备”中登记名称、规格型号、数量、存放位置和管理责任人",
                    "Enter supplies and equipment with model, quantity, place and keeper",
                ),
            )
        )
    doc.heading("应急场所", 2)
    if plan.shelters:
        capacity = sum(s.capacity or 0 for s in plan.shelters)
        total = f"，可容纳{capacity}人" if capacity else ""
        label = doc.next_label()
        doc.para(f"{own}可用的应急避难场所（集合点）{len(plan.shelters)}处{total}，见{label}。")
        table = shelters_table(plan, lookup)
        doc.table(table.columns, table.rows, caption=f"{label}　应急场所")
    else:
        doc.para(
            doc.gap(
                T("应急场所（避难场所、应急集合点）", "shelters and assembly points"),
                T(
                    "在预案“避难场所”中登记应急避难场所或应急集合点（名称、地址、容纳人数）",
                    "Enter shelters or assembly points under Shelters",
                ),
            )
        )
    doc.heading("应急专家", 2)
    if plan.experts:
        label = doc.next_label()
        doc.para(f"可咨询的应急专家{len(plan.experts)}名，见{label}。")
        table = experts_table(plan, lookup)
        doc.table(table.columns, table.rows, caption=f"{label}　应急专家")
    else:
        doc.para(
            doc.gap(
                T("应急专家", "experts"),
                T(
                    "在预案“应急专家”中登记可咨询的专家；没有专家时可写明依托的外部专家资源",
                    "Enter the experts the unit can consult",
                ),
            )
        )
    doc.heading("监测报警手段", 2)
    if monitoring:
        items = [
            f"{r.name}{_quantity(r.quantity, r.unit)}{f'，{r.place}' if r.place else ''}"
            for r in monitoring
        ]
        doc.para("物资装备清单中的监测、检测和报警装备：")
        doc.items(items)
    else:
        doc.para(
            doc.gap(
                T("监测报警手段", "the monitoring and alarm means"),
                T(
                    "写明可燃有毒气体检测报警、视频监控、应急广播、警报等监测报警系统及其覆盖范围",
                    "Describe the detection, surveillance and alarm systems and their coverage",
                ),
                todo=True,
            )
        )
    if plan.warnings:
        names = "、".join(name_of(wl) for wl in plan.warnings)
        doc.para(
            f"预案设定预警级别{len(plan.warnings)}级（{names}），发布条件和措施见预案“预警”部分。"
        )

    doc.heading("可调用的外部应急资源" if enterprise else "联络和支援力量")
    if enterprise:
        doc.heading("外部救援队伍", 2)
        if external_teams:
            label = doc.next_label()
            doc.para(f"可请求支援的外部救援队伍{len(external_teams)}支，见{label}。")
            table = teams_table(plan.model_copy(update={"teams": external_teams}), lookup)
            doc.table(table.columns, table.rows, caption=f"{label}　外部救援队伍")
        else:
            doc.para("预案未登记外部救援队伍；需要时通过下列联络和支援单位请求支援。")
    doc.heading("联络和支援单位", 2)
    if external_contacts:
        what = (
            "上级部门、专业救援力量、医疗机构和周边单位"
            if enterprise
            else "上级部门、专业救援力量和保障单位"
        )
        label = doc.next_label()
        doc.para(f"{what}等{len(external_contacts)}个，见{label}。")
        rows: list[list[Cell]] = [
            [str(i), name_of(c), c.role or "", c.org or "", lookup.phones(c, "\n")]
            for i, c in enumerate(external_contacts, 1)
        ]
        doc.table(
            [
                Column("序号", 0.9, "center"),
                Column("单位/名称", 3.4),
                Column("职责/用途", 2.6),
                Column("部门", 1.6),
                Column("联系电话", 2.4),
            ],
            rows,
            caption=f"{label}　联络和支援单位",
        )
    else:
        doc.para(
            doc.gap(
                T("外部联络和支援单位", "outside contacts and support"),
                T(
                    "在预案“通讯录”中登记上级部门、消防救援、医疗急救、周边单位等外部联系方式",
                    "Enter authorities, fire and rescue, medical and neighbours in Contacts",
                ),
            )
        )
    doc.heading("协议和备忘录", 2)
    signed = [(t, e) for t, e in pacts if e]
    if signed:
        for title_, entries in signed:
            doc.para(f"《{full_title(plan)}》附件“{title_}”列有：")
            doc.items(entries)
    else:
        doc.para(
            doc.gap(
                T("应急救援协议或备忘录", "agreements or memoranda"),
                T(
                    "在预案附件“有关协议或者备忘录”中列出与救援队伍、医院、周边单位签订的协议",
                    "List mutual-aid and service agreements in the appendix 有关协议或者备忘录",
                ),
            )
        )

    doc.heading("调查结论")
    size = sum(t.size or 0 for t in internal_teams)
    people = f"（{size}人）" if size else ""
    agreements_n = sum(len(e) for _, e in signed)
    outside = f"外部救援队伍{len(external_teams)}支、" if enterprise else ""
    doc.para(
        f"{own}有应急队伍{len(internal_teams)}支{people}、应急物资和装备{len(plan.resources)}种、"
        f"应急场所{len(plan.shelters)}处、应急专家{len(plan.experts)}名；可请求支援的{outside}"
        f"联络和支援单位{len(external_contacts)}个、协议或备忘录{agreements_n}项。"
    )
    if expired:
        doc.para(f"有{len(expired)}种物资已超过有效期，应及时更新补充。")
    if doc.gaps:
        doc.para("本报告中标为【缺少】或【待补充】的内容，应在报送备案前补充完整。")
    doc.closing([unit, dated])
    return doc


def _quantity(quantity: float | int | None, unit: str | None) -> str:
    if quantity is None:
        return ""
    number = int(quantity) if isinstance(quantity, float) and quantity.is_integer() else quantity
    return f"{number}{unit or ''}"
