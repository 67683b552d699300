"""Lighthouse mobile scores of the sample exhibition: the English home page and a photo page.

    python benchmarks/lighthouse.py              # builds content/ first (cached afterwards)
    python benchmarks/lighthouse.py --site build # an existing build of the sample
    python benchmarks/lighthouse.py --runs 5 --calibrate
    python benchmarks/lighthouse.py --runs 5 --cpu-slowdown 2.4   # a multiplier printed before
    python benchmarks/lighthouse.py --kinds home,cities,city,participants,participant,photo,slideshow

The site is served on 127.0.0.1 at the root of the host, as Netlify serves it: text
gzip-compressed, and the headers of the site's _headers (a year of caching for the hashed
files in static/ and media/). Lighthouse (tests/browser/node_modules, installed by
scripts/setup-tests) runs with its defaults, a phone on a simulated slow 4G network with a
4x slower CPU, in Debian's Chromium, on each page in turn, `--runs` times; the medians are
the figures. The performance score is computed from the CPU time the page took on this
machine, so a busy machine lowers it: every run prints Lighthouse's CPU benchmark index
(higher is faster) and the load average beside the scores, and a control page (one
paragraph, no stylesheet, image or script) is measured in the same rounds: its score is
the most this machine gives any page at that moment (`--no-control` skips it).

The 4x is meant for a fast desktop (benchmarkIndex 1500-2000). Lighthouse's
docs/throttling.md asks a slower host to calibrate: `--calibrate` first runs Lighthouse
on the control page `--calibration-runs` times, takes the median benchmarkIndex, turns it
into a multiplier with Lighthouse's CPU throttling calculator (`calibrated_cpu_slowdown`
in tests/browser_lighthouse.py), prints both, and then measures every page twice a round,
with the default 4x and with that multiplier, side by side. `--cpu-slowdown X` does the
same with a multiplier given (one a calibration printed earlier, to reproduce a figure).

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

from browser_lighthouse import (CATEGORIES, calibrated_cpu_slowdown, chosen_pages,  # noqa: E402
                                page_url, run_lighthouse)
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
    (site / "_headers").write_text("", encoding="utf-8")  # SiteServer sends the site's headers
    return site


def calibrate(control: SiteServer, runs: int) -> float:
    """Lighthouse's CPU benchmark index of this machine now (median of `runs` runs on the
    control page, default settings), turned into a multiplier by Lighthouse's calculator."""
    indexes = []
    for run in range(1, runs + 1):
        report = run_again_if_lost(control.url("control/"),
                                   WORK / "reports" / f"calibration-{run}.json", None)
        indexes.append(report.benchmark_index)
        print(f"calibration run {run}: CPU benchmark index {report.benchmark_index:.0f} "
              f"| load average {load_average()}", flush=True)
    index = statistics.median(indexes)
    multiplier, low, high = calibrated_cpu_slowdown(index)
    print(f"calibration: median CPU benchmark index {index:.0f} -> CPU slowdown {multiplier:g}x "
          f"(the calculator's range {low:g}-{high:g}x; Lighthouse's default is 4x, meant for an "
          "index of about 1500-2000)\n", flush=True)
    return multiplier


def load_average() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def setting(slowdown: float | None) -> str:
    return "CPU slowdown 4x (Lighthouse's default)" if slowdown is None else \
        f"CPU slowdown {slowdown:g}x"


def measure(servers: list[tuple[SiteServer, str]], runs: int,
            slowdowns: list[float | None]) -> dict[float | None, dict[str, list]]:
    """Every page with every CPU slowdown in turn, `runs` rounds; reports by slowdown, page."""
    reports = {slowdown: {f"/{name}": [] for _, name in servers} for slowdown in slowdowns}
    for run in range(1, runs + 1):
        for server, name in servers:  # the pages alternate, so a busy moment hits all alike
            slug = name.strip("/").replace("/", "_") or "root"
            for slowdown in slowdowns:
                tag = "" if slowdown is None else f"-cpu{slowdown:g}x"
                output = WORK / "reports" / f"{slug}{tag}-{run}.json"
                report = run_again_if_lost(server.url(name), output, slowdown)
                reports[slowdown][f"/{name}"].append(report)
                print(f"run {run} /{name}: {report.line()} | load average {load_average()}",
                      flush=True)
    return reports


