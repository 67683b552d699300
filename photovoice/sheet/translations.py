"""`photovoice sheet translations`: only the texts still missing in a language, for a
translator, each beside its source; importing the file back fills exactly those fields.

As a workbook (one sheet, Translations) or as XLIFF 2.0 for translation tools. A field
someone filled in the meantime is left as it is, with a warning.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..diagnostics import N_, ContentError, Diagnostic, Severity, said
from ..write import write_atomically
from ..written import note_written
from .book import Sheet, load_openpyxl, read_workbook, workbook_bytes
from .changes import (
    Edits, FieldChange, ImportReport, Located, apply_changes, check_and_write,
)
from .columns import (
    INTERFACE_LANGUAGES, TRANSLATION, TRANSLATIONS, folded, sheet_name, tables_by_sheet_name,
)
from .entries import Content, Entry, read_content, shown
from .guard import check_replaceable

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"

README = {
    "en": ["Each row is a text still missing in one language, with its source beside it.",
           "Write the translation in the Translation column, then run: "
           "photovoice sheet import THIS-FILE.xlsx",
           "Only the Translation column is read back; an empty cell changes nothing."],
    "fr": ["Chaque ligne est un texte qui manque encore dans une langue, à côté de sa source.",
           "Écrivez la traduction dans la colonne Traduction, puis lancez : "
           "photovoice sheet import CE-FICHIER.xlsx",
           "Seule la colonne Traduction est relue; une cellule vide ne change rien."],
}


@dataclass(frozen=True)
class Missing:
    """One text to translate."""

    entry: Entry
    field: str
    lang: str
    source_lang: str
    source: str

    def row(self, lang: str) -> list[Any]:
        return [sheet_name(self.entry.table, lang), " / ".join(self.entry.key), self.field,
                self.lang, self.source_lang, self.source, ""]


def missing_texts(content: Content, to: str, source_first: str | None = None) -> list[Missing]:
    """Every translatable text of a published row with no `to` version."""
    order = [lang for lang in ((source_first,) if source_first else ()) + content.languages
             if lang and lang != to]
    found = []
    for table in content.tables:
        fields = dict.fromkeys(c.field for c in table.columns if c.kind == TRANSLATION)
        for entry in content.entries[table.name]:
            if entry.withdrawn:
                continue
            for name in fields:
                if entry.values.get(f"{name}.{to}", None) != "":
                    continue
                source_lang = next((lang for lang in order if entry.values.get(f"{name}.{lang}")),
                                   None)
                if source_lang:
                    found.append(Missing(entry, name, to, source_lang,
                                         entry.values[f"{name}.{source_lang}"]))
    return found


def export_translations(content_dir: Path, dest: Path, to: str, lang: str = "en",
                        source_first: str | None = None, replace: bool = False
                        ) -> list[Missing]:
    """Write the texts missing in `to` as a workbook, or as XLIFF 2.0 when dest ends .xlf.

    With nothing missing, nothing is written. An existing `dest` holding translations not
    yet imported is kept, with an UnimportedEdits, unless `replace`."""
    content = read_content(content_dir)
    if to not in content.languages:
        raise ContentError([Diagnostic.of(
            content.shown(content.content_dir / "exhibition.yaml"), None, "languages",
            said("'{lang}' is not one of this exhibition's languages ({languages})", lang=to,
                 languages=", ".join(content.languages)))])
    missing = missing_texts(content, to, source_first)
    if not missing:
        return missing
    if not replace:
        check_replaceable(Path(dest), partial(translation_edits, content))
    if Path(dest).suffix.lower() in (".xlf", ".xliff"):
        write_atomically(Path(dest), _xliff(missing, to))
    else:
        sheet = Sheet(TRANSLATIONS, [m.row(lang) for m in missing])
        write_atomically(Path(dest), workbook_bytes([sheet], lang, README[lang]))
    note_written(content_dir, (Path(dest),), {m.entry.key[0] for m in missing
                                              if m.entry.table in ("participants", "photos")})
    return missing


def _xliff(missing: list[Missing], to: str) -> bytes:
    """XLIFF 2.0: one document has one source language, so the most common one."""
    sources = [m.source_lang for m in missing] or ["en"]
    source = max(set(sources), key=sources.count)
    ElementTree.register_namespace("", XLIFF)
    root = ElementTree.Element(f"{{{XLIFF}}}xliff", version="2.0", srcLang=source, trgLang=to)
    file = ElementTree.SubElement(root, f"{{{XLIFF}}}file", id="exhibition")
    for number, item in enumerate((m for m in missing if m.source_lang == source), start=1):
        unit = ElementTree.SubElement(file, f"{{{XLIFF}}}unit", id=f"u{number}",
                                      name=_unit_name(item.entry, item.field))
        segment = ElementTree.SubElement(unit, f"{{{XLIFF}}}segment")
        ElementTree.SubElement(segment, f"{{{XLIFF}}}source").text = item.source
        ElementTree.SubElement(segment, f"{{{XLIFF}}}target").text = ""
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _unit_name(entry: Entry, field: str) -> str:
    return "|".join((entry.table, *entry.key, field))


def import_translations(content_dir: Path, path: Path, dry_run: bool = False) -> ImportReport:
    """Fill the translated fields of a translations workbook or XLIFF file."""
    content = read_content(content_dir)
    edits = translation_edits(content, Path(path))
    return check_and_write(content, apply_changes(content, edits.changes), edits.located,
                           edits.changes, edits.problems, dry_run)


def translation_edits(content: Content, path: Path) -> Edits:
    """The translations a file holds that the content does not, unchecked by the loader."""
    located = Located(Path(path).as_posix())
    if Path(path).suffix.lower() in (".xlf", ".xliff"):
        rows, problems = _xliff_rows(Path(path), located.shown)
    else:
        rows, problems = _workbook_rows(content, Path(path), located.shown)
    changes, more = _changes(content, rows, located)
    readable = not any(p.severity is Severity.ERROR and not p.field for p in problems)
    return Edits(changes, problems + more, located, readable and is_translations(path))


# (table, row key, field, lang, translation, cell)
Row = tuple[str, tuple[str, ...], str, str, str, str]


def _workbook_rows(content: Content, path: Path, shown_as: str
                   ) -> tuple[list[Row], list[Diagnostic]]:
    own = [sheet_name("readme", lang) for lang in INTERFACE_LANGUAGES]
    found, problems = read_workbook(path, (TRANSLATIONS,), shown_as, own)
    tables = tables_by_sheet_name(content.tables)
    rows: list[Row] = []
    sheet = found.get("translations")
    for number, values in sheet.rows if sheet else ():
        table = tables.get(folded(shown(values.get("table", ""))))
        rows.append((table.name if table else shown(values.get("table", "")),
                     tuple(shown(values.get("row", "")).split(" / ")),
                     shown(values.get("field", "")), shown(values.get("lang", "")),
                     shown(values.get("translation", "")), sheet.cell(number, "translation")))
    return rows, problems


def _xliff_rows(path: Path, shown_as: str) -> tuple[list[Row], list[Diagnostic]]:
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError) as error:
        return [], [Diagnostic.of(shown_as, None, "", said("cannot be read as XLIFF ({error})",
                                                           error=str(error)))]
    to = root.get("trgLang", "")
    rows: list[Row] = []
    for unit in root.iter(f"{{{XLIFF}}}unit"):
        table, *key, field = (unit.get("name") or "||").split("|")
        target = "".join("".join(t.itertext()) for t in unit.iter(f"{{{XLIFF}}}target"))
        rows.append((table, tuple(key), field, to, target.strip(), f"unit {unit.get('id')}"))
    return rows, []


def _changes(content: Content, rows: list[Row], located: Located
             ) -> tuple[list[FieldChange], list[Diagnostic]]:
    new: dict[tuple[str, tuple, str], dict[str, Any]] = {}
    cells: dict[tuple[str, tuple, str], dict[str, str]] = {}
    problems: list[Diagnostic] = []
    for table, key, field, lang, text, cell in rows:
        if not text:
            continue
        where = f"{located.shown}:{cell}"
        entry = _entry(content, table, key)
        column = f"{field}.{lang}"
        if entry is None or entry.withdrawn or column not in entry.values:
            problems.append(Diagnostic(where, None, column, N_(
                "no such text to translate in the content (was the row's sheet, row or field "
                "changed?)")))
            continue
        if entry.values[column] not in ("", text):
            problems.append(Diagnostic(where, None, column, N_(
                "was translated in the content meanwhile; that translation was kept"),
                Severity.WARNING))
            continue
        new.setdefault((table, key, field), {}).update({column: text})
        cells.setdefault((table, key, field), {})[column] = cell
        located.rows.setdefault((table, key), {})[column] = cell
    changes = []
    for (table, key, field), texts in new.items():
        entry = _entry(content, table, key)
        old = {k: v for k, v in entry.values.items() if k.startswith(field + ".")
               and k.rpartition(".")[0] == field}
        changes.append(FieldChange(entry, field, TRANSLATION, old, {**old, **texts},
                                   cells[(table, key, field)]))
    return changes, problems


def _entry(content: Content, table: str, key: tuple[str, ...]) -> Entry | None:
    return next((e for e in content.entries.get(table, ()) if e.key == key), None)


def is_translations(path: Path) -> bool:
    """Whether `path` is a translations file rather than the whole exhibition's workbook."""
    if Path(path).suffix.lower() in (".xlf", ".xliff"):
        return True
    load_openpyxl()
    from openpyxl import load_workbook

    try:
        names = load_workbook(path, read_only=True).sheetnames
    except Exception:  # not a workbook: the exhibition's import says so
        return False
    return any(folded(name) == folded(sheet_name("translations", lang))
               for name in names for lang in INTERFACE_LANGUAGES)
