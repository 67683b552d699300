"""The build orchestrator: load, plan, derive images, render, write, swap.

`build()` is the one entry point for the CLI, the preview server and tests.
Everything is written into a staging folder beside the output; only a build
that fully succeeded replaces the previous site, so a failed or interrupted
build leaves it untouched.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, NamedTuple

from . import buildstate
from .diagnostics import ContentError, Diagnostic, display_path
from .write import SiteWriter, write_atomically

# Pillow, Jinja, YAML and Markdown are imported when a build has work to do: a build
# that finds nothing changed finishes in the time they would take to import.
if TYPE_CHECKING:
    from . import images
    from .cache import ImageCache
    from .model import Exhibition
    from .pagekeys import PageKeys
    from .pages import Page
    from .render import SiteTheme
    from .views import Picture, Rendition

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    strict: bool | None = None       # None: the exhibition's `build.strict`, else False
    jobs: int | None = None          # worker processes for images; None: the machine's cores
    theme: str | None = None         # a theme name or folder; None: exhibition's, else default
    cache_dir: Path | None = None    # None: .photovoice-cache/ beside the content folder
    widths: tuple[int, ...] | None = None   # None: the exhibition's `build.widths`, else WIDTHS
    formats: tuple[str, ...] | None = None  # None: the exhibition's `build.formats`, else both
    progress: ProgressCallback | None = field(default=None, compare=False)


@dataclass(frozen=True)
class BuildReport:
    output_dir: Path
    pages: int
    photos: int
    image_files: int       # image files in the site
    images_derived: int    # photos encoded in this build
    images_cached: int     # photos taken from the cache
    warnings: tuple[Diagnostic, ...]
    seconds: float
    pages_rendered: int = 0  # pages whose inputs changed; the rest are the previous files
    up_to_date: bool = False  # nothing changed since the last build: nothing was done


@dataclass(frozen=True)
class _PlannedPhoto:
    key: tuple[str, str]
    job: images.ImageJob  # the responsive renditions
    where: Diagnostic  # the photo's `file:` line; its message is the file name
    info: images.SourceInfo
    cache_key: str
    # The JPEG for link previews (only with base_url: only then are Open Graph tags
    # written). share_key is None when a responsive JPEG already has its width; else the
    # share file is cached under a key of its own, so turning base_url on or off neither
    # renames nor re-derives the responsive files (nor the catalogue's, which has none).
    share: images.ImageSpec | None = None
    share_key: str | None = None

    @property
    def parts(self) -> tuple[tuple[str, tuple[images.ImageSpec, ...]], ...]:
        """(cache key, specs) of each set of files cached together, responsive first."""
        if self.share is None or self.share_key is None:
            return ((self.cache_key, self.job.specs),)
        return ((self.cache_key, self.job.specs), (self.share_key, (self.share,)))

    @property
    def specs(self) -> tuple[images.ImageSpec, ...]:
        """Every file of the photo, in the order derive_all lists their paths."""
        return tuple(spec for _, specs in self.parts for spec in specs)


class _Todo(NamedTuple):
    photo: _PlannedPhoto
    job: images.ImageJob  # the specs of `missing`, derived from one decode
    missing: tuple[tuple[str, tuple[images.ImageSpec, ...]], ...]


def build(content_dir: Path | str = "content", output_dir: Path | str = "build",
          options: BuildOptions = BuildOptions()) -> BuildReport:
    started = time.perf_counter()
    content_dir, output_dir = Path(content_dir).resolve(), Path(output_dir).resolve()
    writer = SiteWriter(output_dir, content_dir)
    writer.check_target()
    cache_root = buildstate.cache_folder(content_dir, options.cache_dir)
    state_path = buildstate.state_file(cache_root, output_dir)
    previous = buildstate.read_state(state_path)
    code = buildstate.code_fingerprint()
    # A relative --theme is found from the working folder.
    settings = (options.strict, options.theme, options.widths, options.formats,
                str(output_dir), str(cache_root), os.getcwd(), code)
    content = buildstate.fingerprint([content_dir], settings)
    if previous and previous.outputs != buildstate.output_fingerprint(output_dir):
        previous = None  # someone changed the site since: trust none of it
    if previous and previous.inputs == (content + buildstate.fingerprint(
            previous.theme_dirs)).digest:
        for warning in previous.diagnostics():
            log.warning("%s", warning)  # still true, and still the curator's to fix
        return BuildReport(output_dir=output_dir, images_derived=0,
                           images_cached=previous.counts["photos"],
                           warnings=previous.diagnostics(),
                           seconds=time.perf_counter() - started, up_to_date=True,
                           **previous.counts)

    from . import images
    from .cache import ImageCache
    from .load import load_exhibition, promote, upright_size
    from .pagekeys import PageKeys, render_salt
    from .pages import plan_pages
    from .render import SiteTheme, hashed_name, make_environment

    sizes = buildstate.RememberedSizes(cache_root, content_dir, upright_size)
    loaded = load_exhibition(content_dir, strict=bool(options.strict), image_size=sizes)
    sizes.save()
    exhibition = loaded.exhibition
    if options.strict is None and exhibition.build.strict and loaded.warnings:
        raise ContentError([promote(warning) for warning in loaded.warnings])
    theme = SiteTheme.find(options.theme or exhibition.build.theme, content_dir.parent)
    inputs = content + buildstate.fingerprint(theme.theme_dirs)
    catalogs = {lang: theme.strings(lang) for lang in exhibition.languages}

    cache = ImageCache(cache_root / "images")
    widths = options.widths or exhibition.build.widths or images.WIDTHS
    formats = options.formats or exhibition.build.formats or images.FORMATS
    planned = plan_images(exhibition, content_dir, cache, widths, formats,
                          share=exhibition.base_url is not None)
    jobs = options.jobs or exhibition.build.jobs
    cached_files, derived_count = derive_all(planned, cache, replace(options, jobs=jobs))
    pictures = {p.key: _picture(p) for p in planned}
    voices = derive_voices(exhibition, content_dir, cache_root / "audio")

    static = theme.static_files()
    assets = {name: hashed_name(name, path.read_bytes()) for name, path in static.items()}
    env = make_environment(theme, assets)
    env.bytecode_cache = _template_cache(env, cache_root)
    pages = plan_pages(exhibition, pictures, catalogs,
                       {key: voice.path for key, voice in voices.items()})
    keys = PageKeys(render_salt(code, theme, assets, catalogs), pages)

    with writer.staging() as staging:
        records, rendered = _write_pages(staging, env, pages, keys, {
            path: _Rendered(*record) for path, record in previous.rendered_pages().items()
        } if previous else {})
        for name, path in static.items():
            staging.copy(path, assets[name])
        image_files = 0
        for photo in planned:
            for rendition, cached in zip(_renditions(photo), cached_files[photo.key]):
                staging.link(cached, rendition.path)
                image_files += 1
        for voice in voices.values():
            staging.link(voice.cached, voice.path)

    counts = dict(pages=sum(p.path.endswith(".html") for p in pages), photos=len(planned),
                  image_files=image_files)
    buildstate.write_state(state_path, buildstate.BuildState(
        inputs=None if inputs.racy else inputs.digest,
        outputs=buildstate.output_fingerprint(output_dir),
        theme_dirs=[str(d) for d in theme.theme_dirs],
        counts=counts, warnings=buildstate.warning_records(loaded.warnings),
        **buildstate.page_records(records)))
    return BuildReport(output_dir=output_dir, images_derived=derived_count,
                       images_cached=len(planned) - derived_count, warnings=loaded.warnings,
                       seconds=time.perf_counter() - started, pages_rendered=rendered, **counts)


class _Rendered(NamedTuple):
    """What a page's rendering depended on, recorded for the next build."""
    key: str | None         # everything its context holds
    read_key: str | None    # its context, shared views counting by the fields it read
    reads: frozenset[str]   # those fields: "PhotoView.caption", ...


