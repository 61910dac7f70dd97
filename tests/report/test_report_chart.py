"""The SVG bar chart: well-formed, every bar labelled with its value, lengths proportional
to the values from a zero baseline, long labels cut, the same numbers the same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.report.chart import Bar, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_each_bar_carries_its_label_and_value_and_a_length_in_proportion() -> None:
    root = _parse(bar_chart_svg("Incidents by type", [Bar("Espionage", 40), Bar("Ransomware", 10)]))
    assert root.find(f"{SVG}title").text == "Incidents by type"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Espionage: 40; Ransomware: 10"  # type: ignore[union-attr]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Incidents by type", "Espionage", "40", "Ransomware", "10"]
    widths = [float(r.attrib["width"]) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(4 * widths[1], abs=1)
    assert all(
        r.attrib["x"] == root.find(f"{SVG}line").attrib["x1"] for r in root.iter(f"{SVG}rect")
    )  # type: ignore[union-attr]


def test_labels_are_escaped_and_long_ones_cut() -> None:
    svg = bar_chart_svg("<b>", [Bar("A & B <script>" + "x" * 40, 3)])
    root = _parse(svg)  # would raise on unescaped markup
    label = [t.text for t in root.iter(f"{SVG}text")][1]
    assert label is not None and label.endswith("…") and len(label) == 30
    assert "<script>" not in svg


def test_nothing_to_chart_is_said_and_negative_counts_refused() -> None:
    texts = [t.text for t in _parse(bar_chart_svg("Empty", [])).iter(f"{SVG}text")]
    assert texts == ["Empty", "Nothing to chart."]
    with pytest.raises(ValueError, match="cannot be negative"):
        bar_chart_svg("Bad", [Bar("x", -1)])


@given(st.lists(st.tuples(st.text(min_size=1, max_size=50), st.integers(0, 10**6)), max_size=20))
def test_any_counts_give_a_well_formed_stable_chart(rows: list[tuple[str, int]]) -> None:
    bars = [Bar(label, value) for label, value in rows]
    svg = bar_chart_svg("Chart", bars)
    assert svg == bar_chart_svg("Chart", bars)
    root = _parse(svg)
    widths = [float(r.attrib["width"]) for r in root.iter(f"{SVG}rect")]
    assert len(widths) == len(bars)
    largest = max((bar.value for bar in bars), default=0)
    for bar, width in zip(bars, widths, strict=True):
        assert width == (pytest.approx(280 * bar.value / largest, abs=0.5) if largest else 0)
