"""The map as a visitor sees it: names on a wide screen, numbers and a key on a phone."""

from __future__ import annotations

import pytest

from browser_support import colour_difference, contrast, over

pytestmark = pytest.mark.browser

SAMPLE_CITIES = {"en": ["Kamloops", "Lethbridge", "Brandon", "Steinbach", "Greater Sudbury",
                        "Peterborough", "Moncton", "Charlottetown", "Truro"],
                 "fr": ["Kamloops", "Lethbridge", "Brandon", "Steinbach", "Grand Sudbury",
                        "Peterborough", "Moncton", "Charlottetown", "Truro"]}
CITIES_PAGE = {"en": "en/cities/index.html", "fr": "fr/villes/index.html"}

SHOWN = """(root) => {
  // Drawn at all: an SVG group under display: none has no box.
  const visible = (selector) => [...root.querySelectorAll(selector)]
    .filter((el) => el.getBoundingClientRect().height > 0);
  const height = (g) => g.querySelector('text').getBoundingClientRect().height;
  return {
    names: visible('.map-name').map((g) => [g.textContent.trim(), height(g)]),
    numbers: visible('.map-number').map((g) => [g.textContent.trim(), height(g)]),
    key: visible('.map-key li').map((li) => li.textContent.trim().replace(/\\s+/g, ' ')),
  };
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_names_show_on_a_wide_screen_and_numbers_with_a_key_on_a_phone(
        new_context, site_server, lang):
    cities = SAMPLE_CITIES[lang]
    for width in (1280, 320):
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        page.goto(site_server.url(CITIES_PAGE[lang]))
        shown = page.locator("figure.map").evaluate(SHOWN)
        if width == 1280:
            assert [name for name, _ in shown["names"]] == cities
            assert shown["numbers"] == [] and shown["key"] == []
            assert min(height for _, height in shown["names"]) >= 12  # px: legible
        else:
            assert shown["names"] == []
            assert [number for number, _ in shown["numbers"]] == [str(i) for i in range(1, 10)]
            assert min(height for _, height in shown["numbers"]) >= 11
            assert shown["key"] == [f"{i} {name}" for i, name in enumerate(cities, 1)]


@pytest.mark.parametrize("width", [320, 1280])
def test_a_city_page_names_its_city_on_its_map(new_context, site_server, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(site_server.url("fr/villes/grand-sudbury/index.html"))
    here = page.locator("figure.map .map-here text")
    assert here.text_content() == "Grand Sudbury"
    assert here.bounding_box()["height"] >= 12
    links = page.locator("figure.map a")
    assert links.count() >= 1  # Peterborough, near enough to show, links to its page
    links.first.focus()
    assert page.evaluate("document.activeElement.closest('figure.map') !== null")


MAP_COLOURS = """(svg) => {
  const style = (selector) => getComputedStyle(svg.querySelector(selector));
  return {water: style('.map-lakes').fill, land: style('.map-canada').fill,
          near: style('.map-foreign').fill, border: style('.map-border').stroke,
          dot: style('.map-dot').fill, label: style('.map-label').fill,
          text: style('.map-name text').fill};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_water_land_and_the_border_stand_apart_in_light_and_dark(new_context, site_server,
                                                                  scheme):
    """Water, Canada and its neighbours told apart by their fills (colour difference, since
    blue water and beige land can share a luminance); the border, the dots and the names
    against what they sit on by WCAG contrast (3:1 for shapes, 4.5:1 for text)."""
    page = new_context(color_scheme=scheme).new_page()
    page.goto(site_server.url(CITIES_PAGE["en"]))
    colours = {name: over(css, css) for name, css in
               page.locator("svg.city-map").evaluate(MAP_COLOURS).items()}
    fills = {(a, b): colour_difference(colours[a], colours[b])
             for a, b in (("water", "land"), ("water", "near"), ("land", "near"))}
    assert fills[("water", "land")] >= 12 and fills[("water", "near")] >= 10, fills
    assert fills[("land", "near")] >= 6, fills
    for line, ground in (("border", "land"), ("border", "near"), ("dot", "land"),
                         ("dot", "water")):
        assert contrast(colours[line], colours[ground]) >= 3, (line, ground, colours)
    assert contrast(colours["text"], colours["label"]) >= 4.5, colours
