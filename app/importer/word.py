"""``import_docx``: a Word plan → a ``Plan`` and a report of what was mapped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.i18n import T
from app.importer.blocks import body_size, read_blocks
from app.importer.elements import tag_elements
from app.importer.front import read_approval, read_front
from app.importer.issuance import read_notice
from app.importer.kinds import guess_kind, parse_kind
from app.importer.outline import Node, build
from app.importer.package import open_docx
from app.importer.procedures import extract_procedures
from app.importer.progress import ProgressHook, Ticker
from app.importer.registers import Registers
from app.importer.report import ImportReport
from app.model.kinds import PlanKind, rules_for
from app.model.plan import PLAN_SCHEMA, Plan
from app.model.prose import plain_line
from app.storage.errors import LoadError

_UNIT_IN_TITLE = re.compile(
    r"^(.{2,30}?(?:有限责任公司|有限公司|股份公司|集团|公司|厂|人民政府|办事处|居民委员会|村民委员会))"
)

_REGION_IN_TITLE = re.compile(
    r"^((?:[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|自治县|省|市|州|盟|县|区|旗|镇|乡|街道))+)"
)
_GOVERNMENTS = (PlanKind.GOV_OVERALL, PlanKind.GOV_SPECIAL, PlanKind.TOWNSHIP)


@dataclass
class ImportResult:
    plan: Plan
    report: ImportReport
    source: list[str] = field(default_factory=list)  # the document's text as read, a line each


def _sections(nodes: list[Node], prefix: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, node in enumerate(nodes, 1):
        sid = f"{prefix}{i}"
        item: dict[str, Any] = {"id": sid, "title": node.title}
        # plain text: escaped, so "1. …" or "*" in the document stays text in the body
        body = "\n".join(plain_line(line) for line in node.body if line.strip())
        if body:
            item["body"] = body
        if node.insert:
            item["insert"] = list(node.insert)
        if node.children:
            item["children"] = _sections(node.children, f"{sid}.")
        out.append(item)
    return out


def _own_approval(written_by: str, title: str, lines: list[str]) -> bool:
    """The 发布令 PlanDrill prints (approval.j2) from the plan's details, not text to keep."""
    return written_by == "PlanDrill" or (title == "发布令" and lines[0].startswith("为贯彻落实《"))


def _paragraphs(nodes: list[Node]) -> int:
    return sum(sum(1 for b in n.body if b.strip()) + _paragraphs(n.children) for n in nodes)


def _count(nodes: list[Node]) -> int:
    return sum(1 + _count(n.children) for n in nodes)


