"""Deriving a build's media: every published photo's image files and every narration.

One decode per photo, in worker processes, whichever of its files the cache lacks; the
cache is keyed by content, so nothing here depends on the previous site. Planning and
naming the files need no Pillow (imageplan); only deriving them imports it (images).
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NamedTuple

from . import audio, imageplan
from .cache import store_files
from .diagnostics import (ContentError, Diagnostic, ImageError, Phrase, Severity, about_file,
                          display_path, phrase_of)
from .write import write_atomically

if TYPE_CHECKING:
    from .cache import ImageCache
    from .model import Exhibition

ProgressCallback = Callable[[int, int], None]  # photos done, photos to derive


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
    source: str = ""  # the hash of the photo's file: the cache folder of its files

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


class Todo(NamedTuple):
    photo: PlannedPhoto
    # One job per part of `missing`, each from its own decode: a part's files come out
    # the same whichever other parts are derived with it (a width is resized from the
    # width above it, and the decode is sized to the largest), so the site's bytes do
    # not depend on what the cache happened to hold.
    jobs: tuple[imageplan.ImageJob, ...]
    missing: tuple[tuple[str, tuple[imageplan.ImageSpec, ...]], ...]


def plan_images(exhibition: Exhibition, content_dir: Path, cache: ImageCache,
                widths: tuple[int, ...] | None = None,
                formats: tuple[str, ...] | None = None, share: bool = False,
                jobs: int | None = None) -> list[PlannedPhoto]:
    """The image files of every published photo; with `share`, its link-preview JPEG too.

    Their names hold a hash of the source: hashed with `jobs` threads (None: the cores),
    unless already hashed or being hashed (a build starts while it loads the content).
    """
    widths, formats = widths or imageplan.WIDTHS, formats or imageplan.FORMATS
    cache.hash_sources((photo.file for participant in exhibition.published_participants
                        for photo in participant.photos), jobs or os.cpu_count() or 1)
    planned = []
    for participant in exhibition.published_participants:
        for photo in participant.photos:
            info = imageplan.SourceInfo(photo.width, photo.height, "")
            specs = imageplan.plan_specs(info, widths, formats)
            job = imageplan.ImageJob(src=photo.file, specs=specs, redactions=photo.redact)
            where = Diagnostic(display_path(participant.folder / "participant.yaml", content_dir),
                               photo.file_line, photo.file_field, photo.file.name)
            # A link preview shows only the photos of those who consented to previews.
            share_spec = (imageplan.share_spec(info) if share and participant.consent.previews
                          else None)
            share_key = None
            if share_spec is not None and share_spec not in job.specs:
                share_key = cache.key(replace(job, specs=(share_spec,)))
            planned.append(PlannedPhoto((participant.slug, photo.slug), job, where, info,
                                         cache.key(job), share_spec, share_key,
                                         cache.source_hash(photo.file)))
    return planned


def derive_all(planned: list[PlannedPhoto], cache: ImageCache, jobs: int | None = None,
               progress: ProgressCallback | None = None) -> dict[tuple[str, str], list[Path]]:
    """Cached files for every photo (in photo.specs order), deriving the missing ones in
    worker processes: one decode per photo, whichever of its files are missing."""
    with Derivation(planned, cache, jobs, progress) as derivation:
        return derivation.result()


class Derivation:
    """Deriving the files the cache lacks, in worker processes, while the build goes on.

    A build renders its pages between starting a Derivation and asking for its result:
    pages need only the planned names and sizes, and rendering them while the workers
    encode keeps both cores busy (one core would otherwise idle through the rendering
    and the last photo). Each worker writes its files into the cache itself, so no image
    passes through this process, which stays small and free to render. With one job
    there are no workers: the photos are derived here, in turn, before anything else.
    """

    def __init__(self, planned: list[PlannedPhoto], cache: ImageCache, jobs: int | None = None,
                 progress: ProgressCallback | None = None) -> None:
        self._planned, self._cache = planned, cache
        self._found: dict[str, list[Path]] = {}
        self._todo = [item for photo in planned
                      if (item := look_up(photo, cache, self._found)) is not None]
        self._progress = progress or (lambda done, total: None)
        self._pool = None
        self._futures: list = []
        self._outcomes: list[ImageError | tuple[str, ...]] = []
        self.warnings: tuple[Diagnostic, ...] = ()  # what the decoders said, once result() is in
        self._progress(0, len(self._todo))
        workers = workers_for(jobs or os.cpu_count() or 1,
                              [item.photo.info for item in self._todo], available_memory())
        if workers > 1:
            self._start_pool(workers)
            return
        if self._todo:
            _prepare_image_work()
        for done, item in enumerate(self._todo, start=1):
            self._outcomes.append(derive_into(item.jobs, self._destinations(item),
                                              is_large(item.photo.info)))
            self._progress(done, len(self._todo))

    def _start_pool(self, workers: int) -> None:
        from concurrent.futures import ProcessPoolExecutor  # deferred: see ARCHITECTURE.md

        self._pool = ProcessPoolExecutor(max_workers=workers, initializer=start_worker)
        finished, lock = [0], threading.Lock()

        def report(future) -> None:  # in the pool's thread, as each photo is done
            with lock:
                finished[0] += 1
                done = finished[0]
            if not future.cancelled():
                self._progress(done, len(self._todo))

        # Largest sources first, so one big panorama does not finish last alone.
        order = sorted(range(len(self._todo)), key=lambda i: -self._todo[i].photo.info.width
                       * self._todo[i].photo.info.height)
        futures = {}
        for i in order:
            item = self._todo[i]
            futures[i] = self._pool.submit(derive_into, item.jobs, self._destinations(item),
                                          is_large(item.photo.info))
            futures[i].add_done_callback(report)
        self._futures = [futures[i] for i in range(len(self._todo))]

    def _destinations(self, item: Todo) -> list[Path]:
        return destinations(self._cache, item)

    @property
    def derived(self) -> int:
        """How many photos this derivation encodes (the others were all in the cache)."""
        return len(self._todo)

    def result(self) -> dict[tuple[str, str], list[Path]]:
        """Wait for the workers; the cached files of every photo."""
        if self._pool is not None:
            self._outcomes = [future.result() for future in self._futures]
            self._stop(cancel=False)
        problems = []
        for item, outcome in zip(self._todo, self._outcomes):
            if isinstance(outcome, ImageError):
                problems.append(problem_with(item.photo, outcome))
            else:
                self._cache.record_decoded(item.photo.job.src, outcome)
                for key, specs in item.missing:
                    self._found[key] = self._cache.paths(item.photo.source, key, specs)
        self.warnings = tuple(warning for photo in self._planned
                              for warning in decoder_warnings(photo, self._cache))
        self._cache.save()
        if problems:
            raise ContentError(problems + list(self.warnings))
        return {photo.key: [path for key, _ in photo.parts for path in self._found[key]]
                for photo in self._planned}

    def _stop(self, cancel: bool) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None

    def __enter__(self) -> Derivation:
        return self

    def __exit__(self, *exc_info) -> None:
        # A build that failed or was interrupted stops the photos not yet started.
        self._stop(cancel=True)


def destinations(cache: ImageCache, item: Todo) -> list[Path]:
    """The cache files a Todo's derivation writes, in its jobs' order."""
    return [path for key, specs in item.missing
            for path in cache.paths(item.photo.source, key, specs)]


def decoder_warnings(photo: PlannedPhoto, cache: ImageCache) -> tuple[Diagnostic, ...]:
    """What the decoders said about the photo (recorded by the cache), at its `file:` line."""
    return tuple(_located(photo.where, complaint, Severity.WARNING)
                 for complaint in cache.decoded(photo.job.src) or ())


def problem_with(photo: PlannedPhoto, error: ImageError) -> Diagnostic:
    """What stopped a photo's derivation, at its `file:` line."""
    return _located(photo.where, phrase_of(error))


