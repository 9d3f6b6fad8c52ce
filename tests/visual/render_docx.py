"""Render .docx files to PNG pages for looking at them: LibreOffice → PDF → pdftoppm.

    python tests/visual/render_docx.py OUT_DIR FILE.docx [FILE.docx …] [--dpi 50]

Each FILE becomes OUT_DIR/<stem>.pdf and OUT_DIR/<stem>-<page>.png. LibreOffice runs
with a private profile, so it does not collide with another running instance. The
GB2312 fonts are usually absent, so the pages show substitutes: check fonts in the XML.
Exit code 2 when soffice or pdftoppm is missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def tools() -> tuple[str, str] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        return None
    return soffice, pdftoppm


_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub ToPdf(inUrl As String, outUrl As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, args())
  oIdx = oDoc.getDocumentIndexes()
  For i = 0 To oIdx.getCount() - 1
    oIdx.getByIndex(i).update()
  Next
  oDoc.getTextFields().refresh()
  Dim f(0) As New com.sun.star.beans.PropertyValue
  f(0).Name = &quot;FilterName&quot;
  f(0).Value = &quot;writer_pdf_Export&quot;
  oDoc.storeToURL(outUrl, f())
  oDoc.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
"""


def to_pdf(docx: Path, out_dir: Path, timeout: float = 300, update_fields: bool = True) -> Path:
    """Convert with LibreOffice; with ``update_fields`` the TOC is rebuilt first, as Word
    does when it opens the file (``updateFields``), so the pages show real page numbers."""
    found = tools()
    if found is None:
        raise RuntimeError("soffice and pdftoppm are needed")
    soffice, _ = found
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / (docx.stem + ".pdf")
    if pdf.exists():
        pdf.unlink()
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        base = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless"]
        base.append("--norestore")
        if update_fields:
            # a fresh profile is created on first start; then the macro can be installed
            subprocess.run([*base, "--terminate_after_init"], capture_output=True, timeout=timeout)
            module = Path(profile) / "user" / "basic" / "Standard" / "Module1.xba"
            if module.parent.is_dir():
                module.write_text(_MACRO, encoding="utf-8")
                src, dst = docx.resolve().as_uri(), pdf.resolve().as_uri()
                macro = f'macro:///Standard.Module1.ToPdf("{src}","{dst}")'
                subprocess.run([*base, macro], capture_output=True, timeout=timeout)
        if not pdf.exists():  # plain conversion: fields keep their stored values
            subprocess.run(
                [*base, "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx}")
    return pdf


def to_png(pdf: Path, out_dir: Path, dpi: int = 50) -> list[Path]:
    found = tools()
    if found is None:
        raise RuntimeError("soffice and pdftoppm are needed")
    _, pdftoppm = found
    prefix = out_dir / pdf.stem
    for old in out_dir.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def render(docx: Path, out_dir: Path, dpi: int = 50) -> list[Path]:
    return to_png(to_pdf(docx, out_dir), out_dir, dpi)


def contact_sheet(pages: list[Path], out: Path, columns: int = 4) -> Path:
    """All pages side by side in one PNG (grey gaps), to see a document at a glance."""
    from PySide6.QtGui import QColor, QImage, QPainter

    images = [QImage(str(p)) for p in pages]
    if not images:
        raise RuntimeError("no pages")
    w = max(i.width() for i in images)
    h = max(i.height() for i in images)
    gap = 8
    rows = (len(images) + columns - 1) // columns
    cols = min(columns, len(images))
    sheet = QImage(cols * (w + gap) + gap, rows * (h + gap) + gap, QImage.Format.Format_RGB32)
    sheet.fill(QColor(128, 128, 128))
    painter = QPainter(sheet)
    for n, image in enumerate(images):
        r, c = divmod(n, columns)
        painter.drawImage(gap + c * (w + gap), gap + r * (h + gap), image)
    painter.end()
    sheet.save(str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument(
        "--sheet", type=int, metavar="N", help="also write <stem>-sheet-K.png, N pages each"
    )
    args = parser.parse_args(argv)
    if tools() is None:
        print("soffice and pdftoppm are needed", file=sys.stderr)
        return 2
    for docx in args.files:
        pages = render(docx, args.out_dir, args.dpi)
        print(f"{docx}: {len(pages)} page(s) in {args.out_dir}")
        if args.sheet:
            for k in range(0, len(pages), args.sheet):
                out = args.out_dir / f"{docx.stem}-sheet-{k // args.sheet + 1}.png"
                contact_sheet(pages[k : k + args.sheet], out)
                print(f"  {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
