"""Where a fact comes from, graded on the admiralty scale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from cdtoolbox.model.vocabulary import InformationCredibility, SourceReliability

__all__ = ["WEB_URL_RULE", "Source", "is_web_url", "names_an_address"]

WEB_URL_RULE = "is not an http or https URL"
"""What is wrong with a source address that ``is_web_url`` refuses."""


# A scheme and, straight after its colon, more than white space: "javascript:alert(1)",
# "file:///etc", "https://…" are addresses; "Note: see annex" is not.
_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S")


def names_an_address(text: str) -> bool:
    """Whether a source written as free text (a citation, or an address) is an address."""
    return _ADDRESS.match(text.strip()) is not None


def is_web_url(text: str) -> bool:
    """An absolute ``http`` or ``https`` address with a host, and no white space.

    Sources are shown as links and followed by analysts: ``javascript:``, ``data:``,
    ``file:`` and their kind must never be stored as one, whichever way they came in.
    """
    if any(character.isspace() for character in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    reliability: SourceReliability | None = None
    credibility: InformationCredibility | None = None

    @property
    def grade(self) -> str | None:
        """The admiralty grade as analysts write it, e.g. ``B2``."""
        if self.reliability is None:
            return None
        suffix = self.credibility.value if self.credibility else ""
        return f"{self.reliability.value.upper()}{suffix}"
