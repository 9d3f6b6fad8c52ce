"""A plan as a Word document in official-document format (GB/T 9704-2012).

Cover → 批准页/发布令 (where the kind has one) → 修订记录 → 目录 → body in outline order
→ 附件 (the plan's own, then an automatic one for each structured part no section
places, so nothing is lost). The document is built in memory and written atomically.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.export.boilerplate import (
    TEMPLATES,
    Line,
    Templates,
    default_template_text,
    parse_lines,
    render_source,
)
from app.export.errors import ExportError, ExportReport, deliver
from app.export.gongwen import (
    Column,
    GongwenDocument,
    Numberer,
    PageNumbers,
    Scheme,
    TocEntry,
    decimal_stylesheet,
    w,
)
from app.export.layer.placeholders import placeholder
from app.export.parts import (
    PART_TITLES,
    TABLES,
    Lookup,
    PartTable,
    procedure_intro,
    steps_of,
    unplaced_parts,
)
from app.export.text import (
    chinese_number,
    circled_number,
    cn_date,
    lines,
    strip_typed_number,
    wrapped_lines,
)
from app.i18n import T
from app.model.kinds import rules_for
from app.model.plan import Plan, Section, walk_sections
from app.model.problems import Severity
from app.progress import Progress, Steps
from app.storage.atomic import write_atomic


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose in the export dialog (or on the command line)."""

    reference_doc: Path | None = None  # styles, page setup, header and cover from this .docx
    template_dir: Path | None = None  # overrides for cover.j2, approval.j2, card_note.j2
    numbering: str | None = None  # "gongwen" or "decimal"; None: the plan's own
    toc_levels: int = 2  # heading levels in the 目录; 0 leaves it out
    duplex: bool = True  # sections start on odd pages, for double-sided printing
    approval_page: bool | None = None  # None: where the plan's kind has one
    revision_record: bool = True
    card_size: str = "auto"  # response cards: "A5", "A4", or "auto" (A5: they are carried)


def template_context(plan: Plan) -> dict[str, Any]:
    """Plain data the boilerplate templates see (never model objects)."""
    meta = plan.meta
    unit = meta.unit
    review = meta.review
    return {
        "title": meta.title,
        "kind": meta.kind.label(),
        "unit": unit.name,
        "unit_address": unit.address or "",
        "principal": unit.principal or "",
        "unit_phone": unit.phone or "",
        "code": meta.code or "",
        "version": meta.version or "",
        "issued": meta.issued,
        "effective": meta.effective,
        "approved_by": meta.approved_by or "",
        "drafted_by": meta.drafted_by or "",
        "region": meta.region or "",
        "parent": meta.parent or "",
        "review_form": review.form.label() if review is not None else "",
        "review_date": review.date if review is not None else None,
        "today": dt.date.today(),
    }


# Template line kinds → (style role, alignment) on the cover and on ordinary pages.
COVER_ROLES = {
    "title": ("cover_title", None),
    "subtitle": ("cover_subtitle", None),
    "center": ("cover_text", "center"),
    "right": ("cover_text", "right"),
    "left": ("cover_text", "left"),
    "body": ("cover_text", "left"),
    "blank": ("cover_text", None),
}
PAGE_ROLES = {
    "title": ("title", None),
    "subtitle": ("subtitle", None),
    "center": ("normal", "center"),
    "right": ("closing", None),
    "left": ("normal", "left"),
    "body": ("body", None),
    "blank": ("normal", None),
}


def write_lines(doc: GongwenDocument, lines_: Sequence[Line], roles: dict) -> None:
    for line in lines_:
        role, align = roles[line.kind]
        doc.paragraph(line.text, role, align=align)


