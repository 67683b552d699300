"""How the map's label placement scales with the number of cities.

    python benchmarks/map_labels.py [--sizes 100,200,400,800,1600]

Cities are drawn at random (a fixed seed) in Canada's populated south, kept where the map's own
outline says is Canada; each size plans the exhibition's map (`plan_map`: framing, clipping,
names and numbers) and one city's map. CPU time (time.process_time, best of three) per plan and
per city: placement looks only at nearby labels, dots and border edges (maplabels.Grid and
Territory), so the time per city should stay about flat as the count grows, where comparing
every label with every other grows with the count. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from photovoice.cartography import load_outline, plan_city_map, plan_map, project  # noqa: E402
from photovoice.maplabels import Territory  # noqa: E402
from photovoice.model import Localized  # noqa: E402
from photovoice.views import CityView  # noqa: E402


def cities(count: int, seed: int = 15) -> list[CityView]:
    canada = Territory(load_outline()["canada"])
    lakes = Territory(load_outline()["lakes"])
    rng, found = random.Random(seed), []
    while len(found) < count:
        lon, lat = rng.uniform(-125, -60), rng.uniform(42.5, 55)
        x, y = project(lon, lat)
        if not canada.contains(x, y) or lakes.contains(x, y):
            continue
        slug = f"city-{len(found):04d}"
        name = f"{rng.choice(['Saint', 'Port', 'Lac', 'Fort', 'New', 'Grand'])} {slug[-4:]}"
        found.append(CityView(slug=slug, path=f"en/cities/{slug}/index.html",
                              name=Localized(name, "en"), province="Somewhere",
                              label=f"{name}, Somewhere", participants=(), lat=lat, lon=lon))
    return found


def cpu_seconds(work) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,200,400,800,1600")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    print("| cities | overview map (s) | per city (ms) | one city's map (s) |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        group = cities(size)
        overview = cpu_seconds(lambda: plan_map(group))
        middle = group[size // 2]
        one = cpu_seconds(lambda: plan_city_map(group[:], middle))
        print(f"| {size} | {overview:.2f} | {overview / size * 1000:.2f} | {one:.3f} |")


if __name__ == "__main__":
    main()
