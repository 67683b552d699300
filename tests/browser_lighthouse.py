"""Lighthouse (npm `lighthouse` in tests/browser) run on pages of the built site.

Shared by tests/test_browser_lighthouse.py (accessibility, best practices and SEO must be
100) and benchmarks/lighthouse.py (the same, plus the performance score, run several
times: it depends on the machine, so it is a benchmark figure, never a test).

Lighthouse runs with its defaults: a phone (Moto G Power-sized screen), simulated slow 4G
and a 4x slower CPU, computed from one unthrottled load of the page. The benchmark can
also pass another CPU slowdown multiplier, calibrated to this machine (see
`calibrated_cpu_slowdown` and benchmarks/README.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from browser_support import (CHROMIUM_ARGS, NODE_MODULES, SETUP_HINT, MissingTool, SitePage,
                             chromium_path, require_file)

LIGHTHOUSE_JS = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS",
           "speed-index": "SI"}


@dataclass(frozen=True)
class Finding:
    """An audit that scored below 1: what Lighthouse says it found."""
    title: str
    score: float
    value: str                      # Lighthouse's displayValue: "280 ms", "Est savings of 40 KiB"
    items: list[str]                # the first elements or URLs it blames

    def __str__(self) -> str:
        value = f", {self.value}" if self.value else ""
        return f"{self.title}: score {self.score}{value}" + "".join(
            f"\n    {item}" for item in self.items)


@dataclass(frozen=True)
class Report:
    url: str
    version: str
    scores: dict[str, int]          # category -> 0..100
    metrics: dict[str, str]         # "LCP" -> "1.2 s"
    failing: dict[str, Finding]     # "seo: canonical" -> what it found, for audits that lost points
    advice: dict[str, Finding]      # the same for audits that weigh nothing in the score
    benchmark_index: float          # Lighthouse's measure of this machine's CPU speed at the time
    cpu_slowdown: float             # the CPU slowdown multiplier the scores were simulated with
    warnings: list[str]             # Lighthouse's run warnings (a slow CPU, say)

    def line(self) -> str:
        scores = ", ".join(f"{name} {score}" for name, score in self.scores.items())
        metrics = ", ".join(f"{name} {value}" for name, value in self.metrics.items())
        return " | ".join(part for part in (
            scores, metrics, f"CPU benchmark index {self.benchmark_index:.0f}, "
            f"simulated CPU slowdown {self.cpu_slowdown:g}x") if part)


def node_path() -> str:
    path = shutil.which("node")
    if not path:
        raise MissingTool(f"node is not on PATH: {SETUP_HINT}")
    return path


def chosen_pages(pages: list[SitePage]) -> list[SitePage]:
    """The English home page and the first English photo page."""
    home = next(p for p in pages if p.kind == "home" and p.lang == "en")
    photo = next(p for p in pages if p.kind == "photo" and p.lang == "en")
    return [home, photo]


def page_url(page: SitePage) -> str:
    """The address a host serves the page under: its folder, not index.html."""
    return page.rel.removesuffix("index.html")


def calibrated_cpu_slowdown(benchmark_index: float) -> tuple[float, float, float]:
    """The CPU slowdown multiplier Lighthouse recommends for a host of this benchmarkIndex.

    Lighthouse's default 4x is meant to turn a high-end desktop (benchmarkIndex 1500-2000)
    into a mid-tier phone; docs/throttling.md ("Calibrating the CPU slowdown") says a slower
    host should use a smaller multiplier and points to the Lighthouse CPU throttling
    calculator (lighthouse-cpu-throttling-calculator.vercel.app, source
    github.com/patrickhulce/lighthouse-cpu-throttling-calculator, pages/index.js). This is
    that calculator's formula, piecewise linear through 150 -> 1x, 800 -> 2x, 1300 -> 3x,
    1533 -> 4x, 2000 -> 6x, with its range; rounded to one decimal as it prints it.
    Returns (multiplier, low, high).
    """
    index = benchmark_index
    if index >= 1300:
        multiplier = 3 + (index - 1300) / 233
        spread = max(multiplier - 3, 1.5, multiplier * 0.3)  # its Math.min(Math.max(...))
    elif index >= 800:
        multiplier, spread = 2 + (index - 800) / 500, 1.5
    elif index >= 150:
        multiplier, spread = 1 + (index - 150) / 650, 0.5
    else:
        raise ValueError(f"benchmarkIndex {index:.0f} < 150: the calculator says this host is "
                         "too slow to emulate Lighthouse's target phone")
    return tuple(round(x, 1) for x in (multiplier, multiplier - spread / 2,
                                       multiplier + spread / 2))


def run_lighthouse(url: str, output: Path, categories=CATEGORIES, timeout: int = 300,
                   cpu_slowdown: float | None = None) -> Report:
    """Run the Lighthouse CLI on `url` in Debian's Chromium; keep its JSON report in `output`.

    `cpu_slowdown` replaces Lighthouse's default CPU slowdown multiplier (4).
    """
    require_file(LIGHTHOUSE_JS)
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [node_path(), str(LIGHTHOUSE_JS), url, "--quiet", "--output=json",
               f"--output-path={output}", f"--only-categories={','.join(categories)}",
               f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    if cpu_slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:g}")
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not output.is_file():
        raise RuntimeError(f"lighthouse exited with {done.returncode} on {url}:\n"
                           f"{done.stderr[-3000:]}")
    return read_report(json.loads(output.read_text(encoding="utf-8")))


def read_report(result: dict) -> Report:
    if result.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {result['runtimeError']}")
    audits = result["audits"]
    scores, failing, advice = {}, {}, {}
    for name, category in result["categories"].items():
        if name not in CATEGORIES:
            continue
        scores[name] = round(category["score"] * 100)
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if audit["score"] is None or audit["score"] >= 1:
                continue
            found = Finding(audit["title"], audit["score"],
                            audit.get("displayValue", "").replace("\xa0", " "),
                            failing_items(audit))
            (failing if ref["weight"] > 0 else advice)[f"{name}: {audit['id']}"] = found
    metrics = {short: audits[name].get("displayValue", "").replace("\xa0", " ")
               for name, short in METRICS.items() if name in audits}
    return Report(result["finalDisplayedUrl"], result["lighthouseVersion"], scores, metrics,
                  failing, advice, result["environment"].get("benchmarkIndex", 0.0),
                  result["configSettings"]["throttling"]["cpuSlowdownMultiplier"],
                  [" ".join(w.split()) for w in result.get("runWarnings", [])])


def failing_items(audit: dict, limit: int = 5) -> list[str]:
    """The first few elements or URLs an audit blames, as one line each."""
    items = (audit.get("details") or {}).get("items") or []
    lines = []
    for item in items[:limit]:
        if not isinstance(item, dict):
            continue
        node = item.get("node") or {}
        where = node.get("selector") or item.get("url") or item.get("source") or ""
        what = node.get("explanation") or item.get("reason") or node.get("snippet") or ""
        line = " ".join(f"{where} {what}".split())[:300]
        if line:
            lines.append(line)
    return lines
