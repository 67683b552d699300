"""What templates see: content already filtered for consent and resolved per language.

Consent, credit and translation-fallback rules live here, in tested Python;
templates only lay out what these objects hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from .markup import text_direction
from .model import Credit, Exhibition, Localized, Original, Participant, Photo, Translatable


@dataclass(frozen=True)
class Rendition:
    """One derived image file: where it is in the site and its exact size."""

    path: str
    width: int
    height: int
    format: str  # "webp" or "jpeg"


@dataclass(frozen=True)
class Picture:
    webp: tuple[Rendition, ...]
    jpeg: tuple[Rendition, ...]
    social: Rendition | None = None  # the JPEG made for link previews (builds with base_url)

    @property
    def fallback(self) -> Rendition:
        """A mid-sized JPEG for browsers without srcset support."""
        by_width = sorted(self.jpeg, key=lambda r: r.width)
        return next((r for r in by_width if r.width >= 960), by_width[-1])

    @property
    def largest(self) -> Rendition:
        return max(self.jpeg, key=lambda r: r.width)

    @property
    def share(self) -> Rendition:
        """The image for social cards: the one made for them, else the JPEG nearest 1200 px."""
        return self.social or min(self.jpeg, key=lambda r: abs(r.width - 1200))

    @property
    def width(self) -> int:
        return self.fallback.width

    @property
    def height(self) -> int:
        return self.fallback.height


@dataclass(frozen=True)
class Link:
    path: str
    label: Localized


@dataclass(frozen=True)
class OriginalView:
    lang: str
    dir: str
    text: str
    language_name: str


@dataclass(frozen=True)
class VoiceView:
    """The participant's narration and its transcript (WCAG 1.2.1)."""

    path: str
    transcript: Localized
    original: OriginalView | None


@dataclass(frozen=True)
class PhotoView:
    slug: str
    path: str
    title: Localized
    alt: Localized
    caption: Localized
    original: OriginalView | None
    picture: Picture
    themes: tuple[Link, ...]
    city: Link
    credit: Localized
    participant_path: str
    voice: VoiceView | None = None
    position: int = 0
    total: int = 0
    previous: "PhotoView | None" = field(default=None, compare=False, repr=False)
    next: "PhotoView | None" = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ParticipantView:
    slug: str
    path: str
    credit: Localized
    bio: Localized
    city: Link
    photos: tuple[PhotoView, ...]

    @property
    def cover(self) -> PhotoView:
        return self.photos[0]


@dataclass(frozen=True)
class CityView:
    slug: str
    path: str
    name: Localized
    province: str
    label: str  # "Brandon, Manitoba" / "Brandon (Manitoba)"
    participants: tuple[ParticipantView, ...]
    lat: float | None = None
    lon: float | None = None

    @property
    def photo_count(self) -> int:
        return sum(len(p.photos) for p in self.participants)


@dataclass(frozen=True)
class ThemeView:
    slug: str
    path: str
    name: Localized
    description: Localized
    photos: tuple[PhotoView, ...]


# Views that many pages hold: a page's key counts them by the fields its templates read
# (pagekeys), which the environment notes as they are read (render).
SHARED_VIEWS = frozenset({PhotoView, ParticipantView, CityView, ThemeView})


def initials(name: str) -> str:
    """'Amal Haddad' -> 'A. H.'; 'Jean-Luc Roy' -> 'J.-L. R.'"""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    parts = []
    for word in words:
        pieces = [piece for piece in word.split("-") if piece]
        parts.append("-".join(f"{piece[0].upper()}." for piece in pieces))
    return " ".join(parts)


def credit_for(participant: Participant, city_name: Localized, strings: Mapping,
               lang: str) -> Localized:
    """The name a page may show for a participant, honouring their consent."""
    credit = participant.consent.credit
    if credit is Credit.NAME:
        return Localized(participant.name, lang)
    if credit is Credit.INITIALS:
        return Localized(initials(participant.name), lang)
    return Localized(strings["anonymous_credit"].format(city=city_name.text), lang)


def published(exhibition: Exhibition) -> tuple[tuple[Participant, tuple[Photo, ...]], ...]:
    """Every participant who consented, with only their published photos, in order."""
    return tuple((p, p.photos) for p in exhibition.published_participants)


def fallbacks(exhibition: Exhibition, lang: str) -> tuple[str, ...]:
    return tuple(other for other in exhibition.languages if other != lang)


def resolve(value: Translatable, exhibition: Exhibition, lang: str) -> Localized:
    return value.resolve(lang, fallbacks(exhibition, lang))


def original_view(original: Original | None, language_names: Mapping[str, str]
                  ) -> OriginalView | None:
    if original is None:
        return None
    lang = original.lang
    return OriginalView(lang=lang, dir=text_direction(lang), text=original.text,
                        language_name=language_names.get(lang.split("-")[0].lower(), lang))
