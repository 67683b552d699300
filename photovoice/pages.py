"""model x languages -> the list of pages to render, each with its view objects.

Paths here are site paths of output files ("en/cities/brandon/index.html");
`render` turns them into links relative to the page that shows them, so the
site works from any sub-path and from file://.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any, Mapping
from urllib.parse import urlsplit

from .cartography import plan_city_map, plan_map
from .discovery import PageMeta, absolute, describe, home_meta, participant_meta, photo_meta
from .markup import MarkdownMemo, text_direction
from .statement import contact_view, credits_view, statement_view
from .model import Exhibition, Localized
from .views import (CityView, Link, ParticipantView, PhotoView, Picture, ThemeView, VoiceView,
                    choose_cover, city_phrases, credit_for, localized_slugs, original_view, published,
                    resolve)

PhotoKey = tuple[str, str]  # (participant slug, photo slug)


@dataclass(frozen=True)
class Page:
    key: tuple[str, ...]  # the same page in every language, e.g. ("photo", "amal", "market")
    lang: str | None      # None for the bilingual entry page and the 404 page
    path: str
    template: str
    context: Mapping[str, Any]


def plan_pages(exhibition: Exhibition, pictures: Mapping[PhotoKey, Picture],
               catalogs: Mapping[str, Mapping[str, Any]],
               voices: Mapping[PhotoKey, str] | None = None,
               memo: MarkdownMemo | None = None, catalogue: bool = False) -> list[Page]:
    """Every page of the site, in a stable order. `voices` maps photos to audio files;
    `memo` remembers what Markdown made of the texts the pages' descriptions show;
    `catalogue`: each language's PDF catalogue is in the site (catalogue_path), and its
    About and accessibility pages offer it."""
    pages: list[Page] = []
    for lang in exhibition.languages:
        plan = _LanguagePlan(exhibition, pictures, catalogs[lang], lang, voices or {}, memo)
        pages += plan.pages(catalogue_path(lang) if catalogue else None)
    pages = _link_alternates(pages, exhibition, catalogs)
    home = next(p for p in pages if p.key == ("home",) and p.lang == exhibition.default_lang)
    pages += _bilingual_pages(exhibition, catalogs, home.context["cover"])
    return pages + _crawler_files(pages, exhibition) + _host_files(exhibition)


def catalogue_path(lang: str) -> str:
    """Where a language's PDF catalogue is in the site: en/catalogue.pdf."""
    return f"{lang}/catalogue.pdf"


def language_views(exhibition: Exhibition, pictures: Mapping[PhotoKey, Picture],
                   strings: Mapping[str, Any], lang: str,
                   voices: Mapping[PhotoKey, str] | None = None
                   ) -> tuple[list[ParticipantView], list[CityView]]:
    """The published participants and cities of one language, consent and credit applied.

    The same views the site's pages get, for other outputs such as the printed catalogue.
    """
    plan = _LanguagePlan(exhibition, pictures, strings, lang, voices or {})
    return plan.participants, plan.city_views()


def section_path(strings: Mapping[str, Any], lang: str, section: str | None, *parts: str) -> str:
    segments = [lang] + ([strings["sections"][section]] if section else []) + list(parts)
    return "/".join(segments + ["index.html"])


