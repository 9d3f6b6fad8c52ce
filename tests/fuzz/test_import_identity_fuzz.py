"""Export → import is the identity for the plans PlanDrill writes (issue 19).

Every starter plan (the sample and each plan template) is edited the way a planner edits
one — chapters retitled, bodies rewritten, subsections removed, register rows dropped —
then exported and imported again: outline, texts, placed tables, every register row as
the export prints it and the procedures come back the same. (``tests.strategies.plans()``
draws adversarial text — empty titles, control characters — that the export itself
normalises, so ``test_import_diff_fuzz`` checks only that such plans import.)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.export import plan_docx_bytes
from app.importer import import_docx
from app.model.plan import Plan, Section, walk_sections
from tests.integration.test_cli_import import STARTERS, plan_structure
from tests.strategies import fuzz_settings

WORDS = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=12)
SENTENCE = st.lists(WORDS, min_size=1, max_size=3).map(lambda ws: "，".join(ws) + "。")
# registers nothing else refers to by id (contacts are cited by units and steps)
ROWS = ("resources", "risks", "teams", "experts", "shelters")


def _places(section: Section) -> bool:
    return bool(section.insert) or any(_places(c) for c in section.children)


@st.composite
def edited_starters(draw: st.DrawFn) -> tuple[str, Plan]:
    name = draw(st.sampled_from(sorted(STARTERS)))
    plan = STARTERS[name].model_copy(deep=True)
    sections = [s for _, s, _ in walk_sections(plan.sections)]
    for _ in range(draw(st.integers(0, 4))):
        section = draw(st.sampled_from(sections))
        what = draw(st.sampled_from(["title", "body", "drop"]))
        if what == "title":
            section.title = draw(WORDS)
        elif what == "body":
            section.body = "\n".join(draw(st.lists(SENTENCE, min_size=1, max_size=3)))
        else:  # a part placed nowhere is exported as an appendix: keep the placing ones
            free = [c for c in section.children if not _places(c)]
            if free:
                section.children.remove(draw(st.sampled_from(free)))
    for part in ROWS:
        rows = getattr(plan, part)
        if rows and draw(st.booleans()):
            setattr(plan, part, rows[: draw(st.integers(1, len(rows)))])
    return name, plan


@fuzz_settings(15)
@given(edited_starters())
def test_export_then_import_is_the_identity(named: tuple[str, Plan]) -> None:
    _, plan = named
    data, _ = plan_docx_bytes(plan)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "导出.docx"
        path.write_bytes(data)
        again = import_docx(path).plan
    assert plan_structure(again) == plan_structure(plan)


def test_body_lines_that_read_like_headings_stay_text() -> None:
    """In PlanDrill's own export the headings carry their styles: a body line numbered
    like a heading, a bare number, 目录 or 附件1 is text (issue 19, pattern 2)."""
    plan = STARTERS["hazchem-comprehensive"].model_copy(deep=True)
    plan.sections[0].body = "\n".join(
        [
            "1.1 正文里的编号行。",
            "一、正文中的列举",
            "（一）正文第一项",
            "第一章 正文提到的章",
            "| 杨伟 | 工程副经理 |",
            "附件1 正文提到的附件",
            "目录",
            "12",
            "1　总则",
        ]
    )
    data, _ = plan_docx_bytes(plan)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "导出.docx"
        path.write_bytes(data)
        again = import_docx(path).plan
    assert plan_structure(again) == plan_structure(plan)


def test_a_table_the_export_printed_with_columns_dropped_reads_back() -> None:
    """The export drops columns no row fills: a register holding only names prints as
    预警级别 | 颜色; read back in our own export it is still the register, not text."""
    from app.model.plan import WarningLevel

    plan = STARTERS["county-overall"].model_copy(deep=True)
    plan.warnings = [WarningLevel(id="w1", name="四级预警"), WarningLevel(id="w2", name="三级预警")]
    data, _ = plan_docx_bytes(plan)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "导出.docx"
        path.write_bytes(data)
        again = import_docx(path).plan
    assert [w.name for w in again.warnings] == ["四级预警", "三级预警"]
    assert plan_structure(again) == plan_structure(plan)
