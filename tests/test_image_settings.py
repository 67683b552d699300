"""`build.widths` and `build.formats` in exhibition.yaml: fewer image files for a kiosk or a
benchmark (see benchmarks/README.md), checked like every other field."""

from __future__ import annotations

from pathlib import Path

import pytest

from photovoice.build import BuildOptions, build
from photovoice.diagnostics import ContentError
from photovoice.images import SourceInfo, plan_specs
from helpers import load_exhibition


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


def test_default_pages_offer_webp_before_jpeg(built_site):
    html = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<source type="image/webp" srcset="' in html
    assert 'srcset=""' not in html
