"""The stages of a build, in the order `build()` runs them: load, plan, derive, render, publish.

Each takes and returns plain values (the model, planned photos and pages, counts); the
objects that outlive a stage are passed in by the caller: the `BuildMemory` (what the
last build left), the `ImageCache` (derived photos, by content hash) and the `Staging`
folder (the site being written). The catalogue, a second orchestrator, runs `load_content`
and the photo stages too, so both apply the same settings and consent rules.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import jinja2

from . import imageplan
from .buildstate import BuildMemory, Rendered, forget_output
from .cache import ImageCache
from .derive import Derivation, PlannedPhoto, Voice, derive_voices, plan_images
from .diagnostics import ContentError, Diagnostic
from .load import ImageSize, load_exhibition, promote
from .markup import MarkdownMemo
from .model import BuildSettings, Exhibition
from .pagekeys import PageInputs, PageKeys, render_salt
from .photocheck import EveryProblem, check_content  # noqa: F401 (for build and cli)
from .pages import Page, plan_pages
from .quality import review_notes
from .participant_record import RecordedParticipants
from .render import SiteTheme, hashed_name, make_environment, render_page
from .settings import BuildOptions, ProgressCallback, cache_folder, report_warnings
from .stylesheet import site_static
from .views import Picture, Rendition
from .write import MARKER, Staging, remove_site
from .written import StaleFile, stale_files as files_holding_others

__all__ = ["Settings", "Content", "Site", "RenderedPages", "resolve_settings", "load_content",
           "load", "image_cache", "find_theme", "plan_photos", "derive", "derive_voices",
           "plan_site", "render", "render_one", "publish", "forget_unpublished",
           "stale_files"]


@dataclass(frozen=True)
class Settings:
    """The options of one run, each resolved against the exhibition's `build:` section
    (resolve_settings)."""

    strict: bool
    strict_because: str              # what made warnings errors, for the messages
    jobs: int | None                 # None: the machine's cores
    theme: str | None                # None: the default theme
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    cache_root: Path
    catalogue: bool = False          # each language's PDF catalogue into the site


@dataclass(frozen=True)
class Content:
    """The loaded exhibition, its warnings (after strict was applied) and the run's settings."""
    exhibition: Exhibition
    warnings: tuple[Diagnostic, ...]
    settings: Settings


@dataclass(frozen=True)
class Site:
    """The site to write: its theme, static files, pages and how to render them."""
    theme: SiteTheme
    static: Mapping[str, bytes]         # theme file name -> its bytes in the site
    assets: Mapping[str, str]           # theme file name -> its name in the site (hashed)
    pages: list[Page]
    environment: jinja2.Environment
    inputs: PageInputs                  # what each page is made from
    keys: PageKeys                      # what each page read
    photos: list[PlannedPhoto]
    voices: Mapping[tuple[str, str], Voice]
    markdown: MarkdownMemo              # what Markdown made of the texts, kept for the next build

    @property
    def html_pages(self) -> int:
        return sum(page.path.endswith(".html") for page in self.pages)


@dataclass(frozen=True)
class RenderedPages:
    records: dict[str, Rendered]   # site path -> what its rendering depended on
    rendered: int                  # pages rendered; the others are the previous files
    markdown: dict[tuple, str]     # the Markdown conversions the pages used
    deferred: tuple[Page, ...] = ()  # pages left for later (the preview's), in site order


def resolve_settings(options: BuildOptions, exhibition: BuildSettings,
                     content_dir: Path) -> Settings:
    """The run's settings: each option given wins, then exhibition.yaml's `build:`
    section, then photovoice's default."""
    strict = exhibition.strict if options.strict is None else options.strict
    return Settings(
        strict=strict,
        strict_because="--strict" if options.strict else "build.strict in exhibition.yaml",
        jobs=options.jobs or exhibition.jobs,
        theme=options.theme or exhibition.theme,
        widths=options.widths or exhibition.widths or imageplan.WIDTHS,
        formats=options.formats or exhibition.formats or imageplan.FORMATS,
        cache_root=cache_folder(content_dir, options.cache_dir),
        catalogue=exhibition.catalogue if options.catalogue is None else options.catalogue)


def upright_size(photo: Path) -> tuple[int, int]:
    """A photo's size as shown, from its header (see images.upright_size)."""
    from . import images  # deferred (Pillow): see ARCHITECTURE.md, "Deferred imports"

    return images.upright_size(photo)


