"""Deriving a build's media: every published photo's image files and every narration.

One decode per photo, in worker processes, whichever of its files the cache lacks; the
cache is keyed by content, so nothing here depends on the previous site. Planning and
naming the files need no Pillow (imageplan); only deriving them imports it (images).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import imageplan
from .diagnostics import ContentError, Diagnostic, ImageError, display_path
from .write import write_atomically

if TYPE_CHECKING:
    from .build import BuildOptions
    from .cache import ImageCache
    from .model import Exhibition
    from .views import Picture, Rendition


@dataclass(frozen=True)
class PlannedPhoto:
    key: tuple[str, str]
    job: imageplan.ImageJob  # the responsive renditions
    where: Diagnostic  # the photo's `file:` line; its message is the file name
    info: imageplan.SourceInfo
    cache_key: str
    # The JPEG for link previews (only with base_url: only then are Open Graph tags
    # written). share_key is None when a responsive JPEG already has its width; else the
    # share file is cached under a key of its own, so turning base_url on or off neither
    # renames nor re-derives the responsive files (nor the catalogue's, which has none).
    share: imageplan.ImageSpec | None = None
    share_key: str | None = None

    @property
    def parts(self) -> tuple[tuple[str, tuple[imageplan.ImageSpec, ...]], ...]:
        """(cache key, specs) of each set of files cached together, responsive first."""
        if self.share is None or self.share_key is None:
            return ((self.cache_key, self.job.specs),)
        return ((self.cache_key, self.job.specs), (self.share_key, (self.share,)))

    @property
    def specs(self) -> tuple[imageplan.ImageSpec, ...]:
        """Every file of the photo, in the order derive_all lists their paths."""
        return tuple(spec for _, specs in self.parts for spec in specs)


class _Todo(NamedTuple):
    photo: PlannedPhoto
    job: imageplan.ImageJob  # the specs of `missing`, derived from one decode
    missing: tuple[tuple[str, tuple[imageplan.ImageSpec, ...]], ...]


def plan_images(exhibition: Exhibition, content_dir: Path, cache: ImageCache,
                widths: tuple[int, ...] | None = None,
                formats: tuple[str, ...] | None = None, share: bool = False
                ) -> list[PlannedPhoto]:
    """The image files of every published photo; with `share`, its link-preview JPEG too."""
    widths, formats = widths or imageplan.WIDTHS, formats or imageplan.FORMATS
    planned = []
    for participant in exhibition.published_participants:
        for photo in participant.published_photos:
            info = imageplan.SourceInfo(photo.width, photo.height, "")
            specs = imageplan.plan_specs(info, widths, formats)
            job = imageplan.ImageJob(src=photo.file, specs=specs, redactions=photo.redact)
            where = Diagnostic(display_path(participant.folder / "participant.yaml", content_dir),
                               photo.file_line, photo.file_field, photo.file.name)
            share_spec = imageplan.share_spec(info) if share else None
            share_key = None
            if share_spec is not None and share_spec not in job.specs:
                share_key = cache.key(replace(job, specs=(share_spec,)))
            planned.append(PlannedPhoto((participant.slug, photo.slug), job, where, info,
                                         cache.key(job), share_spec, share_key))
    return planned


def derive_all(planned: list[PlannedPhoto], cache: ImageCache, options: BuildOptions
               ) -> tuple[dict[tuple[str, str], list[Path]], int]:
    """Cached files for every photo (in photo.specs order), deriving the missing ones in
    worker processes: one decode per photo, whichever of its files are missing."""
    found: dict[str, list[Path]] = {}
    todo = [item for photo in planned if (item := _look_up(photo, cache, found)) is not None]
    problems: list[Diagnostic] = []
    progress = options.progress or (lambda done, total: None)
    progress(0, len(todo))
    results = _run_jobs(todo, options.jobs) if todo else ()
    for done, (item, result) in enumerate(results, start=1):
        if isinstance(result, ImageError):
            where = item.photo.where
            problems.append(Diagnostic(where.path, where.line, where.field,
                                       f"{where.message}: {result}"))
        else:
            blobs = iter(result)
            for key, specs in item.missing:
                found[key] = cache.store(key, specs, [next(blobs) for _ in specs])
        progress(done, len(todo))
    cache.save()
    if problems:
        raise ContentError(problems)
    files = {photo.key: [path for key, _ in photo.parts for path in found[key]]
             for photo in planned}
    return files, len(todo)


def _look_up(photo: PlannedPhoto, cache: ImageCache, found: dict[str, list[Path]]
             ) -> _Todo | None:
    """Record the photo's cached parts in `found`; what is left to derive, if anything."""
    missing = []
    for key, specs in photo.parts:
        hit = cache.lookup(key, specs)
        if hit is None:
            missing.append((key, specs))
        else:
            found[key] = hit
    if not missing:
        return None
    specs = tuple(spec for _, part in missing for spec in part)
    return _Todo(photo, replace(photo.job, specs=specs), tuple(missing))


