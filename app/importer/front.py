"""Cover, approval page and table of contents: recognised, mined for metadata, skipped."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.importer.blocks import Para, Table
from app.importer.numbering import clean_title, cn_to_int, to_halfwidth

_TOC_TITLE = re.compile(r"^(目\s*录|目\s*次|contents)$", re.I)
_TOC_LINE = re.compile(
    r"^(?P<title>\S.{0,80}?)(?:\t+\s*|\s*[.…·．_\-—⋯]{2,}\s*|\s{2,})(?P<page>\d{1,3}|[ivxlc]{1,6})$",
    re.I,
)
_PAGE_JUNK = re.compile(
    r"^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.I,
)
_TITLE_WORDS = re.compile(r"预案|方案|办法|手册")
_NOTICE = re.compile(r"关于.{0,40}(?:印发|发布|修订|公布).{0,60}|的通知$")
_UNIT_LINE = re.compile(
    r"^(?:编制单位|单位名称|发布单位|制定单位|编制部门|印发单位)?[:：]?\s*"
    r"(?P<unit>\S{2,40}?(?:有限责任公司|有限公司|股份公司|集团|公司|厂|矿|人民政府|办事处|委员会|"
    r"管理局|局|中心|医院|学校|大学|学院|办公室|居委会|村委会|项目部))(?:\s*[（(]盖章[）)])?$"
)
_FIELD = re.compile(
    r"^(?P<key>应急预案编号|应急预案版本号|预案编号|文件编号|编号|版本号|版本|版次|颁布日期|发布日期|印发日期|实施日期|施行日期|生效日期|"
    r"批准人|签发人|主要负责人[(（]签发[)）]|主要负责人|批准|编制人|编制|编制单位|单位名称|发布单位)"
    r"\s*[:：]\s*(?P<value>.+)$"
)


def is_toc_title(text: str) -> bool:
    return bool(_TOC_TITLE.match(text.strip()))


def is_toc_line(text: str) -> bool:
    return bool(_TOC_LINE.match(text.strip())) and "。" not in text


def is_page_junk(text: str) -> bool:
    return bool(_PAGE_JUNK.match(text.strip()))


_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?"
)
_DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")


def parse_cn_date(text: str) -> dt.date | None:
    """2024年3月1日, 2024-03-01, 二〇二四年三月一日; a date without a day is no date."""
    probe = to_halfwidth(text)
    match = _DATE.search(probe)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    match = _CN_DATE.search(probe)
    if match and match.group(3):
        year = int("".join(str(cn_to_int(ch) or 0) for ch in match.group(1)))
        month, day = cn_to_int(match.group(2)), cn_to_int(match.group(3))
        try:
            return dt.date(year, month or 0, day or 0)
        except ValueError:
            return None
    return None


@dataclass
class FrontMatter:
    title: str = ""
    unit: str = ""
    code: str = ""
    version: str = ""
    issued: dt.date | None = None
    effective: dt.date | None = None
    approved_by: str = ""
    drafted_by: str = ""
    enterprise: bool = False  # an approval page or wording of an enterprise plan


_ENTERPRISE_WORDS = re.compile(r"发\s*布\s*令|批\s*准\s*页|生产经营单位|生产安全事故")


def read_front(paras: list[Para]) -> FrontMatter:
    """Metadata from the cover and approval pages."""
    out = FrontMatter()
    candidates: list[tuple[float, int, str]] = []
    for index, para in enumerate(paras):
        text = para.text.strip()
        if not text:
            continue
        for line in text.split("\n"):
            _read_field(line.strip(), out)
        flat = clean_title(text.replace("\n", ""))
        if _NOTICE.search(flat) and flat.endswith("通知"):
            pass  # 关于印发……的通知: the cover letter, not the plan's title
        elif para.title_style and flat and _TITLE_WORDS.search(flat):
            candidates.append((1000.0, -index, flat))
        elif _NOTICE.search(flat):
            pass
        elif _TITLE_WORDS.search(flat) and len(flat) <= 50 and _no_sentence(flat):
            weight = (para.size or 0) + (10 if para.center else 0)
            candidates.append((weight, -index, flat))
        if not out.unit:
            match = _UNIT_LINE.match(clean_title(text))
            if match and not _TITLE_WORDS.search(text):
                out.unit = match.group("unit")
    if candidates:
        out.title = max(candidates)[2]
        for _, neg_index, text in sorted(candidates, key=lambda c: -c[1]):
            if text == out.title and not out.unit:  # the cover's title, then any repeat
                out.unit = _unit_near(paras, -neg_index)
    out.enterprise = any(_ENTERPRISE_WORDS.search(p.text) for p in paras)
    return out


_APPROVAL_TITLE = re.compile(r"^(批\s*准\s*页|发\s*布\s*令|批\s*准\s*令|颁\s*布\s*令)$")


def read_approval(paras: list[Para]) -> tuple[str, list[str]] | None:
    """The 批准页/发布令 as written: its title and its lines up to the end of its page."""
    for index, para in enumerate(paras):
        title = re.sub(r"\s", "", para.text)
        if not _APPROVAL_TITLE.match(title):
            continue
        lines: list[str] = []
        if not para.page_break:
            for after in paras[index + 1 :]:
                if after.break_before:
                    break
                lines += [ln.strip() for ln in after.text.split("\n") if ln.strip()]
                if after.page_break:
                    break
        return (title, lines) if lines else None
    return None


def _no_sentence(text: str) -> bool:
    bare = re.sub(r"【[^】]*】", "", text)  # a placeholder such as 【待填写：单位全称】
    return not any(mark in bare for mark in ("。", "：", ":"))


def _unit_near(paras: list[Para], title_at: int) -> str:
    """The unit printed just above or below the title on a cover (a placeholder too)."""
    order = [*range(title_at - 1, max(-1, title_at - 4), -1), *range(title_at + 1, title_at + 4)]
    for index in order:
        if not 0 <= index < len(paras):
            continue
        para = paras[index]
        text = clean_title(para.text.replace("\n", ""))
        if not text or not para.center or len(text) > 40:
            continue
        bare = re.sub(r"【[^】]*】", "", text)  # a placeholder such as 【待填写：单位全称】
        if "：" in bare or ":" in bare or _TITLE_WORDS.search(bare) or parse_cn_date(text):
            continue
        return text
    return ""


def _read_field(line: str, out: FrontMatter) -> None:
    match = _FIELD.match(to_halfwidth(line).replace(":", "："))
    if match is None:
        if out.issued is None and len(line) <= 20:
            out.issued = parse_cn_date(line)
        return
    key = match.group("key")
    value = match.group("value").strip()
    value = re.sub(r"[（(]盖章[）)]$", "", value).strip()
    # GB/T 29639-2020 附录 (封面) labels the cover 应急预案编号 and 应急预案版本号
    # (domain-cn.md, GB/T 29639 section); they mean the plan's code and version.
    key = {"应急预案编号": "预案编号", "应急预案版本号": "版本号"}.get(key, key)
    if key in ("预案编号", "文件编号", "编号"):
        out.code = out.code or value
    elif key in ("版本号", "版本", "版次"):
        out.version = out.version or re.sub(r"^[Vv]\s*", "", value)
    elif key in ("颁布日期", "发布日期", "印发日期"):
        out.issued = parse_cn_date(value) or out.issued
    elif key in ("实施日期", "施行日期", "生效日期"):
        out.effective = parse_cn_date(value) or out.effective
    elif key in ("批准人", "签发人", "批准") or key.startswith("主要负责人"):
        out.approved_by = out.approved_by or value
    elif key in ("编制人", "编制"):
        out.drafted_by = out.drafted_by or value
    elif key in ("编制单位", "单位名称", "发布单位"):
        out.unit = out.unit or value


def read_revisions(table: Table) -> list[dict[str, object]] | None:
    """A 修订记录 table (版本号 | 修订日期 | 修订内容 | 修订人) → revision entries."""
    if not table.rows:
        return None
    header = [re.sub(r"\s", "", c.text) for c in table.rows[0]]

    def column(*words: str) -> int | None:
        return next((i for i, h in enumerate(header) if any(w in h for w in words)), None)

    version = column("版本")
    summary = column("修订内容", "修改内容", "修订说明", "主要内容", "内容")
    if version is None or summary is None:
        return None
    date = column("日期", "时间")
    author = column("修订人", "修改人", "编制人", "执行人", "负责人")
    out: list[dict[str, object]] = []
    for row in table.rows[1:]:
        texts = [c.text.strip() if c.first else "" for c in row]

        def cell(i: int | None, texts: list[str] = texts) -> str:
            return texts[i] if i is not None and i < len(texts) else ""

        if not cell(summary) and not cell(author):
            continue  # blank lines left for handwritten entries
        entry: dict[str, object] = {"version": cell(version), "summary": cell(summary)}
        when = parse_cn_date(cell(date))
        if when is not None:
            entry["date"] = when
        if cell(author):
            entry["author"] = cell(author)
        out.append(entry)
    return out