class _LanguagePlan:
    """The views and pages of one language."""

    def __init__(self, exhibition: Exhibition, pictures: Mapping[PhotoKey, Picture],
                 strings: Mapping[str, Any], lang: str, voices: Mapping[PhotoKey, str],
                 memo: MarkdownMemo | None = None):
        self.exhibition = exhibition
        self.memo = memo
        self.voices = voices
        self.strings = strings
        self.lang = lang
        default = exhibition.default_lang
        self.city_slugs = localized_slugs(
            {slug: (city.slugs, city.name) for slug, city in exhibition.cities.items()},
            lang, default)
        self.theme_slugs = localized_slugs(
            {slug: (theme.slugs, theme.name) for slug, theme in exhibition.themes.items()},
            lang, default)
        self.cities = {slug: self._city_link(slug) for slug in exhibition.cities}
        self.city_phrases = {slug: city_phrases(city, self.cities[slug].label, strings, lang)
                             for slug, city in exhibition.cities.items()}
        chosen = list(published(exhibition))
        total = sum(len(photos) for _, photos in chosen)
        firsts = accumulate((len(photos) for _, photos in chosen), initial=1)
        self.participants = [self._participant(p, photos, pictures, first, total)
                             for (p, photos), first in zip(chosen, firsts)]
        self.photos = _sequence([photo for p in self.participants for photo in p.photos])
        by_path = {photo.path: photo for photo in self.photos}
        self.participants = [replace(p, photos=tuple(by_path[ph.path] for ph in p.photos))
                             for p in self.participants]

    def path(self, section: str | None, *parts: str) -> str:
        return section_path(self.strings, self.lang, section, *parts)

    def localized(self, value) -> Localized:
        return resolve(value, self.exhibition, self.lang)

    def _city_link(self, slug: str) -> Link:
        return Link(self.path("cities", self.city_slugs[slug]),
                    self.localized(self.exhibition.cities[slug].name))

    def _participant(self, participant, photos, pictures, first: int, total: int
                     ) -> ParticipantView:
        """The participant's view; `first`: their first photo's place among the `total`."""
        city = self.cities[participant.city]
        credited = credit_for(participant, self.city_phrases[participant.city], self.strings,
                              self.lang)
        path = self.path("participants", participant.slug)
        photo_slugs = localized_slugs({photo.slug: (photo.slugs, photo.title) for photo in photos},
                                      self.lang, self.exhibition.default_lang)
        views = tuple(self._photo(participant, photo, pictures[(participant.slug, photo.slug)],
                                  city, credited, path, photo_slugs[photo.slug],
                                  (first + index, total))
                      for index, photo in enumerate(photos))
        return ParticipantView(slug=participant.slug, path=path, credit=credited.credit,
                               bio=self.localized(participant.bio), city=city, photos=views,
                               mention=credited.mention, credit_names_city=credited.names_city,
                               previews=participant.consent.previews)

    def _photo(self, participant, photo, picture, city, credited, participant_path,
               address, place: tuple[int, int]) -> PhotoView:
        themes = tuple(Link(self.path("themes", self.theme_slugs[slug]),
                            self.localized(self.exhibition.themes[slug].name))
                       for slug in photo.themes)
        return PhotoView(
            slug=photo.slug, path=self.path("participants", participant.slug, address),
            title=self.localized(photo.title), alt=self.localized(photo.alt),
            caption=self.localized(photo.caption),
            original=original_view(photo.original, self.strings["language_names"]),
            picture=picture, themes=themes, city=city, credit=credited.credit,
            participant_path=participant_path, voice=self._voice(participant, photo),
            mention=credited.mention, credit_names_city=credited.names_city,
            ref=f"{participant.slug}/{photo.slug}", position=place[0], total=place[1],
            previews=participant.consent.previews, slideshow=participant.consent.slideshow)

    def _voice(self, participant, photo) -> VoiceView | None:
        path = self.voices.get((participant.slug, photo.slug))
        if path is None:
            return None
        return VoiceView(path=path, transcript=self.localized(photo.transcript),
                         original=original_view(photo.transcript_original,
                                                self.strings["language_names"]))

    def city_views(self) -> list[CityView]:
        views = []
        for slug, city in self.exhibition.cities.items():
            members = tuple(p for p in self.participants if p.city.path == self.cities[slug].path)
            if not members:
                continue  # a city with no published participant gets no page and no marker
            name = self.cities[slug].label
            province = self.strings["province_names"][city.province]
            views.append(CityView(
                slug=slug, path=self.cities[slug].path, name=name, province=province,
                label=self.strings["city_with_province"].format(city=name.text, province=province),
                participants=members, lat=city.lat, lon=city.lon,
                name_in=self.city_phrases[slug].name_in,
                name_from=self.city_phrases[slug].name_from,
                intro=self.localized(city.intro), cover_ref=city.cover))
        return views

    def theme_views(self) -> list[ThemeView]:
        views = []
        for slug, theme in self.exhibition.themes.items():
            path = self.path("themes", self.theme_slugs[slug])
            photos = tuple(ph for ph in self.photos if any(t.path == path for t in ph.themes))
            if photos:
                views.append(ThemeView(slug=slug, path=path, name=self.localized(theme.name),
                                       description=self.localized(theme.description),
                                       photos=photos, intro=self.localized(theme.intro),
                                       cover_ref=theme.cover))
        return views

    def pages(self, catalogue: str | None = None) -> list[Page]:
        cities, themes = self.city_views(), self.theme_views()
        nav = self._navigation()
        home = self.path(None)
        # Only the photos of those who consented to the slideshow; none, no slideshow.
        slides = tuple(photo for photo in self.photos if photo.slideshow)
        common = dict(nav=nav, home_path=home, accessibility_path=self.path("accessibility"),
                      slideshow_path=self.path("slideshow") if slides else None,
                      about_path=self.path("about"),
                      credits=credits_view(self.exhibition, self.lang),
                      contact=contact_view(self.exhibition, self.lang), catalogue_path=catalogue)
        # The exhibition's title, not "Home": a theme or city may be called Home.
        crumbs_home = Link(home, self.localized(self.exhibition.title))

        site_meta = PageMeta(describe(self.localized(self.exhibition.intro).text,
                                      self.localized(self.exhibition.title).text, self.memo))

        site = self._site_context(common)  # the same for every page: made once

        def page(key, path, template, title, crumbs=(), meta=site_meta, **context) -> Page:
            return Page(key, self.lang, path, template,
                        site | dict(page_path=path, page_title=title,
                                    breadcrumbs=tuple(crumbs), meta=meta) | context)

        home_meta_ = home_meta(self.localized(self.exhibition.title).text,
                               self.localized(self.exhibition.subtitle).text,
                               self.localized(self.exhibition.intro).text,
                               tuple(p for p in self.participants if p.previews),
                               self.exhibition.base_url, home, self.lang,
                               [c.label for c in cities], self.memo)
        pages = [page(("home",), home, "home.html", None, meta=home_meta_,
                      x_default="index.html",
                      participants=self.participants, cities=cities, themes=themes,
                      city_map=plan_map(cities, self.memo),
                      note=self.localized(self.exhibition.note),
                      cover=choose_cover(self.exhibition.cover, tuple(self.photos), True),
                      first_photo=self.photos[0] if self.photos else None),
                 page(("cities",), self.path("cities"), "cities.html",
                      self.strings["cities"], (crumbs_home,), cities=cities,
                      city_map=plan_map(cities, self.memo)),
                 page(("themes",), self.path("themes"), "themes.html",
                      self.strings["themes"], (crumbs_home,), themes=themes),
                 page(("participants",), self.path("participants"), "participants.html",
                      self.strings["participants"], (crumbs_home,),
                      participants=self.participants),
                 page(("about",), self.path("about"), "about.html", self.strings["about"],
                      (crumbs_home,)),
                 page(("accessibility",), self.path("accessibility"), "accessibility.html",
                      self.strings["accessibility_statement"], (crumbs_home,),
                      statement=statement_view(self.exhibition, self.strings, self.lang))]
        if slides:
            pages.append(page(("slideshow",), self.path("slideshow"), "slideshow.html",
                              self.strings["slideshow"], (crumbs_home,), photos=slides))
        return pages + self._entry_pages(page, cities, themes, crumbs_home, site_meta)

    def _entry_pages(self, page, cities, themes, crumbs_home, site_meta) -> list[Page]:
        """A page per city, theme, participant and photo. Without a participant's consent
        to link previews, their pages describe the exhibition, and the city's and
        theme's pages take another participant's photo for theirs."""
        section = lambda name: Link(self.path(name), Localized(self.strings[name], self.lang))
        pages = []
        for city in cities:
            shown = [p for p in city.participants if p.previews]
            pages.append(page(("city", city.slug), city.path, "city.html", city.name.text,
                              (crumbs_home, section("cities")), city=city,
                              city_map=plan_city_map(cities, city, self.memo),
                              meta=participant_meta(shown[0], self.memo) if shown else site_meta))
        for theme in themes:
            cover = next((photo for photo in theme.photos if photo.previews), None)
            pages.append(page(("theme", theme.slug), theme.path, "theme.html", theme.name.text,
                              (crumbs_home, section("themes")), theme=theme,
                              meta=PageMeta(describe(theme.description.text, theme.name.text,
                                                     self.memo),
                                            cover.picture.share if cover else None,
                                            cover.alt.text if cover else "")))
        for participant in self.participants:
            pages.append(page(("participant", participant.slug), participant.path,
                              "participant.html", participant.credit.text,
                              (crumbs_home, section("participants")), participant=participant,
                              meta=participant_meta(participant, self.memo)
                              if participant.previews else site_meta))
            for photo in participant.photos:
                pages.append(page(("photo", participant.slug, photo.slug), photo.path,
                                  "photo.html", photo.title.text,
                                  (crumbs_home, section("participants"),
                                   Link(participant.path, participant.credit)),
                                  photo=photo, participant=participant,
                                  meta=photo_meta(photo, self.exhibition.base_url, self.lang,
                                                  self.memo)
                                  if photo.previews else site_meta))
        return pages

    def _navigation(self) -> tuple[Link, ...]:
        return tuple(Link(self.path(name), Localized(self.strings[name], self.lang))
                     for name in ("participants", "cities", "themes", "about"))

    def _site_context(self, common) -> dict[str, Any]:
        exhibition = self.exhibition
        return dict(common, lang=self.lang, dir=text_direction(self.lang), t=self.strings,
                    x_default=None,
                    site_title=self.localized(exhibition.title),
                    site_subtitle=self.localized(exhibition.subtitle),
                    intro=self.localized(exhibition.intro), about=self.localized(exhibition.about),
                    typography=exhibition.typography, noindex=exhibition.noindex,
                    base_url=exhibition.base_url)


