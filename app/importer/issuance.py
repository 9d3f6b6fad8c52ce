"""The pages of a government plan issued as a 公文 (GB/T 9704-2012): recognised, read into
``meta.issuance``, never turned into sections.

- the 印发通知: 发文机关标志 (…文件), 发文字号, the title 关于印发…的通知, the 主送机关
  line ending in a colon, one sentence of 正文, then the 署名 and the 成文日期;
- the 版记 at the end: a table or lines with 抄送：…, then the 印发机关 and …印发.
"""

from __future__ import annotations

import re
from typing import Any

from app.importer.blocks import Para, Table
from app.importer.front import parse_cn_date

_NOTICE_TITLE = re.compile(r"关于(?:印发|发布)《?.{1,80}?》?的通知$")
_MASTHEAD = re.compile(r"文件$")
_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号|【[^】]*发文字号[^】]*】")
_CC = re.compile(r"^抄\s*送\s*[:：]\s*(?P<cc>.*?)[。.]?$")
_PRINTED = re.compile(r"^(?P<date>.*?)\s*印\s*发$")


def _texts(paras: list[Para]) -> list[str]:
    return [p.text.strip() for p in paras]


def read_notice(paras: list[Para]) -> dict[str, Any] | None:
    """发文字号, 主送机关 and 成文日期 from the 印发通知 among the front paragraphs."""
    texts = _texts(paras)
    at = next((i for i, t in enumerate(texts) if _NOTICE_TITLE.search(t.replace("\n", ""))), None)
    if at is None:
        return None
    out: dict[str, Any] = {}
    before = [i for i in range(at) if texts[i]]
    for i in reversed(before[-3:]):
        if _DOC_NUMBER.search(texts[i]) and not _MASTHEAD.search(texts[i]):
            out["number"] = texts[i]
            break
    after = [i for i in range(at + 1, len(texts)) if texts[i]]
    end = len(texts)
    for i in range(at, len(paras)):
        if paras[i].page_break or (i > at and paras[i].break_before):
            end = i + (0 if paras[i].break_before and i > at else 1)
            break
    after = [i for i in after if i < end]
    if after and re.search(r"[:：]$", texts[after[0]]):
        out["to"] = re.sub(r"[:：]$", "", texts[after[0]]).strip()
    if len(after) >= 2:
        dated = parse_cn_date(texts[after[-1]])
        if dated is not None:
            out["issued"] = dated
        out["signer"] = texts[after[-2]]
    return out


def read_imprint(table: Table) -> dict[str, Any] | None:
    """抄送机关, 印发机关 and 印发日期 from a 版记 table; None for any other table."""
    cells = [[c.text.strip() for c in row if c.first] for row in table.rows]
    cells = [row for row in cells if any(row)]
    if not 1 <= len(cells) <= 3:
        return None
    out: dict[str, Any] = {}
    for row in cells:
        first = _CC.match(row[0].replace("\n", ""))
        if first is not None and len(row) == 1:
            out["cc"] = first.group("cc").strip()
            continue
        printed = _PRINTED.match(row[-1]) if len(row) == 2 else None
        if printed is None:
            return None
        out["printer"] = row[0]
        date = parse_cn_date(printed.group("date"))
        if date is not None:
            out["printed"] = date
    return out if "printer" in out else None


_PRINTED_LINE = re.compile(
    r"^(?P<printer>\S.*?)(?:\t+|\s{2,}|\u3000+)\s*(?P<date>\S.{5,20}?)\s*印\s*发$"
)


def imprint_line(text: str) -> dict[str, Any] | None:
    """One line of a 版记 written as text: 抄送：…。 or 印发机关<gap>日期印发."""
    flat = text.strip()
    cc = _CC.match(flat) if len(flat) <= 200 and "\n" not in flat else None
    if cc is not None and cc.group("cc"):
        return {"cc": cc.group("cc").strip()}
    printed = _PRINTED_LINE.match(flat)
    if printed is not None:
        date = parse_cn_date(printed.group("date"))
        if date is not None or "【" in printed.group("date"):
            out: dict[str, Any] = {"printer": printed.group("printer").strip()}
            if date is not None:
                out["printed"] = date
            return out
    return None
