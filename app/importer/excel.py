"""Excel and CSV registers (.xlsx / .csv) → contacts, resources, teams, experts, shelters.

Each sheet is read as a grid (merged cells spread the way Word tables are), then the same
header reading as Word tables finds its title row, one or two header rows and the register
it holds (``tables.read_table``), and the same conversions turn its rows into register
entries (``registers.Registers``). The column mapping is a guess from the headers; the
caller may give its own (``Mapping``) and remember it for sheets with the same headers
(``MappingMemory``, a JSON file the caller names, so this stays free of Qt and of paths).

Bad files raise ``LoadError`` naming the file, the sheet and the row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.i18n import T
from app.importer.blocks import Cell, Table
from app.importer.progress import ProgressHook, Ticker
from app.importer.registers import MODELS, Registers
from app.importer.report import PART_NAMES, ImportReport
from app.importer.tables import FIELDS, TableRead, norm_header, read_table
from app.model.plan import Plan
from app.storage.errors import LoadError
from app.storage.guard import read_input

REGISTER_PARTS = ("contacts", "resources", "teams", "experts", "shelters")
MAX_EXCEL_BYTES = 50 * 1024 * 1024
MAX_CELLS = 2_000_000  # rows × columns of one workbook: a register, not a database dump
MAX_INFLATED = 512 * 1024 * 1024  # every part, inflated, as the zip directory declares
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Mapping:
    """Which register a sheet holds and which header feeds which field."""

    part: str
    columns: dict[str, str]  # field -> header text as the sheet prints it

    def to_json(self) -> dict[str, Any]:
        return {"part": self.part, "columns": dict(self.columns)}

    @staticmethod
    def from_json(data: Any) -> Mapping | None:
        if not isinstance(data, dict) or data.get("part") not in REGISTER_PARTS:
            return None
        cols = data.get("columns")
        if not isinstance(cols, dict):
            return None
        fields = FIELDS[data["part"]]
        good = {str(k): str(v) for k, v in cols.items() if k in fields and isinstance(v, str)}
        return Mapping(data["part"], good)


def header_key(headers: list[str]) -> str:
    """The identity of a sheet layout: its headers, normalised, in order."""
    return "|".join(norm_header(h) for h in headers)


class MappingMemory:
    """Mappings the user confirmed, by header layout, in one JSON file (per user)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(raw, dict):
                self._data = raw
        except (OSError, ValueError):
            self._data = {}  # a missing or damaged memory only means guessing again

    def get(self, headers: list[str]) -> Mapping | None:
        return Mapping.from_json(self._data.get(header_key(headers)))

    def remember(self, headers: list[str], mapping: Mapping) -> None:
        self._data[header_key(headers)] = mapping.to_json()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self._data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)


@dataclass
class SheetResult:
    """One sheet as read: what it was taken for and how its columns were mapped."""

    sheet: str
    part: str | None
    headers: list[str]
    mapping: dict[str, str]  # field -> header
    rows: int  # data rows read
    taken: int  # rows that became entries
    remembered: bool = False  # the mapping came from the memory
    skipped_rows: list[int] = field(default_factory=list)  # sheet row numbers not taken


@dataclass
class ExcelImport:
    parts: dict[str, list[dict[str, Any]]]
    sheets: list[SheetResult]
    report: ImportReport

    def summary(self) -> T:
        taken = [s for s in self.sheets if s.part]
        zh = "、".join(f"{PART_NAMES[s.part].zh} {s.taken} 行" for s in taken if s.part)
        en = ", ".join(f"{PART_NAMES[s.part].en} {s.taken} rows" for s in taken if s.part)
        left = len(self.sheets) - len(taken)
        return T(
            f"读取了 {len(self.sheets)} 个工作表：{zh or '没有识别出名录'}"
            + (f"；{left} 个工作表未导入" if left else "")
            + "。",
            f"Read {len(self.sheets)} sheets: {en or 'no register recognised'}"
            + (f"; {left} sheets not imported" if left else "")
            + ".",
        )

    def messages(self) -> list[T]:
        """What the CLI prints and the review shows: the summary, each sheet, the warnings."""
        out = [self.summary()]
        for sheet in self.sheets:
            if sheet.part is None:
                continue
            labels = field_labels(sheet.part)
            cols = "、".join(f"{h}→{labels.get(f, f)}" for f, h in sheet.mapping.items())
            cols_en = ", ".join(f"{h}→{f}" for f, h in sheet.mapping.items())
            how = "（沿用记住的列对应）" if sheet.remembered else ""
            how_en = " (remembered columns)" if sheet.remembered else ""
            label = PART_NAMES[sheet.part]
            out.append(
                T(
                    f"工作表“{sheet.sheet}”：{label.zh} {sheet.taken}/{sheet.rows} 行{how}；列：{cols}",
                    f"sheet '{sheet.sheet}': {label.en} {sheet.taken}/{sheet.rows} rows{how_en}; columns: {cols_en}",
                )
            )
        return out + self.report.notes + self.report.warnings


