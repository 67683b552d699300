"""Where a city's name goes on the map: near its dot, clear of the other names and dots, and
never across the international border from it.

Placement is greedy (the most crowded cities choose first) over a fixed list of places around
each dot. Every check looks only at what is near, through `Grid` (placed labels and dots) and
`Territory` (foreign land's edges), so the work grows with the number of cities, not with its
square: an exhibition with hundreds of cities still builds quickly (benchmarks/map_labels.py).
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

Point = tuple[float, float]
Segment = tuple[float, float, float, float]


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: "Box", gap: float = 0) -> bool:
        return (self.x < other.right + gap and other.x < self.right + gap
                and self.y < other.bottom + gap and other.y < self.bottom + gap)

    def distance(self, x: float, y: float) -> float:
        return math.hypot(x - min(max(x, self.x), self.right), y - min(max(y, self.y), self.bottom))

    def covers(self, x: float, y: float, radius: float) -> bool:
        return self.distance(x, y) < radius

    def within(self, frame: "Box", margin: float = 0) -> bool:
        return (self.x >= frame.x + margin and self.y >= frame.y + margin
                and self.right <= frame.right - margin and self.bottom <= frame.bottom - margin)

    def grown(self, by: float) -> "Box":
        return Box(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)

    def edges(self) -> tuple[Segment, ...]:
        x0, y0, x1, y1 = self.x, self.y, self.right, self.bottom
        return ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0))


class Grid:
    """Items filed under every square cell their box touches: a query looks at a few cells."""

    def __init__(self, cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list] = defaultdict(list)

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box.x / c), math.floor(box.right / c) + 1):
            for j in range(math.floor(box.y / c), math.floor(box.bottom / c) + 1):
                yield i, j

    def add(self, box: Box, item) -> None:
        for key in self._keys(box):
            self.cells[key].append(item)

    def near(self, box: Box) -> list:
        """Each item filed in a cell the box touches, once, in the order they were added."""
        seen: dict = {}
        for key in self._keys(box):
            for item in self.cells.get(key, ()):
                seen[item] = None
        return list(seen)

    def near_points(self, box: Box) -> list:
        """For items filed as points (one cell each): no need to remove repeats."""
        cells = self.cells
        return [item for key in self._keys(box) for item in cells.get(key, ())]


def _segments_cross(a: Segment, b: Segment) -> bool:
    (ax, ay, bx, by), (cx, cy, dx, dy) = a, b

    def side(px, py, qx, qy, rx, ry) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1, d2 = side(cx, cy, dx, dy, ax, ay), side(cx, cy, dx, dy, bx, by)
    d3, d4 = side(ax, ay, bx, by, cx, cy), side(ax, ay, bx, by, dx, dy)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0)


def _segment_box(segment: Segment) -> Box:
    x1, y1, x2, y2 = segment
    return Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))


class Territory:
    """Foreign land (filled even-odd), asked whether a label or a leader line would touch it."""

    def __init__(self, rings: Iterable[Sequence[Point]], cell: float = 16.0):
        self.edges = Grid(cell)
        self.rows: dict[int, list[Segment]] = defaultdict(list)
        self.cell = cell
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]]):
                edge = (x1, y1, x2, y2)
                self.edges.add(_segment_box(edge), edge)
                for row in range(math.floor(min(y1, y2) / cell), math.floor(max(y1, y2) / cell) + 1):
                    self.rows[row].append(edge)

    def contains(self, x: float, y: float) -> bool:
        """Even-odd rule, counting only the edges in the point's row of cells."""
        crossings = 0
        for x1, y1, x2, y2 in self.rows.get(math.floor(y / self.cell), ()):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
        return crossings % 2 == 1

    def touches_box(self, box: Box) -> bool:
        if self.contains(box.x + box.width / 2, box.y + box.height / 2):
            return True
        for x1, y1, x2, y2 in self.edges.near(box):
            if box.x <= x1 <= box.right and box.y <= y1 <= box.bottom:
                return True
            if any(_segments_cross((x1, y1, x2, y2), side) for side in box.edges()):
                return True
        return False

    def crosses(self, segment: Segment) -> bool:
        return (self.contains(segment[2], segment[3])
                or any(_segments_cross(segment, edge)
                       for edge in self.edges.near(_segment_box(segment))))


@dataclass(frozen=True)
class Placed:
    box: Box
    leader: Segment | None  # from the dot to the label, when the label sits away from it


