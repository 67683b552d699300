"""The fixture exhibition built end to end: pages, links, languages, consent, privacy."""

from __future__ import annotations

import multiprocessing
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from PIL import Image

from photovoice import images
from photovoice.build import BuildOptions, build
from photovoice.diagnostics import ContentError

from helpers import edit, tree_digest
from sitecheck import assert_no_metadata, html_files, parse, resolve, urls_in

EXPECTED_PAGES = [
    "index.html", "404.html", "en/index.html", "fr/index.html",
    "en/cities/index.html", "en/cities/brandon/index.html", "en/cities/moncton/index.html",
    "fr/villes/index.html", "fr/villes/brandon/index.html", "fr/villes/moncton/index.html",
    "en/themes/index.html", "en/themes/food/index.html", "en/themes/winter/index.html",
    "fr/themes/index.html", "fr/themes/alimentation-et-commerces/index.html", "fr/themes/hiver/index.html",
    "en/participants/index.html", "fr/participants/index.html",
    "en/participants/amal-haddad/index.html", "en/participants/amal-haddad/market/index.html",
    "en/participants/amal-haddad/first-snow/index.html",
    "en/participants/p02/index.html", "en/participants/p02/harbour/index.html",
    "fr/participants/amal-haddad/index.html", "fr/participants/amal-haddad/le-marche/index.html",
    "fr/participants/amal-haddad/premiere-neige/index.html",
    "fr/participants/p02/index.html", "fr/participants/p02/harbour/index.html",
    "en/about/index.html", "fr/a-propos/index.html",
    "en/accessibility/index.html", "fr/accessibilite/index.html",
    "en/slideshow/index.html", "fr/diaporama/index.html",
]


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_expected_page_exists_and_nothing_withdrawn(built_site):
    pages = {p.relative_to(built_site).as_posix() for p in html_files(built_site)}
    assert pages == set(EXPECTED_PAGES)


def test_every_link_and_asset_is_relative_and_resolves(built_site):
    for page_file in html_files(built_site):
        if page_file.name == "404.html":
            continue  # links from the site root, wherever it is served; checked below
        for url in urls_in(parse(page_file.read_text(encoding="utf-8"))):
            assert not url.startswith("/"), f"{page_file}: absolute path {url}"
            target = resolve(built_site, page_file, url)
            if target is None:
                assert url.startswith(("https://", "#", "mailto:")), url
                continue
            assert target.is_file(), f"{page_file.relative_to(built_site)} -> {url}"


# Hosts (Netlify, GitHub Pages, Apache's ErrorDocument) answer any missing address, at any
# depth, with the site's 404.html: its links cannot be relative to where it is served.
MISSING_ADDRESSES = ["404.html", "nothing", "en/participants/gone/index.html",
                     "fr/participants/amal-haddad/retire/index.html", "a/b/c/d/e/"]


def assert_not_found_page_works_at_any_depth(site: Path, root: str) -> None:
    page = parse(read(site, "404.html"))
    assert not page.find("base"), "<base> would also move the page's own #fragment links"
    urls = urls_in(page)
    assert not page.find("link", rel="stylesheet"), "its style is inline: no file to miss"
    assert len(page.find("style")) == 1 and len(page.find("a")) == 2
    for missing in MISSING_ADDRESSES:
        served_at = "https://example.org" + root + missing
        for url in urls:
            address = urljoin(served_at, url)
            assert address.startswith("https://example.org" + root), (missing, url)
            target = site / address[len("https://example.org" + root):]
            assert target.is_file(), f"served at {served_at}: {url} -> {target}"


def test_the_404_page_links_from_the_path_of_base_url(built_site):
    assert_not_found_page_works_at_any_depth(built_site, "/test-exhibit/")


def test_without_base_url_the_404_page_links_from_the_domain_root(content_dir, tmp_path):
    edit(content_dir / "exhibition.yaml", "base_url: https://example.org/test-exhibit/\n", "")
    build(content_dir, tmp_path / "site", BuildOptions(jobs=1))
    assert_not_found_page_works_at_any_depth(tmp_path / "site", "/")


def test_language_switch_goes_to_the_same_page_in_the_other_language(built_site):
    page = parse(read(built_site, "en/participants/amal-haddad/market/index.html"))
    switch = [a for a in page.find("a") if a.attrs.get("hreflang") == "fr"
              and a.attrs.get("lang") == "fr"]
    assert [a.attrs["href"] for a in switch] == ["../../../../fr/participants/amal-haddad/le-marche/index.html"]
    assert switch[0].text.strip() == "Français"
    alternates = {l.attrs["hreflang"]: l.attrs["href"] for l in page.find("link", rel="alternate")}
    assert alternates == {  # complete addresses, as search engines require, from base_url
        "en": "https://example.org/test-exhibit/en/participants/amal-haddad/market/",
        "fr": "https://example.org/test-exhibit/fr/participants/amal-haddad/le-marche/"}
    city = parse(read(built_site, "fr/villes/brandon/index.html"))
    back = [a for a in city.find("a") if a.attrs.get("hreflang") == "en"]
    assert back[0].attrs["href"] == "../../../en/cities/brandon/index.html"


