"""`photovoice sheet export`: the whole exhibition as one workbook, or one CSV per sheet."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..model import Credit
from ..write import write_atomically
from ..written import note_written
from .book import Sheet, csv_bytes, workbook_bytes
from .changes import workbook_edits
from .columns import TRANSLATION, Table, sheet_name
from .entries import Content, Entry, read_content
from .guard import check_replaceable

# Offered in the language columns beside the exhibition's own and those already used.
COMMON_LANGUAGES = ("ar", "es", "fa", "ko", "pa", "ps", "ru", "so", "sw", "ta", "ti", "tl",
                    "uk", "ur", "vi", "zh")

README = {
    "en": [
        "This workbook is the exhibition's texts, one row per participant, photo, city and "
        "theme. Edit the cells, then run: photovoice sheet import THIS-FILE.xlsx",
        "The import checks everything first, with the same rules as photovoice check, and "
        "changes no file if anything is wrong; each problem names its sheet and cell.",
        "Yellow cells are missing: a translation, or the alt text a blind visitor hears.",
        "The first columns name each row: do not change them, and do not add rows (new "
        "participants: photovoice new participant). A deleted row changes nothing.",
        "A participant who is not published (consent.publish is false: a withdrawal, or a "
        "consent not confirmed yet) shows only their folder and consent: their words stay "
        "out of this workbook, and an import never brings them back.",
        "Several themes go in one cell, separated by commas. An empty cell removes the text.",
        "Texts may start with = + - or @: they stay text, never formulas.",
    ],
    "fr": [
        "Ce classeur contient les textes de l'exposition : une ligne par personne "
        "participante, photo, ville et thème. Modifiez les cellules, puis lancez : "
        "photovoice sheet import CE-FICHIER.xlsx",
        "L'importation vérifie d'abord tout, selon les mêmes règles que photovoice check, "
        "et ne modifie aucun fichier s'il y a un problème; chaque problème indique sa "
        "feuille et sa cellule.",
        "Les cellules jaunes sont à remplir : une traduction, ou le texte de remplacement "
        "qu'entend une personne aveugle.",
        "Les premières colonnes identifient chaque ligne : ne les modifiez pas, et "
        "n'ajoutez pas de lignes (nouvelle personne participante : photovoice new "
        "participant). Supprimer une ligne ne change rien.",
        "Une personne qui n'est pas publiée (consent.publish vaut false : un retrait, ou un "
        "consentement pas encore confirmé) n'apparaît que par son dossier et son "
        "consentement : ses mots restent hors de ce classeur, et une importation ne les "
        "ramène jamais.",
        "Plusieurs thèmes vont dans une même cellule, séparés par des virgules. Une cellule "
        "vide supprime le texte.",
        "Un texte peut commencer par = + - ou @ : il reste du texte, jamais une formule.",
    ],
}


def export_workbook(content_dir: Path, dest: Path, lang: str = "en",
                    replace: bool = False) -> Content:
    """Write the exhibition's workbook to `dest` (replaced only once complete).

    An existing `dest` holding edits not yet imported is kept, with an UnimportedEdits,
    unless `replace`."""
    content = read_content(content_dir)
    if not replace:
        check_replaceable(Path(dest), partial(workbook_edits, content))
    write_atomically(Path(dest), workbook_bytes(exhibition_sheets(content, lang), lang,
                                                README[lang]))
    note_written(content_dir, (Path(dest),), held_participants(content))
    return content


def export_csv(content_dir: Path, folder: Path, lang: str = "en") -> list[Path]:
    """One CSV file per sheet in `folder`."""
    content = read_content(content_dir)
    Path(folder).mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in exhibition_sheets(content, lang):
        path = Path(folder) / f"{sheet_name(sheet.table.name, lang)}.csv"
        write_atomically(path, csv_bytes(sheet, lang))
        written.append(path)
        people = sheet.table.name in ("participants", "photos")
        note_written(content_dir, (path,), held_participants(content) if people else ())
    return written


def held_participants(content: Content) -> list[str]:
    """The folders of the participants whose words an export holds: all but the withdrawn."""
    return [entry.key[0] for entry in content.entries["participants"] if not entry.withdrawn]


def exhibition_sheets(content: Content, lang: str) -> list[Sheet]:
    choices = _choices(content, lang)
    return [_sheet(table, content.entries[table.name], choices) for table in content.tables]


def _sheet(table: Table, entries: tuple[Entry, ...], choices: dict[str, str]) -> Sheet:
    rows = [[entry.values[column.key] for column in table.columns] for entry in entries]
    highlighted = {(row_index, column_index)
                   for row_index, entry in enumerate(entries) if not entry.withdrawn
                   for column_index, column in enumerate(table.columns)
                   if _missing(table, entry, column)}
    return Sheet(table, rows, frozenset(highlighted), choices)


def _missing(table: Table, entry: Entry, column) -> bool:
    """An empty translation of a text another language has, or an empty alt text."""
    if column.kind != TRANSLATION or entry.values[column.key] != "":
        return False
    siblings = [c for c in table.columns if c.kind == TRANSLATION and c.field == column.field]
    if column.field == "alt":
        return True
    return any(entry.values[c.key] != "" for c in siblings)


def _choices(content: Content, lang: str) -> dict[str, str]:
    used = {str(entry.values.get(key, "")) for entry in content.entries["photos"]
            for key in ("original.lang", "transcript_original.lang")}
    codes = sorted({*content.languages, *COMMON_LANGUAGES, *(c for c in used if c)})
    return {
        "credit": '"' + ",".join(credit.value for credit in Credit) + '"',
        "flag": '"true,false"',
        "language": '"' + ",".join(codes)[:250] + '"',
        "city": _range(sheet_name("cities", lang), len(content.entries["cities"])),
        "theme": _range(sheet_name("themes", lang), len(content.entries["themes"])),
    }


def _range(sheet: str, count: int) -> str:
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!$A$2:$A${max(count, 1) + 1}"
