"""What a screen reader gets: headings, landmarks and text alternatives, on every page."""

from __future__ import annotations

import re

import pytest

from browser_survey import facts_by_page

pytestmark = pytest.mark.browser

FILE_NAME = re.compile(r"\.(jpe?g|png|webp|gif|heic|heif|tiff?)\b"
                       r"|\b(IMG|DSC|DSCN|PXL|Screenshot)[_-]", re.IGNORECASE)
ROOT_KINDS = {"entry", "not-found"}  # one-screen bilingual pages: only a main landmark


def test_one_h1_and_no_skipped_heading_level(http_survey):
    problems = []
    for rel, facts in facts_by_page(http_survey):
        levels = [h["level"] for h in facts["headings"]]
        if levels.count(1) != 1:
            problems.append(f"{rel}: {levels.count(1)} h1 elements")
        if levels and levels[0] != 1:
            problems.append(f"{rel}: the first heading is h{levels[0]}")
        for before, (after, heading) in zip(levels, zip(levels[1:], facts["headings"][1:])):
            if after > before + 1:
                problems.append(f"{rel}: h{before} then h{after} \"{heading['text']}\"")
        problems += [f"{rel}: empty h{h['level']}" for h in facts["headings"] if not h["text"]]
    assert not problems, "\n".join(problems)


def test_landmarks_appear_once_each(http_survey, site_pages):
    problems = []
    for site_page in site_pages:
        landmarks = http_survey[site_page.rel].facts["landmarks"]
        # The site's menu, and the breadcrumb on every page but the home page.
        expected = dict(banner=1, navigation=1 if site_page.kind == "home" else 2, main=1,
                        contentinfo=1)
        if site_page.kind in ROOT_KINDS:
            expected = dict(banner=0, navigation=0, main=1, contentinfo=0)
        if landmarks != expected:
            problems.append(f"{site_page}: landmarks {landmarks}, expected {expected}")
    assert not problems, "\n".join(problems)


def test_every_image_has_a_meaningful_text_alternative(http_survey):
    problems, images = [], 0
    for rel, facts in facts_by_page(http_survey):
        for image in facts["images"]:
            images += 1
            alt, where = image["alt"], f"{rel}: <img src={image['src']}>"
            if alt is None:
                problems.append(f"{where} has no alt")
            elif image["decorative"]:
                if alt != "":
                    problems.append(f"{where} is decorative but has alt {alt!r}")
            elif not alt.strip():
                problems.append(f"{where} has an empty alt but is not decorative")
            elif FILE_NAME.search(alt):
                problems.append(f"{where} has a file name for alt: {alt!r}")
            elif image["title"] and alt.strip().casefold() == image["title"].strip().casefold():
                problems.append(f"{where} repeats its visible title as alt: {alt!r}")
    assert images, "no images on the site"
    assert not problems, "\n".join(problems)

