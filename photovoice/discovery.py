"""What search engines and link previews read: descriptions, share images, JSON-LD,
the sitemap and robots.txt. Consent rules apply here as everywhere: only the
views (already filtered) are used, and credits are the credited names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .markup import MarkdownMemo, plain_text
from .views import ParticipantView, PhotoView, Rendition

DESCRIPTION_LENGTH = 160


@dataclass(frozen=True)
class PageMeta:
    description: str
    share: Rendition | None = None
    share_alt: str = ""
    structured_data: Mapping[str, Any] | None = None


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def describe(markdown_text: str, fallback: str, memo: MarkdownMemo | None = None) -> str:
    return shorten(plain_text(markdown_text, memo) or fallback)


def absolute(base_url: str, site_path: str) -> str:
    """'en/cities/index.html' -> 'https://host/path/en/cities/'"""
    if site_path.endswith("index.html"):
        site_path = site_path[: -len("index.html")]
    return base_url + site_path


def photo_meta(photo: PhotoView, base_url: str | None, lang: str,
               memo: MarkdownMemo | None = None) -> PageMeta:
    data = None
    if base_url:
        data = {
            "@context": "https://schema.org",
            "@type": "Photograph",
            "name": photo.title.text,
            "description": photo.alt.text,
            "inLanguage": lang,
            "url": absolute(base_url, photo.path),
            "image": absolute(base_url, photo.picture.share.path),
            "creator": {"@type": "Person", "name": photo.credit.text},
            "contentLocation": {"@type": "Place", "name": photo.city.label.text},
            "keywords": [theme.label.text for theme in photo.themes],
        }
    return PageMeta(describe(photo.caption.text, photo.alt.text, memo), photo.picture.share,
                    photo.alt.text, data)


def participant_meta(participant: ParticipantView, memo: MarkdownMemo | None = None
                     ) -> PageMeta:
    cover = participant.cover
    fallback = (participant.credit.text if participant.credit_names_city
                else f"{participant.credit.text} · {participant.city.label.text}")
    return PageMeta(describe(participant.bio.text, fallback, memo), cover.picture.share,
                    cover.alt.text)


def home_meta(title: str, subtitle: str, intro: str, participants: tuple[ParticipantView, ...],
              base_url: str | None, home_path: str, lang: str, cities: list[str],
              memo: MarkdownMemo | None = None) -> PageMeta:
    cover = participants[0].cover if participants else None
    data = None
    if base_url:
        home_url = absolute(base_url, home_path)
        data = {
            "@context": "https://schema.org",
            "@type": "ExhibitionEvent",
            "name": title,
            "description": plain_text(intro, memo),
            "url": home_url,
            "inLanguage": lang,
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
            "location": {"@type": "VirtualLocation", "url": home_url},
            "about": [{"@type": "City", "name": name} for name in cities],
        }
        if cover:
            data["image"] = absolute(base_url, cover.picture.share.path)
    return PageMeta(describe(intro, subtitle or title, memo), cover.picture.share if cover else None,
                    cover.alt.text if cover else "", data)
