"""Rows <-> workbooks: .xlsx through openpyxl, and .csv for those without a spreadsheet.

Every text goes in as text: a caption that starts with = + - or @ is stored as a string
with the quote prefix, so no spreadsheet program ever runs it as a formula, and it comes
back as written. Reading, a formula, merged cells, a repeated or unknown column and a
sheet of no known name are each reported by their sheet and cell.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..diagnostics import N_, Diagnostic, Severity, said
from .columns import (
    KEY, LIST, LONG, TRANSLATION, Column, Table, columns_by_header, folded, header, sheet_name,
    tables_by_sheet_name, typeset_words,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_WIDTHS = {KEY: 22, TRANSLATION: 48, LIST: 30, LONG: 64}
_MISSING_FILL = "FFF2CC"   # a pale yellow: a translation or an alt text to write
_HEADER_FILL = "DDEBF7"


def load_openpyxl() -> None:
    """Import openpyxl without numpy, when nothing imported numpy before.

    openpyxl imports numpy, if installed, only to accept numpy numbers in cells, which
    photovoice never gives it, and importing numpy is a large share of an export. A None in
    sys.modules makes `import numpy` fail as if it were not installed, for that moment.
    """
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


@dataclass(frozen=True)
class Sheet:
    """One table's cells to write: a header, rows of values, and the cells to highlight."""

    table: Table
    rows: Sequence[Sequence[Any]]
    highlighted: frozenset[tuple[int, int]] = frozenset()   # (row index, column index)
    choices: dict[str, str] = field(default_factory=dict)   # choices name -> list formula
    note: str = ""


def workbook_bytes(sheets: Iterable[Sheet], lang: str, readme: Sequence[str] = ()) -> bytes:
    load_openpyxl()
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write_sheet(book, sheet, lang)
    if readme:
        notes = book.create_sheet(sheet_name("readme", lang))
        notes.column_dimensions["A"].width = 110
        for number, line in enumerate(readme, start=1):
            put(notes.cell(row=number, column=1), typeset_words(line, lang), wrap=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(book, sheet: Sheet, lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    table = sheet.table
    ws = book.create_sheet(sheet_name(table.name, lang))
    bold, head_fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
    missing = PatternFill("solid", fgColor=_MISSING_FILL)
    for index, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=index)
        put(cell, header(column, lang))
        cell.font, cell.fill = bold, head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(column.kind, 16)
    for row_index, row in enumerate(sheet.rows):
        for column_index, value in enumerate(row):
            cell = ws.cell(row=row_index + 2, column=column_index + 1)
            put(cell, value, wrap=True)
            if (row_index, column_index) in sheet.highlighted:
                cell.fill = missing
    ws.row_dimensions[1].height = 30  # two lines: "Consentement : publier" wraps
    ws.freeze_panes = ws.cell(row=2, column=len(table.keys) + 1)
    _add_choices(ws, table, sheet.choices, len(sheet.rows))


def put(cell, value: Any, wrap: bool = False) -> None:
    """A value into a cell; text stays text even when it starts like a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    if wrap:
        cell.alignment = _wrapped()


@lru_cache(maxsize=1)
def _wrapped():
    """One alignment for every wrapped cell: openpyxl stores styles by value anyway, and
    making one for each cell would be most of writing it."""
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


def _add_choices(ws, table: Table, choices: dict[str, str], count: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = max(count + 1, 2) + 200  # room for rows typed below
    for index, column in enumerate(table.columns, start=1):
        formula = choices.get(column.choices)
        if not formula:
            continue
        # Themes are a list and language codes an open set: the list offers, never refuses.
        strict = column.choices in ("credit", "flag", "city")
        validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                    showErrorMessage=strict,
                                    errorStyle="stop" if strict else "information")
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(validation)


def csv_bytes(sheet: Sheet, lang: str) -> bytes:
    """One sheet as UTF-8 CSV (with a byte-order mark, which Excel needs to read UTF-8).

    CSV has no text type, so a cell starting with = + - or @ gets an apostrophe in front,
    as spreadsheet programs show it; reading back removes it.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header(c, lang) for c in sheet.table.columns])
    for row in sheet.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> str:
    if not isinstance(value, str):
        return "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass
