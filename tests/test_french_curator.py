"""What a curator reading in French meets, found in a curator's review: every word of a
message in French (none of the validation layer's English left inside a sentence), names
rather than keys and codes, and what a participant chose said in words, never as the
value of a YAML field. Each through the command line, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import edit
from photovoice.cli import main

NB, NNB = "\u00a0", "\u202f"  # before : and inside « »; before ; ! ?
EXHIBITION = "content/exhibition.yaml"
P02 = "content/participants/p02/participant.yaml"


def run(*args: str, lang: str = "fr_CA.UTF-8"):
    return CliRunner().invoke(main, list(args), env={"LANG": lang, "LC_ALL": None,
                                                     "LC_MESSAGES": None},
                              catch_exceptions=False, prog_name="photovoice")


def test_a_bare_yes_or_no_word_says_what_yaml_read_and_how_to_write_it(project):
    edit(project / P02, "name: José Reyes", "name: No")  # a surname YAML 1.1 reads as no
    french = run("check")
    assert french.exit_code == 1
    assert (f"content/participants/p02/participant.yaml:1: name: valeur attendue{NB}: un "
            f"texte, mais YAML lit No sans guillemets comme un oui ou un non{NB}: écrivez "
            f'"No", entre guillemets droits') in french.output, french.output
    english = run("check", lang="C.UTF-8")
    assert ('content/participants/p02/participant.yaml:1: name: expected text, but YAML '
            'reads No without quotes as yes or no: write "No", in quotes') in english.output
    assert "true/false" not in french.output + english.output


@pytest.mark.parametrize("old, new, french", [
    ("province: NB", "province: 12",
     f"cities.moncton.province: valeur attendue{NB}: un code de province à deux lettres"
     f"{NNB}; le fichier contient un nombre"),
    ("province: NB", "province: XY",
     f"cities.moncton.province: code de province ou de territoire inconnu{NNB}; codes "
     f"possibles{NB}: AB, BC"),
    ("email: team@example.org", "email: team",
     f"contact.email: «{NB}team{NB}» n’est pas une adresse courriel"),
    ("base_url: https://example.org/test-exhibit/", "base_url: example.org",
     "base_url: doit être une seule adresse Web complète qui commence par https://"),
    ("lat: 46.0878", "lat: north", f"cities.moncton.lat: valeur attendue{NB}: un nombre"),
    ("languages: [en, fr]", "languages: [en, fr]\nbuild:\n  formats: [jpeg, gif]",
     f"build.formats[2]: valeur attendue{NB}: webp ou jpeg{NNB}; le fichier contient «{NB}gif"
     f"{NB}»"),
])
def test_the_validation_layer_speaks_french_inside_its_sentences(project, old, new, french):
    edit(project / EXHIBITION, old, new)
    result = run("check")
    assert result.exit_code == 1
    assert french in result.output, result.output


def test_the_summary_names_cities_themes_and_languages_and_says_not_published(project):
    result = run("check")
    assert result.exit_code == 0, result.output
    lines = [re.sub(" +", " ", line.strip()) for line in result.output.splitlines()]
    expected = ["Personnes participantes non publiées 1", "Ville Moncton 1 personne",
                "Thème Alimentation et commerces 2 photos",
                f"Textes traduits en anglais 100,0{NB}%", f"Textes traduits en français 63,6{NB}%"]
    for row in expected:
        assert any(line.startswith(row) for line in lines), (row, result.output)
    assert "retirées" not in result.output and "(fr)" not in result.output
    english = re.sub(" +", " ", run("check", lang="C.UTF-8").output)
    assert "Participants not published 1" in english
    assert "Theme Food and shops" in english and "Texts translated into French" in english
    assert "withdrawn" not in english and "Theme food " not in english


@pytest.mark.parametrize("credit, french, english", [
    ("anonymous", "alors qu’elle a choisi l’anonymat", "but they chose to stay anonymous"),
    ("initials", "alors qu’elle a choisi d’être nommée par ses initiales",
     "but they chose to be named by their initials"),
])
def test_a_name_in_a_text_says_what_the_participant_chose_in_words(project, credit, french,
                                                                   english):
    edit(project / P02, "credit: initials", f"credit: {credit}")
    edit(project / P02, "He works at a fish plant.", "José works at a fish plant.")
    result = run("check")
    assert (f"bio.en: contient «{NB}José{NB}», une partie du nom de cette personne "
            f"participante, {french}{NB}: le site l’afficherait{NNB}; retirez-le") \
        in result.output, result.output
    assert english in run("check", lang="C.UTF-8").output
    assert "sous la forme" not in result.output


def test_french_help_and_warnings_read_as_written_french(project):
    assert "Nombre de processus qui traitent les photos" in run("build", "--help").output
    assert "Ajouter une personne participante, ou créer une exposition" in \
        run("new", "--help").output
    edit(project / EXHIBITION, "  date: 2026-11-01\n", "")
    result = run("check")
    assert (f"accessibility.date: avertissement{NB}: ajoutez la date de rédaction de la "
            f"déclaration d’accessibilité au format AAAA-MM-JJ{NNB}; le modèle du W3C WAI la "
            "prévoit") \
        in result.output, result.output
    refused = run("new", "participant", "p09", "--city", "paris")
    assert refused.output.rstrip().endswith("sous cities: dans exhibition.yaml."), \
        refused.output


def test_a_french_curator_gets_a_french_workbook_and_french_sheet_messages(project):
    from openpyxl import load_workbook

    from sheet_support import edit_cell

    AMAL = ("amal-haddad",)
    result = run("sheet", "export")
    assert result.exit_code == 0, result.output
    book = load_workbook(project / "exhibition.xlsx")
    assert book.sheetnames == ["Personnes participantes", "Photos", "Villes", "Thèmes",
                               "À lire"]
    headers = [cell.value for cell in book["Personnes participantes"][1]]
    assert f"Consentement{NB}: publier" in headers and f"Consentement{NB}: site Web" in headers
    assert "Langue d’origine" in [cell.value for cell in book["Photos"][1]]
    readme = [row[0].value for row in book["À lire"].iter_rows()]
    assert readme[0].startswith(f"Ce classeur contient les textes de l’exposition{NB}: une")
    # An explicit --lang still wins.
    assert run("sheet", "export", "english.xlsx", "--lang", "en").exit_code == 0
    assert load_workbook(project / "english.xlsx").sheetnames[0] == "Participants"

    cell = edit_cell(project / "exhibition.xlsx", "Photos", AMAL, "Légende (fr)", "")
    listed = run("sheet", "import", "exhibition.xlsx", "--dry-run").output
    assert (f"photos[1].caption.fr (Photos!{cell}): «{NB}") in listed, listed
    assert listed.splitlines()[0].endswith(" -> (vide)"), listed
    assert "(empty)" not in listed


def test_sheet_translations_and_review_speak_french(project):
    translations = run("sheet", "translations", "--to", "fr")
    assert translations.output.startswith(
        f"Fichier translations-fr.xlsx écrit{NB}: 4 textes à traduire en français."), \
        translations.output
    from openpyxl import load_workbook
    assert load_workbook(project / "translations-fr.xlsx").sheetnames == ["Traductions", "À lire"]
    assert "to translate into French." in run("sheet", "translations", lang="C.UTF-8").output

    unknown = run("sheet", "translations", "--to", "de")
    assert unknown.exit_code == 1
    assert (f"content/exhibition.yaml: languages: «{NB}de{NB}» n’est pas une des langues de "
            "cette exposition (en, fr)") in unknown.output, unknown.output

    nobody = run("sheet", "review", "Amélie Tremblay")
    assert nobody.exit_code == 1
    assert nobody.output.startswith(
        f"photovoice{NB}: aucune personne participante «{NB}Amélie Tremblay{NB}» dans "
        f"content/participants (il y a{NB}: amal-haddad, p02, withdrawn-person)"), nobody.output


@pytest.mark.parametrize("folder, credit, named", [
    ("Amal Haddad", "name", "Amal Haddad"),       # the folder as people write it
    ("p02", "initials", "J. R."),
    ("p02", "anonymous", "une personne participante de Moncton"),
])
def test_the_review_names_the_participant_as_the_site_does(project, folder, credit, named):
    participants = project / "content/participants"
    if folder == "Amal Haddad":
        (participants / "amal-haddad").rename(participants / folder)
    edit(project / P02, "credit: initials", f"credit: {credit}")
    result = run("sheet", "review", folder)
    assert result.exit_code == 0, result.output
    slug = "amal-haddad" if folder == "Amal Haddad" else folder
    assert result.output.startswith(f"Classeur review-{slug}.xlsx écrit, à faire vérifier et "
                                    f"approuver par {named}{NB}: "), result.output
    assert "José" not in result.output and "Reyes" not in result.output
    from openpyxl import load_workbook
    book = load_workbook(project / f"review-{slug}.xlsx")
    texts = {cell.value for row in book["Relecture"].iter_rows() for cell in row}
    assert f"Publier{NNB}? (oui / non)" in texts


def test_clean_says_what_it_emptied_in_words(project):
    assert run("build", "-q", "-j", "1").exit_code == 0
    result = run("clean")
    assert result.exit_code == 0, result.output
    assert (f"{NB}: les photos traitées, les narrations, la mémoire des constructions "
            "précédentes") in result.output, result.output
    assert "images" not in result.output and "builds" not in result.output


def test_a_photo_left_out_of_the_list_is_told_at_the_line_of_photos(project):
    folder = project / "content/participants/p02"
    (folder / "PXL_broken.jpg").write_bytes(b"not even read")
    result = run("check")
    assert (f"content/participants/p02/participant.yaml:8: photos: avertissement{NB}: "
            f"«{NB}PXL_broken.jpg{NB}» est dans le dossier") in result.output, result.output


def test_a_colon_in_a_text_in_braces_gets_the_fix_not_the_parser_s_words(project):
    edit(project / P02, "title: {en: The harbour}",
         "title: {en: The harbour, fr: Le port : le matin}")
    result = run("check")
    assert result.exit_code == 1
    assert (f"participant.yaml:11: erreur de syntaxe YAML{NB}: un texte qui contient un "
            "deux-points suivi d’une espace doit être entre guillemets") in result.output
    assert 'fr: "Le port : le matin"' in result.output, result.output
    assert "expected ','" not in result.output
    assert 'write it in double quotes: fr: "Le port : le matin"' in \
        run("check", lang="C.UTF-8").output


def test_an_unreadable_narration_is_told_in_french(project):
    (project / "content/participants/amal-haddad/voice-note.m4a").write_bytes(b"\0" * 4000)
    result = run("build", "-j", "1")
    assert result.exit_code == 1
    assert ("content/participants/amal-haddad/participant.yaml:29: photos[2].audio: "
            "voice-note.m4a: pas un fichier son que ffmpeg peut lire (") in result.output, \
        result.output


# English the command line prints, which a French guide quoting its French output never
# shows (the guide's own English examples sit in ```sh and ```yaml blocks, not here).
ENGLISH_OUTPUT = re.compile(r"\b(?:warning|error|errors|Summary|Wrote|Created|would change|"
                            r"Translated into|Serving|Built|did you mean|nothing was|"
                            r"is required|expected|YAML syntax error)\b")


def test_the_french_guide_quotes_the_french_output():
    """Each output block of the French guide (``` with no language) is what photovoice
    prints in French: none of its English words."""
    guide = Path(__file__).parent.parent / "docs/guide/fr"
    found = []
    for page in sorted(guide.glob("*.md")):
        fence = None  # the language of the open block ("" for output), None outside one
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                fence = line[3:].strip() if fence is None else None
            elif fence == "" and ENGLISH_OUTPUT.search(line):
                found.append(f"{page.name}: {line}")
    assert not found, "\n".join(found)