def render_cover_art(doc: GongwenDocument, context: dict[str, Any]) -> None:
    """The reference's first page, with its ``{{ … }}`` placeholders filled in."""
    name = T("参考文档封面", "reference cover").text()
    for element in doc.cover_template:
        paragraphs = [element] if element.tag == w("p") else []
        paragraphs += [p for p in element.iter(w("p")) if p is not element]
        for p in paragraphs:
            if p.find(f".//{w('p')}") is not None:
                continue  # a paragraph holding a text box: its inner paragraphs are visited
            texts = [t for t in p.iter(w("t"))]
            source = "".join(t.text or "" for t in texts)
            if "{{" not in source and "{%" not in source:
                continue
            rendered = render_source(source, context, name).replace("\n", " ")
            texts[0].text = rendered
            texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            for t in texts[1:]:
                t.text = ""
        doc.append_element(element)


class _PlanWriter:
    def __init__(self, plan: Plan, options: ExportOptions, progress: Progress | None) -> None:
        self.plan = plan
        self.options = options
        self.report = ExportReport(path=None)
        scheme_name = options.numbering or plan.numbering().value
        try:
            self.scheme = Scheme(scheme_name)
        except ValueError:
            raise ExportError(
                T(
                    f"未知的标题编号方式“{scheme_name}”（应为 gongwen 或 decimal）",
                    f"Unknown heading numbering '{scheme_name}' (use gongwen or decimal)",
                )
            ) from None
        self.templates = Templates(options.template_dir)
        sheet = decimal_stylesheet() if self.scheme is Scheme.DECIMAL else None
        self.doc = GongwenDocument(sheet, reference=options.reference_doc, duplex=options.duplex)
        for message in self.doc.warnings:
            self.report.note(Severity.WARNING, "export.reference_style", message)
        self.lookup = Lookup(plan)
        self.context = template_context(plan)
        self.toc: list[TocEntry] = []
        self._tables: dict[str, PartTable | None] = {}
        self.landscape = False
        self.front_lines: list[float] = []  # estimated body lines of each front-matter part
        self.appendix_lines: list[TocEntry] = []
        nodes = len(walk_sections(plan.sections)) + len(plan.appendices)
        self.steps = Steps(progress, nodes + len(PART_TITLES) + 5)

    # -- parts of the document --

    def cover(self) -> None:
        self.steps.step(T("封面", "Cover"))
        self.doc.begin_section(PageNumbers.NONE)
        if self.doc.cover_template:
            render_cover_art(self.doc, self.context)
        else:
            write_lines(self.doc, self.templates.lines("cover.j2", self.context), COVER_ROLES)
        if self.options.duplex:  # the back of the cover stays blank; the next part opens right
            self.doc.blank_page()

    def front_matter(self) -> Any:
        """批准页, 修订记录 and the place the 目录 goes; returns that place."""
        approval = self.options.approval_page
        if approval is None:
            approval = rules_for(self.plan.meta.kind).approval_page
        toc = self.options.toc_levels > 0
        if not (approval or self.options.revision_record or toc):
            return None
        self.doc.begin_section(PageNumbers.ROMAN)
        first = True
        if approval:
            self.steps.step(T("批准页", "Approval page"))
            lines_ = self.templates.lines("approval.j2", self.context)
            write_lines(self.doc, lines_, PAGE_ROLES)
            self.front_lines.append(sum(_lines_of(ln) for ln in lines_))
            first = False
        if self.options.revision_record:
            self.steps.step(T("修订记录", "Revision record"))
            if not first:
                self.doc.page_break()
            self.front_lines.append(self.revision_record())
            first = False
        if toc:
            if not first:
                self.doc.page_break()
            self.doc.paragraph("目　　录", "toc_title")
            return self.doc.paragraph("", "toc1")
        return None

    def pad_front_matter(self, end: Any) -> None:
        """In double-sided printing, page 1 of the body must open on a right-hand page.

        Word and WPS tell odd from even by the page *number*, so a body restarting at 1
        would land on the back of the last front page whenever the front matter has an
        odd number of pages. Each front part starts a page; their lengths are estimated.
        """
        if not self.options.duplex or not self.front_lines:
            return
        pages = sum(max(1, math.ceil(n / PAGE_LINES)) for n in self.front_lines)
        if pages % 2:
            self.doc.blank_page(after=end)

    def revision_record(self) -> float:
        """Writes the 修订记录 page; returns how many body lines it takes, roughly."""
        self.doc.paragraph("修订记录", "title")
        history = self.plan.meta.revision_history
        rows: list[list[str]] = [
            [str(i), r.version, cn_date(r.date), r.summary, r.author or ""]
            for i, r in enumerate(history, 1)
        ]
        if not history:
            rows.append(["1", self.plan.meta.version, cn_date(self.plan.meta.issued), "", ""])
        blank = max(0, 8 - len(rows))
        rows += [[""] * 5 for _ in range(blank)]  # room to record later revisions by hand
        self.doc.table(
            [
                Column("序号", 0.9, "center"),
                Column("版本号", 1.3, "center"),
                Column("修订日期", 2.2, "center"),
                Column("修订内容", 5.6),
                Column("修订人", 1.6, "center"),
            ],
            rows,
        )
        # a 四号 row is about 0.75 of a body line; long summaries wrap at ~13 characters
        return 2.5 + sum(0.75 * wrapped_lines(r[3], 14) for r in rows) + 0.75

    def body(self) -> None:
        self.doc.begin_section(PageNumbers.ARABIC)
        if self.plan.meta.title:  # the title heads the first page, as on a 公文 (§7.3.1)
            self.doc.paragraph(self.plan.meta.title, "title")
        numberer = Numberer(self.scheme)
        for section in self.plan.sections:
            self.section(section, 1, numberer, toc=True)

    def section(self, section: Section, level: int, numberer: Numberer, *, toc: bool) -> None:
        title = strip_typed_number(section.title) or placeholder("章节标题")
        text = numberer.title(level, title)
        self.steps.step(T(f"正文：{text}", f"Body: {text}"))
        bookmark = self.doc.heading(text, level, toc=toc)
        if toc and bookmark is not None:
            self.toc.append(TocEntry(text, level, bookmark))
        self.body_text(section.body)
        for part in section.insert:
            self.part(part, level + 1, numberer, toc=toc)
        for child in section.children:
            self.section(child, level + 1, numberer, toc=toc)

    def body_text(self, body: str) -> None:
        for line in lines(body):
            self.doc.paragraph(line, "body")

    def part(self, part: str, level: int, numberer: Numberer, *, toc: bool) -> None:
        if part == "procedures":
            self.procedures(level, numberer, toc=toc)
            return
        table = self.table_of(part)
        if table is None:
            return
        self.doc.keep_with_next()
        small = self.small_tables()
        self.doc.table(
            table.columns,
            table.rows,
            text_role="table_text_small" if small else "table_text",
            head_role="table_head_small" if small else "table_head",
        )

    def small_tables(self) -> bool:
        """One size for every register table of the plan: 五号 keeps wide lists readable,
        and then the narrow ones beside them are set in 五号 too (issue 17, item 7)."""
        tables = [self.table_of(part) for part in TABLES]
        return any(t is not None and len(t.columns) >= WIDE_TABLE for t in tables)

    def table_of(self, part: str) -> PartTable | None:
        if part not in self._tables:
            builder = TABLES.get(part)
            empty = builder is None or self.plan.part_is_empty(part)
            self._tables[part] = (
                None if builder is None or empty else builder(self.plan, self.lookup)
            )
        return self._tables[part]

    def turn(self, parts: list[str]) -> bool:
        """Put the next appendix on landscape pages if it holds a very wide table, or
        back on portrait pages after one. True when a new section was started."""
        wide = any(
            (t := self.table_of(p)) is not None and len(t.columns) >= LANDSCAPE_TABLE for p in parts
        )
        if wide == self.landscape:
            return False
        self.doc.begin_section(PageNumbers.ARABIC, restart=False, odd_page=False, landscape=wide)
        self.landscape = wide
        return True

    def procedures(self, level: int, numberer: Numberer, *, toc: bool) -> None:
        for procedure in self.plan.procedures:
            title = strip_typed_number(self.lookup.procedure(procedure.id))
            text = numberer.title(level, title)
            bookmark = self.doc.heading(text, level, toc=toc)
            if toc and bookmark is not None:
                self.toc.append(TocEntry(text, level, bookmark))
            for line in procedure_intro(procedure, self.lookup):
                self.doc.paragraph(line, "body")
            label = _step_label(self.scheme, level + 1)
            for step in steps_of(procedure, self.lookup):
                self.doc.paragraph(f"{label(step.number)}{step.sentence()}", "body")

    def appendices(self) -> None:
        number = 0
        for appendix in self.plan.appendices:
            number += 1
            title = strip_typed_number(appendix.title) or placeholder("附件名称")
            self.steps.step(T(f"附件{number}：{title}", f"Appendix {number}: {title}"))
            self.appendix_head(number, title, new_section=self.turn(list(appendix.insert)))
            self.body_text(appendix.body)
            numberer = Numberer(self.scheme)
            for part in appendix.insert:
                self.part(part, 1, numberer, toc=False)
            for child in appendix.children:
                self.section(child, 1, numberer, toc=False)
        for extra in unplaced_parts(self.plan):
            number += 1
            title = PART_TITLES[extra]
            self.steps.step(T(f"附件{number}：{title}", f"Appendix {number}: {title}"))
            self.report.note(
                Severity.INFO,
                "export.part_appended",
                T(
                    f"“{title}”没有放在任何章节中，已作为附件{number}输出",
                    f"'{extra}' is not placed in any section; it was exported as appendix {number}",
                ),
            )
            self.appendix_head(number, title, new_section=self.turn([extra]))
            self.part(extra, 1, Numberer(self.scheme), toc=False)

    def appendix_head(self, number: int, title: str, *, new_section: bool = False) -> None:
        label = f"附件{number}"
        # a new section starts the page already; the label's own page break would add one
        self.doc.paragraph(label, "appendix_label", page_break=None if new_section else False)
        bookmark = self.doc.new_bookmark()
        self.doc.paragraph(title, "appendix_title", bookmark=bookmark)
        self.appendix_lines.append(TocEntry(f"{label}　{title}", 1, bookmark))

    def build(self) -> bytes:
        self.doc.set_properties(
            title=self.plan.meta.title,
            author=self.plan.meta.unit.name,
            subject=self.plan.meta.kind.label(),
        )
        self.cover()
        toc_at = self.front_matter()
        self.body()
        self.appendices()
        if toc_at is not None:
            self.steps.step(T("目录", "Table of contents"))
            levels = self.options.toc_levels
            shown = [e for e in self.toc if e.level <= levels] + self.appendix_lines
            self.front_lines.append(2 + sum(wrapped_lines(e.text, 28 - e.level) for e in shown))
            self.pad_front_matter(toc_at)
            self.doc.toc(self.toc, levels=levels, extra=self.appendix_lines, at=toc_at)
        self.steps.step(T("生成文件", "Writing the file"))
        return self.doc.to_bytes()


