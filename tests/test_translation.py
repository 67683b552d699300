"""The command line in French: the catalogue complete and in step with the code, the
language chosen by --lang or the system's locale, and the messages a curator meets most,
word for word, through the commands."""

from __future__ import annotations

import ast
import builtins
import gettext
import re
import runpy
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from helpers import edit
from photovoice import cli_language
from photovoice.cli import main
from photovoice.translation import (LOCALE_DIR, Translator, catalogue_path, language_from,
                                    translator_for)

REPO = Path(__file__).parent.parent
AMAL = "content/participants/amal-haddad/participant.yaml"
PLACEHOLDER = re.compile(r"\{\w*\}")
# A placeholder's name, with or without a conversion ({value!r}).
PLACEHOLDER_NAME = re.compile(r"\{(\w*)(?:![rsa])?\}")


def _catalogue(path: Path):
    with path.open("rb") as po:
        return read_po(po, locale="fr")


def _texts(message) -> tuple[str, ...]:
    return message if isinstance(message, tuple) else (message,)


def test_the_template_holds_every_message_of_the_code():
    """A message added or changed in the code without scripts/update_messages.py fails."""
    fresh = runpy.run_path(str(REPO / "scripts/update_messages.py"))["template"]()
    shipped = _catalogue(LOCALE_DIR / "photovoice.pot")
    assert sorted(str(m.id) for m in fresh if m.id) == sorted(str(m.id) for m in shipped if m.id)


def _from_click(message) -> bool:
    return all(filename.startswith("click/") for filename, _line in message.locations)


# Where a message goes: the argument (from 0) of a diagnostic's message, and of a
# curator-facing exception of photovoice's.
MESSAGE_ARGUMENT = {"Diagnostic": 3, "of": 3, "report": 2}


def _is_text(node: ast.expr) -> bool:
    """A text written in place: a literal, an f-string, or texts added together."""
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)) or (
        isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right)))


def _called(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else \
        getattr(call.func, "id", "")


def test_no_message_is_written_where_the_catalogue_cannot_see_it():
    """A diagnostic's message, or a photovoice error's, written as an f-string or as a
    bare text the extraction does not read, would stay English in a French run: it must
    be marked (said("... {name} ...", name=...), N_("...")) to reach the catalogue."""
    keywords = runpy.run_path(str(REPO / "scripts/update_messages.py"))["KEYWORDS"]
    trees = {path: ast.parse(path.read_text(encoding="utf-8"))
             for path in sorted((REPO / "photovoice").rglob("*.py"))}
    errors = {node.name for tree in trees.values() for node in ast.walk(tree)
              if isinstance(node, ast.ClassDef) and any(
                  getattr(base, "id", "").endswith(("Error", "Exception"))
                  for base in node.bases)}
    unmarked = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node)
            position = MESSAGE_ARGUMENT.get(name, 0 if name in errors else None)
            if position is None or position >= len(node.args) or \
                    any(keyword.arg == "phrase" for keyword in node.keywords):
                continue
            message = node.args[position]
            if _is_text(message) and not (isinstance(message, ast.Constant)
                                          and name in keywords):
                unmarked.append(f"{path.relative_to(REPO)}:{node.lineno}: "
                                f"{ast.unparse(message)[:70]}")
    assert not unmarked, "\n".join(unmarked)


def _not_for_curators(call: ast.Call) -> bool:
    """A call whose texts no curator reads in a language: a programmer's error (a
    ValueError), an exception's own English summary, or a diagnostic's English text
    kept beside the Phrase it is shown from."""
    name = _called(call)
    error = getattr(builtins, name, None)
    return (isinstance(error, type) and issubclass(error, BaseException)) or \
        name == "__init__" or any(keyword.arg == "phrase" for keyword in call.keywords)


