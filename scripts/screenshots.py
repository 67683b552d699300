#!/usr/bin/env python3
"""Refresh docs/screenshots/: the first screen of every page type, as a visitor sees it.

    python3 scripts/screenshots.py [--site BUILD_DIR] [--out docs/screenshots]

Builds the sample exhibition (content/) unless --site names a build, serves it on
127.0.0.1, and saves with Debian's Chromium the first screen of each page type in
both languages at 390, 768, 1280 and 1920 px wide (pages/<type>-<lang>-<width>.png),
the home, photo, city (its map) and entry pages in dark mode at 390 and 1280 (…-dark.png), and the
pictures the README and the guide show (home-en.png, photo-fr.png, slideshow-en.png…).
Look at them after a change to the theme.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENS = {390: 844, 768: 1024, 1280: 800, 1920: 1080}
DARK_WIDTHS = (390, 1280)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the browser cancels requests it no longer needs (lazy images, navigations)


def save(page, target: Path) -> Path:
    """A screenshot in 256 colours (dithered): a third of the bytes, kept in the repository."""
    import io

    from PIL import Image

    target.parent.mkdir(parents=True, exist_ok=True)
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    shot.quantize(256, method=Image.Quantize.MEDIANCUT,
                  dither=Image.Dither.FLOYDSTEINBERG).save(target, optimize=True)
    return target


def photo_pages(site: Path, lang: str) -> dict[str, str]:
    """A landscape and a portrait photo page of `lang` (site paths), read from their markup."""
    found: dict[str, str] = {}
    for page in sorted(site.glob(f"{lang}/*/*/*/index.html")):
        html = page.read_text(encoding="utf-8")
        size = re.search(r'class="photo-zoom".*?<img [^>]*?width="(\d+)" height="(\d+)"', html,
                         re.S)
        if size:
            width, height = map(int, size.groups())
            found.setdefault("photo" if width > height else "photo-portrait",
                             page.relative_to(site).as_posix())
    return found


# A section's page and one page inside it: cities and city, participants and participant.
ONE_OF = {"cities": "city", "themes": "theme", "participants": "participant"}


def page_types(site: Path, lang: str) -> dict[str, str]:
    """Page type -> site path of one page of that type in `lang`, named in English."""
    import yaml

    strings = ROOT / "themes" / "default" / f"strings.{lang}.yaml"
    sections = yaml.safe_load(strings.read_text(encoding="utf-8"))["sections"]
    types = {"home": f"{lang}/index.html"}
    for section, folder in sections.items():
        if not (site / lang / folder).is_dir():
            continue
        types[section] = f"{lang}/{folder}/index.html"
        inner = sorted(p for p in (site / lang / folder).iterdir() if p.is_dir())
        if section in ONE_OF and inner:
            # the second one: the first city or participant is often the least typical
            chosen = inner[min(1, len(inner) - 1)]
            types[ONE_OF[section]] = chosen.relative_to(site).as_posix() + "/index.html"
    return types | photo_pages(site, lang)


def shoot(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    handler = partial(_Quiet, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    saved = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=CHROMIUM_ARGS)
            for scheme in ("light", "dark"):
                context = browser.new_context(color_scheme=scheme)
                page = context.new_page()
                for lang in ("en", "fr"):
                    chosen = page_types(site, lang)
                    if lang == "en":
                        chosen["entry"] = "index.html"
                    for kind, path in chosen.items():
                        if scheme == "dark" and kind not in ("home", "photo", "entry", "city"):
                            continue
                        name = kind if kind == "entry" else f"{kind}-{lang}"
                        for width, height in SCREENS.items():
                            if scheme == "dark" and width not in DARK_WIDTHS:
                                continue
                            page.set_viewport_size({"width": width, "height": height})
                            page.goto(origin + path, wait_until="networkidle")
                            suffix = "-dark" if scheme == "dark" else ""
                            saved.append(save(page, out / "pages" / f"{name}-{width}{suffix}.png"))
                context.close()
            saved += guide_pictures(browser, origin, site, out)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return saved


def guide_pictures(browser, origin: str, site: Path, out: Path) -> list[Path]:
    """The pictures the README and the curators' guide show, at 1280x800 (phone: 390x844)."""
    saved = []
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    for lang in ("en", "fr"):
        chosen = page_types(site, lang)
        shots = {f"home-{lang}": (chosen["home"], 1280), f"photo-{lang}": (chosen["photo"], 1280),
                 f"photo-phone-{lang}": (chosen["photo"], 390),
                 f"participant-{lang}": (chosen["participant"], 1280),
                 f"slideshow-{lang}": (chosen["slideshow"], 1280)}
        for name, (path, width) in shots.items():
            page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
            page.goto(origin + path, wait_until="networkidle")
            if name.startswith("slideshow"):  # as in a gallery: playing, controls faded
                page.locator(".slideshow-play").click()
                page.wait_for_selector(".slideshow-idle", timeout=10_000)
                page.wait_for_load_state("networkidle")
            saved.append(save(page, out / f"{name}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(origin + "index.html", wait_until="networkidle")
    saved.append(save(page, out / "entry.png"))
    context.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not shutil.which("chromium"):
        print("Debian's chromium is not on PATH: run scripts/setup-tests", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if site is None:
            sys.path.insert(0, str(ROOT))
            from photovoice.build import BuildOptions, build

            site = Path(scratch) / "build"
            build(ROOT / "content", site, BuildOptions())
        saved = shoot(site, args.out)
    print(f"{len(saved)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
