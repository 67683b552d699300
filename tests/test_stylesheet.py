"""The site's stylesheet knows each published photo's shape, so that a photo fitted to the
screen's height has its box before its file arrives (tests/test_browser_shift.py shows
the page then stays still while the photos load)."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from photovoice.stylesheet import shape_rules, site_static, without_comments
from photovoice.views import Picture, Rendition

from sitecheck import html_files

SHAPE_CLASS = re.compile(r'<img [^>]*class="(shape-(\d+)x(\d+))"')
ZOOM = re.compile(r'<a class="photo-zoom" href="([^"]+)">\s*<picture>.*?class="(shape-[^"]+)"',
                  re.DOTALL)


def picture(width: int, height: int, digest: str = "0123456789") -> Picture:
    def rendition(side: int, ext: str) -> Rendition:
        scale = side / max(width, height)
        return Rendition(f"media/p/photo-{side}.{digest}.{ext}", round(width * scale),
                         round(height * scale), ext)
    return Picture(webp=(rendition(max(width, height), "webp"), rendition(480, "webp")),
                   jpeg=(rendition(960, "jpeg"),))


def stylesheet(site: Path) -> str:
    return next((site / "static").glob("style.*.css")).read_text(encoding="utf-8")


def test_every_photo_names_its_shape_and_the_stylesheet_sizes_each_shape(built_site):
    css = stylesheet(built_site)
    used = set()
    for page in html_files(built_site):
        text = page.read_text(encoding="utf-8")
        assert text.count("<img ") == len(SHAPE_CLASS.findall(text)), page
        used |= {(name, width, height) for name, width, height in SHAPE_CLASS.findall(text)}
    assert used
    for name, width, height in used:
        assert f".{name}{{aspect-ratio:{width}/{height};--r:{width}/{height};--w:{width}px}}" \
            in css
    assert len(re.findall(r"^\.shape-", css, re.MULTILINE)) == len(used), "a shape no photo has"


def test_a_shape_is_the_size_of_the_photos_largest_file(built_site):
    pages = [p for p in html_files(built_site) if "photo-zoom" in p.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        href, name = ZOOM.search(page.read_text(encoding="utf-8")).groups()
        with Image.open((page.parent / href).resolve()) as largest:
            assert name == "shape-{}x{}".format(*largest.size), page


def test_the_stylesheet_changes_only_with_the_set_of_shapes():
    wide, tall = picture(2016, 1512), picture(1512, 2016, digest="abcdefabcd")
    assert shape_rules([wide, tall, picture(2016, 1512, digest="fedcbafedc")]) \
        == shape_rules([tall, wide]) == (
            ".shape-1512x2016{aspect-ratio:1512/2016;--r:1512/2016;--w:1512px}\n"
            ".shape-2016x1512{aspect-ratio:2016/1512;--r:2016/1512;--w:2016px}\n")
    assert shape_rules([wide, picture(907, 2016)]) != shape_rules([wide])


def test_the_published_stylesheet_keeps_its_rules_and_strings_not_its_comments(tmp_path):
    css = tmp_path / "style.css"
    css.write_text('/*! Licence: MIT */\n/* why the rule */\na::before { content: "/* not a '
                   'comment */"; }\n  /* indented,\n     on two lines */\nb { color: red; } '
                   "/* beside */\nc::after { content: '*/'; }\n", encoding="utf-8")
    script = tmp_path / "viewer.js"
    script.write_text("/* a script is published as it is */\n", encoding="utf-8")
    static = site_static({"style.css": css, "viewer.js": script}, [picture(960, 720)])
    assert static["style.css"].decode("utf-8") == (
        '/*! Licence: MIT */\na::before { content: "/* not a comment */"; }\n'
        "b { color: red; } \nc::after { content: '*/'; }\n"
        ".shape-960x720{aspect-ratio:960/720;--r:960/720;--w:960px}\n")
    assert static["viewer.js"] == script.read_bytes()
    assert without_comments("a{}/* unclosed") == "a{}/* unclosed"


def test_a_theme_without_a_stylesheet_gets_none(tmp_path):
    script = tmp_path / "app.js"
    script.write_text("go();\n", encoding="utf-8")
    assert site_static({"app.js": script}, [picture(960, 720)]) == {"app.js": b"go();\n"}
