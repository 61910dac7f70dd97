"""Counts over the incidents and over the public responses to them, for the dashboard."""

from __future__ import annotations

from collections import Counter
from datetime import date

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import IncidentFilter, PublicResponse, RespondingPartyKind
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.response_record import ResponseQuery, ResponseState
from cdtoolbox.model.sanctions import ListingFilter
from cdtoolbox.model.statistics import (
    IncidentCoverage,
    IncidentStatistics,
    InstrumentCount,
    ResponseStatistics,
    ResponseYearCount,
)
from cdtoolbox.store import Database, RecordKind
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView
from cdtoolbox.toolbox.incidents import within_clearance
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["NATIONAL_MEASURE", "StatisticsService"]

_CACHED_SUMMARIES = 64

#: How national responses are named where EU ones name their Toolbox instrument.
NATIONAL_MEASURE = "National measure of a Member State"


class StatisticsService:
    """Counts over the incidents for the dashboard, aggregated by the store, and over the
    public responses the knowledge base records."""

    def __init__(
        self,
        database: Database,
        cache: DerivedCache,
        reference: KnowledgeSource,
        *,
        max_staleness: float,
    ) -> None:
        self._database = database
        self._reference = reference
        # Summaries by (query, top): the dashboard asks the same few questions on every
        # visit, and the answer changes only with the incidents (and the actors they name).
        # ``max_staleness`` (seconds) is how old they may grow once those changed (Staleness).
        self._summaries: DerivedView[tuple[IncidentFilter, int], IncidentStatistics] = cache.view(
            derives_from=[RecordKind.INCIDENTS, RecordKind.ACTORS],
            max_staleness=max_staleness,
            max_entries=_CACHED_SUMMARIES,
        )

    def summary(
        self, query: IncidentFilter | None = None, *, by: User, top: int = 10
    ) -> IncidentStatistics:
        """Incidents matching ``query`` by year and type, victim country, sponsor and actor;
        ``top`` bounds the sponsor and actor lists. Only the incidents within ``by``'s
        clearance are counted."""
        if not 1 <= top <= 100:
            raise InvalidInput("query", "top", top, "must be between 1 and 100")
        return self._summaries.value((within_clearance(query, by), top), self._summary)

    def coverage(self, query: IncidentFilter | None = None, *, by: User) -> IncidentCoverage:
        """The victim sectors, the most restrictive marking and the latest change of the
        incidents matching ``query`` that ``by`` may read: what a report over them adds to
        the summary (a report is marked with the highest marking of what it counts)."""
        require(by, Permission.READ)
        with self._database.read() as store:
            return store.statistics.coverage(within_clearance(query, by))

    def responses(
        self, *, since: date | None = None, until: date | None = None, by: User
    ) -> ResponseStatistics:
        """The EU's and the Member States' confirmed public responses (the store's, within
        ``by``'s clearances) dated within [since, until], by instrument and by year, with the
        persons and entities the sanctions register lists as listed in the period.

        A response dated only to a month or a year counts when that month or year overlaps
        the period, under the year it falls in. A response about recorded incidents counts
        only when ``by`` may read one of them: which incidents above a reader's clearance
        drew a response is not theirs to learn. A response that names no recorded incident
        (a general declaration) counts for every reader, as do listings, which the Official
        Journal publishes."""
        require(by, Permission.READ)
        knowledge = self._reference.get()
        with self._database.read() as store:
            confirmed = store.responses.list(
                ResponseQuery(state=ResponseState.CONFIRMED),
                by.clearance,
                by.classification_clearance,
            )
            dated = [
                record.response
                for record in confirmed
                if (since is None or record.response.date.latest >= since)
                and (until is None or record.response.date.earliest <= until)
            ]
            named = {slug for response in dated for slug in response.incidents}
            readable = store.statistics.readable_slugs(
                named, by.clearance, by.classification_clearance
            )
            listings = store.sanctions.list(ListingFilter(since=since, until=until))
        shown = [r for r in dated if not r.incidents or readable.intersection(r.incidents)]
        instruments: Counter[tuple[RespondingPartyKind, str | None]] = Counter(
            (response.party_kind, response.instrument_id) for response in shown
        )
        by_instrument = sorted(
            (
                InstrumentCount(
                    kind,
                    instrument_id,
                    knowledge.instruments.get(instrument_id).name
                    if instrument_id is not None
                    else NATIONAL_MEASURE,
                    count,
                )
                for (kind, instrument_id), count in instruments.items()
            ),
            key=lambda row: (-row.responses, row.party_kind != RespondingPartyKind.EU, row.label),
        )
        listed_by_year = Counter(listing.listed_on.year for listing in listings)
        return ResponseStatistics(
            eu=sum(1 for r in shown if r.party_kind is RespondingPartyKind.EU),
            national=sum(1 for r in shown if r.party_kind is RespondingPartyKind.MEMBER_STATE),
            listed=len(listings),
            by_instrument=tuple(by_instrument),
            by_year=_by_year(shown, listed_by_year),
        )

    def _summary(self, key: tuple[IncidentFilter, int]) -> IncidentStatistics:
        query, top = key
        with self._database.read() as store:
            return store.statistics.summary(query, top=top)


def _by_year(
    responses: list[PublicResponse], listed: Counter[int]
) -> tuple[ResponseYearCount, ...]:
    eu: Counter[int] = Counter()
    national: Counter[int] = Counter()
    for response in responses:
        side = eu if response.party_kind is RespondingPartyKind.EU else national
        side[response.date.earliest.year] += 1
    years = set(eu) | set(national) | set(listed)
    if not years:
        return ()
    return tuple(
        ResponseYearCount(year, eu[year], national[year], listed[year])
        for year in range(min(years), max(years) + 1)
    )
