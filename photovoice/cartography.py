"""Maps of the exhibition's cities, planned at build time for an inline SVG.

`project` is the Lambert conformal conic projection Statistics Canada uses (EPSG:3347's
parameters on the GRS80 ellipsoid), scaled into map units of 5.44 km: x grows east and y grows
south, so SVG takes the numbers as they are. The outlines in data/canada.json were projected
the same way by scripts/make_map_data.py, from Natural Earth (see data/NOTICE.md): Canada and
its neighbours, the provinces' and territories' borders, the international border, the big
lakes and the St. Lawrence.

`plan_map` frames the exhibition's cities with some of the country around them; `plan_city_map`
frames one city and what is near it. Both clip the outlines to their frame, so a page carries
only what it shows, and give each city a label placed by `maplabels`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from .maplabels import Box, LabelStyle, Placed, Territory, label_width, place_labels
from .views import CityView

if TYPE_CHECKING:
    from .markup import MarkdownMemo

DATA = Path(__file__).parent / "data" / "canada.json"

# GRS80 ellipsoid and the Statistics Canada Lambert projection (EPSG:3347, less its false origin).
_A = 6378137.0
_E = math.sqrt(2 / 298.257222101 - (1 / 298.257222101) ** 2)
PARALLELS = (49.0, 77.0)
ORIGIN = (-91.866667, 63.390675)  # central meridian, latitude of origin

# The data's frame: its top-left corner in projected metres, and the metres in one map unit.
FRAME_LEFT, FRAME_TOP, UNIT = -2_560_000.0, 2_300_000.0, 5_440.0
DATA_WIDTH, DATA_HEIGHT = 1000, 960  # all of Canada, and the United States' north below it


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


Line = tuple[tuple[int, int], ...]
LAYERS = ("canada", "foreign", "border", "provinces", "lakes", "rivers")
_OPEN = {"border", "provinces", "rivers"}  # lines, not rings


@lru_cache(maxsize=1)
def load_outline() -> Mapping[str, tuple[Line, ...]]:
    """Each layer of data/canada.json (package data) as lines of whole-unit points."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert data["frame"] == [0, 0, DATA_WIDTH, DATA_HEIGHT], "canada.json: another frame"
    return MappingProxyType({key: tuple(tuple((x, y) for x, y in line) for line in data[key])
                             for key in LAYERS})


@lru_cache(maxsize=1)
def foreign_territory() -> Territory:
    return Territory(load_outline()["foreign"])


def path_data(lines: Iterable[Line], closed: bool = True) -> str:
    """SVG path data in relative moves, the shortest form: 'M12 34l5-6 7 8z'."""
    parts = []
    for line in lines:
        (x0, y0), rest = line[0], line[1:]
        steps, (px, py) = [], line[0]
        for x, y in rest:
            steps.append(_pair(x - px, y - py))
            px, py = x, y
        parts.append(f"M{_pair(x0, y0).lstrip()}l{''.join(steps).lstrip()}{'z' if closed else ''}")
    return "".join(parts)


def _pair(dx: int, dy: int) -> str:
    return f"{'' if dx < 0 else ' '}{dx}{'' if dy < 0 else ' '}{dy}"


def clip_ring(points: Sequence[tuple[float, float]], frame: Box) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of a filled ring inside the frame (seams along its edges
    fall outside the picture when the frame is a little larger than the view)."""
    left, top, right, bottom = frame.x, frame.y, frame.right, frame.bottom
    edges = [(lambda p: p[0] >= left, lambda a, b: _at_x(a, b, left)),
             (lambda p: p[0] <= right, lambda a, b: _at_x(a, b, right)),
             (lambda p: p[1] >= top, lambda a, b: _at_y(a, b, top)),
             (lambda p: p[1] <= bottom, lambda a, b: _at_y(a, b, bottom))]
    points = list(points)
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


def _at_x(a, b, x: float) -> tuple[float, float]:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a, b, y: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def _whole(points: Iterable[tuple[float, float]]) -> Line:
    line: list[tuple[int, int]] = []
    for x, y in points:
        point = (round(x), round(y))
        if not line or point != line[-1]:
            line.append(point)
    return tuple(line)


def clip_line(line: Line, frame: Box) -> list[Line]:
    """The runs of a line with a point in the frame, each kept a segment beyond it."""
    inside = [frame.x <= x <= frame.right and frame.y <= y <= frame.bottom for x, y in line]
    runs, start = [], None
    for i in range(len(line)):
        keep = inside[i] or (i > 0 and inside[i - 1]) or (i + 1 < len(line) and inside[i + 1])
        if keep and start is None:
            start = i
        if start is not None and (not keep or i == len(line) - 1):
            end = i + 1 if keep else i
            if end - start >= 2:
                runs.append(line[start:end])
            start = None
    return runs


@lru_cache(maxsize=256)
def outline_paths(frame: Box) -> Mapping[str, str]:
    """Each layer's path data, clipped to the frame grown by a few units."""
    clip_to = frame.grown(4)
    paths = {}
    for key, lines in load_outline().items():
        if key in _OPEN:
            kept = [run for line in lines for run in clip_line(line, clip_to)]
        else:
            kept = [ring for ring in (_whole(clip_ring(line, clip_to)) for line in lines)
                    if len(ring) >= 3]
        paths[key] = path_data(kept, closed=key not in _OPEN)
    return MappingProxyType(paths)


