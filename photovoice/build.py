"""The build orchestrator: load, plan, derive images, render, write, swap.

`build()` is the one entry point for the CLI, the preview server and tests.
Everything is written into a staging folder beside the output; only a build
that fully succeeded replaces the previous site, so a failed or interrupted
build leaves it untouched.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, NamedTuple

from . import buildstate
from .diagnostics import ContentError, Diagnostic
from .write import SiteWriter

# Pillow, Jinja, YAML and Markdown are imported when a build has work to do: a build
# that finds nothing changed finishes in the time they would take to import.
if TYPE_CHECKING:
    from .pagekeys import PageKeys
    from .pages import Page

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


def build(content_dir: Path | str = "content", output_dir: Path | str = "build",
          options: BuildOptions = BuildOptions()) -> BuildReport:
    started = time.perf_counter()
    content_dir, output_dir = Path(content_dir).resolve(), Path(output_dir).resolve()
    writer = SiteWriter(output_dir, content_dir)
    writer.check_target()
    cache_root = buildstate.cache_folder(content_dir, options.cache_dir)
    previous = buildstate.read_state(cache_root, output_dir)
    code = buildstate.code_fingerprint()
    # A relative --theme is found from the working folder.
    settings = (options.strict, options.theme, options.widths, options.formats,
                str(output_dir), str(cache_root), os.getcwd(), code)
    content = buildstate.fingerprint([content_dir], settings)
    if previous and previous.outputs != buildstate.output_fingerprint(output_dir):
        previous = None  # someone changed the site since: trust none of it
    if previous and previous.inputs == (content + buildstate.fingerprint(
            previous.theme_dirs)).listing:
        if previous.warnings:  # still true, and still the curator's to fix
            import logging  # only here: a no-op build without warnings needs none of it

            for warning in previous.diagnostics():
                logging.getLogger(__name__).warning("%s", warning)
        return BuildReport(output_dir=output_dir, images_derived=0,
                           images_cached=previous.counts["photos"],
                           warnings=previous.diagnostics(),
                           seconds=time.perf_counter() - started, up_to_date=True,
                           **previous.counts)

    from . import imageplan, markup
    from .cache import ImageCache
    from .derive import Derivation, derive_voices, picture, plan_images, renditions
    from .load import load_exhibition, promote, upright_size
    from .pagekeys import PageKeys, render_salt
    from .pages import plan_pages
    from .render import SiteTheme, hashed_name, make_environment

    markup.start_remembering(previous.markup if previous and previous.code == code else {})
    sizes = buildstate.RememberedSizes(cache_root, content_dir, upright_size)
    cache = ImageCache(cache_root / "images")
    # Each photo the loader finds is hashed in a thread while it reads on: threads of
    # this process, as many as --jobs or the cores (the exhibition's build.jobs, for the
    # worker processes, is not known before it is loaded).
    with cache.hashing_ahead(options.jobs or os.cpu_count() or 1) as hash_soon:

        def image_size(photo: Path) -> tuple[int, int]:
            hash_soon(photo)
            return sizes(photo)

        loaded = load_exhibition(content_dir, strict=bool(options.strict), image_size=image_size)
        sizes.save()
        exhibition = loaded.exhibition
        if options.strict is None and exhibition.build.strict and loaded.warnings:
            raise ContentError([promote(warning) for warning in loaded.warnings])
        theme = SiteTheme.find(options.theme or exhibition.build.theme, content_dir.parent)
        inputs = content + buildstate.fingerprint(theme.theme_dirs)
        catalogs = {lang: theme.strings(lang) for lang in exhibition.languages}

        widths = options.widths or exhibition.build.widths or imageplan.WIDTHS
        formats = options.formats or exhibition.build.formats or imageplan.FORMATS
        jobs = options.jobs or exhibition.build.jobs
        planned = plan_images(exhibition, content_dir, cache, widths, formats,
                              share=exhibition.base_url is not None, jobs=jobs)
    # The workers encode the photos while this process plans and renders the pages.
    with Derivation(planned, cache, replace(options, jobs=jobs)) as derivation:
        pictures = {p.key: picture(p) for p in planned}
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
            cached_files, derived_count = derivation.result()
            for name, path in static.items():
                staging.copy(path, assets[name])
            image_files = 0
            for photo in planned:
                for rendition, cached in zip(renditions(photo), cached_files[photo.key]):
                    staging.link(cached, rendition.path)
                    image_files += 1
            for voice in voices.values():
                staging.link(voice.cached, voice.path)

    counts = dict(pages=sum(p.path.endswith(".html") for p in pages), photos=len(planned),
                  image_files=image_files)
    buildstate.write_state(cache_root, output_dir, buildstate.BuildState(
        inputs=None if inputs.racy else inputs.listing,
        outputs=buildstate.output_fingerprint(output_dir),
        theme_dirs=[str(d) for d in theme.theme_dirs],
        counts=counts, warnings=buildstate.warning_records(loaded.warnings),
        code=code, markup=markup.remembered(), **buildstate.page_records(records)))
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
