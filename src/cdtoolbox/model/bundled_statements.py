"""Official texts shipped with cdtoolbox for the statement archive (docs/statements.md,
"Bundled texts"): each with where it is published, where its wording was read and how far
that wording may be trusted."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from cdtoolbox.model.statement import IssuerKind

__all__ = ["BundledStatement", "BundledStatements", "NotBundled", "Wording"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Wording(StrEnum):
    """How far a bundled text's words are the official ones."""

    VERIFIED = "verified"  # copied word for word from the page named
    PARTIAL = "partial"  # only passages quoted elsewhere, each said so in the text
    RECALLED = "recalled"  # written as known, not checked against a source


@dataclass(frozen=True, slots=True)
class BundledStatement:
    id: str
    file: str
    text: str
    url: str
    read_from: str | None  # the page reproducing the text it was read from, if not ``url``
    issuer: IssuerKind
    issuer_name: str | None
    date: str  # "YYYY-MM-DD", or "YYYY-MM" where only the month is established
    language: str
    wording: Wording
    excerpt: bool
    response: str | None  # the id of the response of responses.yaml it is the text of

    @property
    def day(self) -> datetime.date | None:
        """The date of issue, when the day is established."""
        return datetime.date.fromisoformat(self.date) if _DAY.fullmatch(self.date) else None


@dataclass(frozen=True, slots=True)
class NotBundled:
    """A public text looked for and not shipped: the response it is the text of, or what it
    is, and what was found instead."""

    response: str | None
    statement: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class BundledStatements:
    statements: tuple[BundledStatement, ...]
    not_bundled: tuple[NotBundled, ...]
    acknowledgement: str  # the credit the EU institutions' reuse policy asks for
    reuse_policy: str
