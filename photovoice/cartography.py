"""A map of Canada with the exhibition's cities, planned at build time for an inline SVG.

`project` is the Lambert conformal conic projection Statistics Canada uses (EPSG:3347's
parameters on the GRS80 ellipsoid), scaled into the map's frame: x grows east and y grows
south, in map units of 5.44 km, so SVG takes the numbers as they are. The outlines in
data/canada.json were projected the same way by scripts/make_map_data.py, from Natural Earth
(see data/NOTICE.md). `plan_map` puts one marker per city that has coordinates and gives each
a label placed so that no two labels, and no label and another city's dot, overlap.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .views import CityView

DATA = Path(__file__).parent / "data" / "canada.json"

# GRS80 ellipsoid and the Statistics Canada Lambert projection (EPSG:3347, less its false origin).
_A = 6378137.0
_E = math.sqrt(2 / 298.257222101 - (1 / 298.257222101) ** 2)
PARALLELS = (49.0, 77.0)
ORIGIN = (-91.866667, 63.390675)  # central meridian, latitude of origin

# The frame: its top-left corner in projected metres, and the metres in one map unit.
FRAME_LEFT, FRAME_TOP, UNIT = -2_560_000.0, 2_300_000.0, 5_440.0
WIDTH, HEIGHT = 1000, 864

# Marker layout, in map units. At the map's largest size (CSS in style.css: 46rem, 736 px wide)
# one unit is 0.74 px: labels are 15 px text in pills 25 px tall, the WCAG 2.5.8 target size.
FONT_SIZE = 20
LABEL_HEIGHT = 34
LABEL_PADDING = 9
DOT_RADIUS = 7
GAP = 4


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    s = _E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (_E / 2)


_P1, _P2 = (math.radians(p) for p in PARALLELS)
_N = (math.log(_m(_P1)) - math.log(_m(_P2))) / (math.log(_t(_P1)) - math.log(_t(_P2)))
_F = _m(_P1) / (_N * _t(_P1) ** _N)
_RHO0 = _A * _F * _t(math.radians(ORIGIN[1])) ** _N


def lambert(lon: float, lat: float) -> tuple[float, float]:
    """Projected metres east and north of the origin (EPSG:3347 without its false origin)."""
    rho = _A * _F * _t(math.radians(lat)) ** _N
    theta = _N * math.radians((lon - ORIGIN[0] + 180) % 360 - 180)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


def project(lon: float, lat: float) -> tuple[float, float]:
    """Map units: x east from the frame's left edge, y south from its top edge."""
    x, y = lambert(lon, lat)
    return (x - FRAME_LEFT) / UNIT, (FRAME_TOP - y) / UNIT


Ring = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Outline:
    canada: tuple[Ring, ...]
    neighbours: tuple[Ring, ...]  # the United States and Greenland, clipped to the frame


@lru_cache(maxsize=1)
def load_outline() -> Outline:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert data["viewBox"] == [0, 0, WIDTH, HEIGHT], "canada.json was made for another frame"

    def rings(key: str) -> tuple[Ring, ...]:
        return tuple(tuple((x, y) for x, y in ring) for ring in data[key])

    return Outline(rings("canada"), rings("neighbours"))


def path_data(rings: Iterable[Ring]) -> str:
    """SVG path data in relative moves, the shortest form: 'M12 34l5-6 7 8z'."""
    parts = []
    for ring in rings:
        (x0, y0), rest = ring[0], ring[1:]
        steps, (px, py) = [], ring[0]
        for x, y in rest:
            steps.append(_pair(x - px, y - py))
            px, py = x, y
        parts.append(f"M{_pair(x0, y0).lstrip()}l{''.join(steps).lstrip()}z")
    return "".join(parts)


def _pair(dx: int, dy: int) -> str:
    return f"{'' if dx < 0 else ' '}{dx}{'' if dy < 0 else ' '}{dy}"


@lru_cache(maxsize=1)
def outline_paths() -> tuple[str, str]:
    outline = load_outline()
    return path_data(outline.canada), path_data(outline.neighbours)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: "Box", gap: float = GAP) -> bool:
        return (self.x < other.x + other.width + gap and other.x < self.x + self.width + gap
                and self.y < other.y + other.height + gap and other.y < self.y + self.height + gap)

    def distance(self, x: float, y: float) -> float:
        nearest_x = min(max(x, self.x), self.x + self.width)
        nearest_y = min(max(y, self.y), self.y + self.height)
        return math.hypot(x - nearest_x, y - nearest_y)

    def covers(self, x: float, y: float, radius: float) -> bool:
        return self.distance(x, y) < radius

    def inside_frame(self) -> bool:
        return (self.x >= GAP and self.y >= GAP and self.x + self.width <= WIDTH - GAP
                and self.y + self.height <= HEIGHT - GAP)


@dataclass(frozen=True)
class MapMarker:
    city: CityView
    x: float                # the city, in map units
    y: float
    label: Box              # the visible name, also the link's target area
    text_x: float           # the name's centre and baseline
    text_y: float
    leader: str | None      # a line from the dot to a label moved away from it


@dataclass(frozen=True)
class MapView:
    view_box: str
    canada: str             # path data
    neighbours: str
    markers: tuple[MapMarker, ...]  # west to east: the keyboard's order
    font_size: int = FONT_SIZE
    dot_radius: int = DOT_RADIUS


