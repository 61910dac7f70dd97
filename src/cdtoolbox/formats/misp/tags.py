"""MISP tags: reading and writing the machine-tag form ``namespace:predicate="value"``.

MISP writes taxonomy tags as triples (``admiralty-scale:source-reliability="b"``), as pairs
for taxonomies without values (``tlp:amber``), and galaxy clusters as
``misp-galaxy:<galaxy type>="<cluster value>"``. Anything else is a free-text tag, which we
do not interpret.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MachineTag", "machine_tag", "parse_tag"]


@dataclass(frozen=True, slots=True)
class MachineTag:
    """One machine tag; ``namespace`` and ``predicate`` are lowercased, ``value`` is as written
    (cluster values and some taxonomy values are case sensitive)."""

    namespace: str
    predicate: str
    value: str | None = None


def parse_tag(name: str) -> MachineTag | None:
    """The machine tag ``name`` is written as, or None for a free-text tag."""
    namespace, colon, rest = name.strip().partition(":")
    namespace = namespace.strip().lower()
    if not colon or not namespace or " " in namespace or not rest.strip():
        return None
    predicate, equals, value = rest.partition("=")
    predicate = predicate.strip().lower()
    if not predicate:
        return None
    if not equals:
        return MachineTag(namespace, predicate)
    text = value.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1]
    text = text.strip()
    return MachineTag(namespace, predicate, text or None)


def machine_tag(namespace: str, predicate: str, value: str | None = None) -> str:
    """The tag name MISP writes for a triple (or a pair when ``value`` is None)."""
    if value is None:
        return f"{namespace}:{predicate}"
    return f'{namespace}:{predicate}="{value}"'
