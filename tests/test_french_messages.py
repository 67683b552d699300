"""Every message in French, through the commands, where the catalogue's own messages
were not enough: Click's usage errors and help, and messages from the library's corners
(the preview's error page, a workbook's structure, a theme's strings file)."""

from __future__ import annotations

import gettext
import re

import click
import pytest
from click.testing import CliRunner

from photovoice.cli import main

NB, NNB = "\u00a0", "\u202f"  # before : and inside « »; before ; ! ?


def run(*args: str, lang_env: str | None = None):
    env = {"LANG": lang_env} if lang_env else {"LANG": "C.UTF-8"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False,
                              prog_name="photovoice")


@pytest.mark.parametrize("args, lang_env, lines", [
    (["--lang", "fr", "build", "--jobs", "abc"], None, [
        f"Utilisation{NB}: photovoice build [OPTIONS]",
        f"Pour obtenir de l’aide{NB}: photovoice build --help",
        f"Erreur{NB}: valeur incorrecte pour '--jobs' / '-j'{NB}: «{NB}abc{NB}» n’est pas un "
        "nombre valide."]),
    (["serve", "--port", "0"], "fr_CA.UTF-8", [
        f"Erreur{NB}: valeur incorrecte pour '--port' / '-p'{NB}: 0 est en dehors de "
        "l’intervalle 1<=x<=65535."]),
    (["new", "participant"], "fr_CA.UTF-8", [
        f"Utilisation{NB}: photovoice new participant [OPTIONS] FOLDER",
        f"Erreur{NB}: il manque l’argument 'FOLDER'."]),
    (["new", "participant", "p07"], "fr_CA.UTF-8", [
        f"Erreur{NB}: il manque l’option '--city'."]),
    # The mistake is read before --lang is: --lang is still heard.
    (["--lang", "fr", "--verbose", "build"], None, [
        f"Pour obtenir de l’aide{NB}: photovoice --help",
        f"Erreur{NB}: l’option «{NB}--verbose{NB}» n’existe pas. Vouliez-vous dire "
        f"'--version'{NNB}?"]),
    (["--lang=fr", "buidl"], None, [
        f"Erreur{NB}: la commande «{NB}buidl{NB}» n’existe pas. Vouliez-vous dire "
        f"'build'{NNB}?"]),
    (["sheet", "import", "missing.xlsx"], "fr_CA.UTF-8", [
        f"Erreur{NB}: valeur incorrecte pour 'FILE'{NB}: «{NB}missing.xlsx{NB}» n’existe pas."]),
    (["catalogue", "--lang", "de"], "fr_CA.UTF-8", [
        f"Erreur{NB}: valeur incorrecte pour '--lang'{NB}: «{NB}de{NB}» n’est pas l’une des "
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
    serve = run("--lang", "fr", "serve", "--help").output
    assert f"[par défaut{NB}: 8000{NNB}; 1<=x<=65535]" in serve, serve
    participant = re.sub(r"[ \n]+", " ", run("new", "participant", "--help",
                                             lang_env="fr_CA.UTF-8").output)
    assert "[obligatoire]" in participant and f"[par défaut{NB}: name]" in participant
