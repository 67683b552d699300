"""Every message in French, through the commands, where the catalogue's own messages
were not enough: Click's usage errors and help, and messages from the library's corners
(the preview's error page, a workbook's structure, a theme's strings file)."""

from __future__ import annotations

import gettext
import html
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import click
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from helpers import edit, free_port
from photovoice.cli import main
from sheet_support import column_of, row_of

AMAL = "content/participants/amal-haddad/participant.yaml"

NB, NNB = "\u00a0", "\u202f"  # before : and inside « »; before ; ! ?


def run(*args: str, lang_env: str | None = None):
    env = {"LANG": lang_env} if lang_env else {"LANG": "C.UTF-8"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False,
                              prog_name="photovoice")


@pytest.mark.parametrize("args, lang_env, lines", [
    (["--lang", "fr", "build", "--jobs", "abc"], None, [
        f"Utilisation{NB}: photovoice build [OPTIONS]",
        f"Pour obtenir de l’aide{NB}: photovoice build --help",
        f"Erreur{NB}: valeur incorrecte pour «{NB}--jobs{NB}» / «{NB}-j{NB}»{NB}: «{NB}abc{NB}» n’est pas un "
        "nombre valide."]),
    (["serve", "--port", "0"], "fr_CA.UTF-8", [
        f"Erreur{NB}: valeur incorrecte pour «{NB}--port{NB}» / «{NB}-p{NB}»{NB}: 0 est en dehors de "
        "l’intervalle 1<=x<=65535."]),
    (["new", "participant"], "fr_CA.UTF-8", [
        f"Utilisation{NB}: photovoice new participant [OPTIONS] DOSSIER",
        f"Erreur{NB}: il manque l’argument «{NB}DOSSIER{NB}»."]),
    (["new", "participant", "p07"], "fr_CA.UTF-8", [
        f"Erreur{NB}: il manque l’option «{NB}--city{NB}»."]),
    # The mistake is read before --lang is: --lang is still heard.
    (["--lang", "fr", "--verbose", "build"], None, [
        f"Pour obtenir de l’aide{NB}: photovoice --help",
        f"Erreur{NB}: l’option «{NB}--verbose{NB}» n’existe pas. Vouliez-vous dire "
        f"'--version'{NNB}?"]),
    (["--lang=fr", "buidl"], None, [
        f"Erreur{NB}: la commande «{NB}buidl{NB}» n’existe pas. Vouliez-vous dire "
        f"'build'{NNB}?"]),
    (["sheet", "import", "missing.xlsx"], "fr_CA.UTF-8", [
        f"Erreur{NB}: valeur incorrecte pour «{NB}FICHIER{NB}»{NB}: «{NB}missing.xlsx{NB}» n’existe pas."]),
    (["catalogue", "--lang", "de"], "fr_CA.UTF-8", [
        f"Erreur{NB}: valeur incorrecte pour «{NB}--lang{NB}»{NB}: «{NB}de{NB}» n’est pas l’une des "
        f"valeurs possibles{NB}: 'en', 'fr', 'both'."]),
])
def test_click_usage_errors_in_french(project, args, lang_env, lines):
    result = run(*args, lang_env=lang_env)
    assert result.exit_code == 2
    for line in lines:
        assert line in result.output.splitlines(), result.output
    assert "Error" not in result.output and "Usage" not in result.output


def test_click_usage_errors_stay_english_by_default(project):
    result = run("build", "--jobs", "abc")
    assert result.exit_code == 2
    assert "Try 'photovoice build --help' for help." in result.output
    assert "Error: Invalid value for '--jobs' / '-j': 'abc' is not a valid integer range." \
        in result.output
    # The run over, Click's modules have the standard library's gettext back.
    assert click.exceptions._ is gettext.gettext
    assert click.exceptions.ngettext is gettext.ngettext


def test_click_texts_in_the_french_help(project):
    # Lines joined as read: where Click wraps depends on the widths of the option column.
    serve = re.sub(r" *\n +", " ", run("--lang", "fr", "serve", "--help").output)
    assert f"[par défaut{NB}: 8000{NNB}; 1<=x<=65535]" in serve, serve
    participant = re.sub(r"[ \n]+", " ", run("new", "participant", "--help",
                                             lang_env="fr_CA.UTF-8").output)
    assert "[obligatoire]" in participant and f"[par défaut{NB}: name]" in participant