@dataclass(frozen=True)
class Label:
    text: str
    box: Box
    text_x: float       # the text's centre and baseline
    text_y: float
    leader: str | None  # path data of a line from the dot to a label moved away from it


@dataclass(frozen=True)
class MapMarker:
    city: CityView
    x: float            # the city, in map units
    y: float
    number: int         # its number in the map's key (west to east, from 1)
    name: Label | None  # the name (on a city's map, a neighbour's only where there is room)
    badge: Label | None  # the number, where the map is too narrow for names
    current: bool = False  # the city of the page the map is on


@dataclass(frozen=True)
class MapView:
    view_box: str
    paths: dict[str, str]            # each layer's path data, clipped to the view
    markers: tuple[MapMarker, ...]   # west to east: the keyboard's and the key's order
    font_size: float                 # of names, in map units
    badge_font_size: float
    dot_radius: float

    @property
    def here(self) -> MapMarker | None:
        """The city of the page the map is on, if any."""
        return next((marker for marker in self.markers if marker.current), None)

    @property
    def numbered(self) -> bool:
        return any(marker.badge for marker in self.markers)


# Sizes in CSS pixels at the narrowest width each layout is shown at. The overview map shows
# names from a 35rem (560 px) wide map up (style.css switches there) and numbers with a key
# below that, down to a 320 px phone's 288 px; a city's map shows names from 288 px up.
NAMES_FROM_PX, NARROWEST_PX = 560, 288
FONT_PX, LABEL_PX, DOT_PX, GAP_PX = 13, 23, 6, 3
# On a city's map, a neighbour's name at most this many label heights from its dot: further
# away, its leader line would run across the map (a dot at the frame's edge). The dot stays,
# a link named like the list's entry.
LONGEST_LEADER = 3.5


def _layout(view_width: float, at_px: float) -> tuple[float, LabelStyle]:
    """The font size and label style, in map units, for a map shown at_px wide."""
    unit = view_width / at_px
    return FONT_PX * unit, LabelStyle(LABEL_PX * unit, DOT_PX * unit, GAP_PX * unit)


# The overview's frame: the cities with a margin, never narrower than MIN_VIEW units, and
# between ASPECTS (height / width) so that enough of the country shows to be recognised; the
# height it gains goes mostly north, where the rest of Canada is.
MIN_VIEW, MARGIN, ASPECTS, NORTH_SHARE, SNAP = 300, 0.1, (0.55, 0.85), 0.85, 60
CITY_VIEW = (330, 250)  # a city's map: about 1,800 by 1,350 km around it
_DATA_FRAME = Box(0, 0, DATA_WIDTH, DATA_HEIGHT)


def frame_cities(points: Sequence[tuple[float, float]]) -> Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    margin = max(MARGIN * span, MIN_VIEW * 0.12)
    left, right = min(xs) - margin, max(xs) + margin
    top, bottom = min(ys) - margin, max(ys) + margin
    if right - left < MIN_VIEW:
        left, right = (left + right - MIN_VIEW) / 2, (left + right + MIN_VIEW) / 2
    width, height = right - left, bottom - top
    if height < ASPECTS[0] * width:
        grow = ASPECTS[0] * width - height
        top, bottom = top - grow * NORTH_SHARE, bottom + grow * (1 - NORTH_SHARE)
    elif height > ASPECTS[1] * width:
        grow = height / ASPECTS[1] - width
        left, right = left - grow / 2, right + grow / 2
    # A frame that nearly reaches the country's east or west end goes all the way there
    # (Newfoundland, Vancouver Island).
    left, right = (0 if left < SNAP else left), (DATA_WIDTH if right > DATA_WIDTH - SNAP else right)
    return _fit(Box(left, top, right - left, bottom - top))


def frame_city(x: float, y: float) -> Box:
    width, height = CITY_VIEW
    return _fit(Box(x - width / 2, y - height * 0.55, width, height))


def _fit(box: Box) -> Box:
    """The box in whole units, moved (or shrunk) into the data's frame."""
    width, height = min(round(box.width), DATA_WIDTH), min(round(box.height), DATA_HEIGHT)
    x = min(max(round(box.x), 0), DATA_WIDTH - width)
    y = min(max(round(box.y), 0), DATA_HEIGHT - height)
    return Box(x, y, width, height)


def _located(cities: Iterable[CityView]) -> list[tuple[float, float, CityView]]:
    """Cities with coordinates in the data's frame, west to east."""
    located = []
    for city in cities:
        if city.lat is None or city.lon is None:
            continue
        x, y = project(city.lon, city.lat)
        if 0 <= x <= DATA_WIDTH and 0 <= y <= DATA_HEIGHT:
            located.append((_tidy(x), _tidy(y), city))
    located.sort(key=lambda item: (item[0], item[1], item[2].slug))
    return located


