"""axe-core (WCAG 2.0-2.2 A and AA rules) on every page of both languages, light and dark."""

from __future__ import annotations

import re

import pytest

from browser_checks import AxeReport, axe_context, run_axe
from browser_support import artifact

pytestmark = pytest.mark.browser

SECTIONS: dict[str, str] = {}  # this run's tables, written together to the report


def publish(title: str, report: AxeReport) -> None:
    SECTIONS[title] = report.table(title)
    artifact("axe-report.md").write_text("\n".join(SECTIONS.values()), encoding="utf-8")
    print("\n" + SECTIONS[title])


def test_axe_finds_no_wcag_violation_on_any_page(http_survey):
    report = AxeReport()
    for rel, visit in http_survey.items():  # axe ran in each page's visit, at 1280 px
        report.add(rel, visit.axe)
    publish("axe-core, every page, light mode", report)
    assert not report.messages, report.summary()


def test_axe_does_report_a_known_violation(new_context, site_server):
    """The harness is not silent: an image without alt and pale text are reported."""
    page = axe_context(new_context).new_page()
    page.goto(site_server.url("index.html"))
    page.evaluate("""() => {
      const img = document.createElement('img');
      img.width = img.height = 40;
      const pale = document.createElement('p');
      pale.textContent = 'Pale text';
      pale.style.color = '#eeeeee';
      document.querySelector('main').append(img, pale);
    }""")
    found = {rule["id"] for rule in run_axe(page)["violations"]}
    assert {"image-alt", "color-contrast"} <= found, found


def pages_for_dark_mode(site_pages):
    chosen = {}
    for site_page in site_pages:
        if site_page.kind in {"entry", "home", "participant", "photo", "about"}:
            chosen.setdefault((site_page.kind, site_page.lang), site_page)
    return list(chosen.values())


def test_dark_mode_keeps_aa_contrast(new_context, site_server, site_pages):
    context = axe_context(new_context, color_scheme="dark")
    page = context.new_page()
    report = AxeReport()
    for site_page in pages_for_dark_mode(site_pages):
        page.goto(site_server.url(site_page.rel))
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        red, green, blue = map(int, re.findall(r"\d+", background)[:3])
        assert red + green + blue < 3 * 64, f"{site_page}: not in dark mode ({background})"
        report.add(f"{site_page.rel} (dark)", run_axe(page))
        if site_page.kind == "participant":  # the viewer, open, in dark mode
            page.locator("a[data-viewer-photo]").first.click()
            page.wait_for_selector("dialog[open]")
            report.add(f"{site_page.rel} (dark, viewer open)", run_axe(page))
    publish("axe-core, dark mode (prefers-color-scheme: dark)", report)
    assert {p.split(" ")[0] for p in report.pages} >= {"en/index.html", "fr/index.html"}
    assert not report.messages, report.summary()
