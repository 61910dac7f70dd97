"""The suspected state sponsor of a threat actor, from every signal the MISP galaxies give.

The CFR Cyber Operations Tracker (``cfr-suspected-state-sponsor``) names a sponsor for about
a hundred entries of the threat-actor galaxy. Many more carry other signals, and an actor
left "unknown" while Microsoft tracks it as a Chinese nation-state actor misleads an analyst.
The signals, each read from a galaxy field:

- ``cfr-suspected-state-sponsor``: the tracker's named sponsor, taken as it stands;
- the ``microsoft-activity-group`` galaxy: Microsoft names nation-state actors by origin
  (Typhoon for China, Blizzard for Russia…) and gives that origin as ``country``; its
  financially motivated groups (``sector``) are crime, not a state;
- a meta field naming a state organ (``GRU``: the actor's military unit);
- the entry's ``country`` of origin, which alone says where an actor operates from, not who
  sponsors it (criminal groups have one too); it counts only beside a sign of state activity
  in the same entry: a CFR incident type of espionage or sabotage (the tracker records
  state-sponsored operations only) or a description calling the actor state-sponsored.

A sponsor is inferred only when the signals agree on one state and nothing marks the actor as
criminal; the basis says which signals it rests on, with the galaxy's
``attribution-confidence`` when it gives one, so a page can show that it is an inference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.model import Country
from cdtoolbox.model.actor import CFR_SPONSOR_BASIS

__all__ = ["SponsorFinding", "SponsorSignals"]

_STATE_INCIDENT_TYPES = frozenset({"espionage", "sabotage"})
_STATE_WORDING = re.compile(
    r"\b(?:state|government|nation[- ]state)[- ](?:sponsored|backed|directed)\b", re.IGNORECASE
)
# Meta fields naming the state organ an actor belongs to, and that organ's state.
_ORGAN_FIELDS = {"GRU": "RU"}
# Microsoft's groups that are not nation-state actors, by the galaxy's ``sector``.
_NOT_A_STATE = frozenset(
    {"financially motivated", "private sector offensive actor", "group in development"}
)
_CRIME = "financially motivated"


class CountryFinder(Protocol):
    def find(self, text: str) -> Country | None: ...


@dataclass(frozen=True)
class SponsorFinding:
    state: str | None  # ISO alpha-2
    basis: str | None  # which signals the state rests on, in words


@dataclass(frozen=True)
class _Group:
    name: str
    state: str | None  # Microsoft's origin, for nation-state groups only
    criminal: bool


class SponsorSignals:
    """Microsoft's activity groups indexed by every name they carry, read once."""

    def __init__(self, activity_groups: Iterable[Mapping[str, Any]]) -> None:
        self._groups: dict[str, list[_Group]] = {}
        for raw in activity_groups:
            meta = raw.get("meta") or {}
            sector = str(meta.get("sector") or "").strip().casefold()
            country = meta.get("country")
            group = _Group(
                name=str(raw["value"]).strip(),
                state=str(country) if country and sector not in _NOT_A_STATE else None,
                criminal=sector == _CRIME,
            )
            names = (group.name, *(str(s) for s in meta.get("synonyms", ())))
            for key in {normalise_alias(name) for name in names} - {""}:
                self._groups.setdefault(key, []).append(group)

    def find(
        self,
        *,
        cfr_sponsor: str | None,
        names: Iterable[str],
        country: str | None,
        metas: Sequence[Mapping[str, Any]],
        descriptions: Iterable[str],
        incident_types: Iterable[str],
    ) -> SponsorFinding:
        """The sponsor of an actor known by ``names`` (its galaxy entries' ``metas``), or none.

        ``cfr_sponsor`` is the tracker's sponsor already resolved to a code (``None`` when it
        names none or says "Unknown"); ``country`` is the entry's country of origin.
        """
        if cfr_sponsor is not None:
            return SponsorFinding(cfr_sponsor, CFR_SPONSOR_BASIS)
        states: set[str] = set()
        evidence: list[str] = []
        criminal = False
        groups = {g.name: g for n in names for g in self._groups.get(normalise_alias(n), ())}
        for group in sorted(groups.values(), key=lambda g: g.name):
            criminal = criminal or group.criminal
            if group.state:
                states.add(group.state)
                evidence.append(f"Microsoft tracks it as the nation-state actor {group.name}")
        for meta in metas:
            for field, state in _ORGAN_FIELDS.items():
                if meta.get(field):
                    states.add(state)
                    evidence.append(f"the galaxy names its {field} unit ({meta[field]})")
        if country:
            nexus = _state_activity(incident_types, descriptions)
            if nexus:
                states.add(country)
                evidence.append(f"the galaxy places it in {country} and {nexus}")
        if criminal and not any(group.state for group in groups.values()):
            return SponsorFinding(None, None)
        # Signals naming two states, or a state other than where the galaxy places the
        # actor, contradict each other: no sponsor rather than a guess.
        if len(states) != 1 or (country is not None and country not in states):
            return SponsorFinding(None, None)
        confidence = next(
            (str(m["attribution-confidence"]) for m in metas if m.get("attribution-confidence")),
            None,
        )
        basis = "inferred, no sponsor named by the CFR tracker: " + "; ".join(evidence)
        if confidence:
            basis += f" (galaxy attribution confidence {confidence}/100)"
        return SponsorFinding(states.pop(), basis)


def _state_activity(incident_types: Iterable[str], descriptions: Iterable[str]) -> str | None:
    """Why the entry looks like a state's actor, or ``None``."""
    types = sorted({t.strip().casefold() for t in incident_types} & _STATE_INCIDENT_TYPES)
    if types:
        return f"the CFR tracker records its {' and '.join(types)}"
    for description in descriptions:
        found = _STATE_WORDING.search(description)
        if found:
            return f"its description calls it {found[0].lower()}"
    return None