def plan_map(cities: Sequence[CityView], memo: MarkdownMemo | None = None) -> MapView:
    """The exhibition's cities, each with its name, and its number for the key on a phone.

    `memo` (the build's memo of what texts were made into) keeps the clipped outlines
    and the label places between builds: they depend on the cities alone, and take
    longer to find than a caption edit takes to build.
    """
    located = _located(cities)
    if not located:
        return MapView("0 0 0 0", {}, (), 0, 0, 0)
    frame = frame_cities([(x, y) for x, y, _ in located])
    return _plan(frame, located, current=None, numbered=True, memo=memo)


def plan_city_map(cities: Sequence[CityView], city: CityView,
                  memo: MarkdownMemo | None = None) -> MapView:
    """One city's place: its name and dot stand out; the exhibition's cities near it are there
    too. Empty when the city has no coordinates."""
    located = _located(cities)
    own = next(((x, y) for x, y, c in located if c.slug == city.slug), None)
    if own is None:
        return MapView("0 0 0 0", {}, (), 0, 0, 0)
    frame = frame_city(*own)
    # A neighbour whose dot the frame would cut (half a dot in a corner) is left out.
    inner = frame.grown(-2 * _layout(frame.width, NARROWEST_PX)[1].dot_radius)
    nearby = [(x, y, c) for x, y, c in located
              if inner.x <= x <= inner.right and inner.y <= y <= inner.bottom]
    return _plan(frame, nearby, current=city.slug, numbered=False, memo=memo)


def _plan(frame: Box, located, current: str | None, numbered: bool,
          memo: MarkdownMemo | None = None) -> MapView:
    dots = tuple((x, y) for x, y, _ in located)
    font, names = _layout(frame.width, NAMES_FROM_PX if numbered else NARROWEST_PX)
    badge_font, badges = _layout(frame.width, NARROWEST_PX)
    badges = LabelStyle(badges.height, names.dot_radius, badges.gap)
    texts = tuple(city.name.text for _, _, city in located)
    main = next((i for i, (_, _, city) in enumerate(located) if city.slug == current), None)
    if not numbered:  # a neighbour on a city's map: named near its dot, or not at all
        names = replace(names, longest_leader=names.height * LONGEST_LEADER)
    placed = _remembered_placements(memo, dots, texts, font, names, frame, main)
    numbers = (_remembered_placements(memo, dots, tuple(str(i + 1) for i in range(len(dots))),
                                      badge_font, badges, frame)
               if numbered else (None,) * len(dots))
    markers = tuple(
        MapMarker(city, x, y, i + 1, _label(city.name.text, name, font) if name else None,
                  _label(str(i + 1), badge, badge_font) if badge else None, city.slug == current)
        for i, ((x, y, city), name, badge) in enumerate(zip(located, placed, numbers)))
    return MapView(f"{frame.x} {frame.y} {frame.width} {frame.height}",
                   _remembered_outlines(memo, frame), markers, _tidy(font), _tidy(badge_font),
                   _tidy(names.dot_radius))


def _remembered_outlines(memo: MarkdownMemo | None, frame: Box) -> dict[str, str]:
    if memo is None:
        return dict(outline_paths(frame))
    return json.loads(memo.converted(("map outlines", repr(frame)),
                                     lambda: json.dumps(dict(outline_paths(frame)))))


def _remembered_placements(memo: MarkdownMemo | None, *args) -> tuple[Placed | None, ...]:
    """_placements(*args), kept in `memo` as JSON (exact: floats go through their repr)."""
    if memo is None:
        return _placements(*args)

    def found() -> str:
        return json.dumps([None if place is None else [
            [place.box.x, place.box.y, place.box.width, place.box.height], place.leader]
            for place in _placements(*args)])

    return tuple(None if place is None else Placed(
        Box(*place[0]), None if place[1] is None else tuple(place[1]))
        for place in json.loads(memo.converted(("map labels", repr(args)), found)))


def _placements(dots, texts, font, style, frame, main=None) -> tuple[Placed | None, ...]:
    widths = tuple(label_width(text, font, style.height) for text in texts)
    return place_labels(dots, widths, style, frame, foreign_territory(), main)


def _label(text: str, placed: Placed, font: float) -> Label:
    box = placed.box
    line = placed.leader
    return Label(text, box, _tidy(box.x + box.width / 2),
                 _tidy(box.y + box.height / 2 + font * 0.35),
                 f"M{_tidy(line[0])} {_tidy(line[1])}L{_tidy(line[2])} {_tidy(line[3])}"
                 if line else None)


def _tidy(value: float) -> float | int:
    """One decimal, none when it is zero: '694', not '694.0'."""
    rounded = round(float(value), 1)
    return int(rounded) if rounded.is_integer() else rounded
