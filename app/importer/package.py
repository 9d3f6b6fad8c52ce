"""Open a .docx safely: recognise what the file really is, refuse bombs, parse the XML.

Nothing here trusts the file. Sizes are checked against the zip directory before a
byte is inflated, only the few XML parts the importer needs are read, and the XML
parser resolves no entities and fetches nothing.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from app.i18n import T
from app.storage.errors import LoadError
from app.storage.guard import read_input

MAX_FILE_BYTES = 100 * 1024 * 1024  # a plan with many photos stays well below this
MAX_XML_BYTES = 64 * 1024 * 1024  # one XML part, inflated
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # every part, inflated, as the zip directory declares
MAX_ENTRIES = 20_000
MAX_RATIO = 1000  # inflated / compressed for one part: beyond this it is a bomb, not XML

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"

SAVE_AS_DOCX = T(
    "请用 Word 或 WPS 打开，另存为 .docx 后再导入",
    "Open it in Word or WPS, save it as .docx and import that",
)


@dataclass
class DocxPackage:
    """The parts of a Word document that the importer reads."""

    name: str
    document: Any  # lxml element: w:document
    styles: Any | None
    numbering: Any | None
    media: int  # pictures and other embedded files
    written_by: str = ""  # docProps/core.xml lastModifiedBy: "PlanDrill" for our own exports


def _fail(name: str, message: T, hint: T | None = None) -> LoadError:
    return LoadError(name, message, hint=hint)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def _read_raw(path: Path) -> bytes:
    raw = read_input(
        path,
        max_bytes=MAX_FILE_BYTES,
        too_large_hint=T(
            "请在 Word 中压缩图片（文件→压缩图片）或删去图片后再导入",
            "Compress or remove the pictures in Word, then import again",
        ),
    ).data
    if not raw:
        raise _fail(str(path), T("文件是空的", "The file is empty"))
    return raw


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _sniff(path: Path, raw: bytes) -> None:
    """Refuse everything that is not a zip, with a message that says what it is."""
    name = str(path)
    if raw.startswith(OLE2_SIGNATURE):
        if _utf16("EncryptedPackage") in raw or _utf16("EncryptionInfo") in raw:
            raise _fail(
                name,
                T("文档设置了打开密码（已加密），无法读取", "The document is password-protected"),
                T(
                    "请在 Word 或 WPS 中打开，取消密码（文件→信息→保护文档→用密码进行加密，清空密码）后另存，再导入",
                    "Open it in Word or WPS, remove the password (File > Info > Protect Document > Encrypt with Password) and save, then import again",
                ),
            )
        if _utf16("WordDocument") in raw:
            raise _fail(
                name,
                T(
                    "这是旧版 Word 文档（.doc），无法直接导入",
                    "This is an old Word document (.doc), which cannot be imported",
                ),
                T(
                    "请用 Word 或 WPS 另存为 .docx 后再导入",
                    "Use Word or WPS to save it as .docx, then import that",
                ),
            )
        raise _fail(
            name,
            T(
                "这是旧版 Office 文件（如 .xls、.ppt），不是 Word 文档",
                "This is an old Office file (.xls, .ppt…), not a Word document",
            ),
            SAVE_AS_DOCX,
        )
    head = raw[:1024].lstrip()
    if head.startswith(b"{\\rtf"):
        raise _fail(
            name, T("这是 RTF 文档，不是 .docx", "This is an RTF file, not .docx"), SAVE_AS_DOCX
        )
    if head.startswith(b"%PDF"):
        raise _fail(
            name,
            T("这是 PDF 文件，不是 Word 文档", "This is a PDF, not a Word document"),
            T(
                "请找到原始的 Word 文件；或用 WPS/Word 打开 PDF 转换为 .docx 后导入",
                "Find the original Word file, or convert the PDF to .docx in WPS/Word first",
            ),
        )
    lowered = head[:512].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"w:worddocument" in lowered:
        raise _fail(
            name,
            T(
                "这是网页或 Word 2003 XML 格式的文档，不是 .docx",
                "This is a web page or a Word 2003 XML document, not .docx",
            ),
            SAVE_AS_DOCX,
        )
    if Path(name).name.startswith("~$") and len(raw) < 4096:
        raise _fail(
            name,
            T(
                "这是 Word 打开文档时生成的临时锁定文件（~$ 开头），不是文档本身",
                "This is Word's lock file (~$…), not the document itself",
            ),
            T("请选择不带 ~$ 的原文件", "Choose the file without ~$"),
        )
    if not raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise _fail(
            name,
            T("这不是 Word 文档（.docx）", "This is not a Word document (.docx)"),
            T("请选择 .docx 文件", "Choose a .docx file"),
        )


def _corrupt(name: str, detail: str = "") -> LoadError:
    extra = f"（{detail}）" if detail else ""
    extra_en = f" ({detail})" if detail else ""
    return _fail(
        name,
        T(
            f"文件已损坏，无法作为 .docx 读取{extra}",
            f"The file is damaged and cannot be read as .docx{extra_en}",
        ),
        T(
            "请用 Word 或 WPS 打开（它们会尝试修复），另存为新的 .docx 后再导入",
            "Open it in Word or WPS (they try to repair it), save as a new .docx and import that",
        ),
    )


def _check_directory(name: str, zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _fail(
            name,
            T(
                f"压缩包内文件过多（{len(infos)} 个），不像是 Word 文档",
                f"Too many entries ({len(infos)}) for a Word document",
            ),
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise _fail(
            name,
            T(
                f"解压后体积过大（{total / 1048576:.0f} MB），疑似压缩炸弹，已拒绝读取",
                f"Inflates to {total / 1048576:.0f} MB: refused as a possible zip bomb",
            ),
        )


def _read_part(name: str, zf: zipfile.ZipFile, part: str) -> bytes | None:
    try:
        info = zf.getinfo(part)
    except KeyError:
        return None
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_XML_BYTES or (ratio > MAX_RATIO and info.file_size > 1024 * 1024):
        raise _fail(
            name,
            T(
                f"文档内容 {part} 解压后过大（{info.file_size / 1048576:.0f} MB），疑似压缩炸弹，已拒绝读取",
                f"Part {part} inflates to {info.file_size / 1048576:.0f} MB: refused as a possible zip bomb",
            ),
        )
    try:
        with zf.open(info) as handle:
            data = handle.read(MAX_XML_BYTES + 1)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        zlib.error,
    ) as exc:
        raise _corrupt(name, part) from exc
    except RuntimeError as exc:  # an encrypted zip entry
        raise _corrupt(name, part) from exc
    if len(data) > MAX_XML_BYTES:
        raise _corrupt(name, part)
    return data


def _parse(name: str, data: bytes, part: str) -> Any:
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _corrupt(name, f"{part}: {exc.msg}") from None


def _rels(name: str, zf: zipfile.ZipFile, source: str) -> dict[str, str]:
    """Relationship type suffix -> target part, for the part ``source``."""
    folder, base = posixpath.split(source)
    data = _read_part(name, zf, posixpath.join(folder, "_rels", f"{base}.rels"))
    if data is None:
        return {}
    out: dict[str, str] = {}
    for rel in _parse(name, data, "rels").iter(f"{{{REL_NS}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out.setdefault(kind, posixpath.normpath(path))
    return out


def _what_else(names: set[str]) -> T | None:
    if "mimetype" in names and any(n.startswith("content.xml") for n in names):
        return T(
            "这是 OpenDocument 文档（.odt 等），不是 .docx",
            "This is an OpenDocument file (.odt…), not .docx",
        )
    if any(n.startswith("xl/") for n in names):
        return T("这是 Excel 文件，不是 Word 文档", "This is an Excel file, not a Word document")
    if any(n.startswith("ppt/") for n in names):
        return T(
            "这是 PowerPoint 文件，不是 Word 文档", "This is a PowerPoint file, not a Word document"
        )
    return None


def open_docx(path: str | Path) -> DocxPackage:
    """Read the document, style and numbering parts; raise ``LoadError`` with a clear message."""
    p = Path(path)
    name = str(p)
    raw = _read_raw(p)
    _sniff(p, raw)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _corrupt(name) from exc
    try:
        with zf:
            return _read_package(name, zf)
    except LoadError:
        raise
    except Exception as exc:  # a malformed archive can fail in many ways; all mean "damaged"
        raise _corrupt(name) from exc


def _read_package(name: str, zf: zipfile.ZipFile) -> DocxPackage:
    _check_directory(name, zf)
    names = set(zf.namelist())
    main = _rels(name, zf, "").get("officeDocument")
    if main is None or main not in names:
        main = "word/document.xml" if "word/document.xml" in names else None
    if main is None:
        other = _what_else(names)
        if other is not None:
            raise _fail(name, other, SAVE_AS_DOCX)
        raise _fail(
            name,
            T(
                "压缩包中没有 Word 正文，这不是 .docx 文档",
                "No Word body in the archive: not a .docx",
            ),
            T("请选择 .docx 文件", "Choose a .docx file"),
        )
    data = _read_part(name, zf, main)
    assert data is not None
    document = _parse(name, data, main)
    if document.find(f"{{{W}}}body") is None:
        if document.find(f"{{{STRICT_W}}}body") is not None:
            raise _fail(
                name,
                T(
                    "文档使用“严格 Open XML”格式，暂不支持",
                    "The document uses Strict Open XML, which is not supported",
                ),
                T(
                    "请在 Word 中另存为“Word 文档 (*.docx)”后再导入",
                    "Save it in Word as 'Word Document (*.docx)', then import that",
                ),
            )
        raise _corrupt(name)
    rels = _rels(name, zf, main)
    styles = numbering = None
    if "styles" in rels:
        raw_styles = _read_part(name, zf, rels["styles"])
        styles = _parse(name, raw_styles, rels["styles"]) if raw_styles else None
    if "numbering" in rels:
        raw_num = _read_part(name, zf, rels["numbering"])
        numbering = _parse(name, raw_num, rels["numbering"]) if raw_num else None
    media = sum(1 for n in names if n.startswith("word/media/") or n.startswith("word/embeddings/"))
    return DocxPackage(name, document, styles, numbering, media, _written_by(name, zf))


def _written_by(name: str, zf: zipfile.ZipFile) -> str:
    part = _rels(name, zf, "").get("core-properties")
    data = _read_part(name, zf, part) if part else None
    if not data:
        return ""
    try:
        core = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        return ""  # damaged properties do not make the document unreadable
    node = core.find(
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy"
    )
    return (node.text or "").strip() if node is not None else ""
