"""Norms, law, Toolbox instruments and internal procedures, read from the packaged YAML files.

Every entry is validated on load: a missing ``source``, an unknown category or decision rule,
a level off the ladder or a duplicate id is an ``InvalidInput`` naming the file and the entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.model import (
    AttributionNeed,
    DecisionRule,
    Instrument,
    InstrumentCategory,
    InternalProcedure,
    LawPrinciple,
    Norm,
    Verification,
)

__all__ = [
    "InstrumentRegister",
    "NormRegister",
    "Register",
    "check_norm_references",
    "load_instruments",
    "load_internal_procedures",
    "load_law",
    "load_norms",
]

LADDER_TOP = 5


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


EntryT = TypeVar("EntryT", bound=_Identified)


class Register(Generic[EntryT]):
    """An ordered, read-only collection of knowledge entries with unique ids."""

    def __init__(self, kind: str, entries: Iterable[EntryT], data_version: int) -> None:
        self.kind = kind
        self.data_version = data_version
        self._entries = tuple(entries)
        self._by_id = {entry.id: entry for entry in self._entries}

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[EntryT]:
        return iter(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def all(self) -> tuple[EntryT, ...]:
        """Every entry, in the order of the data file."""
        return self._entries

    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def get(self, entry_id: str) -> EntryT:
        entry = self._by_id.get(entry_id)
        if entry is None:
            raise NotFound(self.kind, entry_id, f"known: {', '.join(self._by_id)}")
        return entry


class NormRegister(Register[Norm]):
    def __init__(self, norms: Iterable[Norm], generic_phrases: tuple[str, ...], version: int):
        super().__init__("norm", norms, version)
        self.generic_phrases = generic_phrases  # invoke "the norms" without naming one


class InstrumentRegister(Register[Instrument]):
    def by_category(self, category: InstrumentCategory | str) -> tuple[Instrument, ...]:
        wanted = InstrumentCategory(category)
        return tuple(item for item in self if item.category is wanted)

    def ladder(self) -> tuple[Instrument, ...]:
        """Every instrument from the mildest to the strongest (stable within a level)."""
        return tuple(sorted(self, key=lambda item: item.level))


def load_norms(data: DataFile) -> NormRegister:
    norms = [
        Norm(
            id=reader.text("id"),
            title=reader.text("title"),
            text=reader.text("text"),
            keywords=reader.texts("keywords"),
            sources=reader.sources(),
            status=reader.choice("status", Verification),
        )
        for reader in data.entries("norms", "norm")
    ]
    generic = EntryReader(data.content, "norm", data.name).texts("generic_phrases")
    return NormRegister(norms, generic, data.version)


def load_law(data: DataFile) -> Register[LawPrinciple]:
    principles = [
        LawPrinciple(
            id=reader.text("id"),
            concept=reader.text("concept"),
            meaning=reader.text("meaning"),
            anchors=reader.texts("anchors"),
            sources=reader.sources(),
            status=reader.choice("status", Verification),
            related_norms=reader.texts("related_norms", required=False),
        )
        for reader in data.entries("principles", "law principle")
    ]
    return Register("law principle", principles, data.version)


def load_instruments(data: DataFile) -> InstrumentRegister:
    instruments: list[Instrument] = []
    for reader in data.entries("instruments", "instrument"):
        instrument = Instrument(
            id=reader.text("id"),
            name=reader.text("name"),
            category=reader.choice("category", InstrumentCategory),
            level=reader.integer("level", 1, LADDER_TOP),
            decided_by=reader.text("decided_by"),
            decision_rule=reader.choice("decision_rule", DecisionRule),
            attribution_needed=reader.choice("attribution_needed", AttributionNeed),
            description=reader.text("description"),
            sources=reader.sources(),
            status=reader.choice("status", Verification),
            legal_basis=reader.optional_text("legal_basis"),
            constructive_abstention=reader.flag("constructive_abstention"),
        )
        prefix = f"{instrument.category.value}."
        if not instrument.id.startswith(prefix):
            raise reader.fail("id", instrument.id, f"must start with {prefix!r}, its category")
        instruments.append(instrument)
    return InstrumentRegister("instrument", instruments, data.version)


def load_internal_procedures(data: DataFile) -> Register[InternalProcedure]:
    procedures = [
        InternalProcedure(
            id=reader.text("id"),
            name=reader.text("name"),
            body=reader.text("body"),
            description=reader.text("description"),
            legal_basis=reader.text("legal_basis"),
            sources=reader.sources(),
            status=reader.choice("status", Verification),
        )
        for reader in data.entries("procedures", "internal procedure")
    ]
    return Register("internal procedure", procedures, data.version)


def check_norm_references(law: Register[LawPrinciple], norms: Register[Norm]) -> None:
    """Law principles may only point at norms that exist."""
    for principle in law:
        for norm_id in principle.related_norms:
            if norm_id not in norms:
                reason = "is not a norm id in norms.yaml"
                raise InvalidInput("law principle", "related_norms", norm_id, reason, principle.id)
