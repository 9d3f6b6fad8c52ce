"""Paragraphs and tables → the plan's section outline and appendices.

Headings come from Word heading styles (and any style with an outline level) and from
Chinese numbering in plain paragraphs. The level of a numbered heading follows the
order in which kinds of numbers nest (第一章 → 一、 → （一） → 1. → （1）; 1 → 1.1 →
1.1.1), as a reader would see it. "附件N" starts an appendix; a chapter titled 附件
holds the appendices under it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from app.i18n import T
from app.importer.blocks import Block, Para, Table
from app.importer.front import is_page_junk, is_toc_line, is_toc_title, read_revisions
from app.importer.issuance import imprint_line, read_imprint
from app.importer.numbering import (
    appendix_mark,
    clean_title,
    is_title_like,
    split_number,
    split_run_in,
)
from app.importer.registers import Registers
from app.importer.report import PART_NAMES, ImportReport, TableSeen
from app.importer.tables import as_part, read_table, table_as_text

# Numbers after which a heading may run into its text: "（一）编制目的。为了……"
RUN_IN_KEYS = {"chapter", "jie", "part", "cn", "cnp", "dec2", "dec3", "dec4"}
GONGWEN_KEYS = {"cn", "cnp", "chapter"}
DECIMAL_KEYS = {"dec2", "dec3", "dec4", "dec5"}
ARABIC = {"arabic", "arabic_sp", "arabic_dun"}
# Numbers that mark headings even where heading styles carry the outline; 1. and （1）
# there are list items.
STRONG_KEYS = {"chapter", "jie", "part", "cn", "cnp"} | DECIMAL_KEYS
APPENDIX_CHAPTER = re.compile(r"^(附件|附录|附件清单|附件目录|附件列表|附表|附图|附则及附件)$")
_CAPTION = re.compile(
    r"^(?:附?表\s*[\d一二三四五六七八九十]+(?:[-.－]\d+)?\s*\S.{0,30}|.{2,30}(?:清单|名单|名录|通讯录|一览表|联系表|登记表|统计表|明细表|信息表|汇总表|联系方式))$"
)
PREAMBLE = T("前言", "Preamble")


@dataclass
class Node:
    title: str
    level: int
    body: list[str] = field(default_factory=list)
    insert: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


class OutlineBuilder:
    def __init__(self, registers: Registers, report: ImportReport, styled_keys: set[str]) -> None:
        self.registers = registers
        self.report = report
        self.styled_doc = bool(styled_keys)
        self.styled_keys = styled_keys
        self.sections: list[Node] = []
        self.appendices: list[Node] = []
        self.open: list[Node] = []
        self.stack: list[tuple[str, int, int | None]] = []  # (kind of number, level, value)
        self.mode = "main"  # main | chapter (under a 附件 heading) | appendix (after 附件N)
        self.base = 0
        self.placed: dict[str, str] = {}
        self.keys: Counter[str] = Counter()
        self.await_title: Node | None = None
        self.toc_mode = False
        self.last_text = ""
        self.revisions: list[dict[str, object]] = []  # from a 修订记录 table before the text
        self.imprint: dict[str, object] | None = None  # the 版记 (抄送, 印发机关, 印发日期)
        self.after_picture = False  # the last paragraph was a picture and nothing else
        self.table_kinds: dict[int, str | None] = {}  # table index -> part, None: as text
        # PlanDrill's own export: headings, appendix heads and the 目录 carry their styles,
        # so a body line that reads like one ("（一）…", "12", "目录") is text
        self.own = False

    # --- levels -------------------------------------------------------------------

    def _styled_level(self, level: int, key: str | None, value: int | None) -> int:
        while self.stack and self.stack[-1][1] >= level:
            self.stack.pop()
        self.stack.append((key or f"style{level}", level, value))
        return level

    def _numbered_level(self, key: str, value: int | None) -> int:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == key:
                level = self.stack[i][1]
                del self.stack[i:]
                self.stack.append((key, level, value))
                return level
        if key.startswith("dec"):
            depth = int(key[3:])
            parents = {f"dec{depth - 1}"} | (ARABIC if depth == 2 else set())
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] in parents:
                    level = self.stack[i][1] + 1
                    del self.stack[i + 1 :]
                    self.stack.append((key, level, value))
                    return level
        level = self.stack[-1][1] + 1 if self.stack else 1
        self.stack.append((key, level, value))
        return level

    def _goes_back(self, key: str, value: int | None) -> bool:
        """A number that does not follow its predecessor (1 after 3 under the same heading)
        is a list item in the text, not a heading."""
        for entry_key, _, entry_value in reversed(self.stack):
            if entry_key == key:
                return value is not None and entry_value is not None and value <= entry_value
        return False

    def candidate(self, para: Para) -> tuple[str | None, int | None, str, str, int | None] | None:
        """(number kind, style level, title, run-in text, number) when it is a heading."""
        text = para.text.replace("\n", " ").strip()
        if self.own and para.level is None:
            return None
        num = split_number(text)
        if para.level is not None and not self.styled_doc and num is None:
            pass  # the lone heading-styled line of a typed document (see styled_keys) is text
        elif para.level is not None and not para.bullet and not para.toc:
            if len(text) > 80:
                return None
            title = clean_title(num.rest if num is not None and num.rest else text)
            if not title:
                return None
            return (
                (num.key, para.level, title, "", num.value)
                if num
                else (None, para.level, title, "", None)
            )
        if num is None or para.bullet or para.toc:
            return None
        first, sep, rest = para.text.strip().partition("\n")
        head = split_number(first.strip()) if sep and rest.strip() else None
        # a numbered sub-heading, a manual line break, then its body, in one paragraph
        if head is not None and (
            is_title_like(head.rest)
            and not self._goes_back(head.key, head.value)
            and not (self.styled_doc and head.key not in self.styled_keys | STRONG_KEYS)
            and (title := clean_title(head.rest))
        ):
            return head.key, None, title, rest.strip(), head.value
        if num.key == "article" and not is_title_like(num.rest, 30):
            return None
        if self._goes_back(num.key, num.value):
            return None
        if self.styled_doc and num.key not in self.styled_keys | STRONG_KEYS:
            return None
        body = ""
        if is_title_like(num.rest):
            title = clean_title(num.rest)
        elif (
            not self.styled_doc  # where styles mark the headings, a sentence is text
            and num.key in RUN_IN_KEYS
            and (split := split_run_in(num.rest)) is not None
        ):
            title, body = clean_title(split[0]), split[1]
        else:
            return None
        return (num.key, None, title, body, num.value) if title else None

    def heading(self, para: Para) -> tuple[int, str, str] | None:
        """(level, title, text run into the heading) when the paragraph is a heading."""
        found = self.candidate(para)
        if found is None:
            return None
        key, style_level, title, body, value = found
        if key is not None:
            self.keys[key] += 1
        if style_level is not None:
            return self._styled_level(style_level, key, value), title, body
        assert key is not None
        return self._numbered_level(key, value), title, body

    # --- tree ---------------------------------------------------------------------

    def _attach(self, node: Node) -> None:
        roots = self.sections if self.mode == "main" else self.appendices
        while self.open and self.open[-1].level >= node.level:
            self.open.pop()
        (self.open[-1].children if self.open else roots).append(node)
        self.open.append(node)

    def _current(self) -> Node:
        if self.open:
            return self.open[-1]
        node = Node(PREAMBLE.zh, 1) if self.mode == "main" else Node(T("附件", "Appendix").zh, 0)
        self._attach(node)
        return node

    def _start_appendix(self, title: str, label: str) -> None:
        self.mode = "appendix"
        self.open = []
        self.stack = []
        node = Node(title, 0)
        self._attach(node)
        self.await_title = None if title else node
        if not title:
            node.title = label

    def _add_heading(self, level: int, title: str, run_in: str) -> None:
        if self.mode == "chapter":
            if level <= self.base:
                self.mode = "main"
                self.open = []
            else:
                level -= self.base + 1
        if self.mode == "main" and APPENDIX_CHAPTER.match(title):
            self.mode, self.base, self.open = "chapter", level, []
            return
        node = Node(title, level)
        self._attach(node)
        if run_in:
            node.body.append(run_in)

    # --- blocks -------------------------------------------------------------------

    def paragraph(self, para: Para) -> None:
        self.report.images += para.images
        text = para.text.strip()
        after_picture, self.after_picture = self.after_picture, bool(para.images and not text)
        if not text:
            return
        if self.own and after_picture and _FIGURE_CAPTION.match(text):
            return  # our export's drawn figure (the response flow chart): it draws it again
        line = imprint_line(text)
        if line is not None:  # a 版记 set as lines, not as a table
            self.imprint = {**(self.imprint or {}), **line}
            self.report.skipped_cover += 1
            return
        if para.toc:
            self.report.skipped_toc += 1
            return
        if not self.own and is_page_junk(text):
            self.report.skipped_page_numbers += 1
            return
        if self.toc_mode:
            if is_toc_line(text):
                self.report.skipped_toc += 1
                return
            self.toc_mode = False
        if not self.own and is_toc_title(text):
            self.toc_mode = True
            self.report.skipped_toc += 1
            return
        if self.await_title is not None:
            node, self.await_title = self.await_title, None
            flat = clean_title(text.replace("\n", ""))
            if is_title_like(flat, 50) and split_number(flat) is None:
                node.title = flat
                return
        mark = appendix_mark(text)
        if self.own and para.level is None and mark is not None and mark.title:
            mark = None  # our export writes 附件N on a line of its own, its title below
        if mark is not None and (mark.numbered or mark.title):
            self._start_appendix(clean_title(mark.title), mark.label)
            return
        if mark is not None and (para.level is not None or para.center or self.mode != "main"):
            self.mode, self.base, self.open = "chapter", (para.level or 1), []
            return
        found = None if self.registers.is_group_line(text) else self.heading(para)
        if found is not None:
            self._add_heading(*found)
            self.last_text = ""
            return
        self._current().body.append(text.replace("\t", " "))
        self.registers.text_line(text)
        self.last_text = text

    def table(self, table: Table) -> None:
        self.report.images += table.images
        imprint = read_imprint(table)
        if imprint is not None:  # the 版记 of an issued plan: meta.issuance, not an appendix's
            self.imprint = imprint
            self.report.skipped_cover += 1
            return
        node = self._current()
        caption = ""
        previous, self.last_text = self.last_text, ""
        if node.body and node.body[-1] == previous and is_title_like(previous, 30):
            caption = previous
        context = " ".join(n.title for n in self.open)
        read = read_table(table, context, caption, own=self.own)
        index = len(self.report.tables_seen)
        if index in self.table_kinds:  # the user said what this table is (review view)
            read = as_part(read, self.table_kinds[index])
        taken = self.registers.add(read, node.title) if read.part is not None else 0
        seen = TableSeen(
            index, node.title, read.part if taken else None, len(read.rows), read.headers
        )
        self.report.tables_seen.append(seen)
        if read.part is None or taken == 0:
            lines = table_as_text(table)
            node.body.extend(lines)
            if lines:
                self.report.text_tables += 1
                self.report.kept_as_text.append(node.title)
                head = " | ".join(h for h in read.headers[:6] if h)
                self.report.warn(
                    T(
                        f"“{node.title}”中的表格未能识别（表头：{head}），已按文本保留。",
                        f"A table in '{node.title}' was not recognised (headers: {head}); kept as text.",
                    )
                )
            return
        part = read.part
        if caption and (_CAPTION.match(caption) or part == "procedures"):
            node.body.pop()  # the table's own title: the export prints it again
        self.report.structured_tables += 1
        self.report.add_rows(part, taken)
        if part in self.placed and part == "procedures" and node.title == self.placed[part]:
            return  # one table per procedure, several in one section
        if part in self.placed:
            label = PART_NAMES[part]
            self.report.note(
                T(
                    f"“{node.title}”中的{label.zh}表已并入“{self.placed[part]}”中的同类表格。",
                    f"The {label.en} table in '{node.title}' was merged into the one in '{self.placed[part]}'.",
                )
            )
        else:
            self.placed[part] = node.title
            node.insert.append(part)

    def numbering_style(self) -> str | None:
        gongwen = sum(n for k, n in self.keys.items() if k in GONGWEN_KEYS)
        decimal = sum(n for k, n in self.keys.items() if k in DECIMAL_KEYS)
        if gongwen == decimal == 0:
            return None
        return "gongwen" if gongwen > decimal else "decimal"


def styled_keys(blocks: list[Block]) -> set[str]:
    """Kinds of numbers used on styled headings: plain paragraphs with them are headings too."""
    keys: set[str] = set()
    styled = 0
    for block in blocks:
        if isinstance(block, Para) and block.level is not None and block.text and not block.toc:
            styled += 1
            num = split_number(block.text)
            if num is not None:
                keys.add(num.key)
    # One paragraph in a heading style (a pasted news headline) does not make the document
    # a styled one: its typed 1　总则 chapters stay headings.
    if styled <= 1 and not keys:
        return set()
    return keys | ({"__styled__"} if styled else set())


_TITLE_WORDS = re.compile(r"预案|方案|办法|手册|规程")


_FIGURE_CAPTION = re.compile(r"^图\s*\d+[\s\u3000]")


def _is_doc_title(para: Para, title: str) -> bool:
    if split_number(para.text.strip()) is not None:
        return False  # a numbered heading belongs to the plan, whatever it says
    if para.title_style:
        return True
    return bool(_TITLE_WORDS.search(title)) and is_title_like(title, 50)


def _front_end(blocks: list[Block], builder: OutlineBuilder) -> int:
    """Index of the first block of the plan itself: the first heading that is not the title."""
    for index, block in enumerate(blocks):
        if not isinstance(block, Para) or not block.text.strip() or block.toc:
            continue
        text = block.text.strip()
        if is_toc_title(text) or is_toc_line(text):
            continue
        if appendix_mark(text) is not None and appendix_mark(text).numbered:  # type: ignore[union-attr]
            return index
        found = builder.candidate(block)
        if found is not None and not _is_doc_title(block, found[2]):
            return index
    return 0


def _is_prose(text: str) -> bool:
    return len(text) > 40 and "。" in text


def build(
    blocks: list[Block],
    registers: Registers,
    report: ImportReport,
    tick: Callable[[int], None],
    table_kinds: dict[int, str | None] | None = None,
    own: bool = False,
) -> tuple[OutlineBuilder, list[Para]]:
    """The outline, and the front-matter paragraphs (cover, approval page) it skipped."""
    builder = OutlineBuilder(registers, report, styled_keys(blocks))
    builder.table_kinds = dict(table_kinds or {})
    builder.own = own
    start = _front_end(blocks, builder)
    front = blocks[:start]
    cut = 0  # front prose after the last page break or contents list belongs to the plan
    for index, block in enumerate(front):
        if isinstance(block, Para) and block.break_before:
            cut = max(cut, index)
        if isinstance(block, Table) or (
            isinstance(block, Para)
            and (block.page_break or block.toc or is_toc_title(block.text.strip()))
        ):
            cut = index + 1
    front_paras: list[Para] = []
    for index, block in enumerate(front):
        if isinstance(block, Table):
            report.images += block.images
            revisions = read_revisions(block)
            if revisions is not None:
                builder.revisions.extend(revisions)
            else:
                report.skipped_cover += 1
            continue
        if index >= cut and _is_prose(block.text.strip()):
            builder.paragraph(block)
            continue
        front_paras.append(block)
        report.images += block.images
        text = block.text.strip()
        if not text:
            continue
        if block.toc or is_toc_title(text) or (builder.toc_mode and is_toc_line(text)):
            builder.toc_mode = builder.toc_mode or is_toc_title(text)
            report.skipped_toc += 1
        elif is_page_junk(text):
            report.skipped_page_numbers += 1
        else:
            report.skipped_cover += 1
        tick(index + 1)
    for index, block in enumerate(blocks[start:], start):
        if isinstance(block, Table):
            builder.table(block)
        else:
            builder.paragraph(block)
        tick(index + 1)
    return builder, front_paras
