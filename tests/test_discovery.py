"""Sharing and discovery: sitemap, robots.txt, canonical, Open Graph and JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

from photovoice.build import BuildOptions, build

from helpers import edit
from sitecheck import assert_no_metadata, parse

BASE = "https://example.org/test-exhibit/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    path = url[len(BASE):]
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def test_sitemap_lists_every_page_with_alternates_that_resolve(built_site):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    urls = root.findall("s:url", NS)
    pages = [p for p in built_site.rglob("index.html")]
    assert len(urls) == len(pages)
    for url in urls:
        location = url.find("s:loc", NS).text
        assert site_file(built_site, location).is_file(), location
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        if location != BASE:
            assert set(alternates) >= {"en", "fr"}, location
            assert location in alternates.values()
        for href in alternates.values():
            assert site_file(built_site, href).is_file(), href


def test_robots_points_to_the_sitemap(built_site):
    assert (built_site / "robots.txt").read_text() == \
        f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def meta_tags(html: str) -> dict[str, str]:
    return {m.attrs.get("property") or m.attrs.get("name"): m.attrs["content"]
            for m in parse(html).find("meta") if "content" in m.attrs}


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))


def test_photo_page_social_tags_and_structured_data(built_site):
    html = (built_site / "en/participants/amal-haddad/market/index.html").read_text()
    page = parse(html)
    meta = meta_tags(html)
    assert page.find("link", rel="canonical")[0].attrs["href"] == \
        BASE + "en/participants/amal-haddad/market/"
    assert meta["og:image:alt"] == "A fruit stall with crates of oranges under a striped awning"
    assert site_file(built_site, meta["og:image"]).is_file()
    assert meta["og:locale"] == "en_CA" and meta["twitter:card"] == "summary_large_image"
    assert meta["description"].startswith("Every Saturday I buy za'atar here")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "Photograph" and data["creator"]["name"] == "Amal Haddad"
    assert site_file(built_site, data["image"]).is_file()


MARKET = "participants/amal-haddad/IMG_20230514_093012.jpg"


def big_market_photo(content_dir: Path) -> None:
    """The market photo at 1600 x 1200, with a camera tag that must not reach the site."""
    exif = Image.Exif()
    exif[0x0110] = "TestCam 9000"  # Model
    Image.new("RGB", (1600, 1200), (200, 120, 40)).save(content_dir / MARKET, exif=exif.tobytes())


def test_photo_page_shares_a_jpeg_1200_px_wide(content_dir, tmp_path):
    big_market_photo(content_dir)
    site = tmp_path / "site"
    build(content_dir, site, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    html = (site / "en/participants/amal-haddad/market/index.html").read_text()
    meta = meta_tags(html)
    share = site_file(site, meta["og:image"])
    assert re.fullmatch(r"market-1200\.[0-9a-f]{10}\.jpg", share.name), share.name
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "900")
    with Image.open(share) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 900))
    assert_no_metadata(share.read_bytes())
    assert json_ld(html)["image"] == meta["og:image"]
    # Only for link previews: the page's own picture keeps its responsive widths.
    assert "-1200." not in html.replace(meta["og:image"], "")
    participant = meta_tags((site / "fr/participants/amal-haddad/index.html").read_text())
    assert participant["og:image"] == meta["og:image"]  # the cover photo's card too


def test_share_image_is_never_enlarged(built_site):
    # The fixture's market photo is 1000 px wide: its card is the photo's own width.
    meta = meta_tags((built_site / "en/participants/amal-haddad/market/index.html").read_text())
    share = site_file(built_site, meta["og:image"])
    assert share.name.startswith("market-1000.")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1000", "750")
    with Image.open(share) as image:
        assert image.size == (1000, 750)
    # Link cards are laid out by width: a portrait's card is its width (600) wide, taller
    # than its largest responsive image (480 on its longest side).
    meta = meta_tags((built_site / "en/participants/amal-haddad/first-snow/index.html").read_text())
    assert (meta["og:image:width"], meta["og:image:height"]) == ("600", "800")
    with Image.open(site_file(built_site, meta["og:image"])) as image:
        assert image.size == (600, 800)


def test_without_base_url_no_share_image_is_written(content_dir, tmp_path):
    big_market_photo(content_dir)
    edit(content_dir / "exhibition.yaml", "base_url: https://example.org/test-exhibit/\n", "")
    site = tmp_path / "site"
    build(content_dir, site, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    market = sorted(p.name.split(".")[0] for p in (site / "media/amal-haddad").glob("market-*"))
    assert market == ["market-1440", "market-1440", "market-480", "market-960"]
    # The fixture's other photos are narrower than 1200 px: no file at their own width.
    assert not list(site.rglob("first-snow-800.*")) and not list(site.rglob("harbour-640.*"))


def test_structured_data_honours_the_credit_mode(built_site):
    html = (built_site / "fr/participants/p02/harbour/index.html").read_text()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["creator"]["name"] == "J. R."


def test_home_page_is_an_exhibition_event(built_site):
    html = (built_site / "fr/index.html").read_text()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "ExhibitionEvent" and data["inLanguage"] == "fr"
    assert data["url"] == BASE + "fr/"


def test_noindex_everywhere_and_no_sitemap(content_dir, tmp_path):
    edit(content_dir / "exhibition.yaml", "languages: [en, fr]", "languages: [en, fr]\nnoindex: true")
    site = tmp_path / "site"
    build(content_dir, site, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (site / "sitemap.xml").exists()
    for page in site.rglob("*.html"):
        assert '<meta name="robots" content="noindex">' in page.read_text(), page


def test_without_base_url_no_absolute_addresses(content_dir, tmp_path):
    edit(content_dir / "exhibition.yaml", "base_url: https://example.org/test-exhibit/\n", "")
    site = tmp_path / "site"
    build(content_dir, site, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    assert not (site / "sitemap.xml").exists()
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "og:url" not in text and "canonical" not in text and "ld+json" not in text


def test_every_hreflang_alternate_is_complete_and_reciprocal(built_site):
    for page_file in built_site.rglob("index.html"):
        relative = page_file.relative_to(built_site).as_posix()
        own = BASE + relative[: -len("index.html")]
        alternates = {l.attrs["hreflang"]: l.attrs["href"]
                      for l in parse(page_file.read_text()).find("link", rel="alternate")}
        assert alternates, relative
        for lang, href in alternates.items():
            target = site_file(built_site, href)
            assert target.is_file(), (relative, href)
            back = {l.attrs["href"] for l in parse(target.read_text()).find("link", rel="alternate")}
            assert own in back or (relative == "index.html" and lang != "x-default"), \
                (relative, href)
    home = parse((built_site / "fr/index.html").read_text()).find("link", rel="alternate")
    assert {l.attrs["hreflang"]: l.attrs["href"] for l in home}["x-default"] == BASE
