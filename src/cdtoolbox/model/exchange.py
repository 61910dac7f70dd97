"""What an exchange with a partner did, as reported to the user."""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.errors import InvalidInput

__all__ = ["StixImportReport"]


@dataclass(frozen=True)
class StixImportReport:
    """What one bundle did. Every object of the bundle is counted exactly once."""

    source: str
    objects: int
    created: int
    updated: int  # a newer version of an object we had
    unchanged: int  # already held in this version (or newer)
    merged: int  # folded into an incident or actor, standard markings, repeated versions
    rejected: int
    errors: tuple[InvalidInput, ...]
    incidents_created: tuple[str, ...] = ()
    incidents_updated: tuple[str, ...] = ()
    actors_created: tuple[str, ...] = ()
