"""`photovoice sheet translations`, `review`, the commands themselves, and one round trip
through a real spreadsheet program (LibreOffice Calc, headless)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import yaml
from openpyxl import load_workbook

from helpers import load_exhibition, run, tree_digest
from photovoice.sheet.changes import import_workbook
from photovoice.sheet.translations import XLIFF, export_translations, import_translations

from sheet_support import cell_value, edit_cell, exported

P02 = ("p02", "Screenshot_20230702-101500.png")
AMAL = ("amal-haddad", "IMG_20230514_093012.jpg")


def test_translations_lists_only_missing_texts_beside_their_source(content_dir, tmp_path):
    book = tmp_path / "fr.xlsx"
    missing = export_translations(content_dir, book, "fr")
    ws = load_workbook(book)["Translations"]
    rows = [[cell.value for cell in row] for row in ws.iter_rows(min_row=1)]
    assert rows == [
        ["Sheet", "Row", "Field", "Language", "Source language", "Source text", "Translation"],
        ["Participants", "p02", "bio", "fr", "en", "He works at a fish plant.", None],
        ["Photos", "p02 / Screenshot_20230702-101500.png", "title", "fr", "en", "The harbour",
         None],
        ["Photos", "p02 / Screenshot_20230702-101500.png", "alt", "fr", "en",
         "Fishing boats tied up at a wooden wharf on a grey morning", None],
        ["Photos", "p02 / Screenshot_20230702-101500.png", "caption", "fr", "en",
         "We start at five in the morning.", None],
    ]
    assert len(missing) == 4


def test_a_filled_translation_file_fills_exactly_those_fields(content_dir, tmp_path):
    book = tmp_path / "fr.xlsx"
    export_translations(content_dir, book, "fr")
    workbook = load_workbook(book)
    ws = workbook["Translations"]
    ws["G3"] = "Le port"
    ws["G5"] = "On commence à cinq heures du matin."
    workbook.save(book)
    p02 = content_dir / "participants/p02/participant.yaml"
    before, before_text = tree_digest(content_dir), p02.read_text(encoding="utf-8")
    report = import_translations(content_dir, book)
    assert report.written == (p02,)
    after = tree_digest(content_dir)
    assert [path for path in after if after[path] != before[path]] == [
        "participants/p02/participant.yaml"]
    assert [line for line in p02.read_text(encoding="utf-8").splitlines()
            if line not in before_text.splitlines()] == [
        "    title: {en: The harbour, fr: Le port}",
        '    caption: {en: "We start at five in the morning.", fr: On commence à cinq heures '
        'du matin.}']
    photo = load_exhibition(content_dir).exhibition.participants[1].photos[0]
    assert photo.alt.values == {"en": "Fishing boats tied up at a wooden wharf on a grey "
                                      "morning"}


def test_a_translation_done_meanwhile_in_the_yaml_is_kept(content_dir, tmp_path):
    book = tmp_path / "fr.xlsx"
    export_translations(content_dir, book, "fr")
    workbook = load_workbook(book)
    workbook["Translations"]["G2"] = "Il travaille dans une usine de poisson."
    workbook.save(book)
    p02 = content_dir / "participants/p02/participant.yaml"
    p02.write_text(p02.read_text(encoding="utf-8").replace(
        "  en: He works at a fish plant.\n",
        "  en: He works at a fish plant.\n  fr: Il travaille à l'usine.\n"), encoding="utf-8")
    report = import_translations(content_dir, book)
    assert report.written == ()
    assert [str(w) for w in report.warnings] == [
        f"{book.as_posix()}:Translations!G2: bio.fr: warning: was translated in the content "
        "meanwhile; that translation was kept"]


def test_xliff_round_trip(content_dir, tmp_path):
    xlf = tmp_path / "fr.xlf"
    export_translations(content_dir, xlf, "fr")
    root = ElementTree.parse(xlf).getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "fr")
    units = root.findall(f".//{{{XLIFF}}}unit")
    assert [u.get("name") for u in units][:2] == ["participants|p02|bio",
                                                  f"photos|{'|'.join(P02)}|title"]
    units[1].find(f".//{{{XLIFF}}}target").text = "Le port"
    ElementTree.ElementTree(root).write(xlf, encoding="utf-8", xml_declaration=True)
    import_translations(content_dir, xlf)
    photo = load_exhibition(content_dir).exhibition.participants[1].photos[0]
    assert photo.title.values == {"en": "The harbour", "fr": "Le port"}


def test_review_shows_what_the_site_will_publish(content_dir, tmp_path):
    from photovoice.sheet.review import write_review

    book = tmp_path / "review.xlsx"
    assert write_review(content_dir, "p02", book).photos == 1
    ws = load_workbook(book)["Review"]
    texts = [cell.value for row in ws.iter_rows() for cell in row if cell.value]
    assert ["Credit (en)", "J. R.", "City (en)", "Moncton"] == texts[3 + 1:3 + 5]
    assert "José Reyes" not in texts  # credited by initials: the name is not published
    assert "[no French text yet: the page shows this English text] The harbour" in texts
    assert len(ws._images) == 1
    assert write_review(content_dir, "amal-haddad", book).photos == 2
    assert not any("CANARY" in str(cell.value) for row in load_workbook(book)["Review"]
                   .iter_rows() for cell in row)


def test_review_of_a_withdrawn_participant_is_refused(content_dir, monkeypatch):
    monkeypatch.chdir(content_dir.parent)
    result = run("sheet", "review", "withdrawn-person")
    assert result.exit_code == 1
    assert result.output == ("photovoice: 'withdrawn-person' has withdrawn or has no published "
                             "photo: the site publishes nothing of theirs, so there is nothing "
                             "to review\n")
    assert not Path("review-withdrawn-person.xlsx").exists()


def test_the_commands_as_a_curator_meets_them(content_dir, monkeypatch):
    monkeypatch.chdir(content_dir.parent)
    result = run("sheet", "export")
    assert result.exit_code == 0
    assert result.output == ("Wrote exhibition.xlsx: 3 participants (1 not published: folder and "
                             "consent only), 4 photos, 2 cities, 2 themes. Edit it, then: "
                             "photovoice sheet import exhibition.xlsx\n")
    cell = edit_cell(Path("exhibition.xlsx"), "Photos", AMAL, "Title (fr)", "Le marché couvert")
    before = tree_digest(content_dir)
    result = run("sheet", "import", "exhibition.xlsx", "--dry-run")
    assert result.output == (
        "content/participants/amal-haddad/participant.yaml: photos[1].title.fr "
        f'(Photos!{cell}): "Le marché" -> "Le marché couvert"\n'
        "1 field would change in 1 file (dry run: nothing was written).\n")
    assert tree_digest(content_dir) == before
    assert run("sheet", "import", "exhibition.xlsx").output.endswith(
        "Changed 1 field in 1 file.\n")
    edit_cell(Path("exhibition.xlsx"), "Participants", ("p02",), "City", "halifax")
    result = run("sheet", "import", "exhibition.xlsx")
    assert result.exit_code == 1
    assert result.output == (
        "exhibition.xlsx:Participants!D3: city: unknown city 'halifax'; the cities in "
        "exhibition.yaml are: brandon, moncton\n"
        "photovoice: 1 error; nothing was written.\n")


def test_one_round_trip_through_libreoffice_calc(content_dir, tmp_path):
    """A real spreadsheet program re-saves the workbook: its cells read back the same,
    text that looks like a formula stays text, and one edit changes one field."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is needed: scripts/setup-tests installs libreoffice-calc"
    book = exported(content_dir)
    edit_cell(book, "Photos", AMAL, "Caption (en)", "=1+1 @home -5 +ça «🌙» مرحبا\nline 2")
    import_workbook(content_dir, book)
    book = exported(content_dir)
    cell = edit_cell(book, "Photos", AMAL, "Title (fr)", "Le marché couvert")
    before = tree_digest(content_dir)
    out = tmp_path / "resaved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(book)],
                   check=True, capture_output=True, timeout=300)
    resaved = out / book.name
    assert cell_value(resaved, "Photos", AMAL, "Caption (en)") == \
        "=1+1 @home -5 +ça «🌙» مرحبا\nline 2"
    report = import_workbook(content_dir, resaved)
    assert [(c.field, c.changed_columns(), c.cells["title.fr"]) for c in report.changes] == [
        ("title", ["title.fr"], f"Photos!{cell}")]
    after = tree_digest(content_dir)
    assert [path for path in after if after[path] != before[path]] == [
        "participants/amal-haddad/participant.yaml"]
    data = yaml.safe_load((content_dir / "participants/amal-haddad/participant.yaml").read_text())
    assert data["photos"][0]["title"] == {"en": "The market", "fr": "Le marché couvert"}
    assert data["photos"][0]["caption"]["en"] == "=1+1 @home -5 +ça «🌙» مرحبا\nline 2"


