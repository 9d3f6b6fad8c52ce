"""Exports rendered by LibreOffice: pages, page numbers, TOC and cards as a reader sees them.

Skipped where LibreOffice or poppler is not installed. Fonts are substituted in the
rendering, so this checks layout, not typefaces (the XML tests check those).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from app.export import export_cards, export_plan
from app.export.boilerplate import Templates
from app.export.cards_docx import add_notes, build_cards, card_subtitle, choose_layout
from app.storage.plans import load_plan
from app.storage.templates import render_template
from tests.helpers import run_cli
from tests.integration.export_support import rich_plan
from tests.visual.render_docx import to_pdf, tools

pytestmark = pytest.mark.skipif(
    tools() is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler (pdftoppm, pdftotext)",
)


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _squash(page: str) -> str:
    return "".join(page.split())


@pytest.fixture(scope="module")
def plan_pages(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("render")
    out = folder / "plan.docx"
    export_plan(rich_plan(), out)
    return _pages(to_pdf(out, folder))


def test_cover_then_a_blank_back(plan_pages: list[str]) -> None:
    cover = _squash(plan_pages[0])
    assert "生产安全事故综合应急预案" in cover and "SF-2026-01" in cover
    assert "—" not in cover  # no page number on the cover
    assert _squash(plan_pages[1]) == ""  # its back, for double-sided printing


def test_front_matter_is_numbered_in_roman(plan_pages: list[str]) -> None:
    release = _squash(plan_pages[2])
    assert release.startswith("发布令") and release.endswith("—I—")
    assert _squash(plan_pages[3]).endswith("—II—")


def test_body_starts_at_page_one_and_footers_alternate(plan_pages: list[str]) -> None:
    first = next(i for i, p in enumerate(plan_pages) if _squash(p).endswith("—1—"))
    assert _squash(plan_pages[first]).startswith("生产安全事故综合应急预案一、总则")
    assert first % 2 == 0  # an odd (right-hand) physical page: index 0 is page 1
    odd, even = plan_pages[first], plan_pages[first + 1]
    odd_line = [ln for ln in odd.splitlines() if "—" in ln][-1]
    even_line = [ln for ln in even.splitlines() if "—" in ln][-1]
    assert odd_line.index("—") > even_line.index("—")  # right on odd pages, left on even


def test_toc_lists_headings_with_page_numbers(plan_pages: list[str]) -> None:
    toc = next(_squash(p) for p in plan_pages if _squash(p).startswith("目录"))
    assert "一、总则" in toc and "（一）适用范围" in toc
    assert "附件1通讯录" in toc
    assert toc.split("（一）适用范围")[1].lstrip(".").startswith("1")


def test_appendices_each_start_a_page(plan_pages: list[str]) -> None:
    starts = [_squash(p)[:3] for p in plan_pages]
    for n in range(1, 5):
        assert f"附件{n}" in starts


def test_every_card_is_one_page(tmp_path) -> None:
    out = tmp_path / "cards.docx"
    report = export_cards(rich_plan(), out)
    pages = _pages(to_pdf(out, tmp_path, update_fields=False))
    assert len(pages) == report.count == 3
    assert [_squash(p)[:9] for p in pages] == [
        "应急指挥部应急处置",
        "抢险救援组应急处置",
        "医疗救护组应急处置",
    ]


def test_sample_plan_renders(sample_plan_path, tmp_path) -> None:
    out = tmp_path / "sample.docx"
    export_plan(load_plan(sample_plan_path).model, out)
    pages = _pages(to_pdf(out, tmp_path))
    assert len(pages) >= 8
    assert any(_squash(p).endswith("—1—") for p in pages)


@pytest.mark.parametrize("template", ["hazchem-comprehensive", "county-overall"])
def test_starter_plans_render_with_one_page_per_card(template: str, tmp_path) -> None:
    plan_path = tmp_path / f"{template}.plan.yaml"
    made = run_cli("new", "--template", template, "--example", "-o", str(plan_path))
    assert made.returncode == 0, made.stderr
    plan = load_plan(plan_path).model
    out = tmp_path / "cards.docx"
    report = export_cards(plan, out)
    assert not report.warnings
    titles = [c.title for c in build_cards(plan)]
    assert report.count == len(titles)
    counts = _card_pages(to_pdf(out, tmp_path, update_fields=False), titles)
    assert all(1 <= n <= 2 for n in counts), counts  # a card keeps to its sheet
    doc = tmp_path / "plan.docx"
    export_plan(plan, doc)
    pages = _pages(to_pdf(doc, tmp_path))
    assert any(_squash(p).endswith("—1—") for p in pages)


def _card_pages(pdf: Path, titles: list[str]) -> list[int]:
    """Pages each card takes, from where each card's title opens a page."""
    pages = [_squash(p) for p in _pages(pdf)]
    starts: list[int] = []
    for title in titles:
        start = next(
            i for i, p in enumerate(pages) if p.startswith(title) and (not starts or i > starts[-1])
        )
        starts.append(start)
    filled = [i for i, p in enumerate(pages) if p]
    end = filled[-1] + 1 if filled else 0
    return [b - a for a, b in zip(starts, [*starts[1:], end], strict=True)]


TEMPLATES = sorted(
    p.name.split(".")[0]
    for p in (Path(__file__).resolve().parents[2] / "plan_templates").glob("*.plan-template.yaml")
)


def test_no_card_of_any_template_overflows_its_sheet(tmp_path) -> None:
    """Every starter plan's cards, rendered: each opens a page with its title and keeps
    to its A5 sheet: one page, or front and back when the set is two-sided (issue 17,
    item 6). Where the set fits one page a card, it is exactly one page each."""
    checked = 0
    for template in TEMPLATES:
        plan = render_template(template, {}, use_examples=True)
        cards = build_cards(plan)
        if not cards:
            continue
        add_notes(cards, plan, Templates())
        layout = choose_layout(cards, "AUTO", card_subtitle(plan))
        out = tmp_path / f"{template}-cards.docx"
        report = export_cards(plan, out)
        assert not report.warnings, (template, report.warnings)
        section = docx.Document(str(out)).sections[0]
        assert round(section.page_width.mm) == 148  # A5
        counts = _card_pages(to_pdf(out, tmp_path, update_fields=False), [c.title for c in cards])
        assert all(1 <= n <= layout.sides for n in counts), (template, counts)
        checked += 1
    assert checked >= 6
