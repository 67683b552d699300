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


def compare_with_golden(name: str, tree: str, request) -> None:
    golden = GOLDEN / f"{name}.yaml"
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
    for kind, tree in trees.items():
        compare_with_golden(f"{kind}.{lang}", tree + "\n", request)
    # What the trees must say, whatever else changes.
    assert "·e" not in "".join(trees.values())
    assert re.search(r'- navigation "(Breadcrumb|Fil d’Ariane)"', trees["photo"])
    assert "›" not in trees["photo"]