@dataclass(frozen=True)
class LabelStyle:
    """Sizes in map units for one layout (names, or numbers for a key). `longest_leader`: how
    far a name may sit from its dot before it is better left out (a neighbour at the edge of a
    city's map); the main city and an overview's cities are always named."""
    height: float
    dot_radius: float
    gap: float
    longest_leader: float = math.inf


# Where a label may go around its dot, in order of preference: beside, above or below, then
# diagonally, then the same again further away (in label heights) with a leader line.
_DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
_DISTANCES = (0, 0.5, 1, 1.75, 2.6, 3.8, 5.3, 7.5)


def candidates(x: float, y: float, width: float, style: LabelStyle) -> Iterator[Box]:
    h, near = style.height, style.dot_radius + style.gap
    for distance in _DISTANCES:
        reach = near + distance * h
        for dx, dy in _DIRECTIONS:
            if dx and not dy:  # beside: vertically centred on the dot
                left, top = (x + reach if dx > 0 else x - reach - width), y - h / 2
            elif dy and not dx:  # above or below: horizontally centred
                left, top = x - width / 2, (y - reach - h if dy < 0 else y + reach)
            else:  # diagonally: a corner of the label near the dot
                corner = reach * 0.75
                left = x + corner if dx > 0 else x - corner - width
                top = y + corner if dy > 0 else y - corner - h
            yield Box(round(left, 1), round(top, 1), width, h)


def further_candidates(x: float, y: float, width: float, style: LabelStyle) -> Iterator[Box]:
    """When every usual place is taken or across the border: rings of places in 16 directions,
    each ring half a label's height further out, to six heights."""
    h, near = style.height, style.dot_radius + style.gap
    for step in range(13):
        reach = near + step * 0.5 * h
        for k in range(16):
            angle = math.tau * k / 16
            cx = x + math.cos(angle) * (reach + width / 2)
            cy = y + math.sin(angle) * (reach + h / 2)
            yield Box(round(cx - width / 2, 1), round(cy - h / 2, 1), width, h)


def beyond_dot(segment: Segment, clear: float) -> Segment:
    """The part of a leader line outside its dot's clear circle: a city within a unit or two of
    the border (Windsor, on the Detroit River) may sit on it in the simplified outline."""
    x1, y1, x2, y2 = segment
    length = math.hypot(x2 - x1, y2 - y1)
    share = min(clear / length, 1.0) if length else 1.0
    return x1 + (x2 - x1) * share, y1 + (y2 - y1) * share, x2, y2


def leader(x: float, y: float, box: Box, style: LabelStyle) -> Segment | None:
    if box.covers(x, y, style.dot_radius + style.gap + 1):
        return None
    return (x, y, min(max(x, box.x), box.right), min(max(y, box.y), box.bottom))


def place_labels(dots: Sequence[Point], widths: Sequence[float], style: LabelStyle,
                 frame: Box, foreign: Territory, main: int | None = None
                 ) -> tuple[Placed | None, ...]:
    """One place per dot: inside the frame, on the dot's side of the border, over no other label
    or dot; when several are free, the first one nearer its own dot than any other dot.

    A label that finds no free place is left out (None), its dot still there; with a `main`
    dot (a city's own map), that one chooses first and always gets its label."""
    placer = _Placer(dots, widths, style, frame, foreign, main)
    order = sorted(range(len(dots)), key=lambda i: (i != main, placer.choices(i),
                                                    -placer.crowding(i), *dots[i], i))
    for i in order:
        place = placer.free_place(i) or (placer.least_bad_place(i) if i == main else None)
        if place:  # else the dot alone: its link still names it
            placer.placed[i] = place
            placer.labels.add(place.box, i)
    return tuple(placer.placed.get(i) for i in range(len(dots)))