PAGE_LINES = 22
WIDE_TABLE = 6  # columns from which a table is set in 五号 instead of 四号
LANDSCAPE_TABLE = 9  # columns from which an appendix is turned to landscape (GB/T 9704 §8)


def _lines_of(line: Line) -> float:
    """Body lines a template line takes on the page."""
    if line.kind == "title":
        return 2.3  # 2号 on a 35 pt line, then a blank line
    if line.kind == "blank":
        return 1
    indent = 2 if line.kind == "body" else 0
    return wrapped_lines("中" * indent + line.text, 28)


def _step_label(scheme: Scheme, level: int) -> Callable[[int], str]:
    """Step numbers one level below their procedure's heading."""
    if scheme is Scheme.DECIMAL:
        return lambda n: f"（{n}）"
    if level <= 2:
        return lambda n: f"（{chinese_number(n)}）"
    if level == 3:
        return lambda n: f"{n}."
    if level == 4:
        return lambda n: f"（{n}）"
    return circled_number


def reference_doc_bytes() -> bytes:
    """The built-in styles as a reference .docx users can restyle in Word or WPS.

    Its first page is the cover with ``{{ … }}`` placeholders: edit it (add a logo,
    move things) and it becomes the cover of every export that uses this reference.
    The pages after it only show the styles; exports ignore them.
    """
    doc = GongwenDocument()
    doc.set_properties(title="PlanDrill 参考文档", author="PlanDrill")
    doc.begin_section(PageNumbers.NONE)
    source = re.sub(r"\{#.*?#\}", "", default_template_text("cover.j2"), flags=re.S)
    write_lines(doc, parse_lines(source), COVER_ROLES)
    doc.page_break()
    doc.paragraph(
        "以下各页只用于展示样式，导出时不会使用。可在 Word 或 WPS 中修改样式（字体、字号、行距、"
        "缩进）、页面设置和页眉；第一页的封面可以加入单位标志、调整版式，"
        "其中 {{ … }} 占位符会在导出时填入预案信息。",
        "normal",
    )
    doc.paragraph("预案标题（标题）", "title")
    numberer = Numberer(Scheme.GONGWEN)
    for level in range(1, 5):
        doc.heading(numberer.title(level, f"第{level}级标题（标题 {level}）"), level, toc=False)
        doc.paragraph("正文（正文文本）：每段首行缩进两字，3号仿宋，每页22行、每行28字。", "body")
    doc.table(
        [Column("表格表头", 1), Column("表格表头", 2)], [["表格文字", "表格文字（四号仿宋）"]]
    )
    doc.paragraph("附件1", "appendix_label")
    doc.paragraph("附件标题", "appendix_title")
    doc.paragraph("落款（右对齐）", "closing")
    for role in ("toc1", "toc2", "toc3"):
        doc.paragraph(f"目录 {role[-1]}\t1", role)
    return doc.to_bytes()


