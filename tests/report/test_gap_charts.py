"""The gaps drawn: each State painted by its gravest gap with a tooltip and a link, a legend
that counts the States per class and wraps inside the map, and one bar per theme."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.capacity import CapacityGap, CapacityTheme
from cdtoolbox.model.vocabulary import SeverityLevel
from cdtoolbox.report.gap_charts import GAP_CLASSES, gaps_by_theme_svg, gaps_map_svg, worst_gaps
from cdtoolbox.report.map_scale import NO_INCIDENT

SVG = "{http://www.w3.org/2000/svg}"
COLOUR = dict(GAP_CLASSES)
GAPS = (
    CapacityGap("UA", CapacityTheme.INCIDENT_RESPONSE, 4, SeverityLevel.CRITICAL, False),
    CapacityGap("UA", CapacityTheme.SKILLS, 1, SeverityLevel.LOW, False),
    CapacityGap("KE", CapacityTheme.CYBERCRIME_LAW, 2, SeverityLevel.MEDIUM, False),
    CapacityGap("PE", CapacityTheme.INCIDENT_RESPONSE, 1, SeverityLevel.UNKNOWN, False),
    CapacityGap("KZ", CapacityTheme.CYBER_DIPLOMACY, 0, None, True),
    CapacityGap("XK", CapacityTheme.SKILLS, 1, SeverityLevel.HIGH, False),  # no ISO code
)


def _countries(svg: str) -> dict[str, ElementTree.Element]:
    """The painted shapes by the link around them."""
    root = ElementTree.fromstring(svg)
    return {link.get("href", ""): link for link in root.iter(f"{SVG}a")}


def test_each_state_is_painted_by_its_gravest_gap_with_a_tooltip_and_a_link(
    knowledge: KnowledgeBase,
) -> None:
    svg = gaps_map_svg("Gaps", GAPS, knowledge.countries, lambda gap: f"/go/{gap.state}")
    links = _countries(svg)
    assert set(links) == {"/go/UA", "/go/KE", "/go/PE", "/go/KZ"}
    ukraine = links["/go/UA"].find(f"{SVG}path")
    assert ukraine is not None and ukraine.get("fill") == COLOUR["critical"]
    tooltip = ukraine.findtext(f"{SVG}title") or ""
    assert tooltip.startswith("Ukraine: 2 gaps; gravest: CSIRT and incident response")
    assert "4 incidents, highest critical" in tooltip
    fills = {href: link[0].get("fill") for href, link in links.items()}
    assert fills["/go/KE"] == COLOUR["medium"]
    assert fills["/go/PE"] == COLOUR["severity unknown"]
    assert fills["/go/KZ"] == COLOUR["weak CBM implementation only"]
    root = ElementTree.fromstring(svg)
    plain = [p for p in root.iter(f"{SVG}path") if p.find(f"{SVG}title") is None]
    assert plain and {p.get("fill") for p in plain} == {NO_INCIDENT}
    text = " ".join(root.itertext())
    assert "Not on the map (no shape keyed by its code): XK" in text
    assert "critical (1)" in text and "weak CBM implementation only (1)" in text
    assert "severe (" not in text  # a class no State falls in is not in the legend


def test_the_legend_stays_inside_the_map(knowledge: KnowledgeBase) -> None:
    root = ElementTree.fromstring(gaps_map_svg("Gaps", GAPS, knowledge.countries))
    width = float(root.get("width", "0"))
    height = float(root.get("height", "0"))
    for text in root.iter(f"{SVG}text"):
        x, y = float(text.get("x", "0")), float(text.get("y", "0"))
        assert x + 6 * len(text.text or "") <= width + 12 or x == 0
        assert y <= height
    assert not list(root.iter(f"{SVG}a"))  # no link asked for


def test_worst_gaps_keep_each_states_gravest_gravest_state_first() -> None:
    worst = worst_gaps(GAPS)
    assert list(worst)[:2] == ["UA", "XK"]
    assert worst["UA"].theme is CapacityTheme.INCIDENT_RESPONSE


def test_the_chart_has_one_bar_per_theme_counting_its_gaps() -> None:
    root = ElementTree.fromstring(gaps_by_theme_svg("Per theme", GAPS))
    description = root.findtext(f"{SVG}desc") or ""
    assert description.split("; ") == [
        f"{theme.label}: {sum(g.theme is theme for g in GAPS)}" for theme in CapacityTheme
    ]
