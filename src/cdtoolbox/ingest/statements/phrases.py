"""The phrase book of the statement reader, read once from ``ingest/data/statement_phrases.yaml``
(the file explains each table and the phrase syntax)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.statements.names import NameEntry
from cdtoolbox.ingest.statements.patterns import (
    SLOT,
    Phrases,
    anchors_of,
    compile_phrases,
    phrase_regex,
)
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.knowledge.datafiles import parse_data_file
from cdtoolbox.model.statement import AttributionStrength, IssuerKind

__all__ = ["MASK", "PHRASES_FILE", "InstrumentRule", "NationalIssuer", "PhraseBook", "load_phrases"]

PHRASES_FILE = "statement_phrases.yaml"
# A State named in the text is masked with this letter, one for each character of its name,
# so that "conducted by {state}" is one expression over the text with its offsets intact.
MASK = "ǂ"
_SLOT_REGEX = f"({MASK}+)"
DATE_SLOT = "{date}"


@dataclass(frozen=True, slots=True)
class InstrumentRule:
    id: str
    issuer: IssuerKind
    pattern: Phrases


@dataclass(frozen=True, slots=True)
class NationalIssuer:
    pattern: Phrases
    country: str | None  # None: the country named on the same line


@dataclass(frozen=True, slots=True)
class PhraseBook:
    instruments: tuple[InstrumentRule, ...]
    joint: Phrases | None
    forum: Phrases | None
    council: Phrases | None
    national_issuers: tuple[NationalIssuer, ...]
    aligned: Phrases | None
    attribution: tuple[tuple[AttributionStrength, tuple[Phrases, ...]], ...]
    relay: Phrases | None
    state_names: tuple[NameEntry, ...]
    targets: Phrases | None
    sectors: tuple[tuple[str, Phrases], ...]
    law: tuple[tuple[str, Phrases], ...]
    measures: tuple[tuple[str, tuple[Phrases, ...]], ...]  # kind; {state} or {date} slots
    renewing: Phrases | None
    actor_guard: frozenset[str]  # normalised aliases never read as actors
    version: int = 1  # the data file's version, stored with every reading made with it


def _slotted(phrases: Sequence[str], date_regex: str) -> tuple[Phrases, ...]:
    """An expression for each phrase naming a State or a date, whose slots are its capturing
    groups (the only ones: the phrase syntax groups without capturing). One expression per
    phrase, not one for all: each is skipped when its own anchor words are absent, and an
    alternation of phrases opening with different words scans the text several times slower."""
    compiled = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        regex = phrase_regex(phrase.replace(SLOT, MASK).replace(DATE_SLOT, "\x00"))
        regex = regex.replace(re.escape(MASK), _SLOT_REGEX).replace(
            re.escape("\x00"), f"({date_regex})"
        )
        compiled.append(Phrases(re.compile(regex), anchors_of([phrase])))
    return tuple(compiled)


def _texts(content: Mapping[str, Any], key: str) -> list[str]:
    value = content.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput("data file", key, PHRASES_FILE, "must be a list of phrases")
    return value


def _mapping(content: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = content.get(key, {})
    if not isinstance(value, Mapping):
        raise InvalidInput("data file", key, PHRASES_FILE, "must be a mapping")
    return value


def load_phrases(date_regex: str, text: str | None = None) -> PhraseBook:
    """The phrase book; ``date_regex`` is what a {date} slot matches (dates.py owns it)."""
    if text is None:
        text = files("cdtoolbox.ingest").joinpath("data", PHRASES_FILE).read_text("utf-8")
    data_file = parse_data_file(PHRASES_FILE, text)
    content = data_file.content
    instruments = tuple(
        InstrumentRule(
            str(rule["id"]),
            IssuerKind(rule["issuer"]),
            _required(compile_phrases(_texts(rule, "patterns")), f"instruments.{rule['id']}"),
        )
        for rule in content.get("instruments", [])
    )
    issuers = _mapping(content, "issuers")
    eu = _mapping(issuers, "eu")
    national = tuple(
        NationalIssuer(
            _required(compile_phrases(_texts(entry, "patterns")), "issuers.national"),
            None if entry.get("country") == "named" else str(entry["country"]),
        )
        for entry in issuers.get("national", [])
    )
    ladder = _mapping(content, "attribution")
    attribution = tuple(
        (strength, _slotted(_texts(ladder, strength.value), date_regex))
        for strength in AttributionStrength
        if strength.value in ladder
    )
    measures = _mapping(content, "measures")
    return PhraseBook(
        instruments=instruments,
        joint=compile_phrases(_texts(content, "joint")),
        forum=compile_phrases(_texts(content, "forum")),
        council=compile_phrases(_texts(eu, "council")),
        national_issuers=national,
        aligned=compile_phrases(_texts(content, "aligned")),
        attribution=attribution,
        relay=compile_phrases(_texts(ladder, "relay")),
        state_names=_state_names(content),
        targets=compile_phrases(_texts(content, "targets")),
        sectors=_keyed(_mapping(content, "sectors")),
        law=_keyed(_mapping(content, "law")),
        measures=tuple((kind, _slotted(_texts(measures, kind), date_regex)) for kind in measures),
        renewing=compile_phrases(_texts(content, "renewing")),
        actor_guard=frozenset(normalise_alias(name) for name in _texts(content, "actor_guard")),
        version=data_file.version,
    )


def _required(pattern: Phrases | None, where: str) -> Phrases:
    if pattern is None:
        raise InvalidInput("data file", where, PHRASES_FILE, "must list at least one phrase")
    return pattern


def _keyed(table: Mapping[str, Any]) -> tuple[tuple[str, Phrases], ...]:
    return tuple((str(key), _required(compile_phrases(_texts(table, key)), key)) for key in table)


def _state_names(content: Mapping[str, Any]) -> tuple[NameEntry, ...]:
    entries: list[NameEntry] = []
    for name, code in _mapping(content, "state_organs").items():
        entries.append(NameEntry(str(name), "organ", str(code)))
    for code, forms in _mapping(content, "state_names").items():
        for name in _texts(forms, "names"):
            entries.append(NameEntry(name, "state", str(code)))
        for name in _texts(forms, "lower"):
            entries.append(NameEntry(name, "state", str(code), cased=False))
    return tuple(entries)
