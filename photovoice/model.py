"""The typed content model: what `load` produces and everything else reads.

Field names match the YAML keys so an error path (`photos[3].alt.fr`) points at
the curator's file. Everything is frozen: stages downstream cannot edit content.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Localized:
    """A text resolved for one page language; `lang` is the language it is in."""

    text: str
    lang: str

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class Translatable:
    """`{en: ..., fr: ...}` in YAML, or one plain string used for every language."""

    values: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    shared: bool = False

    @classmethod
    def of(cls, values: Mapping[str, str] | None = None, **kwargs: str) -> "Translatable":
        return cls(MappingProxyType(dict(values or {}, **kwargs)))

    @classmethod
    def everywhere(cls, text: str) -> "Translatable":
        return cls(MappingProxyType({"*": text}), shared=True)

    def has(self, lang: str) -> bool:
        return self.shared or bool(self.values.get(lang))

    def resolve(self, lang: str, fallbacks: tuple[str, ...] = ()) -> Localized:
        """The text in `lang`, else in the first fallback language that has it."""
        if self.shared:
            return Localized(self.values["*"], lang)
        for candidate in (lang, *fallbacks):
            text = self.values.get(candidate)
            if text:
                return Localized(text, candidate)
        return Localized("", lang)

    def texts(self) -> tuple[str, ...]:
        return tuple(self.values.values())

    def __bool__(self) -> bool:
        return any(self.values.values())


EMPTY = Translatable()


class Credit(str, Enum):
    NAME = "name"
    INITIALS = "initials"
    ANONYMOUS = "anonymous"


# What a participant may consent to, one by one (consent.web, consent.print, ...):
# the site; the printed catalogue; their recorded voice; their photos and words in link
# previews and structured data (what another site shows of a shared link); the slideshow.
USES = ("web", "print", "audio", "previews", "slideshow")
WEB, PRINT = "web", "print"


@dataclass(frozen=True)
class Consent:
    publish: bool
    credit: Credit = Credit.NAME
    web: bool = True
    print: bool = True
    audio: bool = True
    previews: bool = True
    slideshow: bool = True
    # The signed form: its reference and date, and the date by which it must be renewed.
    form: str = ""
    signed: str = ""       # YYYY-MM-DD
    renew_by: str = ""     # YYYY-MM-DD
    # renew_by had passed on the day the content was loaded: nothing of theirs is
    # published until the renewed form's date is entered.
    lapsed: bool = False

    def allows(self, use: str) -> bool:
        """Whether this participant's consent, still valid, covers `use` (one of USES)."""
        return self.publish and not self.lapsed and getattr(self, use)


@dataclass(frozen=True)
class Redaction:
    """A rectangle to blur, as fractions (0..1) of the upright image."""

    x: float
    y: float
    w: float
    h: float

    def box(self, width: int, height: int) -> tuple[int, int, int, int]:
        """Pixel box (left, top, right, bottom) in an image of this size, at least 1 px."""
        left = max(0, min(width - 1, int(self.x * width)))
        top = max(0, min(height - 1, int(self.y * height)))
        right = max(left + 1, min(width, round((self.x + self.w) * width + 0.5)))
        bottom = max(top + 1, min(height, round((self.y + self.h) * height + 0.5)))
        return left, top, right, bottom


@dataclass(frozen=True)
class Original:
    """The participant's own words, in the language they wrote or spoke them."""

    lang: str
    text: str


@dataclass(frozen=True)
class City:
    slug: str
    name: Translatable
    province: str
    population: int | None = None  # kept and edited (the spreadsheet), not shown
    lat: float | None = None
    lon: float | None = None
    # How a sentence names the city, per language: its article (fr: le, la, l', les) and,
    # where the rule gives the wrong form, the whole "in" and "from" phrases.
    article: Translatable = EMPTY
    name_in: Translatable = EMPTY      # "au Grand Sudbury", "in Greater Sudbury"
    name_from: Translatable = EMPTY    # "du Grand Sudbury", "from Greater Sudbury"
    # The address in other languages ({fr: grand-sudbury}); else derived from the name.
    slugs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # A chapter of the exhibition: the curator's introduction (Markdown) and cover photo,
    # a 'participant/photo' reference (None: the city's first published photo).
    intro: Translatable = EMPTY
    cover: str | None = None


@dataclass(frozen=True)
class Theme:
    slug: str
    name: Translatable
    description: Translatable = EMPTY
    slugs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    intro: Translatable = EMPTY  # as City's
    cover: str | None = None


