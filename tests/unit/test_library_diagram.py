"""The plan system diagram: pages, columns, flags, the CJK font and the ASCII fallback."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.library import scan_library
from app.library.diagram import PAGE_HEIGHT_MM, PX_PER_MM, find_cjk_font, render_system
from app.library.system import build_system
from tests.unit.test_library import TODAY, build, write_plan


def _images(pages: list[bytes]) -> list[Image.Image]:
    return [Image.open(io.BytesIO(p)) for p in pages]


def _red_pixels(image: Image.Image) -> int:
    data = image.convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for r, g, b in pixels if r > 170 and g < 40 and b < 40)


def test_the_sample_system_is_one_page_with_flagged_boxes(tmp_path) -> None:
    system = build_system(scan_library(build(tmp_path), today=TODAY))
    [page] = _images(render_system(system, cjk=None))
    assert page.format == "PNG"
    assert page.width <= 156 * PX_PER_MM and page.height <= PAGE_HEIGHT_MM * PX_PER_MM
    assert _red_pixels(page) > 500  # orphans and broken links are drawn in red


def test_no_flags_no_red(tmp_path) -> None:
    write_plan(tmp_path, "总体", kind="gov_overall")
    write_plan(tmp_path, "专项", kind="gov_special", parent="总体")
    system = build_system(scan_library(tmp_path, today=TODAY))
    assert system.issues == []
    [page] = _images(render_system(system, cjk=None))
    assert _red_pixels(page) == 0


def test_a_large_system_is_cut_into_pages(tmp_path) -> None:
    write_plan(tmp_path, "总体", kind="gov_overall")
    for n in range(30):
        write_plan(tmp_path, f"专项{n:02d}", kind="gov_special", parent="总体")
    system = build_system(scan_library(tmp_path, today=TODAY))
    pages = _images(render_system(system, cjk=None))
    assert len(pages) >= 2
    assert all(p.height <= PAGE_HEIGHT_MM * PX_PER_MM for p in pages)


def test_an_empty_library_has_no_diagram(tmp_path) -> None:
    assert render_system(build_system(scan_library(tmp_path, today=TODAY))) == []


def test_a_cjk_font_is_found_here_and_draws_chinese(tmp_path) -> None:
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font on this machine")
    system = build_system(scan_library(build(tmp_path), today=TODAY))
    chinese = render_system(system, cjk=font)
    ascii_only = render_system(system, cjk=None)
    assert chinese and chinese != ascii_only


def test_the_shared_font_setting_forces_ascii(monkeypatch, tmp_path) -> None:
    from app.library.reports import system_docx_bytes

    find_cjk_font.cache_clear()
    try:
        monkeypatch.setenv("PLANDRILL_CHART_FONT", "none")
        assert find_cjk_font() is None
        library = scan_library(build(tmp_path), today=TODAY)
        _data, result = system_docx_bytes(library)
        assert result.images == 1
        assert "没有找到中文字体" in result.warnings[0].zh
    finally:
        find_cjk_font.cache_clear()


def test_the_diagram_numbers_match_the_plan_table_order(tmp_path) -> None:
    from app.library.diagram import plan_numbers

    system = build_system(scan_library(build(tmp_path), today=TODAY))
    numbers = plan_numbers(system)
    walk = [node.entry for node, _ in system.walk()]
    assert [numbers[id(e)] for e in walk] == list(range(1, len(walk) + 1))
    # the system comes first, then the plans outside it
    assert walk[0].title == "总体预案"
    assert {e.title for e in walk[-3:]} == {"交通局部门预案", "卫健委部门预案", "有限空间处置方案"}