def plan_map(cities: Sequence[CityView]) -> MapView:
    """One marker per city with coordinates inside the frame; the others stay off the map."""
    located = []
    for city in cities:
        if city.lat is None or city.lon is None:
            continue
        x, y = project(city.lon, city.lat)
        if DOT_RADIUS <= x <= WIDTH - DOT_RADIUS and DOT_RADIUS <= y <= HEIGHT - DOT_RADIUS:
            located.append((_tidy(x), _tidy(y), city))
    located.sort(key=lambda item: (item[0], item[1], item[2].slug))
    dots = [(x, y) for x, y, _ in located]
    widths = tuple(label_width(city.name.text) for _, _, city in located)
    labels = _place_labels(tuple(dots), widths)
    markers = tuple(_marker(x, y, city, box) for (x, y, city), box in zip(located, labels))
    canada, neighbours = outline_paths()
    return MapView(f"0 0 {WIDTH} {HEIGHT}", canada, neighbours, markers)


def _marker(x: float, y: float, city: CityView, box: Box) -> MapMarker:
    text_x = _tidy(box.x + box.width / 2)
    text_y = _tidy(box.y + box.height / 2 + FONT_SIZE * 0.35)
    leader = None
    if not box.covers(x, y, DOT_RADIUS + GAP + 1):
        end_x = min(max(x, box.x), box.x + box.width)
        end_y = min(max(y, box.y), box.y + box.height)
        leader = f"M{x} {y}L{_tidy(end_x)} {_tidy(end_y)}"
    return MapMarker(city, x, y, box, text_x, text_y, leader)


def _tidy(value: float) -> float | int:
    """One decimal, none when it is zero: '694', not '694.0'."""
    rounded = round(float(value), 1)
    return int(rounded) if rounded.is_integer() else rounded


# Advance widths in em of a wide sans-serif (DejaVu Sans, Debian's default), a little rounded up
# so that the name fits its label in any system font; the text is centred in the label.
_NARROW, _WIDE = set("iljI.,:;'!|’ "), {"m": 1.0, "w": 0.84, "M": 0.88, "W": 1.02}
_SEMI = set("frt()-")


def label_width(text: str) -> int:
    """The width of a city's label in map units, from an estimate of its name's width."""
    em = 0.0
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in "WF":
            em += 1.0
        elif char in _WIDE:
            em += _WIDE[char]
        elif char in _NARROW:
            em += 0.32
        elif char in _SEMI:
            em += 0.42
        else:
            em += 0.74 if char.isupper() else 0.64
    return math.ceil(em * FONT_SIZE * 1.06 + 2 * LABEL_PADDING)  # 1.06: the bolder weight


# Where a label may go around its dot, in order of preference: beside, above or below, then
# diagonally, then the same again further away with a leader line.
_DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
_DISTANCES = (0, 18, 36, 60, 90, 130, 180)


def _candidates(x: float, y: float, width: float) -> Iterable[Box]:
    h, near = LABEL_HEIGHT, DOT_RADIUS + GAP
    for distance in _DISTANCES:
        for dx, dy in _DIRECTIONS:
            if dx and not dy:  # beside: vertically centred on the dot
                left = x + near + distance if dx > 0 else x - near - distance - width
                top = y - h / 2
            elif dy and not dx:  # above or below: horizontally centred
                left = x - width / 2
                top = y - near - distance - h if dy < 0 else y + near + distance
            else:  # diagonally: a corner of the label near the dot
                reach = (near + distance) * 0.75
                left = x + reach if dx > 0 else x - reach - width
                top = y + reach if dy > 0 else y - reach - h
            yield Box(round(left), round(top), width, h)


@lru_cache(maxsize=64)
def _place_labels(dots: tuple[tuple[float, float], ...], widths: tuple[float, ...]
                  ) -> tuple[Box, ...]:
    """Greedy: the most crowded cities choose first; the first free place around a dot wins,
    unless another dot is about as near to it as its own (a reader would pair them wrongly).

    Cached: the home and cities pages of each language show the same map.
    """
    def crowding(i: int) -> int:
        return sum(1 for j, (x, y) in enumerate(dots)
                   if j != i and math.hypot(x - dots[i][0], y - dots[i][1]) < 200)

    order = sorted(range(len(dots)), key=lambda i: (-crowding(i), dots[i][0]))
    placed: dict[int, Box] = {}
    for i in order:
        x, y = dots[i]
        others = [dot for j, dot in enumerate(dots) if j != i]

        def clash(box: Box) -> float:
            hits = sum(box.overlaps(other) for other in placed.values())
            hits += sum(box.covers(ox, oy, DOT_RADIUS + GAP) for ox, oy in others)
            return hits + (0 if box.inside_frame() else 100)

        def ambiguous(box: Box) -> bool:
            own = box.distance(x, y)
            return any(box.distance(ox, oy) < own * 1.5 + DOT_RADIUS for ox, oy in others)

        # In order of preference: the first free, unambiguous place; else the first free
        # place; else the least crowded. Most labels take one of the first few places.
        first_free = fallback = None
        for box in _candidates(x, y, widths[i]):
            hits = clash(box)
            if not hits:
                if not ambiguous(box):
                    placed[i] = box
                    break
                first_free = first_free or box
            if fallback is None or hits < fallback[0]:
                fallback = (hits, box)
        else:
            placed[i] = first_free or fallback[1]
    return tuple(placed[i] for i in range(len(dots)))
