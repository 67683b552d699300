"""Covers and chapters: the curator's lead photographs, checked once the participants are read."""

from __future__ import annotations

import pytest

from photovoice.build import BuildOptions, build
from photovoice.diagnostics import ContentError
from helpers import edit, load_exhibition


BASE_URL = "base_url: https://example.org/test-exhibit/"


def diagnostics_of(content_dir) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_exhibition(content_dir)
    return [str(d) for d in caught.value.diagnostics]


def test_covers_and_chapter_texts_load(content_dir):
    edit(content_dir / "exhibition.yaml", BASE_URL,
         BASE_URL + "\ncover: p02/harbour\nnote: {en: A sample., fr: Un exemple.}")
    edit(content_dir / "exhibition.yaml", "    province: NB\n",
         "    province: NB\n    cover: p02/harbour\n    intro: {en: By the sea., fr: Au bord de la mer.}\n")
    edit(content_dir / "exhibition.yaml", "    description: {en: The first snow., fr: La première neige.}",
         "    description: {en: The first snow., fr: La première neige.}\n    cover: amal-haddad/first-snow")
    exhibition = load_exhibition(content_dir).exhibition
    assert exhibition.cover == "p02/harbour"
    assert exhibition.note.resolve("fr").text == "Un exemple."
    assert exhibition.cities["moncton"].cover == "p02/harbour"
    assert exhibition.cities["moncton"].intro.resolve("en").text == "By the sea."
    assert exhibition.themes["winter"].cover == "amal-haddad/first-snow"


@pytest.mark.parametrize("cover, message", [
    ("harbour", "content/exhibition.yaml:21: cover: 'harbour' is not a photo reference: write "
                "the participant's folder and the photo's slug, as in 'amal-haddad/market'"),
    ("amal-hadad/market", "content/exhibition.yaml:21: cover: no participant folder "
                          "'amal-hadad' (did you mean 'amal-haddad'?)"),
    ("p02/harbor", "content/exhibition.yaml:21: cover: p02 has no photo 'harbor' "
                   "(did you mean 'harbour'?)"),
])
def test_a_wrong_cover_is_an_error_on_its_line(content_dir, cover, message):
    edit(content_dir / "exhibition.yaml", BASE_URL, f"{BASE_URL}\ncover: {cover}")
    assert message in diagnostics_of(content_dir)


def test_a_city_cover_comes_from_the_city_and_a_theme_cover_carries_the_theme(content_dir):
    edit(content_dir / "exhibition.yaml", "    province: NB\n",
         "    province: NB\n    cover: amal-haddad/market\n")
    edit(content_dir / "exhibition.yaml", "    description: {en: The first snow., fr: La première neige.}",
         "    description: {en: The first snow., fr: La première neige.}\n    cover: amal-haddad/market")
    found = diagnostics_of(content_dir)
    assert any("cities.moncton.cover: 'amal-haddad/market' is a photo from another city "
               "(brandon)" in d for d in found), found
    assert any("themes.winter.cover: 'amal-haddad/market' is not in this theme: add 'winter'"
               in d for d in found), found


@pytest.mark.parametrize("withdrawn", ["amal-haddad/withdrawn-photo",
                                       "withdrawn-person/canary-slug-x7k"])
def test_an_unpublished_cover_is_never_shown(content_dir, tmp_path, withdrawn):
    """A withdrawn photo named as cover warns (a withdrawal never fails the build), and the
    site shows a published photo instead."""
    edit(content_dir / "exhibition.yaml", BASE_URL, f"{BASE_URL}\ncover: {withdrawn}")
    result = load_exhibition(content_dir)
    assert [str(w) for w in result.warnings if "cover" in str(w)] == [
        f"content/exhibition.yaml:21: cover: warning: '{withdrawn}' is not "
        "published (consent or publish: false), so it is not shown: the first published photo "
        "is the cover instead"]
    build(content_dir, tmp_path / "site", BuildOptions(jobs=1))
    for page in ("index.html", "en/index.html", "fr/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert withdrawn.split("/")[1] not in html
        assert "media/amal-haddad/market-" in html or "media/p02/harbour-" in html
