"""The printable exhibition catalogue: the site's views laid out for paper, as a tagged PDF.

The catalogue is made from the same per-language views as the site (`pages.language_views`),
so consent, credit and fallback rules are the site's: a withdrawn participant or photo
cannot appear. Photos are the derived JPEGs from the image cache (no metadata), never the
originals. WeasyPrint, the PDF engine, is an optional dependency (the `pdf` extra).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Mapping

from . import images
from .cache import ImageCache
from .derive import derive_all, plan_images
from .diagnostics import N_, ContentError, Diagnostic, said
from .locks import one_build_at_a_time
from .markup import text_direction, typeset
from .model import Exhibition, Localized
from .pages import Page, PhotoKey, catalogue_path, language_views
from .render import SiteTheme, make_environment, render_page
from .settings import BuildOptions, ProgressCallback
from .statement import ContactView, contact_view
from .stages import Content, Settings, find_theme, load_content
from .views import ParticipantView, Picture, Rendition, resolve
from .write import MARKER, Staging, atomic_file
from .written import note_written

log = logging.getLogger(__name__)

TEMPLATE = "catalogue.html"
# The derived JPEG nearest this width goes in the PDF: with the default widths, the
# 1440 px one, about 200 dpi across a Letter page's text width; plenty for print.
PRINT_WIDTH = 1600
# Tagged and PDF/UA-1 where the installed WeasyPrint knows the variant.
PDF_VARIANT = "pdf/ua-1"
# No brackets or quotes: the same words work in every shell, Windows' cmd included.
INSTALL_HINT = N_("pipx inject photovoice weasyprint (or, if you installed photovoice with "
                  "pip: pip install weasyprint)")


class PdfUnavailable(Exception):
    """WeasyPrint, the optional PDF engine, is missing or cannot start."""


@dataclass(frozen=True)
class CatalogueReport:
    pages: int
    photos: int
    output: Path
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class CataloguePart:
    """One language's half of the catalogue: what the template lays out."""

    lang: str
    dir: str
    t: Mapping[str, Any]
    title: Localized
    subtitle: Localized
    intro: Localized
    about: Localized
    participants: tuple[ParticipantView, ...]
    city_labels: Mapping[str, str]  # city path -> "Brandon, Manitoba"
    contact: ContactView            # in the accessibility statement, as on the site

    @property
    def anchor(self) -> str:
        return f"part-{self.lang}"


def make_catalogue(content_dir: Path | str, output: Path | str, langs: tuple[str, ...] = (),
                   options: BuildOptions = BuildOptions()) -> CatalogueReport:
    """Write the catalogue of `langs` (default: every language of the exhibition) to `output`.

    Raises ContentError for problems in the content or a refused output path, and
    PdfUnavailable when WeasyPrint is not installed.
    """
    content_dir, output = Path(content_dir).resolve(), Path(output).resolve()
    weasyprint = _import_weasyprint()  # before any slow work
    _check_output(output, content_dir)
    content = load_content(content_dir, options)
    exhibition = content.exhibition.for_print()  # those who consented to print, only
    langs = _check_langs(langs or exhibition.languages, exhibition)
    theme = find_theme(content, content_dir)
    with one_build_at_a_time(None, content.settings.cache_root):  # a build may be writing it
        pictures = _print_pictures(exhibition, content_dir, content.settings, options.progress)
    html = _html(exhibition, theme, pictures, langs)
    with atomic_file(output) as fp:
        pages = _write_pdf(weasyprint, html, fp, exhibition.base_url)
    note_written(content_dir, (output,),
                 (p.folder.name for p in exhibition.published_participants))
    log.info("catalogue: %d pages, %d photos in %s", pages, len(pictures), output)
    return CatalogueReport(pages=pages, photos=len(pictures), output=output,
                           warnings=content.warnings)


