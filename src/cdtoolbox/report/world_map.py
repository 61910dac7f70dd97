"""A world map of incidents per country as SVG, drawn in Python from the country shapes the
web dashboard draws too (world-atlas 2.0.2: Natural Earth 1:110m, ISC licence, keyed by the
ISO 3166 numeric code), with the dashboard's colour classes and a legend that gives each
class's range and number of countries.

Plate carrée, cut at 58° south: Antarctica holds no victims and would take a third of the
page. No network and no plotting library; the same counts give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
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

__all__ = [
    "WORLD_ATLAS_DIRECTORY",
    "MapArea",
    "MapMark",
    "areas_of",
    "marked_world_map_svg",
    "world_map_svg",
]

#: The folder of the country shapes and their licence; the web application serves it too.
WORLD_ATLAS_DIRECTORY = Path(str(files("cdtoolbox.report") / "data" / "world-atlas"))

_ANTARCTICA = "010"
_NORTH, _SOUTH = 84.0, -58.0
_WIDTH = 640.0
_SCALE = _WIDTH / 360.0
_HEIGHT = (_NORTH - _SOUTH) * _SCALE
_LEGEND = 40.0
_LEGEND_ROW = 13.0
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


@dataclass(frozen=True, slots=True)
class MapMark:
    """A country painted by a rule of its own (not by a count): its colour, the tooltip a
    pointer shows and a screen reader reads, and where it links to (None: no link)."""

    code: str  # alpha-2
    numeric: str | None  # the shapes' key; None for a country the shapes do not have
    colour: str
    tooltip: str
    href: str | None = None


def world_map_svg(title: str, areas: Sequence[MapArea]) -> str:
    """The map of ``areas``, each country painted by its class, with the legend under it."""
    classes = map_classes([area.count for area in areas])
    colour_of: dict[str | None, str] = {
        area.numeric: next(c.colour for c in classes if c.holds(area.count))
        for area in areas
        if area.numeric is not None and area.count > 0
    }
    entries = [(c.colour, f"{c.label} ({c.countries})") for c in classes]
    entries.append((NO_INCIDENT, "none recorded"))
    unshown = sorted(area.code for area in areas if area.numeric is None and area.count > 0)
    return _drawn(
        title,
        lambda numeric, path: _plain(path, colour_of.get(numeric, NO_INCIDENT)),
        _legend("Incidents (countries):", entries, top=_TITLE + _HEIGHT + 14),
        unshown,
    )


def marked_world_map_svg(
    title: str,
    marks: Sequence[MapMark],
    legend_title: str,
    legend: Sequence[tuple[str, str]],
) -> str:
    """The map with each of ``marks`` painted its colour, carrying its tooltip (an SVG
    ``<title>``) and its link; ``legend`` is (colour, label) pairs, the unmarked last."""
    marked: dict[str | None, MapMark] = {m.numeric: m for m in marks if m.numeric is not None}

    def country(numeric: str | None, path: str) -> str:
        mark = marked.get(numeric)
        if mark is None:
            return _plain(path, NO_INCIDENT)
        shape = (
            f'<path d="{path}" fill="{mark.colour}" stroke="#6b6b6b" stroke-width="0.4">'
            f"<title>{svg_text(mark.tooltip)}</title></path>"
        )
        if mark.href is None:
            return shape
        return f'<a href="{svg_text(mark.href)}" aria-label="{svg_text(mark.tooltip)}">{shape}</a>'

    unshown = sorted(mark.code for mark in marks if mark.numeric is None)
    legend_parts = _legend(legend_title, legend, top=_TITLE + _HEIGHT + 14, wrap=True)
    return _drawn(title, country, legend_parts, unshown)


def _plain(path: str, fill: str) -> str:
    # Grey borders: on paper the pale "none recorded" fill needs them to show the land.
    return f'<path d="{path}" fill="{fill}" stroke="#9a9a9a" stroke-width="0.3"/>'


def _drawn(
    title: str,
    country: Callable[[str | None, str], str],
    legend: tuple[list[str], int],
    unshown: Sequence[str],
) -> str:
    parts_of_legend, rows = legend
    extra = _LEGEND_ROW * (rows - 1)
    height = _TITLE + _HEIGHT + _LEGEND + extra
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart report-map" role="img" '
        f'viewBox="0 0 {_WIDTH:.0f} {height:.0f}" width="{_WIDTH:.0f}" height="{height:.0f}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="9">',
        f"<title>{svg_text(title)}</title>",
        f'<text x="0" y="11" font-size="10" font-weight="bold">{svg_text(title)}</text>',
        f'<g transform="translate(0 {_TITLE:.0f})">',
    ]
    parts.extend(country(numeric, _path(rings)) for numeric, rings in _shapes())
    parts.append("</g>")
    parts.extend(parts_of_legend)
    if unshown:
        parts.append(
            f'<text x="0" y="{_TITLE + _HEIGHT + 34 + extra:.0f}">'
            f"Not on the map (no shape keyed by its code): {svg_text(', '.join(unshown))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(
    heading: str, entries: Sequence[tuple[str, str]], *, top: float, wrap: bool = False
) -> tuple[list[str], int]:
    """The legend's elements and how many rows it takes; with ``wrap``, an entry that would
    run past the map's right edge starts a new row under the first entry."""
    x = 0.0
    parts = [f'<text x="{x:.0f}" y="{top + 8:.0f}" font-weight="bold">{svg_text(heading)}</text>']
    # The count map's heading has always been followed at 112 units; a longer, bold heading
    # (as the marked maps give) needs its full width.
    x = start = 6 * len(heading) - 20 if not wrap else 6.5 * len(heading) + 8
    rows = 1
    for colour, label in entries:
        width = 14 + 6 * len(label) + 12
        if wrap and x > start and x + width - 12 > _WIDTH:
            x, top, rows = start, top + _LEGEND_ROW, rows + 1
        parts.append(
            f'<rect x="{x:.0f}" y="{top:.0f}" width="10" height="10" fill="{colour}" '
            f'stroke="#6b6b6b" stroke-width="0.5"/>'
        )
        parts.append(f'<text x="{x + 14:.0f}" y="{top + 8:.0f}">{svg_text(label)}</text>')
        x += width
    return parts, rows