def _run_jobs(todo: list[_Todo], jobs: int | None):
    """(item, blobs or ImageError) for each item, in order."""
    from concurrent.futures import ProcessPoolExecutor

    from . import images

    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        images.configure_pillow()
        for item in todo:
            yield item, _derive_safely(item.job)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
    try:
        # Largest sources first, so one big panorama does not finish last alone.
        order = sorted(range(len(todo)),
                       key=lambda i: -todo[i].photo.info.width * todo[i].photo.info.height)
        futures = {i: pool.submit(_derive_safely, todo[i].job) for i in order}
        for i, item in enumerate(todo):
            # pop: a finished future holds its photo's encoded files until dropped, and
            # 1,000 photos' worth of them would pile up in this process.
            yield item, futures.pop(i).result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker() -> None:
    import signal
    import threading

    # Ctrl-C is the main process's to handle: it stops the build and keeps the old site.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A build killed outright (kill -9, the OOM killer) cannot shut its pool down.
    threading.Thread(target=_exit_with_the_build, daemon=True).start()
    from . import images

    images.configure_pillow()


def _exit_with_the_build() -> None:
    """End this worker as soon as the build process has ended, however it ended.

    multiprocessing gives each worker a pipe from the process that started it, which
    closes when that process dies, with the fork, spawn and forkserver start methods alike
    (with fork, a worker started later holds it open too, and leaves first); join() waits
    for that, without polling.
    """
    import multiprocessing

    build_process = multiprocessing.parent_process()
    if build_process is not None:
        build_process.join()
        os._exit(1)


def _derive_safely(job: imageplan.ImageJob) -> tuple[bytes, ...] | ImageError:
    from . import images

    try:
        return images.derive_images(job)
    except ImageError as error:
        return error


@dataclass(frozen=True)
class _Voice:
    cached: Path
    path: str


def derive_voices(exhibition: Exhibition, content_dir: Path, cache_dir: Path
                  ) -> dict[tuple[str, str], _Voice]:
    """Every published narration, re-encoded without metadata (cached by content hash)."""
    from . import audio

    voices, problems = {}, []
    for participant in exhibition.published_participants:
        for photo in participant.published_photos:
            if photo.audio is None:
                continue
            key = audio.audio_key(photo.audio)
            cached = cache_dir / f"{key}.mp3"
            if not cached.is_file() or cached.stat().st_size == 0:
                try:
                    data = audio.clean_audio(photo.audio)
                except audio.AudioError as error:
                    problems.append(Diagnostic(
                        display_path(participant.folder / "participant.yaml", content_dir),
                        photo.audio_line, photo.file_field.replace(".file", ".audio"),
                        f"{photo.audio.name}: {error}"))
                    continue
                write_atomically(cached, data)
            voices[(participant.slug, photo.slug)] = _Voice(
                cached, f"media/{participant.slug}/{photo.slug}-voice.{key[:10]}.mp3")
    if problems:
        raise ContentError(problems)
    return voices


def renditions(photo: PlannedPhoto) -> list[Rendition]:
    """Every file of the photo in the site, in photo.specs order."""
    from .views import Rendition

    participant, slug = photo.key
    renditions = []
    for key, specs in photo.parts:
        # Named by slug and content hash, never by the camera's file name (it holds a date).
        digest = key[:10]
        for spec in specs:
            width, height = imageplan.output_size(photo.info, spec.width)
            renditions.append(Rendition(
                path=f"media/{participant}/{slug}-{spec.width}.{digest}.{spec.ext}",
                width=width, height=height, format=spec.format))
    return renditions


def picture(photo: PlannedPhoto) -> Picture:
    from .views import Picture

    files = dict(zip(photo.specs, renditions(photo)))
    responsive = [files[spec] for spec in photo.job.specs]
    return Picture(webp=tuple(r for r in responsive if r.format == "webp"),
                   jpeg=tuple(r for r in responsive if r.format == "jpeg"),
                   social=files[photo.share] if photo.share is not None else None)
