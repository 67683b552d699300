"""Make photovoice/data/canada.json, the outlines of the city map, from Natural Earth.

Two sources, neither a dependency of the project; fetch them once:

- world-atlas 2.0.2 (npm): `countries-50m.json`, Natural Earth's 1:50m admin-0 countries as
  TopoJSON, whose shared arcs give the international border (through the Great Lakes too):

      cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz

- Natural Earth's own 1:50m GeoJSON (the natural-earth-vector repository, or any copy of it):
  `ne_50m_admin_1_states_provinces_lines.json` (province and territory borders) and
  `ne_50m_lakes.json`, in one folder.

    python scripts/make_map_data.py /tmp/package/countries-50m.json /path/to/ne-50m-folder

Everything is projected with photovoice.cartography's `project`, simplified with
Douglas-Peucker (the countries arc by arc, so shared borders stay shared), clipped to the data
frame, small islands and lakes dropped, and rounded to whole map units. The St. Lawrence
between Lake Ontario and its estuary is a channel a few kilometres wide, narrower than one map
unit: it is traced as a line down the middle of that channel in the countries' outline (and
along the border where the river is the border), so the map can draw it as water. The output is
deterministic.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from photovoice.cartography import DATA_HEIGHT, DATA_WIDTH, clip_ring, project  # noqa: E402
from photovoice.maplabels import Box, Territory  # noqa: E402

CANADA = "124"
TOLERANCE = {"canada": 1.1, "foreign": 2.2, "lines": 1.1}  # map units (1 unit = 5.44 km)
MIN_AREA = {"canada": 12.0, "foreign": 40.0, "lake": 20.0, "island": 12.0}  # square units
OUTPUT = Path(__file__).resolve().parent.parent / "photovoice" / "data" / "canada.json"

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Quantized, delta-encoded TopoJSON arcs -> projected map coordinates."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons(geometry: dict) -> list[list[list[int]]]:
    """Each polygon as its rings, each ring as arc indexes (~i: arc i reversed)."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, keeping both ends (arcs meet there)."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return [points[i] for i in sorted(keep)]


def ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc if not points else arc[1:]
    return points


def clip_frame(points: list[Point]) -> list[Point]:
    return clip_ring(points, Box(-1, -1, DATA_WIDTH + 2, DATA_HEIGHT + 2))


def rounded(points: list[Point], closed: bool = True) -> list[list[int]]:
    line: list[list[int]] = []
    for x, y in points:
        point = [round(x), round(y)]
        if not line or point != line[-1]:
            line.append(point)
    if closed and len(line) > 1 and line[0] == line[-1]:
        line.pop()  # the path's "z" closes it
    return line


def area(ring: list[list[int]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def in_frame(point: Point) -> bool:
    return -1 <= point[0] <= DATA_WIDTH + 1 and -1 <= point[1] <= DATA_HEIGHT + 1


def lines_in_frame(points: list[Point]) -> list[list[list[int]]]:
    """A line cut into the runs of points inside the frame, each simplified and rounded."""
    runs, run = [], []
    for point in points + [(math.inf, math.inf)]:
        if in_frame(point):
            run.append(point)
            continue
        line = rounded(simplify(run, TOLERANCE["lines"]), closed=False)
        if len(line) >= 2:
            runs.append(line)
        run = []
    return runs


def countries(topology: dict) -> tuple[dict[str, list], list[list[Point]], list[dict]]:
    """Canada's land, the foreign land in the frame, and the border they share."""
    arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]

    def arc_ids(geometry: dict) -> set[int]:
        return {i if i >= 0 else ~i for polygon in polygons(geometry)
                for ring in polygon for i in ring}

    canada_arcs = set().union(*(arc_ids(g) for g in geometries if g.get("id") == CANADA))
    foreign_arcs = set().union(*(arc_ids(g) for g in geometries if g.get("id") != CANADA))
    simplified = [simplify(arc, TOLERANCE["canada" if i in canada_arcs else "foreign"])
                  for i, arc in enumerate(arcs)]
    result: dict[str, list] = {"canada": [], "foreign": [], "border": []}
    for geometry in geometries:
        key = "canada" if geometry.get("id") == CANADA else "foreign"
        for polygon in polygons(geometry):
            for ring in polygon:
                points = clip_frame(ring_points(ring, simplified))
                ring_ = rounded(points)
                if len(ring_) >= 3 and area(ring_) >= MIN_AREA[key]:
                    result[key].append(ring_)
    for i in sorted(canada_arcs & foreign_arcs):
        result["border"] += lines_in_frame(simplified[i])
    return result, arcs, geometries


def geojson_lines(feature: dict) -> list[list[Point]]:
    geometry = feature["geometry"]
    lines = ([geometry["coordinates"]] if geometry["type"] == "LineString"
             else geometry["coordinates"])
    return [[project(lon, lat) for lon, lat in line] for line in lines]


def province_borders(source: dict) -> list[list[list[int]]]:
    return [line for feature in source["features"] if feature["properties"]["adm0_name"] == "Canada"
            for points in geojson_lines(feature) for line in lines_in_frame(points)]


def lakes(source: dict) -> list[list[list[int]]]:
    """Each big lake as its outer ring then its islands' rings (the map fills them even-odd)."""
    result = []
    for feature in source["features"]:
        geometry = feature["geometry"]
        polygons_ = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                     else geometry["coordinates"])
        for polygon in polygons_:
            rings = []
            for index, ring in enumerate(polygon):
                points = [project(lon, lat) for lon, lat in ring]
                if not any(in_frame(p) for p in points):
                    break
                ring_ = rounded(simplify(clip_frame(points), TOLERANCE["lines"]))
                if len(ring_) >= 3 and area(ring_) >= MIN_AREA["lake" if index == 0 else "island"]:
                    rings.append(ring_)
                elif index == 0:
                    break
            result += rings
    return result


