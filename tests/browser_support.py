"""What the browser tests share: the tools, the built site's pages, a sub-path server, Chromium.

Nothing here skips: a missing Chromium, JRE or npm package is a failure that says how to
install it (`scripts/setup-tests`).
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import os
import re
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.error import HTTPError
from urllib.parse import unquote, urlsplit
from urllib.request import Request, urlopen

import yaml

ROOT = Path(__file__).parent.parent
BROWSER_TOOLS = Path(__file__).parent / "browser"
NODE_MODULES = BROWSER_TOOLS / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
THEME_STRINGS = ROOT / "themes" / "default"

MOUNT = "/exhibit/"  # the site is served under a sub-path, as on a university server
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SETUP_HINT = ("run scripts/setup-tests (it installs Debian's chromium, a JRE and "
              "tests/browser/node_modules)")


class MissingTool(RuntimeError):
    pass


def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        raise MissingTool(f"Debian's chromium is not on PATH: {SETUP_HINT}")
    return path


def require_file(path: Path) -> Path:
    if not path.is_file():
        raise MissingTool(f"{path.relative_to(ROOT)} is missing: {SETUP_HINT}")
    return path


def java_path() -> str:
    path = shutil.which("java")
    if not path:
        raise MissingTool(f"java is not on PATH: {SETUP_HINT}")
    return path


# --- The built site's pages ---------------------------------------------------------------

KIND_BY_SECTION = {"participants": "participant", "cities": "city", "themes": "theme",
                   "about": "about", "accessibility": "accessibility"}


@dataclass(frozen=True)
class SitePage:
    rel: str     # path inside the build folder: "en/participants/amal-haddad/index.html"
    lang: str    # the folder's language; "" for the bilingual pages at the root
    kind: str    # entry, not-found, home, participants, participant, photo, cities, city, ...
    key: tuple[str, ...]  # the same page in every language has the same key

    def __str__(self) -> str:
        return self.rel


@cache
def section_names(lang: str) -> dict[str, str]:
    """Folder name -> section ("villes" -> "cities"), from the theme's strings."""
    path = THEME_STRINGS / f"strings.{lang}.yaml"
    sections = yaml.safe_load(path.read_text(encoding="utf-8"))["sections"]
    return {folder: section for section, folder in sections.items()}


def classify(rel: str) -> SitePage:
    parts = rel.split("/")
    if len(parts) == 1:
        kind = {"index.html": "entry", "404.html": "not-found"}.get(rel, "other")
        return SitePage(rel, "", kind, (kind,))
    lang, inner = parts[0], parts[1:-1]
    if not inner:
        return SitePage(rel, lang, "home", ("home",))
    section = section_names(lang).get(inner[0], inner[0])
    kind = KIND_BY_SECTION.get(section, section) if len(inner) > 1 else section
    if section == "participants" and len(inner) == 3:
        kind = "photo"
    return SitePage(rel, lang, kind, (section, *inner[1:]))


def list_pages(site: Path) -> list[SitePage]:
    return [classify(p.relative_to(site).as_posix()) for p in sorted(site.rglob("*.html"))]


# --- The server ---------------------------------------------------------------------------

