"""What a screen reader is given: the accessibility tree of each kind of page.

The trees are Playwright's ARIA snapshots (roles, names, levels, states, link targets) of
the sample exhibition, kept as golden files in tests/golden/aria/ and reviewed like code:
regenerate with `pytest tests/test_browser_speech.py --update-golden` and read the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

GOLDEN = Path(__file__).parent / "golden" / "aria"
# The participant whose pages are snapshotted: named, in a city without an article.
PARTICIPANT = "amal-haddad"
CITY_SLUG = {"en": "greater-sudbury", "fr": "grand-sudbury"}
SECTIONS = {"en": ("cities", "participants"), "fr": ("villes", "participants")}


SLIDESHOW = {"en": "en/slideshow/index.html", "fr": "fr/diaporama/index.html"}
BY = {"en": "by Amal Haddad", "fr": "par Amal Haddad"}


def snapshot_pages(lang: str) -> dict[str, str]:
    cities, participants = SECTIONS[lang]
    return {"home": f"{lang}/index.html",
            "city": f"{lang}/{cities}/{CITY_SLUG[lang]}/index.html",
            "participant": f"{lang}/{participants}/{PARTICIPANT}/index.html"}


def open_page(new_context, site_server, rel: str):
    page = new_context().new_page()
    page.goto(site_server.url(rel))
    page.wait_for_load_state("load")
    return page


def first_photo_rel(page, site_server) -> str:
    link = page.locator("a[data-viewer-photo]").first
    return site_server.rel(link.evaluate("(a) => a.href"))


# A file's digest changes with the image pipeline's settings; no one hears it.
FILE_DIGEST = re.compile(r"\.[0-9a-f]{10}\.(webp|jpg)\b")


def compare_with_golden(name: str, tree: str, request) -> None:
    golden = GOLDEN / f"{name}.yaml"
    tree = FILE_DIGEST.sub(r".<digest>.\1", tree)
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(tree, encoding="utf-8")
    assert golden.is_file(), f"no golden tree for {name}: run with --update-golden and review"
    assert tree == golden.read_text(encoding="utf-8"), \
        f"the accessibility tree of {name} changed: review it, then --update-golden"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_accessibility_tree_of_each_kind_of_page(lang, new_context, site_server, request):
    trees = {}
    for kind, rel in snapshot_pages(lang).items():
        page = open_page(new_context, site_server, rel)
        trees[kind] = page.locator("body").aria_snapshot()
        if kind == "participant":
            photo = first_photo_rel(page, site_server)
            page.locator("a[data-viewer-photo]").first.click()
            trees["viewer"] = page.locator("dialog[open]").aria_snapshot()
            page.goto(site_server.url(photo))
            trees["photo"] = page.locator("body").aria_snapshot()
        page.close()
    page = open_page(new_context, site_server, SLIDESHOW[lang])
    page.locator(".slideshow-play").click()  # playing: the dark screen, the rest inert
    trees["slideshow"] = page.locator("body").aria_snapshot()
    page.close()
    for kind, tree in trees.items():
        compare_with_golden(f"{kind}.{lang}", tree + "\n", request)
    # What the trees must say, whatever else changes.
    assert "·e" not in "".join(trees.values())
    assert re.search(r'- navigation "(Breadcrumb|Fil d’Ariane)"', trees["photo"])
    assert "›" not in trees["photo"]
    assert "Photo 1 of 47" not in trees["slideshow"] and "Photo 1 sur 47" not in trees["slideshow"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_viewer_and_the_slideshow_announce_what_and_whose(lang, new_context, site_server):
    """At each step a screen reader hears what a sighted visitor sees change: the photo's title
    and whose it is (the viewer adds the position), from a live region."""
    cities, participants = SECTIONS[lang]
    page = open_page(new_context, site_server, f"{lang}/{participants}/{PARTICIPANT}/index.html")
    titles = page.locator("a[data-viewer-photo] .card-title").all_inner_texts()
    page.locator("a[data-viewer-photo]").first.click()
    status = page.locator("dialog[open] [role=status]")
    for second in range(2):  # after opening, then after a step by the arrow key
        heard = status.text_content()
        assert heard.startswith(f"{titles[second]}, {BY[lang]}"), heard
        assert re.search(r"\b\d+ (of|sur) 4$", heard), heard
        page.keyboard.press("ArrowRight")
    page.close()
    page = open_page(new_context, site_server, SLIDESHOW[lang])
    status = page.locator(".slideshow-status")
    assert status.get_attribute("aria-live") == "polite"
    for _ in range(2):
        page.locator(".slideshow-next").click()
        shown = page.locator(".slide:not([hidden])")
        title = shown.locator(".slide-title").inner_text()
        credit = shown.locator(".slide-credit").inner_text()
        assert status.text_content() == f"{title}, {credit}"
        assert credit.startswith(("by ", "par ")) and title
    page.close()


CARD_GRIDS = ("home", "participants", "participant", "cities", "city", "themes", "theme")
LINK_NAME = re.compile(r"""^\s*- '?link "((?:[^"\\]|\\.)*)"(?::|'|$)""", re.M)
SHORT = 80  # characters: a title and whose it is, never the photo's description


def test_card_links_have_short_unique_names(new_context, site_server, site_pages):
    """A links list of any card grid reads as titles and names: short, and one name for one
    place (a name heard twice must lead to the same page)."""
    chosen = {}
    for site_page in site_pages:
        if site_page.kind in CARD_GRIDS:
            chosen.setdefault((site_page.kind, site_page.lang), site_page)
    assert len(chosen) == 2 * len(CARD_GRIDS)
    problems = []
    for site_page in chosen.values():
        page = open_page(new_context, site_server, site_page.rel)
        targets: dict[str, set[str]] = {}
        for grid in page.locator("ul.cards").all():
            links = grid.locator("a.card-link")
            names = LINK_NAME.findall(grid.aria_snapshot())
            hrefs = links.evaluate_all("links => links.map((a) => a.getAttribute('href'))")
            assert len(names) == len(hrefs) > 0, (site_page, names)
            for name, href in zip(names, hrefs):
                targets.setdefault(name, set()).add(href)
                if len(name) > SHORT:
                    problems.append(f"{site_page}: a card link named by {len(name)} characters: "
                                    f"{name[:60]}…")
        problems += [f"{site_page}: {name!r} leads to {sorted(hrefs)}"
                     for name, hrefs in targets.items() if len(hrefs) > 1]
        page.close()
    assert not problems, "\n".join(problems)
