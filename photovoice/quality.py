"""What `photovoice check` reports beyond validation: notes a curator can act on.

`review_exhibition` reads the loaded model only (never the YAML) and never fails: every
note is a WARNING `Diagnostic` on the participant's participant.yaml. It adds only what
the loader does not already say; missing languages, for example, are load warnings.
Withdrawn participants (consent.publish false) are skipped entirely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from . import imageplan
from .diagnostics import Diagnostic, Phrase, Severity, display_path, said
from .load import LANGUAGE_NAMES
from .load_participant import IMAGE_SUFFIXES
from .model import Exhibition, Participant, Photo, Translatable

MIN_ALT_LENGTH = 15
# "Photo of ...", "Une photo de ...", "L'image d'une ...": screen readers already say "image".
REDUNDANT_ALT_START = re.compile(
    r"^(?:(?:a|an|une|la|l['’])\s*)?"
    r"(?:image|picture|photo|photograph|photographie)\s+(?:(?:of|de|des|du)\b|d['’])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Summary:
    participants: int                 # published
    withdrawn_participants: int
    photos: int                       # published
    withdrawn_photos: int
    per_city: tuple[tuple[str, int, int], ...]   # (city, participants, photos), exhibition order
    per_theme: tuple[tuple[str, int], ...]       # (theme, photos), every theme, exhibition order
    translation: tuple[tuple[str, float], ...]   # (lang, % of translatable texts it has)


@dataclass(frozen=True)
class QualityReport:
    notes: tuple[Diagnostic, ...]    # warnings: the curator can fix each one
    summary: Summary
    # Photos smaller than the largest size the site makes: worth knowing, but the
    # curator can only ask for a larger original, so they are never warnings.
    small_photos: tuple[Diagnostic, ...] = ()
    largest_width: int = 0


class ReviewMemo(Protocol):
    """A participant's notes as an earlier review made them, while their folder and
    exhibition.yaml are unchanged (participant_record.RecordedParticipants)."""

    def notes(self, folder: Path) -> list[Diagnostic] | None: ...

    def keep_notes(self, folder: Path, notes: list[Diagnostic]) -> None: ...


def review_exhibition(exhibition: Exhibition) -> QualityReport:
    small: list[Diagnostic] = []
    widths = exhibition.build.widths or imageplan.WIDTHS
    for participant in exhibition.participants:
        if participant.consent.publish:
            small += _small_photos(participant, exhibition, widths)
    return QualityReport(review_notes(exhibition), summarize(exhibition), tuple(small),
                         max(widths))


def review_notes(exhibition: Exhibition, remembered: ReviewMemo | None = None
                 ) -> tuple[Diagnostic, ...]:
    """The notes (what a build warns of too); a participant's from `remembered` when it
    has them: a note reads the participant's folder and exhibition.yaml alone."""
    notes: list[Diagnostic] = _review_exhibition_file(exhibition)
    for participant in exhibition.participants:
        if not participant.consent.publish:
            continue
        known = remembered.notes(participant.folder) if remembered is not None else None
        if known is None:
            known = _review_participant(participant, exhibition)
            if remembered is not None:
                remembered.keep_notes(participant.folder, known)
        notes += known
    notes.sort(key=lambda d: (d.path, d.line or 0, d.field, d.message))
    return tuple(notes)


def summarize(exhibition: Exhibition) -> Summary:
    published = exhibition.published_participants
    photos = [photo for p in published for photo in p.photos]
    per_city = []
    for city in exhibition.cities:
        here = [p for p in published if p.city == city]
        count = sum(len(p.photos) for p in here)
        if count:
            per_city.append((city, len(here), count))
    per_theme = tuple((theme, sum(theme in photo.themes for photo in photos))
                      for theme in exhibition.themes)
    return Summary(
        participants=len(published),
        withdrawn_participants=sum(not p.consent.publish for p in exhibition.participants),
        photos=len(photos),
        withdrawn_photos=sum(len(p.withdrawn_files) for p in exhibition.participants
                             if p.consent.publish),
        per_city=tuple(per_city),
        per_theme=per_theme,
        translation=_translation(exhibition),
    )


def _translation(exhibition: Exhibition) -> tuple[tuple[str, float], ...]:
    """Per language, the share of the published bios, titles, alts and captions it has.

    Only texts given in at least one language count; a plain string counts for every
    language (it is meant to be the same in all of them).
    """
    texts: list[Translatable] = []
    for participant in exhibition.published_participants:
        texts.append(participant.bio)
        for photo in participant.photos:
            texts += [photo.title, photo.alt, photo.caption]
    texts = [text for text in texts if text]
    result = []
    for lang in exhibition.languages:
        present = sum(text.has(lang) for text in texts)
        result.append((lang, round(100 * present / len(texts), 1) if texts else 100.0))
    return tuple(result)