def test_pages_declare_their_language_and_have_one_h1(built_site):
    for page_file in html_files(built_site):
        relative = page_file.relative_to(built_site).as_posix()
        html = page_file.read_text(encoding="utf-8")
        expected = relative.split("/")[0] if "/" in relative else "en"
        assert re.search(rf'<html lang="{expected}"', html), relative
        assert len(parse(html).find("h1")) == 1, relative


def test_no_inline_script_handler_or_style(built_site):
    for page_file in html_files(built_site):
        html = page_file.read_text(encoding="utf-8")
        page = parse(html)
        assert page.inline_scripts == 0, page_file
        for element in page.elements:
            assert not any(name.startswith("on") for name in element.attrs), page_file
            assert "style" not in element.attrs, page_file
        if page_file.name != "404.html":  # allowed by its hash: see above
            assert "<style" not in html, page_file


def test_photo_page_shows_picture_caption_original_and_neighbours(built_site):
    page = parse(read(built_site, "en/participants/amal-haddad/market/index.html"))
    image = page.find("img")[0]
    assert image.attrs["alt"] == "A fruit stall with crates of oranges under a striped awning"
    assert image.attrs["fetchpriority"] == "high" and "loading" not in image.attrs
    assert (image.attrs["width"], image.attrs["height"]) == ("960", "720")
    sources = page.find("source", type="image/webp")
    assert [c.split()[1] for c in sources[0].attrs["srcset"].split(", ")] == ["960w", "480w"]
    original = page.find("blockquote", lang="ar")
    assert original and original[0].attrs["dir"] == "rtl"
    assert "الزعتر" in original[0].text
    assert page.find("a", rel="next")[0].attrs["href"] == "../first-snow/index.html"
    assert not page.find("a", rel="prev")
    html = read(built_site, "en/participants/amal-haddad/market/index.html")
    assert "<em>za&#39;atar</em>" in html or "<em>za'atar</em>" in html
    assert "Photo 1 of 3 in the exhibition" in html


def test_the_position_of_a_photo_counts_the_exhibition_as_its_neighbours_do(built_site):
    """Previous and next go across the exhibition, from one participant to the next; the
    count beside the credit must not read as that participant's own ("Photo 3 of 3")."""
    for path, label, position, previous in [
            ("en/participants/p02/harbour/index.html", "by J. R.", "Photo 3 of 3 in the exhibition",
             "first-snow"),
            ("fr/participants/p02/harbour/index.html", "par J. R.",
             "Photo 3 sur 3 de l’exposition", "premiere-neige")]:
        page = parse(read(built_site, path))
        assert page.find("a", rel="prev")[0].attrs["href"] == \
            f"../../amal-haddad/{previous}/index.html"
        byline = page.find("p", class_="byline")[0].text
        assert byline.startswith(label) and byline.endswith(position), byline


def test_later_images_are_lazy(built_site):
    page = parse(read(built_site, "en/participants/amal-haddad/index.html"))
    images = page.find("img")
    assert "loading" not in images[0].attrs and images[0].attrs["fetchpriority"] == "high"
    assert all(img.attrs.get("loading") == "lazy" for img in images[1:])


def test_missing_french_shows_english_marked_as_english(built_site):
    page = parse(read(built_site, "fr/participants/p02/harbour/index.html"))
    assert page.find("h1")[0].text.strip() == "The harbour"
    assert page.find("span", lang="en")  # the fallback title inside the h1
    assert page.find("div", lang="en", class_="prose")  # the caption
    assert page.find("img")[0].attrs["lang"] == "en"


def test_credit_rules(built_site):
    jose = read(built_site, "en/participants/p02/index.html")
    assert "<h1>J. R.</h1>" in jose
    for page_file in built_site.rglob("*"):
        if page_file.is_file():
            data = page_file.read_bytes()
            assert "José Reyes".encode() not in data and b"Jos&eacute; Reyes" not in data


def test_withdrawn_participant_and_photo_leave_no_trace(built_site):
    canaries = [b"CANARY", b"x7k", b"q8z", b"withdrawn", b"IMG_4512", b"DSC01234"]
    for path in built_site.rglob("*"):
        assert not any(c.lower() in path.as_posix().lower().encode() for c in canaries), path
        if path.is_file():
            data = path.read_bytes()
            for canary in canaries:
                assert canary not in data, (path, canary)


