"""The library's Word documents, in official-document format (GB/T 9704-2012):

* the annual work plan (年度应急演练和预案修订工作计划): title, a short introduction,
  the work by quarter (one table per quarter: plan, drill or evaluation, month, form,
  responsible unit, the rule that puts it there), the rules applied, and the closing;
* the plan system (应急预案体系): the diagram (``app.library.diagram``), the plan table
  whose numbers the diagram shows, and the broken links and orphan plans to fix.

Both are built in memory with ``app.export.gongwen`` and written atomically; a cancel
or a failure leaves any earlier file as it was.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.drilldocs.layout import picture
from app.export.gongwen import Column, GongwenDocument, PageNumbers
from app.export.layer.placeholders import placeholder
from app.export.text import chinese_number, cn_date
from app.i18n import T
from app.library import LIVE, TABLETOP, Library
from app.library.diagram import (
    PAGE_HEIGHT_MM,
    PX_PER_MM,
    FontChoice,
    Labels,
    find_cjk_font,
    render_system,
)
from app.library.system import PlanSystem, build_system
from app.library.workplan import Row, propose
from app.model.kinds import PlanKind, rules_for
from app.model.kinds import PlanSystem as KindSystem
from app.progress import Progress, Steps
from app.storage.atomic import write_atomic


@dataclass
class ReportResult:
    """A written document and what the user should know about it."""

    path: Path
    rows: int = 0  # work-plan rows, or plans in the system table
    images: int = 0  # diagram pictures in the document
    warnings: list[T] = field(default_factory=list)


def _small_table(doc: GongwenDocument, columns: Sequence[Column], rows: list[list[str]]) -> None:
    doc.table(columns, rows, text_role="table_text_small", head_role="table_head_small")


def _closing(doc: GongwenDocument, unit: str, day: dt.date, lang: str) -> None:
    """署名 and date, kept on one page (GB/T 9704 7.3.5.2)."""
    doc.paragraph("", "normal", keep_next=True)
    if unit:
        doc.paragraph(unit, "closing", keep_next=True)
    doc.paragraph(cn_date(day) if lang == "zh" else day.isoformat(), "closing")


TITLE_CHARS = 20  # characters of 2号 type on a line of the 版心


def _title_lines(unit: str, rest: str) -> str:
    """Break a long title after the unit's name rather than leave a lone character
    on the second line (GB/T 9704 7.3.1: 词意完整, 排列对称)."""
    from app.export.text import width

    if unit and width(unit + rest) > TITLE_CHARS and width(rest) <= TITLE_CHARS:
        return f"{unit}\n{rest}"
    return unit + rest


# --- the annual work plan -------------------------------------------------------------------

QUARTERS = (
    T("第一季度（1—3月）", "First quarter (January–March)"),
    T("第二季度（4—6月）", "Second quarter (April–June)"),
    T("第三季度（7—9月）", "Third quarter (July–September)"),
    T("第四季度（10—12月）", "Fourth quarter (October–December)"),
)
MONTHS_EN = "January February March April May June July August September October November December"


def work_plan_title(unit: str, year: int, lang: str = "zh") -> str:
    if lang == "en":
        return (
            f"{unit + ' ' if unit else ''}{year} work plan for emergency drills and plan revision"
        )
    return f"{unit}{year}年度应急演练和预案修订工作计划"


def _task(row: Row, lang: str) -> str:
    """The work of a row: 桌面推演 / 实战演练 for a drill, 预案评估 for an evaluation."""
    if row.activity == "evaluation":
        return T("预案评估", "evaluation").text(lang)
    return {
        TABLETOP: T("桌面推演", "tabletop drill"),
        LIVE: T("实战演练", "live drill"),
    }.get(row.form or "", T("应急演练", "drill")).text(lang)


def _month(month: int, lang: str) -> str:
    return f"{month}月" if lang == "zh" else MONTHS_EN.split()[month - 1]


def _rules_applied(library: Library, rows: list[Row], lang: str) -> list[str]:
    kinds = {e.kind for e in library.plans() if e.kind is not None}
    enterprise = any(rules_for(k).system is KindSystem.ENTERPRISE for k in kinds)
    government = any(rules_for(k).system is not KindSystem.ENTERPRISE for k in kinds)
    notes: list[T] = []
    if enterprise:
        notes.append(
            T(
                "生产经营单位综合应急预案、专项应急预案每年至少演练一次，现场处置方案每半年至少演练一次；"
                "危险物品、矿山、金属冶炼、城市轨道交通运营、建筑施工及人员密集场所等重点单位每半年至少演练一次"
                "（《生产安全事故应急预案管理办法》第三十三条，表中简称“办法”）。",
                "Enterprise comprehensive and special plans are drilled at least once a year, on-site "
                "plans at least every half year, and plans of key sectors every half year (Measures "
                "for Production Safety Accident Emergency Plans, Art. 33).",
            )
        )
    if government:
        notes.append(
            T(
                "政府专项应急预案、部门应急预案每3年至少演练一次（《突发事件应急预案管理办法》"
                "（国办发〔2024〕5号）第三十二条）；总体应急预案参照同一周期安排。",
                "Government special and department plans are drilled at least every three years "
                "(Guobanfa [2024] No. 5, Art. 32); overall plans follow the same cycle.",
            )
        )
    sources = [
        *(["办法第三十五条"] if enterprise else []),
        *(["国办发〔2024〕5号第三十四条"] if government else []),
    ]
    cited = f"（{'；'.join(sources)}）" if sources else ""
    notes.append(
        T(
            f"应急预案自颁布或上次修订、评估之日起每3年至少评估一次，评估后视情修订{cited}。",
            "Each plan is evaluated at least every three years from its issue, last revision or "
            "evaluation, and revised as the evaluation finds.",
        )
    )
    notes.append(
        T(
            "已经逾期的演练和评估安排在第一季度完成；没有演练记录的预案按各月工作量均衡安排："
            "每半年演练一次的，两次演练相隔六个月，安排在两月合计工作量最少的月份，"
            "每年演练一次的安排在工作量最少的月份，工作量相同时安排在较早的月份。",
            "Overdue drills and evaluations are placed in the first quarter; plans never drilled "
            "are spread over the months with the least work (a half-yearly pair six months "
            "apart, in the two months with least work together; ties go to the earlier month).",
        )
    )
    notes.append(
        T(
            "演练形式在桌面推演和实战演练之间交替安排，使两种形式在周期内都得到检验；现场处置方案以实战演练为主。",
            "Drills alternate between tabletop and live exercises so both are tested over the "
            "cycle; on-site plans are drilled live.",
        )
    )
    skipped = library.unreadable()
    if skipped:  # the document names no file: the library window lists them
        notes.append(
            T(
                f"预案库中有 {len(skipped)} 个文件无法读取，未纳入本计划（见预案库的“无法读取”列表），"
                "请修复后重新生成。",
                f"{len(skipped)} file(s) of the library could not be read and are not planned; "
                "fix them and generate the plan again.",
            )
        )
    if not rows:
        notes.append(
            T(
                "按上述规则，本年度没有到期的演练和评估任务。",
                "Under these rules nothing falls due this year.",
            )
        )
    return [n.text(lang) for n in notes]


def work_plan_docx_bytes(
    library: Library,
    year: int,
    *,
    unit: str | None = None,
    rows: list[Row] | None = None,
    lang: str = "zh",
    progress: Progress | None = None,
) -> bytes:
    """The annual work plan as a .docx (bytes); ``rows`` default to ``propose``."""
    rows = propose(library, year) if rows is None else rows
    unit = library.unit_name() if unit is None else unit
    steps = Steps(progress, 7)
    doc = GongwenDocument(duplex=False)
    title = work_plan_title(unit, year, lang)
    doc.set_properties(title=title, author=unit, subject=T("工作计划", "Work plan").text(lang))
    doc.begin_section(PageNumbers.ARABIC)
    doc.paragraph(_title_lines(unit, title[len(unit) :]) if lang == "zh" else title, "title")
    drills = [r for r in rows if r.activity == "drill"]
    tabletop = sum(r.form == TABLETOP for r in drills)
    live = sum(r.form == LIVE for r in drills)
    evaluations = len(rows) - len(drills)
    plans = len(library.plans())
    doc.paragraph(
        T(
            f"为落实应急预案演练、评估和修订的有关规定，根据本单位预案库中 {plans} 项应急预案的颁布、修订、"
            f"评估和演练记录，制定{year}年度应急演练和预案修订工作计划。全年计划开展应急演练 {len(drills)} 次"
            f"（桌面推演 {tabletop} 次、实战演练 {live} 次），预案评估 {evaluations} 项，具体安排如下。",
            f"To meet the rules on drilling, evaluating and revising emergency plans, this plan "
            f"sets out the work for {year} from the issue, revision, evaluation and drill records "
            f"of the {plans} plans in the library: {len(drills)} drill(s) ({tabletop} tabletop, "
            f"{live} live) and {evaluations} evaluation(s).",
        ).text(lang),
        "body",
    )
    doc.heading(T("一、工作安排", "1. Schedule").text(lang), 1, toc=False)
    columns = [
        Column(T("序号", "No.").text(lang), 0.5, align="center"),
        Column(T("月份", "Month").text(lang), 0.6, align="center"),
        Column(T("预案名称", "Plan").text(lang), 2.2),
        Column(T("工作内容", "Task").text(lang), 1.0, align="center"),
        Column(T("责任单位", "Responsible").text(lang), 1.3),
        Column(T("安排依据", "Why").text(lang), 3.0),
    ]
    number = 0
    for quarter, label in enumerate(QUARTERS, start=1):
        steps.step(label)
        mark = f"（{chinese_number(quarter)}）" if lang == "zh" else f"1.{quarter} "
        doc.heading(mark + label.text(lang), 2, toc=False)
        these = [r for r in rows if r.quarter == quarter]
        if not these:
            doc.paragraph(T("本季度没有到期的工作。", "Nothing falls due.").text(lang), "body")
            continue
        table: list[list[str]] = []
        for row in these:
            number += 1
            table.append(
                [
                    str(number),
                    _month(row.month, lang),
                    row.entry.title,
                    _task(row, lang),
                    row.responsible or "—",
                    row.reason.text(lang),
                ]
            )
        doc.keep_with_next()
        _small_table(doc, columns, table)
    steps.step(T("编制说明", "Notes"))
    doc.heading(T("二、编制依据和说明", "2. Rules applied").text(lang), 1, toc=False)
    for n, note in enumerate(_rules_applied(library, rows, lang), start=1):
        doc.paragraph(f"{n}. {note}" if lang == "en" else f"{n}.{note}", "body")
    _closing(doc, unit, library.today, lang)
    steps.finish(T("生成文件", "Writing the file"))
    return doc.to_bytes()


def export_work_plan(
    library: Library,
    year: int,
    out_path: str | Path,
    *,
    unit: str | None = None,
    lang: str = "zh",
    progress: Progress | None = None,
) -> ReportResult:
    rows = propose(library, year)
    data = work_plan_docx_bytes(library, year, unit=unit, rows=rows, lang=lang, progress=progress)
    if progress is not None:
        progress.check()
    write_atomic(out_path, data)
    return ReportResult(Path(out_path), rows=len(rows))


# --- the plan system ---------------------------------------------------------------------------


def _picture(doc: GongwenDocument, png: bytes, *, page_break: bool) -> None:
    """A centred picture at its natural size, shrunk to the 版心 if larger (placed the
    way the drill report places its chart)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width_mm = image.width / PX_PER_MM
        height_mm = image.height / PX_PER_MM
    scale = min(1.0, doc.text_width / 1440 * 25.4 / width_mm, PAGE_HEIGHT_MM / height_mm)
    if page_break:
        doc.page_break()
    picture(doc, png, width_mm * scale, height_mm * scale)