class _Placer:
    """The labels placed so far, and what a new one must keep clear of."""

    def __init__(self, dots: Sequence[Point], widths: Sequence[float], style: LabelStyle,
                 frame: Box, foreign: Territory, main: int | None = None):
        self.dots, self.widths, self.style, self.frame, self.foreign = (
            dots, widths, style, frame, foreign)
        self.main = main
        self.clear = style.dot_radius + style.gap
        self.dot_grid = Grid(style.height)
        for i, (x, y) in enumerate(dots):
            self.dot_grid.add(Box(x, y, 0, 0), i)
        self.labels = Grid(max(max(widths, default=1.0), style.height * 2))
        self.placed: dict[int, Placed] = {}

    def choices(self, i: int) -> int:
        """Places left near the dot once the frame and the border have had their say: the
        cities with the fewest (near the border or the frame's edge) choose first."""
        x, y = self.dots[i]
        return sum(1 for box, _ in zip(candidates(x, y, self.widths[i], self.style), range(24))
                   if box.within(self.frame, self.style.gap)
                   and not self.foreign.touches_box(box))

    def crowding(self, i: int) -> int:
        x, y = self.dots[i]
        reach = self.style.height * 4
        return len(self.dot_grid.near_points(Box(x - reach, y - reach, 2 * reach, 2 * reach)))

    def _clashes(self, i: int, box: Box) -> Iterator[bool]:
        gap, clear = self.style.gap, self.clear
        for j in self.labels.near(box.grown(gap)):
            yield box.overlaps(self.placed[j].box, gap)
        around = box.grown(clear)
        for j in self.dot_grid.near_points(around):
            x, y = self.dots[j]
            # The square around the box first: most dots near it are outside that already.
            yield (j != i and around.x < x < around.right and around.y < y < around.bottom
                   and box.covers(x, y, clear))

    def free(self, i: int, box: Box) -> tuple[Placed | None, bool]:
        """The label at this place if it is clear of the frame's edge, other labels and dots and
        the border; and whether its leader line crosses the border. Cheapest checks first."""
        if not box.within(self.frame, self.style.gap) or any(self._clashes(i, box)):
            return None, False
        if self.foreign.touches_box(box):
            return None, False
        line = leader(*self.dots[i], box, self.style)
        if line and i != self.main and math.dist(line[:2], line[2:]) > self.style.longest_leader:
            return None, False
        return Placed(box, line), bool(line) and self.foreign.crosses(beyond_dot(line, self.clear))

    def ambiguous(self, i: int, box: Box) -> bool:
        """Another dot about as near the label as its own: a reader would pair them wrongly."""
        x, y = self.dots[i]
        radius = box.distance(x, y) * 1.5 + self.style.dot_radius
        return any(j != i and box.distance(*self.dots[j]) < radius
                   for j in self.dot_grid.near_points(box.grown(radius)))

    def free_place(self, i: int) -> Placed | None:
        """The first free, unambiguous place; else the first free one; else one further out;
        else, as the least evil, one whose leader line crosses a sliver of the neighbour
        (Windsor, boxed in by the Detroit River, Lake St. Clair and Lake Erie: its name goes
        north, its leader over the water)."""
        x, y = self.dots[i]
        first_free = first_crossing = None
        for box in candidates(x, y, self.widths[i], self.style):
            place, crossing = self.free(i, box)
            if place and not crossing:
                if not self.ambiguous(i, box):
                    return place
                first_free = first_free or place
            elif place:
                first_crossing = first_crossing or place
        if first_free:
            return first_free
        for box in further_candidates(x, y, self.widths[i], self.style):
            place, crossing = self.free(i, box)
            if place and not crossing:
                return place
            if place:
                first_crossing = first_crossing or place
        # A name that may be left out (a neighbour on a city's map) is, rather than cross.
        optional = i != self.main and self.style.longest_leader < math.inf
        return None if optional else first_crossing

    def least_bad_place(self, i: int) -> Placed:
        """For a label that must show and has no free place: the one that costs least. Across
        the border or the frame, only when nothing else is; else over the fewest labels and
        dots."""
        x, y = self.dots[i]

        def cost(box: Box) -> tuple[int, int, int]:
            line = leader(x, y, box, self.style)
            rejected = not box.within(self.frame, self.style.gap) or self.foreign.touches_box(box)
            crossing = bool(line) and self.foreign.crosses(beyond_dot(line, self.clear))
            return rejected, sum(self._clashes(i, box)), crossing

        width = self.widths[i]
        boxes = [*candidates(x, y, width, self.style), *further_candidates(x, y, width, self.style)]
        box = min(boxes, key=cost)
        return Placed(box, leader(x, y, box, self.style))


# Advance widths in em of a wide sans-serif (DejaVu Sans, Debian's default), a little rounded up
# so that the name fits its label in any system font; the text is centred in the label.
_NARROW, _WIDE = set("iljI.,:;'!|’ "), {"m": 1.0, "w": 0.84, "M": 0.88, "W": 1.02}
_SEMI = set("frt()-")


def label_width(text: str, font: float, height: float) -> float:
    """The width of a label in map units, from an estimate of its text's width; never less than
    its height (a number's label is round)."""
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
    # 1.06: the bolder weight; the padding each side is a quarter of the height.
    return round(max(em * font * 1.06 + height * 0.55, height), 1)