def _located(where: Diagnostic, message: str | Phrase, severity: Severity = Severity.ERROR
             ) -> Diagnostic:
    """A problem with the photo, at its `file:` line, naming the file."""
    return Diagnostic.of(where.path, where.line, where.field, about_file(where.message, message),
                         severity)


# A worker's peak for one photo, per pixel of the source, at the most: a HEIC's, which
# libheif decodes into a YCbCr picture, then an RGB one (3 bytes a pixel), the file held
# besides; Pillow holds a PNG's or a TIFF's colour in 4 bytes a pixel, and the bands and
# outputs made from it add little (see imagebands); a JPEG decoded at a reduced scale
# needs far less. Plus the process itself.
_PEAK_BYTES_PER_PIXEL = 7
_WORKER_BASE = 80 << 20


def workers_for(jobs: int, sources: list[imageplan.SourceInfo], available: int | None) -> int:
    """As many workers as asked and there are photos, but no more than the memory
    available holds at once with each deriving the largest photo."""
    workers = min(jobs, len(sources))
    if available is None or not sources:
        return workers
    largest = max(info.width * info.height for info in sources)
    return max(1, min(workers, available // (largest * _PEAK_BYTES_PER_PIXEL + _WORKER_BASE)))


def available_memory() -> int | None:
    """The memory the system can give without swapping (Linux), if it says."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def look_up(photo: PlannedPhoto, cache: ImageCache, found: dict[str, list[Path]]
             ) -> Todo | None:
    """Record the photo's cached parts in `found`; what is left to derive, if anything.

    A photo whose decoding the cache does not remember is derived again, so that what
    the decoders say about it is known.
    """
    missing = []
    decoded = cache.decoded(photo.job.src) is not None
    for key, specs in photo.parts:
        hit = cache.lookup(photo.source, key, specs) if decoded else None
        if hit is None:
            missing.append((key, specs))
        else:
            found[key] = hit
    if not missing:
        return None
    return Todo(photo, tuple(replace(photo.job, specs=part) for _, part in missing),
                 tuple(missing))


def start_worker() -> None:
    # Ctrl-C is the main process's to handle: it stops the build and keeps the old site.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A build killed outright (kill -9, the OOM killer) cannot shut its pool down.
    threading.Thread(target=_exit_with_the_build, daemon=True).start()
    reuse_freed_memory()
    _prepare_image_work()


def _prepare_image_work() -> None:
    """Before a process derives photos: a worker at its start, a one-job build in turn."""
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


def derive_into(jobs: tuple[imageplan.ImageJob, ...], destinations: list[Path],
                large: bool = False) -> ImageError | tuple[str, ...]:
    """Derive the jobs' files and write each into the cache, atomically (readers see a
    whole file or none); the error that stopped it, or what the decoders said.

    After a `large` photo, the memory its decoding freed is given back to the system:
    the C library keeps freed memory for the process, and the next large photo, which
    another library may decode into memory of its own (libheif does), would come on
    top of it, twice the bound a worker is held to (README, "Memory").
    """
    from . import images

    complaints = images.Complaints()
    try:
        store_files(destinations, [blob for job in jobs
                                   for blob in images.derive_images(job, complaints)])
    except ImageError as error:
        return error
    finally:
        if large:
            _give_back_freed_memory()
    return complaints.as_tuple()


# A photo whose decoded picture is larger than this (in pixels) is large: the memory a
# phone's photo frees is kept for the next one, which saves the system clearing it again.
_LARGE_PIXELS = 24_000_000


def is_large(info: imageplan.SourceInfo) -> bool:
    return info.width * info.height > _LARGE_PIXELS


# glibc's malloc limits (mallopt's parameters), raised from their start-up values.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_ABOVE = 32 << 20  # the most glibc accepts; its own adaptive threshold stops there too
_TRIM_ABOVE = 256 << 20


def reuse_freed_memory() -> None:
    """In a worker: keep the memory one photo freed for the next, instead of giving it
    back to the system and having it faulted in again, zeroed, page by page.

    A photo's work allocates and frees a few large buffers (the decoded picture, the
    resized ones, the encoder's); by default glibc returns those above its adaptive
    threshold to the kernel and trims the top of its heap, some 7,000 page faults a
    12 MP photo. The peak is the same; between photos a worker keeps up to _TRIM_ABOVE
    freed (a large photo's is still given back: derive_into). Only pool workers, which
    end with the build: the build and the preview server keep glibc's defaults. Not
    glibc (macOS, musl): nothing to do.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, _MMAP_ABOVE)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_ABOVE)


