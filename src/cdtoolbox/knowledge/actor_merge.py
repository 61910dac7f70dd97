"""Merging the MISP ``threat-actor`` and ``mitre-intrusion-set`` galaxies into one actor list.

The threat-actor galaxy is the backbone: each of its entries becomes exactly one actor, and two
of its entries are never fused, however many synonyms they share (synonyms are crowd-sourced
and sometimes sloppy; fusing on them chains distinct actors together). A MITRE intrusion set
joins at most one threat-actor entry, tried in this order:

1. the entry listing the set's group id (e.g. ``G0007``) among its synonyms — if several do,
   the one among them whose name equals the set's name;
2. the entry whose name equals the set's name;
3. the entry sharing the most names with the set, if that entry is not already joined through
   rules 1 and 2, no other candidate shares as many names, and no other set claims it more
   strongly.

A set that joins nothing stands alone as its own actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from cdtoolbox.knowledge.actor_sponsors import SponsorSignals
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.model import Country, ThreatActor
from cdtoolbox.model.ports import slugify

__all__ = ["MergeReport", "MergedActors", "merge_actor_galaxies"]

_GROUP_ID = re.compile(r"^G\d{4}$")
_MITRE_SUFFIX = re.compile(r"\s+-\s+G\d{4}$")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_CITATION = re.compile(r"\s*\(Citation:[^)]*\)")
_UNKNOWN_SPONSORS = frozenset({"unknown", ""})


class CountryFinder(Protocol):
    def find(self, text: str) -> Country | None: ...


@dataclass(frozen=True)
class MergeReport:
    """What the merge did, for release notes and for checking a galaxy update."""

    threat_actor_entries: int
    intrusion_sets: int
    joined_by_group_id: int
    joined_by_name: int
    joined_by_synonym: int
    standalone_sets: tuple[str, ...]  # MITRE sets that became actors of their own
    unresolved_victims: tuple[str, ...]  # CFR victim names that are not countries
    unresolved_sponsors: tuple[str, ...]  # CFR sponsor names that are not countries


@dataclass(frozen=True)
class MergedActors:
    actors: tuple[ThreatActor, ...]
    report: MergeReport


@dataclass
class _Entry:
    uuid: str
    name: str
    names: tuple[str, ...]  # name and synonyms, group ids excluded
    group_ids: tuple[str, ...]
    meta: Mapping[str, Any]
    description: str
    joined: list[_Entry] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {key for key in map(normalise_alias, self.names) if key}


def merge_actor_galaxies(
    threat_actors: Iterable[Mapping[str, Any]],
    intrusion_sets: Iterable[Mapping[str, Any]],
    countries: CountryFinder,
    activity_groups: Iterable[Mapping[str, Any]] = (),
) -> MergedActors:
    """Merge the two galaxies' entries (``ClusterValue.to_dict()`` dicts) into actors; the
    ``microsoft-activity-group`` entries only inform the sponsors (actor_sponsors.py)."""
    signals = SponsorSignals(activity_groups)
    backbone = [_read_entry(raw) for raw in threat_actors]
    sets = sorted((_read_entry(raw, mitre=True) for raw in intrusion_sets), key=_first_group_id)
    counts = {"group_id": 0, "name": 0, "synonym": 0}

    by_group_id = _index(backbone, lambda entry: entry.group_ids)
    by_name = _index(backbone, lambda entry: (normalise_alias(entry.name),))
    pending: list[_Entry] = []
    for mitre in sets:
        target, rule = _explicit_match(mitre, by_group_id, by_name)
        if target is None:
            pending.append(mitre)
        else:
            target.joined.append(mitre)
            counts[rule] += 1

    standalone = _join_by_synonyms(pending, backbone, counts)

    victims_missed: set[str] = set()
    sponsors_missed: set[str] = set()
    actors = [
        _actor(entry, countries, signals, victims_missed, sponsors_missed)
        for entry in (*backbone, *standalone)
    ]
    report = MergeReport(
        threat_actor_entries=len(backbone),
        intrusion_sets=len(sets),
        joined_by_group_id=counts["group_id"],
        joined_by_name=counts["name"],
        joined_by_synonym=counts["synonym"],
        standalone_sets=tuple(sorted(entry.name for entry in standalone)),
        unresolved_victims=tuple(sorted(victims_missed)),
        unresolved_sponsors=tuple(sorted(sponsors_missed)),
    )
    return MergedActors(actors=_with_unique_slugs(actors), report=report)


def _read_entry(raw: Mapping[str, Any], *, mitre: bool = False) -> _Entry:
    meta = raw.get("meta") or {}
    value = str(raw["value"]).strip()
    name = _MITRE_SUFFIX.sub("", value) if mitre else value
    synonyms = [str(synonym).strip() for synonym in meta.get("synonyms", ())]
    group_ids = [synonym for synonym in synonyms if _GROUP_ID.match(synonym)]
    if mitre and meta.get("external_id"):
        group_ids.insert(0, str(meta["external_id"]))
    description = str(raw.get("description") or "")
    if mitre:
        description = _CITATION.sub("", _MARKDOWN_LINK.sub(r"\1", description))
    return _Entry(
        uuid=str(raw["uuid"]),
        name=name,
        names=(name, *(s for s in synonyms if s and not _GROUP_ID.match(s))),
        group_ids=tuple(dict.fromkeys(group_ids)),
        meta=meta,
        description=" ".join(description.split()),
    )


def _first_group_id(entry: _Entry) -> str:
    return entry.group_ids[0] if entry.group_ids else entry.name


def _index(
    entries: Sequence[_Entry], keys: Callable[[_Entry], Iterable[str]]
) -> dict[str, list[_Entry]]:
    index: dict[str, list[_Entry]] = {}
    for entry in entries:
        for key in keys(entry):
            index.setdefault(key, []).append(entry)
    return index


def _explicit_match(
    mitre: _Entry,
    by_group_id: Mapping[str, list[_Entry]],
    by_name: Mapping[str, list[_Entry]],
) -> tuple[_Entry | None, str]:
    """Rules 1 and 2: the group id listed as a synonym, else the same name."""
    name_key = normalise_alias(mitre.name)
    listing = by_group_id.get(mitre.group_ids[0], []) if mitre.group_ids else []
    if len(listing) == 1:
        return listing[0], "group_id"
    if listing:
        # Some entries list another group's id; the one also carrying the set's name is meant.
        named = [entry for entry in listing if normalise_alias(entry.name) == name_key]
        return (named[0], "group_id") if len(named) == 1 else (None, "")
    same_name = by_name.get(name_key, [])
    return (same_name[0], "name") if len(same_name) == 1 else (None, "")


def _join_by_synonyms(
    pending: Sequence[_Entry], backbone: Sequence[_Entry], counts: dict[str, int]
) -> list[_Entry]:
    """Rule 3; returns the sets that join nothing."""
    claimed = {entry.uuid for entry in backbone if entry.joined}
    by_key = _index(backbone, lambda entry: entry.keys)
    proposals: dict[str, list[tuple[int, _Entry]]] = {}
    targets: dict[str, _Entry] = {}
    standalone: list[_Entry] = []
    for mitre in pending:
        shared: dict[str, int] = {}
        for key in mitre.keys:
            for candidate in by_key.get(key, ()):
                if candidate.uuid not in claimed:
                    shared[candidate.uuid] = shared.get(candidate.uuid, 0) + 1
                    targets[candidate.uuid] = candidate
        best = _clear_winner(shared)
        if best is None:
            standalone.append(mitre)
        else:
            proposals.setdefault(best, []).append((shared[best], mitre))
    for target_uuid, bids in proposals.items():
        winner = _clear_winner({mitre.uuid: score for score, mitre in bids})
        for _score, mitre in bids:
            if mitre.uuid == winner:
                targets[target_uuid].joined.append(mitre)
                counts["synonym"] += 1
            else:
                standalone.append(mitre)
    return standalone


def _clear_winner(scores: Mapping[str, int]) -> str | None:
    """The key with the highest score, if no other key ties with it."""
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def _actor(
    entry: _Entry,
    countries: CountryFinder,
    signals: SponsorSignals,
    victims_missed: set[str],
    sponsors_missed: set[str],
) -> ThreatActor:
    members = [entry, *entry.joined]
    meta = entry.meta
    name_key = normalise_alias(entry.name)
    aliases: dict[str, str] = {}
    for member in members:
        for alias in member.names:
            key = normalise_alias(alias)
            # Spellings differing only in case or punctuation collapse into one alias; the
            # galaxies shout some names ("FANCY BEAR"), so prefer a mixed-case spelling.
            if key and key != name_key:
                kept = aliases.setdefault(key, alias)
                if kept.isupper() and not alias.isupper():
                    aliases[key] = alias
    # A threat-actor entry's own group-id synonyms are not trusted (some list another group's
    # id); its MITRE ids are those of the sets that joined it.
    own_id = entry.group_ids[:1] if _is_mitre(entry) else ()
    mitre_ids = sorted({*own_id, *(gid for member in entry.joined for gid in member.group_ids[:1])})
    references = [str(ref) for member in members for ref in member.meta.get("refs", ())]
    country = _country_code(meta.get("country"), countries)
    incident_types = _published(meta.get("cfr-type-of-incident"))
    sponsor = signals.find(
        cfr_sponsor=_sponsor(meta.get("cfr-suspected-state-sponsor"), countries, sponsors_missed),
        names=[name for member in members for name in member.names],
        country=country,
        metas=[member.meta for member in members],
        descriptions=[member.description for member in members],
        incident_types=incident_types,
    )
    return ThreatActor(
        id=entry.uuid,
        slug=slugify(entry.name),
        name=entry.name,
        aliases=tuple(sorted(aliases.values(), key=lambda alias: (alias.casefold(), alias))),
        sponsor=sponsor.state,
        sponsor_basis=sponsor.basis,
        country=country,
        description=entry.description or next((m.description for m in entry.joined), ""),
        references=tuple(dict.fromkeys(references)),
        suspected_victims=_victims(
            meta.get("cfr-suspected-victims", ()), countries, victims_missed
        ),
        target_categories=_published(meta.get("cfr-target-category")),
        incident_types=incident_types,
        mitre_ids=tuple(mitre_ids),
    )


def _is_mitre(entry: _Entry) -> bool:
    return "external_id" in entry.meta


def _sponsor(value: object, countries: CountryFinder, missed: set[str]) -> str | None:
    if not isinstance(value, str) or value.strip().casefold() in _UNKNOWN_SPONSORS:
        return None
    country = countries.find(value)
    if country is None:
        missed.add(value)
        return None
    return country.code


def _country_code(value: object, countries: CountryFinder) -> str | None:
    if not isinstance(value, str):
        return None
    country = countries.find(value)
    return country.code if country else None


def _victims(
    values: Iterable[object], countries: CountryFinder, missed: set[str]
) -> tuple[str, ...]:
    codes: set[str] = set()
    for value in values:
        country = countries.find(str(value))
        if country is None:
            missed.add(str(value))  # regions, companies, organisations, typos
        else:
            codes.add(country.code)
    return tuple(sorted(codes))


def _published(value: object) -> tuple[str, ...]:
    """A CFR field as published: one string or a list of them, duplicates dropped."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def _with_unique_slugs(actors: Iterable[ThreatActor]) -> tuple[ThreatActor, ...]:
    """Sort by name, then id; a slug already taken gets the first block of the id appended."""
    ordered = sorted(actors, key=lambda actor: (actor.name.casefold(), actor.name, actor.id))
    taken: set[str] = set()
    result: list[ThreatActor] = []
    for actor in ordered:
        slug = actor.slug
        if slug in taken:
            slug = f"{slug}-{actor.id.split('-')[0]}"
        taken.add(slug)
        result.append(actor if slug == actor.slug else replace(actor, slug=slug))
    return tuple(result)