def import_docx(
    path: str | Path,
    *,
    kind: PlanKind | str | None = None,
    progress: ProgressHook = None,
    table_kinds: dict[int, str | None] | None = None,
) -> ImportResult:
    """Read a Word plan. Raises ``LoadError`` for files it cannot read, ``Cancelled`` on cancel.

    ``progress`` is a callable ``(done, total)`` or an object with ``report(done, total)``
    and a ``cancelled`` flag; it is called from the importing thread. ``table_kinds``
    overrides what body table *n* (``report.tables_seen``) is read as: a part, or None
    to keep it as text.
    """
    name = str(path)
    chosen: PlanKind | None = None
    if kind is not None:
        chosen = kind if isinstance(kind, PlanKind) else parse_kind(kind)
        if chosen is None:
            raise LoadError(
                name,
                T(f"未知的预案类型“{kind}”", f"Unknown plan kind '{kind}'"),
                hint=T(
                    "可用：" + "、".join(k.value for k in PlanKind),
                    "Choose one of: " + ", ".join(k.value for k in PlanKind),
                ),
            )
    ticker = Ticker(progress)
    ticker(0, force=True)
    package = open_docx(path)
    size = body_size(package)
    ticker.total = 2 * size + 1
    read = [0]

    def tick_read() -> None:
        read[0] += 1
        ticker(read[0])

    blocks = read_blocks(package, tick_read)
    report = ImportReport()
    registers = Registers(report)
    builder, front_paras = build(
        blocks,
        registers,
        report,
        lambda i: ticker(size + i),
        table_kinds or {},
        own=package.written_by == "PlanDrill",
    )
    front = read_front(front_paras)
    approval = read_approval(front_paras)
    if approval is not None and not _own_approval(package.written_by, *approval):
        # Our own exports print the 发布令 from the plan's details; anyone else's is text
        # of the plan and is kept as its first section.
        builder.sections.insert(0, Node(approval[0], 1, body=approval[1]))
        report.note(
            T(
                f"{approval[0]}的文字保留为第一个章节“{approval[0]}”，可在编辑器中移动或删除。",
                f"The text of the {approval[0]} is kept as the first section; move or delete it in the editor.",
            )
        )
    extract_procedures(builder, registers)

    title = front.title
    if not title:
        title = re.sub(r"\.docx?$|\.docm$", "", Path(name).name, flags=re.I)
        report.note(
            T(
                f"封面上没有找到预案名称，暂用文件名“{title}”。",
                f"No plan title on the cover; using the file name '{title}'.",
            )
        )
    unit = front.unit
    notice = read_notice(front_paras)
    if notice is not None:  # the 印发通知 of an issued plan: its 落款 is the issuer
        unit = notice.get("signer") or unit
        if front.issued is None:
            front.issued = notice.get("issued")
    if not unit and (match := _UNIT_IN_TITLE.match(title)):
        unit = match.group(1)
    if chosen is None:
        chosen, why = guess_kind(title, unit, enterprise=front.enterprise)
        report.note(
            T(
                f"预案类型：{chosen.zh}（{why.zh}），如不正确请另行指定。",
                f"Plan kind: {chosen.en} ({why.en}); choose another if this is wrong.",
            )
        )
    if not unit and chosen in _GOVERNMENTS and (match := _REGION_IN_TITLE.match(title)):
        # 滨江市突发事件总体应急预案 is the plan of 滨江市人民政府 (a government plan names
        # its region, not its issuer)
        region = match.group(1)
        unit = region + ("办事处" if region.endswith("街道") else "人民政府")
        report.note(
            T(
                f"编制单位按标题中的行政区域填为“{unit}”，如不正确请修改。",
                f"The unit is taken from the region in the title: '{unit}'; change it if wrong.",
            )
        )
    meta: dict[str, Any] = {"title": title, "kind": chosen.value, "unit": {"name": unit}}
    for key in ("code", "version", "issued", "effective", "approved_by", "drafted_by"):
        value = getattr(front, key)
        if value:
            meta[key] = value
    issuance = {
        key: value
        for key, value in {**(notice or {}), **(builder.imprint or {})}.items()
        if key in ("number", "to", "cc", "printer", "printed") and value
    }
    if issuance.get("printer") == unit:
        del issuance["printer"]  # the export prints the issuer where no 印发机关 is given
    if issuance.get("printed") is not None and issuance["printed"] == front.issued:
        del issuance["printed"]
    if issuance:
        meta["issuance"] = issuance
    if builder.revisions:
        meta["revision_history"] = builder.revisions
        report.note(
            T(
                f"读取了 {len(builder.revisions)} 条修订记录。",
                f"Read {len(builder.revisions)} revision records.",
            )
        )
    style = builder.numbering_style()
    if style is not None and style != rules_for(chosen).numbering:
        meta["numbering"] = style

    data: dict[str, Any] = {"schema": PLAN_SCHEMA, "meta": meta}
    data["sections"] = _sections(builder.sections, "s")
    if builder.appendices:
        data["appendices"] = _sections(builder.appendices, "a")
    data.update(registers.finish())
    report.sections = _count(builder.sections)
    report.paragraphs = _paragraphs(builder.sections) + _paragraphs(builder.appendices)
    report.appendices = len(builder.appendices)
    if not builder.sections and not builder.appendices and not registers.any():
        raise LoadError(
            name,
            T("文档中没有可导入的文字内容", "The document has no text to import"),
            hint=T("请确认选择了正确的文件", "Check that this is the right file"),
        )
    if report.sections <= 1 and not report.appendices:
        report.warn(
            T(
                "没有识别出章节标题，正文都放在了一个章节中；请在 Word 中为标题套用“标题 1/2/3”样式或加上编号（一、（一）1.）后重新导入。",
                "No headings were recognised, so all text is in one section; give the headings Word's Heading styles or numbers (一、（一）1.) and import again.",
            )
        )
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:  # a bug here must not lose the user's import
        from app.model.validation import salvage

        plan, _ = salvage(Plan, data)
        report.warn(
            T(
                f"部分内容未能导入：{exc.error_count()} 处",
                f"{exc.error_count()} values could not be imported",
            )
        )
    for element, section in tag_elements(plan):
        report.note(
            T(
                f"章节“{section.title}”按“{element.title}”对待（已填入其“对应要素”）。",
                f"Section '{section.title}' stands for '{element.title}' (its element is set).",
            )
        )
    ticker(ticker.total, force=True)
    return ImportResult(plan, report, _source_lines(blocks))


def _source_lines(blocks: list[Any]) -> list[str]:
    from app.importer.blocks import Para
    from app.importer.tables import table_as_text

    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            if block.text.strip():
                out.append(block.text.strip())
        else:
            out.extend(table_as_text(block))
    return out
