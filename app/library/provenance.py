"""Which version of a plan a filing package (备案材料) was built from.

``source_version(plan_path)`` names the recorded version of the plan file (its version
id and, when the content is that of a release, the release name), and refuses a plan
with edits not yet recorded unless told otherwise: a package filed with the authority
must be traceable to a version in the library's history. ``stamp_docx`` writes it into
a Word file's document properties (version and identifier; Word shows them under
文件 → 信息 → 属性), so nothing of it appears on the printed page.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from app.i18n import T
from app.library.history import releases
from app.library.repo import HistoryError, LibraryRepo


class UncommittedChanges(HistoryError):
    """The plan file differs from its recorded version."""


@dataclass(frozen=True)
class SourceVersion:
    commit: str  # the version id
    release: str | None  # the release whose content this is, if any
    recorded: bool  # False: built from edits not recorded as a version

    def describe(self) -> T:
        short = self.commit[:8]
        if not self.recorded:
            return T(
                f"含未记录的修改（最近的版本 {short}）",
                f"with unrecorded edits (latest version {short})",
            )
        if self.release:
            return T(
                f"发布版本 {self.release}（版本号 {short}）", f"release {self.release} ({short})"
            )
        return T(f"未发布的版本 {short}", f"unreleased version {short}")


def source_version(path: str | Path, *, allow_uncommitted: bool = False) -> SourceVersion | None:
    """The library version the plan file holds; None when its folder keeps no versions."""
    plan_path = Path(path)
    library = LibraryRepo.find(plan_path)
    if library is None:
        return None
    with library:
        rel = library.rel(plan_path)
        head = library.head()
        dirty = bool(library.pending(only=[rel]))
        if dirty and not allow_uncommitted:
            raise UncommittedChanges(
                str(plan_path),
                T("预案有尚未记录为版本的修改", "The plan has edits not recorded as a version"),
                hint=T(
                    "请先在编辑器中保存（或同步预案库）以记录版本，再生成备案材料；"
                    "确需按当前文件生成时加 --allow-uncommitted",
                    "Save it in the editor (or sync the library) to record a version first; "
                    "add --allow-uncommitted to build from the file as it is",
                ),
            )
        if head is None:
            return SourceVersion("0" * 40, None, False)
        blob = library.blob_at(head, rel)
        name = None
        for release in reversed(releases(library, rel)):
            if library.blob_at(release.commit.encode(), rel) == blob:  # type: ignore[arg-type]
                name = release.name
                break
    return SourceVersion(head.decode(), name, not dirty)


_CORE = "docProps/core.xml"


def stamp_docx(data: bytes, source: SourceVersion) -> bytes:
    """The Word file with the version in its core properties (cp:version, dc:identifier)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            parts = {info.filename: package.read(info) for info in infos}
    except zipfile.BadZipFile:
        return data
    core = parts.get(_CORE)
    if core is None:
        return data
    text = core.decode("utf-8")
    version = escape(source.release or "")
    ident = escape(source.commit)
    text = _set(text, "cp:version", version)
    text = _set(text, "dc:identifier", ident)
    parts[_CORE] = text.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for info in infos:
            package.writestr(info, parts[info.filename])
    return out.getvalue()


def _set(xml: str, tag: str, value: str) -> str:
    pattern = re.compile(rf"<{tag}(?:\s[^>]*)?/>|<{tag}(?:\s[^>]*)?>.*?</{tag}>", re.DOTALL)
    element = f"<{tag}>{value}</{tag}>"
    if pattern.search(xml):
        return pattern.sub(element, xml, count=1)
    return xml.replace("</cp:coreProperties>", f"{element}</cp:coreProperties>")
