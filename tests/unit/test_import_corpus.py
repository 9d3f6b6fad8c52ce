"""The import corpus scorer runs on every plan of the corpus and never crashes (issue 19).

Floors are today's figures; they may only rise as the importer learns the corpus' patterns.
"""

from __future__ import annotations

from pathlib import Path

from tests.import_corpus import CASES, score


def test_corpus_covers_every_kind() -> None:
    assert len(CASES) >= 7


def test_corpus_scores(tmp_path: Path) -> None:
    scores, totals = score(tmp_path)
    assert not [s.error for s in scores if s.error]
    assert totals["texts"] >= 90.0
