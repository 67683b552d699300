"""Two passes over every page of the built site, shared by the browser tests.

Loading 170 pages is what costs time, so each page is loaded once per pass and everything
the tests need is measured in that visit:

- over HTTP under /exhibit/, with JavaScript: the DOM facts (headings, landmarks, images,
  languages, links), axe-core, and the layout at 320 px and at 640 px with 200 % text;
- from file://, without JavaScript: links and assets as files, images shown, text shown.

The pages are split between worker threads, each with its own Playwright and Chromium
(Playwright's sync API is one instance per thread); on two cores that is ~1.6x faster.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from browser_checks import (BROKEN_IMAGES_JS, CLIPPED_JS, FACTS_JS, HIDDEN_TEXT_JS, LINKS_JS,
                            OVERFLOW_JS, run_axe)
from browser_support import AXE_JS, SiteServer, SitePage, launch_chromium, require_file

WORKERS = max(1, min(2, os.cpu_count() or 1))
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
ZOOMED = {"width": 640, "height": 800}  # 200 % text here is a 1280 px screen at 200 % zoom


@dataclass
class Visit:
    url: str
    status: int | None
    links: list[str]            # a[href], resolved by the browser
    resources: list[str]        # src, srcset candidates, link[href] (not canonical)
    ids: set[str]
    failed: list[str] = field(default_factory=list)  # responses >= 400 while loading


@dataclass
class HttpVisit(Visit):
    facts: dict = field(default_factory=dict)
    axe: dict = field(default_factory=dict)
    narrow: dict = field(default_factory=dict)   # OVERFLOW_JS at 320 px
    zoomed: dict = field(default_factory=dict)   # OVERFLOW_JS at 640 px, 200 % text
    clipped: list[str] = field(default_factory=list)  # CLIPPED_JS at 640 px, 200 % text


@dataclass
class FileVisit(Visit):
    broken_images: list[str] = field(default_factory=list)
    hidden_text: list[str] = field(default_factory=list)


def facts_by_page(survey: dict[str, HttpVisit]) -> list[tuple[str, dict]]:
    return [(rel, visit.facts) for rel, visit in survey.items()]


def follow_links(visits: dict, start: str, follow) -> list[str]:
    """The pages reached from `start` through a[href], breadth first."""
    reached, queue = [], [start]
    while queue:
        url = queue.pop(0)
        if url in reached or url not in visits:
            continue
        reached.append(url)
        queue += [link.split("#")[0] for link in visits[url].links if follow(link.split("#")[0])]
    return reached


def in_workers(pages: list[SitePage], visit_all) -> dict[str, Visit]:
    """visit_all(browser, pages) -> {rel: Visit}, on WORKERS threads, merged."""
    def work(chunk):
        with launch_chromium() as browser:
            return visit_all(browser, chunk)

    merged: dict[str, Visit] = {}
    with ThreadPoolExecutor(WORKERS) as pool:
        for visits in pool.map(work, [pages[i::WORKERS] for i in range(WORKERS)]):
            merged.update(visits)
    return {p.rel: merged[p.rel] for p in pages}


def _visit(page, url: str, cls, failed: list[str], **extra):
    failed.clear()
    response = page.goto(url)  # waits for the load event: stylesheets and eager images
    found = page.evaluate(LINKS_JS)
    return cls(url, response.status if response else None, found["links"], found["resources"],
               set(found["ids"]), **extra)


def survey_http(server: SiteServer, pages: list[SitePage]) -> dict[str, HttpVisit]:
    require_file(AXE_JS)

    def visit_all(browser, chunk):
        context = browser.new_context(viewport=DESKTOP)
        context.set_default_timeout(30_000)
        context.add_init_script(path=str(AXE_JS))
        page = context.new_page()
        failed: list[str] = []
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        visits = {}
        try:
            for site_page in chunk:
                page.set_viewport_size(DESKTOP)
                visit = _visit(page, server.url(site_page.rel), HttpVisit, failed)
                visit.facts = page.evaluate(FACTS_JS)
                visit.axe = run_axe(page)
                page.set_viewport_size(NARROW)
                visit.narrow = page.evaluate(OVERFLOW_JS, NARROW["width"])
                page.set_viewport_size(ZOOMED)
                page.evaluate("document.documentElement.style.fontSize = '200%'")
                visit.zoomed = page.evaluate(OVERFLOW_JS, ZOOMED["width"])
                visit.clipped = page.evaluate(CLIPPED_JS)
                visit.failed = [f for f in failed if not f.endswith("/404.html")]
                visits[site_page.rel] = visit
        finally:
            context.close()
        return visits

    return in_workers(pages, visit_all)


def survey_files(site, pages: list[SitePage]) -> dict[str, FileVisit]:
    root = site.resolve()

    def visit_all(browser, chunk):
        context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
        context.set_default_timeout(30_000)
        page = context.new_page()
        failed: list[str] = []
        # ERR_ABORTED: a request the next navigation cancelled (the favicon), not a missing file.
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                and failed.append(f"{r.failure} {r.url}"))
        visits = {}
        try:
            for site_page in chunk:
                visit = _visit(page, (root / site_page.rel).as_uri(), FileVisit, failed)
                visit.broken_images = page.evaluate(BROKEN_IMAGES_JS)
                visit.hidden_text = page.evaluate(HIDDEN_TEXT_JS)
                visit.failed = list(failed)
                visits[site_page.rel] = visit
        finally:
            context.close()
        return visits

    return in_workers(pages, visit_all)
