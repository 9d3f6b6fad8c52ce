"""Cell blocks on the clipboard as Excel and WPS write and read them."""

from __future__ import annotations

from app.importer.clipboard import (
    format_html,
    format_tsv,
    parse_clipboard,
    parse_html_table,
    parse_tsv,
)


def test_tsv_with_excel_quoting() -> None:
    text = '名称\t备注\r\n"储罐\r\n区"\t"含""引号"""\r\n空\t\r\n'
    assert parse_tsv(text) == [["名称", "备注"], ["储罐\n区", '含"引号"'], ["空", ""]]
    assert parse_tsv("") == []
    assert parse_tsv("a\tb\nc\n") == [["a", "b"], ["c", ""]]  # ragged rows are squared


def test_tsv_and_html_round_trip() -> None:
    grid = [["a\nb", "<x>&"], ["", '"q"\tt']]
    assert parse_tsv(format_tsv(grid)) == grid
    grid[1][1] = '"q" t'  # HTML has no tabs inside a cell
    assert parse_html_table(format_html(grid)) == grid


def test_excel_html_with_spans_breaks_and_styles() -> None:
    html = """<html><head><style>td {mso-number-format:\\@;}</style></head><body>
    <table><!--StartFragment-->
    <tr><td rowspan=2>抢险
      救援组</td><td colspan=2>张三<br style='mso-data-placement:same-cell;'>李四</td></tr>
    <tr><td>&nbsp;</td><td>x</td></tr>
    <!--EndFragment--></table></body></html>"""
    assert parse_html_table(html) == [["抢险 救援组", "张三\n李四", ""], ["", "", "x"]]


def test_html_wins_over_text_and_plain_text_is_the_fallback() -> None:
    assert parse_clipboard("<table><tr><td>1</td></tr></table>", "2") == [["1"]]
    assert parse_clipboard("<p>no table</p>", "2\t3") == [["2", "3"]]
    assert parse_clipboard(None, None) == []