# --- reading the grid -------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # 13800000001.0 is a phone number
        return f"{value:.10g}"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _fail(name: str, zh: str, en: str, hint: T | None = None) -> LoadError:
    return LoadError(name, T(zh, en), hint=hint)


_SAVE_XLSX = T(
    "请用 Excel 或 WPS 打开，另存为 .xlsx（或 CSV）后再导入",
    "Open it in Excel or WPS, save it as .xlsx (or CSV) and import that",
)


def _xlsx_sheets(name: str, raw: bytes) -> list[tuple[str, Table]]:
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
            total = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile:
        raise _fail(
            name, "文件已损坏，无法作为 .xlsx 读取", "damaged: not a readable .xlsx", _SAVE_XLSX
        ) from None
    if not any(n.startswith("xl/") for n in names):
        word = any(n.startswith("word/") for n in names)
        raise _fail(
            name,
            "这是 Word 文档，不是 Excel 表格；Word 预案请用“导入 Word 预案”"
            if word
            else "这不是 Excel 表格（.xlsx）",
            "this is a Word document, not a workbook" if word else "not an Excel workbook (.xlsx)",
        )
    if total > MAX_INFLATED:
        raise _fail(
            name,
            "解压后体积过大，疑似压缩炸弹，已拒绝读取",
            "inflates too far: refused as a possible zip bomb",
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        OSError,
    ) as exc:
        raise _fail(
            name, f"文件已损坏，无法读取（{type(exc).__name__}）", "damaged workbook", _SAVE_XLSX
        ) from None
    out: list[tuple[str, Table]] = []
    cells = 0
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        height, width = ws.max_row or 0, ws.max_column or 0
        cells += height * width
        if cells > MAX_CELLS:
            raise _fail(
                name,
                f"工作表“{ws.title}”过大（{height} 行 × {width} 列），不像是名录",
                f"sheet '{ws.title}' is too large ({height} × {width}) for a register",
                T(
                    "请只保留名录所在的区域后再导入",
                    "Keep only the register's range and import again",
                ),
            )
        grid = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        rows = [[Cell(t) for t in row] for row in grid]
        for merged in ws.merged_cells.ranges:
            top, left = merged.min_row - 1, merged.min_col - 1
            if top >= len(rows):
                continue
            value = grid[top][left] if left < len(grid[top]) else ""
            span = merged.max_col - merged.min_col + 1
            for r in range(top, min(merged.max_row, len(rows))):
                for c in range(left, min(merged.max_col, len(rows[r]))):
                    rows[r][c] = Cell(value, span=span, first=c == left, continued=r > top)
        out.append((ws.title, Table(_trim(rows))))
    return out


