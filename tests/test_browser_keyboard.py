"""A keyboard user on a participant page: skip link, every photo card, the viewer dialog."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browser_checks import focused
from browser_support import artifact, contrast, over

pytestmark = pytest.mark.browser

POSITION = {"en": "Photo {position} of {total}", "fr": "Photo {position} sur {total}"}
MAX_TABS = 300
VIEWER_PHOTO_SHOWN_JS = """() => {
  const img = document.querySelector('dialog[open] img');
  return img && img.complete && img.naturalWidth > 0;
}"""


def participant_with_most_photos(site, site_pages, lang):
    pages = [p for p in site_pages if p.kind == "participant" and p.lang == lang]
    assert pages, f"no participant page in {lang}"
    return max(pages, key=lambda p: (site / p.rel).read_text(encoding="utf-8")
               .count("data-viewer-photo"))


def assert_visible_focus(state, where):
    assert state is not None, f"{where}: focus fell to the document body"
    assert state["visible"], \
        f"{where}: no visible focus on {state['name']} (outline {state['outline']})"
    assert state["onScreen"], f"{where}: {state['name']} has focus but is off screen"
    assert not state["hiddenBy"], \
        f"{where}: {state['name']} has focus but is hidden by {state['hiddenBy']}"
    assert not state["clippedBy"], f"{where}: the focus outline of {state['name']} is cut off by " \
        f"{state['clippedBy']}"


def tab_through_page(page):
    """Tab from the top of a fresh page to its end; the focus states along the way."""
    states = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = focused(page)
        if state is None or (states and state["name"] == states[0]["name"]
                             and state["href"] == states[0]["href"]):
            return states
        states.append(state)
    raise AssertionError(f"Tab never left the page after {MAX_TABS} presses")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_keyboard_reaches_skip_link_main_and_every_photo(lang, new_context, site_server,
                                                         browser_site, site_pages):
    site_page = participant_with_most_photos(browser_site, site_pages, lang)
    page = new_context().new_page()
    page.goto(site_server.url(site_page.rel))
    cards = page.locator("a[data-viewer-photo]")
    total = cards.count()
    assert total >= 2, f"{site_page}: needs two photos to test the viewer"

    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip and "skip-link" in skip["classes"], f"{site_page}: first Tab reached {skip}"
    assert_visible_focus(skip, f"{site_page} skip link")
    page.keyboard.press("Enter")
    on_main = focused(page)
    assert on_main and on_main["id"] == "main", f"{site_page}: skip link moved focus to {on_main}"
    assert_visible_focus(on_main, f"{site_page} main after the skip link")

    # From the top of the page again: every focus stop is visible, every card is reachable.
    page.goto(site_server.url(site_page.rel))
    states = tab_through_page(page)
    for state in states:
        assert_visible_focus(state, str(site_page))
    reached_cards = [s["href"] for s in states if s["viewerCard"]]
    card_hrefs = cards.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert reached_cards == card_hrefs, f"{site_page}: Tab reached cards {reached_cards}"

    for index in range(total):
        open_and_close_viewer(page, cards.nth(index), index, total, lang, site_page)
    step_through_viewer(page, cards, total, lang, site_page)


def dialog_position(page):
    return page.locator("dialog[open] .viewer-position").inner_text()


def open_and_close_viewer(page, card, index, total, lang, site_page):
    card.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog[open]")
    assert dialog.count() == 1, f"{site_page}: Enter on card {index + 1} opened no dialog"
    state = focused(page)
    assert state and state["inDialog"], f"{site_page}: focus stayed outside the viewer: {state}"
    assert_visible_focus(state, f"{site_page} viewer opened from card {index + 1}")
    assert dialog_position(page) == POSITION[lang].format(position=index + 1, total=total)
    try:
        page.wait_for_function(VIEWER_PHOTO_SHOWN_JS, timeout=10_000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"{site_page}: photo {index + 1} did not load in the viewer") from None
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0, f"{site_page}: Escape left the viewer open"
    back = focused(page)
    href = card.get_attribute("href")
    assert back and back["href"] == href and back["viewerCard"], \
        f"{site_page}: after Escape focus is on {back}, not the card {href} that opened the viewer"
    assert_visible_focus(back, f"{site_page} card {index + 1} after closing the viewer")


def step_through_viewer(page, cards, total, lang, site_page):
    cards.first.focus()
    page.keyboard.press("Enter")
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        state = focused(page)
        assert state and state["inDialog"], f"{site_page}: {key} left the open viewer for {state}"
        assert_visible_focus(state, f"{site_page} viewer")
    alt_first = page.locator("dialog[open] img").get_attribute("alt")
    page.keyboard.press("ArrowRight")
    assert dialog_position(page) == POSITION[lang].format(position=2, total=total)
    assert page.locator("dialog[open] img").get_attribute("alt") != alt_first, \
        f"{site_page}: ArrowRight changed the position but not the photo"
    page.keyboard.press("ArrowLeft")
    assert dialog_position(page) == POSITION[lang].format(position=1, total=total)
    page.keyboard.press("ArrowLeft")  # already the first: stays
    assert dialog_position(page) == POSITION[lang].format(position=1, total=total)
    page.keyboard.press("Escape")
    back = focused(page)
    assert back and back["href"] == cards.first.get_attribute("href"), \
        f"{site_page}: after stepping and Escape, focus is on {back}"


def test_focus_is_visible_at_every_stop_on_every_kind_of_page(new_context, site_server, site_pages):
    chosen = {}
    for site_page in site_pages:  # one page of each template, in English
        if site_page.lang in {"", "en"}:
            chosen.setdefault(site_page.kind, site_page)
    page = new_context().new_page()
    problems = []
    for site_page in chosen.values():
        page.goto(site_server.url(site_page.rel))
        states = tab_through_page(page)
        if not states:
            problems.append(f"{site_page}: Tab reaches nothing")
        for state in states:
            try:
                assert_visible_focus(state, str(site_page))
            except AssertionError as error:
                problems.append(str(error).split("\n")[0])
    assert not problems, "\n".join(problems)


VIEWER_BUTTONS_JS = """() => {
  const look = (node) => { const s = getComputedStyle(node); return {
    disabled: node.disabled, color: s.color, background: s.backgroundColor,
    borderStyle: s.borderTopStyle, borderColor: s.borderTopColor, cursor: s.cursor}; };
  const dialog = document.querySelector('dialog[open]');
  return {dialog: getComputedStyle(dialog).backgroundColor,
          previous: look(dialog.querySelector('.viewer-previous')),
          next: look(dialog.querySelector('.viewer-next'))};
}"""


def test_a_disabled_viewer_button_looks_disabled(new_context, site_server, browser_site,
                                                 site_pages):
    """On the first photo Previous is disabled: it must not look like the Next beside it.

    WCAG 2.2 exempts disabled controls from contrast (1.4.3, 1.4.11); an enabled button
    keeps its 3:1 shape against the dialog and its 4.5:1 label. Disabled differs by more
    than colour: no fill, a dashed border, a not-allowed cursor. (The viewer is dark in
    both colour schemes.)"""
    site_page = participant_with_most_photos(browser_site, site_pages, "en")
    page = new_context().new_page()
    page.goto(site_server.url(site_page.rel))
    page.locator("a[data-viewer-photo]").first.click()
    page.wait_for_function(VIEWER_PHOTO_SHOWN_JS, timeout=10_000)
    page.mouse.move(0, 0)
    looks = page.evaluate(VIEWER_BUTTONS_JS)
    page.screenshot(path=str(artifact("screenshots", "viewer-disabled-en-1280.png")))
    dialog, previous, following = looks["dialog"], looks["previous"], looks["next"]
    assert previous["disabled"] and not following["disabled"], looks

    enabled_fill = over(following["background"], dialog)
    assert contrast(enabled_fill, over(dialog, dialog)) >= 3, looks
    assert contrast(over(following["color"], dialog), enabled_fill) >= 4.5, looks

    disabled_fill = over(previous["background"], dialog)
    assert contrast(disabled_fill, enabled_fill) >= 3, f"disabled is filled like enabled: {looks}"
    assert previous["borderStyle"] != following["borderStyle"], looks
    assert previous["cursor"] == "not-allowed" and following["cursor"] == "pointer", looks
