"""Typed readers of YAML fields, shared by exhibition.yaml (load) and participant.yaml
(load_participant): each reports a wrong value at its line and goes on."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .model import Translatable
from .diagnostics import N_, Severity, said
from .yamlsource import LinedMapping, Source, kind_name, suggest

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
# The shapes of the names devices and apps give files. Such a name records when the
# photo was taken, sent or saved (IMG_20230514_093012, FB_IMG_1684056612345: a Unix time
# in milliseconds), and the next app will name its files a new way, so the shape decides:
_DIGIT_RUN = re.compile(r"\d{4,}")  # a counter, a date, a timestamp
_DATE_OR_TIME = re.compile(r"\d{1,2}[-_. :h]\d{1,2}(?:[-_. :m]\d{1,4})+")  # 14.05.23, 9h30m12
_HEX_RUN = re.compile(r"(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}", re.IGNORECASE)  # an id
# Known camera and app prefixes, followed by digits: a short counter too (IMG_E12).
_DEVICE_PREFIX = re.compile(
    r"^[-_ ]*(?:img|imag|cimg|dsc[nf]?|dcim|pxl|mvimg|pano|vid|sam|gopr|dji|kif|hpim|dc|p|wp"
    r"|fb[-_ ]?img|mmexport|received|screenshot|screen[-_ ]?shot|photo|image|pic|picture"
    r"|snapchat|signal|whatsapp[-_ ]?image|telegram|wx[-_ ]?camera|inshot|burst)[-_ ]*e?\d",
    re.IGNORECASE)
_APP_NAME = re.compile(r"whatsapp|messenger|snapchat|instagram|mmexport|fb[-_ ]img|wx[-_ ]camera"
                       r"|screenshot|screen[-_ ]shot", re.IGNORECASE)


def machine_made(stem: str) -> bool:
    """Whether a file name was made by a device or an app, not by a person."""
    return any(pattern.search(stem) for pattern in
               (_DIGIT_RUN, _DATE_OR_TIME, _HEX_RUN, _DEVICE_PREFIX, _APP_NAME))


LANGUAGE_NAMES = {"en": said("English"), "fr": said("French")}
# Names Windows keeps for devices: a folder called con or lpt1 cannot be opened there,
# and a site copied to a USB stick for an exhibition would lose those pages.
DEVICE_NAME = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$")
DEVICE_HINT = N_("is a name Windows reserves for a device (con, prn, aux, nul, com1-9, "
                 "lpt1-9); a folder with that name cannot be opened there: choose another")
# The most characters a text may hold, by its key (docs/content.md lists them): generous
# for real words, and a bound on the work (and memory) a build spends on one text.
TEXT_LIMITS = {"intro": 50_000, "about": 50_000, "caption": 20_000, "bio": 20_000,
               "description": 20_000, "transcript": 20_000, "text": 20_000}
SHORT_TEXT_LIMIT = 1_000  # titles, alt texts, names, file names, everything else
# Control characters (NUL, escape, C1...) show as nothing or as boxes, and some break
# files and terminals downstream; tabs and line ends are the only ones a text needs.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def inside(path: Path, content_dir: Path) -> bool:
    """True when `path`, links followed, is within the content folder: a link out of it
    would publish, or read, files the curator never put in the exhibition."""
    return path.resolve().is_relative_to(content_dir.resolve())


class FieldReader:
    """Typed readers shared by exhibition.yaml and participant.yaml."""

    def __init__(self, source: Source, languages: tuple[str, ...]):
        self.source = source
        self.languages = languages

    def text(self, mapping: LinedMapping, key: str, field: str, required: bool = False) -> str:
        if required and not self.source.require(mapping, key, field):
            return ""
        value = self.source.typed(mapping, key, field, (str, int, float), "text")
        line = mapping.lines.get(key)
        words = None if value is None else self._words(str(value), line, field)
        text = (words or "").strip()
        if required and words is not None and not text:
            self.source.report(mapping.lines.get(key), field, "must not be empty")
        return text

    def translatable(self, mapping: LinedMapping, key: str, field: str,
                     required: bool = False, per_language: bool = False) -> Translatable:
        """`per_language`: a form some languages need and others not (a city's article),
        so a missing language is no warning."""
        if required and not self.source.require(mapping, key, field):
            return Translatable()
        value = mapping.get(key)
        line = mapping.lines.get(key)
        if value is None:
            return Translatable()
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            words = self._words(str(value), line, field)
            text = (words or "").strip()
            if not text and required and words is not None:
                self.source.report(line, field, "must not be empty")
            return Translatable.everywhere(text) if text else Translatable()
        if not isinstance(value, LinedMapping):
            self.source.report(line, field, said(
                "expected text, or one text per language ({languages}), got {kind}",
                languages=", ".join(f"{lang}: ..." for lang in self.languages),
                kind=kind_name(value)))
            return Translatable()
        return self._per_language(value, field, required, mapping.key_lines.get(key, line),
                                  per_language)

    def _per_language(self, value: LinedMapping, field: str, required: bool,
                      key_line: int | None, per_language: bool = False) -> Translatable:
        texts: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in self.languages:
                self.source.report(value.lines[lang], f"{field}.{lang}", said(
                    "unknown language{suggestion}; this exhibition's languages are {languages}",
                    suggestion=suggest(lang, self.languages),
                    languages=", ".join(self.languages)))
            elif not isinstance(text, (str, int, float)) or isinstance(text, bool):
                self.source.report(value.lines[lang], f"{field}.{lang}",
                                   said("expected text, got {kind}", kind=kind_name(text)))
            elif text := (self._words(str(text), value.lines[lang], f"{field}.{lang}")
                          or "").strip():
                texts[lang] = text
        for duplicate, line in value.duplicates:
            self.source.report(line, f"{field}.{duplicate}", "appears twice")
        if not texts:
            if required:
                self.source.report(value.line, field, "must not be empty")
            return Translatable()
        for lang in () if per_language else self.languages:
            if lang not in texts:
                self.source.report(key_line, f"{field}.{lang}", said(
                    "missing {language} text; the {language} page will show the {other} one",
                    language=LANGUAGE_NAMES.get(lang, lang),
                    other=LANGUAGE_NAMES.get(next(iter(texts)), said("other"))),
                    Severity.WARNING)
        return Translatable.of(texts)

    def _words(self, text: str, line: int | None, field: str) -> str | None:
        """`text` with any control character removed (and a warning); None (and an
        error) past its field's size limit."""
        key = re.sub(r"\[\d+\]", "", field).split(".")
        key = [part for part in key if part not in self.languages]
        limit = TEXT_LIMITS.get(key[-1] if key else "", SHORT_TEXT_LIMIT)
        if len(text) > limit:
            self.source.report(line, field, said(
                "is {length} characters long; this field holds at most {limit}",
                length=len(text), limit=limit))
            return None
        if CONTROL.search(text):
            found = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)})
            self.source.report(line, field, said(
                "contains invisible control characters ({characters}), removed",
                characters=", ".join(found)), Severity.WARNING)
            text = CONTROL.sub("", text)
        return text

    def number(self, mapping: LinedMapping, key: str, field: str, low: float, high: float,
               integer: bool = False) -> float | int | None:
        kinds = (int,) if integer else (int, float)
        return self.source.typed(
            mapping, key, field, kinds, N_("a whole number") if integer else N_("a number"),
            lambda v: None if low <= v <= high else said("must be between {low} and {high}",
                                                         low=f"{low:g}", high=f"{high:g}"))

    def flag(self, mapping: LinedMapping, key: str, field: str, default: bool) -> bool:
        value = self.source.typed(mapping, key, field, (bool,), "true or false")
        return default if value is None else value

    def date(self, mapping: LinedMapping, key: str, field: str) -> str:
        """A date as YYYY-MM-DD (YAML reads an unquoted one as a date), or ""."""
        value = mapping.get(key)
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        text = str(value).strip()
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            self.source.report(mapping.lines.get(key), field, said(
                "expected a date as YYYY-MM-DD (2026-11-30), got '{text}'", text=text))
            return ""

    def slugs(self, mapping: LinedMapping, field: str) -> Mapping[str, str]:
        """`slugs: {fr: grand-sudbury}`: the address of a page in some of the languages."""
        given = self.translatable(mapping, "slugs", field, per_language=True)
        if given.shared:
            self.source.report(mapping.lines.get("slugs"), field, said(
                "expected one slug per language ({languages})",
                languages=", ".join(f"{lang}: ..." for lang in self.languages)))
            return MappingProxyType({})
        checked = {lang: self.slug(text, mapping.lines.get("slugs"), f"{field}.{lang}")
                   for lang, text in given.values.items()}
        return MappingProxyType({lang: slug for lang, slug in checked.items() if slug})

    def slug(self, value: Any, line: int | None, field: str) -> str | None:
        if not isinstance(value, str) or not SLUG.match(value):
            self.source.report(line, field, said(
                "'{value}' is not a valid slug: use lowercase letters a-z, digits and single "
                "hyphens (e.g. 'morning-market')", value=value))
            return None
        if DEVICE_NAME.match(value):
            self.source.report(line, field, said("'{value}' {hint}", value=value,
                                                 hint=said(DEVICE_HINT)))
            return None
        return value
