"""What templates see: content already filtered for consent and resolved per language.

Consent, credit and translation-fallback rules live here, in tested Python;
templates only lay out what these objects hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from .load_participant import slugify
from .markup import text_direction
from .model import (City, Credit, Exhibition, Localized, Original, Participant, Photo,
                    Translatable)


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
        """The JPEG of <img src>: beside WebP the only one; else (JPEG only) a mid-sized
        one, for browsers without srcset support."""
        by_width = sorted(self.jpeg, key=lambda r: r.width)
        return next((r for r in by_width if r.width >= 960), by_width[-1])

    @property
    def largest(self) -> Rendition:
        """The largest file ("View full size"): a WebP beside the JPEG fallback, the
        JPEG when it is as large."""
        return max(self.webp + self.jpeg, key=lambda r: (r.width, r.format == "jpeg"))

    @property
    def share(self) -> Rendition:
        """The image for social cards: the one made for them, else the JPEG nearest 1200 px."""
        return self.social or min(self.jpeg, key=lambda r: abs(r.width - 1200))

    @property
    def width(self) -> int:
        return self.fallback.width

    @property
    def shape(self) -> str:
        """The class naming its shape, the size of its largest file: the site's stylesheet
        gives the class the photo's proportions (stylesheet.py)."""
        return f"shape-{self.largest.width}x{self.largest.height}"

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
    # The credit inside a sentence ("a participant from Halifax"), and whether the credit
    # already names the city (then a byline does not repeat it).
    mention: Localized | None = None
    credit_names_city: bool = False
    ref: str = ""  # 'participant/photo' in the curator's slugs, as a `cover:` names it
    position: int = 0
    total: int = 0
    # What the participant consented to beyond the site: their photo and words in link
    # previews and structured data, their photo in the slideshow.
    previews: bool = True
    slideshow: bool = True
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
    mention: Localized | None = None
    credit_names_city: bool = False
    previews: bool = True  # their photos and words may appear in link previews

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
    name_in: str = ""    # "au Grand Sudbury"
    name_from: str = ""  # "du Grand Sudbury"
    intro: Localized = Localized("", "")
    cover_ref: str | None = None

    @property
    def photo_count(self) -> int:
        return sum(len(p.photos) for p in self.participants)

    @property
    def photos(self) -> tuple[PhotoView, ...]:
        return tuple(photo for p in self.participants for photo in p.photos)

    @property
    def cover(self) -> PhotoView | None:
        return choose_cover(self.cover_ref, self.photos)


@dataclass(frozen=True)
class ThemeView:
    slug: str
    path: str
    name: Localized
    description: Localized
    photos: tuple[PhotoView, ...]
    intro: Localized = Localized("", "")
    cover_ref: str | None = None

    @property
    def cover(self) -> PhotoView | None:
        return choose_cover(self.cover_ref, self.photos)


def choose_cover(reference: str | None, photos: tuple[PhotoView, ...],
                 prefer_landscape: bool = False) -> PhotoView | None:
    """The photo a curator named, if it is published here; else the first (landscape) one.

    A lead photograph spans the page's width: where the curator chose none, a landscape
    photo fills it best.
    """
    chosen = next((photo for photo in photos if reference and photo.ref == reference), None)
    if chosen:
        return chosen
    if prefer_landscape:
        wide = (p for p in photos if p.picture.largest.width > p.picture.largest.height)
        return next(wide, photos[0] if photos else None)
    return photos[0] if photos else None


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


@dataclass(frozen=True)
class CityPhrases:
    """A city as sentences name it in one language: "au Grand Sudbury", "du Grand Sudbury"."""

    name_in: str
    name_from: str


def city_phrases(city: City, name: Localized, strings: Mapping, lang: str) -> CityPhrases:
    """The curator's forms where given, else the theme's pattern with the city's article.

    French contracts à/de with le and les (au, du, aux, des) and elides de before a vowel.
    """
    article = city.article.values.get(lang, "")
    named = (article + name.text if article.endswith(("'", "’"))
             else f"{article} {name.text}" if article else name.text)

    def phrase(given: Translatable, pattern: str) -> str:
        if given.values.get(lang) or given.shared:
            return given.resolve(lang).text
        text = strings[pattern].format(city=named)
        return french_contractions(text) if lang.startswith("fr") else text

    return CityPhrases(phrase(city.name_in, "city_in"), phrase(city.name_from, "city_from"))


_VOWEL_START = "aeiouyàâäéèêëîïôöùûüœæ"
_CONTRACTIONS = (("à le ", "au "), ("à les ", "aux "), ("de le ", "du "), ("de les ", "des "))


def french_contractions(text: str) -> str:
    """'à le Grand Sudbury' -> 'au Grand Sudbury'; 'de Alma' -> 'd’Alma'."""
    for words, contracted in _CONTRACTIONS:
        text = re.sub(rf"(^|\s){words}", rf"\1{contracted}", text, flags=re.IGNORECASE)
    return re.sub(rf"(^|\s)(d|l|qu)e (?=[{_VOWEL_START}])", r"\1\2’", text,
                  flags=re.IGNORECASE)


@dataclass(frozen=True)
class Credited:
    """How pages name a participant: as a title, inside a sentence, and whether that
    name already says the city."""

    credit: Localized
    mention: Localized
    names_city: bool


def credit_for(participant: Participant, city: CityPhrases, strings: Mapping,
               lang: str) -> Credited:
    """The name a page may show for a participant, honouring their consent."""
    credit = participant.consent.credit
    if credit is Credit.NAME:
        name = Localized(participant.name, lang)
        return Credited(name, name, False)
    if credit is Credit.INITIALS:
        name = Localized(initials(participant.name), lang)
        return Credited(name, name, False)
    return Credited(Localized(strings["anonymous_credit"].format(city_from=city.name_from), lang),
                    Localized(strings["anonymous_mention"].format(city_from=city.name_from),
                              lang),
                    True)


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


def localized_slugs(items: Mapping[str, tuple[Mapping[str, str], Translatable]], lang: str,
                    default_lang: str) -> dict[str, str]:
    """Each item's address segment in `lang`: the curator's (`slugs`), else, where its name
    in `lang` is its own (« Grand Sudbury »), one made from that name (grand-sudbury), else
    its key. A made one never takes an address already used."""
    chosen = {key: given[lang] for key, (given, _) in items.items() if lang in given}
    taken = set(chosen.values())
    for key, (given, name) in items.items():
        if key in chosen:
            continue
        own = name.values.get(lang, "")
        made = slugify(own) if own and own != name.values.get(default_lang) else ""
        base = candidate = made or key
        number = 2
        while candidate in taken:
            candidate = f"{base}-{number}"
            number += 1
        chosen[key] = candidate
        taken.add(candidate)
    return {key: chosen[key] for key in items}