@dataclass(frozen=True)
class Photo:
    slug: str
    file: Path
    title: Translatable
    alt: Translatable
    caption: Translatable
    themes: tuple[str, ...]
    width: int
    height: int
    original: Original | None = None
    redact: tuple[Redaction, ...] = ()
    # Where `file:` is in participant.yaml, so a problem found while processing the
    # image later is reported on the curator's line: (line, "photos[3].file").
    file_line: int | None = field(default=None, compare=False)
    file_field: str = field(default="", compare=False)
    # The participant telling the story, and what they say (WCAG 1.2.1).
    audio: Path | None = None
    transcript: Translatable = EMPTY
    transcript_original: Original | None = None
    audio_line: int | None = field(default=None, compare=False)
    # The address in other languages ({fr: la-tablette-de-pain}); else derived from the title.
    slugs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The curator's note on the release signed by people in the photo: never published.
    release: str = ""


@dataclass(frozen=True)
class Participant:
    slug: str
    name: str
    city: str
    consent: Consent
    bio: Translatable
    photos: tuple[Photo, ...]
    folder: Path
    # Files of photos marked `publish: false`: never published, but listed, so a
    # quality check does not call them forgotten.
    withdrawn_files: tuple[str, ...] = ()
    # The line of `photos:` in participant.yaml: where a note on the whole list points
    # (a photo in the folder that is not listed).
    photos_line: int | None = None


@dataclass(frozen=True)
class Credits:
    """Who made the exhibition and how to cite it: each a Markdown text per language."""

    team: Translatable = EMPTY
    partners: Translatable = EMPTY
    funders: Translatable = EMPTY
    ethics: Translatable = EMPTY
    cite: Translatable = EMPTY

    def __bool__(self) -> bool:
        return any((self.team, self.partners, self.funders, self.ethics, self.cite))


@dataclass(frozen=True)
class Contact:
    """How a visitor reaches the team: an address, a form, or both."""

    email: str = ""
    form: str = ""
    response: Translatable = EMPTY  # "We answer within five working days."

    def __bool__(self) -> bool:
        return bool(self.email or self.form)


class Conformance(str, Enum):
    """The W3C WAI statement's conformance status against WCAG 2.2 AA."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


@dataclass(frozen=True)
class AccessibilityStatement:
    """What the accessibility statement says beyond what the theme knows."""

    status: Conformance = Conformance.PARTIAL
    date: str = ""       # ISO date the statement was written
    reviewed: str = ""   # ISO date it was last reviewed
    tested_with: Translatable = EMPTY   # assistive technologies and browsers tried
    limitations: Translatable = EMPTY   # known limitations, Markdown


class Typography(str, Enum):
    CANADA = "ca"
    FRANCE = "fr"


@dataclass(frozen=True)
class BuildSettings:
    """The `build:` section of exhibition.yaml: project defaults for the CLI."""

    strict: bool = False
    jobs: int | None = None
    theme: str | None = None
    output: str | None = None
    widths: tuple[int, ...] | None = None    # None: images.WIDTHS
    formats: tuple[str, ...] | None = None   # None: WebP and JPEG
    catalogue: bool = False   # the PDF catalogue of each language written into the site


@dataclass(frozen=True)
class Exhibition:
    title: Translatable
    intro: Translatable
    languages: tuple[str, ...]
    cities: Mapping[str, City]
    themes: Mapping[str, Theme]
    participants: tuple[Participant, ...]
    root: Path
    subtitle: Translatable = EMPTY
    about: Translatable = EMPTY
    note: Translatable = EMPTY     # small print under the statement ("a sample exhibition")
    cover: str | None = None       # the lead photograph, 'participant/photo'
    base_url: str | None = None
    typography: Typography = Typography.CANADA
    noindex: bool = False
    build: BuildSettings = BuildSettings()
    credits: Credits = Credits()
    contact: Contact = Contact()
    accessibility: AccessibilityStatement = AccessibilityStatement()
    # What the exhibition is shown on: WEB (the site) or PRINT (the catalogue). Only the
    # participants whose consent covers it are published there (`for_print`).
    medium: str = WEB

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    @property
    def published_participants(self) -> tuple[Participant, ...]:
        """Participants whose consent covers this medium and who still have at least one
        published photo."""
        return tuple(p for p in self.participants
                     if p.consent.allows(self.medium) and p.photos)

    def for_print(self) -> "Exhibition":
        """The exhibition as the printed catalogue may show it."""
        return replace(self, medium=PRINT)