def _write_pages(staging, env, pages: list[Page], keys: PageKeys,
                 previous: Mapping[str, _Rendered]) -> tuple[dict[str, _Rendered], int]:
    """Render the pages whose inputs changed; link the previous file for the others.

    A page is unchanged if its whole context is (one cheap hash), or else if every field
    of the shared views its last rendering read is: a caption edit then renders the
    pages that show the caption, not every page that lists the photo.
    """
    from .render import render_page

    records, rendered = {}, 0
    for page in pages:
        key = keys.key(page)
        before = previous.get(page.path)
        if _unchanged(page, key, before, keys) and staging.keep(page.path):
            records[page.path] = before._replace(key=key)
            continue
        reads: set[str] = set()
        staging.write_text(page.path, render_page(env, page, reads))
        rendered += 1
        records[page.path] = _Rendered(key, keys.key(page, reads), frozenset(reads))
    return records, rendered


def _unchanged(page: Page, key: str | None, before: _Rendered | None, keys: PageKeys) -> bool:
    if before is None:
        return False
    if key is not None and key == before.key:
        return True
    return before.read_key is not None and keys.key(page, before.reads) == before.read_key


def _template_cache(env, cache_root: Path):
    """Compiled templates kept between builds: compiling them costs more than rendering.

    Jinja checks each template's source checksum; the folder name covers what else
    shapes the compiled code (Jinja's version and the environment's options).
    """
    import hashlib

    import jinja2

    shape = repr((jinja2.__version__, env.autoescape, env.trim_blocks, env.lstrip_blocks,
                  env.keep_trailing_newline, env.undefined.__name__))
    folder = cache_root / f"templates-{hashlib.sha256(shape.encode()).hexdigest()[:12]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def plan_images(exhibition: Exhibition, content_dir: Path, cache: ImageCache,
                widths: tuple[int, ...] | None = None,
                formats: tuple[str, ...] | None = None, share: bool = False
                ) -> list[_PlannedPhoto]:
    """The image files of every published photo; with `share`, its link-preview JPEG too."""
    from . import images

    widths, formats = widths or images.WIDTHS, formats or images.FORMATS
    planned = []
    for participant in exhibition.published_participants:
        for photo in participant.published_photos:
            info = images.SourceInfo(photo.width, photo.height, "")
            job = images.ImageJob(src=photo.file, specs=images.plan_specs(info, widths, formats),
                                  redactions=photo.redact)
            where = Diagnostic(display_path(participant.folder / "participant.yaml", content_dir),
                               photo.file_line, photo.file_field, photo.file.name)
            share_spec = images.share_spec(info) if share else None
            share_key = None
            if share_spec is not None and share_spec not in job.specs:
                share_key = cache.key(replace(job, specs=(share_spec,)))
            planned.append(_PlannedPhoto((participant.slug, photo.slug), job, where, info,
                                         cache.key(job), share_spec, share_key))
    return planned


