"""The sheets of an exhibition workbook and their columns, named in English or French.

The columns come from the loader's own lists of keys (`load.PARTICIPANT_KEYS`, ...) and
the exhibition's languages, so a field the loader learns appears in the sheet too: a
key this module has no words for gets its YAML name as its header and is read as a
YAML value (true/false, a number or text).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..markup import NBSP, NNBSP, typeset
from ..load import CITY_KEYS, CONSENT_KEYS, PARTICIPANT_KEYS, PHOTO_KEYS, THEME_KEYS
from ..model import USES, Typography

KEY, TEXT, TRANSLATION, SCALAR, LIST, FLAG = "key", "text", "translation", "scalar", "list", "flag"
LONG = "long"  # a text shown wide: a translator's source and translation
# Fields written in every language of the exhibition: one column per language.
TRANSLATABLE = {"bio", "title", "alt", "caption", "transcript", "name@cities", "name@themes",
                "description", "intro"}
# Fields a table of text cells cannot hold: left to participant.yaml.
NOT_IN_SHEET = {"photos", "redact", "file",
                # How sentences and addresses name a city, theme or photo in each language.
                "slugs", "article", "name_in", "name_from"}
ORIGINALS = {"original", "transcript_original"}


@dataclass(frozen=True)
class Column:
    key: str            # "title.fr", "consent.credit", "themes", "original.lang"
    kind: str
    choices: str = ""   # the data validation list: credit, city, theme, language, flag

    @property
    def field(self) -> str:
        """The YAML field the column belongs to: 'title' for title.fr, 'original' for
        original.lang, 'consent.credit' for itself."""
        head, _, tail = self.key.rpartition(".")
        if self.kind == TRANSLATION or head in ORIGINALS:
            return head
        return self.key

    @property
    def lang(self) -> str:
        return self.key.rpartition(".")[2] if self.kind == TRANSLATION else ""


@dataclass(frozen=True)
class Table:
    name: str                   # participants, photos, cities, themes
    keys: tuple[Column, ...]    # the columns that name a row
    columns: tuple[Column, ...]  # every column, the keys first

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


TRANSLATIONS = Table("translations", (Column("table", KEY), Column("row", KEY),
                                      Column("field", KEY), Column("lang", KEY)),
                     (Column("table", KEY), Column("row", KEY), Column("field", KEY),
                      Column("lang", KEY), Column("source_lang", TEXT),
                      Column("source", LONG), Column("translation", LONG)))


def exhibition_tables(languages: tuple[str, ...]) -> tuple[Table, ...]:
    return (_participants(languages), _photos(languages), _entries("cities", CITY_KEYS, languages),
            _entries("themes", THEME_KEYS, languages))


def _participants(languages: tuple[str, ...]) -> Table:
    keys = (Column("folder", KEY),)
    columns: list[Column] = []
    for key in PARTICIPANT_KEYS:
        if key == "consent":
            columns += [_consent_column(consent_key) for consent_key in CONSENT_KEYS]
        elif key == "city":
            columns.append(Column("city", TEXT, "city"))
        elif key == "name":
            columns.append(Column("name", TEXT))
        elif key not in NOT_IN_SHEET:
            columns += _field_columns(key, "participants", languages)
    return Table("participants", keys, keys + tuple(columns))


def _consent_column(key: str) -> Column:
    if key == "publish" or key in USES:
        return Column(f"consent.{key}", FLAG, "flag")
    if key == "credit":
        return Column("consent.credit", TEXT, "credit")
    if key == "form":
        return Column("consent.form", TEXT)
    return Column(f"consent.{key}", SCALAR)


def _photos(languages: tuple[str, ...]) -> Table:
    keys = (Column("participant", KEY), Column("file", KEY))
    columns: list[Column] = []
    for key in PHOTO_KEYS:
        if key in ORIGINALS:
            columns += [Column(f"{key}.lang", TEXT, "language"), Column(f"{key}.text", TEXT)]
        elif key == "themes":
            columns.append(Column("themes", LIST, "theme"))
        elif key == "publish":
            columns.append(Column("publish", FLAG, "flag"))
        elif key in ("slug", "audio"):
            columns.append(Column(key, TEXT))
        elif key not in NOT_IN_SHEET:
            columns += _field_columns(key, "photos", languages)
    return Table("photos", keys, keys + tuple(columns))


def _entries(name: str, allowed: tuple[str, ...], languages: tuple[str, ...]) -> Table:
    keys = (Column("slug", KEY),)
    columns: list[Column] = []
    for key in allowed:
        if key == "province":
            columns.append(Column(key, TEXT))
        elif key not in NOT_IN_SHEET:
            columns += _field_columns(key, name, languages)
    return Table(name, keys, keys + tuple(columns))


def _field_columns(key: str, table: str, languages: tuple[str, ...]) -> list[Column]:
    if key in TRANSLATABLE or f"{key}@{table}" in TRANSLATABLE:
        return [Column(f"{key}.{lang}", TRANSLATION) for lang in languages]
    return [Column(key, SCALAR)]


# The sheet's interface words. A header reads "Title (fr)" for title.fr. Written plainly
# here; the French gets its typography (Consentement : publier, d’origine) below.
_WORDS = {
    "en": {
        "participants": "Participants", "photos": "Photos", "cities": "Cities",
        "themes": "Themes", "translations": "Translations", "readme": "Read me",
        "review": "Review",
        "folder": "Folder", "participant": "Participant", "file": "File", "slug": "Slug",
        "name": "Name", "city": "City", "consent.publish": "Consent: publish",
        "consent.credit": "Consent: credit", "consent.web": "Consent: website",
        "consent.print": "Consent: print", "consent.audio": "Consent: audio",
        "consent.previews": "Consent: link previews", "consent.slideshow": "Consent: slideshow",
        "consent.form": "Consent: form", "consent.signed": "Consent: signed on",
        "consent.renew_by": "Consent: renew by", "release": "Bystander release",
        "bio": "Bio", "title": "Title", "alt": "Alt text",
        "caption": "Caption", "themes@column": "Themes", "original.lang": "Original language",
        "original.text": "Original text", "audio": "Audio file", "transcript": "Transcript",
        "transcript_original.lang": "Transcript language",
        "transcript_original.text": "Transcript original", "publish": "Publish",
        "province": "Province", "population": "Population", "lat": "Latitude",
        "lon": "Longitude", "description": "Description", "intro": "Introduction",
        "cover": "Cover photo",
        "table": "Sheet", "row": "Row", "field": "Field", "source_lang": "Source language",
        "source": "Source text", "lang": "Language", "translation": "Translation",
    },
    "fr": {
        "participants": "Personnes participantes", "photos": "Photos", "cities": "Villes",
        "themes": "Thèmes", "translations": "Traductions", "readme": "À lire",
        "review": "Relecture",
        "folder": "Dossier", "participant": "Personne participante", "file": "Fichier",
        "slug": "Identifiant Web", "name": "Nom", "city": "Ville",
        "consent.publish": "Consentement : publier", "consent.credit": "Consentement : mention",
        "consent.web": "Consentement : site Web", "consent.print": "Consentement : catalogue imprimé",
        "consent.audio": "Consentement : audio",
        "consent.previews": "Consentement : aperçus de liens",
        "consent.slideshow": "Consentement : diaporama",
        "consent.form": "Consentement : formulaire",
        "consent.signed": "Consentement : date de signature",
        "consent.renew_by": "Consentement : à renouveler avant le",
        "release": "Autorisation des personnes photographiées",
        "bio": "Biographie", "title": "Titre", "alt": "Texte de remplacement",
        "caption": "Légende", "themes@column": "Thèmes", "original.lang": "Langue d'origine",
        "original.text": "Texte d'origine", "audio": "Fichier audio",
        "transcript": "Transcription", "transcript_original.lang": "Langue de la transcription",
        "transcript_original.text": "Transcription d'origine", "publish": "Publier",
        "province": "Province", "population": "Population", "lat": "Latitude",
        "lon": "Longitude", "description": "Description", "intro": "Introduction",
        "cover": "Photo de couverture",
        "table": "Feuille", "row": "Ligne", "field": "Champ", "source_lang": "Langue source",
        "source": "Texte source", "lang": "Langue", "translation": "Traduction",
    },
}
def typeset_words(text: str, lang: str) -> str:
    """A workbook's own words with the spacing of photovoice's French messages: a no-break
    space before the colon and inside « », a narrow one before ; ! ? and ’ for the
    apostrophe (the curator reads both, so they look alike)."""
    spaced = typeset(text, lang, Typography.FRANCE)
    return spaced.replace(f"«{NNBSP}", f"«{NBSP}").replace(f"{NNBSP}»", f"{NBSP}»")


WORDS = {lang: {key: typeset_words(text, lang) for key, text in words.items()}
         for lang, words in _WORDS.items()}
INTERFACE_LANGUAGES = tuple(WORDS)


def header(column: Column, lang: str) -> str:
    words = WORDS[lang]
    if column.kind == TRANSLATION:
        base = words.get(column.field, column.field)
        return f"{base} ({column.lang})"
    return words.get(f"{column.key}@column", words.get(column.key, column.key))


def sheet_name(table: str, lang: str) -> str:
    return WORDS[lang][table]


def columns_by_header(table: Table) -> dict[str, Column]:
    """Every header a column may have: its words in each interface language, its YAML key."""
    found: dict[str, Column] = {}
    for column in table.columns:
        for lang in INTERFACE_LANGUAGES:
            found[folded(header(column, lang))] = column
        found[folded(column.key)] = column
    return found


def tables_by_sheet_name(tables: tuple[Table, ...]) -> dict[str, Table]:
    return {folded(sheet_name(table.name, lang)): table
            for table in tables for lang in INTERFACE_LANGUAGES}


def folded(text: str) -> str:
    """A header or sheet name as it is matched: case, spacing and the apostrophe's form
    ignored (a workbook written before headers had typographic apostrophes still reads)."""
    return " ".join(str(text).replace("’", "'").split()).casefold()
