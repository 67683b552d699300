"""The city map: projection, outline data, marker layout, and the map in the built site."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest

from photovoice.build import BuildOptions, build
from photovoice.cartography import (DATA, DATA_HEIGHT, DATA_WIDTH, LONGEST_LEADER,
                                    foreign_territory, lambert,
                                    load_outline, outline_paths, plan_city_map, plan_map,
                                    project)
from photovoice.maplabels import Box, beyond_dot
from helpers import SAMPLE, edit, load_exhibition
from photovoice.model import Localized
from photovoice.views import CityView

from sitecheck import parse, resolve

SVG_BUDGET = 25_000  # bytes of the <svg> element in a page
CITIES = {  # (lon, lat)
    "vancouver": (-123.1207, 49.2827), "whitehorse": (-135.0568, 60.7212),
    "winnipeg": (-97.1384, 49.8951), "windsor": (-83.0364, 42.3149),
    "halifax": (-63.5752, 44.6488), "iqaluit": (-68.5170, 63.7467),
    "alert": (-62.3481, 82.5018), "st-johns": (-52.7126, 47.5615),
}


def city(slug: str, lon: float | None, lat: float | None, name: str | None = None) -> CityView:
    name = name or slug.title()
    return CityView(slug=slug, path=f"en/cities/{slug}/index.html", name=Localized(name, "en"),
                    province="Somewhere", label=f"{name}, Somewhere", participants=(),
                    lat=lat, lon=lon)


# --- Projection -------------------------------------------------------------------------

def test_lambert_matches_statistics_canada_lambert():
    # EPSG:3347 (false easting 6,200,000 m, false northing 3,000,000 m), from PROJ.
    for (lon, lat), (east, north) in {(-75.6972, 45.4215): (7471241.79, 1190644.01),
                                      (-135.05, 60.72): (4082586.23, 3458941.04),
                                      (-70.0, 82.0): (6546974.85, 5113954.96)}.items():
        x, y = lambert(lon, lat)
        assert x + 6_200_000 == pytest.approx(east, abs=1)
        assert y + 3_000_000 == pytest.approx(north, abs=1)


def test_projection_puts_cities_where_they_belong():
    at = {slug: project(lon, lat) for slug, (lon, lat) in CITIES.items()}
    assert at["vancouver"][0] < at["winnipeg"][0] < at["halifax"][0] < at["st-johns"][0]
    assert at["whitehorse"][1] < at["windsor"][1]  # north is up: smaller y
    assert at["alert"][1] < at["iqaluit"][1] < at["winnipeg"][1]
    for x, y in at.values():
        assert 0 < x < DATA_WIDTH and 0 < y < DATA_HEIGHT


def test_outline_fits_the_frame_and_the_budget():
    outline = load_outline()
    assert len(outline["canada"]) > 20  # the mainland, Newfoundland, Vancouver Island, the Arctic...
    assert outline["provinces"] and outline["border"] and outline["lakes"] and outline["rivers"]
    for key, lines in outline.items():
        for line in lines:
            assert len(line) >= 2
            assert all(-1 <= x <= DATA_WIDTH + 1 and -1 <= y <= DATA_HEIGHT + 1 for x, y in line)
    paths = outline_paths(Box(0, 0, DATA_WIDTH, DATA_HEIGHT))
    assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", paths["canada"])
    assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+)+", paths["provinces"])
    assert sum(map(len, paths.values())) < 40_000


def inside(point: tuple[float, float], rings) -> bool:
    """Even-odd rule over every ring, as SVG fills them."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def border_crossing(x: float, near_y: float, rings) -> float:
    """Where the outline crosses the vertical line at x, nearest to near_y."""
    found = [y1 + (x - x1) * (y2 - y1) / (x2 - x1)
             for ring in rings for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])
             if x1 != x2 and min(x1, x2) <= x <= max(x1, x2)]
    return min(found, key=lambda y: abs(y - near_y))


# Along the 49th parallel: the Lower Mainland, Kamloops, Lethbridge, the Saskatchewan
# plains, Brandon and Steinbach.
PRAIRIE_LONGITUDES = (-122.5, -120.3273, -112.8451, -105.0, -99.9501, -96.6839)


@pytest.mark.parametrize("lon", PRAIRIE_LONGITUDES)
def test_outline_and_markers_share_one_projection_along_the_border(lon):
    # The outline was projected by scripts/make_map_data.py, the markers by project() at
    # build time: if the two ever differ, cities slide across the border.
    canada = load_outline()["canada"]
    x, y = project(lon, 49.0)
    assert border_crossing(x, y, canada) == pytest.approx(y, abs=1.0)  # 5.4 km
    assert inside(project(lon, 49.1), canada)  # 11 km north of the border
    assert not inside(project(lon, 48.9), canada)


