"""Nothing on a page moves while its photographs load: on a slow phone connection the words
a visitor is reading stay where they are when the first photo lands (Cumulative Layout
Shift, part of Lighthouse's performance score)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

KINDS = ("entry", "home", "cities", "city", "participants", "participant", "photo",
         "slideshow", "themes", "theme")

# Runs before any page script: every layout shift the page makes, as Lighthouse counts them
# (a shift right after the visitor's own input is not counted).
COUNT_SHIFTS_JS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) { window.__layoutShift += entry.value; }
  }
}).observe({type: 'layout-shift', buffered: true});
"""

STYLESHEETS_LOADED_JS = """() => Promise.all([...document.querySelectorAll('link[rel=stylesheet]')]
  .map((link) => link.sheet ? null : new Promise((done) => link.addEventListener('load', done))))"""

FIRST_PHOTO_BOX_JS = """() => {
  const image = document.querySelector('main img');
  if (!image) { return null; }
  const box = image.getBoundingClientRect();
  return {x: box.x, y: box.y, width: box.width, height: box.height};
}"""

# Layout shifts are reported once the frame that made them is drawn.
SHIFT_AFTER_TWO_FRAMES_JS = """() => new Promise((done) => requestAnimationFrame(
  () => requestAnimationFrame(() => setTimeout(() => done(window.__layoutShift)))))"""


def one_page_of_each_kind(site_pages):
    chosen = {}
    for site_page in site_pages:
        if site_page.kind in KINDS:
            chosen.setdefault((site_page.kind, site_page.lang), site_page)
    return chosen


def load_with_photos_held_back(page, url):
    """The first photo's box once the page and its stylesheet are there but no photo is,
    then once every photo the page loads at once has come; and the page's layout shift."""
    held, released = [], []

    def hold(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/media/**", hold)
    page.goto(url, wait_until="domcontentloaded")
    page.evaluate(STYLESHEETS_LOADED_JS)
    before = page.evaluate(FIRST_PHOTO_BOX_JS)
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_load_state("load")
    after = page.evaluate(FIRST_PHOTO_BOX_JS)
    return before, after, page.evaluate(SHIFT_AFTER_TWO_FRAMES_JS)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_first_photo_has_its_box_before_it_arrives(width, new_context, site_server,
                                                       site_pages):
    chosen = one_page_of_each_kind(site_pages)
    assert {kind for kind, _ in chosen} >= set(KINDS) - {"theme", "themes"}
    assert {lang for _, lang in chosen} >= {"en", "fr"}
    context = new_context(viewport={"width": width, "height": 800})
    context.add_init_script(COUNT_SHIFTS_JS)
    problems = []
    for site_page in chosen.values():
        page = context.new_page()
        before, after, shift = load_with_photos_held_back(page, site_server.url(site_page.rel))
        page.close()
        if after is None:
            problems.append(f"{site_page}: no photo in <main>")
        elif before != after:
            problems.append(f"{site_page}: the first photo is {before} before its file comes, "
                            f"{after} after")
        if shift >= 0.01:
            problems.append(f"{site_page}: layout shift {shift:.3f} while the photos load")
    assert not problems, f"at {width} px:\n" + "\n".join(problems)