FIRST_PAGE_MM = 130  # the 版心 (225 mm) less the title, a five-line introduction and a caption


def system_title(unit: str, lang: str = "zh") -> str:
    return (
        f"{unit}应急预案体系"
        if lang == "zh"
        else f"Emergency plan system{' of ' + unit if unit else ''}"
    )


def system_docx_bytes(
    library: Library,
    *,
    system: PlanSystem | None = None,
    unit: str | None = None,
    lang: str = "zh",
    cjk: FontChoice | bool | None = True,
    progress: Progress | None = None,
) -> tuple[bytes, ReportResult]:
    """The plan system document and a result (images, warnings) without its path."""
    system = system or build_system(library)
    unit = library.unit_name() if unit is None else unit
    steps = Steps(progress, 5)
    result = ReportResult(Path())
    font = find_cjk_font() if cjk is True else (cjk or None)
    if font is None:
        result.warnings.append(
            T(
                "系统中没有找到中文字体，体系图中的方框只标注序号和英文类型，预案名称见预案清单",
                "No Chinese font was found: the diagram labels boxes with their number and kind; "
                "the plan table gives the titles",
            )
        )
    steps.step(T("绘制预案体系图", "Drawing the diagram"))
    labels = Labels(
        drills=T("演练 {n} 次", "{n} drill(s)").text(lang),
        cont=T("（续）", " (cont.)").text(lang),
        broken=T("上级预案缺失", "parent missing").text(lang),
        orphan=T("未注明上级预案", "no parent named").text(lang),
        legend=T(
            "红色虚线框：上级预案缺失或未注明，尚未纳入预案体系",
            "Red dashed box: the parent plan is missing or not named",
        ).text(lang),
    )
    # the first picture shares its page with the title and the introduction
    pages = render_system(system, lang=lang, labels=labels, cjk=font, first_page_mm=FIRST_PAGE_MM)
    result.images = len(pages)
    doc = GongwenDocument(duplex=False)
    title = system_title(unit, lang)
    doc.set_properties(title=title, author=unit, subject=T("预案体系", "Plan system").text(lang))
    doc.begin_section(PageNumbers.ARABIC)
    doc.paragraph(title, "title")
    walk = system.walk()
    plans = [node.entry for node, _ in walk]
    by_kind: dict[PlanKind, int] = {}
    for entry in plans:
        if entry.kind is not None:
            by_kind[entry.kind] = by_kind.get(entry.kind, 0) + 1
    parts = ("、" if lang == "zh" else ", ").join(
        f"{k.label(lang)} {n} {T('项', '').text(lang)}".rstrip() for k, n in by_kind.items()
    )
    drills = sum(e.drills_held for e in plans)  # the count the work plan goes by
    doc.paragraph(
        T(
            f"本单位应急预案库共有应急预案 {len(plans)} 项（{parts}），已开展演练 {drills} 次。"
            "预案之间的上下级关系见图1，各预案的基本情况见表1。",
            f"The library holds {len(plans)} plan(s) ({parts}); {drills} drill(s) held. "
            "Figure 1 shows how the plans hang together; Table 1 lists them.",
        ).text(lang),
        "body",
    )
    steps.step(T("插入预案体系图", "Placing the diagram"))
    for i, png in enumerate(pages):
        _picture(doc, png, page_break=i > 0)
        caption = T("图1　应急预案体系图", "Figure 1 The plan system").text(lang)
        if len(pages) > 1:
            caption += f"（{i + 1}/{len(pages)}）"
        doc.paragraph(caption, "table_caption")
    if not pages:
        doc.paragraph(T("预案库中没有预案。", "The library holds no plan.").text(lang), "body")
    steps.step(T("预案清单", "Plan table"))
    doc.blank()
    doc.paragraph(
        T("表1　应急预案清单", "Table 1 Plans").text(lang), "table_caption", keep_next=True
    )
    parent_of = {id(child.entry): node.entry for node, _ in walk for child in node.children}
    rows = []
    for n, (node, _depth) in enumerate(walk, start=1):
        entry = node.entry
        parent = parent_of.get(id(entry))
        rows.append(
            [
                str(n),
                entry.title or placeholder("预案名称"),
                entry.kind.label(lang) if entry.kind else "",
                entry.unit,
                parent.title if parent is not None else (entry.parent or "—"),
                entry.version,
                (cn_date(entry.issued) if lang == "zh" else entry.issued.isoformat())
                if entry.issued
                else "—",
                str(entry.drills_held),  # held drills: the work plan's count
            ]
        )
    result.rows = len(rows)
    columns = [
        Column(T("序号", "No.").text(lang), 0.45, align="center"),
        Column(T("预案名称", "Plan").text(lang), 2.6),
        Column(T("类型", "Kind").text(lang), 2.0),
        Column(T("编制单位", "Unit").text(lang), 1.3),
        Column(T("上级预案", "Parent plan").text(lang), 2.2),
        Column(T("版本", "Version").text(lang), 0.45, align="center"),
        Column(T("颁布日期", "Issued").text(lang), 1.0, align="center"),
        Column(T("演练", "Drills").text(lang), 0.45, align="center"),
    ]
    _small_table(doc, columns, rows)
    steps.step(T("需要处理的问题", "Issues"))
    doc.heading(T("需要处理的问题", "Issues to resolve").text(lang), 1, toc=False)
    if not system.issues:
        doc.paragraph(
            T(
                "预案之间的链接完整，没有孤立的预案。",
                "Every link resolves and no plan is left outside the system.",
            ).text(lang),
            "body",
        )
    for n, issue in enumerate(system.issues, start=1):
        name = issue.entry.title or placeholder("预案名称")
        text = f"{n}. {name}{T('：', ': ').text(lang)}{issue.message.text(lang)}"
        doc.paragraph(text, "body", align="left")  # a path must not stretch the line
    _closing(doc, unit, library.today, lang)
    steps.finish(T("生成文件", "Writing the file"))
    return doc.to_bytes(), result


def export_system(
    library: Library,
    out_path: str | Path,
    *,
    unit: str | None = None,
    lang: str = "zh",
    cjk: FontChoice | bool | None = True,
    progress: Progress | None = None,
) -> ReportResult:
    data, result = system_docx_bytes(library, unit=unit, lang=lang, cjk=cjk, progress=progress)
    if progress is not None:
        progress.check()
    write_atomic(out_path, data)
    result.path = Path(out_path)
    return result