def test_images_carry_no_metadata_and_no_camera_names(built_site):
    media = sorted(p for p in (built_site / "media").rglob("*.*") if p.suffix != ".mp3")
    # WebP: market 960+480, first-snow 480 tall (upright 600 x 800), harbour 480; a JPEG
    # each, its fallback (the largest size up to 1440); then one link-preview JPEG each at
    # the source's own width, all under 1200 px.
    assert len(media) == (2 + 1 + 1) + 3 + 3
    for path in media:
        assert not re.search(r"IMG_|PXL_|DSC|Screenshot", path.name)
        data = path.read_bytes()
        assert_no_metadata(data)
        assert b"TestCam" not in data and b"CANARY" not in data
        with Image.open(path) as image:
            assert not image.getexif()
            assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)


def test_exif_rotated_photo_is_upright(built_site):
    files = sorted((built_site / "media/amal-haddad").glob("first-snow-480.*.jpg"))
    with Image.open(files[0]) as image:
        assert image.size == (360, 480)  # 480 on its longest side
        red, green, blue = image.convert("RGB").getpixel((10, 10))
        assert red > 180 and green < 90  # the red marker is back at the top left


def test_french_typography_in_interface_strings(built_site):
    html = read(built_site, "fr/participants/amal-haddad/le-marche/index.html")
    # The pager's label and the title are said apart: "Photo suivante : Première neige".
    assert '<span class="pager-label">Photo suivante<span class="visually-hidden">\u00a0:</span></span>' in html
    assert "ici\u00a0: il a le goût de chez moi!" in html


