"""Golden HTML for a few pages per language: review a diff here like code.

Regenerate with `pytest tests/test_golden.py --update-golden` after a deliberate change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    "index.html",
    "en/index.html",
    "fr/index.html",
    "en/participants/amal-haddad/market/index.html",
    "fr/participants/amal-haddad/le-marche/index.html",
    "fr/participants/p02/harbour/index.html",
]


def normalised(html: str) -> str:
    """Content hashes change with any CSS or pipeline tweak; the markup is what we review."""
    return re.sub(r"\.[0-9a-f]{10}\.(css|js|jpg|webp)", r".HASH.\1", html)


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(built_site, page, request):
    actual = normalised((built_site / page).read_text(encoding="utf-8"))
    golden = GOLDEN / page.replace("/", "__")
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file for {page}: run with --update-golden and review"
    assert actual == golden.read_text(encoding="utf-8")