def distance_to(point: tuple[float, float], rings) -> float:
    px, py = point
    best = math.inf
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            dx, dy = x2 - x1, y2 - y1
            t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, math.hypot(px - x1 - t * dx, py - y1 - t * dy))
    return best


def test_every_city_of_the_sample_exhibition_is_in_canada():
    outline = load_outline()
    cities = load_exhibition(SAMPLE).exhibition.cities.values()
    located = {city.slug: project(city.lon, city.lat) for city in cities if city.lat is not None}
    assert {"kamloops", "lethbridge", "brandon"} <= set(located)
    for slug, point in located.items():
        # On land, or on a coast the simplified outline moved by a unit (Charlottetown's harbour).
        assert inside(point, outline["canada"]) or distance_to(point, outline["canada"]) < 1.5, slug
        assert not inside(point, outline["foreign"]), slug
    # The border (49° N) is their nearest outline, as far as it truly is (5.44 km a unit).
    for slug, km in (("kamloops", 186), ("lethbridge", 77), ("brandon", 94)):
        assert distance_to(located[slug], outline["canada"]) == pytest.approx(km / 5.44, rel=0.05)


def test_the_outline_data_names_its_source():
    text = (DATA.parent / "NOTICE.md").read_text(encoding="utf-8")
    assert "Natural Earth" in text and "public domain" in text and "ISC" in text


# --- Lakes and rivers --------------------------------------------------------------------

LAKE_POINTS = {"Superior": (-87.5, 47.6), "Huron": (-82.4, 44.8), "Ontario": (-77.9, 43.6),
               "Erie": (-81.2, 42.2), "Winnipeg": (-97.9, 52.5)}


@pytest.mark.parametrize("lake", LAKE_POINTS)
def test_the_great_lakes_and_lake_winnipeg_are_water_over_the_land(lake):
    # The countries' outline counts the lakes as land; the lakes layer, drawn over it (_map.html
    # draws it after the land), cuts them out. Manitoulin Island is a hole in Lake Huron.
    outline = load_outline()
    point = project(*LAKE_POINTS[lake])
    assert inside(point, outline["canada"]) or inside(point, outline["foreign"])
    assert inside(point, outline["lakes"])
    assert not inside(project(-82.2, 45.8), outline["lakes"])  # Manitoulin


def test_the_st_lawrence_runs_from_lake_ontario_to_its_estuary():
    (river,) = load_outline()["rivers"]
    lake_ontario = [ring for ring in load_outline()["lakes"] if inside(project(-77.9, 43.6), [ring])]
    assert distance_to(river[0], lake_ontario) < 3
    for lon, lat in ((-73.55, 45.50), (-71.21, 46.81)):  # Montréal, Québec
        assert distance_to(project(lon, lat), [river + river[::-1]]) < 3


# --- Framing -------------------------------------------------------------------------------

def view_frame(view) -> Box:
    x, y, width, height = map(float, view.view_box.split())
    return Box(x, y, width, height)


def sample_cities() -> list[CityView]:
    exhibition = load_exhibition(SAMPLE).exhibition
    return [city(c.slug, c.lon, c.lat, c.name.values.get("en") or c.name.values["*"])
            for c in exhibition.cities.values()]


def test_the_overview_frames_the_cities_with_a_margin_not_the_arctic():
    view = plan_map(sample_cities())
    frame = view_frame(view)
    assert len(view.markers) == 9
    margin = frame.width * 0.05
    for marker in view.markers:
        assert frame.x + margin <= marker.x <= frame.right - margin
        assert frame.y + margin <= marker.y <= frame.bottom - margin
    assert frame.y > project(-95, 66.6)[1]  # the southern cities do not bring in the Arctic...
    assert frame.y < project(-95, 56)[1]  # ...but Hudson Bay shows, to know the country by
    assert 0.5 <= frame.height / frame.width <= 0.9


def test_the_overview_of_far_apart_cities_frames_them_all():
    view = plan_map([city(slug, *lonlat) for slug, lonlat in CITIES.items()])
    frame = view_frame(view)
    assert len(view.markers) == len(CITIES)
    for marker in view.markers:
        assert frame.x <= marker.x <= frame.right and frame.y <= marker.y <= frame.bottom


