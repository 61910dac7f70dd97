"""Horizontal bar charts as SVG, drawn in Python: no plotting library, no network, the same
numbers give the same bytes.

A chart is read in print and in grey: every bar carries its label on the left and its value
at its end, so no meaning rests on colour, and lengths are proportional to the values from a
zero baseline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as _escape_markup

__all__ = ["Bar", "bar_chart_svg", "svg_text"]

_WIDTH = 520
_LABEL_WIDTH = 190
_VALUE_WIDTH = 50
_ROW = 16
_BAR = 11
_TITLE = 18
# Characters of a label that fit beside the bars at the chart's font size; a longer label
# is cut with an ellipsis (the table under the chart holds it whole).
_LABEL_CHARACTERS = 30


# Characters XML 1.0 does not allow at all (escaping cannot carry them): C0 controls but
# tab, newline and return; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def svg_text(text: str) -> str:
    """``text`` as SVG character data: markup escaped, characters XML forbids removed."""
    return _escape_markup(_NOT_XML.sub("", text))


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int


def bar_chart_svg(title: str, bars: Sequence[Bar]) -> str:
    """One bar per item, in the order given, as an inline ``<svg>`` element with a title and
    a description a screen reader announces."""
    if any(bar.value < 0 for bar in bars):
        raise ValueError("a bar chart counts: values cannot be negative")
    height = _TITLE + _ROW * max(len(bars), 1) + 4
    largest = max((bar.value for bar in bars), default=0)
    span = _WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    description = "; ".join(f"{bar.label}: {bar.value:,}" for bar in bars) or "no data"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'width="{_WIDTH}" height="{height}" viewBox="0 0 {_WIDTH} {height}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="9">',
        f"<title>{svg_text(title)}</title>",
        f"<desc>{svg_text(description)}</desc>",
        f'<text x="0" y="12" font-weight="bold" font-size="10">{svg_text(title)}</text>',
    ]
    if not bars:
        parts.append(f'<text x="0" y="{_TITLE + 11}" fill="#444">Nothing to chart.</text>')
    for row, bar in enumerate(bars):
        top = _TITLE + row * _ROW
        length = round(span * bar.value / largest) if largest else 0
        parts += [
            f'<text x="{_LABEL_WIDTH - 6}" y="{top + _BAR - 2}" text-anchor="end">'
            f"{svg_text(_cut(bar.label))}</text>",
            f'<rect x="{_LABEL_WIDTH}" y="{top}" width="{length}" height="{_BAR}" '
            f'fill="#4a4a4a" stroke="#000" stroke-width="0.5"/>',
            f'<text x="{_LABEL_WIDTH + length + 4}" y="{top + _BAR - 2}">{bar.value:,}</text>',
        ]
    # The baseline every bar starts from.
    parts.append(
        f'<line x1="{_LABEL_WIDTH}" y1="{_TITLE - 2}" x2="{_LABEL_WIDTH}" '
        f'y2="{height - 2}" stroke="#000" stroke-width="0.8"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _cut(label: str) -> str:
    if len(label) <= _LABEL_CHARACTERS:
        return label
    return label[: _LABEL_CHARACTERS - 1].rstrip() + "…"
