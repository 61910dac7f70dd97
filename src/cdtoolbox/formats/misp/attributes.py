"""The attributes of a MISP event: references become sources, observables are kept as STIX.

- ``link`` attributes, ``url`` attributes filed under *External analysis*, and ``text``
  attributes filed there become sources of the incident (graded by the attribute's
  admiralty-scale tags);
- the observable types of ``observables.OBSERVABLE_TYPES`` become STIX Cyber-observable
  Objects, each with a ``related-to`` relationship from the incident, marked with the
  attribute's TLP (never less than the event's) — kept as received and shared again in STIX
  exports;
- any other type (free text, vulnerabilities, …) is counted and not kept.

Markings survive: an observable is marked with the stricter of its attribute's and its event's
TLP, and a reference tagged more restrictively than its event does not become a source of the
incident (every reader of the incident would see it); it is counted and not kept.

An attribute that is wrong is refused alone; its event is still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cdtoolbox.formats.misp.observables import OBSERVABLE_TYPES, observables_of
from cdtoolbox.formats.misp.tag_facts import read_tags
from cdtoolbox.formats.misp.vocabulary import (
    CREDIBILITY_PREDICATE,
    REFERENCE_CATEGORY,
    RELIABILITY_PREDICATE,
)
from cdtoolbox.formats.stix.identifiers import stix_id
from cdtoolbox.formats.stix.vocabulary import TLP2_MARKING_IDS
from cdtoolbox.ingest.fields import FieldError, read_text, read_url
from cdtoolbox.ingest.record import RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import Source, Tlp

__all__ = ["AttributeContext", "AttributeReader", "child_objects"]

_REFERENCE_TYPES = frozenset({"link", "url", "text"})


@dataclass(frozen=True, slots=True)
class AttributeContext:
    """What every attribute of one event shares."""

    event_uuid: str
    incident_ref: str  # the STIX id our STIX export gives the incident
    tlp: Tlp
    stamp: str  # the STIX timestamp of the event's version
    namespace: Any  # uuid.UUID of this installation's STIX ids


@dataclass
class AttributeReader:
    """Reads the attributes of one event; errors go to ``errors`` (refusing the attribute only)."""

    context: AttributeContext
    errors: RecordErrors
    resolver: ReferenceResolver
    sources: list[Source] = field(default_factory=list)
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)
    read: int = 0
    references: int = 0
    observables: int = 0
    refused: int = 0

    def add(self, path: str, attribute: Mapping[str, Any]) -> None:
        if attribute.get("deleted") is True:
            return  # MISP keeps soft-deleted attributes in some exports; they say nothing
        self.read += 1
        before = len(self.errors)
        kind = _text(attribute.get("type"))
        if kind is None:
            self.errors.add(f"{path}.type", attribute.get("type"), "is required (a MISP type)")
        value = attribute.get("value")
        if value is None or value == "":
            self.errors.add(f"{path}.value", value, "is required")
        tags = read_tags(
            child_objects(attribute, "Tag", path, self.errors),
            self.errors,
            self.resolver,
            whole_event=False,
        )
        if kind is None or len(self.errors) > before:
            self.refused += 1
            return
        category = _text(attribute.get("category")) or ""
        comment = _text(attribute.get("comment"))
        if kind in _REFERENCE_TYPES and (kind == "link" or category == REFERENCE_CATEGORY):
            if tags.tlp is not None and tags.tlp.rank > self.context.tlp.rank:
                return
            source = self._source(
                path,
                kind,
                value,
                comment,
                tags.scale(RELIABILITY_PREDICATE),
                tags.scale(CREDIBILITY_PREDICATE),
            )
            if source is not None:
                self.references += 1
                if source not in self.sources:
                    self.sources.append(source)
                return
            if len(self.errors) > before:
                self.refused += 1
                return
        if kind in OBSERVABLE_TYPES:
            try:
                found = observables_of(kind, value)
            except FieldError as error:
                self.errors.add(f"{path}.value", value, error.reason)
                self.refused += 1
                return
            self.observables += 1
            self._keep(found, _stricter(tags.tlp, self.context.tlp), comment)

    def _source(
        self,
        path: str,
        kind: str,
        value: object,
        comment: str | None,
        reliability: Any,
        credibility: Any,
    ) -> Source | None:
        if kind == "text":
            title = _text(value)
            if title is None:
                self.errors.add(f"{path}.value", value, "must be text")
                return None
            return Source(title, reliability=reliability, credibility=credibility)
        try:
            url = read_url(value)
        except FieldError as error:
            if kind == "link":
                self.errors.add(f"{path}.value", value, error.reason)
            return None  # a `url` that is no web address is an observable, read as such
        return Source(comment or url, url, reliability=reliability, credibility=credibility)

    def _keep(self, found: list[dict[str, Any]], tlp: Tlp, comment: str | None) -> None:
        context = self.context
        marking = [TLP2_MARKING_IDS[tlp]]
        for observable in found:
            self.kept.setdefault(observable["id"], {**observable, "object_marking_refs": marking})
            key = f"misp:{context.event_uuid}:{observable['id']}"
            relationship: dict[str, Any] = {
                "type": "relationship",
                "spec_version": "2.1",
                "id": stix_id(context.namespace, "relationship", key),
                "created": context.stamp,
                "modified": context.stamp,
                "relationship_type": "related-to",
                "source_ref": context.incident_ref,
                "target_ref": observable["id"],
                "object_marking_refs": marking,
            }
            if comment:
                relationship["description"] = comment
            self.kept.setdefault(relationship["id"], relationship)


def _stricter(attribute: Tlp | None, event: Tlp) -> Tlp:
    """An attribute is marked at least as restrictively as its event: a ``tlp:clear`` tag on
    an attribute of a TLP:RED event does not make it public, since whoever sees it learns the
    event."""
    return event if attribute is None or attribute.rank < event.rank else attribute


def child_objects(
    parent: Mapping[str, Any], key: str, path: str, errors: RecordErrors
) -> list[tuple[str, Mapping[str, Any]]]:
    """The JSON objects of the list ``parent[key]`` with their paths; an error for the rest."""
    where = f"{path}.{key}" if path else key
    raw = parent.get(key)
    if raw is None or raw == []:
        return []
    if not isinstance(raw, list):
        errors.add(where, raw, "must be a list")
        return []
    found = []
    for index, item in enumerate(raw):
        if isinstance(item, Mapping):
            found.append((f"{where}[{index}]", item))
        else:
            errors.add(f"{where}[{index}]", item, "must be a JSON object")
    return found


def _text(value: object) -> str | None:
    try:
        return read_text(value)
    except FieldError:
        return None
