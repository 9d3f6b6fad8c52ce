"""Response cards (岗位应急处置卡): one page per group, with what it needs in an emergency."""

from __future__ import annotations

import io

import docx
import docx.table
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


def _sizes_by_style(path) -> dict[str, set[float]]:  # type: ignore[no-untyped-def]
    """Every size each paragraph style is set in across the set (direct sizes count)."""
    d = docx.Document(str(path))
    paragraphs = list(d.paragraphs)
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    out: dict[str, set[float]] = {}
    for p in paragraphs:
        if not p.text:
            continue
        size = p.style.font.size
        sizes = {r.font.size.pt for r in p.runs if r.font.size is not None}
        sizes |= {size.pt} if size is not None and not sizes else set()
        out.setdefault(p.style.name, set()).update(sizes)
    return out


def test_one_size_per_level_for_the_whole_set_on_a5(tmp_path) -> None:
    """Cards are carried: A5, and one type size per level across the set, the largest at
    which every card fits (issue 17, item 6: sizes ranged over 9/10.5/12/14 pt)."""
    plan = rich_plan()
    step = plan.procedures[0].steps[1]
    plan.procedures[0].steps.extend(  # one crowded card
        step.model_copy(update={"id": f"x{i}", "action": "检查并报告现场情况" * 3})
        for i in range(3)
    )
    out = tmp_path / "cards.docx"
    export_cards(plan, out)
    section = docx.Document(str(out)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (148, 210)
    sizes = _sizes_by_style(out)
    assert all(len(s) == 1 for s in sizes.values()), sizes
    assert len({v for s in sizes.values() for v in s}) <= 4  # title, heading, text, note
    cards = build_cards(plan)
    add_notes(cards, plan, Templates())
    layout = choose_layout(cards, "AUTO", card_subtitle(plan))
    assert layout.paper == "A5" and layout.sides == 1 and not layout.too_big
    height = PAGES["A5"].text_height / 20
    blocks = [card_blocks(c, card_subtitle(plan)) for c in cards]
    sheet = card_sheet("A5", layout.body_pt)
    assert all(estimate_height(b, sheet) <= height for b in blocks)
    larger = [s for s in SIZES["A5"] if s > layout.body_pt]
    if larger:  # one size up, the fullest card would not fit: the set is as large as it can be
        up = card_sheet("A5", min(larger))
        assert any(estimate_height(b, up) > height for b in blocks)
    assert min(SIZES["A5"]) >= 10.5  # never below 五号


def test_a_set_too_full_for_one_page_a_card_uses_both_sides_of_its_sheet(tmp_path) -> None:
    plan = rich_plan()
    step = plan.procedures[0].steps[1]
    plan.procedures[0].steps.extend(
        step.model_copy(update={"id": f"y{i}", "action": "检查并报告现场情况" * 3})
        for i in range(12)
    )
    layout = choose_layout(build_cards(plan), "AUTO")
    assert (layout.paper, layout.sides, layout.too_big) == ("A5", 2, [])
    out = tmp_path / "c.docx"
    report = export_cards(plan, out)
    assert not report.warnings
    d = docx.Document(str(out))
    # each card opens a sheet: its own section, starting on an odd page
    assert len(d.sections) == report.count
    starts = [s._sectPr.find(f"{W}type") for s in d.sections[1:]]
    assert all(t is not None and t.get(f"{W}val") == "oddPage" for t in starts)
    assert {round(s.page_width.mm) for s in d.sections} == {148}


def test_a_card_too_long_for_its_sheet_is_reported_never_shrunk(tmp_path) -> None:
    plan = rich_plan()
    step = plan.procedures[0].steps[1]
    plan.procedures[0].steps.extend(
        step.model_copy(update={"id": f"z{i}", "action": "检查" * 40}) for i in range(40)
    )
    layout = choose_layout(build_cards(plan), "AUTO")
    assert layout.paper == "A5" and layout.body_pt == SIZES["A5"][-1] == 10.5
    assert layout.sides == 2
    out = tmp_path / "c.docx"
    report = export_cards(plan, out)
    assert round(docx.Document(str(out)).sections[0].page_width.mm) == 148
    assert [p.code for p in report.warnings] == ["export.card_overflow"]
    assert "抢险救援组" in report.warnings[0].message.zh


def test_steps_are_numbered_on_the_card_itself(tmp_path) -> None:
    """A card stands alone: its steps run 1, 2, 3 whatever their place in the plan
    (issue 17, item 6: the plan's step numbers were meaningless on a card)."""
    plan = rich_plan()
    plan.procedures[0].steps.append(
        plan.procedures[0].steps[1].model_copy(update={"id": "st4", "action": "堵漏"})
    )
    out = tmp_path / "cards.docx"
    export_cards(plan, out)
    d = docx.Document(str(out))
    per_card: list[list[str]] = []
    for block in d.element.body.iterchildren():
        if block.tag == f"{W}p" and block.find(f"{W}pPr/{W}pageBreakBefore") is not None:
            per_card.append([])
        if not per_card:
            per_card.append([])
        if block.tag == f"{W}tbl":
            rows = [[c.text for c in r.cells] for r in docx.table.Table(block, d).rows]
            if rows[0][:2] == ["步骤", "处置措施"]:
                per_card[-1] += [r[0] for r in rows[1:]]
    numbered = [steps for steps in per_card if steps]
    assert len(numbered) >= 3  # the command, the rescue and the medical groups act
    assert all(steps == [str(n) for n in range(1, len(steps) + 1)] for steps in numbered)


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
