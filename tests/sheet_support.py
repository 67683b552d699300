"""Helpers for the spreadsheet tests: export, edit a cell as a person would, import."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from photovoice.sheet.export import export_workbook


def exported(content_dir: Path, lang: str = "en") -> Path:
    book = content_dir.parent / "exhibition.xlsx"
    export_workbook(content_dir, book, lang)
    return book


def column_of(ws, header: str) -> int:
    headers = [cell.value for cell in ws[1]]
    return headers.index(header) + 1


def row_of(ws, *key: str) -> int:
    for row in ws.iter_rows(min_row=2):
        if tuple(cell.value for cell in row[:len(key)]) == key:
            return row[0].row
    raise AssertionError(f"no row {key} in {ws.title}")


def edit_cell(book: Path, sheet: str, key: tuple[str, ...], header: str, value) -> str:
    """Type `value` into a cell, as text; returns the cell's name (D12)."""
    workbook = load_workbook(book)
    ws = workbook[sheet]
    cell = ws.cell(row=row_of(ws, *key), column=column_of(ws, header))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # typed as text, as a spreadsheet keeps a quoted entry
    workbook.save(book)
    return cell.coordinate


def cell_value(book: Path, sheet: str, key: tuple[str, ...], header: str):
    ws = load_workbook(book)[sheet]
    return ws.cell(row=row_of(ws, *key), column=column_of(ws, header)).value
