"""Cover photos: the curator names a photo as `participant/photo`; each one is checked here.

A cover is read with the rest of exhibition.yaml, but it can be checked only once the
participants are known. A cover whose photo is not published (consent withdrawn,
`publish: false`) is never shown: the page falls back to its default, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .diagnostics import Diagnostic, Phrase, Severity, said
from .model import Participant
from .yamlsource import suggest

REFERENCE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)$")


@dataclass(frozen=True)
class CoverReference:
    """Where a cover was given: `text` as written, for a message on the curator's line."""

    text: str
    line: int | None
    field: str
    city: str | None = None   # the city a city's cover must come from
    theme: str | None = None  # the theme a theme's cover must carry


def cover_format_problem(text: str) -> Phrase | None:
    if REFERENCE.match(text):
        return None
    return said("'{text}' is not a photo reference: write the participant's folder and the "
                "photo's slug, as in 'amal-haddad/market'", text=text)


def check_covers(references: Iterable[CoverReference], participants: Iterable[Participant],
                 shown_as: str) -> list[Diagnostic]:
    """Every cover names an existing photo of the right city or theme; unpublished ones warn."""
    by_slug = {p.slug: p for p in participants}
    diagnostics = []
    for reference in references:
        match = REFERENCE.match(reference.text)
        if not match:
            continue  # reported while reading
        problem, severity = _problem(reference, by_slug, *match.groups())
        if problem:
            diagnostics.append(Diagnostic.of(shown_as, reference.line, reference.field,
                                             problem, severity))
    return diagnostics


def _problem(reference: CoverReference, by_slug: dict[str, Participant], participant_slug: str,
             photo_slug: str) -> tuple[Phrase | None, Severity]:
    participant = by_slug.get(participant_slug)
    if participant is None:
        return said("no participant folder '{folder}'{suggestion}", folder=participant_slug,
                    suggestion=suggest(participant_slug, tuple(by_slug))), Severity.ERROR
    unpublished = said("'{cover}' is not published (consent or publish: false), so it is not "
                       "shown: the first published photo is the cover instead",
                       cover=reference.text)
    if not participant.consent.publish:
        return unpublished, Severity.WARNING
    photos = {photo.slug: photo for photo in participant.photos}
    photo = photos.get(photo_slug)
    if photo is None and participant.withdrawn_files:
        # A withdrawn photo is not read at all: this may be it. Withdrawing must never
        # be held up by a failing build, so this only warns.
        return unpublished, Severity.WARNING
    if photo is None:
        return said("{folder} has no photo '{photo}'{suggestion}", folder=participant_slug,
                    photo=photo_slug, suggestion=suggest(photo_slug, tuple(photos))), \
            Severity.ERROR
    if reference.city and participant.city != reference.city:
        return said("'{cover}' is a photo from another city ({city}): a city's cover is one "
                    "of its own photos", cover=reference.text, city=participant.city), \
            Severity.ERROR
    if reference.theme and reference.theme not in photo.themes:
        return said("'{cover}' is not in this theme: add '{theme}' to its themes, or choose "
                    "one of the theme's photos", cover=reference.text,
                    theme=reference.theme), Severity.ERROR
    return None, Severity.ERROR
