"""Decoding every published photo without publishing it: for `check`, and for a build
that stops before its photos are derived (a mistake in the YAML, a theme not found).

A curator then learns of every broken photo in the same run as every other problem,
instead of one run later. Each photo is decoded once: the image cache remembers, by
content hash, the photos that decoded whole and what the decoders said about them (a
photo a build has derived counts too).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import (ContentError, Diagnostic, ImageError, Phrase, Severity, about_file,
                          display_path, phrase_of)
from .load import load_exhibition

if TYPE_CHECKING:
    from .cache import ImageCache
    from .load import LoadResult
    from .model import Exhibition, Participant, Photo


class PhotoChecker:
    """The loader's `image_size` that also decodes the photo (the loader reports an
    ImageError at the photo's line); what the decoders said, kept for `warnings`."""

    def __init__(self, cache: ImageCache) -> None:
        from . import images

        images.configure_pillow()
        self._cache = cache
        self._said: dict[Path, tuple[str, ...]] = {}

    def __call__(self, photo: Path) -> tuple[int, int]:
        from . import images

        info = images.inspect_image(photo)
        said = self._cache.decoded(photo)
        if said is None:
            said = images.check_image(photo)
            self._cache.record_decoded(photo, said)
        self._said[photo] = said
        return info.width, info.height

    def warnings(self, exhibition: Exhibition, content_dir: Path) -> list[Diagnostic]:
        """What the decoders said about each published photo, at its `file:` line."""
        return [_at(photo, participant, content_dir, sentence, Severity.WARNING)
                for participant, photo in _published(exhibition)
                for sentence in self._said.get(photo.file, ())]

    def errors(self, exhibition: Exhibition, content_dir: Path) -> list[Diagnostic]:
        """Each published photo that does not decode, at its `file:` line."""
        problems = []
        for participant, photo in _published(exhibition):
            try:
                self(photo.file)
            except ImageError as error:
                problems.append(_at(photo, participant, content_dir, phrase_of(error)))
        return problems


def _published(exhibition: Exhibition) -> Iterator[tuple[Participant, Photo]]:
    for participant in exhibition.published_participants:
        for photo in participant.photos:
            yield participant, photo


def _at(photo: Photo, participant: Participant, content_dir: Path, message: str | Phrase,
        severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic.of(display_path(participant.folder / "participant.yaml", content_dir),
                         photo.file_line, photo.file_field, about_file(photo.file.name, message),
                         severity)


def check_content(content_dir: Path, cache: ImageCache, strict: bool = False) -> LoadResult:
    """The content loaded and every published photo decoded: one ContentError with every
    problem of the YAML, the content and the photos, or the exhibition and its warnings."""
    checker = PhotoChecker(cache)
    try:
        loaded = load_exhibition(content_dir, strict=strict, image_size=checker)
    finally:
        cache.save()
    warnings = checker.warnings(loaded.exhibition, content_dir)
    return replace(loaded, warnings=tuple(sorted(set(loaded.warnings) | set(warnings))))


def with_photo_problems(error: ContentError, content_dir: Path, cache: ImageCache,
                        strict: bool = False, exhibition: Exhibition | None = None
                        ) -> ContentError:
    """`error`, and the errors of every published photo that would not decode.

    Without the `exhibition` (the loader raised `error`), the content is loaded again as
    it was (`strict`), decoding each photo: it fails again, with the photos' errors too.
    """
    if exhibition is not None:
        found = PhotoChecker(cache).errors(exhibition, content_dir)
        cache.save()
    else:
        try:
            check_content(content_dir, cache, strict)
            found = []
        except ContentError as failed:
            found = failed.errors
    return ContentError(sorted(set(error.diagnostics) | set(found)))


class EveryProblem:
    """Around a build's stages: a ContentError raised before the photos were derived (a
    content mistake, the exhibition's strict setting, a theme not found, a sound file)
    leaves with the errors of every photo that would not decode too."""

    def __init__(self, content_dir: Path, cache: ImageCache, strict: bool) -> None:
        self._content_dir, self._cache, self._strict = content_dir, cache, strict
        self.exhibition: Exhibition | None = None  # once loaded
        self.photos_derived = False  # the derivation reports the photos itself

    def __enter__(self) -> EveryProblem:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if isinstance(error, ContentError) and not self.photos_derived:
            raise with_photo_problems(error, self._content_dir, self._cache, self._strict,
                                      self.exhibition) from None
