"""Brings the message catalogues up to date with the code: run it after changing a message.

    python3 scripts/update_messages.py

It extracts every message of photovoice (those marked in the code, and the command
line's help texts, read from its Click commands) into photovoice/locale/photovoice.pot,
then merges that template into each language's .po file, where a translator fills in
the new messages (msgstr) and checks those Babel marks `#, fuzzy` (an English text that
changed). tests/test_translation.py fails until every message is translated.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from photovoice.translation import CATALOGUE_DOMAIN, LANGUAGES, LOCALE_DIR, catalogue_path  # noqa: E402

# The functions whose arguments are messages, and which arguments (1-based).
KEYWORDS = {
    "said": (1,), "N_": (1,), "gettext": (1,), "ngettext": (1, 2), "counted": (1, 2),
    "report": (3,), "ImageError": (1,), "ScaffoldError": (1,), "PublishError": (1,),
}
TEMPLATE = LOCALE_DIR / f"{CATALOGUE_DOMAIN}.pot"


def template() -> Catalog:
    """Every message of photovoice, as a template catalogue."""
    catalogue = Catalog(project="photovoice", domain=CATALOGUE_DOMAIN, fuzzy=False)
    formatted = _formatted_calls()
    for filename, line, message, comments, context in extract_from_dir(
            REPO / "photovoice", keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True):
        if (filename, line) in formatted:
            continue  # the literal part of an f-string: not a message (see below)
        catalogue.add(message, None, [(f"photovoice/{filename}", line)],
                      auto_comments=comments, context=context)
    for text in _help_texts():
        catalogue.add(text, None, [("photovoice/cli.py", 0)])
    return catalogue


def _formatted_calls() -> set[tuple[str, int]]:
    """(file, line) of the calls to a keyword whose message is an f-string: Babel skips
    the f-string but keeps the plain strings joined to it, fragments of no message. Such
    a message stays English until it is written as said("... {name} ...", name=...)."""
    found = set()
    for path in sorted((REPO / "photovoice").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called(node) in KEYWORDS and any(
                    isinstance(part, ast.JoinedStr)
                    for position in KEYWORDS[_called(node)] if position <= len(node.args)
                    for part in ast.walk(node.args[position - 1])):
                name = path.relative_to(REPO / "photovoice").as_posix()
                found.update((name, line) for line in range(node.lineno, node.end_lineno + 1))
    return found


def _called(call: ast.Call) -> str:
    function = call.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


def _help_texts() -> list[str]:
    """The --help texts of every command and option, as the command line shows them."""
    from photovoice.cli import main
    from photovoice.cli_language import help_texts

    return help_texts(main)


def update() -> None:
    fresh = template()
    with TEMPLATE.open("wb") as pot:
        write_po(pot, fresh, width=88, omit_header=True, include_lineno=False)
    for lang in LANGUAGES:
        if lang == "en":
            continue
        path = catalogue_path(lang)
        with path.open("rb") as po:
            catalogue = read_po(po, locale=lang, domain=CATALOGUE_DOMAIN)
        kept = catalogue.creation_date  # the header changes only with the messages
        catalogue.update(fresh, update_header_comment=False)
        catalogue.creation_date = kept
        with path.open("wb") as po:
            write_po(po, catalogue, width=88, ignore_obsolete=True, include_lineno=False)


if __name__ == "__main__":
    update()
