"""Messages a curator can act on, met as a curator meets them: through `photovoice check`
and `photovoice build` in the project folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from photovoice.cli import main

from conftest import edit

AMAL = "content/participants/amal-haddad/participant.yaml"


@pytest.fixture
def project(content_dir: Path, monkeypatch) -> Path:
    monkeypatch.chdir(content_dir.parent)
    return content_dir.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("old, new, expected", [
    # An unquoted French colon.
    ("  fr: Amal est arrivée à Brandon en 2019.", "  fr: Note : arrivée en 2019.",
     "8: YAML syntax error: a text that contains a colon followed by a space must be in "
     "quotes; write it in double quotes: fr: \"Note : arrivée en 2019.\""),
    ("caption: {en: My first winter., fr: Mon premier hiver.}",
     "caption:\n      en: My first winter.\n      fr: Note : mon premier hiver.",
     "27: YAML syntax error: a text that contains a colon followed by a space must be in "
     "quotes; write it in double quotes: fr: \"Note : mon premier hiver.\""),
    # A tab.
    ("  en: Amal came to Brandon in 2019.", "\ten: Amal came to Brandon in 2019.",
     "7: YAML syntax error: this line is indented with a tab; YAML indents with spaces only: "
     "replace the tab with spaces"),
    # Indentation that does not match.
    ("  fr: Amal est arrivée à Brandon en 2019.", "   fr: Amal est arrivée à Brandon en 2019.",
     "8: YAML syntax error: this line's indentation does not match the lines above: fields of "
     "the same level start in the same column, and the fields inside another (such as en: and "
     "fr:) two spaces further in; count the spaces"),
    # A quote opened and never closed: the line where it opens, not the end of the file.
    ("  en: Amal came to Brandon in 2019.", '  en: "Amal came to Brandon in 2019.',
     "7: YAML syntax error: the quote (\") opened on this line is never closed: end the text "
     "with \""),
    # An apostrophe inside single quotes.
    ("  en: Amal came to Brandon in 2019.", "  en: 'Amal's home is Brandon.'",
     "7: YAML syntax error: an apostrophe inside a text in single quotes ends it; write it in "
     "double quotes: en: \"Amal's home is Brandon.\""),
])
def test_a_yaml_mistake_is_explained_with_its_fix(project, old, new, expected):
    edit(project / AMAL, old, new)
    for command in ("check", "build"):
        result = run(command, "-j", "1") if command == "build" else run(command)
        assert result.exit_code == 1
        assert f"{AMAL}:{expected}\n" in result.output, result.output
        assert "mapping values" not in result.output and "token" not in result.output
