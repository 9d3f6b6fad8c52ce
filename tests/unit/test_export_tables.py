"""Tables that fit CJK text (issue 17, item 7): widths from content, whole rows, one size."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from app.export import plan_docx_bytes
from app.export.gongwen import Column, GongwenDocument, PageNumbers, column_widths
from app.export.layer.paginate import Styles, char_width
from app.export.layer.xml import PPR, PSTYLE, T_, TBL, TC, TR, P, w
from app.filing.package import PackageOptions, build_documents
from app.storage.plans import load_plan
from tests.integration.export_support import rich_plan

SAMPLE = (
    Path(__file__).resolve().parents[2] / "resources" / "sample" / "化工企业综合应急预案.plan.yaml"
)
MARGIN = 85  # the cell margin, each side


def _room(width: int) -> int:
    return width - 2 * MARGIN


def _need(text: str, size_pt: float) -> float:
    return sum(char_width(ch, round(size_pt * 20)) for ch in text)


def test_a_box_stays_with_its_label() -> None:
    """ "□" and "基本符合" were split in the 评审表: the line of boxes fits its column."""
    cols = [Column("序号", 0.8), Column("要素", 2.4), Column("依据", 1.4)]
    cols += [Column("预案中的位置", 2.6), Column("评审结论", 1.9), Column("意见", 3.6)]
    ticks = ["□符合\u3000□基本符合", "□不符合"]
    rows = [["1", "应急组织机构及其职责", "办法第十五条", "四、（一）应急组织机构", ticks, ""]]
    widths = column_widths(cols, 8845, 10.5, MARGIN, rows)
    assert sum(widths) == 8845
    assert _room(widths[4]) >= _need(ticks[0], 10.5)


def test_a_name_is_not_split_where_the_table_has_room() -> None:
    """ "示范化工有限公司" broke as "示范化工有限公/司" beside a long cell of its column."""
    cols = [Column("单位", 1.2), Column("职责", 6), Column("联系方式", 1.2)]
    rows = [
        ["示范化工有限公司", "很长的一段说明文字" * 6, "13900000001"],
        ["东江区应急管理局负责统一协调全区各有关部门", "短", "王建国 13900000002（24小时值班）"],
    ]
    widths = column_widths(cols, 8845, 14, MARGIN, rows)
    assert _room(widths[0]) >= _need("示范化工有限公司", 14)
    # an 11-digit mobile number, in a column that also holds text, is never broken
    assert _room(widths[2]) >= _need("13900000002", 14)
    assert widths[1] >= 0.4 * 8845 * 6 / 8.4  # the text keeps most of its share


def test_rows_stay_whole_up_to_half_a_page() -> None:
    doc = GongwenDocument()
    doc.begin_section(PageNumbers.ARABIC)
    fourteen = "\n".join(["一行"] * 14)  # 14 lines: split before, which left fragments
    forty = "\n".join(["一行"] * 40)  # taller than half a page: may run on
    tbl = doc.table([Column("甲", 1), Column("乙", 3)], [["a", fourteen], ["b", forty]])
    rows = tbl.findall(TR)
    assert rows[0].find(f"{w('trPr')}/{w('tblHeader')}") is not None
    assert rows[1].find(f"{w('trPr')}/{w('cantSplit')}") is not None
    assert rows[2].find(f"{w('trPr')}/{w('cantSplit')}") is None


def _tables(data: bytes) -> tuple[etree._Element, Styles]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return etree.fromstring(z.read("word/document.xml")), Styles(
        etree.fromstring(z.read("word/styles.xml"))
    )


def test_register_tables_of_a_plan_share_one_size() -> None:
    """Neighbouring appendix tables were set in 四号 and 五号."""
    for plan in (rich_plan(), load_plan(SAMPLE).model):
        assert len(_table_styles(plan_docx_bytes(plan)[0])) == 1


def _table_styles(data: bytes) -> set[str]:
    root, _ = _tables(data)
    used = set()
    for tbl in root.iter(TBL):
        head = "".join(t.text or "" for t in tbl.find(TR).iter(T_))
        if head.startswith("序号版本号"):  # the 修订记录 form is not a register
            continue
        for p in tbl.iter(P):
            style = p.find(f"{PPR}/{PSTYLE}")
            if style is not None and style.get(w("val")).startswith("PDTableText"):
                used.add(style.get(w("val")))
    return used


_UNIT = re.compile(r"[□☐☑■][^\s□☐☑■，。；、]{1,8}|[0-9A-Za-z][0-9A-Za-z\-./:@_+]*")


def _broken_units(data: bytes) -> list[tuple[str, int, int]]:
    """Numbers, codes and boxes with their labels wider than their cell."""
    root, styles = _tables(data)
    out = []
    for tbl in root.iter(TBL):
        grid = [int(g.get(w("w"))) for g in tbl.iter(w("gridCol"))]
        for tr in tbl.findall(TR):
            for i, tc in enumerate(tr.findall(TC)):
                for p in tc.findall(P):
                    style = p.find(f"{PPR}/{PSTYLE}")
                    props = styles.props(style.get(w("val")) if style is not None else None)
                    text = "".join(t.text or "" for t in p.iter(T_))
                    for unit in _UNIT.findall(text):
                        need = sum(char_width(ch, props.size) + props.spacing for ch in unit)
                        if i < len(grid) and need > _room(grid[i]) + 5:
                            out.append((unit, round(need), _room(grid[i])))
    return out


def test_no_number_code_or_box_is_broken_in_the_sample_package() -> None:
    plan = load_plan(SAMPLE).model
    docs, _ = build_documents(plan, options=PackageOptions(today=dt.date(2026, 3, 1)))
    broken = {d.item.filename: _broken_units(d.data) for d in docs}
    assert {name: units for name, units in broken.items() if units} == {}
