"""Lighthouse mobile scores of the sample exhibition: the English home page and a photo page.

    python benchmarks/lighthouse.py              # builds content/ first (cached afterwards)
    python benchmarks/lighthouse.py --site build # an existing build of the sample
    python benchmarks/lighthouse.py --runs 5

The site is served on 127.0.0.1 at the root of the host, as Netlify serves it: text
gzip-compressed, and the headers of netlify.toml (a year of caching for the hashed
files in static/ and media/). Lighthouse (tests/browser/node_modules, installed by
scripts/setup-tests) runs with its defaults, a phone on a simulated slow 4G network with a
4x slower CPU, in Debian's Chromium, on each page in turn, `--runs` times; the medians are
the figures. The performance score is computed from the CPU time the page took on this
machine, so a busy machine lowers it: every run prints Lighthouse's CPU benchmark index
(higher is faster) and the load average beside the scores, and a control page (one
paragraph, no stylesheet, image or script) is measured in the same rounds: its score is
the most this machine gives any page at that moment (`--no-control` skips it).

Targets (issue #7): performance >= 98, accessibility, best practices and SEO 100.
The JSON reports are kept in benchmarks/.work/lighthouse/reports/.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))  # the browser tests' server and Lighthouse runner
sys.path.insert(0, str(REPO))  # this checkout's photovoice, whatever is installed

from browser_lighthouse import CATEGORIES, chosen_pages, page_url, run_lighthouse  # noqa: E402
from browser_support import SiteServer, list_pages  # noqa: E402

WORK = HERE / ".work" / "lighthouse"
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


def build_sample() -> Path:
    from photovoice import BuildOptions, build

    output = WORK / "build"
    print(f"building content/ into {output.relative_to(REPO)} ...", flush=True)
    started = time.perf_counter()
    build(REPO / "content", output, BuildOptions(cache_dir=WORK / "cache"))
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return output


CONTROL = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Control page</title><meta name="description" content="One paragraph, nothing else.">
</head><body><h1>Control page</h1>
<p>One paragraph of text and nothing else: no stylesheet, no image, no script.</p>
</body></html>
"""


def control_site() -> Path:
    """The least a page can be: what Lighthouse gives it is this machine's ceiling right now."""
    site = WORK / "control"
    (site / "control").mkdir(parents=True, exist_ok=True)
    (site / "control" / "index.html").write_text(CONTROL, encoding="utf-8")
    # SiteServer finds the site's root in the 404 page's icon link.
    (site / "404.html").write_text('<!DOCTYPE html><html lang="en"><head><title>Not found'
                                   '</title><link rel="icon" href="/static/favicon.svg">'
                                   "</head><body></body></html>", encoding="utf-8")
    return site


def measure(servers: list[tuple[SiteServer, str]], runs: int) -> dict[str, list]:
    reports: dict[str, list] = {f"/{name}": [] for _, name in servers}
    for run in range(1, runs + 1):
        for server, name in servers:  # the pages alternate, so a busy moment hits all alike
            slug = name.strip("/").replace("/", "_") or "root"
            report = run_lighthouse(server.url(name), WORK / "reports" / f"{slug}-{run}.json")
            reports[f"/{name}"].append(report)
            load = "/".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"run {run} /{name}: {report.line()} | load average {load}", flush=True)
    return reports


def summarise(reports: dict[str, list], control: str | None) -> list[str]:
    """Print the medians, what lost points and Lighthouse's warnings; return missed targets."""
    runs = len(next(iter(reports.values())))
    print(f"\nLighthouse {next(iter(reports.values()))[0].version}, mobile, median of {runs} "
          "(gzip, netlify.toml's headers, 127.0.0.1):")
    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("|---|" + "---|" * len(CATEGORIES))
    missed = []
    for name, page_runs in reports.items():
        medians = {c: statistics.median(r.scores[c] for r in page_runs) for c in CATEGORIES}
        label = f"{name} (control: performance only)" if name == control else name
        print(f"| {label} | " + " | ".join(f"{medians[c]:g}" for c in CATEGORIES) + " |")
        if name != control:
            missed += [f"{name}: {c} {medians[c]:g} < {TARGETS[c]}"
                       for c in CATEGORIES if medians[c] < TARGETS[c]]
    for name, page_runs in reports.items():
        if name == control:
            continue
        print(f"\n{name}: audits that lost points (value and score of each run)")
        print_findings([r.failing for r in page_runs], with_items=True)
        print(f"{name}: advice that weighs nothing in the score")
        print_findings([r.advice for r in page_runs], with_items=False)
    warnings = sorted({w for page_runs in reports.values() for r in page_runs for w in r.warnings})
    if warnings:
        print("\nLighthouse warned:\n" + "\n".join(f"  {w}" for w in warnings))
    return missed


def print_findings(runs: list[dict], with_items: bool) -> None:
    """One line per audit with its value in every run; the elements it blames, once."""
    audits = sorted({audit for findings in runs for audit in findings})
    for audit in audits:
        found = [findings.get(audit) for findings in runs]
        first = next(f for f in found if f)
        values = ", ".join(f"{f.value or '-'} ({f.score})" if f else "passed" for f in found)
        print(f"  {audit} ({first.title}): {values}")
        if with_items:
            print("".join(f"    {item}\n" for item in first.items), end="")
    if not audits:
        print("  none")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built sample exhibition (default: build "
                        "content/ into benchmarks/.work/lighthouse/build)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (default: 3)")
    parser.add_argument("--no-control", action="store_true",
                        help="skip the control page (one paragraph, nothing else)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    site = args.site.resolve() if args.site else build_sample()
    pages = [page_url(p) for p in chosen_pages(list_pages(site))]
    with SiteServer(site, mount="/", compress=True) as server, \
            SiteServer(control_site(), mount="/", compress=True) as control_server:
        servers = [(server, name) for name in pages]
        if not args.no_control:
            servers.append((control_server, "control/"))
        reports = measure(servers, args.runs)
    missed = summarise(reports, None if args.no_control else "/control/")
    print("\ntargets: " + ("all met" if not missed else "missed: " + "; ".join(missed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
