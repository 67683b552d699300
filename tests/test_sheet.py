"""`photovoice sheet export` and `import`: the exhibition's texts through a spreadsheet.

The round trip changes no byte it was not asked to; every edit is checked with the
loader's own rules and put on its sheet and cell; nothing is half-applied.
"""

from __future__ import annotations

import difflib
import zipfile

import pytest
import yaml
from openpyxl import load_workbook

from photovoice.diagnostics import ContentError, Severity
from helpers import SAMPLE, load_exhibition, tree_digest
from photovoice.sheet.changes import import_workbook
from photovoice.sheet.export import export_csv, export_workbook
from photovoice.translation import translator_for

from sheet_support import cell_value, column_of, edit_cell, exported, row_of

AMAL = ("amal-haddad", "IMG_20230514_093012.jpg")
SNOW = ("amal-haddad", "PXL_20230601_141530123.jpg")
WITHDRAWN_PHOTO = ("amal-haddad", "DSC01234.JPG")


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                   lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_export_then_import_without_edits_changes_no_byte(content_dir):
    before = tree_digest(content_dir)
    report = import_workbook(content_dir, exported(content_dir))
    assert report.changes == () and report.written == ()
    assert tree_digest(content_dir) == before


def test_the_sample_round_trips_unchanged(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    before = tree_digest(content)
    book = tmp_path / "sample.xlsx"
    export_workbook(content, book, "fr")
    assert import_workbook(content, book).written == ()
    assert tree_digest(content) == before


def test_one_edited_cell_changes_exactly_that_field(content_dir):
    book = exported(content_dir)
    amal = content_dir / "participants/amal-haddad/participant.yaml"
    before_text, before = amal.read_text(encoding="utf-8"), tree_digest(content_dir)
    edit_cell(book, "Photos", AMAL, "Title (fr)", "Le marché couvert")
    report = import_workbook(content_dir, book)
    assert report.written == (amal,)
    after_text = amal.read_text(encoding="utf-8")
    assert changed_lines(before_text, after_text) == [
        "-    title: {en: The market, fr: Le marché}",
        "+    title: {en: The market, fr: Le marché couvert}"]
    after = tree_digest(content_dir)
    assert [path for path in after if after[path] != before[path]] == [
        "participants/amal-haddad/participant.yaml"]


def test_comments_quoting_and_folded_lines_are_kept(content_dir):
    amal = content_dir / "participants/amal-haddad/participant.yaml"
    amal.write_text("# Interview of 2023-05-14, transcribed by R.A.\n"
                    + amal.read_text(encoding="utf-8").replace(
                        "caption: {en: My first winter., fr: Mon premier hiver.}",
                        "caption:\n      # dictated in the group session\n      en: >-\n"
                        "        My first winter,\n        in running shoes.\n"
                        "      fr: 'Mon hiver'  # to check"), encoding="utf-8")
    before_text = amal.read_text(encoding="utf-8")
    book = exported(content_dir)
    assert cell_value(book, "Photos", SNOW, "Caption (en)") == "My first winter, in running shoes."
    edit_cell(book, "Photos", SNOW, "Caption (fr)", "Mon premier hiver, en espadrilles.")
    edit_cell(book, "Photos", AMAL, "Caption (fr)", "Chaque samedi : le marché.")
    import_workbook(content_dir, book)
    assert changed_lines(before_text, amal.read_text(encoding="utf-8")) == [
        '-      fr: "Chaque samedi, j\'achète du *za\'atar* ici : il a le goût de chez moi !"',
        '+      fr: "Chaque samedi : le marché."',
        "-      fr: 'Mon hiver'  # to check",
        "+      fr: 'Mon premier hiver, en espadrilles.' # to check"]


def test_a_new_text_takes_its_place_in_the_loaders_order(content_dir):
    book = exported(content_dir)
    edit_cell(book, "Photos", ("p02", "Screenshot_20230702-101500.png"), "Caption (fr)",
              "On commence à cinq heures du matin.")
    edit_cell(book, "Participants", ("p02",), "Bio (fr)", "Il travaille dans une usine.")
    import_workbook(content_dir, book)
    data = yaml.safe_load((content_dir / "participants/p02/participant.yaml").read_text())
    assert data["bio"] == {"en": "He works at a fish plant.",
                           "fr": "Il travaille dans une usine."}
    assert data["photos"][0]["caption"]["fr"] == "On commence à cinq heures du matin."
    assert list(data["photos"][0]) == ["file", "slug", "title", "alt", "caption", "themes"]


TRICKY = [
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1 647 555 0100",
    "- a Markdown list\n- with two items",
    "@everyone: *on se voit* demain",
    "Line one\nLine two\n\nA new paragraph",
    "في مساء كل يوم جمعة نمشي 🌙",
    "Emoji 👩🏽‍🍳 and « guillemets »",
    "no",
    "2024-05-01",
    "'quoted' and \"double\" # not a comment: yes",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_survives_both_ways(content_dir, text):
    book = exported(content_dir)
    edit_cell(book, "Photos", AMAL, "Caption (fr)", text)
    import_workbook(content_dir, book)
    photo = load_exhibition(content_dir).exhibition.participants[0].photos[0]
    assert photo.caption.values["fr"] == text
    again = exported(content_dir)
    assert cell_value(again, "Photos", AMAL, "Caption (fr)") == text
    assert import_workbook(content_dir, again).written == ()


def test_exported_cells_are_text_never_formulas(content_dir):
    book = exported(content_dir)
    edit_cell(book, "Photos", AMAL, "Caption (en)", "=1+1")
    import_workbook(content_dir, book)
    book = exported(content_dir)
    ws = load_workbook(book)["Photos"]
    cell = ws.cell(row=row_of(ws, *AMAL), column=column_of(ws, "Caption (en)"))
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    with zipfile.ZipFile(book) as archive:
        sheets = [archive.read(name) for name in archive.namelist()
                  if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_a_withdrawn_participants_words_are_never_exported(content_dir, tmp_path):
    book = exported(content_dir)
    with zipfile.ZipFile(book) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"CANARY" not in everything
    ws = load_workbook(book)["Participants"]
    row = row_of(ws, "withdrawn-person")
    values = {ws.cell(row=1, column=c).value: ws.cell(row=row, column=c).value
              for c in range(1, ws.max_column + 1)}
    assert values["Consent: publish"] == "false"
    assert all(value in (None, "") for header, value in values.items()
               if header not in ("Folder", "Consent: publish", "Consent: credit"))
    folder = export_csv(content_dir, tmp_path / "csv")
    assert not any("CANARY" in path.read_text(encoding="utf-8") for path in folder)


def test_an_import_never_brings_a_withdrawn_participant_back(content_dir):
    book = exported(content_dir)
    before = tree_digest(content_dir)
    cell = edit_cell(book, "Participants", ("withdrawn-person",), "Bio (en)", "Back again")
    publish = edit_cell(book, "Participants", ("withdrawn-person",), "Consent: publish", "true")
    photo = edit_cell(book, "Photos", WITHDRAWN_PHOTO, "Title (en)", "Back")
    with pytest.raises(ContentError) as error:
        import_workbook(content_dir, book)
    assert [str(d) for d in error.value.errors] == [
        f"{book.as_posix()}:Participants!{publish}: consent.publish: withdrawn: publishing "
        "again is done in participant.yaml, by hand, once the participant has consented anew",
        f"{book.as_posix()}:Participants!{cell}: bio.en: withdrawn: the sheet does not take "
        "texts for a withdrawn participant or photo; leave the cell empty",
        f"{book.as_posix()}:Photos!{photo}: title.en: withdrawn: the sheet does not take "
        "texts for a withdrawn participant or photo; leave the cell empty"]
    assert tree_digest(content_dir) == before


@pytest.mark.parametrize("sheet, key, header, value, field, message", [
    ("Participants", ("amal-haddad",), "City", "winipeg", "city",
     "unknown city 'winipeg'; the cities in exhibition.yaml are: brandon, moncton"),
    ("Photos", AMAL, "Original language", "arabic!", "original.lang",
     "'arabic!' is not a language tag (BCP 47, e.g. ar, fa, es, tl, uk)"),
    ("Photos", SNOW, "Slug", "market", "slug", "the slug 'market' is already used"),
])
def test_a_broken_rule_is_reported_on_its_cell_and_nothing_is_written(
        content_dir, sheet, key, header, value, field, message):
    book = exported(content_dir)
    before = tree_digest(content_dir)
    cell = edit_cell(book, sheet, key, header, value)
    with pytest.raises(ContentError) as error:
        import_workbook(content_dir, book)
    messages = [str(d) for d in error.value.errors]
    assert any(m.startswith(f"{book.as_posix()}:{sheet}!{cell}: {field}: {message}")
               for m in messages), messages
    assert tree_digest(content_dir) == before


def test_a_cells_problem_is_said_in_french_by_a_french_command_line(content_dir):
    """The loader's message, moved onto its cell, keeps its phrase for the translation."""
    book = exported(content_dir)
    cell = edit_cell(book, "Participants", ("amal-haddad",), "City", "winipeg")
    with pytest.raises(ContentError) as error:
        import_workbook(content_dir, book)
    assert [translator_for("fr").diagnostic(d) for d in error.value.errors] == [
        f"{book.as_posix()}:Participants!{cell}: city: ville inconnue «\u00a0winipeg\u00a0»\u202f; les "
        "villes d’exhibition.yaml sont\u00a0: brandon, moncton"]


def test_an_emptied_alt_text_is_the_loaders_error_on_that_cell(content_dir):
    book = exported(content_dir)
    for header in ("Alt text (en)", "Alt text (fr)"):
        cell = edit_cell(book, "Photos", AMAL, header, "")
    with pytest.raises(ContentError) as error:
        import_workbook(content_dir, book)
    alt_en = chr(ord(cell[0]) - 1) + cell[1:]
    assert [str(d) for d in error.value.errors] == [
        f"{book.as_posix()}:Photos!{alt_en}: alt: is required"]


def test_formulas_and_merged_cells_are_refused_extra_sheets_and_columns_ignored(content_dir):
    book = exported(content_dir)
    before = tree_digest(content_dir)
    workbook = load_workbook(book)
    ws = workbook["Photos"]
    row = row_of(ws, *AMAL)
    ws.cell(row=row, column=column_of(ws, "Title (fr)")).value = '=UPPER("pain")'
    ws.cell(row=row, column=column_of(ws, "Caption (fr)")).value = "Nouvelle légende"
    ws.merge_cells(start_row=row + 1, start_column=4, end_row=row + 1, end_column=5)
    workbook.create_sheet("My notes")["A1"] = "call José"
    ws.cell(row=1, column=ws.max_column + 1).value = "Translator's remarks"
    workbook.save(book)
    with pytest.raises(ContentError) as error:
        import_workbook(content_dir, book)
    shown = book.as_posix()
    assert [str(d) for d in error.value.diagnostics if d.severity is Severity.ERROR] == [
        f"{shown}:Photos!D3:E3: merged cells: unmerge them, each cell holds one value",
        f"{shown}:Photos!E2: title.fr: is a formula; type the text itself"]
    assert tree_digest(content_dir) == before  # the good caption was not half-applied
    workbook = load_workbook(book)
    ws = workbook["Photos"]
    ws.unmerge_cells("D3:E3")
    ws["E3"] = "Première neige"  # what merging took away
    ws.cell(row=row, column=column_of(ws, "Title (fr)")).value = "Le pain"
    workbook.save(book)
    report = import_workbook(content_dir, book)
    assert sorted(str(w) for w in report.warnings) == [
        f"{shown}:My notes: warning: is not a sheet photovoice knows; it was ignored",
        f"{shown}:Photos!T1: warning: the column 'Translator's remarks' is not one "
        "photovoice knows; it was ignored"]
    photo = load_exhibition(content_dir).exhibition.participants[0].photos[0]
    assert (photo.title.values["fr"], photo.caption.values["fr"]) == \
        ("Le pain", "Nouvelle légende")


def test_a_row_not_in_the_content_is_refused(content_dir):
    book = exported(content_dir)
    workbook = load_workbook(book)
    ws = workbook["Cities"]
    ws.append(["winnipeg", "Winnipeg", "Winnipeg", "MB"])
    workbook.save(book)
    with pytest.raises(ContentError) as error:
        import_workbook(content_dir, book)
    assert [str(d) for d in error.value.errors] == [
        f"{book.as_posix()}:Cities!A4: 'winnipeg' is not in the content: add new cities "
        "in exhibition.yaml"]


def test_numbers_and_flags_keep_their_yaml_types(content_dir):
    book = exported(content_dir)
    edit_cell(book, "Cities", ("brandon",), "Population", 51314)
    edit_cell(book, "Photos", SNOW, "Publish", "false")
    import_workbook(content_dir, book)
    exhibition = load_exhibition(content_dir).exhibition
    assert exhibition.cities["brandon"].population == 51314
    assert [p.slug for p in exhibition.participants[0].photos] == ["market"]


def test_the_french_workbook_reads_back_and_names_its_sheets_in_french(content_dir):
    book = exported(content_dir, "fr")
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["Personnes participantes", "Photos", "Villes", "Thèmes",
                                   "À lire"]
    assert [c.value for c in workbook["Villes"][1]][:3] == ["Identifiant Web", "Nom (en)",
                                                            "Nom (fr)"]
    edit_cell(book, "Villes", ("moncton",), "Nom (fr)", "Moncton (N.-B.)")
    import_workbook(content_dir, book)
    assert load_exhibition(content_dir).exhibition.cities["moncton"].name.values == \
        {"en": "Moncton", "fr": "Moncton (N.-B.)"}


def test_missing_translations_and_alt_texts_are_highlighted(content_dir):
    ws = load_workbook(exported(content_dir))["Photos"]
    row = row_of(ws, "p02", "Screenshot_20230702-101500.png")
    fill = {header: ws.cell(row=row, column=column_of(ws, header)).fill.fgColor.rgb
            for header in ("Title (en)", "Title (fr)", "Alt text (fr)")}
    assert fill["Title (en)"] != fill["Title (fr)"] == fill["Alt text (fr)"] == "00FFF2CC"
    assert ws.freeze_panes == "C2"
    kinds = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert kinds[chr(64 + column_of(ws, "Themes"))] == "'Themes'!$A$2:$A$3"


def test_csv_export_keeps_formula_like_text_inert(content_dir, tmp_path):
    book = exported(content_dir)
    edit_cell(book, "Photos", AMAL, "Caption (en)", "=cmd|' /C calc'!A0")
    import_workbook(content_dir, book)
    written = export_csv(content_dir, tmp_path / "csv")
    assert [p.name for p in written] == ["Participants.csv", "Photos.csv", "Cities.csv",
                                         "Themes.csv"]
    photos = (tmp_path / "csv/Photos.csv").read_text(encoding="utf-8-sig")
    assert ",'=cmd|' /C calc'!A0," in photos
