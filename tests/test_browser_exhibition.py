"""An exhibition, not a document: what a visitor sees on the first screen, measured.

Bounding boxes at a laptop's 1280x800 and a phone's 390x844, in both languages.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

SCREENS = {"laptop": (1280, 800), "phone": (390, 844)}
# A photograph counts when it is loaded, whole on the screen, and not a thumbnail.
WHOLE_PHOTOS_JS = """() => [...document.images]
  .filter((img) => img.complete && img.naturalWidth > 0)
  .map((img) => ({box: img.getBoundingClientRect().toJSON(), src: img.currentSrc}))
  .filter(({box}) => Math.max(box.width, box.height) >= 240 && box.top >= 0
          && box.left >= 0 && box.bottom <= innerHeight + 0.5 && box.right <= innerWidth + 0.5)"""
STAGE_JS = """() => {
  const img = document.querySelector('.photo-zoom img');
  const caption = document.querySelector('.photo figcaption');
  const line = caption && caption.querySelector('p');
  const range = document.createRange();
  if (line) { range.setStart(line.firstChild, 0); range.setEnd(line.firstChild, 1); }
  return {
    img: img.getBoundingClientRect().toJSON(),
    natural: [img.naturalWidth, img.naturalHeight],
    loaded: img.complete && img.naturalWidth > 0,
    largest: document.querySelector('.photo-zoom').getAttribute('href'),
    h1: document.querySelector('h1').getBoundingClientRect().toJSON(),
    caption: caption ? caption.getBoundingClientRect().toJSON() : null,
    firstLine: line ? range.getBoundingClientRect().toJSON() : null,
    viewport: [innerWidth, innerHeight],
  };
}"""


def in_french(page, site_server, english_path, screen="laptop"):
    """The French page of an English one, through the language switch (French slugs differ)."""
    look(page, site_server.url(english_path), screen)
    look(page, page.evaluate("document.querySelector('.language-switch a').href"), screen)


def pages_of(site_pages, *kinds):
    return [p for p in site_pages if p.kind in kinds]


def label(link):
    """A pager link's visible label, without the separator said only to a screen reader."""
    return link.locator(".pager-label").evaluate("e => e.firstChild.textContent")


def look(page, url, screen):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url, wait_until="load")
    page.wait_for_function("() => [...document.images].filter((i) => !i.loading || "
                           "i.loading !== 'lazy').every((i) => i.complete)")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_whole_photograph_is_on_the_first_screen(new_context, site_server, site_pages, screen):
    """Entry, home, and every city, theme and participant page, in both languages."""
    page = new_context().new_page()
    chosen = pages_of(site_pages, "entry", "home", "city", "theme", "participant")
    assert {p.lang for p in chosen} >= {"en", "fr"} and len(chosen) > 20
    problems = []
    for site_page in chosen:
        look(page, site_server.url(site_page.rel), screen)
        if not page.evaluate(WHOLE_PHOTOS_JS):
            problems.append(f"{site_page}: no whole photograph on the first screen")
    assert not problems, "\n".join(problems)


def test_home_and_entry_open_with_the_curators_cover_and_a_way_in(new_context, site_server,
                                                                  browser_site):
    page = new_context().new_page()
    expected = {"en": "Enter the exhibition", "fr": "Visiter l’exposition"}
    for lang, action in expected.items():
        look(page, site_server.url(f"{lang}/index.html"), "phone")
        hero = page.locator(".hero-photo img")
        # exhibition.yaml's cover: amal-haddad/first-snow-on-our-street
        assert "first-snow-on-our-street" in hero.get_attribute("src")
        link = page.get_by_role("link", name=action, exact=True)
        assert link.is_visible() and link.bounding_box()["y"] + 40 < 844
        link.click()
        assert re.search(r"/participants/[^/]+/[^/]+/(index\.html)?$", page.url), page.url
        look(page, site_server.url(f"{lang}/index.html"), "laptop")
        note = page.locator(".hero .note")
        assert note.is_visible() and float(note.evaluate(
            "n => parseFloat(getComputedStyle(n).fontSize)")) < 16
        assert page.locator(".hero").get_by_role("link", name=re.compile(
            "slideshow|diaporama", re.I)).is_visible()
    look(page, site_server.url("index.html"), "laptop")
    actions = page.locator(".entry-choice")
    assert actions.all_inner_texts() == list(expected.values())
    tops = [box["y"] for box in (a.bounding_box() for a in actions.all())]
    assert abs(tops[0] - tops[1]) < 1, f"the two ways in are not aligned: {tops}"
    assert "first-snow-on-our-street" in page.locator(".entry-photo img").get_attribute("src")


def largest_side(href: str) -> int:
    return int(re.search(r"-(\d+)\.[0-9a-f]+\.(?:jpg|webp)$", href).group(1))


