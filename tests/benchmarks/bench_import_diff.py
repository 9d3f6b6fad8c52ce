"""How long importing a large Word plan and comparing two large plans take.

Run: ``python tests/benchmarks/bench_import_diff.py`` (not collected by pytest).
Targets: a 400-page plan imports in under 2 s; a diff of two 440-section plans
stays under 2 s, so both can run in a GUI worker with a progress bar.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from docx import Document

from app.compare import diff_plans
from app.compare.docx_report import build_comparison_docx
from app.importer import Progress, import_docx
from tests.wordfixtures import add_table


def big_docx(path: Path, chapters: int = 40, sections: int = 10, paragraphs: int = 6) -> Path:
    doc = Document()
    doc.add_paragraph("某集团有限公司生产安全事故综合应急预案")
    for c in range(1, chapters + 1):
        doc.add_heading(f"{c} 第{c}章", 1)
        for s in range(1, sections + 1):
            doc.add_heading(f"{c}.{s} 第{c}章第{s}节", 2)
            for p in range(paragraphs):
                doc.add_paragraph(f"第{c}.{s}节第{p}段：应急处置措施包括人员疏散、警戒和报告。" * 3)
        rows = [["序号", "物资名称", "规格型号", "数量", "存放地点"]]
        rows += [[str(i), f"物资{c}-{i}", "X-1", "5套", "仓库"] for i in range(30)]
        add_table(doc, rows)
    doc.save(str(path))
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = big_docx(Path(folder) / "big.docx")
        size = path.stat().st_size / 1024
        progress = Progress()
        start = time.perf_counter()
        result = import_docx(path, progress=progress)
        took = time.perf_counter() - start
        print(
            f"import: {size:.0f} KB, {result.report.sections} sections, "
            f"{sum(result.report.tables.values())} rows, {progress.total} progress steps: {took:.2f} s"
        )
        old = result.plan
        new = old.model_copy(deep=True)
        for k, section in enumerate(new.sections):
            section.id = f"x{k}"  # ids differ: matching falls back to titles
            if k % 3 == 0:
                section.children[0].body += "修订。"
        new.sections.reverse()
        start = time.perf_counter()
        diff = diff_plans(old, new)
        print(
            f"diff (440 sections, 1200 rows): {len(diff.changes)} changes: {time.perf_counter() - start:.2f} s"
        )
        unrelated = old.model_copy(deep=True)
        for _, section in enumerate(unrelated.sections):
            section.title += "（改）"
            section.id += "-new"
            for child in section.children:
                child.title += "（改）"
                child.id += "-new"
        start = time.perf_counter()
        diff = diff_plans(old, unrelated)
        print(
            f"diff, every title renamed: {len(diff.changes)} changes: {time.perf_counter() - start:.2f} s"
        )
        start = time.perf_counter()
        data = build_comparison_docx(diff)
        took = time.perf_counter() - start
        print(
            f"修订对照表 for those {len(diff.changes)} changes: {len(data) // 1024} KB: {took:.2f} s"
        )


if __name__ == "__main__":
    main()
