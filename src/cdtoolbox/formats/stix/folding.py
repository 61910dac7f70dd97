"""Folding a bundle's incidents, actors and the relationships between them into our model.

Runs once the whole bundle has been read: relationships may come before or after the objects
they link. An incident's ``attributed-to`` and ``targets`` relationships become its
attributions and victims when their target is something we can name (an actor, a state, an
organisation, a sector); a relationship we cannot fold is kept as received.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.stix.extension import PayloadReader, payload_of
from cdtoolbox.formats.stix.foreign import (
    UNMARKED_TLP,
    IdentityFacts,
    actor_references,
    incident_types,
    mitre_ids,
    names_of,
    party_of,
    sources_of,
    text_of,
)
from cdtoolbox.formats.stix.identifiers import is_stix_id, stix_id_type, stix_uuid
from cdtoolbox.formats.stix.timestamps import parse_timestamp
from cdtoolbox.formats.stix.validation import ObjectErrors
from cdtoolbox.formats.stix.vocabulary import confidence_from_stix
from cdtoolbox.ingest.record import RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import (
    Attribution,
    Incident,
    Organisation,
    PartialDate,
    ThreatActor,
    Tlp,
)
from cdtoolbox.model.exchange import KeptObject, PlannedActor, PlannedIncident, stix_sort_key
from cdtoolbox.model.ports import ActorFinder, slugify

__all__ = ["Folder", "RelationshipFacts"]

Outcome = tuple[Any, int, list[InvalidInput]]


@dataclass(frozen=True, slots=True)
class RelationshipFacts:
    """What folding needs of one relationship, and the object to keep if it does not fold."""

    index: int
    id: str
    relationship_type: str
    source: str
    target: str
    created: datetime
    modified: str
    modified_at: datetime
    confidence: int | None
    description: str | None
    creator: str | None
    tlp: Tlp
    kept: KeptObject | None

    @classmethod
    def read(
        cls, index: int, obj: Mapping[str, Any], tlp: Tlp | None, kept: KeptObject | None
    ) -> RelationshipFacts | None:
        """The facts of a relationship; ``kept`` is None when it is kept whatever happens."""
        source, target, kind = (
            obj.get("source_ref"),
            obj.get("target_ref"),
            obj.get("relationship_type"),
        )
        if not (
            isinstance(source, str)
            and isinstance(target, str)
            and isinstance(kind, str)
            and is_stix_id(source)
            and is_stix_id(target)
        ):
            return None
        created = parse_timestamp(obj["created"])
        modified = parse_timestamp(obj["modified"])
        if created is None or modified is None:  # check_object let no such object through
            return None
        return cls(
            index=index,
            id=obj["id"],
            relationship_type=kind,
            source=source,
            target=target,
            created=created,
            modified=stix_sort_key(obj["modified"]),
            modified_at=modified,
            confidence=obj.get("confidence"),
            description=text_of(obj.get("description")),
            creator=obj.get("created_by_ref"),
            tlp=tlp or UNMARKED_TLP,
            kept=kept,
        )


class _BundleActors:
    """The resolver, plus the actors this bundle defines under our ids."""

    def __init__(self, resolver: ReferenceResolver, actor_ids: set[str]) -> None:
        self._resolver = resolver
        self._actor_ids = actor_ids

    def country_code(self, text: str) -> str | None:
        return self._resolver.country_code(text)

    def sector_id(self, text: str) -> str | None:
        return self._resolver.sector_id(text)

    def actor_id(self, text: str) -> str | None:
        if text.strip() in self._actor_ids:
            return text.strip()
        return self._resolver.actor_id(text)


class Folder:
    """Turns the held objects of one bundle into planned actors and incidents."""

    def __init__(
        self,
        *,
        source: str,
        resolver: ReferenceResolver,
        actors: ActorFinder,
        identities: Mapping[str, IdentityFacts],
        locations: Mapping[str, str],
        relationships: Sequence[RelationshipFacts],
    ) -> None:
        self.folded = 0
        self._source = source
        self._resolver = resolver
        self._actors = actors
        self._identities = identities
        self._locations = locations
        self._relationships = relationships
        self._by_source: dict[str, list[RelationshipFacts]] = {}
        for relationship in relationships:
            self._by_source.setdefault(relationship.source, []).append(relationship)
        self._actor_ids: dict[str, str] = {}  # STIX id -> our actor id
        self._actor_tlps: dict[str, Tlp] = {}  # STIX id -> the marking of the actor it names
        self._folded: set[str] = set()

    def unfolded(self) -> list[KeptObject]:
        """The incident relationships that folded into nothing, to keep as received."""
        return [
            relationship.kept
            for relationship in self._relationships
            if relationship.kept is not None and relationship.id not in self._folded
        ]

    # actors ---------------------------------------------------------------------------

    def actor(self, index: int, obj: dict[str, Any], modified: str, tlp: Tlp) -> Outcome:
        """The actor an intrusion set or threat actor object describes, marked ``tlp``.

        An object naming an actor we already know never changes it (neither its facts nor its
        marking): the partner's description is not merged into what every reader of that
        actor sees."""
        errors = ObjectErrors(obj["id"], index, self._source)
        name, aliases = names_of(obj)
        if not name:
            errors.add("name", obj.get("name"), "must not be empty")
            return None, index, errors.found
        payload = payload_of(obj)
        if payload is not None:
            return self._our_actor(index, obj, modified, payload, name, tuple(aliases), tlp)
        mapped = self._foreign_actor(obj, name, tuple(aliases), tlp)
        known = self._known_actor(mapped, [name, *aliases])
        planned = PlannedActor(
            actor=known or mapped, stix_id=obj["id"], modified=modified, known=known is not None
        )
        self._actor_ids[obj["id"]] = planned.actor.id
        self._actor_tlps[obj["id"]] = planned.actor.tlp
        return planned, index, []

    def _our_actor(
        self,
        index: int,
        obj: dict[str, Any],
        modified: str,
        payload: Mapping[str, Any],
        name: str,
        aliases: tuple[str, ...],
        tlp: Tlp,
    ) -> Outcome:
        errors = RecordErrors(obj["id"], self._source)
        reader = PayloadReader(self._resolver, errors, f"objects[{index}]")
        description = text_of(obj.get("description")) or ""
        actor = reader.actor(payload, name=name, aliases=aliases, description=description)
        if actor is None or errors.found:
            return None, index, errors.found
        known = self._find(actor.id)
        actor = known or replace(actor, tlp=tlp)
        self._actor_ids[obj["id"]] = actor.id
        self._actor_tlps[obj["id"]] = actor.tlp
        return PlannedActor(actor, obj["id"], modified, known=known is not None), index, []

    def _foreign_actor(
        self, obj: dict[str, Any], name: str, aliases: tuple[str, ...], tlp: Tlp
    ) -> ThreatActor:
        references = obj.get("external_references")
        return ThreatActor(
            id=stix_uuid(obj["id"]),
            slug=slugify(name),
            name=name,
            aliases=aliases,
            sponsor=self._sponsor(obj["id"], tlp),
            country=self._linked_state(obj["id"], "located-at", tlp),
            description=text_of(obj.get("description")) or "",
            references=actor_references(references),
            mitre_ids=mitre_ids(references),
            origin="stix",
            tlp=tlp,
        )

    def _known_actor(self, mapped: ThreatActor, names: list[str]) -> ThreatActor | None:
        """The actor we already know this object as: found by its first name or alias that
        designates exactly one actor. A name several actors carry singles none out, so it is
        passed over rather than guessed at; with no other name the actor is new."""
        same = self._find(mapped.id)
        if same is not None and same.id == mapped.id:
            return None  # imported from this very object before: map it afresh
        for name in names:
            found = self._find(name)
            if found is not None:
                return found
        return None

    def _find(self, actor_id: str) -> ThreatActor | None:
        try:
            return self._actors.find(actor_id)
        except InvalidInput:
            return None

    def _sponsor(self, actor_stix_id: str, tlp: Tlp) -> str | None:
        """The state an actor is attributed to, directly or through the threat actor an
        intrusion set is attributed to, by relationships marked at most ``tlp``."""
        direct = self._linked_state(actor_stix_id, "attributed-to", tlp)
        if direct is not None:
            return direct
        for relationship in self._by_source.get(actor_stix_id, ()):
            if (
                relationship.relationship_type == "attributed-to"
                and stix_id_type(relationship.target) == "threat-actor"
                and relationship.tlp.rank <= tlp.rank
            ):
                found = self._linked_state(relationship.target, "attributed-to", tlp)
                if found is not None:
                    return found
        return None

    def _linked_state(self, source: str, relationship_type: str, tlp: Tlp) -> str | None:
        for relationship in self._by_source.get(source, ()):
            if (
                relationship.relationship_type == relationship_type
                and relationship.tlp.rank <= tlp.rank
            ):
                state = self._state(relationship.target)
                if state is not None:
                    return state
        return None

    def _state(self, stix_id: str) -> str | None:
        identity = self._identities.get(stix_id)
        if identity is not None:
            return identity.state
        return self._locations.get(stix_id)

    # incidents ------------------------------------------------------------------------

    def incident(self, index: int, obj: dict[str, Any], modified: str, tlp: Tlp) -> Outcome:
        errors = ObjectErrors(obj["id"], index, self._source)
        title = text_of(obj.get("name"))
        if title is None:
            errors.add("name", obj.get("name"), "must not be empty")
            return None, index, errors.found
        summary = text_of(obj.get("description")) or ""
        created = parse_timestamp(obj["created"])
        modified_at = parse_timestamp(obj["modified"])
        if created is None or modified_at is None:  # pragma: no cover - checked on reading
            return None, index, errors.found
        payload = payload_of(obj)
        if payload is not None:
            record = RecordErrors(obj["id"], self._source)
            reader = PayloadReader(
                _BundleActors(self._resolver, set(self._actor_ids.values())),
                record,
                f"objects[{index}]",
            )
            incident = reader.incident(
                payload,
                title=title,
                summary=summary,
                tlp=tlp,
                created=created,
                modified=modified_at,
            )
            if incident is None or record.found:
                return None, index, record.found
        else:
            incident = Incident(
                id=stix_uuid(obj["id"]),
                slug="",
                title=title,
                summary=summary,
                start=PartialDate(created.date()),
                types=incident_types(obj.get("labels")),
                sources=sources_of(obj.get("external_references")),
                tlp=tlp,
                created_at=created,
                updated_at=modified_at,
            )
        incident, modified = self._fold_relationships(obj["id"], incident, modified)
        return PlannedIncident(incident, obj["id"], modified), index, []

    def _fold_relationships(
        self, stix_id: str, incident: Incident, modified: str
    ) -> tuple[Incident, str]:
        attributions = list(incident.attributions)
        actors = list(incident.actor_ids)
        countries = list(incident.victim_countries)
        sectors = list(incident.victim_sectors)
        organisations = list(incident.victim_organisations)
        newest, newest_at = modified, incident.updated_at
        for relationship in self._by_source.get(stix_id, ()):
            if relationship.kept is None or relationship.tlp.rank > incident.tlp.rank:
                continue
            folded = False
            if relationship.relationship_type == "attributed-to":
                attribution = self._attribution(relationship, incident.tlp)
                if attribution is not None:
                    folded = True
                    if attribution not in attributions:
                        attributions.append(attribution)
                    if attribution.actor_id and attribution.actor_id not in actors:
                        actors.append(attribution.actor_id)
            elif relationship.relationship_type == "targets":
                folded = self._victim(relationship.target, countries, sectors, organisations)
            if folded:
                self._folded.add(relationship.id)
                self.folded += 1
                if relationship.modified > newest:
                    newest, newest_at = relationship.modified, relationship.modified_at
        return incident.evolve(
            attributions=tuple(attributions),
            actor_ids=tuple(actors),
            victim_countries=tuple(countries),
            victim_sectors=tuple(sectors),
            victim_organisations=tuple(organisations),
            updated_at=newest_at,
        ), newest

    def _attribution(self, relationship: RelationshipFacts, tlp: Tlp) -> Attribution | None:
        """The attribution a relationship makes, unless it names an actor marked above the
        incident's ``tlp`` (every reader of the incident would learn of that actor)."""
        actor_tlp = self._actor_tlps.get(relationship.target)
        if actor_tlp is not None and actor_tlp.rank > tlp.rank:
            return None
        actor_id = self._actor_ids.get(relationship.target)
        state = None if actor_id else self._state(relationship.target)
        if actor_id is None and state is None:
            return None
        confidence = relationship.confidence
        creator = self._identities.get(relationship.creator) if relationship.creator else None
        return Attribution(
            party=party_of(creator),
            actor_id=actor_id,
            state=state,
            date=PartialDate(relationship.created.date()),
            confidence=confidence_from_stix(confidence) if isinstance(confidence, int) else None,
            public=relationship.tlp is Tlp.CLEAR,
            wording=relationship.description,
        )

    def _victim(
        self,
        target: str,
        countries: list[str],
        sectors: list[str],
        organisations: list[Organisation],
    ) -> bool:
        state = self._state(target)
        if state is not None:
            if state not in countries:
                countries.append(state)
            return True
        identity = self._identities.get(target)
        if identity is None:
            return False
        known_sectors = [
            sector_id for word in identity.sectors if (sector_id := self._resolver.sector_id(word))
        ]
        if identity.identity_class == "class":
            for sector_id in known_sectors:
                if sector_id not in sectors:
                    sectors.append(sector_id)
            return bool(known_sectors)
        organisation = Organisation(
            identity.name, None, known_sectors[0] if known_sectors else None
        )
        if organisation not in organisations:
            organisations.append(organisation)
        return True
