"""Tables a user hands on, written as CSV (the main table) or XLSX (every table, one sheet each)."""

import csv
import io
from dataclasses import dataclass, field

# A cell starting with one of these is a formula to Excel and LibreOffice: quote it (OWASP CSV injection).
_FORMULA_START = ("=", "+", "@", "\t", "\r")
MAX_WIDTH = 80


@dataclass
class Sheet:
    """One table: a title (the XLSX sheet name), column headers with widths, and rows of plain values."""

    title: str
    columns: list[tuple[str, int]]
    rows: list[list] = field(default_factory=list)
    main: bool = False  # the table a CSV download holds

    @property
    def headers(self) -> list[str]:
        return [name for name, _ in self.columns]


def _safe(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def main_sheet(sheets: list[Sheet]) -> Sheet:
    return next((s for s in sheets if s.main), sheets[0])


def to_csv(sheets: list[Sheet]) -> bytes:
    """The main table as UTF-8 CSV with a byte-order mark, so Excel reads the accents right."""
    sheet = main_sheet(sheets)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    writer.writerows([_safe(v) for v in row] for row in sheet.rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: list[Sheet]) -> bytes:
    """A workbook with one formatted sheet per table: bold frozen header, autofilter, column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    for sheet in sheets:
        ws = book.create_sheet(_sheet_title(sheet.title, book.sheetnames))
        ws.append(sheet.headers)
        for row in sheet.rows:
            ws.append([_safe(v) for v in row])
        for cell in ws[1]:
            cell.font, cell.fill = header_font, header_fill
        for index, (_, width) in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)
            if width >= 40:  # long prose columns wrap instead of running off the screen
                for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        if sheet.columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(ws.max_row, 1)}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, taken: list[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join("-" if c in "[]:*?/\\" else c for c in title)[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate in taken:
        candidate, n = f"{clean[:28]} {n}", n + 1
    return candidate


FORMATS = {"csv": ("text/csv; charset=utf-8", to_csv),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx)}