def into_site(content: Content, theme: SiteTheme, content_dir: Path, staging: Staging,
              progress: ProgressCallback | None = None) -> tuple[str, ...]:
    """Each language's catalogue into the site being built (pages.catalogue_path), for a
    build that holds the cache's lock. A PDF is kept in the cache by a hash of the page
    WeasyPrint lays out (its photos are named by content hash): an unchanged exhibition
    is not laid out again. Raises PdfUnavailable without WeasyPrint."""
    weasyprint = _import_weasyprint()
    exhibition = content.exhibition.for_print()
    pictures = _print_pictures(exhibition, content_dir, content.settings, progress)
    folder = catalogue_cache(content.settings.cache_root)
    kept = set()
    for lang in exhibition.languages:
        html = _html(exhibition, theme, pictures, (lang,))
        key = hashlib.sha256(f"{weasyprint.__version__}\0{html}".encode()).hexdigest()
        cached = folder / f"{key[:32]}.pdf"
        if not cached.is_file():
            with atomic_file(cached) as fp:
                _write_pdf(weasyprint, html, fp, exhibition.base_url)
        staging.link(cached, catalogue_path(lang))
        kept.add(cached.name)
    for old in folder.glob("*.pdf"):  # an earlier catalogue may show who has withdrawn
        if old.name not in kept:
            old.unlink(missing_ok=True)
    return tuple(catalogue_path(lang) for lang in exhibition.languages)


def catalogue_cache(cache_root: Path) -> Path:
    """Where the PDFs laid out for the site are kept, by a hash of what they show."""
    return cache_root / "catalogue"


def _html(exhibition: Exhibition, theme: SiteTheme, pictures: Mapping[PhotoKey, Picture],
          langs: tuple[str, ...]) -> str:
    parts = [_part(exhibition, pictures, theme.strings(lang), lang) for lang in langs]
    return render_page(make_environment(theme, {}), _page(exhibition, parts)).text


def _import_weasyprint() -> ModuleType:
    try:
        import weasyprint
    except ImportError as error:
        raise PdfUnavailable(said("making a PDF needs WeasyPrint, which is not installed: "
                                  "{hint}", hint=said(INSTALL_HINT))) from error
    except OSError as error:  # Pango or HarfBuzz missing: WeasyPrint cannot load them
        raise PdfUnavailable(said("WeasyPrint is installed but cannot start ({error}); it "
                                  "needs Pango (on Debian: apt install libpango-1.0-0 "
                                  "libpangoft2-1.0-0 libharfbuzz-subset0)",
                                  error=str(error))) from error
    return weasyprint


def _check_output(output: Path, content_dir: Path) -> None:
    """Refuse a catalogue path inside the content, or inside a folder photovoice builds."""
    problem = None
    if output == content_dir or content_dir in output.parents:
        problem = N_("must not be inside the content folder")
    elif output.is_dir():
        problem = N_("is a folder; give a file name such as catalogue.pdf")
    elif any((parent / MARKER).exists() for parent in output.parents):
        problem = N_("is inside a folder photovoice builds the site into: the next build "
                     "would delete it. Choose a path outside it")
    if problem:
        raise ContentError([Diagnostic(str(output), None, "--output", problem)])


def _check_langs(langs: tuple[str, ...], exhibition: Exhibition) -> tuple[str, ...]:
    unknown = [lang for lang in langs if lang not in exhibition.languages]
    if unknown:
        known = ", ".join(exhibition.languages)
        raise ContentError([Diagnostic.of("exhibition.yaml", None, "languages", said(
            "'{lang}' is not a language of this exhibition (its languages are: {known})",
            lang=lang, known=known)) for lang in unknown])
    return tuple(dict.fromkeys(langs))


def _print_pictures(exhibition: Exhibition, content_dir: Path, settings: Settings,
                    progress: ProgressCallback | None) -> dict[PhotoKey, Picture]:
    """The derived JPEG nearest PRINT_WIDTH of every published photo, from the site's
    cache (its caller holds the cache's lock)."""
    cache = ImageCache(settings.cache_root / "images")
    planned = plan_images(exhibition, content_dir, cache)
    files = derive_all(planned, cache, settings.jobs, progress)
    pictures = {}
    for photo in planned:
        jpegs = [(spec, path) for spec, path in zip(photo.job.specs, files[photo.key])
                 if spec.format == "jpeg"]
        spec, path = min(jpegs, key=lambda choice: (choice[0].width > PRINT_WIDTH,
                                                    -choice[0].width))
        width, height = images.output_size(photo.info, spec.width)
        rendition = Rendition(path=path.resolve().as_uri(), width=width, height=height,
                              format="jpeg")
        pictures[photo.key] = Picture(webp=(), jpeg=(rendition,))
    return pictures


