"""Objects other producers wrote, read into our model as far as STIX lets us know.

These are deliberately plain rules (documented in docs/stix-mapping.md), never guesses
dressed as facts: what STIX does not say stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import AttributingParty, IncidentType, PartyKind, Source, Tlp
from cdtoolbox.model.sources import is_web_url

__all__ = [
    "UNMARKED_TLP",
    "UNNAMED_PRODUCER",
    "IdentityFacts",
    "actor_references",
    "incident_types",
    "mitre_ids",
    "names_of",
    "party_of",
    "sources_of",
    "state_of_identity",
    "text_of",
]

# An object carrying no TLP marking is shared onward only within organisations until an
# analyst marks it: TLP 2.0 says nothing about unmarked information, so we assume the least
# that is still useful.
UNMARKED_TLP: Final = Tlp.AMBER

UNNAMED_PRODUCER: Final = AttributingParty(PartyKind.COMPANY, "Unnamed STIX producer")

_MITRE_GROUP = re.compile(r"^G[0-9]{4}$", re.ASCII)
_STATE_SECTORS = frozenset({"government-national", "government"})
_STATE_PREFIXES = ("government of the ", "government of ", "state of ")
_INCIDENT_TYPES = {kind.value: kind for kind in IncidentType}


@dataclass(frozen=True, slots=True)
class IdentityFacts:
    """What folding needs to know of an identity object."""

    name: str
    identity_class: str | None
    sectors: tuple[str, ...]
    state: str | None  # ISO alpha-2 when the identity stands for a state


def text_of(value: object) -> str | None:
    """Non-blank text without surrounding space, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def state_of_identity(obj: Mapping[str, Any], resolver: ReferenceResolver) -> str | None:
    """The state an identity stands for: a national government whose name, or the name
    after "Government of", is a country. Ministries and agencies are not states."""
    sectors = obj.get("sectors")
    if not isinstance(sectors, list) or not _STATE_SECTORS.intersection(
        sector for sector in sectors if isinstance(sector, str)
    ):
        return None
    name = text_of(obj.get("name"))
    if name is None:
        return None
    candidates = [name]
    lowered = name.casefold()
    for prefix in _STATE_PREFIXES:
        if lowered.startswith(prefix):
            candidates.append(name[len(prefix) :])
            break
    for candidate in reversed(candidates):
        code = resolver.country_code(candidate)
        if code is not None:
            return code
    return None


def party_of(identity: IdentityFacts | None) -> AttributingParty:
    """Who made an attribution, from the identity that created the relationship."""
    if identity is None:
        return UNNAMED_PRODUCER
    if identity.state is not None:
        return AttributingParty(PartyKind.STATE, identity.name, identity.state)
    if identity.identity_class == "individual":
        return AttributingParty(PartyKind.RESEARCHER, identity.name)
    return AttributingParty(PartyKind.COMPANY, identity.name)


def incident_types(labels: object) -> tuple[IncidentType, ...]:
    """The labels that are words of our incident-type vocabulary, in order."""
    if not isinstance(labels, list):
        return ()
    found = {
        _INCIDENT_TYPES[label.strip().lower()]: None
        for label in labels
        if isinstance(label, str) and label.strip().lower() in _INCIDENT_TYPES
    }
    return tuple(found)


def sources_of(references: object) -> tuple[Source, ...]:
    """External references as sources: ``source_name`` is the publisher, the description
    (else the external id, else the publisher) the title. Only http(s) URLs are kept."""
    if not isinstance(references, list):
        return ()
    sources: dict[Source, None] = {}
    for reference in references:
        if not isinstance(reference, Mapping):
            continue
        publisher = text_of(reference.get("source_name"))
        title = (
            text_of(reference.get("description"))
            or text_of(reference.get("external_id"))
            or publisher
        )
        if title is None:
            continue
        sources.setdefault(Source(title, _web_url(reference.get("url")), publisher), None)
    return tuple(sources)


def actor_references(references: object) -> tuple[str, ...]:
    """The http(s) URLs among an actor's external references."""
    if not isinstance(references, list):
        return ()
    urls = (
        _web_url(reference.get("url")) for reference in references if isinstance(reference, Mapping)
    )
    return tuple(dict.fromkeys(url for url in urls if url))


def mitre_ids(references: object) -> tuple[str, ...]:
    """MITRE ATT&CK group ids (G0007) named by ``mitre-attack`` external references."""
    if not isinstance(references, list):
        return ()
    found: dict[str, None] = {}
    for reference in references:
        if isinstance(reference, Mapping) and reference.get("source_name") == "mitre-attack":
            external_id = reference.get("external_id")
            if isinstance(external_id, str) and _MITRE_GROUP.match(external_id):
                found.setdefault(external_id, None)
    return tuple(found)


def _web_url(value: object) -> str | None:
    text = text_of(value)
    return text if text is not None and is_web_url(text) else None


def names_of(obj: Mapping[str, Any]) -> tuple[str, Sequence[str]]:
    """An actor object's name and its aliases other than the name."""
    name = text_of(obj.get("name")) or ""
    raw = obj.get("aliases")
    aliases = [text for alias in raw if (text := text_of(alias))] if isinstance(raw, list) else []
    return name, [alias for alias in dict.fromkeys(aliases) if alias != name]
