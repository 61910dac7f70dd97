"""A STIX bundle read into an import plan: domain objects to store, objects to keep, errors.

``StixBundleImport`` streams the bundle once. Objects of types we do not model leave as
batches of :class:`KeptObject` while the file is read (the store writes them as they come, so
memory stays bounded); incidents, actors and the relationships, identities and locations that
fold into them are held until the end, then resolved into a :class:`StixImportPlan`.
Nothing here touches the store: which planned object is new, changed or unchanged is decided
where the stored ones can be seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Final, TypeVar

import orjson

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.stix.bundle_stream import BundleStream
from cdtoolbox.formats.stix.extension import PayloadReader, is_statement_payload, payload_of
from cdtoolbox.formats.stix.folding import Folder, RelationshipFacts
from cdtoolbox.formats.stix.foreign import IdentityFacts, state_of_identity, text_of
from cdtoolbox.formats.stix.markings import held_tlp
from cdtoolbox.formats.stix.observable_links import ObservableLinks
from cdtoolbox.formats.stix.validation import ObjectChecker, ObjectErrors
from cdtoolbox.formats.stix.vocabulary import (
    EXTENSION_CREATOR_ID,
    EXTENSION_ID,
    SCO_TYPES,
    TLP_BY_MARKING_ID,
)
from cdtoolbox.ingest.record import RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import Tlp
from cdtoolbox.model.exchange import KeptObject, StixImportPlan, stix_sort_key
from cdtoolbox.model.observables import ObservedLink
from cdtoolbox.model.ports import ActorFinder

__all__ = ["MAX_ERRORS", "StixBundleImport"]

#: Errors kept for the report of one bundle (bad objects beyond are still counted).
MAX_ERRORS: Final = 10_000

T = TypeVar("T")

_ACTOR_TYPES: Final = frozenset({"intrusion-set", "threat-actor"})
_FOLDABLE: Final = frozenset({"attributed-to", "targets"})
_ACTOR_LINKS: Final = frozenset({"attributed-to", "located-at"})
# What folding reads of a held incident or actor; the rest is dropped to save memory.
_HELD_PROPERTIES: Final = (
    "id",
    "type",
    "created",
    "modified",
    "name",
    "description",
    "aliases",
    "labels",
    "external_references",
    "extensions",
)


@dataclass(slots=True)
class _Held:
    """A modelled object kept in memory until the bundle has been read."""

    index: int
    obj: dict[str, Any]
    modified: str
    tlp: Tlp


@dataclass
class _Progress:
    objects: int = 0
    merged: int = 0
    skipped: int = 0
    rejected: set[int] = field(default_factory=set)
    errors: list[InvalidInput] = field(default_factory=list)


class StixBundleImport:
    """One pass over one bundle. Iterate :meth:`kept` to the end, then read :attr:`plan`."""

    def __init__(
        self,
        stream: BinaryIO,
        *,
        source: str,
        resolver: ReferenceResolver,
        actors: ActorFinder,
        batch_size: int = 2000,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self._bundle = BundleStream(stream, source)
        self._checker = ObjectChecker(source)
        self._source = source
        self._resolver = resolver
        self._actors = actors
        self._batch_size = batch_size
        self._progress = progress
        self._state = _Progress()
        self._incidents: dict[str, _Held] = {}
        self._actor_objects: dict[str, _Held] = {}
        self._identities: dict[str, IdentityFacts] = {}
        self._locations: dict[str, str] = {}
        self._relationships: list[RelationshipFacts] = []
        self._plan: StixImportPlan | None = None
        self._links = ObservableLinks()

    @property
    def errors_found(self) -> int:
        """How many objects were found invalid so far."""
        return len(self._state.rejected)

    @property
    def plan(self) -> StixImportPlan:
        if self._plan is None:
            raise RuntimeError("read kept() to the end before asking for the plan")
        return self._plan

    def observed(self) -> Iterator[ObservedLink]:
        """The observables the bundle ties to incidents (read :meth:`kept` to the end first)."""
        return self._links.links()

    def kept(self) -> Iterator[list[KeptObject]]:
        """Batches of objects to keep as received, while the bundle is read."""
        batch: list[KeptObject] = []
        state = self._state
        for index, obj in enumerate(self._bundle.objects()):
            state.objects += 1
            kept = self._take(index, obj)
            if kept is not None:
                batch.append(kept)
                if len(batch) >= self._batch_size:
                    yield batch
                    batch = []
            if self._progress is not None and index % 1000 == 999:
                self._progress(state.objects, self._bundle.bytes_read)
        folder = self._fold()
        batch.extend(folder.unfolded())
        if batch:
            yield batch
        if self._progress is not None:
            self._progress(state.objects, self._bundle.bytes_read)

    def _take(self, index: int, obj: Any) -> KeptObject | None:
        """Check one object and hold, keep or merge it; None unless it is to be kept."""
        errors = self._checker.check(obj, index)
        if errors.found:
            self._reject(index, errors.found)
            return None
        object_type: str = obj["type"]
        object_id: str = obj["id"]
        tlp = held_tlp(obj)
        self._links.take(obj, tlp)
        if object_type in _ACTOR_TYPES or object_type == "incident":
            self._hold(index, obj, tlp)
            return None
        if object_type == "marking-definition" and object_id in TLP_BY_MARKING_ID:
            self._state.merged += 1
            return None
        if object_id in (EXTENSION_ID, EXTENSION_CREATOR_ID):
            self._state.merged += 1
            return None
        payload = payload_of(obj)
        if payload is not None:
            return self._take_derived(index, obj, payload)
        if object_type == "identity":
            self._identities[object_id] = _identity_facts(obj, self._resolver)
        elif object_type == "location":
            country = text_of(obj.get("country"))
            code = self._resolver.country_code(country) if country else None
            if code is not None:
                self._locations[object_id] = code
        kept = self._keep(index, obj, object_type, tlp)
        if kept is None or object_type != "relationship":
            return kept
        source = obj.get("source_ref")
        source_type = source.partition("--")[0] if isinstance(source, str) else ""
        kind = obj.get("relationship_type")
        if not isinstance(kind, str):
            return kept
        if source_type == "incident" and kind in _FOLDABLE:
            facts = RelationshipFacts.read(index, obj, tlp, kept)
            if facts is not None:
                self._relationships.append(facts)
                return None  # kept only if it does not fold (see Folder.unfolded)
        elif source_type in _ACTOR_TYPES and kind in _ACTOR_LINKS:
            # Read for the sponsor and country of the actor, and kept as received anyway.
            facts = RelationshipFacts.read(index, obj, tlp, None)
            if facts is not None:
                self._relationships.append(facts)
        return kept

    def _take_derived(
        self, index: int, obj: dict[str, Any], payload: Mapping[Any, Any]
    ) -> KeptObject | None:
        """Objects we derived from an incident (its state identities and attribution
        relationships): checked, then merged, because the incident itself says it all."""
        if is_statement_payload(payload):
            # Statements enter the archive from their files, read by the statement reader
            # (docs/statements.md); a report carries the text only, possibly cut.
            self._state.skipped += 1
            return None
        errors = RecordErrors(obj["id"], self._source)
        reader = PayloadReader(self._resolver, errors, f"objects[{index}]")
        if obj["type"] == "identity":
            state = reader.state(payload)
            if state is not None:
                self._identities[obj["id"]] = IdentityFacts(
                    text_of(obj.get("name")) or state, "organization", (), state
                )
        elif obj["type"] == "relationship":
            reader.attribution_position(payload)
        else:
            return self._keep(index, obj, obj["type"], held_tlp(obj))
        if errors.found:
            self._reject(index, errors.found)
        else:
            self._state.merged += 1
        return None

    def _hold(self, index: int, obj: dict[str, Any], tlp: Tlp) -> None:
        held = self._incidents if obj["type"] == "incident" else self._actor_objects
        modified = stix_sort_key(obj["modified"])
        current = held.get(obj["id"])
        if current is not None:
            self._state.merged += 1  # an older (or repeated) version of the same object
            if current.modified >= modified:
                return
        slim: dict[str, Any] = {key: obj[key] for key in _HELD_PROPERTIES if key in obj}
        held[obj["id"]] = _Held(index, slim, modified, tlp)

    def _keep(
        self, index: int, obj: dict[str, Any], object_type: str, tlp: Tlp
    ) -> KeptObject | None:
        try:
            # A copy: orjson's own result keeps a 4 KiB allocation, and a million-object
            # bundle holds on to many of these until the incidents are folded.
            document = bytes(memoryview(orjson.dumps(obj)))
        except orjson.JSONEncodeError as error:  # integers beyond 64 bits, absurd nesting
            errors = ObjectErrors(obj["id"], index, self._source)
            errors.add("", None, f"cannot be stored as JSON ({error})")
            self._reject(index, errors.found)
            return None
        if object_type in SCO_TYPES:
            modified = ""
        else:
            modified = stix_sort_key(obj.get("modified") or obj["created"])
        return KeptObject(obj["id"], object_type, modified, tlp, document)

    def _reject(self, index: int, errors: list[InvalidInput]) -> None:
        state = self._state
        state.rejected.add(index)
        # Every bad object is counted; the first MAX_ERRORS errors are kept to be reported,
        # so a bundle of a million bad objects cannot exhaust memory.
        state.errors.extend(errors[: max(0, MAX_ERRORS - len(state.errors))])

    def _fold(self) -> Folder:
        folder = Folder(
            source=self._source,
            resolver=self._resolver,
            actors=self._actors,
            identities=self._identities,
            locations=self._locations,
            relationships=self._relationships,
        )
        planned_actors = []
        for key in list(self._actor_objects):
            held = self._actor_objects.pop(key)  # freed as it is folded: memory stays flat
            actor = self._resolved(folder.actor(held.index, held.obj, held.modified, held.tlp))
            if actor is not None:
                planned_actors.append(actor)
        planned_incidents = []
        for key in list(self._incidents):
            held = self._incidents.pop(key)
            incident = self._resolved(
                folder.incident(held.index, held.obj, held.modified, held.tlp)
            )
            if incident is not None:
                planned_incidents.append(incident)
        state = self._state
        self._plan = StixImportPlan(
            source=self._source,
            objects=state.objects,
            incidents=tuple(planned_incidents),
            actors=tuple(planned_actors),
            merged=state.merged + folder.folded,
            skipped=state.skipped,
            errors=tuple(state.errors),
            rejected=len(state.rejected),
        )
        return folder

    def _resolved(self, outcome: tuple[T | None, int, list[InvalidInput]]) -> T | None:
        planned, index, errors = outcome
        if errors:
            self._reject(index, errors)
            return None
        return planned


def _identity_facts(obj: Mapping[str, Any], resolver: ReferenceResolver) -> IdentityFacts:
    identity_class = obj.get("identity_class")
    sectors = obj.get("sectors")
    return IdentityFacts(
        name=text_of(obj.get("name")) or obj["id"],
        identity_class=identity_class if isinstance(identity_class, str) else None,
        sectors=tuple(s for s in sectors if isinstance(s, str))
        if isinstance(sectors, list)
        else (),
        state=state_of_identity(obj, resolver),
    )
