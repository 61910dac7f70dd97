"""Grading scales from the MISP taxonomies: estimative language, the admiralty scale and TLP.

Values are used as published by the taxonomy; each model vocabulary (``Likelihood``,
``Confidence``, ``SourceReliability``, ``InformationCredibility``, ``Tlp``) spells its values the
same way, which the tests check entry by entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import Tlp

__all__ = ["Scale", "ScaleEntry", "Scales", "load_scales"]

# TLP values the taxonomy publishes that cdtoolbox never offers: "white" is TLP 1.0 (replaced by
# "clear"), "ex:chr" is an extension rather than a level, and "unclear" is a joke entry.
_TLP_NOT_OFFERED = frozenset({"white", "ex:chr", "unclear"})


@dataclass(frozen=True)
class ScaleEntry:
    value: str  # as in the machine tag, e.g. "almost-certain", "b", "amber+strict"
    label: str  # the taxonomy's "expanded" text
    description: str = ""
    numerical_value: int | None = None


@dataclass(frozen=True)
class Scale:
    """One ordered scale: a taxonomy predicate (or, for TLP, the taxonomy's levels)."""

    namespace: str
    predicate: str | None
    version: int
    entries: tuple[ScaleEntry, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(entry.value for entry in self.entries)

    def get(self, value: str) -> ScaleEntry:
        for entry in self.entries:
            if entry.value == value:
                return entry
        raise NotFound(f"{self.tag_prefix} value", value, f"known: {', '.join(self.values)}")

    def tag(self, value: str) -> str:
        """The MISP machine tag, e.g. ``admiralty-scale:source-reliability="b"``."""
        entry = self.get(value)
        return f'{self.tag_prefix}="{entry.value}"' if self.predicate else f"tlp:{entry.value}"

    @property
    def tag_prefix(self) -> str:
        return f"{self.namespace}:{self.predicate}" if self.predicate else self.namespace


@dataclass(frozen=True)
class Scales:
    likelihood: Scale
    confidence: Scale
    source_reliability: Scale
    information_credibility: Scale
    tlp: Scale  # TLP 2.0 levels, least to most restricted

    def all(self) -> tuple[Scale, ...]:
        return (
            self.likelihood,
            self.confidence,
            self.source_reliability,
            self.information_credibility,
            self.tlp,
        )


def load_scales(taxonomy: Callable[[str], Mapping[str, Any]]) -> Scales:
    """Build the scales; ``taxonomy(namespace)`` returns that taxonomy's ``to_dict()``."""
    estimative = taxonomy("estimative-language")
    admiralty = taxonomy("admiralty-scale")
    return Scales(
        likelihood=_predicate_scale(estimative, "likelihood-probability"),
        confidence=_predicate_scale(estimative, "confidence-in-analytic-judgment"),
        source_reliability=_predicate_scale(admiralty, "source-reliability"),
        information_credibility=_predicate_scale(admiralty, "information-credibility"),
        tlp=_tlp_scale(taxonomy("tlp")),
    )


def _predicate_scale(data: Mapping[str, Any], predicate: str) -> Scale:
    namespace = str(data["namespace"])
    for group in data.get("values", ()):
        if group.get("predicate") == predicate:
            return Scale(namespace, predicate, int(data["version"]), _entries(group["entry"]))
    raise InvalidInput("taxonomy", "predicate", predicate, f"is missing from {namespace}")


def _tlp_scale(data: Mapping[str, Any]) -> Scale:
    # The tlp taxonomy publishes its levels as predicates, most restricted first.
    offered = [item for item in data["predicates"] if item["value"] not in _TLP_NOT_OFFERED]
    try:
        ordered = sorted(offered, key=lambda item: Tlp(item["value"]).rank)
    except ValueError as error:
        raise InvalidInput("taxonomy", "tlp", str(error), "is not a TLP 2.0 level") from None
    return Scale(str(data["namespace"]), None, int(data["version"]), _entries(ordered))


def _entries(items: Iterable[Mapping[str, Any]]) -> tuple[ScaleEntry, ...]:
    return tuple(
        ScaleEntry(
            value=str(item["value"]),
            label=str(item.get("expanded") or item["value"]),
            description=str(item.get("description") or ""),
            numerical_value=item.get("numerical_value"),
        )
        for item in items
    )