def write_reference_doc(out_path: str | Path) -> None:
    write_atomic(out_path, reference_doc_bytes())


def write_default_templates(folder: str | Path) -> list[Path]:
    """Copy the built-in templates into ``folder`` to edit; existing files are kept."""
    target = Path(folder)
    written = []
    for name in TEMPLATES:
        path = target / name
        if path.exists():
            continue
        write_atomic(path, default_template_text(name).encode("utf-8"), backup=False)
        written.append(path)
    return written


def plan_docx_bytes(
    plan: Plan, *, options: ExportOptions | None = None, progress: Progress | None = None
) -> tuple[bytes, ExportReport]:
    """The plan as .docx bytes, built in memory (for callers that package files)."""
    writer = _PlanWriter(plan, options or ExportOptions(), progress)
    data = writer.build()
    writer.report.count = len(writer.toc)
    writer.report.placeholders = writer.doc.placeholders
    return data, writer.report


def export_plan(
    plan: Plan,
    out_path: str | Path,
    *,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the plan as a GB/T 9704 Word document to ``out_path``.

    Safe to call from a worker thread. Raises ``ExportError`` (bad reference or
    template), ``Cancelled`` (``progress.cancel()`` was called) or ``SaveError`` (the
    file could not be written); in every case nothing is written. The previous file
    at ``out_path`` is kept as ``.bak``.
    """
    data, report = plan_docx_bytes(plan, options=options, progress=progress)
    return deliver(data, report, out_path, progress)


__all__ = [
    "ExportOptions",
    "export_plan",
    "plan_docx_bytes",
    "reference_doc_bytes",
    "template_context",
    "write_default_templates",
    "write_reference_doc",
]