def _sequence(photos: list[PhotoView]) -> list[PhotoView]:
    """Link each photo (numbered already) to its neighbours across the exhibition."""
    total = len(photos)
    linked = []
    for i, photo in enumerate(photos):
        previous = photos[i - 1] if i > 0 else None
        following = photos[i + 1] if i + 1 < total else None
        linked.append(replace(photo, previous=previous, next=following))
    return linked


def _link_alternates(pages: list[Page], exhibition: Exhibition,
                     catalogs: Mapping[str, Mapping[str, Any]]) -> list[Page]:
    """Give each page the paths of the same page in the other languages."""
    by_key: dict[tuple, dict[str, str]] = {}
    for page in pages:
        by_key.setdefault(page.key, {})[page.lang] = page.path
    linked = []
    for page in pages:
        alternates = tuple(
            (lang, by_key[page.key][lang], catalogs[lang]["language_name"])
            for lang in exhibition.languages if lang in by_key[page.key])
        linked.append(replace(page, context={**page.context, "alternates": alternates}))
    return linked


def _bilingual_pages(exhibition: Exhibition, catalogs, cover: PhotoView) -> list[Page]:
    """The entry page (the lead photograph, then each language's way in) and the 404 page."""
    halves = tuple(dict(lang=lang, dir=text_direction(lang), t=catalogs[lang],
                        title=resolve(exhibition.title, exhibition, lang),
                        subtitle=resolve(exhibition.subtitle, exhibition, lang),
                        description=_entry_description(exhibition, lang),
                        note=resolve(exhibition.note, exhibition, lang),
                        home_path=section_path(catalogs[lang], lang, None))
                   for lang in exhibition.languages)
    # The 404 page is served at any depth: it links from the site's root on its host.
    root = urlsplit(exhibition.base_url).path if exhibition.base_url else "/"
    context = dict(halves=halves, lang=exhibition.default_lang, typography=exhibition.typography,
                   root=root,
                   noindex=exhibition.noindex, base_url=exhibition.base_url,
                   alternates=tuple((h["lang"], h["home_path"], h["t"]["language_name"])
                                    for h in halves))
    return [Page(("entry",), None, "index.html", "entry.html",
                 dict(context, page_path="index.html", cover=cover)),
            Page(("404",), None, "404.html", "404.html", dict(context, page_path="404.html"))]


