"""A file or directory of MISP events read into one import plan.

Nothing here touches the store: which planned incident is new, newer or already held is
decided where the stored ones can be seen (``toolbox.misp``), in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Final

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.misp.actors import ActorMatcher
from cdtoolbox.formats.misp.documents import RawEvent, events_in, load_misp_file, misp_files
from cdtoolbox.formats.misp.event_reader import EventReader
from cdtoolbox.formats.misp.import_plan import MispImportPlan, PlannedEvent
from cdtoolbox.formats.misp.tag_tables import MispTables
from cdtoolbox.formats.misp.tags import parse_tag
from cdtoolbox.formats.misp.vocabulary import CDT_NAMESPACE, CDT_STATEMENT
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import ThreatActor, Tlp
from cdtoolbox.model.ports import ActorFinder

__all__ = ["MAX_ERRORS", "MispEventsImport", "read_misp_path"]

#: Errors kept for the report of one import (bad events beyond are still counted).
MAX_ERRORS: Final = 10_000


class MispEventsImport:
    """Collects the events of one import, document by document, into a plan."""

    def __init__(
        self,
        *,
        source: str,
        resolver: ReferenceResolver,
        actors: ActorFinder,
        stix_namespace: uuid.UUID,
        tables: MispTables | None = None,
    ) -> None:
        self._source = source
        self._matcher = ActorMatcher(actors, resolver)
        self._reader = EventReader(
            resolver=resolver,
            actors=self._matcher,
            stix_namespace=stix_namespace,
            tables=tables,
        )
        self._events: dict[str, PlannedEvent] = {}
        self._errors: list[InvalidInput] = []
        self._read = 0
        self._superseded = 0
        self._rejected = 0
        self._rejected_attributes = 0
        self._skipped = 0

    def add_document(self, document: object, location: str) -> None:
        """Every event of one parsed file (``location`` names the file in errors)."""
        events, errors = events_in(document, location)
        self._rejected += len(errors)
        self._note(errors)
        for raw in events:
            self.add_event(raw)

    def add_error(self, error: InvalidInput) -> None:
        """A file that could not be read at all."""
        self._rejected += 1
        self._note([error])

    def add_event(self, raw: RawEvent) -> None:
        self._read += 1
        if _is_statement_event(raw):
            # Not an incident: statements enter the archive from their files.
            self._skipped += 1
            return
        planned, errors, refused_attributes = self._reader.read(raw)
        self._note(errors)
        self._rejected_attributes += refused_attributes
        if planned is None:
            self._rejected += 1
            return
        key = planned.incident.id
        held = self._events.get(key)
        if held is not None:
            self._superseded += 1
            if _version(held) > _version(planned):
                return
        self._events[key] = planned

    @property
    def plan(self) -> MispImportPlan:
        return MispImportPlan(
            source=self._source,
            events_read=self._read,
            events=tuple(self._events.values()),
            actors=self._new_actors(),
            superseded=self._superseded,
            errors=tuple(self._errors),
            rejected=self._rejected,
            rejected_attributes=self._rejected_attributes,
            skipped=self._skipped,
        )

    def _new_actors(self) -> tuple[ThreatActor, ...]:
        """The actors met for the first time, each marked with the least restrictive TLP of
        the events naming it: an actor only a TLP:RED event speaks of is shown to no one
        below RED, and one a GREEN event names anyway is no secret at GREEN."""
        least: dict[str, Tlp] = {}
        for event in self._events.values():
            tlp = event.incident.tlp
            for actor_id in event.incident.actor_ids:
                current = least.get(actor_id)
                if current is None or tlp.rank < current.rank:
                    least[actor_id] = tlp
        return tuple(
            replace(actor, tlp=least[actor.id])
            for actor in self._matcher.new_actors
            if actor.id in least
        )

    def _note(self, errors: list[InvalidInput]) -> None:
        # Every bad event is counted; the first MAX_ERRORS errors are kept for the report.
        self._errors.extend(errors[: max(0, MAX_ERRORS - len(self._errors))])


def read_misp_path(
    path: Path,
    *,
    resolver: ReferenceResolver,
    actors: ActorFinder,
    stix_namespace: uuid.UUID,
    tables: MispTables | None = None,
) -> MispImportPlan:
    """The plan for one event file or one directory of them (a MISP feed, say)."""
    files = misp_files(path)
    reading = MispEventsImport(
        source=path.name or str(path),
        resolver=resolver,
        actors=actors,
        stix_namespace=stix_namespace,
        tables=tables,
    )
    for file in files:
        location = f"{path.name}/{file.name}" if file != path else file.name
        document, errors = load_misp_file(file, location)
        if errors:
            for error in errors:
                reading.add_error(error)
            continue
        reading.add_document(document, location)
    return reading.plan


def _is_statement_event(raw: RawEvent) -> bool:
    """Whether the event is the one we write for a statement (docs/misp-mapping.md)."""
    tags = raw.data.get("Tag")
    if not isinstance(tags, list):
        return False
    return any(
        isinstance(tag, dict)
        and isinstance(tag.get("name"), str)
        and (parsed := parse_tag(tag["name"])) is not None
        and (parsed.namespace, parsed.predicate) == (CDT_NAMESPACE, CDT_STATEMENT)
        for tag in tags
    )


def _version(event: PlannedEvent) -> float:
    # Of two versions of one event in the same import, the later timestamp wins; on a tie
    # (or without timestamps) the one read last.
    return event.timestamp.timestamp() if event.timestamp else float("-inf")
