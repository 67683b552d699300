"""The image bytes a visitor's browser downloads per page of the sample exhibition.

    python benchmarks/page_bytes.py               # builds content/ first (cached afterwards)
    python benchmarks/page_bytes.py --site build  # an existing build of the sample

For the first English page of each kind (home, cities, a city, participants, a
participant, a photo, the slideshow), in Debian's Chromium as a phone (390 x 844 CSS
px at 3x) and as a laptop (1280 x 800 at 1x): the images fetched when the page has
loaded (what Lighthouse weighs), then after scrolling to the bottom (every lazy image
a visitor who reads the whole page sees). Bytes of the image responses' bodies, in KB,
with the files chosen, so that two builds (before and after a change of sizes, formats
or encoder settings) can be compared page by page. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))  # the browser tests' server and Chromium
sys.path.insert(0, str(REPO))  # this checkout's photovoice, whatever is installed

from browser_support import SiteServer, launch_chromium, list_pages  # noqa: E402

WORK = HERE / ".work" / "page-bytes"
KINDS = ("home", "cities", "city", "participants", "participant", "photo", "slideshow")
DEVICES = {"phone 390 px at 3x": ({"width": 390, "height": 844}, 3),
           "laptop 1280 px at 1x": ({"width": 1280, "height": 800}, 1)}


def build_sample() -> Path:
    from photovoice import BuildOptions, build

    output = WORK / "build"
    print(f"building content/ into {output.relative_to(REPO)} ...", file=sys.stderr, flush=True)
    build(REPO / "content", output, BuildOptions(cache_dir=WORK / "cache"))
    return output


def images_fetched(browser, url: str, viewport: dict, scale: int) -> tuple[dict, dict]:
    """{image URL: bytes} when the page has loaded, then after scrolling to the bottom."""
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    fetched: dict[str, int] = {}

    def count(response) -> None:
        if response.request.resource_type == "image" and response.ok:
            fetched[response.url] = len(response.body())

    page.on("response", count)
    page.goto(url, wait_until="networkidle")
    loaded = dict(fetched)
    height = page.evaluate("document.documentElement.scrollHeight")
    for top in range(0, height + viewport["height"], viewport["height"] // 2):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(150)
    page.wait_for_load_state("networkidle")
    scrolled = dict(fetched)
    context.close()
    return loaded, scrolled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built sample exhibition (default: build "
                        "content/ into benchmarks/.work/page-bytes/build)")
    parser.add_argument("--files", action="store_true", help="also list the files fetched")
    args = parser.parse_args(argv)
    site = args.site.resolve() if args.site else build_sample()
    pages = list_pages(site)
    chosen = [next(p for p in pages if p.kind == kind and p.lang == "en")
              for kind in KINDS if any(p.kind == kind and p.lang == "en" for p in pages)]
    started = time.perf_counter()
    print("| page | device | images at load | KB at load | images after scrolling "
          "| KB after scrolling |\n|---|---|---:|---:|---:|---:|")
    totals = {device: [0, 0] for device in DEVICES}
    with SiteServer(site, mount="/") as server, launch_chromium() as browser:
        for page in chosen:
            url = server.url(page.rel.removesuffix("index.html"))
            for device, (viewport, scale) in DEVICES.items():
                loaded, scrolled = images_fetched(browser, url, viewport, scale)
                totals[device][0] += sum(loaded.values())
                totals[device][1] += sum(scrolled.values())
                print(f"| {page.kind} (`{page.rel}`) | {device} | {len(loaded)} | "
                      f"{sum(loaded.values()) / 1000:.0f} | {len(scrolled)} | "
                      f"{sum(scrolled.values()) / 1000:.0f} |", flush=True)
                if args.files:
                    for name, size in sorted(scrolled.items()):
                        print(f"|   | {server.rel(name)} | {size / 1000:.0f} KB | | | |")
    for device, (at_load, after) in totals.items():
        print(f"| **all {len(chosen)} pages** | {device} | | {at_load / 1000:.0f} | | "
              f"{after / 1000:.0f} |")
    print(f"\n({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