# The St. Lawrence's course, lon/lat, from Lake Ontario to where its estuary is wide enough to
# show in the coastline: along the border (Kingston to Cornwall), then down the channel. Each
# point past Cornwall is moved to the middle of the channel in the 1:50m outline (`st_lawrence`).
ST_LAWRENCE = ((-76.30, 44.15), (-75.95, 44.34), (-75.68, 44.57), (-75.20, 44.89),
               (-74.73, 45.00), (-74.40, 45.10), (-74.10, 45.27), (-73.85, 45.40),
               (-73.52, 45.52), (-73.45, 45.68), (-73.13, 46.05), (-72.85, 46.20),
               (-72.52, 46.33), (-72.25, 46.48), (-71.88, 46.66), (-71.20, 46.80),
               (-70.95, 46.85), (-70.55, 47.02), (-70.10, 47.35))
ST_LAWRENCE_CHANNEL = 5  # the points from this one on are in the channel, not on the border


def st_lawrence(arcs: list[list[Point]], geometries: list[dict]) -> list[Point]:
    """The course, each channel point moved to the middle of the channel across the river."""
    land = [ring_points(ring, arcs) for geometry in geometries
            for polygon in polygons(geometry) for ring in polygon]
    land_near = Territory(ring for ring in land
                          if any(600 < x < 900 and 650 < y < 850 for x, y in ring))
    course = [project(lon, lat) for lon, lat in ST_LAWRENCE]
    for i in range(ST_LAWRENCE_CHANNEL, len(course)):
        (ax, ay), (bx, by) = course[i - 1], course[min(i + 1, len(course) - 1)]
        length = math.hypot(bx - ax, by - ay)
        across = (-(by - ay) / length, (bx - ax) / length)
        x, y = course[i]
        water = [k / 20 for k in range(-80, 81)
                 if not land_near.contains(x + across[0] * k / 20, y + across[1] * k / 20)]
        if not water:
            sys.exit(f"St. Lawrence: no water near {ST_LAWRENCE[i]}")
        nearest = min(water, key=abs)
        run = [nearest]  # the stretch of water around the nearest, 0.05 units a step
        while round(run[-1] + 0.05, 2) in water:
            run.append(round(run[-1] + 0.05, 2))
        while round(run[0] - 0.05, 2) in water:
            run.insert(0, round(run[0] - 0.05, 2))
        middle = (run[0] + run[-1]) / 2
        course[i] = (x + across[0] * middle, y + across[1] * middle)
    return course


def main(world_atlas: str, natural_earth: str, output: Path = OUTPUT) -> None:
    topology = json.loads(Path(world_atlas).read_text(encoding="utf-8"))
    folder = Path(natural_earth)
    read = lambda name: json.loads((folder / name).read_text(encoding="utf-8"))  # noqa: E731
    outlines, arcs, geometries = countries(topology)
    data = {
        "about": "Outlines for photovoice's city map, made by scripts/make_map_data.py from "
                 "Natural Earth 1:50m (public domain): countries via world-atlas 2.0.2, "
                 "province and territory borders, lakes (see NOTICE.md). Coordinates are map "
                 "units: photovoice.cartography.project, a Lambert conformal conic projection; "
                 "x east, y south, 1 unit = 5.44 km. Rings are closed implicitly; lines "
                 "(border, provinces, rivers) are open.",
        "frame": [0, 0, DATA_WIDTH, DATA_HEIGHT],
        **outlines,
        "provinces": province_borders(read("ne_50m_admin_1_states_provinces_lines.json")),
        "lakes": lakes(read("ne_50m_lakes.json")),
        "rivers": [rounded(st_lawrence(arcs, geometries), closed=False)],
    }
    text = json.dumps(data, separators=(",", ":"))
    # One ring per line keeps diffs readable.
    text = text.replace("]],[[", "]],\n[[")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n", encoding="utf-8")
    counts = ", ".join(f"{key} {len(data[key])}" for key in
                       ("canada", "foreign", "border", "provinces", "lakes", "rivers"))
    print(f"{output}: {counts}; {len(text)} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
