"""What the importer does with files that are not plain .docx: clear errors, never a crash."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from app.importer import Cancelled, Progress, import_docx
from app.importer import package as pkg
from app.storage.errors import LoadError
from tests.wordfixtures import encrypted_docx, old_word_doc, save


def good_docx(path: Path, paragraphs: int = 3) -> Path:
    doc = Document()
    doc.add_paragraph("某公司生产安全事故综合应急预案")
    for i in range(1, paragraphs + 1):
        doc.add_heading(f"{i} 第{i}章", 1)
        doc.add_paragraph(f"第{i}章的内容。")
    return save(doc, path)


def zip_with(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def refused(path: Path) -> str:
    with pytest.raises(LoadError) as info:
        import_docx(path)
    assert info.value.filename == str(path)
    return info.value.text("zh")


def test_old_binary_doc_is_refused_with_save_as_advice(tmp_path: Path) -> None:
    path = tmp_path / "旧预案.doc"
    path.write_bytes(old_word_doc())
    message = refused(path)
    assert "旧版 Word 文档（.doc）" in message and "另存为 .docx" in message
    assert "WPS" in message


def test_encrypted_docx_asks_to_remove_the_password(tmp_path: Path) -> None:
    path = tmp_path / "加密.docx"
    path.write_bytes(encrypted_docx())
    message = refused(path)
    assert "密码" in message and "取消密码" in message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "文件是空的"),
        ("这只是一段文字".encode(), "不是 Word 文档"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"%PDF-1.7\n", "PDF"),
        (b"<html><body>plan</body></html>", "网页"),
    ],
)
def test_not_a_docx(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    assert words in refused(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "不存在" in refused(tmp_path / "none.docx")
    folder = tmp_path / "dir.docx"
    folder.mkdir()
    assert "文件夹" in refused(folder)


def test_corrupt_zip(tmp_path: Path) -> None:
    raw = good_docx(tmp_path / "ok.docx").read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(raw[: len(raw) // 2])
    assert "已损坏" in refused(truncated)
    # flip bytes inside the compressed document part: a CRC or inflate error on reading
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    broken = bytearray(raw)
    for k in range(start, start + 40):
        broken[k] ^= 0x5A
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(bytes(broken))
    assert "已损坏" in refused(damaged)


def test_other_zip_documents_are_named(tmp_path: Path) -> None:
    xlsx = zip_with(
        tmp_path / "a.docx", {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}
    )
    assert "Excel" in refused(xlsx)
    odt = zip_with(
        tmp_path / "b.docx",
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
    )
    assert "OpenDocument" in refused(odt)
    empty = zip_with(tmp_path / "c.docx", {"readme.txt": b"hi"})
    assert "没有 Word 正文" in refused(empty)


def test_broken_xml_in_the_document_part(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "x.docx", {"word/document.xml": b"<w:document><w:body>"})
    assert "已损坏" in refused(path)


def test_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    w = pkg.W
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{w}"><w:body>'
        "<w:p><w:r><w:t>某公司综合应急预案</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>一、总则</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>&x;&b;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    ).encode()
    path = zip_with(tmp_path / "xxe.docx", {"word/document.xml": xml})
    result = import_docx(path)
    text = "\n".join(s.body for s in result.plan.sections)
    assert "TOP-SECRET" not in text and "aaaaaaaaaa" not in text


def test_zip_bombs_are_refused_before_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pkg, "MAX_XML_BYTES", 1024 * 1024)
    body = (
        b"<w:document xmlns:w='x'><w:body>" + b" " * (2 * 1024 * 1024) + b"</w:body></w:document>"
    )
    bomb = zip_with(tmp_path / "bomb.docx", {"word/document.xml": body})
    message = refused(bomb)
    assert "压缩炸弹" in message
    monkeypatch.setattr(pkg, "MAX_TOTAL_BYTES", 100_000)
    big = zip_with(
        tmp_path / "big.docx", {"word/media/a.bin": b"\0" * 200_000, "word/document.xml": b"<x/>"}
    )
    assert "压缩炸弹" in refused(big)
    monkeypatch.setattr(pkg, "MAX_ENTRIES", 10)
    many = zip_with(tmp_path / "many.docx", {f"f{i}": b"" for i in range(20)})
    assert "文件过多" in refused(many)


def test_too_large_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = good_docx(tmp_path / "a.docx")
    monkeypatch.setattr(pkg, "MAX_FILE_BYTES", 1000)
    assert "文件过大" in refused(path)


def test_document_without_text(tmp_path: Path) -> None:
    path = save(Document(), tmp_path / "blank.docx")
    assert "没有可导入的文字内容" in refused(path)


def test_progress_is_reported_and_cancel_stops_the_import(tmp_path: Path) -> None:
    path = good_docx(tmp_path / "a.docx", paragraphs=60)
    seen: list[tuple[int, int]] = []
    progress = Progress(lambda done, total, label: seen.append((done, total)))
    import_docx(path, progress=progress)
    assert seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    calls: list[int] = []
    import_docx(path, progress=lambda done, total: calls.append(done))  # a plain callable works too
    assert calls

    def cancel_halfway(done: int, total: int, label: object) -> None:
        if done * 2 >= total:
            halfway.cancel()  # as the GUI's Cancel button does, from its own thread

    halfway = Progress(cancel_halfway)
    with pytest.raises(Cancelled):
        import_docx(path, progress=halfway)
    early = Progress()
    early.cancel()
    with pytest.raises(Cancelled):
        import_docx(path, progress=early)


def test_unknown_kind(tmp_path: Path) -> None:
    path = good_docx(tmp_path / "a.docx")
    with pytest.raises(LoadError) as info:
        import_docx(path, kind="bogus")
    assert "未知的预案类型" in info.value.text("zh")