def test_csv_export_and_a_broken_file_through_the_command(content_dir, monkeypatch):
    monkeypatch.chdir(content_dir.parent)
    result = run("sheet", "export", "--csv", "--lang", "fr")
    assert result.output == ("Wrote 4 CSV files into exhibition-sheets: Personnes "
                             "participantes.csv, Photos.csv, Villes.csv, Thèmes.csv.\n")
    header = Path("exhibition-sheets/Villes.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == ("Identifiant Web,Nom (en),Nom (fr),Province,Population,Latitude,Longitude,"
                      "Introduction (en),Introduction (fr),Photo de couverture")
    p02 = content_dir / "participants/p02/participant.yaml"
    p02.write_text(p02.read_text(encoding="utf-8") + "  - file: [broken\n", encoding="utf-8")
    result = run("sheet", "export", "again.xlsx")
    assert result.exit_code == 1
    assert result.output.startswith("content/participants/p02/participant.yaml:")
    assert result.output.endswith("photovoice: 1 error; no sheet was written.\n")
    assert not Path("again.xlsx").exists()


def test_the_translations_sheet_speaks_french_with_lang_fr(content_dir, tmp_path):
    book = tmp_path / "traductions.xlsx"
    export_translations(content_dir, book, "fr", lang="fr")
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["Traductions", "À lire"]
    assert [c.value for c in workbook["Traductions"][1]] == [
        "Feuille", "Ligne", "Champ", "Langue", "Langue source", "Texte source", "Traduction"]
    assert workbook["Traductions"]["A2"].value == "Personnes participantes"
    workbook["Traductions"]["G2"] = "Il travaille dans une usine de poisson."
    workbook.save(book)
    import_translations(content_dir, book)
    participant = load_exhibition(content_dir).exhibition.participants[1]
    assert participant.bio.values["fr"] == "Il travaille dans une usine de poisson."