def _error_page(url: str, seconds: float = 60) -> str:
    """The page the preview serves while the content is broken (status 500)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
        except urllib.error.HTTPError as error:
            if error.code == 500:
                return error.read().decode("utf-8")
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} showed no error page")


def test_the_preview_error_page_speaks_the_curators_language(project):
    edit(project / AMAL, "city: brandon", "city: atlantis")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "photovoice", "serve", "--port", str(port), "-j", "1"],
        cwd=project, env={**os.environ, "LANG": "fr_CA.UTF-8"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True)
    try:
        page = _error_page(f"http://127.0.0.1:{port}/fr/index.html")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert b"Traceback" not in output, output.decode(errors="replace")
    assert '<html lang="fr">' in page
    assert "<title>Échec de la construction – aperçu de photovoice</title>" in page
    assert "<h1>Le site n’a pas pu être reconstruit</h1>" in page
    assert f"Corrigez ce problème, enregistrez, et cette page se rechargera d’elle-même{NB}:" \
        in page
    assert html.escape(f"{AMAL}:2: city: ville inconnue", quote=True) in page, page
    assert "could not" not in page and "unknown city" not in page


def test_a_broken_workbook_in_french(project):
    """The workbook's structure (merged cells, a formula, a missing key column, an
    unknown sheet, column and row), reported by sheet and cell in French."""
    assert run("sheet", "export").exit_code == 0
    book = project / "exhibition.xlsx"
    workbook = load_workbook(book)
    photos = workbook["Photos"]
    row = row_of(photos, "amal-haddad", "IMG_20230514_093012.jpg")
    photos.cell(row=row, column=column_of(photos, "Title (fr)")).value = '=UPPER("pain")'
    photos.merge_cells(start_row=row + 1, start_column=4, end_row=row + 1, end_column=5)
    photos.cell(row=1, column=photos.max_column + 1).value = "Remarques"
    workbook.create_sheet("Mes notes")
    workbook["Cities"].append(["winnipeg", "Winnipeg", "Winnipeg", "MB"])
    workbook["Themes"]["A1"] = None  # the column that names each row
    workbook.save(book)
    before = book.read_bytes()
    result = run("sheet", "import", "exhibition.xlsx", lang_env="fr_CA.UTF-8")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for line in [
            f"exhibition.xlsx:Photos!D3:E3: cellules fusionnées{NB}: annulez la fusion, chaque "
            "cellule contient une seule valeur",
            f"exhibition.xlsx:Photos!E2: title.fr: est une formule{NNB}; tapez le texte lui-même",
            f"exhibition.xlsx:Cities!A4: «{NB}winnipeg{NB}» ne figure pas dans le contenu{NB}: "
            "ajoutez les nouvelles villes dans exhibition.yaml",
            "exhibition.xlsx:Themes!A1: slug: cette colonne, qui identifie chaque ligne, est "
            "absente",
            f"exhibition.xlsx:Mes notes: avertissement{NB}: photovoice ne connaît pas cette "
            f"feuille{NNB}; elle a été ignorée",
            f"exhibition.xlsx:Photos!T1: avertissement{NB}: photovoice ne connaît pas la "
            f"colonne «{NB}Remarques{NB}»{NNB}; elle a été ignorée"]:
        assert line in lines, result.output
    assert lines[-1] == f"photovoice{NB}: 4 erreurs{NNB}; rien n’a été écrit."
    assert book.read_bytes() == before
    (project / "notes.xlsx").write_text("not a workbook")
    unreadable = run("sheet", "import", "notes.xlsx", lang_env="fr_CA.UTF-8")
    assert unreadable.output.startswith(
        "notes.xlsx: ne peut pas être lu comme un classeur .xlsx ("), unreadable.output
    review = run("sheet", "review", "nobody", lang_env="fr_CA.UTF-8")
    assert review.output.startswith(
        f"photovoice{NB}: aucune personne participante «{NB}nobody{NB}» dans "), review.output


def test_theme_strings_file_errors_in_french(project):
    theme = project / "themes/mine"
    theme.mkdir(parents=True)
    (theme / "strings.fr.yaml").write_text("site_name: Mon exposition\nyes: Oui\n"
                                           "skip_link: [a, b]\n")
    result = run("build", "--theme", "mine", "-j", "1", lang_env="fr_CA.UTF-8")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.endswith(
        f"strings.fr.yaml:2: yes: une clé en texte est attendue, mais le fichier contient "
        f"true/false (YAML lit yes, no, on et off comme true/false{NB}: mettez la valeur (une "
        f"clé) entre guillemets)") for line in lines), result.output
    assert any(line.endswith(
        "strings.fr.yaml:3: skip_link: un texte est attendu, mais le fichier contient une "
        "liste") for line in lines), result.output
    missing = run("build", "--theme", "nowhere", lang_env="fr_CA.UTF-8")
    assert f"nowhere: theme: thème graphique introuvable{NB}: il faut un dossier qui " \
        "contient templates/, static/ ou strings.<langue>.yaml" in missing.output


def test_numbers_in_french_are_written_as_a_canadian_editor_writes_them(project):
    """A no-break space between thousands (20 000), × between a photo's sides; English
    keeps 20,000 and x."""
    edit(project / AMAL, "      - {x: 0.5, y: 0.25, w: 0.25, h: 0.5}",
         "      - {x: 300, y: 200, w: 150, h: 400}")
    edit(project / AMAL, "caption: {en: My first winter., fr: Mon premier hiver.}",
         "caption: {en: My first winter., fr: " + "a" * 20_001 + "}")
    result = run("--lang", "fr", "check")
    assert result.exit_code == 1
    assert (f"{AMAL}:25: photos[2].caption.fr: compte 20{NNB}001 caractères{NNB}; ce champ "
            f"peut en compter au plus 20{NNB}000") in result.output, result.output
    assert (f"Cette photo mesure 600{NB}×{NB}800 pixels (à l’endroit){NB}: écrivez donc "
            "{x: 0.5, y: 0.25, w: 0.25, h: 0.5}") in result.output
    english = run("check").output
    assert "is 20,001 characters long; this field holds at most 20,000" in english
    assert "This photo is 600 x 800 pixels (upright)" in english


def test_a_small_photo_note_in_french(project):
    result = run("--lang", "fr", "check")
    assert f"3 photos de moins de 2{NNB}016 pixels sur leur plus grand côté" in result.output


def test_new_participant_with_an_unreadable_exhibition_in_french(project):
    edit(project / "content/exhibition.yaml", "languages: [en, fr]", "languages: [en, fr")
    result = run("new", "participant", "p07", "--city", "brandon", lang_env="fr_CA.UTF-8")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (f"photovoice{NB}: impossible de lire les villes de l’exposition{NNB}; "
                        "corrigez d’abord ceci (photovoice new exhibition crée un nouveau "
                        f"projet){NB}:")
    assert lines[1].startswith("content/exhibition.yaml:"), result.output
    assert "erreur de syntaxe YAML" in lines[1]
