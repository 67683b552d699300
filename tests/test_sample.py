"""The sample exhibition in content/, built end to end: what the README promises."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageOps, ImageStat

from helpers import load_exhibition
from photovoice.model import Credit
from photovoice.views import localized_slugs

from sitecheck import html_files, parse

SAMPLE = Path(__file__).parent.parent / "content"


@pytest.fixture(scope="module")
def sample():
    result = load_exhibition(SAMPLE)
    assert result.warnings == (), [str(w) for w in result.warnings]
    return result.exhibition


def test_sample_is_the_exhibition_the_issue_describes(sample):
    published = sample.published_participants
    assert len(published) == 13
    assert len({p.city for p in published}) == 9
    provinces = {sample.cities[p.city].province for p in published}
    assert {"BC", "ON"} <= provinces and provinces & {"NB", "NS", "PE", "NL"}
    assert provinces & {"MB", "SK", "AB"}
    assert all(3 <= len(p.photos) <= 5 for p in published)
    credits = [p.consent.credit for p in published]
    assert credits.count(Credit.ANONYMOUS) == 1 and credits.count(Credit.INITIALS) == 1
    photos = [photo for p in published for photo in p.photos]
    originals = {photo.original.lang for photo in photos if photo.original}
    assert "ar" in originals and len(originals) >= 3
    assert sum(bool(photo.redact) for photo in photos) >= 1
    assert sum(len(p.withdrawn_files) for p in published) >= 1
    suffixes = {photo.file.suffix.lower() for photo in photos}
    assert {".png", ".heic"} <= suffixes
    assert any((photo.width, photo.height) in ((4032, 3024), (3024, 4032)) for photo in photos)


def test_sample_stays_small():
    size = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    assert size < 25 * 1024 * 1024


def photo_addresses(participant, lang: str) -> dict[str, str]:
    """A participant's photos' last address segment in `lang` (French ones from titles)."""
    return localized_slugs({photo.slug: (photo.slugs, photo.title)
                            for photo in participant.photos}, lang, "en")


def test_sample_builds_every_page_in_both_languages(built_sample, sample):
    for participant in sample.published_participants:
        for lang in ("en", "fr"):
            folder = built_sample / lang / "participants" / participant.slug
            assert (folder / "index.html").is_file()
            addresses = photo_addresses(participant, lang)
            for photo in participant.photos:
                assert (folder / addresses[photo.slug] / "index.html").is_file()
    pages = html_files(built_sample)
    english = [p for p in pages if p.relative_to(built_sample).parts[0] == "en"]
    french = [p for p in pages if p.relative_to(built_sample).parts[0] == "fr"]
    assert len(english) == len(french) > 60


def test_sample_says_it_is_fictional_in_both_languages(built_sample):
    assert "fictional" in (built_sample / "en/index.html").read_text().lower()
    assert "fictif" in (built_sample / "fr/index.html").read_text().lower()


def test_hidden_names_appear_nowhere(built_sample, sample):
    hidden = [p for p in sample.published_participants if p.consent.credit is not Credit.NAME]
    for participant in hidden:
        words = [w for w in participant.name.split() if len(w) > 2]
        for path in built_sample.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert participant.name.encode() not in data, path
                if participant.consent.credit is Credit.ANONYMOUS:
                    for word in words:
                        assert f" {word} ".encode() not in data, (path, word)


def test_arabic_original_is_right_to_left(built_sample, sample):
    photo_pages = [(p, photo) for p in sample.published_participants
                   for photo in p.photos if photo.original and photo.original.lang == "ar"]
    participant, photo = photo_pages[0]
    address = photo_addresses(participant, "fr")[photo.slug]
    page = parse((built_sample / f"fr/participants/{participant.slug}/{address}/index.html")
                 .read_text())
    assert page.find("blockquote", lang="ar")[0].attrs["dir"] == "rtl"


def test_redacted_region_is_flat_in_every_size(built_sample, sample):
    for participant in sample.published_participants:
        for photo in participant.photos:
            for region in photo.redact:
                files = sorted((built_sample / "media" / participant.slug).glob(
                    f"{photo.slug}-*.jpg"))
                assert files
                with Image.open(photo.file) as source:
                    source = ImageOps.exif_transpose(source).convert("L")
                    before = ImageStat.Stat(source.crop(region.box(*source.size))).stddev[0]
                assert before > 15  # there was detail to hide
                for path in files:
                    with Image.open(path) as image:
                        box = region.box(*image.size)
                        inner = (box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2)
                        spread = ImageStat.Stat(image.convert("L").crop(inner)).stddev[0]
                        assert spread < 2.5, (path, spread)  # a flat patch, JPEG noise only
