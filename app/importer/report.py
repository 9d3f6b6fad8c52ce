"""What an import mapped and what it could not, as bilingual lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.i18n import T

# part -> (zh, en) names used in the summary
PART_NAMES: dict[str, T] = {
    "organization": T("组织机构", "organisation"),
    "contacts": T("通讯录", "contacts"),
    "levels": T("响应级别", "response levels"),
    "warnings": T("预警级别", "warning levels"),
    "risks": T("风险", "risks"),
    "resources": T("物资", "resources"),
    "teams": T("队伍", "teams"),
    "experts": T("专家", "experts"),
    "shelters": T("避难场所", "shelters"),
    "procedures": T("处置程序", "procedures"),
}


@dataclass
class TableSeen:
    """One body table as the import took it (for the review view)."""

    index: int  # order among the body's tables; ``import_docx(table_kinds=…)`` uses it
    section: str  # the title of the section it stands in
    part: str | None  # the register it was read as, None when kept as text
    rows: int
    headers: list[str]


@dataclass
class ImportReport:
    """Counts and notes of one import; ``lines()`` is what the CLI prints."""

    sections: int = 0
    appendices: int = 0
    tables: dict[str, int] = field(default_factory=dict)  # part -> rows, in order of appearance
    structured_tables: int = 0
    text_tables: int = 0
    images: int = 0
    skipped_cover: int = 0
    skipped_toc: int = 0
    skipped_page_numbers: int = 0
    paragraphs: int = 0  # body paragraphs kept in the sections, as written
    from_text: dict[str, int] = field(default_factory=dict)  # part -> entries read from prose
    kept_as_text: list[str] = field(default_factory=list)  # sections holding tables kept as text
    tables_seen: list[TableSeen] = field(default_factory=list)
    notes: list[T] = field(default_factory=list)  # what was decided (kind, title…)
    warnings: list[T] = field(default_factory=list)  # what could not be mapped

    def add_rows(self, part: str, rows: int) -> None:
        self.tables[part] = self.tables.get(part, 0) + rows

    def add_from_text(self, part: str, n: int = 1) -> None:
        self.from_text[part] = self.from_text.get(part, 0) + n

    def note(self, message: T) -> None:
        self.notes.append(message)

    def warn(self, message: T) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def summary(self) -> T:
        parts_zh = "、".join(f"{PART_NAMES[p].zh} {n} 行" for p, n in self.tables.items())
        parts_en = ", ".join(f"{PART_NAMES[p].en} {n} rows" for p, n in self.tables.items())
        zh = f"识别到 {self.sections} 个章节"
        en = f"Found {self.sections} sections"
        if self.appendices:
            zh += f"、{self.appendices} 个附件"
            en += f", {self.appendices} appendices"
        zh += f"、{self.structured_tables} 个表格"
        en += f", {self.structured_tables} tables"
        if parts_zh:
            zh += f"（{parts_zh}）"
            en += f" ({parts_en})"
        if self.text_tables:
            zh += f"，{self.text_tables} 个表格未识别（保留为文本）"
            en += f"; {self.text_tables} tables not recognised (kept as text)"
        return T(zh + "。", en + ".")

    def skipped(self) -> T | None:
        zh: list[str] = []
        en: list[str] = []
        if self.skipped_cover:
            zh.append(f"封面等前置页 {self.skipped_cover} 段")
            en.append(f"{self.skipped_cover} cover/front-matter paragraphs")
        if self.skipped_toc:
            zh.append(f"目录 {self.skipped_toc} 行")
            en.append(f"{self.skipped_toc} table-of-contents lines")
        if self.skipped_page_numbers:
            zh.append(f"页码 {self.skipped_page_numbers} 处")
            en.append(f"{self.skipped_page_numbers} page numbers")
        if not zh:
            return None
        return T("已跳过" + "、".join(zh) + "。", "Skipped " + ", ".join(en) + ".")

    def kept(self) -> T:
        """What stayed plain text, and the places to look at first."""
        zh = f"保留为正文：{self.paragraphs} 段"
        en = f"Kept as body text: {self.paragraphs} paragraphs"
        if self.from_text:
            zh += (
                "（其中识别出 "
                + "、".join(f"{PART_NAMES[p].zh} {n} 项" for p, n in self.from_text.items())
                + "，原文仍保留）"
            )
            en += (
                " ("
                + ", ".join(f"{n} {PART_NAMES[p].en}" for p, n in self.from_text.items())
                + " read from them, the text kept)"
            )
        if self.kept_as_text:
            places = "、".join(f"“{t}”" for t in dict.fromkeys(self.kept_as_text))
            places_en = ", ".join(f"'{t}'" for t in dict.fromkeys(self.kept_as_text))
            zh += f"；请核对按文本保留的表格，位于 {places}"
            en += f"; check the tables kept as text in {places_en}"
        return T(zh + "。", en + ".")

    def counts(self) -> dict[str, int]:
        """The figures of the report, for the GUI's review view."""
        out = {
            "sections": self.sections,
            "appendices": self.appendices,
            "tables": self.structured_tables,
            "text_tables": self.text_tables,
            "paragraphs": self.paragraphs,
            "images": self.images,
        }
        out.update({f"rows.{p}": n for p, n in self.tables.items()})
        out.update({f"text.{p}": n for p, n in self.from_text.items()})
        return out

    def messages(self) -> list[T]:
        out = [self.summary()]
        if self.paragraphs or self.kept_as_text:
            out.append(self.kept())
        skipped = self.skipped()
        if skipped is not None:
            out.append(skipped)
        out += self.notes
        if self.images:
            out.append(
                T(
                    f"{self.images} 张图片未导入（预案文件不保存图片），导出后请在 Word 中补入。",
                    f"{self.images} pictures were not imported (plan files hold no pictures); add them in Word after export.",
                )
            )
        out += self.warnings
        return out

    def lines(self, lang: str | None = None) -> list[str]:
        return [m.text(lang) for m in self.messages()]
