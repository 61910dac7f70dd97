"""A world map of incidents per country as SVG, drawn in Python from the country shapes the
web dashboard draws too (world-atlas 2.0.2: Natural Earth 1:110m, ISC licence, keyed by the
ISO 3166 numeric code), with the dashboard's colour classes and a legend that gives each
class's range and number of countries.

Plate carrée, cut at 58° south: Antarctica holds no victims and would take a third of the
page. No network and no plotting library; the same counts give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise
from pathlib import Path
from typing import Any

from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.model.statistics import Count
from cdtoolbox.report.chart import svg_text
from cdtoolbox.report.map_scale import NO_INCIDENT, map_classes

__all__ = ["WORLD_ATLAS_DIRECTORY", "MapArea", "areas_of", "world_map_svg"]

#: The folder of the country shapes and their licence; the web application serves it too.
WORLD_ATLAS_DIRECTORY = Path(str(files("cdtoolbox.report") / "data" / "world-atlas"))

_ANTARCTICA = "010"
_NORTH, _SOUTH = 84.0, -58.0
_WIDTH = 640.0
_SCALE = _WIDTH / 360.0
_HEIGHT = (_NORTH - _SOUTH) * _SCALE
_LEGEND = 40.0
_TITLE = 18.0

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class MapArea:
    """A country on the map: its ISO codes and how many incidents it counts."""

    code: str  # alpha-2, as the store keeps it
    numeric: str | None  # the shapes' key; None for a country the shapes do not have
    count: int


def areas_of(counts: Sequence[Count], countries: CountryCatalogue) -> tuple[MapArea, ...]:
    """The map's areas for incident counts keyed by alpha-2 code."""
    areas = []
    for row in counts:
        country = countries.find(row.key)
        areas.append(MapArea(row.key, country.numeric if country else None, row.incidents))
    return tuple(areas)


@cache
def _shapes() -> tuple[tuple[str | None, tuple[Ring, ...]], ...]:
    """Each country's numeric code and rings, in the projection's coordinates."""
    atlas = json.loads((WORLD_ATLAS_DIRECTORY / "countries-110m.json").read_text("utf-8"))
    arcs = _decoded_arcs(atlas)
    shapes = []
    for geometry in atlas["objects"]["countries"]["geometries"]:
        if geometry.get("id") == _ANTARCTICA or "arcs" not in geometry:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = tuple(_ring(ring, arcs) for polygon in polygons for ring in polygon)
        shapes.append((geometry.get("id"), rings))
    return tuple(shapes)


def _decoded_arcs(atlas: Mapping[str, Any]) -> list[list[tuple[float, float]]]:
    # TopoJSON quantises positions and stores each arc's points as differences.
    scale_x, scale_y = atlas["transform"]["scale"]
    origin_x, origin_y = atlas["transform"]["translate"]
    decoded = []
    for arc in atlas["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(_projected(origin_x + x * scale_x, origin_y + y * scale_y))
        decoded.append(points)
    return decoded


def _projected(longitude: float, latitude: float) -> tuple[float, float]:
    latitude = min(max(latitude, _SOUTH), _NORTH)
    return ((longitude + 180.0) * _SCALE, (_NORTH - latitude) * _SCALE)


def _ring(indexes: Sequence[int], arcs: Sequence[Sequence[tuple[float, float]]]) -> Ring:
    # A negative index names arc ~index read backwards; consecutive arcs share an end point.
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    if any(abs(b[0] - a[0]) > _WIDTH / 2 for a, b in pairwise(points)):
        # A ring across the 180th meridian (Russia's east, Fiji): drawn whole east of it,
        # where the page cuts it, rather than as a band across the world.
        points = [(x + _WIDTH if x < _WIDTH / 2 else x, y) for x, y in points]
    return tuple(points)


def _path(rings: Sequence[Ring]) -> str:
    return "".join(
        "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z" for ring in rings if ring
    )


def world_map_svg(title: str, areas: Sequence[MapArea]) -> str:
    """The map of ``areas``, each country painted by its class, with the legend under it."""
    classes = map_classes([area.count for area in areas])
    colour_of: dict[str | None, str] = {
        area.numeric: next(c.colour for c in classes if c.holds(area.count))
        for area in areas
        if area.numeric is not None and area.count > 0
    }
    height = _TITLE + _HEIGHT + _LEGEND
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart report-map" role="img" '
        f'viewBox="0 0 {_WIDTH:.0f} {height:.0f}" width="{_WIDTH:.0f}" height="{height:.0f}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="9">',
        f"<title>{svg_text(title)}</title>",
        f'<text x="0" y="11" font-size="10" font-weight="bold">{svg_text(title)}</text>',
        f'<g transform="translate(0 {_TITLE:.0f})">',
    ]
    for numeric, rings in _shapes():
        fill = colour_of.get(numeric, NO_INCIDENT)
        # Grey borders: on paper the pale "none recorded" fill needs them to show the land.
        parts.append(
            f'<path d="{_path(rings)}" fill="{fill}" stroke="#9a9a9a" stroke-width="0.3"/>'
        )
    parts.append("</g>")
    parts.extend(_legend(classes, top=_TITLE + _HEIGHT + 14))
    unshown = sorted(area.code for area in areas if area.numeric is None and area.count > 0)
    if unshown:
        parts.append(
            f'<text x="0" y="{_TITLE + _HEIGHT + 34:.0f}">'
            f"Not on the map (no shape keyed by its code): {svg_text(', '.join(unshown))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(classes: Sequence[Any], *, top: float) -> Iterator[str]:
    x = 0.0
    entries = [(c.colour, f"{c.label} ({c.countries})") for c in classes]
    entries.append((NO_INCIDENT, "none recorded"))
    yield f'<text x="{x:.0f}" y="{top + 8:.0f}" font-weight="bold">Incidents (countries):</text>'
    x += 112
    for colour, label in entries:
        yield (
            f'<rect x="{x:.0f}" y="{top:.0f}" width="10" height="10" fill="{colour}" '
            f'stroke="#6b6b6b" stroke-width="0.5"/>'
        )
        yield f'<text x="{x + 14:.0f}" y="{top + 8:.0f}">{svg_text(label)}</text>'
        x += 14 + 6 * len(label) + 12