def test_the_photo_page_features_the_photo(new_context, site_server, site_pages):
    """Whole on the screen's height, never enlarged, caption beside (wide) or under (narrow)."""
    page = new_context().new_page()
    problems = []
    photos = pages_of(site_pages, "photo")
    for site_page in photos:
        for screen in SCREENS:
            look(page, site_server.url(site_page.rel), screen)
            stage = page.evaluate(STAGE_JS)
            img, (width, height) = stage["img"], stage["viewport"]
            where = f"{site_page} at {width}x{height}"
            if img["height"] > height + 0.5:
                problems.append(f"{where}: the photo is {img['height']:.0f} px tall")
            if max(img["width"], img["height"]) > largest_side(stage["largest"]) + 0.5:
                problems.append(f"{where}: enlarged past its largest file")
            natural = stage["natural"][0] / stage["natural"][1]
            if abs(img["width"] / img["height"] - natural) > 0.02:
                problems.append(f"{where}: shown out of proportion or cropped")
            if abs(img["left"] - stage["h1"]["left"]) > 1:
                problems.append(f"{where}: photo and title do not share one left edge")
            caption = stage["caption"]
            if caption is None:
                continue
            if screen == "laptop":
                if caption["left"] < img["right"] or caption["top"] > img["top"] + 1:
                    problems.append(f"{where}: the caption is not beside the photo")
                if img["width"] > img["height"] and stage["firstLine"]["bottom"] > height:
                    problems.append(f"{where}: the caption's first line is below the screen")
            elif caption["top"] < img["bottom"] or abs(caption["left"] - img["left"]) > 1:
                problems.append(f"{where}: the caption is not right under the photo")
    assert len(photos) > 40
    assert not problems, "\n".join(problems)


def test_the_photo_opens_larger_without_javascript(new_context, site_server, site_pages):
    page = new_context(java_script_enabled=False).new_page()
    photo = next(p for p in pages_of(site_pages, "photo") if p.lang == "fr")
    look(page, site_server.url(photo.rel), "laptop")
    shown = page.locator(".photo-zoom img").bounding_box()["width"]
    page.locator(".photo-zoom").click()
    assert page.url.endswith((".webp", ".jpg"))  # the largest file: a WebP beside a smaller JPEG
    assert page.evaluate("document.images[0].naturalWidth") > shown


def test_previous_and_next_say_whose_photo_comes_next(new_context, site_server):
    page = new_context().new_page()
    # Amal Haddad's last photo (4 of 47): the next one is another participant's.
    look(page, site_server.url("en/participants/amal-haddad/walking-by-the-assiniboine/"),
         "phone")
    following = page.locator(".pager-next a")
    assert label(following) == "Next participant"
    assert following.locator(".pager-credit").inner_text() != "by Amal Haddad"
    assert following.locator("img").count() == 1
    previous = page.locator(".pager-previous a")
    assert label(previous) == "Previous photo"
    assert previous.locator(".pager-credit").inner_text() == "by Amal Haddad"
    # On the very first photo, Next keeps its side: the right.
    in_french(page, site_server, "en/participants/amal-haddad/the-bread-shelf/")
    assert page.locator(".pager-previous").count() == 0
    box = page.locator(".pager-next a").bounding_box()
    assert box["x"] + box["width"] > 1280 / 2 + 200
    assert label(page.locator(".pager-next a")) == "Photo suivante"


def test_cities_and_themes_are_chapters_with_cover_cards(new_context, site_server):
    page = new_context().new_page()
    for path, cards, lang in (("en/cities/", 9, "en"), ("en/themes/", 8, "fr")):
        if lang == "fr":
            in_french(page, site_server, path)
        else:
            look(page, site_server.url(path), "laptop")
        assert page.locator(".chapter-card img").count() == cards
        names = page.locator(".chapter-card .card-link").all_inner_texts()
        assert all(len(name) < 60 for name in names), names
    look(page, site_server.url("en/cities/greater-sudbury/"), "laptop")
    assert "rock-and-pines" in page.locator(".chapter-lead img").get_attribute("src")
    assert "Canadian Shield" in page.locator(".chapter-text").inner_text()
    # The city shows its participants' photos, under each participant's name.
    assert page.locator(".city-participant .card img").count() >= 3
    look(page, site_server.url("en/themes/home/"), "laptop")
    assert "the-chocolate-river" in page.locator(".chapter-lead img").get_attribute("src")


def test_a_theme_called_home_reads_unambiguously(new_context, site_server):
    """The sample has a theme named Home: its breadcrumb starts with the exhibition's title."""
    page = new_context().new_page()
    look(page, site_server.url("en/themes/home/"), "laptop")
    crumbs = page.locator(".breadcrumbs li").all_inner_texts()
    assert [c.strip(" ›") for c in crumbs] == ["Place Matters", "Themes", "Home"]
    look(page, site_server.url("en/participants/sudbury-participant/bread-for-the-birds/"),
         "laptop")
    tags = page.locator(".tags a")
    assert tags.all_inner_texts() == ["Winter", "Home"]
    boxes = [t.bounding_box() for t in tags.all()]
    gap = boxes[1]["x"] - (boxes[0]["x"] + boxes[0]["width"])
    border = tags.first.evaluate("a => getComputedStyle(a).borderTopWidth")
    assert gap >= 4 and border != "0px", "two theme names read as one phrase"
