"""The capacity-building gaps drawn: a world map with each State painted by its gravest gap,
and a bar chart of the gaps per theme. Both are inline SVG with a text alternative; the page
(or report) shows the gaps table beside them, which holds every figure as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.model.capacity import CapacityGap, CapacityTheme
from cdtoolbox.model.vocabulary import SeverityLevel
from cdtoolbox.report.chart import Bar, bar_chart_svg
from cdtoolbox.report.map_scale import NO_INCIDENT
from cdtoolbox.report.world_map import MapMark, marked_world_map_svg

__all__ = ["GAP_CLASSES", "gap_class", "gaps_by_theme_svg", "gaps_map_svg", "worst_gaps"]

#: The map's classes, gravest first: a State is painted by the highest severity among its
#: gaps' incidents. ColorBrewer Reds (5 classes), ordered by lightness so the steps survive
#: grey-scale printing; severity unknown in grey, and a gap from weak CBM implementation alone
#: (no incident) in blue, apart from the severity scale.
GAP_CLASSES: tuple[tuple[str, str], ...] = (
    ("critical", "#a50f15"),
    ("severe", "#de2d26"),
    ("high", "#fb6a4a"),
    ("medium", "#fc9272"),
    ("low", "#fcbba1"),
    ("severity unknown", "#bdbdbd"),
    ("weak CBM implementation only", "#9ecae1"),
)
_COLOURS = dict(GAP_CLASSES)


def gap_class(gap: CapacityGap) -> str:
    """The map class of ``gap``: its highest severity, or why it has none."""
    if gap.worst is None:
        return "weak CBM implementation only"
    if gap.worst is SeverityLevel.UNKNOWN:
        return "severity unknown"
    return gap.worst.value


def worst_gaps(gaps: Sequence[CapacityGap]) -> dict[str, CapacityGap]:
    """Each State's gravest gap (the order of ``find_gaps``), by State, gravest State first."""
    worst: dict[str, CapacityGap] = {}
    for gap in gaps:
        kept = worst.get(gap.state)
        if kept is None or gap.rank > kept.rank:
            worst[gap.state] = gap
    return dict(sorted(worst.items(), key=lambda item: tuple(-p for p in item[1].rank)))


def gaps_map_svg(
    title: str,
    gaps: Sequence[CapacityGap],
    countries: CountryCatalogue,
    link: Callable[[CapacityGap], str] | None = None,
) -> str:
    """The world map of ``gaps``: each State painted by its gravest gap, its tooltip naming
    its gaps and why, linked to ``link(gravest gap)`` when given."""
    count = Counter(gap.state for gap in gaps)
    marks = []
    for state, gap in worst_gaps(gaps).items():
        country = countries.find(state)
        name = country.name if country else state
        tooltip = (
            f"{name}: {count[state]} gap{'' if count[state] == 1 else 's'}; "
            f"gravest: {gap.theme.label}, {gap.reason}"
        )
        marks.append(
            MapMark(
                state,
                country.numeric if country else None,
                _COLOURS[gap_class(gap)],
                tooltip,
                link(gap) if link else None,
            )
        )
    classes = Counter(gap_class(gap) for gap in worst_gaps(gaps).values())
    legend = [
        (colour, f"{label} ({classes[label]})") for label, colour in GAP_CLASSES if classes[label]
    ]
    legend.append((NO_INCIDENT, "no gap"))
    return marked_world_map_svg(title, marks, "Gravest gap (States):", legend)


def gaps_by_theme_svg(title: str, gaps: Sequence[CapacityGap]) -> str:
    """One bar per theme, in the vocabulary's order: how many States have a gap in it."""
    count = Counter(gap.theme for gap in gaps)
    return bar_chart_svg(title, [Bar(theme.label, count[theme]) for theme in CapacityTheme])