def derive_all(planned: list[_PlannedPhoto], cache: ImageCache, options: BuildOptions
               ) -> tuple[dict[tuple[str, str], list[Path]], int]:
    """Cached files for every photo (in photo.specs order), deriving the missing ones in
    worker processes: one decode per photo, whichever of its files are missing."""
    from . import images

    found: dict[str, list[Path]] = {}
    todo = [item for photo in planned if (item := _look_up(photo, cache, found)) is not None]
    problems: list[Diagnostic] = []
    progress = options.progress or (lambda done, total: None)
    progress(0, len(todo))
    results = _run_jobs(todo, options.jobs) if todo else ()
    for done, (item, result) in enumerate(results, start=1):
        if isinstance(result, images.ImageError):
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


def _look_up(photo: _PlannedPhoto, cache: ImageCache, found: dict[str, list[Path]]
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


def _derive_safely(job: images.ImageJob) -> tuple[bytes, ...] | images.ImageError:
    from . import images

    try:
        return images.derive_images(job)
    except images.ImageError as error:
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


def _renditions(photo: _PlannedPhoto) -> list[Rendition]:
    """Every file of the photo in the site, in photo.specs order."""
    from . import images
    from .views import Rendition

    participant, slug = photo.key
    renditions = []
    for key, specs in photo.parts:
        # Named by slug and content hash, never by the camera's file name (it holds a date).
        digest = key[:10]
        for spec in specs:
            width, height = images.output_size(photo.info, spec.width)
            renditions.append(Rendition(
                path=f"media/{participant}/{slug}-{spec.width}.{digest}.{spec.ext}",
                width=width, height=height, format=spec.format))
    return renditions


def _picture(photo: _PlannedPhoto) -> Picture:
    from .views import Picture

    files = dict(zip(photo.specs, _renditions(photo)))
    responsive = [files[spec] for spec in photo.job.specs]
    return Picture(webp=tuple(r for r in responsive if r.format == "webp"),
                   jpeg=tuple(r for r in responsive if r.format == "jpeg"),
                   social=files[photo.share] if photo.share is not None else None)
