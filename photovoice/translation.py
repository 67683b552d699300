"""The command line's language: chosen once per run, and the one place that owns the
message catalogues (photovoice/locale/).

The French catalogue ships as the .po file a translator edits and is read into memory
with Babel when French is chosen: nothing to compile at build time, so a fresh clone, an
editable install and a wheel behave alike, and no .mo file can fall out of step with its
.po. English needs no catalogue: the messages are written in English in the code.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from pathlib import Path

from .diagnostics import N_, Diagnostic, Phrase, phrase_of

__all__ = ["N_", "Translator", "language_from", "translator_for"]

LANGUAGES = ("en", "fr")
CATALOGUE_DOMAIN = "photovoice"
LOCALE_DIR = Path(__file__).parent / "locale"
# POSIX's order: LC_ALL overrides LC_MESSAGES, which overrides LANG.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
DECIMAL_SIGN = {"en": ".", "fr": ","}
# The languages a text is translated into, named as a sentence names them: "into
# French", « en français ». A language photovoice does not name keeps its code.
INTO_LANGUAGE = {"en": N_("into English"), "fr": N_("into French")}
# French groups thousands with a narrow no-break space (3 024, 20 000), English with a
# comma (3,024).
THOUSANDS_SEPARATOR = {"en": ",", "fr": "\u202f"}


def language_from(environ: Mapping[str, str]) -> str:
    """The curator's system language, when photovoice speaks it; else English."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.po"


class Translator:
    """The messages of one language: gettext, ngettext, and diagnostics shown in it."""

    def __init__(self, lang: str, translations: gettext.NullTranslations):
        self.lang = lang
        self._translations = translations

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return self._translations.ngettext(singular, plural, number)

    def counted(self, singular: str, plural: str, number: int) -> str:
        """ "1 photo", "3 photos": the template has a `{n}` placeholder."""
        return self.ngettext(singular, plural, number).format(n=self.number(number))

    def decimal(self, number: float) -> str:
        """A number with one decimal, with the language's decimal sign (1.5, 1,5)."""
        return self.number(float(f"{number:.1f}"))

    def number(self, number: int | float) -> str:
        """A quantity as the language writes it: 3,024 and 1,234.5 in English, 3 024 and
        1 234,5 in French (OQLF: a no-break space between groups, a decimal comma)."""
        return f"{number:,}".translate({ord(","): THOUSANDS_SEPARATOR[self.lang],
                                        ord("."): DECIMAL_SIGN[self.lang]})

    def into(self, lang: str) -> str:
        """ "into French", « en français »: the language a text is translated into."""
        if lang in INTO_LANGUAGE:
            return self.gettext(INTO_LANGUAGE[lang])
        return self.gettext("into {lang}").format(lang=lang)

    def phrase(self, message: str | Phrase) -> str:
        return message.translated(self.gettext, self.number) if isinstance(message, Phrase) \
            else self.gettext(message)

    def refusal(self, error: Exception) -> str:
        """`photovoice: ` and why a command refused (a ScaffoldError's, a PublishError's
        message, a Phrase or a text)."""
        return self.gettext("photovoice: {message}").format(
            message=self.phrase(phrase_of(error)))

    def diagnostic(self, diagnostic: Diagnostic) -> str:
        return diagnostic.shown(self.gettext, self.number)


def translator_for(lang: str) -> Translator:
    """The Translator of `lang` ("en" or "fr")."""
    if lang == "en":
        return Translator(lang, gettext.NullTranslations())
    from babel.messages.mofile import write_mo  # deferred: only French needs Babel
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as po:
        catalogue = read_po(po, locale=lang, domain=CATALOGUE_DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)  # fuzzy entries left out, as msgfmt does
    compiled.seek(0)
    return Translator(lang, gettext.GNUTranslations(compiled))
