"""Safe YAML loading: limits, encodings, hostile constructs, located errors."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest
import yaml

from app.storage import yamlio
from app.storage.errors import LoadError
from app.storage.yamlio import decode, dump_text, load_text, read_file


def test_c_extension_is_used() -> None:
    # The pure-Python parser is an order of magnitude slower; never ship without libyaml.
    assert yamlio.C_EXTENSION


def test_plain_document_and_line_map() -> None:
    doc = load_text("a: 1\nb:\n  - x\n  - y: 2\nc: 2024-03-01\n")
    assert doc.data == {"a": 1, "b": ["x", {"y": 2}], "c": dt.date(2024, 3, 1)}
    assert doc.lines.line_for(("b", 1, "y")) == 4
    assert doc.lines.line_for(("b", 0)) == 3
    # a missing key falls back to its nearest ancestor
    assert doc.lines.line_for(("b", 1, "zzz")) == 4


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3, "YAML"),
        ("a:\n  b: 1\n c: 2\n", 3, "YAML"),
        ("a: 1\n\tb: 2\n", 2, "Tab"),
        ("a: 'unterminated\nb: 2\n", 1, "引号"),
        ("- a\nb: 1\n", 2, "YAML"),
        ('a: "bad \\q escape"\n', 1, "YAML"),
    ],
)
def test_syntax_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(LoadError) as info:
        load_text(text, "x.plan.yaml")
    assert info.value.line == line
    assert fragment in info.value.text("zh")
    assert info.value.filename == "x.plan.yaml"


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: &x [1, 2]\n",
        "base: &b {k: 1}\nother:\n  <<: *b\n",
    ],
)
def test_anchors_and_aliases_are_refused(text: str) -> None:
    with pytest.raises(LoadError) as info:
        load_text(text)
    assert "锚点" in info.value.text("zh")
    assert info.value.line is not None


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(LoadError):
        load_text("\n".join(lines))


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hacked']\n",
        "a: !!python/name:os.system\n",
        "!!python/object:builtins.dict {}\n",
        "a: !custom 1\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
    ],
)
def test_unsafe_and_unknown_tags_are_refused(text: str) -> None:
    with pytest.raises(LoadError) as info:
        load_text(text)
    assert "标签" in info.value.text("zh")


def test_deep_nesting_is_refused_without_crashing() -> None:
    # The C composer recurses and segfaults around 100 000 levels; we never reach it.
    with pytest.raises(LoadError) as info:
        load_text("[" * 200_000 + "]" * 200_000)
    assert "嵌套" in info.value.text("zh")
    block = "".join(" " * i + f"k{i}:\n" for i in range(100)) + " " * 100 + "v\n"
    with pytest.raises(LoadError):
        load_text(block)


def test_depth_within_limit_is_fine() -> None:
    assert load_text("[" * 50 + "]" * 50) is not None


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    with pytest.raises(LoadError) as info:
        load_text("meta:\n  title: a\n  title: b\n")
    assert info.value.line == 3
    assert "第 2 行" in info.value.text("zh")
    assert "line 2" in info.value.text("en")


def test_complex_keys_and_multiple_documents_are_refused() -> None:
    with pytest.raises(LoadError):
        load_text("? [a, b]\n: 1\n")
    with pytest.raises(LoadError) as info:
        load_text("a: 1\n---\nb: 2\n")
    assert "多个" in info.value.text("zh")


def test_utf8_bom_and_crlf() -> None:
    raw = codecs.BOM_UTF8 + "a: 中文\r\nb:\r\n  - 1\r\n".encode()
    text, encoding, notes = decode(raw, "f")
    assert encoding == "utf-8-sig" and not notes
    doc = load_text(text)
    assert doc.data == {"a": "中文", "b": [1]}
    assert doc.lines.line_for(("b", 0)) == 3


def test_gbk_is_detected_and_read(tmp_path) -> None:
    path = tmp_path / "gbk.plan.yaml"
    path.write_bytes("title: 应急预案\nunit: 某某化工\n".encode("gbk"))
    doc = read_file(path)
    assert doc.data == {"title": "应急预案", "unit": "某某化工"}
    assert doc.encoding == "gb18030"
    assert any("GBK" in n.zh for n in doc.notes)


def test_utf16_with_bom_is_read(tmp_path) -> None:
    path = tmp_path / "u16.plan.yaml"
    path.write_bytes("title: 预案\n".encode("utf-16"))
    assert read_file(path).data == {"title": "预案"}


@pytest.mark.parametrize(
    "raw",
    [
        b"title: x\x00y\n",
        bytes(range(256)) * 4,
        "title: 预案\n".encode("utf-16-le"),  # UTF-16 without BOM
    ],
)
def test_binary_and_nul_bytes_are_reported(tmp_path, raw: bytes) -> None:
    path = tmp_path / "junk.plan.yaml"
    path.write_bytes(raw)
    with pytest.raises(LoadError) as info:
        read_file(path)
    assert info.value.text("zh")
    assert path.read_bytes() == raw  # never touched


def test_undecodable_bytes_name_the_line(tmp_path) -> None:
    path = tmp_path / "bad.plan.yaml"
    path.write_bytes(b"a: 1\nb: 2\nc: \xff\xfe\xff\n")
    with pytest.raises(LoadError) as info:
        read_file(path)
    assert info.value.line == 3
    assert "UTF-8" in info.value.text("zh")


def test_control_characters_are_reported_with_line() -> None:
    with pytest.raises(LoadError) as info:
        load_text("a: 1\nb: x\x07y\n")
    assert info.value.line == 2


def test_file_size_limit(tmp_path) -> None:
    path = tmp_path / "big.plan.yaml"
    path.write_bytes(b"a: " + b"x" * 2048 + b"\n")
    with pytest.raises(LoadError) as info:
        read_file(path, max_bytes=1024)
    assert "过大" in info.value.text("zh")


def test_missing_file_and_folder(tmp_path) -> None:
    with pytest.raises(LoadError) as info:
        read_file(tmp_path / "nope.yaml")
    assert info.value.message == ("文件不存在", "File not found")
    with pytest.raises(LoadError) as info:
        read_file(tmp_path)
    assert "folder" in info.value.message.en


def test_node_limit(monkeypatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 100)
    with pytest.raises(LoadError) as info:
        load_text("[" + ", ".join(["1"] * 200) + "]")
    assert "过多" in info.value.text("zh")


def test_dump_uses_blocks_unicode_and_given_order() -> None:
    text = dump_text({"z": "中文", "a": "第一段\n第二段\n", "d": dt.date(2024, 1, 2), "n": "yes"})
    assert text.index("z:") < text.index("a:")
    assert "中文" in text and "\\u" not in text
    assert "a: |" in text
    assert "d: 2024-01-02" in text
    # a string that YAML would read as a boolean stays a string
    assert load_text(text).data["n"] == "yes"
    assert "&" not in text and "*" not in text


def test_a_field_is_located_at_its_key_not_its_first_item() -> None:
    doc = load_text("meta:\n  title: x\nbogus:\n  a: 1\ncontacts:\n  - id: c1\n")
    assert doc.lines.line_for(("bogus",)) == 3
    assert doc.lines.line_for(("contacts",)) == 5
    assert doc.lines.line_for(("contacts", 0)) == 6
    assert doc.lines.line_for(("contacts", 0, "id")) == 6


# --- our limits, our words: the same message whichever parser reads the file ---------

BOTH = sorted(yamlio.LOADERS)


def test_both_parsers_are_tested_here() -> None:
    # CI installs PyYAML's wheel with libyaml; without it half of these tests mean nothing.
    assert BOTH == ["c", "python"]


@pytest.mark.parametrize("loader", BOTH)
def test_deep_flow_nesting_gets_our_message_and_line(loader: str) -> None:
    text = "schema: x\nsections: " + "[" * 200_000 + "]" * 200_000 + "\n"
    with pytest.raises(LoadError) as info:
        load_text(text, "p.plan.yaml", loader=loader)
    assert "嵌套层级过深（超过 64 层）" in info.value.text("zh")
    assert "nesting depth" not in info.value.text("zh")  # libyaml's words stay out
    assert info.value.line == 2


@pytest.mark.parametrize("loader", BOTH)
def test_flow_nesting_just_over_the_limit_is_ours_too(loader: str) -> None:
    with pytest.raises(LoadError) as info:
        load_text("a: " + "[" * 65 + "]" * 65, loader=loader)
    assert "嵌套层级过深" in info.value.text("zh")
    assert load_text("a: " + "[" * 63 + "]" * 63, loader=loader).data["a"] is not None


@pytest.mark.parametrize("loader", BOTH)
def test_deep_block_nesting_gets_our_message(loader: str) -> None:
    block = "".join(" " * i + f"k{i}:\n" for i in range(100)) + " " * 100 + "v\n"
    with pytest.raises(LoadError) as info:
        load_text(block, loader=loader)
    assert "嵌套层级过深" in info.value.text("zh")
    assert info.value.line == 65


@pytest.mark.parametrize("loader", BOTH)
def test_alias_bomb_gets_our_message_and_line(loader: str) -> None:
    lines = ["title: x", 'a: &a ["lol","lol","lol"]']
    lines += [f"{c}: &{c} [*a, *a, *a]" for c in "bcdefg"]
    with pytest.raises(LoadError) as info:
        load_text("\n".join(lines), loader=loader)
    assert "不支持 YAML 锚点和别名" in info.value.text("zh")
    assert info.value.line == 2


def test_brackets_in_block_text_are_not_nesting() -> None:
    # found by the round-trip fuzz test: a literal block holding many "[" is text
    body = "body: |\n" + "".join(f"  [[[[[[[[ 第{i}行\n" for i in range(20))
    assert load_text(body).data["body"].count("[") == 160


def test_brackets_in_plain_text_are_not_nesting() -> None:
    # 【】 are usual, but ASCII brackets turn up in prose too: "见附件[3" is text, not flow
    body = "\n".join(f"  - 见附件[{i} 或 {{备注" for i in range(500))
    doc = load_text("steps:\n" + body + "\nflow: [[1, '[[[['], {a: \"{{{\"}]  # [[[[\n")
    assert len(doc.data["steps"]) == 500
    assert doc.data["flow"] == [[1, "[[[["], {"a": "{{{"}]


def test_an_error_libyaml_words_its_own_way_is_diagnosed_by_the_python_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stand-in for a future libyaml that refuses something with words we never saw.
    class Odd(yamlio.LOADERS["c"]):  # type: ignore[misc, valid-type]
        def get_event(self):  # type: ignore[no-untyped-def]
            raise yaml.MarkedYAMLError(problem="some new libyaml wording")

    monkeypatch.setitem(yamlio.LOADERS, "c", Odd)
    with pytest.raises(LoadError) as info:
        load_text("a: 1\nb: [1, 2\n", "p.plan.yaml")
    text = info.value.text("zh")
    assert "libyaml" not in text and "wording" not in text
    assert "方括号 [ 没有闭合" in text


def test_size_limit_is_checked_before_any_parser(tmp_path) -> None:
    path = tmp_path / "big.plan.yaml"
    path.write_text("a: " + "x" * 2048 + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        read_file(path, max_bytes=1024)
    assert "文件过大" in info.value.text("zh") and info.value.filename == str(path)


def _syntax_corpus() -> list[tuple[str, str]]:
    from tests.badinput.corpus import syntax_cases

    return [(b.name, b.data.decode("utf-8")) for b in syntax_cases(per_kind=8)]


@pytest.mark.parametrize("loader", BOTH)
def test_every_broken_file_gets_one_of_our_explanations(loader: str) -> None:
    # Whichever parser reads it, a broken file is explained in our words, never in the
    # parser's ("不符合 YAML 格式（…）" is the fallback that quotes the library).
    unexplained = []
    for name, text in _syntax_corpus():
        try:
            load_text(text, name, loader=loader)
        except LoadError as error:
            if "不符合 YAML 格式（" in error.text("zh"):
                unexplained.append((name, error.text("zh")))
    assert not unexplained
