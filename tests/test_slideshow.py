"""The kiosk slideshow: one photo at a time, dark and full screen in a gallery, by keyboard,
pointer and screen reader; a readable list without JavaScript."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FOCUS_JS = """() => {
  const node = document.activeElement;
  if (!node || node === document.body) { return "body"; }
  return node.closest('.slide') ? 'slide ' + node.closest('.slide').id : node.className;
}"""
KIOSK_JS = """() => {
  const slide = document.querySelector('.slide:not([hidden])');
  const box = (n) => n && n.getBoundingClientRect().toJSON();
  const root = document.querySelector('.slideshow');
  return {
    root: box(root), background: getComputedStyle(root).backgroundColor,
    img: box(slide.querySelector('img')), title: box(slide.querySelector('.slide-title')),
    credit: box(slide.querySelector('.slide-credit')),
    caption: box(slide.querySelector('.prose')),
    viewport: [innerWidth, innerHeight],
  };
}"""


@pytest.fixture
def slideshow(built_site, new_context):
    page = new_context(reduced_motion="reduce").new_page()
    page.clock.install()
    page.goto((built_site / "en/slideshow/index.html").as_uri())
    return page


def visible_slides(page) -> list[str]:
    return page.eval_on_selector_all(
        ".slide", "slides => slides.filter(s => !s.hidden).map(s => s.id)")


def test_without_javascript_every_photo_is_listed(built_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto((built_site / "fr/diaporama/index.html").as_uri())
    assert page.locator(".slide").count() == 3
    assert all(slide.is_visible() for slide in page.locator(".slide").all())
    assert not page.locator(".slideshow-controls").is_visible()


def test_one_photo_at_a_time_even_before_play(slideshow):
    assert visible_slides(slideshow) == ["slide-1"]
    assert slideshow.locator(".slideshow-controls").is_visible()


def test_play_pause_step_and_stop_by_keyboard(slideshow):
    page = slideshow
    play = page.locator(".slideshow-play")
    play.focus()
    page.keyboard.press("Enter")
    # One way to say the state: the label. Not also aria-pressed ("Pause, pressed").
    assert play.inner_text() == "Pause" and play.get_attribute("aria-pressed") is None
    assert page.locator(".slideshow.slideshow-kiosk").count() == 1
    # What the dark screen covers is out of the tab order.
    assert page.locator(".site-header").evaluate("n => n.inert")
    for _ in range(5):  # Previous, Next, Full screen, Stop, the photo's title
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.slideshow') !== null")
    play.focus()
    page.keyboard.press("Space")  # the focused button toggles: paused
    assert play.inner_text() == "Play"
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == ["slide-2"]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert visible_slides(page) == ["slide-3"]  # wraps around
    page.keyboard.press("Escape")
    assert page.locator(".slideshow.slideshow-kiosk").count() == 0
    assert play.inner_text() == "Play" and page.evaluate(FOCUS_JS) != "body"


def test_space_plays_wherever_focus_is(slideshow):
    page = slideshow
    page.locator("h1").click()  # nothing focusable: focus on <body>
    page.keyboard.press("Space")
    assert page.locator(".slideshow-play").inner_text() == "Pause"
    page.clock.run_for(8500)
    assert visible_slides(page) == ["slide-2"]


@pytest.mark.parametrize("start", ["space on the page", "space after a click on the text",
                                   "play button", "slide link"])
def test_focus_never_falls_to_the_page_while_it_plays(slideshow, start):
    """Whatever had focus when it started, every slide change and every fade of the controls
    leaves focus inside the slideshow, where the keys and a screen reader expect it."""
    page = slideshow
    if start == "space on the page":
        page.evaluate("document.activeElement.blur()")
        assert page.evaluate(FOCUS_JS) == "body"
        page.keyboard.press("Space")
    elif start == "space after a click on the text":
        page.locator("h1").click()  # focus on <main>, which the dark screen leaves behind
        page.keyboard.press("Space")
    elif start == "slide link":
        page.locator(".slide:not([hidden]) .slide-title a").focus()
        page.keyboard.press("Space")
    else:
        page.locator(".slideshow-play").click()
    assert page.locator(".slideshow-play").inner_text() == "Pause"
    seen = []
    for _ in range(7):  # twice round the three slides, the controls fading in between
        page.clock.run_for(4000)
        seen.append(page.evaluate(FOCUS_JS))
    assert "body" not in seen, seen
    assert page.evaluate("document.activeElement.closest('.slideshow') !== null")


def test_a_screen_reader_hears_the_title_and_whose_photo_it_is(slideshow):
    page = slideshow
    page.locator(".slideshow-next").click()
    status = page.locator(".slideshow-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "First snow, by Amal Haddad · Brandon"
    assert "of 3" not in status.inner_text()


def test_keys_work_and_focus_follows_while_a_slide_link_has_focus(slideshow):
    page = slideshow
    page.locator(".slide:not([hidden]) .slide-title a").focus()
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == ["slide-2"]
    assert page.evaluate(FOCUS_JS) == "slide slide-2"
    page.keyboard.press("Space")  # on a link: plays
    assert page.locator(".slideshow-play").inner_text() == "Pause"
    for _ in range(4):  # every slide change while playing keeps focus on the shown link
        page.clock.run_for(8100)
        assert page.evaluate(FOCUS_JS) == "slide " + visible_slides(page)[0]
    page.keyboard.press("Escape")
    assert page.locator(".slideshow.slideshow-kiosk").count() == 0


def test_it_advances_by_itself_only_while_playing(slideshow):
    page = slideshow
    page.locator(".slideshow-play").click()
    page.clock.run_for(8500)
    assert visible_slides(page) == ["slide-2"]
    page.locator(".slideshow-play").click()  # pause
    page.clock.run_for(30000)
    assert visible_slides(page) == ["slide-2"]


def test_controls_hide_after_a_few_seconds_and_return_on_any_input(slideshow):
    page = slideshow
    page.locator(".slideshow-play").click()
    controls = page.locator(".slideshow-controls")
    opacity = lambda: controls.evaluate("n => getComputedStyle(n).opacity")
    assert opacity() == "1"
    page.clock.run_for(4000)
    assert opacity() == "0"
    page.mouse.move(200, 200)
    assert opacity() == "1"
    page.clock.run_for(4000)
    assert opacity() == "0"
    page.keyboard.press("Shift")
    assert opacity() == "1"


def test_no_keyboard_hints_on_a_touch_screen(built_site, new_context):
    keys = ".slideshow-keys"
    page = new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                       is_mobile=True).new_page()
    page.goto((built_site / "en/slideshow/index.html").as_uri())
    assert not page.locator(keys).is_visible()
    page = new_context().new_page()
    page.goto((built_site / "en/slideshow/index.html").as_uri())
    assert page.locator(keys).is_visible()


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_kiosk_shows_photo_title_participant_and_caption_on_one_dark_screen(
        new_context, site_server, size):
    width, height = size
    page = new_context(viewport={"width": width, "height": height},
                       reduced_motion="reduce").new_page()
    page.goto(site_server.url("en/slideshow/"))
    page.locator(".slideshow-play").click()
    problems = []
    for step in range(47):
        facts = page.evaluate(KIOSK_JS)
        root = facts["root"]
        if (root["width"], root["height"]) != (width, height):
            problems.append(f"the kiosk is {root['width']}x{root['height']}")
        for part in ("img", "title", "credit", "caption"):
            box = facts[part]
            if box and (box["top"] < 0 or box["bottom"] > height or box["right"] > width):
                problems.append(f"slide {step + 1}: its {part} is off the screen: {box}")
        page.keyboard.press("ArrowRight")
    red, green, blue = (int(v) for v in facts["background"][4:-1].split(",")[:3])
    assert max(red, green, blue) < 40, f"not dark: {facts['background']}"
    assert not problems, "\n".join(problems)
