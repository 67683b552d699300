"""Brings the message catalogues up to date with the code: run it after changing a message.

    python3 scripts/update_messages.py

It extracts every message of photovoice (those marked in the code, the command line's
help texts, read from its Click commands, and Click's own messages, read from the
installed Click, which the command line shows in the run's language too) into
photovoice/locale/photovoice.pot,
then merges that template into each language's .po file, where a translator fills in
the new messages (msgstr) and checks those Babel marks `#, fuzzy` (an English text that
changed). tests/test_translation.py fails until every message is translated.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from photovoice.translation import CATALOGUE_DOMAIN, LANGUAGES, LOCALE_DIR, catalogue_path  # noqa: E402

# The functions whose arguments are messages, and which arguments (1-based).
KEYWORDS = {
    "said": (1,), "N_": (1,), "gettext": (1,), "ngettext": (1, 2), "counted": (1, 2),
    "report": (3,), "typed": (5,), "ImageError": (1,), "ScaffoldError": (1,), "PublishError": (1,),
}
# Click's: `from gettext import gettext as _` in each of its modules.
CLICK_KEYWORDS = {"_": (1,), "ngettext": (1, 2)}
TEMPLATE = LOCALE_DIR / f"{CATALOGUE_DOMAIN}.pot"


def template() -> Catalog:
    """Every message of photovoice, as a template catalogue."""
    catalogue = Catalog(project="photovoice", domain=CATALOGUE_DOMAIN, fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
            REPO / "photovoice", method_map=[("**.py", extract_python)], keywords=KEYWORDS):
        catalogue.add(message, None, [(f"photovoice/{filename}", line)],
                      auto_comments=comments, context=context)
    for text in _help_texts():
        catalogue.add(text, None, [("photovoice/cli.py", 0)])
    for filename, line, message, comments, context in extract_from_dir(
            Path(click.__file__).parent, method_map=[("**.py", extract_python)],
            keywords=CLICK_KEYWORDS):
        catalogue.add(message, None, [(f"click/{filename}", line)],
                      auto_comments=comments, context=context)
    return catalogue


def extract_python(fileobj, keywords, comment_tags, options):
    """Babel's extraction method for photovoice's Python, read with `ast`: each call to a
    keyword whose message arguments are string literals (adjacent literals joined). An
    f-string is no message (it stays English until written as said("... {name} ...")),
    and a variable named like a keyword (`report.notes`) is no call: Babel's own
    token-based reader takes both for messages, or loses the next one."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _called(node) not in keywords:
            continue
        positions = {**KEYWORDS, **CLICK_KEYWORDS}[_called(node)]
        texts = [node.args[position - 1] if position <= len(node.args) else None
                 for position in positions]
        if all(isinstance(text, ast.Constant) and isinstance(text.value, str)
               for text in texts):
            # Laid out as the call's arguments: Babel picks the keyword's positions.
            laid_out = [None] * max(positions)
            for position, text in zip(positions, texts):
                laid_out[position - 1] = text.value
            yield node.lineno, _called(node), tuple(laid_out), []


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
