"""content/ -> model. Every check on the curator's content lives here.

The loader never stops at the first problem: it reads every file, collects
every `Diagnostic`, and raises one `ContentError` at the end.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping, Protocol

from .covers import CoverReference, check_covers, cover_format_problem
from .diagnostics import N_, ContentError, Diagnostic, Phrase, Severity, display_path, said
from .fields import LANGUAGE_NAMES, LANGUAGE_TAG, SLUG, FieldReader, inside  # noqa: F401
from .load_consent import CONSENT_KEYS  # noqa: F401  (the keys: every file's, in one place)
from .load_participant import PARTICIPANT_KEYS, PHOTO_KEYS, read_participant  # noqa: F401
from .load_context import read_contact, read_credits, read_statement
from .model import BuildSettings, City, Exhibition, Participant, Theme, Translatable, Typography
from .yamlsource import LinedList, LinedMapping, Source, kind_name, suggest

# base_url: a scheme, a host (letters of any script, for a domain like exposition.québec),
# an optional port and path; no space, control character, query or fragment anywhere.
ABSOLUTE_URL = re.compile(
    r"^https?://[\w.-]+(?::\d{1,5})?(?:/[^\x00-\x20\x7f-\x9f?#\\]*)?\Z")


NO_EXHIBITION_FILE = N_("not found: every exhibition needs an exhibition.yaml")
PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")

EXHIBITION_KEYS = ("title", "subtitle", "note", "cover", "intro", "about", "languages",
                   "base_url", "cities", "themes", "typography", "noindex", "build", "credits",
                   "contact", "accessibility")
CITY_KEYS = ("name", "province", "population", "lat", "lon", "article", "name_in", "name_from",
             "slugs", "intro", "cover")
# The articles a city name may take, per language: they decide "au/du" or "à la/de la".
CITY_ARTICLES = {"fr": ("le", "la", "l'", "l’", "les"), "en": ("the",)}
THEME_KEYS = ("name", "description", "slugs", "intro", "cover")
BUILD_KEYS = ("strict", "jobs", "theme", "output", "widths", "formats", "catalogue")


@dataclass(frozen=True)
class LoadResult:
    exhibition: Exhibition
    warnings: tuple[Diagnostic, ...]


ImageSize = Callable[[Path], tuple[int, int]]


class ParticipantMemo(Protocol):
    """Participants as an earlier load made them, while their folder is unchanged."""

    def recall(self, folder: Path) -> tuple[Participant | None, list[Diagnostic]] | None: ...

    def keep(self, folder: Path, participant: Participant | None,
             diagnostics: list[Diagnostic]) -> None: ...


def load_exhibition(content_dir: Path, *, image_size: ImageSize, strict: bool = False,
                    overlay: Mapping[Path, str] = MappingProxyType({}),
                    remembered: ParticipantMemo | None = None,
                    today: datetime.date | None = None) -> LoadResult:
    """Read and validate the whole content tree, or raise one ContentError.

    `image_size` reads a published photo's upright size, or raises ImageError: the
    orchestrator hands it in (images.upright_size, or one that remembers sizes between
    builds), so the model knows no pixels. `overlay` holds would-be texts of YAML files,
    read instead of the files themselves: `sheet import` checks its changes before writing.
    `today` (default: the computer's date) decides whose consent form is past its renewal.
    """
    content_dir = Path(content_dir)
    diagnostics: list[Diagnostic] = []
    exhibition_file = content_dir / "exhibition.yaml"
    if not exhibition_file.is_file():
        raise ContentError([Diagnostic(display_path(exhibition_file, content_dir), None, "",
                                       NO_EXHIBITION_FILE)])
    source = Source(exhibition_file, display_path(exhibition_file, content_dir),
                    overlay.get(exhibition_file))
    reader = _ExhibitionReader(source, content_dir, image_size, overlay,
                               today or datetime.date.today())
    exhibition = reader.read()
    diagnostics += source.diagnostics
    participants, participant_diagnostics = _read_participants(
        content_dir, reader, None if overlay else remembered)
    diagnostics += participant_diagnostics
    diagnostics += check_covers(reader.covers, participants, source.shown_as)
    if strict:
        diagnostics = [promote(d) for d in diagnostics]
    if any(d.severity is Severity.ERROR for d in diagnostics) or exhibition is None:
        raise ContentError(diagnostics)
    return LoadResult(_replace_participants(exhibition, participants),
                      tuple(sorted(diagnostics)))


def promote(diagnostic: Diagnostic, because: str = "--strict") -> Diagnostic:
    """A warning made an error by `because` (--strict, or the exhibition's build.strict)."""
    if diagnostic.severity is Severity.WARNING:
        return Diagnostic(diagnostic.path, diagnostic.line, diagnostic.field,
                          f"{diagnostic.message} (an error with {because})",
                          phrase=diagnostic.phrase or Phrase(diagnostic.message),
                          promoted_by=because)
    return diagnostic


def _replace_participants(exhibition: Exhibition, participants: list[Participant]) -> Exhibition:
    return replace(exhibition, participants=tuple(participants))


class _ExhibitionReader(FieldReader):
    def __init__(self, source: Source, content_dir: Path, image_size: ImageSize | None = None,
                 overlay: Mapping[Path, str] = MappingProxyType({}),
                 today: datetime.date = datetime.date.max):
        super().__init__(source, ("en", "fr"))
        self.content_dir = content_dir
        self.today = today
        self.image_size = image_size
        self.overlay = overlay
        self.cities: dict[str, City] = {}
        self.themes: dict[str, Theme] = {}
        self.covers: list[CoverReference] = []  # checked once the participants are read

    def read(self) -> Exhibition | None:
        data = self.source.parse()
        if data is None and not self.source.diagnostics:
            self.source.report(None, "", "is empty: it needs at least title and intro")
        if data is None:
            return None
        data = self.source.check_mapping(data, "", 1, EXHIBITION_KEYS)
        if data is None:
            return None
        self.languages = self._languages(data)
        self.cities = self._cities(data)
        self.themes = self._themes(data)
        return Exhibition(
            title=self.translatable(data, "title", "title", required=True),
            subtitle=self.translatable(data, "subtitle", "subtitle"),
            note=self.translatable(data, "note", "note"),
            cover=self.cover(data, "cover"),
            intro=self.translatable(data, "intro", "intro", required=True),
            about=self.translatable(data, "about", "about"),
            languages=self.languages,
            base_url=self._base_url(data),
            cities=MappingProxyType(self.cities),
            themes=MappingProxyType(self.themes),
            participants=(),
            root=self.content_dir,
            typography=self._typography(data),
            noindex=self.flag(data, "noindex", "noindex", False),
            build=self._build_settings(data),
            credits=read_credits(self, data),
            contact=read_contact(self, data),
            accessibility=read_statement(self, data),
        )

    def cover(self, mapping: LinedMapping, field: str, **belongs: str) -> str | None:
        """A 'participant/photo' reference, remembered for `check_covers`."""
        key = field.rsplit(".", 1)[-1]
        text = self.text(mapping, key, field)
        if not text:
            return None
        line = mapping.lines.get(key)
        problem = cover_format_problem(text)
        if problem:
            self.source.report(line, field, problem)
            return None
        self.covers.append(CoverReference(text, line, field, **belongs))
        return text

    def _languages(self, data: LinedMapping) -> tuple[str, ...]:
        value = data.get("languages")
        if value is None:
            return ("en", "fr")
        if not isinstance(value, LinedList) or not value:
            self.source.report(data.lines["languages"], "languages",
                               said("expected a list of language codes like [en, fr], got "
                                    "{kind}", kind=kind_name(value)))
            return ("en", "fr")
        languages = []
        for position, (lang, line) in enumerate(zip(value, value.lines), start=1):
            if not isinstance(lang, str) or not LANGUAGE_TAG.match(lang):
                self.source.report(line, f"languages[{position}]",
                                   said("'{lang}' is not a language code", lang=str(lang)))
            elif lang in languages:
                self.source.report(line, f"languages[{position}]",
                                   said("'{lang}' is listed twice", lang=lang))
            else:
                languages.append(lang)
        return tuple(languages) or ("en", "fr")

    def _base_url(self, data: LinedMapping) -> str | None:
        url = self.source.typed(
            data, "base_url", "base_url", (str,), "an absolute URL",
            lambda v: None if ABSOLUTE_URL.match(v)
            else said("must be one absolute address starting with https:// (or http://), with "
                      "no space, line break, ? or # (e.g. https://example.org/exhibition/)"))
        if url is None:
            return None
        return url if url.endswith("/") else url + "/"

    def _typography(self, data: LinedMapping) -> Typography:
        value = self.source.typed(
            data, "typography", "typography", (str,), "'ca' or 'fr'",
            lambda v: None if v in ("ca", "fr") else
            said("must be 'ca' (Canadian French, the default) or 'fr' (France)"))
        return Typography(value) if value else Typography.CANADA

    def _build_settings(self, data: LinedMapping) -> BuildSettings:
        section = data.get("build")
        if section is None:
            return BuildSettings()
        section = self.source.check_mapping(section, "build", data.lines["build"], BUILD_KEYS)
        if section is None:
            return BuildSettings()
        jobs = self.number(section, "jobs", "build.jobs", 1, 256, integer=True)
        return BuildSettings(
            strict=self.flag(section, "strict", "build.strict", False),
            jobs=jobs,
            theme=self.text(section, "theme", "build.theme") or None,
            output=self.text(section, "output", "build.output") or None,
            widths=self._image_list(section, "widths", _valid_width),
            formats=self._image_list(section, "formats", _valid_format),
            catalogue=self.flag(section, "catalogue", "build.catalogue", False),
        )

    def _image_list(self, section: LinedMapping, key: str, check) -> tuple | None:
        """`build.widths` or `build.formats`: the distinct valid items, or None (the default).

        Widths come out largest first and formats as (webp, jpeg), the order images use.
        """
        value = section.get(key)
        if value is None:
            return None
        line = section.lines.get(key)
        items, lines = (value, value.lines) if isinstance(value, LinedList) else ([value], [line])
        problems = [(item_line, f"build.{key}[{position}]", check(item))
                    for position, (item, item_line) in enumerate(zip(items, lines), start=1)]
        for item_line, field, problem in problems:
            if problem:
                self.source.report(item_line, field, problem)
        if not items or any(problem for _, _, problem in problems):
            if not items:
                self.source.report(line, f"build.{key}", "needs at least one value")
            return None
        if key == "formats" and "jpeg" not in items:
            self.source.report(line, "build.formats", "must include jpeg (every browser shows "
                               "it; webp is an optional, lighter extra)")
            return None
        return tuple(sorted(set(items), reverse=True))

    def _entries(self, data: LinedMapping, key: str) -> list[tuple[str, LinedMapping, str]]:
        """(slug, mapping, field) for each valid entry of the `cities`/`themes` table."""
        table = data.get(key)
        if table is None:
            self.source.report(data.line, key, "is required")
            return []
        table = self.source.check_mapping(table, key, data.lines[key], table or ())
        entries = []
        for slug in table or ():
            field = f"{key}.{slug}"
            if self.slug(slug, table.lines[slug], field) is None:
                continue
            allowed = CITY_KEYS if key == "cities" else THEME_KEYS
            entry = self.source.check_mapping(table[slug], field, table.lines[slug], allowed)
            if entry is not None:
                entries.append((slug, entry, field))
        return entries

    def _cities(self, data: LinedMapping) -> dict[str, City]:
        cities = {}
        for slug, entry, field in self._entries(data, "cities"):
            name = self.translatable(entry, "name", f"{field}.name", required=True)
            province = self.source.typed(
                entry, "province", f"{field}.province", (str,), "a two-letter province code",
                lambda v: None if v.upper() in PROVINCES else
                said("unknown province or territory code{suggestion}; use one of {codes}",
                     suggestion=suggest(v.upper(), PROVINCES), codes=", ".join(PROVINCES)),
                words_as_text=True)
            if "province" not in entry:
                self.source.report(entry.line, f"{field}.province", "is required")
            cities[slug] = City(
                slug=slug, name=name, province=(province or "").upper(),
                population=self.number(entry, "population", f"{field}.population", 0, 1e8, True),
                lat=self.number(entry, "lat", f"{field}.lat", 41, 84),
                lon=self.number(entry, "lon", f"{field}.lon", -142, -52),
                article=self._city_article(entry, field),
                name_in=self.translatable(entry, "name_in", f"{field}.name_in",
                                          per_language=True),
                name_from=self.translatable(entry, "name_from", f"{field}.name_from",
                                            per_language=True),
                slugs=self.slugs(entry, f"{field}.slugs"),
                intro=self.translatable(entry, "intro", f"{field}.intro"),
                cover=self.cover(entry, f"{field}.cover", city=slug),
            )
        return cities

    def _city_article(self, entry: LinedMapping, field: str) -> Translatable:
        article = self.translatable(entry, "article", f"{field}.article", per_language=True)
        for lang, value in article.values.items():
            allowed = CITY_ARTICLES.get(lang, ())
            if allowed and value not in allowed:
                self.source.report(entry.lines.get("article"), f"{field}.article.{lang}",
                                   said("'{value}' is not an article: use one of {articles}, "
                                        "or write name_in and name_from", value=value,
                                        articles=", ".join(allowed)))
        return article

    def _themes(self, data: LinedMapping) -> dict[str, Theme]:
        return {
            slug: Theme(slug=slug,
                        name=self.translatable(entry, "name", f"{field}.name", required=True),
                        description=self.translatable(entry, "description",
                                                      f"{field}.description"),
                        slugs=self.slugs(entry, f"{field}.slugs"),
                        intro=self.translatable(entry, "intro", f"{field}.intro"),
                        cover=self.cover(entry, f"{field}.cover", theme=slug))
            for slug, entry, field in self._entries(data, "themes")
        }


def _read_participants(content_dir: Path, exhibition: _ExhibitionReader,
                       remembered: ParticipantMemo | None = None
                       ) -> tuple[list[Participant], list[Diagnostic]]:
    folder = content_dir / "participants"
    shown = display_path(folder, content_dir)
    if not folder.is_dir():
        return [], [Diagnostic(shown, None, "",
                               N_("not found: put one folder per participant here"))]
    folders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    diagnostics: list[Diagnostic] = []
    outside = [p for p in folders if not inside(p, content_dir)]
    for participant_dir in outside:
        diagnostics.append(Diagnostic(
            display_path(participant_dir, content_dir), None, "",
            N_("is a link to a folder outside the content folder; move or copy the "
               "participant's folder into content/participants instead")))
    folders = [p for p in folders if p not in outside]
    if not folders:
        diagnostics.append(Diagnostic(shown, None, "", N_(
            "is empty: add one folder per participant (photovoice new participant SLUG "
            "--city CITY)")))
    seen: dict[str, str] = {}  # web address -> the folder that has it
    participants = []
    for participant_dir in folders:
        recalled = remembered.recall(participant_dir) if remembered is not None else None
        if recalled is not None and _lapsed_since(recalled[0], exhibition.today):
            recalled = None  # read again: their consent form's renewal date has passed
        if recalled is not None:
            participant, found = recalled
        else:
            participant, found = read_participant(participant_dir, content_dir, exhibition)
            if remembered is not None:
                remembered.keep(participant_dir, participant, found)
        diagnostics += found
        if participant is not None and participant.slug in seen:
            diagnostics.append(Diagnostic.of(
                display_path(participant_dir / "participant.yaml", content_dir), None, "slug",
                said("the web address '{slug}' is also the one of the folder '{folder}': add a "
                     "different slug: to one of them", slug=participant.slug,
                     folder=seen[participant.slug])))
            continue
        if participant is not None:
            seen[participant.slug] = participant_dir.name
            participants.append(participant)
    return participants, diagnostics


def _valid_width(value: Any) -> Phrase | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 16 <= value <= 8192:
        return said("expected a width in pixels, a whole number from 16 to 8192, got "
                    "'{value}'", value=str(value))
    return None


def _valid_format(value: Any) -> Phrase | None:
    return None if value in ("webp", "jpeg") else said("expected webp or jpeg, got '{value}'",
                                                        value=str(value))


def read_build_settings(content_dir: Path) -> BuildSettings:
    """The `build:` section alone, for defaults the CLI needs before a build.

    Problems are not reported here: the full load reports them with the rest.
    """
    source = Source(content_dir / "exhibition.yaml", "exhibition.yaml")
    if not source.path.is_file():
        return BuildSettings()
    data = source.parse()
    if not isinstance(data, LinedMapping):
        return BuildSettings()
    reader = _ExhibitionReader(source, content_dir)
    return reader._build_settings(data) if isinstance(data.get("build"), LinedMapping) \
        else BuildSettings()


def read_city_slugs(content_dir: Path) -> tuple[str, ...]:
    """The valid city keys of exhibition.yaml, in file order, for `photovoice new`.

    Other problems in the file are tolerated (the full load reports them); only a file
    that cannot be read as a mapping at all raises a ContentError.
    """
    return _read_table_slugs(Path(content_dir), "cities")


def read_theme_slugs(content_dir: Path) -> tuple[str, ...]:
    """The valid theme keys of exhibition.yaml, in file order (as `read_city_slugs`)."""
    return _read_table_slugs(Path(content_dir), "themes")


def _read_table_slugs(content_dir: Path, key: str) -> tuple[str, ...]:
    path = content_dir / "exhibition.yaml"
    source = Source(path, display_path(path, content_dir))
    if not path.is_file():
        raise ContentError([Diagnostic(source.shown_as, None, "", NO_EXHIBITION_FILE)])
    data = source.parse()
    if not isinstance(data, LinedMapping):
        if not source.diagnostics:
            source.report(None, "", said("expected a mapping (key: value pairs), got {kind}",
                                         kind=kind_name(data)))
        raise ContentError(source.diagnostics)
    table = data.get(key)
    if not isinstance(table, LinedMapping):
        return ()
    return tuple(slug for slug in table if isinstance(slug, str) and SLUG.match(slug))


def _lapsed_since(participant: Participant | None, today: datetime.date) -> bool:
    """Whether a participant read on an earlier day has a consent form past its renewal
    date today that was not yet past then (or the other way round, the clock moved)."""
    consent = participant.consent if participant is not None else None
    return bool(consent and consent.publish and consent.renew_by
                and (consent.renew_by < today.isoformat()) != consent.lapsed)
