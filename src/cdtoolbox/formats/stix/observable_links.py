"""The observables a bundle ties to its incidents, read while the bundle streams past.

An incident is tied to a value by a relationship (either way) between the incident and a
Cyber-observable Object, an indicator (its pattern's equality comparisons) or an
observed-data object (the objects it refers to). Sightings of an indicator or of observed
data are counted (their ``count``, 1 when absent) for each value they reach. Values that are
no single observable (a CIDR range in an ``ipv4-addr`` pattern, an unsupported hash) are
left out: they cannot be correlated by equality.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Final

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import Tlp
from cdtoolbox.model.observables import Observable, ObservableKind, ObservedLink, observable

__all__ = ["ObservableLinks"]

_VALUE_KINDS: Final = {
    "ipv4-addr": ObservableKind.IPV4,
    "ipv6-addr": ObservableKind.IPV6,
    "domain-name": ObservableKind.DOMAIN,
    "url": ObservableKind.URL,
    "email-addr": ObservableKind.EMAIL,
}
# STIX's hash-algorithm vocabulary, with the spellings met in the wild.
_FILE_HASHES: Final = {
    "md5": ObservableKind.MD5,
    "sha-1": ObservableKind.SHA1,
    "sha1": ObservableKind.SHA1,
    "sha-256": ObservableKind.SHA256,
    "sha256": ObservableKind.SHA256,
    "sha-512": ObservableKind.SHA512,
    "sha512": ObservableKind.SHA512,
}
_CERTIFICATE_HASHES: Final = frozenset({"sha-1", "sha1", "sha-256", "sha256"})
# One equality comparison of a pattern: ``type:path = 'value'`` (``!=`` does not match, as
# the path cannot end in ``!``).
_COMPARISON: Final = re.compile(
    r"([a-z0-9-]+):([A-Za-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'", re.ASCII
)


class ObservableLinks:
    """Feed every valid object to :meth:`take`; read :meth:`links` once the bundle is read."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[Observable, ...]] = {}
        self._tlps: dict[str, Tlp] = {}
        self._seen: dict[str, tuple[datetime | None, datetime | None]] = {}
        self._refers: dict[str, tuple[str, ...]] = {}
        self._sightings: defaultdict[str, int] = defaultdict(int)
        self._incident_links: list[tuple[str, str, Tlp]] = []

    def take(self, obj: Mapping[str, Any], tlp: Tlp) -> None:
        object_type = obj.get("type")
        object_id = obj.get("id")
        if not isinstance(object_type, str) or not isinstance(object_id, str):
            return
        if object_type == "relationship":
            self._relationship(obj, tlp)
        elif object_type == "sighting":
            self._sighting(obj)
        elif object_type == "indicator":
            found = _pattern_values(obj.get("pattern"))
            if found:
                self._hold(object_id, found, tlp, _time(obj.get("valid_from")), None)
        elif object_type == "observed-data":
            refs = obj.get("object_refs")
            if isinstance(refs, list):
                self._refers[object_id] = tuple(ref for ref in refs if isinstance(ref, str))
                self._tlps[object_id] = tlp
                first = _time(obj.get("first_observed"))
                self._seen[object_id] = (first, _time(obj.get("last_observed")) or first)
        else:
            found = _sco_values(object_type, obj)
            if found:
                self._hold(object_id, found, tlp, None, None)

    def links(self) -> Iterator[ObservedLink]:
        """Each (incident, value) the bundle ties, at the strictest marking on the way."""
        for incident_ref, target, tlp in self._incident_links:
            yield from self._reached(incident_ref, target, tlp)

    def _reached(self, incident_ref: str, target: str, tlp: Tlp) -> Iterator[ObservedLink]:
        targets = [target, *self._refers.get(target, ())]
        first, last = self._seen.get(target, (None, None))
        sightings = self._sightings.get(target, 0)
        marking = _stricter(tlp, self._tlps.get(target, tlp))
        for reached in targets:
            own_first, own_last = self._seen.get(reached, (None, None))
            for value in self._values.get(reached, ()):
                yield ObservedLink(
                    incident_ref,
                    value,
                    _stricter(marking, self._tlps.get(reached, marking)),
                    first or own_first,
                    last or own_last,
                    sightings + (self._sightings.get(reached, 0) if reached != target else 0),
                )

    def _hold(
        self,
        object_id: str,
        found: tuple[Observable, ...],
        tlp: Tlp,
        first: datetime | None,
        last: datetime | None,
    ) -> None:
        self._values[object_id] = found
        self._tlps[object_id] = tlp
        self._seen[object_id] = (first, last)

    def _relationship(self, obj: Mapping[str, Any], tlp: Tlp) -> None:
        source, target = obj.get("source_ref"), obj.get("target_ref")
        if not isinstance(source, str) or not isinstance(target, str):
            return
        if source.startswith("incident--") and not target.startswith("incident--"):
            self._incident_links.append((source, target, tlp))
        elif target.startswith("incident--") and not source.startswith("incident--"):
            self._incident_links.append((target, source, tlp))

    def _sighting(self, obj: Mapping[str, Any]) -> None:
        count = obj.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            return
        of = obj.get("sighting_of_ref")
        if isinstance(of, str):
            self._sightings[of] += count
        refs = obj.get("observed_data_refs")
        if isinstance(refs, list):
            for ref in refs:
                if isinstance(ref, str) and ref != of:
                    self._sightings[ref] += count


def _stricter(one: Tlp, other: Tlp) -> Tlp:
    return one if one.rank >= other.rank else other


def _sco_values(object_type: str, obj: Mapping[str, Any]) -> tuple[Observable, ...]:
    if object_type in _VALUE_KINDS:
        found = _valid(_VALUE_KINDS[object_type], obj.get("value"))
        return (found,) if found else ()
    hashes = obj.get("hashes")
    if object_type not in ("file", "x509-certificate") or not isinstance(hashes, Mapping):
        return ()
    values: list[Observable] = []
    for algorithm, digest in hashes.items():
        name = str(algorithm).lower()
        if object_type == "file" and name in _FILE_HASHES:
            found = _valid(_FILE_HASHES[name], digest)
        elif object_type == "x509-certificate" and name in _CERTIFICATE_HASHES:
            found = _valid(ObservableKind.CERTIFICATE, digest)
        else:
            found = None
        if found:
            values.append(found)
    return tuple(values)


def _pattern_values(pattern: object) -> tuple[Observable, ...]:
    if not isinstance(pattern, str):
        return ()
    found: list[Observable] = []
    for object_type, path, quoted in _COMPARISON.findall(pattern):
        value = re.sub(r"\\(.)", r"\1", quoted)
        if path == "value" and object_type in _VALUE_KINDS:
            item = _valid(_VALUE_KINDS[object_type], value)
        elif path.startswith("hashes."):
            name = path.removeprefix("hashes.").strip("'").lower()
            if object_type == "file" and name in _FILE_HASHES:
                item = _valid(_FILE_HASHES[name], value)
            elif object_type == "x509-certificate" and name in _CERTIFICATE_HASHES:
                item = _valid(ObservableKind.CERTIFICATE, value)
            else:
                item = None
        else:
            item = None
        if item is not None and item not in found:
            found.append(item)
    return tuple(found)


def _valid(kind: ObservableKind, value: object) -> Observable | None:
    if not isinstance(value, str):
        return None
    try:
        return observable(kind, value)
    except InvalidInput:
        return None


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
