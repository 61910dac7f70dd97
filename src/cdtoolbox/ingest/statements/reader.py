"""The statement reader: a text in, a ``StatementReading`` out. Deterministic and offline.

Build one ``StatementReader`` (it compiles the phrase book and the name automaton, a second or
so with the actor catalogue) and read any number of texts with it; each module of this package
reads one part of the reading (docs/statements.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.statements.attributions import read_attributions
from cdtoolbox.ingest.statements.dates import DATE_REGEX, DateReader
from cdtoolbox.ingest.statements.incidents import IncidentName, IncidentNames
from cdtoolbox.ingest.statements.issuer import (
    read_aligned,
    read_heading,
    read_instrument,
)
from cdtoolbox.ingest.statements.language import LanguageReader
from cdtoolbox.ingest.statements.measures import read_measures
from cdtoolbox.ingest.statements.mentions import Mentions, name_entries
from cdtoolbox.ingest.statements.names import NameEntry, NameFinder
from cdtoolbox.ingest.statements.patterns import compile_phrases
from cdtoolbox.ingest.statements.phrases import PHRASES_FILE, PhraseBook, load_phrases
from cdtoolbox.ingest.statements.principles import read_invoked
from cdtoolbox.ingest.statements.source import StatementSource
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.ingest.statements.targets import read_targets
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.model.actor import ThreatActor
from cdtoolbox.model.diplomacy import Norm
from cdtoolbox.model.reference import Country
from cdtoolbox.model.statement import (
    LISTING_INSTRUMENT,
    Evidence,
    Named,
    ReadDate,
    StatementReading,
)

if TYPE_CHECKING:
    from cdtoolbox.knowledge import KnowledgeBase

__all__ = ["LISTING_INSTRUMENT", "StatementReader"]

# Raised when the reader's code changes what it reads from the same text and phrases, so
# that a stored reading says which reader made it and can be told apart from a newer one.
READER_VERSION = 2


class StatementReader:
    """Reads statements against the reference knowledge it was built with."""

    def __init__(
        self,
        *,
        actors: Iterable[ThreatActor],
        countries: Iterable[Country],
        norms: Iterable[Norm],
        law_ids: Iterable[str],
        sector_ids: Iterable[str],
        listees: Mapping[str, str],
        phrases: PhraseBook | None = None,
    ) -> None:
        """``listees``: every name and alias of a listed person or entity → its Annex name."""
        self._book = phrases if phrases is not None else load_phrases(DATE_REGEX)
        self._dates = DateReader()
        self._languages = LanguageReader()
        countries = tuple(countries)
        self._eu = {country.code for country in countries if country.eu_member}
        states = [*self._book.state_names, *_catalogue_names(countries)]
        self._names = NameFinder(name_entries(actors, self._book.actor_guard, states, listees))
        self._country_keys = frozenset(
            normalise_alias(name)
            for country in countries
            for name in (country.name, country.iso_name)
            if name
        )
        self._norms = tuple(
            (norm.id, pattern)
            for norm in norms
            if (pattern := compile_phrases(norm.keywords)) is not None
        )
        _check_ids("law", [item for item, _ in self._book.law], set(law_ids))
        _check_ids("sectors", [item for item, _ in self._book.sectors], set(sector_ids))

    @classmethod
    def from_knowledge(cls, knowledge: KnowledgeBase) -> StatementReader:
        """A reader of the knowledge base's actors, countries, norms, law, sectors and the
        sanctions register's listed names."""
        listees = {
            name: listing.name
            for listing in knowledge.sanctions.listings
            for name in (listing.name, *listing.aliases)
        }
        return cls(
            actors=knowledge.actors.all(),
            countries=knowledge.countries.all(),
            norms=knowledge.norms.all(),
            law_ids=knowledge.law.ids(),
            sector_ids=[sector.id for sector in knowledge.sectors.all()],
            listees=listees,
        )

    @property
    def version(self) -> str:
        """The reader and the phrase book that make its readings, as stored with each."""
        return f"reader {READER_VERSION}, phrases {self._book.version}"

    def incident_names(self, incidents: Iterable[IncidentName]) -> IncidentNames:
        """The incidents texts may refer to, indexed once for any number of readings."""
        return IncidentNames(tuple(incidents), self._country_keys)

    def read(
        self, source: StatementSource | str, incidents: IncidentNames | None = None
    ) -> StatementReading:
        text, metadata_date = (
            (source, None) if isinstance(source, str) else (source.text, source.metadata_date)
        )
        book = self._book
        view = ReadingView(text)
        mentions = Mentions.of(self._names.find(text, view.words))
        masked = mentions.masked(view)
        heading = read_heading(view, mentions, book, self._eu)
        attributions = read_attributions(
            view, masked, mentions, book.attribution, book.relay, heading.issuer.country
        )
        instrument = read_instrument(view, heading, book, attributions)
        responsible = {item.state for item in attributions if item.state is not None}
        return StatementReading(
            date=_read_date(view, self._dates, metadata_date),
            issuer=heading.issuer,
            aligned=read_aligned(view, mentions, book),
            language=self._languages.detect(text),
            instrument=instrument,
            incidents=_incidents(view, incidents),
            actors=_named(view, ((m.id, m.start, m.end) for m in mentions.actors)),
            attributions=attributions,
            targets=read_targets(view, mentions, book.targets, book.sectors, responsible),
            norms=read_invoked(view, self._norms),
            law=read_invoked(view, book.law),
            measures=read_measures(
                view,
                masked,
                mentions,
                book.measures,
                book.renewing,
                self._dates,
                listing=instrument.id == LISTING_INSTRUMENT,
            ),
        )


def _catalogue_names(countries: Iterable[Country]) -> Iterable[NameEntry]:
    for country in countries:
        for name in {country.name, country.iso_name, country.official_name}:
            if name:
                yield NameEntry(name, "state", country.code)


def _check_ids(table: str, used: Iterable[str], known: set[str]) -> None:
    unknown = sorted(set(used) - known)
    if unknown:
        raise InvalidInput(
            "data file", table, PHRASES_FILE, f"names unknown ids: {', '.join(unknown)}"
        )


def _read_date(view: ReadingView, dates: DateReader, metadata_date: date | None) -> ReadDate | None:
    found = dates.issue_date(view.view, view.heading_end)
    if found is not None:
        value, start, end = found
        return ReadDate(value, "text", (view.quote(start, end),))
    if metadata_date is not None:
        return ReadDate(metadata_date, "metadata", ())
    return None


def _incidents(view: ReadingView, incidents: IncidentNames | None) -> tuple[Named, ...]:
    if incidents is None:
        return ()
    found = incidents.find(view)
    return _named(view, ((slug, a, b) for slug, spans in found.items() for a, b in spans))


def _named(view: ReadingView, spans: Iterable[tuple[str, int, int]]) -> tuple[Named, ...]:
    grouped: dict[str, set[tuple[int, int]]] = {}
    for item_id, start, end in spans:
        grouped.setdefault(item_id, set()).add((start, end))
    return tuple(
        Named(item_id, tuple(Evidence(a, b, view.text[a:b]) for a, b in sorted(places)))
        for item_id, places in grouped.items()
    )
