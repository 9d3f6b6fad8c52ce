"""The plan's registers as an Excel workbook, for units whose master list stays in Excel.

One sheet per register, headed exactly as the plan document prints the table (the same
``parts`` tables, so names stand for ids), which ``app.importer.excel`` reads back.
"""

from __future__ import annotations

from pathlib import Path

from app.export.parts import PART_TITLES, TABLES, Lookup
from app.model.plan import Plan
from app.storage.atomic import write_atomic

EXCEL_PARTS = ("contacts", "resources", "teams", "experts", "shelters")


def _cell(value: object) -> str | int:
    """Text as printed; a small whole number (序号, 人数) as a number Excel can sum.
    Phone numbers stay text: their leading zeros and length matter."""
    text = value if isinstance(value, str) else "\n".join(str(v) for v in value)  # type: ignore[attr-defined]
    if text.isdigit() and len(text) <= 6 and not text.startswith("0"):
        return int(text)
    return text


def registers_xlsx_bytes(plan: Plan, parts: tuple[str, ...] = EXCEL_PARTS) -> bytes:
    """The workbook; a register the plan leaves empty gets no sheet (an empty plan: one)."""
    import io

    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    lookup = Lookup(plan)
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    for part in parts:
        if plan.part_is_empty(part):
            continue
        table = TABLES[part](plan, lookup)
        ws = book.create_sheet(PART_TITLES[part][:31])
        ws.append([c.title for c in table.columns])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
        for row in table.rows:
            ws.append([_cell(v) for v in row])
        for k, column in enumerate(table.columns):
            letter = ws.cell(row=1, column=k + 1).column_letter
            ws.column_dimensions[letter].width = max(6.0, column.weight * 6)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    if not book.worksheets:
        book.create_sheet(PART_TITLES["contacts"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_registers_xlsx(
    plan: Plan, path: str | Path, parts: tuple[str, ...] = EXCEL_PARTS
) -> Path:
    target = Path(path)
    write_atomic(target, registers_xlsx_bytes(plan, parts), backup=False)
    return target
