"""Where a city's name goes on the map: near its dot, clear of the other names and dots, and
never across the international border from it.

Placement is greedy (the most crowded cities choose first) over a fixed list of places around
each dot. Every check looks only at what is near, through `Grid` (placed labels and dots) and
`Territory` (foreign land's edges), so the work grows with the number of cities, not with its
square: an exhibition with hundreds of cities still builds quickly (benchmarks/map_labels.py).
"""

from __future__ import annotations

import math
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
    """Sizes in map units for one layout (names, or numbers for a key)."""
    height: float
    dot_radius: float
    gap: float


# Where a label may go around its dot, in order of preference: beside, above or below, then
# diagonally, then the same again further away (in label heights) with a leader line.
_DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
_DISTANCES = (0, 0.5, 1, 1.75, 2.6, 3.8, 5.3, 7.5)
# What a place costs: a label beyond the frame or across the border is taken only when nothing
# else is; one over another label or dot, only when every other place is; a leader line across
# a sliver of the neighbour (Windsor's, over the Detroit River) is the least evil.
_REJECTED, _CLASH = 1000, 10


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
    """When every usual place is taken or across the border: rings of places in 24 directions,
    each ring half a label's height further out, to twenty heights."""
    h, near = style.height, style.dot_radius + style.gap
    for step in range(41):
        reach = near + step * 0.5 * h
        for k in range(24):
            angle = math.tau * k / 24
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

    With a `main` dot (a city's own map), that one chooses first, and the others' labels are
    context: one that finds no free place is left out (None), its dot still there."""
    reach = style.height * (_DISTANCES[-1] + 2) + max(widths, default=0)
    dot_grid = Grid(max(reach / 2, 1.0))
    for i, (x, y) in enumerate(dots):
        dot_grid.add(Box(x, y, 0, 0), i)
    label_grid = Grid(max(max(widths, default=1.0), style.height * 2))

    def crowding(i: int) -> int:
        x, y = dots[i]
        return len(dot_grid.near(Box(x - reach, y - reach, 2 * reach, 2 * reach)))

    def choices(i: int) -> int:
        """Places left near the dot once the frame and the border have had their say."""
        x, y = dots[i]
        return sum(1 for box, _ in zip(candidates(x, y, widths[i], style), range(3 * 8))
                   if box.within(frame, style.gap) and not foreign.touches_box(box))

    # The cities with the fewest places choose first (near the border or the frame's edge),
    # then the most crowded.
    order = sorted(range(len(dots)),
                   key=lambda i: (i != main, choices(i), -crowding(i), dots[i][0], dots[i][1], i))
    placed: dict[int, Placed] = {}
    for i in order:
        cost, place = _place_one(i, dots, widths[i], style, frame, foreign, dot_grid,
                                 label_grid, placed)
        if cost and main is not None and i != main:
            continue
        placed[i] = place
        label_grid.add(place.box, i)
    return tuple(placed.get(i) for i in range(len(dots)))


def _place_one(i: int, dots: Sequence[Point], width: float, style: LabelStyle, frame: Box,
               foreign: Territory, dot_grid: Grid, label_grid: Grid,
               placed: dict[int, Placed]) -> tuple[int, Placed]:
    x, y = dots[i]
    clear = style.dot_radius + style.gap

    def cost(box: Box, line: Segment | None) -> int:
        hits = sum(box.overlaps(placed[j].box, style.gap) for j in label_grid.near(box.grown(
            style.gap)))
        hits += sum(box.covers(*dots[j], clear) for j in dot_grid.near(box.grown(clear)) if j != i)
        cost_ = hits * _CLASH
        if not box.within(frame, style.gap) or foreign.touches_box(box):
            cost_ += _REJECTED
        elif line and foreign.crosses(beyond_dot(line, clear)):
            cost_ += 1
        return cost_

    def ambiguous(box: Box) -> bool:
        own = box.distance(x, y)
        radius = own * 1.5 + style.dot_radius
        return any(box.distance(*dots[j]) < radius
                   for j in dot_grid.near(box.grown(radius)) if j != i)

    # In order of preference: the first free, unambiguous place; else the first free place;
    # else a free place further out; else the one that costs least.
    first_free = best = None
    for box in candidates(x, y, width, style):
        line = leader(x, y, box, style)
        cost_ = cost(box, line)
        if not cost_:
            if not ambiguous(box):
                return 0, Placed(box, line)
            first_free = first_free or Placed(box, line)
        if best is None or cost_ < best[0]:
            best = (cost_, Placed(box, line))
    if first_free:
        return 0, first_free
    for box in further_candidates(x, y, width, style):
        if box.within(frame, style.gap):
            line = leader(x, y, box, style)
            cost_ = cost(box, line)
            if not cost_:
                return 0, Placed(box, line)
            if cost_ < best[0]:
                best = (cost_, Placed(box, line))
    return best
