"""Where a fact comes from, graded on the admiralty scale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cdtoolbox.model.vocabulary import InformationCredibility, SourceReliability

__all__ = ["Source"]


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
