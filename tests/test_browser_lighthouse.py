"""Lighthouse on the bilingual entry page at the host's root, the English home page and a photo
page, served as a real host serves them.

Accessibility, best practices and SEO must score 100 (they do not depend on the
machine). The performance score does, so it is a benchmark figure, never a test:
`python benchmarks/lighthouse.py` prints it (see the README's Performance section).
"""

from __future__ import annotations

import gzip
from urllib.request import Request, urlopen

import pytest

from browser_lighthouse import calibrated_cpu_slowdown, chosen_pages, page_url, run_lighthouse
from browser_support import MissingTool, artifact

pytestmark = pytest.mark.browser

CATEGORIES = ("accessibility", "best-practices", "seo")


def test_the_host_server_compresses_text_and_sends_netlify_headers(host_server, browser_site):
    request = Request(host_server.url("en/"), headers={"Accept-Encoding": "gzip"})
    with urlopen(request, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Content-Security-Policy"]
        body = gzip.decompress(response.read())
    assert body == (browser_site / "en" / "index.html").read_bytes()
    css = next((browser_site / "static").glob("style.*.css")).name
    with urlopen(host_server.url(f"static/{css}"), timeout=10) as response:
        assert "Content-Encoding" not in response.headers  # not asked for: not compressed
        assert "immutable" in response.headers["Cache-Control"]


@pytest.mark.parametrize("which", ["entry", "home", "photo"])
def test_lighthouse_scores_accessibility_best_practices_and_seo_100(which, host_server,
                                                                     site_pages):
    home, photo = chosen_pages(site_pages)
    entry = next(p for p in site_pages if p.kind == "entry")  # served at "/"
    site_page = {"entry": entry, "home": home, "photo": photo}[which]
    try:
        report = run_lighthouse(host_server.url(page_url(site_page)),
                                artifact("lighthouse", f"{which}.json"), categories=CATEGORIES)
    except MissingTool as error:
        pytest.fail(str(error), pytrace=False)
    print(f"\n{site_page}: Lighthouse {report.version}: {report.line()}")
    assert report.scores == dict.fromkeys(CATEGORIES, 100), (
        f"{site_page}: {report.scores}\n" + "\n".join(
            f"{audit}: {found}" for audit, found in report.failing.items()))


@pytest.mark.parametrize("index, multiplier", [(150, 1.0), (800, 2.0), (1050, 2.5), (1300, 3.0),
                                                (1533, 4.0), (1766, 5.0), (2000, 6.0)])
def test_the_calibrated_cpu_slowdown_is_lighthouse_calculators(index, multiplier):
    """The anchor points of Lighthouse's CPU throttling calculator (benchmarks/README.md)."""
    assert calibrated_cpu_slowdown(index)[0] == multiplier


def test_a_host_slower_than_the_calculator_knows_is_refused():
    with pytest.raises(ValueError, match="too slow"):
        calibrated_cpu_slowdown(149)