def _part(exhibition: Exhibition, pictures: Mapping[PhotoKey, Picture],
          strings: Mapping[str, Any], lang: str) -> CataloguePart:
    participants, cities = language_views(exhibition, pictures, strings, lang)
    return CataloguePart(
        lang=lang, dir=text_direction(lang), t=strings,
        title=resolve(exhibition.title, exhibition, lang),
        subtitle=resolve(exhibition.subtitle, exhibition, lang),
        intro=resolve(exhibition.intro, exhibition, lang),
        about=resolve(exhibition.about, exhibition, lang),
        participants=tuple(participants),
        city_labels={city.path: city.label for city in cities},
        contact=contact_view(exhibition, lang))


def _page(exhibition: Exhibition, parts: list[CataloguePart]) -> Page:
    first = parts[0]
    # "Place Matters – Exhibition catalogue / Le lieu compte – Catalogue de l'exposition"
    titles = dict.fromkeys(typeset(f"{part.title.text} – {part.t['catalogue_label']}", part.lang,
                                   exhibition.typography) for part in parts)
    context = dict(lang=first.lang, dir=first.dir, t=first.t, parts=parts,
                   document_title=" / ".join(titles),
                   typography=exhibition.typography, page_path="catalogue.html")
    return Page(("catalogue",), first.lang, "catalogue.html", TEMPLATE, context)


def _write_pdf(weasyprint: ModuleType, html: str, fp, base_url: str | None) -> int:
    """Lay out the PDF and write it into the open file `fp`; its page count."""
    options = _pdf_options(weasyprint)
    # Photos are absolute file: URLs. A relative link in a text points into the site
    # (base_url), never at the curator's disk, whose paths must not end up in the PDF.
    source = weasyprint.HTML(string=html, base_url=base_url)
    document = source.render(**options)
    with _element_languages(source.etree_element):
        document.write_pdf(fp, **options)
    return len(document.pages)


def _pdf_options(weasyprint: ModuleType) -> dict[str, Any]:
    try:
        from weasyprint.pdf import VARIANTS
    except ImportError:  # pragma: no cover - older layouts of the package
        VARIANTS = {}
    if PDF_VARIANT in VARIANTS:
        return {"pdf_variant": PDF_VARIANT}
    return {"pdf_tags": True}


# WeasyPrint (up to 70 at least) writes the document's language (/Lang of the catalogue,
# from <html lang>) but no element's `lang`: weasyprint/pdf/tags.py `_build_box_tree`
# makes each structure element from a box and keeps nothing else of the HTML element.
# Screen readers then read the fallback texts and the participants' own words with the
# wrong voice (WCAG 3.1.2, PDF/UA-1 7.2). So while the PDF is written, each structure
# element made for an element whose language differs from its parent's gets /Lang; the
# rest inherit it, as in HTML. That function is private: where it is missing, the PDF
# still has its document language, and a warning says what is lost.
_TAGGING = threading.Lock()  # the hook is module-wide while it lasts: one PDF at a time


@contextlib.contextmanager
def _element_languages(root) -> Iterator[None]:
    try:
        import pydyf
        from weasyprint.pdf import tags
        build_box_tree = tags._build_box_tree
    except (ImportError, AttributeError):
        log.warning("this version of WeasyPrint cannot be told the language of each part of "
                    "the catalogue; the PDF has only its document language")
        yield
        return
    changes = _language_changes(root)

    def with_languages(box, *args):
        lang = changes.get(box.element) if box.element is not None else None
        for element in build_box_tree(box, *args):  # it calls back here for the children
            if lang is not None:
                element["Lang"] = pydyf.String(lang)
            yield element

    with _TAGGING:
        tags._build_box_tree = with_languages
        try:
            yield
        finally:
            tags._build_box_tree = build_box_tree


def _language_changes(root) -> dict[Any, str]:
    """Each HTML element whose `lang` differs from the language it is inside, with its lang."""
    changes = {}
    stack = [(root, root.get("lang", ""))]
    while stack:
        element, inherited = stack.pop()
        lang = element.get("lang") or inherited
        if lang != inherited:
            changes[element] = lang
        stack.extend((child, lang) for child in element)
    return changes
