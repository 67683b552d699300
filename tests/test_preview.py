"""The preview's build (`photovoice serve`): first pages at once, the rest after, and the
same site as `photovoice build` once whole."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from photovoice.build import BuildOptions, build
from photovoice.diagnostics import ContentError
from photovoice.preview import build_preview
from helpers import edit, images_of, tree_bytes

HOME = "en/index.html"


@pytest.fixture
def preview(content_dir, no_racy_window):
    site = content_dir.parent / ".photovoice-cache" / "preview"
    started = build_preview(content_dir, site, BuildOptions(jobs=1))
    yield started, site
    started.stop()


def test_the_home_page_is_in_place_before_any_photo_is_derived(preview):
    started, site = preview
    pictures = images_of((site / HOME).read_text(encoding="utf-8"))
    assert pictures, "the home page shows photos"
    assert not (site / "media").exists() or not any((site / "media").rglob("*.jpg"))
    for src, width, height in pictures:
        image = Image.open(io.BytesIO(started.placeholder(src)))
        assert image.size == (width, height)
        assert image.format == {"jpg": "JPEG", "webp": "WEBP"}[src.rsplit(".", 1)[1]]
        webp = started.placeholder(re.sub(r"\.jpg$", ".webp", src))
        assert Image.open(io.BytesIO(webp)).size == (width, height)
    assert started.placeholder("static/nothing.css") is None


def test_the_other_pages_are_pending_until_rendered(preview):
    started, site = preview
    photo_page = "en/participants/amal-haddad/index.html"
    assert not (site / photo_page).exists()
    assert started.page_pending(photo_page)
    assert not started.page_pending(HOME)  # in place already


def test_once_whole_the_preview_is_the_built_site_and_is_remembered(preview, content_dir):
    started, site = preview
    started.start()
    assert started.wait(timeout=120)
    assert not started.page_pending("en/participants/amal-haddad/index.html")
    built = content_dir.parent / "build"
    build(content_dir, built, BuildOptions(jobs=1))
    assert tree_bytes(site) == tree_bytes(built)
    # Remembered whole: the next preview has nothing to do.
    assert build_preview(content_dir, site, BuildOptions(jobs=1)) is None


def test_a_preview_stopped_halfway_is_not_remembered(content_dir, no_racy_window):
    site = content_dir.parent / ".photovoice-cache" / "preview"
    first = build_preview(content_dir, site, BuildOptions(jobs=1))
    first.stop()
    second = build_preview(content_dir, site, BuildOptions(jobs=1))
    assert second is not None  # not taken for a finished build
    second.start()
    assert second.wait(timeout=120)
    second.stop()


def test_a_content_error_leaves_the_previous_preview(content_dir, no_racy_window):
    site = content_dir.parent / ".photovoice-cache" / "preview"
    started = build_preview(content_dir, site, BuildOptions(jobs=1))
    started.start()
    assert started.wait(timeout=120)
    started.stop()
    before = tree_bytes(site)
    edit(content_dir / "participants/amal-haddad/participant.yaml", "city: brandon",
         "city: atlantis")
    with pytest.raises(ContentError):
        build_preview(content_dir, site, BuildOptions(jobs=1))
    assert tree_bytes(site) == before