def _review_exhibition_file(exhibition: Exhibition) -> list[Diagnostic]:
    """Notes on exhibition.yaml: how visitors reach the team, the statement's dates, and
    English phrases in its French texts."""
    problems = []
    if not exhibition.contact:
        problems.append(("contact", said(
            "no way for visitors to reach the team: add contact.email or contact.form (a web "
            "address); the About page, the footer and the accessibility statement show it, and "
            "the statement promises an answer")))
    statement = exhibition.accessibility
    for key, what in (("date", said("the date the accessibility statement was written")),
                      ("reviewed", said("the date the statement was last reviewed"))):
        if not getattr(statement, key):
            problems.append((f"accessibility.{key}", said(
                "add {what} as YYYY-MM-DD; the W3C WAI model includes it", what=what)))
    texts = [("intro", exhibition.intro), ("about", exhibition.about)]
    texts += [(f"themes.{slug}.description", theme.description)
              for slug, theme in exhibition.themes.items()]
    for key, text in texts:
        problems += [(f"{key}.fr", message) for message in _foreign_phrases(text)]
    path = display_path(exhibition.root / "exhibition.yaml", exhibition.root)
    return [Diagnostic.of(path, None, field, message, Severity.WARNING)
            for field, message in problems]


# A quoted phrase in a French text that is likely English: letters French words rarely
# have (w, k, th, sh, ee, oo...) or English endings (-ing, -tment, a final y).
_QUOTED = re.compile(r"«\s*([^»]{1,40}?)\s*»|“([^”]{1,40}?)”|\"([^\"]{1,40}?)\"")
_ENGLISH_LOOK = re.compile(r"[wk]|th|sh|ck|ee|oo|ea(?!u)|[ty]ment\b|ing\b|[^aeiou]y\b|ness\b",
                           re.IGNORECASE)


def _foreign_phrases(text: Translatable) -> list[str]:
    """Advice for each likely-English quoted phrase not yet marked in a French text."""
    french = text.values.get("fr", "")
    messages = []
    for match in _QUOTED.finditer(french):
        phrase = next(group for group in match.groups() if group is not None)
        if "{lang=" in phrase or not re.fullmatch(r"[A-Za-z' -]+", phrase):
            continue
        if _ENGLISH_LOOK.search(phrase):
            messages.append(said("« {phrase} » looks like English inside French text: write "
                                 "it as [{phrase}]{{lang=en}} so that screen readers "
                                 "pronounce it in English", phrase=phrase))
    return messages


def _review_participant(participant: Participant, exhibition: Exhibition) -> list[Diagnostic]:
    path = display_path(participant.folder / "participant.yaml", exhibition.root)
    return [Diagnostic.of(path, line, field, message, Severity.WARNING)
            for line, field, message in _participant_problems(participant, exhibition)]


def _participant_problems(participant: Participant, exhibition: Exhibition
                          ) -> list[tuple[int | None, str, str]]:
    """(line, field, message) for each note on one consenting participant."""
    problems = []
    if not participant.photos:
        problems.append((participant.photos_line, "photos", said(
            "consent.publish is true but no photo is published (every photo has publish: "
            "false), so this participant will not appear on the site")))
    problems += _same_text_problems(participant.bio, None, "bio", exhibition.languages)
    problems += [(None, "bio.fr", message) for message in _foreign_phrases(participant.bio)]
    for photo in participant.photos:
        problems += _photo_problems(photo, exhibition.languages)
    problems += _unlisted_files(participant)
    return problems


def _photo_problems(photo: Photo, languages: tuple[str, ...]
                    ) -> list[tuple[int | None, str, str]]:
    field = photo.file_field.removesuffix(".file") or "photos"
    line = photo.file_line
    problems = []
    for key in ("title", "alt", "caption"):
        problems += _same_text_problems(getattr(photo, key), line, f"{field}.{key}", languages)
    for key in ("caption", "transcript"):
        problems += [(line, f"{field}.{key}.fr", message)
                     for message in _foreign_phrases(getattr(photo, key))]
    problems += [(line, f"{field}.alt{suffix}", message)
                 for suffix, message in _alt_problems(photo, languages)]
    if not photo.caption:
        problems.append((line, f"{field}.caption", said(
            "no caption in any language: the photo will be shown with its title only; add the "
            "participant's own words about it if they gave some")))
    return problems


