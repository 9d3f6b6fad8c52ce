"""File names made from plan content (``app.storage.names``): Windows' rules and Linux's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.storage.names import (
    DOCUMENTS_PREFIX,
    MAX_PATH,
    file_room,
    folder_room,
    is_device_name,
    safe_name,
    utf8_bytes,
    utf16_units,
)

WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def windows_accepts(name: str) -> bool:
    return (
        bool(name)
        and not WINDOWS_BAD.search(name)
        and not name.endswith((" ", "."))
        and not is_device_name(name)
        and utf16_units(name) <= 255
        and utf8_bytes(name) <= 255
        and name not in (".", "..")
    )


@pytest.mark.parametrize(
    "title",
    [
        "CON",
        "con.docx",
        "NUL .txt",
        "COM1",
        "lpt9.plan",
        "COM¹",
        "CONOUT$",
        "预案。. . ",
        "   ",
        "..",
        "../../etc/passwd",
        "..\\..\\Windows\\System32",
        'a<b>c:d"e/f\\g|h?i*j',
        "制表\t换行\n回车\r响铃\x07删除\x7f",
        "\u202e反向\u200f标记",
        "😀" * 200,
        "应" * 300,
        "e\u0301" * 200,
        "👨\u200d👩\u200d👧" * 60,
        "C:\\Users\\x",
        "",
    ],
)
def test_every_name_is_accepted_by_windows_and_linux(title: str) -> None:
    for suffix in ("", ".docx", "_备案材料_2026-03-20"):
        name = safe_name(title, suffix=suffix, limit=255)
        assert windows_accepts(name), (title, name)
        assert name.endswith(suffix)
        assert "/" not in name and "\\" not in name


def test_devices_get_a_prefix_also_with_an_extension() -> None:
    assert safe_name("CON") == "_CON"
    assert safe_name("nul", suffix=".docx") == "_nul.docx"
    assert safe_name("com3.备案") == "_com3.备案"
    assert safe_name("CONSOLE") == "CONSOLE"  # only the exact device names


def test_cuts_count_utf16_units_and_utf8_bytes() -> None:
    emoji = safe_name("😀" * 200, limit=255)  # 4 bytes, 2 units each: bytes bind
    assert emoji == "😀" * 63
    cjk = safe_name("应" * 300, limit=255)  # 3 bytes, 1 unit: bytes bind
    assert cjk == "应" * 85
    ascii_ = safe_name("a" * 300, limit=255)
    assert ascii_ == "a" * 255
    assert safe_name("应" * 300, limit=40, suffix=".docx") == "应" * 35 + ".docx"


def test_a_cut_never_splits_a_character_sequence() -> None:
    family = "👨\u200d👩\u200d👧"
    name = safe_name(family * 60, limit=30)
    assert name and not name.endswith("\u200d")
    assert name.count("👧") == name.count("👨")  # whole families only
    accented = safe_name("e\u0301" * 200, limit=21)
    assert accented == "é" * 21  # composed first (NFC), so one unit each


def test_nothing_left_falls_back() -> None:
    assert safe_name("...", fallback="预案") == "预案"
    assert safe_name("", suffix=".docx", fallback="未命名") == "未命名.docx"


def test_the_path_budget_fits_a_nested_package_in_documents() -> None:
    documents = "C:\\Users\\zhangsan\\OneDrive - 示范化工有限公司\\Documents\\"
    assert len(documents) < DOCUMENTS_PREFIX
    room = folder_room(None, nested=2)
    name = safe_name("示范化工有限公司" + "应" * 84, suffix="_备案材料_2026-03-20", limit=room)
    inner = safe_name("03_" + "应" * 84, suffix=".docx", limit=48)
    # unpacking NAME.zip into a folder of its own name nests the name twice
    path = f"{documents}{name}\\{name}\\{inner}"
    assert len(path.encode("utf-16-le")) // 2 < MAX_PATH, len(path)


def test_rooms_shrink_with_the_folder(tmp_path: Path) -> None:
    deep = tmp_path / ("长" * 150)
    assert file_room(deep) < file_room(None) <= 255
    assert folder_room(deep) >= 1 and file_room(Path("/" + "x" * 400)) == 1