def test_building_twice_gives_identical_trees(content_dir, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    build(content_dir, first, BuildOptions(jobs=1, cache_dir=tmp_path / "cache-one"))
    build(content_dir, second, BuildOptions(jobs=2, cache_dir=tmp_path / "cache-two"))
    assert tree_digest(first) == tree_digest(second)


def test_build_does_not_touch_the_content_folder(content_dir, tmp_path):
    before = tree_digest(content_dir)
    build(content_dir, tmp_path / "out", BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    assert tree_digest(content_dir) == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_failed_build_leaves_previous_site_untouched(content_dir, tmp_path, jobs):
    out = tmp_path / "out"
    build(content_dir, out, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    before = tree_digest(out)
    (content_dir / "participants/amal-haddad/IMG_20230514_093012.jpg").write_bytes(b"\xff\xd8junk")
    with pytest.raises(ContentError, match="IMG_20230514_093012.jpg"):
        build(content_dir, out, BuildOptions(jobs=jobs, cache_dir=tmp_path / "cache"))
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_build_failing_while_the_workers_encode_stops_them(content_dir, tmp_path,
                                                             monkeypatch):
    # Pages are rendered while worker processes encode the photos: a page that cannot be
    # rendered must stop the workers, leave no half-written cache file and keep the site.
    from photovoice import stages

    out = tmp_path / "out"
    build(content_dir, out, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    before = tree_digest(out)

    def broken_theme(*args, **kwargs):
        raise RuntimeError("the theme broke")

    monkeypatch.setattr(stages, "render_page", broken_theme)
    with pytest.raises(RuntimeError, match="the theme broke"):
        build(content_dir, out, BuildOptions(jobs=2, cache_dir=tmp_path / "fresh-cache"))
    assert multiprocessing.active_children() == []
    assert tree_digest(out) == before
    assert list((tmp_path / "fresh-cache").rglob("*.tmp")) == []


def test_refuses_to_replace_a_folder_it_did_not_build(content_dir, tmp_path):
    precious = tmp_path / "Documents"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    with pytest.raises(ContentError, match="photovoice did not build"):
        build(content_dir, precious, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    assert (precious / "thesis.docx").read_text() == "years of work"


def test_second_build_takes_every_photo_from_the_cache(content_dir, tmp_path):
    options = BuildOptions(jobs=1, cache_dir=tmp_path / "cache")
    first = build(content_dir, tmp_path / "out", options)
    second = build(content_dir, tmp_path / "out", options)
    assert (first.images_derived, first.images_cached) == (3, 0)
    assert (second.images_derived, second.images_cached) == (0, 3)
    edit(content_dir / "participants/amal-haddad/participant.yaml",
         "{x: 0.5, y: 0.25, w: 0.25, h: 0.5}", "{x: 0.4, y: 0.25, w: 0.25, h: 0.5}")
    third = build(content_dir, tmp_path / "out", options)
    assert (third.images_derived, third.images_cached) == (1, 2)


def test_share_image_comes_from_its_own_decode_and_is_cached_apart(content_dir, tmp_path,
                                                                    monkeypatch):
    jobs: list[images.ImageJob] = []
    real_derive = images.derive_images
    monkeypatch.setattr(images, "derive_images", lambda job, complaints=None: jobs.append(job)
                        or real_derive(job, complaints))
    market = lambda: [[(s.width, s.format) for s in job.specs]
                      for job in jobs if job.src.name == "IMG_20230514_093012.jpg"]
    base_url = "base_url: https://example.org/test-exhibit/\n"
    options = BuildOptions(jobs=1, cache_dir=tmp_path / "cache")

    # Cold, with base_url: the responsive files and the share image each from a decode
    # of their own, so that their bytes never depend on which of them the cache held.
    build(content_dir, tmp_path / "both", options)
    assert len(jobs) == 6
    assert market() == [[(960, "webp"), (960, "jpeg"), (480, "webp")], [(1000, "jpeg")]]

    edit(content_dir / "exhibition.yaml", base_url, "")
    jobs.clear()
    build(content_dir, tmp_path / "without", options)
    assert jobs == []  # the responsive files are cached apart from the share image...
    without = {p.name for p in (tmp_path / "without/media").rglob("*")}
    assert without < {p.name for p in (tmp_path / "both/media").rglob("*")}  # ...and keep their names

    fresh = BuildOptions(jobs=1, cache_dir=tmp_path / "fresh")
    build(content_dir, tmp_path / "without", fresh)
    edit(content_dir / "exhibition.yaml", "languages:", base_url + "languages:")
    jobs.clear()
    build(content_dir, tmp_path / "without", fresh)  # base_url turned on: only the share images
    assert market() == [[(1000, "jpeg")]] and len(jobs) == 3


HOSTILE = '<script>alert(1)</script></title>"\'><img src=x onerror=alert(2)> [x](javascript:alert(3))'


def test_hostile_text_everywhere_is_shown_escaped_never_run(content_dir, tmp_path):
    import yaml
    amal = content_dir / "participants/amal-haddad/participant.yaml"
    data = yaml.safe_load(amal.read_text(encoding="utf-8"))
    data["name"] = HOSTILE
    data["bio"] = {"en": HOSTILE, "fr": HOSTILE}
    for photo in data["photos"]:
        for field in ("title", "alt", "caption"):
            photo[field] = {"en": HOSTILE, "fr": HOSTILE}
    data["photos"][0]["original"] = {"lang": "ar", "text": HOSTILE}
    amal.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    exhibition = content_dir / "exhibition.yaml"
    meta = yaml.safe_load(exhibition.read_text(encoding="utf-8"))
    meta["title"] = {"en": HOSTILE, "fr": HOSTILE}
    meta["intro"] = {"en": HOSTILE, "fr": HOSTILE}
    exhibition.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")

    site = tmp_path / "out"
    build(content_dir, site, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    shown = 0
    for page_file in html_files(site):
        html = page_file.read_text(encoding="utf-8")
        page = parse(html)
        assert page.inline_scripts == 0, page_file
        for element in page.elements:
            if element.tag == "script":
                assert element.attrs.get("src", "").startswith(("static/", "../")) \
                    or element.attrs.get("type") == "application/ld+json", page_file
            for name, value in element.attrs.items():
                assert not name.startswith("on"), (page_file, element)
                assert not value.strip().lower().startswith(("javascript:", "data:")), page_file
        assert len(page.find("title")) == 1
        shown += html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert shown > 50  # the words are there for people to read, as text
    for page_file in html_files(site):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                page_file.read_text(encoding="utf-8"), re.S):
            assert "<" not in block  # structured data cannot close its script element


def test_editing_one_caption_changes_only_the_pages_that_show_it(content_dir, tmp_path):
    out, options = tmp_path / "out", BuildOptions(jobs=1, cache_dir=tmp_path / "cache")
    build(content_dir, out, options)
    before = {p.relative_to(out).as_posix(): p.stat().st_mtime_ns
              for p in out.rglob("*") if p.is_file()}
    edit(content_dir / "participants/amal-haddad/participant.yaml",
         "Every Saturday I buy", "Every Sunday I buy")
    build(content_dir, out, options)
    changed = sorted(path for path, mtime in before.items()
                     if (out / path).stat().st_mtime_ns != mtime)
    # Only the English photo page and slideshow show the English caption; every other
    # file is the previous build's, linked.
    assert changed == ["en/participants/amal-haddad/market/index.html",
                       "en/slideshow/index.html"]


def test_french_elides_de_before_a_vowel(built_site):
    html = (built_site / "fr/participants/amal-haddad/index.html").read_text()
    assert "Photos d’Amal Haddad" in html
    assert "Photos de J. R." in (built_site / "fr/participants/p02/index.html").read_text()