class SheetRows:
    """A table read back: each row's values and the cell each came from."""

    table: Table
    sheet: str                                   # the sheet's name as the workbook has it
    columns: tuple[Column, ...] = ()             # the columns the sheet has
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row, values)
    letters: dict[str, str] = field(default_factory=dict)                 # column key -> A

    def cell(self, row: int, key: str) -> str:
        return f"{self.sheet}!{self.letters.get(key, 'A')}{row}"


def read_workbook(path: Path, tables: Sequence[Table], shown: str, own_sheets: Iterable[str] = ()
                  ) -> tuple[dict[str, SheetRows], list[Diagnostic]]:
    """The known tables of the workbook at `path`, and every problem found reading it."""
    load_openpyxl()
    from openpyxl import load_workbook

    problems: list[Diagnostic] = []
    try:
        book = load_workbook(path, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        return {}, [Diagnostic.of(shown, None, "", said(
            "cannot be read as an .xlsx workbook ({error}); save it from the spreadsheet "
            "program as Excel (.xlsx)", error=str(error)))]
    known = tables_by_sheet_name(tuple(tables))
    ignored = {folded(name) for name in own_sheets}
    found: dict[str, SheetRows] = {}
    for ws in book.worksheets:
        table = known.get(folded(ws.title))
        if table is None or table.name in found:
            if folded(ws.title) not in ignored:
                problems.append(Diagnostic(f"{shown}:{ws.title}", None, "",
                                           N_("is not a sheet photovoice knows; it was "
                                              "ignored"),
                                           Severity.WARNING))
            continue
        found[table.name] = _read_sheet(ws, table, shown, problems)
    return found, problems


def _read_sheet(ws, table: Table, shown: str, problems: list[Diagnostic]) -> SheetRows:
    from openpyxl.utils import get_column_letter

    rows = SheetRows(table, ws.title)
    for merged in ws.merged_cells.ranges:
        problems.append(Diagnostic(f"{shown}:{ws.title}!{merged.coord}", None, "",
                                   N_("merged cells: unmerge them, each cell holds one "
                                      "value")))
    by_header = columns_by_header(table)
    positions: dict[int, Column] = {}
    for cell in ws[1] if ws.max_row >= 1 else ():
        if cell.value is None or str(cell.value).strip() == "":
            continue
        where = f"{shown}:{ws.title}!{cell.coordinate}"
        column = by_header.get(folded(str(cell.value)))
        if column is None:
            problems.append(Diagnostic.of(where, None, "", said(
                "the column '{column}' is not one photovoice knows; it was ignored",
                column=str(cell.value)), Severity.WARNING))
        elif column.key in rows.letters:
            problems.append(Diagnostic(where, None, column.key,
                                       N_("this column appears twice")))
        else:
            positions[cell.column] = column
            rows.letters[column.key] = get_column_letter(cell.column)
    rows.columns = tuple(positions.values())
    for key in table.keys:
        if key.key not in rows.letters:
            problems.append(Diagnostic(f"{shown}:{ws.title}!A1", None, key.key,
                                       N_("this column names each row and is missing")))
    for row in ws.iter_rows(min_row=2):
        values = {}
        for cell in row:
            column = positions.get(cell.column)
            if column is None:
                continue
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.data_type == "f"):
                problems.append(Diagnostic(f"{shown}:{ws.title}!{cell.coordinate}", None,
                                           column.key, N_("is a formula; type the text "
                                                          "itself")))
                continue
            values[column.key] = _cell_text(cell.value)
        if any(value not in ("", None) for value in values.values()):
            rows.rows.append((row[0].row, values))
    return rows


def _cell_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value
