"""`build.widths` and `build.formats` in exhibition.yaml: fewer image files for a kiosk or a
benchmark (see benchmarks/README.md), checked like every other field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from photovoice.build import BuildOptions, build
from photovoice.diagnostics import ContentError
from photovoice.images import SourceInfo, plan_specs
from helpers import load_exhibition

MARKET = "participants/amal-haddad/IMG_20230514_093012.jpg"


def add_build_section(content_dir: Path, section: str) -> None:
    path = content_dir / "exhibition.yaml"
    path.write_text(path.read_text(encoding="utf-8") + section, encoding="utf-8")


def test_widths_and_formats_are_read_largest_first(content_dir):
    add_build_section(content_dir, "build:\n  widths: [400, 2048, 400]\n  formats: [jpeg]\n")
    settings = load_exhibition(content_dir).exhibition.build
    assert settings.widths == (2048, 400)
    assert settings.formats == ("jpeg",)


def test_defaults_when_absent(exhibition):
    assert exhibition.build.widths is None and exhibition.build.formats is None


@pytest.mark.parametrize("section, field, message", [
    ("build:\n  widths: [2048, big]\n", "build.widths[2]",
     "expected a width in pixels, a whole number from 16 to 8192, got 'big'"),
    ("build:\n  formats: [webp]\n", "build.formats",
     "must include jpeg (every browser shows it; webp is an optional, lighter extra)"),
    ("build:\n  formats: [jpeg, avif]\n", "build.formats[2]",
     "expected webp or jpeg, got 'avif'"),
])
def test_bad_values_are_reported_with_their_line(content_dir, section, field, message):
    add_build_section(content_dir, section)
    lines = (content_dir / "exhibition.yaml").read_text(encoding="utf-8").splitlines()
    line = len(lines)  # the section's last line holds the bad value
    with pytest.raises(ContentError) as caught:
        load_exhibition(content_dir)
    assert f"content/exhibition.yaml:{line}: {field}: {message}" in [str(d) for d in caught.value.errors]


def test_plan_specs_takes_widths_and_formats():
    specs = plan_specs(SourceInfo(3000, 2000, "JPEG"), (2048, 400), ("jpeg",))
    assert [(s.width, s.format) for s in specs] == [(2048, "jpeg"), (400, "jpeg")]


def test_build_publishes_only_the_configured_files(content_dir, tmp_path):
    add_build_section(content_dir, "build:\n  widths: [400]\n  formats: [jpeg]\n")
    report = build(content_dir, tmp_path / "site", BuildOptions(jobs=1))
    media = sorted(p.name for p in (tmp_path / "site" / "media").rglob("*.*")
                   if p.suffix in (".jpg", ".webp"))
    assert media and all(name.endswith(".jpg") for name in media)
    responsive = [name for name in media if "-400." in name]
    # The fixture has a base_url: besides, one link-preview JPEG per photo (test_discovery).
    assert len(responsive) == 3 and len(media) == 2 * len(responsive)
    assert report.image_files == len(media)


def test_jpeg_only_pages_offer_no_webp_source(content_dir, tmp_path):
    """A <source> with an empty srcset is invalid HTML; with no WebP made there is none."""
    add_build_section(content_dir, "build:\n  formats: [jpeg]\n")
    build(content_dir, tmp_path / "site", BuildOptions(jobs=1))
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")}
    with_pictures = [p for p, html in pages.items() if "<picture>" in html]
    assert with_pictures
    for path, html in pages.items():
        assert "image/webp" not in html and "<source" not in html, path
        assert 'srcset=""' not in html, path
    # Without WebP the JPEG has every size, and <img> chooses among them.
    photo = pages[tmp_path / "site/en/participants/amal-haddad/market/index.html"]
    image = re.search(r"<img [^>]*>", photo)[0]
    assert re.findall(r"market-(\d+)\.\w+\.jpg (\d+)w", image) == [("960", "960"),
                                                                   ("480", "480")]


def test_beside_webp_one_jpeg_and_full_size_opens_the_largest_file(content_dir, tmp_path):
    """Every browser in use shows the WebP <source>: the JPEG is only <img>'s fallback, one
    file of the largest size up to 1440, and "View full size" opens the largest WebP."""
    Image.new("RGB", (2400, 1800), (200, 120, 40)).save(content_dir / MARKET)
    build(content_dir, tmp_path / "site", BuildOptions(jobs=1))
    media = sorted(p.name.split(".", 1)[0] + "." + p.suffix[1:]
                   for p in (tmp_path / "site/media/amal-haddad").glob("market-*"))
    assert media == ["market-1200.jpg", "market-1440.jpg", "market-1440.webp",
                     "market-2016.webp", "market-480.webp", "market-960.webp"]  # 1200: the share
    html = (tmp_path / "site/en/participants/amal-haddad/market/index.html").read_text()
    source = re.search(r'<source type="image/webp" srcset="([^"]*)"', html)[1]
    assert [c.split()[1] for c in source.split(", ")] == ["2016w", "1440w", "960w", "480w"]
    image = re.search(r"<img [^>]*>", html)[0]
    assert re.search(r'src="[^"]*/market-1440\.\w+\.jpg"', image)
    # Its one candidate, with the <source>'s sizes: laid out as the WebP would be.
    assert re.findall(r"market-(\d+)\.\w+\.jpg (\d+)w", image) == [("1440", "1440")]
    assert re.search(r' sizes="([^"]*)"', image)[1] == re.search(r' sizes="([^"]*)"', html)[1]
    zoom = re.search(r'<a class="photo-zoom" href="([^"]*)"', html)[1]
    assert re.fullmatch(r"[./]*media/amal-haddad/market-2016\.\w+\.webp", zoom)


def test_default_pages_offer_webp_before_jpeg(built_site):
    html = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<source type="image/webp" srcset="' in html
    assert 'srcset=""' not in html