def load_content(content_dir: Path, options: BuildOptions,
                 image_size: ImageSize = upright_size,
                 remembered: RecordedParticipants | None = None) -> Content:
    """The exhibition with the run's settings; strict applied here, once, before any
    warning is reported, then each warning reported once (`options.warn`).

    The warnings are the loader's and the content review's, the ones `photovoice check`
    gives (a caption missing, alt text that does not describe): --strict means the same
    to both commands."""
    try:
        loaded = load_exhibition(content_dir, image_size=image_size, remembered=remembered)
    except ContentError as error:
        if options.strict:  # the errors, and the warnings found with them, at once
            raise ContentError([promote(d) for d in error.diagnostics]) from None
        raise
    settings = resolve_settings(options, loaded.exhibition.build, content_dir)
    warnings = tuple(sorted(set(loaded.warnings)
                            | set(review_notes(loaded.exhibition, remembered))))
    if settings.strict and warnings:
        raise ContentError([promote(warning, settings.strict_because) for warning in warnings])
    report_warnings(options, warnings)
    return Content(loaded.exhibition, warnings, settings)


def image_cache(memory: BuildMemory) -> ImageCache:
    return ImageCache(memory.cache_root / "images")


def load(content_dir: Path, options: BuildOptions, memory: BuildMemory,
         cache: ImageCache) -> Content:
    """load_content, reusing the photo sizes and the participants the memory vouches
    for (a participant folder whose files are unchanged is not read again); each photo
    the loader finds is hashed meanwhile, in threads (hashing releases the GIL), as many
    as --jobs or the cores: the exhibition's build.jobs is not known before it is loaded."""
    participants = memory.participants()
    with cache.hashing_ahead(options.jobs or os.cpu_count() or 1) as hash_soon:

        def image_size(photo: Path) -> tuple[int, int]:
            hash_soon(photo)
            return memory.photo_size(photo, upright_size)

        content = load_content(content_dir, options, image_size,
                               RecordedParticipants(participants))
    memory.keep_sizes(photo.file for participant in content.exhibition.participants
                      for photo in participant.photos)
    participants.save()
    return content


def find_theme(content: Content, content_dir: Path) -> SiteTheme:
    return SiteTheme.find(content.settings.theme, content_dir.parent)


def plan_photos(content: Content, content_dir: Path, cache: ImageCache) -> list[PlannedPhoto]:
    """Every published photo's files, named by content hash."""
    exhibition, settings = content.exhibition, content.settings
    return plan_images(exhibition, content_dir, cache, settings.widths, settings.formats,
                       share=exhibition.base_url is not None, jobs=settings.jobs)


def derive(photos: list[PlannedPhoto], cache: ImageCache, settings: Settings,
           progress: ProgressCallback | None = None) -> Derivation:
    """Start deriving the files the cache lacks, in worker processes (a context manager:
    leaving it early stops them); its `result()` waits for them."""
    return Derivation(photos, cache, settings.jobs, progress)


def plan_site(content: Content, theme: SiteTheme, photos: list[PlannedPhoto],
              voices: Mapping[tuple[str, str], Voice], memory: BuildMemory) -> Site:
    """Every page of every language, with the environment that renders them."""
    exhibition = content.exhibition
    memo = MarkdownMemo(memory.markdown())
    catalogs = {lang: theme.strings(lang) for lang in exhibition.languages}
    pictures = {photo.key: picture(photo) for photo in photos}
    static = site_static(theme.static_files(), pictures.values())
    assets = {name: hashed_name(name, data) for name, data in static.items()}
    environment = make_environment(theme, assets, memo)
    environment.bytecode_cache = _template_cache(environment, memory.cache_root)
    narrations = {key: voice.path for key, voice in voices.items()}
    catalogue = content.settings.catalogue
    pages = plan_pages(exhibition, pictures, catalogs, narrations, memo, catalogue=catalogue)
    salt = render_salt(memory.code, theme.theme_dirs, assets, catalogs)
    inputs = PageInputs(salt, exhibition, pictures, narrations, catalogue)
    keys = PageKeys(salt, inputs.views(pages), memory.view_digests())
    return Site(theme, static, assets, pages, environment, inputs, keys, photos, voices, memo)


def render(site: Site, staging: Staging, memory: BuildMemory,
           now: Callable[[Page], bool] | None = None) -> RenderedPages:
    """Render the pages whose inputs changed; link the previous file for the others.

    A page is unchanged if what it is made from is (site.inputs: no view is hashed),
    else if every field of its context its last rendering read is (site.keys): after a
    caption edit, only the pages made from that participant's content have their views
    hashed, and only the pages that show the caption are rendered. With `now`, a changed page it declines is not rendered but
    listed in `deferred` (the preview renders those once its first pages are served).
    """
    previous = memory.rendered_pages()
    records, rendered, deferred = {}, 0, []
    for page in site.pages:
        key = site.inputs.key(page)
        kept = _reusable(page, key, previous.get(page.path), site.keys)
        if kept is not None and staging.keep(page.path):
            records[page.path] = kept
            continue
        if now is not None and not now(page):
            deferred.append(page)
            continue
        text, records[page.path] = render_one(site, page, key)
        staging.write_text(page.path, text)
        rendered += 1
    return RenderedPages(records, rendered, site.markdown.used, tuple(deferred))


