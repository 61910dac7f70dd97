"""Threat actors: the clusters of activity that incidents are attributed to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdtoolbox.model.vocabulary import Tlp

__all__ = ["CFR_SPONSOR_BASIS", "ThreatActor", "natural_sort_key"]

_DIGITS = re.compile(r"\d+")
_PADDED_WIDTH = 12  # longer than any number in an actor's name


def natural_sort_key(name: str) -> str:
    """The text that orders names as a reader expects: APT2 before APT10, case ignored.

    Digit runs are zero-padded, so plain text comparison (the database's ``ORDER BY``, which
    keyset pagination relies on) gives the same order as a human would.
    """
    return _DIGITS.sub(lambda digits: digits.group(0).zfill(_PADDED_WIDTH), name.casefold())


#: The basis of a sponsor the CFR Cyber Operations Tracker names; any other basis is an
#: inference from other galaxy signals.
CFR_SPONSOR_BASIS = "named by the CFR Cyber Operations Tracker"


@dataclass(frozen=True)
class ThreatActor:
    """A threat actor as the knowledge base knows it.

    ``id`` is stable across releases of the reference data (the MISP galaxy UUID of the
    cluster entry it came from); ``slug`` is a readable handle derived from the name.
    ``tlp`` is how widely the record may be shown: reference data is TLP:CLEAR; an actor a
    partner shared under a marking keeps that marking and is shown only to readers cleared
    for it.
    """

    id: str
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    sponsor: str | None = None  # ISO alpha-2 of the suspected state sponsor
    # Which signals the sponsor rests on: the CFR tracker's name for it, or an inference from
    # other galaxy signals (knowledge/actor_sponsors.py), which pages show as such.
    sponsor_basis: str | None = None
    country: str | None = None  # ISO alpha-2 of the country the actor operates from
    description: str = ""
    references: tuple[str, ...] = ()
    suspected_victims: tuple[str, ...] = ()  # ISO alpha-2 (CFR "suspected victims")
    target_categories: tuple[str, ...] = ()  # CFR "target category", as published
    incident_types: tuple[str, ...] = ()  # CFR "type of incident", as published
    mitre_ids: tuple[str, ...] = ()  # MITRE ATT&CK group ids, e.g. G0007
    origin: str = "misp-galaxy"  # where the record came from: misp-galaxy, stix, user
    tlp: Tlp = Tlp.CLEAR

    @property
    def sort_key(self) -> str:
        """Where the actor sorts among others: by ``natural_sort_key`` of its name."""
        return natural_sort_key(self.name)

    @property
    def sponsor_inferred(self) -> bool:
        """The sponsor is inferred from galaxy signals, not named by the CFR tracker."""
        return self.sponsor is not None and self.sponsor_basis not in (None, CFR_SPONSOR_BASIS)

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)