def _entry_description(exhibition: Exhibition, lang: str) -> str:
    """One language's half of the entry page's description: the title and what it is."""
    title = resolve(exhibition.title, exhibition, lang).text
    subtitle = resolve(exhibition.subtitle, exhibition, lang).text
    return describe(f"{title}. {subtitle}" if subtitle else
                    resolve(exhibition.intro, exhibition, lang).text, title)


def _host_files(exhibition: Exhibition) -> list[Page]:
    """_headers and _redirects: the security headers and the language redirect, in the
    files hosts such as Netlify and Cloudflare Pages read from the uploaded folder, so a
    site built on the curator's computer keeps them without its content on the host."""
    return [Page(("host-headers",), None, "_headers", "host-headers.txt",
                 dict(page_path="_headers")),
            Page(("host-redirects",), None, "_redirects", "host-redirects.txt",
                 dict(languages=exhibition.languages, page_path="_redirects"))]


def _crawler_files(pages: list[Page], exhibition: Exhibition) -> list[Page]:
    """robots.txt always; sitemap.xml when base_url makes absolute addresses possible."""
    files = [Page(("robots",), None, "robots.txt", "robots.txt",
                  dict(noindex=exhibition.noindex, base_url=exhibition.base_url,
                       page_path="robots.txt"))]
    if not exhibition.base_url or exhibition.noindex:
        return files
    base_url = exhibition.base_url
    entries = []
    for page in pages:
        if page.lang is None and page.key != ("entry",):
            continue
        alternates = [(lang, absolute(base_url, path))
                      for lang, path, _ in page.context.get("alternates", ())]
        if page.key == ("home",) or page.key == ("entry",):
            alternates.append(("x-default", base_url))
        entries.append((absolute(base_url, page.path), tuple(alternates)))
    files.append(Page(("sitemap",), None, "sitemap.xml", "sitemap.xml",
                      dict(entries=entries, page_path="sitemap.xml")))
    return files