def test_no_sentence_is_an_f_string():
    """A message built as an f-string cannot be looked up in the catalogue, wherever it
    goes (returned, kept in a variable, handed to a checker): it must be said("...")."""
    sentences = []
    for path in sorted((REPO / "photovoice").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = {id(node) for call in ast.walk(tree) if isinstance(call, ast.Call)
                  and _not_for_curators(call) for node in ast.walk(call)}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and id(node) not in exempt:
                words = "".join(part.value for part in node.values
                                if isinstance(part, ast.Constant)).split()
                if len(words) >= 3:
                    sentences.append(f"{path.relative_to(REPO)}:{node.lineno}: "
                                     f"{ast.unparse(node)[:70]}")
    assert not sentences, "\n".join(sentences)


def test_every_message_has_a_french_translation_with_the_same_placeholders():
    """photovoice's own messages keep every placeholder. Click's may leave one out where
    Click fills it with English ('{name} {filename!r} does not exist.', name being
    "File"): the French says « {filename} » n’existe pas."""
    template = _catalogue(LOCALE_DIR / "photovoice.pot")
    french = _catalogue(catalogue_path("fr"))
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = french.get(message.id)
        if translated is None or translated.fuzzy or not all(_texts(translated.string)):
            problems.append(f"untranslated or fuzzy: {message.id!r}")
            continue
        english = " ".join(_texts(message.id))
        for text in _texts(translated.string):
            if _from_click(message):
                wrong = not set(PLACEHOLDER_NAME.findall(text)) <= \
                    set(PLACEHOLDER_NAME.findall(english))
            else:
                wrong = set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(english))
            if wrong:
                problems.append(f"placeholders differ: {message.id!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_click_messages_are_in_the_catalogue():
    """Click's own messages (usage errors, "Try ... for help") are shown through the
    catalogue: the template holds those of the installed Click."""
    template = _catalogue(LOCALE_DIR / "photovoice.pot")
    for english in ("No such option {name!r}.", "Missing argument", "Error: {message}",
                    "Try '{command} {option}' for help.", "Invalid value for {param_hint}: "
                    "{message}", "{value!r} is not a valid {number_type}."):
        assert _from_click(template[english]), english


def test_the_french_is_typeset_as_a_canadian_editor_would():
    """No-break spaces before : ; ! ? and inside « », no point médian (OQLF)."""
    problems = []
    for message in _catalogue(catalogue_path("fr")):
        for text in _texts(message.string) if message.id else ():
            for rule, pattern in [("breaking space before : ; ! ?", r" [:;!?](?=\s|$)"),
                                  ("breaking space inside « »", r"« | »"),
                                  ("point médian", r"\w·\w")]:
                if re.search(pattern, text):
                    problems.append(f"{rule}: {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("environ, lang", [
    ({}, "en"),
    ({"LANG": "fr_CA.UTF-8"}, "fr"),
    ({"LANG": "fr"}, "fr"),
    ({"LANG": "en_CA.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "fr_CA.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL overrides the others
    ({"LANG": "es_MX.UTF-8"}, "en"),  # a language photovoice does not speak
])
def test_the_system_language_is_read_as_posix_orders_it(environ, lang):
    assert language_from(environ) == lang


def test_plural_forms_follow_french_rules():
    say = translator_for("fr")
    assert [say.counted("{n} photo", "{n} photos", n) for n in (0, 1, 2)] == [
        "0 photo", "1 photo", "2 photos"]


def run(*args: str, lang_env: str | None = None):
    env = {"LANG": lang_env} if lang_env else None
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False,
                              prog_name="photovoice")


def test_a_yaml_mistake_in_french(project):
    edit(project / AMAL, "  en: Amal came to Brandon in 2019.",
         "\ten: Amal came to Brandon in 2019.")
    result = run("--lang", "fr", "check")
    assert result.exit_code == 1
    assert (f"{AMAL}:7: erreur de syntaxe YAML\u00a0: cette ligne est en retrait avec une "
            "tabulation\u202f; en YAML, les retraits se font uniquement avec des espaces\u00a0: "
            "remplacez la tabulation par des espaces\n") in result.output, result.output
    assert result.output.endswith("photovoice\u00a0: 1 erreur\u202f; rien d’autre n’a été "
                                  "vérifié.\n")


def test_a_missing_field_in_french_from_the_system_language(project):
    edit(project / AMAL, "name: Amal Haddad\n", "")
    result = run("build", "-j", "1", lang_env="fr_CA.UTF-8")
    assert result.exit_code == 1
    assert f"{AMAL}:1: name: est obligatoire\n" in result.output, result.output
    assert "photovoice\u00a0: 1 erreur\u202f; rien n’a été écrit.\n" in result.output
    english = run("build", "-j", "1")  # the same mistake, in English by default
    assert f"{AMAL}:1: name: is required\n" in english.output
    assert "photovoice: 1 error; nothing was written.\n" in english.output


def test_a_broken_photo_in_french(project):
    photo = project / "content/participants/amal-haddad/PXL_20230601_141530123.jpg"
    photo.write_bytes(photo.read_bytes()[: photo.stat().st_size // 2])
    result = run("--lang", "fr", "build", "-j", "1")
    assert result.exit_code == 1
    assert (f"{AMAL}:21: photos[2].file: PXL_20230601_141530123.jpg: les données de l’image "
            "sont tronquées ou endommagées\n"
            ) in result.output, result.output
    assert not (project / "build").exists()


def test_a_build_summary_and_warnings_in_french(project, no_racy_window):
    result = run("--lang", "fr", "build", "-j", "1")
    assert result.exit_code == 0, result.output
    summary = result.output.splitlines()[-1]
    assert re.fullmatch(r"Site construit dans \S+/build\u00a0: 34 pages et 3 photos \(\d+ fichiers "
                        r"image\u202f; 3 photos traitées, 0 reprise du cache\), avec "
                        r"4 avertissements, en \d+,\d\u00a0s\.", summary), summary
    assert ": avertissement\u00a0: texte en français manquant\u202f; la page en français " \
           "affichera le texte en anglais" in result.output
    again = run("--lang", "fr", "build", "-j", "1")
    assert again.output.splitlines()[-1] == (
        f"Rien n’a changé depuis la dernière construction\u00a0: {project / 'build'} est à "
        "jour (34 pages, 3 photos, 4 avertissements).")


def test_help_in_french(project):
    result = run("--lang", "fr", "--help")
    assert "Utilisation\u00a0: photovoice [OPTIONS] COMMANDE [ARGUMENTS]..." in result.output
    assert "Commandes\u00a0:" in result.output
    # What each option takes is named in French too, and English stays English.
    assert "  --content DOSSIER " in run("--lang", "fr", "build", "--help").output
    assert "  --content DIRECTORY " in run("--lang", "en", "build", "--help").output
    assert "  clean      Supprimer les photos traitées" in result.output
    build = run("build", "--help", lang_env="fr_CA.UTF-8")
    assert "Le site précédent n’est remplacé que si toute la construction réussit." \
        in build.output
    assert "Afficher cette aide et quitter." in build.output
    assert "[par défaut\u00a0: content]" in re.sub(r"[ \n]+", " ", build.output)
    assert "Exemples\u00a0:" in build.output
    english = run("build", "--help")
    assert "The previous site is replaced only when the whole build succeeds." in english.output


def test_what_an_argument_or_option_takes_is_translated_once(monkeypatch):
    # A catalogue may translate one metavar by another's English word (FOLDER by
    # DIRECTORY): the usage line and the options show the translation, not the
    # translation of the translation.
    class Rewording(gettext.NullTranslations):
        words = {"FOLDER": "DIRECTORY", "DIRECTORY": "RÉPERTOIRE", "TEXT": "FOLDER"}

        def gettext(self, message: str) -> str:
            return self.words.get(message, message)

    monkeypatch.setattr(cli_language, "translator_for", lambda lang: Translator(lang, Rewording()))
    shown = run("new", "participant", "--help").output
    assert shown.splitlines()[0] == "Usage: photovoice new participant [OPTIONS] DIRECTORY"
    assert "  --city FOLDER " in shown  # TEXT, translated once
    # Arguments and options follow one rule for what they take.
    assert cli_language.LocalizedArgument.make_metavar is cli_language.LocalizedOption.make_metavar
