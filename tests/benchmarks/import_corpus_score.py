"""Score the Word importer on the import corpus (issue 19): one row per plan, then the totals.

.venv/bin/python -m tests.benchmarks.import_corpus_score
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.import_corpus import score


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scores, totals = score(Path(tmp))
    for s in scores:
        cells = [f"{a}/{b}" for a, b in (s.headings, s.texts, s.tables, s.levels_groups, s.meta)]
        print(" | ".join([s.name, *cells, s.error]))
    print(
        "headings under the right parent {headings:.1f} %, text kept {texts:.1f} %, "
        "registry tables with every row {tables:.1f} %, levels and groups {levels_groups:.1f} %, "
        "cover labels {meta:.1f} %".format(**totals)
    )


if __name__ == "__main__":
    main()