def test_a_city_map_centres_its_city_and_shows_its_neighbours():
    cities = sample_cities()
    sudbury = next(c for c in cities if c.slug == "greater-sudbury")
    view = plan_city_map(cities, sudbury)
    assert [m.city.slug for m in view.markers if m.current] == ["greater-sudbury"]
    assert {m.city.slug for m in view.markers} == {"greater-sudbury", "peterborough"}
    assert view.here.city is sudbury and not view.numbered
    frame = view_frame(view)
    assert frame.width < DATA_WIDTH / 2
    assert plan_city_map(cities, city("nowhere", None, None)).markers == ()


def test_the_outline_is_clipped_to_the_view():
    view = plan_map(sample_cities())
    frame = view_frame(view).grown(5)
    numbers = [int(n) for n in re.findall(r"M(-?\d+) ", view.paths["canada"])]
    assert numbers and all(frame.x <= n <= frame.right for n in numbers)
    full = outline_paths(Box(0, 0, DATA_WIDTH, DATA_HEIGHT))
    assert len(view.paths["canada"]) < len(full["canada"]) * 0.8  # the Arctic left out


# --- Labels -------------------------------------------------------------------------------

def labels_of(view):
    """Each layout's labels with their markers: names, and numbers where there is a key."""
    yield [(m, m.name) for m in view.markers if m.name]
    if view.numbered:
        yield [(m, m.badge) for m in view.markers]


def on_the_border(x: float, y: float) -> bool:
    """Within 8 km of the border: a town on a border river (Windsor, Sarnia, Edmundston)."""
    return any(distance_to((x, y), [line + line[-2:0:-1]]) < 1.5
               for line in load_outline()["border"])


def assert_well_placed(view) -> None:
    """Labels inside the frame, clear of each other and of other dots, never touching foreign
    land; moved ones joined to their dot by a leader line that does not cross the border
    either, but for a town on a border river, boxed in by its neighbour: its label stays in
    Canada, its leader may cross a sliver of water."""
    if view.numbered:  # the overview names every city, and numbers every one
        assert all(m.name and m.badge for m in view.markers)
    foreign = foreign_territory()
    frame = view_frame(view)
    for layout in labels_of(view):
        for marker, label in layout:
            slug = marker.city.slug
            assert label.box.within(frame), slug
            assert not foreign.touches_box(label.box), f"{slug}'s label is across the border"
            for other, _ in layout:
                if other is not marker:
                    assert not label.box.covers(other.x, other.y, view.dot_radius), \
                        f"{slug}'s label hides {other.city.slug}"
            if label.box.covers(marker.x, marker.y, view.dot_radius * 2.5):
                continue
            # Moved away from its dot: a line joins them, from the dot to the label's edge.
            assert label.leader, f"{slug}'s label is away from its dot with no leader"
            x1, y1, x2, y2 = map(float, re.fullmatch(
                r"M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)", label.leader).groups())
            assert (x1, y1) == (marker.x, marker.y)
            assert label.box.distance(x2, y2) < 0.1
            clear = view.dot_radius * 1.5  # the dot's own circle: see beyond_dot
            assert on_the_border(x1, y1) or not foreign.crosses(beyond_dot((x1, y1, x2, y2), clear)), \
                f"{slug}'s leader crosses the border"
        for (a, la), (b, lb) in itertools.combinations(layout, 2):
            assert not la.box.overlaps(lb.box), f"{a.city.slug} and {b.city.slug} overlap"
    assert view.here is None or view.here.name, "a city's own map always names it"


def test_the_sample_labels_are_distinct_near_their_dots_and_on_canadas_side():
    cities = sample_cities()
    view = plan_map(cities)
    assert view.numbered and [m.number for m in view.markers] == list(range(1, 10))
    assert_well_placed(view)
    for one in cities:
        assert_well_placed(plan_city_map(cities, one))


def test_labels_of_cities_beside_the_border_stay_in_canada():
    # Windsor faces Detroit across the river, Brandon and Lethbridge sit 80-100 km from the
    # 49th parallel, Cornwall on the St. Lawrence, Edmundston between Maine and Québec.
    border_towns = [city("windsor", *CITIES["windsor"]), city("brandon", -99.9501, 49.8485),
                    city("lethbridge", -112.8451, 49.6956), city("cornwall", -74.73, 45.02),
                    city("edmundston", -68.32, 47.37), city("sarnia", -82.40, 42.97),
                    city("niagara-falls", -79.08, 43.09), city("osoyoos", -119.47, 49.03)]
    view = plan_map(border_towns)
    assert len(view.markers) == len(border_towns)
    assert_well_placed(view)
    assert on_the_border(*project(*CITIES["windsor"])) and not on_the_border(
        *project(-99.9501, 49.8485))  # Brandon: 94 km
    for one in border_towns:
        assert_well_placed(plan_city_map(border_towns, one))


