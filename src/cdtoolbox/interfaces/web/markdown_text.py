"""Markdown written in the code (OpenAPI descriptions, docstrings) turned into safe HTML.

CommonMark with raw HTML switched off: a description can never inject markup into a page, as
``<script>`` or ``<img onerror=…>`` in it comes out as text. Link targets other than http(s),
mailto and relative ones are refused by markdown-it's own link check.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = ["markdown_block", "markdown_inline"]

# One parser for the process is safe: MarkdownIt keeps no state between calls.
_PARSER = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def markdown_block(text: str) -> Markup:
    """Paragraphs, lists, headings and code blocks, for a description of its own."""
    return Markup(_PARSER.render(text))


def markdown_inline(text: str) -> Markup:
    """Emphasis, code and links only, for a table cell or a line of text."""
    return Markup(_PARSER.renderInline(text))
