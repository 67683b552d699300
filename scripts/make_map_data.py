"""Make photovoice/data/canada.json, the outlines of the city map, from Natural Earth.

The source is `countries-50m.json` of the world-atlas npm package (Natural Earth's 1:50m
admin-0 countries as TopoJSON). It is not a dependency of the project; fetch it once:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_map_data.py /tmp/package/countries-50m.json

Canada (id "124") and every other country that shows in the frame (the United States,
Greenland, Iceland) are projected with photovoice.cartography's
`project`, simplified arc by arc with Douglas-Peucker (so shared borders stay shared), the
neighbours clipped to the frame, tiny islands dropped, and coordinates rounded to whole map
units. The output is deterministic.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from photovoice.cartography import HEIGHT, WIDTH, project  # noqa: E402

CANADA = "124"
TOLERANCE = {"canada": 1.1, "neighbours": 2.2}  # map units (1 unit = 5.44 km)
MIN_AREA = {"canada": 12.0, "neighbours": 40.0}  # square map units
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
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
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


def clip(points: list[Point], left: float, top: float, right: float, bottom: float) -> list[Point]:
    """Sutherland-Hodgman against the frame (a fill-only shape, so seams along it are fine)."""
    edges = [(lambda p: p[0] >= left, lambda a, b: _at_x(a, b, left)),
             (lambda p: p[0] <= right, lambda a, b: _at_x(a, b, right)),
             (lambda p: p[1] >= top, lambda a, b: _at_y(a, b, top)),
             (lambda p: p[1] <= bottom, lambda a, b: _at_y(a, b, bottom))]
    for inside, cross in edges:
        if not points:
            break
        output = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    output.append(cross(previous, current))
                output.append(current)
            elif inside(previous):
                output.append(cross(previous, current))
        points = output
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a: Point, b: Point, y: float) -> Point:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def rounded(points: list[Point]) -> list[list[int]]:
    ring: list[list[int]] = []
    for x, y in points:
        point = [round(x), round(y)]
        if not ring or point != ring[-1]:
            ring.append(point)
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()  # the path's "z" closes it
    return ring


def area(ring: list[list[int]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def outlines(topology: dict) -> dict[str, list[list[list[int]]]]:
    arcs = decode_arcs(topology)
    countries = topology["objects"]["countries"]["geometries"]
    canada_arcs = {i if i >= 0 else ~i for geometry in countries if geometry.get("id") == CANADA
                   for polygon in polygons(geometry) for ring in polygon for i in ring}
    simplified = [simplify(arc, TOLERANCE["canada" if i in canada_arcs else "neighbours"])
                  for i, arc in enumerate(arcs)]
    result: dict[str, list[list[list[int]]]] = {"canada": [], "neighbours": []}
    for geometry in countries:
        key = "canada" if geometry.get("id") == CANADA else "neighbours"
        for polygon in polygons(geometry):
            for ring in polygon:
                points = ring_points(ring, simplified)
                if key == "neighbours":
                    points = clip(points, -1, -1, WIDTH + 1, HEIGHT + 1)
                else:
                    assert all(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in points), \
                        "Canada does not fit the frame: change it in photovoice/cartography.py"
                ring_ = rounded(points)
                if len(ring_) >= 3 and area(ring_) >= MIN_AREA[key]:
                    result[key].append(ring_)
    return result


def main(source: str, output: Path = OUTPUT) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    data = {
        "about": "Outlines for photovoice's city map, made by scripts/make_map_data.py from "
                 "Natural Earth 1:50m countries (public domain) via world-atlas 2.0.2 "
                 "(see NOTICE.md). Coordinates are map units: photovoice.cartography.project, "
                 "a Lambert conformal conic projection; x east, y south, 1 unit = 5.44 km. "
                 "Each ring is closed implicitly.",
        "viewBox": [0, 0, WIDTH, HEIGHT],
        **outlines(topology),
    }
    text = json.dumps(data, separators=(",", ":"))
    # One ring per line keeps diffs readable.
    text = text.replace("]],[[", "]],\n[[")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n", encoding="utf-8")
    points = sum(len(ring) for key in ("canada", "neighbours") for ring in data[key])
    print(f"{output}: {len(data['canada'])} + {len(data['neighbours'])} rings, "
          f"{points} points, {len(text)} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