def render_one(site: Site, page: Page, key: str | None = None) -> tuple[str, Rendered]:
    """One page's text, and the record of what its rendering depended on."""
    key = site.inputs.key(page) if key is None else key
    text, reads = render_page(site.environment, page)
    return text, Rendered(key, site.keys.key(page, reads), reads)


def publish(site: Site, files: Mapping[tuple[str, str], list[Path]], staging: Staging,
            partial: bool = False) -> int:
    """The theme's static files, every photo's files and every narration into the staging
    folder (cached files are linked, not copied); how many image files the site has.

    `partial` (the preview's): the photos missing from `files` are left out, to follow.
    """
    for name, data in site.static.items():
        staging.write_bytes(site.assets[name], data)
    image_files = 0
    for photo in site.photos:
        if partial and photo.key not in files:
            continue
        for rendition, cached in zip(renditions(photo), files[photo.key]):
            staging.link(cached, rendition.path)
            image_files += 1
    for voice in site.voices.values():
        staging.link(voice.cached, voice.path)
    return image_files


def renditions(photo: PlannedPhoto) -> list[Rendition]:
    """Every file of the photo in the site, in photo.specs order."""
    participant, slug = photo.key
    files = []
    for key, specs in photo.parts:
        # Named by slug and content hash, never by the camera's file name (it holds a date).
        digest = key[:10]
        for spec in specs:
            width, height = imageplan.output_size(photo.info, spec.width)
            files.append(Rendition(
                path=f"media/{participant}/{slug}-{spec.width}.{digest}.{spec.ext}",
                width=width, height=height, format=spec.format))
    return files


def picture(photo: PlannedPhoto) -> Picture:
    """The photo as the pages show it: its responsive files, and its link-preview JPEG."""
    files = dict(zip(photo.specs, renditions(photo)))
    responsive = [files[spec] for spec in photo.job.specs]
    return Picture(webp=tuple(r for r in responsive if r.format == "webp"),
                   jpeg=tuple(r for r in responsive if r.format == "jpeg"),
                   social=files[photo.share] if photo.share is not None else None)


def _reusable(page: Page, key: str, before: Rendered | None, keys: PageKeys
              ) -> Rendered | None:
    """The record of the previous file, brought up to date, if the file may be kept."""
    if before is None:
        return None
    if key == before.key:
        return before
    # Only the fields the last rendering read: a key of the whole context would change
    # with every field of every view the page holds (and costs as much to make).
    if before.read_key is not None and keys.key(page, before.reads) == before.read_key:
        return before._replace(key=key)
    return None


def _template_cache(environment: jinja2.Environment, cache_root: Path
                    ) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds: compiling them costs more than rendering.

    Jinja checks each template's source checksum; the folder name covers what else
    shapes the compiled code (Jinja's version and the environment's options). A
    `finalize` is compiled into every output expression: code compiled with one calls
    it, and would fail in an environment without it.
    """
    finalize = environment.finalize
    shape: Any = repr((jinja2.__version__, environment.autoescape, environment.trim_blocks,
                       environment.lstrip_blocks, environment.keep_trailing_newline,
                       environment.undefined.__name__, environment.is_async,
                       environment.optimized, environment.newline_sequence,
                       None if finalize is None else
                       f"{finalize.__module__}.{finalize.__qualname__}"))
    folder = cache_root / f"templates-{hashlib.sha256(shape.encode()).hexdigest()[:12]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def forget_unpublished(site: Site, cache: ImageCache, cache_root: Path, output_dir: Path) -> None:
    """Once the site is in place: what the cache holds of photos no longer published
    (withdrawn, removed or replaced) goes, their derived files and their narrations, and
    a preview site that may still show them (`photovoice serve` builds it again)."""
    forgot = bool(cache.keep_only({photo.source for photo in site.photos}))
    narrations = {voice.cached.name for voice in site.voices.values()}
    for narration in (cache_root / "audio").glob("*.mp3"):
        if narration.name not in narrations:
            narration.unlink(missing_ok=True)
            forgot = True
    preview = cache_root / "preview"
    if forgot and output_dir != preview and (preview / MARKER).is_file():
        remove_site(preview)
        remove_site(preview.parent / f".{preview.name}.spare")
        forget_output(cache_root, preview)


def stale_files(content_dir: Path, exhibition: Exhibition) -> tuple[StaleFile, ...]:
    """The workbooks and catalogues photovoice wrote beside content/ that still hold
    someone this exhibition no longer publishes."""
    return tuple(files_holding_others(content_dir, (
        participant.folder.name for participant in exhibition.published_participants)))
