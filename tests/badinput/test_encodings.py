"""Plans saved by Windows editors: GBK, UTF-16, BOMs, CRLF. Each reads the same as UTF-8;
an encoding that cannot be read is refused with a message that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage.errors import LoadError
from app.storage.plans import load_plan, loads_plan
from tests.badinput.corpus import encoding_cases, encoding_reference_text, hostile_yaml_cases

ENCODED = {b.name: b for b in encoding_cases()}
UNREADABLE = {
    b.name: b
    for b in hostile_yaml_cases()
    if b.name in ("utf16-no-bom.plan.yaml", "utf8-bom-then-gbk.plan.yaml", "binary-junk.plan.yaml")
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_every_windows_encoding_reads_as_the_same_plan(tmp_path: Path, name: str) -> None:
    bad = ENCODED[name]
    path = tmp_path / name
    path.write_bytes(bad.data)
    loaded = load_plan(path)
    reference = loads_plan(encoding_reference_text())
    assert loaded.model == reference.model
    assert [p.line for p in loaded.problems if p.code != "file.encoding"] == [
        p.line for p in reference.problems
    ]
    assert path.read_bytes() == bad.data  # reading never rewrites the file


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_an_unreadable_encoding_is_a_clear_error(tmp_path: Path, name: str) -> None:
    bad = UNREADABLE[name]
    path = tmp_path / name
    path.write_bytes(bad.data)
    with pytest.raises(LoadError) as caught:
        load_plan(path)
    error = caught.value
    for fragment in bad.says:
        assert fragment in error.text("zh")
    if bad.line is not None:
        assert error.line == bad.line
    assert error.hint is not None
    assert path.read_bytes() == bad.data
