"""The kiosk slideshow, driven by keyboard in Chromium, opened straight from file://."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def slideshow(built_site, new_context):
    page = new_context(reduced_motion="reduce").new_page()
    page.goto((built_site / "en/slideshow/index.html").as_uri())
    return page


def visible_slides(page) -> list[str]:
    return page.eval_on_selector_all(
        ".slide", "slides => slides.filter(s => !s.hidden).map(s => s.id)")


def test_without_javascript_every_photo_is_listed(built_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto((built_site / "fr/diaporama/index.html").as_uri())
    assert page.locator(".slide").count() == 3
    assert not page.locator(".slideshow-controls").is_visible()


def test_play_pause_step_and_stop_by_keyboard(slideshow):
    page = slideshow
    assert page.locator(".slideshow-controls").is_visible()
    play = page.locator(".slideshow-play")
    play.focus()
    page.keyboard.press("Enter")
    assert play.get_attribute("aria-pressed") == "true"
    assert visible_slides(page) == ["slide-1"]
    page.keyboard.press("Space")  # the focused button toggles: paused
    assert play.get_attribute("aria-pressed") == "false"
    assert play.inner_text() == "Play"
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == ["slide-2"]
    assert page.locator(".slideshow-position").inner_text() == "Photo 2 of 3"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert visible_slides(page) == ["slide-3"]  # wraps around
    page.keyboard.press("Escape")
    assert len(visible_slides(page)) == 3
    assert play.get_attribute("aria-pressed") == "false"


def test_it_advances_by_itself_only_while_playing(built_site, new_context):
    page = new_context().new_page()
    page.clock.install()
    page.goto((built_site / "en/slideshow/index.html").as_uri())
    page.locator(".slideshow-play").click()
    page.clock.run_for(8500)
    assert visible_slides(page) == ["slide-2"]
    page.locator(".slideshow-play").click()  # pause
    page.clock.run_for(30000)
    assert visible_slides(page) == ["slide-2"]


def test_no_transitions_with_reduced_motion(slideshow):
    durations = slideshow.evaluate("""() => [...document.querySelectorAll('*')].map(e => {
        const s = getComputedStyle(e); return [s.transitionDuration, s.animationDuration]; })
        .flat().filter(d => d.split(',').some(v => parseFloat(v) > 0))""")
    assert durations == []
