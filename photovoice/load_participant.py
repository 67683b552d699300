"""participant.yaml -> Participant: the checks on one participant's folder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import (N_, Diagnostic, ImageError, Phrase, about_file, display_path, phrase_of,
                          said)
from .load_consent import CREDIT_CHOSEN, name_parts, names_in_texts, read_consent
from .load_redact import pixels_message, read_redactions
from .model import EMPTY, Consent, Credit, Original, Participant, Photo, Translatable
from .fields import (DEVICE_HINT, DEVICE_NAME, LANGUAGE_TAG, FieldReader, inside,
                     machine_made)
from .yamlsource import LinedList, LinedMapping, Source, kind_name, suggest

if TYPE_CHECKING:
    from .load import _ExhibitionReader

PARTICIPANT_KEYS = ("name", "slug", "city", "consent", "bio", "photos")
PHOTO_KEYS = ("file", "slug", "slugs", "title", "alt", "caption", "themes", "original", "redact",
              "audio", "transcript", "transcript_original", "release", "publish")

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"}
AUDIO_SUFFIXES = {".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac", ".webm"}


def read_participant(folder: Path, content_dir: Path, exhibition: "_ExhibitionReader"
                     ) -> tuple[Participant | None, list[Diagnostic]]:
    yaml_path = folder / "participant.yaml"
    shown = display_path(yaml_path, content_dir)
    if not yaml_path.is_file():
        return None, [Diagnostic.of(display_path(folder, content_dir), None, "", said(
            "has no participant.yaml (photovoice new participant {folder} --city CITY writes "
            "one)", folder=folder.name))]
    if not inside(yaml_path, content_dir):
        return None, [Diagnostic(shown, None, "", N_("is a link to a file outside the "
                                                     "content folder; copy the file into "
                                                     "this folder instead"))]
    source = Source(yaml_path, shown, exhibition.overlay.get(yaml_path))
    reader = _ParticipantReader(source, folder, content_dir, exhibition)
    participant = reader.read()
    return participant, source.diagnostics


class _ParticipantReader(FieldReader):
    def __init__(self, source: Source, folder: Path, content_dir: Path,
                 exhibition: "_ExhibitionReader"):
        super().__init__(source, exhibition.languages)
        self.folder = folder
        self.content_dir = content_dir
        self.exhibition = exhibition

    def read(self) -> Participant | None:
        data = self.source.parse()
        if data is None:
            if not self.source.diagnostics:
                self.source.report(None, "", "is empty: it needs name, city, consent and photos")
            return None
        data = self.source.check_mapping(data, "", 1, PARTICIPANT_KEYS)
        if data is None:
            return None
        slug = self._slug(data)
        consent = read_consent(self, data, self.exhibition.today)
        if consent is not None and not consent.publish:
            # Withdrawn: nothing else is read, so nothing of theirs can reach the site,
            # and deleting their photos does not break the build.
            return Participant(slug=slug, name="", city="", consent=consent,
                               bio=Translatable(), photos=(), folder=self.folder)
        # Someone credited as anonymous need not have their real name stored anywhere.
        anonymous = consent is not None and consent.credit is Credit.ANONYMOUS
        name = self.text(data, "name", "name", required=not anonymous)
        photos = self._photos(data)
        if consent is not None:
            self._check_folder_hides_name(slug, name, consent, data)
            if consent.credit is not Credit.NAME:
                self._check_texts_hide_name(name, consent, data, photos)
            if not consent.audio:  # their voice is not published, nor what it says
                photos = tuple(replace(photo, audio=None, transcript=EMPTY,
                                       transcript_original=None) for photo in photos)
        return Participant(
            slug=slug,
            name=name,
            city=self._city(data),
            consent=consent or Consent(publish=False),
            bio=self.translatable(data, "bio", "bio"),
            photos=photos,
            folder=self.folder,
            withdrawn_files=self._withdrawn_files(data),
            photos_line=data.key_lines.get("photos"),
        )

    def _slug(self, data: LinedMapping) -> str:
        """The participant's web address: `slug`, else the folder's name made one
        (Amélie Tremblay -> amelie-tremblay), so folders are named as people are."""
        if data.get("slug") is not None:
            return self.slug(data["slug"], data.lines["slug"], "slug") or self.folder.name
        slug = slugify(self.folder.name)
        if not slug:
            self.source.report(None, "", said("no web address can be made from the folder name "
                                              "'{folder}': add a line such as slug: p07",
                                              folder=self.folder.name))
        elif DEVICE_NAME.match(slug):
            self.source.report(None, "", said("the folder name '{folder}' {hint}",
                                              folder=self.folder.name, hint=said(DEVICE_HINT)))
        return slug or self.folder.name

    def _withdrawn_files(self, data: LinedMapping) -> tuple[str, ...]:
        photos = data.get("photos")
        if not isinstance(photos, LinedList):
            return ()
        return tuple(str(entry["file"]) for entry in photos
                     if isinstance(entry, LinedMapping) and entry.get("publish") is False
                     and isinstance(entry.get("file"), str))

    def _check_folder_hides_name(self, slug: str, name: str, consent: Consent,
                                 data: LinedMapping) -> None:
        if consent.credit is Credit.NAME:
            return
        words = {w for w in slugify(name).split("-") if len(w) >= 3}
        shown = words & set(slug.split("-"))
        if shown:
            self.source.report(
                data["consent"].lines.get("credit"), "consent.credit",
                said("this participant {chose}, but the folder name '{folder}' contains their "
                     "name ({parts}), and the folder name is part of every web address: rename "
                     "the folder, or add a line such as slug: p07",
                     chose=CREDIT_CHOSEN[consent.credit], folder=slug, parts=", ".join(sorted(shown))))

    def _check_texts_hide_name(self, name: str, consent: Consent, data: LinedMapping,
                               photos: tuple[Photo, ...]) -> None:
        """Every published text, and every photo's address, of someone credited by
        initials or anonymously, against each part of the name in their file."""
        public = {word for city in self.exhibition.cities.values()
                  for text in city.name.texts() for word in name_parts(text, set())}
        parts = name_parts(name, public)
        named = set()
        for line, field, part in names_in_texts(parts, data):
            self.source.report(line, field, self._names_them(part, consent))
            named.add(field)
        entries = {f"photos[{n}]": entry for n, entry in enumerate(data.get("photos") or (),
                                                                    start=1)
                   if isinstance(entry, LinedMapping)}
        for photo in photos:
            where = photo.file_field.removesuffix(".file")
            found = [parts[word] for word in photo.slug.split("-") if word in parts]
            entry = entries.get(where)
            if not found or entry is None or "slug" in entry:
                continue
            problem = self._names_them(found[0], consent)
            if not machine_made(photo.file.stem):
                self.source.report(photo.file_line, photo.file_field,
                                   said("the photo's web address '{slug}', made from its file "
                                        "name, {problem} (or add a line such as slug: photo-1)",
                                        slug=photo.slug, problem=problem))
            elif not any(field.startswith(f"{where}.title") for field in named):
                # Made from the title (a camera's file name says nothing): when the title
                # itself is reported, that message says it all; else it is said here.
                self.source.report(entry.lines.get("title", photo.file_line), f"{where}.title",
                                   said("the photo's web address '{slug}', made from its title, "
                                        "{problem} (or add a line such as slug: photo-1)",
                                        slug=photo.slug, problem=problem))

    @staticmethod
    def _names_them(part: str, consent: Consent) -> Phrase:
        return said("contains '{part}', part of this participant's name, but they {chose}: "
                    "the site would show it; take it out", part=part,
                    chose=CREDIT_CHOSEN[consent.credit])

    def _city(self, data: LinedMapping) -> str:
        city = self.text(data, "city", "city", required=True)
        if city and city not in self.exhibition.cities and self.exhibition.cities:
            known = sorted(self.exhibition.cities)
            self.source.report(data.lines["city"], "city",
                               said("unknown city '{city}'{suggestion}; the cities in "
                                    "exhibition.yaml are: {cities}", city=city,
                                    suggestion=suggest(city, known), cities=", ".join(known)))
        return city

    def _photos(self, data: LinedMapping) -> tuple[Photo, ...]:
        if not self.source.require(data, "photos", "photos"):
            return ()
        photos = data["photos"]
        if not isinstance(photos, LinedList):
            self.source.report(data.lines["photos"], "photos",
                               said("expected a list of photos (each starting with "
                                    "'- file:'), got {kind}", kind=kind_name(photos)))
            return ()
        if not photos:
            self.source.report(data.lines["photos"], "photos", "needs at least one photo")
        result: list[Photo] = []
        files: dict[str, int] = {}
        slugs: dict[str, int] = {}
        titled: list[int] = []  # places in `result` of photos whose slug their title made
        # Positions count from 1 in messages, as people count: photos[1] is the first.
        for position, (entry, line) in enumerate(zip(photos, photos.lines), start=1):
            photo = self._photo(entry, line, f"photos[{position}]", position - 1)
            if photo is None or not self._unique(
                    files, photo.file.name.casefold(), line, f"photos[{position}].file",
                    said("'{file}' is already listed (line {line})", file=photo.file.name)):
                continue
            if "slug" not in entry and machine_made(photo.file.stem):
                titled.append(len(result))
                result.append(photo)
            elif self._unique(slugs, photo.slug, line, f"photos[{position}].slug",
                              said("the slug '{slug}' is already used (line {line})",
                                   slug=photo.slug)):
                result.append(photo)
        for place in titled:  # after the slugs the curator chose, which they never displace
            result[place] = replace(result[place], slug=_unused(result[place].slug, slugs))
            slugs[result[place].slug] = 0
        return tuple(result)

    def _unique(self, seen: dict[str, int], key: str, line: int, field: str,
                message: Phrase) -> bool:
        """`message` has a {line} placeholder: where the key was seen first."""
        if key in seen:
            self.source.report(line, field, Phrase(message.template,
                                                   message.args + (("line", str(seen[key])),)))
            return False
        seen[key] = line
        return True

    def _photo(self, entry, line: int, field: str, index: int) -> Photo | None:
        if isinstance(entry, LinedMapping) and entry.get("publish") is False:
            return None  # withdrawn: not read further, not in the model, not on the site
        entry = self.source.check_mapping(entry, field, line, PHOTO_KEYS)
        if entry is None:
            return None
        self.flag(entry, "publish", f"{field}.publish", True)  # false was handled above
        path = self._file(entry, field)
        title = self.translatable(entry, "title", f"{field}.title", required=True)
        alt = self.translatable(entry, "alt", f"{field}.alt", required=True)
        caption = self.translatable(entry, "caption", f"{field}.caption")
        themes = self._themes(entry, field)
        original = self._original(entry, field)
        redact, in_pixels = read_redactions(self, entry, field)
        audio, transcript, transcript_original = self._voice(entry, field)
        slug = self._photo_slug(entry, field, path, title, index)
        size = self._size(entry, field, path) if path is not None else None
        for region in in_pixels:
            self.source.report(region.line, region.field, pixels_message(region, *size or (0, 0)))
        if slug is None or size is None:
            return None
        width, height = size
        return Photo(slug=slug, file=path, title=title, alt=alt, caption=caption, themes=themes,
                     width=width, height=height, original=original, redact=redact,
                     file_line=entry.lines.get("file"),
                     file_field=f"{field}.file", audio=audio, transcript=transcript,
                     transcript_original=transcript_original,
                     audio_line=entry.lines.get("audio"), slugs=self.slugs(entry, f"{field}.slugs"),
                     release=self.text(entry, "release", f"{field}.release"))

    def _size(self, entry: LinedMapping, field: str, path: Path) -> tuple[int, int] | None:
        """The photo's upright size, or None (and an error) when it cannot be read."""
        try:
            return self.exhibition.image_size(path)
        except ImageError as error:
            self.source.report(entry.lines.get("file"), f"{field}.file",
                               about_file(path.name, phrase_of(error)))
            return None

    def _voice(self, entry: LinedMapping, field: str):
        """The narration file, its transcript, and the transcript in the language spoken."""
        transcript = self.translatable(entry, "transcript", f"{field}.transcript")
        transcript_original = self._original(entry, field, "transcript_original")
        if entry.get("audio") is None:
            return None, transcript, transcript_original
        audio = self._file(entry, field, "audio")
        if audio is not None and audio.suffix.lower() not in AUDIO_SUFFIXES:
            self.source.report(entry.lines["audio"], f"{field}.audio",
                               said("'{file}' is not a sound file photovoice accepts; use "
                                    "{suffixes}", file=audio.name,
                                    suffixes=", ".join(sorted(AUDIO_SUFFIXES))))
            audio = None
        if not transcript:
            self.source.report(entry.lines["audio"], f"{field}.transcript",
                               "is required when a photo has audio: write down what is said, "
                               "for visitors who cannot hear it")
        return audio, transcript, transcript_original

    def _file(self, entry: LinedMapping, field: str, key: str = "file") -> Path | None:
        name = self.text(entry, key, f"{field}.{key}", required=True)
        if not name:
            return None
        line = entry.lines.get(key)
        field = f"{field}.{key}"
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "/" in name \
                or "\\" in name or name in (".", ".."):
            self.source.report(line, field, said("'{name}' must be the name of a file in this "
                                                 "participant's folder, with no folder part",
                                                 name=name))
            return None
        path = self.folder / name
        if not inside(path, self.content_dir):
            self.source.report(line, field, said("'{name}' is a link to a file outside the "
                                                 "content folder; copy the photo into this "
                                                 "folder instead", name=name))
            return None
        if not path.is_file():
            present = [p.name for p in self.folder.iterdir()
                       if p.suffix.lower() in IMAGE_SUFFIXES | AUDIO_SUFFIXES]
            self.source.report(line, field, said("'{name}' does not exist in {folder}/"
                                                 "{suggestion}", name=name,
                                                 folder=self.folder.name,
                                                 suggestion=suggest(name, present)))
            return None
        return path

    def _photo_slug(self, entry: LinedMapping, field: str, path: Path | None,
                    title: Translatable, index: int) -> str | None:
        if "slug" in entry:
            return self.slug(entry["slug"], entry.lines["slug"], f"{field}.slug")
        if path is None:
            return None
        stem = path.stem
        if machine_made(stem):
            # It carries the date and time the photo was taken, or sent.
            stem = title.resolve(self.languages[0], self.languages).text or f"photo-{index + 1}"
        slug = slugify(stem) or f"photo-{index + 1}"
        if DEVICE_NAME.match(slug):
            self.source.report(entry.lines.get("file"), f"{field}.file", said(
                "the photo's web address would be '{slug}', which {hint} (add a slug: field)",
                slug=slug, hint=said(DEVICE_HINT)))
            return None
        return slug

    def _themes(self, entry: LinedMapping, field: str) -> tuple[str, ...]:
        if not self.source.require(entry, "themes", f"{field}.themes"):
            return ()
        value = entry["themes"]
        if isinstance(value, str):
            value, lines = [value], [entry.lines["themes"]]
        elif isinstance(value, LinedList):
            lines = value.lines
        else:
            self.source.report(entry.lines["themes"], f"{field}.themes",
                               said("expected a list of theme slugs, got {kind}",
                                    kind=kind_name(value)))
            return ()
        if not value:
            self.source.report(entry.lines["themes"], f"{field}.themes", "needs at least one theme")
        known = sorted(self.exhibition.themes)
        themes = []
        # With no themes known (exhibition.yaml could not be read), only that is reported.
        for position, (theme, line) in enumerate(zip(value, lines), start=1):
            if not isinstance(theme, str) or (theme not in self.exhibition.themes
                                              and self.exhibition.themes):
                self.source.report(line, f"{field}.themes[{position}]",
                                   said("unknown theme '{theme}'{suggestion}; the themes in "
                                        "exhibition.yaml are: {themes}", theme=str(theme),
                                        suggestion=suggest(str(theme), known),
                                        themes=", ".join(known)))
            elif theme not in themes:
                themes.append(theme)
        return tuple(themes)

    def _original(self, entry: LinedMapping, field: str, key: str = "original"
                  ) -> Original | None:
        if entry.get(key) is None:
            return None
        field = f"{field}.{key}"
        original = self.source.check_mapping(entry[key], field, entry.lines[key],
                                             ("lang", "text"))
        if original is None:
            return None
        lang = self.source.typed(
            original, "lang", f"{field}.lang", (str,), "a language tag like ar or fa",
            lambda v: None if LANGUAGE_TAG.match(v) else
            said("'{value}' is not a language tag (BCP 47, e.g. ar, fa, es, tl, uk)", value=v))
        if "lang" not in original:
            self.source.report(original.line, f"{field}.lang", "is required")
        text = self.text(original, "text", f"{field}.text", required=True)
        return Original(lang=lang, text=text) if lang and text else None


def _unused(slug: str, taken: Mapping[str, int]) -> str:
    """`slug`, or the first of slug-2, slug-3... not `taken`: two photos with machine-made
    file names and the same title each get an address, numbered in the list's order (as
    French addresses made from titles are), never from the file name."""
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