def _give_back_freed_memory() -> None:
    """Return freed heap memory to the system (glibc's malloc_trim; elsewhere nothing)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: its allocator decides


@dataclass(frozen=True)
class Voice:
    cached: Path
    path: str


def derive_voices(exhibition: Exhibition, content_dir: Path, cache_dir: Path
                  ) -> dict[tuple[str, str], Voice]:
    """Every published narration, re-encoded without metadata (cached by content hash)."""
    voices, problems = {}, []
    for participant in exhibition.published_participants:
        for photo in participant.photos:
            if photo.audio is None:
                continue
            key = audio.audio_key(photo.audio)
            cached = cache_dir / f"{key}.mp3"
            if not cached.is_file() or cached.stat().st_size == 0:
                try:
                    data = audio.clean_audio(photo.audio)
                except audio.AudioError as error:
                    problems.append(Diagnostic.of(
                        display_path(participant.folder / "participant.yaml", content_dir),
                        photo.audio_line, photo.file_field.replace(".file", ".audio"),
                        about_file(photo.audio.name, phrase_of(error))))
                    continue
                write_atomically(cached, data)
            voices[(participant.slug, photo.slug)] = Voice(
                cached, f"media/{participant.slug}/{photo.slug}-voice.{key[:10]}.mp3")
    if problems:
        raise ContentError(problems)
    return voices
