"""The city map: projection, outline data, marker layout, and the map in the built site."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest

from photovoice.build import BuildOptions, build
from photovoice.cartography import (DATA, DOT_RADIUS, GAP, HEIGHT, WIDTH, Box, lambert,
                                    load_outline, outline_paths, plan_map, project)
from helpers import load_exhibition
from photovoice.model import Localized
from photovoice.views import CityView

from conftest import SAMPLE, edit
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
        assert 0 < x < WIDTH and 0 < y < HEIGHT


def test_outline_fits_the_frame_and_the_budget():
    outline = load_outline()
    assert len(outline.canada) > 20  # the mainland, Newfoundland, Vancouver Island, the Arctic...
    for ring in outline.canada + outline.neighbours:
        assert len(ring) >= 3
        assert all(-1 <= x <= WIDTH + 1 and -1 <= y <= HEIGHT + 1 for x, y in ring)
    canada, neighbours = outline_paths()
    assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", canada)
    assert len(canada) + len(neighbours) < 20_000


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
    canada = load_outline().canada
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
        assert inside(point, outline.canada) or distance_to(point, outline.canada) < 1.5, slug
        assert not inside(point, outline.neighbours), slug
    # The border (49° N) is their nearest outline, as far as it truly is (5.44 km a unit).
    for slug, km in (("kamloops", 186), ("lethbridge", 77), ("brandon", 94)):
        assert distance_to(located[slug], outline.canada) == pytest.approx(km / 5.44, rel=0.05)


def test_the_outline_data_names_its_source():
    text = (DATA.parent / "NOTICE.md").read_text(encoding="utf-8")
    assert "Natural Earth" in text and "public domain" in text and "ISC" in text


# --- Markers -----------------------------------------------------------------------------

def test_only_cities_with_coordinates_get_a_marker_west_to_east():
    cities = [city("halifax", *CITIES["halifax"]), city("nowhere", None, None),
              city("vancouver", *CITIES["vancouver"]), city("half", -97.0, None),
              city("winnipeg", *CITIES["winnipeg"])]
    view = plan_map(cities)
    assert [m.city.slug for m in view.markers] == ["vancouver", "winnipeg", "halifax"]
    assert view.view_box == f"0 0 {WIDTH} {HEIGHT}"
    assert plan_map([city("nowhere", None, None)]).markers == ()


def assert_distinct(markers) -> None:
    for marker in markers:
        assert marker.label.inside_frame(), marker.city.slug
        for other in markers:
            if other is not marker:
                assert not marker.label.covers(other.x, other.y, DOT_RADIUS + GAP), \
                    f"{marker.city.slug}'s label hides {other.city.slug}"
    for a, b in itertools.combinations(markers, 2):
        assert not a.label.overlaps(b.label, gap=0), f"{a.city.slug} and {b.city.slug} overlap"


def test_close_cities_keep_distinct_labels():
    maritimes = [city("moncton", -64.7782, 46.0878), city("charlottetown", -63.1311, 46.2382),
                 city("truro", -63.28, 45.365), city("halifax", *CITIES["halifax"]),
                 city("dartmouth", -63.5714, 44.6714), city("brandon", -99.9501, 49.8485),
                 city("steinbach", -96.6839, 49.5258), city("winnipeg", *CITIES["winnipeg"])]
    view = plan_map(maritimes)
    assert len(view.markers) == 8
    assert_distinct(view.markers)
    moved = [m for m in view.markers if m.leader]
    assert all(re.fullmatch(r"M[\d.]+ [\d.]+L[\d.]+ [\d.]+", m.leader) for m in moved)


def test_even_a_pile_of_cities_at_one_spot_gets_separate_labels():
    pile = [city(f"c{i}", -75.0 + i * 0.01, 45.0, name=f"City {i}") for i in range(10)]
    view = plan_map(pile)
    boxes = [m.label for m in view.markers]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b, gap=0)


def test_label_is_a_big_enough_target():
    view = plan_map([city("truro", -63.28, 45.365)])
    label = view.markers[0].label
    # The map is at most 46rem (736 px) wide: 24 CSS px is 32.6 map units.
    assert label.height * 736 / WIDTH >= 24
    assert label.width >= label.height


def test_box_geometry():
    box = Box(10, 10, 20, 10)
    assert box.overlaps(Box(25, 15, 10, 10), gap=0)
    assert not box.overlaps(Box(31, 10, 10, 10), gap=0)
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
    assert root.attrs["viewbox"] == f"0 0 {WIDTH} {HEIGHT}"  # the parser lowercases names
    assert "style" not in svg and "<script" not in svg and "http" not in svg


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
