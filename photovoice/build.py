"""The build: the content folder in, a whole site out, in named stages.

    recall → load → plan → derive → render → publish → remember

`_run_stages()` below reads as that sequence; each stage is a function of `stages.py`
taking and returning plain values. Everything is written into a staging folder beside
the output; only a build that fully succeeded replaces the previous site, so a failed
or interrupted build leaves it untouched.

A build that finds nothing changed since the last one (`recall`) ends before importing
the stages: they bring Pillow, Jinja, YAML and Markdown, which such a build never needs
(the benchmark's no-op scenario measures what it costs). ARCHITECTURE.md lists the few
imports deferred this way, and why.
"""

from __future__ import annotations

import datetime
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .buildstate import BuildMemory, BuildState
from .diagnostics import ContentError, Diagnostic, display_path
from .locks import one_build_at_a_time
from .settings import BuildOptions, ProgressCallback, cache_folder, report_warnings
from .write import SiteWriter

if TYPE_CHECKING:
    from .written import StaleFile

__all__ = ["BuildOptions", "BuildReport", "ProgressCallback", "build"]


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the command line's summary and the tests."""

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
    catalogues: tuple[str, ...] = ()  # the PDF catalogues written into the site
    # Workbooks and catalogues photovoice wrote beside content/ that still hold someone
    # no longer published: not the site's, so not warnings, but the curator must know.
    stale_files: tuple[StaleFile, ...] = ()


def build(content_dir: Path | str = "content", output_dir: Path | str = "build",
          options: BuildOptions = BuildOptions()) -> BuildReport:
    """Build the site of `content_dir` into `output_dir`, or raise ContentError (every
    problem at once) and leave the previous site as it was."""
    started = time.perf_counter()
    content_dir, output_dir = Path(content_dir).resolve(), Path(output_dir).resolve()
    SiteWriter(output_dir, content_dir).check_target()  # before locking the folder holding it
    # Everything from here on, the previous build's record and files included, is read
    # with no other build writing this output folder or this cache.
    with one_build_at_a_time(output_dir, cache_folder(content_dir, options.cache_dir)):
        return _run_stages(content_dir, output_dir, options, started)


def _run_stages(content_dir: Path, output_dir: Path, options: BuildOptions,
                started: float) -> BuildReport:
    """The stages, in order. What each may reuse of the last build, as the memory (and
    the image cache, under the same rule of trust) vouches for it:

    - recall: the whole site, when nothing it was made from changed: nothing else runs;
    - load: what the loader made of each participant folder and what the content
      review noted of it, and each photo's size;
    - plan: each photo's hash, and its derived files (by content hash);
    - render: each page whose inputs did not change (the previous file is linked), the
      digests of each participant's views by what they are made from, and what
      Markdown made of each text;
    - remember: nothing; it records this build for the next.
    """
    memory = recall(content_dir, output_dir, options)
    if (last := memory.unchanged()) is not None:
        return _up_to_date(last, output_dir, options, started)
    writer = SiteWriter(output_dir, content_dir)
    writer.check_target()  # again, now that no other build can change it, before writing

    from . import stages  # deferred: see the module's docstring

    cache = stages.image_cache(memory)
    # A content error raised before the photos are derived lists the broken photos too.
    every = stages.EveryProblem(content_dir, cache, bool(options.strict))
    with every:
        content = stages.load(content_dir, options, memory, cache)
        every.exhibition = content.exhibition
        theme = stages.find_theme(content, content_dir)
        photos = stages.plan_photos(content, content_dir, cache)
    with every, stages.derive(photos, cache, content.settings, options.progress) as derivation:
        voices = stages.derive_voices(content.exhibition, content_dir, memory.cache_root / "audio")
        site = stages.plan_site(content, theme, photos, voices, memory)
        with writer.staging() as staging:
            pages = stages.render(site, staging, memory)
            every.photos_derived = True
            image_files = stages.publish(site, derivation.result(), staging)
            catalogues = _catalogues(content, theme, content_dir, staging, options.progress)
    stages.forget_unpublished(site, cache, memory.cache_root, output_dir)
    report_warnings(options, derivation.warnings)  # the decoders'; the load told its own
    warnings = tuple(sorted(content.warnings + derivation.warnings))
    counts = dict(pages=site.html_pages, photos=len(photos), image_files=image_files)
    memory.remember(theme.theme_dirs, counts, warnings, pages.markdown, pages.records,
                    site.keys.remembered())
    return BuildReport(output_dir=output_dir, images_derived=derivation.derived,
                       images_cached=len(photos) - derivation.derived,
                       warnings=warnings, seconds=time.perf_counter() - started,
                       pages_rendered=pages.rendered, catalogues=catalogues,
                       stale_files=stages.stale_files(content_dir, content.exhibition),
                       **counts)


def _catalogues(content, theme, content_dir: Path, staging, progress) -> tuple[str, ...]:
    """Each language's PDF catalogue into the site, when asked (build.catalogue)."""
    if not content.settings.catalogue:
        # Earlier catalogues are not kept: they may show a participant who has withdrawn.
        shutil.rmtree(content.settings.cache_root / "catalogue", ignore_errors=True)
        return ()
    from . import catalogue  # deferred: WeasyPrint is imported only when asked

    try:
        return catalogue.into_site(content, theme, content_dir, staging, progress)
    except catalogue.PdfUnavailable as error:
        where = display_path(content_dir / "exhibition.yaml", content_dir)
        raise ContentError([Diagnostic(where, None, "build.catalogue", str(error))]) from None


def recall(content_dir: Path, output_dir: Path, options: BuildOptions) -> BuildMemory:
    """What the last build into `output_dir` left, and whether it still stands."""
    # A relative --theme is found from the working folder: that folder counts too; and
    # the day, as a consent form whose renewal date has passed takes its participant out.
    asked = (options.strict, options.theme, options.widths, options.formats, options.catalogue,
             str(output_dir), os.getcwd(), datetime.date.today().isoformat())
    return BuildMemory(cache_folder(content_dir, options.cache_dir), content_dir).recall(
        output_dir, asked)


def _up_to_date(last: BuildState, output_dir: Path, options: BuildOptions,
                started: float) -> BuildReport:
    warnings = last.diagnostics()
    report_warnings(options, warnings)  # still true, and still the curator's to fix
    return BuildReport(output_dir=output_dir, images_derived=0,
                       images_cached=last.counts["photos"], warnings=warnings,
                       seconds=time.perf_counter() - started, up_to_date=True, **last.counts)