def test_close_cities_keep_distinct_labels():
    maritimes = [city("moncton", -64.7782, 46.0878), city("charlottetown", -63.1311, 46.2382),
                 city("truro", -63.28, 45.365), city("halifax", *CITIES["halifax"]),
                 city("dartmouth", -63.5714, 44.6714), city("brandon", -99.9501, 49.8485),
                 city("steinbach", -96.6839, 49.5258), city("winnipeg", *CITIES["winnipeg"])]
    view = plan_map(maritimes)
    assert len(view.markers) == 8
    assert_well_placed(view)
    assert any(m.name.leader for m in view.markers)


def test_even_a_pile_of_cities_at_one_spot_gets_separate_labels():
    pile = [city(f"c{i}", -75.0 + i * 0.01, 45.5, name=f"City {i}") for i in range(10)]
    view = plan_map(pile)
    for layout in labels_of(view):
        for (_, a), (_, b) in itertools.combinations(layout, 2):
            assert not a.box.overlaps(b.box)


def leader_length(label) -> float:
    x1, y1, x2, y2 = map(float, re.fullmatch(
        r"M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)", label.leader).groups())
    return math.hypot(x2 - x1, y2 - y1)


MARITIME_TOWNS = {"moncton": (-64.7782, 46.0878), "charlottetown": (-63.1311, 46.2382),
                  "truro": (-63.28, 45.365), "halifax": CITIES["halifax"],
                  "dartmouth": (-63.5714, 44.6714), "sackville": (-64.37, 45.90),
                  "amherst": (-64.21, 45.83), "summerside": (-63.79, 46.39),
                  "new-glasgow": (-62.65, 45.59), "antigonish": (-61.99, 45.62),
                  "fredericton": (-66.64, 45.96), "saint-john": (-66.06, 45.27),
                  "bathurst": (-65.65, 47.62), "miramichi": (-65.50, 47.00),
                  "shediac": (-64.55, 46.22), "dieppe": (-64.69, 46.09),
                  "riverview": (-64.81, 46.06)}


def test_a_neighbour_on_a_city_map_is_named_near_its_dot_or_not_at_all():
    """Seventeen Maritime towns: on a crowded city map a neighbour's name would otherwise go
    six label heights away, its line across other towns. Its dot stays, a named link."""
    towns = [city(slug, *lonlat) for slug, lonlat in MARITIME_TOWNS.items()]
    unnamed = 0
    for one in towns:
        view = plan_city_map(towns, one)
        assert_well_placed(view)
        for marker in view.markers:
            unnamed += marker.name is None
            if marker.name and marker.name.leader and not marker.current:
                assert leader_length(marker.name) <= (
                    LONGEST_LEADER * marker.name.box.height + 0.1), (one.slug, marker.city.slug)
    assert unnamed  # some names had no room near their dot
    # The overview names every city, however far its name has to go.
    assert all(marker.name for marker in plan_map(towns).markers)


def test_a_city_map_leaves_out_a_neighbour_its_frame_would_cut():
    """Peterborough sits at the very edge of the Maritime cities' maps: half a dot in a corner."""
    cities = sample_cities()
    for slug in ("moncton", "charlottetown", "truro"):
        view = plan_city_map(cities, next(c for c in cities if c.slug == slug))
        frame = view_frame(view)
        assert "peterborough" not in {m.city.slug for m in view.markers}
        for marker in view.markers:
            assert frame.x + view.dot_radius < marker.x < frame.right - view.dot_radius
            assert frame.y + view.dot_radius < marker.y < frame.bottom - view.dot_radius


def test_labels_are_big_enough_targets_where_they_show():
    view = plan_map(sample_cities())
    frame = view_frame(view)
    label = view.markers[0].name
    # Names show from a 35rem (560 px) wide map up; numbers below, down to 288 px.
    assert label.box.height * 560 / frame.width >= 22
    assert view.markers[0].badge.box.height * 288 / frame.width >= 22
    assert label.box.width >= label.box.height


