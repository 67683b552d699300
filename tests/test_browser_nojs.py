"""With JavaScript off, every page shows its images and text, and links reach every photo.

The pages come from file:// (the exhibition on a USB stick, in a kiosk browser with
scripting off); with scripting off Chromium also loads lazy images at once.
"""

from __future__ import annotations

import pytest

from browser_survey import follow_links

pytestmark = pytest.mark.browser


def test_without_javascript_every_page_shows_its_images_and_text(file_survey):
    problems = []
    for rel, visit in file_survey.items():
        if rel == "404.html":
            continue  # links from the host's root, not from its folder: see test_browser_links
        problems += [f"{rel}: image not shown: {src}" for src in visit.broken_images]
        problems += [f"{rel}: text not shown: {text}" for text in visit.hidden_text]
    assert not problems, "\n".join(problems)


def test_without_javascript_links_from_home_reach_every_photo(file_survey, site_pages):
    visits = {visit.url: visit for visit in file_survey.values()}
    url_of = {rel: visit.url for rel, visit in file_survey.items()}
    reached = set()
    for home in (p for p in site_pages if p.kind == "home"):
        reached.update(follow_links(visits, url_of[home.rel], lambda url: url in visits))
    reached_pages = {rel for rel, url in url_of.items() if url in reached}

    photos = {p.rel for p in site_pages if p.kind == "photo"}
    assert photos, "no photo pages"
    assert photos <= reached_pages, f"photo pages no link reaches: {sorted(photos - reached_pages)}"
    others = {p.rel for p in site_pages if p.kind not in {"entry", "not-found"}}
    assert others <= reached_pages, f"pages no link reaches: {sorted(others - reached_pages)}"
