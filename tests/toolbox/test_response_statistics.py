"""The dashboard's response statistics: the EU's and Member States' public responses by
instrument and by year, and the persons and entities listed, within a period and within the
reader's clearance."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import RespondingPartyKind, Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.statistics import ResponseStatistics, ResponseYearCount
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.statistics import NATIONAL_MEASURE
from toolbox_support import CHEAP_PASSWORDS


@pytest.fixture
def box(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """The store as `cdt init` leaves it: the bundled incidents and sanctions register."""
    with Toolbox(Settings(fresh_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as toolbox:
        yield toolbox


def reader(box: Toolbox, clearance: Tlp) -> User:
    return box.users.add(
        by=SYSTEM_USER,
        username=f"{clearance.value}-reader",
        display_name="Reader",
        role=Role.VIEWER,
        clearance=clearance,
    )


def year(statistics: ResponseStatistics, wanted: int) -> ResponseYearCount:
    return next(row for row in statistics.by_year if row.year == wanted)


def test_every_response_on_record_is_counted_once(box: Toolbox, knowledge: KnowledgeBase) -> None:
    every = box.statistics.responses(by=SYSTEM_USER)
    kinds = [response.party_kind for response in knowledge.responses]
    assert every.eu == kinds.count(RespondingPartyKind.EU) > 0
    assert every.national == kinds.count(RespondingPartyKind.MEMBER_STATE) > 0
    assert sum(row.responses for row in every.by_instrument) == every.eu + every.national
    assert sum(row.eu + row.national for row in every.by_year) == every.eu + every.national
    assert every.listed == len(box.sanctions.list(by=SYSTEM_USER)) > 0
    assert sum(row.listed for row in every.by_year) == every.listed
    # Most used first; national measures have no Toolbox instrument and are named as such.
    counts = [row.responses for row in every.by_instrument]
    assert counts == sorted(counts, reverse=True)
    national = [row for row in every.by_instrument if row.instrument_id is None]
    assert [(row.label, row.responses) for row in national] == [(NATIONAL_MEASURE, every.national)]
    # Every year from the first to the last, gaps included.
    years = [row.year for row in every.by_year]
    assert years == list(range(years[0], years[-1] + 1))


def test_a_period_counts_the_responses_and_listings_dated_within_it(box: Toolbox) -> None:
    in_2020 = box.statistics.responses(
        since=date(2020, 1, 1), until=date(2020, 12, 31), by=SYSTEM_USER
    )
    assert [row.year for row in in_2020.by_year] == [2020]
    # Two listing rounds (July and October 2020), two HR declarations, one German démarche.
    listing = {row.instrument_id: row.responses for row in in_2020.by_instrument}
    assert listing["restrictive.listing"] == 2
    assert (in_2020.eu, in_2020.national) == (4, 1)
    listed = box.sanctions.list(since="2020", until="2020", by=SYSTEM_USER)
    assert in_2020.listed == len(listed) == year(in_2020, 2020).listed > 0
    # A response known only to its month counts when the month overlaps the period.
    september = box.statistics.responses(
        since=date(2022, 9, 30), until=date(2022, 10, 31), by=SYSTEM_USER
    )
    assert september.eu == 1  # the HR declaration on Albania, dated 2022-09


def test_a_response_about_incidents_above_the_clearance_is_not_counted(box: Toolbox) -> None:
    green, red = reader(box, Tlp.GREEN), reader(box, Tlp.RED)
    before = year(box.statistics.responses(by=green), 2021)
    with box.database.transaction() as store:
        ghostwriter = store.incidents.get("ghostwriter-2021")
        store.incidents.update(replace(ghostwriter, tlp=Tlp.RED), ghostwriter.version)
    # Ghostwriter drew the HR declaration of 2021-09-24 and Germany's statement of 2021-09-06,
    # and nothing else recorded: a GREEN reader no longer learns either existed.
    after = year(box.statistics.responses(by=green), 2021)
    assert (after.eu, after.national) == (before.eu - 1, before.national - 1)
    assert year(box.statistics.responses(by=red), 2021) == before
