"""`photovoice sheet import`: a workbook read back, compared, checked, then written or refused.

The would-be YAML files are built in memory and handed to the loader itself
(`load_exhibition(overlay=...)`): an import meets exactly the rules and messages of
`check`, each problem moved to the sheet and cell it came from. If anything is wrong,
no file is written; otherwise each changed file is replaced atomically and the others
are not touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..diagnostics import N_, ContentError, Diagnostic, Phrase, Severity, said
from ..load import (CITY_KEYS, CONSENT_KEYS, PARTICIPANT_KEYS, PHOTO_KEYS, THEME_KEYS,
                    load_exhibition)
from ..stages import upright_size
from ..write import write_atomically
from .book import SheetRows
from .columns import FLAG, KEY, LIST, SCALAR, TRANSLATION, Column
from .entries import Content, Entry, canonical, same, shown
from .yamledit import dump_document, load_document, mapping_at, set_list, set_translations, \
    set_value

_ORDERS = {"participants": PARTICIPANT_KEYS, "photos": PHOTO_KEYS, "cities": CITY_KEYS,
           "themes": THEME_KEYS, "consent": CONSENT_KEYS, "original": ("lang", "text"),
           "transcript_original": ("lang", "text")}


@dataclass(frozen=True)
class FieldChange:
    """One YAML field the sheet changes, with the cells it comes from."""

    entry: Entry
    field: str                       # title, consent.credit, themes, original
    kind: str                        # the columns' kind: translation, list, flag...
    old: Mapping[str, Any]           # column key -> value in the content
    new: Mapping[str, Any]           # column key -> value in the sheet
    cells: Mapping[str, str]         # column key -> Photos!D12

    def changed_columns(self) -> list[str]:
        return [key for key in self.new if not same(self.new[key], self.old.get(key, ""))]


@dataclass(frozen=True)
class ImportReport:
    changes: tuple[FieldChange, ...]
    written: tuple[Path, ...]
    warnings: tuple[Diagnostic, ...] = ()


@dataclass
class Located:
    """Where each entry's row is in the workbook, to put a loader message on its cell."""

    shown: str                                         # FILE.xlsx as the curator typed it
    # (table, row key) -> {column key: "Photos!D12"}, the row's own cells first
    rows: dict[tuple[str, tuple], dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Edits:
    """What a workbook says that the content does not: its changes, the problems met
    reading it, and whether it had any sheet photovoice knows."""

    changes: list[FieldChange]
    problems: list[Diagnostic]
    located: Located
    known: bool


def import_workbook(content_dir: Path, workbook: Path, dry_run: bool = False) -> ImportReport:
    """Take a workbook's edits into content/, or raise a ContentError and write nothing."""
    from .entries import read_content

    content = read_content(content_dir)
    edits = workbook_edits(content, Path(workbook))
    texts = apply_changes(content, edits.changes)
    return check_and_write(content, texts, edits.located, edits.changes, edits.problems,
                           dry_run)


def workbook_edits(content: Content, workbook: Path) -> Edits:
    """The exhibition workbook's differences from `content`, unchecked by the loader."""
    from .book import read_workbook
    from .columns import INTERFACE_LANGUAGES, sheet_name

    shown_as = Path(workbook).as_posix()
    own = [sheet_name("readme", lang) for lang in INTERFACE_LANGUAGES]
    found, problems = read_workbook(Path(workbook), content.tables, shown_as, own)
    located = Located(shown_as)
    changes, more = sheet_changes(content, found, located)
    return Edits(changes, problems + more, located, bool(found))


def sheet_changes(content: Content, found: Mapping[str, SheetRows], located: Located
                  ) -> tuple[list[FieldChange], list[Diagnostic]]:
    """Every field the workbook's rows change, and the rows that may not be taken."""
    changes: list[FieldChange] = []
    problems: list[Diagnostic] = []
    for name, rows in found.items():
        if any(key.key not in rows.letters for key in rows.table.keys):
            continue  # reported by the reader: without its names, no row can be matched
        entries = {entry.key: entry for entry in content.entries[name]}
        for number, values in rows.rows:
            key = tuple(shown(values.get(c.key, "")) for c in rows.table.keys)
            where = f"{located.shown}:{rows.cell(number, rows.table.keys[-1].key)}"
            entry = entries.get(key)
            if entry is None:
                problems.append(Diagnostic.of(where, None, "", _unknown_row(name, key)))
                continue
            if (name, key) in located.rows:
                problems.append(Diagnostic(where, None, "",
                                           N_("this row is in the sheet twice")))
                continue
            located.rows[(name, key)] = {c.key: rows.cell(number, c.key) for c in
                                         (*rows.table.keys, *rows.columns)}
            found_changes = _row_changes(entry, rows, number, values)
            problems += _withdrawn_problems(entry, found_changes, located.shown)
            changes += found_changes
    return changes, problems


def _unknown_row(table: str, key: tuple[str, ...]) -> Phrase:
    what = " / ".join(key)
    if table in ("participants", "photos"):
        return said("'{row}' is not in the content: the sheet edits what is there; add a "
                    "participant with photovoice new participant, a photo in participant.yaml",
                    row=what)
    if table == "cities":
        return said("'{row}' is not in the content: add new cities in exhibition.yaml", row=what)
    return said("'{row}' is not in the content: add new themes in exhibition.yaml", row=what)


def _row_changes(entry: Entry, rows: SheetRows, number: int, values: Mapping[str, Any]
                 ) -> list[FieldChange]:
    groups: dict[str, list[Column]] = {}
    for column in rows.table.columns:
        if column.kind != KEY:
            groups.setdefault(column.field, []).append(column)
    changes = []
    for field_name, columns in groups.items():
        present = [c for c in columns if c.key in rows.letters]
        if not any(not same(values.get(c.key, ""), entry.values[c.key]) for c in present):
            continue
        old = {c.key: entry.values[c.key] for c in columns}
        new = dict(old)
        new.update({c.key: values.get(c.key, "") for c in present})
        changes.append(FieldChange(entry, field_name, columns[0].kind, old, new,
                                   {c.key: rows.cell(number, c.key) for c in present}))
    return changes


def _withdrawn_problems(entry: Entry, changes: list[FieldChange], shown_as: str
                        ) -> list[Diagnostic]:
    """A withdrawn participant's or photo's words never come back through a sheet."""
    if not entry.withdrawn:
        return []
    problems = []
    consent_key = "consent.publish" if entry.table == "participants" else "publish"
    for change in changes:
        for key in change.changed_columns():
            where = f"{shown_as}:{change.cells.get(key, '')}"
            if key == consent_key:
                message = N_("withdrawn: publishing again is done in participant.yaml, by "
                             "hand, once the participant has consented anew")
            elif entry.table == "participants" and key.startswith("consent."):
                continue
            else:
                message = N_("withdrawn: the sheet does not take texts for a withdrawn "
                             "participant or photo; leave the cell empty")
            problems.append(Diagnostic(where, None, key, message))
    return problems


def apply_changes(content: Content, changes: Sequence[FieldChange]) -> dict[Path, str]:
    """The new text of every YAML file the changes touch, comments and layout kept."""
    documents: dict[Path, tuple[Any, Any]] = {}
    for change in changes:
        path = change.entry.file
        if path not in documents:
            documents[path] = load_document(content.texts[path])
        document, _ = documents[path]
        _apply(mapping_at(document, change.entry.path), change, content.languages,
               len(change.entry.path))
    texts = {path: dump_document(document, yaml) for path, (document, yaml) in documents.items()}
    return {path: text for path, text in texts.items() if text != content.texts[path]}


def _apply(mapping, change: FieldChange, languages: Sequence[str], depth: int) -> None:
    table = change.entry.table
    order = _ORDERS[table]
    first = next(iter(change.new))
    kind = change.kind
    if kind == TRANSLATION:
        texts = {key.rpartition(".")[2]: shown(value) for key, value in change.new.items()}
        set_translations(mapping, change.field, texts, languages, order, depth)
    elif change.field in ("original", "transcript_original"):
        _set_original(mapping, change, order, depth)
    elif "." in change.field:
        parent, _, key = change.field.partition(".")
        if parent not in mapping or mapping[parent] is None:
            from ruamel.yaml.comments import CommentedMap
            set_value(mapping, parent, CommentedMap(), order, depth)
        set_value(mapping[parent], key, _typed(kind, change.new[first]), _ORDERS[parent],
                  depth + 1)
    elif kind == LIST:
        items = [item.strip() for item in shown(change.new[first]).split(",") if item.strip()]
        set_list(mapping, change.field, items, order, depth)
    else:
        set_value(mapping, change.field, _typed(kind, change.new[first]), order, depth)


def _set_original(mapping, change: FieldChange, order, depth: int) -> None:
    from ruamel.yaml.comments import CommentedMap

    lang = shown(change.new.get(f"{change.field}.lang", ""))
    text = shown(change.new.get(f"{change.field}.text", ""))
    if not lang and not text:
        set_value(mapping, change.field, None, order, depth)
        return
    if not isinstance(mapping.get(change.field), dict):
        set_value(mapping, change.field, CommentedMap(), order, depth)
    target = mapping[change.field]
    set_value(target, "lang", lang, ("lang", "text"), depth + 1)
    set_value(target, "text", text, ("lang", "text"), depth + 1)


def _typed(kind: str, value: Any) -> Any:
    """A cell as the YAML value its column holds."""
    if kind == FLAG and canonical(value) in ("true", "false"):
        return canonical(value) == "true"
    if kind == SCALAR:
        return _scalar(value)
    return shown(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = shown(value)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?", text):
        return float(text)
    return text


def check_and_write(content: Content, texts: Mapping[Path, str], located: Located,
                    changes: Sequence[FieldChange], problems: list[Diagnostic],
                    dry_run: bool = False) -> ImportReport:
    """Load the content as it would be; write `texts` only if nothing is wrong."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    notes = [p for p in problems if p.severity is not Severity.ERROR]
    changed_cells = {f"{located.shown}:{cell}" for change in changes
                     for key, cell in change.cells.items() if key in change.changed_columns()}
    try:
        loaded = load_exhibition(content.content_dir, image_size=upright_size, overlay=texts)
        found = list(loaded.warnings)
    except ContentError as error:
        found = error.diagnostics
    index = _cell_index(content, located)
    for diagnostic in found:
        moved = _on_cell(diagnostic, index.get(diagnostic.path, ()), located.shown)
        if moved.severity is Severity.ERROR:
            errors.append(moved)
        elif moved.path in changed_cells:
            notes.append(moved)
    if errors:
        raise ContentError(errors + notes)
    if not dry_run:
        for path, text in texts.items():
            write_atomically(path, text.encode("utf-8"))
    return ImportReport(tuple(changes), tuple(texts), tuple(sorted(notes)))


def _cell_index(content: Content, located: Located
                ) -> dict[str, list[tuple[str, Mapping[str, str]]]]:
    """For each YAML file as the loader names it: (field prefix, the row's cells) of
    every row read from the workbook, the longest prefixes (photos) first."""
    entries = {(entry.table, entry.key): entry for rows in content.entries.values()
               for entry in rows}
    index: dict[str, list[tuple[str, Mapping[str, str]]]] = {}
    for where, cells in located.rows.items():
        entry = entries.get(where)
        if entry is not None:
            index.setdefault(content.shown(entry.file), []).append(
                (_field_prefix(entry.path), cells))
    for rows in index.values():
        rows.sort(key=lambda row: -len(row[0]))
    return index


def _on_cell(diagnostic: Diagnostic, rows: Sequence[tuple[str, Mapping[str, str]]],
             shown_as: str) -> Diagnostic:
    """The loader's message on the sheet cell its field came from, when there is one."""
    for prefix, cells in rows:
        if prefix and diagnostic.field != prefix and \
                not diagnostic.field.startswith((prefix + ".", prefix + "[")):
            continue
        rest = diagnostic.field[len(prefix):].lstrip(".") if prefix else diagnostic.field
        if not prefix and rest.startswith("photos"):
            continue  # a photo whose row is not in the workbook
        column = _column_for(rest, cells)
        cell = cells[column] if column else next(iter(cells.values()))
        return Diagnostic(f"{shown_as}:{cell}", None, rest, diagnostic.message,
                          diagnostic.severity, diagnostic.phrase, diagnostic.promoted_by)
    return diagnostic


def _field_prefix(path: tuple) -> str:
    if not path:
        return ""
    if path[0] == "photos":
        return f"photos[{path[1] + 1}]"  # positions count from 1, as the loader says
    return ".".join(str(step) for step in path)


def _column_for(rest: str, cells: Mapping[str, str]) -> str | None:
    """The column of a loader's field: alt.fr for alt.fr, alt.en for alt, themes for
    themes[1], consent for consent.credit when only consent is there."""
    bare = re.sub(r"\[\d+\]", "", rest)
    for candidate in (bare, *(key for key in cells if key.startswith(bare + "."))):
        if candidate in cells:
            return candidate
    head = bare
    while "." in head:
        head = head.rpartition(".")[0]
        if head in cells:
            return head
    return None
