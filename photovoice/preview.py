"""`photovoice serve`'s build: the first pages at once, the rest of the site after.

    recall → load → plan → render the first pages → publish what is ready → (served)
    → render the other pages, derive the photos (what a browser asks for first) → remember

A build (build.py) is complete or nothing: it swaps its site in once every photo is
derived. A curator previewing a new exhibition, or a participant just added, would wait
for every photo before seeing a page. The preview swaps its site in as soon as the
pages a browser opens first are rendered, with the photos the cache already holds;
the other pages and photos then land in the site one by one. The server waits for a
page still to come (asking for it first), and answers for a photo still to come with
a grey image of its size (`placeholder`), asking for that photo first.

What the memory records is written only once the site is whole: a preview stopped
halfway (a save starts the next one) is never taken for a finished build.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import stages
from .backlog import PhotoBacklog, cached_files
from .build import recall
from .buildstate import BuildMemory
from .cache import ImageCache
from .derive import PlannedPhoto, Todo, look_up
from .diagnostics import ContentError, Diagnostic
from .locks import one_build_at_a_time
from .pages import Page
from .settings import BuildOptions, ProgressCallback, cache_folder
from .write import SiteWriter, link_into_site, write_into_site

PhotoKey = tuple[str, str]
# The pages a browser opens first: the entry page and each language's home page.
FIRST_PAGES = frozenset({("entry",), ("home",)})


@dataclass
class PreviewEvents:
    """What the preview tells its server as the site fills in (from background threads)."""
    photo_ready: Callable[[PhotoKey], None] = lambda key: None
    problem: Callable[[Diagnostic], None] = lambda diagnostic: None
    warning: Callable[[Diagnostic], None] = lambda diagnostic: None
    progress: ProgressCallback = lambda done, total: None


def build_preview(content_dir: Path, site_dir: Path, options: BuildOptions,
                  events: PreviewEvents = PreviewEvents()) -> Preview | None:
    """Put the preview's first pages in place in `site_dir`; the Preview that completes
    the site once started (None: the last preview still stands, whole). Raises
    ContentError as build() does, leaving the previous preview as it was."""
    content_dir, site_dir = Path(content_dir).resolve(), Path(site_dir).resolve()
    writer = SiteWriter(site_dir, content_dir)
    writer.check_target()
    with one_build_at_a_time(site_dir, cache_folder(content_dir, options.cache_dir)):
        memory = recall(content_dir, site_dir, options)
        if memory.unchanged() is not None:
            return None
        cache = stages.image_cache(memory)
        # A problem found before the photos are derived names the broken photos too.
        with stages.EveryProblem(content_dir, cache, bool(options.strict)) as every:
            content = stages.load(content_dir, options, memory, cache)
            every.exhibition = content.exhibition
            theme = stages.find_theme(content, content_dir)
            photos = stages.plan_photos(content, content_dir, cache)
        cache.save()
        found: dict[str, list[Path]] = {}
        todo = [item for photo in photos if (item := look_up(photo, cache, found)) is not None]
        missing = {item.photo.key for item in todo}
        voices = stages.derive_voices(content.exhibition, content_dir, memory.cache_root / "audio")
        site = stages.plan_site(content, theme, photos, voices, memory)
        with writer.staging() as staging:
            pages = stages.render(site, staging, memory, now=lambda page: page.key in FIRST_PAGES)
            ready = {photo.key: cached_files(photo, cache)
                     for photo in photos if photo.key not in missing}
            stages.publish(site, ready, staging, partial=True)
        stages.forget_unpublished(site, cache, memory.cache_root, site_dir)
    counts = dict(pages=site.html_pages, photos=len(photos),
                  image_files=sum(len(photo.specs) for photo in photos))
    finish = _Finish(memory, [str(folder) for folder in theme.theme_dirs], counts,
                     content.warnings, site, dict(pages.records))
    return Preview(site_dir, site, pages.deferred, todo, cache, content.settings.jobs, finish,
                   events)


@dataclass
class _Finish:
    """What the memory records once the preview is whole."""
    memory: BuildMemory
    theme_dirs: list[str]
    counts: dict[str, int]
    warnings: tuple[Diagnostic, ...]
    site: stages.Site
    records: dict
    failed: bool = False

    def remember(self) -> None:
        if not self.failed:
            self.memory.remember(self.theme_dirs, self.counts, tuple(sorted(self.warnings)),
                                 self.site.markdown.used, self.records, self.site.keys.remembered())


class Preview:
    """A preview in place whose other pages and photos are on their way.

    `start()` begins rendering the pages (in a thread of this process) and deriving the
    photos (in worker processes); `stop()` ends both, before the next preview begins.
    """

    def __init__(self, site_dir: Path, site: stages.Site, deferred: tuple[Page, ...],
                 todo: list[Todo], cache: ImageCache, jobs: int | None, finish: _Finish,
                 events: PreviewEvents) -> None:
        self._site_dir, self._site, self._finish, self._events = site_dir, site, finish, events
        self._pages: OrderedDict[str, Page] = OrderedDict((p.path, p) for p in deferred)
        self._renditions = {rendition.path: (item.photo, rendition)
                            for item in todo for rendition in stages.renditions(item.photo)}
        self._cache = cache
        self._backlog = PhotoBacklog(todo, cache, jobs, self._photo_landed, self._photo_failed,
                                     events.progress, lambda: self._part_done("photos"))
        self._lock = threading.Condition()
        self._left = {"pages", "photos"}
        self._stopped = False
        self._whole = False
        self._placeholders: dict[tuple[int, int, str], bytes] = {}
        self._renderer = threading.Thread(target=self._render_pages, daemon=True,
                                          name="photovoice-preview-pages")

    # -- what the server asks ----------------------------------------------------------

    def page_pending(self, site_path: str) -> bool:
        """Whether a page is still to be rendered; asking puts it first."""
        with self._lock:
            if site_path not in self._pages:
                return False
            self._pages.move_to_end(site_path, last=False)
            return True

    def placeholder(self, site_path: str) -> bytes | None:
        """A grey image for a photo file not yet in the site (its photo is put first);
        None for any other path."""
        planned = self._renditions.get(site_path)
        if planned is None or self._stopped:
            return None
        photo, rendition = planned
        self._backlog.want(photo.key)
        shape = (rendition.width, rendition.height, rendition.format)
        if shape not in self._placeholders:
            from . import images  # deferred (Pillow): see ARCHITECTURE.md

            self._placeholders[shape] = images.placeholder_image(*shape)
        return self._placeholders[shape]

    def photo_of(self, site_path: str) -> PhotoKey | None:
        planned = self._renditions.get(site_path)
        return planned[0].key if planned else None

    # -- the background work -----------------------------------------------------------

    def start(self) -> None:
        self._renderer.start()
        self._backlog.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the site is whole (or stopped); whether it is whole."""
        with self._lock:
            self._lock.wait_for(lambda: self._stopped or self._whole, timeout)
            return self._whole

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._pages.clear()
            self._lock.notify_all()
        self._backlog.stop()
        if self._renderer.is_alive():
            self._renderer.join()

    def _render_pages(self) -> None:
        while True:
            with self._lock:
                if self._stopped or not self._pages:
                    break
                path, page = next(iter(self._pages.items()))
            try:
                text, record = stages.render_one(self._site, page)
                write_into_site(self._site_dir, path, text.encode("utf-8"))
                self._finish.records[path] = record
            except ContentError as error:
                self._failed(error.errors)
            except OSError as error:
                self._failed([Diagnostic(error.filename or path, None, "preview",
                                         error.strerror or str(error))])
            with self._lock:
                self._pages.pop(path, None)
        self._part_done("pages")

    def _photo_landed(self, photo: PlannedPhoto, warnings: tuple[Diagnostic, ...]) -> None:
        with self._lock:
            if self._stopped:
                return
        self._finish.warnings += warnings
        for warning in warnings:
            self._events.warning(warning)
        try:
            for rendition, cached in zip(stages.renditions(photo),
                                         cached_files(photo, self._cache)):
                link_into_site(self._site_dir, rendition.path, cached)
        except OSError as error:
            self._failed([Diagnostic(error.filename or photo.where.path, None, "preview",
                                     error.strerror or str(error))])
            return
        self._events.photo_ready(photo.key)

    def _photo_failed(self, photo: PlannedPhoto, problem: Diagnostic) -> None:
        self._failed([problem])

    def _failed(self, problems: list[Diagnostic]) -> None:
        self._finish.failed = True
        for problem in problems:
            self._events.problem(problem)

    def _part_done(self, part: str) -> None:
        with self._lock:
            if self._stopped:
                return
            self._left.discard(part)
            last = not self._left
        if last:
            self._cache.save()
            self._finish.remember()
            with self._lock:  # whole once remembered: the next preview finds it so
                self._whole = True
                self._lock.notify_all()


class PreviewSession:
    """The preview of one content folder: each rebuild puts the first pages in place
    (build_preview) and stops what the last one had left to do."""

    def __init__(self, content_dir: Path, site_dir: Path, options: BuildOptions,
                 events: PreviewEvents) -> None:
        self.content_dir, self.site_dir, self.options = content_dir, site_dir, options
        self.events = events
        self.current: Preview | None = None
        self.shown_placeholders: set[tuple[str, str]] = set()

    def rebuild(self) -> None:
        if self.current is not None:
            self.current.stop()
            self.current = None
        self.shown_placeholders.clear()
        self.current = build_preview(self.content_dir, self.site_dir, self.options,
                                     self.events)

    def start(self) -> None:
        """Render the other pages and derive the photos, in the background."""
        if self.current is not None:
            self.current.start()

    def page_pending(self, site_path: str) -> bool:
        current = self.current
        return current is not None and current.page_pending(site_path)

    def placeholder(self, site_path: str) -> bytes | None:
        current = self.current
        image = current.placeholder(site_path) if current is not None else None
        if image is not None:
            self.shown_placeholders.add(current.photo_of(site_path))
        return image