def host_headers(site: Path) -> list[tuple[str, dict[str, str]]]:
    """(path pattern, headers) from the site's _headers, in file order, read as Netlify and
    Cloudflare Pages read it: a path at the start of a line, its headers indented below."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            assert rules and name not in rules[-1][1], f"_headers: {line!r}"
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(site_path: str, rules) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatch.fnmatchcase(site_path, pattern):
            headers.update(values)
    return headers


# What a host compresses (Netlify: gzip or Brotli, by Accept-Encoding); images never.
COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript",
                "image/svg+xml", "application/xml", "text/xml", "text/plain", "application/json"}


@cache
def gzipped(path: str, mtime_ns: int) -> bytes:
    """The file at `path` as gzip (level 6, like most hosts), computed once per version."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the build folder under `mount` with the headers of its _headers; 404 elsewhere.

    With `compress`, text answers are gzip-encoded when the browser accepts it, as a
    real host does (Lighthouse's performance score depends on it).
    """

    mount: str = MOUNT
    compress: bool = False
    rules: list = []
    not_found: bytes = b""

    def site_path(self) -> str | None:
        path = unquote(urlsplit(self.path).path)
        return "/" + path[len(self.mount):] if path.startswith(self.mount) else None

    def translate_path(self, path: str) -> str:
        return super().translate_path(self.site_path() or "/")

    def send_head(self):
        if self.site_path() in (None, "/404.html"):
            self.send_error(404)  # the 404 page as a host serves it, its root adjusted
            return None
        if self.compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            path = self.translate_path(self.path)
            if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
                path = os.path.join(path, "index.html")
            content_type = self.guess_type(path)
            if os.path.isfile(path) and content_type in COMPRESSIBLE:
                body = gzipped(path, os.stat(path).st_mtime_ns)
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)
        return super().send_head()

    def send_error(self, code, message=None, explain=None):
        if code != 404 or not self.not_found:
            super().send_error(code, message, explain)
            return
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.not_found)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(self.not_found)

    def end_headers(self):
        for name, value in headers_for(self.site_path() or "/", self.rules).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The browser cancels requests it no longer needs (lazy images, navigations).
        pass


class SiteServer:
    """A threaded http.server on 127.0.0.1 serving `site` under `mount` (/exhibit/).

    The 404 page links from the deployed site's root (the path of base_url: its links
    start with it); here that root is `mount`, so the server rewrites them, as a curator
    would set base_url for this host. {mount}404.html answers 404 like a host.
    `compress=True` gzips text as a real host does.
    """

    def __init__(self, site: Path, mount: str = MOUNT, compress: bool = False):
        self.site = site
        self.mount = mount
        not_found = (site / "404.html").read_text(encoding="utf-8")
        self.root = re.search(r'<link rel="icon" href="(/[^"]*)static/', not_found).group(1)
        not_found = not_found.replace(f'href="{self.root}', f'href="{mount}')
        handler = type("Handler", (_SiteHandler,), {
            "mount": mount, "compress": compress, "rules": host_headers(site),
            "not_found": not_found.encode("utf-8")})
        self.httpd = _QuietServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, rel: str = "") -> str:
        return f"{self.origin}{self.mount}{rel}"

    def rel(self, url: str) -> str | None:
        """The build-folder path of a URL on this server, or None if outside the site."""
        prefix = self.url()
        url = url.split("#")[0]
        return unquote(url[len(prefix):]) if url.startswith(prefix) else None

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def http_status(url: str) -> int:
    """The status of a HEAD request (the server answers HEAD like GET, without the body)."""
    try:
        with urlopen(Request(url, method="HEAD"), timeout=10) as response:
            return response.status
    except HTTPError as error:
        error.close()
        return error.code


# --- Chromium -----------------------------------------------------------------------------

@contextmanager
def launch_chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def artifact(*parts: str) -> Path:
    path = ARTIFACTS.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# Colours as Chromium computes them ('rgb(1, 2, 3)'), and how far apart they are.
def rgba(css: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in css[css.index("(") + 1:-1].split(",")]
    return (*values[:3], values[3] if len(values) == 4 else 1.0)


def over(css: str, backdrop: str) -> tuple[float, float, float]:
    (r, g, b, a), (br, bg, bb, _) = rgba(css), rgba(backdrop)
    return (r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a))


def contrast(first, second) -> float:
    def luminance(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour_difference(first, second) -> float:
    """CIE76 ΔE between two sRGB colours (0-255): how far apart two fills look, where their
    luminance alone says little (blue water beside beige land)."""
    def lab(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        xyz = (sum(w * v for w, v in zip(row, c)) / white for row, white in (
            ((0.4124, 0.3576, 0.1805), 0.95047), ((0.2126, 0.7152, 0.0722), 1.0),
            ((0.0193, 0.1192, 0.9505), 1.08883)))
        fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
        return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)
    return sum((a - b) ** 2 for a, b in zip(lab(first), lab(second))) ** 0.5