def run_again_if_lost(url: str, output: Path, slowdown: float | None, tries: int = 3):
    """Lighthouse sometimes loses the trace of a load on a busy machine ("Something went
    wrong with recording the trace... Please run Lighthouse again"): run again, say so."""
    for attempt in range(1, tries + 1):
        try:
            return run_lighthouse(url, output, cpu_slowdown=slowdown)
        except RuntimeError as error:
            if attempt == tries:
                raise
            print(f"  Lighthouse failed, running again: {str(error).splitlines()[-1][:200]}",
                  flush=True)


def summarise(reports: dict[str, list], control: str | None, title: str) -> list[str]:
    """Print the medians, what lost points and Lighthouse's warnings; return missed targets."""
    all_runs = [r for page_runs in reports.values() for r in page_runs]
    runs = len(next(iter(reports.values())))
    indexes = sorted(r.benchmark_index for r in all_runs)
    index = statistics.median(indexes)
    print(f"\n{title}: Lighthouse {all_runs[0].version}, mobile, median of {runs} "
          "(gzip, the site's _headers, 127.0.0.1); CPU benchmark index median "
          f"{index:.0f} ({indexes[0]:.0f}-{indexes[-1]:.0f}; the calculator's CPU slowdown "
          f"for that median: {calibrated_cpu_slowdown(index)[0]:g}x):")
    print("| page | " + " | ".join(CATEGORIES) + " | TBT (ms) |")
    print("|---|" + "---|" * (len(CATEGORIES) + 1))
    missed = []
    for name, page_runs in reports.items():
        medians = {c: statistics.median(r.scores[c] for r in page_runs) for c in CATEGORIES}
        each = ", ".join(str(r.scores["performance"]) for r in page_runs)
        tbt = ", ".join(r.metrics.get("TBT", "-").removesuffix(" ms") for r in page_runs)
        label = f"{name} (control: performance only)" if name == control else name
        print(f"| {label} | {medians['performance']:g} ({each}) | "
              + " | ".join(f"{medians[c]:g}" for c in CATEGORIES[1:]) + f" | {tbt} |")
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
    warnings = sorted({w for r in all_runs for w in r.warnings})
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
    calibration = parser.add_mutually_exclusive_group()
    calibration.add_argument("--calibrate", action="store_true",
                             help="also measure with the CPU slowdown Lighthouse's calculator "
                             "gives for this machine's benchmark index")
    calibration.add_argument("--cpu-slowdown", type=float, metavar="X",
                             help="also measure with this CPU slowdown multiplier")
    parser.add_argument("--calibration-runs", type=int, default=5,
                        help="runs whose median benchmark index calibrates (default: 5)")
    parser.add_argument("--kinds", help="the first English page of each of these kinds "
                        "(comma-separated: home, cities, city, participants, participant, "
                        "photo, slideshow, themes, theme, about...) instead of the English "
                        "home page and the first photo page")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    site = args.site.resolve() if args.site else build_sample()
    listed = list_pages(site)
    if args.kinds:
        chosen = [next(p for p in listed if p.kind == kind and p.lang == "en")
                  for kind in args.kinds.split(",")]
    else:
        chosen = chosen_pages(listed)
    pages = [page_url(p) for p in chosen]
    with SiteServer(site, mount="/", compress=True) as server, \
            SiteServer(control_site(), mount="/", compress=True) as control_server:
        slowdowns: list[float | None] = [None]
        if args.calibrate:
            slowdowns.append(calibrate(control_server, args.calibration_runs))
        elif args.cpu_slowdown:
            slowdowns.append(args.cpu_slowdown)
        servers = [(server, name) for name in pages]
        if not args.no_control:
            servers.append((control_server, "control/"))
        reports = measure(servers, args.runs, slowdowns)
    control = None if args.no_control else "/control/"
    for slowdown in slowdowns:
        missed = summarise(reports[slowdown], control, setting(slowdown))
        print(f"\ntargets with the {setting(slowdown)}: "
              + ("all met" if not missed else "missed: " + "; ".join(missed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