def test_only_cities_with_coordinates_get_a_marker_west_to_east():
    cities = [city("halifax", *CITIES["halifax"]), city("nowhere", None, None),
              city("vancouver", *CITIES["vancouver"]), city("half", -97.0, None),
              city("winnipeg", *CITIES["winnipeg"])]
    view = plan_map(cities)
    assert [m.city.slug for m in view.markers] == ["vancouver", "winnipeg", "halifax"]
    assert plan_map([city("nowhere", None, None)]).markers == ()


def test_box_geometry():
    box = Box(10, 10, 20, 10)
    assert box.overlaps(Box(25, 15, 10, 10))
    assert not box.overlaps(Box(31, 10, 10, 10))
    assert box.covers(35, 15, 6) and not box.covers(35, 15, 4)


# --- In the built site -------------------------------------------------------------------

def svg_of(html: str) -> str:
    found = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(found) == 1
    return found[0]


def markers_in(site: Path, page: str) -> list[tuple[str, Path | None]]:
    page_file = site / page
    svg = parse(svg_of(page_file.read_text(encoding="utf-8")))
    return [(a.attrs["aria-label"], resolve(site, page_file, a.attrs["href"]))
            for a in svg.find("a")]


EN_MARKERS = [("Brandon, Manitoba — 1 participant", "en/cities/brandon/index.html"),
              ("Moncton, New Brunswick — 1 participant", "en/cities/moncton/index.html")]
FR_MARKERS = [("Brandon (Manitoba) — 1 personne participante", "fr/villes/brandon/index.html"),
              ("Moncton (Nouveau-Brunswick) — 1 personne participante", "fr/villes/moncton/index.html")]


@pytest.mark.parametrize("page, expected", [
    ("en/index.html", EN_MARKERS), ("en/cities/index.html", EN_MARKERS),
    ("fr/index.html", FR_MARKERS), ("fr/villes/index.html", FR_MARKERS)])
def test_each_marker_links_to_its_city_page_with_a_name(built_site, page, expected):
    # Moncton has one published participant: the withdrawn one is not counted.
    markers = markers_in(built_site, page)
    assert [(name, target.relative_to(built_site).as_posix()) for name, target in markers] \
        == expected
    assert all(target.is_file() for _, target in markers)


@pytest.mark.parametrize("page, label", [
    ("en/index.html", "Map of Canada showing the cities of the exhibition"),
    ("fr/index.html", "Carte du Canada montrant les villes de l’exposition")])
def test_the_map_is_a_labelled_group_within_budget_and_self_contained(built_site, page, label):
    svg = svg_of((built_site / page).read_text(encoding="utf-8"))
    assert len(svg.encode("utf-8")) <= SVG_BUDGET
    root = parse(svg).find("svg")[0]
    assert root.attrs["role"] == "group" and root.attrs["aria-label"] == label
    x, y, width, height = map(int, root.attrs["viewbox"].split())  # the parser lowercases names
    assert 0 <= x < x + width <= DATA_WIDTH and 0 <= y < y + height <= DATA_HEIGHT
    assert "style" not in svg and "<script" not in svg and "http" not in svg


@pytest.mark.parametrize("page, label, name", [
    ("en/cities/brandon/index.html",
     "Brandon, Manitoba on a map of Canada, with the exhibition's other cities nearby", "Brandon"),
    ("fr/villes/moncton/index.html", "Moncton (Nouveau-Brunswick) sur une carte du Canada, avec "
     "les autres villes de l’exposition à proximité", "Moncton")])
def test_a_city_page_locates_its_city_on_a_map(built_site, page, label, name):
    svg = svg_of((built_site / page).read_text(encoding="utf-8"))
    root = parse(svg).find("svg")[0]
    assert root.attrs["aria-label"] == label
    here = parse(svg).find("g", class_="map-here")
    assert len(here) == 1 and here[0].text.strip() == name
    assert parse(svg).find("a") == []  # Brandon and Moncton are too far apart to show together


def test_a_city_without_coordinates_or_participants_gets_no_marker(content_dir, tmp_path):
    exhibition = content_dir / "exhibition.yaml"
    edit(exhibition, "    lat: 49.8485\n    lon: -99.9501\n", "")
    edit(exhibition, "themes:\n", "  truro:\n    name: Truro\n    province: NS\n"
                                  "    lat: 45.365\n    lon: -63.28\nthemes:\n")
    site = tmp_path / "site"
    build(content_dir, site, BuildOptions(jobs=1))
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert [name for name, _ in markers_in(site, "en/index.html")] \
        == ["Moncton, New Brunswick — 1 participant"]
    assert 'href="cities/brandon/index.html"' in html  # still in the list
    assert "Truro" not in html