def _trim(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Empty trailing columns and rows away (a formatted sheet reports far more)."""
    rows = [r for r in rows]
    while rows and not any(c.text for c in rows[-1]):
        rows.pop()
    width = max(
        (max((i + 1 for i, c in enumerate(r) if c.text), default=0) for r in rows), default=0
    )
    return [r[:width] + [Cell("") for _ in range(width - len(r))] for r in rows]


def _title_lines(table: Table) -> tuple[Table, str]:
    """Lines above the header holding one cell only (应急物资储备表 typed in A1, a date or
    a unit under it) are the sheet's title, not its header."""
    rows = table.rows
    if not rows or len(rows[0]) < 2:
        return table, ""
    titles: list[str] = []
    k = 0
    while k < len(rows) - 1:
        filled = [c.text for c in rows[k] if c.text and c.first and not c.continued]
        if len(filled) == 1 and not any(c.span > 1 for c in rows[k] if c.text):
            titles.append(filled[0])
            k += 1
            continue
        if not filled:
            k += 1
            continue
        break
    return (Table(rows[k:], table.header_rows) if k else table), " ".join(titles)


def _decode_csv(name: str, raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _fail(
        name,
        "CSV 文件的编码无法识别（既不是 UTF-8 也不是 GBK）",
        "the CSV is neither UTF-8 nor GBK",
        T("请用 Excel 或 WPS 另存为“CSV UTF-8”或 .xlsx", "Save it as CSV UTF-8 or .xlsx"),
    )


def _csv_sheet(name: str, raw: bytes) -> list[tuple[str, Table]]:
    text = _decode_csv(name, raw)
    if "\0" in text:
        raise _fail(name, "这不是文本格式的 CSV 文件", "not a text CSV file", _SAVE_XLSX)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t，")
    except csv.Error:
        dialect = csv.excel
    try:
        grid = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise _fail(name, f"CSV 格式有误：{exc}", f"malformed CSV: {exc}") from None
    rows = [[Cell(t.strip()) for t in row] for row in grid]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [Cell("") for _ in range(width - len(r))] for r in rows]
    return [(Path(name).stem, Table(_trim(rows)))]


def read_sheets(path: str | Path) -> list[tuple[str, Table]]:
    """Every visible sheet of a workbook (one for a CSV) as a grid of cells."""
    p = Path(path)
    name = str(p)
    raw = read_input(p, max_bytes=MAX_EXCEL_BYTES).data
    if not raw:
        raise _fail(name, "文件是空的", "the file is empty")
    if raw.startswith(OLE2):
        raise _fail(
            name,
            "这是旧版 Excel 文件（.xls）或设置了打开密码，无法直接读取",
            "an old Excel file (.xls) or a password-protected workbook",
            _SAVE_XLSX,
        )
    if raw.startswith(b"PK\x03\x04"):
        return _xlsx_sheets(name, raw)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        raise _fail(
            name, "文件已损坏，无法作为 .xlsx 读取", "damaged: not a readable .xlsx", _SAVE_XLSX
        )
    return _csv_sheet(name, raw)


# --- mapping and reading rows -------------------------------------------------------------


def _apply(read: TableRead, mapping: Mapping) -> TableRead:
    by_header = {norm_header(h): i for i, h in enumerate(read.headers)}
    columns = {
        f: by_header[norm_header(h)]
        for f, h in mapping.columns.items()
        if norm_header(h) in by_header
    }
    used = set(columns.values())
    extra = [i for i, h in enumerate(read.headers) if h and i not in used and i != read.index_col]
    return TableRead(
        mapping.part,
        read.caption,
        read.headers,
        columns,
        read.rows,
        read.groups,
        extra,
        read.index_col,
    )


def _row_numbers(table: Table, data: list[list[str]]) -> list[int]:
    """The sheet row (1-based) each data row came from."""
    out: list[int] = []
    start = 0
    texts = [[c.text for c in r] for r in table.rows]
    for row in data:
        for k in range(start, len(texts)):
            if texts[k][: len(row)] == row[: len(texts[k])]:
                out.append(k + 1)
                start = k + 1
                break
        else:
            out.append(0)
    return out


def import_excel(
    path: str | Path,
    *,
    part: str | None = None,
    mapping: Mapping | None = None,
    memory: MappingMemory | None = None,
    progress: ProgressHook = None,
    unrecognised_ok: bool = False,
    sheet_mappings: dict[str, Mapping] | None = None,
) -> ExcelImport:
    """Read the registers in a workbook. ``part`` limits it to one register; ``mapping``
    fixes the columns of every sheet it fits; ``memory`` supplies remembered mappings.
    ``unrecognised_ok``: a workbook where no sheet is recognised is returned (for a
    review where the user maps the columns) instead of refused; ``sheet_mappings``: the
    mapping the user set for a sheet, by its name (a mapping that takes no column leaves
    the sheet out)."""
    name = str(path)
    if part is not None and part not in REGISTER_PARTS:
        raise _fail(
            name,
            f"不能从表格导入“{part}”，可导入："
            + "、".join(PART_NAMES[p].zh for p in REGISTER_PARTS),
            f"'{part}' cannot be imported from a sheet; use one of: " + ", ".join(REGISTER_PARTS),
        )
    ticker = Ticker(progress, label=T("正在读取表格…", "Reading the workbook…"))
    ticker(0, force=True)
    sheets = read_sheets(path)
    ticker.total = max(1, sum(len(t.rows) for _, t in sheets))
    report = ImportReport()
    registers = Registers(report)
    results: list[SheetResult] = []
    done = 0
    for sheet, table in sheets:
        if not table.rows:
            continue
        table, title = _title_lines(table)
        read = read_table(table, caption=title or sheet)
        chosen = mapping if mapping is not None and (part is None or mapping.part == part) else None
        if sheet_mappings and sheet in sheet_mappings:
            chosen = sheet_mappings[sheet]
        remembered = False
        if chosen is None and memory is not None:
            chosen = memory.get(read.headers)
            remembered = chosen is not None
        if chosen is not None:
            read = _apply(read, chosen)
        elif part is not None and read.part != part:
            read = _apply(read, Mapping(part, _guess(part, read)))
        if read.part not in REGISTER_PARTS or not read.columns:
            results.append(SheetResult(sheet, None, read.headers, {}, len(read.rows), 0))
            report.text_tables += 1
            report.warn(
                T(
                    f"{name}：工作表“{sheet}”未能识别为名录（表头：{' | '.join(h for h in read.headers if h) or '空'}），未导入；"
                    "可指定名录类型和列的对应关系后重新导入。",
                    f"{name}: sheet '{sheet}' was not recognised as a register (headers: {' | '.join(read.headers)}); "
                    "choose the register and the columns and import again.",
                )
            )
            done += len(table.rows)
            ticker(done)
            continue
        assert read.part is not None
        numbers = _row_numbers(table, read.rows)
        taken = 0
        skipped: list[int] = []
        for k, (texts, group) in enumerate(zip(read.rows, read.groups, strict=True)):
            one = TableRead(
                read.part,
                read.caption,
                read.headers,
                read.columns,
                [texts],
                [group],
                read.extra,
                read.index_col,
            )
            keys = [read.columns[f] for f in ("name", "org") if f in read.columns]
            named = any(c < len(texts) and texts[c].strip() for c in keys)
            got = registers.add(one, sheet) if named else 0
            taken += got
            if not got:
                skipped.append(numbers[k])
            ticker(done + k + 1)
        done += len(table.rows)
        report.structured_tables += 1
        report.add_rows(read.part, taken)
        result = SheetResult(
            sheet,
            read.part,
            read.headers,
            {f: read.headers[c] for f, c in read.columns.items()},
            len(read.rows),
            taken,
            remembered,
            skipped,
        )
        results.append(result)
        if skipped:
            rows = "、".join(str(n) for n in skipped[:10] if n) + (
                "等" if len(skipped) > 10 else ""
            )
            report.warn(
                T(
                    f"{name}：工作表“{sheet}”第 {rows} 行没有可用的名称，未导入。",
                    f"{name}: sheet '{sheet}', rows {rows}: no usable name, not imported.",
                )
            )
    if not results:
        raise _fail(name, "表格中没有任何内容", "the workbook is empty")
    if not any(r.part for r in results) and not unrecognised_ok:
        raise _fail(
            name,
            "没有识别出任何名录（通讯录、物资、队伍、专家、避难场所）："
            + "；".join(
                f"工作表“{r.sheet}”表头 {' | '.join(h for h in r.headers if h) or '空'}"
                for r in results
            ),
            "no register recognised in any sheet",
            T(
                "请确认第一行（或标题下的一行）是表头，如“姓名、电话”“物资名称、数量”；或指定名录类型和列",
                "Make sure the first row (or the row under a title) holds headers, or choose the register and columns",
            ),
        )
    data = registers.finish()
    parts = {p: data.get(p, []) for p in REGISTER_PARTS if data.get(p)}
    ticker(ticker.total, force=True)
    return ExcelImport(parts, results, report)


def _guess(part: str, read: TableRead) -> dict[str, str]:
    from app.importer.tables import _map_columns

    cols = _map_columns(part, [[h] for h in read.headers])
    return {f: read.headers[c] for f, c in cols.items()}


def guess_mapping(read_headers: list[str], part: str) -> dict[str, str]:
    """field -> header for ``part`` from these headers (for a mapping dialog)."""
    from app.importer.tables import _map_columns

    cols = _map_columns(part, [[h] for h in read_headers])
    return {f: read_headers[c] for f, c in cols.items()}


def field_for(part: str, name: str) -> str | None:
    """The field a user means by ``name``: its id, its label or a header synonym."""
    name = name.strip()
    labels = field_labels(part)
    if name in labels:
        return name
    by_label = {v: k for k, v in labels.items()}
    if name in by_label:
        return by_label[name]
    key = norm_header(name)
    return next((f for f, (exact, _) in FIELDS[part].items() if key in exact), None)


def field_labels(part: str) -> dict[str, str]:
    """field -> its Chinese label, for the fields a sheet column can feed."""
    model = MODELS[part]
    out: dict[str, str] = {}
    for key in FIELDS[part]:
        info = model.model_fields.get(key.lstrip("_"))  # type: ignore[attr-defined]
        label = info.title if info is not None and info.title else None
        out[key] = label or {"_phone": "联系电话", "_contact": "联系人"}.get(key, key)
    return out


# --- into a plan ------------------------------------------------------------------------


def merge_registers(plan: Plan, result: ExcelImport, *, replace: bool = False) -> Plan:
    """The plan with the imported rows added (or put in place of its own with ``replace``).

    Ids are made afresh so they never clash with the plan's; a contact whose organisation
    names one of the plan's working groups is linked to it."""
    data = plan.model_dump(mode="json", by_alias=True)
    ids: dict[str, str] = {}
    for part in ("contacts", *[p for p in REGISTER_PARTS if p != "contacts"]):
        rows = result.parts.get(part)
        if not rows:
            continue
        if replace and part != "contacts":
            data[part] = []
        if replace and part == "contacts" and "contacts" in result.parts:
            data[part] = [c for c in data[part] if _cited(plan, c["id"])]
        taken = {r["id"] for r in data[part]}
        prefix = {
            "contacts": "c",
            "resources": "m",
            "teams": "t",
            "experts": "e",
            "shelters": "sh",
        }[part]
        n = len(data[part])
        for row in rows:
            row = dict(row)
            n += 1
            new = f"{prefix}{n}"
            while new in taken:
                n += 1
                new = f"{prefix}{n}"
            if part == "contacts":
                ids[row["id"]] = new
            row["id"] = new
            taken.add(new)
            if part != "contacts" and row.get("contact"):
                row["contact"] = ids.get(row["contact"], row["contact"])
            data[part].append(row)
    units = {u.name: u.id for u in plan.organization.units()}
    for row in data["contacts"]:
        if row.get("org") in units and not row.get("org_unit"):
            row["org_unit"] = units[row.pop("org")]
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:  # a bug here must not lose the plan
        raise LoadError(
            "",
            T(
                f"名录无法并入预案：{exc.error_count()} 处数据有误",
                f"{exc.error_count()} values do not fit the plan",
            ),
        ) from None


def _cited(plan: Plan, cid: str) -> bool:
    """A contact the plan's units or steps cite stays when the contacts are replaced."""
    if any(cid in u.contacts for u in plan.organization.units()):
        return True
    if any(cid in s.contacts for p in plan.procedures for s in p.steps):
        return True
    return any(
        getattr(r, "contact", None) == cid
        for p in ("resources", "teams", "shelters")
        for r in getattr(plan, p)
    )