def _same_text_problems(text: Translatable, line: int | None, field: str,
                        languages: tuple[str, ...]) -> list[tuple[int | None, str, str]]:
    """A text copied unchanged into every language is probably not translated yet.

    (A missing language is a load warning already; a plain string is the curator saying
    "the same in every language", so neither is repeated here.)
    """
    if text.shared:
        return []
    given = [lang for lang in languages if text.values.get(lang)]
    if len(given) < 2 or len({_normal(text.values[lang]) for lang in given}) > 1:
        return []
    names = [LANGUAGE_NAMES.get(lang, lang) for lang in given]
    if len(names) == 2:
        return [(line, field, said(
            "the {first} and {second} texts are identical: translate it, or, if it really is "
            "the same in every language, write it once as plain text (field: text)",
            first=names[0], second=names[1]))]
    return [(line, field, said(
        "the {names} texts are identical: translate it, or, if it really is the same in every "
        "language, write it once as plain text (field: text)",
        names=" and ".join(str(name) for name in names)))]


def _alt_problems(photo: Photo, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field suffix such as '.fr', message) for each alt text that does not describe."""
    problems = []
    for suffix, alt in _entries(photo.alt, languages):
        reasons = []
        if len(alt.strip()) < MIN_ALT_LENGTH:
            reasons.append(said("is only {count} characters long", count=len(alt.strip())))
        start = REDUNDANT_ALT_START.match(alt.strip())
        if start:
            reasons.append(said("starts with '{start}', which screen readers do not need "
                                "(they already announce an image)",
                                start=start.group(0).strip()))
        titles = {_normal(title) for title_suffix, title in _entries(photo.title, languages)
                  if _matches(suffix, title_suffix)}
        if _normal(alt) in titles:
            reasons.append(said("repeats the title"))
        if _names_file(alt, photo.file):
            reasons.append(said("contains the file name '{file}'", file=photo.file.name))
        if reasons:
            listed = reasons[-1]
            for reason in reversed(reasons[:-1]):  # "a; b; c", each separator translated
                listed = said("{reason}; {more}", reason=reason, more=listed)
            problems.append((suffix, said(
                "alt text {reasons}: describe what the photo shows, in a sentence or two, for "
                "people who cannot see it", reasons=listed)))
    return problems


def _entries(text: Translatable, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field suffix, text) for each text as written: '' for a plain string, else '.en'..."""
    if text.shared:
        return [("", text.values["*"])]
    return [(f".{lang}", text.values[lang]) for lang in languages if text.values.get(lang)]


def _matches(alt_suffix: str, title_suffix: str) -> bool:
    """Whether a title is compared with an alt: same language, or either one plain."""
    return not alt_suffix or not title_suffix or alt_suffix == title_suffix


def _names_file(alt: str, file: Path) -> bool:
    """The alt is, or contains, the photo's file name (or a camera-like stem: IMG_1234)."""
    text, name, stem = _normal(alt), _normal(file.name), _normal(file.stem)
    if name in text or text == stem:
        return True
    # A plain-word stem (market.jpg) may fairly appear in a description; a coded one not.
    return bool(re.search(r"[\d_]", stem)) and stem in text


def _small_photos(participant: Participant, exhibition: Exhibition,
                  widths: tuple[int, ...]) -> list[Diagnostic]:
    path = display_path(participant.folder / "participant.yaml", exhibition.root)
    return [Diagnostic.of(path, photo.file_line, photo.file_field, message, Severity.WARNING)
            for photo in participant.photos
            if (message := _size_note(photo, widths))]


def _size_note(photo: Photo, widths: tuple[int, ...]) -> Phrase | None:
    """A photo smaller than the largest size the exhibition makes (build.widths): sizes
    are the longest side of each image (imageplan.output_size)."""
    largest = max(widths)
    if max(photo.width, photo.height) >= largest or photo.width <= 0:
        return None
    return said("'{file}' is {width} x {height} pixels; it may look soft on very large "
                "screens", file=photo.file.name, width=photo.width, height=photo.height)


def _unlisted_files(participant: Participant) -> list[tuple[int | None, str, str]]:
    listed = {photo.file.name.casefold() for photo in participant.photos}
    listed |= {name.casefold() for name in participant.withdrawn_files}
    if not participant.folder.is_dir():
        return []
    unlisted = sorted(
        path.name for path in participant.folder.iterdir()
        if path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".")
        and path.is_file() and path.name.casefold() not in listed)
    return [(participant.photos_line, "photos",
             said("'{file}' is in the folder but not listed in participant.yaml, so not "
                  "published", file=name))
            for name in unlisted]


def _normal(text: str) -> str:
    """Case- and space-insensitive form of a text, for comparisons."""
    return " ".join(text.casefold().split())
