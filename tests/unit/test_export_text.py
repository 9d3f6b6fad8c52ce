"""Text helpers of the Word export: XML safety, numerals, dates, typed numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from app.export.text import (
    LONG_RUN,
    ZWSP,
    chinese_number,
    circled_number,
    clean,
    cn_date,
    ensure_period,
    lines,
    strip_typed_number,
    width,
)


def test_clean_removes_what_xml_forbids_and_keeps_the_rest() -> None:
    text = "a\x00b\x07c\x1fd\ud800e\ufffef😀g\th\ni"
    assert clean(text) == "abcdef😀g\th\ni"


def test_clean_normalises_line_breaks() -> None:
    assert clean("a\r\nb\rc") == "a\nb\nc"


def test_clean_breaks_very_long_words_but_not_short_ones() -> None:
    url = "https://example.com/" + "x" * 200
    out = clean(url)
    assert out.replace(ZWSP, "") == url
    assert all(len(part) <= LONG_RUN for part in out.split(ZWSP))
    assert clean("0000-0000000") == "0000-0000000"
    assert clean("中" * 500) == "中" * 500  # CJK breaks anywhere already


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_any_text_becomes_valid_xml(text: str) -> None:
    element = etree.Element("t")
    element.text = clean(text)  # lxml raises ValueError on anything XML cannot hold
    assert etree.fromstring(etree.tostring(element, encoding="utf-8")).text in (None, clean(text))


def test_lines_are_paragraphs() -> None:
    assert lines("第一段\n\n  第二段  \r\n第三段\n") == ["第一段", "第二段", "第三段"]


@pytest.mark.parametrize(
    ("n", "zh"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (10000, "一万"),
        (10010, "一万零一十"),
    ],
)
def test_chinese_numbers(n: int, zh: str) -> None:
    assert chinese_number(n) == zh


def test_circled_numbers_fall_back_past_twenty() -> None:
    assert circled_number(1) == "①"
    assert circled_number(20) == "⑳"
    assert circled_number(21) == "（21）"


def test_dates_have_no_leading_zeros() -> None:
    assert cn_date(dt.date(2026, 3, 1)) == "2026年3月1日"
    assert cn_date(None, blank="　年　月　日") == "　年　月　日"


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("1 总则", "总则"),
        ("1.1 适用范围", "适用范围"),
        ("3.1.2　信息接报", "信息接报"),
        ("一、总则", "总则"),
        ("（二）工作原则", "工作原则"),
        ("(3)报告", "报告"),
        ("1.范围", "范围"),
        ("第一章 总则", "总则"),
        ("第1部分应急管理要求", "应急管理要求"),
        ("第三部分 附则", "附则"),
        ("①预警", "预警"),
        ("2024年度演练", "2024年度演练"),
        ("3.5米高处作业", "3.5米高处作业"),
        ("总则", "总则"),
        ("1.", "1."),
    ],
)
def test_numbers_typed_into_titles_are_dropped(typed: str, title: str) -> None:
    assert strip_typed_number(typed) == title


def test_sentences_end_with_a_full_stop_once() -> None:
    assert ensure_period("关闭阀门") == "关闭阀门。"
    assert ensure_period("关闭阀门。") == "关闭阀门。"
    assert ensure_period("启动响应（10分钟内）") == "启动响应（10分钟内）。"
    assert ensure_period("（见附件。）") == "（见附件。）"


def test_width_counts_latin_as_a_little_over_half() -> None:
    assert width("应急") == 2
    assert width("119") == pytest.approx(1.65)
    assert width("2026年") == pytest.approx(4 * 0.55 + 1 + 0.25)  # the space Word adds
