"""The clearance conditions of the tables that keep a record's TLP marking as its value
(``tlp``) and its EU classification as a rank (``classification_rank``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table

from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = ["markings_up_to", "within_clearance"]


def markings_up_to(clearance: Tlp) -> list[str]:
    """The TLP values a reader cleared up to ``clearance`` may read."""
    return [tlp.value for tlp in Tlp if tlp.rank <= clearance.rank]


def within_clearance(
    table: Table, clearance: Tlp, classification: Classification | None
) -> list[Any]:
    """Rows marked at most ``clearance`` and classified at most ``classification`` (left
    unset: unclassified only, so a read that forgets the reader's level under-shows)."""
    return [
        table.c.tlp.in_(markings_up_to(clearance)),
        table.c.classification_rank <= Classification.rank_of(classification),
    ]
