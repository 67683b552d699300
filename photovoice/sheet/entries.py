"""content/ -> one row of values per participant, photo, city and theme.

Read with the loader's own YAML reader, so a value means here what it means to `check`.
A withdrawn participant's row holds only their folder and consent; a withdrawn photo's
only its participant, file and publish: their words never leave participant.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Mapping

from ..diagnostics import ContentError, Diagnostic, display_path
from ..load import LANGUAGE_TAG
from ..yamlsource import LinedMapping, Source
from .columns import FLAG, KEY, LIST, TRANSLATION, Column, Table, exhibition_tables


@dataclass(frozen=True)
class Entry:
    """One row: where it lives in the content and the value of each column."""

    table: str
    key: tuple[str, ...]        # ("amal-haddad", "IMG_1.jpg"): what names the row
    file: Path                  # the YAML file it is written in
    path: tuple[Any, ...]       # where in that file: ("photos", 2), ("cities", "brandon"), ()
    values: Mapping[str, Any]   # column key -> the value as the sheet shows it
    withdrawn: bool = False


@dataclass(frozen=True)
class Content:
    content_dir: Path
    languages: tuple[str, ...]
    tables: tuple[Table, ...]
    entries: Mapping[str, tuple[Entry, ...]]   # table name -> rows, in file order
    texts: Mapping[Path, str] = field(default_factory=dict)  # each YAML file as read

    def shown(self, path: Path) -> str:
        return display_path(path, self.content_dir)


def read_content(content_dir: Path) -> Content:
    """Every row of the workbook, or a ContentError if a YAML file cannot be read at all."""
    content_dir = Path(content_dir)
    texts: dict[Path, str] = {}
    problems: list[Diagnostic] = []
    exhibition_file = content_dir / "exhibition.yaml"
    exhibition = _parse(exhibition_file, content_dir, texts, problems)
    languages = _languages(exhibition)
    tables = exhibition_tables(languages)
    by_name = {table.name: table for table in tables}
    entries: dict[str, list[Entry]] = {table.name: [] for table in tables}
    for name in ("cities", "themes"):
        section = exhibition.get(name) if isinstance(exhibition, LinedMapping) else None
        for slug, data in (section.items() if isinstance(section, LinedMapping) else ()):
            entries[name].append(Entry(name, (str(slug),), exhibition_file, (name, slug),
                                       row_values(by_name[name], data, (str(slug),))))
    for folder in _participant_folders(content_dir):
        data = _parse(folder / "participant.yaml", content_dir, texts, problems)
        _add_participant(folder, data, by_name, entries)
    if problems:
        raise ContentError(problems)
    return Content(content_dir, languages, tables,
                   {name: tuple(rows) for name, rows in entries.items()}, texts)


def _parse(path: Path, content_dir: Path, texts: dict[Path, str],
           problems: list[Diagnostic]) -> Any:
    shown_as = display_path(path, content_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None  # the loader's reader says what is wrong
    source = Source(path, shown_as, text)
    data = source.parse()
    problems += source.diagnostics
    if text is not None:
        texts[path] = text
    return data


def _languages(exhibition: Any) -> tuple[str, ...]:
    value = exhibition.get("languages") if isinstance(exhibition, LinedMapping) else None
    if isinstance(value, list) and value and all(
            isinstance(lang, str) and LANGUAGE_TAG.match(lang) for lang in value):
        return tuple(dict.fromkeys(value))
    return ("en", "fr")


def _participant_folders(content_dir: Path) -> list[Path]:
    folder = content_dir / "participants"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and (p / "participant.yaml").is_file())


def _add_participant(folder: Path, data: Any, tables: Mapping[str, Table],
                     entries: dict[str, list[Entry]]) -> None:
    if not isinstance(data, LinedMapping):
        return
    yaml_file = folder / "participant.yaml"
    consent = data.get("consent")
    withdrawn = isinstance(consent, LinedMapping) and consent.get("publish") is False
    key = (folder.name,)
    entries["participants"].append(Entry(
        "participants", key, yaml_file, (),
        row_values(tables["participants"], data, key, only_consent=withdrawn), withdrawn))
    photos = data.get("photos")
    if withdrawn or not isinstance(photos, list):
        return
    for index, photo in enumerate(photos):
        if not isinstance(photo, LinedMapping) or not isinstance(photo.get("file"), str):
            continue
        photo_key = (folder.name, photo["file"])
        gone = photo.get("publish") is False
        entries["photos"].append(Entry(
            "photos", photo_key, yaml_file, ("photos", index),
            row_values(tables["photos"], photo, photo_key, withdrawn_photo=gone), gone))


def row_values(table: Table, data: Any, key: tuple[str, ...], only_consent: bool = False,
               withdrawn_photo: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = dict(zip((c.key for c in table.keys), key))
    for column in table.columns:
        if column.kind == KEY:
            continue
        if only_consent and not column.key.startswith("consent."):
            values[column.key] = ""
        elif withdrawn_photo and column.key != "publish":
            values[column.key] = ""
        else:
            values[column.key] = cell_value(column, data)
    return values


def cell_value(column: Column, data: Any) -> Any:
    """What the sheet shows for `column` of the YAML mapping `data`."""
    if not isinstance(data, dict):
        return ""
    if column.kind == TRANSLATION:
        value = data.get(column.field)
        if isinstance(value, dict):
            value = value.get(column.lang)
        return shown(value)
    value: Any = data
    for part in column.key.split("."):
        parent, value = value, value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool) and column.kind != FLAG:
        # A bare word where text belongs (province: ON) is shown as written, as loaded.
        value = getattr(parent, "boolean_texts", {}).get(part, value)
    if column.kind == LIST and isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    if column.kind == FLAG and value is None and column.key == "publish":
        return "true"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return shown(value)


def shown(value: Any) -> str:
    """A YAML scalar as text: true/false, numbers as written, nothing for none."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime) and not value.time():  # a date a spreadsheet typed
        return value.date().isoformat()
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def same(a: Any, b: Any) -> bool:
    """Whether a cell and a content value say the same thing."""
    return canonical(a) == canonical(b)


def canonical(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered
    return shown(value)
