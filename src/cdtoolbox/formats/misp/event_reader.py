"""One MISP event → one incident, as far as MISP lets us know (docs/misp-mapping.md).

The event's uuid becomes the incident's id and its ``timestamp`` the incident's
``updated_at``, which is how a second import of the same event is recognised as the same
version (nothing to do) or a newer one (an update). The organisation that created the
event is the party of every attribution the event makes: one per threat actor it names, one
per state our own ``cdtoolbox:attributed-state`` tag names.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.misp.actors import ActorMatcher, ClusterFacts
from cdtoolbox.formats.misp.attributes import AttributeContext, AttributeReader, child_objects
from cdtoolbox.formats.misp.documents import RawEvent
from cdtoolbox.formats.misp.import_plan import PlannedEvent
from cdtoolbox.formats.misp.tag_facts import TagFacts, country_of_galaxy_value, read_tags
from cdtoolbox.formats.misp.tag_tables import MispTables
from cdtoolbox.formats.misp.tags import machine_tag
from cdtoolbox.formats.misp.vocabulary import (
    ACTOR_GALAXIES,
    CONFIDENCE_PREDICATE,
    COUNTRY_GALAXY,
    CREDIBILITY_PREDICATE,
    GALAXY_NAMESPACE,
    LIKELIHOOD_PREDICATE,
    RELIABILITY_PREDICATE,
    SUMMARY_REPORT,
    status_of_analysis,
)
from cdtoolbox.formats.stix.foreign import UNMARKED_TLP
from cdtoolbox.formats.stix.identifiers import stix_id
from cdtoolbox.formats.stix.timestamps import format_timestamp
from cdtoolbox.ingest.fields import (
    FieldError,
    read_full_date,
    read_text,
    read_uuid,
)
from cdtoolbox.ingest.record import RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    Incident,
    PartialDate,
    PartyKind,
    Source,
    ThreatActor,
    Tlp,
)

__all__ = ["UNNAMED_ORGANISATION", "EventReader", "read_epoch"]

T = TypeVar("T")

UNNAMED_ORGANISATION: Final = "Unnamed MISP organisation"
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST: Final = 253_402_300_799  # 9999-12-31T23:59:59Z
_EPOCH_FORM: Final = "is not a Unix timestamp (whole seconds since 1970-01-01 UTC)"


def read_epoch(value: object) -> datetime:
    """A MISP timestamp (seconds since the epoch, as a number or digit string), in UTC."""
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _LATEST:
        raise FieldError(_EPOCH_FORM)
    return datetime.fromtimestamp(value, UTC)


def _read_analysis(value: object) -> int:
    if isinstance(value, str) and value.strip() in ("0", "1", "2"):
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1, 2):
        return value
    raise FieldError("is not 0, 1 or 2 (initial, ongoing, completed)")


class EventReader:
    """Reads the events of one import; remembers the actors it had to create along the way."""

    def __init__(
        self,
        *,
        resolver: ReferenceResolver,
        actors: ActorMatcher,
        stix_namespace: uuid.UUID,
        tables: MispTables | None = None,
    ) -> None:
        self.tables = tables or MispTables()
        self.resolver = resolver
        self.actors = actors
        self.namespace = stix_namespace
        self.country = country_of_galaxy_value(self.tables, resolver)

    def read(self, raw: RawEvent) -> tuple[PlannedEvent | None, list[InvalidInput], int]:
        """The planned event (None when the event itself is wrong), every error found, and how
        many of its attributes were refused."""
        return _Event(self, raw).read()


class _Event:
    """The reading of one event."""

    def __init__(self, reader: EventReader, raw: RawEvent) -> None:
        self._reader = reader
        self._data = raw.data
        self._prefix = raw.path
        identifier = raw.data.get("uuid")
        entity = "MISP event"
        with contextlib.suppress(FieldError):  # a bad uuid is reported with the other fields
            entity = f"MISP event {read_uuid(identifier)}"
        self.errors = RecordErrors(entity, raw.location)
        self.attribute_errors = RecordErrors(entity, raw.location)

    def path(self, key: str) -> str:
        return f"{self._prefix}.{key}" if self._prefix else key

    def value(self, key: str, read: Callable[[object], T], *, required: bool = False) -> T | None:
        raw = self._data.get(key)
        if raw is None or raw == "":
            if required:
                self.errors.add(self.path(key), None, "is required")
            return None
        try:
            return read(raw)
        except FieldError as error:
            self.errors.add(self.path(key), raw, error.reason)
            return None

    def read(self) -> tuple[PlannedEvent | None, list[InvalidInput], int]:
        event_uuid = self.value("uuid", read_uuid, required=True)
        title = self.value("info", read_text, required=True)
        day = self.value("date", read_full_date)
        timestamp = self.value("timestamp", read_epoch)
        published = self.value("publish_timestamp", read_epoch)
        analysis = self.value("analysis", _read_analysis)
        party = self._party()
        tags = read_tags(
            self._children("Tag"),
            self.errors,
            self._reader.resolver,
            whole_event=True,
            tables=self._reader.tables,
        )
        pending: dict[str, ThreatActor] = {}
        actors = self._actors(tags, pending)
        summary = self._summary()
        if event_uuid is None or title is None or self.errors.found:
            return None, self.errors.found + self.attribute_errors.found, 0
        tlp = tags.tlp or UNMARKED_TLP
        context = AttributeContext(
            event_uuid=event_uuid,
            incident_ref=stix_id(self._reader.namespace, "incident", event_uuid),
            tlp=tlp,
            stamp=format_timestamp(timestamp or _midnight(day) or _EPOCH),
            namespace=self._reader.namespace,
        )
        attributes = AttributeReader(context, self.attribute_errors, self._reader.resolver)
        for path, item in self._children("Attribute"):
            attributes.add(path, item)
        for path, obj in self._children("Object"):
            for child_path, item in child_objects(obj, "Attribute", path, self.attribute_errors):
                attributes.add(child_path, item)
        moment = published or timestamp
        event_source = Source(
            f"MISP event: {title}",
            publisher=party.name,
            published=moment.date() if moment else None,
            reliability=tags.scale(RELIABILITY_PREDICATE),
            credibility=tags.scale(CREDIBILITY_PREDICATE),
        )
        attributions = self._attributions(party, actors, tags, day, event_source, tlp)
        incident = Incident(
            id=event_uuid,
            slug="",
            title=title,
            summary=summary or "",
            start=PartialDate(day) if day else None,
            types=tuple(tags.types),
            victim_countries=tuple(tags.countries),
            victim_sectors=tuple(tags.sectors),
            actor_ids=tuple(dict.fromkeys(actor.id for actor in actors)),
            attributions=attributions,
            sources=(event_source, *attributes.sources),
            tlp=tlp,
            status=status_of_analysis(analysis if analysis is not None else 2),
            created_at=timestamp,
            updated_at=timestamp,
        )
        self._reader.actors.accept(list(pending.values()))
        stated = {"title", "sources", "attributions", "actor_ids"}
        stated.update(
            name
            for name, present in (
                ("summary", summary is not None),
                ("start", day is not None),
                ("types", bool(tags.types)),
                ("victim_countries", bool(tags.countries)),
                ("victim_sectors", bool(tags.sectors)),
                ("tlp", tags.tlp is not None),
                ("status", analysis is not None),
            )
            if present
        )
        planned = PlannedEvent(
            incident=incident,
            party=party,
            timestamp=timestamp,
            stated=frozenset(stated),
            kept=tuple(attributes.kept.values()),
            attributes=attributes.read,
            references=attributes.references,
            observables=attributes.observables,
        )
        return planned, self.attribute_errors.found, attributes.refused

    def _children(self, key: str) -> list[tuple[str, Mapping[str, Any]]]:
        return child_objects(self._data, key, self._prefix, self.errors)

    def _party(self) -> AttributingParty:
        for key in ("Orgc", "Org"):
            organisation = self._data.get(key)
            if organisation is None:
                continue
            if not isinstance(organisation, Mapping):
                self.errors.add(self.path(key), organisation, "must be a JSON object")
                return AttributingParty(PartyKind.COMPANY, UNNAMED_ORGANISATION)
            name = organisation.get("name")
            if isinstance(name, str) and name.strip():
                return AttributingParty(PartyKind.COMPANY, name.strip())
        return AttributingParty(PartyKind.COMPANY, UNNAMED_ORGANISATION)

    def _summary(self) -> str | None:
        for path, report in self._children("EventReport"):
            if report.get("deleted") is True:
                continue
            name, content = report.get("name"), report.get("content")
            if not isinstance(name, str) or name.strip().casefold() != SUMMARY_REPORT.casefold():
                continue
            if not isinstance(content, str):
                self.errors.add(f"{path}.content", content, "must be text")
                return None
            return content.strip() or None
        return None

    def _actors(self, tags: TagFacts, pending: dict[str, ThreatActor]) -> list[ThreatActor]:
        matcher = self._reader.actors
        found: list[ThreatActor] = []
        covered: set[str] = set()
        for galaxy_path, galaxy in self._children("Galaxy"):
            kind = galaxy.get("type")
            if kind != COUNTRY_GALAXY and kind not in ACTOR_GALAXIES:
                continue
            for path, cluster in child_objects(galaxy, "GalaxyCluster", galaxy_path, self.errors):
                value = cluster.get("value")
                if not isinstance(value, str) or not value.strip():
                    self.errors.add(f"{path}.value", value, "is required (the cluster's name)")
                    continue
                covered.add(machine_tag(GALAXY_NAMESPACE, str(kind), value.strip()))
                tag_name = cluster.get("tag_name")
                if isinstance(tag_name, str):
                    covered.add(tag_name.strip())
                if kind == COUNTRY_GALAXY:
                    self._victim_country(tags, path, value)
                    continue
                facts = self._cluster(path, cluster, value.strip())
                if facts is not None:
                    found.append(matcher.from_cluster(facts, pending))
        for tag in tags.actors:
            if tag.tag_name in covered:
                continue
            try:
                found.append(matcher.from_tag(tag.value, pending))
            except FieldError as error:
                self.errors.add(
                    tag.path, tag.tag_name, f"names {tag.value!r}, which {error.reason}"
                )
        return list({actor.id: actor for actor in found}.values())

    def _victim_country(self, tags: TagFacts, path: str, value: str) -> None:
        try:
            code = self._reader.country(value)
        except FieldError as error:
            self.errors.add(f"{path}.value", value, error.reason)
            return
        if code not in tags.countries:
            tags.countries.append(code)

    def _cluster(self, path: str, cluster: Mapping[str, Any], value: str) -> ClusterFacts | None:
        identifier = cluster.get("uuid")
        cluster_uuid = None
        if identifier not in (None, ""):
            try:
                cluster_uuid = read_uuid(identifier)
            except FieldError as error:
                self.errors.add(f"{path}.uuid", identifier, error.reason)
                return None
        meta = cluster.get("meta")
        if meta is not None and not isinstance(meta, Mapping):
            self.errors.add(f"{path}.meta", meta, "must be a JSON object")
            return None
        meta = meta or {}
        synonyms = meta.get("synonyms")
        names: tuple[str, ...] = ()
        if isinstance(synonyms, list):
            names = tuple(s.strip() for s in synonyms if isinstance(s, str) and s.strip())
        elif synonyms is not None:
            self.errors.add(f"{path}.meta.synonyms", synonyms, "must be a list of names")
            return None
        description = cluster.get("description")
        return ClusterFacts(
            uuid=cluster_uuid,
            value=value,
            synonyms=names,
            description=description.strip() if isinstance(description, str) else "",
            meta=meta,
        )

    def _attributions(
        self,
        party: AttributingParty,
        actors: list[ThreatActor],
        tags: TagFacts,
        day: date | None,
        source: Source,
        tlp: Tlp,
    ) -> tuple[Attribution, ...]:
        common: dict[str, Any] = {
            "party": party,
            "date": PartialDate(day) if day else None,
            "likelihood": tags.scale(LIKELIHOOD_PREDICATE),
            "confidence": tags.scale(CONFIDENCE_PREDICATE),
            "public": tlp is Tlp.CLEAR,
            "source": source,
        }
        made = [Attribution(actor_id=actor.id, **common) for actor in actors]
        made += [Attribution(state=state, **common) for state in tags.states]
        return tuple(made)


def _midnight(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
