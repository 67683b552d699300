"""Every message in French, through the commands, where the catalogue's own messages
were not enough: Click's usage errors and help, and messages from the library's corners
(the preview's error page, a workbook's structure, a theme's strings file)."""

from __future__ import annotations

import gettext
import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import click
import pytest
from click.testing import CliRunner

from conftest import edit
from photovoice.cli import main

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    port = _free_port()
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
