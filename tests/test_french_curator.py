"""What a curator reading in French meets, found in a curator's review: every word of a
message in French (none of the validation layer's English left inside a sentence), names
rather than keys and codes, and what a participant chose said in words, never as the
value of a YAML field. Each through the command line, in both languages."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import edit
from photovoice.cli import main
from test_cli import project  # noqa: F401  (a fixture)

NB, NNB = "\u00a0", "\u202f"  # before : and inside « »; before ; ! ?
EXHIBITION = "content/exhibition.yaml"
P02 = "content/participants/p02/participant.yaml"


def run(*args: str, lang: str = "fr_CA.UTF-8"):
    return CliRunner().invoke(main, list(args), env={"LANG": lang, "LC_ALL": None,
                                                     "LC_MESSAGES": None},
                              catch_exceptions=False, prog_name="photovoice")


def test_a_bare_on_as_a_province_says_what_yaml_read_and_how_to_write_it(project):
    edit(project / EXHIBITION, "province: NB", "province: ON")
    french = run("check")
    assert french.exit_code == 1
    assert (f"content/exhibition.yaml:30: cities.moncton.province: valeur attendue{NB}: un "
            f"code de province à deux lettres, mais YAML lit ON sans guillemets comme un oui "
            f'ou un non{NB}: écrivez "ON", entre guillemets droits') in french.output, \
        french.output
    english = run("check", lang="C.UTF-8")
    assert ('content/exhibition.yaml:30: cities.moncton.province: expected a two-letter '
            'province code, but YAML reads ON without quotes as yes or no: write "ON", in '
            'quotes') in english.output
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
            f"déclaration d’accessibilité au format AAAA-MM-JJ{NNB}; le modèle") \
        in result.output, result.output
    refused = run("new", "participant", "p09", "--city", "paris")
    assert refused.output.rstrip().endswith("sous cities: dans exhibition.yaml."), \
        refused.output
