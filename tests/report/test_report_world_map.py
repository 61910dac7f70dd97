"""The reports' world map: countries painted by class, a legend in words, the 180th meridian
crossed without a band across the world, the same counts giving the same bytes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from itertools import pairwise

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.statistics import Count
from cdtoolbox.report.map_scale import NO_INCIDENT, map_classes
from cdtoolbox.report.world_map import MapArea, _shapes, areas_of, world_map_svg

SVG = "{http://www.w3.org/2000/svg}"
AREAS = (
    MapArea("UA", "804", 9),
    MapArea("US", "840", 5),
    MapArea("FR", "250", 1),
    MapArea("RU", "643", 2),
    MapArea("XK", None, 1),
)


def _fills(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [path.get("fill", "") for path in root.iter(f"{SVG}path")]


def test_each_country_is_painted_by_its_class_and_the_rest_as_none_recorded() -> None:
    svg = world_map_svg("Incidents by victim country", AREAS)
    classes = map_classes([area.count for area in AREAS])
    colour = {c.label: c.colour for c in classes}
    shapes = [numeric for numeric, _ in _shapes()]
    fills = dict(zip(shapes, _fills(svg), strict=True))
    assert fills["804"] == colour["9"]
    assert fills["840"] == colour["5"]
    assert fills["643"] == colour["2"]
    assert fills["250"] == colour["1"]
    assert fills["276"] == NO_INCIDENT  # Germany: no incident given
    assert "010" not in fills  # Antarctica is left out


def test_the_legend_says_each_class_and_how_many_countries_and_what_is_not_drawn() -> None:
    text = " ".join(ElementTree.fromstring(world_map_svg("Map", AREAS)).itertext())
    # Kosovo has no shape at this scale: counted in its class, named under the map.
    for entry in ("1 (2)", "2 (1)", "5 (1)", "9 (1)", "none recorded"):
        assert entry in text
    assert "Not on the map (no shape keyed by its code): XK" in text


def test_no_country_is_drawn_as_a_band_across_the_world() -> None:
    width = float(ElementTree.fromstring(world_map_svg("Map", AREAS)).get("width", "0"))
    for _, rings in _shapes():
        for ring in rings:
            assert all(abs(b[0] - a[0]) < width / 2 for a, b in pairwise(ring))


def test_the_same_counts_give_the_same_bytes_and_titles_are_escaped() -> None:
    first = world_map_svg("Incidents <by> country & sector", AREAS)
    assert first == world_map_svg("Incidents <by> country & sector", AREAS)
    assert "<title>Incidents &lt;by&gt; country &amp; sector</title>" in first


def test_areas_take_the_numeric_code_the_shapes_are_keyed_by(
    knowledge: KnowledgeBase,
) -> None:
    areas = areas_of([Count("UA", 3), Count("XK", 1)], knowledge.countries)
    assert areas == (MapArea("UA", "804", 3), MapArea("XK", None, 1))
    # Shapes are keyed by three-digit codes; a few disputed territories carry none and are
    # drawn as recording nothing.
    codes = [numeric for numeric, _ in _shapes()]
    assert all(re.fullmatch(r"\d{3}", numeric) for numeric in codes if numeric is not None)
    assert codes.count(None) <= 3
