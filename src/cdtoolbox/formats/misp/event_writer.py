"""One incident → one MISP event, as MISP exports and feeds write it (``{"Event": {...}}``).

The event's uuid is the incident's id and its ``timestamp`` the incident's ``updated_at``,
so importing our own export again changes nothing and a partner's edited copy (with a newer
timestamp) is recognised as a newer version. Facts go where MISP users look for them: TLP,
incident type, victims, sectors and actors as tags (actors also as threat-actor galaxy
clusters, with their aliases), sources as ``link`` attributes, the summary and the
attributions (party, wording, likelihood per attribution) as event reports. See
docs/misp-mapping.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from cdtoolbox.formats.misp.tag_tables import MispTables
from cdtoolbox.formats.misp.tags import machine_tag
from cdtoolbox.formats.misp.vocabulary import (
    ANALYSIS_BY_STATUS,
    CDT_ATTRIBUTED_STATE,
    CDT_INCIDENT_TYPE,
    CDT_NAMESPACE,
    CDT_SECTOR,
    CONFIDENCE_PREDICATE,
    COUNTRY_GALAXY,
    CREDIBILITY_PREDICATE,
    GALAXY_NAMESPACE,
    LIKELIHOOD_PREDICATE,
    REFERENCE_CATEGORY,
    RELIABILITY_PREDICATE,
    SUMMARY_REPORT,
    TYPE_TAG_FOR,
)
from cdtoolbox.model import Attribution, Incident, Source, ThreatActor, Tlp

__all__ = [
    "ATTRIBUTIONS_REPORT",
    "DEFAULT_REFERENCE_TIME",
    "MispEventContext",
    "event_tag",
    "misp_event",
]

ATTRIBUTIONS_REPORT: Final = "Attributions"
#: The time of an incident that was never stored (no ``created_at`` nor ``updated_at``).
DEFAULT_REFERENCE_TIME: Final = datetime(2026, 1, 1, tzinfo=UTC)

# The threat-actor galaxy as the MISP galaxy repository defines it (galaxies/threat-actor.json).
_THREAT_ACTOR_GALAXY: Final = {
    "uuid": "698774c7-8022-42c4-917f-8d6e4f06ada3",
    "name": "Threat Actor",
    "type": "threat-actor",
    "namespace": "misp",
    "description": "Threat actors are characteristics of malicious actors (or adversaries) "
    "representing a cyber attack threat including presumed intent and historically observed "
    "behaviour.",
}
# FIRST's TLP 2.0 colours, as the tlp taxonomy gives them; other tags take MISP's default.
_TLP_COLOURS: Final = {
    Tlp.CLEAR: "#ffffff",
    Tlp.GREEN: "#33ff00",
    Tlp.AMBER: "#ffc000",
    Tlp.AMBER_STRICT: "#ffc000",
    Tlp.RED: "#ff2b2b",
}
_DEFAULT_COLOUR: Final = "#ffffff"
_UNDEFINED_THREAT_LEVEL: Final = "4"  # cdtoolbox has no severity assessment yet


@dataclass(frozen=True)
class MispEventContext:
    """What every exported event shares: who writes it and the reference tables for tags."""

    organisation: str
    organisation_uuid: str
    namespace: uuid.UUID  # mints the uuids of attributes and reports, stable per export
    actors: Mapping[str, ThreatActor]  # every actor the exported incidents name
    tables: MispTables = field(default_factory=MispTables)  # country galaxy values, nis2 tags
    country_names: Mapping[str, str] = field(default_factory=dict)  # ISO → English name
    reference_time: datetime = DEFAULT_REFERENCE_TIME


def misp_event(incident: Incident, context: MispEventContext) -> dict[str, Any]:
    """The MISP event of one incident; every actor it names must be in ``context.actors``.

    The event is shared at the incident's TLP, so an actor marked above it is left out: its
    cluster, its tag and its name in the attributions report."""
    moment = incident.updated_at or incident.created_at or context.reference_time
    stamp = str(int(moment.timestamp()))
    day = incident.start.earliest if incident.start else moment.astimezone(UTC).date()
    named = [_actor(context, actor_id, incident) for actor_id in _actor_ids(incident)]
    actors = [actor for actor in named if actor.tlp.rank <= incident.tlp.rank]
    event: dict[str, Any] = {
        "uuid": incident.id,
        "info": incident.title,
        "date": day.isoformat(),
        "timestamp": stamp,
        "publish_timestamp": stamp,
        "published": True,
        "analysis": str(ANALYSIS_BY_STATUS[incident.status]),
        "threat_level_id": _UNDEFINED_THREAT_LEVEL,
        "extends_uuid": "",
        "Orgc": {"name": context.organisation, "uuid": context.organisation_uuid},
        "Tag": [event_tag(name, incident.tlp) for name in _event_tags(incident, actors, context)],
        "Attribute": [
            _attribute(incident, source, stamp, context.namespace) for source in incident.sources
        ],
    }
    if actors:
        clusters = [_cluster(actor, context) for actor in actors]
        event["Galaxy"] = [{**_THREAT_ACTOR_GALAXY, "GalaxyCluster": clusters}]
    reports = []
    if incident.summary:
        reports.append(_report(incident, SUMMARY_REPORT, incident.summary, stamp, context))
    if incident.attributions:
        shown = {actor.id: actor for actor in actors}
        text = _attributions_text(incident.attributions, shown, context)
        reports.append(_report(incident, ATTRIBUTIONS_REPORT, text, stamp, context))
    if reports:
        event["EventReport"] = reports
    return {"Event": event}


def _actor_ids(incident: Incident) -> list[str]:
    named = [*incident.actor_ids, *(a.actor_id for a in incident.attributions if a.actor_id)]
    return list(dict.fromkeys(named))


def _actor(context: MispEventContext, actor_id: str, incident: Incident) -> ThreatActor:
    actor = context.actors.get(actor_id)
    if actor is None:
        raise ValueError(f"incident {incident.id} names actor {actor_id}, not given to the export")
    return actor


def _event_tags(
    incident: Incident, actors: Iterable[ThreatActor], context: MispEventContext
) -> list[str]:
    names = [f"tlp:{incident.tlp.value}"]
    for kind in incident.types:
        standard = TYPE_TAG_FOR.get(kind)
        if standard is not None:
            names.append(machine_tag(*standard))
        names.append(machine_tag(CDT_NAMESPACE, CDT_INCIDENT_TYPE, kind.value))
    for code in incident.victim_countries:
        value = context.tables.country_values.get(code, code)
        names.append(machine_tag(GALAXY_NAMESPACE, COUNTRY_GALAXY, value))
    for sector in incident.victim_sectors:
        names.append(
            context.tables.sector_tags.get(sector) or machine_tag(CDT_NAMESPACE, CDT_SECTOR, sector)
        )
    for actor in actors:
        names.append(machine_tag(GALAXY_NAMESPACE, "threat-actor", actor.name))
    for state in incident.attributed_states:
        names.append(machine_tag(CDT_NAMESPACE, CDT_ATTRIBUTED_STATE, state))
    # One event carries one likelihood and one confidence: written when the attributions agree.
    for predicate, values in (
        (LIKELIHOOD_PREDICATE, {a.likelihood for a in incident.attributions if a.likelihood}),
        (CONFIDENCE_PREDICATE, {a.confidence for a in incident.attributions if a.confidence}),
    ):
        if len(values) == 1:
            names.append(machine_tag(*predicate, next(iter(values)).value))
    return list(dict.fromkeys(names))


def event_tag(name: str, tlp: Tlp) -> dict[str, Any]:
    colour = _TLP_COLOURS[tlp] if name.startswith("tlp:") else _DEFAULT_COLOUR
    return {"name": name, "colour": colour, "local": False, "relationship_type": ""}


def _attribute(
    incident: Incident, source: Source, stamp: str, namespace: uuid.UUID
) -> dict[str, Any]:
    label = f"{source.title} ({source.publisher})" if source.publisher else source.title
    if source.url:
        kind, value, comment = "link", source.url, label
    else:
        kind, value, comment = "text", label, ""
    tags = []
    if source.reliability is not None:
        tags.append(machine_tag(*RELIABILITY_PREDICATE, source.reliability.value))
    if source.credibility is not None:
        tags.append(machine_tag(*CREDIBILITY_PREDICATE, source.credibility.value))
    attribute: dict[str, Any] = {
        "uuid": str(uuid.uuid5(namespace, f"misp-attribute:{incident.id}:{kind}:{value}")),
        "type": kind,
        "category": REFERENCE_CATEGORY,
        "value": value,
        "comment": comment,
        "to_ids": False,
        "disable_correlation": False,
        "deleted": False,
        "timestamp": stamp,
    }
    if tags:
        attribute["Tag"] = [event_tag(name, incident.tlp) for name in tags]
    return attribute


def _cluster(actor: ThreatActor, context: MispEventContext) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if actor.aliases:
        meta["synonyms"] = list(actor.aliases)
    if actor.country:
        meta["country"] = actor.country
    # The field is the CFR tracker's word; a sponsor inferred from other signals is not.
    if actor.sponsor and not actor.sponsor_inferred:
        meta["cfr-suspected-state-sponsor"] = context.country_names.get(
            actor.sponsor, actor.sponsor
        )
    if actor.references:
        meta["refs"] = list(actor.references)
    return {
        "uuid": actor.id,
        "type": "threat-actor",
        "value": actor.name,
        "tag_name": machine_tag(GALAXY_NAMESPACE, "threat-actor", actor.name),
        "description": actor.description,
        "source": "MISP Project" if actor.origin == "misp-galaxy" else context.organisation,
        "meta": meta,
    }


def _report(
    incident: Incident, name: str, content: str, stamp: str, context: MispEventContext
) -> dict[str, Any]:
    return {
        "uuid": str(uuid.uuid5(context.namespace, f"misp-report:{incident.id}:{name}")),
        "name": name,
        "content": content,
        "timestamp": stamp,
        "deleted": False,
    }


def _attributions_text(
    attributions: Iterable[Attribution],
    actors: Mapping[str, ThreatActor],
    context: MispEventContext,
) -> str:
    """Markdown, one item per attribution: what tags cannot say one attribution at a time."""
    lines = []
    for attribution in attributions:
        party = attribution.party
        who = f"**{party.name}** ({party.kind.value})"
        when = f" on {attribution.date}" if attribution.date else ""
        targets = []
        shown = actors.get(attribution.actor_id) if attribution.actor_id else None
        if shown is not None:
            targets.append(shown.name)
        if attribution.state:
            targets.append(context.country_names.get(attribution.state, attribution.state))
        line = f"- {who}{when}: {' / '.join(targets) or 'no actor or state named'}"
        grades = [
            f"likelihood {attribution.likelihood.value}" if attribution.likelihood else "",
            f"confidence {attribution.confidence.value}" if attribution.confidence else "",
            f"basis {', '.join(b.value for b in attribution.basis)}" if attribution.basis else "",
        ]
        if any(grades):
            line += f" ({'; '.join(g for g in grades if g)})"
        if attribution.wording:
            line += f' — "{attribution.wording}"'
        if attribution.source and attribution.source.url:
            line += f" [source]({attribution.source.url})"
        lines.append(line)
    return "\n".join(lines)
