"""The export fonts, read from the export's style sheet, and which ones a machine lacks."""

from __future__ import annotations

from app.export.gongwen import FONT_FALLBACKS, LATIN, gongwen_stylesheet
from app.fonts import export_fonts, family_checker, missing_fonts

GBT9704 = ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "Times New Roman"]


def test_the_list_is_the_style_sheets_fonts_in_the_order_users_know() -> None:
    fonts = export_fonts()
    assert [f.name for f in fonts] == GBT9704
    sheet = gongwen_stylesheet()
    named = {s.east_asia for s in sheet.styles} | {s.latin for s in sheet.styles}
    assert {f.name for f in fonts} == named  # nothing invented, nothing left out
    by_name = {f.name: f for f in fonts}
    assert by_name["方正小标宋简体"].uses_text("zh") == "标题"
    assert by_name["黑体"].uses_text("zh").startswith("一级标题")
    assert by_name["楷体_GB2312"].uses_text("en").startswith("Level-2 headings")
    assert by_name["宋体"].uses_text("zh") == "页码"
    assert by_name[LATIN].uses_text("en") == "Latin letters and digits"
    assert by_name["仿宋_GB2312"].fallback == FONT_FALLBACKS["仿宋_GB2312"] == "仿宋"


def test_missing_fonts_with_the_fallbacks_a_machine_has() -> None:
    has = family_checker(["FangSong", "KaiTi", "SimHei", "times new roman", "Arial"])
    missing = {m.font.name: m.substitute for m in missing_fonts(has)}
    # 黑体 is there under its English name; 仿宋/楷体 stand in for the GB2312 fonts
    assert missing == {
        "方正小标宋简体": None,
        "仿宋_GB2312": "仿宋",
        "楷体_GB2312": "楷体",
        "宋体": None,
    }


def test_a_machine_with_every_font_misses_none() -> None:
    assert missing_fonts(family_checker(GBT9704)) == []
    assert [m.font.name for m in missing_fonts(family_checker([]))] == GBT9704
