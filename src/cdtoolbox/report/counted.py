"""What a report counted over a period, for its marking and its date: the highest TLP of the
incidents, implementation records and contacts it counts, and when the incidents last changed.
Shared by the annual report, the UN contribution and the landscape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from cdtoolbox.model import Tlp
from cdtoolbox.model.cooperation import ImplementationRecord, RoundReport
from cdtoolbox.model.statistics import IncidentCoverage

__all__ = ["CountedPeriod", "coverage_markings", "marking_of", "updates_of"]


def coverage_markings(coverage: IncidentCoverage) -> tuple[Tlp, ...]:
    return () if coverage.highest_tlp is None else (coverage.highest_tlp,)


class CountedPeriod(Protocol):
    """What a report counted over a period and its five-year trend, with the cooperation
    registers' records: the annual report's figures and the UN contribution's."""

    @property
    def coverage(self) -> IncidentCoverage: ...
    @property
    def trend_coverage(self) -> IncidentCoverage: ...
    @property
    def implementations(self) -> Sequence[ImplementationRecord]: ...
    @property
    def check_rounds(self) -> Sequence[RoundReport]: ...
    @property
    def contact_markings(self) -> Mapping[str, Tlp]: ...


def marking_of(figures: CountedPeriod) -> Tlp:
    """The highest marking of what was counted: incidents, implementation records and the
    contacts of the communication checks."""
    return max(
        (
            Tlp.CLEAR,
            *coverage_markings(figures.coverage),
            *coverage_markings(figures.trend_coverage),
            *(record.tlp for record in figures.implementations),
            *(
                figures.contact_markings[entry.poc_id]
                for report in figures.check_rounds
                for entry in report.round.entries
                if entry.poc_id in figures.contact_markings
            ),
        ),
        key=lambda tlp: tlp.rank,
    )


def updates_of(figures: CountedPeriod) -> list[datetime]:
    """When the incidents counted last changed, for the period and for its trend."""
    moments = (figures.coverage.last_updated, figures.trend_coverage.last_updated)
    return [moment for moment in moments if moment is not None]
