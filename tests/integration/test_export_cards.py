"""Response cards (岗位应急处置卡): one page per group, with what it needs in an emergency."""

from __future__ import annotations

import io

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.export import ExportError, ExportOptions, cards_docx_bytes, export_cards
from app.export.boilerplate import Templates
from app.export.cards_docx import (
    PAGES,
    SIZES,
    add_notes,
    build_cards,
    card_blocks,
    card_sheet,
    card_subtitle,
    choose_layout,
    estimate_height,
)
from app.export.text import clean
from app.model.plan import Plan
from tests.integration.export_support import W, rich_plan


def _cards_text(path) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each card's paragraphs and table cells, in order."""
    d = docx.Document(str(path))
    cards: list[list[str]] = []
    for block in d.element.body.iterchildren():
        if block.tag == f"{W}p":
            text = "".join(t.text for t in block.iter(f"{W}t"))
            breaks = block.find(f"{W}pPr/{W}pageBreakBefore") is not None
            if breaks or not cards:
                cards.append([])
            if text:
                cards[-1].append(text)
        elif block.tag == f"{W}tbl":
            for tc in block.iter(f"{W}tc"):
                cards[-1].append("".join(t.text for t in tc.iter(f"{W}t")))
    return cards


def test_one_card_per_group_with_who_when_what_and_whom(tmp_path) -> None:
    out = tmp_path / "cards.docx"
    report = export_cards(rich_plan(), out)
    assert report.count == 3
    cards = _cards_text(out)
    assert [c[0] for c in cards] == [
        "应急指挥部应急处置卡",
        "抢险救援组应急处置卡",
        "医疗救护组应急处置卡",
    ]
    rescue = cards[1]
    assert "生产副总" in rescue and "甲、乙" in rescue  # lead and members
    assert "Ⅱ级响应：一般泄漏。" in rescue  # when: the level of its procedure
    assert "危险化学品泄漏处置：储罐区报警。" in rescue
    assert "关闭泄漏点上游阀门。联系：消防救援（119）。" in rescue  # what, with whom to call
    assert "15分钟内" in rescue
    assert "赵六" in rescue and "13900000001" in rescue  # its own contact, resolved
    assert "值班室" in rescue and "0571-8888 1234" in rescue  # the command's line
    command = cards[0]
    assert "Ⅰ级响应：重大泄漏。" in command and "Ⅱ级响应：一般泄漏。" in command
    assert "启动应急响应。" in command
    assert any("随身携带" in line for line in command)  # the note template


def test_steps_stay_in_order_and_only_the_groups_own(tmp_path) -> None:
    plan = rich_plan()
    plan.procedures[0].steps.append(
        plan.procedures[0]
        .steps[1]
        .model_copy(update={"id": "st4", "action": "堵漏", "within_min": 30})
    )
    out = tmp_path / "cards.docx"
    export_cards(plan, out)
    rescue = _cards_text(out)[1]
    first, second = (
        rescue.index("关闭泄漏点上游阀门。联系：消防救援（119）。"),
        rescue.index("堵漏。联系：消防救援（119）。"),
    )
    assert first < second
    assert "救护中毒人员。" not in rescue


def _body_sizes(path) -> list[float]:  # type: ignore[no-untyped-def]
    """The body size of each card, read from the style of its "一、何时启动" lines."""
    d = docx.Document(str(path))
    paragraphs = d.paragraphs
    return [
        paragraphs[i + 1].style.font.size.pt
        for i, p in enumerate(paragraphs)
        if p.text == "一、何时启动"
    ]


def test_each_card_gets_the_largest_size_that_fits_its_page(tmp_path) -> None:
    plan = rich_plan()
    out = tmp_path / "cards.docx"
    export_cards(plan, out)
    section = docx.Document(str(out)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (148, 210)
    cards = build_cards(plan)
    add_notes(cards, plan, Templates())
    layout = choose_layout(cards, "AUTO", card_subtitle(plan))
    assert layout.paper == "A5" and not layout.too_big
    assert _body_sizes(out) == layout.sizes
    height = PAGES["A5"].text_height / 20
    for card, body in zip(cards, layout.sizes, strict=True):
        blocks = card_blocks(card, card_subtitle(plan))
        assert estimate_height(blocks, card_sheet("A5", body)) <= height
        larger = [s for s in SIZES["A5"] if s > body]
        if larger:  # one size up would not fit
            assert estimate_height(blocks, card_sheet("A5", min(larger))) > height


def test_a_crowded_card_shrinks_alone_then_moves_to_a4_then_warns(tmp_path) -> None:
    plan = rich_plan()
    step = plan.procedures[0].steps[1]
    plan.procedures[0].steps.extend(
        step.model_copy(update={"id": f"x{i}", "action": "检查并报告现场情况" * 3})
        for i in range(3)
    )
    layout = choose_layout(build_cards(plan), "A5")
    assert layout.paper == "A5" and not layout.too_big
    assert layout.sizes[1] < layout.sizes[2] == SIZES["A5"][0]  # only the crowded card shrinks
    plan.procedures[0].steps.extend(
        step.model_copy(update={"id": f"y{i}", "action": "检查并报告现场情况" * 3})
        for i in range(8)
    )
    assert choose_layout(build_cards(plan), "AUTO").paper == "A4"
    out = tmp_path / "c.docx"
    report = export_cards(plan, out)
    assert round(docx.Document(str(out)).sections[0].page_width.mm) == 210
    assert not report.warnings
    plan.procedures[0].steps.extend(
        step.model_copy(update={"id": f"z{i}", "action": "检查" * 40}) for i in range(40)
    )
    report = export_cards(plan, tmp_path / "c.docx")
    assert [p.code for p in report.warnings] == ["export.card_overflow"]
    assert "抢险救援组" in report.warnings[0].message.zh


def test_a4_cards(tmp_path) -> None:
    out = tmp_path / "cards.docx"
    export_cards(rich_plan(), out, options=ExportOptions(card_size="A4"))
    section = docx.Document(str(out)).sections[0]
    assert round(section.page_width.mm) == 210


def test_a_plan_without_groups_has_no_cards(tmp_path) -> None:
    with pytest.raises(ExportError) as info:
        export_cards(Plan(), tmp_path / "c.docx")
    assert "工作组" in info.value.message.zh
    assert not (tmp_path / "c.docx").exists()


def test_card_fonts_are_the_official_ones(tmp_path) -> None:
    out = tmp_path / "cards.docx"
    export_cards(rich_plan(), out)
    d = docx.Document(str(out))
    for name, font in (
        ("Title", "方正小标宋简体"),
        ("Body Text", "仿宋_GB2312"),
        ("小标题", "黑体"),
    ):
        rfonts = d.styles[name].element.find(f"{W}rPr/{W}rFonts")
        assert rfonts.get(f"{W}eastAsia") == font


NASTY = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NASTY, action=NASTY, phone=NASTY)
def test_any_text_on_cards_exports_safely(name: str, action: str, phone: str) -> None:
    plan = rich_plan()
    plan.organization.groups[0].__dict__["name"] = name
    plan.procedures[0].steps[1].__dict__["action"] = action
    plan.contacts[1].__dict__["mobile"] = phone
    data, report = cards_docx_bytes(plan)
    d = docx.Document(io.BytesIO(data))
    assert report.count == 3
    text = "\n".join(p.text for p in d.paragraphs)
    text += "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    for value in (action, phone):
        for line in clean(value).split("\n"):
            # a step sentence ends in 。 whatever terminal mark the user typed
            assert line.strip().rstrip("。.；;") in text
