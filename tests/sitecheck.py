"""Reading a built site back: its files, links and elements, for assertions."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRIBUTES = {"href", "src"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class ParsedPage:
    elements: list[Element] = field(default_factory=list)
    inline_scripts: int = 0

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.elements
                if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self.open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.page.elements.append(element)
        executable = element.attrs.get("type", "text/javascript") in (
            "", "text/javascript", "application/javascript", "module")
        if tag == "script" and "src" not in element.attrs and executable:
            self.page.inline_scripts += 1  # a JSON-LD data block is not code
        if tag not in {"img", "source", "link", "meta", "br", "hr", "input", "base"}:
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def parse(html: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(html)
    return parser.page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def urls_in(page: ParsedPage) -> list[str]:
    """Every URL a browser may load or follow from this page."""
    urls = []
    for element in page.elements:
        for name in URL_ATTRIBUTES:
            if name in element.attrs:
                urls.append(element.attrs[name])
        if "srcset" in element.attrs:
            urls += [c.strip().split()[0] for c in element.attrs["srcset"].split(",") if c.strip()]
    return urls


def resolve(site: Path, page_file: Path, url: str) -> Path | None:
    """The file a relative URL points to, or None for an external or in-page URL."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    page_dir = page_file.parent.relative_to(site).as_posix()
    target = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
    path = site / target
    return path / "index.html" if url.endswith("/") else path


def jpeg_segments(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's segments up to the image data (0xE0 = APP0 ...)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, position = [], 2
    while position + 4 <= len(data):
        assert data[position] == 0xFF, f"bad marker at {position}"
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        length = int.from_bytes(data[position + 2:position + 4], "big")
        position += 2 + length
    return markers


def webp_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    chunks, position = [], 12
    while position + 8 <= len(data):
        name = data[position:position + 4]
        size = int.from_bytes(data[position + 4:position + 8], "little")
        chunks.append(name)
        position += 8 + size + (size & 1)
    return chunks


METADATA_MARKERS = (b"Exif\x00", b"http://ns.adobe.com/xap", b"xmpmeta", b"Photoshop 3.0",
                    b"ICC_PROFILE", b"8BIM")


def assert_no_metadata(data: bytes) -> None:
    """Only pixels: no metadata segment or chunk, and no metadata signature anywhere."""
    if data[:2] == b"\xff\xd8":
        # APP0 (JFIF) is allowed; APP1-APP15 (EXIF, XMP, ICC, IPTC...) and COM are not.
        extra = [m for m in jpeg_segments(data) if 0xE1 <= m <= 0xEF or m == 0xFE]
        assert not extra, f"metadata segments {[hex(m) for m in extra]}"
    else:
        chunks = webp_chunks(data)
        assert not {b"EXIF", b"XMP ", b"ICCP"} & set(chunks), chunks
    for marker in METADATA_MARKERS:
        assert marker not in data, marker
