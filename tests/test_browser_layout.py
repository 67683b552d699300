"""Reflow at 320 px, text at 200 %, no motion on request, and screenshots for a person."""

from __future__ import annotations

import pytest

from browser_checks import MOTION_JS
from browser_support import artifact

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways_at_320px(http_survey):
    problems = [f"{rel}: {visit.narrow['scrollWidth']} px wide; " + "; ".join(visit.narrow["wider"])
                for rel, visit in http_survey.items() if visit.narrow["scrollWidth"] > 320]
    assert not problems, "\n".join(problems)


def test_text_at_200_percent_is_never_clipped_nor_scrolls_sideways(http_survey):
    """At 640 px with the root font at 200 %, what a 1280 px screen shows zoomed to 200 %."""
    problems = []
    for rel, visit in http_survey.items():
        if visit.zoomed["scrollWidth"] > 640:
            problems.append(f"{rel}: {visit.zoomed['scrollWidth']} px wide; "
                            + "; ".join(visit.zoomed["wider"]))
        problems += [f"{rel}: clipped {clip}" for clip in visit.clipped]
    assert not problems, "\n".join(problems)


def pages_of_kind(site_pages, *kinds):
    chosen = {}
    for site_page in site_pages:
        if site_page.kind in kinds:
            chosen.setdefault((site_page.kind, site_page.lang), site_page)
    return list(chosen.values())


def show_every_image(page):
    """A full-page screenshot scrolls nothing into view: load the lazy images first."""
    page.evaluate("""document.querySelectorAll('img[loading=lazy]')
                       .forEach((img) => { img.loading = 'eager'; })""")
    page.wait_for_function("() => [...document.images].every((img) => img.complete)")


def right_to_left_first(site, pages):
    """Photo pages with words in a right-to-left script first: the most to look at."""
    return sorted(pages,
                  key=lambda p: 'dir="rtl"' not in (site / p.rel).read_text(encoding="utf-8"))


def test_screenshots_for_review(new_context, site_server, site_pages, browser_site):
    """Home and photo pages at 320 and 1280 px, both languages: look at them after a change."""
    context = new_context()
    page = context.new_page()
    saved = []
    photos = right_to_left_first(browser_site, [p for p in site_pages if p.kind == "photo"])
    for site_page in pages_of_kind(site_pages, "home") + pages_of_kind(photos, "photo"):
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(site_server.url(site_page.rel))
            show_every_image(page)
            path = artifact("screenshots", f"{site_page.kind}-{site_page.lang}-{width}.png")
            page.screenshot(path=str(path), full_page=True)
            saved.append(path)
    participant = pages_of_kind(site_pages, "participant")[0]
    for width, height in ((1280, 800), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(site_server.url(participant.rel))
        page.locator("a[data-viewer-photo]").first.click()
        page.wait_for_selector("dialog[open] img")
        page.wait_for_load_state("networkidle")
        saved.append(artifact("screenshots", f"viewer-{participant.lang}-{width}.png"))
        page.screenshot(path=str(saved[-1]))
    home = pages_of_kind(site_pages, "home")[0]
    page.set_viewport_size({"width": 640, "height": 800})
    page.goto(site_server.url(home.rel))
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    show_every_image(page)
    saved.append(artifact("screenshots", f"home-{home.lang}-640-text-200.png"))
    page.screenshot(path=str(saved[-1]), full_page=True)
    assert len(saved) == 11 and all(p.stat().st_size > 1000 for p in saved)


def test_reduced_motion_stops_every_transition_and_animation(new_context, site_server, site_pages):
    pages = pages_of_kind(site_pages, *{p.kind for p in site_pages})  # one page per template
    page = new_context(reduced_motion="reduce").new_page()
    problems = []
    for site_page in pages:
        page.goto(site_server.url(site_page.rel))
        cards = page.locator("a[data-viewer-photo]")
        if cards.count():
            cards.first.hover()
            problems += [f"{site_page} (hover): {m}" for m in page.evaluate(MOTION_JS)]
            cards.first.click()
            page.wait_for_selector("dialog[open]")
        problems += [f"{site_page}: {m}" for m in page.evaluate(MOTION_JS)]
    assert not problems, "\n".join(problems)

    # The check can see motion: without the preference, the cards fade on hover.
    page = new_context(reduced_motion="no-preference").new_page()
    page.goto(site_server.url(pages_of_kind(site_pages, "home")[0].rel))
    assert page.evaluate(MOTION_JS), "no transition found even without reduced motion"
